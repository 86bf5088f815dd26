"""The report's charts, drawn from the report document: trust held by each delegation,
leverage, the scenario's own figures (one point per snapshot), and the outcome space for
two parties (frontier, fair point, this table's deal, no deal)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.reports.svg import PALETTE, Line, Points, line_chart, scatter_chart

Report = dict[str, Any]


def _colours(parties: list[dict[str, Any]]) -> dict[str, str]:
    """Each party's scenario colour, unless two parties share one (then the palette)."""
    used = [p.get("colour") for p in parties]
    return {
        p["id"]: (
            p["colour"]
            if p.get("colour") and used.count(p["colour"]) == 1
            else PALETTE[i % len(PALETTE)]
        )
        for i, p in enumerate(parties)
    }


@dataclass(frozen=True)
class Group:
    """One chart's worth of figures: their keys, legend labels and colours ("" for the
    palette), and the value range to show."""

    title: str
    keys: list[str]
    labels: list[str]
    colours: list[str]
    y_range: tuple[float, float] | None
    y_label: str = ""


def figure_groups(report: Report) -> list[Group]:
    """The figures as charts: trust held by each delegation, leverage, and every other
    figure together (the report's charts and the debrief view's plot share these)."""
    fig = report["figures"]
    parties = report["parties"]
    colour = _colours(parties)
    short = {p["id"]: p.get("short") or p["name"] for p in parties}
    names = fig.get("names", {})
    keys = list(fig["values"])
    groups = []
    for p in parties:
        mine = [k for k in keys if k.startswith(f"trust.{p['id']}>")]
        if p["kind"] == "delegation" and mine:
            groups.append(
                Group(
                    f"Trust held by {short[p['id']]}",
                    mine,
                    [f"in {short.get(_who(k), _who(k))}" for k in mine],
                    [colour.get(_who(k), "") for k in mine],
                    _range(fig, mine),
                    "trust",
                )
            )
    lev = [k for k in keys if k.startswith("leverage.")]
    if lev:
        groups.append(
            Group(
                "Leverage",
                lev,
                [short.get(_who(k), _who(k)) for k in lev],
                [colour.get(_who(k), "") for k in lev],
                _range(fig, lev),
                "leverage",
            )
        )
    other = [k for k in keys if not k.startswith(("trust.", "leverage."))]
    if other:
        groups.append(
            Group(
                "The scenario's other figures",
                other,
                [names.get(k, k) for k in other],
                [""] * len(other),
                _range(fig, other),
            )
        )
    return groups


def figure_charts(report: Report, cursor: int | None = None) -> list[tuple[str, str]]:
    """(title, svg) for each chart of `figure_groups`, one point per snapshot."""
    fig = report["figures"]
    sections = [(int(x), str(name)) for x, name in fig.get("sections", [])]
    out = []
    for g in figure_groups(report):
        lines = [
            Line(label, fig["values"][k], c)
            for k, label, c in zip(g.keys, g.labels, g.colours, strict=True)
        ]
        out.append(
            (
                g.title,
                line_chart(
                    g.title,
                    fig["labels"],
                    lines,
                    y_range=g.y_range,
                    y_label=g.y_label,
                    sections=sections,
                    cursor=cursor,
                ),
            )
        )
    return out


def _who(key: str) -> str:
    """The party a figure key is about: the trusted party, or the party itself."""
    rest = key.partition(".")[2]
    return rest.split(">")[-1]


def _range(fig: dict[str, Any], keys: list[str]) -> tuple[float, float] | None:
    ranges = [fig.get("ranges", {}).get(k) for k in keys]
    if not ranges or any(r is None for r in ranges):
        return None
    return min(r[0] for r in ranges), max(r[1] for r in ranges)  # type: ignore[index]


def space_chart(
    space: dict[str, Any],
    names: dict[str, str],
    *,
    deals: list[tuple[str, dict[str, float]]] | None = None,
) -> str:
    """The outcome space for the two parties of `space["pair"]`: every frontier deal, the
    fair point, this table's deal (or several tables' deals) and no deal."""
    a, b = space["pair"]
    front = [(d["values"][a], d["values"][b]) for d in space["pair_frontier"]]
    fair = space["fair_point"]["values"]
    groups = [
        Points("Pareto frontier", front, "#7f7f7f", "circle", 3.5, join=True),
        Points("No deal", [(space["no_deal"][a], space["no_deal"][b])], "#000000", "cross", 6),
        Points("Fair point (Nash)", [(fair[a], fair[b])], "#2ca02c", "diamond", 6),
    ]
    if deals is None:
        d = space["deal"]
        label = "This table's deal" if d.get("agreed") else "This table: no agreement"
        groups.append(Points(label, [(d["values"][a], d["values"][b])], "#d62728", "square", 6))
    else:
        for i, (name, values) in enumerate(deals):
            groups.append(
                Points(
                    name,
                    [(values[a], values[b])],
                    PALETTE[(i + 3) % len(PALETTE)],
                    "square",
                    6,
                    labels=[name],
                )
            )
    return scatter_chart(
        "The outcome space",
        groups,
        x_label=f"value for {names.get(a, a)}",
        y_label=f"value for {names.get(b, b)}",
    )
