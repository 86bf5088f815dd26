"""Finished sessions for the debrief's tests: saved in a database, with a facilitator's note
and a reflection, like a table at the end of a workshop."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS, TUTORIAL

from app.cli import main
from app.debrief.report import REFLECTION
from app.engine.compiled import Compiled, compile_scenario
from app.engine.headless import drive
from app.scenario.validate import load_text
from app.store.saved import SavedSession
from app.store.sessions import Store

FLAGSHIP = SCENARIOS / "ukraine-2022.yaml"
NOTE = "Good use of the mediator in round 2."
REFLECTED = "We never asked what the other side feared."


def compiled(text: str) -> Compiled:
    loaded = load_text(text)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return compile_scenario(loaded.scenario)  # type: ignore[arg-type]


def table(
    db: Path,
    *,
    seed: int = 6,
    text: str | None = None,
    bots: str = "conciliator",
    commands: list[dict[str, Any]] | None = None,
    finish: bool = True,
) -> SavedSession:
    """A session of the tutorial (or `text`) played by bots, saved in `db`, with a note and a
    reflection."""
    text = text if text is not None else TUTORIAL.read_text(encoding="utf-8")
    c = compiled(text)
    seats = {p: f"bot:{bots}" for p in c.parties}
    saved = SavedSession.new(Store.open(db), c, text, seed, seats, None)
    if finish:
        drive(saved, commands or [])
    saved.store.add_note(saved.id, NOTE, "facilitator")
    saved.store.add_note(saved.id, REFLECTED, REFLECTION)
    return saved


class Parsed(HTMLParser):
    """What a reader of the HTML finds: headings, table cells, charts, outside links."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.h2: list[str] = []
        self.cells: list[str] = []
        self.svgs = 0
        self.images: list[str] = []
        self.outside: list[str] = []
        self.text: list[str] = []
        self._tag: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag.append(tag)
        a = dict(attrs)
        if tag == "svg":
            self.svgs += 1
        if tag == "img":
            self.images.append(a.get("src") or "")
        for key in ("src", "href"):
            value = a.get(key) or ""
            if (
                tag in ("img", "script", "link", "iframe")
                and value
                and not value.startswith(("data:", "#"))
            ):
                self.outside.append(value)

    def handle_endtag(self, tag: str) -> None:
        while self._tag and self._tag.pop() != tag:
            pass

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._tag and self._tag[-1] == "h2":
            self.h2.append(data.strip())
        if self._tag and self._tag[-1] in ("td", "th"):
            self.cells.append(data.strip())


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err
