"""Commands import only what they need: no database, plotting or Qt for the commands that
touch no database and open no window (sqlite-utils pulls numpy: a fifth of a second of
every start)."""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

import pytest
from conftest import ROOT, TUTORIAL

HEAVY = ("sqlite_utils", "numpy", "pyqtgraph", "PySide6")

CODE = """
import sys
from app.cli import main
code = main(sys.argv[1:])
heavy = sorted({m.split('.')[0] for m in sys.modules} & set(%r))
print("HEAVY:" + ",".join(heavy))
raise SystemExit(code)
""" % (HEAVY,)  # noqa: UP031


def python(code: str, *args: str, env: dict[str, str] | None = None) -> list[str]:
    """The lines `code` prints, run with `args` in a new Python process that must exit 0."""
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    return out.stdout.splitlines()


@pytest.mark.parametrize(
    "args",
    [
        ["--version"],
        ["validate", str(TUTORIAL)],
        ["lint", str(TUTORIAL)],
        ["schema"],
        ["scenarios", "--json"],
        ["simulate", str(TUTORIAL), "--runs", "2", "--workers", "1"],
    ],
)
def test_light_commands_import_no_database_plots_or_qt(args: list[str]) -> None:
    assert python(CODE, *args)[-1] == "HEAVY:"


def test_the_store_error_is_one_class_wherever_it_is_imported() -> None:
    from app.store.database import StoreError as FromDatabase
    from app.store.errors import StoreError

    assert FromDatabase is StoreError
    err = StoreError("x.db: locked", "close the other window", "store-locked")
    assert (err.message, err.hint, err.code) == (
        "x.db: locked",
        "close the other window",
        "store-locked",
    )


def test_version_imports_no_third_party_package() -> None:
    """`parley --version` answers from the standard library and Parley alone."""
    code = """
import sys
from app.cli import main
try:
    main(["--version"])
except SystemExit:
    pass
print("MODULES:" + ",".join(sorted({m.split('.')[0] for m in sys.modules})))
"""
    mods = set(python(code)[-1].removeprefix("MODULES:").split(","))
    for name in (*HEAVY, "pydantic", "pydantic_core", "ruamel", "lark", "platformdirs", "sqlite3"):
        assert name not in mods, f"--version imports {name}"


# The window as `parley ARGS` opens it (app.cli.main): the harness only hooks the call
# run() makes once its QApplication exists, to look around once the window is up.
WINDOW = """
import gc, sys
from app import crash
from app.cli import main
install = crash.install_window_hook
def hooked():
    install()
    print("GC WHILE BUILDING:", gc.isenabled())
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    def done():
        print("MODULES:" + ",".join(sys.modules))  # in the order they were imported
        QTimer.singleShot(0, after)
    def after():
        old, young = len(gc.get_objects(2)), len(gc.get_objects(0)) + len(gc.get_objects(1))
        print("GC ONCE SHOWN:", gc.isenabled(), "start-up is old:", old > 20 * young)
        QApplication.quit()
    QTimer.singleShot(0, done)
crash.install_window_hook = hooked
code = main(sys.argv[1:])
print("GC AFTER:", gc.isenabled())
raise SystemExit(code)
"""


def open_window(args: list[str], env: dict[str, str]) -> tuple[list[str], list[str]]:
    """(the modules imported, in order, once the window is up; the GC lines printed)"""
    lines = python(WINDOW, *args, env=env)
    line = [s for s in lines if s.startswith("MODULES:")][-1]
    return line.removeprefix("MODULES:").split(","), [s for s in lines if s.startswith("GC ")]


def window_modules(args: list[str], env: dict[str, str]) -> set[str]:
    return set(open_window(args, env)[0])


@pytest.fixture
def window_env(tmp_path: Any) -> dict[str, str]:
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_CACHE_HOME=str(tmp_path / "cache"),
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
        XDG_STATE_HOME=str(tmp_path / "state"),
    )


def test_the_start_screen_builds_no_plot(window_env: dict[str, str], tmp_path: Any) -> None:
    mods = window_modules(["--db", str(tmp_path / "s.db")], window_env)
    assert "pyqtgraph" not in mods and "app.ui.main_window" in mods


def test_a_window_on_a_scenario_checked_before_reads_no_yaml_and_parses_no_expression(
    window_env: dict[str, str], tmp_path: Any
) -> None:
    """The second time a scenario is opened it comes from the cache: no YAML reader, no
    expression parser, no validator built before the window is shown; the plot is there
    (its Trust tab; the others are built when first shown, and nothing is exported)."""
    args = [str(TUTORIAL), "--autoplay", "--pace", "3600", "--db", str(tmp_path / "s.db")]
    first = window_modules(args, window_env)
    assert "ruamel" in {m.split(".")[0] for m in first}  # checked in full, then cached
    again = window_modules(args, window_env)
    top = {m.split(".")[0] for m in again}
    assert "pyqtgraph" in top and "app.ui.plots" in again
    for name in ("ruamel", "lark"):
        assert name not in top, f"a cached scenario's window imports {name}"
    for name in ("pydantic.plugin._loader", "pyqtgraph.exporters", "importlib.metadata"):
        assert name not in again, f"a cached scenario's window imports {name}"


def test_autoplay_seats_from_the_command_line(window_env: dict[str, str], tmp_path: Any) -> None:
    """`parley SCENARIO --autoplay --seed N --bots P=POLICY` plays that seed with that bot;
    every other party plays as its scenario's own bot (seat `bot`)."""
    from app.store.sessions import Store

    db = tmp_path / "s.db"
    args = [str(TUTORIAL), "--autoplay", "--pace", "3600", "--seed", "77"]
    window_modules([*args, "--bots", "brevia=hardliner", "--db", str(db)], window_env)
    store = Store.open(db)
    [row] = store.list()
    saved = store.get(row["id"])
    assert saved["seed"] == 77
    assert saved["seating"] == {"aldmere": "bot", "brevia": "bot:hardliner", "council": "bot"}


def test_the_window_imports_the_engine_before_qt_and_collects_once_shown(
    window_env: dict[str, str], tmp_path: Any
) -> None:
    """Start-up: pydantic, sqlite-utils and the engine come before PySide6, which would
    check each later import's source; PySide6's check of the imports after it is the
    quick one; Python's cycle collector is off while the window is built and on again
    once it is shown, with what start-up made in its oldest generation (so that the next
    young collection does not walk it all), and after the window has closed."""
    args = [str(TUTORIAL), "--autoplay", "--pace", "3600", "--db", str(tmp_path / "s.db")]
    order, gc_lines = open_window(args, window_env)
    first = {name: order.index(name) for name in order}
    for name in ("pydantic", "sqlite_utils", "app.engine.session", "app.store.saved"):
        assert first[name] < first["PySide6"], f"{name} is imported after PySide6"
    assert first["PySide6"] < first["app.ui.pyside_scan"] < first["pyqtgraph"]
    assert gc_lines == [
        "GC WHILE BUILDING: False",
        "GC ONCE SHOWN: True start-up is old: True",
        "GC AFTER: True",
    ]


def test_the_command_leaves_its_memory_to_the_system_only_as_a_process() -> None:
    """`parley ...` (main() on the process's own arguments) freezes what it made at exit,
    so that Python's last collection does not walk it; main(argv) called from code (tests,
    the bench) leaves the collector as it was."""
    code = """
import atexit, gc, sys
from app.cli import main
main(["validate", sys.argv[1]])
atexit.register(lambda: print("AT EXIT:", gc.get_freeze_count() > 1000, gc.isenabled()))
print("CALLED:", gc.get_freeze_count())
sys.argv[1:] = ["validate", sys.argv[1]]
main()
print("RETURNED:", gc.get_freeze_count())
"""
    assert python(code, str(TUTORIAL))[-3:] == ["CALLED: 0", "RETURNED: 0", "AT EXIT: True True"]


def test_commands_leave_the_database_file_whole(tmp_path: Any) -> None:
    """Every command closes the databases it opened before the process ends (its heap is
    frozen at exit, so nothing else would): no -wal or -shm file is left beside the
    database, and the file alone holds the sessions."""
    db, copy = tmp_path / "s.db", tmp_path / "copy.db"
    code = """
import sys
from app.cli import main
sys.argv[1:] = sys.argv[2:]
raise SystemExit(main())
"""

    def parley(*args: str) -> str:
        out = python(code, "--", *args)
        left = [p.name for p in tmp_path.iterdir() if p.name.endswith(("-wal", "-shm"))]
        assert not left, args
        return "\n".join(out)

    parley("play", str(TUTORIAL), "--seed", "3", "--db", str(db))
    sid = parley("sessions", "--json", "--db", str(db)).split('"id": "')[1].split('"')[0]
    exported = tmp_path / "s.json"
    parley("export", sid, "--format", "json", "--out", str(exported), "--db", str(db))
    parley("import", str(exported), "--db", str(tmp_path / "other.db"))
    parley("report", sid, "--format", "json", "--out", str(tmp_path / "r.json"), "--db", str(db))
    copy.write_bytes(db.read_bytes())  # the file alone, as a facilitator would copy it
    from app.store.sessions import Store

    store = Store.open(copy, create=False)
    assert [row["id"] for row in store.list()] == [sid]
    store.close()
