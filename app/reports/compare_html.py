"""Several tables of one scenario in one document: outcomes side by side, the deals in one
outcome space, figures overlaid per table, and where the tables' paths first parted."""

from __future__ import annotations

from typing import Any

from app.reports.charts import space_chart
from app.reports.page import Page, number, signed
from app.reports.svg import Line, line_chart


def render(
    cmp: dict[str, Any],
    *,
    title: str,
    names: dict[str, str],
    parties: list[dict[str, Any]],
    flags: list[str],
    images: str = "svg",
) -> Page:
    """`cmp`: `app.debrief.compare.compare(...)`; `names`: display names of ids; `parties`:
    the scenario's parties (id, name, kind); `flags`: warnings to print first (e.g. a table
    played on another version of the scenario)."""
    who = {p["id"]: p.get("short") or p["name"] for p in parties}
    tables = cmp["tables"]
    page = Page(f"Parley — {len(tables)} tables of {title}", images)
    page.h1(f"{title}: {len(tables)} tables compared")
    for flag in flags:
        page.add(f"<p class='later'><b>Note:</b> {flag}</p>")
    page.table(["table", "session"], [[t["label"], t["id"]] for t in tables], [30, 70])
    div = cmp.get("divergence")
    if div:
        where = names.get(div["issue"], div["issue"] or "the final package")
        page.p(
            f"The tables' paths first parted in round {div['round_index']} of play "
            f"({where}, round {div['round']}): the first round whose moves differed."
        )
    else:
        page.p("Every table made the same moves in every round.")

    page.section("Outcomes side by side", anchor="outcomes")
    issues = list(next((t["issues"] for t in tables if t["issues"]), {}))
    rows = []
    for iid in issues:
        row = [names.get(iid, iid)]
        for t in tables:
            info = t["issues"].get(iid)
            row.append(
                f"{info['status']}: " + "; ".join(names.get(o, o) for o in info["options"].values())
                if info
                else "—"
            )
        rows.append(row)
    delegations = [p["id"] for p in parties if p["kind"] == "delegation"]
    for p in delegations:
        rows.append(
            [f"{who[p]}: value (against no deal)"]
            + [
                f"{number(t['parties'].get(p, {}).get('value'))} "
                f"({signed(t['parties'].get(p, {}).get('vs_batna'))})"
                for t in tables
            ]
        )
    for p in delegations:
        rows.append(
            [f"{who[p]}: ratification"]
            + [
                ("passed" if t["ratification"][p]["passed"] else "failed")
                if p in t["ratification"]
                else "—"
                for t in tables
            ]
        )
    rows.append(["durability"] + [number((t["durability"] or {}).get("score")) for t in tables])
    rows.append(
        ["value left on the table (total)"]
        + [signed((t["value_left"] or {}).get("total")) for t in tables]
    )
    page.table(["", *[t["label"] for t in tables]], rows)

    if len(cmp.get("pair", [])) == 2 and cmp.get("fair_point"):
        page.section("The deals in the outcome space", anchor="outcome-space")
        space = {
            "pair": cmp["pair"],
            "pair_frontier": cmp["frontier"],
            "no_deal": cmp["no_deal"],
            "fair_point": cmp["fair_point"],
        }
        deals = [(t["label"], t["deal"]["values"]) for t in tables if t["deal"]]
        page.chart("The outcome space", space_chart(space, who, deals=deals))
        page.p(
            "Grey: the Pareto frontier (no deal on it can be bettered for one party without "
            "costing the other); green: the fair point (Nash); black cross: no deal; a "
            "square per table.",
            "muted",
        )

    page.section("Figures overlaid per table", anchor="figures")
    keys = [f"trust.{a}>{b}" for a in delegations for b in delegations if a != b]
    keys += [f"leverage.{p}" for p in delegations]
    for key in keys:
        lines = [Line(t["label"], t["series"].get(key, [])) for t in tables]
        if any(ln.values for ln in lines):
            label = _label(key, who)
            page.chart(label, line_chart(label, [], lines, height=260))
    return page


def _label(key: str, who: dict[str, str]) -> str:
    fid, _, rest = key.partition(".")
    if ">" in rest:
        a, b = rest.split(">")
        return f"Trust {who.get(a, a)} → {who.get(b, b)}"
    return f"{fid.capitalize()} {who.get(rest, rest)}"
