"""The dry run: bots play a scenario many times; how often does each issue settle?

Run i uses seed `seed + i`, so `parley play SCENARIO --seed <seed + i>` with the
same --bots replays it exactly. Runs are spread over worker processes in
fixed chunks and merged in run order, so the report is the same whatever the
number of workers. A `cancel` callable, asked between runs (between chunks with
workers), stops a run early: `simulate` then raises `Cancelled`.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from app.engine.compiled import Compiled, compile_scenario
from app.engine.headless import play
from app.engine.session import build_steps
from app.scenario.model import Scenario

BINS = 10


class Cancelled(Exception):
    """The dry run was stopped by its `cancel` callable before the last run."""


def run_one(c: Compiled, seed: int, seating: dict[str, str], preset: str | None) -> dict[str, Any]:
    """The facts of one run the report needs (small, to cross process boundaries)."""
    s = play(c, seed, seating=seating, preset=preset)
    series: dict[str, list[float]] = {k: [] for k in c.figure_keys}
    for e in s.history.entries:
        if e["type"] == "figures" and e["phase"] in ("rounds", "package"):
            for k, v in e["values"].items():
                series[k].append(v)
    assert s.result is not None
    fired = sorted(k for k, n in s.st.fired.items() if n)
    return {"outcome": s.result, "series": series, "final": dict(s.st.figures), "fired": fired}


_WORKER: dict[str, Any] = {}


def _init_worker(scenario: Scenario, seating: dict[str, str], preset: str | None) -> None:
    """Compile the scenario once per worker process, not once per chunk."""
    _WORKER.update(c=compile_scenario(scenario), seating=seating, preset=preset)


def _chunk(seeds: list[int]) -> list[dict[str, Any]]:
    w = _WORKER
    return [run_one(w["c"], seed, w["seating"], w["preset"]) for seed in seeds]


def simulate(
    scenario: Scenario,
    runs: int,
    seed: int = 0,
    seating: dict[str, str] | None = None,
    preset: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancel: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    seats = dict(seating or {})
    seeds = [seed + i for i in range(runs)]
    workers = max(1, min(workers or os.cpu_count() or 1, runs))
    size = max(1, min(200, runs // (workers * 4) or 1))
    chunks = [seeds[i : i + size] for i in range(0, runs, size)]
    results: list[dict[str, Any]] = []
    if workers == 1:
        c = compile_scenario(scenario)
        for n, s in enumerate(seeds, 1):
            if cancel and cancel():
                raise Cancelled(f"stopped after {n - 1} of {runs} runs")
            results.append(run_one(c, s, seats, preset))
            if progress and (n % 20 == 0 or n == runs):
                progress(n, runs)
    else:
        with ProcessPoolExecutor(
            max_workers=workers, initializer=_init_worker, initargs=(scenario, seats, preset)
        ) as pool:
            for part in pool.map(_chunk, chunks):
                if cancel and cancel():
                    pool.shutdown(wait=True, cancel_futures=True)
                    raise Cancelled(f"stopped after {len(results)} of {runs} runs")
                results += part
                if progress:
                    progress(len(results), runs)
    return report(compile_scenario(scenario), results, seed, seats, preset)


def on_agenda(c: Compiled, preset: str | None, results: list[dict[str, Any]]) -> list[str]:
    """The issues the preset takes up (in its rounds or its package round) or that any run
    left other than deferred (an effect can reopen one), in scenario order: an issue left
    off a preset's agenda is deferred in every run, which says nothing about its options."""
    steps = build_steps(c, c.preset(preset))
    return [
        i
        for i in c.issues
        if any((s.kind == "round" and s.issue == i) or i in s.agenda for s in steps)
        or any(r["outcome"]["issues"][i]["status"] != "deferred" for r in results)
    ]


def report(
    c: Compiled,
    results: list[dict[str, Any]],
    seed: int,
    seating: dict[str, str],
    preset: str | None = None,
) -> dict[str, Any]:
    runs = len(results)
    issues: dict[str, Any] = {}
    played = on_agenda(c, preset, results)
    for iid, issue in c.issues.items():
        statuses = Counter(r["outcome"]["issues"][iid]["status"] for r in results)
        options = Counter(
            o for r in results for o in r["outcome"]["issues"][iid]["options"].values()
        )
        issues[iid] = {
            "agreed_rate": _rate(statuses["agreed"], runs),
            "deadlock_rate": _rate(statuses["deadlocked"], runs),
            "deferred_rate": _rate(statuses["deferred"], runs),
            "on_agenda": iid in played,
            "options": {o.id: _rate(options[o.id], runs) for o in issue.all_options()},
        }
    ratification: dict[str, Any] = {}
    for rule in c.scenario.outcome.ratification:
        voted = [
            r["outcome"]["ratification"][rule.party]
            for r in results
            if rule.party in r["outcome"]["ratification"]
        ]
        ratification[rule.party] = {
            "held": len(voted),
            "rate": _rate(sum(v["passed"] for v in voted), len(voted)),
        }
    figures = {
        k: _bands(c, k, [r["series"][k] for r in results], [r["final"][k] for r in results])
        for k in c.figure_keys
    }
    vs_batna = {
        p: _rate(sum(r["outcome"]["parties"][p]["vs_batna"] > 0 for r in results), runs)
        for p in c.party_order
    }
    durability = [r["outcome"]["durability"]["score"] for r in results]
    fired = Counter(k for r in results for k in r["fired"])
    rules = {rule.id: _rate(fired[rule.id], runs) for rule in c.scenario.rules}
    events = {ev.id: _rate(fired[ev.id], runs) for ev in c.scenario.events}
    return {
        "scenario": c.scenario.scenario.id,
        "runs": runs,
        "seed": seed,
        "seeds": f"run i is seed {seed} + i",
        "bots": seating,
        "issues": issues,
        "ratification": ratification,
        "above_batna": vs_batna,
        "durability": {"mean": round(sum(durability) / runs, 2) if runs else 0},
        "figures": figures,
        "rules": rules,  # id -> share of runs in which the rule fired at least once
        "events": events,  # id -> share of runs in which the event happened
        "never_fired": {
            "rules": [k for k, v in rules.items() if not v],
            "events": [k for k, v in events.items() if not v],
        },
    }


def _rate(n: int, total: int) -> float:
    return round(n / total, 4) if total else 0.0


def _quantile(sorted_values: list[float], q: float) -> float:
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def _bands(c: Compiled, key: str, series: list[list[float]], finals: list[float]) -> dict[str, Any]:
    length = max((len(s) for s in series), default=0)
    bands = []
    for i in range(length):
        column = sorted(s[i] for s in series if i < len(s))
        bands.append(
            {
                "round": i,
                "p10": _quantile(column, 0.1),
                "p50": _quantile(column, 0.5),
                "p90": _quantile(column, 0.9),
            }
        )
    lo, hi = c.figure_range[key.partition(".")[0]]
    width = (hi - lo) / BINS or 1
    counts = [0] * BINS
    for v in finals:
        counts[min(BINS - 1, max(0, int((v - lo) / width)))] += 1
    edges = [round(lo + i * width, 4) for i in range(BINS + 1)]
    return {"bands": bands, "histogram": {"edges": edges, "counts": counts}}
