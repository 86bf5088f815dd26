"""Who may see what: the one place that filters the session for a viewer.

A viewer is a party id (a delegation's own screen), "public" (the projector)
or "facilitator" (sees everything). Views, exports and the network all ask
`view_for`; nothing else filters.
"""

from __future__ import annotations

from typing import Any

from app.engine.history import Entry
from app.engine.session import Session
from app.engine.table import table_for

PUBLIC, FACILITATOR = "public", "facilitator"


def can_see(viewer: str, visibility: str) -> bool:
    return viewer == FACILITATOR or visibility == PUBLIC or visibility == viewer


def figure_visible(session: Session, viewer: str, key: str) -> bool:
    return can_see(viewer, session.st.figure_visibility(key))


def _entry_for(session: Session, viewer: str, e: Entry) -> Entry | None:
    if not can_see(viewer, e.get("visibility", PUBLIC)):
        return None
    if e["type"] == "figures" and viewer != FACILITATOR:
        e = dict(e, values={k: v for k, v in e["values"].items()
                            if figure_visible(session, viewer, k)})  # fmt: skip
    if e["type"] == "session" and viewer != FACILITATOR:
        e = {k: v for k, v in e.items() if k != "seed"}  # the seed would reveal chance events
    return e


def view_for(session: Session, viewer: str) -> dict[str, Any]:
    """Everything `viewer` may see now: briefs, values, figures, assets and history."""
    c = session.c
    if viewer not in (PUBLIC, FACILITATOR) and viewer not in c.parties:
        raise KeyError(viewer)
    scn = c.scenario
    parties = []
    for p in scn.parties:
        item: dict[str, Any] = {"id": p.id, "name": p.name, "short": p.short, "kind": p.kind,
                                "role": p.role, "colour": p.colour, "public": p.brief.public}
        if viewer in (p.id, FACILITATOR):
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
                if viewer == FACILITATOR:
                    opt["values"] = dict(o.values)
                    opt["red_lines"] = list(o.red_lines)
                elif viewer in c.parties:
                    if viewer in o.values:
                        opt["value"] = o.values[viewer]
                    opt["red_line"] = viewer in o.red_lines
                options.append(opt)
            dims.append({"id": d.id, "name": d.name, "options": options})
        agenda.append({"id": issue.id, "name": issue.name, "description": issue.description,
                       "status": session.st.status[issue.id], "dimensions": dims})  # fmt: skip
    history = [x for e in session.history.entries
               if (x := _entry_for(session, viewer, e)) is not None]  # fmt: skip
    figures = {k: v for k, v in session.st.figures.items() if figure_visible(session, viewer, k)}
    assets = [{"id": a.id, "name": a.name, "holder": session.st.holders[a.id], "weight": a.weight}
              for a in scn.assets if can_see(viewer, a.visibility)]  # fmt: skip
    pending = sorted(session.pending) if viewer == FACILITATOR else (
        [viewer] if viewer in session.pending else [])  # fmt: skip
    return {
        "viewer": viewer,
        "scenario": {"id": scn.scenario.id, "title": scn.scenario.title,
                     "brief": scn.scenario.brief, "as_of": scn.scenario.as_of,
                     "disclaimer": scn.scenario.disclaimer},
        "phase": session.st.phase, "issue": session.st.issue, "round": session.st.round,
        "rounds": session.st.rounds, "stage": session.stage, "paused": session.paused,
        "parties": parties, "agenda": agenda, "figures": figures, "assets": assets,
        "submitted": pending, "history": history,
        "table": table_for(session, viewer),
    }  # fmt: skip
