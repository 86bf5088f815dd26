"""The data Parley ships and the facilitator's own scenarios: `app.resources`,
`parley scenarios` and the start screen's list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, TUTORIAL

from app import resources
from app.cli import main
from app.engine.headless import bundled_scenario, bundled_scenarios

KEYS = {"id", "title", "version", "as_of", "file", "source"}


@pytest.fixture
def user_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user data folder of its own (platformdirs follows XDG_DATA_HOME on Linux)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    folder = resources.user_folder()
    assert folder.is_relative_to(tmp_path), "platformdirs did not follow XDG_DATA_HOME"
    return folder


def test_bundled_scenarios_flagship_first_and_the_engine_agrees() -> None:
    names = [p.name for p in resources.bundled_scenarios()]
    assert names[0] == resources.FLAGSHIP and "tutorial.yaml" in names
    assert bundled_scenarios() == resources.bundled_scenarios()
    assert bundled_scenario() == SCENARIOS / resources.FLAGSHIP


def test_format_reference_icon_and_help_pages_ship() -> None:
    assert resources.format_reference().read_text(encoding="utf-8").startswith("# The Parley")
    assert resources.asset("parley.svg").read_text(encoding="utf-8").lstrip().startswith("<")
    assert resources.help_page("workshop.md").startswith("# Running a workshop")


def test_scenarios_json_lists_bundled_then_user(
    user_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_folder.mkdir(parents=True)
    mine = user_folder / "mine.yaml"
    mine.write_text(
        TUTORIAL.read_text(encoding="utf-8").replace("id: tutorial-harbour", "id: my-harbour", 1),
        encoding="utf-8",
    )
    (user_folder / "notes.txt").write_text("not a scenario")
    assert main(["scenarios", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert all(set(r) == KEYS for r in rows)
    assert [(r["id"], r["source"]) for r in rows] == [
        ("ukraine-2022", "bundled"),
        ("sarn-river", "bundled"),
        ("tutorial-harbour", "bundled"),
        ("my-harbour", "user"),
    ]
    assert rows[3]["file"] == str(mine) and rows[2]["as_of"] == "a fictional present"


def test_a_broken_user_scenario_is_skipped_with_its_first_error(
    user_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    user_folder.mkdir(parents=True)
    (user_folder / "broken.yaml").write_text("format: 1\nscenario: [\n", encoding="utf-8")
    assert main(["scenarios"]) == 0
    out, err = capsys.readouterr()
    assert "ukraine-2022" in out and "broken.yaml" not in out
    assert f"skipped {user_folder / 'broken.yaml'}" in err and "parley validate" in err
    assert str(user_folder) in err  # where your own scenarios go


def test_start_screen_lists_the_users_scenarios_after_the_bundled(
    user_folder: Path, qtbot: Any
) -> None:
    from PySide6.QtCore import Qt

    from app.ui.start_page import StartPage

    user_folder.mkdir(parents=True)
    (user_folder / "mine.yaml").write_text(TUTORIAL.read_text(encoding="utf-8"), encoding="utf-8")
    page = StartPage([])
    qtbot.addWidget(page)
    items = [page.scenarios.item(i) for i in range(page.scenarios.count())]
    assert [i.text() for i in items][-1] == "Tutorial: The Harbour at Velm (your scenario)"
    assert items[-1].data(Qt.ItemDataRole.UserRole) == str(user_folder / "mine.yaml")
    assert items[0].data(Qt.ItemDataRole.UserRole) == str(SCENARIOS / resources.FLAGSHIP)
