"""Reports from saved sessions: replay what the store holds, then build the document."""

from __future__ import annotations

from typing import Any

from app.debrief.compare import compare
from app.debrief.report import build
from app.engine.session import Session
from app.reports.compare_html import render as render_compare
from app.reports.page import Page
from app.store.exchange import replayed
from app.store.roles import roles
from app.store.sessions import Store


def session_report(store: Store, sid: str) -> tuple[dict[str, Any], Session, dict[str, Any]]:
    """The stored row, the replayed session and its report document."""
    row, session, _ = replayed(store, sid)
    report = build(
        session.c,
        session,
        session_id=row["id"],
        meta=row,
        notes=store.notes(row["id"]),
        people=roles(store, row["id"]),
    )
    return row, session, report


def table_label(row: dict[str, Any], n: int) -> str:
    """How a table is named in a comparison: its number and the start of its id."""
    return f"Table {n} ({row['id'][:8]})"


class NotComparable(ValueError):
    """Sessions that cannot be set side by side: a message and a hint."""

    def __init__(self, message: str, hint: str) -> None:
        super().__init__(message)
        self.message, self.hint = message, hint


def compare_page(store: Store, ids: list[str], images: str = "svg") -> Page:
    """Several stored tables of one scenario as one document. Another scenario is refused
    (NotComparable); another version of the same scenario is flagged in the document."""
    loaded = [session_report(store, sid) for sid in ids]
    first_row, first, report = loaded[0]
    flags = []
    for row, _, _ in loaded[1:]:
        if row["scenario_id"] != first_row["scenario_id"]:
            raise NotComparable(
                f"session {row['id']} is of scenario {row['scenario_id']!r}, not "
                f"{first_row['scenario_id']!r}",
                "compare only tables that played the same scenario",
            )
        if row["scenario_hash"] != first_row["scenario_hash"]:
            flags.append(
                f"session {row['id']} played version {row['scenario_version']} of the "
                f"scenario (another text than table 1's version "
                f"{first_row['scenario_version']}); its values are read with table 1's."
            )
    tables = [
        {
            "id": row["id"],
            "label": table_label(row, n),
            "history": s.history.entries,
            "outcome": s.result,
        }
        for n, (row, s, _) in enumerate(loaded, 1)
    ]
    try:
        result = compare(first.c, tables)
    except KeyError as exc:
        raise NotComparable(
            f"the tables' scenario versions differ too much to compare: {exc} is unknown "
            "to table 1's version",
            "compare tables of one version",
        ) from None
    return render_compare(
        result,
        title=first.c.scenario.scenario.title,
        names=report["names"],
        parties=report["parties"],
        flags=flags,
        images=images,
    )
