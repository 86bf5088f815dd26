"""Proposals, acceptances and agreements: what the built-in moves do to the table.

A dimension (a plain issue is one dimension) has at most one standing
proposal. The proposer accepts it by proposing; it is agreed when every
required party (and every party whose consent the option needs) accepts and
the option is credible: trust, guarantees, other agreements, conditions.
A package binds options that are agreed only together, across issues; a
partner in the package meets another's `requires`. A conditional offer is
agreed pending its condition: its effects and `on: agreement` rules run once,
when the condition is met.
"""

from __future__ import annotations

from app.engine.state import Agreement, Move, Proposal, State
from app.scenario.model import Credibility


def apply_move(st: State, move: Move) -> None:
    """The built-in meaning of a move (a scenario's own move acts like its `like`)."""
    kind = st.c.moves[move.kind].base if move.kind in st.c.moves else move.kind
    cause = {"move": move.kind, "party": move.party}
    if kind in ("propose", "concede", "single_text", "bridging"):
        if move.option:
            table(
                st,
                move,
                single_text=kind == "single_text",
                mediator=kind in ("single_text", "bridging"),
            )
    elif kind == "accept":
        accept(st, move)
    elif kind == "reject":
        for dim in dimensions_of(st, move):
            st.support.get(dim, {}).pop(move.party, None)
            teach(st, move, dim)
    elif kind == "guarantee":
        issue = move.issue or st.c.dimension_issue.get(
            st.c.option_dimension.get(move.option or "", ""), st.issue
        )
        if issue:
            st.guarantees.setdefault(issue, set()).add(move.party)
            st.history.emit("guarantee", party=move.party, issue=issue, cause=cause)
    elif kind == "walk_out":
        issue = move.issue or st.issue
        if issue:
            st.set_status(issue, "deadlocked", cause)
    elif kind == "private_caucus" and move.target:
        private_caucus(st, move)


def teach(st: State, move: Move, dim: str) -> None:
    """A failed proposal teaches: whoever tabled the option rejected learns, privately,
    whether it lay behind the rejecting party's red line or was only a bargaining stance."""
    proposal = st.proposals.get(dim)
    if move.option and move.option in st.tabled:
        proposal = st.tabled[move.option]
    if proposal is None or proposal.by == move.party:
        return
    opt = st.c.options[proposal.option]
    who = st.c.parties[move.party].short or st.c.parties[move.party].name
    behind = move.party in opt.red_lines
    text = (
        f"{who} rejected {opt.name}: it lies behind {who}'s red line, so pressing it "
        "further is fantasy."
        if behind
        else f"{who} rejected {opt.name}, but it is not behind {who}'s red line: there is room "
        "to bargain."
    )
    st.history.emit(
        "narrative",
        proposal.by,
        text=text,
        learned={"party": move.party, "option": opt.id, "red_line": behind},
        cause={"move": move.kind, "party": move.party},
    )


def dimensions_of(st: State, move: Move) -> list[str]:
    """The dimensions a move is about: its option's, or the issue's still open."""
    if move.option:
        return [st.c.option_dimension[move.option]]
    issue = move.issue or st.issue
    if issue is None:
        return [d for d in st.proposals if not st.dimension_agreed(d)]
    return [d for d in st.c.issue_dimensions[issue] if not st.dimension_agreed(d)]


def table(st: State, move: Move, *, single_text: bool = False, mediator: bool = False) -> None:
    """Put an option (and its package) on the table; the proposer supports it, a mediator not."""
    assert move.option is not None
    group = (move.option, *[o for o in move.package if o != move.option])
    for opt in group:
        dim = st.c.option_dimension[opt]
        if st.dimension_agreed(dim):
            continue
        bound = tuple(o for o in group if o != opt)
        proposal = Proposal(opt, move.party, bound, move.condition, single_text)
        old = st.tabled.get(opt)
        if old != proposal:
            st.moved_on(st.c.dimension_issue[dim])  # something new: the issue is not stalled
        if old is None or bound or move.condition:
            st.tabled[opt] = proposal
            st.proposals[dim] = proposal
        else:  # a plain re-tabling neither unbinds a package nor takes over who tabled it
            st.proposals[dim] = old
        if not mediator or move.party in needed(st, opt):
            st.support.setdefault(dim, {})[move.party] = opt
        st.history.emit(
            "proposal",
            party=move.party,
            option=opt,
            dimension=dim,
            package=list(bound),
            condition=move.condition,
            single_text=single_text,
        )


def accept(st: State, move: Move) -> None:
    """Support an option; with no option, the latest tabled on each open decision. What is
    accepted is what stood on the table when the moves were entered: a package tabled by
    another party in the same round binds nobody who did not see it."""
    tabled = st.tabled if st.standing is None else st.standing
    proposals = st.proposals if st.standing_proposals is None else st.standing_proposals
    if move.option:
        if move.option not in tabled:
            table(st, move)  # accepting an option not on the table puts it there
            return
        options = [move.option, *tabled[move.option].package]
    else:
        options = [proposals[d].option for d in dimensions_of(st, move) if d in proposals]
    for opt in options:
        dim = st.c.option_dimension[opt]
        if st.support.setdefault(dim, {}).get(move.party) != opt:
            st.support[dim][move.party] = opt
            st.moved_on(st.c.dimension_issue[dim])


def private_caucus(st: State, move: Move) -> None:
    """The mediator learns, privately, which options on the table the target could live with."""
    target = move.target
    assert target is not None
    st.caucused[(move.party, target)] += 1
    batna = st.c.parties[target].batna.value
    issue = move.issue or st.issue
    dims = st.c.issues[issue].all_dimensions() if issue else []
    bearable = [
        o.name
        for d in dims
        for o in d.options
        if o.values.get(target, 0) > batna and target not in o.red_lines
    ]
    who = st.c.parties[target].short or st.c.parties[target].name
    text = (
        f"In private, {who} signalled it could live with: {', '.join(bearable)}."
        if bearable
        else f"In private, {who} signalled that nothing on the table beats walking away."
    )
    st.history.emit(
        "narrative", move.party, text=text, cause={"move": move.kind, "party": move.party}
    )


def credible(
    st: State, option_id: str, group: tuple[str, ...] | list[str] = ()
) -> tuple[bool, str]:
    """Whether an agreement on the option would be believed, and if not why. `group` is the
    package it is agreed in: a partner there meets a `requires` as if already agreed."""
    cred = st.c.options[option_id].credibility
    if cred is None:
        return True, ""
    issue = st.c.dimension_issue[st.c.option_dimension[option_id]]
    reason = cred.reason or "its conditions are not met"
    why = _unmet(st, cred, option_id, issue, group)
    if why is None and cred.any:
        alternatives = [_unmet(st, alt, option_id, issue, group) for alt in cred.any]
        if all(a is not None for a in alternatives):
            parts = [(a or "").strip(" ()") or "its conditions" for a in alternatives]
            why = f" (none of: {' or '.join(parts)})"
    if why is None:
        return True, ""
    return False, f"{reason}{why}"


def credible_to(st: State, option_id: str, party: str) -> bool:
    """Whether `party` would believe an agreement on the option, its own yes counted: a
    condition that only its own acceptance would meet (`accepted(ru, ...)`, its consent) is
    no reason for it to doubt the option."""
    backing = st.support.setdefault(st.c.option_dimension[option_id], {})
    before = backing.get(party)
    backing[party] = option_id
    try:
        return credible(st, option_id)[0]
    finally:
        if before is not None:
            backing[party] = before
        else:
            del backing[party]
            if not backing:
                del st.support[st.c.option_dimension[option_id]]


def _unmet(
    st: State, cred: Credibility, option_id: str, issue: str, group: tuple[str, ...] | list[str]
) -> str | None:
    """Why one all-of part of a credibility fails (" (...)" or ""), None when it holds."""
    if cred.min_trust is not None:
        required = st.c.required(issue)
        for a in required:
            for b in required:
                key = f"trust.{a}>{b}"
                if a != b and key in st.figures and st.figures[key] < cred.min_trust:
                    return f" (trust {a}>{b} is {st.figures[key]:g}, needs {cred.min_trust:g})"
    if cred.guarantee:
        offered = st.guarantees.get(issue, set())
        allowed = set(cred.guarantors) or set(st.c.parties)
        if not offered & allowed:
            return " (no guarantee offered)"
    missing = [p for p in cred.consent if not st.supports(p, option_id)]
    if missing:  # (the option's own consent is also asked of everyone in `needed`)
        return f" (needs the consent of {', '.join(missing)})"
    for req in cred.requires:
        if not st.agreed(req) and not partner_meets(st, req, group):
            return f" (needs {req} agreed first, or in the same package)"
    if cred.when and not st.c.condition(cred.when)(
        st.context(Move(party="", kind="accept", option=option_id))
    ):
        return " (its condition does not hold)"
    return None


def partner_meets(st: State, req: str, group: tuple[str, ...] | list[str]) -> bool:
    """Whether the package itself settles `req` (an option, a dimension or an issue)."""
    if not group:
        return False
    c = st.c
    chosen = {c.option_dimension[o]: o for o in group}
    kind = c.names.ids.get(req)
    if kind == "option":
        return chosen.get(c.option_dimension[req]) == req
    if kind == "dimension":
        return req in chosen
    if kind == "issue":
        return all(st.dimension_agreed(d) or d in chosen for d in c.issue_dimensions[req])
    return False


def credibility_parts(cred: Credibility | None) -> list[Credibility]:
    """Every all-of part of a credibility: itself and its alternatives (for bots and lint)."""
    if cred is None:
        return []
    return [cred, *(p for alt in cred.any for p in credibility_parts(alt))]


def needed(st: State, option_id: str) -> frozenset[str]:
    """Who must accept an option: the issue's required parties and any whose consent it needs."""
    return st.c.needed(option_id)


def settle(st: State, *, provisional: bool) -> list[str]:
    """Form every agreement the table now allows (repeating, since one agreement can make
    another credible); returns the options agreed."""
    formed: list[str] = []
    reported: set[str] = set()
    while True:
        new = _settle_once(st, provisional, reported)
        if not new:
            break
        formed += new
    for issue in dict.fromkeys(st.c.dimension_issue[st.c.option_dimension[o]] for o in formed):
        if st.agreed(issue):
            st.set_status(issue, "agreed", {"agreement": issue})
    return formed


def _settle_once(st: State, provisional: bool, reported: set[str]) -> list[str]:
    formed: list[str] = []
    for opt, p in list(st.tabled.items()):
        dim = st.c.option_dimension[opt]
        if dim in st.agreements:
            continue
        group = [opt, *p.package]
        if any(st.c.option_dimension[o] in st.agreements for o in p.package):
            continue
        if not all(needed(st, o) <= st.supporters(o) for o in group):
            continue
        partners = group + [p.condition] if p.condition else group  # the condition counts
        blocked = [(o, why) for o in group for ok, why in [credible(st, o, partners)] if not ok]
        if blocked:
            o, why = blocked[0]
            if o not in reported:
                reported.add(o)
                st.history.emit("not_credible", option=o, reason=why, cause={"option": o})
            continue
        condition = p.condition if p.condition and not st.agreed(p.condition) else None
        for o in group:
            d = st.c.option_dimension[o]
            st.agreements[d] = Agreement(
                o,
                st.c.dimension_issue[d],
                p.by,
                tuple(x for x in group if x != o),
                condition,
                provisional,
            )
            st.moved_on(st.c.dimension_issue[d])
            st.history.emit(
                "agreement",
                option=o,
                dimension=d,
                issue=st.c.dimension_issue[d],
                package=[x for x in group if x != o],
                condition=p.condition,
                provisional=provisional,
                pending=condition is not None,
            )
            if condition is None:
                formed.append(o)  # a pending one takes effect when its condition is met
    return formed + release_conditions(st)


def release_conditions(st: State) -> list[str]:
    """Conditional agreements whose condition is now agreed become agreements."""
    released = []
    changed = True
    while changed:
        changed = False
        for ag in st.agreements.values():
            if ag.condition and st.agreed(ag.condition):
                st.history.emit("condition_met", option=ag.option, condition=ag.condition)
                ag.condition = None
                released.append(ag.option)
                changed = True
    return released
