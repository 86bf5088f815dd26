"""The canonical history: what happened, in order, as plain JSON objects.

Each entry has a `type` and a `visibility` (public, facilitator or a party
id); figures are keyed like `trust.ua>ru`. No wall-clock time, no random ids:
the same scenario, seed and command log give the same history byte for byte.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

Entry = dict[str, Any]


class History:
    def __init__(self) -> None:
        self.entries: list[Entry] = []
        self.pending_events: list[str] = []  # events triggered by effects, run next

    def emit(self, type_: str, visibility: str = "public", **fields: Any) -> Entry:
        entry: Entry = {"type": type_, "visibility": visibility, **fields}
        self.entries.append(entry)
        return entry

    def __len__(self) -> int:
        return len(self.entries)

    def since(self, start: int) -> list[Entry]:
        return self.entries[start:]


def dumps_entry(entry: Entry) -> str:
    return json.dumps(entry, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def to_jsonl(entries: Iterable[Entry]) -> str:
    return "".join(dumps_entry(e) + "\n" for e in entries)
