"""The one object windows talk to: it carries a saved session and tells views what changed.

Every command goes through `apply` (engine, then disk, then the views: the
screen never shows a move the disk lacks). A timer lets the clock act and
saves the time left every second. Views subscribe to `changed` and read what
they may show through `view(viewer)`; none of them keeps game state.
"""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from app.engine.headless import next_step
from app.engine.history import Entry
from app.engine.session import CommandError
from app.engine.visibility import view_for
from app.store.database import StoreError
from app.store.saved import SavedSession

TICK_MS = 200
SAVE_EVERY = 1.0  # seconds between saves of the running clock


class SessionController(QObject):
    changed = Signal(list)  # the history entries a command produced
    clock = Signal(float, str)  # seconds left, stage
    failed = Signal(str, str)  # message, hint

    def __init__(self, saved: SavedSession, parent: QObject | None = None,
                 *, autoplay: float | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.saved = saved
        self.autoplay = autoplay
        self._saved_at = 0.0
        self._next_auto = 0.0
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

    def apply(self, command: dict[str, Any]) -> list[Entry] | None:
        """Run a command; on a refusal say why (failed) and return None."""
        try:
            entries = self.saved.apply(command, "app")
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

    def tick(self) -> None:
        s = self.saved.session
        try:
            entries = self.saved.tick()
        except StoreError as exc:
            self.failed.emit(exc.message, exc.hint)
            return
        if entries:
            self.changed.emit(entries)
        if self.autoplay is not None and not s.finished and not s.paused and not s.held:
            self._autoplay_step()
        now = time.monotonic()
        if s.timer is not None and s.timer.running and now - self._saved_at >= SAVE_EVERY:
            self._saved_at = now
            try:
                self.saved.save_clock()
            except StoreError as exc:
                self.failed.emit(exc.message, exc.hint)
        self._emit_clock()

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
