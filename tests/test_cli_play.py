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
    capsys: pytest.CaptureFixture[str],
) -> None:
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


def test_play_with_a_moves_file_seats_teams(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.jsonl"
    moves.write_text(
        "# the north team's moves\n"
        '{"type": "move", "party": "aldmere", "kind": "propose", "option": "joint_authority"}\n'
        '{"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevia"}\n'
    )
    code, out, _ = run(
        capsys, "play", str(TUTORIAL), "--seed", "1", "--moves", str(moves), "--json"
    )
    assert code == 0
    history = lines(out)
    assert history[0]["seating"]["aldmere"] == "team"  # type: ignore[index]
    team = [e for e in history if e["type"] == "move" and e["party"] == "aldmere"]
    assert [e["kind"] for e in team[:3]] == ["propose", "pressure", "pass"]
    assert team[2]["by"] == "timeout"


def test_play_reports_bad_input_with_exit_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "move", "party": "aldmere", "kind": "fly"}\n')
    code, _, err = run(capsys, "play", str(TUTORIAL), "--moves", str(bad))
    assert code == 2 and f"{bad}:1: error: unknown move kind 'fly'" in err
    assert "Traceback" not in err
    bad.write_text("{not json\n")
    code, _, err = run(capsys, "play", str(TUTORIAL), "--moves", str(bad))
    assert code == 2 and f"{bad}:1:" in err
    assert run(capsys, "play", str(TUTORIAL), "--bots", "nobody=hardliner")[0] == 2
    assert run(capsys, "play", str(TUTORIAL), "--preset", "marathon")[0] == 2
    assert run(capsys, "play", str(tmp_path / "missing.yaml"))[0] == 2


def test_simulate_json_report_and_reproducible_runs(capsys: pytest.CaptureFixture[str]) -> None:
    args = ("simulate", str(TUTORIAL), "--runs", "40", "--seed", "100")
    bots = ("--json", "--bots", "aldmere=conciliator")
    code, out, _ = run(capsys, *args, "--workers", "2", *bots)
    assert code == 0
    report = json.loads(out)
    assert report["runs"] == 40
    harbour = report["issues"]["harbour"]
    assert {"agreed_rate", "deadlock_rate", "deferred_rate", "options"} <= set(harbour)
    assert harbour["agreed_rate"] + harbour["deadlock_rate"] + harbour[
        "deferred_rate"
    ] == pytest.approx(1)
    assert set(report["ratification"]) == {"aldmere", "brevia"}
    trust = report["figures"]["trust.aldmere>brevia"]
    assert trust["bands"][0]["p10"] <= trust["bands"][0]["p50"] <= trust["bands"][0]["p90"]
    assert sum(trust["histogram"]["counts"]) == 40
    one = json.loads(run(capsys, *args, "--workers", "1", *bots)[1])
    assert one == report  # the same whatever the number of workers
    # run i is `play --seed S+i`
    code, out, _ = run(
        capsys, "play", str(TUTORIAL), "--seed", "107", "--json", "--bots", "aldmere=conciliator"
    )
    outcome = lines(out)[-1]
    from app.engine.compiled import compile_scenario
    from app.engine.simulate import run_one
    from app.scenario.validate import load_ok

    c = compile_scenario(load_ok(TUTORIAL))
    assert run_one(c, 107, {"aldmere": "bot:conciliator"}, None)["outcome"] == {
        k: v for k, v in outcome.items() if k not in ("type", "visibility")
    }


BAD_LINES = [
    (
        '{"type": "move", "party": "aldmeer", "kind": "propose", "option": "joint_authority"}',
        "unknown party 'aldmeer'",
        "did you mean 'aldmere'?",
    ),
    (
        '{"type": "move", "party": "aldmere", "kind": "propse", "option": "joint_authority"}',
        "unknown move kind 'propse'",
        "did you mean 'propose'?",
    ),
    (
        '{"type": "move", "party": "aldmere", "kind": "propose", "option": "joint_authorty"}',
        "unknown option 'joint_authorty'",
        "did you mean 'joint_authority'?",
    ),
    (
        '{"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevai"}',
        "unknown party 'brevai' as target",
        "did you mean 'brevia'?",
    ),
    ('{"type": ["move"]}', "unknown command type ['move']", "one of: start"),
    ('{"type": "move", "party": ["aldmere"], "kind": "pass"}', "must be text, not a list", ""),
    (
        '{"type": "move", "party": "aldmere", "kind": "propose", "package": 5}',
        "must be a list of ids, not a number",
        "",
    ),
    (
        '{"type": "override", "figure": "tension", "value": NaN, "reason": "x"}',
        "NaN is not a number",
        "",
    ),
    (
        '{"type": "override", "figure": "tension", "value": 1e999, "reason": "x"}',
        "must be a finite number",
        "",
    ),
    (
        '{"type": "move", "party": "aldmere", "kind": "pass", "remark": "\\ud800"}',
        "not valid Unicode text",
        "",
    ),
    ("[" * 5000 + "]" * 5000, "brackets nest too deeply", ""),
    ("[[1]]", "a command is a JSON object", ""),
    (
        '{"type": "move", "party": "aldmere", "kind": "pass", "colour": "red"}',
        "takes no field 'colour'",
        "it takes: party, kind",
    ),
]


@pytest.mark.parametrize(("line", "message", "hint"), BAD_LINES)
def test_a_bad_moves_line_is_reported_at_its_line_and_nothing_is_played(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, message: str, hint: str
) -> None:
    moves = tmp_path / "moves.jsonl"
    good = '{"type": "move", "party": "aldmere", "kind": "pass"}'
    moves.write_text(f"# a comment\n{good}\n\n{line}\n{good}\n", encoding="utf-8")
    code, out, err = run(
        capsys, "play", str(TUTORIAL), "--seed", "1", "--moves", str(moves), "--json"
    )
    assert code == 2, err
    assert f"{moves}:4" in err and message in err and hint in err
    assert "Traceback" not in err and out == ""  # nothing played past the bad line: nothing


def test_a_move_refused_in_play_stops_the_run_at_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    moves = tmp_path / "moves.jsonl"
    moves.write_text(
        '{"type": "move", "party": "aldmere", "kind": "pass"}\n'
        '{"type": "move", "party": "aldmere", "kind": "propose", "option": "quota_even"}\n'
        '{"type": "move", "party": "aldmere", "kind": "pass"}\n',
        encoding="utf-8",
    )
    code, out, err = run(
        capsys, "play", str(TUTORIAL), "--seed", "1", "--moves", str(moves), "--json"
    )
    assert code == 2 and f"{moves}:2: error:" in err and "not on the table" in err
    assert "nothing after it was played" in err
    played = [e for e in lines(out) if e["type"] == "move" and e["party"] == "aldmere"]
    assert len(played) == 1  # the first line only


def test_play_as_a_viewer_prints_only_what_it_may_see(capsys: pytest.CaptureFixture[str]) -> None:
    code, full, _ = run(capsys, "play", str(TUTORIAL), "--seed", "5", "--json")
    assert code == 0
    code, mine, _ = run(capsys, "play", str(TUTORIAL), "--seed", "5", "--json", "--as", "brevia")
    assert code == 0
    everything, seen = lines(full), lines(mine)
    assert len(seen) < len(everything)
    assert all(e["visibility"] in ("public", "brevia") for e in seen)
    assert "seed" in everything[0] and "seed" not in seen[0]
    assert run(capsys, "play", str(TUTORIAL), "--as", "nobody")[0] == 2


@pytest.mark.parametrize("where", ["/dev/zero", "fifo", "folder"])
def test_a_moves_file_that_is_not_a_regular_file_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, where: str
) -> None:
    import os

    path = tmp_path / where
    if where == "fifo":
        os.mkfifo(path)  # reading it would wait forever for a writer
    elif where == "folder":
        path.mkdir()
    else:
        path = Path(where)
    code, out, err = run(capsys, "play", str(TUTORIAL), "--moves", str(path))
    assert code == 2 and "not a regular file" in err and out == ""


def test_output_into_a_closed_pipe_is_not_an_error() -> None:
    import subprocess
    import sys

    from conftest import ROOT

    flagship = ROOT / "scenarios" / "ukraine-2022.yaml"  # far more than a pipe's buffer
    run_ = subprocess.run(
        f"set -o pipefail; {sys.executable} -m app play {flagship} --seed 1 --json | head -c 10",
        shell=True,
        executable="/bin/bash",
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert run_.returncode == 0 and run_.stdout.startswith('{"type"')
    assert "Broken pipe" not in run_.stderr and "Traceback" not in run_.stderr


def test_simulate_names_the_issues_a_preset_leaves_off_the_agenda(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The flagship's default agenda takes Crimea and the Donbas one by one; the workshop
    takes them together as `territories`. An issue left off is not reported as a 0% issue,
    and the studio's warnings do not call it never agreed."""
    from conftest import SCENARIOS

    from app.scenario.validate import load_ok
    from app.ui.studio.warnings import dry_run_warnings

    flagship = SCENARIOS / "ukraine-2022.yaml"
    code, out, _ = run(capsys, "simulate", str(flagship), "--runs", "4", "--json")
    assert code == 0
    report = json.loads(out)
    agenda = {i: info["on_agenda"] for i, info in report["issues"].items()}
    assert agenda == {
        "withdrawal": True,
        "west_offer": True,
        "crimea": True,
        "donbas": True,
        "independence": True,
        "territories": False,
    }
    warned = {w.subject for w in dry_run_warnings(load_ok(flagship), report)}
    assert "territories" not in warned
    code, out, _ = run(capsys, "simulate", str(flagship), "--runs", "4", "--preset", "workshop")
    assert code == 0
    assert "crimea                   not on this preset's agenda" in out
    assert "donbas                   not on this preset's agenda" in out
    assert "territories              agreed" in out


def test_an_issue_taken_up_only_in_the_package_round_is_on_the_agenda(tutorial_text: str) -> None:
    from app.engine.simulate import simulate
    from app.scenario.validate import load_text

    quick = "        - {kind: rounds, issues: [harbour], rounds_per_issue: 2, talk_minutes: 2}\n"
    assert quick in tutorial_text
    text = tutorial_text.replace(
        quick,
        quick + "        - {kind: package, issues: [harbour, fishing], rounds_per_issue: 2}\n",
        1,
    )
    scenario = load_text(text).scenario
    report = simulate(scenario, 10, seed=0, preset="quick", workers=1)
    assert report["issues"]["fishing"]["on_agenda"] is True
    plain = simulate(load_text(tutorial_text).scenario, 10, seed=0, preset="quick", workers=1)
    assert plain["issues"]["fishing"]["on_agenda"] is False
