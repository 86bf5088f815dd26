"""The adjudicator's answers, round by round, as HTML for a text browser."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.engine.compiled import Compiled
from app.engine.transcript import cause_text, figure_label


def _t(text: str) -> str:
    """Every phrase a player reads goes through Qt's translation."""
    return QCoreApplication.translate("Answers", text)


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
            where = c.issues[e["issue"]].name if e["issue"] else _t("Final package")
            out.append(f"<h3>{escape(where)} — " + _t("round {0} of {1}").format(
                e["round"], e["of"]) + "</h3>")
        elif t == "phase" and e["phase"] in ("package", "implementation", "debrief"):
            out.append(f"<h2>{escape(_t(e['phase'].capitalize()))}</h2>")
        elif t == "move":
            kind = c.moves[e["kind"]].label if e["kind"] in c.moves else e["kind"]
            bits = [f"<b>{who(e['party'])}</b>: {escape(kind)}"]
            if e.get("option"):
                bits.append(f"— {name(e['option'])}")
            if e.get("package"):
                bits.append("+ " + ", ".join(name(o) for o in e["package"]))
            if e.get("condition"):
                bits.append(_t("if {0} is agreed").format(name(e["condition"])))
            if e.get("target"):
                bits.append(f"→ {who(e['target'])}")
            if e.get("by") == "timeout":
                bits.append("<i>" + _t("(time ran out)") + "</i>")
            if e.get("remark"):
                bits.append(f"<i>“{escape(e['remark'])}”</i>")
            out.append(" ".join(bits) + "<br>")
        elif t == "narrative":
            private = "" if e["visibility"] == "public" else f" <small>{_t('(confidential)')}</small>"
            out.append(f"<p>{escape(e['text'])}{private}</p>")
        elif t == "event":
            out.append(f"<p>⚑ <b>{escape(e.get('name') or _t('Event'))}</b>: "
                       f"{escape(e.get('text') or '')}</p>")  # fmt: skip
        elif t == "figure":
            sign = "+" if e["delta"] > 0 else "−"
            out.append(f"<small>{escape(figure_label(c, e['key']))}: {e['to']:g} "
                       f"({sign}{abs(e['delta']):g}) — {escape(cause_text(c, e['cause']))}"
                       "</small><br>")  # fmt: skip
        elif t == "agreement":
            tail = " " + _t("(provisional until the final package)") if e.get("provisional") else ""
            pending = " — " + _t("waits for its condition") if e.get("pending") else ""
            agreed = _t("Agreed: {0}").format(name(e["option"]))
            out.append(f"<p>✔ <b>{agreed}</b>{tail}{pending}</p>")
        elif t == "not_credible":
            out.append("<p>✘ " + _t("Not credible: {0}").format(name(e["option"]))
                       + f" — {escape(e['reason'])}</p>")  # fmt: skip
        elif t == "missed":
            out.append(f"<p><i>{who(e['party'])}: {escape(e['text'])}</i></p>")
        elif t == "transfer":
            out.append("<p>⇄ " + _t("{0} passes from {1} to {2}.").format(
                name(e["asset"]), who(e["from"]), who(e["to"])) + "</p>")
        elif t == "package":
            out.append("<p><b>" + _t("Package {0}.").format(escape(e["result"]))
                       + f"</b> {escape(e.get('text', ''))}</p>")  # fmt: skip
        elif t == "commitment":
            out.append("<p>" + _t("Implementation: {0}, stage {1}: {2}").format(
                escape(e["id"]), e["stage"], f"<b>{escape(e['result'])}</b>") + "</p>")
        elif t == "outcome":
            out.append(outcome_html(c, e))
    return "\n".join(out)


def outcome_html(c: Compiled, e: dict[str, Any]) -> str:
    rows = [f"<h2>{_t('Outcome')}</h2><ul>"]
    for iid, info in e["issues"].items():
        agreed = ", ".join(escape(c.named.get(o, o)) for o in info["options"].values())
        rows.append(f"<li><b>{escape(c.issues[iid].name)}</b>: {escape(info['status'])}"
                    + (f" — {agreed}" if agreed else "") + "</li>")  # fmt: skip
    rows.append("</ul><ul>")
    for p, r in e["parties"].items():
        who = c.parties[p].short or c.parties[p].name
        rows.append(f"<li>{escape(who)}: " + _t("{0} against a BATNA of {1}").format(
            f"{r['value']:g}", f"{r['batna']:g}") + "</li>")
    for r in e["ratification"].values():
        verdict = _t("passed") if r["passed"] else _t("failed")
        rows.append(f"<li>{escape(r['name'])}: {verdict} — {escape(r['reason'])}</li>")
    rows.append("</ul><p>" + _t("Durability {0}/100:").format(f"{e['durability']['score']:g}") + " "
                + " ".join(escape(x) for x in e["durability"]["reasons"]) + "</p>")  # fmt: skip
    return "\n".join(rows)
