"""The dry run off the GUI thread: `simulate` in one process (workers=1) on a QThread,
telling its progress, stopped between runs by Cancel."""

from __future__ import annotations

import threading
from typing import Any

from PySide6.QtCore import QThread, Signal

from app.engine.simulate import Cancelled, simulate
from app.scenario.model import Scenario


class DryRun(QThread):
    """One dry run. Signals arrive on the GUI thread: `progress(done, total)`, then one of
    `done(report)`, `cancelled(message)` or `failed(message)`."""

    progress = Signal(int, int)
    done = Signal(object)
    cancelled = Signal(str)
    failed = Signal(str)

    def __init__(
        self, scenario: Scenario, runs: int, seed: int, seating: dict[str, str], preset: str | None
    ) -> None:
        super().__init__()
        self.args = (scenario, runs, seed, seating, preset)
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    def run(self) -> None:
        scenario, runs, seed, seating, preset = self.args
        try:
            report: dict[str, Any] = simulate(
                scenario,
                runs,
                seed,
                seating,
                preset,
                workers=1,
                progress=lambda n, total: self.progress.emit(n, total),
                cancel=self._stop.is_set,
            )
        except Cancelled as exc:
            self.cancelled.emit(str(exc))
            return
        except Exception as exc:  # a rule that fails at run time: shown, never a crash
            self.failed.emit(f"{type(exc).__name__}: {exc}")
            return
        self.done.emit(report)
