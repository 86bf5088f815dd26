"""Start the desktop application: `parley`, `parley SCENARIO`, `parley --autoplay`."""

from __future__ import annotations

import argparse
import importlib
import sys

from app import crash
from app.resources import asset


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="parley", description="Open the Parley window.")
    p.add_argument("scenario", nargs="?", metavar="SCENARIO", help="open this scenario's setup")
    p.add_argument("--scenario", dest="scenario_opt", metavar="SCENARIO")
    p.add_argument("--db", metavar="PATH", help="the sessions database")
    p.add_argument("--autoplay", action="store_true",
                   help="bots play every delegation (a projector demonstration)")
    p.add_argument("--pace", type=float, default=2.0, metavar="SECONDS",
                   help="with --autoplay: seconds between the facilitator's steps")
    return p


def run(argv: list[str]) -> int:
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

    from app.store.database import StoreError
    from app.store.sessions import Store

    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        QGuiApplication.highDpiScaleFactorRoundingPolicy().PassThrough)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    crash.release_display_probe()  # Qt has its own connection to the display now
    app.setOrganizationName("Parley")
    app.setApplicationName("Parley")
    app.setApplicationDisplayName("Parley")
    app.setStyle("Fusion")  # follows the system's light or dark colour scheme
    app.setWindowIcon(QIcon(str(asset("parley.svg"))))
    app.setDesktopFileName("parley")  # matches packaging/parley.desktop (Wayland, taskbars)
    crash.install_window_hook()
    try:
        store = Store.open(ns.db)
    except StoreError as exc:
        print(f"parley: error: {exc.message}\n    hint: {exc.hint}", file=sys.stderr)
        return 2
    from app.ui.main_window import MainWindow

    window = MainWindow(store, autoplay=ns.pace if ns.autoplay else None)
    window.show()
    scenario = ns.scenario_opt or ns.scenario
    if ns.autoplay and not scenario:
        from app.engine.headless import bundled_scenario

        scenario = str(bundled_scenario())
    if scenario:
        window.setup_session(scenario)
    return app.exec()
