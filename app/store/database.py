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

import hashlib
import os
import sqlite3
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlite_utils

from app.store.errors import StoreError  # defined apart so the CLI can catch it cheaply

SCHEMA_VERSION = 3
BACKUPS = 3
STATUSES = ("setup", "running", "paused", "finished", "abandoned")
WAIT_SECONDS = 5.0  # how long a writer waits for another one before saying "locked"

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

SCHEMA_2 = """
ALTER TABLE commands ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
ALTER TABLE clock ADD COLUMN issue TEXT;
ALTER TABLE clock ADD COLUMN round INTEGER;
"""


def command_digest(session_id: str, seq: int, source: str, command: str) -> str:
    """The checksum stored with every command row: `quick_check` cannot see a changed
    byte inside a JSON cell, this does (and a row moved to another place)."""
    text = f"{session_id}\n{seq}\n{source}\n{command}"
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _migrate_1_to_2(conn: sqlite3.Connection) -> None:
    for statement in SCHEMA_2.split(";"):
        if statement.strip():
            conn.execute(statement)
    rows = conn.execute("SELECT session_id, seq, source, command FROM commands").fetchall()
    conn.executemany(
        "UPDATE commands SET sha256 = ? WHERE session_id = ? AND seq = ?",
        [(command_digest(*row), row[0], row[1]) for row in rows],
    )


PINS = "session_pins"
ROLES = "session_roles"
SCHEMA_3 = f"""
CREATE TABLE IF NOT EXISTS {PINS} ( -- the facilitator's PIN, only as a salted PBKDF2 hash
    session_id TEXT PRIMARY KEY REFERENCES sessions(id),
    salt TEXT NOT NULL,             -- hex, 16 random bytes
    hash TEXT NOT NULL,             -- hex PBKDF2-HMAC-SHA256 of the PIN
    iterations INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS {ROLES} ( -- who sits at each delegation's table, for the debrief
    session_id TEXT NOT NULL REFERENCES sessions(id),
    party TEXT NOT NULL,
    position INTEGER NOT NULL,      -- the order the facilitator typed them in
    person TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, party, position)
);
ALTER TABLE commands ADD COLUMN saved TEXT NOT NULL DEFAULT ''
"""  # `saved`: when (UTC) each command was saved, for the audit trail


def _migrate_2_to_3(conn: sqlite3.Connection) -> None:
    # IF NOT EXISTS: a development build made these tables on first use
    for statement in SCHEMA_3.split(";"):
        if statement.strip():
            conn.execute(statement)


# version N -> the function that brings a version-N database to N+1.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: _migrate_1_to_2,
    2: _migrate_2_to_3,
}


def default_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("Parley", appauthor=False)) / "parley.db"


def backup_paths(path: Path) -> list[Path]:
    return [path.with_name(f"{path.name}.backup-{i}") for i in range(1, BACKUPS + 1)]


# --- checking a file ------------------------------------------------------------------


def _immutable(path: Path) -> sqlite3.Connection:
    """A read-only look at a file nobody is writing: creates no -wal or -shm beside it."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)


def _quick_check(conn: sqlite3.Connection) -> str | None:
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    found = [str(r[0]) for r in rows]
    return None if found == ["ok"] else "; ".join(found[:3])


def check_commands(conn: sqlite3.Connection) -> str | None:
    """The first command row whose checksum does not match, described; None if all do."""
    try:
        rows = conn.execute("SELECT session_id, seq, source, command, sha256 FROM commands")
        for sid, seq, source, command, digest in rows:
            if digest != command_digest(sid, seq, source, command):
                return f"command {seq + 1} of session {sid} was changed on disk"
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None


def check_file(path: Path) -> str | None:
    """What is wrong with the database file at `path` (None if nothing): SQLite's
    `quick_check`, the schema version, and every command's checksum. Writes nothing."""
    try:
        if path.stat().st_size == 0:
            return "the file is empty"
        conn = _immutable(path)
    except (OSError, sqlite3.Error, ValueError) as exc:
        return str(exc)
    try:
        problem = _quick_check(conn)
        if problem is None and 2 <= _version(conn) <= SCHEMA_VERSION:  # (newer: refused)
            problem = check_commands(conn)
        return problem
    except sqlite3.Error as exc:
        return str(exc)
    finally:
        conn.close()


def newest_good_backup(path: Path) -> Path | None:
    """The newest backup of `path` that passes `check_file`; a bad one is never named."""
    for candidate in backup_paths(path):
        if candidate.is_file() and check_file(candidate) is None:
            return candidate
    return None


def _where(path: Path) -> str:
    good = newest_good_backup(path)
    if good is None:
        return "no good backup exists"
    return f"the newest good backup is {good} (copy it over {path.name} to go back to it)"


def damaged(path: Path, what: str) -> StoreError:
    return StoreError(
        f"{path}: the database is damaged ({what})",
        f"it has been left exactly as it is; {_where(path)}",
        "store-corrupt",
    )


def explain(path: Path, exc: BaseException) -> StoreError:
    """A StoreError for an sqlite3 or OS failure, naming the file and a way out."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return StoreError(
            f"{path}: the database is locked by another program",
            "close the other Parley window using it, then try again",
            "store-locked",
        )
    if "readonly" in text or "read-only" in text or isinstance(exc, PermissionError):
        return StoreError(
            f"{path}: the database cannot be written (read-only)",
            "check the file's permissions, or give another file with --db",
            "store-readonly",
        )
    if "full" in text or "no space" in text:
        return StoreError(
            f"{path}: the disk is full; nothing more could be saved",
            f"free some space and resume the session; {_where(path)}",
            "store-full",
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StoreError(
            f"{path}: the file is damaged or is not a Parley database",
            f"it has been left exactly as it is; {_where(path)}",
            "store-corrupt",
        )
    return StoreError(f"{path}: {exc}", _where(path), "store")


# --- opening --------------------------------------------------------------------------

_CHECKED: set[str] = set()  # files this process has checked since it opened them first


def _resolve(path: Path | str | None) -> Path:
    if path is None:
        return default_path()
    if str(path) == "":
        raise StoreError(
            "the database path is empty",
            "give a file path with --db, or leave --db out for the default database",
            "store-path",
        )
    return Path(path)


def open_db(path: Path | str | None = None, *, create: bool = True) -> sqlite_utils.Database:
    """Open (and if need be create or migrate) the database; raises StoreError.

    The first time a process opens a file it checks it (`check_file`) before anything
    is written; a damaged file is refused and left byte for byte as it was."""
    path = _resolve(path)
    try:
        info = path.stat() if path.exists() else None
    except OSError as exc:
        raise explain(path, exc) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise StoreError(f"{path} is a folder, not a database file", "give a file path with --db")
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise StoreError(
            f"{path} is not a regular file (a device or a pipe)",
            "give a database file path with --db",
            "store-path",
        )
    fresh = info is None or info.st_size == 0
    if fresh and info is not None and any(p.exists() for p in backup_paths(path)):
        raise damaged(path, "the file is empty, though backups of it exist")
    if fresh and not create:
        raise StoreError(
            f"{path}: no database here", "check --db, or play a session first", "store-missing"
        )
    key = str(path.resolve())
    wal = path.with_name(path.name + "-wal")
    unchecked = not fresh and key not in _CHECKED
    if unchecked and not wal.exists():  # nobody is using it: look without touching it
        problem = check_file(path)
        if problem is None:
            unchecked = False
        elif not wal.exists():  # (else a writer started meanwhile: check through SQLite)
            raise damaged(path, problem)
    if fresh:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"{path}: its folder cannot be made ({exc.strerror or exc})",
                "give a path in a folder you can write to with --db",
                "store-path",
            ) from None
    try:
        conn = sqlite3.connect(path, timeout=WAIT_SECONDS, isolation_level=None)
        conn.execute(f"PRAGMA busy_timeout = {int(WAIT_SECONDS * 1000)}")
        if unchecked:
            problem = _quick_check(conn)
            if problem is None and 2 <= _version(conn) <= SCHEMA_VERSION:
                problem = check_commands(conn)
            if problem is not None:
                conn.close()
                raise damaged(path, problem)
        version, tables = conn.execute(  # one statement: one snapshot, however others write
            "SELECT (SELECT user_version FROM pragma_user_version), "
            "(SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        if version > SCHEMA_VERSION:
            conn.close()
            raise StoreError(
                f"{path}: the database is schema version {version}, newer than this Parley "
                f"understands ({SCHEMA_VERSION})",
                "update Parley to open it; it was not changed",
                "store-newer",
            )
        if version == 0 and tables:
            conn.close()
            raise StoreError(
                f"{path}: this SQLite file is not a Parley database",
                "give another file with --db; it was not changed",
                "store-foreign",
            )
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            conn.close()
            raise StoreError(
                f"{path}: could not switch the database to WAL mode ({mode})",
                "is the file on a network drive? copy it to a local disk",
            )
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA foreign_keys = ON")
        # No sqlite-utils plugins: Parley uses none, and looking for them reads the
        # entry points of every installed package on each start.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.path = path  # type: ignore[attr-defined]
        if version < SCHEMA_VERSION:
            _migrate(db, path)
        conn.execute("SELECT count(*) FROM sessions").fetchone()
    except StoreError:
        raise
    except (sqlite3.Error, OSError) as exc:
        raise explain(path, exc) from None
    _CHECKED.add(key)
    return db


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def _migrate(db: sqlite_utils.Database, path: Path) -> None:
    """Create a new database, or bring an older one up to SCHEMA_VERSION after a verified
    backup; whoever takes the write lock first does it, the others find it done."""
    conn: sqlite3.Connection = db.conn
    with writing(db):
        version = _version(conn)
        if version == 0:
            for statement in SCHEMA_1.split(";"):
                if statement.strip():
                    conn.execute(statement)
            version = 1
        elif version < SCHEMA_VERSION:
            _backup_file(path)
        while version < SCHEMA_VERSION:
            MIGRATIONS[version](conn)
            version += 1
        conn.execute(f"PRAGMA user_version = {version}")


@contextmanager
def writing(db: sqlite_utils.Database) -> Iterator[None]:
    """One write transaction. `BEGIN IMMEDIATE` takes the write lock first, waiting (at
    most WAIT_SECONDS) for another writer instead of failing when a read upgrades; inside
    another transaction it is a savepoint."""
    conn: sqlite3.Connection = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


# --- backups --------------------------------------------------------------------------


def _backup_file(path: Path) -> None:
    """Copy the database aside, check the copy, and only then rotate the backups: a copy
    that fails (a full disk) or a damaged database never replaces a good backup."""
    backups = backup_paths(path)
    fresh = path.with_name(f"{path.name}.backup-new")
    try:
        fresh.unlink(missing_ok=True)
        src = sqlite3.connect(path, timeout=WAIT_SECONDS)
        try:
            dst = sqlite3.connect(fresh)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        problem = check_file(fresh)
    except (sqlite3.Error, OSError) as exc:
        fresh.unlink(missing_ok=True)
        raise explain(path, exc) from None
    if problem is not None:
        fresh.unlink(missing_ok=True)
        raise damaged(path, problem)
    for older, newer in zip(reversed(backups[1:]), reversed(backups[:-1]), strict=True):
        if newer.exists():
            os.replace(newer, older)
    os.replace(fresh, backups[0])


def backup(db: sqlite_utils.Database) -> Path:
    """The rolling backup, taken when a session begins (inside the write that begins it)."""
    path: Path = db.path  # type: ignore[attr-defined]
    _backup_file(path)
    return backup_paths(path)[0]
