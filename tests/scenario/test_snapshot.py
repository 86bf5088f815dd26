"""`app.scenario.snapshot`: a checked scenario as plain JSON data and back, exactly, with
nothing in the data able to name a class or run code."""

from __future__ import annotations

import json

import pytest
from conftest import SCENARIOS

from app.scenario import snapshot
from app.scenario.validate import load_ok


@pytest.mark.parametrize("name", ["tutorial", "sarn-river", "ukraine-2022"])
def test_a_bundled_scenario_comes_back_exactly(name: str) -> None:
    scenario = load_ok(SCENARIOS / f"{name}.yaml")
    data = json.loads(json.dumps(snapshot.dump(scenario)))
    back = snapshot.load(data)
    assert back == scenario
    assert back.model_dump(exclude_unset=True) == scenario.model_dump(exclude_unset=True)
    assert [f.range for f in back.figures] == [f.range for f in scenario.figures]  # tuples


@pytest.mark.parametrize(
    "data",
    [
        {"model": "Path", "fields": {}, "set": []},
        {"model": "Scenario", "fields": {"not_a_field": 1}, "set": []},
        {"model": "Scenario", "fields": {}, "set": ["meta"]},
        {"dict": {"a": 1}},
        {"__reduce__": ["os.system", "true"]},
        [1, 2],
        "text",
    ],
)
def test_anything_else_is_refused(data: object) -> None:
    with pytest.raises(ValueError):
        snapshot.load(data)


def test_what_cannot_come_back_is_not_dumped() -> None:
    scenario = load_ok(SCENARIOS / "tutorial.yaml")
    odd = scenario.model_copy(update={"issues": {1: "not a list"}})
    with pytest.raises(TypeError):
        snapshot.dump(odd)
