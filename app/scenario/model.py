"""The scenario model: what a scenario file may say, field by field.

These pydantic models check structure and types (unknown keys are refused so
that a typo never passes silently). Cross-references — that an id used here
exists there, that an expression names only what exists — are checked in
`app.scenario.references`, and what validates but cannot work in
`app.scenario.lint`. Every field's meaning, with an example, is in
`scenarios/FORMAT.md`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

FORMAT_VERSION = 2

# Ids appear inside expressions (`support.ua >= 40`), so they are plain
# identifiers: a letter, then letters, digits or underscores.
Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_]*$", max_length=64)]
Text = Annotated[str, StringConstraints(max_length=20_000)]
ShortText = Annotated[str, StringConstraints(max_length=200)]
Expression = Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
# Every number in a scenario is finite: `.nan` and `.inf` are refused where they are written.
Number = Annotated[float, Field(allow_inf_nan=False)]

# Words with a meaning of their own inside expressions and figure keys; no id
# may take them.
RESERVED = frozenset(
    {
        "and",
        "or",
        "not",
        "in",
        "true",
        "false",
        "none",
        "mover",
        "target",
        "others",
        "all",
        "self",
        "round",
        "rounds",
        "rounds_left",
        "phase",
        "issue",
        "move",
        "stage",
        "trust",
        "leverage",
        "public",
        "facilitator",
        "owner",
    }
)

PartyKind = Literal["delegation", "mediator", "outside"]
FigureVisibility = Literal["public", "owner", "facilitator"]
IssueStatus = Literal["open", "agreed", "deadlocked", "deferred"]
PhaseKind = Literal[
    "briefing", "preparation", "rounds", "caucus", "package", "implementation", "debrief"
]
BotPolicyName = Literal["hardliner", "conciliator", "reciprocator", "mediator", "observer"]


# Caps on counts: far above any real scenario (the flagship has 6 parties, 5 issues, 35
# rules), low enough that a hostile file is refused at validation instead of exhausting
# memory in play. Documented in scenarios/FORMAT.md.
MAX_PARTIES = 30
MAX_ISSUES = 40
MAX_DECISIONS = 20  # dimensions of one issue
MAX_OPTIONS = 40  # options of one decision
MAX_FIGURES = 300
MAX_ASSETS = 200
MAX_RULES = 1_000
MAX_EVENTS = 500
MAX_EFFECTS = 100  # effects of one rule, event or option
MAX_PRESETS = 20
MAX_PHASES = 40  # phases of one preset
MAX_ITEMS = 200  # any other list: briefs' points, sources, ids, commitments, moves


class Strict(BaseModel):
    """Base for every scenario model: unknown keys are errors, values immutable."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True
    )


# --- metadata -----------------------------------------------------------------


class Source(Strict):
    title: ShortText
    author: ShortText = ""
    published: ShortText = ""
    url: ShortText = ""
    note: Text = ""


class DebriefGuide(Strict):
    objectives: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    questions: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    notes: Text = ""


class LaterEvent(Strict):
    """Something that happened after the scenario's "as of" date, for the debrief's
    "what happened next" sheet: dated, neutrally worded, with its source."""

    date: Annotated[str, StringConstraints(pattern=r"^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$")]
    text: Text
    source: ShortText = Field(min_length=1)


class Meta(Strict):
    id: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$", max_length=80)]
    title: ShortText
    version: ShortText = "1"
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")] = "en"
    summary: Text = ""
    as_of: ShortText = ""
    disclaimer: Text = ""
    authors: list[ShortText] = Field(default=[], max_length=MAX_ITEMS)
    sources: list[Source] = Field(default=[], max_length=MAX_ITEMS)
    brief: Text = ""
    debrief: DebriefGuide = DebriefGuide.model_construct()
    what_happened_next: list[LaterEvent] = []


# --- parties ------------------------------------------------------------------


class Batna(Strict):
    """What a party gets with no agreement, on the same 0-100 scale as option values."""

    value: Number = Field(ge=0, le=100)
    description: Text = ""
    # The price of no deal: an amount (number or expression) added to `value` at the end,
    # read from the end state (e.g. "-2 * stalled_rounds(relief) - escalation / 10").
    adjust: Number | Expression | None = None


class ConfidentialBrief(Strict):
    """One template for every party: stated position apart from assessment."""

    position: Text = ""
    assessment: Text = ""
    interests: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    fears: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    red_lines: list[Text] = Field(default=[], max_length=MAX_ITEMS)
    instructions: Text = ""

    def is_empty(self) -> bool:
        return not any(
            (self.position, self.assessment, self.interests, self.fears, self.instructions)
        )


class Brief(Strict):
    public: Text = ""
    confidential: ConfidentialBrief = ConfidentialBrief.model_construct()


class BotSpec(Strict):
    """A bot policy and its parameters; any unset parameter takes the policy's default."""

    policy: BotPolicyName
    concession: Number | None = Field(default=None, gt=0, le=20)
    reserve: Number | None = Field(default=None, ge=0, le=100)
    reciprocity: Number | None = Field(default=None, ge=0, le=2)
    pressure: Number | None = Field(default=None, ge=0, le=1)
    noise: Number | None = Field(default=None, ge=0, le=1)
    # Moves the policy plays besides bargaining: move id -> share of rounds (0-1), e.g.
    # {statement: 0.2, strike: 0.1}; a move that needs a target aims at the main opponent.
    moves: dict[Id, Number] = Field(default={}, max_length=MAX_ITEMS)


class Party(Strict):
    id: Id
    name: ShortText
    short: ShortText = ""
    kind: PartyKind = "delegation"
    role: Text = ""
    colour: Annotated[str, StringConstraints(pattern=r"^#[0-9A-Fa-f]{6}$")] = "#777777"
    playable: bool | None = None
    brief: Brief = Brief.model_construct()
    batna: Batna = Batna.model_construct(value=0.0)
    priorities: dict[Id, Number] = {}
    bot: BotSpec | None = None

    def is_playable(self) -> bool:
        return self.playable if self.playable is not None else self.kind != "outside"


# --- figures and assets -------------------------------------------------------


class Figure(Strict):
    """A quantity over time. `trust` (scope pair) and `leverage` (scope party) are built in."""

    id: Id
    name: ShortText = ""
    description: Text = ""
    scope: Literal["global", "party", "pair"] = "global"
    parties: list[Id] | None = Field(default=None, max_length=MAX_PARTIES)
    range: tuple[Number, Number] = (0, 100)
    start: Number | dict[str, Number] = 50
    visibility: FigureVisibility = "public"
    ratification: bool = False

    @model_validator(mode="after")
    def _range_ordered(self) -> Figure:
        if self.range[0] >= self.range[1]:
            raise ValueError(f"range must be [low, high] with low < high, got {list(self.range)}")
        return self


class Asset(Strict):
    """A bargaining chip: it adds `weight` to its holder's leverage."""

    id: Id
    name: ShortText
    description: Text = ""
    holder: Id
    weight: Number = Field(default=5, ge=-100, le=100)
    visibility: Literal["public", "facilitator"] = "public"


# --- effects, rules and events ------------------------------------------------

# A figure key names one figure value: `escalation`, `support.ua`,
# `trust.ua>ru`; party positions may be `mover`, `target` or `others`.
FigureKey = Annotated[str, StringConstraints(min_length=1, max_length=120)]
Amount = Number | Expression


EFFECT_ACTIONS = (
    "add",
    "set",
    "transfer",
    "status",
    "trigger",
    "narrative",
    "reopen",
    "prioritise",
)


class Effect(Strict):
    """One change. Exactly one of the action keys is set."""

    add: dict[FigureKey, Amount] | None = None
    set: dict[FigureKey, Amount] | None = None
    transfer: dict[Id, Id] | None = None
    status: dict[Id, IssueStatus] | None = None
    trigger: Id | None = None
    narrative: Text | None = None
    reopen: dict[Id, Annotated[int, Field(ge=1, le=20)]] | None = None  # issue -> rounds
    prioritise: Id | None = None  # an issue whose rounds come next
    visibility: ShortText = "public"

    @model_validator(mode="after")
    def _one_action(self) -> Effect:
        actions = [k for k in EFFECT_ACTIONS if getattr(self, k) is not None]
        if len(actions) != 1:
            raise ValueError(
                "an effect needs exactly one of add, set, transfer, status, trigger, "
                f"narrative, reopen or prioritise; this one has {', '.join(actions) or 'none'}"
            )
        return self


class Rule(Strict):
    """When a move and the state match `when`, apply `then` and tell `narrative`."""

    id: Id
    description: Text = ""
    on: Literal["move", "round", "agreement", "implementation"] = "move"
    when: Expression = "true"
    then: list[Effect] = Field(default=[], max_length=MAX_EFFECTS)
    narrative: Text = ""
    visibility: ShortText = "public"
    once: bool = False
    source: Text = ""


class ScheduleAt(Strict):
    issue: Id | None = None
    round: int = Field(default=1, ge=1)
    phase: PhaseKind | None = None


class Event(Strict):
    """Something that happens: on schedule, when a condition holds, by chance, or by hand."""

    id: Id
    name: ShortText
    trigger: Literal["scheduled", "conditional", "chance", "manual"]
    at: ScheduleAt | None = None
    when: Expression | None = None
    chance: Number | None = Field(default=None, gt=0, le=1)
    once: bool = True
    text: Text = ""
    visibility: ShortText = "public"
    effects: list[Effect] = Field(default=[], max_length=MAX_EFFECTS)
    source: Text = ""

    @model_validator(mode="after")
    def _trigger_needs(self) -> Event:
        need = {"scheduled": "at", "conditional": "when", "chance": "chance"}.get(self.trigger)
        if need and getattr(self, need) is None:
            raise ValueError(f"a {self.trigger} event needs `{need}`")
        return self


# --- issues and options -------------------------------------------------------


class Credibility(Strict):
    """What an option needs before an agreement on it is believed."""

    min_trust: Number | None = None
    guarantee: bool = False
    guarantors: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    consent: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    requires: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    when: Expression | None = None
    reason: Text = ""
    # Alternatives: the option is credible when everything above holds AND at least one
    # alternative holds (each alternative is itself all-of). Empty: no alternatives needed.
    any: list[Credibility] = Field(default=[], max_length=MAX_ITEMS)


class Infeasible(Strict):
    reason: Text


class Commitment(Strict):
    """What an agreed option obliges a party to do during implementation, stage by stage."""

    id: Id
    party: Id
    text: Text = ""
    stages: int = Field(default=1, ge=1, le=12)
    after: Id | None = None
    verified_by: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    transfers: dict[Id, Id] = {}
    renege_risk: Number = Field(default=0.1, ge=0, le=1)


class Option(Strict):
    id: Id
    name: ShortText
    description: Text = ""
    values: dict[Id, Number] = {}
    red_lines: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    credibility: Credibility | None = None
    expected_infeasible: Infeasible | None = None
    durability: Number = Field(default=60, ge=0, le=100)
    commitments: list[Commitment] = Field(default=[], max_length=MAX_ITEMS)
    effects: list[Effect] = Field(default=[], max_length=MAX_EFFECTS)
    debrief: Text = ""
    attributes: dict[Id, Number] = Field(default={}, max_length=MAX_ITEMS)  # {wage: 4}
    # the source calls this option the only bridge on its decision: a dry run that lands on
    # it in nearly every run is then the analysis' own finding, not a balance problem
    only_bridge: bool = False
    source: Text = ""  # where the source says so (required with `only_bridge`)

    @model_validator(mode="after")
    def _bridge_has_source(self) -> Option:
        if self.only_bridge and not self.source.strip():
            raise ValueError(
                "`only_bridge: true` needs a `source:` saying where the source calls this "
                "option the only bridge (a quotation or a section)"
            )
        if self.only_bridge and self.expected_infeasible is not None:
            raise ValueError("an option cannot be both `only_bridge` and `expected_infeasible`")
        return self


class Dimension(Strict):
    id: Id
    name: ShortText
    description: Text = ""
    options: list[Option] = Field(min_length=1, max_length=MAX_OPTIONS)


class Issue(Strict):
    """An agenda item: options directly, or dimensions agreed one by one."""

    id: Id
    name: ShortText
    description: Text = ""
    required: list[Id] = Field(default=[], max_length=MAX_ITEMS)
    rounds: int | None = Field(default=None, ge=1, le=50)
    expected_deadlock: Infeasible | None = None
    options: list[Option] = Field(default=[], max_length=MAX_OPTIONS)
    dimensions: list[Dimension] = Field(default=[], max_length=MAX_DECISIONS)
    debrief: Text = ""

    @model_validator(mode="after")
    def _options_or_dimensions(self) -> Issue:
        if bool(self.options) == bool(self.dimensions):
            raise ValueError("an issue needs either `options` or `dimensions` (one, not both)")
        return self

    def all_dimensions(self) -> list[Dimension]:
        """The issue's decisions; a plain issue is one decision named like the issue."""
        if self.dimensions:
            return list(self.dimensions)
        # checked already, as parts of this issue: made without validating it again
        return [Dimension.model_construct(id=self.id, name=self.name, options=list(self.options))]

    def all_options(self) -> list[Option]:
        return [o for d in self.all_dimensions() for o in d.options]


# --- moves --------------------------------------------------------------------

MoveParam = Literal["issue", "option", "target", "package", "condition", "remark"]


class CustomMove(Strict):
    """A scenario's own move: behaves like `like` (a built-in kind) or only fires rules."""

    id: Id
    label: ShortText
    description: Text = ""
    like: Id | None = None
    params: list[MoveParam] = ["remark"]
    required: list[MoveParam] = []  # params the move cannot be made without
    who: list[Id] = Field(default=[], max_length=MAX_ITEMS)


class Moves(Strict):
    allow: list[Id] | None = Field(default=None, max_length=MAX_ITEMS)
    labels: dict[Id, ShortText] = {}
    who: dict[Id, list[Id]] = {}
    add: list[CustomMove] = Field(default=[], max_length=MAX_ITEMS)


# --- timing -------------------------------------------------------------------


class Phase(Strict):
    kind: PhaseKind
    name: ShortText = ""
    minutes: Number | None = Field(default=None, ge=0, le=600)
    issues: list[Id] | None = Field(default=None, max_length=MAX_ITEMS)
    rounds_per_issue: int | None = Field(default=None, ge=1, le=50)
    talk_minutes: Number | None = Field(default=None, ge=0, le=120)
    entry_minutes: Number | None = Field(default=None, gt=0, le=60)
    caucus_minutes: Number | None = Field(default=None, ge=0, le=120)
    stages: int | None = Field(default=None, ge=1, le=12)
    all_or_nothing: bool = True


class Preset(Strict):
    id: Id
    name: ShortText
    description: Text = ""
    phases: list[Phase] = Field(min_length=1, max_length=MAX_PHASES)


class Timing(Strict):
    default: Id | None = None
    rounds_per_issue: int = Field(default=3, ge=1, le=50)
    talk_minutes: Number = Field(default=8, ge=0, le=120)
    entry_minutes: Number = Field(default=2, gt=0, le=60)
    caucus_minutes: Number = Field(default=5, ge=0, le=120)
    presets: list[Preset] = Field(default=[], max_length=MAX_PRESETS)


# --- outcome ------------------------------------------------------------------


class Ratification(Strict):
    party: Id
    name: ShortText = "Ratification"
    when: Expression
    passes: Text = ""
    fails: Text = ""
    # The least the deal must be worth to the party (its outcome value) for its home audience
    # to accept it: a number or an expression, so public threats can raise the bar.
    min_value: Number | Expression | None = None
    # A failed ratification: `suspend` (the party carries out none of its commitments) or
    # `collapse` (nobody carries out anything; every option scores at no-deal value).
    on_fail: Literal["suspend", "collapse"] = "suspend"


class Durability(Strict):
    trust_weight: Number = Field(default=0.3, ge=0, le=1)
    implementation_weight: Number = Field(default=0.3, ge=0, le=1)
    ratification_weight: Number = Field(default=0.2, ge=0, le=1)


class OutcomeSpec(Strict):
    ratification: list[Ratification] = Field(default=[], max_length=MAX_ITEMS)
    durability: Durability = Durability.model_construct()
    verification_bonus: Number = Field(default=0.6, ge=0, le=1)


# --- the whole scenario -------------------------------------------------------


class Scenario(Strict):
    format: int
    scenario: Meta
    parties: list[Party] = Field(min_length=2, max_length=MAX_PARTIES)
    figures: list[Figure] = Field(default=[], max_length=MAX_FIGURES)
    assets: list[Asset] = Field(default=[], max_length=MAX_ASSETS)
    issues: list[Issue] = Field(min_length=1, max_length=MAX_ISSUES)
    moves: Moves = Moves.model_construct()
    rules: list[Rule] = Field(default=[], max_length=MAX_RULES)
    events: list[Event] = Field(default=[], max_length=MAX_EVENTS)
    timing: Timing = Timing.model_construct()
    outcome: OutcomeSpec = OutcomeSpec.model_construct()
