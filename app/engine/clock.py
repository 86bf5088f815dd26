"""Time, injected: the engine never reads the wall clock itself.

A `Countdown` measures the time left in a phase against whatever `Clock` it
is given; tests drive a `FakeClock` by hand and never sleep.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def now(self) -> float: ...


class SystemClock:
    def now(self) -> float:
        return time.monotonic()


class FakeClock:
    def __init__(self, start: float = 0.0) -> None:
        self.t = start

    def now(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


class Countdown:
    """Seconds left on a running, pausable, extendable timer."""

    def __init__(self, clock: Clock, seconds: float) -> None:
        self.clock = clock
        self._left = float(seconds)
        self._since: float | None = clock.now()

    @property
    def running(self) -> bool:
        return self._since is not None

    def left(self) -> float:
        if self._since is None:
            return max(0.0, self._left)
        return max(0.0, self._left - (self.clock.now() - self._since))

    def pause(self) -> None:
        if self._since is not None:
            self._left = self.left()
            self._since = None

    def resume(self) -> None:
        if self._since is None:
            self._since = self.clock.now()

    def extend(self, seconds: float) -> None:
        self._left = self.left() + seconds
        if self._since is not None:
            self._since = self.clock.now()

    def expired(self) -> bool:
        return self.left() <= 0.0
