"""The outcome: per issue, the package, each party against its BATNA,
ratification, implementation and durability, each with its reasons.
There is no winner."""

from __future__ import annotations

from typing import Any

from app.engine.state import State


def outcome(st: State) -> dict[str, Any]:
    c = st.c
    issues = agreed_issues(st)
    for iid, info in issues.items():
        status = st.status[iid]
        info["status"] = "deferred" if status == "open" else status
    package = sorted(o for i in issues.values() for o in i["options"].values())
    collapsed, broken = st.collapsed, broken_options(st)
    ratification = st.ratification
    if ratification is None:  # no implementation phase: the votes are held now, same effect
        ratification = votes(st, issues)
        failed = [
            r
            for r in c.scenario.outcome.ratification
            if r.party in ratification and not ratification[r.party]["passed"]
        ]
        collapsed = collapsed or any(r.on_fail == "collapse" for r in failed)
        broken |= unratified(st, package, {r.party for r in failed})
        if collapsed:
            broken |= set(package)
    results = {p: party_result(st, p, issues, broken) for p in c.party_order}
    impl = {
        cid: {
            "party": com.party,
            "stages": com.stages,
            "done": com.done,
            "reneged": com.reneged,
            "withheld": com.withheld,
            "suspended": com.suspended,
        }
        for cid, com in st.commitments.items()
    }
    return {
        "issues": issues,
        "package": package,
        "parties": results,
        "ratification": ratification,
        "implementation": impl,
        "collapsed": collapsed,
        "durability": durability(st, package, ratification, impl, collapsed),
    }


def agreed_issues(st: State) -> dict[str, Any]:
    """Per issue, the options agreed on its decisions (pending conditional ones left out)."""
    return {
        iid: {
            "status": st.status[iid],
            "options": {
                d.id: st.agreements[d.id].option
                for d in issue.all_dimensions()
                if st.dimension_agreed(d.id)
            },
        }
        for iid, issue in st.c.issues.items()
    }


def no_deal(st: State, party: str) -> float:
    """What the party gets with no deal now: its BATNA adjusted by the end state (cost of
    delay, escalation, assets lost), kept within 0-100."""
    batna = st.c.parties[party].batna
    if batna.adjust is None:
        return batna.value
    adjust = batna.adjust
    amount = (
        float(st.c.condition(adjust)(st.context(None)))
        if isinstance(adjust, str)
        else float(adjust)
    )
    return round(max(0.0, min(100.0, batna.value + amount)), 2)


def broken_options(st: State) -> set[str]:
    """Options not carried out: the deal collapsed, or one of their commitments was reneged,
    withheld or suspended. They score at no-deal value."""
    if st.collapsed:
        return {ag.option for ag in st.agreements.values()}
    return {com.option for com in st.commitments.values() if com.broken}


def unratified(st: State, package: list[str], losers: set[str]) -> set[str]:
    """Options that would not be carried out: a commitment of a party whose vote failed, or
    one that follows (`after`) such a commitment."""
    coms = [(o, cm) for o in package for cm in st.c.options[o].commitments]
    dropped = {cm.id for _, cm in coms if cm.party in losers}
    grew = True
    while grew:
        more = {cm.id for _, cm in coms if cm.after in dropped} - dropped
        grew = bool(more)
        dropped |= more
    return {o for o, cm in coms if cm.id in dropped}


def party_result(
    st: State, party: str, issues: dict[str, Any], broken: set[str] | None = None
) -> dict[str, Any]:
    """The party's result: agreed options at their value to it, except those not carried out;
    every decision not agreed, and every option not carried out, at its no-deal result."""
    me = st.c.parties[party]
    fallback = no_deal(st, party)
    broken = broken_options(st) if broken is None else broken
    total = weight = 0.0
    for iid, info in issues.items():
        w = me.priorities.get(iid, 1.0)
        dims = st.c.issues[iid].all_dimensions()
        chosen = [info["options"].get(d.id) for d in dims]
        values = [
            st.c.options[o].values.get(party, fallback) if o and o not in broken else fallback
            for o in chosen
        ]
        total += w * sum(values) / len(values)
        weight += w
    value = round(total / weight, 2) if weight else fallback
    return {
        "value": value,
        "batna": me.batna.value,
        "vs_batna": round(value - me.batna.value, 2),
        "no_deal": fallback,
    }


def votes(st: State, issues: dict[str, Any]) -> dict[str, Any]:
    """Every ratification vote on the deal as it stands (none when nothing was agreed)."""
    if not any(i["options"] for i in issues.values()):
        return {}
    return {
        r.party: ratify(st, r, party_result(st, r.party, issues)["value"])
        for r in st.c.scenario.outcome.ratification
    }


def ratify(st: State, rule: Any, value: float) -> dict[str, Any]:
    """A home vote: its condition, and the deal worth at least what the audience now demands
    (`min_value`, which public threats and statements can raise)."""
    ctx = st.context(None)
    held = bool(st.c.condition(rule.when)(ctx))
    bar = None
    if rule.min_value is not None:
        bar = round(
            float(st.c.condition(rule.min_value)(ctx))
            if isinstance(rule.min_value, str)
            else float(rule.min_value),
            2,
        )
    enough = bar is None or value >= bar
    passed = held and enough
    reason = (rule.passes if passed else rule.fails) or rule.when
    if held and not enough:
        who = st.c.parties[rule.party].short or st.c.parties[rule.party].name
        reason = (
            f"{rule.fails + ' ' if rule.fails else ''}The deal is worth {value:g} to "
            f"{who}; after what {who} promised in public, its audience wants {bar:g}."
        )
    out = {"name": rule.name, "passed": passed, "reason": reason}
    if bar is not None:
        out |= {"value": value, "bar": bar}
    return out


def durability(
    st: State,
    package: list[str],
    ratification: dict[str, Any],
    impl: dict[str, Any],
    collapsed: bool = False,
) -> dict[str, Any]:
    if not package:
        return {"score": 0, "reasons": ["No agreement: nothing to last."]}
    if collapsed:
        return {
            "score": 0,
            "reasons": [
                "A ratification failed and the deal collapsed: nothing of it is carried out."
            ],
        }
    spec = st.c.scenario.outcome.durability
    base = sum(st.c.options[o].durability for o in package) / len(package)
    dels = st.c.delegations
    pairs = [
        st.figures[f"trust.{a}>{b}"]
        for a in dels
        for b in dels
        if a != b and f"trust.{a}>{b}" in st.figures
    ]
    trust = sum(pairs) / len(pairs) / 100 if pairs else 0.5
    stages = sum(i["stages"] for i in impl.values())
    kept = sum(i["done"] for i in impl.values()) / stages if stages else 1.0
    rat = (
        sum(r["passed"] for r in ratification.values()) / len(ratification) if ratification else 1.0
    )
    rest = max(0.0, 1 - spec.trust_weight - spec.implementation_weight - spec.ratification_weight)
    score = base * rest + 100 * (
        spec.trust_weight * trust
        + spec.implementation_weight * kept
        + spec.ratification_weight * rat
    )
    weakest = min(package, key=lambda o: st.c.options[o].durability)
    reasons = [
        f"The options agreed average {base:.0f}/100 for durability; the weakest is "
        f"{st.c.options[weakest].name} ({st.c.options[weakest].durability:g}).",
        f"Trust between the delegations ends at {trust * 100:.0f}/100.",
        f"{kept * 100:.0f}% of the commitment stages were carried out.",
        f"{rat * 100:.0f}% of the ratifications passed.",
    ]
    return {"score": round(score, 1), "reasons": reasons}
