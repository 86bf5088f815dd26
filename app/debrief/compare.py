"""Several tables, one scenario: outcomes side by side, deals in one outcome space, figures
overlaid, and the round where the tables' paths first parted."""

from __future__ import annotations

from typing import Any

from app.debrief.outcome_space import analyse
from app.engine.compiled import Compiled

Entry = dict[str, Any]


def moves_by_round(history: list[Entry]) -> list[tuple[Any, ...]]:
    """Each round's moves, as what matters for comparing tables (remarks left out)."""
    out: list[tuple[Any, ...]] = []
    current: list[tuple[Any, ...]] | None = None
    where: tuple[Any, ...] = ()
    for e in history:
        if e["type"] == "round":
            if current is not None:
                out.append((where, tuple(current)))
            where, current = (e.get("issue"), e.get("round")), []
        elif e["type"] == "move" and current is not None:
            current.append(
                (
                    e["party"],
                    e["kind"],
                    e.get("option"),
                    e.get("target"),
                    tuple(e.get("package") or ()),
                    e.get("condition"),
                )
            )
    if current is not None:
        out.append((where, tuple(current)))
    return out


def divergence(histories: list[list[Entry]]) -> dict[str, Any] | None:
    """The first round whose moves differ between the tables (None if none differ)."""
    paths = [moves_by_round(h) for h in histories]
    for i in range(max((len(p) for p in paths), default=0)):
        at = [p[i] if i < len(p) else None for p in paths]
        if any(x != at[0] for x in at[1:]):
            where = next((x[0] for x in at if x is not None), (None, None))
            return {"round_index": i + 1, "issue": where[0], "round": where[1]}
    return None


def series(history: list[Entry]) -> dict[str, list[float]]:
    """Every figure after every round and stage, for overlaid plots."""
    out: dict[str, list[float]] = {}
    for e in history:
        if e["type"] == "figures":
            for k, v in e["values"].items():
                out.setdefault(k, []).append(v)
    return out


def compare(c: Compiled, tables: list[dict[str, Any]]) -> dict[str, Any]:
    """`tables`: one per session, each with `id`, `label`, `history` and `outcome`. The
    scenario must be the same; the caller refuses or flags other versions."""
    rows = []
    for t in tables:
        result = t["outcome"]
        space = analyse(c, result) if result else None
        rows.append(
            {
                "id": t["id"],
                "label": t["label"],
                "issues": {i: info for i, info in (result or {}).get("issues", {}).items()},
                "parties": (result or {}).get("parties", {}),
                "ratification": (result or {}).get("ratification", {}),
                "durability": (result or {}).get("durability", {}),
                "deal": space["deal"] if space else None,
                "value_left": space["value_left"] if space else None,
                "series": series(t["history"]),
            }
        )
    first = next((analyse(c, t["outcome"]) for t in tables if t["outcome"]), None)
    return {
        "scenario": c.scenario.scenario.id,
        "tables": rows,
        "frontier": first["pair_frontier"] if first else [],
        "pair": first["pair"] if first else [],
        "no_deal": first["no_deal"] if first else {},
        "fair_point": first["fair_point"] if first else None,
        "divergence": divergence([t["history"] for t in tables]),
    }
