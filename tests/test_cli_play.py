"""`parley play` and `parley simulate`: JSON shapes, moves files, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import TUTORIAL

from app.cli import main


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_play_json_is_the_canonical_history_then_the_outcome(
        capsys: pytest.CaptureFixture[str]) -> None:  # fmt: skip
    code, out, _ = run(capsys, "play", str(TUTORIAL), "--seed", "4", "--json")
    assert code == 0
    history = lines(out)
    assert history[0]["type"] == "session" and history[0]["seed"] == 4
    assert history[-1]["type"] == "outcome"
    assert {"issues", "package", "parties", "ratification", "durability"} <= set(history[-1])
    again = run(capsys, "play", str(TUTORIAL), "--seed", "4", "--json")[1]
    assert again == out


def test_play_text_transcript_reads_as_sentences(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "play", str(TUTORIAL), "--seed", "2")
    assert code == 0 and "seed 2" in err
    assert "== Harbour access — round 1 of 3 ==" in out and "== Outcome ==" in out


def test_play_with_a_moves_file_seats_teams(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:  # fmt: skip
    moves = tmp_path / "moves.jsonl"
    moves.write_text(
        "# the north team's moves\n"
        '{"type": "move", "party": "aldmere", "kind": "propose", "option": "joint_authority"}\n'
        '{"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevia"}\n')
    code, out, _ = run(capsys, "play", str(TUTORIAL), "--seed", "1", "--moves", str(moves),
                       "--json")  # fmt: skip
    assert code == 0
    history = lines(out)
    assert history[0]["seating"]["aldmere"] == "team"  # type: ignore[index]
    team = [e for e in history if e["type"] == "move" and e["party"] == "aldmere"]
    assert [e["kind"] for e in team[:3]] == ["propose", "pressure", "pass"]
    assert team[2]["by"] == "timeout"


def test_play_reports_bad_input_with_exit_2(capsys: pytest.CaptureFixture[str],
                                            tmp_path: Path) -> None:  # fmt: skip
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "move", "party": "aldmere", "kind": "fly"}\n')
    code, _, err = run(capsys, "play", str(TUTORIAL), "--moves", str(bad))
    assert code == 2 and "cannot make the move 'fly'" in err and "Traceback" not in err
    bad.write_text("{not json\n")
    code, _, err = run(capsys, "play", str(TUTORIAL), "--moves", str(bad))
    assert code == 2 and f"{bad}:1:" in err
    assert run(capsys, "play", str(TUTORIAL), "--bots", "nobody=hardliner")[0] == 2
    assert run(capsys, "play", str(TUTORIAL), "--preset", "marathon")[0] == 2
    assert run(capsys, "play", str(tmp_path / "missing.yaml"))[0] == 2


def test_simulate_json_report_and_reproducible_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "simulate", str(TUTORIAL), "--runs", "40", "--seed", "100",
                       "--workers", "2", "--json", "--bots", "aldmere=conciliator")  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert report["runs"] == 40
    harbour = report["issues"]["harbour"]
    assert {"agreed_rate", "deadlock_rate", "deferred_rate", "options"} <= set(harbour)
    assert harbour["agreed_rate"] + harbour["deadlock_rate"] + harbour["deferred_rate"] == \
        pytest.approx(1)  # fmt: skip
    assert set(report["ratification"]) == {"aldmere", "brevia"}
    trust = report["figures"]["trust.aldmere>brevia"]
    assert trust["bands"][0]["p10"] <= trust["bands"][0]["p50"] <= trust["bands"][0]["p90"]
    assert sum(trust["histogram"]["counts"]) == 40
    one = json.loads(run(capsys, "simulate", str(TUTORIAL), "--runs", "40", "--seed", "100",
                         "--workers", "1", "--json", "--bots", "aldmere=conciliator")[1])
    assert one == report  # the same whatever the number of workers
    # run i is `play --seed S+i`
    code, out, _ = run(capsys, "play", str(TUTORIAL), "--seed", "107", "--json",
                       "--bots", "aldmere=conciliator")  # fmt: skip
    outcome = lines(out)[-1]
    from app.engine.compiled import compile_scenario
    from app.engine.simulate import run_one
    from app.scenario.validate import load_ok

    c = compile_scenario(load_ok(TUTORIAL))
    assert run_one(c, 107, {"aldmere": "bot:conciliator"}, None)["outcome"] == {
        k: v for k, v in outcome.items() if k not in ("type", "visibility")}
