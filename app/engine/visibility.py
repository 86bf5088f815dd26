"""Who may see what: the one place that filters the session for a viewer.

A viewer is a party id (a delegation's own screen), "public" (the projector)
or "facilitator" (sees everything). Views, exports, the command line and, one
day, the network all ask `view_for` (or `visible_entry` for one history entry);
nothing else filters.

Every history entry carries a `visibility` taken from what produced it: a
rule's or an event's own visibility, a figure's, an asset's. Within entries a
viewer may see, this module also hides what is not theirs: figure values and
asset holders they may not see, the cause of a change that a confidential rule
or event made, other parties' remarks and results against their BATNA. The
debrief's reveal (the `reveal` command) opens briefs, values and remarks to all.
"""

from __future__ import annotations

from typing import Any

from app.engine.history import Entry
from app.engine.session import Session
from app.engine.table import table_for

PUBLIC, FACILITATOR = "public", "facilitator"
HIDDEN_CAUSE = {"confidential": True}


def can_see(viewer: str, visibility: str) -> bool:
    return viewer == FACILITATOR or visibility == PUBLIC or visibility == viewer


def figure_visible(session: Session, viewer: str, key: str) -> bool:
    return can_see(viewer, session.st.figure_visibility(key))


def asset_visible(session: Session, viewer: str, asset: str) -> bool:
    found = next((a for a in session.c.scenario.assets if a.id == asset), None)
    return found is not None and can_see(viewer, found.visibility)


def sees_everything(session: Session, viewer: str) -> bool:
    """The facilitator always; everyone once the debrief has revealed the briefs."""
    return viewer == FACILITATOR or session.revealed


def check_viewer(session: Session, viewer: str) -> None:
    if viewer not in (PUBLIC, FACILITATOR) and viewer not in session.c.parties:
        raise KeyError(viewer)


def visible_entry(session: Session, viewer: str, e: Entry) -> Entry | None:
    """What `viewer` may see of one history entry (None: nothing)."""
    if not can_see(viewer, e.get("visibility", PUBLIC)):
        return None
    if viewer == FACILITATOR:
        return e
    t = e["type"]
    if t == "figures":
        return dict(
            e,
            values={k: v for k, v in e["values"].items() if figure_visible(session, viewer, k)},
            holders={a: h for a, h in e["holders"].items() if asset_visible(session, viewer, a)},
        )
    if t == "session":
        return {k: v for k, v in e.items() if k != "seed"}  # the seed would reveal chance
    if t == "move" and e.get("remark") and e["party"] != viewer and not session.revealed:
        return {k: v for k, v in e.items() if k != "remark"}
    if t == "outcome" and not session.revealed:
        mine = {p: r for p, r in e["parties"].items() if p == viewer}
        return dict(e, parties=mine)  # BATNAs are confidential until the reveal
    cause = e.get("cause")
    if isinstance(cause, dict) and not can_see(viewer, cause.get("visibility", PUBLIC)):
        return dict(e, cause=HIDDEN_CAUSE)
    return e


def view_for(session: Session, viewer: str) -> dict[str, Any]:
    """Everything `viewer` may see now: briefs, values, figures, assets and history."""
    check_viewer(session, viewer)
    c = session.c
    scn = c.scenario
    everything = sees_everything(session, viewer)
    parties = []
    for p in scn.parties:
        item: dict[str, Any] = {
            "id": p.id,
            "name": p.name,
            "short": p.short,
            "kind": p.kind,
            "role": p.role,
            "colour": p.colour,
            "public": p.brief.public,
        }
        if everything or viewer == p.id:
            item["confidential"] = p.brief.confidential.model_dump()
            item["batna"] = p.batna.model_dump()
            item["priorities"] = dict(p.priorities)
        parties.append(item)
    agenda = []
    for issue in scn.issues:
        dims = []
        for d in issue.all_dimensions():
            options = []
            for o in d.options:
                opt: dict[str, Any] = {"id": o.id, "name": o.name, "description": o.description}
                if everything:
                    opt["values"] = dict(o.values)
                    opt["red_lines"] = list(o.red_lines)
                if viewer in c.parties:
                    if viewer in o.values:
                        opt["value"] = o.values[viewer]
                    opt["red_line"] = viewer in o.red_lines
                options.append(opt)
            dims.append({"id": d.id, "name": d.name, "options": options})
        agenda.append(
            {
                "id": issue.id,
                "name": issue.name,
                "description": issue.description,
                "status": session.st.status[issue.id],
                "dimensions": dims,
            }
        )
    history = [
        x for e in session.history.entries if (x := visible_entry(session, viewer, e)) is not None
    ]
    figures = {k: v for k, v in session.st.figures.items() if figure_visible(session, viewer, k)}
    assets = [
        {"id": a.id, "name": a.name, "holder": session.st.holders[a.id], "weight": a.weight}
        for a in scn.assets
        if can_see(viewer, a.visibility)
    ]
    pending = (
        sorted(session.pending)
        if viewer == FACILITATOR
        else ([viewer] if viewer in session.pending else [])
    )
    return {
        "viewer": viewer,
        "scenario": {
            "id": scn.scenario.id,
            "title": scn.scenario.title,
            "brief": scn.scenario.brief,
            "as_of": scn.scenario.as_of,
            "disclaimer": scn.scenario.disclaimer,
            # later than the scenario: only once the debrief has revealed all
            "what_happened_next": [e.model_dump() for e in scn.scenario.what_happened_next]
            if everything
            else [],
        },
        "phase": session.st.phase,
        "issue": session.st.issue,
        "round": session.st.round,
        "rounds": session.st.rounds,
        "stage": session.stage,
        "paused": session.paused,
        "revealed": session.revealed,
        "parties": parties,
        "agenda": agenda,
        "figures": figures,
        "assets": assets,
        "submitted": pending,
        "history": history,
        "table": table_for(session, viewer),
    }
