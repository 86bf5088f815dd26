"""What a facilitator should look at in a dry run's report (`simulate`), in plain words.
Qt-free, so a test or a command can ask the same questions the studio shows."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.scenario.model import Scenario

TAKEOVER = 0.85  # an option with more than this share of its decision's agreements
MIN_AGREEMENTS = 5  # fewer agreements than this say too little about the options' shares


@dataclass(frozen=True)
class Warning:
    kind: str  # never-agreed, never-chosen, takes-over, rule-never-fired, event-never-happened
    subject: str  # the id of the issue, option, rule or event
    message: str
    others: tuple[str, ...] = ()  # options never chosen, told with the one that takes over


def _pct(x: float) -> str:
    return f"{x:.0%}"


def dry_run_warnings(scenario: Scenario, report: dict[str, Any]) -> list[Warning]:
    """Issues never agreed, options never chosen or taking over their decision, rules that
    never fired and events that never happened, in the scenario's order."""
    runs = report["runs"]
    out: list[Warning] = []
    for issue in scenario.issues:
        info = report["issues"][issue.id]
        if not info.get("on_agenda", True):
            continue  # the preset leaves it for another day: nothing to read in its rates
        if info["agreed_rate"] == 0:
            out.append(
                Warning(
                    "never-agreed",
                    issue.id,
                    (
                        f"“{issue.name}” was never agreed in {runs} runs: the bots find no option "
                        "every party can accept. Raise the values of a middle option, or lower a "
                        "BATNA or a red line."
                    ),
                )
            )
            continue
        for dim in issue.all_dimensions():
            out += _decision(issue.name, dim.name, dim.options, info["options"], runs)
    for rid in report["never_fired"]["rules"]:
        out.append(
            Warning(
                "rule-never-fired",
                rid,
                (
                    f"The rule “{rid}” never fired in {runs} runs: its condition may never hold, or "
                    "only for moves the bots do not make."
                ),
            )
        )
    manual = {e.id for e in scenario.events if e.trigger == "manual"}  # only by hand
    for eid in report["never_fired"]["events"]:
        if eid in manual:
            continue
        name = next((e.name for e in scenario.events if e.id == eid), eid)
        out.append(
            Warning(
                "event-never-happened", eid, (f"The event “{name}” never happened in {runs} runs.")
            )
        )
    return out


def _decision(
    issue: str, name: str, options: list[Any], shares: dict[str, float], runs: int
) -> list[Warning]:
    """One decision: an option taking over (with the options never chosen beside it), or
    the options never chosen."""
    share = {o.id: shares.get(o.id, 0.0) for o in options}
    agreed = sum(share.values())
    count = round(agreed * runs)
    decision = name if name != issue else issue
    never = [o for o in options if share[o.id] == 0]
    top = next(
        (o for o in options if count >= MIN_AGREEMENTS and share[o.id] / agreed > TAKEOVER), None
    )
    if top is not None and top.only_bridge:
        return []  # the source's only bridge is expected to take (nearly) every agreement
    if top is not None:
        also = (
            f"; {_names(never)} {'was' if len(never) == 1 else 'were'} never chosen"
            if never
            else ""
        )
        return [
            Warning(
                "takes-over",
                top.id,
                (
                    f"“{top.name}” takes {_pct(share[top.id] / agreed)} of the agreements on "
                    f"{decision} ({round(share[top.id] * runs)} of {count}){also}: the other options "
                    "hardly matter. Narrow the gap in values."
                ),
                tuple(o.id for o in never),
            )
        ]
    return [
        Warning(
            "never-chosen",
            o.id,
            (
                f"“{o.name}” ({decision}) was never chosen: nobody prefers it enough. Make it better "
                "for someone, or drop it."
            ),
        )
        for o in never
    ]


def _names(options: list[Any]) -> str:
    quoted = [f"“{o.name}”" for o in options]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
