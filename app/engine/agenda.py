"""Changes to the agenda that effects ask for: a stalled issue reopened, an issue brought
forward. Effects only record the request on the state (`State.reopen`,
`State.prioritise`); the session calls `schedule` after anything that can run effects,
and the new rounds come right after the current issue's rounds.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from app.engine.state import State


def schedule(steps: list[Any], index: int, st: State) -> list[Any]:
    """The session's steps with every pending request of `st` applied (and cleared)."""
    if not (st.reopen or st.prioritise):
        return steps
    steps = list(steps)
    at = _after_current_issue(steps, index)
    # the new rounds take their talk and entry times from the nearest round still to come
    talks = ("round", "package")
    template = next((s for s in steps[at:] if s.kind in talks), None) or next(
        (s for s in reversed(steps[:at]) if s.kind in talks), steps[max(index, 0)]
    )
    for issue, rounds in st.reopen:
        new = [
            replace(
                template,
                kind="round",
                issue=issue,
                round=r,
                rounds=rounds,
                agenda=(),
                all_or_nothing=True,
            )
            for r in range(1, rounds + 1)
        ]
        steps[at:at] = new
        at += len(new)
    for issue in st.prioritise:
        ahead = [s for s in steps[at:] if s.kind == "round" and s.issue == issue]
        if ahead:
            rest = [s for s in steps[at:] if not (s.kind == "round" and s.issue == issue)]
            steps[at:] = ahead + rest
    st.reopen.clear()
    st.prioritise.clear()
    return steps


def _after_current_issue(steps: list[Any], index: int) -> int:
    """Where new rounds go: after the rounds left on the issue being negotiated now."""
    at = index + 1
    current = steps[index] if 0 <= index < len(steps) else None
    if current is not None and current.kind == "round":
        while at < len(steps) and steps[at].kind == "round" and steps[at].issue == current.issue:
            at += 1
    return at
