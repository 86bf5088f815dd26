"""Every diagnostic code that `parley validate` and `parley lint` report, with one line each.

The "Diagnostic codes" section at the end of scenarios/FORMAT.md is this table,
printed by `python -m app.scenario.codes`; a test checks that the two agree and
that the table holds exactly the codes the checks use.
"""

from __future__ import annotations

# (code, severity it is reported with, what it means), grouped by the stage that finds it.
CODES: tuple[tuple[str, str, str], ...] = (
    # reading the file
    ("file-unreadable", "error", "The file does not exist, is a folder, or cannot be read."),
    ("file-too-large", "error", "The file is larger than 2 MiB."),
    ("file-binary", "error", "The file is not text."),
    ("file-encoding", "error", "The file is not UTF-8 text; save it as UTF-8."),
    ("file-empty", "error", "The file is empty, or holds no YAML document."),
    # YAML
    (
        "yaml-syntax",
        "error",
        "The YAML cannot be read: a tab, a line out of step with its "
        "neighbours, a missing space after a colon, an unclosed quote or bracket...",
    ),
    ("yaml-too-deep", "error", "Nesting deeper than 40 levels."),
    ("yaml-too-large", "error", "Anchors and aliases expand to more than 200,000 values."),
    ("yaml-number", "error", "An integer too long to be a number a scenario means."),
    ("yaml-duplicate-key", "error", "The same key twice in one mapping."),
    ("yaml-key", "error", "A list or mapping used as a key."),
    ("yaml-merge", "error", "A merge key (`<<:`); write the keys out."),
    ("yaml-tag", "error", "A YAML tag (`!something`); scenario files hold plain data."),
    # structure
    ("top-level", "error", "The file is not a mapping of sections."),
    ("format-missing", "error", "No `format:` line; the rest is checked as the current format."),
    ("format-version", "error", "A `format` this Parley does not know (newer, or not a number)."),
    ("unknown-key", "error", "A key the format does not have here (with a did-you-mean)."),
    ("missing-key", "error", "A required key is missing."),
    ("bad-type", "error", "A value of the wrong kind: text for a number, a list for a mapping..."),
    ("empty-value", "error", "A value left empty by an unquoted `#` (a comment) or `&`."),
    ("bad-choice", "error", "A value that must be one of a fixed set of words."),
    ("bad-id", "error", "An id that is not a letter followed by letters, digits or `_`."),
    ("bad-format", "error", "Text of the wrong form, such as a colour that is not `#RRGGBB`."),
    ("bad-size", "error", "Too few or too many items, or a text that is too long."),
    (
        "out-of-range",
        "error",
        "A number outside its field's range (the message gives the range and its unit).",
    ),
    (
        "bad-value",
        "error",
        "A combination of values that cannot be, e.g. an effect with two "
        "actions or a range with low above high.",
    ),
    # references and expressions
    (
        "id-duplicate",
        "error",
        "Two things share an id; the message names the other line, and a note marks it.",
    ),
    ("id-reserved", "error", "An id that is a reserved word or a built-in move's name."),
    ("ref-unknown", "error", "An id that does not exist (with a did-you-mean)."),
    ("ref-kind", "error", "An id of the wrong kind here, e.g. an option where a party is needed."),
    ("party-none", "error", "No party of kind `delegation`."),
    ("figure-scope", "error", "`trust` or `leverage` listed with a scope other than its own."),
    ("figure-start", "error", "A start value keyed in a way that does not fit the figure's scope."),
    ("figure-range", "error", "A start value outside the figure's range."),
    ("value-range", "error", "An option value or `min_trust` outside 0-100."),
    ("effect-figure", "error", "An effect on a figure key that does not exist."),
    ("visibility", "error", "An unknown visibility."),
    ("narrative", "error", "A broken, empty or unknown `{placeholder}` in a text."),
    ("timing-no-rounds", "error", "A preset without a `rounds` or `package` phase."),
    ("move-required", "error", "A custom move that requires a field it does not take."),
    (
        "attribute-name",
        "error",
        "An option attribute named like an id, a figure or a word of the language.",
    ),
    ("expr-syntax", "error", "A condition or amount that cannot be read."),
    ("expr-name", "error", "An unknown name in a condition or amount."),
    ("expr-type", "error", "A condition or amount that mixes kinds of value."),
    # lint
    (
        "no-zopa",
        "error",
        "An issue with no possible agreement that is not marked `expected_deadlock`.",
    ),
    ("no-zopa-expected", "info", "An issue with no possible agreement, as marked."),
    ("rule-never-fires", "error", "A rule whose condition can never hold."),
    ("event-never-happens", "error", "An event that can never happen."),
    ("event-manual", "info", "An event that happens only when the facilitator injects it."),
    ("option-below-batna", "warning", "An option no party values above its BATNA."),
    ("figure-unchanged", "warning", "A figure nothing changes."),
    ("asset-never-transfers", "warning", "An asset nothing transfers."),
    ("brief-missing", "warning", "A party without a confidential brief."),
    ("debrief-missing", "warning", "An option without a debrief note."),
    ("id-case", "warning", "Two ids that differ only by case."),
    ("issue-off-agenda", "warning", "An issue that no timing preset puts on the agenda."),
    (
        "package-one-round",
        "warning",
        "A single all-or-nothing package round: bots table a "
        "package in one round and accept it in the next, so none can close there.",
    ),
    ("option-never-credible", "warning", "An option whose credibility no bot can ever meet."),
)


def markdown() -> str:
    """The code table as it stands at the end of scenarios/FORMAT.md."""
    rows = ["| Code | Severity | Meaning |", "|---|---|---|"]
    rows += [f"| `{code}` | {severity} | {text} |" for code, severity, text in CODES]
    return "\n".join(rows) + "\n"


if __name__ == "__main__":  # pragma: no cover - prints the table for FORMAT.md
    print(markdown(), end="")
