"""`parley SCENARIO --seat ua=Kyiv --seat ru=Moscow [--bots] [--preset] --start`: a prepared
laptop opens on a running session without the setup screen."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import SCENARIOS

from app.cli import _window_args
from app.store.sessions import Store
from app.ui.app import parser, seated_session
from app.ui.controller import RoomClock
from app.ui.main_window import MainWindow

FLAGSHIP = str(SCENARIOS / "ukraine-2022.yaml")


def test_seat_and_start_are_window_arguments() -> None:
    for first in ("--seat", "--start", "--bots", "--preset", "--seat=ua=Kyiv"):
        assert _window_args(first)
    assert not _window_args("play")


def test_seated_and_started_from_the_command_line(qtbot: Any, tmp_path: Path) -> None:
    ns = parser().parse_args(
        [
            FLAGSHIP,
            "--seat",
            "ua=Kyiv",
            "--seat",
            "ru=Moscow",
            "--bots",
            "west=hardliner",
            "--preset",
            "workshop",
            "--start",
        ]
    )
    wanted = seated_session(ns, FLAGSHIP)
    assert isinstance(wanted, dict)
    assert wanted["timing"] == {}
    assert wanted["seating"] == {"west": "bot:hardliner", "ua": "team:Kyiv", "ru": "team:Moscow"}
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    assert w.start_seated(**wanted, start=ns.start)
    s = w.controller.session  # type: ignore[union-attr]
    assert isinstance(s.clock, RoomClock)
    assert s.preset.id == "workshop" and s.stage == "running" and s.timer.running
    assert s.seating["un"].startswith("bot") and s.teams() == ["ua", "ru"]
    assert set(w.page.peek_buttons) == {"ua", "ru"}  # type: ignore[union-attr]


def test_bad_seats_say_what_is_wrong() -> None:
    for args, words in (
        (["--seat", "xx=Kyiv"], "unknown party 'xx'"),
        (["--seat", "ua=K", "--preset", "nope"], "unknown preset 'nope'"),
        (["--seat", "ua=K", "--bots", "ru=saint"], "unknown bot policy"),
    ):
        message = seated_session(parser().parse_args([FLAGSHIP, *args]), FLAGSHIP)
        assert isinstance(message, str) and words in message
