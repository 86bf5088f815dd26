"""What is on the table now, for one viewer: the decisions under negotiation and the
proposals standing on each.

`table_for(session, viewer)` gives, for the issue being negotiated (or the
package round's agenda), each decision with its status (open, provisionally
agreed, agreed, deferred, deadlocked) and each standing proposal: who made
it, who has accepted, who the table waits for, whether it is credible and,
if not, what it still needs, as far as the viewer may know (see
`explain.needs`). Proposals and acceptances are public moves; nothing here is
private to a delegation, and it is computed from the state, not the history,
so its cost does not grow with the session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from app.engine.agreements import credible
from app.engine.explain import accepted_by, awaiting, needs, option_name, reason

if TYPE_CHECKING:
    from app.engine.session import Session


def decision_status(session: Session, dim: str) -> str:
    st = session.st
    issue = st.c.dimension_issue[dim]
    ag = st.agreements.get(dim)
    if ag is not None and ag.condition is None:
        return "provisionally agreed" if ag.provisional else "agreed"
    status = st.status.get(issue, "open")
    return status if status in ("deferred", "deadlocked") else "open"


def table_for(session: Session, viewer: str) -> dict[str, Any]:
    """The decisions on the table for `viewer` (see the module's docstring)."""
    st, c = session.st, session.c
    issues = [st.issue] if st.issue else list(st.agenda)
    decisions = []
    for iid in issues:
        if iid is None:
            continue
        for d in c.issues[iid].all_dimensions():
            ag = st.agreements.get(d.id)
            proposals = []
            for oid, p in st.tabled.items():
                if c.option_dimension[oid] != d.id:
                    continue
                if ag is not None and ag.option == oid and ag.condition is None:
                    continue  # agreed: shown as the decision's outcome, not a proposal
                missing = needs(st, oid, viewer)
                proposals.append(
                    {
                        "option": oid,
                        "name": c.options[oid].name,
                        "label": option_name(st, oid),
                        "by": p.by,
                        "accepted_by": accepted_by(st, oid),
                        "awaiting": awaiting(st, oid),
                        "credible": credible(st, oid)[0],
                        "needs": missing,
                        "package": [option_name(st, o) for o in p.package],
                        "condition": option_name(st, p.condition) if p.condition else None,
                        "why": reason(st, oid, viewer),
                    }
                )
            decisions.append(
                {
                    "id": d.id,
                    "name": d.name,
                    "issue": iid,
                    "issue_name": c.issues[iid].name,
                    "status": decision_status(session, d.id),
                    "agreed": c.options[ag.option].name if ag is not None else None,
                    "pending": ag is not None and ag.condition is not None,
                    "proposals": proposals,
                }
            )
    return {
        "phase": st.phase,
        "issue": st.issue,
        "agenda": [{"id": i, "name": c.issues[i].name, "status": st.status[i]} for i in st.agenda],
        "decisions": decisions,
    }
