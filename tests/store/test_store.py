"""Saved sessions: durability, resume with the clock, export/import, bad databases."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL, run_cli

from app.cli import main
from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.headless import drive
from app.scenario.validate import load_ok
from app.store.database import SCHEMA_1, SCHEMA_VERSION, StoreError, backup_paths, open_db
from app.store.exchange import export_csv, export_json, import_json
from app.store.saved import SavedSession
from app.store.sessions import Store

TUTOR = compile_scenario(load_ok(TUTORIAL))
TEXT = TUTORIAL.read_text(encoding="utf-8")
TEAMS = {"aldmere": "team:North", "brevia": "team:South"}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def new(tmp_path: Path, clock: FakeClock | None = None, seed: int = 4) -> SavedSession:
    return SavedSession.new(Store.open(tmp_path / "p.db"), TUTOR, TEXT, seed, TEAMS, None, clock)


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --- the schema and the database file ------------------------------------------------


def test_database_is_wal_with_full_sync_and_versioned(tmp_path: Path) -> None:
    db = open_db(tmp_path / "p.db")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {
        "sessions",
        "commands",
        "moves",
        "resolutions",
        "figures",
        "events",
        "facilitator_actions",
        "notes",
        "clock",
    } <= set(db.table_names())


def test_a_first_schema_version_database_opens_and_keeps_its_sessions(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1 + "PRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO sessions VALUES ('abc', 'tutorial-harbour', '1', 'h', ?, 'T', 1, "
        "'{}', NULL, 'paused', 'c', 'u', '0.0.1')",
        [TEXT],
    )
    conn.commit()
    conn.close()
    store = Store.open(path)
    assert [r["id"] for r in store.list()] == ["abc"]
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    from app.store.pins import check_pin, set_pin

    set_pin(store, "abc", "2468")  # the PIN table came with the migrations
    assert check_pin(store, "abc", "2468") and not check_pin(store, "abc", "1111")


def test_a_newer_database_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(StoreError, match="newer than this Parley") as err:
        Store.open(path)
    assert err.value.code == "store-newer" and digest(path) == before


# --- durability and resume -------------------------------------------------------------


def test_every_command_is_on_disk_when_apply_returns(tmp_path: Path) -> None:
    saved = new(tmp_path)
    for cmd in (
        {"type": "start"},
        {"type": "start"},
        {"type": "start"},
        {"type": "entry"},
        {
            "type": "move",
            "party": "aldmere",
            "kind": "propose",
            "option": "joint_authority",
            "remark": "opening",
        },
    ):
        saved.apply(cmd)
        other = sqlite3.connect(tmp_path / "p.db")  # another reader sees it at once
        count = other.execute("SELECT count(*) FROM commands").fetchone()[0]
        other.close()
        assert count == len(saved.session.log)
    saved.apply({"type": "move", "party": "brevia", "kind": "accept", "option": "joint_authority"})
    db = saved.store.db
    moves = list(db.query("SELECT party, kind, option, remark, by FROM moves ORDER BY rowid"))
    assert moves[0] == {
        "party": "aldmere",
        "kind": "propose",
        "option": "joint_authority",
        "remark": "opening",
        "by": "team",
    }
    [res] = list(db.query("SELECT issue, round, entries FROM resolutions"))
    assert res["issue"] == "harbour" and "agreement" in res["entries"]
    assert db.execute("SELECT count(*) FROM figures WHERE issue = 'harbour'").fetchone()[0] == len(
        TUTOR.figure_keys
    )


def test_resume_after_a_crash_is_paused_with_the_time_that_was_left(tmp_path: Path) -> None:
    clock = FakeClock()
    saved = new(tmp_path, clock)
    for cmd in ({"type": "start"}, {"type": "start"}, {"type": "start"}):
        saved.apply(cmd)
    clock.advance(100)
    saved.save_clock()
    clock.advance(0.7)  # the lid closes before the next save
    history = list(saved.session.history.entries)
    del saved  # the crash

    later = FakeClock(5000)
    back = SavedSession.resume(
        Store.open(tmp_path / "p.db"), Store.open(tmp_path / "p.db").list()[0]["id"], later
    )
    s = back.session
    assert s.held and s.stage == "talk" and s.st.issue == "harbour"
    assert s.time_left() == pytest.approx(140)
    later.advance(1000)
    assert back.tick() == [] and s.time_left() == pytest.approx(140)  # held: the clock waits
    assert s.history.entries == history
    assert back.store.get(back.id)["status"] == "paused"
    s.release()
    later.advance(140)
    assert "entry" in [e["type"] for e in back.tick()]


def test_a_failed_write_never_shows_a_move_the_disk_lacks(tmp_path: Path) -> None:
    saved = new(tmp_path)
    for cmd in ({"type": "start"}, {"type": "start"}, {"type": "start"}, {"type": "entry"}):
        saved.apply(cmd)
    pages = saved.store.db.execute("PRAGMA page_count").fetchone()[0]
    saved.store.db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is now full
    with pytest.raises(StoreError) as err:
        for n in range(50):
            saved.apply(
                {
                    "type": "move",
                    "party": "aldmere",
                    "kind": "pressure",
                    "target": "brevia",
                    "remark": "x" * 2000,
                }
            )
            saved.apply({"type": "void", "party": "aldmere"})
            assert n < 49
    assert err.value.code == "store-full"
    on_disk = [c for c, _ in saved.store.log(saved.id)]
    assert saved.session.log == on_disk  # rebuilt from what the disk holds


def test_play_resume_finishes_with_the_uninterrupted_history(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "p.db")
    code, whole, _ = cli(capsys, "play", str(TUTORIAL), "--seed", "8", "--json")
    assert code == 0
    saved = SavedSession.new(Store.open(db), TUTOR, TEXT, 8, {}, None)
    for _ in range(9):  # part of the way, then "crash"
        saved.apply(
            {"type": "start"} if saved.session.stage != "talk" else {"type": "entry"}, "auto"
        )
    code, rest, _ = cli(capsys, "play", "--resume", saved.id[:8], "--db", db, "--json")
    assert code == 0
    assert rest.splitlines() == whole.splitlines()  # replayed prefix, then the rest


def test_sessions_lists_newest_first_with_the_contract_keys(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "p.db")
    assert cli(capsys, "play", str(TUTORIAL), "--seed", "1", "--db", db, "--json")[0] == 0
    assert cli(capsys, "play", str(TUTORIAL), "--seed", "2", "--db", db, "--json")[0] == 0
    code, out, _ = cli(capsys, "sessions", "--db", db, "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == 2
    assert {"id", "scenario", "status", "updated"} <= set(rows[0])
    assert rows[0]["seed"] == 2 and rows[0]["status"] == "finished"
    assert backup_paths(tmp_path / "p.db")[0].exists()  # taken when the second session began


def test_resume_of_an_unknown_session_exits_2(tmp_path: Path, capsys: Any) -> None:
    db = str(tmp_path / "p.db")
    open_db(db)
    code, _, err = cli(capsys, "play", "--resume", "nope", "--db", db)
    assert code == 2 and "no session 'nope'" in err


# --- export and import ------------------------------------------------------------------


def finished(tmp_path: Path, name: str = "p.db") -> SavedSession:
    saved = SavedSession.new(
        Store.open(tmp_path / name), TUTOR, TEXT, 6, {"aldmere": "bot:conciliator"}, None
    )
    drive(saved, [{"type": "override", "figure": "tension", "value": 60, "reason": "riots"}])
    saved.store.add_note(saved.id, "Good use of the mediator in round 2.", "facilitator")
    return saved


def test_export_json_has_the_contract_keys_and_replays(tmp_path: Path) -> None:
    saved = finished(tmp_path)
    data = export_json(saved.store, saved.id)
    assert {"format", "scenario", "seed", "seating", "log", "rounds", "notes", "outcome"} <= set(
        data
    )
    assert data["scenario"]["text"] == TEXT and data["seed"] == 6
    first = data["rounds"][0]
    assert {"issue", "round", "moves", "figures", "rules", "narratives", "facilitator"} <= set(
        first
    )
    assert first["facilitator"][0]["action"] == "override"
    assert data["notes"][0]["text"].startswith("Good use")
    assert data["outcome"] == saved.session.result


def test_export_csv_has_a_row_per_round_and_figure(tmp_path: Path) -> None:
    saved = finished(tmp_path)
    rows = export_csv(saved.store, saved.id).splitlines()
    snapshots = sum(e["type"] == "figures" for e in saved.session.history.entries)
    assert rows[0] == "session,scenario,phase,issue,round,stage,figure,value"
    assert len(rows) == 1 + snapshots * len(TUTOR.figure_keys)


def test_import_brings_a_session_to_another_database_once(tmp_path: Path, capsys: Any) -> None:
    saved = finished(tmp_path)
    path = tmp_path / "export.json"
    assert (
        cli(
            capsys,
            "export",
            saved.id,
            "--db",
            str(tmp_path / "p.db"),
            "--format",
            "json",
            "--out",
            str(path),
        )[0]
        == 0
    )
    other = str(tmp_path / "other.db")
    assert cli(capsys, "import", str(path), "--db", other)[0] == 0
    again = export_json(Store.open(other), saved.id)
    original = json.loads(path.read_text())
    for key in ("log", "rounds", "outcome", "history", "seed", "seating", "notes"):
        if key == "notes":
            assert [n["text"] for n in again[key]] == [n["text"] for n in original[key]]
        else:
            assert again[key] == original[key], key
    code, _, err = cli(capsys, "import", str(path), "--db", other)
    assert code == 2 and "already in" in err


def test_import_refuses_edited_or_foreign_files(tmp_path: Path) -> None:
    saved = finished(tmp_path)
    data = export_json(saved.store, saved.id)
    store = Store.open(tmp_path / "other.db")
    with pytest.raises(StoreError, match="not a Parley session export"):
        import_json(store, {"format": 9})
    data["scenario"]["text"] += "\n# edited"
    with pytest.raises(StoreError, match="does not match its hash"):
        import_json(store, data)


# --- bad databases on the command line ------------------------------------------------


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_reported_and_left_alone(tmp_path: Path, damage: str) -> None:
    saved = finished(tmp_path)
    path = tmp_path / "p.db"
    saved.store.close()
    Store.open(path).store_backup = None  # type: ignore[attr-defined]
    if damage == "garbage":
        path.write_bytes(b"this is not a database at all" * 100)
    else:
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        raw = path.read_bytes()
        path.write_bytes(raw[: len(raw) // 3])
    for f in (path.with_name("p.db-wal"), path.with_name("p.db-shm")):
        f.unlink(missing_ok=True)
    before = digest(path)
    for args in (("sessions",), ("play", str(TUTORIAL)), ("export", saved.id, "--format", "csv")):
        proc = run_cli(*args, "--db", str(path))
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr and str(path) in proc.stderr
        assert "damaged" in proc.stderr or "not a Parley database" in proc.stderr
    assert digest(path) == before


def test_a_locked_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    open_db(path).close()
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        proc = run_cli("play", str(TUTORIAL), "--db", str(path))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert proc.returncode == 2 and "locked" in proc.stderr and "Traceback" not in proc.stderr
    assert not any(p.exists() for p in backup_paths(path))


def make_read_only(path: Path) -> bool:
    """Root writes through file modes, so as root mark the file immutable instead."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        return True
    done = subprocess.run(["chattr", "+i", str(path)], capture_output=True, check=False)
    return done.returncode == 0


@pytest.mark.skipif(os.name != "posix", reason="file permissions")
def test_a_read_only_database_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    finished(tmp_path).store.close()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    for f in (path.with_name("p.db-wal"), path.with_name("p.db-shm")):
        f.unlink(missing_ok=True)
    if not make_read_only(path):
        pytest.skip("cannot make a file read-only here")
    try:
        before = digest(path)
        proc = run_cli("play", str(TUTORIAL), "--db", str(path))
        assert proc.returncode == 2, proc.stderr
        assert "read-only" in proc.stderr and "Traceback" not in proc.stderr
        assert digest(path) == before
        assert not any(p.exists() for p in backup_paths(path))  # refused: nothing rotated
    finally:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True, check=False)
