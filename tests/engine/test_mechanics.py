"""The mechanics that carry a negotiation, each on a small constructed scenario played
from a command log: what a trainer replaying the strategy would see in the answers and
in the outcome."""

from __future__ import annotations

import copy
import json
from typing import Any

from app.engine.compiled import compile_scenario
from app.engine.headless import next_step
from app.engine.session import Session
from app.scenario.validate import load_text

BASE: dict[str, Any] = {
    "format": 1,
    "scenario": {"id": "mechanics", "title": "Mechanics"},
    "parties": [
        {"id": "north", "name": "North", "batna": {"value": 40}, "priorities": {"land": 2}},
        {"id": "south", "name": "South", "batna": {"value": 40}},
        {
            "id": "patron",
            "name": "Patron",
            "kind": "outside",
            "playable": True,
            "batna": {"value": 20},
        },
    ],
    "figures": [
        {"id": "support", "scope": "party", "parties": ["north", "south"], "start": 60},
        {"id": "audience", "scope": "party", "parties": ["north", "south"], "start": 0},
        {"id": "escalation", "start": 20},
    ],
    "assets": [{"id": "ridge", "name": "The ridge", "holder": "north", "weight": 10}],
    "issues": [
        {
            "id": "land",
            "name": "Land",
            "required": ["north", "south"],
            "options": [
                {
                    "id": "withdraw",
                    "name": "Withdrawal",
                    "values": {"north": 80, "south": 30},
                    "commitments": [
                        {"id": "pull_out", "party": "south", "stages": 2, "renege_risk": 0}
                    ],
                },
                {"id": "stay", "name": "Troops stay", "values": {"north": 20, "south": 80}},
            ],
        },
        {
            "id": "money",
            "name": "Relief",
            "required": ["north", "south"],
            "options": [
                {
                    "id": "relief",
                    "name": "Sanctions relief",
                    "values": {"north": 40, "south": 90},
                    "credibility": {
                        "requires": ["withdraw"],
                        "reason": "Relief only for withdrawal",
                    },
                    "commitments": [
                        {
                            "id": "tranches",
                            "party": "north",
                            "stages": 2,
                            "after": "pull_out",
                            "renege_risk": 0,
                        }
                    ],
                },
                {"id": "no_relief", "name": "No relief", "values": {"north": 60, "south": 10}},
            ],
        },
    ],
    "timing": {
        "default": "day",
        "presets": [
            {
                "id": "day",
                "name": "Day",
                "phases": [
                    {"kind": "rounds", "issues": ["land", "money"], "rounds_per_issue": 2},
                    {"kind": "implementation", "stages": 2},
                    {"kind": "debrief"},
                ],
            }
        ],
    },
}
TEAMS = {"north": "team", "south": "team", "patron": "team"}


def scenario(change: Any = None) -> Any:
    data = copy.deepcopy(BASE)
    if change:
        change(data)
    loaded = load_text(json.dumps(data))
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return compile_scenario(loaded.scenario)


def play_log(
    c: Any, rounds: list[dict[str, Any]], seats: dict[str, str] | None = None, seed: int = 1
) -> Session:
    """Play to the end: round n takes the moves in rounds[n] (others pass); a key `inject`
    holds a facilitator command applied before that round's moves."""
    s = Session(c, seed, seats or TEAMS)
    queue = list(rounds)
    while not s.finished:
        if s.stage != "entry":
            s.apply(next_step(s))
            continue
        moves = dict(queue.pop(0)) if queue else {}
        if "inject" in moves:
            s.apply(moves.pop("inject"))
        for party in s.awaiting():
            s.apply({"type": "move", "party": party, "kind": "pass"} | moves.get(party, {}))
    return s


def entries(s: Session, kind: str) -> list[dict[str, Any]]:
    return [e for e in s.history.entries if e["type"] == kind]


# --- packages and conditional offers ------------------------------------------------


def test_a_cross_issue_package_is_struck_when_a_partner_meets_requires() -> None:
    c = scenario()
    alone = play_log(
        c,
        [
            {},
            {},
            {
                "north": {"kind": "propose", "option": "relief"},
                "south": {"kind": "accept", "option": "relief"},
            },
        ],
    )
    reasons = [e["reason"] for e in entries(alone, "not_credible")]
    assert reasons and "needs withdraw agreed first, or in the same package" in reasons[0]
    assert alone.result["issues"]["money"]["status"] != "agreed"

    traded = play_log(
        c,
        [
            {
                "south": {"kind": "propose", "option": "withdraw", "package": ["relief"]},
                "north": {"kind": "pass"},
            },
            {"north": {"kind": "accept", "option": "withdraw"}},
        ],
    )
    assert not entries(traded, "not_credible")
    agreed = {e["option"]: e["package"] for e in entries(traded, "agreement")}
    assert agreed == {"withdraw": ["relief"], "relief": ["withdraw"]}
    assert traded.result["issues"]["money"]["options"] == {"money": "relief"}
    # implementation follows the trade: relief tranches only behind verified withdrawal
    kept = [(e["id"], e["stage"]) for e in entries(traded, "commitment") if e["result"] == "kept"]
    assert kept == [("pull_out", 1), ("tranches", 1), ("pull_out", 2), ("tranches", 2)]


def _patron_offers(data: dict[str, Any]) -> None:
    data["moves"] = {"who": {"propose": ["north", "south", "patron"]}}
    relief = data["issues"][1]["options"][0]
    relief["values"]["patron"] = 70
    relief["credibility"]["consent"] = ["patron"]
    relief["commitments"][0]["party"] = "patron"
    data["rules"] = [
        {
            "id": "relief_flows",
            "on": "agreement",
            "when": "move.option == relief",
            "then": [{"add": {"support.south": 5}}],
            "narrative": "Relief is agreed: markets in the South rally.",
        }
    ]
    data["issues"].reverse()  # relief is on the table first, withdrawal after
    data["timing"]["presets"][0]["phases"][0]["issues"] = ["money", "land"]


def test_an_outside_partys_relief_conditional_on_withdrawal_fires_once_when_it_is_met() -> None:
    c = scenario(_patron_offers)
    s = play_log(
        c,
        [
            {"patron": {"kind": "propose", "option": "relief", "condition": "withdraw"}},
            {
                "north": {"kind": "accept", "option": "relief"},
                "south": {"kind": "accept", "option": "relief"},
            },
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "accept", "option": "withdraw"}},
        ],
    )
    pending = [e for e in entries(s, "agreement") if e["option"] == "relief"]
    assert pending[0]["pending"] is True and pending[0]["condition"] == "withdraw"
    assert [e["option"] for e in entries(s, "condition_met")] == ["relief"]
    assert s.st.fired["relief_flows"] == 1  # not again when the condition is met
    assert sum(e["delta"] for e in entries(s, "figure") if e["key"] == "support.south") == 5
    assert s.result["package"] == ["relief", "withdraw"]
    kept = [e["id"] for e in entries(s, "commitment") if e["result"] == "kept"]
    assert kept == ["pull_out", "tranches", "pull_out"]  # a tranche per verified stage


# --- no deal has a price ------------------------------------------------------------


def _delay_costs(data: dict[str, Any]) -> None:
    data["parties"][0]["batna"]["adjust"] = "-3 * stalled_rounds(land) - escalation / 10"


def test_stalling_lowers_the_no_deal_result_so_above_batna_discriminates() -> None:
    c = scenario(_delay_costs)
    stalled = play_log(c, [])
    north = stalled.result["parties"]["north"]
    # four rounds with land unmoved (3 each), escalation 20 (2): 40 - 12 - 2
    assert north["no_deal"] == 26 and north["value"] == 26 and north["vs_batna"] == -14
    assert stalled.result["parties"]["south"]["vs_batna"] == 0  # no price named for South
    talking = play_log(
        c,
        [
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "propose", "option": "stay"}},
            {"north": {"kind": "propose", "option": "no_relief"}},
            {"south": {"kind": "reject"}},
        ],
    )
    # land last moved in round 2 of 4: two stalled rounds
    assert talking.result["parties"]["north"]["no_deal"] == 32
    same = {"north": {"kind": "propose", "option": "withdraw"}}
    repeating = play_log(c, [same, same])  # saying the same thing again is not progress
    assert repeating.result["parties"]["north"]["no_deal"] == 29


# --- audience costs -----------------------------------------------------------------


def _audience(data: dict[str, Any]) -> None:
    data["issues"][0]["rounds"] = 3
    data["rules"] = [
        {
            "id": "threats_commit",
            "when": "move.kind in [pressure, statement]",
            "then": [{"add": {"audience.mover": 10}}],
            "narrative": "{mover} promised its public a hard line.",
        },
    ]
    data["outcome"] = {
        "ratification": [
            {
                "party": "north",
                "name": "North's parliament",
                "when": "support.north >= 50",
                "min_value": "60 + audience.north",
                "fails": "Parliament rejects the deal.",
            }
        ]
    }


def test_public_threats_raise_what_a_partys_audience_will_accept() -> None:
    c = scenario(_audience)
    offer = {"south": {"kind": "propose", "option": "withdraw", "package": ["no_relief"]}}
    accept = {"north": {"kind": "accept", "option": "withdraw"}}
    quiet = play_log(c, [{}, offer, accept])
    assert quiet.result["package"] == ["no_relief", "withdraw"]
    assert quiet.result["parties"]["north"]["value"] == 73.33  # (2 * 80 + 60) / 3
    assert quiet.result["ratification"]["north"]["passed"] is True

    loud = play_log(
        c,
        [
            {"north": {"kind": "statement"}},
            offer | {"north": {"kind": "pressure", "target": "south"}},
            accept,
        ],
    )
    assert loud.result["package"] == quiet.result["package"]  # the same deal
    vote = loud.result["ratification"]["north"]
    assert vote["passed"] is False and vote["bar"] == 80 and vote["value"] == 73.33
    assert "its audience wants 80" in vote["reason"]
    # support (what makes a deal easy to sell) did not move: the threats committed North
    assert loud.st.figures["support.north"] == quiet.st.figures["support.north"] == 60


# --- ratification before implementation ---------------------------------------------


def _south_vote(on_fail: str):  # type: ignore[no-untyped-def]
    def change(data: dict[str, Any]) -> None:
        data["figures"][0]["start"] = {"default": 60, "south": 30}
        data["outcome"] = {
            "ratification": [
                {
                    "party": "south",
                    "name": "South's referendum",
                    "when": "support.south >= 50",
                    "fails": "The referendum says no.",
                    "on_fail": on_fail,
                }
            ]
        }

    return change


PACKAGE = [
    {"south": {"kind": "propose", "option": "withdraw", "package": ["relief"]}},
    {"north": {"kind": "accept", "option": "withdraw"}},
]


def test_a_failed_ratification_suspends_the_partys_commitments() -> None:
    s = play_log(scenario(_south_vote("suspend")), PACKAGE)
    vote = entries(s, "ratification")
    assert [(v["party"], v["passed"], v["consequence"]) for v in vote] == [
        ("south", False, "suspend")
    ]
    results = {(e["id"], e["result"]) for e in entries(s, "commitment")}
    assert ("pull_out", "suspended") in results
    assert ("tranches", "withheld") in results  # relief follows withdrawal, which never came
    assert not any(r == "kept" for _, r in results)
    assert s.st.holders["ridge"] == "north"
    impl = s.result["implementation"]
    assert impl["pull_out"]["suspended"] and impl["pull_out"]["done"] == 0
    # a deal not carried out scores at no-deal value
    assert s.result["parties"]["north"]["value"] == 40


def test_a_ratification_that_collapses_the_deal() -> None:
    s = play_log(scenario(_south_vote("collapse")), PACKAGE)
    assert s.result["collapsed"] is True
    assert all(c["suspended"] for c in s.result["implementation"].values())
    assert s.result["durability"]["score"] == 0
    assert s.result["parties"]["south"]["value"] == 40


# --- fight and freeze ---------------------------------------------------------------


def _fight_and_freeze(data: dict[str, Any]) -> None:
    data["rules"] = [
        {
            "id": "walkout_escalates",
            "when": "move.kind == walk_out",
            "then": [{"add": {"escalation": 40}}],
        }
    ]
    data["events"] = [
        {
            "id": "offensive",
            "name": "An offensive",
            "trigger": "conditional",
            "when": "escalation >= 50",
            "text": "South takes the ridge. Escalation is {escalation}.",
            "effects": [{"transfer": {"ridge": "south"}}, {"trigger": "talks_resume"}],
        },
        {
            "id": "talks_resume",
            "name": "Talks resume",
            "trigger": "manual",
            "text": "Exhausted, both sides come back to the table.",
            "effects": [{"reopen": {"land": 2}}],
        },
    ]


def test_escalation_moves_assets_and_a_stalled_issue_comes_back() -> None:
    c = scenario(_fight_and_freeze)
    s = play_log(
        c,
        [
            {"north": {"kind": "walk_out"}},
            {},
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "accept", "option": "withdraw"}},
        ],
    )
    statuses = [(e["issue"], e["status"]) for e in entries(s, "status")]
    assert statuses[:2] == [("land", "deadlocked"), ("land", "open")]
    transfer = entries(s, "transfer")[0]
    assert (transfer["asset"], transfer["to"]) == ("ridge", "south")  # without any agreement
    assert "Escalation is 60." in entries(s, "event")[0]["text"]
    assert [(e["issue"], e["rounds"]) for e in entries(s, "reopened")] == [("land", 2)]
    played = [(e["issue"], e["round"]) for e in entries(s, "round")]
    assert played == [
        ("land", 1),
        ("land", 2),
        ("land", 1),
        ("land", 2),
        ("money", 1),
        ("money", 2),
    ]
    assert s.result["issues"]["land"]["status"] == "agreed"


def test_an_injected_event_reopens_a_deadlocked_issue() -> None:
    c = scenario(_fight_and_freeze)
    s = play_log(
        c,
        [
            {"south": {"kind": "walk_out"}, "north": {"kind": "pass"}},
            {},
            {"inject": {"type": "inject", "event": "talks_resume"}},
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "accept", "option": "withdraw"}},
        ],
    )
    issues = [e["issue"] for e in entries(s, "round")]
    assert issues.count("land") >= 3
    assert s.result["issues"]["land"]["options"] == {"land": "withdraw"}


# --- failed rounds teach --------------------------------------------------------------


def test_a_rejection_tells_the_proposer_whether_it_hit_a_red_line() -> None:
    def red_line(data: dict[str, Any]) -> None:
        data["issues"][0]["options"][0]["red_lines"] = ["south"]

    s = play_log(
        scenario(red_line),
        [
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "reject"}},
            {"north": {"kind": "propose", "option": "no_relief"}},
            {"south": {"kind": "reject"}},
        ],
    )
    learned = [e for e in entries(s, "narrative") if "learned" in e]
    assert [
        (e["visibility"], e["learned"]["option"], e["learned"]["red_line"]) for e in learned
    ] == [
        ("north", "withdraw", True),
        ("north", "no_relief", False),
    ]
    assert "fantasy" in learned[0]["text"] and "room to bargain" in learned[1]["text"]


# --- format additions ---------------------------------------------------------------


def test_any_of_credibility_a_custom_moves_required_target_and_option_attributes() -> None:
    def change(data: dict[str, Any]) -> None:
        withdraw = data["issues"][0]["options"][0]
        withdraw["attributes"] = {"km": 30}
        withdraw["credibility"] = {
            "reason": "Nobody believes a withdrawal on paper",
            "any": [{"min_trust": 70}, {"guarantee": True, "guarantors": ["patron"]}],
        }
        data["moves"] = {
            "add": [
                {
                    "id": "strike",
                    "label": "Strike",
                    "like": "pressure",
                    "params": ["target", "remark"],
                    "required": ["target"],
                }
            ]
        }
        data["rules"] = [
            {
                "id": "deep_pullback",
                "on": "agreement",
                "when": "km >= 20",
                "narrative": "The line moves back {round} rounds in.",
            }
        ]

    c = scenario(change)
    s = Session(c, 1, TEAMS)
    while s.stage != "entry":
        s.apply(next_step(s))
    try:
        s.apply({"type": "move", "party": "north", "kind": "strike"})
    except Exception as exc:  # noqa: BLE001 - the message is what matters
        assert "needs a target" in str(exc)
    else:
        raise AssertionError("a strike with no target was accepted")
    s = play_log(
        c,
        [
            {"north": {"kind": "propose", "option": "withdraw"}},
            {
                "south": {"kind": "accept", "option": "withdraw"},
                "patron": {"kind": "guarantee", "issue": "land"},
            },
        ],
    )
    assert s.result["issues"]["land"]["options"] == {"land": "withdraw"}
    assert s.st.fired["deep_pullback"] == 1
    unguaranteed = play_log(
        c,
        [
            {"north": {"kind": "propose", "option": "withdraw"}},
            {"south": {"kind": "accept", "option": "withdraw"}},
        ],
    )
    reason = entries(unguaranteed, "not_credible")[0]["reason"]
    assert reason.startswith("Nobody believes a withdrawal on paper (none of:")
    assert "trust north>south is 50, needs 70" in reason and "no guarantee offered" in reason
    assert unguaranteed.result["issues"]["land"]["status"] != "agreed"


def test_the_dry_run_reports_how_often_each_rule_and_event_fired() -> None:
    from conftest import TUTORIAL

    from app.engine.simulate import simulate
    from app.scenario.validate import load_ok

    scn = load_ok(TUTORIAL)
    report = simulate(scn, 30, seed=3, workers=1)
    assert list(report["rules"]) == [r.id for r in scn.rules]
    assert list(report["events"]) == [e.id for e in scn.events]
    assert report["rules"]["pressure_costs_trust"] > 0  # the hard-liner presses now and then
    assert report["events"]["storm"] == 1.0  # scheduled: every run
    assert report["never_fired"]["rules"] == [k for k, v in report["rules"].items() if v == 0]
    assert "walk_out_raises_tension" in report["never_fired"]["rules"]  # bots never walk out


# --- bots that read the whole table ---------------------------------------------------


def _guarded(data: dict[str, Any]) -> None:
    data["issues"][0]["rounds"] = 3
    data["issues"][0]["options"].append(
        {
            "id": "observed",
            "name": "Withdrawal under observers",
            "values": {"north": 70, "south": 70, "patron": 60},
            "credibility": {
                "guarantee": True,
                "guarantors": ["patron"],
                "reason": "Only the Patron's observers make it believable",
            },
        }
    )
    data["parties"][1]["bot"] = {"policy": "reciprocator", "reserve": 50, "concession": 1}


def test_a_bot_answers_an_outside_partys_guarantee() -> None:
    c = scenario(_guarded)
    seats = {"north": "team", "south": "bot", "patron": "team"}
    offer = {"north": {"kind": "propose", "option": "observed"}}
    guaranteed = play_log(c, [offer | {"patron": {"kind": "guarantee", "issue": "land"}}], seats)
    bare = play_log(c, [offer], seats)

    def south_moves(s: Session) -> list[tuple[str, str | None]]:
        return [
            (e["kind"], e.get("option"))
            for e in entries(s, "move")
            if e["party"] == "south" and e["issue"] == "land"
        ]

    assert south_moves(guaranteed)[1] == ("accept", "observed")
    assert guaranteed.result["issues"]["land"]["options"] == {"land": "observed"}
    assert south_moves(bare)[0] == ("propose", "stay")
    assert south_moves(bare)[1][0] != "accept"  # an unguaranteed promise is not enough
    assert bare.result["issues"]["land"]["options"] != {"land": "observed"}


def test_a_bot_takes_a_package_whose_partner_pays_for_what_it_gives() -> None:
    def change(data: dict[str, Any]) -> None:
        data["issues"][0]["rounds"] = 3
        data["parties"][1]["bot"] = {"policy": "reciprocator", "reserve": 40, "concession": 1}

    c = scenario(change)
    seats = {"north": "team", "south": "bot", "patron": "team"}
    alone = play_log(c, [{"north": {"kind": "propose", "option": "withdraw"}}], seats)
    package = play_log(
        c, [{"north": {"kind": "propose", "option": "withdraw", "package": ["relief"]}}], seats
    )
    assert alone.result["issues"]["land"]["options"] == {}
    assert package.result["package"] == ["relief", "withdraw"]


def test_an_outside_partys_offer_makes_a_bot_trade_withdrawal_for_relief() -> None:
    def change(data: dict[str, Any]) -> None:
        _patron_offers(data)
        data["parties"][1]["bot"] = {"policy": "reciprocator", "reserve": 40, "concession": 1}

    c = scenario(change)
    moves = [
        {},
        {"north": {"kind": "accept", "option": "relief"}},
        {"north": {"kind": "propose", "option": "withdraw"}},
    ]
    with_offer = play_log(c, moves, {"north": "team", "south": "bot", "patron": "bot"})
    offer = [e for e in entries(with_offer, "move") if e["party"] == "patron"][0]
    assert (offer["kind"], offer["option"], offer["condition"]) == (
        "propose",
        "relief",
        "withdraw",
    )  # relief if withdrawal is agreed
    assert with_offer.result["package"] == ["relief", "withdraw"]
    silent = play_log(c, moves, {"north": "team", "south": "bot", "patron": "team"})
    assert "withdraw" not in silent.result["package"]  # without the offer South stays put


def _with_mediator(data: dict[str, Any]) -> None:
    data["parties"].append(
        {"id": "envoy", "name": "Envoy", "kind": "mediator", "batna": {"value": 10}}
    )
    for issue in data["issues"]:
        for opt in issue["options"]:
            opt["values"]["envoy"] = {"withdraw": 70, "stay": 20, "relief": 80, "no_relief": 30}[
                opt["id"]
            ]
    data["timing"]["presets"][0]["phases"].insert(
        1, {"kind": "package", "rounds_per_issue": 2, "all_or_nothing": True}
    )


def test_the_mediator_bot_tables_a_bridging_package_in_the_package_round() -> None:
    c = scenario(_with_mediator)
    seats = {"north": "team", "south": "team", "patron": "team", "envoy": "bot"}
    s = play_log(
        c,
        [
            {},
            {},
            {},
            {},
            {},
            {
                "north": {"kind": "accept", "option": "withdraw"},
                "south": {"kind": "accept", "option": "withdraw"},
            },
        ],
        seats,
    )
    bridging = [
        e
        for e in entries(s, "move")
        if e["party"] == "envoy" and e["round"] == 1 and e["issue"] is None
    ]
    assert bridging and bridging[0]["kind"] == "bridging"
    assert (bridging[0]["option"], bridging[0]["package"]) == ("withdraw", ["relief"])
    assert s.result["package"] == ["relief", "withdraw"]


def test_a_bot_plays_the_scenarios_own_moves_as_its_spec_says() -> None:
    def change(data: dict[str, Any]) -> None:
        data["moves"] = {
            "allow": ["propose", "accept", "reject"],
            "add": [
                {
                    "id": "strike",
                    "label": "Strike",
                    "like": "pressure",
                    "params": ["target", "remark"],
                    "required": ["target"],
                },
                {"id": "rally", "label": "Rally at home"},
            ],
        }
        data["parties"][1]["bot"] = {
            "policy": "hardliner",
            "pressure": 0.5,
            "moves": {"rally": 0.5},
        }
        data["rules"] = [
            {
                "id": "strike_bites",
                "when": "move.kind == strike",
                "then": [{"add": {"escalation": 5}}],
                "narrative": "{mover} calls a strike against {target}.",
            }
        ]

    c = scenario(change)
    kinds = []
    for seed in range(6):
        s = play_log(c, [], {"north": "team", "south": "bot", "patron": "team"}, seed=seed)
        kinds += [e["kind"] for e in entries(s, "move") if e["party"] == "south"]
        strikes = [e for e in entries(s, "move") if e["kind"] == "strike"]
        assert all(e["target"] == "north" for e in strikes)
    assert "strike" in kinds and "rally" in kinds  # pressure, played as the scenario's strike
    assert "pressure" not in kinds


def test_an_effect_brings_an_issue_forward() -> None:
    def change(data: dict[str, Any]) -> None:
        data["events"] = [
            {
                "id": "crisis",
                "name": "A currency crisis",
                "trigger": "scheduled",
                "at": {"issue": "land", "round": 1},
                "effects": [{"prioritise": "money"}],
            }
        ]
        data["issues"].append(
            {
                "id": "water",
                "name": "Water",
                "options": [
                    {"id": "share", "name": "Share the river", "values": {"north": 60, "south": 60}}
                ],
            }
        )
        data["timing"]["presets"][0]["phases"][0]["issues"] = ["land", "water", "money"]

    s = play_log(scenario(change), [])
    order = list(dict.fromkeys(e["issue"] for e in entries(s, "round")))
    assert order == ["land", "money", "water"]
    assert [e["issue"] for e in entries(s, "prioritised")] == ["money"]


def test_a_format_1_file_reads_unchanged_as_format_2() -> None:
    from app.scenario.migrate import migrate

    old = load_text(json.dumps(BASE))
    new = load_text(json.dumps(BASE | {"format": 2}))
    assert old.ok and new.ok
    assert old.scenario.model_dump() | {"format": 2} == new.scenario.model_dump()
    assert migrate(copy.deepcopy(BASE))[1] == ["read as format 1 and migrated to format 2"]
    newer = load_text(json.dumps(BASE | {"format": 3}))
    assert not newer.ok and "newer than this Parley understands" in newer.diagnostics[0].message


def test_without_an_implementation_phase_a_failed_vote_still_costs_the_deal() -> None:
    def change(data: dict[str, Any]) -> None:
        _south_vote("suspend")(data)
        data["timing"]["presets"][0]["phases"] = [
            {"kind": "rounds", "issues": ["land", "money"], "rounds_per_issue": 2},
            {"kind": "debrief"},
        ]

    s = play_log(scenario(change), PACKAGE)
    assert s.result["package"] == ["relief", "withdraw"]
    assert s.result["ratification"]["south"]["passed"] is False
    # South would not carry out the withdrawal, and the relief tranches follow it: both score
    # at no-deal value
    assert s.result["parties"]["north"]["value"] == 40
    assert s.result["parties"]["south"]["value"] == 40


def test_an_outside_party_seated_as_a_plain_observer_only_answers() -> None:
    def change(data: dict[str, Any]) -> None:
        _patron_offers(data)
        data["parties"][1]["bot"] = {"policy": "reciprocator", "reserve": 40, "concession": 1}

    c = scenario(change)
    moves = [{}, {"north": {"kind": "accept", "option": "relief"}}]
    default = play_log(c, moves, {"north": "team", "south": "bot", "patron": "bot"})
    observer = play_log(c, moves, {"north": "team", "south": "bot", "patron": "bot:observer"})

    def offers(s: Any) -> list[str]:
        return [
            e["option"]
            for e in entries(s, "move")
            if e["party"] == "patron" and e["kind"] == "propose"
        ]

    assert offers(default) and not offers(observer)
