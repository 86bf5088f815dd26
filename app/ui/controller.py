"""The one object windows talk to: it carries a saved session and tells views what changed.

Every command goes through `apply` (engine, then disk, then the views: the
screen never shows a move the disk lacks). A timer lets the clock act and
saves the time left every second. Views subscribe to `changed` and read what
they may show through `view(viewer)`; none of them keeps game state.

The window runs on `RoomClock`, the system's monotonic clock less the time
the laptop slept: a gap of more than `SLEEP_GAP` seconds between two ticks (a
closed lid) pauses the session at the time that was left before the gap,
instead of letting entry time run out and passing every team's move.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.engine.clock import SystemClock
from app.engine.headless import next_step
from app.engine.history import Entry
from app.engine.session import CommandError
from app.engine.table import table_for
from app.engine.visibility import can_see, figure_visible, view_for, visible_entry
from app.store.database import StoreError
from app.store.pins import check_pin, has_pin, set_pin
from app.store.saved import SavedSession

TICK_MS = 200
SAVE_EVERY = 1.0  # seconds between saves of the running clock
SLEEP_GAP = 5.0  # seconds between two ticks that mean the laptop slept


class RoomClock(SystemClock):
    """The system's monotonic clock, less the gaps the window slept through."""

    def __init__(self) -> None:
        self.slept = 0.0

    def now(self) -> float:
        return super().now() - self.slept

    def skip(self, seconds: float) -> None:
        self.slept += seconds


class SessionController(QObject):
    changed = Signal(list)  # the history entries a command produced
    clock = Signal(float, str)  # seconds left, stage
    failed = Signal(str, str)  # message, hint
    expired = Signal(str)  # the stage whose time ran out (talk, entry)
    notice = Signal(str)  # something the facilitator should read in the status bar

    def __init__(
        self, saved: SavedSession, parent: QObject | None = None, *, autoplay: float | None = None
    ) -> None:
        super().__init__(parent)
        self.saved = saved
        self.autoplay = autoplay
        self._saved_at = 0.0
        self._next_auto = 0.0
        self._last_tick = time.monotonic()
        self.handover_hold = False  # the entry clock waits while the laptop changes hands
        self._histories: dict[str, list[Any]] = {}
        self._figure_seen: dict[str, dict[str, bool]] = {}
        self.timer = QTimer(self)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(self.tick)
        self.timer.start()

    @property
    def session(self):  # type: ignore[no-untyped-def]
        return self.saved.session

    @property
    def compiled(self):  # type: ignore[no-untyped-def]
        return self.saved.session.c

    def view(self, viewer: str) -> dict[str, Any]:
        return view_for(self.saved.session, viewer)

    def teams(self) -> list[str]:
        return self.saved.session.teams()

    # --- what a viewer may see, at a cost that does not grow with the session ----------

    def revealed(self) -> bool:
        """Briefs, BATNAs and remarks open to all: after the debrief's reveal."""
        return self.saved.session.revealed

    def history_for(self, viewer: str) -> list[Entry]:
        """The viewer's history, filtered once per entry: each call filters only the
        entries since the last (the whole list again only if the session was rebuilt)."""
        s = self.saved.session
        raw = s.history.entries
        key = (id(raw), self.revealed())
        cache = self._histories.get(viewer)
        if cache is None or cache[0] != key or cache[1] > len(raw):
            cache = [key, 0, []]
            self._histories[viewer] = cache
        seen = cache[2]
        for e in raw[cache[1] :]:
            x = visible_entry(s, viewer, e)
            if x is not None:
                seen.append(x)
        cache[1] = len(raw)
        return seen

    def figure_seen(self, viewer: str, key: str) -> bool:
        """Whether a figure is the viewer's to see, decided once per figure and viewer."""
        known = self._figure_seen.setdefault(viewer, {})
        if key not in known:
            known[key] = figure_visible(self.saved.session, viewer, key)
        return known[key]

    def figures_for(self, viewer: str) -> dict[str, float]:
        return {
            k: v for k, v in self.saved.session.st.figures.items() if self.figure_seen(viewer, k)
        }

    def assets_for(self, viewer: str) -> list[dict[str, Any]]:
        st = self.saved.session.st
        return [
            {"id": a.id, "name": a.name, "holder": st.holders[a.id]}
            for a in self.compiled.scenario.assets
            if can_see(viewer, a.visibility)
        ]

    def table(self, viewer: str) -> dict[str, Any]:
        return table_for(self.saved.session, viewer)

    def played_issues(self) -> list[str]:
        """The issues on the chosen preset's agenda (rounds or the package), in order."""
        steps = self.saved.session.steps
        issues = [s.issue for s in steps if s.kind == "round" and s.issue]
        issues += [i for s in steps if s.kind == "package" for i in s.agenda]
        return list(dict.fromkeys(issues))

    def apply(self, command: dict[str, Any], source: str = "app") -> list[Entry] | None:
        """Run a command; on a refusal say why (failed) and return None."""
        try:
            entries = self.saved.apply(command, source)
        except CommandError as exc:
            self.failed.emit(exc.message, exc.hint)
            return None
        except StoreError as exc:
            self.failed.emit(exc.message, exc.hint)
            self.changed.emit([])
            return None
        self.changed.emit(entries)
        self._emit_clock()
        return entries

    def release(self) -> None:
        """Resume a session held after a crash (the facilitator's word)."""
        self.session.release()
        self.changed.emit([])

    # --- the facilitator's PIN ---------------------------------------------------------

    def has_pin(self) -> bool:
        return has_pin(self.saved.store, self.saved.id)

    def pin_ok(self, pin: str) -> bool:
        return check_pin(self.saved.store, self.saved.id, pin)

    def set_pin(self, pin: str) -> None:
        set_pin(self.saved.store, self.saved.id, pin)

    # --- the hot seat's hold ----------------------------------------------------------

    def hold_for_handover(self) -> None:
        """Stop the entry clock while the laptop passes to the next team."""
        s = self.session
        if s.stage == "entry" and not s.held:
            s.hold(None)
            self.handover_hold = True
            self._emit_clock()

    def end_handover(self) -> None:
        if self.handover_hold:
            self.handover_hold = False
            self.session.release()
            self._emit_clock()

    # --- the clock --------------------------------------------------------------------

    def tick(self) -> None:
        s = self.saved.session
        now = time.monotonic()
        gap, self._last_tick = now - self._last_tick, now
        if gap > SLEEP_GAP and self._asleep(gap):
            return
        stage = s.stage
        command = s.due()
        if command is not None:
            if self.apply(command, "auto") is not None:
                self.expired.emit(stage)
        s = self.saved.session
        if self.autoplay is not None and not s.finished and not s.paused and not s.held:
            self._autoplay_step()
        if s.timer is not None and s.timer.running and now - self._saved_at >= SAVE_EVERY:
            self._saved_at = now
            try:
                self.saved.save_clock()
            except StoreError as exc:
                self.failed.emit(exc.message, exc.hint)
        self._emit_clock()

    def _asleep(self, gap: float) -> bool:
        """The window missed its ticks (the laptop slept): take the gap off the clock and
        pause, so nobody's move is passed for time nobody had. True if it paused."""
        s = self.saved.session
        skip = getattr(s.clock, "skip", None)
        if skip is None or s.paused or s.held or s.finished:
            return False
        if s.timer is None or not s.timer.running:
            return False
        skip(gap - TICK_MS / 1000)
        if self.apply({"type": "pause"}, "auto") is None:
            return False
        self.notice.emit(
            self.tr(
                "The clock stopped for {0:.0f} s (the laptop slept?): the "
                "session is paused. Press F6 to go on."
            ).format(gap)
        )
        return True

    def _autoplay_step(self) -> None:
        """Bots play every party; the facilitator's steps follow at the chosen pace."""
        now = time.monotonic()
        if now < self._next_auto:
            return
        self._next_auto = now + (self.autoplay or 0.0)
        self.apply(next_step(self.saved.session))

    def _emit_clock(self) -> None:
        s = self.saved.session
        self.clock.emit(s.time_left(), s.stage)

    def stop(self) -> None:
        self.timer.stop()
        try:
            if not self.session.finished:
                self.saved.save_clock()
        except StoreError:
            pass
