"""Play a whole session without a window: bots for every party the moves
file does not drive, the facilitator's steps taken automatically."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Protocol

from app.engine.clock import SystemClock
from app.engine.compiled import Compiled
from app.engine.history import Entry
from app.engine.session import Session


class Driver(Protocol):
    """Whatever carries a session forward: the bare engine, or one that saves itself."""

    session: Session

    def apply(self, command: dict[str, Any], source: str = ...) -> list[Entry]: ...


class _Bare:
    def __init__(self, session: Session) -> None:
        self.session = session

    def apply(self, command: dict[str, Any], source: str = "app") -> list[Entry]:
        return self.session.apply(command)


def play(
    compiled: Compiled,
    seed: int,
    *,
    seating: dict[str, str] | None = None,
    commands: Iterable[dict[str, Any]] = (),
    preset: str | None = None,
    pace: float = 0.0,
    on_entries: Callable[[list[Entry]], None] | None = None,
) -> Session:
    """Run a session to its end. `commands` are team moves and facilitator actions in order:
    a move is entered in the first round where its party has not moved yet; when no
    queued move fits, the round times out and missing moves become passes."""
    queue = list(commands)
    session = Session(compiled, seed, seats_for(queue, seating), SystemClock(), preset)
    driver = _Bare(session)
    if on_entries:
        on_entries(list(driver.session.history.entries))
    drive(driver, queue, pace=pace, on_entries=on_entries)
    return driver.session


def seats_for(commands: list[dict[str, Any]], seating: dict[str, str] | None) -> dict[str, str]:
    """Parties with moves in the command list are played by teams; the rest as `seating` says."""
    teams = dict.fromkeys(c["party"] for c in commands if c.get("type") == "move" and "party" in c)
    return {p: "team" for p in teams} | dict(seating or {})


def drive(
    driver: Driver,
    commands: Iterable[dict[str, Any]],
    *,
    pace: float = 0.0,
    on_entries: Callable[[list[Entry]], None] | None = None,
) -> None:
    """Carry a session to its end, taking the facilitator's steps automatically."""
    queue = deque(commands)
    session = driver.session
    while not driver.session.finished:
        session = driver.session
        from_file = bool(queue) and _takes(session, queue)
        cmd = queue.popleft() if from_file else next_step(session)
        produced = driver.apply(cmd, "file" if from_file else "auto")
        if on_entries:
            on_entries(produced)
        if pace and driver.session.stage == "resolved":
            time.sleep(pace)


def _takes(s: Session, queue: deque[dict[str, Any]]) -> bool:
    """Whether the next queued command is due now."""
    head = queue[0]
    if head.get("type") == "move":
        return s.stage == "entry" and head.get("party") in s.awaiting()
    return _fits(s, head)


def next_step(s: Session) -> dict[str, Any]:
    """The facilitator's next step when nobody else acts: start, open entry, time out."""
    if s.stage in ("ready", "running", "resolved"):
        return {"type": "start"}
    if s.stage == "talk":
        return {"type": "entry"}
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


FLAGSHIP = "ukraine-2022.yaml"


def bundled_scenarios() -> list[Path]:
    """The scenarios that ship with Parley, the flagship first (see `app.resources`)."""
    from app import resources

    return resources.bundled_scenarios()


def bundled_scenario() -> Path:
    """The scenario Parley opens on: the flagship, else the first that ships."""
    from app import resources

    return resources.bundled_scenario()
