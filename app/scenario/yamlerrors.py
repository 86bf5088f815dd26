"""YAML syntax errors in plain words: what went wrong, on which line, and the fix.

The YAML reader stops at the first thing it cannot read and says so in its own
terms ("did not find expected key", "mapping values are not allowed here").
Authors are not programmers: `explain` reads the source lines around the place
the reader stopped and names the usual slip behind it — a tab, a line indented
out of step with the lines it belongs to, a missing space after a colon, an
unclosed quote or bracket, a second `: ` inside a value, a value starting with
a character YAML reserves — with the line to look at and how to write it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ruamel.yaml.error import MarkedYAMLError

GENERAL_HINT = (
    "check the indentation (spaces, not tabs, lined up with the lines it belongs to) and that "
    "every `key: value` has a space after the colon; quote text that contains `: ` or starts "
    "with a special character"
)

_KEY_LINE = re.compile(r"^(?P<lead>\s*(?:-\s+)*)(?P<key>[^\s#'\"\[\]{},:][^#:]*?):(?:\s+|$)")
_NO_SPACE = re.compile(
    r"(?:^|(?<=[\s{\[,]))(?P<key>[A-Za-z_][\w.>-]*):(?P<value>[^\s:/,\]}][^,\]}]*)"
)
_BLOCK_START = re.compile(r"(?:^\s*-|:)\s+[|>][-+0-9]*\s*(?:#.*)?$")
_QUOTED = re.compile(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'")
_RESERVED_START = {
    "*": "`*` at the start of a value makes it a reference to an anchor (`*name`)",
    "&": "`&` at the start of a value makes it an anchor (`&name`)",
    "@": "YAML reserves `@` at the start of a value",
    "`": "YAML reserves the backtick (`) at the start of a value",
    "%": "`%` at the start of a value is reserved for YAML directives",
    "!": "`!` at the start of a value makes it a YAML tag",
    "|": "`|` at the start of a value starts a block of text on the lines below",
    ">": "`>` at the start of a value starts a folded block of text on the lines below",
}


@dataclass(frozen=True, slots=True)
class Explained:
    message: str
    line: int  # 1-based
    col: int  # 1-based
    hint: str


def explain(text: str, exc: MarkedYAMLError) -> Explained:
    """The plain-words account of a YAML reader error in `text`."""
    return _Explainer(text, exc).run()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _spaces(n: int) -> str:
    return f"{n} space" if n == 1 else f"{n} spaces"


def _lines_text(numbers: list[int]) -> str:
    words = [str(n) for n in numbers]
    if len(words) == 1:
        return f"line {words[0]}"
    return f"lines {', '.join(words[:-1])} and {words[-1]}"


def quoted_fix(line: str) -> str:
    """`line` with its value in double quotes: `name: *bold*` -> `name: "*bold*"`."""
    body = line.strip()
    m = _KEY_LINE.match(line)
    if m:
        key, value = f"{m.group('lead').strip()} {m.group('key')}".strip(), line[m.end() :]
        prefix = f"{key}: "
    elif body.startswith("- "):
        prefix, value = "- ", body[2:]
    else:
        prefix, value = "", body
    value = value.strip()
    if value[:1] in "\"'" and value[-1:] != value[:1]:
        value = value[1:]
    return prefix + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Explainer:
    def __init__(self, text: str, exc: MarkedYAMLError) -> None:
        self.lines = text.split("\n")
        self.problem = exc.problem or ""
        self.context = exc.context or ""
        pm, cm = exc.problem_mark, exc.context_mark
        mark = pm or cm
        self.pl, self.pc = (mark.line, mark.column) if mark else (0, 0)
        self.cl, self.cc = (cm.line, cm.column) if cm else (self.pl, self.pc)

    def line(self, n: int) -> str:
        return self.lines[n] if 0 <= n < len(self.lines) else ""

    def char(self, n: int, col: int) -> str:
        text = self.line(n)
        return text[col] if 0 <= col < len(text) else ""

    def run(self) -> Explained:
        for check in (
            self.tab,
            self.documents,
            self.quote,
            self.reserved,
            self.block_text,
            self.missing_space,
            self.stray_close,
            self.unclosed_flow,
            self.second_colon,
            self.no_key,
            self.indentation,
            self.text_after_quote,
        ):
            found = check()
            if found is not None:
                return found
        return Explained(
            f"line {self.pl + 1} cannot be read as YAML (the reader says: {self.problem or 'malformed'})",
            self.pl + 1,
            self.pc + 1,
            GENERAL_HINT,
        )

    # --- the usual slips, most specific first -----------------------------------

    def tab(self) -> Explained | None:
        def tab_indented(n: int) -> bool:
            text = self.line(n)
            return "\t" in text[: len(text) - len(text.lstrip(" \t"))]

        starts = [n for n in range(len(self.lines)) if self.line(n).startswith("\t")]
        if self.char(self.pl, self.pc) == "\t" or "tab" in self.problem:
            n = (
                self.pl
                if tab_indented(self.pl)
                else next((k for k in range(self.pl, -1, -1) if tab_indented(k)), self.pl)
            )
        elif starts and starts[0] <= self.pl:
            n = starts[0]
        else:
            return None
        others = [k + 1 for k in starts if k != n]
        hint = "replace the tab with spaces, lined up with the lines around it"
        if others:
            hint += f"; {_lines_text(others)} also start with a tab"
        hint += " (most editors can be set to insert spaces when you press Tab)"
        return Explained(
            f"line {n + 1} is indented with a tab: YAML indents with spaces only", n + 1, 1, hint
        )

    def documents(self) -> Explained | None:
        if "another document" not in self.problem:
            return None
        return Explained(
            f"a second document starts on line {self.pl + 1} (`---`): a scenario file holds "
            "one document",
            self.pl + 1,
            self.pc + 1,
            "remove the `---` line and keep one scenario per file",
        )

    def quote(self) -> Explained | None:
        if "quoted scalar" not in self.context:
            return None
        q = self.char(self.cl, self.cc) or '"'
        kind = "double" if q == '"' else "single"
        inside = '`\\"`' if q == '"' else "`''` (two single quotes)"
        return Explained(
            f"the {kind} quote (`{q}`) opened on line {self.cl + 1} is never closed",
            self.cl + 1,
            self.cc + 1,
            f"end the text with `{q}` on the line where it ends; to put a `{q}` inside the "
            f"text, write {inside}",
        )

    def reserved(self) -> Explained | None:
        alias = None
        if "undefined alias" in self.problem:
            alias = re.match(r"\*([^\s,\]}]+)", self.line(self.pl)[self.pc :])
            n, col = self.pl, self.pc
        elif "alias" in self.context or "anchor" in self.context:
            n, col = self.cl, self.cc
        elif "cannot start any token" in self.problem:
            n, col = self.pl, self.pc
        else:
            return None
        ch = self.char(n, col)
        if ch not in _RESERVED_START:
            return None
        source = self.line(n)
        if alias:
            message = (
                f"`*{alias.group(1)}` reads as a reference to an anchor `&{alias.group(1)}`, "
                f"and there is none: {_RESERVED_START['*']}"
            )
        else:
            message = f"line {n + 1}: {_RESERVED_START[ch]}, so this value cannot be read"
        return Explained(message, n + 1, col + 1, f"put the text in quotes: `{quoted_fix(source)}`")

    def stray_close(self) -> Explained | None:
        ch = self.char(self.pl, self.pc)
        if ch not in "]}" or not ch:
            return None
        opener = "[" if ch == "]" else "{"
        return Explained(
            f"a stray `{ch}` on line {self.pl + 1}: no `{opener}` is open here",
            self.pl + 1,
            self.pc + 1,
            f"remove the `{ch}`, or, if it is part of the text, quote the whole value: "
            f"`{quoted_fix(self.line(self.pl))}`",
        )

    def unclosed_flow(self) -> Explained | None:
        m = re.search(r"flow (sequence|mapping)", self.context)
        if not m:
            return None
        opener, closer = ("[", "]") if m.group(1) == "sequence" else ("{", "}")
        what = "list" if opener == "[" else "mapping"
        if self.pl == self.cl:
            return Explained(
                f"the `{opener}` opened on line {self.cl + 1} has something it cannot read "
                f"before its `{closer}`",
                self.pl + 1,
                self.pc + 1,
                f"separate the items with `, `; quote an item that contains `:`, `,`, "
                f"`{opener}` or `{closer}`",
            )
        return Explained(
            f"the `{opener}` opened on line {self.cl + 1} is not closed: the {what} runs on "
            f"to line {self.pl + 1}",
            self.cl + 1,
            self.cc + 1,
            f"close it with `{closer}` at the end of the {what} (like `{opener}a, b{closer}`), "
            f"or write one `- item` per line instead",
        )

    def second_colon(self) -> Explained | None:
        if "mapping values are not allowed" not in self.problem:
            return None
        source = self.line(self.pl)
        m = _KEY_LINE.match(source)
        if m and m.end() <= self.pc:  # `key: value: more`
            key = m.group("key")
            return Explained(
                f"the value of `{key}` on line {self.pl + 1} holds a second `: `, which YAML "
                "reads as the start of another value",
                self.pl + 1,
                self.pc + 1,
                f"quote the value: `{quoted_fix(source)}`",
            )
        return self.indentation(deeper_only=True)

    def missing_space(self) -> Explained | None:
        """`key:value`: the reader takes it for text and stumbles a little later."""
        if not any(w in self.problem for w in ("expected", "not allowed", "unexpected ':'")):
            return None
        near = [*range(self.pl, max(0, self.pl - 3) - 1, -1), self.cl, *self._text_run()]
        for n in dict.fromkeys(near):
            source = self.line(n).split(" #")[0]
            if source.lstrip().startswith("#"):
                continue
            quoted = [q.span() for q in _QUOTED.finditer(source)]
            m = next(
                (
                    m
                    for m in _NO_SPACE.finditer(source)
                    if not any(a < m.start() < b for a, b in quoted)
                ),
                None,
            )
            if m:
                key, value = m.group("key"), m.group("value").rstrip()
                return Explained(
                    f"line {n + 1}: no space after the colon in `{key}:{value}`",
                    n + 1,
                    m.end("key") + 1,
                    f"YAML needs a space after the colon of a key: write `{key}: {value}`",
                )
        return None

    def block_text(self) -> Explained | None:
        """A line of a `|` or `>` text block indented less than the block's first line."""
        n = self.pl
        while n > 0 and not _content(self.line(n)):
            n -= 1
        k = _indent(self.line(n))
        for p in range(n - 1, max(-1, n - 400), -1):
            text = self.line(p)
            if not text.strip():
                continue
            if _BLOCK_START.search(text) and _indent(text) < k:
                first = next(q for q in range(p + 1, n + 1) if self.line(q).strip())
                head = _indent(self.line(first))
                if first == n or head <= k:
                    return None
                return Explained(
                    f"line {n + 1} is indented {_spaces(k)}, less than line {first + 1} "
                    f"({_spaces(head)}), the first line of the block of text that starts on "
                    f"line {p + 1}",
                    n + 1,
                    k + 1,
                    f"a block of text takes its indentation from its first line: indent line "
                    f"{first + 1} like the lines after it, or them like it",
                )
            if _indent(text) < k:
                return None
        return None

    def _text_run(self) -> list[int]:
        """The lines above the problem back to the nearest `key: value` line: where a
        `key:value` slip starts a text that runs on until the reader stumbles."""
        run = []
        for n in range(self.pl - 1, max(-1, self.pl - 60), -1):
            run.append(n)
            if _KEY_LINE.match(self.line(n)):
                break
        return run

    def no_key(self) -> Explained | None:
        if "simple key" not in self.context or ":" in self.line(self.cl):
            return None
        return Explained(
            f"line {self.cl + 1} is neither a `key: value` line nor a list item",
            self.cl + 1,
            self.cc + 1,
            "add the key (`key: value`), start a list item with `- `, or, if it continues "
            "the text above, quote that text or write it as a block (`key: |`)",
        )

    def text_after_quote(self) -> Explained | None:
        before = self.line(self.pl)[: self.pc]
        if not re.search(r"[\"']\s+$", before):
            return None
        return Explained(
            f"text follows the closing quote on line {self.pl + 1}",
            self.pl + 1,
            self.pc + 1,
            "put the whole value inside the quotes, or remove what follows them",
        )

    def indentation(self, *, deeper_only: bool = False) -> Explained | None:
        """A line whose indentation lines up with nothing it could belong to."""
        n = self.pl
        while n > 0 and not _content(self.line(n)):
            n -= 1
        source = self.line(n)
        k = _indent(source)
        prev = next((p for p in range(n - 1, -1, -1) if _content(self.line(p))), None)
        if prev is None:
            return None
        levels = self._levels(prev)
        prev_text = self.line(prev)
        opens = prev_text.rstrip().endswith(":") or prev_text.strip() == "-"
        if k > _indent(prev_text) and not opens:
            key = _KEY_LINE.match(prev_text)
            what = f"the value of `{key.group('key')}`" if key else "the line above"
            line_up = self._nearest(levels, k, source)
            return Explained(
                f"line {n + 1} is indented {_spaces(k)}, deeper than line {prev + 1} "
                f"({_spaces(_indent(prev_text))}), so YAML reads it as part of {what}",
                n + 1,
                k + 1,
                f"line it up with {self._what(line_up)} ({_spaces(line_up[0])})",
            )
        if deeper_only:
            return None
        if k in levels:
            return self._list_slip(n, k, levels)
        top = next(p for p in range(len(self.lines)) if _content(self.line(p)))
        if k < _indent(self.line(top)):
            return Explained(
                f"line {top + 1} is indented {_spaces(_indent(self.line(top)))}: the top-level "
                "keys of a scenario start at the beginning of the line",
                top + 1,
                1,
                "remove the spaces in front of the top-level keys (`format:`, `scenario:` ...)",
            )
        line_up = self._nearest(levels, k, source)
        return Explained(
            f"line {n + 1} is indented {_spaces(k)}, which lines up with none of the lines "
            "it could belong to",
            n + 1,
            k + 1,
            f"the lines of one mapping or list start at the same column: line it up with "
            f"{self._what(line_up)} ({_spaces(line_up[0])}), or that line with this one",
        )

    def _list_slip(self, n: int, k: int, levels: dict[int, int]) -> Explained | None:
        """`key: value` at the column of the list above it, or a `- ` item among keys."""
        owner = levels[k]
        owner_text = self.line(owner).lstrip(" ")
        source = self.line(n).lstrip(" ")
        if owner_text.startswith("- ") and not source.startswith("-"):
            return Explained(
                f"line {n + 1} is a `key: value` line at the column of the list on line "
                f"{owner + 1}: a list holds only `- ` items",
                n + 1,
                k + 1,
                f"start it with `- ` to make it a new item, or indent it by "
                f"{_spaces(2)} more to add it to the item above",
            )
        if source.startswith("- ") and not owner_text.startswith("- "):
            return Explained(
                f"line {n + 1} is a list item (`- `) among the `key: value` lines of the "
                f"mapping on line {owner + 1}",
                n + 1,
                k + 1,
                "indent the list under the key it belongs to, or remove the `- `",
            )
        return None

    def _levels(self, prev: int) -> dict[int, int]:
        """Columns a line after `prev` may start at (column -> the line that sets it)."""
        levels: dict[int, int] = {}
        bound = None
        for p in range(prev, -1, -1):
            text = self.line(p)
            if not _content(text):
                continue
            k = _indent(text)
            if bound is not None and k >= bound:
                continue
            bound = k
            levels.setdefault(k, p)
            m = re.match(r"\s*((?:-\s+)+)", text)
            if m and m.end() < len(text):
                levels.setdefault(m.end(), p)
            if k == 0:
                break
        return levels

    def _nearest(self, levels: dict[int, int], k: int, source: str) -> tuple[int, int]:
        """The column (and its line) the slipped line most likely meant."""
        dash = source.lstrip(" ").startswith("- ")

        def fits(col: int) -> tuple[int, int, int]:
            kind_matches = self.line(levels[col]).lstrip(" ").startswith("- ") == dash
            return (abs(col - k), 0 if kind_matches else 1, -levels[col])

        col = min(sorted(levels), key=fits)
        return col, levels[col]

    def _what(self, level: tuple[int, int]) -> str:
        col, p = level
        text = self.line(p)
        if _indent(text) != col:  # the keys inside a `- ` item
            m = _KEY_LINE.match(" " * col + text[col:])
            start = f"`{m.group('key')}:`" if m else f"`{text[col:].strip()[:30]}`"
            return f"{start} on line {p + 1}"
        start = text.strip()
        m = _KEY_LINE.match(text)
        if start.startswith("- "):
            shown = f"`{start[:30]}`"
        elif m:
            shown = f"`{m.group('key')}:`"
        else:
            shown = f"`{start[:30]}`"
        return f"{shown} on line {p + 1}"
