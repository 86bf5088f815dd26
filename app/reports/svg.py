"""Charts as SVG text, in pure Python: line charts over the session's snapshots and
scatter plots of the outcome space. The HTML report embeds them as they are; the PDF
writer renders the same text to images with Qt. No Qt, no numpy here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from html import escape

PALETTE = (
    "#1f77b4",
    "#d62728",
    "#2ca02c",
    "#9467bd",
    "#ff7f0e",
    "#8c564b",
    "#e377c2",
    "#17becf",
    "#7f7f7f",
    "#bcbd22",
)
DASHES = ("", "6 3", "2 3", "8 3 2 3")
FONT = "font-family='DejaVu Sans, Arial, sans-serif'"


@dataclass
class Line:
    """One series: a value per snapshot (None where the figure has no value)."""

    name: str
    values: Sequence[float | None]
    colour: str = ""
    dash: str = ""


@dataclass
class Points:
    """A group of points in a scatter plot: a name for the legend and how they look."""

    name: str
    points: Sequence[tuple[float, float]]
    colour: str
    shape: str = "circle"  # circle, square, diamond, cross
    size: float = 4.0
    join: bool = False  # draw a line through the points (a frontier)
    labels: Sequence[str] = field(default_factory=tuple)


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round-numbered ticks covering lo..hi."""
    if hi <= lo:
        hi = lo + 1
    raw = (hi - lo) / count
    step = next(s * 10**e for e in range(-2, 6) for s in (1, 2, 2.5, 5) if s * 10**e >= raw)
    first = (lo // step) * step
    out, x = [], first
    while x <= hi + step * 1e-6:
        if x >= lo - step * 1e-6:
            out.append(round(x, 6))
        x += step
    return out


class _Frame:
    """The plotting area of a chart and the mapping from data to pixels."""

    def __init__(
        self,
        width: int,
        height: int,
        x: tuple[float, float],
        y: tuple[float, float],
        legend_rows: int,
    ) -> None:
        self.width, self.height = width, height
        self.left, self.right, self.top = 56, 16, 34
        self.bottom = 44 + 18 * legend_rows
        self.x, self.y = x, y

    def px(self, x: float) -> float:
        lo, hi = self.x
        return self.left + (x - lo) / ((hi - lo) or 1) * (self.width - self.left - self.right)

    def py(self, y: float) -> float:
        lo, hi = self.y
        inner = self.height - self.top - self.bottom
        return self.top + inner - (y - lo) / ((hi - lo) or 1) * inner

    @property
    def plot_bottom(self) -> float:
        return self.height - self.bottom


def _open(width: int, height: int, title: str) -> list[str]:
    return [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' role='img' aria-label='{escape(title, True)}'>",
        f"<rect width='{width}' height='{height}' fill='white'/>",
        f"<text x='{width / 2:.0f}' y='20' text-anchor='middle' font-size='15' "
        f"font-weight='bold' {FONT}>{escape(title)}</text>",
    ]


def _grid(f: _Frame, yticks: list[float], y_label: str) -> list[str]:
    out = []
    for t in yticks:
        y = f.py(t)
        out.append(
            f"<line x1='{f.left}' y1='{y:.1f}' x2='{f.width - f.right}' y2='{y:.1f}' "
            "stroke='#dddddd'/>"
        )
        out.append(
            f"<text x='{f.left - 6}' y='{y + 4:.1f}' text-anchor='end' font-size='11' "
            f"{FONT}>{_num(t)}</text>"
        )
    out.append(
        f"<rect x='{f.left}' y='{f.top}' width='{f.width - f.left - f.right}' "
        f"height='{f.plot_bottom - f.top:.1f}' fill='none' stroke='#888888'/>"
    )
    if y_label:
        mid = (f.top + f.plot_bottom) / 2
        out.append(
            f"<text x='14' y='{mid:.0f}' text-anchor='middle' font-size='12' {FONT} "
            f"transform='rotate(-90 14 {mid:.0f})'>{escape(y_label)}</text>"
        )
    return out


def _legend(f: _Frame, items: list[tuple[str, str, str, str]], first_row: float) -> list[str]:
    """items: (name, colour, dash, shape); laid out left to right, wrapping."""
    out, x, y = [], float(f.left), first_row
    for name, colour, dash, shape in items:
        w = 34 + 6.5 * len(name)
        if x + w > f.width - f.right and x > f.left:
            x, y = float(f.left), y + 18
        if shape:
            out.append(_marker(x + 12, y - 4, shape, colour, 5))
        else:
            out.append(
                f"<line x1='{x:.1f}' y1='{y - 4:.1f}' x2='{x + 24:.1f}' y2='{y - 4:.1f}' "
                f"stroke='{colour}' stroke-width='2.5' stroke-dasharray='{dash}'/>"
            )
        out.append(
            f"<text x='{x + 30:.1f}' y='{y:.1f}' font-size='11' {FONT}>{escape(name)}</text>"
        )
        x += w
    return out


def _legend_rows(names: list[str], width: int) -> int:
    rows, x = 1, 56.0
    for name in names:
        w = 34 + 6.5 * len(name)
        if x + w > width - 16 and x > 56:
            rows, x = rows + 1, 56.0
        x += w
    return rows if names else 0


def _marker(x: float, y: float, shape: str, colour: str, r: float) -> str:
    if shape == "square":
        return (
            f"<rect x='{x - r:.1f}' y='{y - r:.1f}' width='{2 * r:.1f}' height='{2 * r:.1f}' "
            f"fill='{colour}' stroke='black' stroke-width='0.8'/>"
        )
    if shape == "diamond":
        pts = (
            f"{x:.1f},{y - r * 1.3:.1f} {x + r * 1.3:.1f},{y:.1f} {x:.1f},{y + r * 1.3:.1f} "
            f"{x - r * 1.3:.1f},{y:.1f}"
        )
        return f"<polygon points='{pts}' fill='{colour}' stroke='black' stroke-width='0.8'/>"
    if shape == "cross":
        return (
            f"<path d='M{x - r:.1f},{y - r:.1f}L{x + r:.1f},{y + r:.1f}M{x - r:.1f},"
            f"{y + r:.1f}L{x + r:.1f},{y - r:.1f}' stroke='{colour}' stroke-width='2.5'/>"
        )
    return f"<circle cx='{x:.1f}' cy='{y:.1f}' r='{r:.1f}' fill='{colour}'/>"


def line_chart(
    title: str,
    labels: Sequence[str],
    lines: Sequence[Line],
    *,
    y_range: tuple[float, float] | None = None,
    y_label: str = "",
    sections: Sequence[tuple[int, str]] = (),
    cursor: int | None = None,
    width: int = 760,
    height: int = 300,
) -> str:
    """Figures over time: x is the snapshot index (one point per snapshot); `sections`
    mark where an issue or phase starts; `cursor` draws a line at one snapshot."""
    known = [v for ln in lines for v in ln.values if v is not None]
    lo, hi = y_range or (min(known, default=0.0), max(known, default=100.0))
    if hi - lo < 1e-9:
        lo, hi = lo - 1, hi + 1
    n = max(len(labels), max((len(ln.values) for ln in lines), default=0), 2)
    names = [ln.name for ln in lines]
    f = _Frame(width, height, (0, n - 1), (lo, hi), _legend_rows(names, width))
    out = _open(width, height, title) + _grid(f, nice_ticks(lo, hi), y_label)
    for i, (x, name) in enumerate(sections):
        px = f.px(x)
        room = (f.px(sections[i + 1][0]) if i + 1 < len(sections) else width - f.right) - px
        out.append(
            f"<line x1='{px:.1f}' y1='{f.top}' x2='{px:.1f}' y2='{f.plot_bottom:.1f}' "
            "stroke='#aaaaaa' stroke-dasharray='3 3'/>"
        )
        fits = max(0, int((room - 4) / 5.6))
        text = name if len(name) <= fits else name[: max(0, fits - 1)] + "…"
        if fits >= 2:
            out.append(
                f"<text x='{px + 3:.1f}' y='{f.top + 12}' font-size='10' fill='#555555' "
                f"{FONT}>{escape(text)}</text>"
            )
    step = max(1, (n - 1) // 10)
    for i in range(0, n, step):
        out.append(
            f"<text x='{f.px(i):.1f}' y='{f.plot_bottom + 14:.1f}' text-anchor='middle' "
            f"font-size='10' {FONT}>{i}</text>"
        )
    out.append(
        f"<text x='{(f.left + width - f.right) / 2:.0f}' y='{f.plot_bottom + 30:.1f}' "
        f"text-anchor='middle' font-size='11' {FONT}>round (snapshot)</text>"
    )
    legend = []
    for i, ln in enumerate(lines):
        colour = ln.colour or PALETTE[i % len(PALETTE)]
        dash = ln.dash if ln.dash or ln.colour else DASHES[(i // len(PALETTE)) % len(DASHES)]
        segs, path = [], []
        for x, v in enumerate(ln.values):
            if v is None:
                if path:
                    segs.append(path)
                path = []
                continue
            path.append(f"{f.px(x):.1f},{f.py(v):.1f}")
        if path:
            segs.append(path)
        for seg in segs:
            out.append(
                f"<polyline points='{' '.join(seg)}' fill='none' stroke='{colour}' "
                f"stroke-width='2' stroke-dasharray='{dash}'/>"
            )
        legend.append((ln.name, colour, dash, ""))
    if cursor is not None:
        px = f.px(cursor)
        out.append(
            f"<line x1='{px:.1f}' y1='{f.top}' x2='{px:.1f}' y2='{f.plot_bottom:.1f}' "
            "stroke='black' stroke-width='2'/>"
        )
    out += _legend(f, legend, f.plot_bottom + 48)
    out.append("</svg>")
    return "\n".join(out)


def scatter_chart(
    title: str,
    groups: Sequence[Points],
    *,
    x_label: str,
    y_label: str,
    width: int = 620,
    height: int = 460,
) -> str:
    """Points in two dimensions (the outcome space for two parties)."""
    xs = [p[0] for g in groups for p in g.points]
    ys = [p[1] for g in groups for p in g.points]
    pad = 3.0
    x = (min(xs, default=0) - pad, max(xs, default=100) + pad)
    y = (min(ys, default=0) - pad, max(ys, default=100) + pad)
    f = _Frame(width, height, x, y, _legend_rows([g.name for g in groups], width))
    out = _open(width, height, title) + _grid(f, nice_ticks(*y), y_label)
    for t in nice_ticks(*x):
        out.append(
            f"<text x='{f.px(t):.1f}' y='{f.plot_bottom + 14:.1f}' text-anchor='middle' "
            f"font-size='11' {FONT}>{_num(t)}</text>"
        )
    out.append(
        f"<text x='{(f.left + width - f.right) / 2:.0f}' y='{f.plot_bottom + 30:.1f}' "
        f"text-anchor='middle' font-size='12' {FONT}>{escape(x_label)}</text>"
    )
    legend = []
    for g in groups:
        if g.join and len(g.points) > 1:
            pts = " ".join(f"{f.px(a):.1f},{f.py(b):.1f}" for a, b in sorted(g.points))
            out.append(
                f"<polyline points='{pts}' fill='none' stroke='{g.colour}' stroke-width='1.5'/>"
            )
        for i, (a, b) in enumerate(g.points):
            out.append(_marker(f.px(a), f.py(b), g.shape, g.colour, g.size))
            if i < len(g.labels) and g.labels[i]:
                left = f.px(a) > width * 0.7  # near the right edge: label to the left
                lx = f.px(a) - g.size - 3 if left else f.px(a) + g.size + 3
                out.append(
                    f"<text x='{lx:.1f}' y='{f.py(b) - g.size:.1f}' font-size='11' "
                    f"text-anchor='{'end' if left else 'start'}' {FONT}>"
                    f"{escape(g.labels[i])}</text>"
                )
        legend.append((g.name, g.colour, "", g.shape))
    out += _legend(f, legend, f.plot_bottom + 48)
    out.append("</svg>")
    return "\n".join(out)
