"""The debrief's data on small constructed scenarios whose answers are known by hand."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from conftest import TUTORIAL

from app.debrief import compare, feedback, outcome_space, timeline
from app.debrief.outcome_space import Space, analyse
from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.headless import _Bare, drive
from app.engine.session import Session
from app.scenario.validate import load_ok, load_text

TWO_ISSUES = """
format: 1
scenario: {id: known, title: Known answers}
parties:
  - {id: a, name: A, batna: {value: 20}, priorities: {money: 3, land: 1}}
  - {id: b, name: B, batna: {value: 20}, priorities: {money: 1, land: 3}}
issues:
  - id: money
    name: Money
    options:
      - {id: m_a, name: All to A, values: {a: 100, b: 0}}
      - {id: m_split, name: Split, values: {a: 50, b: 50}}
      - {id: m_b, name: All to B, values: {a: 0, b: 100}}
  - id: land
    name: Land
    options:
      - {id: l_a, name: Land to A, values: {a: 100, b: 0}}
      - {id: l_b, name: Land to B, values: {a: 0, b: 100}}
      - id: l_joint
        name: Joint land
        values: {a: 60, b: 60}
        credibility: {requires: [m_split]}
      - id: l_never
        name: Behind a red line
        values: {a: 100, b: 100}
        red_lines: [b]
"""


def known() -> Any:
    loaded = load_text(TWO_ISSUES)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return compile_scenario(loaded.scenario)


def brute_force(space: Space) -> list[dict[str, float]]:
    """Every feasible deal's values for the delegations, then the undominated ones."""
    c = space.c
    per_dim = [[None, *outcome_space.feasible_options(c, d)] for d in space.dims]
    points = []
    for combo in itertools.product(*per_dim):
        chosen = [o for o in combo if o]
        ok = all(all(r in chosen for r in space.requires.get(o, ())) for o in chosen)
        if ok:
            values = space.deal(chosen).values
            points.append(tuple(round(values[p], 2) for p in space.parties))
    return sorted(
        {
            p
            for p in points
            if not any(all(q[i] >= p[i] for i in range(len(p))) and q != p for q in points)
        },
        reverse=True,
    )


def test_the_frontier_is_every_undominated_deal_and_respects_requires_and_red_lines() -> None:
    c = known()
    space = Space(c, {"a": 20, "b": 20})
    front = space.frontier()
    got = sorted({tuple(round(d.values[p], 2) for p in space.parties) for d in front}, reverse=True)
    assert got == brute_force(space)
    options = {o for d in front for o in d.options()}
    assert "l_never" not in options  # behind b's red line: never a possible deal
    for d in front:
        if "l_joint" in d.options():
            assert "m_split" in d.options()  # requires met by a partner


def test_a_hand_computed_fair_point_and_value_left() -> None:
    """A weighs money 3:1, B land 3:1: the efficient trade gives money to A and land to B,
    each scoring 75 against a no-deal value of 20; a split on both scores 50 for each."""
    c = known()
    result = {
        "issues": {
            "money": {"options": {"money": "m_split"}},
            "land": {"options": {"land": "l_joint"}},
        },
        "parties": {"a": {"value": 0, "batna": 20}, "b": {"value": 0, "batna": 20}},
    }
    space = analyse(c, result)
    assert space["fair_point"]["options"] == ["m_a", "l_b"]
    assert space["fair_point"]["values"]["a"] == pytest.approx(75)
    assert space["fair_point"]["values"]["b"] == pytest.approx(75)
    assert space["deal"]["values"]["a"] == pytest.approx(52.5)  # 0.75*50 + 0.25*60
    assert space["value_left"]["a"] == pytest.approx(22.5)
    assert space["deal"]["values"]["b"] == pytest.approx(57.5)  # 0.25*50 + 0.75*60
    assert space["value_left"]["b"] == pytest.approx(17.5)
    assert space["value_left"]["total"] == pytest.approx(40)
    assert space["gap_to_frontier"] == pytest.approx(17.5)  # both gain 17.5 at once
    assert "Pareto" in space["explanation"]


def test_no_deal_sits_at_the_no_deal_values() -> None:
    c = known()
    result = {
        "issues": {"money": {"options": {}}, "land": {"options": {}}},
        "parties": {
            "a": {"value": 20, "batna": 20, "no_deal": 12},
            "b": {"value": 20, "batna": 20},
        },
    }
    space = analyse(c, result)
    assert space["deal"]["agreed"] is False
    assert space["deal"]["values"] == {"a": 12, "b": 20}  # the outcome's no-deal value wins


def test_the_frontier_of_the_flagship_contains_its_fair_point() -> None:
    from conftest import SCENARIOS

    c = compile_scenario(load_ok(SCENARIOS / "ukraine-2022.yaml"))
    space = Space(c, {p: c.parties[p].batna.value for p in c.party_order})
    front = space.frontier()
    fair = space.fair_point(front)
    assert fair in front and len(front) >= 5
    assert all(fair.values[p] > space.no_deal[p] for p in space.parties)


# --- a constructed session: turning points, feedback, comparison ------------------------------

TUTOR = compile_scenario(load_ok(TUTORIAL))
SEATS = {"aldmere": "team", "brevia": "team", "council": "bot"}


def played(moves: list[dict[str, Any]]) -> Session:
    s = Session(TUTOR, 8, SEATS, FakeClock())
    drive(_Bare(s), moves)
    return s


PRESSURE_THEN_CALM = [
    {"type": "move", "party": "aldmere", "kind": "pass"},
    {"type": "move", "party": "brevia", "kind": "propose", "option": "joint_authority"},
    {"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevia"},
    {"type": "move", "party": "brevia", "kind": "pressure", "target": "aldmere"},
]


def test_turning_points_name_the_round_and_the_cause() -> None:
    s = played(PRESSURE_THEN_CALM)
    rounds = timeline.rounds(s.history.entries)
    points = timeline.turning_points(TUTOR, rounds)
    first = points[0]
    assert first["n"] == 2 and "round 2" in first["label"]
    assert any("Pressure buys leverage" in cause for cause in first["causes"])
    assert [p["size"] for p in points] == sorted((p["size"] for p in points), reverse=True)


def test_feedback_finds_the_offer_left_unanswered_and_the_moves_that_mattered() -> None:
    s = played(PRESSURE_THEN_CALM)
    result = s.result
    assert result is not None
    space = analyse(TUTOR, result)
    page = feedback.for_party(TUTOR, "aldmere", s.history.entries, result, space)
    left = [(o["option"], o["by"]) for o in page["unanswered"]]
    assert (TUTOR.options["joint_authority"].name, TUTOR.parties["brevia"].name) in left
    brevia = feedback.for_party(TUTOR, "brevia", s.history.entries, result, space)
    assert all(o["by"] != TUTOR.parties["brevia"].name for o in brevia["unanswered"])
    mattered = page["moves_that_mattered"]
    assert mattered and mattered[0]["kind"] == "pressure"
    assert any(k.startswith("Leverage") for k in mattered[0]["changes"])


def test_two_tables_part_at_the_first_round_whose_moves_differ() -> None:
    a = played(PRESSURE_THEN_CALM)
    b = played(
        PRESSURE_THEN_CALM[:2]
        + [
            {"type": "move", "party": "aldmere", "kind": "accept", "option": "joint_authority"},
            {"type": "move", "party": "brevia", "kind": "pass"},
        ]
    )
    tables = [
        {"id": "a", "label": "Table A", "history": a.history.entries, "outcome": a.result},
        {"id": "b", "label": "Table B", "history": b.history.entries, "outcome": b.result},
    ]
    found = compare.compare(TUTOR, tables)
    assert found["divergence"] == {"round_index": 2, "issue": "harbour", "round": 2}
    assert [t["label"] for t in found["tables"]] == ["Table A", "Table B"]
    assert found["tables"][0]["series"]["trust.aldmere>brevia"]
    assert compare.divergence([a.history.entries, a.history.entries]) is None
