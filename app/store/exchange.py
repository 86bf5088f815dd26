"""Export a saved session as JSON or CSV, and import an exported one.

The export is rebuilt by replaying the stored command log, so what it says
is what the engine says. A facilitator's JSON export (`"view": "facilitator"`,
the default) carries everything needed to replay the session anywhere: the
scenario's full text, the seed, the seating and the log. A delegation's or
the public export carries only what `view_for` gives that viewer.

An import is checked against a strict model of a facilitator's export before
anything is written, replayed in memory, then written in one transaction:
a refused file leaves the database as it was.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from app.debrief.timeline import rounds
from app.engine.session import Session
from app.engine.visibility import FACILITATOR, PUBLIC, view_for
from app.scenario.model import MAX_PARTIES, Id
from app.scenario.yamldoc import MAX_BYTES
from app.store.database import STATUSES, StoreError
from app.store.saved import clock_of, compile_stored, replay_stored
from app.store.sessions import Store, scenario_hash

EXPORT_FORMAT = 1
MAX_COMMANDS = 100_000  # a full-day session logs a few thousand
MAX_NOTES = 1_000
MAX_DEPTH = 32  # nesting of JSON in an export; a real one nests about 6 deep
SEED_RANGE = (-(2**63), 2**63 - 1)  # what SQLite's INTEGER holds
UUID = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

Line = Annotated[str, StringConstraints(max_length=200)]
Note = Annotated[str, StringConstraints(max_length=20_000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ExportedScenario(_Strict):
    id: Line
    version: Line
    title: Line
    hash: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    text: Annotated[str, StringConstraints(min_length=1, max_length=MAX_BYTES)]


class ExportedNote(_Strict):
    created: Line = ""
    author: Line = ""
    text: Note


class FacilitatorExport(_Strict):
    """What `parley import` accepts: a facilitator's export, as Parley writes it."""

    format: Literal[1]
    view: Literal["facilitator"] = "facilitator"
    id: Annotated[str, StringConstraints(pattern=UUID)]
    status: Literal[STATUSES] = "paused"  # type: ignore[valid-type]
    created: Line = ""
    updated: Line = ""
    scenario: ExportedScenario
    seed: Annotated[int, Field(ge=SEED_RANGE[0], le=SEED_RANGE[1])]
    seating: dict[Id, Line] = Field(max_length=MAX_PARTIES)
    preset: Id | None = None
    log: list[dict[str, Any]] = Field(max_length=MAX_COMMANDS)
    sources: list[Literal["app", "file", "auto"]] = Field(max_length=MAX_COMMANDS)
    saved: list[Line] = Field(default=[], max_length=MAX_COMMANDS)  # when each was saved
    notes: list[ExportedNote] = Field(default=[], max_length=MAX_NOTES)
    # Derived from the log when it is replayed: accepted, never read.
    rounds: list[Any] = Field(default=[], max_length=MAX_COMMANDS)
    outcome: dict[str, Any] | None = None
    history: list[Any] = Field(default=[], max_length=10 * MAX_COMMANDS)

    @model_validator(mode="after")
    def _consistent(self) -> FacilitatorExport:
        if len(self.sources) != len(self.log):
            raise ValueError(
                f"`log` has {len(self.log)} commands but `sources` has {len(self.sources)} entries"
            )
        if scenario_hash(self.scenario.text) != self.scenario.hash:
            raise ValueError("the scenario text does not match its hash: the file was edited")
        return self


def replayed(store: Store, sid: str) -> tuple[dict[str, Any], Session, list[str]]:
    row = store.get(sid)
    pairs = store.log(row["id"])
    return row, replay_stored(row, [c for c, _ in pairs]), [src for _, src in pairs]


def viewers(session: Session) -> list[str]:
    """Who an export can be made for: every party, the public screen, the facilitator."""
    return [*session.c.party_order, PUBLIC, FACILITATOR]


def _view(session: Session, viewer: str) -> dict[str, Any]:
    try:
        return view_for(session, viewer)
    except KeyError:
        raise StoreError(
            f"unknown viewer {viewer!r}", f"viewers: {', '.join(viewers(session))}", "export-viewer"
        ) from None


def export_json(store: Store, sid: str, viewer: str = FACILITATOR) -> dict[str, Any]:
    """The session as JSON: a facilitator's full export, or what `viewer` may see."""
    row, session, sources = replayed(store, sid)
    if viewer != FACILITATOR:
        view = {k: v for k, v in _view(session, viewer).items() if k != "viewer"}
        return {
            "format": EXPORT_FORMAT,
            "view": viewer,
            "id": row["id"],
            "status": row["status"],
            "created": row["created"],
            "updated": row["updated"],
            **view,
        }
    history = session.history.entries
    return {
        "format": EXPORT_FORMAT,
        "view": FACILITATOR,
        "id": row["id"],
        "status": row["status"],
        "created": row["created"],
        "updated": row["updated"],
        "scenario": {
            "id": row["scenario_id"],
            "version": row["scenario_version"],
            "title": row["scenario_title"],
            "hash": row["scenario_hash"],
            "text": row["scenario_text"],
        },
        "seed": row["seed"],
        "seating": row["seating"],
        "preset": row["preset"],
        "log": [c for c in session.log],
        "sources": sources,
        "saved": store.times(row["id"]),
        "rounds": rounds(history),  # the debrief timeline's rounds
        "notes": store.notes(row["id"]),
        "outcome": session.result,
        "history": history,
    }


def export_csv(store: Store, sid: str, viewer: str = FACILITATOR) -> str:
    """One row per round and figure, ready for a spreadsheet (the figures `viewer` sees)."""
    row, session, _ = replayed(store, sid)
    entries = (
        session.history.entries if viewer == FACILITATOR else _view(session, viewer)["history"]
    )
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["session", "scenario", "phase", "issue", "round", "stage", "figure", "value"])
    for e in entries:
        if e["type"] == "figures":
            for key, value in e["values"].items():
                writer.writerow(
                    [
                        row["id"],
                        row["scenario_id"],
                        e["phase"],
                        e["issue"] or "",
                        e["round"],
                        e["stage"],
                        key,
                        value,
                    ]
                )
    return buf.getvalue()


def depth(data: Any, limit: int = MAX_DEPTH) -> int:
    """How deeply `data` nests lists and objects, counting no further than `limit` + 1."""
    deepest, stack = 0, [(data, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level > limit:
                return deepest
            values = item.values() if isinstance(item, dict) else item
            stack.extend((v, level + 1) for v in values)
    return deepest


def check_export(data: Any) -> FacilitatorExport:
    """The export, checked against the strict model; a StoreError saying what is wrong."""
    hint = "give a file written by `parley export ID --format json`, unchanged"
    if not isinstance(data, dict):
        raise StoreError(
            "this is not a Parley session export (not a JSON object)", hint, "import-format"
        )
    if depth(data) > MAX_DEPTH:
        raise StoreError(
            f"the export nests more than {MAX_DEPTH} levels deep", hint, "import-format"
        )
    if data.get("format") != EXPORT_FORMAT or isinstance(data.get("format"), bool):
        raise StoreError(
            f"this is not a Parley session export (format {EXPORT_FORMAT})", hint, "import-format"
        )
    view = data.get("view", FACILITATOR)
    if view != FACILITATOR:
        raise StoreError(
            f"this export is {view!r}'s view of the session, not a facilitator's: "
            "it holds too little to be replayed",
            "import a facilitator's export (`parley export ID --format json`)",
            "import-view",
        )
    try:
        return FacilitatorExport.model_validate(data)
    except ValidationError as exc:
        problems = [_problem(e) for e in exc.errors(include_url=False)]
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise StoreError(
            f"the export is not valid: {problems[0]}{more}", hint, "import-invalid"
        ) from None


def _problem(error: Any) -> str:
    where = ".".join(str(p) for p in error["loc"]) or "the export"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"`{where}`: {message}" if error["loc"] else message


def import_json(store: Store, data: Any) -> str:
    """Bring an exported session into this database: checked, replayed, then written in
    one transaction; any refusal leaves the database as it was."""
    export = check_export(data)
    text, seed, preset = export.scenario.text, export.seed, export.preset
    seating = dict(export.seating)
    row = {
        "id": export.id,
        "scenario_text": text,
        "seed": seed,
        "seating": seating,
        "preset": preset,
    }
    compiled = compile_stored(row)
    steps = []
    try:
        session = Session(compiled, seed, seating, preset=preset)
    except Exception as exc:
        raise StoreError(
            f"the export cannot be replayed: {exc}", "nothing was imported", "import-replay"
        ) from None
    for n, command in enumerate(export.log, 1):
        try:
            entries = session.apply(command)
        except Exception as exc:
            raise StoreError(
                f"command {n} of the export cannot be replayed: {exc}",
                "nothing was imported",
                "import-replay",
            ) from None
        status = "finished" if session.finished else "paused"
        steps.append((entries, status, clock_of(session)))
    meta = compiled.scenario.scenario
    with store.transaction():
        store.create(
            scenario_text=text,
            scenario_id=meta.id,
            scenario_version=meta.version,
            title=meta.title,
            seed=seed,
            seating=seating,
            preset=preset,
            session_id=export.id,
        )
        for seq, (command, source, (entries, status, clock)) in enumerate(
            zip(export.log, export.sources, steps, strict=True)
        ):
            store.record(export.id, seq, command, source, entries, status=status, clock=clock)
        for note in export.notes:
            store.add_note(export.id, note.text, note.author)
    return export.id


def dumps(data: dict[str, Any]) -> str:
    try:
        return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False)
    except ValueError as exc:
        raise StoreError(
            f"the session holds a number JSON cannot write: {exc}",
            "report this as a bug; nothing was written",
            "export-value",
        ) from None
