"""Everything a facilitator takes home from one session, as one plain-data document.

`build` replays a saved session and gathers the scenario and its "as of" line, parties
and teams, the timeline and its turning points, the figures for the plots, the outcome
with its reasons, the outcome space, a feedback page per delegation, the room's
reflections and the facilitator's notes, the reveal (confidential briefs beside what each
delegation did) and, for a scenario drawn from history, what happened next. The HTML and
PDF writers and `parley report --format json` all print this document.
"""

from __future__ import annotations

from typing import Any

from app.debrief import feedback, outcome_space, timeline
from app.engine.compiled import Compiled
from app.engine.session import Session
from app.engine.transcript import action_text, figure_label, seat_text
from app.engine.visibility import FACILITATOR, sees_everything, visible_entry

REPORT_FORMAT = 1


def _visible_outcome(history: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The outcome as the viewer's history holds it (its own results only)."""
    found = [e for e in history if e["type"] == "outcome"]
    return (
        {k: v for k, v in found[-1].items() if k not in ("type", "visibility")} if found else None
    )


REFLECTION = "reflection"  # the author of a note that records the room's reflections


def figure_series(c: Compiled, history: list[dict[str, Any]]) -> dict[str, Any]:
    """The plots' data: one value per snapshot for every figure, each snapshot's label,
    each figure's display name and range, and the snapshots where an issue or stage starts."""
    labels: list[str] = []
    sections: list[list[Any]] = []
    group: Any = None
    seen = {k for e in history if e["type"] == "figures" for k in e["values"]}
    keys = [k for k in c.figure_keys if k in seen]  # only what the viewer may see
    values: dict[str, list[float]] = {k: [] for k in keys}
    where, starts = "Start", None
    for e in history:
        if e["type"] == "round":
            where = timeline.label(
                c, {"phase": e["phase"], "issue": e["issue"], "round": e["round"], "of": e["of"]}
            )
            starts: Any = e["issue"] if e["phase"] == "rounds" else e["phase"]
        elif e["type"] == "phase" and e["phase"] == "implementation":
            where = f"Implementation — stage {e.get('stage') or 1}"
            starts = "implementation"
        elif e["type"] == "figures":
            if labels and starts != group:
                group = starts
                name = c.issues[starts].name if starts in c.issues else str(starts).capitalize()
                sections.append([len(labels), name.replace("_", " ")])
            labels.append(where)
            for k in keys:
                values[k].append(e["values"].get(k, values[k][-1] if values[k] else 0.0))
    return {
        "labels": labels,
        "values": values,
        "sections": sections,
        "names": {k: figure_label(c, k) for k in keys},
        "ranges": {k: list(c.figure_range.get(k.partition(".")[0], (0.0, 100.0))) for k in keys},
    }


def reveal(c: Compiled, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each delegation's confidential brief beside what it did."""
    out = []
    for p in c.scenario.parties:
        if p.kind != "delegation":
            continue
        did = [
            e for e in history if e["type"] == "move" and e["party"] == p.id and e["kind"] != "pass"
        ]
        out.append(
            {
                "party": p.id,
                "name": p.name,
                "confidential": p.brief.confidential.model_dump(),
                "batna": p.batna.model_dump(),
                "moves": [
                    {k: m.get(k) for k in ("issue", "round", "kind", "option", "target", "remark")}
                    for m in did
                ],
            }
        )
    return out


def options_discussed(c: Compiled, history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The debrief notes of every option that came up (tabled or agreed), in scenario order."""
    seen = {e["option"] for e in history if e["type"] in ("proposal", "agreement")}
    return [
        {
            "option": o.name,
            "decision": c.dimensions[c.option_dimension[o.id]].name,
            "note": o.debrief,
        }
        for o in c.options.values()
        if o.id in seen and o.debrief
    ]


def build(
    c: Compiled,
    session: Session,
    *,
    session_id: str,
    meta: dict[str, Any],
    notes: list[dict[str, Any]],
    people: dict[str, list[tuple[str, str]]] | None = None,
    viewer: str = FACILITATOR,
) -> dict[str, Any]:
    """The report of one session. `meta`: the stored row's id, status, created, updated and
    preset; `notes`: the stored notes (reflections are those whose author is `reflection`);
    `people`: who sat at each delegation's table and in which role, as given at setup.

    `viewer` decides what it holds, through the one visibility gate: the facilitator's
    report holds everything; for the room before the debrief's reveal ("public") it holds
    no remark, private figure or entry, no party's result against its BATNA (so no outcome
    space or feedback pages), no facilitator's note, no brief and nothing later than the
    scenario."""
    scn = c.scenario.scenario
    everything = sees_everything(session, viewer)
    history = [
        x for e in session.history.entries if (x := visible_entry(session, viewer, e)) is not None
    ]
    rounds = timeline.rounds(history)
    result = session.result if everything else _visible_outcome(history)
    space = outcome_space.analyse(c, result) if result and everything else None
    return {
        "format": REPORT_FORMAT,
        "scenario": {
            "id": scn.id,
            "title": scn.title,
            "version": scn.version,
            "as_of": scn.as_of,
            "disclaimer": scn.disclaimer,
            "summary": scn.summary,
            "sources": [s.model_dump() for s in scn.sources],
            "objectives": list(scn.debrief.objectives),
            "questions": list(scn.debrief.questions),
        },
        "session": {
            "id": session_id,
            "seed": session.seed,
            "preset": session.preset.id,
            **{k: meta.get(k) for k in ("status", "created", "updated")},
        },
        "parties": [
            {
                "id": p.id,
                "name": p.name,
                "short": p.short or p.name,
                "kind": p.kind,
                "colour": p.colour,
                "role": p.role,
                "seat": seat_text(session.seating[p.id]),
                "people": [
                    {"person": who, "role": role} for who, role in (people or {}).get(p.id, [])
                ],
            }
            for p in c.scenario.parties
        ],
        "timeline": [
            r
            | {
                "label": timeline.label(c, r),
                "facilitator": [a | {"text": action_text(c, a)} for a in r["facilitator"]],
            }
            for r in rounds
        ],
        "turning_points": timeline.turning_points(c, rounds),
        "figures": figure_series(c, history),
        "outcome": result,
        "outcome_space": space,
        "feedback": [feedback.for_party(c, p, history, result, space or {}) for p in c.delegations]
        if result and everything
        else [],
        "reflections": [n for n in notes if n.get("author") == REFLECTION],
        "notes": [n for n in notes if n.get("author") != REFLECTION] if everything else [],
        "reveal": reveal(c, history) if everything else [],
        "options_discussed": options_discussed(c, history),
        "names": dict(c.named),
        "commitments": {
            cm.id: cm.text or c.named.get(o.id, cm.id)
            for o in c.options.values()
            for cm in o.commitments
        },
        "moves": {k: m.label for k, m in c.moves.items()},
        "rules": {r.id: r.description for r in c.scenario.rules if r.description},
        "what_happened_next": [
            e.model_dump() | {"later_than_scenario": True} for e in scn.what_happened_next
        ]
        if everything
        else [],
        "viewer": viewer,
        "revealed": everything,
    }
