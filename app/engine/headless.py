"""Play a whole session without a window: bots for every party the moves
file does not drive, the facilitator's steps taken automatically."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from app.engine.compiled import Compiled
from app.engine.history import Entry
from app.engine.session import Session

FACILITATOR = {"pause", "resume", "extend", "skip_issue", "reorder", "inject", "override",
               "void", "seat", "end_round"}  # fmt: skip


def play(compiled: Compiled, seed: int, *, seating: dict[str, str] | None = None,
         commands: Iterable[dict[str, Any]] = (), preset: str | None = None, pace: float = 0.0,
         on_entries: Callable[[list[Entry]], None] | None = None) -> Session:  # fmt: skip
    """Run a session to its end. `commands` are team moves and facilitator actions in order:
    a move is entered in the first round where its party has not moved yet; when no
    queued move fits, the round times out and missing moves become passes."""
    queue = deque(commands)
    teams = {c["party"] for c in queue if c.get("type") == "move" and "party" in c}
    seats = {p: "team" for p in teams} | dict(seating or {})
    session = Session(compiled, seed, seats, preset=preset)
    if on_entries:
        on_entries(list(session.history.entries))
    while not session.finished:
        cmd = _next(session, queue)
        produced = session.apply(cmd)
        if on_entries:
            on_entries(produced)
        if pace and session.stage == "resolved":
            time.sleep(pace)
    return session


def _next(s: Session, queue: deque[dict[str, Any]]) -> dict[str, Any]:
    head = queue[0] if queue else None
    if head is not None and head.get("type") != "move":
        if head.get("type") in FACILITATOR or head.get("type") in ("start", "entry", "timeout"):
            if _fits(s, head):
                return queue.popleft()
    if s.stage in ("ready", "running", "resolved"):
        return {"type": "start"}
    if s.stage == "talk":
        return {"type": "entry"}
    if head is not None and head.get("type") == "move" and head.get("party") in s.awaiting():
        return queue.popleft()
    return {"type": "timeout"}


def _fits(s: Session, cmd: dict[str, Any]) -> bool:
    kind = cmd["type"]
    if kind in ("void",) or kind == "end_round":
        return s.stage in ("talk", "entry")
    if kind == "start":
        return s.stage in ("ready", "running", "resolved")
    if kind == "entry":
        return s.stage == "talk"
    if kind == "timeout":
        return s.stage == "entry"
    return True


def bundled_scenario() -> Path:
    """The scenario Parley opens on: the flagship once it ships, else the tutorial."""
    folder = Path(__file__).resolve().parents[2] / "scenarios"
    for name in ("flagship.yaml", "tutorial.yaml"):
        if (folder / name).exists():
            return folder / name
    return folder / "tutorial.yaml"
