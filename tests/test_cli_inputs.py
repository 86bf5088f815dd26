"""No traceback on any argument: numbers out of range, non-finite numbers, empty paths,
consoles that cannot show every character. Bad values are usage errors (exit 2)."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, TUTORIAL
from hypothesis import given, settings
from hypothesis import strategies as st

from app.cli import MAX_PACE, MAX_RUNS, SEED_RANGE, build_parser, main


def usage(capsys: pytest.CaptureFixture[str], *args: str) -> str:
    """Run `args`, which must be refused as a usage error; the message."""
    assert main(list(args)) == 2
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return err


@pytest.mark.parametrize(
    "args, words",
    [
        (["play", str(TUTORIAL), "--seed", str(2**64)], "64-bit"),
        (["play", str(TUTORIAL), "--seed", "9" * 5000], "too large"),
        (["play", str(TUTORIAL), "--pace", "-1"], "0 to"),
        (["play", str(TUTORIAL), "--pace", "nan"], "not a finite number"),
        (["play", str(TUTORIAL), "--pace", "inf"], "not a finite number"),
        (["simulate", str(TUTORIAL), "--runs", "1000000000000"], f"1 to {MAX_RUNS:,}"),
        (["simulate", str(TUTORIAL), "--runs", "0"], f"1 to {MAX_RUNS:,}"),
        (["simulate", str(TUTORIAL), "--runs", "nan"], "not an integer"),
        (["simulate", str(TUTORIAL), "--runs", "2", "--workers", "0"], "--workers is 1 to"),
        (["sessions", "--db", ""], "the path is empty"),
        (["export", "x", "--format", "json", "--db", " "], "the path is empty"),
    ],
)
def test_bad_arguments_are_usage_errors(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    assert words in usage(capsys, *args)


def test_the_last_seed_of_a_simulation_must_fit(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["simulate", str(TUTORIAL), "--runs", "3", "--seed", str(SEED_RANGE[1])])
    assert code == 2 and "2**63-1" in capsys.readouterr().err


@settings(max_examples=200, deadline=None)
@given(
    option=st.sampled_from(["--seed", "--pace", "--runs", "--workers", "--db"]),
    value=st.text(max_size=30) | st.integers().map(str) | st.floats().map(str),
)
def test_any_argument_value_parses_or_is_a_usage_error(option: str, value: str) -> None:
    command = {
        "--runs": ["simulate", "x.yaml"],
        "--workers": ["simulate", "x.yaml", "--runs", "1"],
    }.get(option, ["play", "x.yaml"])
    args = [*command, option, value]
    if value.startswith("-"):  # argparse would read it as an option: pass it glued
        args = [*command, f"{option}={value}"]
    try:
        ns = build_parser().parse_args(args)
    except SystemExit as stop:
        assert stop.code == 2
        return
    got = getattr(ns, {"--db": "db"}.get(option, option.lstrip("-")))
    if option == "--seed":
        assert SEED_RANGE[0] <= got <= SEED_RANGE[1]
    elif option == "--pace":
        assert math.isfinite(got) and 0 <= got <= MAX_PACE
    elif option in ("--runs", "--workers"):
        assert got >= 1
    else:
        assert got.strip()


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_survives_a_console_that_cannot_show_every_character(
    tmp_path: Path, encoding: str
) -> None:
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    proc = subprocess.run(
        [sys.executable, "-m", "app", "play", str(TUTORIAL), "--seed", "3"],
        capture_output=True,
        cwd=ROOT,
        env=env,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr.decode(encoding, "replace")
    utf8 = subprocess.run(
        [sys.executable, "-m", "app", "play", str(TUTORIAL), "--seed", "3"],
        capture_output=True,
        cwd=ROOT,
        timeout=120,
        check=False,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert "→".encode() in utf8.stdout  # the text does hold characters cp1252 lacks
    assert proc.stdout.count(b"\n") == utf8.stdout.count(b"\n")
