"""History entries as plain sentences, for the headless command line."""

from __future__ import annotations

from typing import Any

from app.engine.compiled import Compiled


def describe(c: Compiled, e: dict[str, Any]) -> str:
    """One line (or a few) a facilitator can read; "" for entries not worth a line."""
    t = e["type"]

    def who(p: str | None) -> str:
        party = c.parties.get(p or "")
        return (party.short or party.name) if party else str(p)

    def opt(o: str | None) -> str:
        return c.options[o].name if o in c.options else str(o)

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
    if t == "package":
        return f"  Package {e['result']}." + (f" {e['text']}" if e.get("text") else "")
    if t == "commitment":
        return f"  Implementation: {e['id']} stage {e['stage']} {e['result']}"
    if t == "outcome":
        lines = ["\n== Outcome =="]
        for iid, info in e["issues"].items():
            agreed = ", ".join(opt(o) for o in info["options"].values())
            lines.append(f"  {c.issues[iid].name}: {info['status']}"
                         + (f" ({agreed})" if agreed else ""))  # fmt: skip
        for p, r in e["parties"].items():
            lines.append(f"  {who(p)}: {r['value']:g} against a BATNA of {r['batna']:g}")
        for p, r in e["ratification"].items():
            lines.append(f"  {r['name']}: {'passed' if r['passed'] else 'failed'} — {r['reason']}")
        lines.append(f"  Durability {e['durability']['score']:g}/100")
        return "\n".join(lines)
    return ""


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
    """Why a figure moved, in words: the rule, event, agreement or facilitator action."""
    if "rule" in cause:
        rule = next((r for r in c.scenario.rules if r.id == cause["rule"]), None)
        text = (rule.description or rule.id) if rule else cause["rule"]
        party = c.parties.get(cause.get("party", ""))
        return f"{text}" + (f" ({party.short or party.name})" if party else "")
    if "event" in cause:
        return c.named.get(cause["event"], cause["event"])
    if "facilitator" in cause:
        reason = cause.get("reason")
        return f"facilitator {cause['facilitator']}" + (f": {reason}" if reason else "")
    if "commitment" in cause:
        return f"commitment {cause['commitment']}"
    if "agreement" in cause:
        return f"agreement on {c.named.get(cause['agreement'], cause['agreement'])}"
    if "move" in cause:
        return f"{cause['move']} by {cause.get('party', '?')}"
    return ", ".join(f"{k} {v}" for k, v in cause.items())
