"""The built-in move vocabulary: each kind, who may use it, what it needs."""

from __future__ import annotations

from dataclasses import dataclass

from app.scenario.model import Scenario


@dataclass(frozen=True, slots=True)
class MoveKind:
    id: str
    label: str
    params: tuple[str, ...]  # of: issue, option, target, package, condition, remark
    required: tuple[str, ...]  # the params that must be given
    who: tuple[str, ...]  # party kinds that may use it
    description: str
    like: str | None = None  # for a scenario's own move: the built-in it behaves like

    @property
    def base(self) -> str:
        return self.like or self.id


_T = ("delegation", "mediator", "outside")
_D = ("delegation",)
_M = ("mediator",)

BUILTIN: dict[str, MoveKind] = {
    m.id: m
    for m in (
        MoveKind(
            "propose",
            "Propose",
            ("issue", "option", "package", "condition", "remark"),
            ("option",),
            ("delegation", "mediator"),
            "Put an option on the table; with a package, options that bind only together; "
            "with a condition, an offer that holds only if another option is agreed.",
        ),
        MoveKind(
            "accept",
            "Accept",
            ("issue", "option", "remark"),
            (),
            _T,
            "Accept the standing proposal (or the named option) on an issue.",
        ),
        MoveKind(
            "reject",
            "Reject",
            ("issue", "option", "remark"),
            (),
            _T,
            "Reject the standing proposal on an issue.",
        ),
        MoveKind(
            "concede",
            "Concede",
            ("issue", "option", "remark"),
            ("option",),
            _D,
            "Move your position to an option you value less, to show flexibility.",
        ),
        MoveKind(
            "guarantee",
            "Offer a guarantee",
            ("issue", "option", "target", "remark"),
            ("issue",),
            _T,
            "Offer to guarantee an agreement: observers, a mechanism, a pledge.",
        ),
        MoveKind(
            "incentive",
            "Offer an incentive",
            ("issue", "target", "remark"),
            ("target",),
            _T,
            "Offer something the other side wants in return for movement.",
        ),
        MoveKind(
            "face_saving",
            "Face-saving gesture",
            ("target", "remark"),
            ("target",),
            _T,
            "Give the other side a way to present a concession as a success.",
        ),
        MoveKind(
            "pressure",
            "Apply pressure",
            ("target", "remark"),
            ("target",),
            _T,
            "Threaten costs or escalation to force movement.",
        ),
        MoveKind(
            "statement",
            "Public statement",
            ("issue", "remark"),
            (),
            _T,
            "Speak to the public and the home audience.",
        ),
        MoveKind(
            "caucus",
            "Call a caucus",
            ("remark",),
            (),
            _T,
            "Ask for a break to consult your own side.",
        ),
        MoveKind(
            "walk_out",
            "Walk out",
            ("remark",),
            (),
            _D,
            "Leave the table on this issue: it is deadlocked for now.",
        ),
        MoveKind("pass", "Pass", ("remark",), (), _T, "Make no move this round."),
        MoveKind(
            "single_text",
            "Single negotiating text",
            ("issue", "option", "remark"),
            ("option",),
            _M,
            "Table one text for every party to amend, instead of rival proposals.",
        ),
        MoveKind(
            "bridging",
            "Bridging proposal",
            ("issue", "option", "package", "remark"),
            ("option",),
            _M,
            "Propose an option (or a package across issues) between the parties' positions.",
        ),
        MoveKind(
            "private_caucus",
            "Private caucus",
            ("target", "remark"),
            ("target",),
            _M,
            "Meet one party alone to learn what it could accept.",
        ),
    )
}


def move_kinds(scenario: Scenario) -> dict[str, MoveKind]:
    """The moves this scenario offers: the built-ins it allows, renamed, plus its own."""
    spec = scenario.moves
    allowed = set(spec.allow) if spec.allow is not None else None
    kinds: dict[str, MoveKind] = {}
    for kind in BUILTIN.values():
        if allowed is not None and kind.id not in allowed and kind.id != "pass":
            continue
        kinds[kind.id] = MoveKind(
            kind.id,
            spec.labels.get(kind.id, kind.label),
            kind.params,
            kind.required,
            kind.who,
            kind.description,
        )
    for custom in spec.add:
        base = BUILTIN.get(custom.like) if custom.like else None
        params = tuple(custom.params)
        kinds[custom.id] = MoveKind(
            custom.id,
            spec.labels.get(custom.id, custom.label),
            params,
            tuple(
                dict.fromkeys(
                    [*(p for p in (base.required if base else ()) if p in params), *custom.required]
                )
            ),
            base.who if base else _T,
            custom.description,
            custom.like,
        )
    return kinds


def may_use(scenario: Scenario, kind: MoveKind, party_id: str) -> bool:
    """Whether a party may make a move of this kind in this scenario."""
    party = next(p for p in scenario.parties if p.id == party_id)
    spec = scenario.moves
    custom = next((c for c in spec.add if c.id == kind.id), None)
    if custom is not None and custom.who:
        return party_id in custom.who
    if kind.id in spec.who:
        return party_id in spec.who[kind.id]
    return party.kind in kind.who
