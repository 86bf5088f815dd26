"""The cache of validated scenarios (`app.scenario.cache`): the window opens a scenario it
checked before without checking it again, and never trusts an entry it should not."""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

import pytest
from conftest import TUTORIAL, edit_yaml

from app.scenario import cache, validate


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of its own (platformdirs follows XDG_CACHE_HOME on Linux), and no
    memory of earlier loads in this process."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(cache, "_MEMO", {})
    where = cache.folder()
    assert where.is_relative_to(tmp_path), "platformdirs did not follow XDG_CACHE_HOME"
    return where


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    path = tmp_path / "mine.yaml"
    path.write_bytes(TUTORIAL.read_bytes())
    return path


@pytest.fixture
def checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The paths checked in full (`load_file`), in order."""
    seen: list[str] = []
    real = cache.load_file

    def counted(path: Any) -> validate.Loaded:
        seen.append(str(path))
        return real(path)

    monkeypatch.setattr(cache, "load_file", counted)
    return seen


def fresh(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new process would: nothing remembered but the folder."""
    monkeypatch.setattr(cache, "_MEMO", {})
    validate._CACHE.clear()


def entries(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json"))


def _with(blob: bytes, **fields: Any) -> bytes:
    """An entry with some of its fields replaced (its key still right)."""
    return json.dumps(json.loads(blob) | fields).encode()


def test_an_entry_is_data_and_never_runs_code(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A pickle put where an entry goes (by anyone who can write the cache folder) is not
    unpickled: the scenario is checked again and nothing of the pickle runs."""
    cache.load(scenario)
    (entry,) = entries(folder)
    ran = tmp_path / "ran"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (ran,))

    entry.write_bytes(pickle.dumps(Payload()))
    fresh(monkeypatch)
    again = cache.load(scenario)
    assert again.ok and not ran.exists()
    assert checks == [str(scenario)] * 2


def test_a_valid_scenario_is_checked_once_then_read_from_the_cache(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    first = cache.load(scenario)
    assert first.ok and checks == [str(scenario)] and len(entries(folder)) == 1
    fresh(monkeypatch)
    again = cache.load(scenario)
    assert checks == [str(scenario)], "checked again although the file did not change"
    assert again.ok and again.doc is None
    assert again.text == first.text == scenario.read_text(encoding="utf-8")
    assert again.scenario == first.scenario
    assert again.diagnostics == first.diagnostics
    assert again.path == str(scenario)


def test_the_cached_scenario_is_the_one_a_full_check_gives(
    folder: Path, scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load(scenario)
    fresh(monkeypatch)
    assert cache.load(scenario).scenario == validate.load_file(scenario).scenario


def test_an_edited_file_is_checked_again(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load(scenario)
    text = scenario.read_text(encoding="utf-8")
    scenario.write_text(
        edit_yaml(text, lambda d: d["scenario"].__setitem__("title", "Edited")), encoding="utf-8"
    )
    fresh(monkeypatch)
    loaded = cache.load(scenario)
    assert checks == [str(scenario)] * 2
    assert loaded.ok and loaded.scenario is not None
    assert loaded.scenario.scenario.title == "Edited"
    assert len(entries(folder)) == 2


def test_another_parley_checks_again(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    cache.load(scenario)
    fresh(monkeypatch)
    monkeypatch.setattr(cache, "__version__", "99.0")
    cache._salt.cache_clear()
    try:
        cache.load(scenario)
    finally:
        cache._salt.cache_clear()
    assert checks == [str(scenario)] * 2


def test_an_invalid_scenario_is_never_cached_and_reports_the_same(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    scenario.write_text(
        scenario.read_text(encoding="utf-8").replace("format: 2", "format: 2\nbogus: 1", 1),
        encoding="utf-8",
    )
    loaded = cache.load(scenario)
    assert not loaded.ok and entries(folder) == []
    fresh(monkeypatch)
    again = cache.load(scenario)
    assert checks == [str(scenario)] * 2
    assert [d.format() for d in again.diagnostics] == [
        d.format() for d in validate.load_file(scenario).diagnostics
    ]


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: b"",
        lambda blob: blob[: len(blob) // 2],
        lambda blob: b"not JSON at all",
        lambda blob: json.dumps({"key": "another", "text": "", "scenario": None}).encode(),
        lambda blob: b"[1, 2, 3]",
        lambda blob: _with(blob, scenario={"model": "Scenario", "fields": {"x": 1}, "set": []}),
        lambda blob: _with(blob, diagnostics=[{"file": "f", "line": "1"}]),
    ],
    ids=["empty", "truncated", "garbage", "wrong-entry", "wrong-type", "bad-model", "bad-warning"],
)
def test_a_damaged_entry_is_ignored_and_written_again(
    folder: Path,
    scenario: Path,
    checks: list[str],
    monkeypatch: pytest.MonkeyPatch,
    damage: Any,
) -> None:
    first = cache.load(scenario)
    (entry,) = entries(folder)
    entry.write_bytes(damage(entry.read_bytes()))
    fresh(monkeypatch)
    again = cache.load(scenario)
    assert checks == [str(scenario)] * 2, "a damaged entry was trusted"
    assert again.ok and again.scenario == first.scenario
    fresh(monkeypatch)
    cache.load(scenario)
    assert checks == [str(scenario)] * 2, "the entry was not written again"


def test_an_entry_for_other_bytes_is_not_taken(
    folder: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An entry renamed to another file's key (or a hash that lies) is refused."""
    cache.load(scenario)
    (entry,) = entries(folder)
    other = scenario.with_name("other.yaml")
    other.write_text(
        edit_yaml(scenario.read_text(encoding="utf-8"), lambda d: d["scenario"].update(title="B")),
        encoding="utf-8",
    )
    cache.load(other)
    (other_entry,) = [p for p in entries(folder) if p != entry]
    other_entry.write_bytes(entry.read_bytes())
    fresh(monkeypatch)
    loaded = cache.load(other)
    assert loaded.scenario is not None and loaded.scenario.scenario.title == "B"
    assert checks == [str(scenario), str(other), str(other)]


def test_a_cache_folder_that_cannot_be_written_is_no_error(
    tmp_path: Path, scenario: Path, checks: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be")
    monkeypatch.setattr(cache, "folder", lambda: blocked / "scenarios")
    monkeypatch.setattr(cache, "_MEMO", {})
    assert cache.load(scenario).ok
    fresh(monkeypatch)
    assert cache.load(scenario).ok
    assert checks == [str(scenario)] * 2


def test_a_missing_file_reports_as_a_full_check_does(folder: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    assert [d.format() for d in cache.load(missing).diagnostics] == [
        d.format() for d in validate.load_file(missing).diagnostics
    ]
    assert not folder.exists() or entries(folder) == []


def test_only_the_newest_entries_are_kept(
    folder: Path, scenario: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cache, "KEEP", 2)
    text = scenario.read_text(encoding="utf-8")
    for n in range(4):
        scenario.write_text(
            edit_yaml(text, lambda d, n=n: d["scenario"].update(title=f"T{n}")), encoding="utf-8"
        )
        cache.load(scenario)
    assert len(entries(folder)) == 2


def test_another_bundle_build_checks_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A bundle has no sources to look at: each build's executable stands for them."""
    exe = tmp_path / "parley"
    exe.write_bytes(b"one build")
    monkeypatch.setattr(cache.sys, "frozen", True, raising=False)
    monkeypatch.setattr(cache.sys, "executable", str(exe))
    cache._salt.cache_clear()
    try:
        first = cache._salt()
        exe.write_bytes(b"another build, another size")
        cache._salt.cache_clear()
        assert cache._salt() != first
    finally:
        cache._salt.cache_clear()
