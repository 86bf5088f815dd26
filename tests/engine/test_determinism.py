"""One history in every process: the same inputs give the same bytes whatever the hash
seed, the number of worker processes or how workers are started (spawn is the default on
Windows and macOS)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT, SCENARIOS

BUNDLED = sorted(SCENARIOS.glob("*.yaml"))
SPAWN = (
    "import multiprocessing as mp, sys\n"
    "mp.set_start_method('spawn', force=True)\n"
    "from app.cli import main\n"
    "raise SystemExit(main(sys.argv[1:]))\n"
)


def parley(*args: str, hash_seed: str, spawn: bool = False) -> bytes:
    env = dict(os.environ, PYTHONHASHSEED=hash_seed)
    command = (
        [sys.executable, "-c", SPAWN, *args] if spawn else [sys.executable, "-m", "app", *args]
    )
    done = subprocess.run(command, capture_output=True, cwd=ROOT, env=env, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout
    return done.stdout


def test_there_are_bundled_scenarios() -> None:
    assert len(BUNDLED) >= 2


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.stem)
def test_play_gives_the_same_bytes_under_any_hash_seed(scenario: object) -> None:
    args = ("play", str(scenario), "--seed", "9", "--json")
    assert parley(*args, hash_seed="0") == parley(*args, hash_seed="12345")


@pytest.mark.parametrize("scenario", BUNDLED, ids=lambda p: p.stem)
def test_simulate_gives_the_same_bytes_whatever_the_workers(scenario: object) -> None:
    args = ("simulate", str(scenario), "--runs", "8", "--seed", "3", "--json")
    one = parley(*args, "--workers", "1", hash_seed="0")
    assert parley(*args, "--workers", "2", hash_seed="12345") == one
    assert parley(*args, "--workers", "2", hash_seed="777", spawn=True) == one
