"""Imports: only an unchanged facilitator's export gets in, and a refusal changes nothing.
Exports per viewer: a delegation's or the public export holds only what view_for gives."""

from __future__ import annotations

import copy
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.cli import main
from app.engine.compiled import compile_scenario
from app.engine.headless import drive
from app.engine.visibility import view_for
from app.scenario.validate import load_ok
from app.store.database import StoreError, backup_paths
from app.store.exchange import MAX_DEPTH, export_json, import_json
from app.store.saved import SavedSession
from app.store.sessions import Store

TUTOR = compile_scenario(load_ok(TUTORIAL))
TEXT = TUTORIAL.read_text(encoding="utf-8")


def played(path: Path, seed: int = 6) -> SavedSession:
    saved = SavedSession.new(Store.open(path), TUTOR, TEXT, seed, {"aldmere": "team:North"}, None)
    moves = [
        {
            "type": "move",
            "party": "aldmere",
            "kind": "propose",
            "option": "joint_authority",
            "remark": "NORTH-SECRET-REMARK",
        }
    ]
    drive(saved, moves)
    saved.store.add_note(saved.id, "A note for the debrief.", "facilitator")
    return saved


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    saved = played(tmp_path_factory.mktemp("source") / "p.db")
    return export_json(saved.store, saved.id)


def contents(path: Path) -> list[str]:
    """Every row of every table: what a refused import must leave as it was."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def target(tmp_path: Path) -> tuple[Store, Path]:
    """A database with one session in it already, and its backups."""
    path = tmp_path / "target.db"
    played(path, seed=1).store.close()
    played(path, seed=2).store.close()
    return Store.open(path), path


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[int(key)] if isinstance(node, list) else node[key]
        node[int(last) if isinstance(node, list) else last] = value

    return change


def _drop(path: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = data
        for key in parents:
            node = node[key]
        del node[last]

    return change


def _edit_text_without_hash(data: dict[str, Any]) -> None:
    data["scenario"]["text"] += "\n# edited"
    del data["scenario"]["hash"]


def _shorter_log(data: dict[str, Any]) -> None:
    data["log"] = data["log"][:1]


def _nested(data: dict[str, Any]) -> None:
    deep: Any = 1
    for _ in range(MAX_DEPTH + 5):
        deep = [deep]
    data["outcome"] = {"x": deep}


def _bad_command(data: dict[str, Any]) -> None:
    data["log"][3] = {"type": "move", "party": "nobody", "kind": "pass"}


TAMPERED: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "mismatched lengths": (_shorter_log, "import-invalid"),
    "empty id": (_set("id", ""), "import-invalid"),
    "id of %": (_set("id", "%"), "import-invalid"),
    "seed of 10**30": (_set("seed", 10**30), "import-invalid"),
    "seed as text": (_set("seed", "6"), "import-invalid"),
    "seed as true": (_set("seed", True), "import-invalid"),
    "notes as strings": (_set("notes", ["x"]), "import-invalid"),
    "edited text, no hash": (_edit_text_without_hash, "import-invalid"),
    "wrong hash": (_set("scenario.hash", "0" * 64), "import-invalid"),
    "unknown format": (_set("format", 2), "import-format"),
    "format true": (_set("format", True), "import-format"),
    "unknown key": (_set("extra", 1), "import-invalid"),
    "no sources": (_drop("sources"), "import-invalid"),
    "unknown source": (_set("sources.0", "hack"), "import-invalid"),
    "a command not an object": (_set("log.0", ["start"]), "import-invalid"),
    "a command that cannot replay": (_bad_command, "import-replay"),
    "deeply nested": (_nested, "import-format"),
    "a delegation's view": (_set("view", "aldmere"), "import-view"),
    "not an object": (lambda data: data.clear(), "import-format"),
}


@pytest.mark.parametrize("name", list(TAMPERED))
def test_a_tampered_export_is_refused_and_changes_nothing(
    name: str, tmp_path: Path, export: dict[str, Any]
) -> None:
    change, code = TAMPERED[name]
    data = copy.deepcopy(export)
    change(data)
    store, path = target(tmp_path)
    before = contents(path)
    backups = [p.read_bytes() for p in backup_paths(path) if p.exists()]
    with pytest.raises(StoreError) as err:
        import_json(store, data if name != "not an object" else [])
    assert err.value.code == code, err.value.message
    assert contents(path) == before
    assert [p.read_bytes() for p in backup_paths(path) if p.exists()] == backups  # not rotated
    if code != "import-view":  # the untouched export still imports: nothing half-done
        assert import_json(store, copy.deepcopy(export)) == export["id"]


def test_refusals_on_the_command_line_exit_2_and_say_what_is_wrong(
    tmp_path: Path, export: dict[str, Any], capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "t.db")
    cases = {
        "seed.json": (json.dumps({**export, "seed": 10**30}), "seed"),
        "short.json": (json.dumps({**export, "log": export["log"][:1]}), "sources"),
        "deep.json": ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        "nan.json": (json.dumps(export).replace('"seed": 6', '"seed": NaN'), "NaN"),
        "inf.json": (json.dumps(export).replace('"seed": 6', '"seed": 1e999'), "too large"),
        "long.json": (json.dumps(export).replace('"seed": 6', '"seed": ' + "9" * 5000), "digits"),
        "latin1.json": (None, "not UTF-8"),
    }
    for name, (text, words) in cases.items():
        path = tmp_path / name
        if text is None:
            path.write_bytes(b'{"format": "caf\xe9"}')
        else:
            path.write_text(text, encoding="utf-8")
        code = main(["import", str(path), "--db", db])
        err = capsys.readouterr().err
        assert code == 2, (name, err)
        assert words in err and "Traceback" not in err, (name, err)
    assert main(["import", "/dev/zero", "--db", db]) == 2
    assert "not a regular file" in capsys.readouterr().err


def test_a_good_export_imports_in_one_transaction(tmp_path: Path, export: dict[str, Any]) -> None:
    store, _ = target(tmp_path)
    sid = import_json(store, copy.deepcopy(export))
    seqs = [
        r[0]
        for r in store.db.execute(
            "SELECT seq FROM commands WHERE session_id = ? ORDER BY seq", [sid]
        )
    ]
    assert seqs == list(range(len(export["log"])))
    again = export_json(store, sid)
    for key in ("log", "sources", "history", "outcome", "seed", "seating"):
        assert again[key] == export[key], key
    clock = store.clock(sid)
    assert clock is not None and clock["seq"] == len(export["log"])


# --- exports per viewer ----------------------------------------------------------------


def test_the_default_export_is_the_facilitators(export: dict[str, Any]) -> None:
    assert export["view"] == "facilitator"
    assert export["scenario"]["text"] == TEXT and "seed" in export and export["log"]


@pytest.mark.parametrize("viewer", ["brevia", "public"])
def test_a_delegation_or_public_export_holds_only_what_view_for_gives(
    tmp_path: Path, viewer: str, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = played(tmp_path / "p.db")
    code = main(
        ["export", saved.id, "--db", str(tmp_path / "p.db"), "--format", "json", "--as", viewer]
    )
    out = capsys.readouterr().out
    assert code == 0
    data = json.loads(out)
    view = view_for(saved.session, viewer)
    assert data["view"] == viewer
    assert {
        k: v
        for k, v in data.items()
        if k not in ("format", "view", "id", "status", "created", "updated")
    } == {k: v for k, v in view.items() if k != "viewer"}
    for secret in ("seed", "log", "sources", "notes", "outcome"):
        assert secret not in data
    assert "text" not in data["scenario"] and "hash" not in data["scenario"]
    assert TEXT[:200] not in out
    assert ("NORTH-SECRET-REMARK" in out) == ("NORTH-SECRET-REMARK" in json.dumps(view))


def test_an_unknown_viewer_exits_2_with_the_list(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = played(tmp_path / "p.db")
    code = main(
        ["export", saved.id, "--db", str(tmp_path / "p.db"), "--format", "csv", "--as", "nobody"]
    )
    err = capsys.readouterr().err
    assert code == 2 and "unknown viewer 'nobody'" in err
    assert "aldmere, brevia" in err and "public, facilitator" in err


def test_a_delegation_csv_has_only_the_figures_it_sees(tmp_path: Path) -> None:
    from app.store.exchange import export_csv

    saved = played(tmp_path / "p.db")
    mine = export_csv(saved.store, saved.id, "aldmere")
    everything = export_csv(saved.store, saved.id)
    seen = {line.split(",")[6] for line in mine.splitlines()[1:]}
    visible = set(view_for(saved.session, "aldmere")["figures"])
    assert seen == visible and len(mine) <= len(everything)


# --- fuzzing -----------------------------------------------------------------------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=8,
)


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            if k not in ("history", "rounds"):  # large and never read: sample elsewhere
                out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data[:4]):
            out += _paths(v, (*prefix, i))
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_change_to_an_export_is_imported_or_refused_cleanly(
    export: dict[str, Any], tmp_path: Path, data: st.DataObject
) -> None:
    changed = copy.deepcopy(export)
    paths = _paths(changed)[1:]
    where = data.draw(st.sampled_from(paths))
    value = data.draw(JSON)
    node: Any = changed
    for key in where[:-1]:
        node = node[key]
    node[where[-1]] = value
    path = tmp_path / f"fuzz-{uuid.uuid4()}.db"
    store = Store.open(path)
    try:
        import_json(store, changed)
    except StoreError as err:
        assert err.message and err.code.startswith(("import", "store"))
        assert store.list() == []
    finally:
        store.close()
