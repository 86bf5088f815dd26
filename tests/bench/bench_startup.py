"""Start-up time, run by hand (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_startup.py [SCENARIO]

Whole-process wall time from launch until the window is shown and painted,
for (a) a bare PySide6 window holding a pyqtgraph plot of six curves and
(b) Parley with the scenario's session loaded (bots seated, as --autoplay
does). Medians of repeated runs, alternating the two, and their ratio.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BARE = """
from PySide6.QtWidgets import QApplication, QMainWindow
import pyqtgraph as pg
app = QApplication([])
w = QMainWindow()
plot = pg.PlotWidget()
for i in range(6):
    plot.plot([0, 1, 2, 3], [i, i + 1, i, i + 2])
w.setCentralWidget(plot)
w.resize(1400, 900)
w.show()
app.processEvents()
w.grab()
"""

PARLEY = """
import sys, tempfile
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
app = QApplication(["parley"])
from app.ui import app as ui
def done():
    for w in app.topLevelWidgets():
        if w.isVisible():
            w.grab()
    app.quit()
QTimer.singleShot(0, done)
ui.run([sys.argv[1], "--autoplay", "--pace", "3600", "--db", tempfile.mktemp(suffix=".db")])
"""


def wall(code: str, *args: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    t = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return time.perf_counter() - t


def main() -> None:
    scenario = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "scenarios" / "tutorial.yaml")
    bare, parley = [], []
    wall(BARE), wall(PARLEY, scenario)  # warm the file cache
    for _ in range(7):
        bare.append(wall(BARE))
        parley.append(wall(PARLEY, scenario))
    b, p = statistics.median(bare), statistics.median(parley)
    print(f"bare PySide6 window + pyqtgraph plot: {b:.3f} s (median of {len(bare)})")
    print(f"Parley with {Path(scenario).name} loaded: {p:.3f} s; ratio {p / b:.2f}")


if __name__ == "__main__":
    main()
