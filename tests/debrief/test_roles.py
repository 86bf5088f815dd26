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
    assert people["aldmere"] == [{"person": "Ana", "role": "head"},
                                 {"person": "Ben", "role": "note-taker"}]  # fmt: skip
    assert people["brevia"] == []
    cells = Parsed(render(report).html()).cells
    assert any("Ana (head), Ben (note-taker)" in cell for cell in cells)
