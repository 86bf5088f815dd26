"""A port strike with a mediator, written from FORMAT.md: the walls its author hit are gone.

Every difficulty the first author of such a scenario reported, played by bots in a small dry
run and by a team from a command log: credibility with `any:`, a strike that needs its target,
a count of stalled rounds, an effect that brings talks back, figure values in texts, bots that
strike and make statements, a mediator bot that gets deals in the package round, and a union
vote that, when it fails, stops the port from carrying out its side.
"""

from __future__ import annotations

from typing import Any

import pytest

from app.engine.compiled import compile_scenario
from app.engine.headless import play
from app.engine.session import CommandError, Session
from app.engine.simulate import simulate
from app.scenario.lint import lint
from app.scenario.validate import load_text

PORT_STRIKE = """
format: 2
scenario: {id: port-strike, title: The Port Strike}
parties:
  - id: port
    name: Port authority
    batna: {value: 35, adjust: "-backlog / 5"}
    priorities: {wages: 1, automation: 2}
    bot: {policy: reciprocator}
  - id: union
    name: Dockers' union
    batna: {value: 35, adjust: "-2 * stalled_rounds(wages)"}
    priorities: {wages: 2, automation: 1}
    bot: {policy: hardliner, moves: {strike: 0.2, statement: 0.1}}
  - id: mediator
    name: Labour mediator
    kind: mediator
    batna: {value: 10}
    bot: {policy: mediator}
  - id: city
    name: City council
    kind: outside
    batna: {value: 20}
figures:
  - {id: support, scope: party, parties: [union], start: 60, visibility: owner}
  - {id: audience, scope: party, parties: [union], start: 0, visibility: owner}
  - {id: backlog, name: Cargo backlog, start: 20}
issues:
  - id: wages
    name: Wages
    required: [port, union]
    options:
      - {id: wage_2, name: Two per cent, values: {port: 80, union: 30, mediator: 40},
         attributes: {wage: 2}, debrief: "Cheap for the port."}
      - {id: wage_4, name: Four per cent, values: {port: 60, union: 60, mediator: 80},
         attributes: {wage: 4}, debrief: "The middle."}
      - {id: wage_6, name: Six per cent, values: {port: 30, union: 85, mediator: 50},
         attributes: {wage: 6}, debrief: "The union's ask."}
  - id: automation
    name: Automation
    required: [port, union]
    options:
      - {id: freeze, name: A freeze on cranes, values: {port: 20, union: 80, mediator: 40},
         debrief: "The union's ideal."}
      - id: phased
        name: Phased automation with retraining
        values: {port: 65, union: 60, mediator: 85, city: 60}
        credibility:
          reason: "Retraining must be believed: enough trust, or the city's guarantee."
          any:
            - {min_trust: 65}
            - {guarantee: true, guarantors: [city]}
        commitments:
          - {id: retrain, party: port, stages: 2, renege_risk: 0}
        debrief: "A ladder both sides can sell."
      - {id: free_hand, name: A free hand, values: {port: 90, union: 10, mediator: 30},
         red_lines: [union], debrief: "The port's ideal."}
moves:
  add:
    - id: strike
      label: Call a strike
      like: pressure
      params: [target, remark]
      required: [target]
      who: [union]
rules:
  - id: strike_bites
    when: "move.kind == strike"
    then:
      - add: {backlog: 15, audience.mover: 5, trust.target>mover: -5}
    narrative: "{mover} strikes against {target}. The backlog stands at {backlog}."
  - id: pay_rise_calms
    on: agreement
    when: "wage >= 4"
    then:
      - add: {backlog: -10}
    narrative: "A real pay rise: the ships start moving."
events:
  - id: city_steps_in
    name: The city steps in
    trigger: conditional
    when: "backlog >= 60 and stalled_rounds(wages) >= 2"
    text: "With {backlog} ships waiting, the city demands that talks on wages resume."
    effects:
      - reopen: {wages: 2}
timing:
  default: day
  presets:
    - id: day
      name: A day
      phases:
        - {kind: rounds, rounds_per_issue: 3}
        - {kind: package, rounds_per_issue: 2, all_or_nothing: false}
        - {kind: implementation, stages: 2}
        - {kind: debrief}
outcome:
  ratification:
    - party: union
      name: Union ballot
      when: "support.union >= 40"
      min_value: "45 + audience.union"
      on_fail: collapse
      fails: "The members vote the deal down."
"""


@pytest.fixture(scope="module")
def port_strike() -> Any:
    loaded = load_text(PORT_STRIKE, "port.yaml")
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return loaded


def test_it_validates_and_lints_without_errors(port_strike: Any) -> None:
    assert [d.format() for d in lint(port_strike) if d.severity == "error"] == []


def test_bots_strike_and_the_mediator_gets_deals(port_strike: Any) -> None:
    report = simulate(port_strike.scenario, 40, seed=1, workers=1)
    assert report["rules"]["strike_bites"] > 0  # the hard-liner plays the scenario's strike
    assert report["issues"]["wages"]["agreed_rate"] > 0  # the mediator's package round works
    assert report["issues"]["automation"]["agreed_rate"] > 0
    assert 0 < report["above_batna"]["union"] < 1  # "above BATNA" now tells runs apart


def test_a_team_strike_needs_its_target_and_prints_the_backlog(port_strike: Any) -> None:
    c = compile_scenario(port_strike.scenario)
    s = Session(c, 1, {"port": "team", "union": "team"})
    while s.stage != "entry":
        s.apply({"type": "entry" if s.stage == "talk" else "start"})
    with pytest.raises(CommandError, match="needs a target"):
        s.apply({"type": "move", "party": "union", "kind": "strike"})
    out = s.apply({"type": "move", "party": "union", "kind": "strike", "target": "port"})
    out += s.apply({"type": "move", "party": "port", "kind": "pass"})
    texts = [e["text"] for e in out if e["type"] == "narrative"]
    assert "Dockers' union strikes against Port authority. The backlog stands at 35." in texts


def test_strikes_that_commit_the_union_sink_its_ballot_and_the_ports_side(port_strike: Any) -> None:
    c = compile_scenario(port_strike.scenario)
    strike = {"type": "move", "party": "union", "kind": "strike", "target": "port"}
    offer = {
        "type": "move",
        "party": "port",
        "kind": "propose",
        "option": "wage_4",
        "package": ["phased"],
    }
    accept = {"type": "move", "party": "union", "kind": "accept", "option": "wage_4"}
    # the city guarantees retraining when asked; the mediator's seat is empty today
    seats = {"city": "bot:observer", "mediator": "team"}
    calm = play(c, 3, commands=[strike, offer, accept], seating=seats)
    # three strikes stall the wage talks until the city steps in; a fourth in the reopened talks
    angry = play(c, 3, commands=[strike, strike, strike, strike, offer, accept], seating=seats)
    reopened = [e for e in angry.history.entries if e["type"] == "reopened"]
    assert [(e["issue"], e["rounds"]) for e in reopened] == [("wages", 2)]
    for s in (calm, angry):
        assert s.result["package"] == ["phased", "wage_4"]
    assert calm.result["ratification"]["union"]["passed"] is True
    vote = angry.result["ratification"]["union"]
    assert vote["passed"] is False and vote["bar"] == 65 and vote["value"] == 60
    assert angry.result["collapsed"] is True  # a ballot lost: nobody carries anything out
    assert angry.result["implementation"]["retrain"]["suspended"] is True
    assert calm.result["implementation"]["retrain"]["done"] == 2
    union = angry.result["parties"]["union"]
    assert union["value"] == union["no_deal"] < calm.result["parties"]["union"]["value"]
