"""The window's clock is the system's: the same path a facilitator's clicks take, with
`time.monotonic` (what the system clock reads) moved by the test instead of waited for."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL

from app.store.sessions import Store
from app.ui.controller import RoomClock
from app.ui.main_window import MainWindow
from app.ui.start_page import SetupDialog


class Monotonic:
    """A stand-in for `time.monotonic` that moves only when the test says so."""

    def __init__(self) -> None:
        self.t = 1000.0

    def __call__(self) -> float:
        return self.t

    def advance(self, seconds: float) -> None:
        self.t += seconds


@pytest.fixture
def monotonic(monkeypatch: pytest.MonkeyPatch) -> Monotonic:
    fake = Monotonic()
    monkeypatch.setattr(time, "monotonic", fake)
    return fake


@pytest.fixture
def window(
    qtbot: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, monotonic: Monotonic
) -> MainWindow:
    def accept(dialog: SetupDialog) -> int:  # the facilitator fills the setup and clicks Start
        dialog.seats["aldmere"][1].setText("North")
        dialog.seats["brevia"][1].setText("South")
        dialog.talk.setValue(0.1)  # 6 seconds
        dialog.entry.setValue(0.1)
        dialog.pin.setText("2468")
        dialog.pin_again.setText("2468")
        return SetupDialog.DialogCode.Accepted

    monkeypatch.setattr(SetupDialog, "exec", accept)
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    w.show()
    assert w.setup_session(str(TUTORIAL))
    return w


def press(w: MainWindow, key: str) -> None:
    """A facilitator's key: the menu action bound to it."""
    action = next(a for a in w.session_actions if a.shortcut().toString() == key)
    action.trigger()


def test_talk_ends_and_the_round_resolves_on_the_system_clock(
    window: MainWindow, monotonic: Monotonic, qtbot: Any
) -> None:
    ctl, page = window.controller, window.page
    assert ctl is not None and page is not None
    assert isinstance(ctl.session.clock, RoomClock)
    for _ in range(3):
        press(window, "F5")  # briefing, preparation, the first round's talk time
    assert ctl.session.stage == "talk"
    qtbot.waitUntil(lambda: page.countdown.time.text() == "00:06")
    monotonic.advance(2)
    qtbot.waitUntil(lambda: page.countdown.time.text() == "00:04")
    assert "d62728" in page.countdown.time.styleSheet()  # red from 30 s on
    with qtbot.waitSignal(ctl.expired) as talk_over:
        monotonic.advance(4.5)
    assert talk_over.args == ["talk"] and ctl.session.stage == "entry"
    assert page.countdown.flashing > 0  # the room sees that time is up
    assert page.stack.currentWidget() is page.handover  # the laptop goes to the first team
    with qtbot.waitSignal(ctl.clock):
        monotonic.advance(4)  # held while the laptop changes hands
    assert page.countdown.time.text() == "00:06"
    page.handover.button.click()
    with qtbot.waitSignal(ctl.expired) as entry_over:
        monotonic.advance(3)
        qtbot.waitUntil(lambda: page.countdown.time.text() == "00:03")
        monotonic.advance(3.5)
    assert entry_over.args == ["entry"]
    s = ctl.session
    assert s.stage == "resolved"
    moves = [e for e in s.history.entries if e["type"] == "move"]
    assert {m["party"]: m["by"] for m in moves if m["party"] in ("aldmere", "brevia")} == {
        "aldmere": "timeout",
        "brevia": "timeout",
    }
    assert page.stack.currentWidget() is page.public


def test_the_time_left_is_saved_every_second(
    window: MainWindow, monotonic: Monotonic, qtbot: Any
) -> None:
    ctl = window.controller
    assert ctl is not None
    for _ in range(3):
        press(window, "F5")
    saved = []
    for _ in range(3):
        monotonic.advance(1.2)
        qtbot.waitUntil(
            lambda: (
                (row := window.store.clock(ctl.saved.id)) is not None
                and row["seconds_left"] not in saved
            )
        )
        saved.append(window.store.clock(ctl.saved.id)["seconds_left"])  # type: ignore[index]
    assert saved == sorted(saved, reverse=True) and len(set(saved)) == 3


def test_a_sleeping_laptop_pauses_instead_of_passing_every_move(
    window: MainWindow, monotonic: Monotonic, qtbot: Any
) -> None:
    ctl = window.controller
    assert ctl is not None
    for _ in range(3):
        press(window, "F5")
    monotonic.advance(2)
    qtbot.waitUntil(lambda: window.page.countdown.time.text() == "00:04")  # type: ignore[union-attr]
    with qtbot.waitSignal(ctl.notice):
        monotonic.advance(3600)  # the lid was closed for an hour
    s = ctl.session
    assert s.paused and s.stage == "talk"
    assert s.time_left() == pytest.approx(4, abs=0.3)
    assert "paused" in window.statusBar().currentMessage()
    press(window, "F6")  # the facilitator goes on: the clock runs from where it stood
    assert not s.paused
    with qtbot.waitSignal(ctl.expired):
        monotonic.advance(4.5)
    assert s.stage == "entry"
