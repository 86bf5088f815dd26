"""A dry run's report in plain words for a facilitator, as HTML (Qt-free)."""

from __future__ import annotations

from html import escape
from typing import Any

from app.engine.compiled import Compiled
from app.engine.transcript import party_label
from app.ui.studio.warnings import Warning


def _pct(x: float) -> str:
    return f"{x:.0%}"


def _bar(x: float) -> str:
    """A share as a small bar, readable without colour."""
    return "█" * round(x * 20) + "·" * (20 - round(x * 20))


def report_html(c: Compiled, report: dict[str, Any], warnings: list[Warning]) -> str:
    scn = c.scenario
    runs = report["runs"]
    last = report["seed"] + runs - 1
    parts = [
        f"<h2>{runs} runs with bots</h2><p>Seeds {report['seed']} to {last}: "
        f"<code>parley play --seed N</code> with the same bots replays any one.</p>"
    ]
    if warnings:
        items = "".join(f"<li>{escape(w.message)}</li>" for w in warnings)
        parts.append(f"<h3>⚠ Worth a look ({len(warnings)})</h3><ul>{items}</ul>")
    else:
        parts.append(
            "<h3>✓ Nothing stands out</h3><p>Every issue was agreed sometimes, every "
            "option was chosen, no option took over, every rule fired.</p>"
        )
    parts.append("<h3>How the issues ended</h3>")
    for issue in scn.issues:
        info = report["issues"][issue.id]
        if not info.get("on_agenda", True):
            parts.append(
                f"<p><b>{escape(issue.name)}</b>: not on this preset's agenda, "
                "so not negotiated in these runs.</p>"
            )
            continue
        parts.append(
            f"<p><b>{escape(issue.name)}</b>: agreed in {_pct(info['agreed_rate'])} "
            f"of runs, deadlocked in {_pct(info['deadlock_rate'])}, deferred in "
            f"{_pct(info['deferred_rate'])}.</p>"
        )
        rows = []
        for dim in issue.all_dimensions():
            for o in dim.options:
                share = info["options"].get(o.id, 0.0)
                label = o.name if dim.name == issue.name else f"{dim.name}: {o.name}"
                rows.append(
                    f"<tr><td>{escape(label)}</td><td align='right'>{_pct(share)}</td>"
                    f"<td><tt>{_bar(share)}</tt></td></tr>"
                )
        parts.append(
            "<table cellpadding='2'><tr><th align='left'>Option</th>"
            "<th>chosen in</th><th></th></tr>" + "".join(rows) + "</table>"
        )
    if report["ratification"]:
        parts.append("<h3>Ratification votes</h3><ul>")
        for party, r in report["ratification"].items():
            parts.append(
                f"<li>{escape(party_label(c, party))}: held in {r['held']} runs, "
                f"passed in {_pct(r['rate'])} of them</li>"
            )
        parts.append("</ul>")
    parts.append("<h3>Better than their BATNA</h3><ul>")
    for party, share in report["above_batna"].items():
        parts.append(f"<li>{escape(party_label(c, party))}: in {_pct(share)} of runs</li>")
    parts.append("</ul>")
    for title, ids, shares in (
        ("How often each rule fired", [(r.id, r.description) for r in scn.rules], report["rules"]),
        ("How often each event happened", [(e.id, e.name) for e in scn.events], report["events"]),
    ):
        if not ids:
            continue
        rows = []
        for ident, words in ids:
            share = shares.get(ident, 0.0)
            mark = " <b>never</b>" if share == 0 else ""
            rows.append(
                f"<tr><td><code>{escape(ident)}</code></td><td>{escape(words)}</td>"
                f"<td align='right'>{_pct(share)}{mark}</td></tr>"
            )
        parts.append(
            f"<h3>{title}</h3><p>Share of runs in which it happened at least once."
            f"</p><table cellpadding='2'>{''.join(rows)}</table>"
        )
    return "\n".join(parts)
