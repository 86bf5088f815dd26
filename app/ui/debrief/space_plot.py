"""The outcome space for two chosen parties: every frontier deal, the fair point, this
table's deal and no deal, with the value left on the table and what the frontier means.

pyqtgraph is imported here, where the plot is built."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.debrief.outcome_space import analyse
from app.engine.compiled import Compiled
from app.reports.page import number, signed
from app.ui.debrief.plot import style_axes


class SpacePlot(QWidget):
    """`set_result(compiled, outcome)` draws; the two combo boxes pick the parties.
    `space` holds the analysis shown (the report's `outcome_space` for the pair)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.c: Compiled | None = None
        self.result: dict[str, Any] | None = None
        self.space: dict[str, Any] | None = None
        self.first, self.second = QComboBox(), QComboBox()
        self.first.setAccessibleName(self.tr("Party on the horizontal axis"))
        self.second.setAccessibleName(self.tr("Party on the vertical axis"))
        self.widget = pg.PlotWidget(background="w")
        self.widget.setAccessibleName(self.tr("The outcome space"))
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(x=True, y=True, alpha=0.25)
        self.legend = self.plot.addLegend(offset=(-10, 10), labelTextColor="k")
        style_axes(self.plot, self.font())
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Parties:")))
        row.addWidget(self.first)
        row.addWidget(QLabel(self.tr("against")))
        row.addWidget(self.second)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.widget, 1)
        layout.addWidget(self.summary)
        self.first.currentIndexChanged.connect(self._draw)
        self.second.currentIndexChanged.connect(self._draw)

    def set_result(self, c: Compiled, result: dict[str, Any] | None) -> None:
        self.c, self.result = c, result
        for box, default in ((self.first, 0), (self.second, 1)):
            box.blockSignals(True)
            box.clear()
            for pid in c.party_order:
                box.addItem(c.parties[pid].short or c.parties[pid].name, pid)
            index = (
                c.party_order.index(c.delegations[default])
                if len(c.delegations) > default
                else default
            )
            box.setCurrentIndex(index)
            box.blockSignals(False)
        self._draw()

    def pair(self) -> tuple[str, str]:
        return self.first.currentData(), self.second.currentData()

    def _draw(self) -> None:
        self.plot.clear()
        style_axes(self.plot, self.font())  # the font is the parent's once placed
        self.legend.clear()
        if self.c is None or not self.result:
            self.summary.setText(self.tr("The outcome space appears when the session ends."))
            return
        a, b = self.pair()
        if a == b:
            self.summary.setText(self.tr("Choose two different parties."))
            return
        sp = self.space = analyse(self.c, self.result, (a, b))
        name = {p: self.c.parties[p].short or self.c.parties[p].name for p in (a, b)}
        front = sorted((d["values"][a], d["values"][b]) for d in sp["pair_frontier"])
        self.plot.plot(
            [x for x, _ in front],
            [y for _, y in front],
            pen=pg.mkPen("#7f7f7f", width=2),
            symbol="o",
            symbolSize=7,
            symbolBrush="#7f7f7f",
            name="Pareto frontier",
        )
        points = (
            ("No deal", (sp["no_deal"][a], sp["no_deal"][b]), "x", "#000000"),
            ("Fair point (Nash)", _xy(sp["fair_point"], a, b), "d", "#2ca02c"),
            (
                "This table's deal" if sp["deal"]["agreed"] else "This table: no agreement",
                _xy(sp["deal"], a, b),
                "s",
                "#d62728",
            ),
        )
        for label, (x, y), symbol, colour in points:
            self.plot.plot(
                [x], [y], pen=None, symbol=symbol, symbolSize=16, symbolBrush=colour, name=label
            )
        self.plot.setLabel("bottom", f"value for {name[a]}")
        self.plot.setLabel("left", f"value for {name[b]}")
        left = sp["value_left"]
        parts = [f"{name.get(p, p)} {signed(left[p])}" for p in sp["parties"] if p in left]
        self.summary.setText(
            f"<p><b>Value left on the table</b> (measured against "
            f"{sp['value_left_measured']}): {', '.join(parts)}; total "
            f"{signed(left['total'])}. Gap to the frontier: {number(sp['gap_to_frontier'])}."
            f"</p><p>{sp['explanation']}</p>"
        )


def _xy(deal: dict[str, Any], a: str, b: str) -> tuple[float, float]:
    return deal["values"][a], deal["values"][b]
