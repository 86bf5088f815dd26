"""Sessions on disk: one row per session, every command, and what each produced.

`Store.record` writes a command and the rows derived from its history
(moves, the adjudicator's answer, figures, events, facilitator actions) in
one transaction; the engine's word is not final until it returns.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from app import __version__
from app.store.database import (
    STATUSES,
    StoreError,
    backup,
    command_digest,
    damaged,
    explain,
    open_db,
    writing,
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def scenario_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class ClockState:
    """What is saved of the clock: the stage, the seconds left, where the session stands."""

    stage: str
    seconds_left: float
    issue: str | None = None
    round: int | None = None

    def row(self, sid: str, seq: int) -> dict[str, Any]:
        return {
            "session_id": sid,
            "seq": seq,
            "stage": self.stage,
            "seconds_left": round(self.seconds_left, 3),
            "issue": self.issue,
            "round": self.round,
            "saved": now(),
        }


class Store:
    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db
        self.path: Path = db.path  # type: ignore[attr-defined]

    @classmethod
    def open(cls, path: str | Path | None = None, *, create: bool = True) -> Store:
        return cls(open_db(path, create=create))

    def close(self) -> None:
        self.db.close()

    def _guard(self, action: Any) -> Any:
        try:
            return action()
        except StoreError:
            raise
        except (sqlite3.Error, OSError) as exc:
            raise explain(self.path, exc) from None
        except ValueError as exc:  # e.g. a number JSON cannot hold (NaN): nothing was written
            raise StoreError(
                f"{self.path}: cannot save this: {exc}", "nothing was written", "store-value"
            ) from None

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes as one: all of them or none (the store's own writes nest inside)."""
        try:
            with writing(self.db):
                yield
        except (sqlite3.Error, OSError) as exc:
            raise explain(self.path, exc) from None

    # --- sessions ---------------------------------------------------------------------

    def create(
        self,
        *,
        scenario_text: str,
        scenario_id: str,
        scenario_version: str,
        title: str,
        seed: int,
        seating: dict[str, str],
        preset: str | None,
        session_id: str | None = None,
    ) -> str:
        sid = session_id or str(uuid.uuid4())
        row = {
            "id": sid,
            "scenario_id": scenario_id,
            "scenario_version": scenario_version,
            "scenario_hash": scenario_hash(scenario_text),
            "scenario_text": scenario_text,
            "scenario_title": title,
            "seed": seed,
            "seating": json.dumps(seating, allow_nan=False),
            "preset": preset,
            "status": "setup",
            "created": now(),
            "updated": now(),
            "app_version": __version__,
        }

        def write() -> None:
            with writing(self.db):
                if self.db.execute("SELECT 1 FROM sessions WHERE id = ?", [sid]).fetchone():
                    raise StoreError(
                        f"the session {sid} is already in {self.path}",
                        "it was imported before; nothing was changed",
                        "store-duplicate",
                    )
                earlier = self.db.execute("SELECT 1 FROM sessions LIMIT 1").fetchone()
                self.db["sessions"].insert(row)
                if earlier:  # only now that the write went through (not locked, not read-
                    backup(self.db)  # only); the backup copies what was committed before it

        self._guard(write)
        return sid

    def count(self) -> int:
        return self._guard(lambda: self.db.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def get(self, sid: str) -> dict[str, Any]:
        rows = self._guard(
            lambda: list(
                self.db.query(
                    "SELECT * FROM sessions WHERE substr(id, 1, length(?)) = ? ORDER BY id",
                    [sid, sid],
                )
            )
        )  # a prefix of the id, taken literally (no LIKE wildcards)
        if not sid:
            rows = []
        if len(rows) != 1:
            hint = "`parley sessions` lists them" if not rows else "give more of the id"
            raise StoreError(
                f"{'no' if not rows else 'more than one'} session {sid!r} in {self.path}",
                hint,
                "store-unknown-session",
            )
        row = rows[0]
        if row["scenario_hash"] != scenario_hash(row["scenario_text"]):
            raise damaged(self.path, f"the scenario text of session {row['id']} was changed")
        row["seating"] = self._decode(row["seating"], f"the seating of session {row['id']}")
        return row

    def _decode(self, text: Any, what: str) -> Any:
        try:
            return json.loads(text)
        except (TypeError, ValueError, RecursionError):
            raise damaged(self.path, f"{what} is not readable JSON") from None

    def list(self) -> list[dict[str, Any]]:
        """Every session, newest first, with where it stands as last saved."""
        return self._guard(
            lambda: list(
                self.db.query(
                    "SELECT s.id, s.scenario_id AS scenario, s.scenario_title AS title, s.status, "
                    "s.created, s.updated, s.seed, c.stage, c.issue, c.round, c.seconds_left AS "
                    "time_left FROM sessions s LEFT JOIN clock c ON c.session_id = s.id "
                    "ORDER BY s.updated DESC, s.rowid DESC"
                )
            )
        )

    def set_status(self, sid: str, status: str) -> None:
        assert status in STATUSES
        self._guard(lambda: self._update(sid, status=status))

    def _update(self, sid: str, **fields: Any) -> None:
        with writing(self.db):
            self.db["sessions"].update(sid, {**fields, "updated": now()})

    # --- the log ----------------------------------------------------------------------

    def log(self, sid: str) -> list[tuple[dict[str, Any], str]]:
        """The session's commands and their sources, each checked against its checksum."""
        rows = self._guard(
            lambda: list(
                self.db.query(
                    "SELECT seq, command, source, sha256 FROM commands WHERE session_id = ? "
                    "ORDER BY seq",
                    [sid],
                )
            )
        )
        out = []
        for n, r in enumerate(rows):
            what = f"command {r['seq'] + 1} of session {sid}"
            if r["seq"] != n:
                raise damaged(self.path, f"the commands of session {sid} have a gap at {n + 1}")
            if r["sha256"] != command_digest(sid, r["seq"], r["source"], r["command"]):
                raise damaged(self.path, f"{what} was changed on disk")
            command = self._decode(r["command"], what)
            if not isinstance(command, dict):
                raise damaged(self.path, f"{what} is not a command")
            out.append((command, r["source"]))
        return out

    def times(self, sid: str) -> list[str]:
        """When each command was saved (UTC), in order: the audit trail's "when"."""
        rows = self._guard(
            lambda: list(
                self.db.query("SELECT saved FROM commands WHERE session_id = ? ORDER BY seq", [sid])
            )
        )
        return [r["saved"] for r in rows]

    def record(
        self,
        sid: str,
        seq: int,
        command: dict[str, Any],
        source: str,
        entries: list[dict[str, Any]],
        *,
        status: str,
        clock: ClockState,
    ) -> None:
        """The command and everything it produced, in one transaction. `seq` must be the
        next one on disk: a command is never written after a gap."""
        text = self._guard(lambda: json.dumps(command, allow_nan=False))

        def write() -> None:
            with writing(self.db):
                on_disk = self.db.execute(
                    "SELECT count(*) FROM commands WHERE session_id = ?", [sid]
                ).fetchone()[0]
                if on_disk != seq:
                    raise StoreError(
                        f"session {sid}: command {seq + 1} would follow command {on_disk} on disk",
                        "resume the session to go on from what was saved",
                        "store-out-of-step",
                    )
                digest = command_digest(sid, seq, source, text)
                self.db["commands"].insert(
                    {
                        "session_id": sid,
                        "seq": seq,
                        "source": source,
                        "command": text,
                        "sha256": digest,
                        "saved": now(),
                    }
                )
                self._derived(sid, seq, entries)
                self.db["sessions"].update(sid, {"status": status, "updated": now()})
                self.db["clock"].upsert(clock.row(sid, seq + 1), pk="session_id")

        self._guard(write)

    def _derived(self, sid: str, seq: int, entries: list[dict[str, Any]]) -> None:
        where: dict[str, Any] = {"phase": None, "issue": None, "round": None}
        moves, figures, events, actions, answer = [], [], [], [], []
        for e in entries:
            t = e["type"]
            if t == "move":
                moves.append(
                    {
                        "session_id": sid,
                        "seq": seq,
                        "phase": where["phase"],
                        "issue": e.get("issue"),
                        "round": e.get("round"),
                        "party": e["party"],
                        "kind": e["kind"],
                        "option": e.get("option"),
                        "target": e.get("target"),
                        "package": json.dumps(e.get("package", []), allow_nan=False),
                        "condition": e.get("condition"),
                        "remark": e.get("remark", ""),
                        "by": e["by"],
                    }
                )
            elif t == "figures":
                where = {"phase": e["phase"], "issue": e["issue"], "round": e["round"]}
                figures += [
                    {
                        "session_id": sid,
                        "seq": seq,
                        **where,
                        "stage": e["stage"],
                        "key": k,
                        "value": v,
                    }
                    for k, v in e["values"].items()
                ]
            elif t == "event":
                events.append(
                    {
                        "session_id": sid,
                        "seq": seq,
                        "event": e.get("event"),
                        "name": e.get("name"),
                        "how": e.get("how"),
                        "text": e.get("text"),
                        "visibility": e["visibility"],
                    }
                )
            elif t == "facilitator":
                details = {k: v for k, v in e.items() if k not in ("type", "visibility", "action")}
                actions.append(
                    {
                        "session_id": sid,
                        "seq": seq,
                        "action": e["action"],
                        "details": json.dumps(details, allow_nan=False),
                    }
                )
            if t in (
                "move",
                "rule",
                "figure",
                "narrative",
                "agreement",
                "not_credible",
                "transfer",
                "status",
                "proposal",
                "guarantee",
                "event",
                "commitment",
                "package",
            ):
                answer.append(e)
        for table, rows in (
            ("moves", moves),
            ("figures", figures),
            ("events", events),
            ("facilitator_actions", actions),
        ):
            if rows:
                self.db[table].insert_all(rows)
        if moves:
            first = moves[0]
            self.db["resolutions"].insert(
                {
                    "session_id": sid,
                    "seq": seq,
                    "phase": where["phase"],
                    "issue": first["issue"],
                    "round": first["round"],
                    "entries": json.dumps(answer, allow_nan=False),
                }
            )

    def clock(self, sid: str) -> dict[str, Any] | None:
        rows = self._guard(
            lambda: list(self.db.query("SELECT * FROM clock WHERE session_id = ?", [sid]))
        )
        return rows[0] if rows else None

    def save_clock(self, sid: str, seq: int, clock: ClockState) -> None:
        def write() -> None:
            with writing(self.db):
                self.db["clock"].upsert(clock.row(sid, seq), pk="session_id")

        self._guard(write)

    # --- notes ------------------------------------------------------------------------

    def add_note(self, sid: str, text: str, author: str = "") -> None:
        def write() -> None:
            with writing(self.db):
                self.db["notes"].insert(
                    {"session_id": sid, "created": now(), "author": author, "text": text}
                )

        self._guard(write)

    def notes(self, sid: str) -> list[dict[str, Any]]:
        return self._guard(
            lambda: list(
                self.db.query(
                    "SELECT created, author, text FROM notes WHERE session_id = ? ORDER BY rowid",
                    [sid],
                )
            )
        )
