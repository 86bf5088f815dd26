"""Everything `validate` and `lint` say about a scenario text, in line order.

One call for whatever shows findings as the author types (the editor) or in
one go: the structural and reference checks, then, when those pass, the lint.
"""

from __future__ import annotations

from app.diagnostics import Diagnostic, sort_key
from app.scenario.lint import lint
from app.scenario.validate import Loaded, load_text


def check_text(text: str, path: str = "<scenario>") -> tuple[Loaded, list[Diagnostic]]:
    """The loaded scenario (a model only if valid) and every finding, sorted by line."""
    loaded = load_text(text, path)
    found = list(loaded.diagnostics)
    if loaded.ok:
        found += lint(loaded)
    return loaded, sorted(found, key=sort_key)
