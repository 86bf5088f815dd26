"""Figure plot speed on a full day, run by hand (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_plots.py [SCENARIO]

A full-day history: the scenario (the tutorial by default) with every issue set to 60
rounds, played headless by bots (about 120 rounds and every figure). On a widget holding
that day, shown at 1200x800, it measures the time to append ONE round's entries and
repaint (`QApplication.processEvents()`), against a baseline taken in the same run: a bare
pyqtgraph PlotWidget of the same size with the same number of curves and points, updated
with `setData` on every curve and repainted the same way. Prints medians and the ratio.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from app.engine.compiled import compile_scenario  # noqa: E402
from app.engine.headless import play  # noqa: E402
from app.scenario.validate import load_ok  # noqa: E402

ROUNDS_PER_ISSUE = 60
TIMED_ROUNDS = 20  # the last rounds of the day, appended one by one on top of the rest
REPEATS = 10
SIZE = (1200, 800)


def full_day(path: Path, seed: int = 1) -> tuple[Any, list[dict[str, Any]]]:
    scenario = load_ok(path)
    scenario = scenario.model_copy(
        update={
            "issues": [i.model_copy(update={"rounds": ROUNDS_PER_ISSUE}) for i in scenario.issues]
        }
    )
    compiled = compile_scenario(scenario)
    return compiled, list(play(compiled, seed).history.entries)


def by_round(entries: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The history cut after each snapshot: one chunk per round (the first is the start)."""
    chunks: list[list[dict[str, Any]]] = [[]]
    for e in entries:
        chunks[-1].append(e)
        if e["type"] == "figures":
            chunks.append([])
    if not chunks[-1]:
        chunks.pop()
    return chunks


class Paints:
    """Counts paint events of a widget's viewport, to check each step really repainted."""

    def __init__(self, view: Any) -> None:
        from PySide6.QtCore import QEvent, QObject

        outer = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:  # noqa: N802
                if event.type() == QEvent.Type.Paint:
                    outer.count += 1
                return False

        self.count = 0
        self._filter = Filter()
        view.viewport().installEventFilter(self._filter)


def widget_times(
    app: QApplication, compiled: Any, chunks: list[list[dict[str, Any]]], tab: int = 0
) -> tuple[list[float], int, int]:
    from app.ui.plots import FigurePlot

    w = FigurePlot(compiled)
    w.resize(*SIZE)
    w.show()
    w.tabs.setCurrentIndex(tab)
    head = [e for chunk in chunks[:-TIMED_ROUNDS] for e in chunk]
    paints = Paints(w.current_panel().glw)
    times: list[float] = []
    missed = 0
    for _ in range(REPEATS):
        w.reset(head)
        app.processEvents()
        for chunk in chunks[-TIMED_ROUNDS:]:
            before = paints.count
            t = time.perf_counter()
            w.append(chunk)
            app.processEvents()
            times.append(time.perf_counter() - t)
            missed += paints.count == before
    curves = len(w.keys)
    w.close()
    return times, curves, missed


def baseline_times(app: QApplication, curves: int, points: list[int]) -> tuple[list[float], int]:
    """Bare pyqtgraph: `curves` curves in one plot, setData with one more point each step."""
    import pyqtgraph as pg

    plot = pg.PlotWidget()
    plot.resize(*SIZE)
    plot.show()
    rng = np.random.default_rng(0)
    top = max(points) + 1
    data = [np.cumsum(rng.normal(size=top)) + 50 for _ in range(curves)]
    x = np.arange(top, dtype=float)
    items = [plot.plot(pen=pg.intColor(i, curves)) for i in range(curves)]
    paints = Paints(plot)
    times: list[float] = []
    missed = 0
    for _ in range(REPEATS):
        for item, y in zip(items, data, strict=True):
            item.setData(x[: points[0] - 1], y[: points[0] - 1])
        app.processEvents()
        for n in points:
            before = paints.count
            t = time.perf_counter()
            for item, y in zip(items, data, strict=True):
                item.setData(x[:n], y[:n])
            app.processEvents()
            times.append(time.perf_counter() - t)
            missed += paints.count == before
    plot.close()
    return times, missed


def reset_time(app: QApplication, compiled: Any, entries: list[dict[str, Any]]) -> float:
    from app.ui.plots import FigurePlot

    w = FigurePlot(compiled)
    w.resize(*SIZE)
    w.show()
    app.processEvents()
    times = []
    for _ in range(5):
        t = time.perf_counter()
        w.reset(entries)
        app.processEvents()
        times.append(time.perf_counter() - t)
    w.close()
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.2f} ms"


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "scenarios" / "tutorial.yaml"
    app = QApplication.instance() or QApplication([])
    compiled, entries = full_day(path)
    chunks = by_round(entries)
    snapshots = sum(1 for e in entries if e["type"] == "figures")
    print(
        f"{path.name}, {ROUNDS_PER_ISSUE} rounds per issue: {len(entries)} entries, "
        f"{snapshots} snapshots, {len(compiled.figure_keys)} figure keys; "
        f"widget {SIZE[0]}x{SIZE[1]}, platform {app.platformName()}"
    )
    points = [snapshots - TIMED_ROUNDS + 1 + k for k in range(TIMED_ROUNDS)]
    baseline, base_missed = baseline_times(app, len(compiled.figure_keys), points)
    results = {}
    for tab, name in enumerate(("trust", "leverage", "other")):
        times, curves, missed = widget_times(app, compiled, chunks, tab)
        results[name] = (times, missed)
    baseline2, base_missed2 = baseline_times(app, len(compiled.figure_keys), points)
    base = statistics.median(baseline + baseline2)
    print(
        f"baseline: bare pyqtgraph, {len(compiled.figure_keys)} curves x "
        f"{points[0]}..{points[-1]} points, setData + processEvents: median {ms(base)} "
        f"({len(baseline) + len(baseline2)} samples, {base_missed + base_missed2} without "
        f"a repaint)"
    )
    for name, (times, missed) in results.items():
        med = statistics.median(times)
        print(
            f"FigurePlot, {name} tab shown: append one round + processEvents: median "
            f"{ms(med)} ({len(times)} samples, {missed} without a repaint); "
            f"ratio {med / base:.2f}x the baseline"
        )
    print(
        f"reset() with the whole day + processEvents: median {ms(reset_time(app, compiled, entries))}"
    )


if __name__ == "__main__":
    main()
