"""YAML highlighting for scenario files: keys, comments, quoted text, numbers and words,
list dashes, anchors and tags, block text (`key: |`), and tabs in indentation (an error).

Line by line, as QSyntaxHighlighter works; a block of text that starts with `|` or
`>` is carried to the following lines through the block state (the key's indent + 1).
"""

from __future__ import annotations

import re

from PySide6.QtGui import (
    QColor,
    QFont,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

_KEY = re.compile(
    r"""^(\s*(?:-\s+)*)([^\s#'"{}\[\],&*!|>%@`-][^#:]*?|"[^"]*"|'[^']*')\s*:(?=\s|$)"""
)
_DASH = re.compile(r"^\s*(-)(?=\s|$)")
_QUOTED = re.compile(r""""(?:[^"\\]|\\.)*"?|'(?:[^']|'')*'?""")
_WORD = re.compile(r"(?<![\w.-])(true|false|null|~|[-+]?\d+(?:\.\d+)?)(?![\w.-])")
_ANCHOR = re.compile(r"(?<!\S)[&*!][^\s,\]}]+")
_BLOCK = re.compile(r":\s*[|>][-+0-9]*\s*(#.*)?$|^\s*-\s+[|>][-+0-9]*\s*(#.*)?$")
_FLOW_KEY = re.compile(r"(?<=[{,])\s*([A-Za-z_][\w.>-]*)\s*:(?=\s)")

# (light theme, dark theme) colours
_COLOURS = {
    "key": ("#1f4e9e", "#8ab4f8"),
    "comment": ("#6a737d", "#9aa0a6"),
    "string": ("#22863a", "#a5d6a7"),
    "word": ("#b35900", "#ffb74d"),
    "dash": ("#6f42c1", "#c792ea"),
    "anchor": ("#b31d28", "#ef9a9a"),
    "block": ("#3b6e2f", "#c5e1a5"),
}


def _fmt(colour: str, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    f = QTextCharFormat()
    f.setForeground(QColor(colour))
    if bold:
        f.setFontWeight(QFont.Weight.Bold)
    f.setFontItalic(italic)
    return f


def comment_start(line: str) -> int:
    """Where a comment starts on `line` (outside quotes), or -1."""
    quote = ""
    for i, ch in enumerate(line):
        if quote:
            quote = "" if ch == quote else quote
        elif ch in "\"'" and (i == 0 or line[i - 1] in " \t:[{,-"):
            quote = ch
        elif ch == "#" and (i == 0 or line[i - 1] in " \t"):
            return i
    return -1


class YamlHighlighter(QSyntaxHighlighter):
    def __init__(self, document: QTextDocument, palette: QPalette | None = None) -> None:
        super().__init__(document)
        dark = palette is not None and palette.color(QPalette.ColorRole.Base).lightness() < 128
        pick = 1 if dark else 0
        self.formats = {
            name: _fmt(c[pick], bold=name == "key", italic=name == "comment")
            for name, c in _COLOURS.items()
        }
        self.tab = QTextCharFormat()
        self.tab.setBackground(QColor("#f28b82"))

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        indent = len(text) - len(text.lstrip(" "))
        carried = self.previousBlockState()
        if carried > 0 and (not text.strip() or indent >= carried):
            self.setFormat(0, len(text), self.formats["block"])
            self.setCurrentBlockState(carried)
            return
        self.setCurrentBlockState(0)
        lead = len(text) - len(text.lstrip(" \t"))
        if "\t" in text[:lead]:
            self.setFormat(0, lead, self.tab)
        cut = comment_start(text)
        body = text if cut < 0 else text[:cut]
        for m in _WORD.finditer(body):
            self.setFormat(m.start(), m.end() - m.start(), self.formats["word"])
        for m in _ANCHOR.finditer(body):
            self.setFormat(m.start(), m.end() - m.start(), self.formats["anchor"])
        for m in _FLOW_KEY.finditer(body):
            self.setFormat(m.start(1), m.end(1) - m.start(1), self.formats["key"])
        m = _DASH.match(body)
        if m:
            self.setFormat(m.start(1), 1, self.formats["dash"])
        key = _KEY.match(body)
        value_from = 0
        if key:
            self.setFormat(key.start(2), key.end(2) - key.start(2), self.formats["key"])
            value_from = key.end()
        for q in _QUOTED.finditer(body, value_from):
            self.setFormat(q.start(), q.end() - q.start(), self.formats["string"])
        if cut >= 0:
            self.setFormat(cut, len(text) - cut, self.formats["comment"])
        if _BLOCK.search(text if cut < 0 else text[:cut].rstrip() + " " + text[cut:]):
            self.setCurrentBlockState(indent + 1)
