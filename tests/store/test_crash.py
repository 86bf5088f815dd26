"""The crash harness: kill a saving session at random moments, resume it each time;
the end must be exactly what an uninterrupted run gives."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, TUTORIAL

from app.store.exchange import export_json
from app.store.sessions import Store

COMPARED = ("log", "rounds", "outcome", "history", "seed", "seating", "scenario")


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "app", "play", *args, "--pace", "0.4",
                             "--json"], cwd=ROOT, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)  # fmt: skip


def session_id(db: Path) -> str | None:
    if not db.exists():
        return None
    store = Store.open(db)
    try:
        rows = store.list()
        return rows[0]["id"] if rows else None
    finally:
        store.close()


def test_sigkill_at_random_moments_then_resume_gives_the_uninterrupted_result(
        tmp_path: Path) -> None:  # fmt: skip
    whole = tmp_path / "whole.db"
    proc = start(str(TUTORIAL), "--seed", "5", "--db", str(whole))
    assert proc.wait(timeout=120) == 0
    expected = export_json(Store.open(whole), session_id(whole))  # type: ignore[arg-type]

    db = tmp_path / "crashy.db"
    rng = random.Random(2026)
    kills = resumes = 0
    sid = None
    for _ in range(40):
        sid = session_id(db)
        proc = start("--resume", sid, "--db", str(db)) if sid else start(
            str(TUTORIAL), "--seed", "5", "--db", str(db))  # fmt: skip
        if sid:
            resumes += 1
        time.sleep(rng.uniform(0.4, 1.1))
        if proc.poll() is not None:
            assert proc.returncode == 0
            break
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        kills += 1
    else:
        raise AssertionError("the session never finished")
    assert kills >= 4 and resumes >= 3, (kills, resumes)
    got = export_json(Store.open(db), session_id(db))  # type: ignore[arg-type]
    for key in COMPARED:
        assert got[key] == expected[key], key
    assert got["status"] == "finished"
