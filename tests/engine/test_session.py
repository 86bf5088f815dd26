"""Sessions: rounds and the clock, moves, agreements, facilitator actions, replay."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import TUTORIAL, compiled_from, finish
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.headless import play
from app.engine.history import to_jsonl
from app.engine.session import CommandError, Session
from app.engine.visibility import view_for
from app.scenario.validate import load_ok

TUTOR = compile_scenario(load_ok(TUTORIAL))


def teams(clock: FakeClock | None = None, c: Any = TUTOR, **kw: Any) -> Session:
    seats = {"aldmere": "team:North", "brevia": "team:South", "council": "bot"}
    return Session(c, 11, seats, clock or FakeClock(), **kw)


def to_entry(s: Session) -> None:
    s.apply({"type": "start"})  # briefing
    s.apply({"type": "start"})  # preparation
    s.apply({"type": "start"})  # harbour round 1: talk
    s.apply({"type": "entry"})


def move(s: Session, party: str, kind: str, **kw: Any) -> list[dict[str, Any]]:
    return s.apply({"type": "move", "party": party, "kind": kind, **kw})


def types(entries: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in entries]


# --- rounds and the clock --------------------------------------------------------


def test_talk_time_then_entry_then_timeout_on_the_fake_clock() -> None:
    clock = FakeClock()
    s = teams(clock)
    for _ in range(3):
        s.apply({"type": "start"})
    assert s.stage == "talk" and s.time_left() == 240
    clock.advance(239)
    assert s.tick() == []
    clock.advance(1)
    assert "entry" in types(s.tick()) and s.stage == "entry"
    assert s.awaiting() == ["aldmere", "brevia"]  # the mediator's bot moved at once
    move(s, "aldmere", "propose", option="joint_authority")
    clock.advance(60)
    produced = s.tick()
    assert [e["party"] for e in produced if e["type"] == "missed"] == ["brevia"]
    passes = [e for e in produced if e["type"] == "move" and e["party"] == "brevia"]
    assert passes[0]["kind"] == "pass" and passes[0]["by"] == "timeout"
    assert s.stage == "resolved" and s.log[-1] == {"type": "timeout"}


def test_pause_stops_the_clock_and_extend_adds_time() -> None:
    clock = FakeClock()
    s = teams(clock)
    to_entry(s)
    s.apply({"type": "pause"})
    clock.advance(1000)
    assert s.tick() == [] and s.time_left() == 60
    s.apply({"type": "resume"})
    s.apply({"type": "extend", "seconds": 30})
    clock.advance(89)
    assert s.tick() == []
    clock.advance(1)
    assert "missed" in types(s.tick())


def test_round_resolves_as_soon_as_everyone_has_moved() -> None:
    s = teams()
    to_entry(s)
    move(s, "aldmere", "propose", option="joint_authority")
    assert s.stage == "entry"
    produced = move(s, "brevia", "accept", option="joint_authority")
    assert s.stage == "resolved"
    assert "figures" in types(produced)
    assert [e["kind"] for e in produced if e["type"] == "move"][:2] == ["propose", "accept"]


def test_moves_are_checked() -> None:
    s = teams()
    with pytest.raises(CommandError, match="during move entry"):
        move(s, "aldmere", "pass")
    to_entry(s)
    with pytest.raises(CommandError, match="cannot make the move 'bridging'") as err:
        move(s, "aldmere", "bridging", option="joint_authority")
    assert "legal moves" in err.value.hint
    with pytest.raises(CommandError, match="needs an option"):
        move(s, "aldmere", "propose")
    with pytest.raises(CommandError, match="not on the table"):
        move(s, "aldmere", "propose", option="quota_even")
    with pytest.raises(CommandError, match="played by a bot"):
        move(s, "council", "pass")
    with pytest.raises(CommandError, match="not another party"):
        move(s, "aldmere", "pressure", target="aldmere")
    move(s, "aldmere", "pressure", target="brevia", remark="last chance")
    with pytest.raises(CommandError, match="already moved"):
        move(s, "aldmere", "pass")


# --- agreements ------------------------------------------------------------------


def test_agreement_needs_every_required_party_and_credibility() -> None:
    s = teams()
    to_entry(s)
    move(s, "aldmere", "propose", option="joint_authority")
    produced = move(s, "brevia", "accept", option="joint_authority")
    assert [e["option"] for e in produced if e["type"] == "agreement"] == ["joint_authority"]
    assert s.st.status["harbour"] == "agreed"


def test_low_trust_makes_an_option_not_credible() -> None:
    s = teams()
    to_entry(s)
    s.apply(
        {
            "type": "override",
            "figure": "trust.brevia>aldmere",
            "value": 20,
            "reason": "a leaked memo",
        }
    )
    move(s, "aldmere", "propose", option="joint_authority")
    produced = move(s, "brevia", "accept", option="joint_authority")
    [why] = [e for e in produced if e["type"] == "not_credible"]
    assert "trust brevia>aldmere is 20" in why["reason"]
    assert s.st.status["harbour"] == "open"


def test_a_guarantee_makes_a_guaranteed_option_credible() -> None:
    s = Session(TUTOR, 3, {"aldmere": "team", "brevia": "team", "council": "team"})
    to_entry(s)
    move(s, "aldmere", "propose", option="council_admin")
    move(s, "brevia", "accept", option="council_admin")
    produced = move(s, "council", "pass")
    assert "not_credible" in types(produced) and "agreement" not in types(produced)
    s.apply({"type": "start"})
    s.apply({"type": "entry"})
    move(s, "aldmere", "pass")
    move(s, "brevia", "pass")
    produced = move(s, "council", "guarantee", issue="harbour")
    assert [e["option"] for e in produced if e["type"] == "agreement"] == ["council_admin"]


def test_a_package_binds_options_that_are_agreed_together() -> None:
    s = Session(TUTOR, 3, {"aldmere": "team", "brevia": "team"}, preset="lesson")
    s.apply({"type": "skip_issue", "issue": "harbour"})
    for _ in range(3):
        s.apply({"type": "start"})  # briefing, preparation, fishing round 1
    s.apply({"type": "entry"})
    move(s, "aldmere", "propose", option="quota_phased", package=["self_report"])
    produced = move(s, "brevia", "accept", option="quota_phased")
    # moves are secret: Brevia accepted the phase-in, not a package it could not see
    assert not [e for e in produced if e["type"] == "agreement"]
    assert s.st.supports("brevia", "quota_phased") and not s.st.supports("brevia", "self_report")
    s.apply({"type": "start"})
    s.apply({"type": "entry"})
    move(s, "aldmere", "pass")
    produced = move(s, "brevia", "accept", option="quota_phased")  # now it stands as a package
    agreed = sorted(e["option"] for e in produced if e["type"] == "agreement")
    assert agreed == ["quota_phased", "self_report"]
    assert s.st.status["fishing"] == "agreed"


def test_an_accept_never_binds_a_party_to_a_package_tabled_in_the_same_round() -> None:
    """Aldmere tables a phase-in bound to a monitoring option Brevia rules out; Brevia, in
    the same round, accepts the phase-in it saw: the red-lined option is not agreed."""

    def red_line(data: Any) -> None:
        monitoring = data["issues"][1]["dimensions"][1]["options"][0]
        monitoring["red_lines"] = ["brevia"]

    c = compiled_from(red_line)
    s = Session(c, 3, {"aldmere": "team", "brevia": "team"}, preset="lesson")
    s.apply({"type": "skip_issue", "issue": "harbour"})
    for _ in range(3):
        s.apply({"type": "start"})
    s.apply({"type": "entry"})
    move(s, "aldmere", "propose", option="quota_phased", package=["self_report"])
    move(s, "brevia", "accept", option="quota_phased")
    assert not s.st.agreements
    assert not s.st.supports("brevia", "self_report")


def test_a_conditional_offer_waits_for_its_condition() -> None:
    s = Session(TUTOR, 3, {"aldmere": "team", "brevia": "team"})
    to_entry(s)
    move(s, "aldmere", "propose", option="joint_authority", condition="quota_even")
    produced = move(s, "brevia", "accept", option="joint_authority")
    [ag] = [e for e in produced if e["type"] == "agreement"]
    assert ag["pending"] is True and s.st.status["harbour"] != "agreed"
    assert not s.st.agreed("joint_authority")


def test_failed_final_package_drops_provisional_agreements() -> None:
    c = compiled_from(
        lambda d: d["timing"]["presets"][0]["phases"][3].update({"all_or_nothing": True})
    )
    s = Session(c, 3, {"aldmere": "team", "brevia": "team"})
    to_entry(s)
    move(s, "aldmere", "propose", option="joint_authority")
    move(s, "brevia", "accept", option="joint_authority")
    assert s.st.agreed("harbour")
    finish(s)
    assert s.result is not None
    assert s.result["issues"]["harbour"]["status"] == "deadlocked"
    assert s.result["package"] == []
    assert any(e["type"] == "package" and e["result"] == "failed" for e in s.history.entries)


def test_walk_out_deadlocks_the_issue_and_rules_explain_it() -> None:
    s = teams()
    to_entry(s)
    move(s, "aldmere", "walk_out")
    produced = move(s, "brevia", "pass")
    assert s.st.status["harbour"] == "deadlocked"
    assert any(e["type"] == "narrative" and "walked out" in e["text"] for e in produced)
    tension = [e for e in produced if e["type"] == "figure" and e["key"] == "tension"]
    assert tension[0]["cause"] == {"rule": "walk_out_raises_tension", "party": "aldmere"}


# --- facilitator actions and visibility ------------------------------------------


def test_override_and_inject_carry_their_cause() -> None:
    s = teams()
    s.apply({"type": "override", "figure": "tension", "value": 80, "reason": "riots"})
    [change] = [e for e in s.history.entries if e["type"] == "figure"]
    assert change["cause"] == {"facilitator": "override", "reason": "riots"}
    with pytest.raises(CommandError, match="needs a reason"):
        s.apply({"type": "override", "figure": "tension", "value": 1})
    produced = s.apply({"type": "inject", "text": "A cable: hold firm.", "visibility": "brevia"})
    [cable] = [e for e in produced if e["type"] == "event"]
    assert cable["visibility"] == "brevia"
    texts = lambda viewer: [e.get("text") for e in view_for(s, viewer)["history"]]  # noqa: E731
    assert "A cable: hold firm." in texts("brevia")
    assert "A cable: hold firm." not in texts("aldmere")
    assert "A cable: hold firm." not in texts("public")
    assert "A cable: hold firm." in texts("facilitator")


def test_void_lets_a_team_move_again_and_seat_swaps_to_a_bot() -> None:
    s = teams()
    to_entry(s)
    move(s, "aldmere", "pressure", target="brevia")
    s.apply({"type": "void", "party": "aldmere"})
    move(s, "aldmere", "propose", option="joint_authority")
    produced = s.apply({"type": "seat", "party": "brevia", "as": "bot", "policy": "conciliator"})
    assert s.stage == "resolved" and "figures" in types(produced)


def test_skip_and_reorder_change_the_agenda() -> None:
    s = teams()
    s.apply({"type": "reorder", "issues": ["fishing", "harbour"]})
    for _ in range(3):
        s.apply({"type": "start"})
    assert s.st.issue == "fishing"
    with pytest.raises(CommandError, match="every issue still to come"):
        s.apply({"type": "reorder", "issues": ["harbour"]})


def test_private_values_never_reach_another_delegation() -> None:
    s = play(TUTOR, 5, seating={"aldmere": "bot:hardliner"})
    view = view_for(s, "aldmere")
    brevia = next(p for p in view["parties"] if p["id"] == "brevia")
    assert "confidential" not in brevia and "batna" not in brevia
    for issue in view["agenda"]:
        for dim in issue["dimensions"]:
            for opt in dim["options"]:
                assert "values" not in opt and "red_lines" not in opt
    assert "support.brevia" not in view["figures"] and "support.aldmere" in view["figures"]
    for e in view["history"]:
        assert e["visibility"] in ("public", "aldmere")
        if e["type"] == "figures":
            assert "support.brevia" not in e["values"]
    public = view_for(s, "public")
    assert all(p.get("confidential") is None for p in public["parties"])


# --- determinism and replay ------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    seed=st.integers(0, 10**9), policy=st.sampled_from(["hardliner", "conciliator", "reciprocator"])
)
def test_same_inputs_same_history_and_replay_rebuilds_it(seed: int, policy: str) -> None:
    seats = {"aldmere": f"bot:{policy}"}
    a = play(TUTOR, seed, seating=seats)
    b = play(TUTOR, seed, seating=seats)
    assert to_jsonl(a.history.entries) == to_jsonl(b.history.entries)
    again = Session.replay(TUTOR, seed, a.seating, a.log)
    assert to_jsonl(again.history.entries) == to_jsonl(a.history.entries)


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10**6),
    moves=st.lists(
        st.tuples(
            st.sampled_from(["aldmere", "brevia"]),
            st.sampled_from(
                [
                    "propose",
                    "accept",
                    "reject",
                    "pressure",
                    "face_saving",
                    "statement",
                    "concede",
                    "guarantee",
                    "pass",
                    "walk_out",
                ]
            ),
            st.sampled_from(
                [
                    "joint_authority",
                    "council_admin",
                    "aldmere_runs",
                    "quota_even",
                    "quota_phased",
                    "self_report",
                    "council_monitors",
                ]
            ),
        ),
        max_size=30,
    ),
)
def test_any_command_log_replays_exactly(seed: int, moves: list[tuple[str, str, str]]) -> None:
    commands = []
    for party, kind, option in moves:
        cmd: dict[str, Any] = {"type": "move", "party": party, "kind": kind}
        if kind in ("propose", "accept", "concede"):
            cmd["option"] = option
        if kind in ("pressure", "face_saving"):
            cmd["target"] = "brevia" if party == "aldmere" else "aldmere"
        if kind == "guarantee":
            cmd["issue"] = "harbour"
        commands.append(cmd)
    session = Session(TUTOR, seed, {"aldmere": "team", "brevia": "team"})
    queue = list(commands)
    while not session.finished:  # enter what fits, time out the rest
        if session.stage == "entry" and queue:
            try:
                session.apply(queue.pop(0))
            except CommandError:
                pass
        elif session.stage == "talk":
            session.apply({"type": "entry"})
        elif session.stage == "entry":
            session.apply({"type": "timeout"})
        else:
            session.apply({"type": "start"})
    again = Session.replay(TUTOR, seed, session.seating, session.log)
    assert to_jsonl(again.history.entries) == to_jsonl(session.history.entries)


def test_swapping_a_team_for_a_bot_does_not_shift_chance_events() -> None:
    c = compiled_from(lambda d: d["events"][2].pop("when"))  # the protest: chance alone
    fired = []
    for seats in ({}, {"aldmere": "bot:conciliator", "brevia": "bot:hardliner"}):
        s = play(c, 42, seating=seats)
        rounds = [
            (e["phase"], e["issue"], e["round"]) for e in s.history.entries if e["type"] == "round"
        ]
        fired.append(
            [
                (e["type"], len([x for x in s.history.entries[:i] if x["type"] == "round"]))
                for i, e in enumerate(s.history.entries)
                if e["type"] == "event" and e["event"] == "fishers_protest"
            ]
        )
        assert rounds  # both seatings play every round they reach
    assert fired[0] == fired[1] and fired[0]


def test_history_is_plain_json_with_type_and_visibility() -> None:
    s = play(TUTOR, 9)
    assert all(list(e)[:2] == ["type", "visibility"] for e in s.history.entries)
    assert s.history.entries[0]["type"] == "session" and s.history.entries[-1]["type"] == "outcome"
    keys = {e["key"] for e in s.history.entries if e["type"] == "figure"}
    assert keys and all(k in TUTOR.figure_keys for k in keys)


def test_whoever_tabled_an_option_first_keeps_the_credit_when_a_mediator_echoes_it() -> None:
    s = teams()
    to_entry(s)
    move(s, "aldmere", "propose", option="joint_authority")
    move(s, "brevia", "pass")
    tabled = s.st.tabled.get("joint_authority")
    assert tabled is not None and tabled.by == "aldmere"  # not the mediator's single text
