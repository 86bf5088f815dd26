"""Room to read: steps that cannot act are disabled, F8 outside a round says what moves on,
zoom scales the clock too, the move form keeps a half-entered move, and it takes room only
during move entry."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from ui.test_confidential import LOADED, TEAMS, C

from app.engine.clock import FakeClock
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.main_window import MainWindow


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    w.show()
    saved = SavedSession.new(w.store, C, LOADED.text, 5, TEAMS, "workshop", FakeClock())
    saved.apply({"type": "timing", "talk": 0, "entry": 60})
    w.open_session(saved)
    return w


def test_f8_outside_a_round_says_which_key_moves_on(window: MainWindow) -> None:
    start, end_now, pause, extend, release = window.session_actions
    assert start.isEnabled() and not release.isEnabled()
    end_now.trigger()
    assert "F5" in window.statusBar().currentMessage()
    assert window.controller.session.log[-1]["type"] == "timing"  # type: ignore[union-attr]
    window.command("start")
    window.command("start")
    window.command("start")  # the first round: entry at once (no talk time)
    assert not start.isEnabled() and end_now.isEnabled() and "Move entry" in window.hint.text()


def test_after_the_debrief_nothing_that_cannot_act_is_enabled(window: MainWindow) -> None:
    s = window.controller.session  # type: ignore[union-attr]
    while not s.finished:
        window.command("end_round" if s.stage == "entry" else "start")
    assert not any(a.isEnabled() for a in window.session_actions)
    assert window.export_action.isEnabled()
    assert "ended" in window.hint.text()


def test_zoom_scales_every_text_and_the_clock(window: MainWindow, qtbot: Any) -> None:
    clock = window.page.countdown.time  # type: ignore[union-attr]
    before, where = clock.font().pointSizeF(), window.page.countdown.where.font().pointSizeF()  # type: ignore[union-attr]
    window.zoom(+1)
    window.zoom(+1)
    qtbot.waitUntil(lambda: clock.font().pointSizeF() > before * 1.25)  # the font change event
    assert window.page.countdown.where.font().pointSizeF() > where * 1.25  # type: ignore[union-attr]
    window.zoom(0)
    qtbot.waitUntil(lambda: clock.font().pointSizeF() == pytest.approx(before))


def test_a_half_entered_move_survives_unrelated_changes(window: MainWindow) -> None:
    for _ in range(3):
        window.command("start")
    page = window.page
    assert page is not None and page.showing == "handover"
    page.handover.button.click()
    view = page.views[page.showing]
    composer = view.composer
    assert composer is not None and view.move_box.isVisible()  # type: ignore[union-attr]
    composer.kind.setCurrentIndex(composer.kind.findData("propose"))
    composer.option.setCurrentIndex(2)
    chosen = composer.option.currentData()
    composer.remark.setText("half typed")
    window.command("extend", seconds=60)
    window.command("pause")
    window.command("resume")
    assert composer.option.currentData() == chosen and composer.remark.text() == "half typed"
    assert composer.kind.currentData() == "propose"
    assert "stays with your delegation" in composer.remark_note.text()
    composer.submit.click()
    assert not view.move_box.isVisible()  # the form gives its room back once moved
