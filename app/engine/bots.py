"""Bot policies: a move for a party nobody plays, from what that party knows.

Time-based concession (as in the negotiation-agents literature): a bot's
aspiration falls from its best option (of those not expected infeasible) towards its
reserve (its BATNA as it stands now, with the scenario's `adjust`) as the rounds on an
issue run out,
`a(t) = r + (best - r) * (1 - t ** (1 / e))`.
A hard-liner (e < 1, "Boulware") holds out and concedes late; a conciliator
(e > 1) concedes early; a reciprocator mirrors what the others did to it last
round. Trust, leverage and credibility shift the aspiration: a bot asks more
of a side it distrusts and when it holds the stronger hand, and discounts
options that would not be believed. Bots read only their own party's values,
but the whole table: a package is weighed with its partners (relief offsets
withdrawal), an offer conditional on an option adds to that option's worth,
and a guarantee that makes an option credible lifts its discount. Besides
bargaining, a bot plays the moves its spec lists (`moves: {statement: 0.2}`)
in that share of rounds. `scenarios/FORMAT.md` ("How bots decide") says it all.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from app.engine.agreements import credibility_parts, credible, credible_to, needed
from app.engine.compiled import Compiled
from app.engine.outcome import no_deal
from app.engine.state import Move, State
from app.scenario.model import BotSpec, Option, Party

POLICIES = ("hardliner", "conciliator", "reciprocator", "mediator", "observer")


@dataclass(frozen=True, slots=True)
class Params:
    concession: float
    reciprocity: float
    pressure: float
    noise: float
    reserve: float | None = None
    moves: tuple[tuple[str, float], ...] = ()  # other moves and the share of rounds for each


DEFAULTS = {
    "hardliner": Params(concession=0.35, reciprocity=0.4, pressure=0.3, noise=0.05),
    "conciliator": Params(concession=2.5, reciprocity=0.4, pressure=0.03, noise=0.05),
    "reciprocator": Params(concession=1.0, reciprocity=1.0, pressure=0.1, noise=0.05),
    "mediator": Params(concession=1.0, reciprocity=0.0, pressure=0.0, noise=0.05),
    "observer": Params(concession=1.0, reciprocity=0.0, pressure=0.0, noise=0.0),
}

_FRIENDLY = {"concede", "accept", "face_saving", "guarantee", "incentive"}
_HOSTILE = {"pressure", "reject", "walk_out"}


def params_for(spec: BotSpec) -> Params:
    base = DEFAULTS[spec.policy]
    return Params(
        concession=spec.concession if spec.concession is not None else base.concession,
        reciprocity=spec.reciprocity if spec.reciprocity is not None else base.reciprocity,
        pressure=spec.pressure if spec.pressure is not None else base.pressure,
        noise=spec.noise if spec.noise is not None else base.noise,
        reserve=spec.reserve,
        moves=tuple(spec.moves.items()),
    )


def own_policy(p: Party) -> BotSpec:
    """The bot a party gets when seated as plain `bot`: the scenario's own, or by its kind
    (a delegation reciprocates, a mediator mediates, an outside party observes)."""
    if p.bot is not None:
        return p.bot
    return BotSpec(
        policy={"delegation": "reciprocator", "mediator": "mediator"}.get(p.kind, "observer")
    )


def decide(
    st: State, party: str, spec: BotSpec, rng: random.Random, *, offers: bool = True
) -> Move:
    """One move for `party` this round. Always draws the same number of randoms. With
    `offers=False` (a party seated as a plain `bot:observer`) an outside party only answers
    what is asked of it and puts nothing of its own on the table."""
    roll, pick = rng.random(), rng.random()
    params = params_for(spec)
    bot = _Bot(st, party, params, roll, pick)
    if spec.policy == "mediator":
        return bot.mediate()
    if spec.policy == "observer" or st.c.parties[party].kind == "outside":
        return bot.observe(offers=offers)
    return bot.negotiate()


def asked_of(c: Compiled, party: str) -> tuple[tuple[str, bool, bool], ...]:
    """The options whose credibility (or any alternative of it) asks `party` for a guarantee
    or its consent, in scenario order: (option, as guarantor, as consenting party)."""
    found = c.bot_cache.get(("asked", party))
    if found is None:
        rows = []
        for opt in c.options.values():
            parts = credibility_parts(opt.credibility)
            guarantor = any(party in p.guarantors for p in parts)
            consents = any(party in p.consent for p in parts)
            if guarantor or consents:
                rows.append((opt.id, guarantor, consents))
        found = c.bot_cache[("asked", party)] = tuple(rows)
    return found


class _Bot:
    def __init__(self, st: State, party: str, params: Params, roll: float, pick: float) -> None:
        self.st, self.party, self.p, self.roll, self.pick = st, party, params, roll, pick
        self.me = st.c.parties[party]
        # its walk-away as it stands now: the BATNA less the war's cost so far (`adjust`)
        self.reserve = params.reserve if params.reserve is not None else no_deal(st, party)
        self._values: dict[str, float] = {}  # the state does not change while a bot decides
        self._offers: dict[str, list[str]] | None = None

    def move(self, kind: str, **kw: object) -> Move:
        """A move of `kind`, or of the scenario's own move that behaves like it."""
        kind = self.st.c.alias(self.party, kind) or kind
        return Move(party=self.party, kind=kind, by="bot", **kw)  # type: ignore[arg-type]

    def ok(self, kind: str) -> bool:
        return self.st.c.alias(self.party, kind) is not None

    # --- what this party knows -------------------------------------------------------

    def value(self, opt: Option) -> float:
        v = self._values.get(opt.id)
        if v is None:
            v = self._values[opt.id] = self._value(opt)
        return v

    def _value(self, opt: Option) -> float:
        v = opt.values.get(self.party, self.reserve)
        if self.party in opt.red_lines:
            return -1.0
        if opt.credibility is not None and not credible_to(self.st, opt.id, self.party):
            v *= 0.8  # an agreement nobody believes is worth less (our own yes counted)
        return v + self.offered_for(opt)

    def weight(self, option_id: str) -> float:
        return self.me.priorities.get(
            self.st.c.dimension_issue[self.st.c.option_dimension[option_id]], 1.0
        )

    def offered_for(self, opt: Option) -> float:
        """What others put on the table in return for `opt`: offers conditional on it, from
        delegations and outside parties alike, weighed by how much we care about them."""
        st = self.st
        if self._offers is None:
            self._offers = {}
            for other, prop in st.tabled.items():
                if prop.condition and prop.by != self.party:
                    self._offers.setdefault(prop.condition, []).append(other)
        bonus = 0.0
        for other in self._offers.get(opt.id, ()):
            gain = st.c.options[other].values.get(self.party, self.reserve) - self.reserve
            bonus += 0.5 * gain * self.weight(other) / self.weight(opt.id)
        return bonus

    def deal_value(self, opt: Option) -> float:
        """An option as tabled: with its package partners, each counted by its gain over our
        reserve and weighed by priority (a bad option can be bought by a good partner)."""
        prop = self.st.tabled.get(opt.id)
        v = self.value(opt)
        if prop is None or not prop.package or v < 0:
            return v
        for partner in prop.package:
            pv = self.value(self.st.c.options[partner])
            if pv < 0:
                return -1.0  # a red line anywhere in the package sinks it
            v += (pv - self.reserve) * self.weight(partner) / self.weight(opt.id)
        return v

    def best(self, options: list[Option]) -> float:
        """What it can hope for on a decision: its best option not expected infeasible."""
        feasible = [o for o in options if not o.expected_infeasible]
        return max(self.value(o) for o in (feasible or options))

    def aspiration(self, best: float) -> float:
        st, p = self.st, self.p
        t = 1.0 if st.rounds <= 1 else (st.round - 1) / (st.rounds - 1)
        if st.phase == "package":
            t = 1.0
        a = self.reserve + (best - self.reserve) * (1 - t ** (1 / p.concession))
        others = [q for q in st.c.delegations if q != self.party]
        for q in others:  # what they did to us last round
            m = st.last_moves.get(q)
            if m and m.kind in _FRIENDLY:
                a -= 6 * p.reciprocity
            elif m and m.kind in _HOSTILE and (m.target in (None, self.party)):
                a += 6 * p.reciprocity
        trust = [st.figures.get(f"trust.{self.party}>{q}") for q in others]
        trust = [t for t in trust if t is not None]
        if trust:
            a += max(0.0, 40 - min(trust)) / 4  # ask more of a side we distrust
        lev = st.figures.get(f"leverage.{self.party}")
        rival = [st.figures.get(f"leverage.{q}") for q in others]
        rival = [r for r in rival if r is not None]
        if lev is not None and rival:
            a += (lev - max(rival)) / 3  # the stronger hand waits
        return max(self.reserve, min(best, a))

    # --- delegations -----------------------------------------------------------------

    def negotiate(self) -> Move:
        st = self.st
        dims = self.st.open_dimensions()
        if not dims:
            return self.move("pass")
        target = self.main_opponent()
        if target and self.roll < self.p.pressure and self.ok("pressure"):
            return self.move("pressure", target=target)
        other = self.other_move(target, self.p.pressure)
        if other is not None:
            return other
        if st.phase == "package" and len(dims) > 1:
            return self.package(dims)
        for dim in dims:
            options = st.c.dimensions[dim].options
            issue = st.c.dimension_issue[dim]
            best = self.best(options)
            a = self.aspiration(best)
            mine = st.support.get(dim, {}).get(self.party)
            on_table = [
                o
                for o in options
                if o.id in st.tabled
                and o.id != mine
                and self.deal_value(o) >= a
                and self.prefer(o, mine, a)
            ]
            if on_table and self.ok("accept"):
                pick = max(on_table, key=lambda o: (self.deal_value(o), o.id))
                if (
                    any(
                        c.guarantee and self.party in (c.guarantors or [self.party])
                        for c in credibility_parts(pick.credibility)
                    )
                    and not credible(st, pick.id)[0]
                    and self.ok("guarantee")
                    and self.party not in st.guarantees.get(issue, set())
                ):
                    return self.move("guarantee", issue=issue, option=pick.id)
                return self.move("accept", option=pick.id, issue=issue)
            if mine is not None and self.value(st.c.options[mine]) >= a:
                blocked = self.build_confidence(mine, issue)
                if blocked is not None:
                    return blocked
                continue  # our offer stands; give the others the round to answer
            pick = self.choose(options, a)
            if pick is None or pick.id == mine:
                continue
            kind = "propose"
            if (
                mine is not None
                and self.value(pick) < self.value(st.c.options[mine])
                and self.ok("concede")
            ):
                kind = "concede"
            return self.move(kind, option=pick.id, issue=issue)
        if target and self.ok("face_saving") and self.p.concession > 1.5 and self.roll < 0.4:
            return self.move("face_saving", target=target)
        return self.move("pass")

    def other_move(self, target: str | None, start: float) -> Move | None:
        """A move the spec lists (`moves: {statement: 0.2}`), in that share of rounds; the
        shares follow the pressure share on the same roll, so no extra draw is taken."""
        edge = start
        for kind, share in self.p.moves:
            lo, edge = edge, edge + share
            if not (lo <= self.roll < edge) or not self.ok(kind):
                continue
            need = self.st.c.moves[kind].required
            if "target" in need and target is None or "option" in need:
                continue
            kw: dict[str, object] = {"target": target} if "target" in need else {}
            issue = self.st.issue or (self.st.agenda[0] if self.st.agenda else None)
            return self.move(kind, issue=issue, **kw)
        return None

    def prefer(self, other: Option, mine: str | None, aspiration: float) -> bool:
        """Move our support to `other`? Yes if it is better for us; if ours is good enough
        too, only to join the side with more backing (ties by id, so two bots never swap)."""
        if mine is None:
            return True
        ours = self.st.c.options[mine]
        if self.value(other) > self.value(ours) + 0.5 or self.value(ours) < aspiration:
            return True
        backing_other = len(self.st.supporters(other.id) - {self.party})
        backing_ours = len(self.st.supporters(mine) - {self.party})
        return backing_other > backing_ours or (backing_other == backing_ours and other.id < mine)

    def build_confidence(self, option: str, issue: str) -> Move | None:
        """Everyone needed backs `option` but nobody believes it: offer what would help."""
        st = self.st
        if not needed(st, option) <= st.supporters(option) or credible(st, option)[0]:
            return None
        if self.ok("guarantee") and self.party not in st.guarantees.get(issue, set()):
            return self.move("guarantee", issue=issue, option=option)
        target = self.main_opponent()
        if target and self.ok("face_saving"):
            return self.move("face_saving", target=target)
        return None

    def package(self, dims: list[str]) -> Move:
        """In the package round: accept a package that clears our aspirations, or table one."""
        st = self.st
        want: dict[str, float] = {}
        plan: list[str] = []
        for dim in dims:
            options = st.c.dimensions[dim].options
            want[dim] = self.aspiration(self.best(options))
            tabled = [o for o in options if o.id in st.tabled and self.value(o) >= want[dim]]
            pick = (
                max(tabled, key=lambda o: (self.value(o), o.id))
                if tabled
                else self.choose(options, want[dim])
            )
            if pick is not None:
                plan.append(pick.id)
        for opt, prop in st.tabled.items():
            group = [opt, *prop.package]
            if prop.by == self.party or len(group) < len(dims):
                continue
            if all(
                self.value(st.c.options[o]) >= want[st.c.option_dimension[o]]
                for o in group
                if st.c.option_dimension[o] in want
            ):
                if not all(st.supports(self.party, o) for o in group) and self.ok("accept"):
                    return self.move("accept", option=opt)
        mine = st.tabled.get(plan[0]) if plan else None
        tabled_by_me = (
            mine is not None and mine.by == self.party and set(mine.package) == set(plan[1:])
        )
        if plan and not tabled_by_me and self.ok("propose"):
            return self.move("propose", option=plan[0], package=tuple(plan[1:]))
        return self.move("pass")

    def choose(self, options: list[Option], aspiration: float) -> Option | None:
        """The option closest above our aspiration (noise: sometimes another acceptable one)."""
        usable = [o for o in options if self.value(o) >= 0 and not o.expected_infeasible]
        if not usable:
            return None
        fits = [o for o in usable if self.value(o) >= aspiration]
        if not fits:
            # nothing reaches what we aim for: offer our best, but never one worth less to us
            # than walking away (its BATNA is a party's floor, not a suggestion)
            best = max(usable, key=lambda o: (self.value(o), o.id))
            return best if self.value(best) >= self.reserve else None
        if self.pick < self.p.noise and len(fits) > 1:
            return fits[int(self.pick / self.p.noise * len(fits)) % len(fits)]
        return min(fits, key=lambda o: (self.value(o), o.id))

    def main_opponent(self) -> str | None:
        others = [q for q in self.st.c.delegations if q != self.party]
        if not others:
            return None
        return min(others, key=lambda q: (self.st.figures.get(f"trust.{self.party}>{q}", 50), q))

    # --- mediators and outside parties -----------------------------------------------

    def mediate(self) -> Move:
        """Table the option the mediator judges fairest; learn in private who holds out."""
        st = self.st
        dims = st.open_dimensions()
        if st.phase == "package" and len(dims) > 1 and self.ok("bridging"):
            plan = [self.fairest(d) for d in dims]
            plan = [o for o in plan if o is not None]
            tabled = st.tabled.get(plan[0]) if plan else None
            if plan and not (
                tabled and tabled.by == self.party and set(tabled.package) == set(plan[1:])
            ):
                return self.move("bridging", option=plan[0], package=tuple(plan[1:]))
        for dim in dims:
            ranked = self.ranked(dim)
            if not ranked:
                continue
            issue = st.c.dimension_issue[dim]
            for opt in ranked:  # a guarantee asked of us for an option everyone backs
                cred = opt.credibility
                if (
                    cred
                    and cred.guarantee
                    and self.party in cred.guarantors
                    and opt.id in st.tabled
                    and needed(st, opt.id) <= st.supporters(opt.id)
                    and self.party not in st.guarantees.get(issue, set())
                    and self.ok("guarantee")
                ):
                    return self.move("guarantee", issue=issue, option=opt.id)
            top = ranked[0]
            if top.id not in st.tabled and (st.round >= 2 or dim in st.proposals):
                kind = "single_text" if dim not in st.proposals else "bridging"
                if self.ok(kind):
                    return self.move(kind, option=top.id, issue=issue)
            holdouts = [q for q in st.c.required(issue) if q not in st.supporters(top.id)]
            if not holdouts:
                continue
            if self.roll < 0.5 and self.ok("private_caucus"):
                return self.move("private_caucus", target=holdouts[0], issue=issue)
            # another bridge only if every party it reads would gain from it: never one
            # behind a party's (public) red line or below what it reads as its walk-away
            fresh = [
                o
                for o in ranked[1:]
                if o.id not in st.tabled and all(g > 0 for g in self.gains(dim, o))
            ]
            if fresh and self.roll < 0.8 and st.round >= 2 and self.ok("bridging"):
                return self.move("bridging", option=fresh[0].id, issue=issue)
        return self.move("pass")

    def fairest(self, dim: str) -> str | None:
        """The mediator's pick on a decision: the first of its ranking."""
        ranked = self.ranked(dim)
        return ranked[0].id if ranked else None

    def ranked(self, dim: str) -> list[Option]:
        """A decision's options as the mediator ranks them: by the product of what it reads
        each required party would gain over walking away (the Nash bargaining product), an
        option someone would lose by coming after any that all gain from; ties by id. Options
        expected infeasible, or behind the mediator's own red line, are left aside."""
        st = self.st

        def key(opt: Option) -> tuple[int, float, str]:
            gains = self.gains(dim, opt)
            if all(g > 0 for g in gains):
                product = 1.0
                for g in gains:
                    product *= g
                return (0, -product, opt.id)
            return (1, -sum(min(g, 0.0) for g in gains), opt.id)

        usable = [
            o
            for o in st.c.dimensions[dim].options
            if not o.expected_infeasible and self.party not in o.red_lines
        ]
        return sorted(usable, key=key)

    def gains(self, dim: str, opt: Option) -> list[float]:
        """What the mediator reads each required party would gain by `opt` over no deal."""
        parties = self.st.c.required(self.st.c.dimension_issue[dim])
        return [self.reading(q, opt) - no_deal(self.st, q) for q in parties if q != self.party]

    def reading(self, party: str, opt: Option) -> float:
        """What the mediator reads `opt` is worth to `party`. Red lines are public; values are
        private, so it reads them with an error of `100 * noise` points (one standard
        deviation), halved by its first private caucus with that party, thirded by the second
        and so on: meeting a party in private is how a mediator learns what it can live with.
        The error is drawn from the session's seed, not the round's dice, so the reading of an
        option stays the same between two caucuses and every replay reads alike."""
        if party in opt.red_lines:
            return -1.0
        value = opt.values.get(party, no_deal(self.st, party))
        met = self.st.caucused[(self.party, party)]
        sigma = 100 * self.p.noise / (1 + met)
        if sigma <= 0:
            return value
        draw = random.Random(f"{self.st.salt}:reading:{self.party}:{party}:{opt.id}:{met}")
        return value + draw.gauss(0.0, sigma)

    def observe(self, *, offers: bool = True) -> Move:
        """Outside parties answer when their consent or guarantee is asked for, on any
        decision still open (a package partner of another issue too); unless they only
        observe, they also put their own contribution on the table (`offer`)."""
        st = self.st
        for opt_id, guarantor, consents in asked_of(st.c, self.party):
            if opt_id not in st.tabled:
                continue
            dim = st.c.option_dimension[opt_id]
            issue = st.c.dimension_issue[dim]
            if st.dimension_agreed(dim) or st.status[issue] in ("agreed", "deadlocked"):
                continue
            opt = st.c.options[opt_id]
            if opt.values.get(self.party, 0) < self.reserve or self.party in opt.red_lines:
                continue
            if (
                guarantor
                and self.ok("guarantee")
                and self.party not in st.guarantees.get(issue, set())
            ):
                return self.move("guarantee", issue=issue, option=opt_id)
            if consents and not st.supports(self.party, opt_id) and self.ok("accept"):
                return self.move("accept", option=opt_id, issue=issue)
        offer = self.offer() if offers else None
        return offer if offer is not None else self.move("pass")

    def offer(self) -> Move | None:
        """An outside party that may propose puts its own contribution on the table (the
        option it values most on an open decision, worth its reserve), conditional on the
        first option that makes it credible: relief if withdrawal is agreed."""
        st = self.st
        if not self.ok("propose"):
            return None
        here = st.open_dimensions()
        # an offer on another issue, tied to what is negotiated now (relief in the withdrawal
        # rounds, if withdrawal is agreed): the clear offer that changes the other's sums
        tied = [
            d
            for d in st.negotiable_dimensions()
            if d not in here
            and any(
                st.c.names.ids.get(r) == "option" and st.c.option_dimension[r] in here
                for o in st.c.dimensions[d].options
                for c in credibility_parts(o.credibility)
                for r in c.requires
            )
        ]
        own = {opt for opt, _, _ in asked_of(st.c, self.party)}  # what it is asked to give
        for dim in here + tied:
            mine = [
                o
                for o in st.c.dimensions[dim].options
                if o.id in own
                and o.values.get(self.party, -1.0) >= self.reserve
                and self.party not in o.red_lines
                and not o.expected_infeasible
            ]
            if not mine:
                continue
            best = max(mine, key=lambda o: (o.values[self.party], o.id))
            if best.id in st.tabled and st.tabled[best.id].by == self.party:
                continue
            needs = [
                r
                for c in credibility_parts(best.credibility)
                for r in c.requires
                if st.c.names.ids.get(r) == "option" and not st.agreed(r)
            ]
            return self.move(
                "propose",
                option=best.id,
                condition=needs[0] if needs else None,
                issue=st.c.dimension_issue[dim],
            )
        return None
