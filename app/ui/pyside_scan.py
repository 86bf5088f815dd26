"""A quicker answer to the question PySide6 asks of every module imported after it.

Once imported, PySide6 checks each later import for its `__feature__` switches
(`from __feature__ import snake_case`) by reading the module's source through
`inspect.getsource` and looking for "PySide6" in it. That costs about 0.16 ms a module,
some 45 ms over the 280 modules the window imports after Qt (pyqtgraph's and Parley's).
`use_quick_scan()` gives PySide6 the same answer by reading the file's bytes: the
same source, the same test, without `inspect`'s line cache and tokenizer.

Modules without a `.py` file (a bundle's, built-in ones) still get PySide6's own
check. Nothing changes if a PySide6 release drops the function or asks something else
(its code no longer reads the source with `getsource` and looks for "PySide6").
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

_FEATURE = "shibokensupport.feature"  # where PySide6 6.4 to 6.11 keep the check


def use_quick_scan() -> bool:
    """Swap PySide6's source check for the quick one; False if PySide6 has none to swap
    (not imported yet, or a release whose check is not the one this answers for)."""
    feature = sys.modules.get(_FEATURE)
    own = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(own):
        return False
    if getattr(own, "quick", False):
        return True
    code = getattr(own, "__code__", None)
    if code is None or "getsource" not in code.co_names or "PySide6" not in code.co_consts:
        return False
    feature._mod_uses_pyside = _quick(own)  # type: ignore[attr-defined]
    return True


def _quick(own: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return own(module)

    uses_pyside.quick = True  # type: ignore[attr-defined]
    uses_pyside.own = own  # type: ignore[attr-defined]
    return uses_pyside
