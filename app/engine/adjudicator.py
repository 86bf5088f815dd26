"""The scripted adjudicator: resolve a round in a fixed order and answer.

Order, always the same: reveal the moves (parties in scenario order) ->
for each move, its built-in meaning, then every `on: move` rule in scenario
order -> agreements the table now allows -> `on: round` rules -> events
(scheduled, conditional, chance, triggered) -> a snapshot of the figures.
"""

from __future__ import annotations

import random

from app.engine import agreements, explain
from app.engine.state import Move, State
from app.scenario.model import Event


def resolve_round(
    st: State, moves: list[Move], events_rng: random.Random, *, provisional: bool
) -> None:
    st.moves = {m.party: m for m in moves}
    st.played += 1
    for m in moves:
        st.history.emit("move", **({"issue": st.issue} | m.to_json()), round=st.round, by=m.by)
    st.standing, st.standing_proposals = dict(st.tabled), dict(st.proposals)
    for m in moves:
        agreements.apply_move(st, m)
        fire_rules(st, "move", m)
        st.used[(m.party, m.kind)] += 1  # `used(...)` counts the moves before this one
    st.standing = st.standing_proposals = None
    formed = agreements.settle(st, provisional=provisional)
    explain.unsettled(st)  # why what was proposed or accepted this round is not agreed
    for option in formed:
        opt = st.c.options[option]
        cause = {"agreement": option}
        st.apply(
            opt.effects, cause, Move(party=agreements_by(st, option), kind="accept", option=option)
        )
        fire_rules(
            st,
            "agreement",
            Move(
                party=agreements_by(st, option),
                kind="accept",
                option=option,
                issue=st.c.dimension_issue[st.c.option_dimension[option]],
            ),
        )
    fire_rules(st, "round", None)
    run_events(st, events_rng)
    snapshot(st)
    st.last_moves = st.moves
    st.moves = {}


def agreements_by(st: State, option: str) -> str:
    ag = st.agreements.get(st.c.option_dimension[option])
    return ag.by if ag else st.c.party_order[0]


def fire_rules(st: State, on: str, move: Move | None) -> None:
    ctx = st.context(move)
    for rule, condition in st.c.rules_for(on, move.kind if move else None):
        if rule.once and st.fired[rule.id]:
            continue
        if not condition(ctx):
            continue
        st.fired[rule.id] += 1
        vis = st.resolve_visibility(rule.visibility, move)
        cause = {"rule": rule.id} | ({"party": move.party} if move else {})
        if vis != "public":  # who may know why: views hide the cause from everyone else
            cause["visibility"] = vis
        st.history.emit("rule", vis, rule=rule.id, party=move.party if move else None)
        st.apply(rule.then, cause, move)
        st.narrate(rule.narrative, vis, cause, move)


def run_events(st: State, rng: random.Random) -> None:
    """Scheduled, conditional and chance events, then any that effects triggered.

    Every chance event draws once per round whatever the state, so the
    events stream never depends on what the parties did.
    """
    ctx = st.context(None)
    draws = {ev.id: rng.random() for ev in st.c.scenario.events if ev.trigger == "chance"}
    for ev in st.c.scenario.events:
        if ev.once and st.fired[ev.id]:
            continue
        if ev.trigger == "scheduled":
            at = ev.at
            due = at is not None and (
                (at.phase is None or at.phase == st.phase)
                and (at.issue is None or at.issue == st.issue)
                and at.round == st.round
            )
            if not due:
                continue
        elif ev.trigger == "conditional":
            if not st.c.condition(ev.when or "false")(ctx):
                continue
        elif ev.trigger == "chance":
            if draws[ev.id] >= (ev.chance or 0) or (ev.when and not st.c.condition(ev.when)(ctx)):
                continue
        else:
            continue
        fire_event(st, ev, "scenario")
    guard = 0
    while st.history.pending_events and guard < 50:
        guard += 1
        ev_id = st.history.pending_events.pop(0)
        ev = next(e for e in st.c.scenario.events if e.id == ev_id)
        if not (ev.once and st.fired[ev.id]):
            fire_event(st, ev, "triggered")


def fire_event(st: State, ev: Event, how: str) -> None:
    st.fired[ev.id] += 1
    vis = st.resolve_visibility(ev.visibility, None)
    cause = {"event": ev.id} | ({"visibility": vis} if vis != "public" else {})
    st.history.emit("event", vis, event=ev.id, name=ev.name, how=how, text=st.fill(ev.text, None))
    st.apply(ev.effects, cause, None, vis)


def snapshot(st: State) -> None:
    st.history.emit(
        "figures",
        phase=st.phase,
        issue=st.issue,
        round=st.round,
        stage=st.stage,
        values=dict(st.figures),
        holders=dict(st.holders),
        status=dict(st.status),
    )
