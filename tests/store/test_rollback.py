"""A write that fails leaves memory as the disk is: the unsaved command gone, the clock as it
stood (running, paused or held), no gap in `seq`, and the disk not read to get there."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL

from app.cli import main
from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.session import Session
from app.scenario.validate import load_ok
from app.store.database import StoreError
from app.store.saved import SavedSession, clock_of
from app.store.sessions import Store

TUTOR = compile_scenario(load_ok(TUTORIAL))
TEXT = TUTORIAL.read_text(encoding="utf-8")
TEAMS = {"aldmere": "team:North", "brevia": "team:South"}
PRESSURE = {"type": "move", "party": "aldmere", "kind": "pressure", "target": "brevia"}


def in_talk(tmp_path: Path, clock: FakeClock) -> SavedSession:
    saved = SavedSession.new(Store.open(tmp_path / "p.db"), TUTOR, TEXT, 4, TEAMS, None, clock)
    for _ in range(3):
        saved.apply({"type": "start"})
    assert saved.session.stage == "talk"
    return saved


def failing_writes(saved: SavedSession) -> None:
    """From now on every command row fails to be written, as a failing disk would."""
    saved.store.db.execute("CREATE TABLE fail_switch (x)")
    saved.store.db.execute("INSERT INTO fail_switch VALUES (1)")
    saved.store.db.execute(
        "CREATE TRIGGER fail BEFORE INSERT ON commands WHEN (SELECT count(*) "
        "FROM fail_switch) > 0 BEGIN SELECT RAISE(ABORT, 'disk I/O error'); "
        "END"
    )


def writes_work_again(saved: SavedSession) -> None:
    saved.store.db.execute("DELETE FROM fail_switch")


def no_reads(saved: SavedSession, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading the database fails (as when it is locked): the rollback must not need it."""

    def locked(*args: Any, **kw: Any) -> Any:
        raise StoreError("the database is locked", "", "store-locked")

    for name in ("log", "get", "clock", "list"):
        monkeypatch.setattr(saved.store, name, locked)


def same_as_disk(saved: SavedSession) -> None:
    store = Store.open(saved.store.path)
    on_disk = [c for c, _ in store.log(saved.id)]
    seqs = [
        r[0]
        for r in store.db.execute(
            "SELECT seq FROM commands WHERE session_id = ? ORDER BY seq", [saved.id]
        )
    ]
    assert seqs == list(range(len(seqs)))  # no gap
    assert saved.session.log == on_disk
    replay = Session.replay(TUTOR, 4, TEAMS, on_disk)
    assert saved.session.history.entries == replay.history.entries
    store.close()


def test_a_running_clock_keeps_running_after_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    saved = in_talk(tmp_path, clock)
    clock.advance(30)
    left = saved.session.time_left()
    failing_writes(saved)
    no_reads(saved, monkeypatch)
    with pytest.raises(StoreError):
        saved.apply({"type": "entry"})
    s = saved.session
    assert s.stage == "talk" and not s.held and not s.paused
    assert s.time_left() == pytest.approx(left)
    clock.advance(10)
    assert s.time_left() == pytest.approx(left - 10)  # it runs on
    monkeypatch.undo()
    writes_work_again(saved)
    saved.apply({"type": "entry"})
    saved.apply(PRESSURE)
    same_as_disk(saved)


def test_a_paused_clock_stays_paused_after_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    saved = in_talk(tmp_path, clock)
    clock.advance(20)
    saved.apply({"type": "pause"})
    left = saved.session.time_left()
    failing_writes(saved)
    no_reads(saved, monkeypatch)
    with pytest.raises(StoreError):
        saved.apply({"type": "extend", "seconds": 60})
    clock.advance(100)
    s = saved.session
    assert s.paused and s.time_left() == pytest.approx(left)  # not extended, not running
    monkeypatch.undo()
    writes_work_again(saved)
    saved.apply({"type": "resume"})
    clock.advance(5)
    assert saved.session.time_left() == pytest.approx(left - 5)
    same_as_disk(saved)


def test_a_held_clock_stays_held_after_a_failed_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    saved = in_talk(tmp_path, clock)
    clock.advance(40)
    saved.save_clock()
    later = FakeClock(1000)
    back = SavedSession.resume(Store.open(tmp_path / "p.db"), saved.id, later)
    left = back.session.time_left()
    assert back.session.held
    failing_writes(back)
    no_reads(back, monkeypatch)
    with pytest.raises(StoreError):
        back.apply({"type": "extend", "seconds": 30})
    later.advance(500)
    assert back.session.held and back.session.time_left() == pytest.approx(left)
    assert back.tick() == []  # held: the clock does not act
    monkeypatch.undo()
    writes_work_again(back)
    back.session.release()
    later.advance(1)
    assert back.session.time_left() == pytest.approx(left - 1)
    back.apply({"type": "entry"})
    same_as_disk(back)


def test_a_locked_database_leaves_no_gap_in_seq(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    clock = FakeClock()
    saved = in_talk(tmp_path, clock)
    saved.apply({"type": "entry"})
    saved.store.db.execute("PRAGMA busy_timeout = 0")
    holder = sqlite3.connect(tmp_path / "p.db", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # another writer holds the lock
    no_reads(saved, monkeypatch)  # and reading it fails too
    try:
        with pytest.raises(StoreError) as err:
            saved.apply(PRESSURE)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert err.value.code == "store-locked"
    assert "aldmere" not in saved.session.pending and saved.session.stage == "entry"
    monkeypatch.undo()
    saved.apply(PRESSURE)  # written as the next seq, not after a gap
    saved.apply({"type": "move", "party": "brevia", "kind": "pass"})
    same_as_disk(saved)


def test_a_command_out_of_step_with_the_disk_is_refused(tmp_path: Path) -> None:
    saved = in_talk(tmp_path, FakeClock())
    with pytest.raises(StoreError) as err:
        saved.store.record(
            saved.id,
            7,
            {"type": "entry"},
            "app",
            [],
            status="running",
            clock=clock_of(saved.session),
        )
    assert err.value.code == "store-out-of-step"


# --- where a session stands, for `parley sessions --json` ---------------------------------


def test_sessions_json_says_where_each_session_stands(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = FakeClock()
    saved = in_talk(tmp_path, clock)
    clock.advance(12.5)
    saved.save_clock()
    assert main(["sessions", "--db", str(tmp_path / "p.db"), "--json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert {"id", "scenario", "title", "status", "created", "updated", "seed"} <= set(row)
    assert row["stage"] == "talk" and row["issue"] == saved.session.st.issue
    assert row["round"] == saved.session.st.round == 1
    assert row["time_left"] == pytest.approx(saved.session.time_left())


def test_sessions_of_a_missing_database_lists_nothing_and_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    where = tmp_path / "a" / "b" / "x.db"
    assert main(["sessions", "--db", str(where), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["sessions", "--db", str(where)]) == 0
    assert "No saved sessions" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_a_session_id_is_matched_literally(tmp_path: Path) -> None:
    saved = in_talk(tmp_path, FakeClock())
    assert saved.store.get(saved.id[:6])["id"] == saved.id
    for pattern in ("", "%", "_", saved.id[:3] + "%"):
        with pytest.raises(StoreError, match="no session"):
            saved.store.get(pattern)
