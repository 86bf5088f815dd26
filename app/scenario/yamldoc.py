"""Read a YAML file as plain data plus the line and column of every node.

Scenario files are data, never code: the YAML is only *composed* into nodes
(ruamel.yaml, YAML 1.2, so `no` and `on` stay strings) and converted here by
hand. Nothing is constructed from a tag, so `!!python/...` cannot run; any tag
beyond YAML's core types is refused. Size, depth and the number of nodes are
bounded so that a huge file, deep nesting or an alias bomb is reported
quickly instead of eating the machine.
"""

from __future__ import annotations

import math
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from app.scenario.yamlerrors import GENERAL_HINT, explain

MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
MAX_INT_DIGITS = 4_000  # below Python's 4,300-digit limit on int(str)
MAX_INDENT = 400  # columns: far beyond any real scenario, well inside the parsers' stacks

PathKey = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_HEX = re.compile(r"^0x[0-9a-fA-F_]+$")
_OCT = re.compile(r"^0o[0-7_]+$")


@dataclass(frozen=True, slots=True)
class Mark:
    line: int  # 1-based
    col: int  # 1-based
    style: str | None = None  # scalar style: None (plain), "'", '"', "|", ">"


@dataclass
class YamlDoc:
    """The data of one file and where each piece of it stands."""

    path: str
    data: Any
    values: dict[PathKey, Mark] = field(default_factory=dict)
    keys: dict[PathKey, Mark] = field(default_factory=dict)

    def mark(self, path: PathKey, *, key: bool = False) -> Mark:
        """Where `path` stands, or its nearest ancestor that does."""
        table = self.keys if key else self.values
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if key and probe in self.values:
                return self.values[probe]
            probe = probe[:-1]
        return self.values.get((), Mark(1, 1))


class YamlProblem(Exception):
    """The file cannot be read as data; carries where and why, and a hint."""

    def __init__(self, message: str, line: int = 1, col: int = 1, hint: str = "", code: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint
        self.code = code or "yaml-syntax"


def read_text(path: str | Path) -> str:
    """The file's text, or a YamlProblem saying why it is not a readable text file.

    Only regular files are read (a device, a FIFO or a socket is refused before it is
    opened, so `/dev/zero` or a pipe cannot hang the reader), and never more than
    MAX_BYTES + 1 bytes, even when the file grows while it is read."""
    p = Path(path)
    try:
        info = p.stat()
        if stat.S_ISDIR(info.st_mode):
            raise YamlProblem("this is a folder, not a file", code="file-unreadable")
        if not stat.S_ISREG(info.st_mode):
            raise YamlProblem(
                "this is not a regular file (a device, a pipe or a socket)",
                hint="give the path of a scenario's .yaml file",
                code="file-unreadable",
            )
        if info.st_size > MAX_BYTES:
            raise _too_large(info.st_size)
        with p.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
        if len(raw) > MAX_BYTES:
            raise _too_large(len(raw))
    except YamlProblem:
        raise
    except IsADirectoryError:
        raise YamlProblem("this is a folder, not a file", code="file-unreadable") from None
    except FileNotFoundError:
        raise YamlProblem(
            "no such file", hint="check the path and the spelling", code="file-unreadable"
        ) from None
    except OSError as exc:
        raise YamlProblem(f"cannot read the file: {exc.strerror}", code="file-unreadable") from None
    except ValueError as exc:  # e.g. a NUL byte in the path
        raise YamlProblem(f"cannot read the file: {exc}", code="file-unreadable") from None
    return decode(raw)


def _too_large(size: int) -> YamlProblem:
    return YamlProblem(
        f"the file is {size / 1048576:.1f} MiB; a scenario may be at most "
        f"{MAX_BYTES // 1048576} MiB",
        hint="is this really a scenario file? Split long briefs or trim the file.",
        code="file-too-large",
    )


def decode(raw: bytes) -> str:
    if b"\x00" in raw[:8192]:
        raise YamlProblem(
            "the file is binary, not text",
            hint="a scenario is a YAML text file; open it in a text editor to check",
            code="file-binary",
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(
            "the file is not UTF-8 text",
            line=line,
            hint="save the file as UTF-8 in your editor",
            code="file-encoding",
        ) from None
    if not text.strip():
        raise YamlProblem(
            "the file is empty",
            hint="start from scenarios/tutorial.yaml or the example in scenarios/FORMAT.md",
            code="file-empty",
        )
    return text


def parse(text: str, path: str = "<text>") -> YamlDoc:
    """Compose `text` into nodes and convert them into plain data with marks."""
    _bound_flow_nesting(text)
    yaml = _composer()
    try:
        node = yaml.compose(text)
    except MarkedYAMLError as exc:
        plain = explain(text, exc)
        raise YamlProblem(plain.message, plain.line, plain.col, hint=plain.hint) from None
    except RecursionError:
        raise YamlProblem(
            "the YAML is nested too deeply to read",
            hint=f"a scenario needs at most {MAX_DEPTH} levels of nesting",
            code="yaml-too-deep",
        ) from None
    except YAMLError as exc:
        raise YamlProblem(f"the file cannot be read as YAML ({exc})", hint=GENERAL_HINT) from None
    if node is None:
        raise YamlProblem("the file holds no YAML document", code="file-empty")
    doc = YamlDoc(path=path, data=None)
    doc.data = _Converter(doc).convert(node, (), 0)
    return doc


_BLOCK_INDICATOR = re.compile(r"[|>][-+0-9]*\s*(#.*)?$")
_KEY = re.compile(r"""(?:[^\s#'"][^:#]*|"[^"]*"|'[^']*')\s*:(?:\s+|$)""")


def _composer() -> YAML:
    """A YAML 1.2 composer: libyaml's C parser when ruamel.yaml.clib is there (about ten
    times faster on a large scenario), else the pure-Python one. Both give line marks."""
    try:
        yaml = YAML(typ="safe", pure=False)
    except Exception:  # pragma: no cover - no C extension on this platform
        yaml = YAML(typ="safe", pure=True)
    yaml.version = (1, 2)
    return yaml


def _bound_flow_nesting(text: str) -> None:
    """Refuse `[[[[...` before the YAML reader spends seconds on it.

    A linear scan that counts only brackets opening flow collections: not in
    comments, quoted text, plain text or block scalars.
    """
    depth = 0
    prev = ""  # the last line with content: a value can only start after `key:` or `- `
    block: int | None = None  # indentation of the key that opened a block scalar
    for n, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if indent > MAX_INDENT and block is None:
            raise YamlProblem(
                f"a line is indented {indent} spaces deep",
                n,
                1,
                hint=f"a scenario needs at most {MAX_DEPTH} levels of nesting",
                code="yaml-too-deep",
            )
        if block is not None:
            if not line.strip() or indent > block:
                continue
            block = None
        opens_value = depth == 0 and (
            _value_start(line) > indent or not prev.rstrip() or prev.rstrip().endswith(":")
        )
        start = 0 if depth else (_value_start(line) if opens_value else len(line))
        prev = line if line.strip() else prev
        quote = ""
        for i in range(start, len(line)):
            ch = line[i]
            if quote:
                quote = "" if ch == quote else quote
            elif depth and ch in "\"'":
                quote = ch
            elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
                break
            elif ch in "[{" and (depth or i == start):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlProblem(
                        f"brackets nest more than {MAX_DEPTH} levels deep",
                        n,
                        i + 1,
                        hint=f"a scenario needs at most {MAX_DEPTH} levels of nesting",
                        code="yaml-too-deep",
                    )
            elif ch in "]}" and depth:
                depth -= 1
            elif not depth:
                break  # a plain or quoted scalar: its brackets are text
        if not depth and _BLOCK_INDICATOR.search(line[_value_start(line) :]):
            block = indent


def _value_start(line: str) -> int:
    """Where the value on a block-context line begins (after indentation, `- ` and `key:`)."""
    i = len(line) - len(line.lstrip(" "))
    while line.startswith("- ", i) or line[i:] == "-":
        i += 2
        while i < len(line) and line[i] == " ":
            i += 1
    m = _KEY.match(line, i)
    return m.end() if m else i


def load(path: str | Path) -> YamlDoc:
    return parse(read_text(path), str(path))


class _Converter:
    def __init__(self, doc: YamlDoc) -> None:
        self.doc = doc
        self.count = 0

    def convert(self, node: Node, path: PathKey, depth: int) -> Any:
        self.count += 1
        mark = _mark(node)
        if self.count > MAX_NODES:
            raise YamlProblem(
                f"the document expands to more than {MAX_NODES:,} values",
                mark.line,
                mark.col,
                hint="anchors and aliases (&name, *name) may be repeating each other "
                "exponentially; write the values out instead",
                code="yaml-too-large",
            )
        if depth > MAX_DEPTH:
            raise YamlProblem(
                f"the YAML is nested more than {MAX_DEPTH} levels deep",
                mark.line,
                mark.col,
                hint="a scenario never needs this much nesting; check the indentation",
                code="yaml-too-deep",
            )
        self.doc.values.setdefault(path, mark)
        if isinstance(node, ScalarNode):
            return _scalar(node, mark)
        if isinstance(node, SequenceNode):
            _check_tag(node, "seq", mark)
            return [self.convert(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        if isinstance(node, MappingNode):
            _check_tag(node, "map", mark)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key_mark = _mark(key_node)
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem(
                        "a key must be a plain word, not a list or a mapping",
                        key_mark.line,
                        key_mark.col,
                        code="yaml-key",
                    )
                if key_node.tag == _CORE + "merge":
                    raise YamlProblem(
                        "merge keys (`<<:`) are not supported",
                        key_mark.line,
                        key_mark.col,
                        hint="write the keys out in full",
                        code="yaml-merge",
                    )
                key = _scalar(key_node, key_mark)
                key = str(key).lower() if isinstance(key, bool) else str(key)
                if key in result:
                    first = self.doc.keys[(*path, key)]
                    raise YamlProblem(
                        f"the key `{key}` appears twice in the same mapping "
                        f"(first on line {first.line})",
                        key_mark.line,
                        key_mark.col,
                        hint="remove or rename one of them",
                        code="yaml-duplicate-key",
                    )
                self.doc.keys[(*path, key)] = key_mark
                result[key] = self.convert(value_node, (*path, key), depth + 1)
            return result
        raise YamlProblem("unsupported YAML node", mark.line, mark.col)  # pragma: no cover


def _mark(node: Node) -> Mark:
    m = node.start_mark
    style = (getattr(node, "style", None) or None) if isinstance(node, ScalarNode) else None
    return Mark(m.line + 1, m.column + 1, style)


def _check_tag(node: Node, kind: str, mark: Mark) -> None:
    if str(node.tag) != _CORE + kind:
        _refuse_tag(node.tag, mark)


def _refuse_tag(tag: object, mark: Mark) -> None:
    raise YamlProblem(
        f"the YAML tag `{tag}` is not allowed in a scenario",
        mark.line,
        mark.col,
        hint="scenario files hold plain data only; remove the `!...` tag",
        code="yaml-tag",
    )


def _scalar(node: ScalarNode, mark: Mark) -> Any:
    tag = str(node.tag)
    value = node.value
    if tag == _CORE + "str":
        return value.replace("\a", "") if node.style == ">" else value  # \a marks folds
    if tag == _CORE + "null":
        return None
    if tag == _CORE + "bool":
        return value.lower() == "true"
    if tag == _CORE + "int":
        text = value.replace("_", "")
        if len(text.lstrip("+-")) > MAX_INT_DIGITS:
            raise YamlProblem(
                f"the integer has {len(text.lstrip('+-')):,} digits; at most "
                f"{MAX_INT_DIGITS:,} are read",
                line=mark.line,
                col=mark.col,
                hint="no figure or count in a scenario needs a number this long",
                code="yaml-number",
            )
        if _HEX.match(value):
            return int(text, 16)
        if _OCT.match(value):
            return int(text[2:], 8)
        if _INT.match(value):
            return int(text)
        return value
    if tag == _CORE + "float":
        text = value.lower().replace("_", "")
        if text in (".inf", "+.inf"):
            return math.inf
        if text == "-.inf":
            return -math.inf
        if text == ".nan":
            return math.nan
        try:
            return float(text)
        except ValueError:
            return value
    if tag == _CORE + "timestamp":
        return value  # dates stay text: "as_of: 2022-03-24"
    _refuse_tag(tag, mark)
    return None  # pragma: no cover
