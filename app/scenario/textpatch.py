"""Change one value in a scenario's YAML text and nothing else.

The editor's forms write back through here: the value at a data path is
replaced where it stands (its line and column from `app.scenario.yamldoc`), a
missing key is added to its mapping (inside `{...}`, or as a new line lined up
with its siblings), a list gains or loses an item, and everything else —
comments, key order, quoting, blank lines — stays as the author wrote it.
"""

from __future__ import annotations

from typing import Any

from app.scenario.yamldoc import Mark, PathKey, YamlDoc, YamlProblem, parse


class PatchError(ValueError):
    """The text cannot take the change: its YAML does not read, or the path has no place."""


def scalar_text(value: Any) -> str:
    """A value as a scenario writes it: `60`, `0.3`, `true`, `"text"`."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, int):
        return str(value)
    text = str(value)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def set_value(text: str, path: PathKey, value: Any) -> str:
    """`text` with the scalar at `path` set to `value`, adding the key if it is missing."""
    return _Patch(text).set(tuple(path), scalar_text(value))


def set_prose(text: str, path: PathKey, value: str) -> str:
    """`text` with the text at `path` set to `value`: a value of several lines as a literal
    block (`key: |` and its lines indented under the key), one line as a quoted string.
    A comment on the key's line stays; a missing key is added with the lines escaped."""
    return _Patch(text).prose(tuple(path), value)


def set_strings(text: str, path: PathKey, items: list[str]) -> str:
    """`text` with the list of texts at `path` replaced by `items`: a block list stays one
    `- "item"` per line, anything else becomes `["a", "b"]`."""
    return _Patch(text).strings(tuple(path), items)


def toggle_in_list(text: str, path: PathKey, item: str, present: bool) -> str:
    """`text` with `item` added to (`present`) or removed from the list of ids at `path`.
    A flow list stays `[a, b]`, a block list stays one `- item` per line, and a missing
    list is added as `key: [item]`."""
    return _Patch(text).toggle(tuple(path), item, present)


def get(data: Any, path: PathKey) -> Any:
    """The value at `path` in plain data, or None."""
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


class _Patch:
    def __init__(self, text: str) -> None:
        try:
            self.doc: YamlDoc = parse(text)
        except YamlProblem as p:
            raise PatchError(f"line {p.line}: {p.message}") from None
        self.text = text
        self.starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]

    def offset(self, mark: Mark) -> int:
        return self.starts[mark.line - 1] + mark.col - 1

    def value(self, path: PathKey) -> Any:
        return get(self.doc.data, path)

    # --- scalars and keys ----------------------------------------------------------

    def set(self, path: PathKey, written: str) -> str:
        if path in self.doc.values and not isinstance(self.value(path), dict | list):
            start = self.offset(self.doc.values[path])
            if self.value(path) is None and self.text[start : start + 1] in ("\n", ""):
                return self.text[:start] + " " + written + self.text[start:]  # `key:` alone
            end = self.scalar_end(start, self.doc.values[path].style)
            return self.text[:start] + written + self.text[end:]
        if not path or not isinstance(path[-1], str):
            raise PatchError("a form can add keys, not list items")
        return self.add_key(path[:-1], path[-1], written)

    def add_key(self, parent: PathKey, key: str, written: str) -> str:
        holder = self.value(parent)
        if holder is None:  # the parent is missing too: add `parent: {key: written}`
            if not parent or not isinstance(parent[-1], str):
                raise PatchError("there is no mapping to add the key to")
            return self.add_key(parent[:-1], parent[-1], "{" + f"{key}: {written}" + "}")
        if not isinstance(holder, dict):
            raise PatchError("the place for the key is not a mapping")
        start = self.offset(self.doc.values[parent]) if parent in self.doc.values else 0
        entry = f"{key}: {written}"
        if parent and self.text[start : start + 1] == "{":
            close = self.flow_end(start) - 1
            if not self.text[start + 1 : close].strip():
                return self.text[:start] + "{" + entry + "}" + self.text[close + 1 :]
            last = len(self.text[:close].rstrip())
            return self.text[:last] + ", " + entry + self.text[last:]
        if not holder:
            raise PatchError("there is no line to line the new key up with")
        last_key = (*parent, list(holder)[-1])
        col = self.doc.keys[last_key].col
        at = self.block_end(last_key)
        lead = "" if at == 0 or self.text[at - 1] == "\n" else "\n"
        return self.text[:at] + lead + " " * (col - 1) + entry + "\n" + self.text[at:]

    # --- prose -------------------------------------------------------------------------

    def prose(self, path: PathKey, value: str) -> str:
        value = value.rstrip("\n")
        mark = self.doc.values.get(path)
        key = self.doc.keys.get(path)
        if mark is None or key is None or isinstance(self.value(path), dict | list):
            escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
            return self.set(path, '"' + escaped + '"')
        start = self.offset(mark)
        line_end = self.text.find("\n", start)
        line_end = len(self.text) if line_end < 0 else line_end
        if mark.style in ("|", ">"):
            head_end, end = line_end, self.block_end(path)
        else:
            head_end = self.scalar_end(start, mark.style) if self.value(path) is not None else start
            end = line_end + 1 if line_end < len(self.text) else line_end
        comment = self.text[head_end:line_end]
        comment = comment if comment.strip().startswith("#") else ""
        if "\n" not in value:
            return self.text[:start] + scalar_text(value) + comment + "\n" + self.text[end:]
        pad = " " * (key.col - 1 + 2)
        body = "".join((pad + line if line.strip() else "") + "\n" for line in value.split("\n"))
        return self.text[:start] + "|" + comment + "\n" + body + self.text[end:]

    def strings(self, path: PathKey, items: list[str]) -> str:
        flow = "[" + ", ".join(scalar_text(i) for i in items) + "]"
        mark = self.doc.values.get(path)
        if mark is None or not isinstance(self.value(path), list):
            return self.set(path, flow)
        start = self.offset(mark)
        if self.text[start : start + 1] == "[":
            return self.text[:start] + flow + self.text[self.flow_end(start) :]
        end = self.block_end(path)
        if not items:
            colon = self.text.index(":", self.offset(self.doc.keys[path])) + 1
            return self.text[:colon] + " []\n" + self.text[end:]
        line_start = self.text.rfind("\n", 0, start) + 1
        indent = " " * (start - line_start)
        body = "".join(f"{indent}- {scalar_text(i)}\n" for i in items)
        return self.text[:line_start] + body + self.text[end:]

    # --- lists -------------------------------------------------------------------------

    def toggle(self, path: PathKey, item: str, present: bool) -> str:
        current = self.value(path)
        items = list(current) if isinstance(current, list) else []
        if (item in items) == present:
            return self.text
        items = [*items, item] if present else [i for i in items if i != item]
        flow = "[" + ", ".join(items) + "]"
        if current is None or path not in self.doc.values:
            return self.set(path, flow)
        start = self.offset(self.doc.values[path])
        if self.text[start : start + 1] == "[":
            return self.text[:start] + flow + self.text[self.flow_end(start) :]
        end = self.block_end(path)
        if not items:  # an emptied block list becomes `key: []`
            colon = self.text.index(":", self.offset(self.doc.keys[path])) + 1
            return self.text[:colon] + " []\n" + self.text[end:]
        line_start = self.text.rfind("\n", 0, start) + 1
        indent = " " * (start - line_start)
        body = "".join(f"{indent}- {i}\n" for i in items)
        return self.text[:line_start] + body + self.text[end:]

    # --- where things end ------------------------------------------------------------

    def scalar_end(self, start: int, style: str | None) -> int:
        text = self.text
        if style in ('"', "'"):
            i = start + 1
            while i < len(text):
                if style == '"' and text[i] == "\\":
                    i += 2
                    continue
                if text[i] == style:
                    if style == "'" and text[i + 1 : i + 2] == "'":
                        i += 2
                        continue
                    return i + 1
                i += 1
            return len(text)
        in_flow = self.in_flow(start)
        i = start
        while i < len(text) and text[i] != "\n":
            if in_flow and text[i] in ",]}":
                break
            if text[i] == "#" and text[i - 1] in " \t":
                break
            i += 1
        while i > start and text[i - 1] in " \t":
            i -= 1
        return i

    def in_flow(self, start: int) -> bool:
        depth = 0
        for ch in self.text[self.text.rfind("\n", 0, start) + 1 : start]:
            depth += 1 if ch in "[{" else -1 if ch in "]}" else 0
        return depth > 0

    def flow_end(self, start: int) -> int:
        """Just past the bracket that closes the `[` or `{` at `start`."""
        depth, quote = 0, ""
        for i in range(start, len(self.text)):
            ch = self.text[i]
            if quote:
                quote = "" if ch == quote else quote
            elif ch in "\"'":
                quote = ch
            elif ch in "[{":
                depth += 1
            elif ch in "]}":
                depth -= 1
                if depth == 0:
                    return i + 1
        return len(self.text)

    def block_end(self, path: PathKey) -> int:
        """Just past the last line of the entry at `path`: its key's line and the lines
        below indented deeper than the key (a `- ` list at the key's own column too)."""
        mark = self.doc.keys.get(path) or self.doc.values[path]
        indent = mark.col - 1
        lines = self.text.split("\n")
        last = mark.line  # 1-based number of the entry's last content line
        for n in range(mark.line, len(lines)):
            line = lines[n]
            stripped = line.strip()
            if not stripped or stripped.startswith("#"):
                continue
            here = len(line) - len(line.lstrip(" "))
            if here < indent or (here == indent and not stripped.startswith("- ")):
                break
            if here == indent and not isinstance(self.value(path), list):
                break
            last = n + 1
        return self.starts[last] if last < len(self.starts) else len(self.text)
