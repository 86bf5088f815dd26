"""What the projector board shows, as plain data (no Qt), from the public view alone.

`board_content(view, compiled)` takes `view_for(session, "public")` (through the
controller) and the scenario's names, and returns the title and "as of" line, the
agenda with each issue's status and the progress, where the session stands, the
public statements and events, what has been agreed so far, and the public figures'
series for the few curves chosen for the room. Nothing else is read: whatever is not
public never reaches this function, so it cannot reach the board.
"""

from __future__ import annotations

from typing import Any

from app.engine.transcript import figure_label, option_label, party_label

STATEMENT_MOVES = ("statement",)  # the move kinds whose words the room should read
LINES = 4  # statements and events kept on the board (the newest, newest first)
LONGEST = 150  # characters of one statement, so that four fit under the agenda
SETTLED = ("agreed", "deadlocked", "deferred")
STATUS_MARK = {"open": "○", "agreed": "✔", "deadlocked": "✖", "deferred": "…"}


def default_curves(keys: list[str]) -> list[str]:
    """A few curves the room can follow: every party's leverage, then the scenario's own
    public figures (escalation, ...); never the 30 trust curves."""
    leverage = [k for k in keys if k.startswith("leverage.")]
    own = [k for k in keys if "." not in k]
    return (own + leverage)[:6]


def where_line(view: dict[str, Any], c: Any) -> str:
    phase = str(view["phase"] or "").capitalize() or "Not started"
    parts = [phase]
    if view["issue"]:
        parts.append(c.issues[view["issue"]].name)
    if view["round"] and view["stage"] in ("talk", "entry", "resolved"):
        parts.append(f"round {view['round']} of {view['rounds']}")
    stage = {"talk": "talk time", "entry": "move entry", "finished": "finished"}.get(
        view["stage"], ""
    )
    if stage:
        parts.append(stage)
    if view["paused"]:
        parts.append("paused")
    return " · ".join(parts)


def statements(view: dict[str, Any], c: Any) -> list[str]:
    """The newest public statements and events, newest first."""
    lines = []
    for e in view["history"]:
        if e.get("visibility", "public") != "public":
            continue
        t = e["type"]
        if t == "move" and e["kind"] in STATEMENT_MOVES:
            said = e.get("remark") or c.moves[e["kind"]].label
            lines.append(f"{party_label(c, e['party'])}: {said}")
        elif t == "event" and e.get("text"):
            lines.append(f"{e.get('name') or 'Event'}: {e['text'].strip()}")
    return [
        line if len(line) <= LONGEST else line[: LONGEST - 1].rstrip() + "…"
        for line in reversed(lines[-LINES:])
    ]


def agreed(view: dict[str, Any], c: Any) -> list[str]:
    """What has been agreed so far, in the order it was agreed (a fallen package removes
    its provisional agreements)."""
    found: dict[str, str] = {}
    for e in view["history"]:
        if e["type"] == "agreement" and e.get("visibility", "public") == "public":
            tail = " (provisional)" if e.get("provisional") else ""
            found[e["option"]] = option_label(c, e["option"]) + tail
        elif e["type"] == "package" and e.get("result") == "failed":
            found = {o: t for o, t in found.items() if not t.endswith("(provisional)")}
        elif e["type"] == "package" and e.get("result") == "agreed":
            found |= {o: option_label(c, o) for o in e.get("options", []) if o in found}
    return list(found.values())


def series(view: dict[str, Any], keys: list[str]) -> dict[str, list[float]]:
    """Each chosen public figure after every snapshot the public view holds."""
    out: dict[str, list[float]] = {k: [] for k in keys}
    for e in view["history"]:
        if e["type"] == "figures":
            for k in keys:
                if k in e["values"]:
                    out[k].append(float(e["values"][k]))
    return out


def board_content(view: dict[str, Any], c: Any, curves: list[str] | None = None) -> dict[str, Any]:
    """Everything the board shows (see the module's docstring)."""
    assert view["viewer"] == "public", "the board is built from the public view only"
    scn = view["scenario"]
    agenda = [
        (
            STATUS_MARK.get(i["status"], "○"),
            i["name"] + (f" — {i['status']}" if i["status"] in SETTLED else ""),
            i["status"],
        )
        for i in view["agenda"]
    ]
    done = sum(1 for i in view["agenda"] if i["status"] in SETTLED)
    keys = list(view["figures"])
    chosen = [k for k in (curves if curves is not None else default_curves(keys)) if k in keys]
    return {
        "title": scn["title"],
        "as_of": scn["as_of"] or "",
        "agenda": agenda,
        "progress": f"{done} of {len(agenda)} issues settled",
        "where": where_line(view, c),
        "statements": statements(view, c),
        "agreed": agreed(view, c),
        "curves": {figure_label(c, k): v for k, v in series(view, chosen).items()},
        "keys": keys,
        "chosen": chosen,
    }
