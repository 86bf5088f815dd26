"""What is on the table and why a proposal is not agreed: names, never ids, and no value
of a figure the viewer may not see."""

from __future__ import annotations

import re

from engine.test_flagship import C, at_issue, next_round, round_of

from app.engine.explain import needs
from app.engine.table import table_for
from app.engine.transcript import describe, issue_outcome
from app.engine.visibility import view_for

IDS = re.compile(
    r"\b("
    + "|".join(sorted(list(C.options) + [r.id for r in C.scenario.rules], key=len, reverse=True))
    + r")\b"
)


def unsettled(entries: list[dict]) -> dict[str, dict]:
    return {e["option"]: e for e in entries if e["type"] == "unsettled"}


def test_two_matching_proposals_that_did_not_agree_say_why() -> None:
    s = at_issue("withdrawal")
    round_of(
        s,
        ua={"kind": "propose", "option": "ceasefire_general"},
        ru={"kind": "accept", "option": "ceasefire_general"},
    )
    next_round(s)
    out = round_of(
        s,
        ua={"kind": "propose", "option": "timing_phased"},
        ru={"kind": "propose", "option": "timing_phased"},
    )
    e = unsettled(out)["timing_phased"]
    assert e["visibility"] == "public" and e["dimension"] == "withdrawal_timing"
    assert e["accepted_by"] == ["ua", "ru"] and e["awaiting"] == [] and e["credible"] is False
    assert "not credible yet" in e["reason"] and "agreed first" in e["reason"]
    line = describe(C, e)
    assert "Timing and conditions: Phased, verified stages" in line
    assert "accepted by Ukraine and Russia" in line
    assert not IDS.search(line), line


def test_an_accept_that_agreed_nothing_says_what_it_accepted_and_who_is_missing() -> None:
    s = at_issue("withdrawal")
    out = round_of(
        s,
        ua={"kind": "propose", "option": "osce_observers"},
        ru={"kind": "accept", "option": "osce_observers"},
    )
    e = unsettled(out)["osce_observers"]
    assert e["accepted_by"] == ["ua", "ru"] and e["awaiting"] == ["osce"]
    assert "OSCE has not accepted it" in describe(C, e)


def test_the_table_shows_each_decision_and_the_standing_proposals() -> None:
    s = at_issue("withdrawal")
    round_of(
        s,
        ua={"kind": "propose", "option": "osce_observers"},
        ru={"kind": "accept", "option": "ceasefire_general"},
    )
    table = view_for(s, "ua")["table"]
    decisions = {d["id"]: d for d in table["decisions"]}
    assert set(decisions) == {d.id for d in C.issues["withdrawal"].all_dimensions()}
    verification = decisions["verification"]
    assert verification["status"] == "open"
    # the West, seated as a bot, tables what only it can give: its half of a joint mechanism
    by_option = {p["option"]: p for p in verification["proposals"]}
    assert by_option["joint_mechanism"]["by"] == "west"
    p = by_option["osce_observers"]
    assert p["by"] == "ua"
    assert p["accepted_by"] == ["ua"] and p["awaiting"] == ["ru", "osce"]
    next_round(s)
    round_of(s, ua={"kind": "accept", "option": "ceasefire_general"})
    table = table_for(s, "public")
    ceasefire = next(d for d in table["decisions"] if d["id"] == "ceasefire")
    assert ceasefire["status"] == "provisionally agreed"  # the full day ends with a package
    assert ceasefire["agreed"] == C.options["ceasefire_general"].name


def test_a_condition_on_another_partys_private_figure_names_no_value() -> None:
    s = at_issue("west_offer")
    s.st.figures["cohesion.west"] = 12.5
    own = needs(s.st, "relief_tranches", "west")
    other = needs(s.st, "relief_tranches", "ua")
    reason = C.options["relief_tranches"].credibility.reason  # type: ignore[union-attr]
    assert any(reason in n for n in own)
    assert other and not any(reason in n or "12.5" in n or "40" in n for n in other)


def test_an_outcome_never_calls_an_issue_with_agreed_options_deadlocked() -> None:
    info = {"status": "deadlocked", "options": {"ceasefire": "ceasefire_general"}}
    text = issue_outcome(C, "withdrawal", info)
    assert "deadlocked" not in text and text.startswith("partly agreed")
    assert "no agreement on" in text and "Scope of withdrawal" in text
