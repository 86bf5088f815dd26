"""The command line's contracts: exit codes, the diagnostics shape, --json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TUTORIAL

from app import __version__
from app.cli import main

KEYS = {"file", "line", "col", "severity", "code", "message", "hint"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "--version")
    assert code == 0 and __version__ in out


def test_validate_clean_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate", str(TUTORIAL))
    assert code == 0 and out == "" and "no problems" in err


def test_validate_reports_every_problem_with_file_line_col(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = (
        TUTORIAL.read_text()
        .replace("short: Aldmere", "shrt: Aldmere")
        .replace("required: [aldmere, brevia]", "required: [aldmere, brevija]", 1)
    )
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    code, out, _ = run(capsys, "validate", str(path))
    assert code == 2
    lines = [line for line in out.splitlines() if not line.startswith("    hint")]
    assert len(lines) == 1  # the structural error stops the reference check
    assert lines[0].startswith(f"{path}:") and ": error: unknown key `shrt`" in lines[0]
    assert "did you mean `short`?" in out


def test_validate_json_shape(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(TUTORIAL.read_text().replace("holder: aldmere", "holder: aldmer", 1))
    code, out, _ = run(capsys, "validate", "--json", str(path), str(TUTORIAL))
    assert code == 2
    payload = json.loads(out)
    assert payload["valid"] is False and payload["files"] == [str(path), str(TUTORIAL)]
    [diag] = payload["diagnostics"]
    assert set(diag) == KEYS
    assert diag["code"] == "ref-unknown" and diag["hint"] == "did you mean `aldmere`?"


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"\x00\x01binary",
        b"- a list\n- at the top\n",
        b"a: !!python/object/apply:os.system [x]",
    ],
)
def test_hostile_input_exits_2_without_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "x.yaml"
    path.write_bytes(content)
    code, out, err = run(capsys, "validate", str(path))
    assert code == 2 and "Traceback" not in out + err
    assert out.startswith(f"{path}:1:")


def test_lint_exit_codes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert run(capsys, "lint", str(TUTORIAL))[0] == 0
    warn = tmp_path / "warn.yaml"
    warn.write_text(
        TUTORIAL.read_text().replace(
            '            debrief: "Cheap, but nobody believes the other\'s numbers."\n', ""
        )
    )
    code, out, _ = run(capsys, "lint", str(warn))
    assert code == 0 and "debrief-missing" in out
    err = tmp_path / "err.yaml"
    err.write_text(TUTORIAL.read_text().replace('when: "tension >= 55"', 'when: "tension > 100"'))
    code, out, _ = run(capsys, "lint", "--json", str(err))
    assert code == 1
    payload = json.loads(out)
    assert payload["clean"] is False
    assert [d["code"] for d in payload["diagnostics"]] == ["event-never-happens"]
    invalid = tmp_path / "invalid.yaml"
    invalid.write_text("format: 1\n")
    assert run(capsys, "lint", str(invalid))[0] == 2


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "frobnicate")
    assert code == 2 and "hint" in err
    assert run(capsys, "validate")[0] == 2


def test_schema_is_json_schema(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "schema")
    schema = json.loads(out)
    assert code == 0 and schema["title"] == "Parley scenario"
    assert {"format", "scenario", "parties", "issues"} <= set(schema["properties"])


def test_python_dash_m_is_the_same_command() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "app", "validate", str(TUTORIAL)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
