"""The adjudicator's answers, round by round, as HTML for a text browser."""

from __future__ import annotations

from html import escape
from typing import Any

from app.engine.compiled import Compiled
from app.engine.transcript import cause_text, figure_label


def answers_html(c: Compiled, history: list[dict[str, Any]]) -> str:
    """Everything in a (viewer-filtered) history that a player reads, newest round last."""
    out: list[str] = []

    def who(p: str | None) -> str:
        party = c.parties.get(p or "")
        return escape(party.short or party.name) if party else escape(str(p))

    def name(ident: str | None) -> str:
        return escape(c.named.get(ident or "", ident or ""))

    for e in history:
        t = e["type"]
        if t == "round":
            where = c.issues[e["issue"]].name if e["issue"] else "Final package"
            out.append(f"<h3>{escape(where)} — round {e['round']} of {e['of']}</h3>")
        elif t == "phase" and e["phase"] in ("package", "implementation", "debrief"):
            out.append(f"<h2>{escape(e['phase'].capitalize())}</h2>")
        elif t == "move":
            kind = c.moves[e["kind"]].label if e["kind"] in c.moves else e["kind"]
            bits = [f"<b>{who(e['party'])}</b>: {escape(kind)}"]
            if e.get("option"):
                bits.append(f"— {name(e['option'])}")
            if e.get("package"):
                bits.append("+ " + ", ".join(name(o) for o in e["package"]))
            if e.get("condition"):
                bits.append(f"if {name(e['condition'])} is agreed")
            if e.get("target"):
                bits.append(f"→ {who(e['target'])}")
            if e.get("by") == "timeout":
                bits.append("<i>(time ran out)</i>")
            if e.get("remark"):
                bits.append(f"<i>“{escape(e['remark'])}”</i>")
            out.append(" ".join(bits) + "<br>")
        elif t == "narrative":
            private = "" if e["visibility"] == "public" else " <small>(confidential)</small>"
            out.append(f"<p>{escape(e['text'])}{private}</p>")
        elif t == "event":
            out.append(f"<p>⚑ <b>{escape(e.get('name') or 'Event')}</b>: "
                       f"{escape(e.get('text') or '')}</p>")  # fmt: skip
        elif t == "figure":
            sign = "+" if e["delta"] > 0 else "−"
            out.append(f"<small>{escape(figure_label(c, e['key']))}: {e['to']:g} "
                       f"({sign}{abs(e['delta']):g}) — {escape(cause_text(c, e['cause']))}"
                       "</small><br>")  # fmt: skip
        elif t == "agreement":
            tail = " (provisional until the final package)" if e.get("provisional") else ""
            pending = " — waits for its condition" if e.get("pending") else ""
            out.append(f"<p>✔ <b>Agreed: {name(e['option'])}</b>{tail}{pending}</p>")
        elif t == "not_credible":
            out.append(f"<p>✘ Not credible: {name(e['option'])} — {escape(e['reason'])}</p>")
        elif t == "missed":
            out.append(f"<p><i>{who(e['party'])}: {escape(e['text'])}</i></p>")
        elif t == "transfer":
            out.append(f"<p>⇄ {name(e['asset'])} passes from {who(e['from'])} to "
                       f"{who(e['to'])}.</p>")  # fmt: skip
        elif t == "package":
            out.append(f"<p><b>Package {escape(e['result'])}.</b> {escape(e.get('text', ''))}</p>")
        elif t == "commitment":
            out.append(f"<p>Implementation: {escape(e['id'])}, stage {e['stage']}: "
                       f"<b>{escape(e['result'])}</b></p>")  # fmt: skip
        elif t == "outcome":
            out.append(outcome_html(c, e))
    return "\n".join(out)


def outcome_html(c: Compiled, e: dict[str, Any]) -> str:
    rows = ["<h2>Outcome</h2><ul>"]
    for iid, info in e["issues"].items():
        agreed = ", ".join(escape(c.named.get(o, o)) for o in info["options"].values())
        rows.append(f"<li><b>{escape(c.issues[iid].name)}</b>: {escape(info['status'])}"
                    + (f" — {agreed}" if agreed else "") + "</li>")  # fmt: skip
    rows.append("</ul><ul>")
    for p, r in e["parties"].items():
        who = c.parties[p].short or c.parties[p].name
        rows.append(f"<li>{escape(who)}: {r['value']:g} against a BATNA of {r['batna']:g}</li>")
    for r in e["ratification"].values():
        rows.append(f"<li>{escape(r['name'])}: {'passed' if r['passed'] else 'failed'} — "
                    f"{escape(r['reason'])}</li>")  # fmt: skip
    rows.append(f"</ul><p>Durability {e['durability']['score']:g}/100: "
                + " ".join(escape(x) for x in e["durability"]["reasons"]) + "</p>")  # fmt: skip
    return "\n".join(rows)
