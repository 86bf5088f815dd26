"""Export a saved session as JSON or CSV, and import an exported one.

The export is rebuilt by replaying the stored command log, so what it says
is what the engine says. The JSON carries everything needed to replay the
session anywhere: the scenario's full text, the seed, the seating and the log.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from app.engine.session import Session
from app.store.database import StoreError
from app.store.saved import compile_stored
from app.store.sessions import Store, scenario_hash

EXPORT_FORMAT = 1


def replayed(store: Store, sid: str) -> tuple[dict[str, Any], Session, list[str]]:
    row = store.get(sid)
    compiled = compile_stored(row)
    pairs = store.log(row["id"])
    session = Session.replay(compiled, row["seed"], row["seating"], [c for c, _ in pairs],
                             row["preset"])  # fmt: skip
    return row, session, [src for _, src in pairs]


def rounds(history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The history cut into rounds (and implementation stages), each with what it produced."""
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    pending_actions: list[dict[str, Any]] = []
    for e in history:
        t = e["type"]
        if t == "facilitator":
            action = {k: v for k, v in e.items() if k not in ("type", "visibility")}
            (current["facilitator"] if current else pending_actions).append(action)
            continue
        if t == "round" or (t == "phase" and e["phase"] == "implementation"):
            current = {"phase": e.get("phase"), "issue": e.get("issue"),
                       "round": e.get("round") or e.get("stage"), "moves": [], "rules": [],
                       "narratives": [], "events": [], "agreements": [],
                       "facilitator": pending_actions, "figures": {}}  # fmt: skip
            pending_actions = []
            out.append(current)
            continue
        if current is None:
            continue
        if t == "move":
            current["moves"].append({k: v for k, v in e.items() if k not in ("type", "visibility")})
        elif t == "rule":
            current["rules"].append(e["rule"])
        elif t == "narrative":
            current["narratives"].append({"text": e["text"], "visibility": e["visibility"]})
        elif t == "event":
            current["events"].append({"event": e.get("event"), "text": e.get("text"),
                                      "visibility": e["visibility"]})  # fmt: skip
        elif t == "agreement":
            current["agreements"].append(e["option"])
        elif t == "figures":
            current["figures"] = dict(e["values"])
    return out


def export_json(store: Store, sid: str) -> dict[str, Any]:
    row, session, sources = replayed(store, sid)
    history = session.history.entries
    return {
        "format": EXPORT_FORMAT,
        "id": row["id"],
        "status": row["status"],
        "created": row["created"],
        "updated": row["updated"],
        "scenario": {"id": row["scenario_id"], "version": row["scenario_version"],
                     "title": row["scenario_title"], "hash": row["scenario_hash"],
                     "text": row["scenario_text"]},
        "seed": row["seed"],
        "seating": row["seating"],
        "preset": row["preset"],
        "log": [c for c in session.log],
        "sources": sources,
        "rounds": rounds(history),
        "notes": store.notes(row["id"]),
        "outcome": session.result,
        "history": history,
    }  # fmt: skip


def export_csv(store: Store, sid: str) -> str:
    """One row per round and figure, ready for a spreadsheet."""
    row, session, _ = replayed(store, sid)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["session", "scenario", "phase", "issue", "round", "stage", "figure", "value"])
    for e in session.history.entries:
        if e["type"] == "figures":
            for key, value in e["values"].items():
                writer.writerow([row["id"], row["scenario_id"], e["phase"], e["issue"] or "",
                                 e["round"], e["stage"], key, value])  # fmt: skip
    return buf.getvalue()


def import_json(store: Store, data: Any) -> str:
    """Bring an exported session into this database; refuses one already here."""
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise StoreError("this is not a Parley session export (format 1)",
                         "export it with `parley export ID --format json`", "import-format")
    try:
        sid, scenario = str(data["id"]), data["scenario"]
        text, log, seed = scenario["text"], list(data["log"]), int(data["seed"])
        seating, preset = dict(data["seating"]), data.get("preset")
        sources = list(data.get("sources") or ["file"] * len(log))
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(f"the export lacks a field: {exc}", "re-export it", "import-format") \
            from None  # fmt: skip
    if scenario_hash(text) != scenario.get("hash", scenario_hash(text)):
        raise StoreError("the scenario text does not match its hash: the file was edited",
                         "re-export it from the original database", "import-hash")
    row = {"id": sid, "scenario_text": text, "seed": seed, "seating": seating, "preset": preset}
    compiled = compile_stored(row)
    try:
        session = Session(compiled, seed, seating, preset=preset)
    except Exception as exc:
        raise StoreError(f"the export cannot be replayed: {exc}", "", "import-replay") from None
    store.create(scenario_text=text, scenario_id=compiled.scenario.scenario.id,
                 scenario_version=compiled.scenario.scenario.version,
                 title=compiled.scenario.scenario.title, seed=seed, seating=seating,
                 preset=preset, session_id=sid)  # fmt: skip
    for seq, (command, source) in enumerate(zip(log, sources, strict=False)):
        try:
            entries = session.apply(command)
        except Exception as exc:
            store.set_status(sid, "abandoned")
            raise StoreError(f"command {seq + 1} of the export cannot be replayed: {exc}",
                             "the partial import is kept as 'abandoned'", "import-replay") \
                from None  # fmt: skip
        status = "finished" if session.finished else "paused"
        store.record(sid, seq, command, source, entries, status=status,
                     clock=(session.stage, session.time_left()))  # fmt: skip
    for note in data.get("notes") or []:
        store.add_note(sid, str(note.get("text", "")), str(note.get("author", "")))
    return sid


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
