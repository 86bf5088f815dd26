"""The dry run stops when its `cancel` callable says so, between runs, and says how far it
got; a `cancel` that never says so changes nothing."""

from __future__ import annotations

import pytest
from conftest import TUTORIAL

from app.engine.simulate import Cancelled, simulate
from app.scenario.validate import load_ok


def test_cancel_is_asked_between_runs_and_stops_the_dry_run() -> None:
    scn = load_ok(TUTORIAL)
    done: list[int] = []
    asked: list[int] = []

    def cancel() -> bool:
        asked.append(len(asked))
        return len(asked) > 7  # the eighth question: seven runs are done

    with pytest.raises(Cancelled, match="after 7 of 100 runs"):
        simulate(scn, 100, seed=1, workers=1, progress=lambda n, _: done.append(n), cancel=cancel)
    assert len(asked) == 8
    assert done == []  # progress is told every 20 runs: the run stopped before the first


def test_cancel_across_worker_processes_stops_between_chunks() -> None:
    scn = load_ok(TUTORIAL)
    with pytest.raises(Cancelled, match="after 0 of 40 runs"):
        simulate(scn, 40, seed=1, workers=2, cancel=lambda: True)


def test_a_cancel_that_never_fires_leaves_the_report_unchanged() -> None:
    scn = load_ok(TUTORIAL)
    plain = simulate(scn, 12, seed=5, workers=1)
    assert simulate(scn, 12, seed=5, workers=1, cancel=lambda: False) == plain
