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


def _pct(x: float) -> str:
    return f"{x:.0%}"


def dry_run_warnings(scenario: Scenario, report: dict[str, Any]) -> list[Warning]:
    """Issues never agreed, options never chosen or taking over their decision, rules that
    never fired and events that never happened, in the scenario's order."""
    runs = report["runs"]
    out: list[Warning] = []
    for issue in scenario.issues:
        info = report["issues"][issue.id]
        if info["agreed_rate"] == 0:
            out.append(Warning("never-agreed", issue.id, (
                f"“{issue.name}” was never agreed in {runs} runs: the bots find no option "
                "every party can accept. Raise the values of a middle option, or lower a "
                "BATNA or a red line.")))  # fmt: skip
            continue
        for dim in issue.all_dimensions():
            shares = {o.id: info["options"].get(o.id, 0.0) for o in dim.options}
            agreed = sum(shares.values())
            count = round(agreed * runs)
            decision = dim.name if dim.name != issue.name else issue.name
            for o in dim.options:
                if shares[o.id] == 0:
                    out.append(Warning("never-chosen", o.id, (
                        f"“{o.name}” ({decision}) was never chosen: nobody prefers it enough. "
                        "Make it better for someone, or drop it.")))  # fmt: skip
                elif count >= MIN_AGREEMENTS and shares[o.id] / agreed > TAKEOVER:
                    out.append(Warning("takes-over", o.id, (
                        f"“{o.name}” takes {_pct(shares[o.id] / agreed)} of the agreements on "
                        f"{decision} ({round(shares[o.id] * runs)} of {count}): the other "
                        "options hardly matter. Narrow the gap in values.")))  # fmt: skip
    for rid in report["never_fired"]["rules"]:
        out.append(Warning("rule-never-fired", rid, (
            f"The rule “{rid}” never fired in {runs} runs: its condition may never hold, or "
            "only for moves the bots do not make.")))  # fmt: skip
    manual = {e.id for e in scenario.events if e.trigger == "manual"}  # only by hand
    for eid in report["never_fired"]["events"]:
        if eid in manual:
            continue
        name = next((e.name for e in scenario.events if e.id == eid), eid)
        out.append(Warning("event-never-happened", eid, (
            f"The event “{name}” never happened in {runs} runs.")))  # fmt: skip
    return out
