"""The quick check Parley gives PySide6 for each import answers as PySide6's own does."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pyqtgraph
import pyqtgraph.graphicsItems.PlotDataItem
import PySide6.QtCore
import pytest

import app.engine.session
import app.ui.plots
from app.ui import pyside_scan

FEATURE = sys.modules[pyside_scan._FEATURE]


def own_check() -> Any:
    check = FEATURE._mod_uses_pyside
    return getattr(check, "own", check)


def test_the_quick_check_answers_as_pysides_own(tmp_path: Path) -> None:
    own = own_check()
    quick = pyside_scan._quick(own)
    written = tmp_path / "uses_qt.py"
    written.write_text('"""Imports PySide6 lazily."""\n', encoding="utf-8")
    gone = ModuleType("gone")
    gone.__file__ = str(tmp_path / "gone.py")  # no such file any more
    mods = [
        app.ui.plots,
        app.engine.session,
        pyqtgraph,
        pyqtgraph.graphicsItems.PlotDataItem,
        PySide6.QtCore,
        json,
        math,
        sys,
        gone,
    ]
    spec = ModuleType("uses_qt")
    spec.__file__ = str(written)
    mods.append(spec)
    answers = [(m.__name__, quick(m)) for m in mods]
    assert answers == [(m.__name__, own(m)) for m in mods]
    assert {a for _, a in answers} == {True, False}  # the check tells the two apart


def test_the_swap_happens_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FEATURE, "_mod_uses_pyside", own_check())
    assert pyside_scan.use_quick_scan()
    swapped = FEATURE._mod_uses_pyside
    assert swapped.quick and swapped.own is own_check()
    assert pyside_scan.use_quick_scan()
    assert FEATURE._mod_uses_pyside is swapped


def test_no_swap_without_pysides_check(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(FEATURE, "_mod_uses_pyside")
    assert not pyside_scan.use_quick_scan()


def test_no_swap_of_a_check_that_asks_something_else(monkeypatch: pytest.MonkeyPatch) -> None:
    def other(module: ModuleType) -> bool:  # a later release's check, say
        return "snake_case" in getattr(module, "__doc__", "")

    monkeypatch.setattr(FEATURE, "_mod_uses_pyside", other)
    assert not pyside_scan.use_quick_scan()
    assert FEATURE._mod_uses_pyside is other
