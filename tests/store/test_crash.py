"""The crash harness: kill a saving session at random moments, resume it each time;
the end must be exactly what an uninterrupted run gives."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from conftest import ROOT, TUTORIAL

from app.store.exchange import export_json
from app.store.sessions import Store

COMPARED = ("log", "rounds", "outcome", "history", "seed", "seating", "scenario")


def start(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "app", "play", *args, "--pace", "0.05", "--json"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def committed(db: Path) -> int:
    """How many commands the database holds (read-only: the player may be writing)."""
    if not db.exists():
        return 0
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return conn.execute("SELECT count(*) FROM commands").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0
    finally:
        conn.close()


def session_id(db: Path) -> str | None:
    if not db.exists():
        return None
    store = Store.open(db)
    try:
        rows = store.list()
        return rows[0]["id"] if rows else None
    finally:
        store.close()


def wait_for(proc: subprocess.Popen[bytes], db: Path, target: int) -> bool:
    """Wait until the player has committed `target` commands (True) or has ended (False).
    No guess about how long anything takes: it watches the database, bounded generously."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if committed(db) >= target:
            return True
        if proc.poll() is not None:
            return False
        time.sleep(0.01)
    raise AssertionError(f"no progress to {target} commands in 300 s")


def test_sigkill_after_random_numbers_of_commits_then_resume_gives_the_uninterrupted_result(
    tmp_path: Path,
) -> None:
    whole = tmp_path / "whole.db"
    proc = start(str(TUTORIAL), "--seed", "5", "--db", str(whole))
    assert proc.wait(timeout=300) == 0
    expected = export_json(Store.open(whole), session_id(whole))  # type: ignore[arg-type]
    total = len(expected["log"])

    db = tmp_path / "crashy.db"
    rng = random.Random(2026)
    kills = resumes = 0
    for _ in range(200):
        sid = session_id(db)
        proc = (
            start("--resume", sid, "--db", str(db))
            if sid
            else start(str(TUTORIAL), "--seed", "5", "--db", str(db))
        )
        resumes += bool(sid)
        target = committed(db) + rng.randint(2, max(3, total // 6))
        if target >= total or not wait_for(proc, db, target):
            assert proc.wait(timeout=300) == 0
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
