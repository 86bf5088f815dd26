"""Broken scenario documents: `validate.load_text` reports, it never raises.

Every test starts from scenarios/tutorial.yaml (a valid scenario) and breaks
it — by hand, to check the code and line of a specific diagnostic, or at
random with hypothesis, to check that no input makes the loader crash and
that every diagnostic it gives is well-formed. Expected lines are found by
searching the mutated text, never hard-coded, so that the tutorial may change.
"""

from __future__ import annotations

import copy
import io
import re
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from app.diagnostics import Diagnostic
from app.scenario import validate
from app.scenario.validate import Loaded, load_file, load_text

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL_PATH = ROOT / "scenarios" / "tutorial.yaml"
TUTORIAL = TUTORIAL_PATH.read_text(encoding="utf-8")
TUTORIAL_LINES = TUTORIAL.splitlines(keepends=True)
SEVERITIES = {"error", "warning", "info"}


# --- helpers ------------------------------------------------------------------


def assert_sane(text: str, loaded: Loaded, path: str = "<scenario>") -> None:
    """What every result of load_text must satisfy, however broken the input."""
    assert isinstance(loaded, Loaded)
    n_lines = len(text.splitlines())
    for d in loaded.diagnostics:
        assert isinstance(d, Diagnostic)
        assert isinstance(d.line, int) and 1 <= d.line <= n_lines + 1, (d, n_lines)
        assert isinstance(d.col, int) and d.col >= 1, d
        assert d.severity in SEVERITIES, d
        assert isinstance(d.code, str) and d.code.strip(), d
        assert isinstance(d.message, str) and d.message.strip(), d
        assert isinstance(d.hint, str)
        assert d.file == path
        d.format()  # printable
    if loaded.ok:
        assert loaded.scenario is not None
    else:
        assert any(d.severity == "error" for d in loaded.diagnostics), loaded.diagnostics


def load(text: str) -> Loaded:
    loaded = load_text(text)
    assert_sane(text, loaded)
    return loaded


def one(loaded: Loaded, code: str) -> Diagnostic:
    """The first diagnostic with `code`; the document must not be ok."""
    assert not loaded.ok
    found = [d for d in loaded.diagnostics if d.code == code]
    assert found, f"no {code!r} in {[(d.code, d.line, d.message) for d in loaded.diagnostics]}"
    return found[0]


def lines_of(text: str = TUTORIAL) -> list[str]:
    return text.splitlines(keepends=True)


def section(lines: list[str], name: str) -> tuple[int, int]:
    """Line indexes [lo, hi) of a top-level section, its `name:` line included."""
    lo = next(i for i, line in enumerate(lines) if re.match(rf"{name}:\s*(#.*)?$", line))
    hi = next((i for i in range(lo + 1, len(lines)) if re.match(r"[^\s#]", lines[i])), len(lines))
    return lo, hi


def items(lines: list[str], name: str) -> list[tuple[int, int]]:
    """Line indexes [lo, hi) of each `  - ` item of a top-level list section."""
    lo, hi = section(lines, name)
    starts = [i for i in range(lo + 1, hi) if lines[i].startswith("  - ")]
    ends = [*starts[1:], hi]
    return list(zip(starts, ends, strict=True))


def find(lines: list[str], pattern: str, lo: int = 0, hi: int | None = None) -> int:
    hi = len(lines) if hi is None else hi
    for i in range(lo, hi):
        if re.search(pattern, lines[i]):
            return i
    raise AssertionError(f"{pattern!r} not found in lines {lo}-{hi}")


def item_id(lines: list[str], start: int) -> str:
    m = re.match(r"\s*- id:\s*(\w+)", lines[start])
    assert m, lines[start]
    return m.group(1)


def set_key(lines: list[str], lo: int, hi: int, key: str, value: str) -> None:
    """Set `key: value` on the block item [lo, hi) (its keys are at 4 spaces)."""
    for i in range(lo, hi):
        if re.match(rf"    {key}:", lines[i]):
            lines[i] = f"    {key}: {value}\n"
            return
    lines.insert(lo + 1, f"    {key}: {value}\n")


def add_item(lines: list[str], name: str, item: list[str]) -> None:
    """Insert an item as the first of a top-level list section (made if absent)."""
    try:
        lo, _ = section(lines, name)
    except StopIteration:
        lines.extend(["\n", f"{name}:\n"])
        lo = len(lines) - 1
    lines[lo + 1 : lo + 1] = [f"{line}\n" for line in item]


def line_no(text: str, needle: str) -> int:
    """1-based number of the only line of `text` that contains `needle`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def col_in_line(text: str, line: int, needle: str) -> int:
    return text.splitlines()[line - 1].index(needle) + 1


def typo(word: str) -> str:
    """A near miss: the last two letters swapped (or one doubled)."""
    swapped = word[:-2] + word[-1] + word[-2]
    return swapped if swapped != word else word + word[-1]


def first_party() -> str:
    lines = lines_of()
    return item_id(lines, items(lines, "parties")[0][0])


def first_issue() -> str:
    lines = lines_of()
    return item_id(lines, items(lines, "issues")[0][0])


def test_tutorial_is_valid():
    loaded = load(TUTORIAL)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]


# --- (a) the top of the file --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("- a\n- b\n", "a list"),
        ("just some words\n", "a piece of text"),
        ("42\n", "a single value"),
    ],
)
def test_top_level_must_be_a_mapping(text, what):
    d = one(load(text), "top-level")
    assert what in d.message
    assert (d.line, d.col) == (1, 1)
    assert "format: 2" in d.hint


def test_format_missing():
    lines = lines_of()
    del lines[find(lines, r"^format:")]
    d = one(load("".join(lines)), "format-missing")
    assert "format" in d.hint


def test_format_newer_says_update():
    text = re.sub(r"(?m)^format:.*$", "format: 99", TUTORIAL, count=1)
    d = one(load(text), "format-version")
    assert "99" in d.message and "newer" in d.message
    assert "update Parley" in d.message + " " + d.hint
    assert d.line == line_no(text, "format: 99")
    assert d.col == col_in_line(text, d.line, "99")


@pytest.mark.parametrize("value", ['"one"', "one", "1.5", "true", "[1]", "0", "-3"])
def test_format_must_be_a_known_whole_number(value):
    text = re.sub(r"(?m)^format:.*$", f"format: {value}", TUTORIAL, count=1)
    d = one(load(text), "format-version")
    assert d.line == line_no(text, f"format: {value}")


def test_format_one_as_text():
    text = re.sub(r"(?m)^format:.*$", 'format: "one"', TUTORIAL, count=1)
    d = one(load(text), "format-version")
    assert "whole number" in d.message


# --- (d) specific structural errors -------------------------------------------


def test_unknown_key_in_party_did_you_mean():
    lines = lines_of()
    lo, hi = items(lines, "parties")[0]
    i = find(lines, r"^    name:", lo, hi)
    lines[i] = lines[i].replace("name:", "nmae:", 1)
    text = "".join(lines)
    d = one(load(text), "unknown-key")
    assert d.line == line_no(text, "nmae:")
    assert d.col == col_in_line(text, d.line, "nmae")
    assert d.hint == "did you mean `name`?"
    assert "`nmae`" in d.message


def test_unknown_key_far_from_any_lists_the_allowed_keys():
    lines = lines_of()
    lo, _ = items(lines, "parties")[0]
    lines.insert(lo + 1, "    zzzzzz: 1\n")
    text = "".join(lines)
    d = one(load(text), "unknown-key")
    assert d.line == line_no(text, "zzzzzz")
    assert "allowed here:" in d.hint and "name" in d.hint


def test_missing_name_on_issue():
    lines = lines_of()
    lo, hi = items(lines, "issues")[0]
    del lines[find(lines, r"^    name:", lo, hi)]
    text = "".join(lines)
    d = one(load(text), "missing-key")
    assert d.message == "missing `name` in this issue"  # a line, not a data path
    start = items(lines_of(text), "issues")[0][0]
    assert d.line == start + 1  # the issue's first line
    assert d.col == col_in_line(text, d.line, "id:")
    assert "name:" in d.hint


def test_bad_choice_did_you_mean():
    lines = lines_of()
    lo, hi = items(lines, "parties")[0]
    set_key(lines, lo, hi, "kind", "delegate")
    text = "".join(lines)
    d = one(load(text), "bad-choice")
    assert d.line == line_no(text, "kind: delegate")
    assert d.col == col_in_line(text, d.line, "delegate")
    assert d.hint == "did you mean `delegation`?"
    assert "`delegate`" in d.message


def test_bad_choice_far_from_any_lists_the_choices():
    lines = lines_of()
    lo, hi = items(lines, "parties")[0]
    set_key(lines, lo, hi, "kind", "xyzzy")
    d = one(load("".join(lines)), "bad-choice")
    assert "delegation" in d.hint and "mediator" in d.hint


def test_range_reversed_is_bad_value():
    lines = lines_of()
    lo, hi = items(lines, "figures")[-1]
    lines[lo + 1 : hi] = [line for line in lines[lo + 1 : hi] if not line.startswith("    range:")]
    lines.insert(lo + 1, "    range: [100, 0]\n")
    text = "".join(lines)
    d = one(load(text), "bad-value")
    assert "range" in d.message and "low < high" in d.message
    range_line = line_no(text, "range: [100, 0]")
    # The figure (its first line) or the range itself.
    assert d.line in (range_line - 1, range_line)


def test_colour_name_is_bad_format():
    lines = lines_of()
    lo, hi = items(lines, "parties")[1]
    set_key(lines, lo, hi, "colour", "blue")
    text = "".join(lines)
    d = one(load(text), "bad-format")
    assert d.line == line_no(text, "colour: blue")
    assert d.col == col_in_line(text, d.line, "blue")
    assert "`blue`" in d.message


def test_option_value_out_of_range():
    lines = lines_of()
    lo, hi = section(lines, "issues")
    i = find(lines, r"^\s+values: \{\w+: \d+", lo, hi)
    lines[i] = re.sub(r"\{(\w+): \d+", r"{\1: 150", lines[i], count=1)
    text = "".join(lines)
    d = one(load(text), "value-range")
    assert d.line == i + 1 == line_no(text, ": 150")
    assert d.col == col_in_line(text, d.line, "150")
    assert "150" in d.message and "0-100" in d.message


def test_unknown_party_in_required_did_you_mean():
    party = first_party()
    wrong = typo(party)
    lines = lines_of()
    lo, hi = section(lines, "issues")
    i = find(lines, r"^\s+required:", lo, hi)
    indent = lines[i][: len(lines[i]) - len(lines[i].lstrip())]
    lines[i] = f"{indent}required: [{wrong}]\n"
    text = "".join(lines)
    d = one(load(text), "ref-unknown")
    assert d.line == line_no(text, f"required: [{wrong}]")
    assert d.col == col_in_line(text, d.line, wrong)
    assert f"`{wrong}`" in d.message and "party" in d.message
    assert d.hint == f"did you mean `{party}`?"


def test_duplicate_id_across_kinds():
    party = first_party()
    lines = lines_of()
    add_item(
        lines, "assets", [f"  - id: {party}", "    name: Duplicate marker", f"    holder: {party}"]
    )
    text = "".join(lines)
    d = one(load(text), "id-duplicate")
    assert d.line == line_no(text, "Duplicate marker") - 1
    assert d.col == col_in_line(text, d.line, party)
    assert f"`{party}`" in d.message and "party" in d.message
    first = next(n for n, line in enumerate(text.splitlines(), 1) if f"- id: {party}" in line)
    assert d.message.endswith(f"at line {first}")  # a line, not a data path
    note = [n for n in load(text).diagnostics if n.code == "id-duplicate" and n.line == first]
    assert note and note[0].severity == "info" and f"line {d.line}" in note[0].message


@pytest.mark.parametrize("ident", ["round", "Round", "trust", "others", "pressure"])
def test_reserved_id(ident):
    party = first_party()
    lines = lines_of()
    add_item(
        lines, "assets", [f"  - id: {ident}", "    name: Reserved marker", f"    holder: {party}"]
    )
    text = "".join(lines)
    d = one(load(text), "id-reserved")
    assert d.line == line_no(text, "Reserved marker") - 1
    assert f"`{ident}`" in d.message


def test_bad_id_pattern():
    party = first_party()
    lines = lines_of()
    add_item(lines, "assets", ["  - id: 9lives", "    name: Bad id", f"    holder: {party}"])
    text = "".join(lines)
    d = one(load(text), "bad-id")
    assert d.line == line_no(text, "9lives")


def rule_when_line(lines: list[str]) -> int:
    lo, hi = section(lines, "rules")
    return find(lines, r"^\s+when: ", lo, hi)


def with_when(value: str) -> str:
    lines = lines_of()
    i = rule_when_line(lines)
    indent = lines[i][: lines[i].index("when:")]
    lines[i] = f"{indent}when: {value}\n"
    return "".join(lines)


def test_expression_syntax_error_column_in_double_quotes():
    text = with_when('"tension >= 55 and"')
    d = one(load(text), "expr-syntax")
    line = text.splitlines()[d.line - 1]
    assert d.line == line_no(text, '"tension >= 55 and"')
    opening, closing = line.index('"') + 1, line.rindex('"') + 1
    assert opening < d.col < closing  # inside the expression
    assert line[d.col - 1 :].startswith("and")
    assert "too early" in d.message


@pytest.mark.parametrize("value", ["'tension >= 55 and'", "tension >= 55 and"])
def test_expression_syntax_error_column_other_flow_styles(value):
    text = with_when(value)
    d = one(load(text), "expr-syntax")
    line = text.splitlines()[d.line - 1]
    assert d.line == line_no(text, value)
    assert line[d.col - 1 :].startswith("and")


def test_expression_single_equals_column():
    text = with_when('"move.kind = pressure"')
    d = one(load(text), "expr-syntax")
    line = text.splitlines()[d.line - 1]
    assert line[d.col - 1] == "="
    assert "==" in d.hint


def test_expression_name_error_column():
    text = with_when('"move.kind == pressur"')
    d = one(load(text), "expr-name")
    line = text.splitlines()[d.line - 1]
    assert line[d.col - 1 :].startswith("pressur")
    assert d.hint == "did you mean `pressure`?"


def test_expression_error_column_in_block_scalar():
    lines = lines_of()
    i = rule_when_line(lines)
    indent = lines[i][: lines[i].index("when:")]
    lines[i : i + 1] = [f"{indent}when: |\n", f"{indent}  tension >= 55 and\n"]
    text = "".join(lines)
    d = one(load(text), "expr-syntax")
    assert d.line == line_no(text, "  tension >= 55 and")
    line = text.splitlines()[d.line - 1]
    assert line[d.col - 1 :].startswith("and")


@pytest.mark.parametrize(
    ("block", "bad_line", "token"),
    [
        (["", "  tension >= 55 and"], "  tension >= 55 and", "and"),
        (["  tension >= 55", "  and tension = 3"], "  and tension = 3", "="),
        (["  tension >= 55 and", "  tension = 3"], "  tension = 3", "="),
    ],
    ids=["blank-first-line", "error-on-second-line", "error-on-second-line-b"],
)
def test_expression_error_line_in_multiline_block_scalar(block, bad_line, token):
    lines = lines_of()
    i = rule_when_line(lines)
    indent = lines[i][: lines[i].index("when:")]
    lines[i : i + 1] = [f"{indent}when: |\n"] + [f"{indent}{b}\n" if b else "\n" for b in block]
    text = "".join(lines)
    d = one(load(text), "expr-syntax")
    assert d.line == line_no(text, bad_line)
    line = text.splitlines()[d.line - 1]
    assert line[d.col - 1 :].startswith(token)


def test_long_expression_chain_does_not_crash_the_loader():
    text = with_when('"' + "1" + "+1" * 900 + ' > 0"')
    load(text)


def first_rule_add(lines: list[str]) -> tuple[int, re.Match[str]]:
    lo, hi = section(lines, "rules")
    i = find(lines, r"^\s+- add: \{.*\}\s*$", lo, hi)
    m = re.match(r"^(\s+- )add: \{(.*)\}\s*$", lines[i])
    assert m
    return i, m


def test_effect_unknown_figure_at_its_key():
    lines = lines_of()
    i, m = first_rule_add(lines)
    lines[i] = f"{m.group(1)}add: {{{m.group(2)}, nope: 2}}\n"
    text = "".join(lines)
    d = one(load(text), "effect-figure")
    assert d.line == line_no(text, "nope: 2")
    assert d.col == col_in_line(text, d.line, "nope")
    assert "unknown figure `nope`" in d.message


def test_effect_with_two_actions_is_bad_value():
    lines = lines_of()
    i, m = first_rule_add(lines)
    indent = " " * len(m.group(1))
    lines.insert(i + 1, f"{indent}status: {{{first_issue()}: agreed}}\n")
    text = "".join(lines)
    d = one(load(text), "bad-value")
    assert d.line == i + 1
    assert "exactly one" in d.message and "add, status" in d.message
    assert d.col == col_in_line(text, d.line, "add")


def test_narrative_unknown_placeholder():
    lines = lines_of()
    lo, hi = section(lines, "rules")
    i = find(lines, r"^\s+narrative: ", lo, hi)
    indent = lines[i][: lines[i].index("narrative:")]
    lines[i] = f'{indent}narrative: "Someone met {{nobody}} at the quays."\n'
    text = "".join(lines)
    d = one(load(text), "narrative")
    assert d.line == line_no(text, "{nobody}")
    assert "{nobody}" in d.message


@pytest.mark.parametrize("narrative", ["An open {brace", "An empty {} slot", "A stray } brace"])
def test_narrative_broken_placeholders(narrative):
    lines = lines_of()
    lo, hi = section(lines, "rules")
    i = find(lines, r"^\s+narrative: ", lo, hi)
    indent = lines[i][: lines[i].index("narrative:")]
    lines[i] = f'{indent}narrative: "{narrative}"\n'
    text = "".join(lines)
    loaded = load(text)
    d = one(loaded, "narrative")
    assert d.line == line_no(text, narrative)


def test_wrong_type_reports_its_line():
    lines = lines_of()
    lo, hi = items(lines, "issues")[0]
    set_key(lines, lo, hi, "rounds", "many")
    text = "".join(lines)
    d = one(load(text), "bad-type")
    assert d.line == line_no(text, "rounds: many")
    assert "without quotes" in d.hint


def test_several_problems_are_all_reported():
    lines = lines_of()
    plo, phi = items(lines, "parties")[0]
    set_key(lines, plo, phi, "colour", "blue")
    ilo, ihi = items(lines, "issues")[0]
    set_key(lines, ilo, ihi, "rounds", "many")
    loaded = load("".join(lines))
    assert {"bad-format", "bad-type"} <= {d.code for d in loaded.diagnostics}


# --- files --------------------------------------------------------------------


def test_load_file_of_the_tutorial():
    loaded = load_file(TUTORIAL_PATH)
    assert loaded.ok and loaded.text == TUTORIAL


def test_load_file_problems_are_diagnostics(tmp_path: Path):
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\x00" * 10)
    latin = tmp_path / "l.yaml"
    latin.write_bytes(b"format: 1\nname: Z\xfcrich\n")
    for path, code in [
        (tmp_path / "missing.yaml", "file-unreadable"),
        (tmp_path, "file-unreadable"),
        (binary, "file-binary"),
        (latin, "file-encoding"),
    ]:
        loaded = load_file(path)
        assert not loaded.ok
        assert [d.code for d in loaded.diagnostics] == [code]
        assert loaded.diagnostics[0].file == str(path)
    assert load_file(latin).diagnostics[0].line == 2


def test_load_ok_raises_value_error_with_the_report():
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bad.yaml"
        path.write_text("- a\n", encoding="utf-8")
        with pytest.raises(ValueError, match="top-level"):
            validate.load_ok(path)


# --- (b) random mutations of the tutorial -------------------------------------

YAML_CHARS = ":-[]{}#&*!|>'\"%@`,? \t\n"
inserted = st.one_of(
    st.text(min_size=1, max_size=8), st.text(alphabet=YAML_CHARS + "ab1", min_size=1, max_size=8)
)


@st.composite
def text_mutations(draw: Any) -> str:
    lines = list(TUTORIAL_LINES)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(
            st.sampled_from(["delete", "duplicate", "insert", "swap", "truncate", "indent"])
        )
        if not lines:
            break
        i = draw(st.integers(0, len(lines) - 1))
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif kind == "indent":
            shift = draw(st.sampled_from([-4, -2, -1, 1, 2, 4, "tab"]))
            if shift == "tab":
                lines[i] = "\t" + lines[i]
            elif shift > 0:
                lines[i] = " " * shift + lines[i]
            else:
                stripped = lines[i].lstrip(" ")
                keep = max(0, len(lines[i]) - len(stripped) + shift)
                lines[i] = " " * keep + stripped
        else:
            text = "".join(lines)
            at = draw(st.integers(0, len(text)))
            if kind == "insert":
                text = text[:at] + draw(inserted) + text[at:]
            else:
                text = text[:at]
            lines = text.splitlines(keepends=True)
    return "".join(lines)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=text_mutations())
def test_text_mutations_never_raise(text):
    load(text)


def _rt() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096
    return yaml


TUTORIAL_DATA = _rt().load(TUTORIAL)


def _slots(node: Any, out: list[tuple[Any, Any]]) -> list[tuple[Any, Any]]:
    """Every (container, key-or-index) in the round-trip data."""
    if isinstance(node, CommentedMap):
        for key in node:
            out.append((node, key))
            _slots(node[key], out)
    elif isinstance(node, CommentedSeq):
        for i in range(len(node)):
            out.append((node, i))
            _slots(node[i], out)
    return out


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=True, width=32),
    st.text(max_size=12),
    st.sampled_from(
        [
            "",
            "aldmere",
            "harbour",
            "trust.aldmere>brevia",
            "support.x >= 4 and",
            "{mover}",
            "#2E86AB",
            "delegation",
            "-1",
            "101",
            "0x10",
            "no",
            "1e400",
        ]
    ),
)
random_values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(min_size=1, max_size=8), inner, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def data_mutations(draw: Any) -> str:
    data = copy.deepcopy(TUTORIAL_DATA)
    for _ in range(draw(st.integers(1, 2))):
        slots = _slots(data, [])
        if not slots:
            break
        container, key = draw(st.sampled_from(slots))
        if draw(st.integers(0, 3)) == 0:
            del container[key]  # a missing key or list item
        else:
            container[key] = draw(random_values)
    out = io.StringIO()
    try:
        _rt().dump(data, out)
    except Exception:  # noqa: BLE001 - ruamel cannot write every random value; not under test
        assume(False)
    return out.getvalue()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=data_mutations())
def test_data_mutations_never_raise(text):
    load(text)


# --- (c) random input ---------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(),
        st.binary().map(lambda b: b.decode("utf-8", errors="replace")),
        st.text(alphabet=YAML_CHARS + "abcformat019\r", max_size=80),
    )
)
def test_random_text_never_raises(text):
    load(text)


@settings(max_examples=100, deadline=None)
@given(raw=st.binary(max_size=300))
def test_random_file_bytes_never_raise(raw):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "random.yaml"
        path.write_bytes(raw)
        loaded = load_file(path)
    text = loaded.text or raw.decode("utf-8", errors="replace")
    assert_sane(text, loaded, str(path))
