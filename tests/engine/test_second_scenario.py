"""The second bundled scenario, the Sarn River Accord: it loads clean, bots play it to a
spread of outcomes, and teams replayed from command logs meet its deadline and its votes.

A water-sharing treaty between three invented riparian states with a playable mediator:
the gates of the new dam close when the talks reach the second issue, and from then on
every round without a filling schedule fills the reservoir and lowers what no deal is
worth downstream; each state's parliament votes on the accord, and a failed vote in the
delta brings the whole accord down.
"""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SCENARIOS

from app.engine.compiled import Compiled, compile_scenario
from app.engine.headless import play
from app.engine.session import Session
from app.engine.simulate import simulate
from app.scenario.lint import lint
from app.scenario.validate import load_file

PATH = SCENARIOS / "sarn-river.yaml"
# the three delegations and the mediator are teams; the Fund is its bot (an observer)
TEAMS = {"highmark": "team", "ovenna": "team", "lowen": "team", "commission": "team"}


def move(party: str, kind: str, **params: str) -> dict[str, Any]:
    return {"type": "move", "party": party, "kind": kind, **params}


# Round 1 of the filling talks: the envoy pledges the Commission's engineers, Highmark
# tables the phased filling and both downstream states accept it.
SETTLE = [
    move("commission", "guarantee", issue="filling", option="fill_phased"),
    move("highmark", "propose", option="fill_phased"),
    move("ovenna", "accept", option="fill_phased"),
    move("lowen", "accept", option="fill_phased"),
]
PETITION = move("lowen", "court_petition", target="highmark")
THREAT = move("highmark", "close_sluices", target="lowen")


@pytest.fixture(scope="module")
def compiled() -> Compiled:
    loaded = load_file(PATH)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    assert loaded.scenario is not None
    return compile_scenario(loaded.scenario)


def fired(s: Session, kind: str, key: str) -> list[str]:
    return [e[key] for e in s.history.entries if e["type"] == kind]


def test_it_loads_and_lints_clean_but_for_the_facilitators_cables() -> None:
    loaded = load_file(PATH)
    assert loaded.ok
    findings = [(d.severity, d.code) for d in lint(loaded)]
    # the two confidential cables are the facilitator's to inject: an info, by design
    assert findings == [("info", "event-manual"), ("info", "event-manual")]
    meta = loaded.scenario.scenario if loaded.scenario else None
    assert meta is not None and "fictional" in meta.disclaimer and meta.as_of
    for party in loaded.scenario.parties if loaded.scenario else []:
        conf = party.brief.confidential
        assert party.brief.public and conf.position and conf.assessment, party.id
        assert conf.interests and conf.fears and conf.instructions, party.id


def test_a_small_dry_run_agrees_every_issue_sometimes_but_never_always() -> None:
    loaded = load_file(PATH)
    assert loaded.scenario is not None
    report = simulate(loaded.scenario, 40, seed=0, workers=1)
    rates = {issue: r["agreed_rate"] for issue, r in report["issues"].items()}
    assert set(rates) == {"filling", "allocation", "data", "benefits"}
    assert all(0 < rate < 1 for rate in rates.values()), rates
    assert report["rules"]["sluices_threat"] > 0 and report["rules"]["court_petition_filed"] > 0
    assert report["events"]["gates_close"] == 1.0


def test_a_filling_settled_before_the_gates_close_keeps_the_river_and_no_deal_worth_more(
    compiled: Compiled,
) -> None:
    early = play(compiled, 7, commands=SETTLE, seating=TEAMS)
    late = play(compiled, 7, commands=[THREAT, PETITION], seating=TEAMS)
    # the gates close in both sessions; only where filling is open does the reservoir fill
    for s in (early, late):
        assert "gates_close" in fired(s, "event", "event")
    assert "reservoir_fills" not in fired(early, "rule", "rule")
    assert fired(late, "rule", "rule").count("reservoir_fills") >= 5
    assert early.st.figures["reservoir"] == 10 < late.st.figures["reservoir"]
    # the stalled filling talks are called back once the reservoir passes 30%
    reopened = [(e["issue"], e["rounds"]) for e in late.history.entries if e["type"] == "reopened"]
    assert reopened == [("filling", 2)]
    assert early.result["package"] == ["fill_phased"] and late.result["package"] == []
    # the deadline passed with nothing agreed: no deal is worth far less to the delta
    no_deal = {s: s.result["parties"]["lowen"]["no_deal"] for s in (early, late)}
    assert no_deal[late] < no_deal[early] - 10
    assert early.result["ratification"]["lowen"]["passed"] is True
    assert early.result["implementation"]["minimum_release"]["done"] == 3


def test_petitions_raise_the_deltas_bar_so_its_vote_fails_and_the_accord_collapses(
    compiled: Compiled,
) -> None:
    calm = play(compiled, 7, commands=SETTLE, seating=TEAMS)
    loud = play(compiled, 7, commands=[PETITION, PETITION, PETITION, *SETTLE], seating=TEAMS)
    assert fired(loud, "rule", "rule").count("court_petition_filed") == 3
    assert loud.result["package"] == calm.result["package"] == ["fill_phased"]
    ok, failed = calm.result["ratification"]["lowen"], loud.result["ratification"]["lowen"]
    assert failed["value"] == ok["value"] and failed["bar"] == ok["bar"] + 15
    assert ok["passed"] is True and failed["passed"] is False
    # Lowen's vote collapses the accord: nobody carries anything out, all score at no deal
    assert loud.result["collapsed"] is True and calm.result["collapsed"] is False
    assert loud.result["implementation"]["minimum_release"]["suspended"] is True
    for party in ("highmark", "ovenna", "lowen"):
        result = loud.result["parties"][party]
        assert result["value"] == result["no_deal"] < calm.result["parties"][party]["value"]
