"""Damaged databases are noticed before anything is written; backups stay good; a
first-version database is migrated; writers wait for each other."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import pytest
from conftest import ROOT, TUTORIAL, run_cli

from app.engine.compiled import compile_scenario
from app.engine.headless import drive
from app.scenario.validate import load_ok
from app.store import database
from app.store.database import (
    SCHEMA_1,
    SCHEMA_VERSION,
    StoreError,
    backup_paths,
    check_file,
    command_digest,
    open_db,
)
from app.store.exchange import export_json
from app.store.saved import SavedSession
from app.store.sessions import Store

TUTOR = compile_scenario(load_ok(TUTORIAL))
TEXT = TUTORIAL.read_text(encoding="utf-8")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


run_cli = partial(run_cli, timeout=120)


def closed(path: Path) -> None:
    """Everything in the main file, no -wal or -shm beside it: a database nobody uses."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)
    database._CHECKED.clear()  # a new process would check it again


def with_sessions(path: Path, n: int = 3) -> list[str]:
    ids = []
    for seed in range(1, n + 1):
        saved = SavedSession.new(Store.open(path), TUTOR, TEXT, seed, {}, None)
        drive(saved, [])
        ids.append(saved.id)
        saved.store.close()
    closed(path)
    return ids


def contents(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return [*conn.iterdump(), str(conn.execute("PRAGMA user_version").fetchone()[0])]
    finally:
        conn.close()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.endswith(("-wal", "-shm")))


def flip_page(path: Path, table: str) -> None:
    """Sixteen bytes flipped at the start of a table's root page."""
    conn = sqlite3.connect(path)
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [table]).fetchone()[0]
    conn.close()
    raw = bytearray(path.read_bytes())
    at = (root - 1) * page_size
    raw[at : at + 16] = bytes(b ^ 0xFF for b in raw[at : at + 16])
    path.write_bytes(bytes(raw))
    closed(path)


def test_flipped_bytes_are_noticed_before_anything_is_written(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with_sessions(path)
    backups = {p: digest(p) for p in backup_paths(path) if p.exists()}
    assert len(backups) == 2
    flip_page(path, "commands")
    before = digest(path)
    for args in (("sessions",), ("play", str(TUTORIAL)), ("play", str(TUTORIAL))):
        proc = run_cli(*args, "--db", str(path))
        assert proc.returncode == 2, proc.stderr
        assert "damaged" in proc.stderr and "Traceback" not in proc.stderr
        assert str(backup_paths(path)[0]) in proc.stderr  # the newest good backup, named
    assert digest(path) == before and sidecars(path) == []
    assert {p: digest(p) for p in backup_paths(path) if p.exists()} == backups


def test_an_empty_file_with_backups_beside_it_is_damaged_not_new(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with_sessions(path)
    path.write_bytes(b"")
    for args in (("sessions", "--json"), ("play", str(TUTORIAL))):
        proc = run_cli(*args, "--db", str(path))
        assert proc.returncode == 2 and "empty" in proc.stderr, proc.stderr
        assert str(backup_paths(path)[0]) in proc.stderr
    assert path.stat().st_size == 0 and sidecars(path) == []


def test_an_empty_file_alone_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    path.write_bytes(b"")
    assert Store.open(path).list() == []


def test_a_checked_open_of_a_good_database_leaves_no_wal_or_shm(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with_sessions(path, 1)
    proc = run_cli("sessions", "--json", "--db", str(path))
    assert proc.returncode == 0 and len(json.loads(proc.stdout)) == 1
    assert sidecars(path) == []


def test_a_changed_letter_in_a_command_is_caught_by_its_checksum(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    [sid] = with_sessions(path, 1)
    conn = sqlite3.connect(path)
    conn.execute(
        "UPDATE commands SET command = replace(command, 'start', 'stark') "
        "WHERE session_id = ? AND seq = 0",
        [sid],
    )
    conn.commit()
    conn.close()
    closed(path)
    assert check_file(path) == f"command 1 of session {sid} was changed on disk"
    before = digest(path)
    for args in (
        ("export", sid, "--format", "json"),
        ("play", "--resume", sid),
        ("play", str(TUTORIAL)),
    ):
        proc = run_cli(*args, "--db", str(path))
        assert proc.returncode == 2 and "changed on disk" in proc.stderr, proc.stderr
        assert "Traceback" not in proc.stderr
    assert digest(path) == before


def test_a_damaged_json_cell_is_a_clear_error_on_export_and_resume(tmp_path: Path) -> None:
    """Even a cell whose checksum was recomputed (so only its JSON is broken)."""
    path = tmp_path / "p.db"
    saved = SavedSession.new(Store.open(path), TUTOR, TEXT, 3, {}, None)
    drive(saved, [])
    db = saved.store.db
    text = '{"type": "sta'
    db.execute(
        "UPDATE commands SET command = ?, sha256 = ? WHERE session_id = ? AND seq = 1",
        [text, command_digest(saved.id, 1, "auto", text), saved.id],
    )
    db.execute("UPDATE sessions SET seating = '{\"aldmere\": ' WHERE id = ?", [saved.id])
    with pytest.raises(StoreError, match="is not readable JSON") as err:
        export_json(saved.store, saved.id)
    assert err.value.code == "store-corrupt"
    db.execute("UPDATE sessions SET seating = '{}' WHERE id = ?", [saved.id])
    with pytest.raises(StoreError, match="command 2 of session .* is not readable JSON"):
        SavedSession.resume(saved.store, saved.id)


def test_a_damaged_database_is_never_backed_up(tmp_path: Path) -> None:
    """A checksum mismatch that appears after the database was opened: the backup taken
    when the next session begins is checked, refused, and the good backups stay."""
    path = tmp_path / "p.db"
    [sid] = with_sessions(path, 1)
    store = Store.open(path)
    store.db.execute(
        "UPDATE commands SET command = replace(command, 'start', 'stark') "
        "WHERE session_id = ? AND seq = 0",
        [sid],
    )
    assert not any(p.exists() for p in backup_paths(path))
    with pytest.raises(StoreError, match="changed on disk") as err:
        SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    assert err.value.code == "store-corrupt"
    assert not any(p.exists() for p in backup_paths(path)) and len(store.list()) == 1
    assert not path.with_name("p.db.backup-new").exists()


def test_backups_rotate_only_when_a_write_happens(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.db"
    [sid] = with_sessions(path, 1)
    from app.cli import main

    out = tmp_path / "e.json"
    assert main(["export", sid, "--db", str(path), "--format", "json", "--out", str(out)]) == 0
    # a duplicate import: refused, and no backup taken
    assert main(["import", str(out), "--db", str(path)]) == 2
    assert "already in" in capsys.readouterr().err
    assert not any(p.exists() for p in backup_paths(path))
    # a locked database: refused before any backup
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    store = Store.open(path)
    store.db.execute("PRAGMA busy_timeout = 0")
    try:
        with pytest.raises(StoreError) as err:
            SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert err.value.code == "store-locked"
    assert not any(p.exists() for p in backup_paths(path))
    # a write that happens: one verified backup
    SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    assert backup_paths(path)[0].exists() and check_file(backup_paths(path)[0]) is None


def test_a_backup_that_fails_its_check_never_replaces_a_good_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.db"
    with_sessions(path, 2)
    good = digest(backup_paths(path)[0])
    real = database.check_file

    def failing(p: Path) -> str | None:
        return "disk I/O error" if p.name.endswith("backup-new") else real(p)

    monkeypatch.setattr(database, "check_file", failing)
    store = Store.open(path)
    with pytest.raises(StoreError) as err:
        SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    assert str(backup_paths(path)[0]) in err.value.hint
    assert digest(backup_paths(path)[0]) == good and not backup_paths(path)[1].exists()
    assert not path.with_name("p.db.backup-new").exists() and len(store.list()) == 2


def test_only_a_verified_backup_is_named(tmp_path: Path) -> None:
    path = tmp_path / "p.db"
    with_sessions(path, 3)
    newest, older = backup_paths(path)[:2]
    newest.write_bytes(b"")  # what a full disk used to leave
    flip_page(path, "commands")
    with pytest.raises(StoreError) as err:
        Store.open(path)
    assert str(older) in err.value.hint and str(newest) not in err.value.hint


# --- migration ---------------------------------------------------------------------------


def test_a_version_1_database_is_migrated_with_checksums(tmp_path: Path) -> None:
    source = tmp_path / "v2.db"
    [sid] = with_sessions(source, 1)
    expected = export_json(Store.open(source), sid)
    path = tmp_path / "v1.db"
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA_1 + "PRAGMA user_version = 1;")
    conn.execute("ATTACH ? AS src", [str(source)])
    conn.execute("INSERT INTO sessions SELECT * FROM src.sessions")
    conn.execute("INSERT INTO commands SELECT session_id, seq, command, source FROM src.commands")
    conn.commit()
    conn.close()
    closed(path)
    v1 = contents(path)

    store = Store.open(path)
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION == 3
    assert store.db.execute("SELECT count(*) FROM commands WHERE sha256 = ''").fetchone()[0] == 0
    got = export_json(store, sid)
    for key in ("log", "history", "outcome"):
        assert got[key] == expected[key], key
    assert contents(backup_paths(path)[0]) == v1  # the version-1 file, kept before migrating
    assert set(store.list()[0]) >= {"stage", "issue", "round", "time_left"}


# --- writers ---------------------------------------------------------------------------


def test_four_writers_at_once_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    procs = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app",
                "play",
                str(TUTORIAL),
                "--seed",
                str(seed),
                "--db",
                str(path),
                "--json",
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed in range(1, 5)
    ]
    results = [(p.communicate(timeout=300), p.returncode) for p in procs]
    for (_, err), code in results:
        assert code == 0, err
    store = Store.open(path)
    rows = store.list()
    assert sorted(r["seed"] for r in rows) == [1, 2, 3, 4]
    assert {r["status"] for r in rows} == {"finished"}
    for (out, _), _code in results:
        seed = json.loads(out.splitlines()[0])["seed"]
        [row] = [r for r in rows if r["seed"] == seed]
        stored = [e for e in export_json(store, row["id"])["history"]]
        assert [json.loads(line) for line in out.splitlines()] == stored


def test_a_fresh_database_opened_by_many_at_once_is_created_once(tmp_path: Path) -> None:
    import threading

    path = tmp_path / "new.db"
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        barrier.wait()
        try:
            open_db(path).close()
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert open_db(path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB file system of its own (needs root and a kernel that allows it)."""
    where = tmp_path / "disk"
    where.mkdir()
    try:
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(where)],
            capture_output=True,
            check=False,
        )
    except OSError:  # no `mount` here
        pytest.skip("cannot mount a small file system here")
    if done.returncode != 0:
        pytest.skip("cannot mount a small file system here")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)


def test_a_full_disk_leaves_no_empty_backup_and_names_a_good_one(small_disk: Path) -> None:
    path = small_disk / "p.db"
    with_sessions(path, 2)
    good = digest(backup_paths(path)[0])
    store = Store.open(path)
    free = os.statvfs(small_disk)
    filler = small_disk / "filler"
    filler.write_bytes(b"\0" * (free.f_bavail * free.f_frsize - 48 * 1024))  # room to write,
    with pytest.raises(StoreError) as err:  # not to copy the database aside
        SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    assert err.value.code == "store-full", err.value.message
    assert str(backup_paths(path)[0]) in err.value.hint
    assert digest(backup_paths(path)[0]) == good and not backup_paths(path)[1].exists()
    assert not path.with_name("p.db.backup-new").exists()
    filler.unlink()
    assert len(store.list()) == 2  # the session that could not be backed up was not begun
    SavedSession.new(store, TUTOR, TEXT, 9, {}, None)
    assert check_file(backup_paths(path)[0]) is None and backup_paths(path)[1].exists()
