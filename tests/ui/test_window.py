"""The play window with pytest-qt, offscreen: start screen, setup, moves, the clock,
the hot seat, autoplay, and reopening after a crash."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QLabel, QTextBrowser, QWidget  # noqa: E402

from app.engine.clock import FakeClock  # noqa: E402
from app.engine.compiled import compile_scenario  # noqa: E402
from app.scenario.validate import load_file  # noqa: E402
from app.store.saved import SavedSession  # noqa: E402
from app.store.sessions import Store  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402
from app.ui.start_page import SetupDialog  # noqa: E402

LOADED = load_file(TUTORIAL)
COMPILED = compile_scenario(LOADED.scenario)  # type: ignore[arg-type]
TEAMS = {"aldmere": "team:North", "brevia": "team:South"}


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    w.show()
    return w


def start_session(
    w: MainWindow, seating: dict[str, str] = TEAMS, clock: FakeClock | None = None, seed: int = 3
) -> SavedSession:
    saved = SavedSession.new(w.store, COMPILED, LOADED.text, seed, seating, None, clock)
    w.open_session(saved)
    return saved


def to_entry(w: MainWindow) -> None:
    assert w.controller is not None
    for kind in ("start", "start", "start", "entry"):
        w.controller.apply({"type": kind})


def visible_text(widget: QWidget) -> str:
    parts = []
    for child in widget.findChildren(QWidget):
        if not child.isVisibleTo(widget):
            continue
        if isinstance(child, QLabel):
            parts.append(child.text())
        elif isinstance(child, QTextBrowser):
            parts.append(child.toPlainText())
    return "\n".join(parts)


def secrets_of(party: str) -> list[str]:
    conf = COMPILED.parties[party].brief.confidential
    return [t for t in (conf.position, conf.instructions) if t]


# --- start screen and setup -----------------------------------------------------------


def test_start_screen_lists_scenarios_and_sessions_newest_first(window: MainWindow) -> None:
    titles = [window.start.scenarios.item(i).text() for i in range(window.start.scenarios.count())]
    assert "Tutorial: The Harbour at Velm" in titles
    window.start.scenarios.setCurrentRow(titles.index("Tutorial: The Harbour at Velm"))
    assert "Aldmere delegation" in window.start.details.toPlainText()
    assert window.windowTitle() == "Parley"
    first = start_session(window, seed=1)
    second = start_session(window, seed=2)
    window.show_start()
    ids = [window.start.saved.item(i).data(0x0100) for i in range(window.start.saved.count())]
    assert ids == [second.id, first.id]


def test_setup_dialog_seats_teams_and_bots_and_sets_round_length(qtbot: Any) -> None:
    dialog = SetupDialog(COMPILED)
    qtbot.addWidget(dialog)
    kind, name = dialog.seats["aldmere"]
    assert kind.currentData() == "team"
    name.setText("North")
    bkind, _ = dialog.seats["brevia"]
    bkind.setCurrentIndex(bkind.findData("bot:hardliner"))
    dialog.talk.setValue(2.5)
    choice = dialog.choice()
    assert choice["seating"]["aldmere"] == "team:North"
    assert choice["seating"]["brevia"] == "bot:hardliner"
    assert choice["seating"]["council"] == "bot"  # the scenario's own bot, by default
    assert choice["talk"] == 150 and choice["entry"] == 60
    assert 0 < choice["seed"]


def test_window_title_names_the_scenario(window: MainWindow) -> None:
    start_session(window)
    assert window.windowTitle() == "Parley — Tutorial: The Harbour at Velm"


# --- moves -----------------------------------------------------------------------------


def test_every_legal_move_can_be_submitted_from_the_composer(window: MainWindow) -> None:
    start_session(window, TEAMS)  # two teams: the round waits for the other one
    to_entry(window)
    assert window.page is not None
    window.page.show_team("aldmere")
    composer = window.page.views["aldmere"].composer
    assert composer is not None and composer.isEnabled()
    kinds = [composer.kind.itemData(i) for i in range(composer.kind.count())]
    assert "bridging" not in kinds and "propose" in kinds  # only legal moves
    session = window.controller.session  # type: ignore[union-attr]
    for kind in kinds:
        composer.kind.setCurrentIndex(composer.kind.findData(kind))
        needs = set(COMPILED.moves[kind].params)
        assert composer.option.isVisibleTo(composer) == ("option" in needs)
        assert composer.target.isVisibleTo(composer) == ("target" in needs)
        composer.remark.setText(f"trying {kind}")
        composer.submit.click()
        move = session.pending["aldmere"]
        assert move.kind == kind and move.remark == f"trying {kind}"
        assert "Submitted" in composer.state.text() and not composer.isEnabled()
        window.controller.apply({"type": "void", "party": "aldmere"})  # type: ignore[union-attr]
        window.page.show_team("aldmere")
        assert composer.isEnabled()


def test_a_refused_move_is_shown_as_a_message_not_a_traceback(
    window: MainWindow, qtbot: Any
) -> None:
    start_session(window, {"aldmere": "team"})
    to_entry(window)
    with qtbot.waitSignal(window.controller.failed) as blocker:  # type: ignore[union-attr]
        window.controller.apply({"type": "move", "party": "aldmere", "kind": "bridging"})  # type: ignore[union-attr]
    assert "cannot make the move" in blocker.args[0]


# --- the clock ----------------------------------------------------------------------------


def test_the_clock_expires_on_a_fake_clock_and_missing_moves_become_passes(
    window: MainWindow,
) -> None:
    clock = FakeClock()
    start_session(window, {"aldmere": "team"}, clock)
    ctl = window.controller
    assert ctl is not None
    for _ in range(3):
        ctl.apply({"type": "start"})
    assert window.page.countdown.time.text() == "04:00"  # type: ignore[union-attr]
    clock.advance(240)
    ctl.tick()
    assert ctl.session.stage == "entry"
    clock.advance(35)
    ctl.tick()
    assert window.page.countdown.time.text() == "00:25"  # type: ignore[union-attr]
    assert "d62728" in window.page.countdown.time.styleSheet()  # warns near zero
    clock.advance(25)
    ctl.tick()
    assert ctl.session.stage == "resolved"
    answers = window.page.views["aldmere"].answers.toPlainText()  # type: ignore[union-attr]
    assert "Entry time ran out: the move is a pass." in answers


def test_pause_shows_and_stops_the_clock(window: MainWindow) -> None:
    clock = FakeClock()
    start_session(window, {"aldmere": "team"}, clock)
    for _ in range(3):
        window.controller.apply({"type": "start"})  # type: ignore[union-attr]
    window.toggle_pause()
    clock.advance(500)
    window.controller.tick()  # type: ignore[union-attr]
    assert window.controller.session.stage == "talk"  # type: ignore[union-attr]
    assert "paused" in window.page.countdown.phase.text()  # type: ignore[union-attr]


# --- the hot seat ------------------------------------------------------------------------


def test_hot_seat_hides_each_delegations_private_data_until_its_turn(window: MainWindow) -> None:
    clock = FakeClock()
    start_session(window, TEAMS, clock)
    to_entry(window)
    page = window.page
    assert page is not None
    assert page.stack.currentWidget() is page.handover
    screen = visible_text(page)
    for party in ("aldmere", "brevia"):
        for secret in secrets_of(party):
            assert secret not in screen
    assert "North" in page.handover.text.text()
    left = window.controller.session.time_left()  # type: ignore[union-attr]
    clock.advance(300)  # the laptop changes hands slowly: the entry clock is held
    assert window.controller.session.time_left() == left  # type: ignore[union-attr]
    page.handover.button.click()
    aldmere = page.views["aldmere"]
    aldmere.tabs.setCurrentWidget(aldmere.brief)
    screen = visible_text(page)
    assert all(s in screen for s in secrets_of("aldmere"))
    assert not any(s in screen for s in secrets_of("brevia"))
    composer = aldmere.composer
    composer.kind.setCurrentIndex(composer.kind.findData("propose"))  # type: ignore[union-attr]
    composer.submit.click()  # type: ignore[union-attr]
    assert page.stack.currentWidget() is page.handover and page.handover.party == "brevia"
    screen = visible_text(page)
    assert not any(s in screen for s in secrets_of("aldmere") + secrets_of("brevia"))
    assert "Submitted" not in screen  # aldmere's pending move is off the screen
    page.handover.button.click()
    brevia = page.views["brevia"].composer
    brevia.kind.setCurrentIndex(brevia.kind.findData("pass"))  # type: ignore[union-attr]
    brevia.submit.click()  # type: ignore[union-attr]
    assert window.controller.session.stage == "resolved"  # type: ignore[union-attr]
    assert page.stack.currentWidget() is page.public


# --- autoplay and reopening ----------------------------------------------------------------


def test_autoplay_lets_bots_play_to_the_outcome(qtbot: Any, tmp_path: Path) -> None:
    w = MainWindow(Store.open(tmp_path / "p.db"), autoplay=0.0)
    qtbot.addWidget(w)
    assert w.setup_session(str(TUTORIAL))
    assert w.controller is not None
    qtbot.waitUntil(lambda: w.controller.session.finished, timeout=20_000)  # type: ignore[union-attr]
    assert "Outcome" in w.page.public.answers.toPlainText()  # type: ignore[union-attr]


def test_reopening_after_a_crash_is_paused_with_the_clock_where_it_was(
    qtbot: Any, tmp_path: Path
) -> None:
    store = Store.open(tmp_path / "p.db")
    first = MainWindow(store)
    qtbot.addWidget(first)
    clock = FakeClock()
    saved = start_session(first, {"aldmere": "team"}, clock)
    for _ in range(3):
        first.controller.apply({"type": "start"})  # type: ignore[union-attr]
    clock.advance(100)
    first.controller.saved.save_clock()  # type: ignore[union-attr]
    first.controller.timer.stop()  # type: ignore[union-attr]  # the crash: nothing more happens

    second = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(second)
    second.resume_session(saved.id)
    s = second.controller.session  # type: ignore[union-attr]
    assert s.held and s.stage == "talk" and s.st.issue == "harbour"
    assert s.time_left() == pytest.approx(140, abs=0.01)
    assert second.page.countdown.time.text() == "02:20"  # type: ignore[union-attr]
    assert "clock held" in second.page.countdown.phase.text()  # type: ignore[union-attr]
    second.release()
    assert not s.held


def test_opened_on_a_scenario_the_start_screen_reads_the_scenarios_only_when_shown(
    qtbot: Any, tmp_path: Path
) -> None:
    """As `parley SCENARIO --autoplay` opens: the window is shown on the start screen and
    moves on to the session before it is painted, so the scenarios are not read; they are
    read (before it shows) when the start screen is asked for."""
    w = MainWindow(Store.open(tmp_path / "p.db"), autoplay=3600.0, lazy_start=True)
    qtbot.addWidget(w)
    w.show()
    assert w.setup_session(str(TUTORIAL))
    qtbot.wait(50)
    assert w.stack.currentWidget() is w.page
    assert w.start.scenarios.count() == 0 and w.start.loaded == {}
    assert w.start.saved.count() == 0  # the saved sessions are not read either
    w.show_start()
    assert w.start.scenarios.count() == len(w.start.loaded) >= 2
    assert w.start.saved.count() == 1 and w.start.resume_button.isEnabled()  # the one begun


def test_opened_on_a_scenario_a_start_screen_left_on_screen_is_filled(
    qtbot: Any, tmp_path: Path
) -> None:
    """Shown behind the setup dialog (or after a scenario that cannot be played), the start
    screen lists the scenarios once the window's first events are handled."""
    w = MainWindow(Store.open(tmp_path / "p.db"), lazy_start=True)
    qtbot.addWidget(w)
    store = w.store
    saved = SavedSession.new(store, COMPILED, LOADED.text, 3, TEAMS, None, None)
    w.show()
    qtbot.waitUntil(lambda: w.start.scenarios.count() >= 2)
    assert w.stack.currentWidget() is w.start
    assert w.start.saved.count() == 1 and w.start.resume_button.isEnabled()
    assert saved.session.c.scenario.scenario.title in w.start.saved.item(0).text()


def test_the_setup_dialog_seats_outside_parties_as_the_scenarios_own_bots(qtbot: Any) -> None:
    """On the flagship the Western group's own bot puts relief on the table; seated by
    default from the setup screen it must play as in `parley play` and `simulate`, not as a
    plain observer that only answers."""
    from conftest import SCENARIOS

    from app.engine.headless import next_step
    from app.engine.session import Session

    flagship = compile_scenario(load_file(SCENARIOS / "ukraine-2022.yaml").scenario)  # type: ignore[arg-type]
    dialog = SetupDialog(flagship)
    qtbot.addWidget(dialog)
    seating = dialog.choice()["seating"]
    assert seating == {
        "ua": "team",
        "ru": "team",
        "west": "bot",
        "host": "bot",
        "un": "bot",
        "osce": "bot",
    }
    kind, _ = dialog.seats["west"]
    assert "as the scenario says (observer)" in kind.currentText()
    s = Session(flagship, 3, seating, clock=FakeClock())
    offers = []
    while not s.finished and not offers:
        if s.stage == "entry":
            for party in s.awaiting():
                s.apply({"type": "move", "party": party, "kind": "pass"})
        else:
            s.apply(next_step(s))
        offers = [
            e
            for e in s.history.entries
            if e["type"] == "move"
            and e["party"] == "west"
            and e["kind"] == "propose"
            and e.get("option") == "relief_tranches"
        ]
    assert offers and offers[0]["condition"] == "scope_full"  # relief for full withdrawal
