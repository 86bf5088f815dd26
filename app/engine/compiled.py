"""A scenario prepared for play: indexes and compiled conditions, built once.

The engine never re-parses an expression during a session; a dry run of
thousands of sessions shares one `Compiled` scenario.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from app.scenario import expressions as ex
from app.scenario.model import Dimension, Issue, Option, Party, Phase, Preset, Scenario
from app.scenario.references import collect
from app.scenario.vocabulary import MoveKind, may_use, move_kinds


@dataclass(frozen=True)
class Compiled:
    scenario: Scenario
    names: ex.Names
    parties: dict[str, Party]
    issues: dict[str, Issue]
    dimensions: dict[str, Dimension]
    options: dict[str, Option]
    option_dimension: dict[str, str]  # option id -> dimension id
    dimension_issue: dict[str, str]  # dimension id -> issue id
    moves: dict[str, MoveKind]
    figure_keys: tuple[str, ...]  # every figure value, in a fixed order
    figure_range: dict[str, tuple[float, float]]  # figure id -> range
    figure_visibility: dict[str, str]
    conditions: dict[str, ex.Compiled] = field(default_factory=dict)  # expression text -> closure

    def condition(self, text: str) -> ex.Compiled:
        fn = self.conditions.get(text)
        if fn is None:
            fn = ex.compile_text(text, self.names, None)
            self.conditions[text] = fn
        return fn

    def rules_for(self, on: str, kind: str | None) -> list[tuple[Any, ex.Compiled]]:
        """The rules that may fire `on` a move of `kind` (or a round, agreement, stage),
        in scenario order, with their compiled conditions. A rule whose condition says
        `move.kind == X` (or `in [...]`) is only tried for those kinds."""
        key = (on, kind)
        found = self._rule_index.get(key)
        if found is None:
            found = []
            for rule in self.scenario.rules:
                if rule.on != on:
                    continue
                kinds = ex.field_values(ex.parse(rule.when), "move.kind") if on == "move" else None
                if kinds is None or kind in kinds:
                    found.append((rule, self.condition(rule.when)))
            self._rule_index[key] = found
        return found

    @cached_property
    def _rule_index(self) -> dict[tuple[str, str | None], list[tuple[Any, ex.Compiled]]]:
        return {}

    @cached_property
    def named(self) -> dict[str, str]:
        """The display name of every named id (issues, options, assets, events, ...)."""
        scn = self.scenario
        out = {i.id: i.name for i in scn.issues}
        out |= {d.id: d.name for d in self.dimensions.values()}
        out |= {o.id: o.name for o in self.options.values()}
        out |= {a.id: a.name for a in scn.assets} | {e.id: e.name for e in scn.events}
        out |= {f.id: f.name or f.id for f in scn.figures}
        return out

    @cached_property
    def issue_dimensions(self) -> dict[str, tuple[str, ...]]:
        """Each issue's decision ids, in order (a plain issue is one, named like it)."""
        out: dict[str, list[str]] = {i: [] for i in self.issues}
        for dim, issue in self.dimension_issue.items():
            out[issue].append(dim)
        return {i: tuple(d) for i, d in out.items()}

    @cached_property
    def key_range(self) -> dict[str, tuple[float, float]]:
        """Every figure key's range (read on every change, so looked up once)."""
        return {k: self.figure_range[k.partition(".")[0]] for k in self.figure_keys}

    @cached_property
    def key_visibility(self) -> dict[str, str]:
        """Who sees each figure key: public, facilitator, or the owning party."""
        out = {}
        for k in self.figure_keys:
            fid, parts = ex.figure_key_parts(k)
            vis = self.figure_visibility.get(fid, "public")
            out[k] = (parts[0] if parts else "facilitator") if vis == "owner" else vis
        return out

    @cached_property
    def party_order(self) -> tuple[str, ...]:
        return tuple(self.parties)

    @cached_property
    def delegations(self) -> tuple[str, ...]:
        return tuple(p.id for p in self.scenario.parties if p.kind == "delegation")

    def required(self, issue_id: str) -> tuple[str, ...]:
        issue = self.issues[issue_id]
        return tuple(issue.required) or self.delegations

    def may_use(self, party: str, kind: str) -> bool:
        mk = self.moves.get(kind)
        return mk is not None and may_use(self.scenario, mk, party)

    def needed(self, option_id: str) -> frozenset[str]:
        """Who must accept an option: its issue's required parties and any whose consent
        it needs (asked of everyone in the top-level credibility; in an `any` alternative,
        only when that alternative is the one that holds)."""
        found = self._needed.get(option_id)
        if found is None:
            opt = self.options[option_id]
            issue = self.dimension_issue[self.option_dimension[option_id]]
            consent = opt.credibility.consent if opt.credibility else ()
            found = self._needed[option_id] = frozenset((*self.required(issue), *consent))
        return found

    @cached_property
    def _needed(self) -> dict[str, frozenset[str]]:
        return {}

    @cached_property
    def bot_cache(self) -> dict[tuple[str, str], Any]:
        """What bots work out once per scenario (e.g. which options ask a party for what)."""
        return {}

    def alias(self, party: str, kind: str) -> str | None:
        """The move `party` makes for the built-in `kind`: the kind itself if it may use it,
        else the first of the scenario's own moves that behaves `like` it (None: neither)."""
        key = (party, kind)
        if key not in self._aliases:
            found = kind if self.may_use(party, kind) else None
            if found is None:
                found = next(
                    (
                        m.id
                        for m in self.moves.values()
                        if m.like == kind and self.may_use(party, m.id)
                    ),
                    None,
                )
            self._aliases[key] = found
        return self._aliases[key]

    @cached_property
    def _aliases(self) -> dict[tuple[str, str], str | None]:
        return {}

    def preset(self, preset_id: str | None) -> Preset:
        timing = self.scenario.timing
        wanted = preset_id or timing.default
        for p in timing.presets:
            if p.id == wanted:
                return p
        if wanted:
            raise KeyError(wanted)
        return Preset(
            id="default",
            name="Default",
            phases=[
                Phase(kind="briefing", minutes=15),
                Phase(kind="preparation", minutes=20),
                Phase(kind="rounds"),
                Phase(kind="package"),
                Phase(kind="implementation", stages=3),
                Phase(kind="debrief", minutes=30),
            ],
        )


def compile_scenario(scn: Scenario) -> Compiled:
    symbols, _ = collect(scn)
    parties = {p.id: p for p in scn.parties}
    issues = {i.id: i for i in scn.issues}
    dims: dict[str, Dimension] = {}
    options: dict[str, Option] = {}
    opt_dim: dict[str, str] = {}
    dim_issue: dict[str, str] = {}
    for issue in scn.issues:
        for dim in issue.all_dimensions():
            dims[dim.id] = dim
            dim_issue[dim.id] = issue.id
            for opt in dim.options:
                options[opt.id] = opt
                opt_dim[opt.id] = dim.id
    declared = {f.id: f for f in scn.figures}
    all_parties = list(parties)
    keys: list[str] = []
    ranges: dict[str, tuple[float, float]] = {}
    visibility: dict[str, str] = {}
    for fid, scope in symbols.names.figures.items():
        f = declared.get(fid)
        members = list(f.parties) if f and f.parties is not None else all_parties
        ranges[fid] = (float(f.range[0]), float(f.range[1])) if f else (0.0, 100.0)
        visibility[fid] = f.visibility if f else "public"
        if scope == "global":
            keys.append(fid)
        elif scope == "party":
            keys += [f"{fid}.{p}" for p in members]
        else:
            keys += [f"{fid}.{a}>{b}" for a, b in itertools.permutations(members, 2)]
    return Compiled(
        scenario=scn,
        names=symbols.names,
        parties=parties,
        issues=issues,
        dimensions=dims,
        options=options,
        option_dimension=opt_dim,
        dimension_issue=dim_issue,
        moves=move_kinds(scn),
        figure_keys=tuple(keys),
        figure_range=ranges,
        figure_visibility=visibility,
    )


def start_value(c: Compiled, key: str) -> float:
    fid, parts = ex.figure_key_parts(key)
    f = next((x for x in c.scenario.figures if x.id == fid), None)
    if f is None:
        return 50.0 if fid == "trust" else 0.0
    if isinstance(f.start, dict):
        specific = ">".join(parts) if parts else ""
        return float(
            f.start.get(specific, f.start.get("default", 50.0 if fid != "leverage" else 0))
        )
    return float(f.start)
