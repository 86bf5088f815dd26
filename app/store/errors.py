"""The store's one error, light enough for the CLI to catch without importing
the store itself (sqlite-utils pulls numpy: about 0.2 s of every start)."""

from __future__ import annotations


class StoreError(Exception):
    """A database that cannot be used: says which file, what is wrong and what to do."""

    def __init__(self, message: str, hint: str = "", code: str = "store") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.code = code
