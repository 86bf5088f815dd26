"""The command vocabulary: every command's fields and the shape each must have.

A command is a plain dict with a `type`. `check_shape` refuses anything that is
not a well-formed command of a known type — a wrong type, a list where a word is
expected, a number that is not finite, text that cannot be saved — before the
session looks at it, so a refusal never leaves half a command applied.
Whether a well-formed command makes sense *now* is the session's question.
"""

from __future__ import annotations

import difflib
import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.engine.compiled import Compiled

# field -> its kind: word (an id or a short word), text (free text), number, words (a list
# of ids), amounts (a mapping of figure keys to numbers)
FIELDS: dict[str, str] = {
    "party": "word",
    "kind": "word",
    "issue": "word",
    "option": "word",
    "target": "word",
    "condition": "word",
    "event": "word",
    "figure": "word",
    "visibility": "word",
    "policy": "word",
    "as": "word",
    "name": "text",
    "reason": "text",
    "text": "text",
    "remark": "text",
    "package": "words",
    "issues": "words",
    "seconds": "number",
    "value": "number",
    "talk": "number",
    "entry": "number",
    "add": "amounts",
}

COMMANDS: dict[str, tuple[str, ...]] = {
    "start": (),
    "entry": (),
    "move": ("party", "kind", "issue", "option", "target", "package", "condition", "remark"),
    "timeout": (),
    # the facilitator's commands: each may say why (`reason`), kept in the audit trail
    "end_round": ("reason",),
    "pause": ("reason",),
    "resume": ("reason",),
    "extend": ("seconds", "reason"),
    "skip_issue": ("issue", "reason"),
    "reorder": ("issues", "reason"),
    "inject": ("event", "text", "visibility", "add", "reason"),
    "override": ("figure", "value", "reason"),
    "void": ("party", "reason"),
    "seat": ("party", "as", "policy", "name", "reason"),
    "timing": ("talk", "entry", "reason"),
    "reveal": ("reason",),
}

MAX_WORD = 120
MAX_TEXT = 2000
MAX_ITEMS = 50
MAX_NUMBER = 1e9


class CommandError(Exception):
    """A command that cannot be applied now; says why and what to do instead."""

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def check_shape(command: Any) -> dict[str, Any]:
    """The command with absent (null) fields dropped, or a CommandError saying what is wrong."""
    if not isinstance(command, dict):
        raise CommandError(
            f"a command is a JSON object with a `type`, not {_what(command)}",
            'e.g. {"type": "move", "party": "...", "kind": "propose", ...}',
        )
    kind = command.get("type")
    if not isinstance(kind, str) or kind not in COMMANDS:
        raise CommandError(f"unknown command type {_show(kind)}", f"one of: {', '.join(COMMANDS)}")
    allowed = COMMANDS[kind]
    out: dict[str, Any] = {"type": kind}
    for key, value in command.items():
        if key == "type":
            continue
        if not isinstance(key, str) or key not in allowed:
            takes = ", ".join(allowed) or "no fields"
            raise CommandError(f"`{kind}` takes no field {_show(key)}", f"it takes: {takes}")
        if value is None:
            continue
        out[key] = _field(kind, key, value)
    return out


def _field(kind: str, key: str, value: Any) -> Any:
    want = FIELDS[key]
    where = f"`{kind}`: the field `{key}`"
    if want in ("word", "text"):
        if not isinstance(value, str):
            raise CommandError(f"{where} must be text, not {_what(value)}")
        limit = MAX_WORD if want == "word" else MAX_TEXT
        if len(value) > limit:
            raise CommandError(f"{where} is longer than {limit} characters")
        _encodable(value, where)
        return value
    if want == "number":
        return finite(value, where)
    if want == "words":
        if not isinstance(value, list):
            raise CommandError(f"{where} must be a list of ids, not {_what(value)}")
        if len(value) > MAX_ITEMS:
            raise CommandError(f"{where} lists more than {MAX_ITEMS} items")
        for item in value:
            if not isinstance(item, str) or len(item) > MAX_WORD:
                raise CommandError(f"{where} must hold ids (text), not {_what(item)}")
            _encodable(item, where)
        return list(value)
    if not isinstance(value, dict) or len(value) > MAX_ITEMS:
        raise CommandError(f'{where} must map figure keys to numbers, e.g. {{"tension": 10}}')
    amounts = {}
    for figure, amount in value.items():
        if not isinstance(figure, str) or len(figure) > MAX_WORD:
            raise CommandError(f"{where} must map figure keys to numbers")
        amounts[figure] = finite(amount, f"{where} for `{figure}`")
    return amounts


def finite(value: Any, where: str) -> float:
    """A real, finite number of sensible size; bools, NaN and infinities are refused."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise CommandError(f"{where} must be a number, not {_what(value)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number) or abs(number) > MAX_NUMBER:
        raise CommandError(
            f"{where} must be a finite number no larger than {MAX_NUMBER:g}",
            "NaN and infinity are not numbers a session can use",
        )
    return number if isinstance(value, float) else value


def _encodable(text: str, where: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise CommandError(
            f"{where} holds a character that is not valid Unicode text",
            "retype the text; a lone surrogate cannot be saved",
        ) from None


def _what(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, int | float):
        return "a number"
    return "text"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_names(c: Compiled, cmd: dict[str, Any]) -> None:
    """Every id a (well-shaped) command names exists in the scenario; says which does not,
    with the closest id as a hint. Whether the command makes sense now is the session's."""
    kind = cmd["type"]
    party = cmd.get("party")
    if party is not None and party not in c.parties:
        raise CommandError(f"unknown party {party!r}", one_of(c.parties, party))
    if kind == "move" and cmd.get("kind") is not None and cmd["kind"] not in c.moves:
        raise CommandError(f"unknown move kind {cmd['kind']!r}", one_of(c.moves, cmd["kind"]))
    for field in ("option", "condition"):
        value = cmd.get(field)
        if value is not None and value not in c.options:
            raise CommandError(f"unknown option {value!r}", one_of(c.options, value))
    for value in cmd.get("package") or ():
        if value not in c.options:
            raise CommandError(f"unknown option {value!r} in the package", one_of(c.options, value))
    target = cmd.get("target")
    if target is not None and target not in c.parties:
        raise CommandError(f"unknown party {target!r} as target", one_of(c.parties, target))
    for value in ([cmd["issue"]] if cmd.get("issue") is not None else []) + list(
        cmd.get("issues") or ()
    ):
        if value not in c.issues:
            raise CommandError(f"unknown issue {value!r}", one_of(c.issues, value))
    event = cmd.get("event")
    if event is not None and not any(e.id == event for e in c.scenario.events):
        raise CommandError(
            f"unknown event {event!r}", one_of([e.id for e in c.scenario.events], event)
        )
    keys = [cmd["figure"]] if cmd.get("figure") is not None else []
    for key in keys + list(cmd.get("add") or {}):
        if key not in c.figure_keys:
            raise CommandError(
                f"unknown figure {key!r}",
                one_of(c.figure_keys, key) or "figures look like trust.a>b",
            )
    vis = cmd.get("visibility")
    if vis is not None and vis not in ("public", "facilitator") and vis not in c.parties:
        raise CommandError(
            f"unknown visibility {vis!r}", one_of(["public", "facilitator", *c.parties], vis)
        )


def one_of(pool: Any, given: Any, label: str = "one of") -> str:
    """A hint naming the closest of `pool` to what was given, or else the choices."""
    choices = [str(x) for x in pool]
    close = difflib.get_close_matches(str(given), choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean {close[0]!r}?"
    shown = ", ".join(choices[:12]) + (", ..." if len(choices) > 12 else "")
    return f"{label}: {shown}" if choices else ""
