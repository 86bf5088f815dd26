"""The game state, how conditions read it, and how effects change it.

Every change goes through `State.change_figure`, `State.transfer` or
`State.set_status`, each of which writes a history entry carrying its cause,
so any view can say why a figure moved.
"""

from __future__ import annotations

import math
import string
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from app.engine.compiled import Compiled, start_value
from app.engine.history import History
from app.scenario import expressions as ex
from app.scenario.model import Effect

_formatter = string.Formatter()


@dataclass(frozen=True, slots=True)
class Move:
    party: str
    kind: str
    issue: str | None = None
    option: str | None = None
    target: str | None = None
    package: tuple[str, ...] = ()
    condition: str | None = None
    remark: str = ""
    by: str = "team"  # team or bot

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"party": self.party, "kind": self.kind}
        for key in ("issue", "option", "target", "condition"):
            value = getattr(self, key)
            if value:
                out[key] = value
        if self.package:
            out["package"] = list(self.package)
        if self.remark:
            out["remark"] = self.remark
        return out


@dataclass
class Proposal:
    """An option on the table: who tabled it, what it is bound to, what it waits for."""

    option: str
    by: str
    package: tuple[str, ...] = ()
    condition: str | None = None
    single_text: bool = False


@dataclass
class Agreement:
    option: str
    issue: str
    by: str
    package: tuple[str, ...] = ()
    condition: str | None = None
    provisional: bool = True


@dataclass
class Commitment:
    id: str
    party: str
    option: str
    stages: int
    after: str | None
    transfers: dict[str, str]
    renege_risk: float
    verified_by: tuple[str, ...]
    done: int = 0
    reneged: bool = False
    withheld: bool = False
    suspended: bool = False  # its party's ratification failed: not carried out

    @property
    def broken(self) -> bool:
        """Not carried out, whatever the reason: the option scores at no-deal value."""
        return self.reneged or self.withheld or self.suspended


@dataclass
class State:
    """Everything that changes during a session (the scenario itself never does)."""

    c: Compiled
    history: History
    figures: dict[str, float] = field(default_factory=dict)
    holders: dict[str, str] = field(default_factory=dict)
    status: dict[str, str] = field(default_factory=dict)  # issue -> open/agreed/...
    tabled: dict[str, Proposal] = field(default_factory=dict)  # option -> on the table
    # the table as this round's moves were entered: moves are secret and simultaneous, so
    # an acceptance answers what stood then, never a package tabled in the same round
    standing: dict[str, Proposal] | None = None
    standing_proposals: dict[str, Proposal] | None = None
    proposals: dict[str, Proposal] = field(default_factory=dict)  # dimension -> latest tabled
    support: dict[str, dict[str, str]] = field(default_factory=dict)  # dim -> party -> option
    agreements: dict[str, Agreement] = field(default_factory=dict)  # dimension -> agreed
    guarantees: dict[str, set[str]] = field(default_factory=dict)  # issue -> guarantors
    fired: Counter[str] = field(default_factory=Counter)
    moves: dict[str, Move] = field(default_factory=dict)  # this round's moves, resolved
    last_moves: dict[str, Move] = field(default_factory=dict)  # the previous round's
    commitments: dict[str, Commitment] = field(default_factory=dict)
    phase: str = "setup"
    issue: str | None = None
    agenda: tuple[str, ...] = ()  # in the package round: the issues on the table
    round: int = 0
    rounds: int = 0
    stage: int = 0
    played: int = 0  # rounds resolved in the session, all issues together
    progress: dict[str, int] = field(default_factory=dict)  # issue -> `played` when it last moved
    used: Counter[tuple[str, str]] = field(default_factory=Counter)  # (party, kind) -> moves made
    reopen: list[tuple[str, int]] = field(default_factory=list)  # issues to put back on the agenda
    prioritise: list[str] = field(default_factory=list)  # issues whose rounds come next
    ratification: dict[str, Any] | None = None  # votes held before implementation
    collapsed: bool = False  # a failed ratification brought the whole deal down
    caucused: Counter[tuple[str, str]] = field(default_factory=Counter)  # (mediator, party) -> met
    salt: str = ""  # the session's seed, for what bots read of each other (bots.reading)

    @classmethod
    def start(cls, c: Compiled, history: History) -> State:
        st = cls(c, history)
        st.figures = {k: start_value(c, k) for k in c.figure_keys}
        st.holders = {a.id: a.holder for a in c.scenario.assets}
        for a in c.scenario.assets:
            key = f"leverage.{a.holder}"
            if key in st.figures:
                st.figures[key] += a.weight
        for k in st.figures:
            st.figures[k] = st.clamp(k, st.figures[k])
        st.status = {i: "open" for i in c.issues}
        return st

    # --- reading ------------------------------------------------------------------

    def clamp(self, key: str, value: float) -> float:
        lo, hi = self.c.key_range[key]
        return round(min(hi, max(lo, value)), 4)

    def open_issues(self) -> list[str]:
        """The package round's issues not yet agreed or deadlocked."""
        return [i for i in self.agenda if self.status[i] not in ("agreed", "deadlocked")]

    def open_dimensions(self) -> list[str]:
        """The decisions on the table now, in agenda order: the current issue's (or, in the
        package round, the agenda's) that are neither agreed nor deadlocked."""
        issues = [self.issue] if self.issue else self.open_issues()
        dims = self.c.issue_dimensions
        return [
            d
            for i in issues
            if i and self.status.get(i) != "deadlocked"
            for d in dims[i]
            if not self.dimension_agreed(d)
        ]

    def negotiable_dimensions(self) -> list[str]:
        """Every decision a package may bind now: not agreed, of an issue not deadlocked."""
        return [
            d
            for i, dims in self.c.issue_dimensions.items()
            if self.status[i] not in ("agreed", "deadlocked")
            for d in dims
            if not self.dimension_agreed(d)
        ]

    def dimension_agreed(self, dim: str) -> bool:
        ag = self.agreements.get(dim)
        return ag is not None and ag.condition is None

    def agreed(self, ident: str) -> bool:
        kind = self.c.names.ids.get(ident)
        if kind == "option":
            ag = self.agreements.get(self.c.option_dimension[ident])
            return ag is not None and ag.option == ident and ag.condition is None
        if kind == "dimension":
            return self.dimension_agreed(ident)
        if kind == "issue":
            return all(self.dimension_agreed(d) for d in self.c.issue_dimensions[ident])
        return False

    def stalled_rounds(self, issue: str) -> int:
        """Rounds resolved since the issue last moved (a proposal, a change of support, an
        agreement), or since the session began; 0 once it is agreed."""
        if self.status.get(issue) == "agreed":
            return 0
        return self.played - self.progress.get(issue, 0)

    def moved_on(self, issue: str) -> None:
        self.progress[issue] = self.played

    def on_table(self) -> int:
        """Options on the table on decisions not yet agreed, of issues not deadlocked."""
        c = self.c
        return sum(
            1
            for o in self.tabled
            if not self.dimension_agreed(c.option_dimension[o])
            and self.status[c.dimension_issue[c.option_dimension[o]]] != "deadlocked"
        )

    def supports(self, party: str, option: str) -> bool:
        return self.support.get(self.c.option_dimension[option], {}).get(party) == option

    def supporters(self, option: str) -> set[str]:
        dim = self.support.get(self.c.option_dimension[option], {})
        return {p for p, o in dim.items() if o == option}

    def context(self, move: Move | None = None) -> EvalContext:
        return EvalContext(self, move)

    # --- changing -----------------------------------------------------------------

    def change_figure(self, key: str, value: float, cause: dict[str, Any]) -> None:
        old = self.figures[key]
        if not math.isfinite(value):  # e.g. an amount that overflowed: say so, change nothing
            self.history.emit(
                "error",
                "facilitator",
                key=key,
                cause=cause,
                text=f"An effect on {key} computed {value}, not a finite number; "
                "the figure was left as it was. Check the scenario's amounts.",
            )
            return
        new = self.clamp(key, value)
        if new == old:
            return
        self.figures[key] = new
        self.history.emit(
            "figure",
            self.figure_visibility(key),
            key=key,
            to=new,
            delta=round(new - old, 4),
            cause=cause,
        )

    def figure_visibility(self, key: str) -> str:
        vis = self.c.key_visibility.get(key)
        if vis is not None:
            return vis
        fid, parts = ex.figure_key_parts(key)
        vis = self.c.figure_visibility.get(fid, "public")
        if vis == "owner":
            return parts[0] if parts else "facilitator"
        return vis

    def transfer(self, asset: str, to: str, cause: dict[str, Any]) -> None:
        old = self.holders[asset]
        if old == to:
            return
        weight = next(a.weight for a in self.c.scenario.assets if a.id == asset)
        self.holders[asset] = to
        vis = next(a.visibility for a in self.c.scenario.assets if a.id == asset)
        self.history.emit("transfer", vis, asset=asset, **{"from": old}, to=to, cause=cause)
        for party, sign in ((old, -1), (to, 1)):
            key = f"leverage.{party}"
            if key in self.figures:
                self.change_figure(key, self.figures[key] + sign * weight, cause)

    def set_status(self, issue: str, status: str, cause: dict[str, Any]) -> None:
        if self.status.get(issue) == status:
            return
        self.status[issue] = status
        self.history.emit("status", issue=issue, status=status, cause=cause)

    def apply(
        self,
        effects: list[Effect],
        cause: dict[str, Any],
        move: Move | None = None,
        visibility: str = "public",
    ) -> None:
        """Apply effects in order; `mover`/`target`/`others` resolve against `move`."""
        ctx = self.context(move)
        for eff in effects:
            if eff.add or eff.set:
                adding = eff.add is not None
                for key, amount in (eff.add or eff.set or {}).items():
                    value = (
                        float(self.c.condition(amount)(ctx))
                        if isinstance(amount, str)
                        else float(amount)
                    )
                    for k in self.expand(key, move):
                        self.change_figure(k, self.figures[k] + value if adding else value, cause)
            elif eff.transfer:
                for asset, to in eff.transfer.items():
                    party = self.resolve_party(to, move)
                    if party:
                        self.transfer(asset, party, cause)
            elif eff.status:
                for issue, status in eff.status.items():
                    self.set_status(issue, status, cause)
            elif eff.trigger:
                self.history.pending_events.append(eff.trigger)
            elif eff.reopen:
                for issue, rounds in eff.reopen.items():
                    self.reopen_issue(issue, rounds, cause)
            elif eff.prioritise:
                self.prioritise.append(eff.prioritise)
                self.history.emit("prioritised", issue=eff.prioritise, cause=cause)
            elif eff.narrative:
                self.narrate(
                    eff.narrative, self.resolve_visibility(eff.visibility, move), cause, move
                )

    def reopen_issue(self, issue: str, rounds: int, cause: dict[str, Any]) -> None:
        """Put a stalled (deadlocked or deferred) issue back on the agenda for `rounds` more
        rounds; the session schedules them next. An agreed issue stays agreed."""
        if self.status[issue] == "agreed":
            return
        self.set_status(issue, "open", cause)
        self.moved_on(issue)
        self.reopen.append((issue, rounds))
        self.history.emit("reopened", issue=issue, rounds=rounds, cause=cause)
        name = self.c.issues[issue].name
        self.narrate(
            f"Talks on {name} resume: {rounds} more round{'s' * (rounds > 1)}.", "public", cause
        )

    def narrate(
        self, text: str, visibility: str, cause: dict[str, Any], move: Move | None = None
    ) -> None:
        if text:
            self.history.emit("narrative", visibility, text=self.fill(text, move), cause=cause)

    def fill(self, text: str, move: Move | None) -> str:
        """Fill {mover}, {target}, {option}, {issue}, {round}, ids and figure keys."""
        names = self.c.parties

        def word(name: str) -> str:
            if name == "mover":
                return names[move.party].short or names[move.party].name if move else "?"
            if name == "target":
                return (
                    names[move.target].short or names[move.target].name
                    if move and move.target
                    else "?"
                )
            if name == "option":
                opt = self.c.options.get(move.option or "") if move else None
                return opt.name if opt else "?"
            if name == "issue":
                iid = (move.issue if move else None) or self.issue
                return self.c.issues[iid].name if iid in self.c.issues else "?"
            if name == "round":
                return str(self.round)
            if name in names:
                return names[name].short or names[name].name
            if name in self.figures:  # a scenario-wide figure: its value, not its name
                return f"{self.figures[name]:g}"
            named = self.c.named.get(name)
            if named is not None:
                return named
            keys = self.expand(name, move)
            return f"{self.figures[keys[0]]:g}" if keys else "?"

        out = []
        for literal, name, _, _ in _formatter.parse(text):
            out.append(literal)
            if name is not None:
                out.append(word(name))
        return "".join(out)

    def resolve_party(self, who: str, move: Move | None) -> str | None:
        if who == "mover":
            return move.party if move else None
        if who == "target":
            return move.target if move else None
        return who

    def resolve_visibility(self, vis: str, move: Move | None) -> str:
        if vis in ("mover", "target"):
            return self.resolve_party(vis, move) or "facilitator"
        return vis

    def expand(self, key: str, move: Move | None) -> list[str]:
        """The figure keys a pattern like `trust.others>mover` stands for in this move."""
        if key in self.figures:
            return [key]  # a plain key stands for itself
        fid, parts = ex.figure_key_parts(key)
        if not parts:
            return [fid] if fid in self.figures else []
        options: list[list[str]] = []
        for p in parts:
            if p in ("others", "all"):
                skip = move.party if move and p == "others" else None
                options.append([q for q in self.c.party_order if q != skip])
            else:
                q = self.resolve_party(p, move)
                options.append([q] if q else [])
        if len(parts) == 1:
            keys = [f"{fid}.{a}" for a in options[0]]
        else:
            keys = [f"{fid}.{a}>{b}" for a in options[0] for b in options[1] if a != b]
        return [k for k in keys if k in self.figures]


class EvalContext:
    """What conditions read: figures, variables and functions over the state."""

    __slots__ = ("st", "move")

    def __init__(self, st: State, move: Move | None) -> None:
        self.st = st
        self.move = move

    def figure(self, key: str) -> float:
        st = self.st
        value = st.figures.get(key)
        if value is not None:
            return value
        keys = st.expand(key, self.move)
        return st.figures[keys[0]] if keys else 0.0

    def variable(self, name: str) -> Any:
        st, m = self.st, self.move
        if name.startswith("move."):
            if m is None:
                return ""
            return getattr(m, name[5:], "") or (m.party if name == "move.party" else "")
        if name == "round":
            return st.round
        if name == "rounds":
            return st.rounds
        if name == "rounds_left":
            return max(0, st.rounds - st.round)
        if name == "stage":
            return st.stage
        if name == "phase":
            return st.phase
        if name == "issue":
            return st.issue or ""
        if name == "rounds_played":
            return st.played
        raise KeyError(name)  # pragma: no cover - the checker allows no other names

    def function(self, name: str, args: tuple[Any, ...]) -> Any:
        st = self.st
        args = tuple(self.party(a) for a in args)
        if name == "agreed":
            return st.agreed(args[0])
        if name == "status":
            return st.status.get(args[0], "open")
        if name == "proposed":
            return args[0] in st.tabled
        if name == "accepted":
            return st.supports(args[0], args[1])
        if name == "holds":
            return st.holders.get(args[1]) == args[0]
        if name == "holder":
            return st.holders.get(args[0], "")
        if name == "moved":
            m = st.moves.get(args[0])
            return m is not None and m.kind == args[1]
        if name == "count":
            return sum(1 for m in st.moves.values() if m.kind == args[0])
        if name == "fired":
            return st.fired[args[0]]
        if name == "committed":
            com = st.commitments.get(args[0])
            return com.done if com else 0
        if name == "reneged":
            com = st.commitments.get(args[0])
            return bool(com and com.reneged)
        if name == "stalled_rounds":
            return st.stalled_rounds(args[0])
        if name == "used":
            return st.used[(args[0], args[1])]
        if name == "on_table":
            return st.on_table()
        if name == "attribute":
            opt = st.c.options.get(self.move.option or "") if self.move else None
            return opt.attributes.get(args[0], 0.0) if opt else 0.0
        raise KeyError(name)  # pragma: no cover

    def party(self, value: Any) -> Any:
        if value == "mover" and self.move:
            return self.move.party
        if value == "target" and self.move:
            return self.move.target or ""
        return value
