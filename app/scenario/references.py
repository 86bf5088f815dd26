"""Cross-reference checks: every id used exists, every expression makes sense.

Runs on a scenario that passed the structural (pydantic) check and reports
`Problem`s by their path in the document; `app.scenario.validate` turns the
paths into file lines.
"""

from __future__ import annotations

import json
import string
from dataclasses import dataclass

from app.scenario import expressions as ex
from app.scenario.model import RESERVED, Effect, Scenario
from app.scenario.vocabulary import BUILTIN

Path = tuple[str | int, ...]
BUILTIN_FIGURES = {"trust": "pair", "leverage": "party"}
PLACEHOLDER_WORDS = {"mover", "target", "option", "issue", "round"}


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    code: str
    message: str
    hint: str = ""
    severity: str = "error"
    col: int | None = None  # a column inside an expression string, 1-based
    expr_line: int = 1  # the line inside a condition written over several lines
    key: bool = False  # point at the key rather than the value


@dataclass(frozen=True)
class Symbols:
    """Every id a scenario declares, with its kind and where it is declared."""

    kinds: dict[str, str]
    where: dict[str, Path]
    names: ex.Names
    parties: dict[str, str]  # id -> party kind


def collect(scn: Scenario) -> tuple[Symbols, list[Problem]]:
    problems: list[Problem] = []
    kinds: dict[str, str] = {}
    where: dict[str, Path] = {}

    def declare(ident: str, kind: str, path: Path) -> None:
        if ident.lower() in RESERVED:
            problems.append(
                Problem(
                    (*path, "id"),
                    "id-reserved",
                    f"`{ident}` is a reserved word and cannot be an id",
                    "choose another id, e.g. add a prefix",
                )
            )
            return
        if ident in BUILTIN and kind != "move":
            problems.append(
                Problem(
                    (*path, "id"),
                    "id-reserved",
                    f"`{ident}` is the name of a built-in move",
                    "choose another id",
                )
            )
            return
        if ident in kinds:
            first = where[ident]
            problems.append(
                Problem(
                    (*path, "id"),
                    "id-duplicate",
                    f"the id `{ident}` is already used by "
                    f"{ex.article(kinds[ident])} {_path_text((*first, 'id') if first else ())}",
                    "ids are unique across the whole scenario: rename one of them",
                )
            )
            return
        kinds[ident] = kind
        where[ident] = path

    for kind in BUILTIN:
        kinds[kind] = "move"
        where[kind] = ()
    for i, p in enumerate(scn.parties):
        declare(p.id, "party", ("parties", i))
    figures = dict(BUILTIN_FIGURES)
    figure_parties: dict[str, frozenset[str]] = {}
    for i, f in enumerate(scn.figures):
        path = ("figures", i)
        if f.id in BUILTIN_FIGURES:
            if f.scope != BUILTIN_FIGURES[f.id]:
                problems.append(
                    Problem(
                        (*path, "scope"),
                        "figure-scope",
                        f"the built-in figure `{f.id}` has scope `{BUILTIN_FIGURES[f.id]}`",
                        f"write `scope: {BUILTIN_FIGURES[f.id]}`",
                    )
                )
            if f.id in where:
                declare(f.id, "figure", path)
            else:
                where[f.id] = path
                kinds[f.id] = "figure"
        else:
            declare(f.id, "figure", path)
            figures[f.id] = f.scope
        if f.parties is not None:
            figure_parties[f.id] = frozenset(f.parties)
    for name in BUILTIN_FIGURES:
        kinds.setdefault(name, "figure")
    for i, a in enumerate(scn.assets):
        declare(a.id, "asset", ("assets", i))
    for i, issue in enumerate(scn.issues):
        ipath: Path = ("issues", i)
        declare(issue.id, "issue", ipath)
        if issue.dimensions:
            for j, dim in enumerate(issue.dimensions):
                declare(dim.id, "dimension", (*ipath, "dimensions", j))
                for k, opt in enumerate(dim.options):
                    _declare_option(declare, opt, (*ipath, "dimensions", j, "options", k))
        else:
            for k, opt in enumerate(issue.options):
                _declare_option(declare, opt, (*ipath, "options", k))
    for i, m in enumerate(scn.moves.add):
        declare(m.id, "move", ("moves", "add", i))
    for i, r in enumerate(scn.rules):
        declare(r.id, "rule", ("rules", i))
    for i, e in enumerate(scn.events):
        declare(e.id, "event", ("events", i))
    for i, pr in enumerate(scn.timing.presets):
        declare(pr.id, "preset", ("timing", "presets", i))
    attributes = _attributes(scn, kinds, figures, problems)
    names = ex.Names(
        ids={k: v for k, v in kinds.items() if v != "figure"},
        figures=figures,
        figure_parties=figure_parties,
        attributes=attributes,
    )
    parties = {p.id: p.kind for p in scn.parties}
    return Symbols(kinds, where, names, parties), problems


def _attributes(
    scn: Scenario, kinds: dict[str, str], figures: dict[str, str], problems: list[Problem]
) -> frozenset[str]:
    """The option attribute names (`wage`); each must not clash with an id or a word."""
    found: dict[str, None] = {}
    for i, issue in enumerate(scn.issues):
        for j, dim in enumerate(issue.all_dimensions()):
            for k, opt in enumerate(dim.options):
                for name in opt.attributes:
                    if name in found:
                        continue
                    clash = (
                        name in kinds
                        or name in figures
                        or name in ex.VARIABLES
                        or name.lower() in RESERVED
                    )
                    if clash:
                        where = (
                            "issues",
                            i,
                            *(("dimensions", j) if issue.dimensions else ()),
                            "options",
                            k,
                            "attributes",
                            name,
                        )
                        problems.append(
                            Problem(
                                where,
                                "attribute-name",
                                f"the attribute name `{name}` is already an id, "
                                "a figure or a word of the language",
                                "choose another name",
                                key=True,
                            )
                        )
                        continue
                    found[name] = None
    return frozenset(found)


def _declare_option(declare, opt, path: Path) -> None:  # type: ignore[no-untyped-def]
    declare(opt.id, "option", path)
    for c, com in enumerate(opt.commitments):
        declare(com.id, "commitment", (*path, "commitments", c))


def _path_text(path: Path) -> str:
    """Where `path` is, as a placeholder that the validator replaces by its file and line."""
    return f"at {{at:{json.dumps(list(path))}}}" if path else "among the built-in moves"


class _Refs:
    def __init__(self, scn: Scenario, sym: Symbols) -> None:
        self.scn = scn
        self.sym = sym
        self.problems: list[Problem] = []

    def add(self, path: Path, code: str, message: str, hint: str = "", **kw: object) -> None:
        self.problems.append(Problem(path, code, message, hint, **kw))  # type: ignore[arg-type]

    def expect(
        self,
        ident: str,
        kinds: tuple[str, ...],
        path: Path,
        *,
        key: bool = False,
        extra: tuple[str, ...] = (),
    ) -> bool:
        if ident in extra:
            return True
        got = self.sym.kinds.get(ident)
        if got in kinds:
            return True
        want = " or ".join(kinds)
        if got is not None:
            self.add(
                path,
                "ref-kind",
                f"`{ident}` is {ex.article(got)}, but {ex.article(want)} is needed here",
                key=key,
            )
            return False
        pool = [i for i, k in self.sym.kinds.items() if k in kinds] + list(extra)
        self.add(
            path,
            "ref-unknown",
            f"unknown {want} `{ident}`",
            self.sym.names.suggest(ident, pool)
            or f"declare it, or use one of: {', '.join(sorted(pool)[:8])}",
            key=key,
        )
        return False

    def parties(self, ids: list[str], path: Path, *, relative: bool = False) -> None:
        extra = ("mover", "target") if relative else ()
        for n, pid in enumerate(ids):
            self.expect(pid, ("party",), (*path, n), extra=extra)

    def expression(self, text: str, path: Path, want: str | None = ex.BOOL) -> None:
        try:
            ex.check(ex.parse(text), self.sym.names, want)
        except ex.ExprError as err:
            self.add(path, err.code, err.message, err.hint, col=err.col, expr_line=err.line)

    def visibility(self, value: str, path: Path) -> None:
        if value in ("public", "facilitator", "mover", "target"):
            return
        if self.sym.kinds.get(value) == "party":
            return
        self.add(
            path,
            "visibility",
            f"unknown visibility `{value}`",
            "use public, facilitator, mover, target or a party id",
        )

    def narrative(self, text: str, path: Path) -> None:
        try:
            fields = [f for _, f, _, _ in string.Formatter().parse(text) if f is not None]
        except ValueError as err:
            self.add(
                path,
                "narrative",
                f"broken placeholder in the text: {err}",
                "write `{{` and `}}` for literal braces",
            )
            return
        for f in fields:
            if not f:
                self.add(
                    path,
                    "narrative",
                    "an empty `{}` placeholder",
                    "name what to insert, e.g. {mover} or {support.ua}",
                )
                continue
            head = f.partition(".")[0]
            if f in PLACEHOLDER_WORDS - {"event"} or (
                "." not in f and self.sym.kinds.get(f) not in (None, "figure", "move")
            ):
                continue
            if head in self.sym.names.figures:
                reason = ex.check_figure_key(f, self.sym.names)
                if reason is None:
                    continue
                self.add(path, "narrative", f"placeholder {{{f}}}: {reason}")
                continue
            pool = [*PLACEHOLDER_WORDS, *self.sym.names.figures]
            self.add(
                path,
                "narrative",
                f"unknown placeholder {{{f}}}",
                self.sym.names.suggest(f, pool)
                or "use {mover}, {target}, {option}, {issue}, {round}, a party id or a figure key",
            )

    def effects(self, effects: list[Effect], path: Path) -> None:
        for n, eff in enumerate(effects):
            epath = (*path, n)
            for action in ("add", "set"):
                changes = getattr(eff, action)
                for key, amount in (changes or {}).items():
                    reason = ex.check_figure_key(key, self.sym.names, allow_others=True)
                    if reason:
                        self.add((*epath, action, key), "effect-figure", reason, key=True)
                    if isinstance(amount, str):
                        self.expression(amount, (*epath, action, key), ex.NUM)
            for asset, to in (eff.transfer or {}).items():
                self.expect(asset, ("asset",), (*epath, "transfer", asset), key=True)
                self.expect(to, ("party",), (*epath, "transfer", asset), extra=("mover", "target"))
            for issue in eff.status or {}:
                self.expect(issue, ("issue",), (*epath, "status", issue), key=True)
            if eff.trigger:
                self.expect(eff.trigger, ("event",), (*epath, "trigger"))
            for issue in eff.reopen or {}:
                self.expect(issue, ("issue",), (*epath, "reopen", issue), key=True)
            if eff.prioritise:
                self.expect(eff.prioritise, ("issue",), (*epath, "prioritise"))
            if eff.narrative:
                self.narrative(eff.narrative, (*epath, "narrative"))
            self.visibility(eff.visibility, (*epath, "visibility"))


def check(scn: Scenario) -> list[Problem]:
    """Every reference problem in a structurally valid scenario."""
    sym, problems = collect(scn)
    r = _Refs(scn, sym)
    r.problems.extend(problems)
    _check_parties(scn, r)
    _check_figures(scn, r)
    for i, a in enumerate(scn.assets):
        r.expect(a.holder, ("party",), ("assets", i, "holder"))
    _check_issues(scn, r)
    _check_moves(scn, r)
    for i, rule in enumerate(scn.rules):
        path: Path = ("rules", i)
        r.expression(rule.when, (*path, "when"))
        r.effects(rule.then, (*path, "then"))
        r.narrative(rule.narrative, (*path, "narrative"))
        r.visibility(rule.visibility, (*path, "visibility"))
    for i, ev in enumerate(scn.events):
        path = ("events", i)
        if ev.at and ev.at.issue:
            r.expect(ev.at.issue, ("issue",), (*path, "at", "issue"))
        if ev.when:
            r.expression(ev.when, (*path, "when"))
        r.effects(ev.effects, (*path, "effects"))
        r.narrative(ev.text, (*path, "text"))
        r.visibility(ev.visibility, (*path, "visibility"))
    _check_timing(scn, r)
    for i, rat in enumerate(scn.outcome.ratification):
        r.expect(rat.party, ("party",), ("outcome", "ratification", i, "party"))
        r.expression(rat.when, ("outcome", "ratification", i, "when"))
        if isinstance(rat.min_value, str):
            r.expression(rat.min_value, ("outcome", "ratification", i, "min_value"), ex.NUM)
    return r.problems


def _check_parties(scn: Scenario, r: _Refs) -> None:
    if not any(p.kind == "delegation" for p in scn.parties):
        r.add(
            ("parties",),
            "party-none",
            "a scenario needs at least one delegation",
            "set `kind: delegation` on the parties that negotiate",
        )
    for i, p in enumerate(scn.parties):
        for issue in p.priorities:
            r.expect(issue, ("issue",), ("parties", i, "priorities", issue), key=True)
        if isinstance(p.batna.adjust, str):
            r.expression(p.batna.adjust, ("parties", i, "batna", "adjust"), ex.NUM)
        for move in p.bot.moves if p.bot else {}:
            r.expect(move, ("move",), ("parties", i, "bot", "moves", move), key=True)


def _check_figures(scn: Scenario, r: _Refs) -> None:
    for i, f in enumerate(scn.figures):
        path: Path = ("figures", i)
        if f.parties is not None:
            r.parties(f.parties, (*path, "parties"))
        lo, hi = f.range
        starts = f.start.items() if isinstance(f.start, dict) else [("", f.start)]
        for key, value in starts:
            vpath = (*path, "start", key) if key else (*path, "start")
            if key and key != "default":
                expected = {"global": 0, "party": 1, "pair": 2}[f.scope]
                parts = tuple(key.split(">")) if ">" in key else (key,)
                if f.scope == "global" or len(parts) != expected:
                    shape = "PARTY" if f.scope == "party" else "FROM>TO"
                    r.add(
                        vpath,
                        "figure-start",
                        f"`{key}` does not fit a {f.scope} figure",
                        f"key a start by `default` or `{shape}`"
                        if f.scope != "global"
                        else "a scenario-wide figure takes a single number",
                        key=True,
                    )
                else:
                    for part in parts:
                        r.expect(part, ("party",), vpath, key=True)
            if not lo <= value <= hi:
                r.add(
                    vpath,
                    "figure-range",
                    f"start {value:g} is outside the range [{lo:g}, {hi:g}]",
                    "move the start inside the range or widen it",
                )


def _check_issues(scn: Scenario, r: _Refs) -> None:
    for i, issue in enumerate(scn.issues):
        ipath: Path = ("issues", i)
        r.parties(issue.required, (*ipath, "required"))
        groups = [
            (d.options, (*ipath, "dimensions", j, "options"))
            for j, d in enumerate(issue.dimensions)
        ] or [(issue.options, (*ipath, "options"))]
        for options, opath in groups:
            for k, opt in enumerate(options):
                _check_option(opt, (*opath, k), r)


def _check_option(opt, path: Path, r: _Refs) -> None:  # type: ignore[no-untyped-def]
    for party, value in opt.values.items():
        r.expect(party, ("party",), (*path, "values", party), key=True)
        if not 0 <= value <= 100:
            r.add(
                (*path, "values", party),
                "value-range",
                f"value {value:g} is outside 0-100",
                "values run from 0 (worst) to 100 (best)",
            )
    r.parties(opt.red_lines, (*path, "red_lines"))
    if opt.credibility:
        _check_credibility(opt.credibility, (*path, "credibility"), r)
    for c, com in enumerate(opt.commitments):
        cpath = (*path, "commitments", c)
        r.expect(com.party, ("party",), (*cpath, "party"))
        if com.after:
            r.expect(com.after, ("commitment",), (*cpath, "after"))
        for n, v in enumerate(com.verified_by):
            r.expect(v, ("issue", "dimension", "option"), (*cpath, "verified_by", n))
        for asset, to in com.transfers.items():
            r.expect(asset, ("asset",), (*cpath, "transfers", asset), key=True)
            r.expect(to, ("party",), (*cpath, "transfers", asset))
    r.effects(opt.effects, (*path, "effects"))


def _check_credibility(cred, cpath: Path, r: _Refs) -> None:  # type: ignore[no-untyped-def]
    r.parties(cred.guarantors, (*cpath, "guarantors"))
    r.parties(cred.consent, (*cpath, "consent"))
    for n, req in enumerate(cred.requires):
        r.expect(req, ("issue", "dimension", "option"), (*cpath, "requires", n))
    if cred.when:
        r.expression(cred.when, (*cpath, "when"))
    if cred.min_trust is not None and not 0 <= cred.min_trust <= 100:
        r.add(
            (*cpath, "min_trust"),
            "value-range",
            f"`min_trust` is a level of trust, from 0 to 100, not {cred.min_trust:g}",
        )
    for n, alt in enumerate(cred.any):
        _check_credibility(alt, (*cpath, "any", n), r)


def _check_moves(scn: Scenario, r: _Refs) -> None:
    spec = scn.moves
    for n, kind in enumerate(spec.allow or []):
        r.expect(kind, ("move",), ("moves", "allow", n))
    for kind in spec.labels:
        r.expect(kind, ("move",), ("moves", "labels", kind), key=True)
    for kind, who in spec.who.items():
        r.expect(kind, ("move",), ("moves", "who", kind), key=True)
        r.parties(who, ("moves", "who", kind))
    for n, m in enumerate(spec.add):
        if m.like is not None and m.like not in BUILTIN:
            r.add(
                ("moves", "add", n, "like"),
                "ref-unknown",
                f"`{m.like}` is not a built-in move",
                r.sym.names.suggest(m.like, list(BUILTIN)),
            )
        r.parties(m.who, ("moves", "add", n, "who"))
        for k, param in enumerate(m.required):
            if param not in m.params:
                r.add(
                    ("moves", "add", n, "required", k),
                    "move-required",
                    f"the move `{m.id}` requires `{param}` but does not take it",
                    f"add `{param}` to its `params`",
                )


def _check_timing(scn: Scenario, r: _Refs) -> None:
    t = scn.timing
    if t.default is not None:
        r.expect(t.default, ("preset",), ("timing", "default"))
    for i, preset in enumerate(t.presets):
        kinds = [ph.kind for ph in preset.phases]
        if "rounds" not in kinds and "package" not in kinds:
            r.add(
                ("timing", "presets", i, "phases"),
                "timing-no-rounds",
                f"the preset `{preset.id}` has no `rounds` or `package` phase",
                "add `- kind: rounds` so the delegations get to negotiate",
            )
        for j, ph in enumerate(preset.phases):
            for n, issue in enumerate(ph.issues or []):
                r.expect(issue, ("issue",), ("timing", "presets", i, "phases", j, "issues", n))
