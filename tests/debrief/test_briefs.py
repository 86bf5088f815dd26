"""`parley brief`: each delegation's printable brief holds its own confidential brief,
values and BATNA, and not one sentence of another delegation's."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import TUTORIAL
from debrief.tables import FLAGSHIP, Parsed, cli

from app.engine.compiled import Compiled, compile_scenario
from app.reports.brief import brief_view, playable, render, text
from app.reports.pdf import page_count
from app.scenario.validate import load_file

SCENARIOS = [compile_scenario(load_file(p).scenario) for p in (TUTORIAL, FLAGSHIP)]  # type: ignore[arg-type]


def sentences(c: Compiled, party: str) -> set[str]:
    """Every sentence only `party`'s own papers may hold: its confidential brief and BATNA."""
    p = c.parties[party]
    parts: list[str] = [p.batna.description]
    for value in p.brief.confidential.model_dump().values():
        parts += value if isinstance(value, list) else [value]
    out = set()
    for part in parts:
        for s in re.split(r"(?<=[.!?])\s+", " ".join(str(part).split())):
            if len(s) > 25:
                out.add(s)
    return out


def others(c: Compiled, party: str | None) -> set[str]:
    """The sentences of every other party's secret papers (not also in `party`'s own or in
    anybody's public brief)."""
    mine = sentences(c, party) if party else set()
    public = " ".join(" ".join(x.brief.public.split()) for x in c.scenario.parties)
    theirs = {s for p in c.parties if p != party for s in sentences(c, p)}
    return {s for s in theirs - mine if s not in public}


def flat(s: str) -> str:
    return " ".join(s.split())


@pytest.mark.parametrize("c", SCENARIOS, ids=lambda c: c.scenario.scenario.id)
def test_each_brief_holds_its_own_secrets_and_nobody_elses(c: Compiled) -> None:
    for party in [None, *playable(c)]:
        view = brief_view(c, party or "public")
        for doc in (
            text(view),
            " ".join(Parsed(render(view).html()).text),
            " ".join(Parsed(render(view, "resource").html()).text),
        ):
            doc = flat(doc)
            leaked = [s for s in others(c, party) if s in doc]
            assert leaked == [], (party, leaked[:2])
            if party:
                assert all(s in doc for s in sentences(c, party)), party
                assert f"worth {c.parties[party].batna.value:g}" in doc


def test_brief_command_prints_one_party(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "brief", str(TUTORIAL), "--party", "brevia")
    assert code == 0 and "CONFIDENTIAL: BREVIA DELEGATION ONLY" in out
    code, _, err = cli(capsys, "brief", str(TUTORIAL), "--party", "brevija")
    assert code == 2 and "unknown party 'brevija'" in err and "hint:" in err


def test_pdf_folder_has_a_brief_per_delegation_and_the_public_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, _ = cli(capsys, "brief", "tutorial", "--format", "pdf", "--out", str(tmp_path))
    assert code == 0
    c = SCENARIOS[0]
    sid = c.scenario.scenario.id
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == sorted(f"{sid}-{who}.pdf" for who in ["public", *playable(c)])
    assert all(page_count((tmp_path / n).read_bytes()) >= 1 for n in names)
    code, _, err = cli(
        capsys, "brief", "tutorial", "--format", "pdf", "--out", str(tmp_path / "missing")
    )
    assert code == 2 and "does not exist" in err


def test_a_briefs_markdown_is_shown_and_cannot_add_markup() -> None:
    from app.reports.page import Page

    page = Page("x")
    page.markdown(
        "# Title\nline one\nline two\n\n- **bold** and *it*\n  goes on\n"
        "- <script>x</script>\n\nThe end."
    )
    html = "".join(page.parts)
    assert html == (
        "<h3>Title</h3><p>line one line two</p><ul><li><b>bold</b> and <i>it</i> "
        "goes on</li><li>&lt;script&gt;x&lt;/script&gt;</li></ul><p>The end.</p>"
    )
