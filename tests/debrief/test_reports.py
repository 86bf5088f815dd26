"""`parley report`: the JSON carries the debrief's data; the HTML is one self-contained
file with every section, the issues, the outcome and the charts; the PDF paginates."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest
from debrief.tables import FLAGSHIP, NOTE, REFLECTED, Parsed, cli, table

from app.reports.pdf import page_count
from app.reports.svg import Line, line_chart, nice_ticks


@pytest.fixture(scope="module")
def tutorial_table(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("t") / "p.db"
    return db, table(db).id


def test_json_carries_the_outcome_space_and_the_reflections(
    tutorial_table: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    db, sid = tutorial_table
    code, out, _ = cli(capsys, "report", sid[:8], "--db", str(db), "--format", "json")
    assert code == 0
    report = json.loads(out)
    space = report["outcome_space"]
    assert {"frontier", "fair_point", "deal", "value_left"} <= set(space)
    assert set(space["value_left"]) == {*space["parties"], "total"}
    assert space["frontier"] and report["outcome"]["issues"]
    assert [n["text"] for n in report["reflections"]] == [REFLECTED]
    assert [n["text"] for n in report["notes"]] == [NOTE]
    assert len(report["figures"]["labels"]) == len(next(iter(report["figures"]["values"].values())))


def test_html_is_one_self_contained_file_with_every_section(
    tutorial_table: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sid = tutorial_table
    out = tmp_path / "report.html"
    code, _, _ = cli(capsys, "report", sid, "--db", str(db), "--format", "html", "--out", str(out))
    assert code == 0 and [p.name for p in tmp_path.iterdir()] == ["report.html"]  # no temp left
    mask = os.umask(0)
    os.umask(mask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~mask  # an ordinary file, not a temp
    _, report_json, _ = cli(capsys, "report", sid, "--db", str(db), "--format", "json")
    report = json.loads(report_json)
    page = Parsed(out.read_text(encoding="utf-8"))
    assert page.outside == []
    for section in (
        "Timeline",
        "The figures over time",
        "The outcome",
        "The outcome space",
        "The debrief",
        "The reveal: confidential briefs and what each delegation did",
    ):
        assert section in page.h2, section
    for p in report["parties"]:
        if p["kind"] == "delegation":
            assert f"Feedback: {p['name']}" in page.h2
    names = report["names"]
    for iid, info in report["outcome"]["issues"].items():
        at = page.cells.index(names[iid])
        assert page.cells[at + 1] == info["status"]
    # trust held by each delegation, leverage, the other figures, the outcome space
    delegations = sum(p["kind"] == "delegation" for p in report["parties"])
    assert page.svgs == delegations + 3
    text = " ".join(page.text)
    assert REFLECTED in text and NOTE in text
    assert report["outcome_space"]["value_left_measured"] in text
    assert report["outcome_space"]["explanation"][:60] in text


def test_pdf_paginates_section_by_section(
    tutorial_table: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sid = tutorial_table
    out = tmp_path / "report.pdf"
    code, _, err = cli(capsys, "report", sid, "--db", str(db), "--format", "pdf", "--out", str(out))
    assert code == 0 and "Wrote" in err
    data = out.read_bytes()
    assert data.startswith(b"%PDF") and data.rstrip().endswith(b"%%EOF")
    # a page per section at least: title, timeline, figures, outcome, space, 2 feedback,
    # debrief, reveal
    assert page_count(data) >= 9


def test_the_flagship_report_shows_what_happened_next_as_later(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    saved = table(
        tmp_path / "f.db", text=FLAGSHIP.read_text(encoding="utf-8"), seed=3, bots="reciprocator"
    )
    code, out, _ = cli(
        capsys, "report", saved.id, "--db", str(tmp_path / "f.db"), "--format", "html"
    )
    assert code == 0
    page = Parsed(out)
    assert page.h2[-1] == "What happened next"
    text = " ".join(page.text)
    assert "Later than the scenario:" in text and "after March 2022" in text
    later = saved.session.c.scenario.scenario.what_happened_next
    assert later and all(e.date in page.cells for e in later)
    assert "As of March 2022" in text


@pytest.mark.parametrize(
    "args, says",
    [
        (["report", "nosuchid", "--format", "json"], "no session 'nosuchid'"),
        (["report", "ID", "--format", "docx"], "invalid choice: 'docx'"),
        (["report", "ID", "--format", "html", "--out", "/no/such/folder/r.html"], "does not exist"),
        (["compare", "ID", "--format", "json"], "invalid choice: 'json'"),
    ],
)
def test_bad_requests_exit_2_with_a_hint_and_no_traceback(
    tutorial_table: tuple[Path, str],
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    db, sid = tutorial_table
    code, out, err = cli(capsys, *[sid if a == "ID" else a for a in args], "--db", str(db))
    assert code == 2
    assert says in err and "hint:" in err and "Traceback" not in err + out


def test_an_unwritable_folder_is_refused_before_any_work(
    tutorial_table: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db, sid = tutorial_table
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = cli(
            capsys,
            "report",
            sid,
            "--db",
            str(db),
            "--format",
            "html",
            "--out",
            str(locked / "r.html"),
        )
    finally:
        locked.chmod(0o700)
    if code == 0:  # root may write anywhere: then the write must have succeeded whole
        assert (locked / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    else:
        assert code == 2 and "not writable" in err and "hint:" in err


def test_line_chart_one_point_per_snapshot_and_a_cursor() -> None:
    svg = line_chart("Trust", ["a", "b", "c"], [Line("x", [1.0, 2.0, 3.0])], cursor=1)
    [points] = [ln for ln in svg.splitlines() if ln.startswith("<polyline")]
    assert points.count(",") == 3
    assert "stroke='black' stroke-width='2'" in svg
    assert nice_ticks(0, 100) == [0, 20, 40, 60, 80, 100]
