"""Writing one value back into a scenario's text keeps everything else as written."""

from __future__ import annotations

import difflib

import pytest
from conftest import TUTORIAL, line_of

from app.scenario.textpatch import PatchError, scalar_text, set_value, toggle_in_list
from app.scenario.validate import load_text

TEXT = TUTORIAL.read_text(encoding="utf-8")
HARBOUR = ("issues", 0, "options")


def changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [d for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---"))]


def test_a_value_in_a_flow_mapping_changes_in_place():
    after = set_value(TEXT, (*HARBOUR, 0, "values", "aldmere"), 77)
    assert changed_lines(TEXT, after) == [
        "-        values: {aldmere: 90, brevia: 15, council: 40}",
        "+        values: {aldmere: 77, brevia: 15, council: 40}",
    ]
    assert load_text(after).ok


def test_a_missing_party_is_added_inside_the_braces():
    text = TEXT.replace("{aldmere: 90, brevia: 15, council: 40}", "{aldmere: 90, brevia: 15}")
    after = set_value(text, (*HARBOUR, 0, "values", "council"), 40)
    assert after == TEXT


def test_a_block_value_keeps_its_comment():
    text = "a:\n  c: 1  # why one\n  d: 'x'\n"
    assert set_value(text, ("a", "c"), 2.5) == "a:\n  c: 2.5  # why one\n  d: 'x'\n"
    assert set_value(text, ("a", "d"), 'say "hi"') == 'a:\n  c: 1  # why one\n  d: "say \\"hi\\""\n'


def test_a_missing_key_lines_up_with_its_siblings_after_nested_blocks():
    text = TEXT.replace("        durability: 75\n", "", 1)
    after = set_value(text, (*HARBOUR, 1, "durability"), 75)
    assert changed_lines(text, after) == ["+        durability: 75"]
    lines = after.splitlines()
    at = lines.index("        durability: 75")
    assert lines[at + 1].startswith("      - id: ")  # last in its option, before the next one
    data = load_text(after).doc.data  # type: ignore[union-attr]
    assert data["issues"][0]["options"][1]["durability"] == 75


def test_a_missing_mapping_is_added_as_flow():
    text = "issues:\n  - id: i\n    name: I\n    options:\n      - id: o\n        name: O\n"
    after = set_value(text, ("issues", 0, "options", 0, "values", "a"), 60)
    assert after == text + "        values: {a: 60}\n"


def test_red_lines_toggle_in_a_flow_list_and_a_block_list():
    path = (*HARBOUR, 0, "red_lines")
    added = toggle_in_list(TEXT, path, "council", True)
    assert changed_lines(TEXT, added)[1] == "+        red_lines: [brevia, council]"
    assert toggle_in_list(added, path, "council", False) == TEXT
    assert toggle_in_list(TEXT, path, "brevia", True) == TEXT  # already there
    block = "a:\n  ids:\n    - x\n    - y\n  c: 1\n"
    assert (
        toggle_in_list(block, ("a", "ids"), "z", True)
        == "a:\n  ids:\n    - x\n    - y\n    - z\n  c: 1\n"
    )
    assert toggle_in_list(block, ("a", "ids"), "x", False) == "a:\n  ids:\n    - y\n  c: 1\n"
    emptied = toggle_in_list(
        toggle_in_list(block, ("a", "ids"), "x", False), ("a", "ids"), "y", False
    )
    assert emptied == "a:\n  ids: []\n  c: 1\n"


def test_a_missing_red_line_list_is_added():
    path = (*HARBOUR, 1, "red_lines")
    after = toggle_in_list(TEXT, path, "brevia", True)
    assert load_text(after).doc.data["issues"][0]["options"][1]["red_lines"] == ["brevia"]  # type: ignore[union-attr]
    assert len(changed_lines(TEXT, after)) == 1


def test_comments_and_order_survive_many_edits():
    text = TEXT
    for k, value in enumerate((11, 22, 33)):
        text = set_value(text, (*HARBOUR, k, "values", "brevia"), value)
    comments = [line for line in TEXT.splitlines() if line.lstrip().startswith("#")]
    assert [line for line in text.splitlines() if line.lstrip().startswith("#")] == comments
    assert len(changed_lines(TEXT, text)) == 6
    assert line_of(text, "{aldmere: 90, brevia: 11") == line_of(TEXT, "{aldmere: 90, brevia: 15")


def test_broken_yaml_is_refused():
    with pytest.raises(PatchError, match="line 2"):
        set_value("a: 1\n\tb: 2\n", ("a",), 3)
    with pytest.raises(PatchError):
        set_value("a: [1, 2]\n", ("a", 5), 3)  # a form adds keys, not list items
    assert set_value("a: [1, 2]\n", ("a", 0), 3) == "a: [3, 2]\n"


def test_scalar_text():
    assert [scalar_text(v) for v in (60, 0.3, 60.0, True, "x")] == [
        "60",
        "0.3",
        "60",
        "true",
        '"x"',
    ]
