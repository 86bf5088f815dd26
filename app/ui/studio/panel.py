"""The studio panel: how many runs, which bot plays each party, which timing; Run and
Cancel with a progress bar; then the report in words, warnings first, and the figures'
curves (median with the 10-90% band) and the histogram of their final values."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.engine.bots import POLICIES
from app.engine.compiled import Compiled, compile_scenario
from app.engine.transcript import figure_label
from app.scenario.model import Scenario
from app.ui.studio.summary import report_html
from app.ui.studio.warnings import Warning, dry_run_warnings
from app.ui.studio.worker import DryRun

DEFAULT_RUNS = 200


class StudioPanel(QWidget):
    """The dry run of the editor's current text (saved or not)."""

    finished = Signal(object)  # the report, once shown
    stopped = Signal(str)  # cancelled or failed: what the status line says

    def __init__(self, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.worker: DryRun | None = None
        self.report: dict[str, Any] | None = None
        self.warnings: list[Warning] = []
        self.compiled: Compiled | None = None
        self._parties: list[tuple[str, str]] = []
        self.runs = QSpinBox()
        self.runs.setObjectName("studioRuns")
        self.runs.setRange(1, 10000)
        self.runs.setValue(DEFAULT_RUNS)
        self.runs.setSingleStep(100)
        self.seed = QSpinBox()
        self.seed.setRange(0, 2**31 - 1)
        self.preset = QComboBox()
        self.preset.setObjectName("studioPreset")
        self.bots = QFormLayout()
        self.bot_choice: dict[str, QComboBox] = {}
        self.run_button = QPushButton(self.tr("Run the dry run"))
        self.run_button.setObjectName("studioRun")
        self.run_button.clicked.connect(self.start)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("studioCancel")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.stop)
        self.bar = QProgressBar()
        self.bar.setObjectName("studioProgress")
        self.bar.setFormat(self.tr("%v of %m runs"))
        self.status = QLabel(
            self.tr(
                "Bots play the scenario as it is in the editor, saved or "
                "not, as many times as you ask."
            )
        )
        self.status.setWordWrap(True)
        self.text = QTextBrowser()
        self.text.setObjectName("studioReport")
        self.figures = QWidget()
        self.figure_pick = QComboBox()
        self.figure_pick.setObjectName("studioFigure")
        self.figure_pick.currentIndexChanged.connect(lambda _: self._plot())
        figures_layout = QVBoxLayout(self.figures)
        figures_layout.addWidget(self.figure_pick)
        self.plots: Any = None  # (band plot, histogram), built on the first report
        self.tabs = QTabWidget()
        self.tabs.addTab(self.text, self.tr("What happened"))
        self.tabs.addTab(self.figures, self.tr("Figures"))
        form = QFormLayout()
        form.addRow(self.tr("Runs:"), self.runs)
        form.addRow(self.tr("First seed:"), self.seed)
        form.addRow(self.tr("Timing:"), self.preset)
        buttons = QHBoxLayout()
        buttons.addWidget(self.run_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(QLabel(self.tr("<b>Who the bots play</b>")))
        layout.addLayout(self.bots)
        layout.addLayout(buttons)
        layout.addWidget(self.bar)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        editor.checked.connect(lambda _: self.scenario_changed())
        self.scenario_changed()

    # --- choices ------------------------------------------------------------------------------

    def scenario(self) -> Scenario | None:
        loaded = self.editor.loaded
        return loaded.scenario if loaded is not None and loaded.ok else None

    def scenario_changed(self) -> None:
        """Follow the text: one bot choice per party, the timing presets."""
        scn = self.scenario()
        running = self.worker is not None
        self.run_button.setEnabled(scn is not None and not running)
        if scn is None:
            return
        parties = [(p.id, p.name) for p in scn.parties]
        if parties != self._parties:
            self._parties = parties
            while self.bots.rowCount():
                self.bots.removeRow(0)
            self.bot_choice = {}
            for p in scn.parties:
                box = QComboBox()
                default = p.bot.policy if p.bot else None
                box.addItem(self.tr("as the scenario says ({0})").format(default or "default"), "")
                for policy in POLICIES:
                    box.addItem(policy, policy)
                self.bots.addRow(f"{p.short or p.name}:", box)
                self.bot_choice[p.id] = box
        presets = [(pr.name, pr.id) for pr in scn.timing.presets]
        if [
            (self.preset.itemText(i), self.preset.itemData(i)) for i in range(self.preset.count())
        ] != presets:
            self.preset.clear()
            for name, pid in presets:
                self.preset.addItem(name, pid)
            if scn.timing.default:
                self.preset.setCurrentIndex(max(0, self.preset.findData(scn.timing.default)))

    def seating(self) -> dict[str, str]:
        """The `--bots` equivalent: only the parties whose bot the author changed."""
        return {
            pid: f"bot:{box.currentData()}"
            for pid, box in self.bot_choice.items()
            if box.currentData()
        }

    # --- running ------------------------------------------------------------------------------

    def start(self) -> bool:
        scn = self.scenario()
        if scn is None or self.worker is not None:
            self.status.setText(
                self.tr(
                    "Fix the errors in the text first: the dry run needs a scenario that loads."
                )
            )
            return False
        self.bar.setRange(0, self.runs.value())
        self.bar.setValue(0)
        self.compiled = compile_scenario(scn)
        worker = DryRun(
            scn, self.runs.value(), self.seed.value(), self.seating(), self.preset.currentData()
        )
        worker.progress.connect(self._progress)
        worker.done.connect(self._done)
        worker.cancelled.connect(lambda m: self._ended(self.tr("Cancelled: {0}.").format(m)))
        worker.failed.connect(lambda m: self._ended(self.tr("The dry run failed: {0}").format(m)))
        self.worker = worker
        self.run_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.status.setText(self.tr("Running {0} sessions…").format(self.runs.value()))
        worker.start()
        return True

    def stop(self) -> None:
        """Cancel a run in progress (it stops after the run it is playing) and wait for it."""
        if self.worker is not None:
            self.worker.cancel()
            self.worker.wait()

    def _progress(self, done: int, total: int) -> None:
        self.bar.setMaximum(total)
        self.bar.setValue(done)

    def _finish_worker(self) -> None:
        if self.worker is not None:
            self.worker.wait()
            self.worker.deleteLater()
        self.worker = None
        self.cancel_button.setEnabled(False)
        self.run_button.setEnabled(self.scenario() is not None)

    def _ended(self, message: str) -> None:
        self._finish_worker()
        self.status.setText(message)
        self.stopped.emit(message)

    def _done(self, report: dict[str, Any]) -> None:
        self._finish_worker()
        assert self.compiled is not None
        self.report = report
        self.warnings = dry_run_warnings(self.compiled.scenario, report)
        self.text.setHtml(report_html(self.compiled, report, self.warnings))
        self.status.setText(
            self.tr("{0} runs done; {1} to look at.").format(
                report["runs"], len(self.warnings) or self.tr("nothing")
            )
        )
        first = {"trust": 0, "leverage": 1}  # the curves a facilitator reads first
        order = {k: i for i, k in enumerate(self.compiled.figure_keys)}  # the scenario's order
        keys = sorted(
            report["figures"], key=lambda k: (first.get(k.partition(".")[0], 2), order.get(k, 0))
        )
        self.figure_pick.blockSignals(True)
        self.figure_pick.clear()
        for key in keys:
            self.figure_pick.addItem(figure_label(self.compiled, key), key)
        self.figure_pick.blockSignals(False)
        self._plot()
        self.finished.emit(report)

    # --- plots --------------------------------------------------------------------------------

    def _plot(self) -> None:
        key = self.figure_pick.currentData()
        if self.report is None or key is None:
            return
        if self.plots is None:
            self.plots = self._build_plots()
        band, hist = self.plots
        figure = self.report["figures"][key]
        rounds = [b["round"] + 1 for b in figure["bands"]]
        band.clear()
        hist.clear()
        import pyqtgraph as pg

        label = self.figure_pick.currentText()
        band.setTitle(self.tr("{0}: median run (line), 8 runs in 10 (band)").format(label))
        if rounds:
            low = band.plot(rounds, [b["p10"] for b in figure["bands"]], pen=pg.mkPen("#9bb7d4"))
            high = band.plot(rounds, [b["p90"] for b in figure["bands"]], pen=pg.mkPen("#9bb7d4"))
            band.addItem(pg.FillBetweenItem(low, high, brush=pg.mkBrush(26, 115, 232, 60)))
            band.plot(rounds, [b["p50"] for b in figure["bands"]], pen=pg.mkPen("#1a73e8", width=2))
        edges = figure["histogram"]["edges"]
        counts = figure["histogram"]["counts"]
        hist.setTitle(self.tr("{0} at the end: runs per final value").format(label))
        width = (edges[1] - edges[0]) if len(edges) > 1 else 1
        hist.addItem(
            pg.BarGraphItem(x0=edges[:-1], width=width * 0.9, height=counts, brush="#1a73e8")
        )

    def _build_plots(self) -> tuple[Any, Any]:
        import pyqtgraph as pg

        band = pg.PlotWidget()
        band.setObjectName("studioBands")
        band.setBackground("w")
        band.setLabel("bottom", self.tr("round"))
        band.showGrid(x=True, y=True, alpha=0.2)
        hist = pg.PlotWidget()
        hist.setObjectName("studioHistogram")
        hist.setBackground("w")
        hist.setLabel("bottom", self.tr("final value"))
        hist.setLabel("left", self.tr("runs"))
        layout = self.figures.layout()
        layout.addWidget(band, 1)
        layout.addWidget(hist, 1)
        return band, hist
