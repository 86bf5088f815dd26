"""A session: the scenario's phases walked step by step, driven by commands.

Everything that changes a session is a command (a plain dict with a `type`)
applied through `Session.apply`, which checks it, appends it to the command
log and returns the history entries it produced. The state is a pure function
of (scenario, seed, seating, command log): `Session.replay` rebuilds it.

Commands: start, entry, move, timeout, end_round, pause, resume, extend,
skip_issue, reorder, inject, override, void, seat, timing, reveal; their fields
and shapes are in `app.engine.commands`. Each command is checked in full
(`_check_<type>`) before it changes anything (`_do_<type>`).
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass, replace
from typing import Any

from app.engine import adjudicator, agenda, implementation
from app.engine.bots import POLICIES, decide, own_policy
from app.engine.clock import Clock, Countdown, SystemClock
from app.engine.commands import COMMANDS, CommandError, check_names, check_shape, one_of
from app.engine.compiled import Compiled
from app.engine.history import Entry, History
from app.engine.outcome import outcome
from app.engine.state import Move, State
from app.scenario.model import BotSpec, Preset

__all__ = ["COMMANDS", "CommandError", "Session", "Step", "build_steps"]


@dataclass(frozen=True)
class Step:
    kind: str  # briefing, preparation, round, caucus, package, implementation, debrief
    seconds: float = 0.0
    issue: str | None = None
    round: int = 0
    rounds: int = 0
    talk: float = 0.0
    entry: float = 0.0
    all_or_nothing: bool = True
    agenda: tuple[str, ...] = ()  # the package round's issues


def build_steps(c: Compiled, preset: Preset) -> list[Step]:
    t = c.scenario.timing
    steps: list[Step] = []
    played = [
        i
        for ph in preset.phases
        if ph.kind == "rounds"
        for i in (ph.issues if ph.issues is not None else list(c.issues))
    ]
    for ph in preset.phases:
        talk = 60 * (ph.talk_minutes if ph.talk_minutes is not None else t.talk_minutes)
        entry = 60 * (ph.entry_minutes if ph.entry_minutes is not None else t.entry_minutes)
        if ph.kind == "rounds":
            caucus = 60 * (ph.caucus_minutes if ph.caucus_minutes is not None else t.caucus_minutes)
            agenda = ph.issues if ph.issues is not None else list(c.issues)
            for n, iid in enumerate(agenda):
                if n and caucus:
                    steps.append(Step("caucus", caucus))
                count = c.issues[iid].rounds or ph.rounds_per_issue or t.rounds_per_issue
                steps += [
                    Step("round", issue=iid, round=r, rounds=count, talk=talk, entry=entry)
                    for r in range(1, count + 1)
                ]
        elif ph.kind == "package":
            count = ph.rounds_per_issue or 1
            agenda = tuple(
                dict.fromkeys(ph.issues if ph.issues is not None else (played or list(c.issues)))
            )
            steps += [
                Step(
                    "package",
                    round=r,
                    rounds=count,
                    talk=talk,
                    entry=entry,
                    all_or_nothing=ph.all_or_nothing,
                    agenda=agenda,
                )
                for r in range(1, count + 1)
            ]
        elif ph.kind == "implementation":
            most = max((cm.stages for o in c.options.values() for cm in o.commitments), default=1)
            steps += [
                Step("implementation", round=s, rounds=ph.stages or most)
                for s in range(1, (ph.stages or most) + 1)
            ]
        else:
            steps.append(Step(ph.kind, 60 * (ph.minutes or 0)))
    if not steps or steps[-1].kind != "debrief":
        steps.append(Step("debrief"))
    return steps


class Session:
    """One table's play of a scenario. Pure Python; views listen to `apply`'s result.

    `clock` is the time the countdowns read: the app passes the system's monotonic clock,
    unit tests a `FakeClock` they move by hand. A command log replays the same history on
    any clock, since the clock's own steps (entry, timeout) are commands too.
    """

    def __init__(
        self,
        compiled: Compiled,
        seed: int,
        seating: dict[str, str] | None = None,
        clock: Clock | None = None,
        preset: str | None = None,
    ) -> None:
        self.c = compiled
        self.seed = int(seed)
        self.clock: Clock = clock if clock is not None else SystemClock()
        self.preset_id = preset
        self.preset = compiled.preset(preset)
        self.seating = {p: "bot" for p in compiled.party_order} | dict(seating or {})
        for party, seat in self.seating.items():
            _check_seat(compiled, party, seat)
        self.initial_seating = dict(self.seating)  # what replay starts from
        self.log: list[dict[str, Any]] = []
        self.history = History()
        self.st = State.start(compiled, self.history)
        self.st.salt = str(self.seed)
        self.events_rng = random.Random(f"{self.seed}:events")
        self.impl_rng = random.Random(f"{self.seed}:implementation")
        self.bot_rng = {p: random.Random(f"{self.seed}:bot:{p}") for p in compiled.party_order}
        self.steps = build_steps(compiled, self.preset)
        self.index = -1
        self.stage = "ready"  # ready, running, talk, entry, resolved, finished
        self.pending: dict[str, Move] = {}
        self.timer: Countdown | None = None
        self.paused = False
        self.held = False  # reopened after a crash: the clock waits for the facilitator
        self.revealed = False  # the debrief's reveal: briefs and remarks shown to all
        self._command: dict[str, Any] | None = None  # the command being applied
        self.result: dict[str, Any] | None = None
        self.has_package = any(s.kind == "package" for s in self.steps)
        self.history.emit(
            "session",
            scenario=compiled.scenario.scenario.id,
            version=compiled.scenario.scenario.version,
            seed=self.seed,
            preset=self.preset.id,
            seating=dict(self.seating),
        )
        adjudicator.snapshot(self.st)

    # --- reading --------------------------------------------------------------------

    @property
    def step(self) -> Step | None:
        return self.steps[self.index] if 0 <= self.index < len(self.steps) else None

    @property
    def finished(self) -> bool:
        return self.stage == "finished"

    def teams(self) -> list[str]:
        return [p for p, s in self.seating.items() if s.startswith("team")]

    def awaiting(self) -> list[str]:
        """Parties that still have to move this round (teams only; bots move at once)."""
        if self.stage != "entry":
            return []
        return [p for p in self.c.party_order if p not in self.pending]

    def time_left(self) -> float:
        return self.timer.left() if self.timer else 0.0

    # --- commands -------------------------------------------------------------------

    def apply(self, command: dict[str, Any]) -> list[Entry]:
        """Check and apply one command; returns the history it produced.

        All or nothing: a command is checked in full before anything changes, and should
        applying it still fail, the session is rebuilt from its log as it was before, so a
        refused command leaves no trace in the history, the figures or the log.
        """
        cmd = check_shape(command)
        kind = cmd["type"]
        if self.finished and kind != "reveal":
            raise CommandError("the session has finished", "open the debrief")
        check_names(self.c, cmd)
        getattr(self, f"_check_{kind}", _no_check)(cmd)
        self._command = cmd
        start = len(self.history)
        clock = self.clock_state()
        try:
            getattr(self, f"_do_{kind}")(cmd)
        except Exception as exc:
            self.rewind(clock)
            if isinstance(exc, CommandError):
                raise
            raise CommandError(
                f"the command could not be applied ({type(exc).__name__}: {exc})",
                "nothing was changed; tell the scenario's author",
            ) from exc
        self.log.append(cmd)
        return self.history.since(start)

    def clock_state(self) -> tuple[Countdown | None, bool]:
        """The clock as it stands (a copy of the countdown, and whether it is held), for
        `rewind` to put back."""
        return copy.copy(self.timer), self.held

    def rewind(
        self, clock: tuple[Countdown | None, bool], log: list[dict[str, Any]] | None = None
    ) -> None:
        """Rebuild this session in place from `log` (by default its own: the state after the
        last logged command), with the clock as `clock_state` saw it: running, paused or
        held, and the time left."""
        timer, held = clock
        again = Session.replay(
            self.c,
            self.seed,
            self.initial_seating,
            self.log if log is None else log,
            self.preset_id,
            self.clock,
        )
        self.__dict__.update(again.__dict__)
        if self.timer is not None:
            self.timer = timer
        self.held = held

    def due(self) -> dict[str, Any] | None:
        """The command the clock calls for now: entry when talk time ends, timeout after."""
        if self.paused or self.held or self.timer is None or not self.timer.expired():
            return None
        return {"talk": {"type": "entry"}, "entry": {"type": "timeout"}}.get(self.stage)

    def tick(self) -> list[Entry]:
        """Let the clock act (see `due`)."""
        command = self.due()
        return self.apply(command) if command else []

    def hold(self, seconds_left: float | None) -> None:
        """Reopened after a crash: stop the clock at the time that was left. Not a command:
        it changes nothing in the history, so a resumed session ends as an unbroken one."""
        self.held = True
        if self.timer is not None:
            if seconds_left is not None:
                self.timer = Countdown(self.clock, seconds_left)
            self.timer.pause()

    def release(self) -> None:
        """The facilitator resumes a held session; the clock runs on from where it stood."""
        self.held = False
        if self.timer is not None and not self.paused:
            self.timer.resume()

    @classmethod
    def replay(
        cls,
        compiled: Compiled,
        seed: int,
        seating: dict[str, str] | None,
        log: list[dict[str, Any]],
        preset: str | None = None,
        clock: Clock | None = None,
    ) -> Session:
        session = cls(compiled, seed, seating, clock, preset)
        for command in log:
            session.apply(command)
        return session

    # --- the phases -----------------------------------------------------------------

    def _check_start(self, cmd: dict[str, Any]) -> None:
        if self.stage in ("talk", "entry"):
            raise CommandError("a round is in progress", "end it first (end_round)")

    def _do_start(self, cmd: dict[str, Any]) -> None:
        self._leave_step()
        while True:
            self.index += 1
            step = self.step
            if step is None:
                break
            if step.kind == "round" and self.st.status[step.issue] in ("agreed", "deadlocked"):
                continue  # nothing left to negotiate on this issue
            break
        step = self.step
        assert step is not None, "the debrief is always the last step"
        st = self.st
        st.phase = {"round": "rounds"}.get(step.kind, step.kind)
        st.issue = step.issue
        st.agenda = step.agenda
        st.round, st.rounds = step.round, step.rounds
        if step.kind in ("round", "package"):
            if step.kind == "package" and step.round == 1:
                self.history.emit(
                    "phase", phase="package", seconds=step.talk, issues=st.open_issues()
                )
            self.history.emit(
                "round",
                phase=st.phase,
                issue=step.issue,
                round=step.round,
                of=step.rounds,
                talk=step.talk,
                entry=step.entry,
            )
            self.stage = "talk"
            self.timer = Countdown(self.clock, step.talk)
            if self.paused:
                self.timer.pause()
            if step.talk <= 0:
                self._do_entry({})
            return
        self.history.emit("phase", phase=step.kind, seconds=step.seconds, stage=step.round or None)
        self.timer = Countdown(self.clock, step.seconds)
        if self.paused:
            self.timer.pause()
        self.stage = "running"
        if step.kind == "implementation":
            if step.round == 1:
                implementation.begin(st)
            implementation.run_stage(st, self.impl_rng, self.events_rng)
            self.steps = agenda.schedule(self.steps, self.index, st)
        elif step.kind == "debrief":
            self.result = outcome(st)
            self.history.emit("outcome", **self.result)
            self.stage = "finished"
            self.timer = None

    def _leave_step(self) -> None:
        step = self.step
        if step is None:
            return
        nxt = self.steps[self.index + 1] if self.index + 1 < len(self.steps) else None
        if step.kind == "round" and (nxt is None or nxt.issue != step.issue):
            if self.st.status[step.issue] == "open":
                self.st.set_status(step.issue, "deferred", {"rounds": "ran out"})
        if step.kind == "package" and step.round == step.rounds:
            self._close_package(step)
        if step.kind == "round" and not self.has_package and nxt and nxt.kind != "round":
            self._confirm()

    def _close_package(self, step: Step) -> None:
        st = self.st
        open_issues = st.open_issues()
        if open_issues and step.all_or_nothing:
            self.history.emit(
                "package",
                result="failed",
                open=open_issues,
                text="Nothing is agreed until everything is agreed: the package "
                "failed, so the provisional agreements fall.",
            )
            for dim in [d for d, ag in st.agreements.items() if ag.provisional]:
                del st.agreements[dim]
            for iid in step.agenda:
                st.set_status(iid, "deadlocked", {"package": "failed"})
            return
        for iid in open_issues:
            st.set_status(iid, "deadlocked", {"package": "closed"})
        self._confirm()
        if st.agreements:
            self.history.emit(
                "package", result="agreed", options=sorted(a.option for a in st.agreements.values())
            )

    def _confirm(self) -> None:
        for ag in self.st.agreements.values():
            ag.provisional = False

    def _check_entry(self, cmd: dict[str, Any]) -> None:
        if self.stage != "talk":
            raise CommandError("move entry opens after talk time", "start a round first")

    def _do_entry(self, cmd: dict[str, Any]) -> None:
        self.stage = "entry"
        step = self.step
        assert step is not None
        self.timer = Countdown(self.clock, step.entry)
        if self.paused:
            self.timer.pause()
        self.history.emit("entry", issue=self.st.issue, round=self.st.round, seconds=step.entry)
        for party in self.c.party_order:
            if not self.seating[party].startswith("team"):
                self._bot_move(party)
        self._maybe_resolve()

    def _bot_move(self, party: str) -> None:
        seat = self.seating[party]
        policy = seat.partition(":")[2]
        own = own_policy(self.c.parties[party])  # the scenario's bot, with its settings
        spec = own if not policy or own.policy == policy else BotSpec(policy=policy)  # type: ignore[arg-type]
        move = decide(self.st, party, spec, self.bot_rng[party], offers=policy != "observer")
        self.pending[party] = move
        self.history.emit("submitted", party=party, by="bot")

    def _check_move(self, cmd: dict[str, Any]) -> None:
        if self.stage != "entry":
            raise CommandError(
                "moves are entered during move entry", "wait for talk time to end, or open entry"
            )
        self._checked = self._read_move(cmd)

    def _do_move(self, cmd: dict[str, Any]) -> None:
        move = self._checked
        self.pending[move.party] = move
        self.history.emit("submitted", party=move.party, by="team")
        self._maybe_resolve()

    def _read_move(self, cmd: dict[str, Any]) -> Move:
        c = self.c
        party, kind = cmd.get("party"), cmd.get("kind")
        if party not in c.parties:
            raise CommandError(f"unknown party {party!r}", one_of(c.parties, party))
        if not self.seating[party].startswith("team"):
            raise CommandError(f"{party} is played by a bot", "seat a team there first")
        if party in self.pending:
            raise CommandError(
                f"{party} has already moved this round",
                "the facilitator can void a mis-entered move",
            )
        if kind not in c.moves or not c.may_use(party, kind):
            legal = [k for k in c.moves if c.may_use(party, k)]
            raise CommandError(
                f"{party} cannot make the move {kind!r}", one_of(legal, kind, "legal moves")
            )
        mk = c.moves[kind]
        for p in mk.required:
            if not cmd.get(p) and not (p == "option" and cmd.get("package")):
                raise CommandError(
                    f"the move {mk.label!r} needs {'an' if p[0] in 'aeiou' else 'a'} {p}"
                )
        option, target = cmd.get("option"), cmd.get("target")
        open_dims = self.st.open_dimensions()
        package = tuple(cmd.get("package") or ())
        if not option and package:
            option, package = package[0], package[1:]
        for o in (option, *package):
            if o is None:
                continue
            if o not in c.options:
                raise CommandError(f"unknown option {o!r}", one_of(c.options, o))
            if c.option_dimension[o] not in (
                open_dims if o == option else self.st.negotiable_dimensions()
            ):
                raise CommandError(
                    f"the option {o!r} is not on the table now",
                    "propose an option of the issue being negotiated",
                )
        dims = [c.option_dimension[o] for o in (option, *package) if o]
        if len(set(dims)) != len(dims):
            raise CommandError("a package holds one option per decision")
        if target is not None and (target not in c.parties or target == party):
            raise CommandError(
                f"{target!r} is not another party",
                one_of([p for p in c.parties if p != party], target),
            )
        condition = cmd.get("condition")
        if condition is not None and condition not in c.options:
            raise CommandError(
                f"unknown option {condition!r} as condition", one_of(c.options, condition)
            )
        issue = cmd.get("issue") or (c.dimension_issue[dims[0]] if dims else self.st.issue)
        if issue is not None and issue not in c.issues:
            raise CommandError(f"unknown issue {issue!r}", one_of(c.issues, issue))
        remark = str(cmd.get("remark") or "")
        return Move(party, kind, issue, option, target, package, condition, remark, "team")

    def _maybe_resolve(self) -> None:
        if self.stage == "entry" and len(self.pending) == len(self.c.party_order):
            self._resolve()

    def _check_timeout(self, cmd: dict[str, Any]) -> None:
        if self.stage != "entry":
            raise CommandError("there is no move entry to time out")

    def _do_timeout(self, cmd: dict[str, Any]) -> None:
        for party in self.c.party_order:
            if party not in self.pending:
                self.pending[party] = Move(party, "pass", remark="", by="timeout")
                self.history.emit(
                    "missed", party=party, text="Entry time ran out: the move is a pass."
                )
        self._resolve()

    def _resolve(self) -> None:
        moves = [self.pending[p] for p in self.c.party_order]
        provisional = self.has_package and self.st.phase != "package"
        adjudicator.resolve_round(self.st, moves, self.events_rng, provisional=provisional)
        self.steps = agenda.schedule(self.steps, self.index, self.st)
        self.pending = {}
        self.stage = "resolved"
        self.timer = None

    # --- facilitator actions ----------------------------------------------------------

    def _facilitator(self, action: str, **fields: Any) -> None:
        """The facilitator's audit trail, with the reason given if any; what players see
        comes from the action's effects."""
        reason = (self._command or {}).get("reason")
        if reason and "reason" not in fields:
            fields["reason"] = reason
        self.history.emit("facilitator", "facilitator", action=action, **fields)

    def _check_end_round(self, cmd: dict[str, Any]) -> None:
        if self.stage not in ("talk", "entry"):
            raise CommandError("no round is running", "start the next step first (start)")

    def _do_end_round(self, cmd: dict[str, Any]) -> None:
        self._facilitator("end_round")
        if self.stage == "talk":
            self._do_entry({})
        else:
            self._do_timeout({})

    def _check_pause(self, cmd: dict[str, Any]) -> None:
        if self.paused:
            raise CommandError("already paused", "resume instead")

    def _do_pause(self, cmd: dict[str, Any]) -> None:
        self.paused = True
        if self.timer:
            self.timer.pause()
        self._facilitator("pause")

    def _check_resume(self, cmd: dict[str, Any]) -> None:
        if not self.paused:
            raise CommandError("not paused")

    def _do_resume(self, cmd: dict[str, Any]) -> None:
        self.paused = False
        if self.timer and not self.held:
            self.timer.resume()
        self._facilitator("resume")

    def _check_extend(self, cmd: dict[str, Any]) -> None:
        seconds = cmd.get("seconds")
        if seconds is None or seconds <= 0 or seconds > 7200:
            raise CommandError("extend needs a number of seconds between 0 and 7200")
        if self.timer is None:
            raise CommandError("no clock is running")

    def _do_extend(self, cmd: dict[str, Any]) -> None:
        assert self.timer is not None
        self.timer.extend(float(cmd["seconds"]))
        self._facilitator("extend", seconds=cmd["seconds"])

    def _check_skip_issue(self, cmd: dict[str, Any]) -> None:
        issue = cmd.get("issue")
        if issue not in self.c.issues:
            raise CommandError(f"unknown issue {issue!r}", one_of(self.c.issues, issue))
        if self.st.issue == issue and self.stage in ("talk", "entry"):
            raise CommandError("the issue's round is running", "end the round first")

    def _do_skip_issue(self, cmd: dict[str, Any]) -> None:
        issue = cmd["issue"]
        keep = self.steps[: self.index + 1]
        rest = [s for s in self.steps[self.index + 1 :] if s.issue != issue]
        steps = keep + rest
        # a caucus break only sits between two issues' rounds
        self.steps = [
            s
            for i, s in enumerate(steps)
            if s.kind != "caucus"
            or i <= self.index
            or (
                i > 0
                and steps[i - 1].kind == "round"
                and i + 1 < len(steps)
                and steps[i + 1].kind == "round"
            )
        ]
        if self.st.status[issue] == "open":
            self.st.set_status(issue, "deferred", {"facilitator": "skip"})
        self._facilitator("skip_issue", issue=issue)

    def _upcoming(self) -> list[str]:
        rest = self.steps[self.index + 1 :]
        return list(dict.fromkeys(s.issue for s in rest if s.kind == "round" and s.issue))

    def _check_reorder(self, cmd: dict[str, Any]) -> None:
        order = cmd.get("issues")
        upcoming = self._upcoming()
        if order is None or sorted(order) != sorted(upcoming):
            raise CommandError(
                "reorder lists every issue still to come, once each",
                f"issues still to come: {', '.join(upcoming) or 'none'}",
            )

    def _do_reorder(self, cmd: dict[str, Any]) -> None:
        order = cmd["issues"]
        rest = self.steps[self.index + 1 :]
        rounds = [s for s in rest if s.kind in ("round", "caucus")]
        caucus = next((s for s in rounds if s.kind == "caucus"), None)
        regrouped: list[Step] = []
        for n, issue in enumerate(order):
            if n and caucus:
                regrouped.append(caucus)
            regrouped += [s for s in rounds if s.issue == issue]
        if not regrouped:
            self._facilitator("reorder", issues=order)
            return
        first = next(i for i, s in enumerate(rest) if s.kind in ("round", "caucus"))
        tail = [s for i, s in enumerate(rest) if s.kind not in ("round", "caucus") and i > first]
        self.steps = self.steps[: self.index + 1] + rest[:first] + regrouped + tail
        self._facilitator("reorder", issues=order)

    def _check_inject(self, cmd: dict[str, Any]) -> None:
        if cmd.get("event"):
            if cmd.keys() - {"type", "event", "reason"}:
                raise CommandError(
                    "inject takes either an event id or a text with its "
                    "visibility and figures to add, not both"
                )
            if not any(e.id == cmd["event"] for e in self.c.scenario.events):
                events = [e.id for e in self.c.scenario.events]
                raise CommandError(f"unknown event {cmd['event']!r}", one_of(events, cmd["event"]))
            return
        if not str(cmd.get("text") or "").strip():
            raise CommandError("inject needs an event id or a text")
        vis = cmd.get("visibility", "public")
        if vis not in ("public", "facilitator") and vis not in self.c.parties:
            raise CommandError(
                f"unknown visibility {vis!r}",
                one_of(["public", "facilitator", *self.c.parties], vis),
            )
        for key in cmd.get("add") or {}:
            if key not in self.st.figures:
                raise CommandError(
                    f"cannot add to {key!r}: no such figure", one_of(self.st.figures, key)
                )

    def _do_inject(self, cmd: dict[str, Any]) -> None:
        st = self.st
        if cmd.get("event"):
            ev = next(e for e in self.c.scenario.events if e.id == cmd["event"])
            self._facilitator("inject", event=ev.id)
            adjudicator.fire_event(st, ev, "injected")
            self.steps = agenda.schedule(self.steps, self.index, st)
            return
        text = cmd["text"].strip()
        vis = cmd.get("visibility", "public")
        self._facilitator("inject", text=text, to=vis)
        self.history.emit("event", vis, event=None, name="Injected", how="injected", text=text)
        for key, delta in (cmd.get("add") or {}).items():
            st.change_figure(
                key, st.figures[key] + delta, {"facilitator": "inject", "visibility": vis}
            )

    def _check_override(self, cmd: dict[str, Any]) -> None:
        key, value, reason = cmd.get("figure"), cmd.get("value"), cmd.get("reason")
        if key not in self.st.figures:
            raise CommandError(
                f"unknown figure {key!r}",
                one_of(self.st.figures, key) or "figures look like trust.a>b",
            )
        if value is None:
            raise CommandError("override needs a number as value")
        if not (reason or "").strip():
            raise CommandError("an override needs a reason", "it is shown in the debrief")

    def _do_override(self, cmd: dict[str, Any]) -> None:
        key, value, reason = cmd["figure"], cmd["value"], cmd["reason"]
        self._facilitator("override", figure=key, value=value, reason=reason)
        self.st.change_figure(key, float(value), {"facilitator": "override", "reason": reason})

    def _check_void(self, cmd: dict[str, Any]) -> None:
        party = cmd.get("party")
        if self.stage != "entry" or party not in self.pending:
            raise CommandError(f"{party!r} has no move to void this round")

    def _do_void(self, cmd: dict[str, Any]) -> None:
        party = cmd["party"]
        del self.pending[party]
        self._facilitator("void", party=party)
        if not self.seating[party].startswith("team"):
            self._bot_move(party)

    def _check_timing(self, cmd: dict[str, Any]) -> None:
        """Set talk and entry time (seconds) for every round still to come."""
        for value in (cmd.get("talk"), cmd.get("entry")):
            if value is not None and not 0 <= value <= 7200:
                raise CommandError("timing takes seconds between 0 and 7200")
        if cmd.get("entry") is not None and cmd["entry"] <= 0:
            raise CommandError("entry time must be more than 0 seconds")

    def _do_timing(self, cmd: dict[str, Any]) -> None:
        talk, entry = cmd.get("talk"), cmd.get("entry")
        self.steps = self.steps[: self.index + 1] + [
            replace(
                s,
                talk=float(talk) if talk is not None else s.talk,
                entry=float(entry) if entry is not None else s.entry,
            )
            if s.kind in ("round", "package")
            else s
            for s in self.steps[self.index + 1 :]
        ]
        self._facilitator("timing", talk=talk, entry=entry)

    def _seat_of(self, cmd: dict[str, Any]) -> str:
        kind = cmd.get("as")
        if kind == "team":
            return f"team:{cmd['name']}" if cmd.get("name") else "team"
        if kind == "bot":
            return f"bot:{cmd['policy']}" if cmd.get("policy") else "bot"
        raise CommandError("seat takes `as: team` or `as: bot`")

    def _check_seat(self, cmd: dict[str, Any]) -> None:
        party = cmd.get("party")
        if party not in self.c.parties:
            raise CommandError(f"unknown party {party!r}", one_of(self.c.parties, party))
        _check_seat(self.c, party, self._seat_of(cmd))

    def _do_seat(self, cmd: dict[str, Any]) -> None:
        party = cmd["party"]
        seat = self._seat_of(cmd)
        self.seating[party] = seat
        self._facilitator("seat", party=party, seat=seat)
        if self.stage == "entry":
            move = self.pending.get(party)
            if seat.startswith("bot") and move is None:
                self._bot_move(party)
                self._maybe_resolve()
            elif seat.startswith("team") and move is not None and move.by == "bot":
                del self.pending[party]

    def _check_reveal(self, cmd: dict[str, Any]) -> None:
        if not self.finished:
            raise CommandError("the reveal comes in the debrief", "finish the session first")
        if self.revealed:
            raise CommandError("already revealed")

    def _do_reveal(self, cmd: dict[str, Any]) -> None:
        """The debrief's reveal: every brief, value and remark is shown to the whole room."""
        self.revealed = True
        self._facilitator("reveal")
        self.history.emit("reveal", text="The confidential briefs and the remarks are revealed.")


def _no_check(cmd: dict[str, Any]) -> None:
    return None


def _check_seat(c: Compiled, party: str, seat: str) -> None:
    if party not in c.parties:
        raise CommandError(f"unknown party {party!r}", one_of(c.parties, party))
    kind, _, detail = seat.partition(":")
    if kind == "team":
        if not c.parties[party].is_playable():
            raise CommandError(f"{party} is not playable by a team in this scenario")
        return
    if kind != "bot" or (detail and detail not in POLICIES):
        raise CommandError(
            f"bad seat {seat!r} for {party}",
            f"team, team:NAME, bot or bot:POLICY ({', '.join(POLICIES)})",
        )
