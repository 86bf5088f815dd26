"""Commands import only what they need: no database, plotting or Qt for the commands that
touch no database and open no window (sqlite-utils pulls numpy: a fifth of a second of
every start)."""

from __future__ import annotations

import subprocess
import sys

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
    out = subprocess.run(
        [sys.executable, "-c", CODE, *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[-1] == "HEAVY:"


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
