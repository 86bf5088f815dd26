"""Load a scenario file and report every problem in it with its line.

The stages, each stopping only what cannot go on without it:
read the bytes -> compose the YAML (app.scenario.yamldoc) -> migrate old
formats -> check structure (pydantic) -> check references and expressions
(app.scenario.references). Every problem becomes a `Diagnostic`; no input,
however broken, raises anything else.
"""

from __future__ import annotations

import difflib
import json
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from app.diagnostics import Diagnostic, has_errors
from app.scenario import references
from app.scenario.migrate import FormatProblem, migrate
from app.scenario.model import FORMAT_VERSION, Scenario
from app.scenario.schema import count_limits, out_of_range

if TYPE_CHECKING:  # the YAML reader (ruamel) is imported when a file is read, not before
    from app.scenario.yamldoc import Mark, PathKey, YamlDoc, YamlProblem


@dataclass
class Loaded:
    """A scenario as read from one file: the model (if valid) and every problem."""

    path: str
    text: str = ""
    doc: YamlDoc | None = None
    scenario: Scenario | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.scenario is not None and not has_errors(self.diagnostics)

    def at(self, path: PathKey, *, key: bool = False) -> Mark:
        if self.doc:
            return self.doc.mark(path, key=key)
        from app.scenario.yamldoc import Mark

        return Mark(1, 1)

    def diag(
        self,
        path: PathKey,
        severity: str,
        code: str,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
        col: int | None = None,
        expr_line: int = 1,
    ) -> Diagnostic:
        mark = self.at(path, key=key)
        line, column = mark.line, mark.col
        if col is not None:  # a column inside an expression string
            if mark.style == "|":  # the text starts on the next line, indented
                line += expr_line
                text_lines = self.text.splitlines()
                here = text_lines[line - 1] if line <= len(text_lines) else ""
                indent = len(here) - len(here.lstrip(" "))
                column = indent + col
            elif mark.style == ">":  # folded into one line: point at the first
                following = self.text.splitlines()[line : line + 1] or [""]
                line, column = line + 1, len(following[0]) - len(following[0].lstrip(" ")) + 1
            elif expr_line == 1:
                column = mark.col + (1 if mark.style in ("'", '"') else 0) + col - 1
        return Diagnostic(
            self.path,
            line,
            column,
            severity,
            code,  # type: ignore[arg-type]
            self.placed(message),
            self.placed(hint),
        )

    def placed(self, text: str) -> str:
        """`text` with each `{at:[...]}` place (a path in the data) written as `file:line`."""
        return _PLACE.sub(lambda m: self.where(_place_path(m)), text) if "{at:" in text else text

    def where(self, path: PathKey) -> str:
        line = self.at(path, key=True).line
        return f"line {line}" if self.path.startswith("<") else f"{self.path}:{line}"


_PLACE = re.compile(r"\{at:(\[[^\]]*\])\}")


def _place_path(m: re.Match[str]) -> PathKey:
    try:
        parts = json.loads(m.group(1))
    except ValueError:  # pragma: no cover - written by references._path_text
        return ()
    return tuple(p for p in parts if isinstance(p, str | int))


_CACHE: dict[tuple[str, int, int], Loaded] = {}


def load_file(path: str | Path) -> Loaded:
    """Read and check a scenario file; never raises for bad input. An unchanged file
    (same path, size and modification time) is checked once per process."""
    try:
        st = Path(path).stat()
        key: tuple[str, int, int] | None = (str(Path(path).resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    loaded = _load_file(path)
    if key is not None:
        if len(_CACHE) > 32:
            _CACHE.clear()
        _CACHE[key] = loaded
    return loaded


def _load_file(path: str | Path) -> Loaded:
    from app.scenario.yamldoc import YamlProblem, read_text

    loaded = Loaded(str(path))
    try:
        loaded.text = read_text(path)
    except YamlProblem as p:
        loaded.diagnostics.append(_problem(loaded.path, p))
        return loaded
    return _check(loaded)


def load_text(text: str, path: str = "<scenario>") -> Loaded:
    """Check scenario text that is already in memory (the editor, tests, saved sessions)."""
    return _check(Loaded(path, text))


def load_ok(path: str | Path) -> Scenario:
    """Load a scenario that must be valid (the bundled ones); raises ValueError with the report."""
    loaded = load_file(path)
    if not loaded.ok:
        raise ValueError("\n".join(d.format() for d in loaded.diagnostics))
    assert loaded.scenario is not None
    return loaded.scenario


def _problem(path: str, p: YamlProblem) -> Diagnostic:
    return Diagnostic(path, p.line, p.col, "error", p.code, p.message, p.hint)


def _check(loaded: Loaded) -> Loaded:
    from app.scenario.yamldoc import YamlProblem, parse

    try:
        loaded.doc = parse(loaded.text, loaded.path)
    except YamlProblem as p:
        loaded.diagnostics.append(_problem(loaded.path, p))
        return loaded
    data = loaded.doc.data
    if not isinstance(data, dict):
        what = {list: "a list", str: "a piece of text"}.get(type(data), "a single value")
        loaded.diagnostics.append(
            loaded.diag(
                (),
                "error",
                "top-level",
                f"the file holds {what}; a scenario is a mapping of sections",
                f"start with `format: {FORMAT_VERSION}`, then `scenario:`, `parties:`, `issues:` ...",
            )
        )
        return loaded
    if "format" not in data:  # say so, and check the rest as the current format
        loaded.diagnostics.append(
            loaded.diag(
                (),
                "error",
                "format-missing",
                "the file does not say its format",
                f"add `format: {FORMAT_VERSION}` as the first line; the rest of the file was "
                f"checked as format {FORMAT_VERSION}",
            )
        )
        data = {"format": FORMAT_VERSION, **data}
    try:
        data, _notes = migrate(data)
    except FormatProblem as p:
        loaded.diagnostics.append(
            loaded.diag(("format",), "error", "format-version", p.message, p.hint)
        )
        return loaded
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        loaded.diagnostics.extend(_structure(loaded, exc))
        return loaded
    except RecursionError:  # pragma: no cover - the YAML depth bound comes first
        loaded.diagnostics.append(loaded.diag((), "error", "yaml-too-deep", "nested too deeply"))
        return loaded
    for prob in references.check(scenario):
        loaded.diagnostics.append(
            loaded.diag(
                prob.path,
                prob.severity,
                prob.code,
                prob.message,
                prob.hint,
                key=prob.key,
                col=prob.col,
                expr_line=prob.expr_line,
            )
        )
        if prob.code == "id-duplicate":
            loaded.diagnostics.extend(_other_place(loaded, prob.path, prob.message))
    if not has_errors(loaded.diagnostics):
        loaded.scenario = scenario
    return loaded


def _other_place(loaded: Loaded, path: PathKey, message: str) -> list[Diagnostic]:
    """A duplicate id points to both lines: a note at the first use naming the second."""
    m = _PLACE.search(message)
    if not m:
        return []
    ident = message.split("`")[1] if message.count("`") >= 2 else "this id"
    return [
        loaded.diag(
            _place_path(m),
            "info",
            "id-duplicate",
            f"the id `{ident}` is used again at {loaded.where(path)}",
            "ids are unique across the whole scenario: rename one of them",
            key=True,
        )
    ]


# --- structural errors --------------------------------------------------------

_TYPE_WORDS = {
    "int": "a whole number",
    "float": "a number",
    "string": "text",
    "bool": "true or false",
    "list": "a list (lines starting with `- `)",
    "dict": "a mapping (`key: value` lines)",
    "model": "a mapping (`key: value` lines)",
    "tuple": "a list of two numbers, like [0, 100]",
}


def _structure(loaded: Loaded, exc: ValidationError) -> list[Diagnostic]:
    seen: set[tuple[PathKey, str]] = set()
    out = []
    data = loaded.doc.data if loaded.doc else {}
    for err in exc.errors(include_url=False):
        path = _data_path(data, err["loc"])
        etype = err["type"]
        if (path, etype.split("_")[0]) in seen or (path, "union") in seen:
            continue
        seen.add((path, etype.split("_")[0]))
        if len(err["loc"]) > len(path) + (1 if etype == "missing" else 0):
            seen.add((path, "union"))
        out.append(_one(loaded, path, err, data))
    return out


def _data_path(data: Any, loc: tuple[Any, ...]) -> PathKey:
    """The part of a pydantic location that exists in the data (drops union tags)."""
    path: list[str | int] = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and not path_tag(part):
            path.append(part)  # a missing key, or an extra one
            node = None
    return tuple(path)


def path_tag(part: str) -> bool:
    """Pydantic marks union branches in locations with tags like `float` or `function-after[...]`."""
    return "[" in part or part in ("float", "str", "int", "bool", "list", "dict", "tuple")


def _one(loaded: Loaded, path: PathKey, err: Any, data: Any) -> Diagnostic:
    etype, msg = err["type"], err["msg"]
    given = err.get("input")
    where = f"`{path[-1]}`" if path and isinstance(path[-1], str) else "this value"
    if etype == "extra_forbidden":
        key = str(path[-1])
        allowed = allowed_keys(path[:-1])
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = (
            f"did you mean `{close[0]}`?"
            if close
            else (f"allowed here: {', '.join(allowed)}" if allowed else "")
        )
        return loaded.diag(path, "error", "unknown-key", f"unknown key `{key}`", hint, key=True)
    if etype == "missing":
        name = str(path[-1])
        return loaded.diag(
            path[:-1],
            "error",
            "missing-key",
            f"missing `{name}` in {_what(path[:-1])}",
            f"add `{name}: ...` here",
            key=True,
        )
    if etype.startswith("literal_error"):
        expected = err.get("ctx", {}).get("expected", "")
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")]
        close = difflib.get_close_matches(str(given), options, n=1, cutoff=0.5)
        hint = f"did you mean `{close[0]}`?" if close else f"one of: {', '.join(options)}"
        return loaded.diag(path, "error", "bad-choice", f"{where} cannot be `{given}`", hint)
    if etype == "value_error" or etype == "assertion_error":
        text = msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        return loaded.diag(path, "error", "bad-value", text)
    if etype == "string_pattern_mismatch":
        if path and path[-1] in ("id",) or "Id" in msg or path and "id" in str(path[-1]):
            return loaded.diag(
                path,
                "error",
                "bad-id",
                f"`{given}` is not a valid id",
                "an id starts with a letter and holds only letters, digits and _",
            )
        return loaded.diag(
            path,
            "error",
            "bad-format",
            f"{where}: `{given}` has the wrong form",
            msg.replace("String should match pattern", "expected the pattern"),
        )
    if etype in ("too_short", "too_long") and _field_at(path):
        least, most = count_limits(*_field_at(path))  # type: ignore[misc]
        count = len(given) if isinstance(given, list) else 0
        need = f"at least {least}" if etype == "too_short" else f"at most {most}"
        return loaded.diag(
            path,
            "error",
            "bad-size",
            f"{where} needs {need} {'entry' if need.endswith(' 1') else 'entries'}, not {count}",
        )
    if etype in ("too_short", "too_long", "string_too_long", "string_too_short"):
        return loaded.diag(path, "error", "bad-size", f"{where}: {msg[0].lower()}{msg[1:]}")
    empty = _emptied(loaded, path) if given is None else None
    if empty:
        return loaded.diag(path, "error", "empty-value", *empty)
    for word, phrase in _TYPE_WORDS.items():
        if etype.startswith(word) or etype.startswith(f"{word}_"):
            got = _describe(given)
            return loaded.diag(
                path,
                "error",
                "bad-type",
                f"{where} should be {phrase}, not {got}",
                _type_hint(etype, given),
            )
    if etype.startswith(("greater", "less")):
        field = _field_at(path)
        text = out_of_range(*field, given) if field else f"{where}: {msg[0].lower()}{msg[1:]}"
        return loaded.diag(path, "error", "out-of-range", text)
    return loaded.diag(path, "error", "bad-value", f"{where}: {msg}")


_MODEL_WORDS = {
    "Meta": "the `scenario:` section",
    "Batna": "the BATNA",
    "BotSpec": "the bot",
    "OutcomeSpec": "the `outcome:` section",
    "ScheduleAt": "`at`",
    "CustomMove": "this custom move",
    "Infeasible": "this note",
}


def _what(path: PathKey) -> str:
    """What the mapping at `path` is, in words: `this option`, `the file's top level`."""
    if not path:
        return "the top level of the file"
    model = _model_in(_type_at(path))
    if model is None:
        return f"`{path[-1]}`"
    name = model.__name__
    if name in _MODEL_WORDS:
        return _MODEL_WORDS[name]
    word = re.sub(r"(?<!^)([A-Z])", r" \1", name).lower()
    return f"this {word}" if isinstance(path[-1], int) else f"`{path[-1]}`"


def _type_at(path: PathKey) -> Any:
    tp: Any = Scenario
    for part in path:
        tp = _step(tp, part)
        if tp is None:
            return None
    return tp


def _field_at(path: PathKey) -> tuple[type[BaseModel], str] | None:
    """The model and field name a value at `path` belongs to."""
    if not path or not isinstance(path[-1], str):
        return None
    model = _model_in(_type_at(path[:-1]))
    return (model, path[-1]) if model and path[-1] in model.model_fields else None


_SQUEEZED = re.compile(r"^([A-Za-z_][\w.-]*):(\S.*)$")
_EMPTIED = re.compile(r":[ \t]+(?P<mark>[#&!])(?P<rest>\S.*)$")


def _emptied(loaded: Loaded, path: PathKey) -> tuple[str, str] | None:
    """Why a value is empty when its line shows one: an unquoted `#` (a comment) or `&`
    (an anchor) right after the colon. Returns the message and the hint."""
    if not path or not isinstance(path[-1], str):
        return None
    line = loaded.at(path, key=True).line
    lines = loaded.text.splitlines()
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    m = _EMPTIED.search(source)
    if not m or not source.lstrip(" -").startswith(path[-1]):
        return None
    key, value = path[-1], f"{m.group('mark')}{m.group('rest')}".rstrip()
    starts = {
        "#": "`#` starts a comment in YAML",
        "&": "`&` starts an anchor name in YAML",
        "!": "`!` starts a tag in YAML",
    }[m.group("mark")]
    return (
        f"{starts}, so `{key}` is empty here",
        f'quote it: `{key}: "{value.replace(chr(34), chr(92) + chr(34))}"`',
    )


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    return f"`{text[:40]}{'...' if len(text) > 40 else ''}`"


def _type_hint(etype: str, given: Any) -> str:
    squeezed = _SQUEEZED.match(given) if isinstance(given, str) else None
    if squeezed and etype.startswith(("dict", "model")):
        return (
            f"to write `{squeezed.group(1)}` as a key, put a space after the colon: "
            f"`{squeezed.group(1)}: {squeezed.group(2)}`"
        )
    if etype.startswith(("list", "tuple")) and isinstance(given, str):
        return f"write a list: [{given}] or one `- {given}` line per item"
    if etype.startswith(("int", "float")) and isinstance(given, str):
        return "write the number without quotes or units"
    if etype.startswith("string") and given is None:
        return "write the text after the colon, or remove the key"
    return ""


def allowed_keys(path: PathKey) -> list[str]:
    """The keys the model accepts at `path` (for "did you mean")."""
    model = _model_in(_type_at(path))
    return list(model.model_fields) if model else []


def _model_in(tp: Any) -> type[BaseModel] | None:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    for arg in typing.get_args(tp):
        found = _model_in(arg) if not isinstance(arg, str | int | float) else None
        if found:
            return found
    return None


def _step(tp: Any, part: str | int) -> Any:
    model = _model_in(tp) if isinstance(part, str) else None
    if model is not None and part in model.model_fields:
        return model.model_fields[part].annotation
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType, typing.Annotated):
        for arg in args:
            step = _step(arg, part)
            if step is not None:
                return step
        return None
    if origin is list and isinstance(part, int):
        return args[0]
    if origin is dict and isinstance(part, str):
        return args[1]
    return None
