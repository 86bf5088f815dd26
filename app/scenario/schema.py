"""The scenario format's JSON Schema, with a description and the range of every field.

`parley schema` prints it so that a text editor can complete and check a
scenario as it is typed. The field texts live here, in one table keyed by model
and field name, rather than in `app.scenario.model`; numeric ranges are read
from the models' own constraints, so a text never disagrees with the check.
The same range wording serves the validator's "out of range" messages.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any

from annotated_types import Ge, Gt, Le, Lt, MaxLen, MinLen
from pydantic import BaseModel

from app.scenario.model import Scenario

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"

# What the number in each bounded field counts, by field name (the same name means
# the same thing in every model that has it).
UNITS: dict[str, str] = {
    "value": "points on the 0-100 scale of option values",
    "concession": "the shape of the bot's concession over the rounds (below 1 it holds out, "
    "above 1 it gives ground early)",
    "reserve": "points on the 0-100 scale of option values",
    "reciprocity": "a factor for how strongly the bot answers friendly or hostile moves",
    "pressure": "a probability per round",
    "noise": "a probability per move",
    "weight": "points of leverage",
    "round": "a round number",
    "chance": "a probability per round",
    "stages": "a number of stages",
    "renege_risk": "a probability per stage",
    "durability": "points",
    "rounds": "a number of rounds",
    "rounds_per_issue": "a number of rounds",
    "minutes": "a number of minutes",
    "talk_minutes": "a number of minutes",
    "entry_minutes": "a number of minutes",
    "caucus_minutes": "a number of minutes",
    "trust_weight": "a share of the durability score",
    "implementation_weight": "a share of the durability score",
    "ratification_weight": "a share of the durability score",
    "verification_bonus": "a share of the risk that verification removes",
}

MODELS: dict[str, str] = {
    "Scenario": "A Parley scenario: the parties, the agenda and how the adjudicator answers.",
    "Meta": "What the scenario is, who wrote it, from what, and the texts everyone reads.",
    "Source": "A source the scenario is based on.",
    "DebriefGuide": "Notes for the facilitator's debrief.",
    "LaterEvent": "Something that happened after the scenario's date, for the debrief.",
    "Party": "A delegation at the table, a mediator, or an outside party.",
    "Brief": "What a party knows: public, and confidential to its own team.",
    "ConfidentialBrief": "The same template for every party, so briefs compare in the debrief.",
    "Batna": "What a party gets with no agreement.",
    "BotSpec": "How a bot plays the party when no team does.",
    "Figure": "A number plotted over time; `trust` and `leverage` are built in.",
    "Asset": "A bargaining chip held by a party; it adds its weight to the holder's leverage.",
    "Effect": "One change; exactly one of add, set, transfer, status, trigger or narrative.",
    "Rule": "When something happens and the state matches `when`, apply `then`.",
    "Event": "Something that happens outside anyone's move.",
    "ScheduleAt": "When a scheduled event happens: the parts given must all match.",
    "Issue": "An agenda item: options (one decision) or dimensions (several), not both.",
    "Dimension": "One of an issue's separate decisions.",
    "Option": "One choice on an issue or dimension.",
    "Credibility": "What an option needs before an agreement on it is believed.",
    "Infeasible": "A note that something is expected not to be agreed, and why.",
    "Commitment": "What an agreed option obliges a party to do during implementation.",
    "Moves": "Renames, restricts or adds to the built-in moves.",
    "CustomMove": "A scenario's own move.",
    "Timing": "How long things take, and the running orders a facilitator can pick from.",
    "Preset": "A running order of phases.",
    "Phase": "One phase of a running order.",
    "OutcomeSpec": "How the result is judged.",
    "Ratification": "A vote at home that the deal must pass.",
    "Durability": "The weights of the durability score.",
}

FIELDS: dict[str, dict[str, str]] = {
    "Scenario": {
        "format": "The version of the file format; write `format: 1` as the first line.",
        "scenario": "What the scenario is, who wrote it, and the public brief.",
        "parties": "The delegations and anyone else involved.",
        "figures": "Numbers plotted over time (trust, leverage and your own).",
        "assets": "Bargaining chips held by the parties.",
        "issues": "The agenda; at least one issue.",
        "moves": "Renames, restricts or adds to the built-in moves.",
        "rules": "How the adjudicator answers moves and rounds.",
        "events": "Things that happen outside anyone's move.",
        "timing": "Round lengths and running orders.",
        "outcome": "Ratification votes and how durability is scored.",
    },
    "Meta": {
        "id": "Identifies the scenario: letters, digits, `_ - .`, e.g. `tutorial-harbour`.",
        "title": "The scenario's title.",
        "version": 'Your version of the scenario; quote it: `"1.0"`.',
        "language": "Lower-case language code, optionally with a region: `en`, `pt-BR`.",
        "summary": "One paragraph on what the scenario is about.",
        "as_of": 'The date or moment the scenario describes: `"March 2022"`.',
        "disclaimer": 'E.g. "A training exercise, not a prediction."',
        "authors": "Who wrote it.",
        "sources": "What it is based on.",
        "brief": "The public brief every participant reads (Markdown).",
        "debrief": "Notes for the facilitator's debrief.",
        "what_happened_next": "What happened after `as_of`, shown only after the debrief's "
        "reveal; only what can be dated with certainty.",
    },
    "LaterEvent": {
        "date": "When it happened: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.",
        "text": "What happened, in neutral words.",
        "source": "Where it is documented.",
    },
    "Source": {
        "title": "The source's title.",
        "author": "Who wrote it.",
        "published": "When or where it was published.",
        "url": "Where to find it.",
        "note": "What the scenario takes from it.",
    },
    "DebriefGuide": {
        "objectives": "What trainees should learn.",
        "questions": "Questions to ask in the debrief.",
        "notes": "Notes for the facilitator.",
    },
    "Party": {
        "id": "Names this party everywhere else.",
        "name": 'Full name: "Aldmere delegation".',
        "short": 'Short name for plots and narratives: "Aldmere".',
        "kind": "`delegation` negotiates, `mediator` chairs, `outside` guarantees or observes; "
        "the kind decides which moves the party may make.",
        "role": "One line on who this party is.",
        "colour": 'Its colour in plots, `#RRGGBB`; quote it (`"#2E86AB"`): `#` starts a comment.',
        "playable": "Whether a team can play it; left out: delegations and mediators are.",
        "brief": "What the party knows.",
        "batna": "What it gets with no agreement.",
        "priorities": "How much the party cares about each issue: issue id -> relative weight.",
        "bot": "How a bot plays the party when no team does.",
    },
    "Brief": {
        "public": "What everyone knows about this party.",
        "confidential": "Shown only to the party's own team and the facilitator.",
    },
    "ConfidentialBrief": {
        "position": "What the party says it wants.",
        "assessment": "What it privately believes about the situation.",
        "interests": "Why it wants what it wants.",
        "fears": "What it is afraid of.",
        "red_lines": "What it must not give up, in words (enforced red lines are on options).",
        "instructions": "Instructions from its capital.",
    },
    "Batna": {
        "adjust": "The price of no deal: an amount (a number or an expression read from the "
        "end state, e.g. `-2 * stalled_rounds(relief)`) added to `value` at the end.",
        "value": "What the party gets with no agreement.",
        "description": "What no agreement means for it.",
    },
    "BotSpec": {
        "moves": "Moves the bot plays besides bargaining: move id -> share of rounds, 0 to 1.",
        "policy": "`hardliner`, `conciliator`, `reciprocator`, `mediator` or `observer`.",
        "concession": "How the bot concedes; left out: the policy's default.",
        "reserve": "The value the bot will not go below; left out: its BATNA.",
        "reciprocity": "How strongly it answers in kind; left out: the policy's default.",
        "pressure": "How often it applies pressure; left out: the policy's default.",
        "noise": "How often it picks another acceptable option; left out: the policy's default.",
    },
    "Figure": {
        "id": "Its name in conditions and effects.",
        "name": "Shown on plots.",
        "description": "What it measures.",
        "scope": "`global` (one value), `party` (one per party) or `pair` (one per ordered pair).",
        "parties": "The parties it is kept for; left out: every party.",
        "range": "Lowest and highest value, `[low, high]` with low below high.",
        "start": "The value at the start: one number, or a mapping with `default` and party "
        "ids (or `FROM>TO` keys for a pair figure); must lie inside the range.",
        "visibility": "`public`, `owner` (the party it belongs to) or `facilitator`.",
        "ratification": "Marks a figure that ratification at home depends on.",
    },
    "Asset": {
        "id": "Its name in effects and commitments.",
        "name": 'E.g. "Harbour cranes".',
        "description": "Why it matters.",
        "holder": "The party that holds it at the start.",
        "weight": "How much it adds to its holder's leverage (negative: a burden).",
        "visibility": "`public` or `facilitator`.",
    },
    "Effect": {
        "reopen": "Reopen stalled issues: issue id -> how many more rounds (1 to 20).",
        "prioritise": "An issue whose rounds come next.",
        "add": "Figure key -> amount to add (a number or an expression in quotes).",
        "set": "Figure key -> new value (a number or an expression in quotes).",
        "transfer": "Asset id -> the party it goes to (or `mover`, `target`).",
        "status": "Issue id -> `open`, `agreed`, `deadlocked` or `deferred`.",
        "trigger": "An event id to set off.",
        "narrative": "Text to tell, with placeholders like `{mover}`.",
        "visibility": "Who sees it: `public`, `facilitator`, `mover`, `target` or a party id.",
    },
    "Rule": {
        "id": "Conditions can ask `fired(id)`.",
        "description": "What the rule models.",
        "on": "When it is checked: `move`, `round`, `agreement` or `implementation`.",
        "when": "The condition under which it applies.",
        "then": "The effects it applies.",
        "narrative": "What the adjudicator says; may hold placeholders.",
        "visibility": "Who sees the narrative: `public`, `facilitator`, `mover`, `target` or "
        "a party id.",
        "once": "Apply at most once in a session.",
        "source": "Where the rule comes from.",
    },
    "Event": {
        "id": "Conditions can ask `fired(id)`; effects can `trigger` it.",
        "name": "Its headline.",
        "trigger": "`scheduled` (needs `at`), `conditional` (needs `when`), `chance` (needs "
        "`chance`) or `manual`.",
        "at": "When a scheduled event happens.",
        "when": "The condition a conditional event waits for; on a chance event, the dice "
        "count only while it holds.",
        "chance": "The probability, each round, of a chance event: 0.15 is 15%.",
        "once": "Happen at most once.",
        "text": "What the parties read; may hold placeholders.",
        "visibility": "Who reads it: `public`, `facilitator` or a party id.",
        "effects": "What changes.",
        "source": "Where it comes from.",
    },
    "ScheduleAt": {
        "issue": "The issue whose round it waits for.",
        "round": "The round, counted from 1.",
        "phase": "The phase kind it waits for.",
    },
    "Issue": {
        "id": "Names the issue in conditions, effects and presets.",
        "name": 'E.g. "Harbour access".',
        "description": "What is being decided.",
        "required": "The parties that must accept an option; left out: every delegation.",
        "rounds": "Rounds of negotiation on this issue; left out: from `timing`.",
        "expected_deadlock": "Says this issue is expected to deadlock, and why.",
        "options": "The choices, when there are no dimensions.",
        "dimensions": "Separate decisions, each with its own options.",
        "debrief": "A note for the debrief.",
    },
    "Dimension": {
        "id": "Names the decision.",
        "name": "Its name on screen.",
        "description": "What is being decided.",
        "options": "The choices; at least one.",
    },
    "Option": {
        "attributes": "Numeric facts about the option that conditions read: `{wage: 4}`.",
        "id": "Names the option in conditions and effects.",
        "name": "Its name on screen.",
        "description": "What it means.",
        "values": "What the option is worth to each party: party id -> 0-100 (private).",
        "red_lines": "Parties for which this option crosses a red line: they will not accept it.",
        "credibility": "What the option needs before an agreement on it is believed.",
        "expected_infeasible": "Says this option is expected not to be agreed, and why.",
        "durability": "How well an agreement on this option holds up.",
        "commitments": "What agreeing obliges parties to do during implementation.",
        "effects": "Changes that come with agreeing on it.",
        "debrief": "What this choice teaches, for the debrief.",
        "only_bridge": "The source offers this option as the only bridge on its decision: "
        "the dry run does not warn that it takes over (needs `source`).",
        "source": "Where the source calls it the only bridge: a quotation or a section.",
    },
    "Credibility": {
        "any": "Alternatives: credible when all of the above hold and at least one "
        "alternative (itself all-of) holds.",
        "min_trust": "Each required party's trust in each other one must be at least this "
        "(0 to 100).",
        "guarantee": "Someone must offer a guarantee on the issue.",
        "guarantors": "Who may give that guarantee; left out: anyone.",
        "consent": "Parties who must accept the option too.",
        "requires": "Issue, dimension or option ids that must be agreed as well.",
        "when": "A condition that must hold.",
        "reason": "Why; shown to explain the credibility problem.",
    },
    "Infeasible": {"reason": "Why it is expected."},
    "Commitment": {
        "id": "Conditions can ask `committed(id)` and `reneged(id)`.",
        "party": "Who must carry it out.",
        "text": "What they must do.",
        "stages": "In how many steps.",
        "after": "A commitment it follows stage by stage.",
        "verified_by": "Agreements that verify it: issue, dimension or option ids.",
        "transfers": "Asset id -> party id: assets handed over as it is carried out.",
        "renege_risk": "The basic risk, each stage, that the party breaks it.",
    },
    "Moves": {
        "allow": "Offer only these built-in moves (`pass` is always offered).",
        "labels": "Move id -> the name shown on screen.",
        "who": "Move id -> the parties that may use it.",
        "add": "Your own moves.",
    },
    "CustomMove": {
        "required": "The params the move cannot be made without.",
        "id": "Conditions see it as `move.kind == ID`.",
        "label": "Its name on screen.",
        "description": "Shown to explain it.",
        "like": "The built-in move it behaves like; without it, the move only fires rules.",
        "params": "What the player fills in: `issue`, `option`, `target`, `package`, "
        "`condition`, `remark`.",
        "who": "The parties that may use it.",
    },
    "Phase": {
        "kind": "`briefing`, `preparation`, `rounds`, `caucus`, `package`, `implementation` "
        "or `debrief`.",
        "name": "Its name on screen.",
        "minutes": "How long a briefing, preparation, caucus or debrief lasts.",
        "issues": "The issue ids this phase takes, in order; left out: all.",
        "rounds_per_issue": "Rounds per issue in this phase (package rounds in a package phase).",
        "talk_minutes": "Talk time in each round of this phase.",
        "entry_minutes": "Time to enter a move in this phase.",
        "caucus_minutes": "Length of a caucus break in this phase.",
        "stages": "Implementation stages; left out: the most stages of any commitment.",
        "all_or_nothing": "In a package phase: if any issue is still open, every provisional "
        "agreement falls.",
    },
    "Preset": {
        "id": "Names the running order (`timing.default`).",
        "name": "Its name on screen.",
        "description": "What it is for.",
        "phases": "The phases in order; at least one.",
    },
    "Timing": {
        "default": "The preset picked when a session starts.",
        "rounds_per_issue": "Rounds per issue, unless the issue or phase says otherwise.",
        "talk_minutes": "Talk time in each round.",
        "entry_minutes": "Time to enter a move; a missing move becomes `pass`.",
        "caucus_minutes": "Length of a caucus break.",
        "presets": "Running orders the facilitator can pick from.",
    },
    "Ratification": {
        "min_value": "The least the deal must be worth to the party for its home audience to "
        "accept it: a number or an expression (public threats can raise it).",
        "on_fail": "What a failed vote does: `suspend` (the party carries out none of its "
        "commitments) or `collapse` (nobody carries out anything).",
        "party": "The party whose vote it is.",
        "name": "Its name in the result.",
        "when": "The vote passes if this condition holds at the end.",
        "passes": "Shown when it passes.",
        "fails": "Shown when it fails.",
    },
    "Durability": {
        "trust_weight": "How much the final trust between delegations counts.",
        "implementation_weight": "How much the share of commitment stages carried out counts.",
        "ratification_weight": "How much the share of ratifications passed counts.",
    },
    "OutcomeSpec": {
        "ratification": "Votes at home that the deal must pass.",
        "durability": "The weights of the durability score.",
        "verification_bonus": "How much verification cuts the risk of breaking a commitment.",
    },
}


# --- ranges -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Bounds:
    """The limits a model puts on a number field (None: no limit on that side)."""

    low: float | None = None
    low_open: bool = False
    high: float | None = None
    high_open: bool = False

    def words(self) -> str:
        """`from 0 to 100`, `above 0, up to 1`, `1 or more`."""
        lo, hi = _num(self.low), _num(self.high)
        if self.low is not None and self.high is not None:
            if self.low_open or self.high_open:
                left = f"above {lo}" if self.low_open else f"from {lo}"
                right = f"below {hi}" if self.high_open else f"up to {hi}"
                return f"{left}, {right}"
            return f"from {lo} to {hi}"
        if self.low is not None:
            return f"above {lo}" if self.low_open else f"{lo} or more"
        return f"below {hi}" if self.high_open else f"at most {hi}"


def _num(x: float | None) -> str:
    return "" if x is None else f"{x:g}"


def bounds(model: type[BaseModel], name: str) -> Bounds | None:
    """The numeric limits of `model.name`, read from its constraints."""
    info = model.model_fields.get(name)
    if info is None:
        return None
    lo = hi = None
    lo_open = hi_open = False
    for m in info.metadata:
        if isinstance(m, Ge):
            lo = float(m.ge)  # type: ignore[arg-type]
        elif isinstance(m, Gt):
            lo, lo_open = float(m.gt), True  # type: ignore[arg-type]
        elif isinstance(m, Le):
            hi = float(m.le)  # type: ignore[arg-type]
        elif isinstance(m, Lt):
            hi, hi_open = float(m.lt), True  # type: ignore[arg-type]
    if lo is None and hi is None:
        return None
    return Bounds(lo, lo_open, hi, hi_open)


def count_limits(model: type[BaseModel], name: str) -> tuple[int | None, int | None]:
    """The least and most items a list field takes (None: no limit)."""
    info = model.model_fields.get(name)
    least = most = None
    for m in info.metadata if info else ():
        if isinstance(m, MinLen):
            least = m.min_length
        elif isinstance(m, MaxLen):
            most = m.max_length
    return least, most


def range_text(model: type[BaseModel], name: str) -> str:
    """`a probability per round, above 0, up to 1`; empty for an unbounded field."""
    b = bounds(model, name)
    if b is None:
        return ""
    unit = UNITS.get(name, "a number")
    return f"{unit}, {b.words()}"


def out_of_range(model: type[BaseModel], name: str, given: object) -> str:
    """The message for a number outside its field's range: what the field is, its range,
    and, for a value written as a percentage where a fraction is due, how to write it."""
    b = bounds(model, name)
    text = f"`{name}` is {range_text(model, name)}" if b else f"`{name}` is out of range"
    if isinstance(given, int | float) and not isinstance(given, bool):
        if b and b.high == 1 and 1 < given <= 100:
            return f"{text}: {given:g}% is written `{given / 100:g}`"
        return f"{text}, not {given:g}"
    return text


# --- the schema -----------------------------------------------------------------


def models() -> dict[str, type[BaseModel]]:
    """Every model a scenario is made of, by class name, from `Scenario` down."""
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [Scenario]
    while todo:
        model = todo.pop()
        if model.__name__ in found:
            continue
        found[model.__name__] = model
        for info in model.model_fields.values():
            todo.extend(_models_in(info.annotation))
    return found


def _models_in(tp: Any) -> list[type[BaseModel]]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp]
    if typing.get_origin(tp) in (None,) and not isinstance(tp, types.UnionType):
        return []
    out: list[type[BaseModel]] = []
    for arg in typing.get_args(tp):
        out.extend(_models_in(arg))
    return out


def describe(model: type[BaseModel], name: str) -> str:
    """A field's description: its text, then its range when it has one."""
    text = FIELDS.get(model.__name__, {}).get(name, "")
    limits = range_text(model, name)
    if limits:
        text = f"{text} {limits[0].upper()}{limits[1:]}.".strip()
    least, most = count_limits(model, name)
    if least and least > 1 and f"at least {least}" not in text:
        text = f"{text} At least {least}.".strip()
    return text


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, every field described."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = SCHEMA_DIALECT
    schema["title"] = "Parley scenario"
    by_name = models()
    for name, node in [("Scenario", schema), *schema.get("$defs", {}).items()]:
        model = by_name.get(name)
        if model is None:
            continue
        if name in MODELS:
            node["description"] = MODELS[name]
        for field, prop in node.get("properties", {}).items():
            text = describe(model, field)
            if text:
                prop["description"] = text
    return schema
