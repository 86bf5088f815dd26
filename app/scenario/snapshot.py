"""A checked scenario model as plain JSON data, and back without checking it again.

`dump` turns a `Scenario` into lists, dicts, strings and numbers, each model tagged with
its class name (and the fields it was given), each tuple and dict tagged as such; `load`
rebuilds it with `model_construct`, calling no validator and creating no class but the
models of `app.scenario.model`. So reading a snapshot is reading data: whatever a file
holds, it cannot run code; something that is not a snapshot raises `ValueError`.
`dump` refuses (`TypeError`) what it could not give back exactly.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from app.scenario import model as _model
from app.scenario.model import Scenario

_MODELS: dict[str, type[BaseModel]] = {
    name: cls
    for name, cls in vars(_model).items()
    if isinstance(cls, type) and issubclass(cls, BaseModel) and cls.__module__ == _model.__name__
}
_SCALARS = (str, int, float, bool, type(None))


def dump(scenario: Scenario) -> Any:
    """The scenario as JSON-ready data; `load(dump(s)) == s`."""
    return _dump(scenario)


def load(data: Any) -> Scenario:
    """The scenario `dump` gave; ValueError if `data` is not such a snapshot."""
    found = _load(data)
    if not isinstance(found, Scenario):
        raise ValueError("not a scenario snapshot")
    return found


def _dump(x: Any) -> Any:
    if isinstance(x, BaseModel):
        name = type(x).__name__
        if _MODELS.get(name) is not type(x) or x.__pydantic_private__ or x.__pydantic_extra__:
            raise TypeError(f"cannot keep a {name}")
        fields = {k: _dump(v) for k, v in x.__dict__.items()}
        return {"model": name, "fields": fields, "set": sorted(x.model_fields_set)}
    if isinstance(x, tuple):
        return {"tuple": [_dump(v) for v in x]}
    if isinstance(x, list):
        return [_dump(v) for v in x]
    if isinstance(x, dict):
        if not all(type(k) is str for k in x):
            raise TypeError("cannot keep a dict whose keys are not strings")
        return {"dict": {k: _dump(v) for k, v in x.items()}}
    if type(x) in _SCALARS:
        return x
    raise TypeError(f"cannot keep a {type(x).__name__}")


def _load(x: Any) -> Any:
    if isinstance(x, list):
        return [_load(v) for v in x]
    if isinstance(x, dict):
        if x.keys() == {"dict"} and isinstance(x["dict"], dict):
            return {k: _load(v) for k, v in x["dict"].items()}
        if x.keys() == {"tuple"} and isinstance(x["tuple"], list):
            return tuple(_load(v) for v in x["tuple"])
        if x.keys() == {"model", "fields", "set"}:
            cls = _MODELS.get(x["model"]) if isinstance(x["model"], str) else None
            fields, given = x["fields"], x["set"]
            if cls is None or not isinstance(fields, dict) or not isinstance(given, list):
                raise ValueError("not a scenario snapshot")
            if not set(fields) <= set(cls.model_fields) or not set(given) <= set(fields):
                raise ValueError("not a scenario snapshot")
            values = {k: _load(v) for k, v in fields.items()}
            return cls.model_construct(_fields_set=set(given), **values)
        raise ValueError("not a scenario snapshot")
    if type(x) in _SCALARS:
        return x
    raise ValueError("not a scenario snapshot")
