"""The session round by round, and its turning points.

`rounds` cuts a (viewer-filtered) history into rounds and implementation stages, each
with its moves and remarks, the rules that fired, events, agreements, facilitator
actions and every figure change with its cause. `turning_points` ranks the rounds by how
much they moved the figures (each change weighed against its figure's range) and says
what caused the largest changes.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from app.engine.compiled import Compiled
from app.engine.transcript import cause_text, figure_label

Entry = dict[str, Any]


def rounds(history: list[Entry]) -> list[dict[str, Any]]:
    """The history cut into rounds (and implementation stages), in order. Facilitator
    actions taken between rounds belong to the round they lead into."""
    out: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None
    waiting: list[Entry] = []
    index = -1  # which figures snapshot closes the round (the plots' x position)
    for e in history:
        t = e["type"]
        if t == "figures":
            index += 1
            if current is not None:
                current["snapshot"] = index
                current["figures"] = dict(e["values"])
            continue
        if t == "facilitator":
            action = {k: v for k, v in e.items() if k not in ("type", "visibility")}
            (current["facilitator"] if current else waiting).append(action)
            continue
        if t == "round" or (t == "phase" and e["phase"] == "implementation"):
            current = {
                "n": len(out) + 1,
                "phase": e.get("phase"),
                "issue": e.get("issue"),
                "round": e.get("round") or e.get("stage"),
                "of": e.get("of"),
                "moves": [],
                "rules": [],
                "narratives": [],
                "events": [],
                "agreements": [],
                "changes": [],
                "commitments": [],
                "facilitator": waiting,
                "figures": {},
                "snapshot": None,
            }
            waiting = []
            out.append(current)
            continue
        if current is None:
            continue
        if t == "move":
            current["moves"].append({k: v for k, v in e.items() if k not in ("type", "visibility")})
        elif t == "rule":
            current["rules"].append(e["rule"])
        elif t == "narrative":
            current["narratives"].append({"text": e["text"], "visibility": e["visibility"]})
        elif t == "event":
            current["events"].append(
                {
                    "event": e.get("event"),
                    "name": e.get("name"),
                    "text": e.get("text"),
                    "visibility": e["visibility"],
                }
            )
        elif t == "agreement":
            current["agreements"].append(e["option"])
        elif t == "figure":
            current["changes"].append(
                {"key": e["key"], "to": e["to"], "delta": e["delta"], "cause": e.get("cause", {})}
            )
        elif t == "commitment":
            current["commitments"].append({k: e.get(k) for k in ("id", "party", "stage", "result")})
    return out


def label(c: Compiled, r: dict[str, Any]) -> str:
    """`Withdrawal — round 2 of 4`, `Final package — round 1`, `Implementation — stage 2`."""
    if r["phase"] == "implementation":
        return f"Implementation — stage {r['round']}"
    where = c.issues[r["issue"]].name if r.get("issue") in c.issues else "Final package"
    return f"{where} — round {r['round']}" + (f" of {r['of']}" if r.get("of") else "")


def weight(c: Compiled, change: dict[str, Any]) -> float:
    """A change's size as a share of its figure's range, in percent."""
    lo, hi = c.figure_range.get(change["key"].partition(".")[0], (0.0, 100.0))
    return abs(change["delta"]) / ((hi - lo) or 1.0) * 100


def turning_points(
    c: Compiled, timeline: list[dict[str, Any]], top: int = 5
) -> list[dict[str, Any]]:
    """The rounds that moved the figures most, largest first, with what moved them."""
    scored = []
    for r in timeline:
        size = sum(weight(c, ch) for ch in r["changes"])
        if size <= 0:
            continue
        by_cause: dict[str, float] = defaultdict(float)
        for ch in r["changes"]:
            by_cause[cause_text(c, ch["cause"])] += weight(c, ch)
        causes = sorted(by_cause.items(), key=lambda kv: (-kv[1], kv[0]))[:3]
        biggest = sorted(r["changes"], key=lambda ch: (-weight(c, ch), ch["key"]))[:4]
        scored.append(
            {
                "n": r["n"],
                "label": label(c, r),
                "snapshot": r["snapshot"],
                "size": round(size, 1),
                "causes": [text for text, _ in causes],
                "changes": [
                    {
                        "figure": figure_label(c, ch["key"]),
                        "delta": ch["delta"],
                        "to": ch["to"],
                        "cause": cause_text(c, ch["cause"]),
                    }
                    for ch in biggest
                ],
            }
        )
    scored.sort(key=lambda x: (-x["size"], x["n"]))
    return scored[:top]
