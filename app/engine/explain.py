"""Why a proposal did not become an agreement, in words a trainee can read.

After a round's settlement, `unsettled` adds one public entry for each option
someone proposed or accepted this round that is not agreed: who has accepted
it, who the table still waits for, whether it is credible and, if not, what
it still needs. The phrases name parties and options by their names, never
by their ids, and a condition on a figure the viewer may not see names no
value (`needs` takes the viewer). The table panel (`table.py`) asks the same
questions for the proposals still standing.
"""

from __future__ import annotations

import re
from typing import Any

from app.engine.agreements import credible, dimensions_of, needed
from app.engine.state import Move, State
from app.engine.transcript import names, option_label, party_label

PUBLIC = "public"
PROPOSING = ("propose", "concede", "single_text", "bridging")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_>]+)?")


def party_name(st: State, pid: str) -> str:
    return party_label(st.c, pid)


def option_name(st: State, oid: str) -> str:
    """An option with its decision's name: "Scope of withdrawal: the north only"."""
    return option_label(st.c, oid)


def _seen(st: State, viewer: str, key: str) -> bool:
    vis = st.figure_visibility(key)
    return viewer == "facilitator" or vis == PUBLIC or vis == viewer


def _hidden_figures(st: State, viewer: str, expression: str) -> bool:
    """True if the expression reads a figure the viewer may not see."""
    figures = st.c.figure_visibility
    for word in _WORD.findall(expression):
        fid = word.partition(".")[0]
        if fid not in figures:
            continue
        keys = [word] if "." in word else [k for k in st.figures if k.split(".")[0] == fid]
        if any(not _seen(st, viewer, k) for k in keys):
            return True
    return False


def needs(st: State, oid: str, viewer: str = PUBLIC) -> list[str]:
    """What an agreement on the option still needs to be believed ([] if it is credible)."""
    c = st.c
    cred = c.options[oid].credibility
    if cred is None:
        return []
    issue = c.dimension_issue[c.option_dimension[oid]]
    out: list[str] = []
    if cred.min_trust is not None:
        required = c.required(issue)
        for a in required:
            for b in required:
                key = f"trust.{a}>{b}"
                if a == b or key not in st.figures or st.figures[key] >= cred.min_trust:
                    continue
                who = f"{party_name(st, a)}'s trust in {party_name(st, b)}"
                if _seen(st, viewer, key):
                    out.append(f"{who} at {cred.min_trust:g} or more (it is {st.figures[key]:g})")
                else:
                    out.append(f"more of {who}")
    if cred.guarantee:
        allowed = list(cred.guarantors) or list(c.party_order)
        if not set(st.guarantees.get(issue, set())) & set(allowed):
            who = names([party_name(st, p) for p in allowed]) if cred.guarantors else "any party"
            out.append(f"a guarantee from {who}")
    for req in cred.requires:
        if not st.agreed(req):
            out.append(
                f"{option_name(st, req) if req in c.options else c.named.get(req, req)}"
                " agreed first"
            )
    if cred.when and not c.condition(cred.when)(st.context(None)):
        if _hidden_figures(st, viewer, cred.when):
            out.append("a change in what another delegation keeps confidential")
        else:
            out.append(
                f"its condition to hold ({cred.reason})"
                if cred.reason
                else "its conditions to be met"
            )
    return out


def awaiting(st: State, oid: str) -> list[str]:
    """The parties (ids, in scenario order) that must still accept the option."""
    must, have = needed(st, oid), st.supporters(oid)
    return [p for p in st.c.party_order if p in must and p not in have]


def accepted_by(st: State, oid: str) -> list[str]:
    have = st.supporters(oid)
    return [p for p in st.c.party_order if p in have]


def reason(st: State, oid: str, viewer: str = PUBLIC) -> str:
    """One sentence: why the option is not agreed yet."""
    c = st.c
    dim = c.option_dimension[oid]
    ag = st.agreements.get(dim)
    if ag is not None and ag.option != oid:
        return f"{c.dimensions[dim].name} is already agreed on {c.options[ag.option].name}"
    if st.status.get(c.dimension_issue[dim]) == "deadlocked":
        return "the issue is deadlocked"
    parts: list[str] = []
    waiting = awaiting(st, oid)
    if waiting:
        verb = "has" if len(waiting) == 1 else "have"
        parts.append(f"{names([party_name(st, p) for p in waiting])} {verb} not accepted it")
    missing = needs(st, oid, viewer)
    if missing:
        parts.append("it is not credible yet: it needs " + names(missing))
    tabled = st.tabled.get(oid)
    if not parts and tabled is not None:
        loose = [o for o in tabled.package if awaiting(st, o) or needs(st, o, viewer)]
        if loose:
            parts.append(
                "it is bound in a package with "
                + names([option_name(st, o) for o in loose])
                + ", which is not accepted or not credible yet"
            )
        elif tabled.condition and not st.agreed(tabled.condition):
            parts.append(f"it waits for its condition: {option_name(st, tabled.condition)}")
    if not parts and tabled is None:
        parts.append("it is not on the table: propose it first")
    return "; ".join(parts) or "it was not settled this round"


def _touched(st: State, move: Move) -> list[str]:
    """The options a move proposed or accepted."""
    mk = st.c.moves.get(move.kind)
    kind = mk.base if mk else move.kind
    if kind in PROPOSING and move.option:
        return [move.option, *move.package]
    if kind == "accept":
        if move.option:
            tabled = st.tabled.get(move.option)
            return [move.option, *(tabled.package if tabled else ())]
        return [st.proposals[d].option for d in dimensions_of(st, move) if d in st.proposals]
    return []


def unsettled(st: State) -> list[dict[str, Any]]:
    """After a round's settlement: a public entry for each option proposed or accepted this
    round that did not become agreed, saying who accepted, who is awaited and why."""
    c = st.c
    seen: dict[str, None] = {}
    for party in c.party_order:
        move = st.moves.get(party)
        if move is not None:
            seen.update(dict.fromkeys(o for o in _touched(st, move) if o in c.options))
    out = []
    for oid in seen:
        dim = c.option_dimension[oid]
        ag = st.agreements.get(dim)
        if ag is not None and ag.option == oid:
            continue
        out.append(
            st.history.emit(
                "unsettled",
                PUBLIC,
                option=oid,
                dimension=dim,
                accepted_by=accepted_by(st, oid),
                awaiting=awaiting(st, oid),
                credible=credible(st, oid)[0],
                reason=reason(st, oid),
            )
        )
    return out
