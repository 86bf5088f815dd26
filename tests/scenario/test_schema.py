"""`parley schema`: every field described, every bounded number with its range.

The descriptions live in `app.scenario.schema`, apart from the models; these
tests make a field added to a model without a description (or a unit for its
range) fail, and a description left behind for a field that is gone.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from app.cli import main
from app.scenario import schema as sch
from app.scenario.model import Event, Phase

BOUND_KEYS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


def property_nodes(node: Any, where: str = "") -> list[tuple[str, dict[str, Any]]]:
    """Every (dotted name, node) found under a `properties` key, at any depth."""
    found: list[tuple[str, dict[str, Any]]] = []
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            found.append((f"{where}.{name}", prop))
        for key, value in node.items():
            found.extend(property_nodes(value, f"{where}.{key}" if key != "properties" else where))
    elif isinstance(node, list):
        for value in node:
            found.extend(property_nodes(value, where))
    return found


def bounds_in(node: Any) -> list[float]:
    """Every numeric bound in a node and the nodes inside it (anyOf branches, items)."""
    out: list[float] = []
    if isinstance(node, dict):
        out += [node[k] for k in BOUND_KEYS if k in node]
        for value in node.values():
            out += bounds_in(value)
    elif isinstance(node, list):
        for value in node:
            out += bounds_in(value)
    return out


@pytest.fixture(scope="module")
def printed() -> dict[str, Any]:
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["schema"]) == 0
    return json.loads(out.getvalue())


def test_every_property_has_a_description(printed):
    nodes = property_nodes(printed)
    assert len(nodes) > 150
    missing = [name for name, node in nodes if not node.get("description", "").strip()]
    assert not missing, f"fields without a description in app/scenario/schema.py: {missing}"


def test_every_model_has_a_description(printed):
    assert printed["description"]
    missing = [name for name, node in printed["$defs"].items() if not node.get("description")]
    assert not missing


def test_every_bounded_number_states_its_range(printed):
    checked = 0
    for name, node in property_nodes(printed):
        for bound in bounds_in({k: v for k, v in node.items() if k != "description"}):
            checked += 1
            assert f"{bound:g}" in node["description"], (name, bound, node["description"])
    assert checked >= 40


def test_every_bounded_field_has_a_unit():
    for model in sch.models().values():
        for field in model.model_fields:
            if sch.bounds(model, field) is not None:
                assert field in sch.UNITS, f"{model.__name__}.{field}: add its unit to UNITS"


def test_no_description_for_a_field_that_is_gone():
    models = sch.models()
    for model_name, fields in sch.FIELDS.items():
        assert model_name in models, model_name
        stale = set(fields) - set(models[model_name].model_fields)
        assert not stale, (model_name, stale)
    assert set(sch.MODELS) == set(models)
    assert not set(sch.UNITS) - {f for m in models.values() for f in m.model_fields}


def test_ranges_come_from_the_models():
    assert sch.range_text(Event, "chance") == "a probability per round, above 0, up to 1"
    assert sch.range_text(Phase, "minutes") == "a number of minutes, from 0 to 600"
    assert sch.range_text(Event, "name") == ""


def test_schema_checks_a_bound(printed):
    chance = printed["$defs"]["Event"]["properties"]["chance"]
    number = next(b for b in chance["anyOf"] if b.get("type") == "number")
    assert (number["exclusiveMinimum"], number["maximum"]) == (0, 1)
    assert "0.15 is 15%" in chance["description"]


def test_every_field_has_its_own_text():
    """A range alone is not a description: every field of every model has a text."""
    missing = [
        f"{name}.{field}"
        for name, model in sch.models().items()
        for field in model.model_fields
        if not sch.FIELDS.get(name, {}).get(field)
    ]
    assert not missing, f"add these to FIELDS in app/scenario/schema.py: {missing}"
