"""The engine is pure Python: it imports neither Qt, pyqtgraph nor storage."""

import subprocess
import sys

from conftest import ROOT

# every engine module, found on disk, so a new one is checked without being listed
MODULES = sorted(p.stem for p in (ROOT / "app" / "engine").glob("*.py") if p.stem != "__init__")


def test_engine_and_scenario_import_without_qt_or_storage() -> None:
    code = (
        "import sys\n"
        + "".join(f"import app.engine.{m}\n" for m in MODULES)
        + (
            "import app.scenario.lint, app.cli\n"
            "bad = [m for m in sys.modules if m.split('.')[0] in "
            "('PySide6', 'pyqtgraph', 'sqlite_utils', 'sqlite3', 'shiboken6')]\n"
            "print(','.join(bad))\n"
        )
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=300
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""


def test_the_engine_has_modules_to_check() -> None:
    assert {"session", "state", "adjudicator", "visibility", "commands"} <= set(MODULES)


def test_the_store_imports_no_qt() -> None:
    code = (
        "import sys\nimport app.store.database, app.store.sessions, app.store.saved, "
        "app.store.exchange\nprint(','.join(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'pyqtgraph', 'shiboken6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == ""
