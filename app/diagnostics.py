"""One shape for every problem any command reports, and one exit-code table.

A diagnostic prints as `FILE:LINE:COL: severity: message` with an indented
hint, or as a JSON object with the keys `file, line, col, severity, code,
message, hint`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from enum import IntEnum
from typing import Literal

Severity = Literal["error", "warning", "info"]


class Exit(IntEnum):
    """Exit codes shared by every `parley` command."""

    OK = 0  # fine; for lint: warnings at most
    LINT_ERRORS = 1  # lint found errors
    INVALID = 2  # invalid input or usage: unreadable, invalid, unknown session
    ENVIRONMENT = 3  # the environment failed: disk full, database locked


@dataclass(frozen=True, slots=True)
class Diagnostic:
    file: str
    line: int
    col: int
    severity: Severity
    code: str
    message: str
    hint: str = ""

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.code}]"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text

    def to_json(self) -> dict[str, object]:
        return asdict(self)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def sort_key(d: Diagnostic) -> tuple[str, int, int, str]:
    return (d.file, d.line, d.col, d.code)


def dumps(diagnostics: Iterable[Diagnostic]) -> str:
    return json.dumps(
        [d.to_json() for d in diagnostics], ensure_ascii=False, indent=2, allow_nan=False
    )
