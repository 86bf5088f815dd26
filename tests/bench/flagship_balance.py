"""The flagship's balance, measured by dry runs (run by hand: not collected by pytest).

    .venv/bin/python tests/bench/flagship_balance.py [--runs 300] [--scenario PATH]

For the default preset and `workshop`, it plays the flagship with three bot mixes
(the scenario's own bots; both delegations hardliners; the Western group seated as a
plain `observer`), each with the bots' own noise and with noise 0, and prints every
figure the balance targets name:

- each issue's agreed rate (target: 10-90% with the default bots);
- per decision, the share of its agreements taken by its leading option (target:
  at most 85% in the default mix unless the analysis calls it the only bridge);
- UN or OSCE observers and the Northern-Ireland formula (target: each >= 3%);
- ratification rates, mean durability and "above BATNA" per party (hardliners:
  fewer issues agreed, lower durability, ratification not easier, above BATNA < 90%);
- full withdrawal with the default Western bot against the West as an `observer`
  (target: at least 10 points more with the default bot).

There is no command-line switch for bot noise, so noise 0 is measured by setting
`noise: 0` on every party's bot in a copy of the scenario held in memory.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from app.engine.simulate import simulate  # noqa: E402
from app.scenario.model import BotSpec, Scenario  # noqa: E402
from app.scenario.validate import load_ok  # noqa: E402

DELEGATIONS = ("ua", "ru")
OBSERVERS = ("un_observers", "osce_observers")
NI_FORMULA = ("crimea_ni_process", "donbas_citizenship", "territories_overlapping")
UN_OSCE_ROLES = (
    "crimea_un_force",
    "crimea_osce_buffer",
    "donbas_un_force",
    "donbas_osce_mission",
    "crimea_referendum",
    "territories_un_lines",
)


def variant(base: Scenario, mix: str, noise0: bool) -> Scenario:
    """A copy of the scenario whose bots play `mix`, with noise 0 if asked."""
    parties = []
    for party in base.parties:
        spec = party.bot or BotSpec(
            policy="reciprocator"
            if party.kind == "delegation"
            else "mediator"
            if party.kind == "mediator"
            else "observer"
        )
        if mix == "hardliners" and party.id in DELEGATIONS:
            spec = BotSpec(policy="hardliner")
        if noise0:
            spec = spec.model_copy(update={"noise": 0})
        parties.append(party.model_copy(update={"bot": spec}))
    return base.model_copy(update={"parties": parties})


def leading_shares(s: Scenario, rep: dict[str, Any]) -> list[tuple[str, str, float, float]]:
    """Per decision ever agreed: (decision, leading option, its share, decision's rate)."""
    rows = []
    for issue in s.issues:
        rates = rep["issues"][issue.id]["options"]
        for dim in issue.all_dimensions():
            total = sum(rates[o.id] for o in dim.options)
            if total <= 0:
                continue
            top = max(dim.options, key=lambda o: rates[o.id])
            rows.append((dim.id, top.id, rates[top.id] / total, total))
    return rows


def show(title: str, s: Scenario, rep: dict[str, Any]) -> None:
    print(f"\n== {title}")
    played = [i for i, info in rep["issues"].items() if info["on_agenda"]]
    agreed = {i: rep["issues"][i]["agreed_rate"] for i in rep["issues"] if i in played}
    print("  agreed:      " + "  ".join(f"{i} {v:.1%}" for i, v in agreed.items()))
    off = [i for i in rep["issues"] if i not in played]
    if off:
        print("  not on this preset's agenda: " + ", ".join(off))
    print(f"  issues agreed per run (mean): {sum(agreed.values()):.2f}")
    rat = rep["ratification"]
    print(
        "  ratified:    "
        + "  ".join(f"{p} {r['rate']:.1%} (of {r['held']})" for p, r in rat.items())
    )
    print(f"  durability:  {rep['durability']['mean']}")
    print(
        "  above BATNA: "
        + "  ".join(
            f"{p} {v:.1%}" for p, v in rep["above_batna"].items() if p in ("ua", "ru", "west")
        )
    )
    opts = {o: v for i in rep["issues"].values() for o, v in i["options"].items()}
    print("  observers:   " + "  ".join(f"{o} {opts[o]:.1%}" for o in OBSERVERS if o in opts))
    print("  NI formula:  " + "  ".join(f"{o} {opts[o]:.1%}" for o in NI_FORMULA if o in opts))
    print("  UN/OSCE:     " + "  ".join(f"{o} {opts[o]:.1%}" for o in UN_OSCE_ROLES if o in opts))
    print(f"  full withdrawal (scope_full): {opts.get('scope_full', 0):.1%}")
    rows = leading_shares(s, rep)
    bridges = {
        o.id for i in s.issues for d in i.all_dimensions() for o in d.options if o.only_bridge
    }
    over = [r for r in rows if r[2] > 0.85 and r[1] not in bridges]
    print(
        f"  decisions ever agreed: {len(rows)}; led by one option above 85%: {len(over)} "
        f"(besides {sum(1 for r in rows if r[2] > 0.85 and r[1] in bridges)} led by the "
        "source's only bridge)"
    )
    for dim, top, share, total in rows:
        flag = ""
        if share > 0.85:
            flag = "  (only_bridge)" if top in bridges else "  <-- above 85%"
        print(f"    {dim:22s} {top:28s} {share:6.1%} of {total:6.1%}{flag}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=300)
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "ukraine-2022.yaml"))
    ap.add_argument("--workers", type=int, default=None)
    ns = ap.parse_args()
    base = load_ok(ns.scenario)
    presets = [None, "workshop"]
    for preset in presets:
        withdrawal: dict[tuple[str, bool], float] = {}
        for noise0 in (False, True):
            for mix in ("default", "hardliners", "west_observer"):
                s = variant(base, mix, noise0)
                # the West seated as a plain observer, as `--bots west=observer` does
                seats = {"west": "bot:observer"} if mix == "west_observer" else {}
                rep = simulate(s, ns.runs, seed=0, seating=seats, preset=preset, workers=ns.workers)
                name = (
                    f"preset {preset or 'default'} | bots {mix} | noise {'0' if noise0 else 'own'}"
                )
                show(name, s, rep)
                withdrawal[(mix, noise0)] = rep["issues"]["withdrawal"]["options"]["scope_full"]
        for noise0 in (False, True):
            d, o = withdrawal[("default", noise0)], withdrawal[("west_observer", noise0)]
            print(
                f"\n** preset {preset or 'default'}, noise {'0' if noise0 else 'own'}: "
                f"full withdrawal {d:.1%} with the default West, {o:.1%} with an observer "
                f"West: {100 * (d - o):+.1f} points"
            )


if __name__ == "__main__":
    main()
