"""Reopening as a facilitator expects: the interrupted session first, the PIN asked again,
and during move entry the hand-over for the next team still to move."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ui.test_confidential import LOADED, TEAMS, C
from ui.walk import leaks

from app.engine.clock import FakeClock
from app.store.pins import set_pin
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.main_window import MainWindow


def interrupted(tmp_path: Path, qtbot: Any) -> str:
    """A session stopped in move entry after Kyiv moved (Moscow still to move)."""
    first = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(first)
    done = SavedSession.new(first.store, C, LOADED.text, 2, TEAMS, "workshop", FakeClock())
    done.apply({"type": "start"})
    done.store.set_status(done.id, "finished")
    saved = SavedSession.new(first.store, C, LOADED.text, 5, TEAMS, "workshop", FakeClock())
    set_pin(first.store, saved.id, "2468")
    for kind in ("start", "start", "start", "entry"):
        saved.apply({"type": kind})
    saved.apply(
        {
            "type": "move",
            "party": "ua",
            "kind": "propose",
            "option": "osce_observers",
            "remark": "Kyiv's reasons",
        }
    )
    saved.save_clock()
    return saved.id


def test_the_interrupted_session_is_offered_first_and_asks_the_pin(
    qtbot: Any, tmp_path: Path
) -> None:
    sid = interrupted(tmp_path, qtbot)
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    first = w.start.saved.item(0)
    assert first.data(0x0100) == sid
    assert "Interrupted" in first.text() and "Kyiv, Moscow" in first.text()
    assert "01:00 left" in first.text() and "move entry" in first.text()
    assert "Russian withdrawal and international observers, round 1" in first.text()
    w.ask_pin = lambda *_: "1111"  # type: ignore[method-assign]
    w.resume_session(sid)
    assert w.controller is None  # a wrong PIN opens nothing
    w.ask_pin = lambda *_: "2468"  # type: ignore[method-assign]
    w.resume_session(sid)
    page = w.page
    assert page is not None and page.showing == "handover" and page.handover.party == "ru"
    history = w.controller.history_for("public")  # type: ignore[union-attr]
    assert page.plots.count == sum(e["type"] == "figures" for e in history)  # drawn once
    assert not any(name.lower() == "setup" for _, _, name in page.plots.sections())
    assert not leaks(w, ["Kyiv's reasons", "Submitted"])
    assert "Already moved: Kyiv" in page.handover.text.text()
    page.handover.button.click()
    assert page.showing == "ru"
    assert not leaks(w, ["Kyiv's reasons"])
