"""Seating words shared by the setup screen and the console: each bot policy in one line,
and the roles a delegation's members may take (kept by `app.store.roles`)."""

from __future__ import annotations

POLICY_LINES = {
    "hardliner": "holds out for its best options and concedes only late",
    "conciliator": "concedes early towards its walk-away point, looking for a deal",
    "reciprocator": "mirrors the others: concessions for concessions, pressure for pressure",
    "mediator": "tables the option it judges fairest to all; takes no side of its own",
    "observer": "mostly passes; gives its guarantee or consent to an option it can live with",
}


def policy_line(policy: str) -> str:
    return f"{policy}: {POLICY_LINES.get(policy, '')}"
