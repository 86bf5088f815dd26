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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from app import __version__
from app.store.database import STATUSES, StoreError, backup, explain, open_db


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


def scenario_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


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

    # --- sessions ---------------------------------------------------------------------

    def create(self, *, scenario_text: str, scenario_id: str, scenario_version: str,
               title: str, seed: int, seating: dict[str, str],
               preset: str | None, session_id: str | None = None) -> str:  # fmt: skip
        sid = session_id or str(uuid.uuid4())
        row = {
            "id": sid, "scenario_id": scenario_id, "scenario_version": scenario_version,
            "scenario_hash": scenario_hash(scenario_text), "scenario_text": scenario_text,
            "scenario_title": title, "seed": seed, "seating": json.dumps(seating),
            "preset": preset, "status": "setup", "created": now(), "updated": now(),
            "app_version": __version__,
        }  # fmt: skip

        def write() -> None:
            if self.db.execute("SELECT 1 FROM sessions WHERE id = ?", [sid]).fetchone():
                raise StoreError(f"the session {sid} is already in {self.path}",
                                 "it was imported before; nothing was changed",
                                 "store-duplicate")  # fmt: skip
            with self.db.atomic():
                self.db["sessions"].insert(row)

        self._guard(lambda: backup(self.db) if self.count() else None)
        self._guard(write)
        return sid

    def count(self) -> int:
        return self._guard(lambda: self.db.execute("SELECT count(*) FROM sessions").fetchone()[0])

    def get(self, sid: str) -> dict[str, Any]:
        rows = self._guard(lambda: list(self.db.query(
            "SELECT * FROM sessions WHERE id = ? OR id LIKE ? ORDER BY id", [sid, f"{sid}%"])))
        if len(rows) != 1:
            hint = "`parley sessions` lists them" if not rows else "give more of the id"
            raise StoreError(f"{'no' if not rows else 'more than one'} session {sid!r} in "
                             f"{self.path}", hint, "store-unknown-session")  # fmt: skip
        row = rows[0]
        row["seating"] = json.loads(row["seating"])
        return row

    def list(self) -> list[dict[str, Any]]:
        return self._guard(lambda: list(self.db.query(
            "SELECT id, scenario_id AS scenario, scenario_title AS title, status, created, "
            "updated, seed FROM sessions ORDER BY updated DESC, rowid DESC")))

    def set_status(self, sid: str, status: str) -> None:
        assert status in STATUSES
        self._guard(lambda: self._update(sid, status=status))

    def _update(self, sid: str, **fields: Any) -> None:
        with self.db.atomic():
            self.db["sessions"].update(sid, {**fields, "updated": now()})

    # --- the log ----------------------------------------------------------------------

    def log(self, sid: str) -> list[tuple[dict[str, Any], str]]:
        rows = self._guard(lambda: list(self.db.query(
            "SELECT command, source FROM commands WHERE session_id = ? ORDER BY seq", [sid])))
        return [(json.loads(r["command"]), r["source"]) for r in rows]

    def record(self, sid: str, seq: int, command: dict[str, Any], source: str,
               entries: list[dict[str, Any]], *, status: str,
               clock: tuple[str, float]) -> None:  # fmt: skip
        """The command and everything it produced, in one transaction."""

        def write() -> None:
            with self.db.atomic():
                self.db["commands"].insert({"session_id": sid, "seq": seq, "source": source,
                                            "command": json.dumps(command)})  # fmt: skip
                self._derived(sid, seq, entries)
                self.db["sessions"].update(sid, {"status": status, "updated": now()})
                self.db["clock"].upsert({"session_id": sid, "seq": seq + 1, "stage": clock[0],
                                         "seconds_left": clock[1], "saved": now()},
                                        pk="session_id")  # fmt: skip

        self._guard(write)

    def _derived(self, sid: str, seq: int, entries: list[dict[str, Any]]) -> None:
        where: dict[str, Any] = {"phase": None, "issue": None, "round": None}
        moves, figures, events, actions, answer = [], [], [], [], []
        for e in entries:
            t = e["type"]
            if t == "move":
                moves.append({"session_id": sid, "seq": seq, "phase": where["phase"],
                              "issue": e.get("issue"), "round": e.get("round"),
                              "party": e["party"], "kind": e["kind"], "option": e.get("option"),
                              "target": e.get("target"), "package": json.dumps(e.get("package", [])),
                              "condition": e.get("condition"), "remark": e.get("remark", ""),
                              "by": e["by"]})  # fmt: skip
            elif t == "figures":
                where = {"phase": e["phase"], "issue": e["issue"], "round": e["round"]}
                figures += [{"session_id": sid, "seq": seq, **where, "stage": e["stage"],
                             "key": k, "value": v} for k, v in e["values"].items()]  # fmt: skip
            elif t == "event":
                events.append({"session_id": sid, "seq": seq, "event": e.get("event"),
                               "name": e.get("name"), "how": e.get("how"), "text": e.get("text"),
                               "visibility": e["visibility"]})  # fmt: skip
            elif t == "facilitator":
                details = {k: v for k, v in e.items() if k not in ("type", "visibility", "action")}
                actions.append({"session_id": sid, "seq": seq, "action": e["action"],
                                "details": json.dumps(details)})  # fmt: skip
            if t in ("move", "rule", "figure", "narrative", "agreement", "not_credible", "transfer",
                     "status", "proposal", "guarantee", "event", "commitment", "package"):
                answer.append(e)
        for table, rows in (("moves", moves), ("figures", figures), ("events", events),
                            ("facilitator_actions", actions)):  # fmt: skip
            if rows:
                self.db[table].insert_all(rows)
        if moves:
            first = moves[0]
            self.db["resolutions"].insert({"session_id": sid, "seq": seq, "phase": where["phase"],
                                           "issue": first["issue"], "round": first["round"],
                                           "entries": json.dumps(answer)})  # fmt: skip

    def clock(self, sid: str) -> dict[str, Any] | None:
        rows = self._guard(lambda: list(self.db.query(
            "SELECT * FROM clock WHERE session_id = ?", [sid])))
        return rows[0] if rows else None

    def save_clock(self, sid: str, seq: int, stage: str, seconds_left: float) -> None:
        def write() -> None:
            with self.db.atomic():
                self.db["clock"].upsert({"session_id": sid, "seq": seq, "stage": stage,
                                         "seconds_left": round(seconds_left, 3), "saved": now()},
                                        pk="session_id")  # fmt: skip

        self._guard(write)

    # --- notes ------------------------------------------------------------------------

    def add_note(self, sid: str, text: str, author: str = "") -> None:
        def write() -> None:
            with self.db.atomic():
                self.db["notes"].insert({"session_id": sid, "created": now(), "author": author,
                                         "text": text})  # fmt: skip

        self._guard(write)

    def notes(self, sid: str) -> list[dict[str, Any]]:
        return self._guard(lambda: list(self.db.query(
            "SELECT created, author, text FROM notes WHERE session_id = ? ORDER BY rowid", [sid])))
