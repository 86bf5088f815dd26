"""Seating words shared by the setup screen and the console: each bot policy in one line,
and the roles a delegation's members may take (kept by `app.store.roles`)."""

from __future__ import annotations

POLICY_LINES = {
    "hardliner": "holds out for its best options and concedes only late, near the last round",
    "conciliator": "concedes early towards its walk-away point, looking for any deal",
    "reciprocator": "mirrors the others: answers concessions with concessions, pressure "
    "with pressure",
    "mediator": "tables the option it judges fairest to all sides; pushes no side of its own",
    "observer": "mostly passes; gives a guarantee or its consent when an option it can live "
    "with asks for it",
}


def policy_line(policy: str) -> str:
    return f"{policy}: {POLICY_LINES.get(policy, '')}"
