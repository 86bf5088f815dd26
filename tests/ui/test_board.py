"""The projector board: built from the public view alone, so no delegation's brief, values,
private figures or pending moves ever reach it (its widgets' text, tooltips and plotted
series walked after every step of a whole bot session); readable from the back of the
room; a high-contrast option."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS
from PySide6.QtCore import Qt
from ui.walk import leaks, plot_series, readable

from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.headless import next_step
from app.engine.transcript import figure_label
from app.engine.visibility import view_for
from app.scenario.validate import load_file
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.board.content import board_content
from app.ui.board.window import BoardWindow, text_px
from app.ui.console.godview import move_text
from app.ui.console.window import clock_text
from app.ui.controller import SessionController

LOADED = load_file(SCENARIOS / "ukraine-2022.yaml")
C = compile_scenario(LOADED.scenario)  # type: ignore[arg-type]
CONFIDENTIAL = "Cable for Kyiv only: the capital will accept observers from the OSCE"
BACKROOM = "Facilitator's eyes only: Moscow's head is about to walk out"


def brief_secrets(party: str) -> list[str]:
    p = C.parties[party]
    conf = p.brief.confidential
    texts = [
        conf.position,
        conf.assessment,
        conf.instructions,
        *conf.interests,
        *conf.fears,
        *conf.red_lines,
        p.batna.description,
    ]
    return [t.strip() for t in texts if t and len(t.strip()) > 12]


def value_lines(party: str) -> list[str]:
    """A party's private valuations as the god view words them."""
    return [
        f"{o.name}: {v:g}" for o in C.options.values() for p, v in o.values.items() if p == party
    ] + [f"{o.name} — {o.values.get(party, 0):g}" for o in C.options.values()]


def controller(
    tmp_path: Path, seating: dict[str, str], seed: int, preset: str | None
) -> SessionController:
    store = Store.open(tmp_path / "p.db")
    return SessionController(
        SavedSession.new(store, C, LOADED.text, seed, seating, preset, FakeClock())
    )


@pytest.fixture
def ctl(qtbot: Any, tmp_path: Path) -> Iterator[SessionController]:
    """Kyiv played by a team, so the bots' moves wait unseen for its own."""
    found = controller(tmp_path, {"ua": "team:Kyiv"}, 21, "workshop")
    yield found
    found.stop()


@pytest.fixture
def bots(qtbot: Any, tmp_path: Path) -> Iterator[SessionController]:
    """Every party a bot: a full day that agrees a package (seed 3)."""
    found = controller(tmp_path, {}, 3, None)
    yield found
    found.stop()


def test_a_whole_bot_session_never_puts_anything_confidential_on_the_board(
    qtbot: Any, ctl: SessionController
) -> None:
    board = BoardWindow(ctl)
    qtbot.addWidget(board)
    board.show()
    s = ctl.session
    private = {k for k in s.st.figures if s.st.figure_visibility(k) != "public"}
    assert private, "the flagship has private figures to hide"
    labels = [figure_label(C, k) for k in private]
    secrets = [x for p in C.delegations for x in brief_secrets(p) + value_lines(p)]
    secrets += labels + [CONFIDENTIAL, BACKROOM]
    viewers: list[str] = []
    real_view = ctl.view

    def spy(viewer: str) -> dict[str, Any]:
        viewers.append(viewer)
        return real_view(viewer)

    ctl.view = spy  # type: ignore[method-assign]
    board.set_curves(sorted(s.st.figures))  # ask for every figure: only the public come
    steps = checks = moved = 0
    injected = False
    while not s.finished:
        s = ctl.session
        if s.stage == "talk" and not injected:
            ctl.apply(
                {
                    "type": "inject",
                    "text": CONFIDENTIAL,
                    "visibility": "ua",
                    "add": {"support.ua": 3},
                }
            )
            ctl.apply({"type": "inject", "text": BACKROOM, "visibility": "facilitator"})
            ctl.apply({"type": "inject", "text": "Talks resume at noon", "visibility": "public"})
            injected = True
            assert "Talks resume at noon" in board.statements.text()  # the public one is shown
        ctl.apply(next_step(s))
        steps += 1
        pending = [move_text(s, p) for p in s.pending]
        pending = [m.split(": ", 1)[-1] for m in pending if "Pass" not in m]
        moved += bool(pending)  # the bots' moves wait for Kyiv's, unseen by the room
        found = leaks(board, secrets + pending)
        assert not found, f"step {steps}, {s.st.phase} round {s.st.round}: {found}"
        shown = plot_series(board)
        assert not set(shown) & set(labels), set(shown) & set(labels)
        # every curve is a public figure, its points exactly the public view's snapshots
        public = {figure_label(C, k): k for k in s.st.figures if k not in private}
        assert set(shown) <= set(public)
        snaps = [e["values"] for e in view_for(s, "public")["history"] if e["type"] == "figures"]
        for name, ys in shown.items():
            assert ys == [v[public[name]] for v in snaps if public[name] in v], name
        checks += 1
    assert injected and checks > 25 and moved > 5
    assert set(viewers) == {"public"}
    texts = " ".join(t for _, t in readable(board))
    assert "Agreed so far" in texts and C.scenario.scenario.title in texts


def test_the_board_shows_agenda_progress_clock_agreements_and_curves(
    qtbot: Any, bots: SessionController
) -> None:
    ctl = bots
    board = BoardWindow(ctl)
    qtbot.addWidget(board)
    s = ctl.session
    while s.stage != "talk":
        ctl.apply(next_step(s))
    content = board_content(view_for(s, "public"), C)
    assert content["as_of"] == C.scenario.scenario.as_of
    assert board.as_of.text() == f"As of {C.scenario.scenario.as_of}"
    assert "round 1 of" in board.where.text() and "talk time" in board.where.text()
    assert board.clock.text() == clock_text(s.time_left()) == clock_text(s.step.talk)
    assert content["progress"] in board.agenda.text()
    for _, name, _ in content["agenda"]:
        assert name in board.agenda.text()
    assert set(plot_series(board)) == set(content["curves"])
    assert 0 < len(content["curves"]) <= 6
    assert not any(k.startswith("trust.") for k in content["chosen"])
    while not s.finished:
        ctl.apply(next_step(s))
    final = board_content(view_for(s, "public"), C)
    assert final["agreed"] and all(a in board.agreed.text() for a in final["agreed"])
    assert not any("(provisional)" in a for a in final["agreed"])  # the package confirmed them


@pytest.mark.parametrize(("width", "height", "px"), [(1920, 1080, 32), (1280, 720, 24)])
def test_readable_from_the_back_of_the_room(
    qtbot: Any, ctl: SessionController, width: int, height: int, px: int
) -> None:
    assert text_px(height) >= px
    board = BoardWindow(ctl)
    qtbot.addWidget(board)
    board.setGeometry(0, 0, width, height)
    board.restyle()
    for label in (
        board.title,
        board.as_of,
        board.where,
        board.agenda,
        board.agreed,
        board.statements,
    ):
        assert label.font().pixelSize() >= px, label.text()[:30]
    assert board.clock.font().pixelSize() >= 0.15 * height
    assert board.clock.minimumHeight() >= 0.15 * height


def test_high_contrast_and_keys(qtbot: Any, ctl: SessionController) -> None:
    board = BoardWindow(ctl)
    qtbot.addWidget(board)
    board.show()
    board.activateWindow()
    qtbot.waitUntil(board.isActiveWindow)  # the board's keys act in its own window
    assert "#000000" not in board.styleSheet()
    qtbot.keyClick(board, Qt.Key.Key_H)
    assert board.contrast and "#000000" in board.styleSheet()
    assert "#ffff00" in board.clock.styleSheet()
    qtbot.keyClick(board, Qt.Key.Key_H)
    assert not board.contrast
    menu = board.curve_menu()
    keys = [a.text() for a in menu.actions()]
    assert figure_label(C, "support.ua") not in keys  # a private figure is never offered
    assert figure_label(C, "escalation") in keys
    checked = [a for a in menu.actions() if a.isChecked()]
    checked[0].setChecked(False)
    assert checked[0].text() not in plot_series(board)


def test_the_main_window_opens_the_board_full_screen(qtbot: Any, tmp_path: Path) -> None:
    from app.ui.board.window import open_board
    from app.ui.main_window import MainWindow

    w = MainWindow(Store.open(tmp_path / "w.db"))
    qtbot.addWidget(w)
    assert open_board(w) is None  # no session yet: it says so
    assert "session" in w.statusBar().currentMessage()
    w.open_session(SavedSession.new(w.store, C, LOADED.text, 4, {}, None, FakeClock()))
    action = next(
        a
        for a in w.findChildren(type(w.export_action))
        if a.shortcut().toString() == "Ctrl+Shift+B"
    )
    action.trigger()
    board = w.board
    assert isinstance(board, BoardWindow)
    qtbot.addWidget(board)
    assert board.isFullScreen() and board.screen() is not None
    assert board.sizes()["body"] == text_px(board.screen_height())
