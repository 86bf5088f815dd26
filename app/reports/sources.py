"""Reports from saved sessions: replay what the store holds, then build the document."""

from __future__ import annotations

from typing import Any

from app.debrief.report import build
from app.engine.session import Session
from app.store.exchange import replayed
from app.store.sessions import Store


def session_report(store: Store, sid: str) -> tuple[dict[str, Any], Session, dict[str, Any]]:
    """The stored row, the replayed session and its report document."""
    row, session, _ = replayed(store, sid)
    report = build(session.c, session, session_id=row["id"], meta=row,
                   notes=store.notes(row["id"]))  # fmt: skip
    return row, session, report


def table_label(row: dict[str, Any], n: int) -> str:
    """How a table is named in a comparison: its number and the start of its id."""
    return f"Table {n} ({row['id'][:8]})"
