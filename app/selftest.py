"""`parley --self-test`: check an installation (a bundle, a kit, a pip install) without a screen.

It builds the main window offscreen, loads every bundled scenario, plays a
short bot session into a temporary database, shows it in the window with its
plot, and runs a 20-run dry run on two worker processes started the way
Windows and macOS start them (spawn). Each step prints one line; the first
failure stops the test with exit 3.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

RUNS, WORKERS = 20, 2


def self_test(say: Callable[[str], None] = print) -> int:
    if "PySide6.QtWidgets" not in sys.modules:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from app import __version__

    say(f"Parley {__version__} self-test ({sys.executable})")
    with tempfile.TemporaryDirectory(prefix="parley-self-test-") as tmp:
        state: dict[str, Any] = {"tmp": Path(tmp)}
        for name, step in STEPS:
            started = time.perf_counter()
            try:
                what = step(state)
            except Exception as exc:  # noqa: BLE001 - the report is the point
                say(f"FAILED  {name}: {type(exc).__name__}: {exc}")
                _close(state)
                return 3
            say(f"ok      {name}: {what} ({time.perf_counter() - started:.2f} s)")
        _close(state)
    say("self-test passed")
    return 0


def _scenarios(state: dict[str, Any]) -> str:
    from app.engine.compiled import compile_scenario
    from app.resources import bundled_scenarios
    from app.scenario.validate import load_file

    found = bundled_scenarios()
    if not found:
        raise RuntimeError("no bundled scenarios: the package data is missing")
    for path in found:
        loaded = load_file(path)
        if not loaded.ok or loaded.scenario is None:
            first = loaded.diagnostics[0].format() if loaded.diagnostics else "?"
            raise RuntimeError(f"{path.name} does not load: {first}")
        state.setdefault("loaded", []).append((path, loaded))
        compile_scenario(loaded.scenario)
    return ", ".join(p.name for p in found)


def _window(state: dict[str, Any]) -> str:
    from PySide6.QtWidgets import QApplication

    from app.resources import asset
    from app.store.sessions import Store

    app = QApplication.instance() or QApplication(["parley"])
    state["app"] = app
    if not asset("parley.svg").is_file():
        raise RuntimeError("the icon is missing from the package data")
    from app.ui.main_window import MainWindow

    state["store"] = Store.open(state["tmp"] / "self-test.db")
    window = MainWindow(state["store"])
    state["window"] = window
    window.show()
    app.processEvents()
    listed = window.start.scenarios.count()
    if listed < len(state["loaded"]):
        raise RuntimeError(f"the start screen lists {listed} scenarios, not {len(state['loaded'])}")
    return f"start screen lists {listed} scenarios"


def _session(state: dict[str, Any]) -> str:
    from app.engine.compiled import compile_scenario
    from app.engine.headless import drive
    from app.store.saved import SavedSession

    path, loaded = min(state["loaded"], key=lambda pl: len(pl[1].text))  # the shortest
    compiled = compile_scenario(loaded.scenario)
    seats = {p.id: "bot:reciprocator" for p in loaded.scenario.parties}
    saved = SavedSession.new(state["store"], compiled, loaded.text, 7, seats, None)
    drive(saved, [])
    if not saved.session.finished:
        raise RuntimeError(f"the session of {path.name} did not finish")
    rows = [r for r in state["store"].list() if r["id"] == saved.id]
    if not rows or rows[0]["status"] != "finished":
        raise RuntimeError("the finished session is not in the database")
    state["saved"] = saved
    return f"{path.name} played by bots to the end, {len(saved.session.history.entries)} entries"


def _plot(state: dict[str, Any]) -> str:
    import app.ui.plots  # noqa: F401 - the session page hides a failed import: say why here

    window = state["window"]
    window.open_session(state["saved"])
    state["app"].processEvents()
    if window.page is None or window.page.plots is None:
        raise RuntimeError("the session page has no plot")
    image = window.page.plots.grab().toImage()
    if image.isNull() or image.width() < 10:
        raise RuntimeError("the plot did not render")
    return f"session page with a {image.width()}x{image.height()} plot"


def _console_and_board(state: dict[str, Any]) -> str:
    from app.ui.board.window import BoardWindow
    from app.ui.console.window import ConsoleWindow

    controller = state["window"].controller
    console, board = ConsoleWindow(controller), BoardWindow(controller)
    console.show()
    board.show()
    state["app"].processEvents()
    shots = [w.grab().toImage() for w in (console, board)]
    rows = console.tree.topLevelItemCount()
    console.close()
    board.close()
    if any(s.isNull() or s.width() < 10 for s in shots) or not rows:
        raise RuntimeError("the facilitator's console or the projector board did not render")
    return f"console with {rows} delegations, board {shots[1].width()}x{shots[1].height()}"


def _simulate(state: dict[str, Any]) -> str:
    import multiprocessing

    from app.engine.simulate import simulate

    multiprocessing.set_start_method("spawn", force=True)  # as on Windows and macOS
    path, loaded = state["loaded"][0]
    report = simulate(loaded.scenario, RUNS, 0, {}, None, WORKERS)
    if report["runs"] != RUNS:
        raise RuntimeError(f"the dry run reported {report['runs']} runs, not {RUNS}")
    return f"{RUNS} runs of {path.name} on {WORKERS} spawned workers"


STEPS: list[tuple[str, Callable[[dict[str, Any]], str]]] = [
    ("scenarios", _scenarios),
    ("window", _window),
    ("session", _session),
    ("plot", _plot),
    ("console and board", _console_and_board),
    ("dry run", _simulate),
]


def _close(state: dict[str, Any]) -> None:
    window = state.get("window")
    if window is not None:
        window.close()
        window.deleteLater()
        state["app"].processEvents()
    store = state.get("store")
    if store is not None:
        store.close()
