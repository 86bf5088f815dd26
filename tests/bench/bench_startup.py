"""Start-up time, run by hand (not collected by pytest):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_startup.py [SCENARIO]

Whole-process wall time from launch until the window is shown and painted,
for (a) a bare PySide6 window holding a pyqtgraph plot of six curves and
(b) Parley with the scenario's session loaded (bots seated, as --autoplay
does). Also the time from launch until that paint, which leaves out the
process's exit. Medians of repeated runs, alternating the two, their ratio and
the median of the ratios pair by pair (the machine's speed drifts).

    --runs N   pairs of runs counted (default 15), after one warm-up pair
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Each harness prints the clock once its window has painted.
BARE = """
import time
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
print("PAINTED", time.time(), flush=True)
"""

# Parley's own path, `parley SCENARIO --autoplay` as the command runs it: `run()` imports
# the engine before PySide6 and creates the QApplication itself, so the harness only hooks
# the call `run()` makes once the QApplication exists (crash.install_window_hook) to queue
# the grab-and-quit.
PARLEY = """
import sys, tempfile, time
from app import crash
from app.cli import main
install = crash.install_window_hook
def hooked():
    install()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    def done():
        for w in QApplication.topLevelWidgets():
            if w.isVisible():
                w.grab()
        print("PAINTED", time.time(), flush=True)
        QApplication.quit()
    # at the loop's second turn: after run() has switched the cycle collector back on
    QTimer.singleShot(0, lambda: QTimer.singleShot(0, done))
crash.install_window_hook = hooked
db = tempfile.mktemp(suffix=".db", dir=sys.argv[2])
sys.argv[1:] = [sys.argv[1], "--autoplay", "--pace", "3600", "--db", db]
sys.exit(main())  # as the `parley` script calls it
"""


def launch(code: str, *args: str) -> tuple[float, float]:
    """(seconds until the window painted, seconds until the process ended)"""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    start, t = time.time(), time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True, capture_output=True
    )
    whole = time.perf_counter() - t
    painted = [line for line in done.stdout.decode().splitlines() if line.startswith("PAINTED")]
    return float(painted[-1].split()[1]) - start, whole


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scenario", nargs="?", default=str(ROOT / "scenarios" / "tutorial.yaml"))
    ap.add_argument("--runs", type=int, default=15)
    ns = ap.parse_args()
    # compiled bytecode, as an install has it (PYTHONDONTWRITEBYTECODE may be set here)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "app")], check=True)
    bare, parley = [], []
    with tempfile.TemporaryDirectory() as dbs:  # a new sessions database each run
        # the warm-up fills the file cache and Parley's scenario and grammar caches: the
        # figures are for a scenario opened before (the first time checks it in full)
        launch(BARE), launch(PARLEY, ns.scenario, dbs)
        for _ in range(ns.runs):
            bare.append(launch(BARE))
            parley.append(launch(PARLEY, ns.scenario, dbs))
    name = Path(ns.scenario).name
    for i, what in ((1, "whole process"), (0, "until painted")):
        b = statistics.median(r[i] for r in bare)
        p = statistics.median(r[i] for r in parley)
        pairs = statistics.median(q[i] / r[i] for q, r in zip(parley, bare, strict=True))
        print(
            f"{what}: bare PySide6 window + pyqtgraph plot {b:.3f} s, Parley with {name} "
            f"{p:.3f} s (medians of {ns.runs}); ratio {p / b:.2f}, pair by pair {pairs:.2f}"
        )


if __name__ == "__main__":
    main()
