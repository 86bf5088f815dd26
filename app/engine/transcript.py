"""History entries as plain sentences, for the headless command line."""

from __future__ import annotations

from functools import partial
from typing import Any

from app.engine.compiled import Compiled


def describe(c: Compiled, e: dict[str, Any]) -> str:
    """One line (or a few) a facilitator can read; "" for entries not worth a line."""
    t = e["type"]

    def who(p: str | None) -> str:
        return party_label(c, p)

    opt = partial(option_label, c)
    if t == "round":
        where = c.issues[e["issue"]].name if e["issue"] else "Package"
        return f"\n== {where} — round {e['round']} of {e['of']} =="
    if t == "phase":
        return f"\n## {e['phase'].capitalize()}"
    if t == "move":
        kind = c.moves[e["kind"]].label if e["kind"] in c.moves else e["kind"]
        parts = [f"  {who(e['party'])}: {kind}"]
        if e.get("option"):
            parts.append(opt(e["option"]))
        if e.get("package"):
            parts.append("+ " + ", ".join(opt(o) for o in e["package"]))
        if e.get("condition"):
            parts.append(f"if {opt(e['condition'])} is agreed")
        if e.get("target"):
            parts.append(f"→ {who(e['target'])}")
        if e.get("by") == "timeout":
            parts.append("(time ran out)")
        return " ".join(parts)
    if t in ("narrative", "event"):
        prefix = f"  [{e['name']}] " if t == "event" else "    "
        vis = e["visibility"]
        note = "" if vis == "public" else f" (seen by {who(vis) if vis in c.parties else vis})"
        return f"{prefix}{e['text']}{note}"
    if t == "agreement":
        tail = " (provisional)" if e.get("provisional") else ""
        return f"  ✔ Agreed: {opt(e['option'])}{tail}"
    if t == "not_credible":
        return f"  ✘ Not credible: {opt(e['option'])} — {e['reason']}"
    if t == "unsettled":
        return f"  … {unsettled_text(c, e)}"
    if t == "package":
        return f"  Package {e['result']}." + (f" {e['text']}" if e.get("text") else "")
    if t == "commitment":
        return f"  Implementation: {commitment_text(c, e)}"
    if t == "outcome":
        lines = ["\n== Outcome =="]
        for iid, info in e["issues"].items():
            lines.append(f"  {c.issues[iid].name}: {issue_outcome(c, iid, info)}")
        for p, r in e["parties"].items():
            lines.append(f"  {who(p)}: {r['value']:g} against a BATNA of {r['batna']:g}")
        for r in e["ratification"].values():
            lines.append(f"  {r['name']}: {'passed' if r['passed'] else 'failed'} — {r['reason']}")
        lines.append(f"  Durability {e['durability']['score']:g}/100")
        return "\n".join(lines)
    return ""


def party_label(c: Compiled, pid: str | None) -> str:
    party = c.parties.get(pid or "")
    return (party.short or party.name) if party else str(pid)


def option_label(c: Compiled, oid: str | None) -> str:
    """An option with its decision's name, e.g. "Scope of withdrawal: the north only"."""
    opt = c.options.get(oid or "")
    if opt is None:
        return c.named.get(oid or "", str(oid))
    dim = c.dimensions[c.option_dimension[opt.id]]
    if dim.name and dim.name != opt.name:
        return f"{dim.name}: {opt.name}"
    return opt.name


def names(items: list[str]) -> str:
    """["A"] -> "A"; ["A", "B", "C"] -> "A, B and C"."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def unsettled_text(c: Compiled, e: dict[str, Any]) -> str:
    """Why an option proposed or accepted this round is not agreed, in one sentence."""
    accepted = names([party_label(c, p) for p in e.get("accepted_by", [])])
    head = f"Not agreed yet: {option_label(c, e['option'])}"
    if accepted:
        head += f" (accepted by {accepted})"
    return f"{head} — {e['reason']}."


def commitment_text(c: Compiled, e: dict[str, Any]) -> str:
    """A commitment's stage: who, what (the commitment's own words), and how it went."""
    found = next((cm for o in c.options.values() for cm in o.commitments if cm.id == e["id"]), None)
    what = found.text.strip() if found is not None else "a commitment"
    result = {"kept": "carried out", "reneged": "broken", "withheld": "held back"}.get(
        e["result"], e["result"]
    )
    return f"{party_label(c, e.get('party'))}, stage {e['stage']}: {what} — {result}"


def issue_outcome(c: Compiled, iid: str, info: dict[str, Any]) -> str:
    """An issue's end: agreed (on what), partly agreed, deadlocked or deferred; never
    "deadlocked" for an issue that lists agreed options."""
    agreed = [option_label(c, o) for o in info["options"].values()]
    if info["status"] == "agreed" or (
        agreed and len(agreed) == len(c.issues[iid].all_dimensions())
    ):
        return "agreed — " + "; ".join(agreed) if agreed else "agreed"
    if agreed:
        rest = [d.name for d in c.issues[iid].all_dimensions() if d.id not in info["options"]]
        return (
            "partly agreed — "
            + "; ".join(agreed)
            + (f"; no agreement on {names(rest)}" if rest else "")
        )
    return info["status"]


def figure_label(c: Compiled, key: str) -> str:
    """`trust.brevia>aldmere` -> "Trust Brevia → Aldmere"; `tension` -> its name."""
    fid, _, rest = key.partition(".")
    name = c.named.get(fid) or fid.replace("_", " ").capitalize()
    if fid in ("trust", "leverage") and fid not in c.named:
        name = fid.capitalize()

    def who(p: str) -> str:
        party = c.parties.get(p)
        return (party.short or party.name) if party else p

    if ">" in rest:
        a, b = rest.split(">")
        return f"{name} {who(a)} → {who(b)}"
    return f"{name} {who(rest)}" if rest else name


def cause_text(c: Compiled, cause: dict[str, Any]) -> str:
    """Why a figure moved, in words: the rule, event, agreement or facilitator action (names,
    never ids)."""
    if cause.get("confidential"):
        return "for reasons not shared with you"
    party = c.parties.get(cause.get("party") or "")
    by = f" ({party.short or party.name})" if party else ""
    if "rule" in cause:
        rule = next((r for r in c.scenario.rules if r.id == cause["rule"]), None)
        text = rule.description if rule and rule.description else "a rule of the scenario"
        return text + by
    if "event" in cause:
        return c.named.get(cause["event"]) or "an event"
    if "facilitator" in cause:
        reason = cause.get("reason")
        action = {"override": "override", "inject": "injected event"}.get(
            cause["facilitator"], str(cause["facilitator"]).replace("_", " ")
        )
        return f"facilitator's {action}" + (f": {reason}" if reason else "")
    if "commitment" in cause:
        found = next(
            (
                cm
                for o in c.options.values()
                for cm in o.commitments
                if cm.id == cause["commitment"]
            ),
            None,
        )
        return f"commitment: {found.text}" if found is not None else "a commitment"
    if "agreement" in cause:
        ident = cause["agreement"]
        if ident in c.options:
            return f"agreement on {option_label(c, ident)}"
        return f"agreement on {c.named.get(ident) or 'the issue'}"
    if "move" in cause:
        mk = c.moves.get(cause["move"])
        return (mk.label if mk else "a move") + by
    return "other causes"


def seat_text(seat: str) -> str:
    """`team:Kyiv` -> "team Kyiv"; `bot:hardliner` -> "bot (hardliner)"."""
    kind, _, detail = seat.partition(":")
    if kind == "team":
        return f"team {detail}" if detail else "team"
    return f"bot ({detail})" if detail else "bot (scenario's policy)"


def action_text(c: Compiled, e: dict[str, Any]) -> str:
    """One line for a facilitator's action (a `facilitator` history entry), with its reason."""
    text = _action(c, e)
    reason = e.get("reason")
    if reason and e["action"] != "override":  # an override says its reason itself
        text += f" — reason: {reason}"
    return text


def _action(c: Compiled, e: dict[str, Any]) -> str:
    a = e["action"]
    if a == "extend":
        return f"Extended the clock by {e['seconds']:g} s"
    if a == "skip_issue":
        return f"Skipped the issue {c.issues[e['issue']].name}"
    if a == "reorder":
        return "Reordered the issues to come: " + ", ".join(c.issues[i].name for i in e["issues"])
    if a == "inject":
        if e.get("event"):
            return f"Injected the event {c.named.get(e['event']) or e['event']}"
        to = e.get("to", "public")
        return f"Injected ({party_label(c, to) if to in c.parties else to}): {e['text']}"
    if a == "override":
        return f"Set {figure_label(c, e['figure'])} to {e['value']:g} — reason: {e['reason']}"
    if a == "void":
        return f"Voided the move of {party_label(c, e['party'])}"
    if a == "seat":
        return f"Seated {party_label(c, e['party'])} as {seat_text(e['seat'])}"
    if a == "timing":
        return f"Timing for rounds to come: talk {e.get('talk')} s, entry {e.get('entry')} s"
    return {
        "pause": "Paused the clock",
        "resume": "Resumed the clock",
        "end_round": "Ended the round early",
        "reveal": "Revealed the briefs and remarks",
    }.get(a, a.replace("_", " ").capitalize())
