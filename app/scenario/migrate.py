"""Scenario format versions and the steps that bring old files up to date.

Each step takes the data of format N and returns the data of format N+1; a
file is migrated in memory only, never rewritten behind the author's back.

Format 2 added keys only (BATNA `adjust`, credibility `any`, option
`attributes`, custom-move `required`, the `reopen` and `prioritise` effects,
ratification `min_value` and `on_fail`, bot `moves`), so a format-1 file
reads unchanged. What changed is a meaning: a ratification now gates
implementation (a failed vote suspends its party's commitments), which is
what format 1 documented but did not do. An older Parley shown a format-2
file says it is too new rather than reporting its new keys as typos.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from app.scenario.model import FORMAT_VERSION

Data = dict[str, Any]


def _from_1(data: Data) -> Data:
    """Format 1 to 2: every format-1 file is a valid format-2 file."""
    return data


MIGRATIONS: dict[int, Callable[[Data], Data]] = {1: _from_1}


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
        raise FormatProblem(
            f"there is no scenario format {version}", f"write `format: {FORMAT_VERSION}`"
        )
    notes = []
    while version < FORMAT_VERSION:
        data = MIGRATIONS[version](dict(data))
        notes.append(f"read as format {version} and migrated to format {version + 1}")
        version += 1
        data["format"] = version
    return data, notes
