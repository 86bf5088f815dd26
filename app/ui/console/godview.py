"""What the facilitator's console shows, as plain data (no Qt): every delegation's
confidential brief, values, red lines and BATNA, its seat and whether (and how) it has
moved this round; the issues still to come; and one line per facilitator action for the
feed. Built from `view_for(session, "facilitator")` and the round's pending moves, so a
test or the command line can read exactly what the console shows.
"""

from __future__ import annotations

from typing import Any

from app.engine.transcript import action_text, describe, option_label, party_label, seat_text


def move_text(session: Any, party: str) -> str:
    """Whether `party` has moved this round, and what (the facilitator only)."""
    if session.stage != "entry":
        return "—"
    move = session.pending.get(party)
    if move is None:
        return "not yet"
    entry = {
        "type": "move",
        "party": party,
        "kind": move.kind,
        "option": move.option,
        "target": move.target,
        "package": list(move.package),
        "condition": move.condition,
        "by": move.by,
    }
    said = describe(session.c, entry).strip()
    who = party_label(session.c, party) + ": "
    said = said[len(who) :] if said.startswith(who) else said
    remark = f" — “{move.remark}”" if move.remark else ""
    return f"moved ({move.by}): {said}{remark}"


def delegations(session: Any, view: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per party: name, seat, move, and its confidential brief as (label, text)."""
    rows = []
    for p in view["parties"]:
        pid = p["id"]
        conf = p.get("confidential") or {}
        brief: list[tuple[str, str]] = []
        for key, label in (
            ("position", "Position"),
            ("assessment", "Assessment"),
            ("instructions", "Instructions"),
        ):
            if conf.get(key):
                brief.append((label, conf[key]))
        for key, label in (("interests", "Interest"), ("fears", "Fear"), ("red_lines", "Red line")):
            brief += [(label, text) for text in conf.get(key) or []]
        batna = p.get("batna") or {}
        if batna:
            brief.append(
                (
                    "BATNA",
                    f"{batna.get('value', 0):g}"
                    + (f" — {batna['description']}" if batna.get("description") else ""),
                )
            )
        values = []
        for issue in view["agenda"]:
            for dim in issue["dimensions"]:
                for o in dim["options"]:
                    if pid in o.get("values", {}):
                        red = " ✖ red line" if pid in o.get("red_lines", []) else ""
                        values.append(
                            (f"{issue['name']} — {o['name']}", f"{o['values'][pid]:g}{red}")
                        )
        rows.append(
            {
                "id": pid,
                "name": p["name"],
                "seat": seat_text(session.seating[pid]),
                "move": move_text(session, pid),
                "brief": brief,
                "values": values,
            }
        )
    return rows


def upcoming_issues(session: Any) -> list[str]:
    """The issues whose rounds are still to come, in the order they will be played."""
    return list(session._upcoming())  # the list `reorder` checks against


def where_text(session: Any) -> str:
    """ "Rounds · Crimea · round 2 of 3 · move entry" (or the phase alone)."""
    st, c = session.st, session.c
    stage = {
        "talk": "talk time",
        "entry": "move entry",
        "resolved": "answered",
        "ready": "not started",
        "finished": "finished",
    }.get(session.stage, "")
    parts = [str(st.phase or "ready").capitalize()]
    if st.issue:
        parts.append(c.issues[st.issue].name)
    if st.round and session.stage in ("talk", "entry", "resolved"):
        parts.append(f"round {st.round} of {st.rounds}")
    if stage:
        parts.append(stage)
    if session.paused:
        parts.append("PAUSED")
    return " · ".join(parts)


def feed_text(c: Any, e: dict[str, Any]) -> str:
    """A line for the facilitator's feed: actions first-class, the rest as the transcript."""
    if e["type"] == "facilitator":
        return "▶ " + action_text(c, e)
    return describe(c, e).strip()


__all__ = [
    "action_text",
    "delegations",
    "feed_text",
    "move_text",
    "option_label",
    "seat_text",
    "upcoming_issues",
    "where_text",
]
