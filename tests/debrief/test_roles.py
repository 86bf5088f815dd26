"""Who sat at each table, and in which role, reaches the debrief's report."""

from __future__ import annotations

from pathlib import Path

from debrief.tables import Parsed, table

from app.reports.report_html import render
from app.reports.sources import session_report
from app.store.roles import parse_roles, roles, set_roles


def test_roles_given_at_setup_are_in_the_report(tmp_path: Path) -> None:
    saved = table(tmp_path / "p.db")
    set_roles(saved.store, saved.id, "aldmere", parse_roles("Ana: head; Ben: note-taker"))
    assert roles(saved.store, saved.id) == {"aldmere": [("Ana", "head"), ("Ben", "note-taker")]}
    _, _, report = session_report(saved.store, saved.id)
    people = {p["id"]: p["people"] for p in report["parties"]}
    assert people["aldmere"] == [
        {"person": "Ana", "role": "head"},
        {"person": "Ben", "role": "note-taker"},
    ]
    assert people["brevia"] == []
    cells = Parsed(render(report).html()).cells
    assert any("Ana (head), Ben (note-taker)" in cell for cell in cells)


def test_the_report_names_moves_rules_actions_and_commitments_in_words(tmp_path: Path) -> None:
    import re

    from conftest import TUTORIAL

    from app.engine.compiled import compile_scenario
    from app.scenario.validate import load_ok

    saved = table(tmp_path / "p.db")
    saved.apply({"type": "reveal"})
    _, _, report = session_report(saved.store, saved.id)
    html = render(report).html()
    text = " ".join(Parsed(html).cells)
    c = compile_scenario(load_ok(TUTORIAL))
    ids = [r.id for r in c.scenario.rules] + [
        cm.id for o in c.options.values() for cm in o.commitments
    ]
    ids += ["single_text", "private_caucus", "end_round", "face_saving"]
    found = [i for i in ids if re.search(rf"\b{i}\b", text)]
    assert not found, found
    assert "Facilitator: Revealed the briefs and remarks" in html
