"""Regression test for a PySide6 defect measured on this project's machines.

PySide6 6.12.0 on CPython 3.11 drops a reference to `None` on every call of a
void-returning Qt method; after a few thousand calls CPython aborts with
"Fatal Python error: none_dealloc". `pyproject.toml` pins PySide6 below 6.12
for Python 3.11; these tests fail if that pin is lost or the defect returns.
"""

import sys
from importlib.metadata import version

from PySide6 import QtCore


def test_void_qt_calls_do_not_leak_references_to_none() -> None:
    obj = QtCore.QObject()
    before = sys.getrefcount(None)
    for _ in range(2_000):
        obj.setObjectName("probe")  # returns None: the call that lost a reference
    after = sys.getrefcount(None)
    # Other threads may hold or drop a few references meanwhile; the defect loses 2,000.
    assert after >= before - 50, f"None lost {before - after} references in 2,000 Qt calls"


def test_defective_pyside_is_not_installed_on_python_311() -> None:
    installed = tuple(int(p) for p in version("PySide6_Essentials").split(".")[:2])
    if sys.version_info < (3, 12):
        assert installed < (6, 12), f"PySide6 {installed} aborts on Python 3.11; see pyproject"
