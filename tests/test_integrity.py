"""All or nothing: random command sequences, valid and invalid, through a saved session.
After every command, a refused one changed nothing (history, figures, log, disk), and what
is in memory is what a replay of the log on disk gives."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from conftest import TUTORIAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.history import to_jsonl
from app.engine.session import CommandError, Session
from app.scenario.validate import load_ok
from app.store.saved import SavedSession
from app.store.sessions import Store

TUTOR = compile_scenario(load_ok(TUTORIAL))
SEATS = {"aldmere": "team:North", "brevia": "team:South", "council": "bot"}
OPTIONS = [*TUTOR.options, "atlantis"]
PARTIES = [*TUTOR.parties, "nobody"]

word = st.sampled_from
commands = st.one_of(
    st.just({"type": "start"}),
    st.just({"type": "entry"}),
    st.just({"type": "timeout"}),
    st.just({"type": "end_round"}),
    st.just({"type": "pause"}),
    st.just({"type": "resume"}),
    st.just({"type": "reveal"}),
    st.builds(
        lambda s: {"type": "extend", "seconds": s},
        word([30, -5, 0, math.nan, math.inf, True, "60", 10**400]),
    ),
    st.builds(
        lambda k, v: {"type": "override", "figure": k, "value": v, "reason": "room"},
        word(["tension", "trust.aldmere>brevia", "nope"]),
        word([40, math.nan, "x"]),
    ),
    st.builds(
        lambda add: {"type": "inject", "text": "A cable.", "visibility": "brevia", "add": add},
        word([{"tension": 20}, {"tension": 20, "nope": 1}, {"tension": math.inf}]),
    ),
    st.builds(
        lambda p, k, o, t: {"type": "move", "party": p, "kind": k, "option": o, "target": t},
        word(PARTIES),
        word([*TUTOR.moves, "fly"]),
        word(OPTIONS),
        word([None, *PARTIES]),
    ),
    st.builds(
        lambda p, o: {
            "type": "move",
            "party": p,
            "kind": "propose",
            "option": o,
            "target": None,
            "remark": None,
        },
        word(["aldmere", "brevia"]),
        word(["joint_authority", "aldmere_runs"]),
    ),
    st.builds(
        lambda p: {"type": "move", "party": p, "kind": "accept"}, word(["aldmere", "brevia"])
    ),
    st.builds(lambda p: {"type": "void", "party": p}, word(PARTIES)),
    st.builds(
        lambda p, a: {"type": "seat", "party": p, "as": a},
        word(PARTIES),
        word(["team", "bot", "robot"]),
    ),
    st.builds(lambda i: {"type": "skip_issue", "issue": i}, word([*TUTOR.issues, "moon"])),
    st.builds(
        lambda i: {"type": "reorder", "issues": i},
        word([list(TUTOR.issues), list(reversed(TUTOR.issues)), ["harbour"], 5]),
    ),
    st.builds(
        lambda t, e: {"type": "timing", "talk": t, "entry": e}, word([60, -1, 9000]), word([30, 0])
    ),
    word(
        [
            {"type": ["move"]},
            {"type": "move", "party": ["aldmere"]},
            ["start"],
            None,
            {"type": "move", "party": "aldmere", "kind": "pass", "remark": "\ud800"},
        ]
    ),
)


def state_of(s: Session) -> tuple[str, dict[str, float], list[dict[str, Any]], str, int]:
    return to_jsonl(s.history.entries), dict(s.st.figures), list(s.log), s.stage, s.index


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    sequence=st.lists(
        st.one_of(commands, word([{"type": "start"}, {"type": "entry"}])), min_size=5, max_size=40
    )
)
def test_refusals_change_nothing_and_memory_is_what_the_disk_replays(
    tmp_path_factory: Any, sequence: list[Any]
) -> None:
    db = tmp_path_factory.mktemp("integrity") / "parley.db"
    store = Store.open(db)
    clock = FakeClock()
    saved = SavedSession.new(
        store, TUTOR, TUTORIAL.read_text(encoding="utf-8"), 5, SEATS, None, clock
    )
    refused = 0
    for command in sequence:
        s = saved.session
        before = state_of(s)
        clock.advance(7)
        try:
            saved.apply(command)
        except CommandError:
            refused += 1
            assert state_of(saved.session) == before
        disk = [cmd for cmd, _ in store.log(saved.id)]
        assert disk == saved.session.log
        again = Session.replay(TUTOR, 5, SEATS, disk, None, FakeClock())
        assert to_jsonl(again.history.entries) == to_jsonl(saved.session.history.entries)
        assert again.st.figures == saved.session.st.figures
    store.close()


def test_a_refused_inject_moves_no_figure(tmp_path: Path) -> None:
    s = Session(TUTOR, 5, SEATS, FakeClock())
    tension = s.st.figures["tension"]
    try:
        s.apply({"type": "inject", "text": "x", "add": {"tension": 20, "nope": 1}})
    except CommandError as exc:
        assert "nope" in exc.message
    else:
        raise AssertionError("an inject naming an unknown figure was accepted")
    assert s.st.figures["tension"] == tension and s.log == []


def test_end_round_outside_a_round_writes_nothing() -> None:
    s = Session(TUTOR, 5, SEATS, FakeClock())
    entries = len(s.history)
    try:
        s.apply({"type": "end_round"})
    except CommandError:
        pass
    assert len(s.history) == entries and s.log == []


def test_a_failure_inside_a_command_rolls_back_to_the_log(monkeypatch: Any) -> None:
    """Even a fault the checks did not foresee leaves the session as its log says."""
    clock = FakeClock()
    s = Session(TUTOR, 5, SEATS, clock)
    for _ in range(3):
        s.apply({"type": "start"})
    clock.advance(100)
    before = state_of(s)
    left = s.time_left()

    def broken(cmd: dict[str, Any]) -> None:
        s.st.figures["tension"] = -999.0
        s.history.emit("figure", key="tension", to=-999)
        raise RuntimeError("a bug")

    monkeypatch.setattr(s, "_do_entry", broken)
    try:
        s.apply({"type": "entry"})
    except CommandError as exc:
        assert "nothing was changed" in exc.hint
    else:
        raise AssertionError("the fault was swallowed")
    assert state_of(s) == before
    assert s.time_left() == left and s.timer is not None and s.timer.running


def test_the_disk_holds_the_command_as_the_session_logged_it(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "parley.db")
    saved = SavedSession.new(
        store, TUTOR, TUTORIAL.read_text(encoding="utf-8"), 5, SEATS, None, FakeClock()
    )
    for command in ({"type": "start"}, {"type": "start"}, {"type": "start"}, {"type": "entry"}):
        saved.apply(command)
    saved.apply(
        {
            "type": "move",
            "party": "aldmere",
            "kind": "propose",
            "option": "joint_authority",
            "target": None,
            "remark": None,
        }
    )
    disk = [cmd for cmd, _ in store.log(saved.id)]
    assert disk[-1] == {
        "type": "move",
        "party": "aldmere",
        "kind": "propose",
        "option": "joint_authority",
    }
    assert disk == saved.session.log
    store.close()


def test_an_amount_that_overflows_leaves_the_figure_and_tells_the_facilitator() -> None:
    from conftest import compiled_from

    huge = "tension" + " * 1000000000000" * 30  # finite literals, an infinite product

    def change(data: Any) -> None:
        data["rules"][0]["then"][0]["add"] = {"tension": huge}

    c = compiled_from(change)
    s = Session(c, 5, SEATS, FakeClock())
    for command in (
        {"type": "start"},
        {"type": "start"},
        {"type": "start"},
        {"type": "entry"},
        {"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevia"},
        {"type": "move", "party": "brevia", "kind": "pass"},
    ):
        s.apply(command)
    errors = [e for e in s.history.entries if e["type"] == "error"]
    assert errors and errors[0]["visibility"] == "facilitator" and "finite" in errors[0]["text"]
    by_rule = [
        e
        for e in s.history.entries
        if e["type"] == "figure"
        and e["key"] == "tension"
        and e["cause"].get("rule") == "pressure_costs_trust"
    ]
    assert by_rule == []
    assert all(x == x for x in s.st.figures.values())  # no NaN anywhere


def test_no_code_outside_the_tests_builds_a_session_on_the_fake_clock() -> None:
    from conftest import ROOT

    from app.engine.clock import SystemClock

    users = [
        p.relative_to(ROOT)
        for p in (ROOT / "app").rglob("*.py")
        if "FakeClock(" in p.read_text(encoding="utf-8")
    ]
    assert users == []
    assert isinstance(Session(TUTOR, 1, SEATS).clock, SystemClock)


def test_every_facilitator_action_is_logged_with_when_and_why(tmp_path: Path) -> None:
    from app.store.exchange import export_json

    store = Store.open(tmp_path / "parley.db")
    saved = SavedSession.new(
        store, TUTOR, TUTORIAL.read_text(encoding="utf-8"), 5, SEATS, None, FakeClock()
    )
    saved.apply({"type": "pause", "reason": "the room needs a break"})
    saved.apply({"type": "resume"})
    saved.apply({"type": "skip_issue", "issue": "harbour", "reason": "settled in the corridor"})
    actions = [e for e in saved.session.history.entries if e["type"] == "facilitator"]
    assert [(a["action"], a.get("reason")) for a in actions] == [
        ("pause", "the room needs a break"),
        ("resume", None),
        ("skip_issue", "settled in the corridor"),
    ]
    export = export_json(store, saved.id)
    assert len(export["saved"]) == len(export["log"]) == 3
    assert all(stamp.startswith("20") and "T" in stamp for stamp in export["saved"])
    store.close()
