"""The facilitator's console: behind the PIN, each action one command through the controller
into the engine, the log on disk and the feed; keyboard access; void and swap replay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QPushButton, QWidget
from ui.walk import readable

from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.session import Session
from app.scenario.validate import load_file
from app.store.roles import parse_roles, roles, roles_text, set_roles
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.console.godview import delegations, upcoming_issues
from app.ui.console.window import ConsoleWindow, open_console
from app.ui.main_window import MainWindow

LOADED = load_file(SCENARIOS / "ukraine-2022.yaml")
C = compile_scenario(LOADED.scenario)  # type: ignore[arg-type]
TEAMS = {"ua": "team:Kyiv", "ru": "team:Moscow"}
PIN = "2468"


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    saved = SavedSession.new(w.store, C, LOADED.text, 11, TEAMS, "workshop", FakeClock())
    saved.apply({"type": "timing", "talk": 120, "entry": 60})
    w.open_session(saved)
    w.controller.set_pin(PIN)  # type: ignore[union-attr]
    return w


@pytest.fixture
def console(window: MainWindow, qtbot: Any) -> ConsoleWindow:
    con = ConsoleWindow(window.controller, window)  # type: ignore[arg-type]
    qtbot.addWidget(con)
    con.show()
    return con


def session(con: ConsoleWindow) -> Session:
    return con.ctl.session


def on_disk(con: ConsoleWindow) -> list[dict[str, Any]]:
    return [cmd for cmd, _ in con.ctl.saved.store.log(con.ctl.saved.id)]


def last_feed(con: ConsoleWindow) -> list[str]:
    return [
        con.feed.item(i).text() for i in range(con.feed.count()) if con.feed.item(i).font().bold()
    ]


def to_round(con: ConsoleWindow) -> None:
    while session(con).stage != "talk":
        con.start_next()


def to_entry(con: ConsoleWindow) -> None:
    to_round(con)
    con.end_now()
    assert session(con).stage == "entry"


def test_the_console_opens_only_with_the_facilitator_s_pin(window: MainWindow) -> None:
    asked: list[str] = []

    def typed(pin: str | None) -> Any:
        def ask(title: str, text: str = "") -> str | None:
            asked.append(title)
            return pin

        return ask

    window.page.ask_pin = typed("1111")  # type: ignore[union-attr]
    assert open_console(window) is None
    assert window.page.ask_pin is not None  # type: ignore[union-attr]
    window.page.ask_pin = typed(None)  # type: ignore[union-attr]
    assert open_console(window) is None
    window.page.ask_pin = typed(PIN)  # type: ignore[union-attr]
    con = open_console(window)
    assert isinstance(con, ConsoleWindow) and con.isVisible()
    assert len(asked) == 3
    con.close()
    # the main window's menu entry and shortcut open it the same way
    action = next(
        a
        for a in window.findChildren(type(window.export_action))
        if a.shortcut().toString() == "Ctrl+Shift+F"
    )
    window.page.ask_pin = typed("0000")  # type: ignore[union-attr]
    action.trigger()
    assert not any(
        isinstance(w, ConsoleWindow) and w.isVisible() for w in window.findChildren(QWidget)
    )


def test_without_a_session_the_console_says_what_to_do(qtbot: Any, tmp_path: Path) -> None:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    assert open_console(w) is None
    assert "session" in w.statusBar().currentMessage()


def test_the_god_view_shows_every_delegation_s_brief_values_and_moves(
    console: ConsoleWindow,
) -> None:
    to_entry(console)
    texts = " ".join(t for _, t in readable(console))
    for p in C.scenario.parties:
        assert p.name in texts
        conf = p.brief.confidential
        for secret in (conf.position, conf.instructions, *conf.red_lines):
            if secret:
                assert secret.strip()[:60] in texts, (p.id, secret[:40])
    rows = {r["id"]: r for r in delegations(session(console), console.ctl.view("facilitator"))}
    assert rows["ua"]["move"] == "not yet" and rows["ua"]["seat"] == "team Kyiv"
    assert rows["west"]["move"].startswith("moved (bot)")  # bots move at once
    assert any("red line" in v for _, v in rows["ru"]["values"])
    assert any(label == "BATNA" for label, _ in rows["ua"]["brief"])
    top = {
        console.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): console.tree.topLevelItem(i)
        for i in range(console.tree.topLevelItemCount())
    }
    assert top["ua"].text(2) == "not yet" and top["west"].text(2).startswith("moved")
    console.ctl.apply({"type": "move", "party": "ua", "kind": "pass"})
    assert "Pass" in rows_of(console)["ua"]


def rows_of(con: ConsoleWindow) -> dict[str, str]:
    return {
        con.tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole): con.tree.topLevelItem(i).text(2)
        for i in range(con.tree.topLevelItemCount())
    }


def test_clock_actions_reach_engine_log_and_feed(console: ConsoleWindow) -> None:
    s = session(console)
    console.start_next()  # the briefing
    assert s.stage == "running" and s.st.phase == "briefing"
    console.end_now()  # ends the briefing: the next step starts
    assert s.st.phase == "preparation" and on_disk(console)[-1] == {"type": "start"}
    to_round(console)
    console.toggle_pause()
    assert s.paused and on_disk(console)[-1] == {"type": "pause"}
    assert console.pause_button.text().startswith("Resume")
    console.toggle_pause()
    assert not s.paused and on_disk(console)[-1] == {"type": "resume"}
    before = s.time_left()
    console.extend_by.setValue(2)
    console.extend()
    assert s.time_left() == pytest.approx(before + 120)
    assert on_disk(console)[-1] == {"type": "extend", "seconds": 120.0}
    console.end_now()
    assert s.stage == "entry" and on_disk(console)[-1] == {"type": "end_round"}
    feed = last_feed(console)
    assert any("Paused" in f or "Pause" in f for f in feed)
    assert any("Extended the clock by 120 s" in f for f in feed)
    assert any("Ended the round early" in f for f in feed)
    assert console.clock.text() == "01:00"


def test_skip_and_reorder_the_issues_to_come(console: ConsoleWindow) -> None:
    s = session(console)
    to_round(console)
    upcoming = upcoming_issues(s)
    assert [
        console.upcoming.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(console.upcoming.count())
    ] == upcoming
    later = [i for i in upcoming if i != s.st.issue]
    assert later, "the workshop agenda has issues after the first"
    console.upcoming.setCurrentRow(upcoming.index(later[0]))
    console.move_issue(-1)
    console.reorder()
    assert on_disk(console)[-1]["type"] == "reorder"
    assert upcoming_issues(s)[0] == later[0]
    console.upcoming.setCurrentRow(upcoming_issues(s).index(later[0]))
    console.skip_issue()
    assert on_disk(console)[-1] == {"type": "skip_issue", "issue": later[0]}
    assert later[0] not in upcoming_issues(s) and s.st.status[later[0]] == "deferred"
    assert any("Skipped the issue" in f for f in last_feed(console))


def test_inject_a_scenario_event_or_a_cable_to_one_delegation(console: ConsoleWindow) -> None:
    s = session(console)
    to_round(console)
    manual = next(e for e in C.scenario.events if e.trigger == "manual")
    console.event.setCurrentIndex(console.event.findData(manual.id))
    console.inject_event()
    assert on_disk(console)[-1] == {"type": "inject", "event": manual.id}
    console.inject_text.setPlainText("A cable from the capital: hold firm on observers.")
    console.inject_to.setCurrentIndex(console.inject_to.findData("ua"))
    console.add_figure.setCurrentIndex(console.add_figure.findData("support.ua"))
    console.add_amount.setValue(5)
    before = s.st.figures["support.ua"]
    console.inject_own()
    assert on_disk(console)[-1] == {
        "type": "inject",
        "text": "A cable from the capital: hold firm on observers.",
        "visibility": "ua",
        "add": {"support.ua": 5.0},
    }
    assert s.st.figures["support.ua"] == pytest.approx(min(100, before + 5))
    assert console.inject_text.toPlainText() == ""
    ua = [e for e in console.ctl.view("ua")["history"] if e["type"] == "event"]
    ru = [e for e in console.ctl.view("ru")["history"] if e["type"] == "event"]
    assert any("cable from the capital" in e["text"] for e in ua)
    assert not any("cable from the capital" in e["text"] for e in ru)
    assert any("Injected (Ukraine)" in f for f in last_feed(console))
    n = len(on_disk(console))
    console.inject_own()  # nothing typed: nothing sent
    assert len(on_disk(console)) == n and "text" in console.statusBar().currentMessage()


def test_override_needs_a_reason(console: ConsoleWindow) -> None:
    s = session(console)
    to_round(console)
    console.figure.setCurrentIndex(console.figure.findData("escalation"))
    console.value.setValue(42)
    n = len(on_disk(console))
    console.override()
    assert len(on_disk(console)) == n and "reason" in console.statusBar().currentMessage()
    console.reason.setText("the room agreed the front has calmed")
    console.override()
    assert on_disk(console)[-1] == {
        "type": "override",
        "figure": "escalation",
        "value": 42.0,
        "reason": "the room agreed the front has calmed",
    }
    assert s.st.figures["escalation"] == 42
    rows = list(
        console.ctl.saved.store.db.query(
            "SELECT action, details FROM facilitator_actions WHERE action = 'override'"
        )
    )
    assert rows and "front has calmed" in rows[0]["details"]
    assert any("reason: the room agreed" in f for f in last_feed(console))


def test_void_and_swap_go_into_the_log_and_replay_exactly(console: ConsoleWindow) -> None:
    s = session(console)
    to_entry(console)
    console.ctl.apply({"type": "move", "party": "ua", "kind": "pass"})
    console.party.setCurrentIndex(console.party.findData("ua"))
    console.void()
    assert on_disk(console)[-1] == {"type": "void", "party": "ua"} and "ua" not in s.pending
    assert any("Voided the move of" in f for f in last_feed(console))
    console.party.setCurrentIndex(console.party.findData("ru"))
    console.seat_kind.setCurrentIndex(console.seat_kind.findData("hardliner"))
    console.seat()
    assert s.seating["ru"] == "bot:hardliner" and "ru" in s.pending  # the bot moved at once
    console.party.setCurrentIndex(console.party.findData("west"))
    console.seat_kind.setCurrentIndex(console.seat_kind.findData("team"))
    console.seat_name.setText("Brussels")
    console.seat()
    assert s.seating["west"] == "team:Brussels" and "west" not in s.pending
    assert any("Seated" in f and "team Brussels" in f for f in last_feed(console))
    console.seat_kind.setCurrentIndex(console.seat_kind.findData(""))  # as the scenario says
    console.seat()
    assert s.seating["west"] == "bot" and on_disk(console)[-1] == {
        "type": "seat",
        "party": "west",
        "as": "bot",
    }
    console.end_now()
    while not s.finished and s.stage != "talk":
        console.start_next()
    again = Session.replay(C, s.seed, s.initial_seating, on_disk(console), s.preset_id, FakeClock())
    assert again.history.entries == s.history.entries
    assert again.seating == s.seating and again.st.figures == s.st.figures
    reopened = SavedSession.resume(
        console.ctl.saved.store, console.ctl.saved.id, FakeClock(), mark=False
    )
    assert reopened.session.history.entries == s.history.entries


def test_a_void_with_nothing_to_void_is_refused_and_said(console: ConsoleWindow) -> None:
    to_entry(console)
    console.party.setCurrentIndex(console.party.findData("ua"))
    n = len(on_disk(console))
    console.void()
    assert len(on_disk(console)) == n
    assert "no move to void" in console.statusBar().currentMessage()


def test_notes_are_private_and_stamped_with_phase_and_round(console: ConsoleWindow) -> None:
    to_round(console)
    console.note.setPlainText("Kyiv's head spoke over the legal adviser")
    console.add_note()
    notes = console.ctl.saved.store.notes(console.ctl.saved.id)
    assert notes[-1]["author"] == "facilitator"
    assert notes[-1]["text"].startswith("[Rounds · ") and "round 1 of" in notes[-1]["text"]
    assert "spoke over" in console.notes.item(console.notes.count() - 1).text()
    assert console.note.toPlainText() == ""
    assert not any("spoke over" in str(e) for e in console.ctl.view("ua")["history"])


def test_roles_are_kept_for_the_debrief_and_shown_in_the_god_view(console: ConsoleWindow) -> None:
    people = parse_roles("Ana: head of delegation; Ben: legal adviser;Chloe")
    assert people == [("Ana", "head of delegation"), ("Ben", "legal adviser"), ("Chloe", "")]
    set_roles(console.ctl.saved.store, console.ctl.saved.id, "ua", people)
    assert roles(console.ctl.saved.store, console.ctl.saved.id) == {"ua": people}
    console.refresh()
    ua = console.tree.topLevelItem(0)
    assert ua.text(1) == "team Kyiv — " + roles_text(people)


def test_every_control_is_reachable_from_the_keyboard(console: ConsoleWindow, qtbot: Any) -> None:
    for button in console.findChildren(QPushButton):
        text = button.text()
        assert "&" in text or "Ctrl+" in text, f"{text!r} has no key"
    qtbot.keyClick(console, Qt.Key.Key_F5)
    assert session(console).stage == "running"
    qtbot.keyClick(console, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert console.tabs.currentIndex() == 2
    # Tab walks every input of the shown tab
    console.tabs.setCurrentIndex(2)
    seen: set[int] = set()
    w = console.figure
    for _ in range(200):
        seen.add(id(w))
        w = w.nextInFocusChain()
    for wanted in (console.figure, console.value, console.reason, console.override_button):
        assert id(wanted) in seen
    assert all(isinstance(b, QAbstractButton) for b in (console.start_button, console.end_button))


def test_the_setup_screen_explains_each_bot_and_takes_roles_for_teams(qtbot: Any) -> None:
    from app.engine.bots import POLICIES
    from app.ui.console.seating import policy_line
    from app.ui.start_page import SetupDialog

    dialog = SetupDialog(C)
    qtbot.addWidget(dialog)
    texts = [t for _, t in readable(dialog)]
    for policy in POLICIES:
        assert any(policy_line(policy) in t for t in texts), policy
    dialog.roles["ua"].setText("Olena: head of delegation; Taras: legal adviser")
    dialog.roles["west"].setText("ignored: a bot plays the West")
    choice = dialog.choice()
    assert choice["roles"] == {"ua": [("Olena", "head of delegation"), ("Taras", "legal adviser")]}
    kind, _ = dialog.seats["west"]
    kind.setCurrentIndex(kind.findData("team"))
    assert dialog.choice()["roles"]["west"] == [("ignored", "a bot plays the West")]
