"""Start the desktop application: `parley`, `parley SCENARIO`, `parley --autoplay`."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
from typing import Any

from app import crash
from app.resources import asset


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="parley", description="Open the Parley window.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="open this scenario's setup")
    p.add_argument("--scenario", dest="scenario_opt", metavar="SCENARIO")
    p.add_argument("--db", metavar="PATH", help="the sessions database")
    p.add_argument(
        "--autoplay",
        action="store_true",
        help="bots play every delegation (a projector demonstration)",
    )
    p.add_argument(
        "--pace",
        type=float,
        default=2.0,
        metavar="SECONDS",
        help="with --autoplay: seconds between the facilitator's steps",
    )
    p.add_argument(
        "--seat",
        action="append",
        default=[],
        metavar="PARTY=TEAM",
        help="a team plays PARTY (repeat for each team); skips the setup screen",
    )
    p.add_argument(
        "--bots",
        metavar="SPEC",
        default="",
        help="policies for the parties no team plays, as in `parley play --bots`",
    )
    p.add_argument("--preset", metavar="NAME", help="timing preset (default: the scenario's)")
    p.add_argument("--seed", type=int, metavar="N", help="random seed (default: a new one)")
    p.add_argument("--talk", type=float, metavar="MINUTES", help="talk time per round")
    p.add_argument("--entry", type=float, metavar="MINUTES", help="move entry time per round")
    p.add_argument(
        "--pin",
        metavar="PIN",
        help="with --seat: the facilitator's PIN for this session (4 characters or "
        "more), so that no trainee can set it",
    )
    p.add_argument(
        "--start",
        action="store_true",
        help="begin the first phase at once, its clock running (as F5 would)",
    )
    return p


def seated_session(ns: argparse.Namespace, scenario: str) -> dict[str, Any] | str:
    """What `--seat/--bots/--preset/--seed` ask for: {path, seating, preset, seed}, or why
    they cannot be played (a message for stderr)."""
    import random

    from app.cli import _seating
    from app.scenario.cache import load as load_scenario

    loaded = load_scenario(scenario)
    if not loaded.ok or loaded.scenario is None:
        first = loaded.diagnostics[0].format() if loaded.diagnostics else "it does not load"
        return f"{scenario}: cannot be played: {first}"
    scn = loaded.scenario
    try:
        seating = _seating(ns.bots, scn)
    except ValueError as exc:
        return f"{exc.args[0]}\n    hint: {exc.args[1]}" if len(exc.args) > 1 else str(exc)
    parties = {p.id: p for p in scn.parties}
    for seat in ns.seat:
        party, eq, team = seat.partition("=")
        party = party.strip()
        if party not in parties:
            return (
                f"unknown party {party!r} in --seat {seat}\n    hint: parties: {', '.join(parties)}"
            )
        if not parties[party].is_playable():
            return f"{parties[party].name} cannot be played by a team in this scenario"
        seating[party] = f"team:{team.strip()}" if eq and team.strip() else "team"
    presets = [p.id for p in scn.timing.presets]
    if ns.preset and ns.preset not in presets:
        return f"unknown preset {ns.preset!r}\n    hint: presets: {', '.join(presets) or 'none'}"
    seed = ns.seed if ns.seed is not None else random.SystemRandom().randrange(1, 1_000_000)
    for name in ("talk", "entry"):
        value = getattr(ns, name)
        if value is not None and not 0 < value <= 120:
            return f"--{name} takes minutes between 0 and 120, not {value:g}"
    timing = {k: round(v * 60, 1) for k in ("talk", "entry") if (v := getattr(ns, k)) is not None}
    pin = getattr(ns, "pin", None)
    if pin is not None and len(pin) < 4:
        return "--pin takes 4 characters or more"
    return {
        "path": scenario,
        "seating": seating,
        "preset": ns.preset,
        "seed": seed,
        "timing": timing,
        "pin": pin,
    }


def run(argv: list[str]) -> int:
    # Python's cycle collector would walk the heap about 200 times while the engine, Qt and
    # the plots are imported and built (a tenth of the start-up); it is off until the
    # window is up and back on for the session (and whenever run() returns).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(argv, collecting)
    finally:
        if collecting:
            gc.enable()


def _collect_again() -> None:
    """The collector back on, with what start-up made moved to its oldest generation in
    one step (freeze, then unfreeze): the young collections that follow do not walk it
    (the first would have walked all 130,000 objects, a tenth of a second, as the window
    paints), and a full one comes once the session has made enough of its own."""
    gc.freeze()
    gc.unfreeze()
    gc.enable()


def _run(argv: list[str], collecting: bool) -> int:
    ns = parser().parse_args(argv)
    problem = crash.display_problem()
    if problem:  # Qt would abort the process with a hint about one library at best
        print(f"parley: error: the window cannot open: {problem}", file=sys.stderr)
        return 3
    # The engine and the store first: once PySide6 is imported it inspects every later
    # import for its `__feature__` switches, which costs start-up time for nothing here.
    for name in ("app.engine.session", "app.scenario.validate", "app.store.saved"):
        importlib.import_module(name)
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from app.ui.pyside_scan import use_quick_scan

    use_quick_scan()  # before pyqtgraph and the windows are imported

    from app.store.database import StoreError
    from app.store.sessions import Store

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    crash.release_display_probe()  # Qt has its own connection to the display now
    app.setOrganizationName("Parley")
    app.setApplicationName("Parley")
    app.setApplicationDisplayName("Parley")
    app.setStyle("Fusion")  # follows the system's light or dark colour scheme
    app.setWindowIcon(QIcon(str(asset("parley.svg"))))
    app.setDesktopFileName("parley")  # matches packaging/parley.desktop (Wayland, taskbars)
    crash.install_window_hook()
    if collecting:  # on at the first turn of an event loop: the window's or the setup's
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, _collect_again)
    try:
        store = Store.open(ns.db)
    except StoreError as exc:
        print(f"parley: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return 2
    try:
        return _show(app, store, ns)
    finally:
        store.close()  # every move is written as it is made; this closes the file cleanly


def _show(app: Any, store: Any, ns: argparse.Namespace) -> int:
    """The window on `store` as `ns` asks, until it closes: its exit code (2 if the session
    asked for cannot be played)."""
    from app.ui.main_window import MainWindow

    scenario = ns.scenario_opt or ns.scenario
    if ns.autoplay and not scenario:
        from app.engine.headless import bundled_scenario

        scenario = str(bundled_scenario())
    # Opened on a scenario, the window shows its session first and reads the other
    # scenarios for the start screen only when that is shown.
    window = MainWindow(store, autoplay=ns.pace if ns.autoplay else None, lazy_start=bool(scenario))
    # a demonstration (--autoplay) is seated from the command line too, so that its --bots,
    # --seed and --preset hold; every party nobody names plays as its scenario's own bot
    if scenario and (ns.seat or ns.start or ns.autoplay):
        wanted = seated_session(ns, scenario)
        if isinstance(wanted, str):
            print(f"parley: error: {wanted}", file=sys.stderr)
            return 2
        if not window.start_seated(**wanted, start=ns.start):
            return 2
        window.show()
    elif scenario:
        window.show()
        window.setup_session(scenario)
    else:
        window.show()
    return app.exec()
