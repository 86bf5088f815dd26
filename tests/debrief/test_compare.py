"""`parley compare`: tables of one scenario side by side, one of them imported from another
laptop's export; another scenario is refused, another version of it flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import TUTORIAL, edit_yaml
from debrief.tables import Parsed, cli, table

from app.debrief.compare import divergence
from app.reports.pdf import page_count
from app.store.exchange import replayed
from app.store.sessions import Store


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    """Two tables: one played here, one played on another laptop and imported."""
    here = tmp_path_factory.mktemp("here") / "p.db"
    there = tmp_path_factory.mktemp("there") / "p.db"
    mine = table(here, seed=6, bots="conciliator").id
    theirs = table(there, seed=9, bots="hardliner").id
    export = there.parent / "table.json"
    assert main_ok("export", theirs, "--db", str(there), "--format", "json", "--out", str(export))
    assert main_ok("import", str(export), "--db", str(here))
    return here, mine, theirs


def edited_table(db: Path, key: str, value: str) -> str:
    """A table of the tutorial with one of its `scenario:` fields changed."""
    text = edit_yaml(
        TUTORIAL.read_text(encoding="utf-8"), lambda d: d["scenario"].__setitem__(key, value)
    )
    return table(db, text=text).id


def main_ok(*args: str) -> bool:
    from app.cli import main

    return main(list(args)) == 0


def test_two_tables_side_by_side(
    room: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, mine, theirs = room
    code, out, err = cli(capsys, "compare", mine, theirs[:8], "--db", str(db), "--format", "html")
    assert code == 0, err
    page = Parsed(out)
    assert page.outside == []
    assert page.h2 == [
        "Outcomes side by side",
        "The deals in the outcome space",
        "Figures overlaid per table",
    ]
    labels = [f"Table 1 ({mine[:8]})", f"Table 2 ({theirs[:8]})"]
    assert all(label in page.cells for label in labels)
    text = " ".join(page.text)
    store = Store.open(db)
    paths = [replayed(store, sid)[1].history.entries for sid in (mine, theirs)]
    parted = divergence(paths)
    assert parted is not None  # conciliators and hardliners play differently
    assert f"first parted in round {parted['round_index']} of play" in text
    # the outcome space with both deals, then trust both ways and leverage of each delegation
    assert page.svgs == 1 + 4
    assert "Note:" not in text


def test_compare_as_pdf(
    room: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, mine, theirs = room
    out = tmp_path / "c.pdf"
    code, _, _ = cli(
        capsys, "compare", mine, theirs, "--db", str(db), "--format", "pdf", "--out", str(out)
    )
    assert code == 0 and page_count(out.read_bytes()) >= 3


def test_another_scenario_is_refused(
    room: tuple[Path, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, mine, _ = room
    other = edited_table(db, "id", "another-harbour")
    code, out, err = cli(capsys, "compare", mine, other, "--db", str(db), "--format", "html")
    assert code == 2 and out == ""
    assert "another-harbour" in err and "hint:" in err and "Traceback" not in err


def test_another_version_is_flagged(
    room: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, mine, _ = room
    other = edited_table(db, "version", "2-draft")
    code, out, _ = cli(capsys, "compare", mine, other, "--db", str(db), "--format", "html")
    assert code == 0
    text_out = " ".join(Parsed(out).text)
    assert f"session {other} played version 2-draft" in text_out
