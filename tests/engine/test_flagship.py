"""The flagship scenario: it loads, plays, says what it is, and its key dynamics hold."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SCENARIOS, finish

from app.engine.compiled import compile_scenario
from app.engine.headless import bundled_scenario, play
from app.engine.implementation import begin, run_stage
from app.engine.session import Session
from app.engine.state import Agreement
from app.engine.visibility import view_for
from app.scenario.validate import load_ok

PATH = SCENARIOS / "ukraine-2022.yaml"
C = compile_scenario(load_ok(PATH))
BELLIGERENTS = {"ua": "team", "ru": "team"}


def at_issue(issue: str, seats: dict[str, str] = BELLIGERENTS, seed: int = 1) -> Session:
    """A session at move entry in round 1 of `issue` (the issues before it skipped)."""
    s = Session(C, seed, seats, preset="full_day")
    for other in C.issues:
        if other == issue:
            break
        s.apply({"type": "skip_issue", "issue": other})
    while not (s.stage == "entry" and s.st.issue == issue):
        s.apply({"type": "entry" if s.stage == "talk" else "start"})
    return s


def round_of(s: Session, **moves: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for party in [p for p in C.party_order if p in s.awaiting()]:
        out += s.apply({"type": "move", "party": party, "kind": "pass"} | moves.get(party, {}))
    return out


def next_round(s: Session) -> None:
    s.apply({"type": "start"})
    s.apply({"type": "entry"})


def test_parley_opens_on_the_flagship_and_it_says_it_is_dated_and_not_a_prediction() -> None:
    assert bundled_scenario() == PATH
    meta = C.scenario.scenario
    assert "March 2022" in meta.as_of
    text = f"{meta.disclaimer} {meta.brief}".lower()
    assert "training exercise" in text and "not a prediction" in text
    assert meta.debrief.objectives and meta.debrief.questions and meta.sources


def test_every_brief_follows_one_template_and_no_nationality_fixes_a_bot() -> None:
    for p in C.scenario.parties:
        conf = p.brief.confidential
        assert p.brief.public and conf.position and conf.assessment, p.id
        assert conf.position != conf.assessment
    policies = {C.parties[p].bot.policy for p in ("ua", "ru")}  # type: ignore[union-attr]
    assert len(policies) == 1  # the facilitator, not the nationality, picks a hard line


def test_every_option_has_a_debrief_note_and_every_preset_plays_to_an_outcome() -> None:
    assert all(o.debrief.strip() for o in C.options.values())
    for preset in ("workshop", "full_day"):
        s = play(C, 2, preset=preset)
        assert s.result is not None and set(s.result["issues"]) == set(C.issues)


def test_threats_lower_trust() -> None:
    s = at_issue("withdrawal")
    before = s.st.figures["trust.ua>ru"]
    out = round_of(s, ru={"kind": "pressure", "target": "ua"})
    drops = [e for e in out if e["type"] == "figure" and e["key"] == "trust.ua>ru"]
    assert drops and drops[0]["delta"] < 0
    assert drops[0]["cause"]["rule"] == "pressure_costs_trust"
    assert s.st.figures["trust.ua>ru"] < before


def test_agreed_observers_make_phased_withdrawal_credible() -> None:
    s = at_issue("withdrawal")
    round_of(
        s,
        ua={"kind": "propose", "option": "ceasefire_general"},
        ru={"kind": "accept", "option": "ceasefire_general"},
    )
    assert s.st.agreed("ceasefire")
    next_round(s)
    out = round_of(
        s,
        ua={"kind": "propose", "option": "timing_phased"},
        ru={"kind": "accept", "option": "timing_phased"},
    )
    [why] = [e for e in out if e["type"] == "not_credible" and e["option"] == "timing_phased"]
    assert "needs verification agreed first" in why["reason"]
    assert not s.st.agreed("timing_phased")
    next_round(s)
    round_of(
        s,
        ua={"kind": "propose", "option": "osce_observers"},
        ru={"kind": "accept", "option": "osce_observers"},
    )
    assert not s.st.agreed("osce_observers")  # the OSCE has not said yes yet
    next_round(s)
    out = round_of(s)  # the OSCE's bot answers the request it now sees on the table
    agreed = {e["option"] for e in out if e["type"] == "agreement"}
    assert agreed == {"osce_observers", "timing_phased"}  # the observers unlock the stages


def test_a_un_force_fails_without_the_security_councils_consent() -> None:
    # The UN is bot-only since the rework (its task is to answer requests): its bot consents,
    # but the Council's mandate still waits on the permanent member at the table.
    s = at_issue("crimea")
    out = round_of(
        s,
        ua={"kind": "propose", "option": "crimea_un_force"},
        ru={"kind": "reject", "option": "crimea_un_force"},
    )  # a permanent member's no
    assert "agreement" not in [e["type"] for e in out]
    next_round(s)
    out = round_of(s, ru={"kind": "reject", "option": "crimea_un_force"})
    assert s.st.supports("un", "crimea_un_force")  # the Secretariat said yes
    assert not s.st.agreed("crimea_un_force")
    next_round(s)
    out = round_of(s, ru={"kind": "accept", "option": "crimea_un_force"})
    assert "crimea_un_force" in {e["option"] for e in out if e["type"] == "agreement"}


def test_agree_to_disagree_scores_low_durability() -> None:
    status = C.dimensions["crimea_status"].options
    feasible = [o for o in status if not o.expected_infeasible]
    agree = C.options["crimea_agree_to_disagree"]
    assert agree.durability == min(o.durability for o in feasible)
    assert agree.durability < C.options["crimea_ni_process"].durability

    def durability_with(option: str) -> float:
        s = Session(C, 1, BELLIGERENTS)
        s.st.agreements["crimea_status"] = Agreement(option, "crimea", "ua", provisional=False)
        s.st.set_status("crimea", "deferred", {"test": True})
        from app.engine.outcome import outcome

        return outcome(s.st)["durability"]["score"]

    assert durability_with("crimea_agree_to_disagree") < durability_with("crimea_ni_process")


# Since the rework, ratification gates implementation and reads the deal's worth to each side
# (`min_value`): a deal of withdrawal and relief alone is worth less to Moscow than its BATNA
# and would be suspended, so the pinned implementation dynamics are played on a fuller deal.
FULLER_DEAL = (
    ("architecture", "architecture_talks"),
    ("crimea_status", "crimea_ni_process"),
    ("donbas_security", "donbas_un_force"),
    ("donbas_status", "donbas_citizenship"),
    ("alignment", "armed_neutrality"),
    ("symbolic", "symbolic_measures"),
)


def implemented(renege: dict[str, float]) -> Session:
    s = Session(C, 7, BELLIGERENTS)
    for dim, opt in (
        ("ceasefire", "ceasefire_general"),
        ("verification", "osce_observers"),
        ("withdrawal_scope", "scope_full"),
        ("withdrawal_timing", "timing_phased"),
        ("relief", "relief_tranches"),
        *FULLER_DEAL,
    ):
        s.st.agreements[dim] = Agreement(opt, C.dimension_issue[dim], "ua", provisional=False)
    begin(s.st)
    for cid, risk in renege.items():
        s.st.commitments[cid].renege_risk = risk
    for _ in range(3):
        run_stage(s.st, s.impl_rng, s.events_rng)
    return s


def test_relief_tranches_follow_verified_withdrawal_stages() -> None:
    s = implemented(
        {
            "russian_withdrawal": 0.0,
            "sanctions_relief": 0.0,
            "ua_restraint": 0.0,
            "lift_blockade": 0.0,
        }
    )
    steps = [
        (e["id"], e["stage"])
        for e in s.history.entries
        if e["type"] == "commitment" and e["id"] in ("russian_withdrawal", "sanctions_relief")
    ]
    for stage in (1, 2, 3):
        assert steps.index(("russian_withdrawal", stage)) < steps.index(("sanctions_relief", stage))
    assert s.st.commitments["sanctions_relief"].done == 3
    assert s.st.holders["npp"] == "ua"  # the power station changes hands through the stages


def test_broken_withdrawal_withholds_relief_and_costs_trust() -> None:
    s = implemented({"russian_withdrawal": 1.0, "sanctions_relief": 0.0})
    results = {e["id"]: e["result"] for e in s.history.entries if e["type"] == "commitment"}
    assert results["russian_withdrawal"] == "reneged"
    assert results["sanctions_relief"] == "withheld"
    assert s.st.holders["npp"] == "ru"


@pytest.mark.parametrize("viewer", ["ua", "ru", "west", "public"])
def test_no_view_shows_another_partys_confidential_brief(viewer: str) -> None:
    s = play(C, 3)
    text = repr(view_for(s, viewer))
    for p in C.scenario.parties:
        if p.id != viewer and p.brief.confidential.assessment:
            assert p.brief.confidential.assessment not in text


def test_bot_mixes_give_different_trust_and_leverage_curves() -> None:
    def curve(seats: dict[str, str]) -> list[float]:
        s = play(C, 11, seating=seats, preset="workshop")
        return [e["values"]["trust.ua>ru"] for e in s.history.entries if e["type"] == "figures"]

    assert curve({"ua": "bot:hardliner", "ru": "bot:hardliner"}) != curve(
        {"ua": "bot:conciliator", "ru": "bot:conciliator"}
    )


def test_a_full_session_reaches_an_outcome_with_every_party_against_its_batna() -> None:
    s = Session(C, 5, {})
    finish(s)
    assert s.result is not None
    assert set(s.result["parties"]) == set(C.party_order)
    assert all("vs_batna" in r for r in s.result["parties"].values())
