"""The adjudicator's answers, round by round, as HTML for a text browser; and the outcome
page. Every wording of a cause, an option or a commitment comes from the transcript, so the
window and the command line say the same thing, with names and never ids."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import QCoreApplication

from app.engine.compiled import Compiled
from app.engine.transcript import (
    cause_text,
    commitment_text,
    figure_label,
    issue_outcome,
    names,
    option_label,
    party_label,
    unsettled_text,
)


def _t(text: str) -> str:
    """Every phrase a player reads goes through Qt's translation."""
    return QCoreApplication.translate("Answers", text)


def answers_html(
    c: Compiled, history: list[dict[str, Any]], viewer: str = "public", reveal: bool = False
) -> str:
    """Everything in a (viewer-filtered) history that a player reads, newest round last.
    A move's remark shows only to its delegation and the facilitator until `reveal`."""
    out: list[str] = []

    def who(p: str | None) -> str:
        return escape(party_label(c, p))

    def name(ident: str | None) -> str:
        return escape(option_label(c, ident))

    for e in history:
        t = e["type"]
        if t == "round":
            where = c.issues[e["issue"]].name if e["issue"] else _t("Final package")
            anchor = f"r{e.get('phase', '')}-{e['issue'] or 'package'}-{e['round']}"
            out.append(
                f"<h3><a name='{escape(anchor)}'></a>{escape(where)} — "
                + _t("round {0} of {1}").format(e["round"], e["of"])
                + "</h3>"
            )
        elif t == "phase" and e["phase"] == "package":
            agenda = [c.issues[i].name for i in e.get("issues") or () if i in c.issues]
            out.append(f"<h2>{_t('Final package')}</h2>")
            if agenda:
                out.append(
                    "<p>"
                    + _t(
                        "On the table together: {0}. Nothing is agreed until everything is agreed."
                    ).format(escape(names(agenda)))
                    + "</p>"
                )
        elif t == "phase" and e["phase"] in ("implementation", "debrief"):
            out.append(f"<h2>{escape(_t(e['phase'].capitalize()))}</h2>")
        elif t == "move":
            out.append(_move_html(c, e, viewer, reveal, who, name))
        elif t == "narrative":
            private = (
                "" if e["visibility"] == "public" else f" <small>{_t('(confidential)')}</small>"
            )
            out.append(f"<p>{escape(e['text'])}{private}</p>")
        elif t == "event":
            out.append(
                f"<p>⚑ <b>{escape(e.get('name') or _t('Event'))}</b>: "
                f"{escape(e.get('text') or '')}</p>"
            )
        elif t == "figure":
            sign = "+" if e["delta"] > 0 else "−"
            out.append(
                f"<span style='color:gray'>{escape(figure_label(c, e['key']))}: "
                f"{e['to']:g} ({sign}{abs(e['delta']):g}) — "
                f"{escape(cause_text(c, e['cause']))}</span><br>"
            )
        elif t == "agreement":
            tail = " " + _t("(provisional until the final package)") if e.get("provisional") else ""
            pending = " — " + _t("waits for its condition") if e.get("pending") else ""
            agreed = _t("Agreed: {0}").format(name(e["option"]))
            out.append(f"<p>✔ <b>{agreed}</b>{tail}{pending}</p>")
        elif t == "not_credible":
            out.append(
                "<p>✘ "
                + _t("Not credible: {0}").format(name(e["option"]))
                + f" — {escape(e['reason'])}</p>"
            )
        elif t == "unsettled":
            out.append(f"<p>… {escape(unsettled_text(c, e))}</p>")
        elif t == "missed":
            out.append(f"<p><i>{who(e['party'])}: {escape(e['text'])}</i></p>")
        elif t == "transfer":
            out.append(
                "<p>⇄ "
                + _t("{0} passes from {1} to {2}.").format(
                    escape(c.named.get(e["asset"], _t("an asset"))), who(e["from"]), who(e["to"])
                )
                + "</p>"
            )
        elif t == "package":
            out.append(
                "<p><b>"
                + _t("Package {0}.").format(escape(e["result"]))
                + f"</b> {escape(e.get('text', ''))}</p>"
            )
        elif t == "commitment":
            out.append(
                "<p>" + _t("Implementation: {0}").format(escape(commitment_text(c, e))) + "</p>"
            )
        elif t == "outcome":
            out.append(
                f"<h2>{_t('Outcome')}</h2><p>"
                + _t("The session has ended: the Outcome tab shows what was agreed and why.")
                + "</p>"
            )
    return "\n".join(out)


def _move_html(
    c: Compiled, e: dict[str, Any], viewer: str, reveal: bool, who: Any, name: Any
) -> str:
    kind = c.moves[e["kind"]].label if e["kind"] in c.moves else e["kind"]
    bits = [f"<b>{who(e['party'])}</b>: {escape(kind)}"]
    if e.get("option"):
        bits.append(f"— {name(e['option'])}")
    elif c.moves.get(e["kind"]) is not None and c.moves[e["kind"]].base == "accept":
        bits.append(_t("(what was on the table)"))
    if e.get("package"):
        bits.append("+ " + ", ".join(name(o) for o in e["package"]))
    if e.get("condition"):
        bits.append(_t("if {0} is agreed").format(name(e["condition"])))
    if e.get("target"):
        bits.append(f"→ {who(e['target'])}")
    if e.get("by") == "timeout":
        bits.append("<i>" + _t("(time ran out)") + "</i>")
    if e.get("remark") and (reveal or viewer in ("facilitator", e["party"])):
        bits.append(f"<i>“{escape(e['remark'])}”</i>")
    return " ".join(bits) + "<br>"


def outcome_page_html(
    c: Compiled, e: dict[str, Any], history: list[dict[str, Any]], viewer: str, reveal: bool
) -> str:
    """The end of the session on one page: per issue what was agreed or not, the viewer's
    result against its BATNA (every party's for the facilitator or after the reveal),
    ratification with its reasons, implementation stage by stage, and durability."""
    rows = [f"<h1>{_t('Outcome')}</h1><h2>{_t('What was agreed')}</h2><ul>"]
    for iid, info in e["issues"].items():
        rows.append(
            f"<li><b>{escape(c.issues[iid].name)}</b>: {escape(issue_outcome(c, iid, info))}</li>"
        )
    rows.append("</ul>")
    everyone = reveal or viewer == "facilitator"
    mine = {p: r for p, r in e["parties"].items() if everyone or p == viewer}
    if mine:
        rows.append(f"<h2>{_t('Against the alternative to a deal (BATNA)')}</h2><ul>")
        for p, r in mine.items():
            better = r["value"] - r["batna"]
            verdict = (
                _t("better than no deal")
                if better > 0
                else _t("no better than no deal")
                if better == 0
                else _t("worse than no deal")
            )
            rows.append(
                f"<li><b>{escape(party_label(c, p))}</b>: "
                + _t("{0} against a BATNA of {1}: {2}").format(
                    f"{r['value']:g}", f"{r['batna']:g}", verdict
                )
                + "</li>"
            )
        rows.append("</ul>")
    elif viewer == "public":
        rows.append(
            "<p><i>"
            + _t(
                "Each delegation sees its own result against its BATNA on "
                "its own screen; BATNAs stay confidential until the "
                "debrief's reveal."
            )
            + "</i></p>"
        )
    if e["ratification"]:
        rows.append(f"<h2>{_t('Ratification')}</h2><ul>")
        for p, r in e["ratification"].items():
            verdict = _t("passed") if r["passed"] else _t("failed")
            rows.append(
                f"<li><b>{escape(r['name'])}</b> ({escape(party_label(c, p))}): "
                f"{verdict} — {escape(r['reason'])}</li>"
            )
        rows.append("</ul>")
    stages = [x for x in history if x["type"] == "commitment"]
    if stages:
        rows.append(f"<h2>{_t('Implementation, stage by stage')}</h2><ol>")
        rows += [f"<li>{escape(commitment_text(c, x))}</li>" for x in stages]
        rows.append("</ol>")
    rows.append(f"<h2>{_t('Durability')}: {e['durability']['score']:g}/100</h2><ul>")
    rows += [f"<li>{escape(x)}</li>" for x in e["durability"]["reasons"]]
    rows.append("</ul>")
    return "\n".join(rows)
