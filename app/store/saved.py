"""A session that saves itself: every command on disk before anyone hears of it.

`SavedSession.apply` runs the command in the engine, then commits it with
everything it produced; only then does it return the entries for the views.
If the commit fails, the session is rolled back in memory, without reading
the disk (which may be the thing failing): it is replayed from its own log
minus the unsaved command, and its clock is put back as it stood, running,
paused or held. The screen never shows a move the disk lacks, and the next
command is written right after the last saved one.
"""

from __future__ import annotations

from typing import Any

from app.engine.clock import Clock
from app.engine.compiled import Compiled, compile_scenario
from app.engine.history import Entry
from app.engine.session import Session
from app.scenario.validate import load_text
from app.store.database import StoreError
from app.store.sessions import ClockState, Store


def clock_of(session: Session) -> ClockState:
    """The clock as it is saved: stage, seconds left, issue and round."""
    return ClockState(session.stage, session.time_left(), session.st.issue, session.st.round)


class SavedSession:
    def __init__(self, store: Store, sid: str, session: Session) -> None:
        self.store = store
        self.id = sid
        self.session = session

    @classmethod
    def new(
        cls,
        store: Store,
        compiled: Compiled,
        scenario_text: str,
        seed: int,
        seating: dict[str, str] | None = None,
        preset: str | None = None,
        clock: Clock | None = None,
    ) -> SavedSession:
        session = Session(compiled, seed, seating, clock, preset)
        meta = compiled.scenario.scenario
        sid = store.create(
            scenario_text=scenario_text,
            scenario_id=meta.id,
            scenario_version=meta.version,
            title=meta.title,
            seed=seed,
            seating=session.initial_seating,
            preset=preset,
        )
        return cls(store, sid, session)

    @classmethod
    def resume(
        cls, store: Store, sid: str, clock: Clock | None = None, *, mark: bool = True
    ) -> SavedSession:
        """Reopen a session from disk, held at the time that was left, for the facilitator.
        With `mark=False` nothing is written."""
        row = store.get(sid)
        log = [cmd for cmd, _ in store.log(row["id"])]
        session = replay_stored(row, log, clock)
        saved = store.clock(row["id"])
        left = saved["seconds_left"] if saved and saved["seq"] == len(log) else None
        if not session.finished:
            session.hold(left)
            if mark:
                store.set_status(row["id"], "paused")
        return cls(store, row["id"], session)

    def sources(self) -> list[str]:
        return [source for _, source in self.store.log(self.id)]

    def apply(self, command: dict[str, Any], source: str = "app") -> list[Entry]:
        s = self.session
        clock = s.clock_state()  # the clock as it stands before the command
        entries = s.apply(command)
        status = "finished" if s.finished else ("paused" if s.paused or s.held else "running")
        try:
            self.store.record(
                self.id,
                len(s.log) - 1,
                s.log[-1],
                source,
                entries,
                status=status,
                clock=clock_of(s),
            )
        except StoreError:
            s.rewind(clock, s.log[:-1])  # back to before the unsaved command, in memory
            raise
        return entries

    def tick(self) -> list[Entry]:
        command = self.session.due()
        return self.apply(command, "auto") if command else []

    def save_clock(self) -> None:
        self.store.save_clock(self.id, len(self.session.log), clock_of(self.session))


def replay_stored(
    row: dict[str, Any], log: list[dict[str, Any]], clock: Clock | None = None
) -> Session:
    """The session a stored row and log give; a StoreError if this Parley cannot replay it."""
    compiled = compile_stored(row)
    try:
        return Session.replay(compiled, row["seed"], row["seating"], log, row["preset"], clock)
    except Exception as exc:  # a log this Parley cannot replay: say so, change nothing
        raise StoreError(
            f"session {row['id']} cannot be replayed: {exc}",
            "it may come from another Parley version; nothing was changed",
            "store-replay",
        ) from None


def compile_stored(row: dict[str, Any]) -> Compiled:
    """The scenario as it was played, from the copy kept with the session."""
    loaded = load_text(row["scenario_text"], f"<session {row['id'][:8]}>")
    if not loaded.ok or loaded.scenario is None:
        first = loaded.diagnostics[0].message if loaded.diagnostics else "invalid"
        raise StoreError(
            f"the scenario saved with session {row['id']} no longer loads: {first}",
            "it may need a newer Parley",
            "store-scenario",
        )
    return compile_scenario(loaded.scenario)
