"""The debrief view with pytest-qt, offscreen: stepping with the plot's cursor, the
turning points, reflections saved with the session, the reveal, comparing tables."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from debrief.tables import REFLECTED, table

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt  # noqa: E402

from app.debrief.report import REFLECTION  # noqa: E402
from app.store.exchange import export_json  # noqa: E402
from app.store.sessions import Store  # noqa: E402
from app.ui.controller import SessionController  # noqa: E402
from app.ui.debrief import DebriefView  # noqa: E402
from app.ui.debrief.compare_dialog import CompareDialog  # noqa: E402


@pytest.fixture
def view(qtbot: Any, tmp_path: Path) -> Any:
    controller = SessionController(table(tmp_path / "p.db"))
    v = DebriefView(controller)
    qtbot.addWidget(v)
    v.resize(1400, 900)
    v.show()
    qtbot.waitExposed(v)
    yield v
    controller.stop()


def test_stepping_moves_the_cursor_to_each_rounds_snapshot(view: Any, qtbot: Any) -> None:
    rounds = view.report["timeline"]
    assert len(rounds) > 3 and view.rounds.count() == len(rounds)
    view.rounds.setFocus()
    assert view.current == 0 and view.plot.cursor.value() == rounds[0]["snapshot"]
    qtbot.keyClick(view.rounds, Qt.Key.Key_Right)
    qtbot.keyClick(view.rounds, Qt.Key.Key_Right)
    assert view.current == 2 and view.plot.cursor.value() == rounds[2]["snapshot"]
    assert rounds[2]["label"] in view.round_text.toPlainText()
    qtbot.keyClick(view.rounds, Qt.Key.Key_Left)
    assert view.current == 1
    qtbot.keyClick(view.rounds, Qt.Key.Key_End)
    assert view.current == len(rounds) - 1
    assert view.plot.cursor.value() == rounds[-1]["snapshot"]
    qtbot.keyClick(view.rounds, Qt.Key.Key_Home)
    assert view.current == 0
    qtbot.keyClick(view.rounds, Qt.Key.Key_Left)  # nothing before the first round
    assert view.current == 0


def test_the_plot_has_a_point_per_snapshot_and_follows_the_chart_chosen(view: Any) -> None:
    snapshots = len(view.report["figures"]["labels"])
    for i in range(view.plot.choice.count()):
        view.plot.choice.setCurrentIndex(i)
        group = view.plot.groups[i]
        assert list(view.plot.curves) == group.keys
        xs, _ = view.plot.curves[group.keys[0]].getData()
        assert len(xs) == snapshots
        assert view.plot.cursor in view.plot.plot.items


def test_a_turning_point_click_steps_there(view: Any, qtbot: Any) -> None:
    tps = view.report["turning_points"]
    assert tps and view.turning.count() == len(tps)
    item = view.turning.item(view.turning.count() - 1)
    rect = view.turning.visualItemRect(item)
    qtbot.mouseClick(view.turning.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert view.current == tps[-1]["n"] - 1
    assert view.plot.cursor.value() == tps[-1]["snapshot"]


def test_reflections_are_saved_with_the_session(view: Any, qtbot: Any) -> None:
    view.tabs.setCurrentWidget(view.debrief_tab)
    qtbot.keyClicks(view.reflection, "Trust grew only after the guarantee.")
    qtbot.mouseClick(view.save_button, Qt.MouseButton.LeftButton)
    saved = view.controller.saved
    notes = [n["text"] for n in saved.store.notes(saved.id) if n["author"] == REFLECTION]
    assert notes == [REFLECTED, "Trust grew only after the guarantee."]
    assert view.reflection.toPlainText() == ""
    assert "Trust grew only after the guarantee." in view.guide.toPlainText()
    # and an export carries them to another laptop
    data = export_json(saved.store, saved.id)
    assert {"author": REFLECTION, "text": REFLECTED} in [
        {k: n[k] for k in ("author", "text")} for n in data["notes"]
    ]


def test_the_reveal_opens_the_briefs_only_when_asked(view: Any, qtbot: Any) -> None:
    c = view.controller.session.c
    secret = " ".join(c.parties[c.delegations[0]].brief.confidential.position.split())
    assert secret[:40] not in " ".join(view.revealed.toPlainText().split())
    assert view.reveal_button.isEnabled()
    with qtbot.waitSignal(view.controller.changed):
        qtbot.mouseClick(view.reveal_button, Qt.MouseButton.LeftButton)
    assert view.controller.session.revealed
    assert secret[:40] in " ".join(view.revealed.toPlainText().split())
    assert not view.reveal_button.isEnabled()
    saved = view.controller.saved
    assert Store.open(saved.store.path).log(saved.id)[-1][0]["type"] == "reveal"


def test_the_outcome_space_redraws_for_the_parties_chosen(view: Any) -> None:
    c = view.controller.session.c
    view.reveal()  # the outcome space reads every party's values: it opens at the reveal
    assert view.space.pair() == c.delegations[:2]
    view.space.second.setCurrentIndex(c.party_order.index(c.party_order[-1]))
    assert view.space.space["pair"] == [c.delegations[0], c.party_order[-1]]
    assert "Value left on the table" in view.space.summary.text()


def test_compare_imports_a_table_from_another_laptop(view: Any, qtbot: Any, tmp_path: Path) -> None:
    other = table(tmp_path / "other.db", seed=9, bots="hardliner")
    export = tmp_path / "table.json"
    import json

    export.write_text(json.dumps(export_json(other.store, other.id)), encoding="utf-8")
    dialog = CompareDialog(view.controller.saved.store, view.controller.saved.id, view)
    qtbot.addWidget(dialog)
    assert dialog.ticked() == [view.controller.saved.id]
    assert not dialog.compare()  # one table is not a comparison
    assert dialog.import_files([str(export)]) == [other.id]
    assert sorted(dialog.ticked()) == sorted([view.controller.saved.id, other.id])
    assert dialog.compare()
    assert "Outcomes side by side" in dialog.result.toPlainText()


def test_export_writes_the_report(view: Any, tmp_path: Path) -> None:
    view.export(str(tmp_path / "r.html"))
    view.export(str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


def test_the_chart_shown_saves_as_svg_and_png(view: Any, tmp_path: Path) -> None:
    view.go(3)
    view.plot.save(str(tmp_path / "c.svg"))
    view.plot.save(str(tmp_path / "c.png"))
    svg = (tmp_path / "c.svg").read_text(encoding="utf-8")
    assert svg.startswith("<svg") and view.plot.choice.currentText() in svg
    assert "stroke='black' stroke-width='2'" in svg  # the cursor
    assert (tmp_path / "c.png").read_bytes().startswith(b"\x89PNG")


def test_a_paused_session_shows_the_story_so_far(qtbot: Any, tmp_path: Path) -> None:
    from app.engine.headless import next_step

    saved = table(tmp_path / "p.db", finish=False)
    for _ in range(12):
        saved.apply(next_step(saved.session))
    saved.apply({"type": "pause"})
    controller = SessionController(saved)
    v = DebriefView(controller)
    qtbot.addWidget(v)
    try:
        assert "paused" in v.title.text() and v.rounds.count() == len(v.report["timeline"]) > 1
        assert not v.reveal_button.isEnabled()  # the reveal waits for the end
        assert "appears when the session ends" in v.space.summary.text()
        assert "Feedback appears when the session ends." in v.feedback.toPlainText()
    finally:
        controller.stop()


def test_large_text_for_a_big_room(view: Any) -> None:
    before = view.round_text.font().pointSizeF()
    tall = view.round_text.document().size().height()
    view.set_large_text(True)
    assert view.round_text.font().pointSizeF() > before
    assert view.round_text.document().size().height() > tall  # the page's text grew too
    view.set_large_text(False)
    assert view.round_text.font().pointSizeF() == before


def test_the_main_window_opens_the_debrief_behind_the_pin(qtbot: Any, tmp_path: Path) -> None:
    from app.store.pins import set_pin
    from app.ui.main_window import MainWindow

    saved = table(tmp_path / "p.db")
    w = MainWindow(saved.store)
    qtbot.addWidget(w)
    set_pin(w.store, saved.id, "1357")
    w.open_session(saved)
    assert w.debrief_action.isEnabled()
    w.ask_pin = lambda *_: "0000"  # type: ignore[method-assign]
    w.page.ask_pin = w.ask_pin  # type: ignore[union-attr]
    w.debrief_action.trigger()
    assert w.debrief is None  # a wrong PIN opens nothing
    w.page.ask_pin = lambda *_: "1357"  # type: ignore[union-attr]
    w.debrief_action.trigger()
    assert w.debrief is not None and w.debrief.isVisible()
    assert w.debrief.report["timeline"]  # built from the session the window holds
    w.close_session()
    assert w.debrief is None


def test_before_the_reveal_the_projected_debrief_holds_nothing_confidential(view: Any) -> None:
    from ui.walk import readable

    c = view.controller.session.c
    assert not view.tabs.isTabEnabled(view.tabs.indexOf(view.feedback_tab))
    assert not view.tabs.isTabEnabled(view.tabs.indexOf(view.space))
    secrets = [
        text
        for p in c.scenario.parties
        for text in (
            p.brief.confidential.position,
            p.brief.confidential.assessment,
            p.brief.confidential.instructions,
            p.batna.description,
        )
        if len(text) > 20
    ]
    shown = " ".join(" ".join(t.split()) for _, t in readable(view))
    leaks = [x[:40] for x in secrets if " ".join(x.split())[:60] in shown]
    assert not leaks
    assert all(not fb for fb in view.report["feedback"]) and view.report["outcome_space"] is None
    view.reveal()
    shown = " ".join(" ".join(t.split()) for _, t in readable(view))
    assert any(" ".join(x.split())[:60] in shown for x in secrets)
