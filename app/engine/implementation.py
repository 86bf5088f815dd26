"""Implementation: agreed commitments carried out stage by stage, or broken.

Each stage, every active commitment either advances or is broken. The risk of
breaking it is the commitment's `renege_risk`, raised when the party distrusts
the others and cut by `verification_bonus` when what verifies it (observers,
a joint mechanism) was agreed. A commitment `after` another advances only
behind it, and is withheld if that one is broken: relief tranches follow
verified withdrawal stages.

Ratification comes first: the home votes are held when implementation
begins, on the deal as agreed. A party whose vote fails carries out none of
its commitments (`on_fail: suspend`), or the whole deal collapses
(`on_fail: collapse`); either way what is not carried out scores at no-deal
value in the outcome.
"""

from __future__ import annotations

import random
from typing import Any

from app.engine.adjudicator import fire_rules, run_events, snapshot
from app.engine.outcome import agreed_issues, votes
from app.engine.state import Commitment, State


def begin(st: State) -> None:
    """Hold the ratification votes, then create the commitments of every agreed option;
    a failed vote suspends its party's commitments (or all of them, if the deal collapses)."""
    st.ratification = votes(st, agreed_issues(st))
    failed: list[str] = []
    for rule in st.c.scenario.outcome.ratification:
        vote = st.ratification.get(rule.party)
        if vote is None:
            continue
        announce(st, rule, vote)
        if not vote["passed"]:
            failed.append(rule.party)
            st.collapsed = st.collapsed or rule.on_fail == "collapse"
    for ag in st.agreements.values():
        if ag.condition is not None:
            continue
        for com in st.c.options[ag.option].commitments:
            st.commitments[com.id] = Commitment(
                com.id,
                com.party,
                ag.option,
                com.stages,
                com.after,
                dict(com.transfers),
                com.renege_risk,
                tuple(com.verified_by),
            )
    for com in st.commitments.values():
        if st.collapsed or com.party in failed:
            com.suspended = True
            st.history.emit(
                "commitment",
                id=com.id,
                party=com.party,
                stage=1,
                result="suspended",
                cause={"ratification": com.party if com.party in failed else failed[0]},
            )
    st.history.emit("implementation", commitments=sorted(st.commitments))


def announce(st: State, rule: Any, vote: dict[str, Any]) -> None:
    """The vote's result is public news; how far the deal fell short of what the party's
    audience demands is the party's own (values and promises are private)."""
    passed = vote["passed"]
    text = (
        rule.passes if passed else rule.fails
    ) or f"{vote['name']}: {'passed' if passed else 'failed'}."
    consequence = None if passed else rule.on_fail
    st.history.emit(
        "ratification",
        party=rule.party,
        name=vote["name"],
        passed=passed,
        text=text,
        consequence=consequence,
    )
    st.narrate(
        text
        + {
            None: "",
            "suspend": " Its commitments will not be carried out.",
            "collapse": " The deal collapses.",
        }[consequence],
        "public",
        {"ratification": rule.party},
    )
    if "bar" in vote:
        st.narrate(vote["reason"], rule.party, {"ratification": rule.party})


def run_stage(st: State, rng: random.Random, events_rng: random.Random) -> None:
    st.stage += 1
    for com in st.commitments.values():
        draw = rng.random()  # one draw per commitment per stage, whatever happens
        if com.broken or com.done >= com.stages:
            continue
        if com.after:
            dep = st.commitments.get(com.after)
            if dep is None or dep.reneged or dep.suspended:
                com.withheld = True
                st.history.emit(
                    "commitment",
                    id=com.id,
                    party=com.party,
                    stage=com.done + 1,
                    result="withheld",
                    cause={"commitment": com.after},
                )
                continue
            if dep.done <= com.done:
                continue  # waits for the stage it follows
        risk = renege_risk(st, com)
        cause = {"commitment": com.id}
        if draw < risk:
            com.reneged = True
            st.history.emit(
                "commitment",
                id=com.id,
                party=com.party,
                stage=com.done + 1,
                result="reneged",
                risk=round(risk, 4),
                cause=cause,
            )
            for other in st.c.party_order:
                key = f"trust.{other}>{com.party}"
                if key in st.figures:
                    st.change_figure(key, st.figures[key] - 15, cause)
            continue
        com.done += 1
        st.history.emit(
            "commitment",
            id=com.id,
            party=com.party,
            stage=com.done,
            result="kept",
            risk=round(risk, 4),
            cause=cause,
        )
        assets = list(com.transfers.items())
        for j, (asset, to) in enumerate(assets):
            due = -(-(j + 1) * com.stages // len(assets))  # spread over the stages
            if due == com.done:
                st.transfer(asset, to, cause)
    fire_rules(st, "implementation", None)
    run_events(st, events_rng)  # spoilers and chance events go on while deals are carried out
    snapshot(st)


def verified(st: State, com: Commitment) -> bool:
    return bool(com.verified_by) and all(st.agreed(v) for v in com.verified_by)


def renege_risk(st: State, com: Commitment) -> float:
    trust = [v for k, v in st.figures.items() if k.startswith(f"trust.{com.party}>")]
    mean = sum(trust) / len(trust) if trust else 50.0
    risk = com.renege_risk * (1 + (50 - mean) / 50)
    if verified(st, com):
        risk *= 1 - st.c.scenario.outcome.verification_bonus
    return max(0.0, min(1.0, risk))
