"""Safe YAML reading: plain data with marks, YAML 1.2, refused tags, limits."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from app.scenario import yamldoc
from app.scenario.yamldoc import Mark, YamlProblem, decode, load, parse, read_text


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as info:
        parse(text)
    return info.value


def pos(text: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """1-based (line, col) of the nth occurrence of `needle` in `text`."""
    idx = -1
    for _ in range(nth + 1):
        idx = text.index(needle, idx + 1)
    line = text.count("\n", 0, idx) + 1
    col = idx - (text.rfind("\n", 0, idx) + 1) + 1
    return line, col


def lc(mark: Mark) -> tuple[int, int]:
    return mark.line, mark.col


# --- plain data and marks -----------------------------------------------------

DOC = """\
# a comment
name: Velm
parties:
  - id: ua
    size: 3
  - {id: ru, size: 4.5}
title: "The Harbour"
brief: |
  Two lines
  of text.
"""


def test_plain_data():
    doc = parse(DOC, "x.yaml")
    assert doc.path == "x.yaml"
    assert doc.data == {
        "name": "Velm",
        "parties": [{"id": "ua", "size": 3}, {"id": "ru", "size": 4.5}],
        "title": "The Harbour",
        "brief": "Two lines\nof text.\n",
    }
    assert type(doc.data) is dict and type(doc.data["parties"]) is list
    assert type(doc.data["parties"][0]["size"]) is int


def test_value_marks_are_one_based():
    doc = parse(DOC)
    assert lc(doc.values[("name",)]) == pos(DOC, "Velm")
    assert lc(doc.values[("parties", 0, "id")]) == pos(DOC, "ua")
    assert lc(doc.values[("parties", 0, "size")]) == pos(DOC, "3")
    assert lc(doc.values[("parties", 1, "id")]) == pos(DOC, "ru")
    assert lc(doc.values[("parties", 1, "size")]) == pos(DOC, "4.5")
    assert lc(doc.values[("parties", 1)]) == pos(DOC, "{id: ru")
    assert lc(doc.values[("title",)]) == pos(DOC, '"The Harbour"')


def test_key_marks_are_one_based():
    doc = parse(DOC)
    assert lc(doc.keys[("name",)]) == pos(DOC, "name:")
    assert lc(doc.keys[("parties",)]) == pos(DOC, "parties:")
    assert lc(doc.keys[("parties", 0, "id")]) == pos(DOC, "id: ua")
    assert lc(doc.keys[("parties", 0, "size")]) == pos(DOC, "size: 3")
    assert lc(doc.keys[("parties", 1, "size")]) == pos(DOC, "size: 4.5")
    assert doc.keys[("brief",)] == Mark(*pos(DOC, "brief:"))


def test_scalar_styles_are_recorded():
    doc = parse(DOC)
    assert doc.values[("name",)].style is None
    assert doc.values[("title",)].style == '"'
    assert doc.values[("brief",)].style == "|"
    assert parse("a: 'x'").values[("a",)].style == "'"
    assert parse("a: >\n  x\n").values[("a",)].style == ">"


def test_mark_falls_back_to_the_nearest_ancestor():
    doc = parse(DOC)
    assert doc.mark(("parties", 0, "missing")) == doc.values[("parties", 0)]
    assert doc.mark(("parties", 0, "id"), key=True) == doc.keys[("parties", 0, "id")]
    assert doc.mark(("parties", 0, "missing"), key=True) == doc.values[("parties", 0)]
    assert doc.mark(("parties", 1), key=True) == doc.values[("parties", 1)]
    assert doc.mark(("nothing", "here")) == doc.values[()]
    assert doc.mark(()) == doc.values[()] == Mark(*pos(DOC, "name:"))


def test_non_string_keys_become_text():
    doc = parse("1: a\ntrue: b\n2.5: c\n")
    assert doc.data == {"1": "a", "true": "b", "2.5": "c"}


# --- YAML 1.2 scalars ---------------------------------------------------------


@pytest.mark.parametrize("word", ["no", "No", "NO", "yes", "Yes", "on", "On", "off", "y", "n"])
def test_yaml_1_1_booleans_stay_strings(word):
    assert parse(f"a: {word}").data == {"a": word}


@pytest.mark.parametrize(
    ("word", "value"),
    [("true", True), ("True", True), ("TRUE", True), ("false", False), ("False", False)],
)
def test_yaml_1_2_booleans(word, value):
    assert parse(f"a: {word}").data["a"] is value


@pytest.mark.parametrize(
    ("text", "value"),
    [("42", 42), ("-7", -7), ("+3", 3), ("0", 0), ("0x1F", 31), ("0o17", 15)],
)
def test_ints(text, value):
    got = parse(f"a: {text}").data["a"]
    assert got == value and type(got) is int


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1.5", 1.5),
        ("-0.25", -0.25),
        ("1e3", 1000.0),
        ("-1.5e-3", -0.0015),
        (".inf", math.inf),
        (".Inf", math.inf),
        ("-.inf", -math.inf),
        ("+.inf", math.inf),
    ],
)
def test_floats(text, value):
    got = parse(f"a: {text}").data["a"]
    assert got == value and type(got) is float


def test_nan():
    assert math.isnan(parse("a: .nan").data["a"])


@pytest.mark.parametrize("text", ["null", "Null", "~", ""])
def test_nulls(text):
    assert parse(f"a: {text}").data == {"a": None}


def test_quoted_scalars_stay_text():
    assert parse("a: '42'\nb: \"true\"\nc: 'null'").data == {"a": "42", "b": "true", "c": "null"}


@pytest.mark.parametrize(
    "text", ["2022-03-24", "2022-03-24T10:00:00Z", "2001-12-14 21:59:43.10 -5"]
)
def test_dates_stay_text(text):
    assert parse(f"as_of: {text}").data == {"as_of": text}


def test_core_tags_are_allowed():
    assert parse("a: !!str 3\nb: !!int '4'\nc: !!float 5\nd: !!bool true").data == {
        "a": "3",
        "b": 4,
        "c": 5.0,
        "d": True,
    }


def test_anchors_and_aliases_are_expanded():
    doc = parse("a: &x [1, 2]\nb: *x\n")
    assert doc.data == {"a": [1, 2], "b": [1, 2]}
    assert doc.values[("b", 0)] == doc.values[("a", 0)]


# --- refused ------------------------------------------------------------------


def test_python_tag_is_refused_and_nothing_runs(tmp_path: Path):
    marker = tmp_path / "pwned"
    texts = [
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"a: !!python/object/apply:os.system ['touch {marker}']",
        f"a: !!python/object/apply:subprocess.call [['touch', '{marker}']]",
        f"a: !!python/object/new:os.system ['touch {marker}']",
        "a: !!python/name:os.system",
        f"a: !!python/object/apply:builtins.open ['{marker}', 'w']",
    ]
    for text in texts:
        err = problem(text)
        assert err.code == "yaml-tag", text
        assert "not allowed" in err.message
        assert err.hint
    assert not marker.exists()


def test_python_tag_position():
    text = "a: 1\nb: !!python/object/apply:os.system ['true']\n"
    err = problem(text)
    assert (err.line, err.col) == pos(text, "!!python")


@pytest.mark.parametrize(
    "text",
    [
        "a: !custom 3",
        "a: !custom {x: 1}",
        "a: !custom [1]",
        "a: !!binary aGVsbG8=",
        "a: !!set {x}",
        "a: !!omap [x: 1]",
        "a: !!pairs [x: 1]",
        "!custom a: 1",
    ],
)
def test_other_tags_are_refused(text):
    err = problem(text)
    assert err.code == "yaml-tag"
    assert (err.line, err.col) == pos(text, "!")


def test_merge_keys_are_refused():
    text = "base: &b {x: 1}\nitem:\n  <<: *b\n  y: 2\n"
    err = problem(text)
    assert err.code == "yaml-merge"
    assert (err.line, err.col) == pos(text, "<<")
    assert err.hint


def test_complex_keys_are_refused():
    text = "? [a, b]\n: 1\n"
    err = problem(text)
    assert err.code == "yaml-key" and err.line == 1
    err = problem("{[a]: 1}")
    assert err.code == "yaml-key"


# --- duplicate keys -----------------------------------------------------------


def test_duplicate_key_reports_second_and_mentions_first():
    text = "a: 1\nb: 2\na: 3\n"
    err = problem(text)
    assert err.code == "yaml-duplicate-key"
    assert (err.line, err.col) == (3, 1)
    assert "first on line 1" in err.message
    assert "`a`" in err.message


def test_nested_duplicate_key():
    text = "parties:\n  - id: ua\n    name: A\n    id: ru\n"
    err = problem(text)
    assert err.code == "yaml-duplicate-key"
    assert (err.line, err.col) == pos(text, "id: ru")
    assert "first on line 2" in err.message


def test_same_key_in_different_mappings_is_fine():
    assert parse("a: {x: 1}\nb: {x: 2}\n").data == {"a": {"x": 1}, "b": {"x": 2}}


def test_duplicate_key_with_bool_spelling():
    err = problem("true: 1\nTrue: 2\n")
    assert err.code == "yaml-duplicate-key" and err.line == 2


# --- syntax errors ------------------------------------------------------------


def test_syntax_error_has_line_and_hint():
    text = "a: 1\nb: [1, 2\nc: 3\n"
    err = problem(text)
    assert err.code == "yaml-syntax"
    assert err.line >= 2
    assert err.message == "the `[` opened on line 2 is not closed: the list runs on to line 3"
    assert "`]`" in err.hint


def test_tab_indentation_is_a_syntax_error():
    err = problem("a:\n\tb: 1\n")
    assert err.code == "yaml-syntax" and err.line == 2


def test_undefined_alias():
    text = "a: 1\nb: *nope\n"
    err = problem(text)
    assert err.code == "yaml-syntax"
    assert (err.line, err.col) == pos(text, "*nope")


def test_several_documents_are_refused():
    err = problem("a: 1\n---\nb: 2\n")
    assert err.code == "yaml-syntax"


# --- limits -------------------------------------------------------------------


def billion_laughs(levels: int = 10, width: int = 9) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def test_alias_bomb_is_stopped_at_the_node_bound(monkeypatch):
    text = billion_laughs()
    assert len(text) < 2_000
    seen = []
    convert = yamldoc._Converter.convert

    def counted(self, node, path, depth):
        seen.append(1)
        return convert(self, node, path, depth)

    monkeypatch.setattr(yamldoc._Converter, "convert", counted)
    err = problem(text)
    assert err.code == "yaml-too-large"
    assert "aliases" in err.hint
    assert len(seen) == yamldoc.MAX_NODES + 1  # bounded work, whatever the machine's speed


def test_node_limit_counts_expanded_aliases():
    # Small enough to stay under the limit: 9**4 * 2 values.
    doc = parse(billion_laughs(levels=4))
    assert len(doc.data["a3"]) == 9


def no_yaml_reader():
    raise AssertionError("the YAML reader was reached: the nesting bound did not hold")


def test_deep_flow_sequence_is_refused_before_the_yaml_reader_runs(monkeypatch):
    monkeypatch.setattr(yamldoc, "_composer", no_yaml_reader)
    err = problem("[" * 5000 + "]" * 5000)
    assert err.code == "yaml-too-deep"
    assert err.hint


@pytest.mark.parametrize(
    "text",
    [
        'a: "' + "[" * 41 + '"\n',
        "a: |\n  " + "{" * 41 + "\n",
        "# " + "[" * 41 + "\na: 1\n",
        "a: " + ":-[ " * 41 + "\n",
    ],
    ids=["quoted", "block", "comment", "plain"],
)
def test_brackets_in_text_are_not_nesting(text):
    assert isinstance(parse(text).data, dict)


@pytest.mark.parametrize(
    "text",
    ['brief: "first line\n  ' + "[" * 41 + '"\n', "brief: first line\n  " + "[" * 41 + "\n"],
    ids=["double-quoted", "plain"],
)
def test_brackets_on_scalar_continuation_lines_are_not_nesting(text):
    assert parse(text).data == {"brief": "first line " + "[" * 41}


def test_unclosed_deep_flow_sequence_is_reported():
    err = problem("[" * 600)
    assert err.code in ("yaml-too-deep", "yaml-syntax")


def test_deep_flow_mapping_is_refused_before_the_yaml_reader_runs(monkeypatch):
    monkeypatch.setattr(yamldoc, "_composer", no_yaml_reader)
    err = problem("{a: " * 5000 + "1" + "}" * 5000)
    assert err.code == "yaml-too-deep"


def test_deep_block_mappings_are_reported_quickly():
    text = "".join("  " * i + f"k{i}:\n" for i in range(100)) + "  " * 100 + "v\n"
    err = problem(text)
    assert err.code == "yaml-too-deep"
    assert f"{yamldoc.MAX_DEPTH} levels" in err.message
    assert err.line > yamldoc.MAX_DEPTH  # where the nesting goes too deep


def test_deep_block_sequences_are_reported_quickly():
    text = "".join("  " * i + "-\n" for i in range(3000)) + "  " * 3000 + "x\n"
    err = problem(text)
    assert err.code == "yaml-too-deep"


def test_depth_limit_boundary():
    depth = yamldoc.MAX_DEPTH
    ok = "[" * depth + "1" + "]" * depth
    data = parse(ok).data
    for _ in range(depth):
        data = data[0]
    assert data == 1
    err = problem("[" * (depth + 1) + "1" + "]" * (depth + 1))
    assert err.code == "yaml-too-deep"


def test_self_referencing_alias_is_reported():
    err = problem("&a [*a]")
    assert err.code in ("yaml-too-deep", "yaml-too-large", "yaml-syntax")


# --- empty, binary, encoding --------------------------------------------------


@pytest.mark.parametrize("text", ["", "   \n  \n", "# only a comment\n"])
def test_empty_text(text):
    assert problem(text).code == "file-empty"


def test_empty_document_is_null():
    assert parse("---\n").data is None


@pytest.mark.parametrize("raw", [b"", b"   \n  \r\n\t"])
def test_decode_empty(raw):
    with pytest.raises(YamlProblem) as info:
        decode(raw)
    assert info.value.code == "file-empty"
    assert "tutorial" in info.value.hint


def test_decode_binary():
    with pytest.raises(YamlProblem) as info:
        decode(b"a: 1\n\x00\x01\x02binary")
    assert info.value.code == "file-binary"
    with pytest.raises(YamlProblem) as info:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert info.value.code == "file-binary"


def test_decode_invalid_utf8_reports_its_line():
    raw = b"a: 1\nb: 2\nc: caf\xe9\nd: 4\n"
    with pytest.raises(YamlProblem) as info:
        decode(raw)
    assert info.value.code == "file-encoding"
    assert info.value.line == 3
    assert "UTF-8" in info.value.hint


def test_decode_utf8_and_bom():
    assert decode("a: café\n".encode()) == "a: café\n"
    assert decode(b"\xef\xbb\xbfa: 1\n") == "a: 1\n"


# --- files --------------------------------------------------------------------


def test_read_text_and_load(tmp_path: Path):
    path = tmp_path / "s.yaml"
    path.write_text("a: [1, 2]\n", encoding="utf-8")
    assert read_text(path) == "a: [1, 2]\n"
    doc = load(path)
    assert doc.data == {"a": [1, 2]} and doc.path == str(path)


def test_file_over_max_bytes_is_refused_quickly(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as fh:
        fh.truncate(yamldoc.MAX_BYTES + 1)
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert info.value.code == "file-too-large"
    assert "MiB" in info.value.message
    assert info.value.hint


def test_file_of_exactly_max_bytes_is_read(tmp_path: Path):
    path = tmp_path / "big.yaml"
    line = b"# " + b"x" * 97 + b"\n"
    body = line * (yamldoc.MAX_BYTES // len(line))
    body += b"#" * (yamldoc.MAX_BYTES - len(body) - 5) + b"\na: 1"
    path.write_bytes(body)
    assert path.stat().st_size == yamldoc.MAX_BYTES
    assert load(path).data == {"a": 1}


def test_directory_is_a_clean_problem(tmp_path: Path):
    with pytest.raises(YamlProblem) as info:
        read_text(tmp_path)
    assert info.value.code == "file-unreadable"
    assert "folder" in info.value.message


def test_missing_file_is_a_clean_problem(tmp_path: Path):
    with pytest.raises(YamlProblem) as info:
        load(tmp_path / "nope.yaml")
    assert info.value.code == "file-unreadable"
    assert info.value.hint


def test_binary_file_is_a_clean_problem(tmp_path: Path):
    path = tmp_path / "image.yaml"
    path.write_bytes(b"\x00\xff" * 100)
    with pytest.raises(YamlProblem) as info:
        read_text(path)
    assert info.value.code == "file-binary"


def test_latin1_file_reports_the_line(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("a: 1\n\nname: Zürich\n".encode("latin-1"))
    with pytest.raises(YamlProblem) as info:
        load(path)
    assert info.value.code == "file-encoding" and info.value.line == 3


def test_problem_defaults():
    p = YamlProblem("x")
    assert (p.line, p.col, p.code, p.hint) == (1, 1, "yaml-syntax", "")
    assert str(p) == "x"
