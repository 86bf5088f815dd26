"""Finite numbers only: NaN and infinity in a scenario are refused where they are written,
and so is a number literal too large to mean anything (1,500 nines is infinite as a float)."""

from __future__ import annotations

from conftest import line_of

from app.scenario.validate import load_text


def test_nan_and_infinity_in_the_data_are_refused_at_their_line(tutorial_text: str) -> None:
    for bad in (".nan", ".inf", "-.inf"):
        text = tutorial_text.replace("    start: 30\n", f"    start: {bad}\n", 1)
        loaded = load_text(text)
        assert not loaded.ok
        found = [d for d in loaded.diagnostics if d.line == line_of(text, f"start: {bad}")]
        assert found and "finite" in found[0].message, [d.format() for d in loaded.diagnostics]


def test_a_huge_number_in_a_condition_is_refused(tutorial_text: str) -> None:
    text = tutorial_text.replace(
        'when: "move.kind == pressure"',
        'when: "move.kind == pressure and tension < ' + "9" * 1500 + '"',
        1,
    )
    loaded = load_text(text)
    assert not loaded.ok
    assert any("too large" in d.message for d in loaded.diagnostics)
