"""The SQLite database: where it lives, how it is opened, its schema and migrations.

One database per installation, in the platform's user data folder
(platformdirs), or wherever `--db PATH` says. It is opened in WAL mode with
`synchronous=FULL`: a commit is on disk before the call returns, so a move
the screen shows as taken survives a pulled plug (measured here: about
0.2 ms per committed insert, against 0.04 ms with NORMAL, which may lose the
last commits on power loss). A database newer than this Parley is refused,
never altered; a damaged one is left exactly as it is.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from app.store.errors import StoreError  # defined apart so the CLI can catch it cheaply

SCHEMA_VERSION = 1
BACKUPS = 3
STATUSES = ("setup", "running", "paused", "finished", "abandoned")

SCHEMA_1 = """
CREATE TABLE sessions (
    id TEXT PRIMARY KEY,            -- a UUID: sessions move between laptops
    scenario_id TEXT NOT NULL,
    scenario_version TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,    -- sha256 of scenario_text
    scenario_text TEXT NOT NULL,    -- the scenario as played, so it opens after the file changes
    scenario_title TEXT NOT NULL,
    seed INTEGER NOT NULL,
    seating TEXT NOT NULL,          -- JSON: party -> team[:name] | bot[:policy]
    preset TEXT,
    status TEXT NOT NULL CHECK (status IN ('setup','running','paused','finished','abandoned')),
    created TEXT NOT NULL,
    updated TEXT NOT NULL,
    app_version TEXT NOT NULL
);
CREATE TABLE commands (             -- the command log the engine replays
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    command TEXT NOT NULL,          -- JSON
    source TEXT NOT NULL,           -- app, file (a --moves file), auto (the clock's steps)
    PRIMARY KEY (session_id, seq)
);
CREATE TABLE moves (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,           -- the command that resolved the round
    phase TEXT, issue TEXT, round INTEGER,
    party TEXT NOT NULL, kind TEXT NOT NULL, option TEXT, target TEXT,
    package TEXT, condition TEXT, remark TEXT, by TEXT NOT NULL
);
CREATE TABLE resolutions (          -- what the adjudicator answered: rules, effects, narrative
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    phase TEXT, issue TEXT, round INTEGER,
    entries TEXT NOT NULL,          -- JSON list of history entries
    PRIMARY KEY (session_id, seq)
);
CREATE TABLE figures (              -- every figure after every round
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    phase TEXT, issue TEXT, round INTEGER, stage INTEGER,
    key TEXT NOT NULL, value REAL NOT NULL
);
CREATE TABLE events (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    event TEXT, name TEXT, how TEXT, text TEXT, visibility TEXT NOT NULL
);
CREATE TABLE facilitator_actions (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    seq INTEGER NOT NULL,
    action TEXT NOT NULL,
    details TEXT NOT NULL           -- JSON, with the reason for an override
);
CREATE TABLE notes (
    session_id TEXT NOT NULL REFERENCES sessions(id),
    created TEXT NOT NULL,
    author TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL
);
CREATE TABLE clock (                -- the time left, saved at least every second
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    seq INTEGER NOT NULL,           -- how many commands the saved time belongs to
    stage TEXT NOT NULL,
    seconds_left REAL NOT NULL,
    saved TEXT NOT NULL
);
CREATE INDEX moves_by_session ON moves(session_id, seq);
CREATE INDEX figures_by_session ON figures(session_id, seq);
CREATE INDEX events_by_session ON events(session_id, seq);
CREATE INDEX actions_by_session ON facilitator_actions(session_id, seq);
"""

# version N -> the SQL (or function) that brings a version-N database to N+1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {}


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Parley", appauthor=False)) / "parley.db"


def backup_paths(path: Path) -> list[Path]:
    return [path.with_name(f"{path.name}.backup-{i}") for i in range(1, BACKUPS + 1)]


def explain(path: Path, exc: BaseException) -> StoreError:
    """A StoreError for an sqlite3 or OS failure, naming the file and a way out."""
    text = str(exc).lower()
    backups = [p for p in backup_paths(path) if p.exists()]
    where = f"the newest backup is {backups[0]}" if backups else "no backup exists yet"
    if "locked" in text or "busy" in text:
        return StoreError(f"{path}: the database is locked by another program",
                          "close the other Parley window using it, then try again",
                          "store-locked")  # fmt: skip
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StoreError(f"{path}: the database cannot be written (read-only)",
                          "check the file's permissions, or give another file with --db",
                          "store-readonly")  # fmt: skip
    if "full" in text or "no space" in text:
        return StoreError(f"{path}: the disk is full; nothing more could be saved",
                          f"free some space and resume the session; {where}",
                          "store-full")  # fmt: skip
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(f"{path}: the file is damaged or is not a Parley database",
                          f"it has been left exactly as it is; {where}",
                          "store-corrupt")  # fmt: skip
    return StoreError(f"{path}: {exc}", where, "store")


def open_db(path: Path | str | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and if need be create or migrate) the database; raises StoreError."""
    path = Path(path) if path else default_path()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file", "give a file path with --db")
    fresh = not path.exists() or path.stat().st_size == 0
    if fresh and not create:
        raise StoreError(f"{path}: no database here", "check --db, or play a session first",
                         "store-missing")  # fmt: skip
    try:
        if fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, timeout=2.0, isolation_level=None)
        conn.execute("PRAGMA busy_timeout = 2000")
        # Read before writing anything: a newer or foreign file must stay byte for byte.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        has_tables = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"{path}: the database is schema version {version}, newer than this Parley "
                f"understands ({SCHEMA_VERSION})", "update Parley to open it; it was not changed",
                "store-newer")  # fmt: skip
        if version == 0 and has_tables:
            conn.close()
            raise StoreError(f"{path}: this SQLite file is not a Parley database",
                             "give another file with --db; it was not changed",
                             "store-foreign")  # fmt: skip
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.close()
            raise StoreError(f"{path}: could not switch the database to WAL mode ({mode})",
                             "is the file on a network drive? copy it to a local disk")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        db = sqlite_utils.Database(conn)
        if version == 0:
            with db.atomic():
                for statement in SCHEMA_1.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute("PRAGMA user_version = 1")
            version = 1
        if version < SCHEMA_VERSION:
            _backup_file(path)
            while version < SCHEMA_VERSION:
                with db.atomic():
                    MIGRATIONS[version](conn)
                    conn.execute(f"PRAGMA user_version = {version + 1}")
                version += 1
        conn.execute("SELECT count(*) FROM sessions").fetchone()
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise explain(path, exc) from None
    db.path = path  # type: ignore[attr-defined]
    return db


def _backup_file(path: Path) -> None:
    """Copy the database aside before anything risky, keeping the last few copies."""
    backups = backup_paths(path)
    for older, newer in zip(reversed(backups[1:]), reversed(backups[:-1]), strict=True):
        if newer.exists():
            shutil.copyfile(newer, older)
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(backups[0])
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup(db: sqlite_utils.Database) -> Path:
    """The rolling backup taken at the start of every session."""
    path: Path = db.path  # type: ignore[attr-defined]
    try:
        _backup_file(path)
    except (sqlite3.Error, OSError) as exc:
        raise explain(path, exc) from None
    return backup_paths(path)[0]
