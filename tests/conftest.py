"""Shared fixtures: the bundled scenarios and a way to edit them for a test."""

from __future__ import annotations

import atexit
import io
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

# Qt tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# The scenarios a test run caches (app.scenario.cache) are its own, never the user's.
_CACHE_HOME = tempfile.mkdtemp(prefix="parley-test-cache-")
os.environ["XDG_CACHE_HOME"] = _CACHE_HOME
atexit.register(shutil.rmtree, _CACHE_HOME, ignore_errors=True)

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
TUTORIAL = SCENARIOS / "tutorial.yaml"


def run_cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """`parley ARGS` in a new process (`python -m app`), whatever its exit code."""
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def edit_yaml(text: str, change: Callable[[Any], None]) -> str:
    """Apply `change` to the round-trip data of `text` and dump it back (comments kept)."""
    yaml = YAML(typ="rt")
    yaml.width = 4096
    data = yaml.load(text)
    change(data)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def line_of(text: str, needle: str, start: int = 1) -> int:
    """1-based number of the first line at or after `start` that contains `needle`."""
    for n, line in enumerate(text.splitlines(), 1):
        if n >= start and needle in line:
            return n
    raise AssertionError(f"{needle!r} not in the text")


@pytest.fixture(scope="session")
def tutorial_text() -> str:
    return TUTORIAL.read_text(encoding="utf-8")


@pytest.fixture
def edited(tutorial_text: str) -> Callable[[Callable[[Any], None]], str]:
    return lambda change: edit_yaml(tutorial_text, change)


def compiled_from(change: Callable[[Any], None]) -> Any:
    """The tutorial, edited by `change`, validated and compiled for play."""
    from app.engine.compiled import compile_scenario
    from app.scenario.validate import load_text

    loaded = load_text(edit_yaml(TUTORIAL.read_text(encoding="utf-8"), change))
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return compile_scenario(loaded.scenario)


def finish(session: Any) -> None:
    """Take the facilitator's steps until the session ends; missing moves time out."""
    from app.engine.headless import _Bare, drive

    drive(_Bare(session), [])
