"""Saving speed and size, run by hand (not collected by pytest):

    .venv/bin/python tests/bench/bench_store.py

Median time to save a move and to save a round's resolution with the chosen
durability (WAL, synchronous=FULL), against a baseline measured in the same
run: one bare sqlite3 insert of the same command in its own FULL-synced
transaction. Then the database size after a full-day session of 120 rounds.
"""

from __future__ import annotations

import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.engine.compiled import compile_scenario  # noqa: E402
from app.engine.headless import drive  # noqa: E402
from app.scenario.validate import load_ok  # noqa: E402
from app.store.saved import SavedSession  # noqa: E402
from app.store.sessions import Store  # noqa: E402

TUTORIAL = ROOT / "scenarios" / "tutorial.yaml"


def baseline(folder: Path, n: int = 300) -> list[float]:
    conn = sqlite3.connect(folder / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("CREATE TABLE c (seq INTEGER, command TEXT)")
    cmd = json.dumps({"type": "move", "party": "aldmere", "kind": "propose", "option": "x"})
    times = []
    for i in range(n):
        t = time.perf_counter()
        conn.execute("BEGIN")
        conn.execute("INSERT INTO c VALUES (?, ?)", (i, cmd))
        conn.execute("COMMIT")
        times.append(time.perf_counter() - t)
    return times


def parley(folder: Path, sessions: int = 20) -> tuple[list[float], list[float]]:
    text = TUTORIAL.read_text()
    c = compile_scenario(load_ok(TUTORIAL))
    store = Store.open(folder / "p.db")
    moves, resolutions = [], []
    for seed in range(sessions):
        saved = SavedSession.new(store, c, text, seed, {"aldmere": "team", "brevia": "team"})
        s = saved.session
        while not s.finished:
            if s.stage == "entry":
                waiting = s.awaiting()
                t = time.perf_counter()
                saved.apply({"type": "move", "party": waiting[0], "kind": "statement"})
                (resolutions if len(waiting) == 1 else moves).append(time.perf_counter() - t)
            else:
                saved.apply({"type": "entry" if s.stage == "talk" else "start"})
    return moves, resolutions


def full_day(folder: Path) -> tuple[int, int]:
    scenario = load_ok(TUTORIAL)
    issues = [i.model_copy(update={"rounds": 60}) for i in scenario.issues]
    c = compile_scenario(scenario.model_copy(update={"issues": issues}))
    store = Store.open(folder / "day.db")
    saved = SavedSession.new(store, c, TUTORIAL.read_text(), 1, {})
    drive(saved, [])
    store.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rounds = sum(e["type"] == "round" for e in saved.session.history.entries)
    return rounds, (folder / "day.db").stat().st_size


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base = statistics.median(baseline(folder))
        moves, resolutions = parley(folder)
        m, r = statistics.median(moves), statistics.median(resolutions)
        print(f"bare sqlite3 insert, WAL + FULL, own transaction: {base * 1000:.3f} ms")
        print(f"save a move (engine + one transaction): {m * 1000:.3f} ms ({m / base:.1f}x)")
        print(f"save a resolution (engine + one transaction): {r * 1000:.3f} ms ({r / base:.1f}x)")
        rounds, size = full_day(folder)
        print(f"full-day session: {rounds} rounds, database {size / 1024:.0f} KiB")


if __name__ == "__main__":
    main()
