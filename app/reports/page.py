"""One HTML document, written for two readers: a browser (charts inline as SVG, one
self-contained file) and Qt's QTextDocument for the PDF (charts as named image resources
that the PDF writer renders to PNG). The report, comparison and brief writers fill a
`Page`; nothing here imports Qt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

SCREEN_CSS = """
body { font-family: 'DejaVu Sans', Arial, sans-serif; max-width: 60em; margin: 1em auto;
       line-height: 1.35; }
"""  # a browser only: Qt's layout narrows the page on `max-width`
CSS = """
body { font-size: BODYpt; color: #111; }
h1 { font-size: H1pt; margin-bottom: 0.2em; }
h2 { font-size: H2pt; margin-top: 1.2em; border-bottom: 1px solid #999; }
h3 { font-size: H3pt; margin-top: 0.8em; }
table { border-collapse: collapse; margin: 0.4em 0; }
th, td { border: 1px solid #bbb; padding: 3px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
.muted { color: #555; }
.later { background: #fff6d5; border: 1px solid #d9b600; padding: 6px; }
.asof { font-style: italic; }
.chart { margin: 0.6em 0; }
"""


def esc(value: Any) -> str:
    return escape("" if value is None else str(value))


def number(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    return str(value)


def signed(value: Any) -> str:
    if value is None:
        return "—"
    return ("+" if value > 0 else "") + number(value)


def _inline(text: str) -> str:
    """Escaped text with **bold** and *italics*."""
    out = esc(text)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])", r"<i>\1</i>", out)


def _cell(value: Any) -> str:
    """A table cell: escaped, with its line breaks kept."""
    return "<br>".join(esc(line) for line in str("" if value is None else value).split("\n"))


class Page:
    """An HTML document built section by section. `images="svg"` puts each chart inline;
    `images="resource"` writes `<img src="chart-N">` and keeps the SVG in `self.images`."""

    def __init__(self, title: str, images: str = "svg") -> None:
        assert images in ("svg", "resource")
        self.title = title
        self.mode = images
        self.parts: list[str] = []
        self.images: dict[str, str] = {}
        self.first = True
        self.font_pt = 10.0

    def add(self, html: str) -> None:
        self.parts.append(html)

    def h1(self, text: str) -> None:
        self.add(f"<h1>{esc(text)}</h1>")

    def section(self, title: str, *, new_page: bool = True, anchor: str = "") -> None:
        """A section heading; in the PDF each section starts on a new page."""
        style = " style='page-break-before: always'" if new_page and not self.first else ""
        ident = f" id='{esc(anchor)}'" if anchor else ""
        self.add(f"<h2{ident}{style}>{esc(title)}</h2>")
        self.first = False

    def h3(self, text: str) -> None:
        self.add(f"<h3>{esc(text)}</h3>")

    def p(self, text: str, cls: str = "") -> None:
        klass = f" class='{cls}'" if cls else ""
        self.add(f"<p{klass}>{esc(text)}</p>")

    def paras(self, text: str, cls: str = "") -> None:
        for block in (b.strip() for b in str(text).split("\n\n")):
            if block:
                self.p(" ".join(block.split()), cls)

    def markdown(self, text: str) -> None:
        """The little Markdown a brief uses: `#` headings, `-`/`*`/`1.` lists, **bold**
        and *italics*; everything else as paragraphs. Nothing in it can add markup."""
        for block in re.split(r"\n\s*\n", str(text).strip()):
            items: list[list[str]] = []  # each item's lines (a long item wraps)
            para: list[str] = []
            for line in (ln.strip() for ln in block.splitlines() if ln.strip()):
                item = re.match(r"^(?:[-*]|\d+[.)])\s+(.*)$", line)
                heading = re.match(r"^#{1,6}\s+(.*)$", line)
                if items and not item and not heading:
                    items[-1].append(line)  # the item goes on
                    continue
                if (item or heading) and para:
                    self.add(f"<p>{_inline(' '.join(para))}</p>")
                    para = []
                if heading and items:
                    self._list(items)
                    items = []
                if item:
                    items.append([item.group(1)])
                elif heading:
                    self.add(f"<h3>{_inline(heading.group(1))}</h3>")
                else:
                    para.append(line)
            if para:
                self.add(f"<p>{_inline(' '.join(para))}</p>")
            if items:
                self._list(items)

    def _list(self, items: list[list[str]]) -> None:
        self.add("<ul>" + "".join(f"<li>{_inline(' '.join(i))}</li>" for i in items) + "</ul>")

    def items(self, texts: Iterable[str]) -> None:
        rows = [f"<li>{esc(t)}</li>" for t in texts]
        if rows:
            self.add("<ul>" + "".join(rows) + "</ul>")

    def items_or(self, texts: Iterable[str], empty: str) -> None:
        """A list, or `empty` as a sentence when there is nothing to list."""
        texts = list(texts)
        if texts:
            self.items(texts)
        else:
            self.p(empty)

    def table(
        self, header: Sequence[str], rows: Iterable[Sequence[Any]], widths: Sequence[int] = ()
    ) -> None:
        """A table across the page; `widths`: each column's share in percent."""
        out = ["<table width='100%' cellspacing='0' cellpadding='4' border='1'><tr>"]
        out += [
            f"<th{f' width={chr(39)}{widths[i]}%{chr(39)}' if i < len(widths) else ''}>"
            f"{esc(h)}</th>"
            for i, h in enumerate(header)
        ]
        out.append("</tr>")
        for r in rows:
            out.append("<tr>" + "".join(f"<td>{_cell(c)}</td>" for c in r) + "</tr>")
        out.append("</table>")
        self.add("".join(out))

    def chart(self, title: str, svg: str, width: int = 640) -> None:
        """A chart: inline SVG for a browser, a named image for the PDF."""
        if self.mode == "svg":
            self.add(f"<div class='chart'>{svg}</div>")
            return
        name = f"chart-{len(self.images) + 1}"
        self.images[name] = svg
        self.add(f"<p class='chart'><img src='{name}' width='{width}' alt='{esc(title)}'></p>")

    def css(self) -> str:
        """The style sheet, sized from `self.font_pt` (10 on paper; larger on a screen)."""
        pt = self.font_pt
        sizes = {"BODY": pt, "H1": pt * 2, "H2": pt * 1.5, "H3": pt * 1.2}
        out = CSS
        for key, value in sizes.items():
            out = out.replace(f"{key}pt", f"{value:g}pt")
        return out

    def html(self) -> str:
        body = "\n".join(self.parts)
        screen = SCREEN_CSS if self.mode == "svg" else ""
        return (
            f"<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
            f"<title>{esc(self.title)}</title><style>{screen}{self.css()}</style></head>\n"
            f"<body>\n{body}\n</body></html>\n"
        )
