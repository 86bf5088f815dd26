"""On the flagship, which option a decision lands on follows who holds the stronger hand.

The analysis: "the Russians may seek to drive a hard bargain, using the land they now
hold as leverage". Dry runs of the scenario's own bots with Russia's starting leverage
(before the assets it holds are added) low and high: the stronger Russia, the more often the verification lands on the joint
mechanism rather than UN observers, and the irregulars are left under each side's
command rather than disbanded.
"""

from __future__ import annotations

from conftest import SCENARIOS

from app.engine.simulate import simulate
from app.scenario.model import Scenario
from app.scenario.validate import load_ok

BASE = load_ok(SCENARIOS / "ukraine-2022.yaml")


def with_russian_leverage(start: float) -> Scenario:
    figures = [
        f.model_copy(update={"start": {**f.start, "ru": start}}) if f.id == "leverage" else f
        for f in BASE.figures
    ]
    return BASE.model_copy(update={"figures": figures})


def option_rates(start: float) -> dict[str, float]:
    rep = simulate(with_russian_leverage(start), 40, seed=0, workers=1)
    return {o: r for issue in rep["issues"].values() for o, r in issue["options"].items()}


def test_the_stronger_hand_decides_where_a_decision_lands() -> None:
    weak, strong = option_rates(10), option_rates(40)
    assert strong["joint_mechanism"] > weak["joint_mechanism"] + 0.3
    assert strong["un_observers"] < weak["un_observers"] - 0.3
    assert strong["irregulars_commanded"] > weak["irregulars_commanded"] + 0.3
    assert strong["irregulars_disbanded"] < weak["irregulars_disbanded"] - 0.3
