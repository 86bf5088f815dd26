"""The outcome: per issue, the package, each party against its BATNA,
ratification, implementation and durability, each with its reasons.
There is no winner."""

from __future__ import annotations

from typing import Any

from app.engine.state import State


def outcome(st: State) -> dict[str, Any]:
    c = st.c
    issues: dict[str, Any] = {}
    for iid, issue in c.issues.items():
        agreed = {d.id: st.agreements[d.id].option for d in issue.all_dimensions()
                  if st.dimension_agreed(d.id)}  # fmt: skip
        status = st.status[iid]
        if status == "open":
            status = "deferred"
        issues[iid] = {"status": status, "options": agreed}
    package = sorted(o for i in issues.values() for o in i["options"].values())
    results = {p: party_result(st, p, issues) for p in c.party_order}
    ratification = {r.party: ratify(st, r) for r in c.scenario.outcome.ratification} \
        if package else {}  # fmt: skip
    impl = {cid: {"party": com.party, "stages": com.stages, "done": com.done,
                  "reneged": com.reneged, "withheld": com.withheld}
            for cid, com in st.commitments.items()}  # fmt: skip
    return {
        "issues": issues,
        "package": package,
        "parties": results,
        "ratification": ratification,
        "implementation": impl,
        "durability": durability(st, package, ratification, impl),
    }


def party_result(st: State, party: str, issues: dict[str, Any]) -> dict[str, Any]:
    me = st.c.parties[party]
    total = weight = 0.0
    for iid, info in issues.items():
        w = me.priorities.get(iid, 1.0)
        dims = st.c.issues[iid].all_dimensions()
        values = [st.c.options[info["options"][d.id]].values.get(party, me.batna.value)
                  if d.id in info["options"] else me.batna.value for d in dims]  # fmt: skip
        total += w * sum(values) / len(values)
        weight += w
    value = round(total / weight, 2) if weight else me.batna.value
    return {"value": value, "batna": me.batna.value, "vs_batna": round(value - me.batna.value, 2)}


def ratify(st: State, rule: Any) -> dict[str, Any]:
    passed = bool(st.c.condition(rule.when)(st.context(None)))
    return {"name": rule.name, "passed": passed,
            "reason": (rule.passes if passed else rule.fails) or rule.when}  # fmt: skip


def durability(st: State, package: list[str], ratification: dict[str, Any],
               impl: dict[str, Any]) -> dict[str, Any]:  # fmt: skip
    if not package:
        return {"score": 0, "reasons": ["No agreement: nothing to last."]}
    spec = st.c.scenario.outcome.durability
    base = sum(st.c.options[o].durability for o in package) / len(package)
    dels = st.c.delegations
    pairs = [st.figures[f"trust.{a}>{b}"] for a in dels for b in dels
             if a != b and f"trust.{a}>{b}" in st.figures]  # fmt: skip
    trust = sum(pairs) / len(pairs) / 100 if pairs else 0.5
    stages = sum(i["stages"] for i in impl.values())
    kept = sum(i["done"] for i in impl.values()) / stages if stages else 1.0
    rat = (sum(r["passed"] for r in ratification.values()) / len(ratification)
           if ratification else 1.0)  # fmt: skip
    rest = max(0.0, 1 - spec.trust_weight - spec.implementation_weight - spec.ratification_weight)
    score = base * rest + 100 * (spec.trust_weight * trust + spec.implementation_weight * kept
                                 + spec.ratification_weight * rat)  # fmt: skip
    weakest = min(package, key=lambda o: st.c.options[o].durability)
    reasons = [
        f"The options agreed average {base:.0f}/100 for durability; the weakest is "
        f"{st.c.options[weakest].name} ({st.c.options[weakest].durability:g}).",
        f"Trust between the delegations ends at {trust * 100:.0f}/100.",
        f"{kept * 100:.0f}% of the commitment stages were carried out.",
        f"{rat * 100:.0f}% of the ratifications passed.",
    ]
    return {"score": round(score, 1), "reasons": reasons}
