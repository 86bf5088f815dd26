"""Scenario format versions and the steps that bring old files up to date.

Each step takes the data of format N and returns the data of format N+1; a
file is migrated in memory only, never rewritten behind the author's back.
Format 1 is the first published format, so there are no steps yet: the first
change to the format adds `MIGRATIONS[1]` and a test with a format-1 file.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.scenario.model import FORMAT_VERSION

Data = dict[str, Any]
MIGRATIONS: dict[int, Callable[[Data], Data]] = {}


class FormatProblem(Exception):
    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def migrate(data: Data) -> tuple[Data, list[str]]:
    """Bring `data` to the current format; returns it and a note per step taken."""
    version = data.get("format")
    if isinstance(version, bool) or not isinstance(version, int):
        raise FormatProblem(
            "`format` must be a whole number",
            f"write `format: {FORMAT_VERSION}` as the first line",
        )
    if version > FORMAT_VERSION:
        raise FormatProblem(
            f"this file is format {version}, newer than this Parley understands "
            f"(format {FORMAT_VERSION})",
            "update Parley to open it",
        )
    if version < 1:
        raise FormatProblem(f"there is no scenario format {version}", "write `format: 1`")
    notes = []
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](dict(data))
        notes.append(f"read as format {version} and migrated to format {version + 1}")
        version += 1
        data["format"] = version
    return data, notes
