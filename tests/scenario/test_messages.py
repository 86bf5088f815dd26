"""Messages for people: the mistakes authors really make, each with its line and plain words.

The corpus is the slips that non-programmers make in YAML by hand (tabs, a
missing space after a colon, an unclosed quote, a line out of step with its
neighbours, a second `: ` in a value, a value starting with a character YAML
reserves, a stray bracket), then the checks after YAML: a missing `format`
line reported with the rest, duplicate ids naming both lines, ranges with
their unit, and a value emptied by an unquoted `#`.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.scenario.model import FORMAT_VERSION
from app.scenario.validate import Loaded, load_file, load_text
from app.scenario.yamldoc import YamlProblem, parse

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = (ROOT / "scenarios" / "tutorial.yaml").read_text(encoding="utf-8")

# Words of the YAML reader that mean nothing to an author.
JARGON = (
    "did not find expected",
    "mapping values are not allowed",
    "could not find expected",
    "while scanning",
    "while parsing",
    "cannot start any token",
    "simple key",
    "block end",
    "scalar",
    "YAML syntax:",
)


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    err = info.value
    for word in JARGON:
        assert word not in err.message and word not in err.hint, (word, err.message, err.hint)
    assert err.hint, "every syntax error says how to fix it"
    return err


PARTY = "parties:\n  - id: north\n    name: North\n    kind: delegation\n"

# (name, text, line, col, the message, a piece of the hint)
CORPUS = [
    (
        "tab indentation",
        PARTY + "\tcolour: '#2E86AB'\n",
        5,
        1,
        "line 5 is indented with a tab: YAML indents with spaces only",
        "replace the tab with spaces",
    ),
    (
        "tab among spaces",
        "scenario:\n  id: x\n\ttitle: T\n",
        3,
        1,
        "line 3 is indented with a tab: YAML indents with spaces only",
        "replace the tab with spaces",
    ),
    (
        "no space after a colon",
        "scenario:\n  id: x\n  title:Harbour talks\n  version: '1'\n",
        3,
        8,
        "line 3: no space after the colon in `title:Harbour talks`",
        "write `title: Harbour talks`",
    ),
    (
        "no space after a colon, quoted value",
        'scenario:\n  id: x\n  title:"Talks"\n  a: 1\n',
        3,
        8,
        'line 3: no space after the colon in `title:"Talks"`',
        'write `title: "Talks"`',
    ),
    (
        "no space after a colon in a flow mapping",
        "timing:\n  presets:\n    - id: p\n      phases:\n        - {kind:rounds, minutes: 5}\n",
        5,
        16,
        "line 5: no space after the colon in `kind:rounds`",
        "write `kind: rounds`",
    ),
    (
        "unclosed double quote",
        PARTY + '    role: "Holds the cranes\n    short: N\n',
        5,
        11,
        'the double quote (`"`) opened on line 5 is never closed',
        'write `\\"`',
    ),
    (
        "unclosed single quote",
        PARTY + "    role: 'Holds the cranes\n    short: N\n",
        5,
        11,
        "the single quote (`'`) opened on line 5 is never closed",
        "two single quotes",
    ),
    (
        "list item one space too deep",
        PARTY + "   - id: south\n    name: South\n",
        5,
        4,
        "line 5 is indented 3 spaces, which lines up with none of the lines it could belong to",
        "line it up with `- id: north` on line 2 (2 spaces)",
    ),
    (
        "list item one space too shallow",
        PARTY + " - id: south\n",
        5,
        2,
        "line 5 is indented 1 space, which lines up with none of the lines it could belong to",
        "line it up with `- id: north` on line 2 (2 spaces)",
    ),
    (
        "key one space too deep",
        PARTY + "     short: N\n",
        5,
        6,
        "line 5 is indented 5 spaces, deeper than line 4 (4 spaces), so YAML reads it as part "
        "of the value of `kind`",
        "line it up with `kind:` on line 4 (4 spaces)",
    ),
    (
        "key one space too shallow",
        "scenario:\n  id: x\n title: T\n",
        3,
        2,
        "line 3 is indented 1 space, which lines up with none of the lines it could belong to",
        "line it up with `id:` on line 2 (2 spaces)",
    ),
    (
        "key at the column of a list",
        "issues:\n  - id: harbour\n    name: H\n  rounds: 3\n",
        4,
        3,
        "line 4 is a `key: value` line at the column of the list on line 2: a list holds only "
        "`- ` items",
        "start it with `- `",
    ),
    (
        "indented first line",
        " format: 1\nscenario:\n  id: x\n",
        1,
        1,
        "line 1 is indented 1 space: the top-level keys of a scenario start at the beginning "
        "of the line",
        "remove the spaces",
    ),
    (
        "key: value: more",
        PARTY + "    role: Chair: the council\n",
        5,
        16,
        "the value of `role` on line 5 holds a second `: `, which YAML reads as the start of "
        "another value",
        'quote the value: `role: "Chair: the council"`',
    ),
    (
        "text starting with *",
        PARTY + "    role: *the* harbour master\n",
        5,
        11,
        "line 5: `*` at the start of a value makes it a reference to an anchor (`*name`), so "
        "this value cannot be read",
        'put the text in quotes: `role: "*the* harbour master"`',
    ),
    (
        "text starting with &",
        PARTY + "    role: & co\n",
        5,
        11,
        "line 5: `&` at the start of a value makes it an anchor (`&name`), so this value cannot "
        "be read",
        'put the text in quotes: `role: "& co"`',
    ),
    (
        "text starting with @",
        PARTY + "    role: @harbour\n",
        5,
        11,
        "line 5: YAML reserves `@` at the start of a value, so this value cannot be read",
        'put the text in quotes: `role: "@harbour"`',
    ),
    (
        "text starting with %",
        PARTY + "    role: %50 of the port\n",
        5,
        11,
        "line 5: `%` at the start of a value is reserved for YAML directives, so this value "
        "cannot be read",
        'put the text in quotes: `role: "%50 of the port"`',
    ),
    (
        "text starting with a backtick",
        PARTY + "    role: `chair`\n",
        5,
        11,
        "line 5: YAML reserves the backtick (`) at the start of a value, so this value cannot "
        "be read",
        'put the text in quotes: `role: "`chair`"`',
    ),
    (
        "an alias to nothing",
        PARTY + "    role: *chair\n",
        5,
        11,
        "`*chair` reads as a reference to an anchor `&chair`, and there is none: `*` at the "
        "start of a value makes it a reference to an anchor (`*name`)",
        'role: "*chair"',
    ),
    (
        "stray ]",
        "issues:\n  - id: h\n    required: [north, south]]\n",
        3,
        29,
        "a stray `]` on line 3: no `[` is open here",
        "remove the `]`",
    ),
    (
        "unclosed [",
        "issues:\n  - id: h\n    required: [north, south\n    rounds: 3\n",
        3,
        15,
        "the `[` opened on line 3 is not closed: the list runs on to line 4",
        "close it with `]`",
    ),
    (
        "unclosed {",
        PARTY + "    batna: {value: 30\n    short: N\n",
        5,
        12,
        "the `{` opened on line 5 is not closed: the mapping runs on to line 6",
        "close it with `}`",
    ),
    (
        "text after a closing quote",
        PARTY + '    role: "Chair" of the talks\n',
        5,
        19,
        "text follows the closing quote on line 5",
        "put the whole value inside the quotes",
    ),
    (
        "first line of a text block indented deeper than the rest",
        "scenario:\n  brief: >\n     First line.\n    Second line.\n  id: x\n",
        4,
        5,
        "line 4 is indented 4 spaces, less than line 3 (5 spaces), the first line of the block "
        "of text that starts on line 2",
        "indent line 3 like the lines after it",
    ),
    (
        "no space before a block indicator, found lines later",
        "parties:\n  - id: a\n    role:>\n      Holds the cranes\n      and the customs.\n"
        "      More text: here\n",
        3,
        9,
        "line 3: no space after the colon in `role:>`",
        "write `role: >`",
    ),
    (
        "no space after a pair key",
        "figures:\n  - id: trust\n    start:\n      default: 45\n      ua>ru:15\n      ru>ua: 20\n",
        5,
        12,
        "line 5: no space after the colon in `ua>ru:15`",
        "write `ua>ru: 15`",
    ),
    (
        "a second document",
        "format: 1\n---\nscenario: {}\n",
        2,
        1,
        "a second document starts on line 2 (`---`): a scenario file holds one document",
        "remove the `---` line",
    ),
]


@pytest.mark.parametrize(
    ("text", "line", "col", "message", "hint"), [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS]
)
def test_yaml_slip_in_plain_words(text, line, col, message, hint):
    err = problem(text)
    assert (err.line, err.col) == (line, col)
    assert err.message == message
    assert hint in err.hint
    assert err.code == "yaml-syntax"


def test_every_tab_line_is_named():
    err = problem("scenario:\n\tid: x\n\ttitle: T\nparties:\n\t- id: a\n")
    assert err.line == 2
    assert "lines 3 and 5 also start with a tab" in err.hint


def tutorial_lines() -> list[tuple[int, str]]:
    lines = TUTORIAL.split("\n")
    return [
        (i, line)
        for i, line in enumerate(lines)
        if line.startswith("  ") and line.strip() and not line.lstrip().startswith("#")
    ]


@pytest.mark.parametrize("slip", ["one more space", "one space less", "a tab", "no space"])
def test_every_slip_in_the_tutorial_names_its_line(slip):
    """Each slip, made on each indented line of a real scenario in turn, is reported at that
    line (or names it) in plain words — never the reader's own phrases."""
    lines = TUTORIAL.split("\n")
    reported = 0
    for i, line in tutorial_lines():
        broken = {
            "one more space": " " + line,
            "one space less": line[1:],
            "a tab": "\t" + line.lstrip(" "),
            "no space": line.replace(": ", ":", 1),
        }[slip]
        if broken == line:
            continue
        text = "\n".join([*lines[:i], broken, *lines[i + 1 :]])
        try:
            parse(text)
        except YamlProblem as err:
            reported += 1
            for word in JARGON:
                assert word not in err.message + err.hint, (i + 1, err.message)
            assert err.line == i + 1 or f"line {i + 1}" in err.message + err.hint, (
                i + 1,
                err.line,
                err.message,
                err.hint,
            )
    assert reported > 100  # most slips break the YAML; the rest are caught as structure


# --- after YAML: one run reports every error ------------------------------------


def codes(loaded: Loaded) -> list[tuple[str, int]]:
    return [(d.code, d.line) for d in loaded.diagnostics]


def line_of(text: str, needle: str) -> int:
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


def test_missing_format_is_reported_with_the_rest():
    text = re.sub(r"(?m)^format:.*\n", "", TUTORIAL, count=1)
    text = text.replace("    kind: delegation\n", "    kind: delegate\n", 1)
    text = re.sub(r"chance: [0-9.]+", "chance: 30", text, count=1)
    loaded = load_text(text)
    found = codes(loaded)
    assert ("format-missing", line_of(text, "scenario:")) in found
    assert ("bad-choice", line_of(text, "kind: delegate")) in found
    assert ("out-of-range", line_of(text, "chance: 30")) in found
    assert not loaded.ok
    fmt = next(d for d in loaded.diagnostics if d.code == "format-missing")
    assert f"checked as format {FORMAT_VERSION}" in fmt.hint


def test_missing_format_alone_still_fails_and_checks_references():
    text = re.sub(r"(?m)^format:.*\n", "", TUTORIAL, count=1)
    text = text.replace("required: [aldmere, brevia]", "required: [aldmere, brevai]", 1)
    loaded = load_text(text)
    assert {c for c, _ in codes(loaded)} == {"format-missing", "ref-unknown"}
    assert loaded.scenario is None


def test_duplicate_id_names_both_lines(tmp_path):
    text = TUTORIAL.replace("      - id: joint_authority", "      - id: aldmere_runs", 1)
    path = tmp_path / "harbour.yaml"
    path.write_text(text, encoding="utf-8")
    loaded = load_file(path)
    first, second = [
        n for n, line in enumerate(text.splitlines(), 1) if "- id: aldmere_runs" in line
    ]
    dup = [d for d in loaded.diagnostics if d.code == "id-duplicate"]
    error = next(d for d in dup if d.severity == "error")
    note = next(d for d in dup if d.severity == "info")
    assert error.line == second
    assert error.message == f"the id `aldmere_runs` is already used by an option at {path}:{first}"
    assert note.line == first
    assert note.message == f"the id `aldmere_runs` is used again at {path}:{second}"
    for d in loaded.diagnostics:  # no zero-based data path anywhere
        assert not re.search(r"\b(issues|parties|options)\.\d", d.message + d.hint), d


def test_missing_key_names_what_not_a_path():
    text = TUTORIAL.replace("    name: Aldmere delegation\n", "", 1)
    d = next(d for d in load_text(text).diagnostics if d.code == "missing-key")
    assert d.message == "missing `name` in this party"
    assert d.line == text.splitlines().index("  - id: aldmere") + 1


# --- ranges say the range and the unit ------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            r"chance: [0-9.]+",
            "chance: 30",
            "`chance` is a probability per round, above 0, up to 1: 30% is written `0.3`",
        ),
        (
            r"talk_minutes: [0-9.]+",
            "talk_minutes: 200",
            "`talk_minutes` is a number of minutes, from 0 to 120, not 200",
        ),
        (
            r"rounds_per_issue: [0-9]+",
            "rounds_per_issue: 0",
            "`rounds_per_issue` is a number of rounds, from 1 to 50, not 0",
        ),
        (
            r"batna: \{value: [0-9]+",
            "batna: {value: 130",
            "`value` is points on the 0-100 scale of option values, from 0 to 100, not 130",
        ),
        (
            r"weight: [0-9]+",
            "weight: 500",
            "`weight` is points of leverage, from -100 to 100, not 500",
        ),
        (
            r"outcome:\n",
            "outcome:\n  durability: {trust_weight: 40}\n",
            "`trust_weight` is a share of the durability score, from 0 to 1: 40% is written `0.4`",
        ),
    ],
)
def test_out_of_range_says_range_and_unit(old, new, message):
    text = re.sub(old, new, TUTORIAL, count=1)
    assert text != TUTORIAL, old
    d = next(d for d in load_text(text).diagnostics if d.code == "out-of-range")
    assert d.message == message
    assert d.line == line_of(text, new.splitlines()[-1])


def test_too_few_parties_says_how_many():
    text = (
        "format: 1\nscenario: {id: x, title: X}\nparties:\n  - {id: a, name: A}\n"
        "issues:\n  - {id: i, name: I, options: [{id: o, name: O}]}\n"
    )
    d = next(d for d in load_text(text).diagnostics if d.code == "bad-size")
    assert d.message == "`parties` needs at least 2 entries, not 1"


# --- a value emptied by YAML itself ---------------------------------------------


def test_unquoted_hash_colour_says_comment():
    text = TUTORIAL.replace('colour: "#2E86AB"', "colour: #C0392B", 1)
    d = next(d for d in load_text(text).diagnostics if d.line == line_of(text, "#C0392B"))
    assert d.code == "empty-value"
    assert d.message == "`#` starts a comment in YAML, so `colour` is empty here"
    assert d.hint == 'quote it: `colour: "#C0392B"`'


def test_unquoted_ampersand_says_anchor():
    text = TUTORIAL.replace("    name: Aldmere delegation", "    name: &Aldmere", 1)
    d = next(d for d in load_text(text).diagnostics if d.code == "empty-value")
    assert d.message == "`&` starts an anchor name in YAML, so `name` is empty here"
    assert d.hint == 'quote it: `name: "&Aldmere"`'


def test_a_real_comment_after_an_empty_value_is_not_blamed():
    text = TUTORIAL.replace('colour: "#2E86AB"', "colour: # pick one later", 1)
    d = next(d for d in load_text(text).diagnostics if d.line == line_of(text, "pick one later"))
    assert d.code == "bad-type"  # `# pick` with a space is a comment the author meant


def test_squeezed_key_in_a_list_hints_the_space():
    text = TUTORIAL.replace("  - id: aldmere\n", "  - id:aldmere\n", 1)
    loaded = load_text(text)
    d = loaded.diagnostics[0]
    assert d.line == line_of(text, "id:aldmere")
    assert "`id: aldmere`" in d.hint


def test_ids_differing_by_case_name_the_other_line():
    from app.scenario.lint import lint

    text = TUTORIAL.replace(
        "assets:\n", "assets:\n  - id: Cranes\n    name: More\n    holder: brevia\n", 1
    )
    loaded = load_text(text)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    d = next(d for d in lint(loaded) if d.code == "id-case")
    cranes = text.splitlines().index("  - id: cranes") + 1
    assert d.line == cranes  # the second of the two, naming the first
    first = line_of(text, "id: Cranes")
    assert (
        d.message == f"the ids `Cranes` and `cranes` differ only by case (`Cranes` at line {first})"
    )
