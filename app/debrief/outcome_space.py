"""The outcome space: every deal the scenario allows, its Pareto frontier and a fair point.

A deal is one option, or no agreement, for each decision, respecting `requires` and leaving
out options behind a required party's red line or marked infeasible. Each party scores a
deal with the outcome's own formula: its priority-weighted average, over issues, of the
values of what was agreed, where a decision left open counts at the party's no-deal value.
That formula adds up decision by decision, so the frontier is built one decision at a time,
keeping only the deals nobody can improve on (a multi-objective knapsack); `requires` is
tracked in the state so no deal that breaks it survives.

"Value left on the table" is measured two ways: against the fair point (the Nash bargaining
solution: the frontier deal that maximises the product of every delegation's gain over its
no-deal value), per party and in total; and as the gap to the frontier (how much every
delegation could have gained at once by moving to a deal on the frontier).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.engine.compiled import Compiled

EXPLANATION = (
    "Every point is a possible deal: one option, or no agreement, on each decision. A deal "
    "is on the frontier (the Pareto frontier) when no other deal is better for one party "
    "without being worse for another: from a deal inside the frontier, both sides could "
    "still have gained, so value was left on the table. The fair point is the frontier deal "
    "that makes the product of every delegation's gain over walking away as large as "
    "possible (the Nash bargaining solution): neither side gains at the other's expense "
    "more than the other gains in return. It is a yardstick, not a verdict: real "
    "negotiators also weigh what the numbers leave out."
)
GRID = 0.05  # deals closer than this in every party's value count as one point


@dataclass(frozen=True)
class Deal:
    """One option (or None: no agreement) per decision, and what each party makes of it."""

    choices: tuple[tuple[str, str | None], ...]  # (dimension, option or None), scenario order
    values: dict[str, float]

    def options(self) -> list[str]:
        return [o for _, o in self.choices if o is not None]

    def to_json(self) -> dict[str, Any]:
        return {"options": self.options(), "values": dict(self.values)}


def weights(c: Compiled, party: str) -> dict[str, float]:
    """Each decision's share of a party's result: issue priority over its decisions."""
    me = c.parties[party]
    total = sum(me.priorities.get(i, 1.0) for i in c.issues) or 1.0
    out: dict[str, float] = {}
    for iid, issue in c.issues.items():
        dims = issue.all_dimensions()
        for d in dims:
            out[d.id] = me.priorities.get(iid, 1.0) / total / len(dims)
    return out


def feasible_options(c: Compiled, dim: str) -> list[str]:
    """The options of a decision that could be agreed at all."""
    issue = c.dimension_issue[dim]
    out = []
    for o in c.dimensions[dim].options:
        needed = set(c.required(issue)) | set(o.credibility.consent if o.credibility else ())
        if o.expected_infeasible or needed & set(o.red_lines):
            continue
        out.append(o.id)
    return out


class Space:
    """The outcome space of one scenario for given no-deal values."""

    def __init__(
        self, c: Compiled, no_deal: dict[str, float], parties: Sequence[str] | None = None
    ) -> None:
        self.c = c
        self.no_deal = {p: float(no_deal.get(p, c.parties[p].batna.value)) for p in c.party_order}
        self.parties = tuple(parties or c.delegations)
        self.weights = {p: weights(c, p) for p in c.party_order}
        self.dims = list(c.dimensions)
        self.requires = {
            o: tuple(c.options[o].credibility.requires)
            for o in c.options
            if c.options[o].credibility and c.options[o].credibility.requires
        }
        self.relevant = sorted({r for rs in self.requires.values() for r in rs})

    # --- scoring ---------------------------------------------------------------------

    def contribution(self, party: str, dim: str, option: str | None) -> float:
        value = (
            self.no_deal[party]
            if option is None
            else self.c.options[option].values.get(party, self.no_deal[party])
        )
        return self.weights[party][dim] * value

    def score(self, choices: dict[str, str | None]) -> dict[str, float]:
        return {
            p: round(sum(self.contribution(p, d, choices.get(d)) for d in self.dims), 4)
            for p in self.c.party_order
        }

    def deal(self, options: Sequence[str]) -> Deal:
        chosen = {self.c.option_dimension[o]: o for o in options}
        choices = tuple((d, chosen.get(d)) for d in self.dims)
        return Deal(choices, self.score(dict(choices)))

    def no_deal_point(self) -> Deal:
        return self.deal([])

    # --- the frontier ----------------------------------------------------------------

    def frontier(self, parties: Sequence[str] | None = None) -> list[Deal]:
        """The deals no other deal beats for every one of `parties` (default: the
        delegations), sorted by the first party's value, best first."""
        who = tuple(parties or self.parties)
        # partition key (relevant ids agreed, requirements pending) -> grid point -> best
        states: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[tuple[int, ...], Any]] = {
            ((), ()): {(0,) * len(who): ((0.0,) * len(who), ())}
        }
        for dim in self.dims:
            nxt: dict[tuple[tuple[str, ...], tuple[str, ...]], dict[tuple[int, ...], Any]] = {}
            for option in [None, *feasible_options(self.c, dim)]:
                add = tuple(self.contribution(p, dim, option) for p in who)
                gained = [x for x in (dim, option) if option is not None and x in self.relevant]
                needs = self.requires.get(option or "", ())
                for (have, need), points in states.items():
                    key = (tuple(sorted({*have, *gained})), tuple(sorted({*need, *needs})))
                    bucket = nxt.setdefault(key, {})
                    for vec, choices in points.values():
                        new = tuple(a + b for a, b in zip(vec, add, strict=True))
                        cell = tuple(round(x / GRID) for x in new)
                        if cell not in bucket:
                            bucket[cell] = (new, (*choices, (dim, option)))
            states = {k: _pareto(v) for k, v in sorted(nxt.items())}
        found: dict[tuple[int, ...], Any] = {}
        for (have, need), points in sorted(states.items()):
            if all(self._met(r, have) for r in need):
                for cell, point in points.items():
                    found.setdefault(cell, point)
        best = _pareto(found)
        deals = [Deal(choices, self.score(dict(choices))) for _, choices in best.values()]
        return sorted(deals, key=lambda d: tuple(-d.values[p] for p in who))

    def _met(self, requirement: str, have: tuple[str, ...]) -> bool:
        kind = self.c.names.ids.get(requirement)
        if kind == "issue":
            return all(d.id in have for d in self.c.issues[requirement].all_dimensions())
        return requirement in have

    # --- the fair point and what was left --------------------------------------------

    def fair_point(self, frontier: list[Deal]) -> Deal:
        """The Nash bargaining solution over the delegations; no deal if none gains."""
        best, best_product = self.no_deal_point(), 0.0
        for deal in frontier:
            gains = [deal.values[p] - self.no_deal[p] for p in self.parties]
            if min(gains) <= 0:
                continue
            product = math.prod(gains)
            if product > best_product + 1e-9:
                best, best_product = deal, product
        return best


def _pareto(points: dict[tuple[int, ...], Any]) -> dict[tuple[int, ...], Any]:
    """Keep the grid points no other point beats in every coordinate (ties kept once)."""
    cells = sorted(points, reverse=True)
    kept: list[tuple[int, ...]] = []
    for cell in cells:
        if not any(
            all(k >= x for k, x in zip(other, cell, strict=True)) and other != cell
            for other in kept
        ):
            kept.append(cell)
    return {cell: points[cell] for cell in sorted(kept)}


def analyse(
    c: Compiled, result: dict[str, Any], pair: Sequence[str] | None = None
) -> dict[str, Any]:
    """The outcome space of a finished session: `result` is its outcome (the `outcome`
    history entry). Returns the frontier, the fair point, this table's deal and the value
    left on the table, as plain data (the report's `outcome_space`)."""
    no_deal = {p: r.get("no_deal", r["batna"]) for p, r in result["parties"].items()}
    space = Space(c, no_deal)
    agreed = [o for info in result["issues"].values() for o in info["options"].values()]
    deal = space.deal(agreed)
    frontier = space.frontier()
    fair = space.fair_point(frontier)
    left = {p: round(fair.values[p] - deal.values[p], 2) for p in space.parties}
    gap = max(
        (min(f.values[p] - deal.values[p] for p in space.parties) for f in frontier), default=0.0
    )
    two = tuple(pair or space.parties[:2])
    return {
        "parties": list(space.parties),
        "no_deal": {p: round(v, 2) for p, v in space.no_deal.items()},
        "frontier": [d.to_json() for d in frontier],
        "fair_point": fair.to_json(),
        "deal": deal.to_json() | {"agreed": bool(agreed)},
        "value_left": left | {"total": round(sum(left.values()), 2)},
        "value_left_measured": "the fair point (Nash bargaining solution) minus the deal",
        "gap_to_frontier": round(max(0.0, gap), 2),
        "pair": list(two),
        "pair_frontier": [d.to_json() for d in space.frontier(two)] if len(two) == 2 else [],
        "explanation": EXPLANATION,
    }
