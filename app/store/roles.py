"""Who sits at each delegation's table, and in which role: for the debrief.

A team may name its people and their roles (head of delegation, legal adviser,
note-taker, ...). They are kept beside the session, never in the command log:
the roles change nothing in the game, so replay does not need them. The table
is part of the schema (version 3, see `app.store.database`).
"""

from __future__ import annotations

from app.store.database import ROLES as TABLE
from app.store.database import writing
from app.store.sessions import Store


def parse_roles(text: str) -> list[tuple[str, str]]:
    """`"Ana: head of delegation; Ben: note-taker; Chloe"` -> [(person, role), ...]."""
    out = []
    for part in text.replace("\n", ";").split(";"):
        person, _, role = part.partition(":")
        if person.strip():
            out.append((person.strip(), role.strip()))
    return out


def set_roles(store: Store, sid: str, party: str, people: list[tuple[str, str]]) -> None:
    """Keep (or replace) who plays `party` and in which role."""
    rows = [[sid, party, n, person, role] for n, (person, role) in enumerate(people)]

    def write() -> None:
        with writing(store.db):
            store.db.execute(
                f"DELETE FROM {TABLE} WHERE session_id = ? AND party = ?", [sid, party]
            )
            for row in rows:
                store.db.execute(f"INSERT INTO {TABLE} VALUES (?, ?, ?, ?, ?)", row)

    store._guard(write)


def roles(store: Store, sid: str) -> dict[str, list[tuple[str, str]]]:
    """party -> [(person, role), ...] in the order typed; {} if none were given."""

    def read() -> list[tuple[str, str, str]]:
        return store.db.execute(
            f"SELECT party, person, role FROM {TABLE} WHERE session_id = ? "
            "ORDER BY party, position",
            [sid],
        ).fetchall()

    out: dict[str, list[tuple[str, str]]] = {}
    for party, person, role in store._guard(read):
        out.setdefault(party, []).append((person, role))
    return out


def roles_text(people: list[tuple[str, str]]) -> str:
    return "; ".join(f"{person}: {role}" if role else person for person, role in people)
