"""The figures over time: trust, leverage and the scenario's own figures, one point per
snapshot, with issue boundaries, events and, on hover, what changed each value.

The plot reads only the history entries it is given (a viewer's filtered view), so a
delegation never sees a curve for a figure it may not see. Entries arrive with `append`
as the session plays; curves are made once per figure key and updated in place.

pyqtgraph is imported here and nowhere else: it costs about half a second at start-up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFont, QFontMetrics, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QSplitter,
    QTabWidget,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from app.engine.compiled import Compiled
from app.engine.transcript import cause_text

TABS = ("trust", "leverage", "other")
# one dash per trusted party (by scenario order), so "trust in Brevia" always looks the same
DASHES: tuple[tuple[float, ...], ...] = (
    (),
    (5, 2),
    (1, 2),
    (5, 2, 1, 2),
    (5, 2, 1, 2, 1, 2),
    (9, 3),
    (2, 4),
)
FORMS = ("full", "short", "bare")  # bottom tick labels, richest first
NICE_STEPS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000)
GLOBAL_COLOURS = ("#3A9D23", "#C0392B", "#17A2B8", "#8C6D1F", "#7F8C8D")  # scenario-wide
HOVER_PIXELS = 14.0  # how close the pointer must come to a point to explain it
MIN_CAPACITY = 64


@dataclass
class _Panel:
    """One tab: a plot with its legend below, and the items drawn on it."""

    tab: str
    glw: Any  # pg.GraphicsLayoutWidget
    plot: Any  # pg.PlotItem
    axis: _RoundAxis
    top: _IssueAxis
    legend: Any  # pg.LegendItem
    marker: Any  # pg.ScatterPlotItem: the hovered point
    curves: dict[str, Any] = field(default_factory=dict)  # key -> pg.PlotDataItem
    boundaries: list[Any] = field(default_factory=list)  # pg.InfiniteLine
    events: dict[int, Any] = field(default_factory=dict)  # x -> pg.InfiniteLine
    symbols: bool = True  # a dot on each point, while the points are far enough apart


class _Panels(dict[str, _Panel]):
    """The tabs' panels, each built the first time it is asked for: the trust panel with
    the plot, the others when their tab is first shown or they are read. Iterating gives
    the panels built so far; one built later is drawn from the data plotted until then."""

    def __init__(self, build: Any) -> None:
        super().__init__()
        self._build = build

    def __missing__(self, tab: str) -> _Panel:
        if tab not in TABS:
            raise KeyError(tab)
        return self._build(tab)


class _WideSample(pg.ItemSample):
    """A legend sample long enough to show a dash pattern (pyqtgraph's is 20 pixels)."""

    WIDTH = 44

    def __init__(self, item: Any) -> None:
        super().__init__(item)
        self.setFixedWidth(self.WIDTH)

    def boundingRect(self) -> Any:  # noqa: N802
        return QRectF(0, 0, self.WIDTH, 20)

    def paint(self, p: QPainter, *args: Any) -> None:
        opts = self.item.opts
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        if not self.item.isVisible():
            pen = pg.mkPen(opts["pen"])
            colour = QColor(pen.color())
            colour.setAlpha(60)
            pen.setColor(colour)
            p.setPen(pen)
            p.drawLine(2, 10, self.WIDTH - 2, 10)
            return
        p.setPen(pg.mkPen(opts["pen"]))
        p.drawLine(2, 10, self.WIDTH - 2, 10)
        symbol = opts.get("symbol")
        if symbol is not None:
            p.translate(self.WIDTH / 2, 10)
            drawSymbol(
                p,
                symbol,
                opts["symbolSize"],
                pg.mkPen(opts["symbolPen"]),
                pg.mkBrush(opts["symbolBrush"]),
            )


class _RoundAxis(pg.AxisItem):
    """The x axis: one tick per snapshot (thinned to fit), labelled with its count and, below,
    its issue and round: the richest label form that fits one tick per snapshot."""

    def __init__(self, owner: FigurePlot) -> None:
        super().__init__("bottom")
        self._owner = owner
        self.form = "full"

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:  # noqa: N802
        n = self._owner.count
        if n == 0 or size <= 0 or maxVal <= minVal:
            return []
        lo, hi = max(0, math.ceil(minVal)), min(n - 1, math.floor(maxVal))
        if hi < lo:
            return []
        per_unit = size / (maxVal - minVal)
        metrics = QFontMetrics(self.style.get("tickFont") or self.font())
        for form in FORMS:
            self.form = form
            if self._owner._tick_width(metrics, form) <= per_unit:
                need = 1.0
                break
        else:
            self.form = "short"
            need = self._owner._tick_width(metrics, "short") / per_unit
        step = next((s for s in NICE_STEPS if s >= need), NICE_STEPS[-1])
        first = math.ceil(lo / step) * step
        return [(float(step), [float(v) for v in range(first, hi + 1, step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        return [self._owner.tick_label(int(round(v)), self.form) for v in values]


class _IssueAxis(pg.AxisItem):
    """The top axis: each issue's (or phase's) name over the visible part of its rounds."""

    def __init__(self, owner: FigurePlot) -> None:
        super().__init__("top")
        self._owner = owner
        self._names: list[tuple[float, str, float]] = []  # centre, name, width in pixels

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list[Any]:  # noqa: N802
        self._names = []
        if size <= 0 or maxVal <= minVal:
            return []
        per_unit = size / (maxVal - minVal)
        for start, end, name in self._owner.sections():
            a, b = max(start, minVal), min(end, maxVal)
            if b > a and name:
                self._names.append(((a + b) / 2, name, (b - a) * per_unit))
        return [(1.0, [c for c, _, _ in self._names])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        metrics = QFontMetrics(self.style.get("tickFont") or self.font())
        out = []
        for v in values:
            name, width = next(((n, w) for c, n, w in self._names if c == v), ("", 0.0))
            out.append(
                metrics.elidedText(name, Qt.TextElideMode.ElideRight, max(0, int(width) - 8))
            )
        return out


class FigurePlot(QWidget):
    """Trust, leverage and the other figures, one curve per figure key seen in the entries.

    Public API: `append(entries)`, `reset(entries)`, `explain(key, index)`,
    `describe(key, index)`, `export(path)`, `export_dialog()`, `reset_zoom()`,
    `set_large_text(on)`, `set_pair_visible(key, on)`, `values(key)`, `curve(key)`,
    `tab_of(key)`; `count` (snapshots plotted), `boundaries` ([(x, name)]),
    `events` ({x: [(name, text)]}), `keys` and `last_hover` (the hover text shown last).
    """

    def __init__(self, compiled: Compiled, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c = compiled
        self._large = False
        self.last_hover = ""
        self._pair_syncing = False
        self._batch = False  # several curves shown or hidden at once: see focus_on
        n = len(compiled.parties)
        # many pairs: the trust legend names the colours (trusters) and dashes (trusted)
        self.factor_trust_legend = n * (n - 1) > 12
        self._proxies: dict[tuple[str, str], Any] = {}  # ("from"|"to", party) -> legend item
        self._pair_items: dict[str, QListWidgetItem] = {}  # trust key -> its pair list line
        self._tick_cache: dict[tuple[int, str], tuple[int, int]] = {}
        self._clear_data()

        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.tabs.setDocumentMode(True)
        self.reset_zoom_action = QAction(self.tr("Reset zoom"), self)
        self.reset_zoom_action.setToolTip(self.tr("Show every round again"))
        self.reset_zoom_action.triggered.connect(self.reset_zoom)
        self.export_action = QAction(self.tr("Export plot…"), self)
        self.export_action.setToolTip(self.tr("Save the plot shown as a PNG image or SVG drawing"))
        self.export_action.triggered.connect(self.export_dialog)
        corner = QWidget()
        corner_layout = QHBoxLayout(corner)
        corner_layout.setContentsMargins(0, 0, 0, 0)
        for action in (self.reset_zoom_action, self.export_action):
            button = QToolButton()
            button.setDefaultAction(action)
            button.setAutoRaise(True)
            corner_layout.addWidget(button)
        self.tabs.setCornerWidget(corner, Qt.Corner.TopRightCorner)

        self._pages: dict[str, QWidget] = {}  # tab -> the page its plot goes in when built
        for tab in TABS[1:]:
            page = QWidget()
            QVBoxLayout(page).setContentsMargins(0, 0, 0, 0)
            self._pages[tab] = page
        self._ready = False  # a panel built after this is drawn from the data so far
        self.panels = _Panels(self._build_panel)
        self.panels["trust"]  # the tab shown first; the others when first shown
        self.pair_list = QListWidget()
        self.pair_list.setAccessibleName(self.tr("Trust pairs shown"))
        self.pair_list.setToolTip(self.tr("Tick the pairs to plot: who trusts whom"))
        self.pair_list.itemChanged.connect(self._pair_toggled)
        all_on, all_off = QToolButton(), QToolButton()
        all_on.setText(self.tr("All"))
        all_off.setText(self.tr("None"))
        all_on.clicked.connect(lambda: self._set_all_pairs(True))
        all_off.clicked.connect(lambda: self._set_all_pairs(False))
        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(QLabel(self.tr("Who trusts whom")))
        side_layout.addWidget(self.pair_list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(all_on)
        buttons.addWidget(all_off)
        buttons.addStretch(1)
        side_layout.addLayout(buttons)
        trust = QSplitter()
        trust.addWidget(side)
        trust.addWidget(self.panels["trust"].glw)
        trust.setStretchFactor(0, 0)
        trust.setStretchFactor(1, 1)
        trust.setSizes([170, 600])
        self.tabs.addTab(trust, self.tr("Trust"))
        self.tabs.addTab(self._pages["leverage"], self.tr("Leverage"))
        self.tabs.addTab(self._pages["other"], self.tr("Other figures"))
        self.tabs.currentChanged.connect(self._tab_shown)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._restyle()
        self._ready = True

    def _tab_shown(self, index: int) -> None:
        if 0 <= index < len(TABS):
            self.panels[TABS[index]]  # built now if it was not

    # --- building -------------------------------------------------------------------------

    def _build_panel(self, tab: str) -> _Panel:
        """Make the panel of `tab` and, after start-up, draw on it what is plotted so far:
        the same curves, boundaries, events and looks as if it had been there all along."""
        panel = self._make_panel(tab)
        dict.__setitem__(self.panels, tab, panel)
        page = self._pages.get(tab)
        if page is not None:
            page.layout().addWidget(panel.glw)
        if not self._ready:
            return panel
        for x, name in self.boundaries:
            self._boundary_line(panel, x, name)
        tip = {x: self._event_text(x) for x in self.events}
        for x in self.events:
            self._event_line(panel, x, tip[x])
        for key in self._data:
            if self.tab_of(key) == tab:
                self._make_curve(panel, key)
        cols = max(1, min(4, self.width() // (380 if self._large else 240)))
        panel.legend.setColumnCount(cols)
        self._restyle_panel(panel)
        return panel

    def _make_panel(self, tab: str) -> _Panel:
        axis, top = _RoundAxis(self), _IssueAxis(self)
        glw = pg.GraphicsLayoutWidget()
        glw.setAccessibleName(
            {
                "trust": self.tr("Trust over the rounds"),
                "leverage": self.tr("Leverage over the rounds"),
                "other": self.tr("Other figures over the rounds"),
            }[tab]
        )
        plot = glw.addPlot(row=0, col=0, axisItems={"bottom": axis, "top": top})
        plot.showAxis("top")
        top.setStyle(tickLength=0)
        plot.setClipToView(True)
        plot.setDownsampling(auto=True, mode="peak")
        plot.showGrid(x=False, y=True, alpha=0.15)
        # the finest grid level draws a line per minor tick: two thirds of a repaint's time
        plot.getAxis("left").setStyle(maxTickLevel=1)
        plot.setMenuEnabled(True)
        plot.hideButtons()  # the "A" auto-range button: "Reset zoom" does that, labelled
        plot.setLabel("bottom", self.tr("Round (issue and round within it)"))
        for side in ("left", "bottom"):  # no "(x0.001)" beside an axis title
            plot.getAxis(side).enableAutoSIPrefix(False)
        plot.setLabel(
            "left",
            {"trust": self.tr("Trust"), "leverage": self.tr("Leverage"), "other": self.tr("Value")}[
                tab
            ],
        )
        vb = plot.getViewBox()
        vb.setLimits(xMin=-1)
        vb.menu.addSeparator()
        vb.menu.addAction(self.reset_zoom_action)
        vb.menu.addAction(self.export_action)
        legend = pg.LegendItem(
            colCount=2, pen=None, brush=None, verSpacing=-4, sampleType=_WideSample
        )
        legend.sigSampleClicked.connect(self._legend_clicked)
        glw.addItem(legend, row=1, col=0)
        glw.ci.layout.setRowStretchFactor(0, 10)
        glw.ci.layout.setRowStretchFactor(1, 0)
        marker = pg.ScatterPlotItem(size=12, pen=pg.mkPen(width=2))
        marker.setZValue(100)
        marker.setVisible(False)
        plot.addItem(marker, ignoreBounds=True)
        panel = _Panel(tab, glw, plot, axis, top, legend, marker)
        vb.sigRangeChanged.connect(lambda *_, p=panel: self._view_changed(p))
        vb.sigResized.connect(lambda *_, p=panel: self._view_changed(p))
        glw.scene().sigMouseMoved.connect(lambda pos, p=panel: self._hover(p, pos))
        return panel

    def _clear_data(self) -> None:
        self.count = 0  # snapshots plotted
        self._capacity = MIN_CAPACITY
        self._x = np.arange(self._capacity, dtype=float)
        self._data: dict[str, np.ndarray] = {}
        self._snaps: list[tuple[str, str | None, int, int]] = []  # phase, issue, round, stage
        self._causes: dict[str, dict[int, list[tuple[dict[str, Any], float]]]] = {}
        self._pending: dict[str, list[tuple[dict[str, Any], float]]] = {}
        self._of: dict[tuple[str, str | None], int] = {}  # (phase, issue) -> rounds
        self.boundaries: list[tuple[float, str]] = []
        self.events: dict[int, list[tuple[str, str]]] = {}

    # --- feeding --------------------------------------------------------------------------

    def append(self, entries: Iterable[dict[str, Any]]) -> None:
        """Take new history entries (in order) and update the curves in place."""
        touched: dict[str, None] = {}  # in order: curves are made in the scenario's order
        for e in entries:
            kind = e.get("type")
            if kind == "figures":
                touched.update(dict.fromkeys(self._add_snapshot(e)))
            elif kind == "figure":
                self._pending.setdefault(e["key"], []).append(
                    (e.get("cause") or {}, float(e.get("delta") or 0.0))
                )
            elif kind == "event":
                self._add_event(e)
            elif kind == "round" and e.get("of"):
                self._of[(e.get("phase", "rounds"), e.get("issue"))] = int(e["of"])
        if touched:
            self._refresh(touched)

    def reset(self, entries: Iterable[dict[str, Any]]) -> None:
        """Replace everything with `entries`; curves of keys still present are kept."""
        for panel in self.panels.values():
            for item in panel.boundaries + list(panel.events.values()):
                panel.plot.removeItem(item)
            panel.boundaries.clear()
            panel.events.clear()
            panel.marker.setVisible(False)
        old = set(self._data)
        self._clear_data()
        self.append(list(entries))
        for key in old - set(self._data):
            panel = self.panels.get(self.tab_of(key))
            if panel is None:  # not built yet: it will be drawn from the data when it is
                continue
            curve = panel.curves.pop(key, None)  # a hidden trust pair may have none yet
            if curve is not None:
                panel.legend.removeItem(curve)
                panel.plot.removeItem(curve)
            item = self._pair_items.pop(key, None)
            if item is not None:
                self.pair_list.takeItem(self.pair_list.row(item))
        if self.factor_trust_legend:
            self._trust_legend()
        self._refresh(())

    def _add_snapshot(self, e: dict[str, Any]) -> list[str]:
        i = self.count
        if i >= self._capacity:
            self._grow()
        snap = (
            str(e.get("phase") or ""),
            e.get("issue"),
            int(e.get("round") or 0),
            int(e.get("stage") or 0),
        )
        if self._snaps and self._group(snap) != self._group(self._snaps[-1]):
            self._add_boundary(i - 0.5, self._group_name(snap))
        self._snaps.append(snap)
        values: dict[str, float] = e.get("values") or {}
        for key, value in values.items():
            arr = self._data.get(key)
            if arr is None:
                arr = self._data[key] = np.full(self._capacity, np.nan)
            arr[i] = value
        for key, causes in self._pending.items():
            if key in values:
                self._causes.setdefault(key, {})[i] = causes
        self._pending = {}
        self.count = i + 1
        return list(values)

    def _grow(self) -> None:
        self._capacity *= 2
        self._x = np.arange(self._capacity, dtype=float)
        for key, arr in self._data.items():
            bigger = np.full(self._capacity, np.nan)
            bigger[: len(arr)] = arr
            self._data[key] = bigger

    def _refresh(self, touched: Iterable[str]) -> None:
        n = self.count
        x = self._x[:n]
        new_pairs = False
        for key in touched:
            panel = self.panels.get(self.tab_of(key))
            if panel is None:  # not built yet: it will be drawn from the data when it is
                continue
            curve = panel.curves.get(key)
            if curve is not None:
                curve.setData(x, self._data[key][:n])
                continue
            if panel.tab == "trust" and key not in self._pair_items:
                self._add_pair(key)
                new_pairs = True
            if not self._made_when_shown(panel) or self._ticked(key):
                self._make_curve(panel, key)
        if new_pairs:  # once per batch, not once per new curve
            if self.factor_trust_legend:
                self._trust_legend()
            self._fit_pair_list()
        for panel in self.panels.values():
            self._update_axis(panel)

    def _update_axis(self, panel: _Panel) -> None:
        panel.axis.picture = None  # labels for the new ticks
        panel.axis.update()

    def _make_curve(self, panel: _Panel, key: str, shown: bool | None = None) -> Any:
        """The curve of `key` on `panel`, drawn with the data so far; shown if `shown` says
        so or, by default, if it matters to the viewer."""
        colour, style = self._look(key)
        curve = pg.PlotDataItem(connect="finite", antialias=True, name=self.label(key))
        curve.setZValue(10)
        self._style_curve(curve, colour, style, panel.symbols)
        panel.plot.addItem(curve)
        panel.curves[key] = curve
        curve.setVisible(self.matters(key) if shown is None else shown)
        if not (panel.tab == "trust" and self.factor_trust_legend):
            panel.legend.addItem(curve, self.label(key, short=True))
        if panel.tab == "trust":
            curve.visibleChanged.connect(lambda k=key: self._curve_visibility(k))
        curve.setData(self._x[: self.count], self._data[key][: self.count])
        return curve

    def _add_pair(self, key: str) -> None:
        """The pair list's line for a trust pair, ticked if the pair is shown."""
        colour, style = self._look(key)
        item = QListWidgetItem(self._pen_icon(colour, style), self.label(key, short=True))
        item.setToolTip(self.label(key))
        item.setData(Qt.ItemDataRole.UserRole, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if self.matters(key) else Qt.CheckState.Unchecked)
        self._pair_items[key] = item
        self._pair_syncing = True
        self.pair_list.addItem(item)
        self._pair_syncing = False

    def _made_when_shown(self, panel: _Panel) -> bool:
        """A hidden trust pair under a legend by colour and dash has no entry of its own
        to click: its curve is made only when it is first shown (the flagship's 30 pairs
        start with 2 shown)."""
        return panel.tab == "trust" and self.factor_trust_legend

    def _ticked(self, key: str) -> bool:
        item = self._pair_items.get(key)
        return item is not None and item.checkState() == Qt.CheckState.Checked

    def _show(self, panel: _Panel, key: str, on: bool) -> None:
        """Show or hide the curve of `key`, making it (with the data so far) if need be."""
        curve = panel.curves.get(key)
        if curve is not None:
            curve.setVisible(on)
        elif on:
            self._make_curve(panel, key, shown=True)
            self._curve_visibility(key)  # the pair list and the legend, as a toggle would

    def focus_on(self, viewer: str) -> None:
        """Show by default the curves that matter to `viewer` (trust between the
        delegations, its own leverage, the scenario-wide figures and its own); every other
        curve stays one click away in the legend or the pair list."""
        self._focus = viewer
        self._batch = True  # the trust legend once for the lot, not once per curve
        try:
            for panel in self.panels.values():
                for key in self._keys_of(panel):
                    self._show(panel, key, self.matters(key))
        finally:
            self._batch = False
        if self.factor_trust_legend:
            self._trust_legend()

    def matters(self, key: str) -> bool:
        viewer = getattr(self, "_focus", "facilitator")
        if viewer == "facilitator":
            return True
        fid, _, rest = key.partition(".")
        dels = set(self.c.delegations)
        if fid == "trust" and ">" in rest:
            a, b = rest.split(">", 1)
            return a in dels and b in dels or viewer not in dels and viewer in (a, b)
        parts = rest.replace(">", ".").split(".") if rest else []
        if fid == "leverage":
            return rest == viewer if viewer in self.c.parties else rest in dels
        if not parts:
            return True
        return viewer in parts if viewer in self.c.parties else any(p in dels for p in parts)

    def _trust_legend(self) -> None:
        """One legend entry per truster (its colour) and per trusted party (its dash),
        for the pairs plotted; rebuilt in scenario order when a new party appears."""
        order = {p: i for i, p in enumerate(self.c.parties)}
        curves = self.panels["trust"].curves
        shown = [k for k, curve in curves.items() if curve.isVisible()] or list(self._pair_items)
        pairs = [k.partition(".")[2].split(">", 1) for k in shown]  # the legend names only
        # the pairs drawn: a short legend leaves the plot its room
        froms = sorted({a for a, _ in pairs}, key=lambda p: order.get(p, len(order)))
        tos = sorted({b for _, b in pairs}, key=lambda p: order.get(p, len(order)))
        wanted = [("from", a) for a in froms] + [("to", b) for b in tos]
        if wanted == list(self._proxies):
            return
        legend = self.panels["trust"].legend
        legend.clear()
        self._proxies = {}
        for kind, party in wanted:
            proxy = pg.PlotDataItem()
            self._proxies[(kind, party)] = proxy
            self._style_proxy(kind, party, proxy)
            text = (self.tr("{0} → …") if kind == "from" else self.tr("… → {0}")).format(
                self._party(party)
            )
            legend.addItem(proxy, text)
        self._restyle_legend(legend)

    def _style_proxy(self, kind: str, party: str, proxy: Any) -> None:
        if kind == "from":
            self._style_curve(proxy, self._party_colour(party), DASHES[0])
        else:
            order = list(self.c.parties)
            dash = DASHES[order.index(party) % len(DASHES)] if party in order else DASHES[0]
            proxy.setPen(_pen(self._fg(), 4.0 if self._large else 2.2, dash))

    def _legend_clicked(self, item: Any) -> None:
        """A factorised trust legend entry shows or hides every pair it stands for."""
        group = next((g for g, proxy in self._proxies.items() if proxy is item), None)
        if group is None:
            return
        kind, party = group
        panel = self.panels["trust"]
        for key in list(self._pair_items):
            a, b = key.partition(".")[2].split(">", 1)
            if (a if kind == "from" else b) == party:
                self._show(panel, key, item.isVisible())

    def _style_curve(
        self, curve: Any, colour: QColor, dash: tuple[float, ...], symbols: bool = True
    ) -> None:
        curve.setPen(_pen(colour, 4.0 if self._large else 2.2, dash))
        curve.setSymbol("o" if symbols else None)
        curve.setSymbolSize(9 if self._large else 6)
        curve.setSymbolBrush(colour)
        curve.setSymbolPen(None)

    def _add_boundary(self, x: float, name: str) -> None:
        self.boundaries.append((x, name))
        for panel in self.panels.values():
            self._boundary_line(panel, x, name)

    def _boundary_line(self, panel: _Panel, x: float, name: str) -> None:
        line = pg.InfiniteLine(pos=x, angle=90, pen=self._boundary_pen(), name=name)
        line.setToolTip(self.tr("{0} begins").format(name))
        line.setZValue(5)
        panel.plot.addItem(line, ignoreBounds=True)
        panel.boundaries.append(line)

    def _add_event(self, e: dict[str, Any]) -> None:
        x = self.count  # the snapshot that will show the event's effects
        name = str(e.get("name") or self.c.named.get(e.get("event") or "", "") or self.tr("Event"))
        self.events.setdefault(x, []).append((name, str(e.get("text") or "")))
        tip = self._event_text(x)
        for panel in self.panels.values():
            self._event_line(panel, x, tip)

    def _event_line(self, panel: _Panel, x: int, tip: str) -> None:
        line = panel.events.get(x)
        if line is None:
            line = pg.InfiniteLine(
                pos=x,
                angle=90,
                pen=self._event_pen(),
                label=" ",
                labelOpts={
                    "position": 0.02,
                    "rotateAxis": (1, 0),
                    "anchors": [(0, 1), (0, 1)],
                    "color": self._event_colour(),
                    "fill": _alpha(self._bg(), 190),
                },
            )
            line.label.setFont(self._text_font())
            line.setZValue(6)
            panel.plot.addItem(line, ignoreBounds=True)
            panel.events[x] = line
        line.setToolTip(tip)
        line.label.setToolTip(tip)
        line.label.setFormat(self._event_label(x))
        self._layout_events(panel)

    # --- reading ----------------------------------------------------------------------------

    @property
    def keys(self) -> list[str]:
        return list(self._data)

    def values(self, key: str) -> np.ndarray:
        """The plotted values of `key`, one per snapshot (NaN where it was not in view)."""
        return self._data[key][: self.count].copy()

    def curve(self, key: str) -> Any:
        """The curve of `key` (a hidden trust pair's is made, hidden, if it has none yet)."""
        panel = self.panels[self.tab_of(key)]
        if key not in panel.curves and key in self._pair_items:
            self._make_curve(panel, key, shown=False)
        return panel.curves[key]

    def _keys_of(self, panel: _Panel) -> list[str]:
        """The figure keys plotted on `panel`, curves made or not, in the order first seen."""
        if panel.tab == "trust":
            return list(self._pair_items)
        return list(panel.curves)

    @staticmethod
    def tab_of(key: str) -> str:
        fid, _, rest = key.partition(".")
        if fid == "trust" and ">" in rest:
            return "trust"
        return "leverage" if fid == "leverage" else "other"

    def label(self, key: str, short: bool = False) -> str:
        """`trust.brevia>aldmere` -> "Trust: Brevia → Aldmere" (short: "Brevia → Aldmere")."""
        fid, _, rest = key.partition(".")
        name = self.c.named.get(fid) or fid.replace("_", " ").capitalize()
        if ">" in rest:
            a, b = rest.split(">", 1)
            who = f"{self._party(a)} → {self._party(b)}"
        else:
            who = self._party(rest) if rest else ""
        if short and self.tab_of(key) in ("trust", "leverage"):
            return who or name
        return f"{name}: {who}" if who else name

    def _party(self, pid: str) -> str:
        p = self.c.parties.get(pid)
        return (p.short or p.name) if p else pid

    def round_name(self, index: int) -> str:
        """Where snapshot `index` sits: "start", "Harbour access, round 2 of 3", ..."""
        phase, issue, rnd, stage = self._snaps[index]
        if phase == "setup" or index == 0 and rnd == 0:
            return self.tr("start")
        if phase == "rounds" and issue:
            of = self._of.get((phase, issue))
            name = self.c.named.get(issue, issue)
            if of:
                return self.tr("{0}, round {1} of {2}").format(name, rnd, of)
            return self.tr("{0}, round {1}").format(name, rnd)
        if phase == "package":
            return self.tr("package round {0}").format(rnd)
        if phase == "implementation":
            return self.tr("implementation stage {0}").format(stage or rnd)
        return f"{phase} {rnd}"

    def tick_label(self, index: int, form: str = "full") -> str:
        """Two lines: the snapshot's count, then its issue and round (`form`: full, short
        with the issue name cut to 10 characters, or bare: the round alone)."""
        if not 0 <= index < self.count:
            return ""
        phase, issue, rnd, stage = self._snaps[index]
        if phase == "setup" or index == 0 and rnd == 0:
            second = self.tr("start")
        elif phase == "rounds" and issue:
            name = self.c.named.get(issue, issue)
            if form == "short" and len(name) > 10:
                name = name[:9].rstrip() + "…"
            second = f"{name} {rnd}" if form != "bare" else self.tr("r{0}").format(rnd)
        elif phase == "package":
            second = (self.tr("package {0}") if form != "bare" else self.tr("p{0}")).format(rnd)
        elif phase == "implementation":
            second = (self.tr("stage {0}") if form != "bare" else self.tr("s{0}")).format(
                stage or rnd
            )
        else:
            second = f"{phase} {rnd}"
        return f"{index}\n{second}"

    def _tick_width(self, metrics: QFontMetrics, form: str) -> float:
        """The widest tick label of `form` in pixels, plus a gap (kept up to date with only
        the snapshots added since the last call)."""
        cache_key = (metrics.height(), form)
        done, widest = self._tick_cache.get(cache_key, (0, 0))
        if done > self.count:
            done, widest = 0, 0
        widest = max(
            [
                widest,
                *(
                    metrics.horizontalAdvance(line)
                    for i in range(done, self.count)
                    for line in self.tick_label(i, form).split("\n")
                ),
            ]
        )
        self._tick_cache[cache_key] = (self.count, widest)
        return widest + metrics.horizontalAdvance("   ")

    def sections(self) -> list[tuple[float, float, str]]:
        """(from x, to x, name) of each issue or phase, between its boundary lines."""
        first = ""
        if self._snaps and self._snaps[0][0] != "setup":
            first = self._group_name(self._snaps[0])
        edges = [(-0.5, first)] + self.boundaries + [(self.count - 0.5, "")]
        return [(a, b, name) for (a, name), (b, _) in zip(edges, edges[1:], strict=False)]

    def _group(self, snap: tuple[str, str | None, int, int]) -> tuple[str, str | None]:
        return (snap[0], snap[1] if snap[0] == "rounds" else None)

    def _group_name(self, snap: tuple[str, str | None, int, int]) -> str:
        phase, issue = self._group(snap)
        if phase == "rounds" and issue:
            return self.c.named.get(issue, issue)
        return {"package": self.tr("Package"), "implementation": self.tr("Implementation")}.get(
            phase, phase.capitalize()
        )

    def explain(self, key: str, index: int) -> str:
        """What changed `key` into snapshot `index` (since the snapshot before), in words."""
        if not 0 <= index < self.count:
            raise IndexError(index)
        causes = self._causes.get(key, {}).get(index)
        if not causes:
            return self.tr("starting value") if index == 0 else self.tr("no change")
        merged: dict[str, float] = {}
        for cause, delta in causes:
            text = self.cause_text(cause)
            merged[text] = merged.get(text, 0.0) + delta
        return "\n".join(f"{text}: {_signed(delta)}" for text, delta in merged.items())

    def cause_text(self, cause: dict[str, Any]) -> str:
        return cause_text(self.c, cause)

    def describe(self, key: str, index: int) -> str:
        """The hover text: figure, exact value, round and what changed it."""
        value = self._data[key][index]
        return "\n".join(
            [
                f"{self.label(key)}: {_number(value)}",
                self.tr("Round {0}: {1}").format(index, self.round_name(index)),
                self.tr("What changed it:"),
                *("  " + line for line in self.explain(key, index).split("\n")),
            ]
        )

    def _event_label(self, x: int) -> str:
        """What stands along an event line: the first event's name, cut short, and a count."""
        found = self.events.get(x, [])
        if not found:
            return ""
        name = found[0][0] if len(found[0][0]) <= 28 else found[0][0][:27] + "…"
        more = self.tr(" (+{0})").format(len(found) - 1) if len(found) > 1 else ""
        return f"⚡ {name}{more}".replace("{", "{{").replace("}", "}}")

    def _event_text(self, x: int) -> str:
        lines = [self.tr("Round {0}: events").format(x)]
        for name, text in self.events.get(x, []):
            short = text if len(text) <= 160 else text[:157] + "…"
            lines.append(f"• {name}" + (f" — {short}" if short else ""))
        return "\n".join(lines)

    # --- interaction ------------------------------------------------------------------------

    def _hover(self, panel: _Panel, pos: QPointF) -> None:
        vb = panel.plot.getViewBox()
        text = ""
        if vb.sceneBoundingRect().contains(pos) and self.count:
            view = vb.mapSceneToView(pos)
            i = int(round(view.x()))
            best: tuple[float, str] | None = None
            if 0 <= i < self.count:
                for key, curve in panel.curves.items():
                    y = self._data[key][i]
                    if not curve.isVisible() or np.isnan(y):
                        continue
                    at = vb.mapViewToScene(QPointF(i, float(y)))
                    d = math.hypot(at.x() - pos.x(), at.y() - pos.y())
                    if d <= HOVER_PIXELS and (best is None or d < best[0]):
                        best = (d, key)
            if best is not None:
                key = best[1]
                text = self.describe(key, i)
                colour, _ = self._look(key)
                panel.marker.setData(
                    [i],
                    [float(self._data[key][i])],
                    brush=colour,
                    pen=pg.mkPen(self._fg(), width=2),
                )
                panel.marker.setVisible(True)
            else:
                panel.marker.setVisible(False)
                for x in self.events:
                    at = vb.mapViewToScene(QPointF(x, view.y()))
                    if abs(at.x() - pos.x()) <= 6:
                        text = self._event_text(x)
                        break
        else:
            panel.marker.setVisible(False)
        if text:
            view_pos = panel.glw.mapFromScene(pos)
            shown = text
            if self._large:  # projector: the tooltip as large as the axes
                shown = (
                    f'<div style="font-size:{self._point_size():g}pt; white-space:pre">'
                    f"{escape(text)}</div>"
                )
            QToolTip.showText(panel.glw.mapToGlobal(view_pos), shown, panel.glw)
        elif self.last_hover:
            QToolTip.hideText()
        self.last_hover = text

    def _pair_toggled(self, item: QListWidgetItem) -> None:
        if self._pair_syncing:
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        self._show(self.panels["trust"], key, item.checkState() == Qt.CheckState.Checked)
        self.panels["trust"].legend.update()

    def _curve_visibility(self, key: str) -> None:
        """The legend toggles a curve too: keep the pair list (and the legend) in step."""
        if self.factor_trust_legend and not self._batch:
            self._trust_legend()
        curve = self.panels["trust"].curves.get(key)
        item = self._pair_items.get(key)
        if item is not None and curve is not None:
            state = Qt.CheckState.Checked if curve.isVisible() else Qt.CheckState.Unchecked
            if item.checkState() != state:
                self._pair_syncing = True
                item.setCheckState(state)
                self._pair_syncing = False

    def set_pair_visible(self, key: str, on: bool) -> None:
        """Show or hide one trust pair (as ticking it in the list does)."""
        self._pair_items[key].setCheckState(
            Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
        )

    def _fit_pair_list(self) -> None:
        want = self.pair_list.sizeHintForColumn(0) + 2 * self.pair_list.frameWidth() + 8
        if self.pair_list.verticalScrollBar().isVisible():
            want += self.pair_list.verticalScrollBar().width()
        side = self.pair_list.parentWidget()
        cap = max(120, int(self.width() * 0.3)) if self.width() > 200 else 320
        side.setMinimumWidth(min(want, 320, cap))
        side.setMaximumWidth(min(max(want, 160) + 40, cap))

    def _set_all_pairs(self, on: bool) -> None:
        for row in range(self.pair_list.count()):
            self.pair_list.item(row).setCheckState(
                Qt.CheckState.Checked if on else Qt.CheckState.Unchecked
            )

    def reset_zoom(self) -> None:
        for panel in self.panels.values():
            panel.plot.enableAutoRange()

    def current_panel(self) -> _Panel:
        return self.panels[TABS[max(0, self.tabs.currentIndex())]]

    def export(self, path: str | Path, tab: str | None = None) -> None:
        """Write the plot shown (or `tab`) with its legend: PNG or SVG, by the file's suffix."""
        path = Path(path)
        if not path.parent.is_dir():
            raise OSError(
                self.tr(
                    "{0}: the folder does not exist; choose an existing folder or create it first"
                ).format(path.parent)
            )
        panel = self.panels[tab] if tab else self.current_panel()
        panel.marker.setVisible(False)  # no hover highlight in the picture
        shown = self.current_panel().glw
        if panel.glw is not shown and not panel.glw.isVisible():
            self._lay_out_hidden(panel, shown.size())
        from pyqtgraph import exporters  # only for an export: not at start-up

        suffix = path.suffix.lower()
        if suffix == ".png":
            # at the size shown: upscaled, pyqtgraph enlarges the axes' text but not the
            # legend's; for slides, switch on large text first
            exporter = exporters.ImageExporter(panel.glw.ci)
            exporter.export(str(path))
        elif suffix == ".svg":
            try:
                exporters.SVGExporter(panel.glw.ci).export(str(path))
            except ValueError:
                # pyqtgraph 0.14 cannot parse closed paths ("... Z") that Qt 6.11 writes for
                # the view box's clip shape (pyqtgraph issue #3495): let Qt draw the SVG.
                self._export_svg_with_qt(panel, path)
        else:
            raise ValueError(self.tr("export writes .png or .svg, not {0!r}").format(suffix))

    def _lay_out_hidden(self, panel: _Panel, size: Any) -> None:
        """A tab not shown gets no resize events: lay its plot out at `size` by hand."""
        panel.glw.resize(size)
        panel.glw.resizeEvent(None)  # pyqtgraph's: fits the layout to the new size
        panel.glw.ci.layout.activate()
        panel.plot.getViewBox().updateViewRange()
        for name in ("top", "bottom", "left"):
            panel.plot.getAxis(name).linkedViewChanged(panel.plot.getViewBox())

    def _export_svg_with_qt(self, panel: _Panel, path: Path) -> None:
        from PySide6.QtSvg import QSvgGenerator

        source = panel.glw.ci.sceneBoundingRect()
        target = QRectF(0, 0, source.width(), source.height())
        generator = QSvgGenerator()
        generator.setFileName(str(path))
        generator.setSize(target.size().toSize())
        generator.setViewBox(target)
        # the axes replay cached QPictures, which Qt scales by the device's DPI: match ours
        generator.setResolution(panel.glw.logicalDpiX())
        generator.setTitle(self.tabs.tabText(TABS.index(panel.tab)))
        painter = QPainter(generator)
        try:
            painter.fillRect(target, self._bg())
            panel.glw.scene().render(painter, target, source)
        finally:
            painter.end()

    def export_dialog(self) -> None:
        png, svg = self.tr("PNG image (*.png)"), self.tr("SVG drawing (*.svg)")
        name = f"{TABS[max(0, self.tabs.currentIndex())]}.png"
        path, chosen = QFileDialog.getSaveFileName(
            self, self.tr("Export plot"), name, f"{png};;{svg}"
        )
        if not path:
            return
        if Path(path).suffix.lower() not in (".png", ".svg"):
            path += ".svg" if chosen == svg else ".png"
        try:
            self.export(path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, self.tr("The plot was not exported"), str(exc))
            return
        if not Path(path).is_file():
            QMessageBox.warning(
                self,
                self.tr("The plot was not exported"),
                self.tr("{0} could not be written.").format(path),
            )

    # --- looks --------------------------------------------------------------------------------

    def set_large_text(self, on: bool) -> None:
        """Projector mode: bigger axis, legend and label text, thicker lines."""
        self._large = bool(on)
        self._restyle()

    def _text_font(self) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(self._point_size())
        return font

    def _point_size(self) -> float:
        base = self.font().pointSizeF()
        base = base if base > 0 else 10.0
        return max(14.0, base * 1.25) if self._large else base

    def _restyle(self) -> None:
        """Colours from the widget's palette (light or dark) and sizes for the text mode."""
        for panel in self.panels.values():
            self._restyle_panel(panel)
        for (kind, party), proxy in self._proxies.items():
            self._style_proxy(kind, party, proxy)
        self._tick_cache.clear()
        self.pair_list.setFont(self.font())  # a list to pick from: the window's text size
        self._fit_pair_list()

    def _restyle_panel(self, panel: _Panel) -> None:
        bg, fg = self._bg(), self._fg()
        pt = self._point_size()
        font = QFont(self.font())
        font.setPointSizeF(pt)
        panel.glw.setBackground(bg)
        for name in ("bottom", "left"):
            axis = panel.plot.getAxis(name)
            axis.setPen(pg.mkPen(fg, width=2 if self._large else 1))
            axis.setTextPen(fg)
            axis.setTickFont(font)
            axis.setStyle(tickTextOffset=8 if self._large else 5)
            axis.setLabel(axis.labelText, color=fg.name(), **{"font-size": f"{pt:g}pt"})
        panel.top.setPen(pg.mkPen(None))
        panel.top.setTextPen(fg)
        bold = QFont(font)
        bold.setBold(True)
        panel.top.setTickFont(bold)
        metrics = QFontMetrics(font)
        offset = 8 if self._large else 5
        # two lines of tick text and the axis title below them, without overlap
        panel.axis.setHeight(int(2 * metrics.lineSpacing() + 1.4 * metrics.height() + offset + 8))
        panel.top.setHeight(int(metrics.height() + offset + 4))
        self._restyle_legend(panel.legend)
        for key, curve in panel.curves.items():
            self._style_curve(curve, *self._look(key), panel.symbols)
        for line in panel.boundaries:
            line.setPen(self._boundary_pen())
        for line in panel.events.values():
            line.setPen(self._event_pen())
            line.label.setColor(self._event_colour())
            line.label.fill = pg.mkBrush(_alpha(bg, 190))
            line.label.setFont(font)
        self._update_axis(panel)
        self._view_changed(panel)

    def _restyle_legend(self, legend: Any) -> None:
        fg, size = self._fg(), f"{self._point_size():g}pt"
        legend.setLabelTextColor(fg)
        legend.setLabelTextSize(size)
        for _, label in legend.items:  # setLabelTextSize alone does not re-render
            label.setText(label.text, size=size, color=fg)
        legend.updateSize()
        legend.update()

    def _per_unit(self, panel: _Panel) -> float:
        """Pixels between two snapshots at the current zoom."""
        vb = panel.plot.getViewBox()
        (x0, x1), width = vb.viewRange()[0], vb.width()
        return width / (x1 - x0) if x1 > x0 and width > 0 else 0.0

    def _view_changed(self, panel: _Panel) -> None:
        self._update_symbols(panel)
        self._layout_events(panel)

    def _update_symbols(self, panel: _Panel) -> None:
        """Dots on the points only while they are far enough apart to tell: on a long day
        they would be clutter, and pyqtgraph rebuilds every one on each setData."""
        want = self._per_unit(panel) >= (20 if self._large else 14)
        if want != panel.symbols:
            panel.symbols = want
            for curve in panel.curves.values():
                curve.setSymbol("o" if want else None)

    def _layout_events(self, panel: _Panel) -> None:
        """Draw and name the events along their lines where there is room; an event
        crowded against the one before is left out of the drawing (the points' hover text
        still names it): a long day paints a few lines and labels, not hundreds."""
        if not panel.events:
            return
        per_unit = self._per_unit(panel)
        room = QFontMetrics(self._text_font()).height() * 2.5
        last = -math.inf
        for x in sorted(panel.events):
            line = panel.events[x]
            full = per_unit > 0 and (x - last) * per_unit >= room
            if full:
                last = x
                text = self._event_label(x)
                if line.label.format != text:
                    line.label.setFormat(text)
            if line.label.isVisible() != full:
                line.label.setVisible(full)
            if line.isVisible() != full:
                line.setVisible(full)

    def _bg(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _fg(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _dark(self) -> bool:
        return self._bg().lightness() < 128

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        if event.type() in (
            QEvent.Type.PaletteChange,
            QEvent.Type.ApplicationPaletteChange,
            QEvent.Type.FontChange,
        ):
            self._restyle()
        super().changeEvent(event)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802
        self._fit_pair_list()
        cols = max(1, min(4, self.width() // (380 if self._large else 240)))
        for panel in self.panels.values():
            panel.legend.setColumnCount(cols)
        super().resizeEvent(event)

    def _look(self, key: str) -> tuple[QColor, tuple[float, ...]]:
        """A curve's colour and dash: the truster's (or party's) colour, a dash per target."""
        order = list(self.c.parties)
        fid, _, rest = key.partition(".")
        if ">" in rest:
            a, b = rest.split(">", 1)
            dash = DASHES[order.index(b) % len(DASHES)] if b in order else DASHES[0]
            return self._party_colour(a), dash
        if rest:
            others = sorted(
                {
                    k.partition(".")[0]
                    for k in self._data
                    if "." in k and ">" not in k and self.tab_of(k) == "other"
                }
            )
            dash = DASHES[others.index(fid) % len(DASHES)] if fid in others else DASHES[0]
            return self._party_colour(rest), (DASHES[0] if fid == "leverage" else dash)
        globals_ = [k for k in self._data if "." not in k]
        n = globals_.index(key) if key in globals_ else 0
        return QColor(GLOBAL_COLOURS[n % len(GLOBAL_COLOURS)]), DASHES[
            n // len(GLOBAL_COLOURS) % len(DASHES)
        ]

    def _party_colour(self, pid: str) -> QColor:
        p = self.c.parties.get(pid)
        colour = QColor(p.colour) if p is not None and p.colour else QColor()
        return colour if colour.isValid() else self._fg()

    def _boundary_pen(self) -> Any:
        return pg.mkPen(_alpha(self._fg(), 120), width=3 if self._large else 2)

    def _event_colour(self) -> QColor:
        return QColor("#FFB000" if self._dark() else "#B36B00")

    def _event_pen(self) -> Any:
        return pg.mkPen(
            self._event_colour(), width=2.5 if self._large else 1.5, style=Qt.PenStyle.DashLine
        )

    def _pen_icon(self, colour: QColor, dash: tuple[float, ...]) -> QIcon:
        pix = QPixmap(32, 14)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(_pen(colour, 2.5, dash))
        painter.drawLine(1, 7, 31, 7)
        painter.end()
        return QIcon(pix)


def _pen(colour: QColor, width: float, dash: tuple[float, ...]) -> Any:
    pen = pg.mkPen(colour, width=width)
    if dash:
        pen.setDashPattern(list(dash))
    return pen


def _alpha(colour: QColor, alpha: int) -> QColor:
    out = QColor(colour)
    out.setAlpha(alpha)
    return out


def _number(value: float) -> str:
    """The exact value as the engine keeps it (rounded to 4 places), without trailing zeros."""
    if math.isnan(value):
        return "–"
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _signed(delta: float) -> str:
    return ("+" if delta > 0 else "−" if delta < 0 else "±") + _number(abs(delta))
