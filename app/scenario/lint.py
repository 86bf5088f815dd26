"""Lint: what validates but cannot work, or will puzzle the people playing it.

Errors (exit 1): an issue with no zone of possible agreement that is not
marked as such, a rule that can never fire, an event that can never happen.
Warnings: an option no party values above its BATNA, a figure nothing
changes, an asset nothing transfers, a party without a confidential brief,
an option without debrief notes, ids that differ only by case, an issue no
preset puts on the agenda, a one-round all-or-nothing package round (bots
table a package in one round and accept it in the next, so they never close
one there), an option no bot can make credible (its guarantors may not
guarantee, its consent cannot be given, its trust is out of reach or its
condition never holds).

"Can never fire" is decided by reading each condition over ranges: figures
span their declared range, `move.kind` the moves the scenario allows,
`move.party` the parties that may make them (and a kind together with a
party only when that party may make that move).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

from app.diagnostics import Diagnostic
from app.scenario import expressions as ex
from app.scenario.model import Effect, Scenario
from app.scenario.references import collect
from app.scenario.validate import Loaded
from app.scenario.vocabulary import may_use, move_kinds

Path = tuple[str | int, ...]


def lint(loaded: Loaded) -> list[Diagnostic]:
    """Lint a scenario that validated; returns lint findings only."""
    assert loaded.scenario is not None, "lint runs on a valid scenario"
    return _Linter(loaded).run()


@dataclass(frozen=True)
class _Range:
    """What a sub-expression can be: a number interval, a set of ids, or a set of truths."""

    lo: float = float("-inf")
    hi: float = float("inf")
    ids: frozenset[str] | None = None  # None: any id
    truths: frozenset[bool] = frozenset({True, False})


_ANY = _Range()


class _Linter:
    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.scn: Scenario = loaded.scenario  # type: ignore[assignment]
        self.symbols, _ = collect(self.scn)
        self.out: list[Diagnostic] = []
        self.kinds = move_kinds(self.scn)
        self.ranges = {f.id: f.range for f in self.scn.figures}

    def report(
        self,
        path: Path,
        severity: str,
        code: str,
        message: str,
        hint: str = "",
        *,
        key: bool = False,
    ) -> None:
        self.out.append(self.loaded.diag(path, severity, code, message, hint, key=key))

    def run(self) -> list[Diagnostic]:
        self.agreement_zone()
        self.options_vs_batna()
        self.rules_that_never_fire()
        self.events_that_never_happen()
        self.figures_nothing_changes()
        self.assets_nothing_transfers()
        self.briefs_and_notes()
        self.case_only_ids()
        self.issues_off_agenda()
        self.one_round_packages()
        self.options_never_credible()
        return self.out

    # --- what bots cannot do ----------------------------------------------------

    def one_round_packages(self) -> None:
        for i, pr in enumerate(self.scn.timing.presets):
            for j, ph in enumerate(pr.phases):
                if ph.kind != "package" or not ph.all_or_nothing or (ph.rounds_per_issue or 1) > 1:
                    continue
                self.report(
                    ("timing", "presets", i, "phases", j),
                    "warning",
                    "package-one-round",
                    f"the preset `{pr.id}` has a single all-or-nothing package round: "
                    "a package is tabled in one round and accepted in the next, so bots "
                    "can never close one there and every open issue falls",
                    "give it `rounds_per_issue: 2` or `all_or_nothing: false`",
                )

    def options_never_credible(self) -> None:
        for path, opt in self.options():
            if opt.credibility is None or opt.expected_infeasible:
                continue
            why = self.never_credible(opt.credibility)
            if why:
                self.report(
                    (*path, "credibility"),
                    "warning",
                    "option-never-credible",
                    f"no bot can make `{opt.id}` credible: {why}",
                    "let a party that may make the move guarantee or consent, lower "
                    "`min_trust`, or mark the option `expected_infeasible`",
                    key=True,
                )

    def never_credible(self, cred: Any) -> str:
        """Why no play can satisfy this credibility ("" when some can)."""
        why = self.part_impossible(cred)
        if why or not cred.any:
            return why
        reasons = [self.never_credible(alt) for alt in cred.any]
        return (
            ""
            if not all(reasons)
            else "none of its alternatives can hold (" + "; ".join(reasons) + ")"
        )

    def part_impossible(self, cred: Any) -> str:
        parties = [p.id for p in self.scn.parties]
        if cred.guarantee:
            kind = self.kinds.get("guarantee")
            who = cred.guarantors or parties
            if kind is None or not any(may_use(self.scn, kind, p) for p in who):
                return "no party named as guarantor may make the `guarantee` move"
        accept = self.kinds.get("accept")
        for p in cred.consent:
            if accept is None or not may_use(self.scn, accept, p):
                return f"`{p}` must consent but may not make the `accept` move"
        if cred.min_trust is not None:
            top = self.ranges.get("trust", (0, 100))[1]
            if cred.min_trust > top:
                return f"it needs trust {cred.min_trust:g}, above the highest trust ({top:g})"
        if cred.when:
            never = self.never(cred.when, on_move=False)
            if never:
                return f"its condition never holds ({never})"
        return ""

    # --- agreement --------------------------------------------------------------

    def agreement_zone(self) -> None:
        for i, issue in enumerate(self.scn.issues):
            required = set(issue.required) or {
                p.id for p in self.scn.parties if p.kind == "delegation"
            }
            for dim in issue.all_dimensions():
                feasible = [
                    o
                    for o in dim.options
                    if not required & set(o.red_lines) and not o.expected_infeasible
                ]
                if feasible:
                    continue
                what = f"`{dim.name}`" if issue.dimensions else f"the issue `{issue.name}`"
                if issue.expected_deadlock:
                    self.report(
                        ("issues", i, "expected_deadlock"),
                        "info",
                        "no-zopa-expected",
                        f"{what} has no zone of possible agreement, as marked",
                    )
                else:
                    self.report(
                        ("issues", i),
                        "error",
                        "no-zopa",
                        f"{what} has no zone of possible agreement: every option is "
                        f"behind a required party's red line or marked infeasible",
                        "add an option all required parties could accept, relax a red "
                        "line, or mark the issue `expected_deadlock: {reason: ...}`",
                        key=True,
                    )

    def options_vs_batna(self) -> None:
        batna = {p.id: p.batna.value for p in self.scn.parties}
        for path, opt in self.options():
            if opt.expected_infeasible or not opt.values:
                continue
            if all(v <= batna[p] for p, v in opt.values.items() if p in batna):
                self.report(
                    (*path, "values"),
                    "warning",
                    "option-below-batna",
                    f"no party values `{opt.id}` above its BATNA, so no bot will ever accept it",
                    "raise a value, or mark it `expected_infeasible`",
                    key=True,
                )

    def options(self) -> list[tuple[Path, Any]]:
        found = []
        for i, issue in enumerate(self.scn.issues):
            if issue.dimensions:
                for j, dim in enumerate(issue.dimensions):
                    found += [
                        (("issues", i, "dimensions", j, "options", k), o)
                        for k, o in enumerate(dim.options)
                    ]
            else:
                found += [(("issues", i, "options", k), o) for k, o in enumerate(issue.options)]
        return found

    # --- rules and events -------------------------------------------------------

    def rules_that_never_fire(self) -> None:
        for i, rule in enumerate(self.scn.rules):
            why = self.never(rule.when, on_move=rule.on == "move")
            if why:
                self.report(
                    ("rules", i, "when"),
                    "error",
                    "rule-never-fires",
                    f"the rule `{rule.id}` can never fire: {why}",
                    "check the condition against the figures' ranges and the moves "
                    "each party may make",
                )

    def events_that_never_happen(self) -> None:
        triggered = {e.trigger for e in self.all_effects() if e.trigger}
        for i, ev in enumerate(self.scn.events):
            path: Path = ("events", i)
            if ev.when:
                why = self.never(ev.when, on_move=False)
                if why:
                    self.report(
                        (*path, "when"),
                        "error",
                        "event-never-happens",
                        f"the event `{ev.id}` can never happen: {why}",
                    )
                    continue
            if ev.trigger == "scheduled" and ev.at and ev.at.issue:
                rounds = self.rounds_of(ev.at.issue)
                if ev.at.round > rounds:
                    self.report(
                        (*path, "at", "round"),
                        "error",
                        "event-never-happens",
                        f"the event `{ev.id}` is set for round {ev.at.round} of "
                        f"`{ev.at.issue}`, which has at most {rounds} rounds",
                        "schedule it in an earlier round or give the issue more rounds",
                    )
            if ev.trigger == "manual" and ev.id not in triggered:
                self.report(
                    (*path, "trigger"),
                    "info",
                    "event-manual",
                    f"the event `{ev.id}` happens only when the facilitator injects it",
                )

    def rounds_of(self, issue_id: str) -> int:
        issue = next(i for i in self.scn.issues if i.id == issue_id)
        counts = [
            issue.rounds or ph.rounds_per_issue or self.scn.timing.rounds_per_issue
            for pr in self.scn.timing.presets
            for ph in pr.phases
            if ph.kind == "rounds" and (ph.issues is None or issue_id in ph.issues)
        ]
        return max(counts, default=issue.rounds or self.scn.timing.rounds_per_issue)

    def never(self, text: str, *, on_move: bool) -> str:
        """Why a condition can never hold ("" when it may)."""
        node = ex.parse(text)
        if True not in self.value(node, on_move).truths:
            return "the condition is false for every value its figures and moves can take"
        pairs = self.kind_party_pairs(node, on_move)
        if pairs is not None and not pairs:
            return "no party named here may make the move it names"
        return ""

    def kind_party_pairs(self, node: ex.Node, on_move: bool) -> list[tuple[str, str]] | None:
        """The (move kind, party) pairs that satisfy every conjunct; None if unconstrained."""
        if not on_move:
            return None
        kinds = ex.field_values(node, "move.kind")
        parties = ex.field_values(node, "move.party")
        if kinds is None and parties is None:
            return None
        kinds = kinds if kinds is not None else set(self.kinds)
        parties = parties if parties is not None else {p.id for p in self.scn.parties}
        return [
            (k, p)
            for k, p in itertools.product(sorted(kinds), sorted(parties))
            if k in self.kinds and p in self.symbols.parties and may_use(self.scn, self.kinds[k], p)
        ]

    def value(self, node: ex.Node, on_move: bool) -> _Range:
        op, args = node.op, node.args
        if op == "num":
            return _Range(args[0], args[0])
        if op == "bool":
            return _Range(truths=frozenset({args[0]}))
        if op == "str":
            return _Range(ids=frozenset({args[0]}))
        if op == "ref":
            return self.ref_range(args[0], on_move)
        if op == "neg":
            r = self.value(args[0], on_move)
            return _Range(-r.hi, -r.lo)
        if op == "not":
            return _Range(truths=frozenset(not t for t in self.value(args[0], on_move).truths))
        if op in ("and", "or"):
            parts = [self.value(a, on_move).truths for a in args]
            if op == "and":
                truths = ({True} if all(True in p for p in parts) else set()) | (
                    {False} if any(False in p for p in parts) else set()
                )
            else:
                truths = ({True} if any(True in p for p in parts) else set()) | (
                    {False} if all(False in p for p in parts) else set()
                )
            return _Range(truths=frozenset(truths))
        if op == "arith":
            return _arith(args[0], self.value(args[1], on_move), self.value(args[2], on_move))
        if op == "cmp":
            return _compare(args[0], self.value(args[1], on_move), self.value(args[2], on_move))
        if op in ("in", "not_in"):
            left = self.value(args[0], on_move)
            items = [self.value(i, on_move) for i in args[1].args]
            can = any(True in _compare("==", left, i).truths for i in items)
            res = {True, False} if can else ({True} if op == "not_in" else {False})
            return _Range(truths=frozenset(res))
        return _ANY  # calls, lists: anything

    def ref_range(self, name: str, on_move: bool) -> _Range:
        if name == "move.kind":
            return _Range(ids=frozenset(self.kinds)) if on_move else _Range(ids=frozenset())
        if name == "move.party":
            return (
                _Range(ids=frozenset(self.symbols.parties)) if on_move else _Range(ids=frozenset())
            )
        head = name.partition(".")[0]
        if head in self.symbols.names.figures:
            if head == "leverage" and head not in self.ranges:
                return _ANY
            lo, hi = self.ranges.get(head, (0, 100))
            return _Range(lo, hi)
        if name in ("round", "rounds", "stage"):
            return _Range(0, 50)
        if name == "rounds_left":
            return _Range(0, 49)
        if "." not in name and name in self.symbols.kinds:
            return _Range(ids=frozenset({name}))
        return _ANY

    # --- what nothing changes ---------------------------------------------------

    def all_effects(self) -> list[Effect]:
        effects = [e for r in self.scn.rules for e in r.then]
        effects += [e for ev in self.scn.events for e in ev.effects]
        effects += [e for _, o in self.options() for e in o.effects]
        return effects

    def figures_nothing_changes(self) -> None:
        changed = set()
        for eff in self.all_effects():
            for key in (eff.add or {}) | (eff.set or {}):
                changed.add(ex.figure_key_parts(key)[0])
        for i, f in enumerate(self.scn.figures):
            if f.id in ("trust", "leverage") or f.id in changed:
                continue
            self.report(
                ("figures", i),
                "warning",
                "figure-unchanged",
                f"nothing changes the figure `{f.id}`: it stays at its start",
                "add a rule or event effect such as `add: {" + f.id + "...: 5}`",
                key=True,
            )

    def assets_nothing_transfers(self) -> None:
        moved = {a for e in self.all_effects() for a in (e.transfer or {})}
        moved |= {a for _, o in self.options() for c in o.commitments for a in c.transfers}
        for i, asset in enumerate(self.scn.assets):
            if asset.id not in moved:
                self.report(
                    ("assets", i),
                    "warning",
                    "asset-never-transfers",
                    f"nothing transfers the asset `{asset.id}`: it stays with "
                    f"`{asset.holder}` whatever happens",
                    "transfer it in an effect or a commitment (`transfers:`)",
                    key=True,
                )

    # --- texts and ids ----------------------------------------------------------

    def briefs_and_notes(self) -> None:
        for i, p in enumerate(self.scn.parties):
            if p.brief.confidential.is_empty():
                self.report(
                    ("parties", i),
                    "warning",
                    "brief-missing",
                    f"the party `{p.id}` has no confidential brief",
                    "add brief.confidential with position, assessment, interests, "
                    "fears and instructions",
                    key=True,
                )
        for path, opt in self.options():
            if not opt.debrief.strip():
                self.report(
                    path,
                    "warning",
                    "debrief-missing",
                    f"the option `{opt.id}` has no debrief note",
                    "add `debrief:` saying what choosing it teaches",
                    key=True,
                )

    def case_only_ids(self) -> None:
        seen: dict[str, str] = {}
        for ident, path in self.symbols.where.items():
            if not path:
                continue
            other = seen.setdefault(ident.lower(), ident)
            if other != ident:
                self.report(
                    (*path, "id"),
                    "warning",
                    "id-case",
                    f"the ids `{other}` and `{ident}` differ only by case (`{other}` at "
                    f"{self.loaded.where((*self.symbols.where[other], 'id'))})",
                    "rename one: people reading the scenario will mix them up",
                )

    def issues_off_agenda(self) -> None:
        presets = self.scn.timing.presets
        if not presets:
            return
        on = set()
        for pr in presets:
            for ph in pr.phases:
                if ph.kind in ("rounds", "package"):
                    on |= (
                        set(ph.issues) if ph.issues is not None else {i.id for i in self.scn.issues}
                    )
        for i, issue in enumerate(self.scn.issues):
            if issue.id not in on:
                self.report(
                    ("issues", i),
                    "warning",
                    "issue-off-agenda",
                    f"no timing preset puts the issue `{issue.id}` on the agenda",
                    "list it in a `rounds` phase's `issues:`",
                    key=True,
                )


def _arith(op: str, a: _Range, b: _Range) -> _Range:
    if op == "+":
        return _Range(a.lo + b.lo, a.hi + b.hi)
    if op == "-":
        return _Range(a.lo - b.hi, a.hi - b.lo)
    if op == "*":
        corners = [
            x * y
            for x in (a.lo, a.hi)
            for y in (b.lo, b.hi)
            if not (x == 0 and abs(y) == float("inf") or y == 0 and abs(x) == float("inf"))
        ]
        return _Range(min(corners, default=0), max(corners, default=0))
    return _ANY  # division: do not guess


def _compare(op: str, a: _Range, b: _Range) -> _Range:
    truths: set[bool] = set()
    if a.ids is not None or b.ids is not None:
        if a.ids is not None and b.ids is not None:
            overlap = bool(a.ids & b.ids)
            single = len(a.ids) == 1 and a.ids == b.ids
            eq = ({True} if overlap else set()) | (set() if single else {False})
        else:
            eq = {True, False}
        if op == "==":
            truths = eq
        elif op == "!=":
            truths = {not t for t in eq}
        else:
            truths = {True, False}
        return _Range(truths=frozenset(truths))
    if a.truths != _ANY.truths or b.truths != _ANY.truths:
        return _Range()
    checks = {
        "<": (a.lo < b.hi, a.hi >= b.lo),
        "<=": (a.lo <= b.hi, a.hi > b.lo),
        ">": (a.hi > b.lo, a.lo <= b.hi),
        ">=": (a.hi >= b.lo, a.lo < b.hi),
        "==": (a.lo <= b.hi and b.lo <= a.hi, not (a.lo == a.hi == b.lo == b.hi)),
        "!=": (not (a.lo == a.hi == b.lo == b.hi), a.lo <= b.hi and b.lo <= a.hi),
    }
    can_true, can_false = checks[op]
    truths = ({True} if can_true else set()) | ({False} if can_false else set())
    return _Range(truths=frozenset(truths))
