"""A short page per delegation: its result against walking away and against its own goals,
the moves that moved trust and leverage most, the offers it left unanswered, and the
frontier options it never put on the table."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.engine.compiled import Compiled
from app.engine.transcript import figure_label

Entry = dict[str, Any]


def for_party(
    c: Compiled, party: str, history: list[Entry], result: dict[str, Any], space: dict[str, Any]
) -> dict[str, Any]:
    """Everything the feedback page says about `party`, from the full history."""
    me = result["parties"].get(party, {})
    agreed = {d: o for info in result["issues"].values() for d, o in info["options"].items()}
    return {
        "party": party,
        "name": c.parties[party].name,
        "result": {
            "value": me.get("value"),
            "no_deal": me.get("no_deal", me.get("batna")),
            "batna": me.get("batna"),
            "vs_no_deal": _vs(me),
        },
        "goals": goals(c, party, agreed),
        "moves_that_mattered": moves_that_mattered(c, party, history),
        "unanswered": unanswered(c, party, history),
        "untabled_frontier_options": untabled(c, party, history, space),
    }


def _vs(me: dict[str, Any]) -> float | None:
    if me.get("value") is None:
        return None
    return round(me["value"] - me.get("no_deal", me.get("batna", 0)), 2)


def goals(c: Compiled, party: str, agreed: dict[str, str]) -> list[dict[str, Any]]:
    """For each decision: the party's best option, what was agreed and what it was worth."""
    out = []
    for dim_id, dim in c.dimensions.items():
        valued = [o for o in dim.options if party in o.values]
        if not valued:
            continue
        best = max(valued, key=lambda o: (o.values[party], o.id))
        got = agreed.get(dim_id)
        out.append(
            {
                "decision": dim.name,
                "best": best.name,
                "best_value": best.values[party],
                "agreed": c.options[got].name if got else None,
                "agreed_value": c.options[got].values.get(party) if got else None,
                "red_line": bool(got and party in c.options[got].red_lines),
            }
        )
    return out


def moves_that_mattered(
    c: Compiled, party: str, history: list[Entry], top: int = 3
) -> list[dict[str, Any]]:
    """The party's moves whose consequences moved trust and leverage most (either way)."""
    where = {"issue": None, "round": None}
    moves: dict[tuple[Any, Any, str], dict[str, Any]] = {}
    totals: dict[tuple[Any, Any, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for e in history:
        t = e["type"]
        if t == "round":
            where = {"issue": e.get("issue"), "round": e.get("round")}
        elif t == "move" and e["party"] == party and e["kind"] != "pass":
            key = (where["issue"], where["round"], e["kind"])
            moves.setdefault(
                key,
                {
                    "issue": where["issue"],
                    "round": where["round"],
                    "kind": e["kind"],
                    "option": e.get("option"),
                    "target": e.get("target"),
                },
            )
        elif t == "figure" and e.get("cause", {}).get("party") == party:
            fid = e["key"].partition(".")[0]
            if fid not in ("trust", "leverage"):
                continue
            key = next(
                (k for k in reversed(moves) if k[:2] == (where["issue"], where["round"])), None
            )
            if key is not None:
                totals[key][figure_label(c, e["key"])] += e["delta"]
    ranked = sorted(
        totals.items(), key=lambda kv: (-sum(abs(v) for v in kv[1].values()), str(kv[0]))
    )
    out = []
    for key, changes in ranked[:top]:
        move = moves[key]
        out.append(
            move
            | {
                "label": c.moves[move["kind"]].label if move["kind"] in c.moves else move["kind"],
                "option_name": c.named.get(move["option"] or "", None),
                "issue_name": c.issues[move["issue"]].name if move["issue"] in c.issues else None,
                "changes": {k: round(v, 2) for k, v in sorted(changes.items())},
            }
        )
    return out


def unanswered(c: Compiled, party: str, history: list[Entry]) -> list[dict[str, Any]]:
    """Offers other parties tabled that this party never answered (accepted, rejected or
    countered on the same decision) before the decision was settled or its rounds ran out."""
    offers: dict[tuple[str, str, str], dict[str, Any]] = {}  # (dimension, option, by) -> where

    def answer(dim: str) -> None:
        for key in [k for k in offers if k[0] == dim]:
            del offers[key]

    where: dict[str, Any] = {"issue": None, "round": None}
    for e in history:
        t = e["type"]
        if t == "round":
            where = {"issue": e.get("issue"), "round": e.get("round")}
        elif t == "proposal" and e["party"] != party and e["party"] in c.parties:
            offers.setdefault((e["dimension"], e["option"], e["party"]), dict(where))
        elif t == "move" and e["party"] == party:
            if e.get("option") in c.options:
                answer(c.option_dimension[e["option"]])
            elif e["kind"] in ("accept", "reject") and e.get("issue") in c.issues:
                for d in c.issues[e["issue"]].all_dimensions():
                    answer(d.id)
        elif t == "agreement":
            answer(e["dimension"])
    return [
        {
            "decision": c.dimensions[d].name,
            "option": c.options[o].name,
            "by": c.parties[by].name,
            "issue": at["issue"],
            "round": at["round"],
            "value": c.options[o].values.get(party),
        }
        for (d, o, by), at in offers.items()
    ]


def untabled(
    c: Compiled, party: str, history: list[Entry], space: dict[str, Any]
) -> list[dict[str, Any]]:
    """Options of the fair point (on the frontier) that the party never proposed."""
    tabled = {e["option"] for e in history if e["type"] == "proposal" and e["party"] == party}
    fair = space.get("fair_point", {}).get("options", [])
    return [
        {
            "option": c.options[o].name,
            "decision": c.dimensions[c.option_dimension[o]].name,
            "value": c.options[o].values.get(party),
        }
        for o in fair
        if o not in tabled
    ]
