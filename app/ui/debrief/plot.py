"""The debrief's figure plot: one chart at a time (trust held by a delegation, leverage,
the other figures), one point per snapshot, with a cursor at the round being discussed.

pyqtgraph is imported here, where the plot is built."""

from __future__ import annotations

from typing import Any

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.reports.charts import Group, figure_groups
from app.reports.svg import PALETTE


class TimelinePlot(QWidget):
    """`set_report(report)` draws; `set_cursor(snapshot)` moves the cursor. `groups`,
    `curves` (key -> item) and `cursor` (a pg.InfiniteLine) are there for tests."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: dict[str, Any] = {}
        self.groups: list[Group] = []
        self.curves: dict[str, Any] = {}
        self.choice = QComboBox()
        self.choice.setAccessibleName(self.tr("Figures to plot"))
        self.widget = pg.PlotWidget(background="w")
        self.widget.setAccessibleName(self.tr("Figures over time"))
        self.plot = self.widget.getPlotItem()
        self.plot.showGrid(y=True, alpha=0.25)
        self.plot.setLabel("bottom", self.tr("round (snapshot)"))
        self.legend = self.plot.addLegend(
            offset=(10, 10), labelTextColor="k", brush=pg.mkBrush(255, 255, 255, 220)
        )
        self.cursor = pg.InfiniteLine(0, angle=90, movable=False, pen=pg.mkPen("k", width=3))
        self.sections: list[Any] = []
        style_axes(self.plot, self.font())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.save_button = QPushButton(self.tr("Save chart…"))
        self.save_button.setToolTip(self.tr("The chart shown, with its cursor, as SVG or PNG"))
        row = QHBoxLayout()
        row.addWidget(self.choice, 1)
        row.addWidget(self.save_button)
        layout.addLayout(row)
        layout.addWidget(self.widget, 1)
        self.choice.currentIndexChanged.connect(self._draw)
        self.save_button.clicked.connect(self.save_dialog)

    def set_report(self, report: dict[str, Any]) -> None:
        self.report = report
        self.groups = figure_groups(report)
        keep = self.choice.currentIndex()
        self.choice.blockSignals(True)
        self.choice.clear()
        self.choice.addItems([g.title for g in self.groups])
        self.choice.setCurrentIndex(max(0, min(keep, len(self.groups) - 1)))
        self.choice.blockSignals(False)
        self._draw()

    def _draw(self) -> None:
        self.plot.clear()  # also removes the cursor and the section lines
        style_axes(self.plot, self.font())  # the font is the parent's once placed
        self.legend.clear()
        self.curves = {}
        index = self.choice.currentIndex()
        if not self.groups or index < 0:
            return
        group = self.groups[index]
        values = self.report["figures"]["values"]
        for i, (key, label, colour) in enumerate(
            zip(group.keys, group.labels, group.colours, strict=True)
        ):
            pen = pg.mkPen(QColor(colour or PALETTE[i % len(PALETTE)]), width=3)
            if not colour and i >= len(PALETTE):
                pen.setStyle(Qt.PenStyle.DashLine)
            ys = values[key]
            self.curves[key] = self.plot.plot(list(range(len(ys))), ys, pen=pen, name=label)
        for i, (x, name) in enumerate(self.report["figures"].get("sections", [])):
            short = name if len(name) <= 22 else name[:21] + "…"
            line = pg.InfiniteLine(
                x,
                angle=90,
                movable=False,
                label=short,
                labelOpts={
                    "position": 0.04 + 0.06 * (i % 2),
                    "color": "#444",
                    "anchors": [(0, 1), (0, 1)],
                },
                pen=pg.mkPen("#999", style=Qt.PenStyle.DashLine),
            )
            self.plot.addItem(line)
        if group.y_range:
            self.plot.setYRange(*group.y_range, padding=0.02)
        self.plot.setLabel("left", group.y_label)
        self.plot.addItem(self.cursor)

    def set_cursor(self, snapshot: int | None) -> None:
        self.cursor.setValue(0 if snapshot is None else snapshot)

    def save(self, path: str) -> None:
        """The chart shown (with its cursor) as SVG, or PNG for a `.png` path, written
        through a temporary file; the same drawing as the report's."""
        from app.reports.charts import figure_charts
        from app.reports.files import write_atomic

        _, svg = figure_charts(self.report, int(self.cursor.value()))[self.choice.currentIndex()]
        if path.lower().endswith(".png"):
            from app.reports.pdf import svg_png

            write_atomic(path, svg_png(svg))
        else:
            write_atomic(path, svg)

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the chart"), "chart.svg", self.tr("SVG (*.svg);;PNG (*.png)")
        )
        if not path:
            return
        try:
            self.save(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Not written"), f"{path}: {exc.strerror or exc}")


def style_axes(plot: Any, font: QFont) -> None:
    """Tick labels and axis titles in the widget's (projector-sized) font, in black."""
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setStyle(tickFont=font)
        axis.setTextPen("k")
        axis.label.setFont(font)
