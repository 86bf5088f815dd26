"""What one command costs in the play window over a whole day, run by hand (not collected):

    QT_QPA_PLATFORM=offscreen .venv/bin/python tests/bench/bench_ui_cost.py

The flagship with every issue set to 24 rounds (120 rounds on the full-day preset), two
teams (Ukraine and Russia) at one laptop and bots for the other parties, in the real
window (shown, 1280x720, every view built: the public screen, both teams' screens, the
plots) on a saved session. Each round: the facilitator's F5 (talk time is 0, so entry
opens and the hand-over screen comes up), Kyiv's move (then the hand-over to Moscow),
Moscow's "show our screen" and move (the round resolves). Each is timed from the click
to the end of `QApplication.processEvents()`. The teams never agree, so every round is
played. Prints, for the first and the last three rounds, the median cost of a command,
and as its last line `round 1: A ms; round 120: B ms; ratio R`.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication  # noqa: E402

from app.engine.clock import FakeClock  # noqa: E402
from app.engine.compiled import compile_scenario  # noqa: E402
from app.scenario.validate import load_file  # noqa: E402
from app.store.saved import SavedSession  # noqa: E402
from app.store.sessions import Store  # noqa: E402
from app.ui.main_window import MainWindow  # noqa: E402

ROUNDS_PER_ISSUE = 24
ROUNDS = 120
WINDOW = 3  # rounds at each end whose commands give the medians
TEAMS = {"ua": "team:Kyiv", "ru": "team:Moscow"}


def timed(app: QApplication, action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    loaded = load_file(ROOT / "scenarios" / "ukraine-2022.yaml")
    assert loaded.scenario is not None
    scenario = loaded.scenario.model_copy(
        update={
            "issues": [
                i.model_copy(update={"rounds": ROUNDS_PER_ISSUE}) for i in loaded.scenario.issues
            ]
        }
    )
    compiled = compile_scenario(scenario)
    with tempfile.TemporaryDirectory() as tmp:
        w = MainWindow(Store.open(Path(tmp) / "bench.db"))
        w.resize(1280, 720)
        w.show()
        saved = SavedSession.new(w.store, compiled, loaded.text, 7, TEAMS, "full_day", FakeClock())
        saved.apply({"type": "timing", "talk": 0, "entry": 60})
        w.open_session(saved)
        page, ctl = w.page, w.controller
        assert page is not None and ctl is not None
        ctl.timer.stop()  # the clock is not what is measured
        for party in TEAMS:  # every view built once, as a session that has run a while
            page.show_team(party)
            app.processEvents()
        page.show_public()
        app.processEvents()
        s = ctl.session
        costs: dict[int, list[float]] = {}
        played = 0
        while played < ROUNDS and not s.finished:
            cost = timed(app, lambda: w.command("start"))
            if s.stage != "entry":
                continue  # a phase between rounds
            played += 1
            mine = costs.setdefault(played, [cost])
            for party in TEAMS:
                if page.showing == "handover":
                    mine.append(timed(app, page.handover.button.click))
                view = page.views[party]
                composer = view.composer
                assert composer is not None and page.showing == party
                kind = "propose" if party == "ua" else "reject"
                if composer.kind.findData(kind) < 0:
                    kind = "pass"
                composer.kind.setCurrentIndex(composer.kind.findData(kind))
                composer.remark.setText(f"round {played}")
                mine.append(timed(app, composer.submit.click))
            assert s.stage == "resolved", s.stage
        if played < ROUNDS:
            raise SystemExit(f"only {played} rounds were played")
        w.close()
    first = [c for r in range(1, WINDOW + 1) for c in costs[r]]
    last = [c for r in range(ROUNDS - WINDOW + 1, ROUNDS + 1) for c in costs[r]]
    a, b = statistics.median(first), statistics.median(last)
    for r in (1, 30, 60, 90, ROUNDS):
        print(
            f"round {r:3d}: {len(costs[r])} commands, median {statistics.median(costs[r]):.1f} "
            f"ms, max {max(costs[r]):.1f} ms"
        )
    print(f"(medians over the commands of rounds 1-{WINDOW} and {ROUNDS - WINDOW + 1}-{ROUNDS})")
    print(f"round 1: {a:.1f} ms; round {ROUNDS}: {b:.1f} ms; ratio {b / a:.2f}")


if __name__ == "__main__":
    main()
