"""One visibility gate, and it is complete: random sessions of every bundled scenario,
two delegations played by teams that make random moves with secret remarks; at every step
no delegation's view (nor the public's) holds another party's confidential brief, private
values, private figures, pending move, remarks, or private rule and event entries. After the
debrief's reveal, everyone sees the briefs and the remarks."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest
from conftest import SCENARIOS, compiled_from
from hypothesis import given, settings
from hypothesis import strategies as st

from app.engine.clock import FakeClock
from app.engine.compiled import Compiled, compile_scenario
from app.engine.headless import next_step
from app.engine.session import CommandError, Session
from app.engine.visibility import view_for
from app.scenario.validate import load_ok

BUNDLED = {p.stem: compile_scenario(load_ok(p)) for p in sorted(SCENARIOS.glob("*.yaml"))}


def _hide_assets(data: Any) -> None:
    for asset in data["assets"]:
        asset["visibility"] = "facilitator"


# a constructed case: assets only the facilitator may see (holders, transfers)
BUNDLED["tutorial-hidden-assets"] = compiled_from(_hide_assets)


def secrets_of(c: Compiled, party: str) -> list[str]:
    conf = c.parties[party].brief.confidential
    texts = [
        conf.position,
        conf.assessment,
        conf.instructions,
        *conf.interests,
        *conf.fears,
        *conf.red_lines,
    ]
    # long enough to be this brief's own words; as they appear inside JSON text
    return [json.dumps(t, ensure_ascii=False)[1:-1] for t in texts if len(t) >= 25]


def private_keys(s: Session, viewer: str) -> set[str]:
    keep = ("public", viewer)
    return {k for k in s.st.figures if s.st.figure_visibility(k) not in keep}


def check_view(s: Session, viewer: str, remarks: dict[str, list[str]]) -> None:
    c = s.c
    view = view_for(s, viewer)
    text = json.dumps(view, ensure_ascii=False)
    others = [p for p in c.party_order if p != viewer]
    for other in others:
        for secret in secrets_of(c, other):
            assert secret not in text, (viewer, other, secret[:40])
        for remark in remarks.get(other, []):
            assert remark not in text, (viewer, other, remark)
        if other in s.pending:
            assert all(m not in text for m in remarks.get(f"pending:{other}", []))
    hidden = private_keys(s, viewer)
    assert not hidden & set(view["figures"])
    unseen = {a.id for a in c.scenario.assets if a.visibility not in ("public", viewer)}
    assert not unseen & {a["id"] for a in view["assets"]}
    for e in view["history"]:
        assert e["visibility"] in ("public", viewer), e
        if e["type"] == "figures":
            assert not hidden & set(e["values"]), (viewer, hidden & set(e["values"]))
            assert not unseen & set(e["holders"]), (viewer, unseen & set(e["holders"]))
        if e["type"] == "figure":
            assert e["key"] not in hidden
        if e["type"] == "transfer":
            assert e["asset"] not in unseen
        if e["type"] == "outcome":
            assert set(e["parties"]) <= {viewer}
        cause = e.get("cause")
        if isinstance(cause, dict) and "visibility" in cause:
            assert cause["visibility"] in ("public", viewer)
    for issue in view["agenda"]:
        for dim in issue["dimensions"]:
            assert all("values" not in o and "red_lines" not in o for o in dim["options"])
    assert '"seed"' not in text
    assert view["submitted"] in ([], [viewer])


def random_move(s: Session, party: str, rng: random.Random, n: int) -> dict[str, Any]:
    c = s.c
    kinds = [k for k in c.moves if c.may_use(party, k)]
    kind = rng.choice(kinds)
    options = [o for d in s.st.open_dimensions() for o in (x.id for x in c.dimensions[d].options)]
    cmd: dict[str, Any] = {
        "type": "move",
        "party": party,
        "kind": kind,
        "remark": f"SECRET-{party}-{n}",
    }
    params = c.moves[kind].params
    if "option" in params and options:
        cmd["option"] = rng.choice(options)
    if "target" in params:
        cmd["target"] = rng.choice([p for p in c.party_order if p != party])
    return cmd


@pytest.mark.parametrize("name", sorted(BUNDLED))
@settings(max_examples=3, deadline=None)
@given(seed=st.integers(0, 10**6))
def test_no_view_holds_what_is_not_its_own(name: str, seed: int) -> None:
    c = BUNDLED[name]
    teams = list(c.delegations[:2])
    s = Session(c, seed, {p: "team" for p in teams}, FakeClock(), None)
    rng = random.Random(seed)
    remarks: dict[str, list[str]] = {}
    viewers = [*c.delegations, "public"]
    n = 0
    resolved = 0
    while not s.finished:
        if s.stage == "entry" and s.awaiting():
            party = s.awaiting()[0]
            n += 1
            cmd = random_move(s, party, rng, n)
            try:
                s.apply(cmd)
            except CommandError:
                s.apply({"type": "move", "party": party, "kind": "pass", "remark": cmd["remark"]})
            remarks.setdefault(party, []).append(cmd["remark"])
        else:
            resolved += next_step(s)["type"] == "timeout"
            s.apply(next_step(s))
        # with a move pending, and now and then after a round
        if (
            (s.stage == "entry" and s.pending and n % 4 == 0)
            or s.stage == "resolved"
            and (resolved % 7 == 0)
        ):
            for viewer in viewers:
                check_view(s, viewer, remarks)
    for viewer in viewers:
        check_view(s, viewer, remarks)
    s.apply({"type": "reveal"})
    for viewer in c.delegations:
        text = json.dumps(view_for(s, viewer), ensure_ascii=False)
        for other in c.delegations:
            assert all(secret in text for secret in secrets_of(c, other))
            assert all(remark in text for remark in remarks.get(other, []))
