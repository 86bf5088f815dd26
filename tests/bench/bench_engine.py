"""Engine speed, run by hand (not collected by pytest):

    .venv/bin/python tests/bench/bench_engine.py [SCENARIO]

Prints medians of repeated measurements and ratios against a baseline taken
in the same run: the same scenario with its rules and events removed, so the
ratio says how much of the time is the scenario's own rules versus the
engine's overhead. (Events are kept declared but never fire.)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.engine.compiled import compile_scenario  # noqa: E402
from app.engine.headless import play  # noqa: E402
from app.engine.session import Session  # noqa: E402
from app.engine.simulate import simulate  # noqa: E402
from app.scenario.validate import load_ok  # noqa: E402


def round_times(c, rounds: int = 400) -> list[float]:  # type: ignore[no-untyped-def]
    """Seconds to resolve one round: the last move in, the adjudicator's answer out."""
    parties = list(c.party_order)
    times = []
    s = Session(c, 1, {p: "team" for p in parties if c.parties[p].is_playable()})
    issue_options = {i: [o.id for o in issue.all_options()] for i, issue in c.issues.items()}
    n = 0
    while len(times) < rounds:
        if s.finished:
            s = Session(c, n, {p: "team" for p in parties if c.parties[p].is_playable()})
        if s.stage != "entry":
            s.apply({"type": "entry" if s.stage == "talk" else "start"})
            continue
        waiting = s.awaiting()
        n += 1
        for p in waiting[:-1]:
            open_dims = s.st.open_dimensions()
            opts = [
                o
                for o in issue_options.get(s.st.issue or "", [])
                if c.option_dimension[o] in open_dims
            ]
            cmd = (
                {"type": "move", "party": p, "kind": "propose", "option": opts[n % len(opts)]}
                if opts and c.may_use(p, "propose")
                else {"type": "move", "party": p, "kind": "pass"}
            )
            s.apply(cmd)
        t = time.perf_counter()
        s.apply({"type": "move", "party": waiting[-1], "kind": "pass"})
        times.append(time.perf_counter() - t)
    return times


def sessions_per_second(c, count: int = 300) -> float:  # type: ignore[no-untyped-def]
    t = time.perf_counter()
    for seed in range(count):
        play(c, seed)
    return count / (time.perf_counter() - t)


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "scenarios" / "tutorial.yaml"
    scenario = load_ok(path)
    full = compile_scenario(scenario)
    quiet = [
        e.model_copy(update={"trigger": "manual", "at": None, "when": None, "chance": None})
        for e in scenario.events
    ]  # still declared (conditions may name them), never fire
    bare = compile_scenario(scenario.model_copy(update={"rules": [], "events": quiet}))
    rf = statistics.median(round_times(full))
    rb = statistics.median(round_times(bare))
    print(f"scenario: {path.name}")
    print(
        f"round resolution, median: {rf * 1000:.3f} ms "
        f"(without rules/events {rb * 1000:.3f} ms; ratio {rf / rb:.2f})"
    )
    sf = statistics.median(sessions_per_second(full) for _ in range(3))
    sb = statistics.median(sessions_per_second(bare) for _ in range(3))
    print(
        f"whole bot sessions, one core: {sf:.0f}/s (without rules/events {sb:.0f}/s; "
        f"ratio {sb / sf:.2f})"
    )
    for workers in (1, 2):
        runs = 2000
        t = time.perf_counter()
        simulate(scenario, runs, workers=workers)
        rate = runs / (time.perf_counter() - t)
        print(f"simulate {runs} runs with {workers} worker(s): {rate:.0f} sessions/s")


if __name__ == "__main__":
    main()
