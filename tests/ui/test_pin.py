"""With no facilitator PIN nothing opens out of turn: the first to click must not become
the facilitator. The PIN is set once, deliberately, from the Session menu or with --pin."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from conftest import SCENARIOS  # noqa: E402

from app.engine.clock import FakeClock  # noqa: E402
from app.engine.compiled import compile_scenario  # noqa: E402
from app.scenario.validate import load_file  # noqa: E402
from app.store.pins import check_pin, has_pin  # noqa: E402
from app.store.saved import SavedSession  # noqa: E402
from app.store.sessions import Store  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

LOADED = load_file(SCENARIOS / "ukraine-2022.yaml")
C = compile_scenario(LOADED.scenario)  # type: ignore[arg-type]
TEAMS = {"ua": "team:Kyiv", "ru": "team:Moscow"}


def window(qtbot: Any, tmp_path: Path) -> tuple[MainWindow, SavedSession]:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    saved = SavedSession.new(w.store, C, LOADED.text, 5, TEAMS, "workshop", FakeClock())
    w.open_session(saved)
    return w, saved


def test_without_a_pin_no_team_screen_console_or_debrief_opens(qtbot: Any, tmp_path: Path) -> None:
    w, saved = window(qtbot, tmp_path)
    asked: list[str] = []
    w.page.ask_pin = lambda title, text="": asked.append(title) or "2468"  # type: ignore[union-attr]
    w.ask_pin = w.page.ask_pin  # type: ignore[method-assign, union-attr]
    with qtbot.waitSignal(w.controller.failed) as refused:  # type: ignore[union-attr]
        w.page.peek_at("ru")  # type: ignore[union-attr]
    assert "no facilitator PIN" in refused.args[0] and asked == []
    assert w.page.showing != "ru" and not has_pin(w.store, saved.id)  # type: ignore[union-attr]
    w.debrief_action.trigger()
    assert w.debrief is None and not has_pin(w.store, saved.id)


def test_the_pin_is_set_once_from_the_session_menu(qtbot: Any, tmp_path: Path) -> None:
    w, saved = window(qtbot, tmp_path)
    assert w.pin_action.isEnabled()
    answers = iter(["2468", "2468"])
    w.ask_pin = lambda *_: next(answers)  # type: ignore[method-assign]
    w.pin_action.trigger()
    assert check_pin(w.store, saved.id, "2468") and not w.pin_action.isEnabled()
    w.ask_pin = lambda *_: "1111"  # type: ignore[method-assign]
    w.choose_pin()  # a second attempt changes nothing
    assert check_pin(w.store, saved.id, "2468")


def test_a_prepared_laptop_gets_its_pin_from_the_command_line(qtbot: Any, tmp_path: Path) -> None:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    assert w.start_seated(str(SCENARIOS / "ukraine-2022.yaml"), TEAMS, "workshop", 3, pin="9753")
    assert check_pin(w.store, w.controller.saved.id, "9753")  # type: ignore[union-attr]


def test_larger_text_gives_the_plots_more_of_the_width(qtbot: Any, tmp_path: Path) -> None:
    w, _ = window(qtbot, tmp_path)
    w.resize(1280, 720)
    w.zoom(0)
    before = w.page.split.sizes()  # type: ignore[union-attr]
    w.zoom(1)
    w.zoom(1)
    qtbot.waitUntil(lambda: w.page.split.sizes() != before)  # type: ignore[union-attr]
    left, right = w.page.split.sizes()  # type: ignore[union-attr]
    assert right >= 0.45 * (left + right) and right > before[1]
    w.zoom(0)
