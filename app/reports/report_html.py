"""The report of one session as HTML: the scenario and its "as of" line, parties and teams,
the timeline and its turning points, the figures' charts, the outcome with its reasons,
the outcome space, a page per delegation, reflections and notes, the reveal and what
happened next. `render` fills a `Page` from the report document (`app.debrief.report`)."""

from __future__ import annotations

from typing import Any

from app.reports.charts import figure_charts, space_chart
from app.reports.page import Page, esc, number, signed

Report = dict[str, Any]


def party_names(report: Report) -> dict[str, str]:
    return {p["id"]: p.get("short") or p["name"] for p in report["parties"]}


def move_text(
    m: dict[str, Any],
    names: dict[str, str],
    who: dict[str, str],
    moves: dict[str, str] | None = None,
) -> str:
    """`Ukraine: Propose A general ceasefire in place — "our opening"`."""
    kind = (moves or {}).get(m["kind"], m["kind"].replace("_", " "))
    text = f"{who.get(m.get('party', ''), m.get('party', ''))}: {kind}"
    if m.get("option"):
        text += f" {names.get(m['option'], m['option'])}"
    if m.get("target"):
        text += f" → {who.get(m['target'], m['target'])}"
    if m.get("package"):
        text += " [" + ", ".join(names.get(o, o) for o in m["package"]) + "]"
    if m.get("condition"):
        text += f" if {names.get(m['condition'], m['condition'])}"
    if m.get("remark"):
        text += f' — "{m["remark"]}"'
    return text


def header(page: Page, report: Report) -> None:
    scn, ses = report["scenario"], report["session"]
    page.h1(scn["title"])
    if scn.get("as_of"):
        page.p(f"As of {scn['as_of']}; a training exercise, not a prediction.", "asof")
    page.paras(scn.get("disclaimer", ""), "muted")
    page.paras(scn.get("summary", ""))
    page.table(
        ["session", ""],
        [
            ["id", ses["id"]],
            ["scenario", f"{scn['id']} (version {scn['version']})"],
            ["status", ses.get("status")],
            ["seed", ses.get("seed")],
            ["timing", ses.get("preset")],
            ["played", f"{_when(ses.get('created'))} to {_when(ses.get('updated'))}"],
        ],
        [25, 75],
    )
    page.h3("Parties and teams")
    page.table(
        ["party", "kind", "played by"],
        [[p["name"], p["kind"], p["seat"] + _people(p)] for p in report["parties"]],
    )


def _when(stamp: Any) -> str:
    return str(stamp or "")[:16].replace("T", " ")


def timeline(page: Page, report: Report) -> None:
    page.section("Timeline", anchor="timeline")
    tps = report.get("turning_points", [])
    if tps:
        page.h3("Turning points: the rounds that moved the figures most")
        page.table(
            ["round", "size", "what moved", "causes"],
            [
                [
                    tp["label"],
                    number(tp["size"]),
                    "; ".join(
                        f"{c['figure']} {signed(c['delta'])} → {number(c['to'])}"
                        for c in tp["changes"]
                    ),
                    "; ".join(tp["causes"]),
                ]
                for tp in tps
            ],
            [20, 8, 42, 30],
        )
        page.p(
            "Size: the changes of the round, each as a percentage of its figure's range, added up.",
            "muted",
        )
    rows = []
    for r in report["timeline"]:
        what, said = round_text(report, r)
        rows.append([f"{r['n']}. {r['label']}", "\n".join(what) or "—", "\n".join(said) or "—"])
    page.table(["round", "moves", "what happened"], rows, [18, 36, 46])


def round_text(report: Report, r: dict[str, Any]) -> tuple[list[str], list[str]]:
    """One round of the timeline as lines: the moves made, and what happened (narratives,
    events, agreements, commitments, facilitator actions, the rules that fired)."""
    names, who = report.get("names", {}), party_names(report)
    kinds = report.get("moves", {})
    what = [move_text(m, names, who, kinds) for m in r["moves"] if m["kind"] != "pass"]
    passed = [who.get(m["party"], m["party"]) for m in r["moves"] if m["kind"] == "pass"]
    if passed:
        what.append("passed: " + ", ".join(passed))
    said = [n["text"] for n in r["narratives"]]
    said += [
        f"Event: {e.get('name') or e.get('event') or ''} {e.get('text') or ''}".strip()
        for e in r["events"]
    ]
    said += [f"Agreed: {names.get(o, o)}" for o in r["agreements"]]
    commitments = report.get("commitments", {})
    said += [
        f"{who.get(c['party'], c['party'])}, "
        f"{commitments.get(c['id'], 'a commitment').rstrip('.')}: {c['result']}"
        for c in r.get("commitments", [])
    ]
    said += [f"Facilitator: {_action(a, report)}" for a in r["facilitator"]]
    rules = report.get("rules", {})
    fired = list(dict.fromkeys(rules[x] for x in r["rules"] if x in rules))
    if fired:
        said.append("Rules that applied: " + "; ".join(fired))
    return what, said


def _action(a: dict[str, Any], report: Report) -> str:
    """A facilitator's action in words (the engine's wording, carried by the report)."""
    return a.get("text") or a.get("action", "").replace("_", " ")


def plots(page: Page, report: Report) -> None:
    page.section("The figures over time", anchor="plots")
    page.p(
        "One point per snapshot (the start, the end of every round and implementation "
        "stage); dashed lines mark where an issue or phase begins.",
        "muted",
    )
    for title, svg in figure_charts(report):
        page.chart(title, svg)


def outcome(page: Page, report: Report) -> None:
    names, who = report.get("names", {}), party_names(report)
    res = report.get("outcome")
    page.section("The outcome", anchor="outcome")
    if not res:
        page.p("The session has not finished: there is no outcome yet.")
        return
    rows = []
    for iid, info in res["issues"].items():
        agreed = "; ".join(names.get(o, o) for o in info["options"].values()) or "—"
        rows.append([names.get(iid, iid), info["status"], agreed])
    page.table(["issue", "status", "what was agreed"], rows, [30, 12, 58])
    page.h3("Each party against its no-deal result")
    if res.get("parties"):
        page.p(
            "The BATNA is what walking away was worth at the start; no deal at the end is "
            "what it was worth when the session ended (delay, escalation and lost ground "
            "lower it).",
            "muted",
        )
        page.table(
            ["party", "value of the deal", "BATNA (start)", "no deal (end)", "against no deal"],
            [
                [
                    who.get(p, p),
                    number(r.get("value")),
                    number(r.get("batna")),
                    number(r.get("no_deal", r.get("batna"))),
                    signed(_against(r)),
                ]
                for p, r in res["parties"].items()
            ],
        )
    else:
        page.p("Each party's result against its BATNA stays private until the reveal.")
    page.h3("Ratification")
    if res.get("ratification"):
        page.table(
            ["party", "ratification", "result", "why"],
            [
                [who.get(p, p), r["name"], "passed" if r["passed"] else "failed", r["reason"]]
                for p, r in res["ratification"].items()
            ],
        )
    else:
        page.p("No agreement to ratify.")
    impl = res.get("implementation", {})
    commitments = report.get("commitments", {})
    if impl:
        page.h3("Implementation")
        page.table(
            ["commitment", "party", "stages carried out", "broken"],
            [
                [
                    commitments.get(cid, cid),
                    who.get(i["party"], i["party"]),
                    f"{i['done']} of {i['stages']}",
                    "reneged" if i.get("reneged") else ("withheld" if i.get("withheld") else "no"),
                ]
                for cid, i in impl.items()
            ],
        )
    dur = res.get("durability")
    if dur:
        page.h3(f"Durability: {number(dur['score'])}/100")
        page.items(dur.get("reasons", []))


def space(page: Page, report: Report) -> None:
    sp = report.get("outcome_space")
    if not sp:
        return
    who = party_names(report)
    page.section("The outcome space", anchor="outcome-space")
    page.paras(sp["explanation"])
    if len(sp.get("pair", [])) == 2:
        page.chart("The outcome space", space_chart(sp, who))
    page.h3("Value left on the table")
    page.p(
        f"Measured against {sp['value_left_measured']}: a positive number is what the party "
        "would have gained at the fair point; a negative one, what it gained beyond it."
    )
    rows = [
        [
            who.get(p, p),
            number(sp["deal"]["values"][p]),
            number(sp["fair_point"]["values"][p]),
            signed(sp["value_left"][p]),
        ]
        for p in sp["parties"]
    ]
    rows.append(["total", "", "", signed(sp["value_left"]["total"])])
    page.table(["party", "this table's deal", "fair point", "left on the table"], rows)
    page.p(
        f"Gap to the frontier: {number(sp['gap_to_frontier'])} (how much every delegation "
        "could have gained at once by moving to a deal on the frontier)."
    )
    names = report.get("names", {})
    page.p(
        "The fair point's options: "
        + "; ".join(names.get(o, o) for o in sp["fair_point"]["options"])
    )


def feedback(page: Page, report: Report) -> None:
    for fb in report.get("feedback", []):
        page.section(f"Feedback: {fb['name']}", anchor=f"feedback-{fb['party']}")
        r = fb["result"]
        page.p(
            f"Result: {number(r['value'])} against a no-deal value of {number(r['no_deal'])} "
            f"({signed(r['vs_no_deal'])})."
        )
        page.h3("Against its confidential goals")
        page.table(
            ["decision", "its best option", "agreed", "red line crossed"],
            [
                [
                    g["decision"],
                    f"{g['best']} ({number(g['best_value'])})",
                    f"{g['agreed']} ({number(g['agreed_value'])})" if g["agreed"] else "—",
                    "yes" if g["red_line"] else "",
                ]
                for g in fb["goals"]
            ],
        )
        page.h3("The moves that moved trust and leverage most")
        page.items_or(
            (
                f"{m.get('issue_name') or 'Final package'} round {m['round']}: {m['label']}"
                + (f" {m['option_name']}" if m.get("option_name") else "")
                + " — "
                + ", ".join(f"{k} {signed(v)}" for k, v in m["changes"].items())
                for m in fb["moves_that_mattered"]
            ),
            "None of its moves changed trust or leverage.",
        )
        page.h3("Offers it left unanswered")
        page.items_or(
            (
                f"{u['option']} ({u['decision']}), tabled by {u['by']}; worth "
                f"{number(u['value'])} to it"
                for u in fb["unanswered"]
            ),
            "None.",
        )
        page.h3("Options on the frontier it never tabled")
        page.items_or(
            (
                f"{u['option']} ({u['decision']}): worth {number(u['value'])} to it"
                for u in fb["untabled_frontier_options"]
            ),
            "None.",
        )


def debrief(page: Page, report: Report) -> None:
    scn = report["scenario"]
    page.section("The debrief", anchor="debrief")
    if scn.get("objectives"):
        page.h3("Learning objectives")
        page.items(scn["objectives"])
    if scn.get("questions"):
        page.h3("Debrief questions")
        page.items(scn["questions"])
    page.h3("The room's reflections")
    page.items_or(
        (f"{_when(n['created'])}: {n['text']}" for n in report["reflections"]), "None recorded."
    )
    page.h3("The facilitator's notes")
    page.items_or(
        (
            f"{_when(n['created'])}"
            + (f" ({n['author']})" if n.get("author") else "")
            + f": {n['text']}"
            for n in report["notes"]
        ),
        "None recorded.",
    )


def reveal(page: Page, report: Report) -> None:
    names, who = report.get("names", {}), party_names(report)
    page.section("The reveal: confidential briefs and what each delegation did", anchor="reveal")
    for r in report["reveal"]:
        page.h3(r["name"])
        conf = r["confidential"]
        brief = [
            f"{k.replace('_', ' ').capitalize()}: "
            + ("; ".join(v) if isinstance(v, list) else " ".join(str(v).split()))
            for k, v in conf.items()
            if v
        ]
        brief.append(
            f"No deal (BATNA {number(r['batna']['value'])}): "
            + " ".join(r["batna"].get("description", "").split())
        )
        did = [
            f"{names.get(m['issue'], m['issue'] or 'Final package')} round {m['round']}: "
            + move_text(m | {"party": r["party"]}, names, who, report.get("moves", {}))
            for m in r["moves"]
        ]
        page.table(
            ["its confidential brief", "what it did"],
            [["\n".join(brief), "\n".join(did) or "it only passed"]],
        )
    if report.get("options_discussed"):
        page.h3("Debrief notes of the options that came up")
        page.table(
            ["option", "decision", "note"],
            [
                [o["option"], o["decision"], " ".join(o["note"].split())]
                for o in report["options_discussed"]
            ],
        )


def later(page: Page, report: Report) -> None:
    events = report.get("what_happened_next") or []
    if not events:
        return
    as_of = report["scenario"].get("as_of") or "the scenario"
    page.section("What happened next", anchor="what-happened-next")
    page.add(
        f"<p class='later'><b>Later than the scenario:</b> these events happened after "
        f"{esc(as_of)}. The delegations could not know them.</p>"
    )
    page.table(
        ["date", "what happened", "source"],
        [[e["date"], " ".join(e["text"].split()), e["source"]] for e in events],
    )


def render(report: Report, images: str = "svg") -> Page:
    page = Page(f"Parley report — {report['scenario']['title']}", images)
    header(page, report)
    for part in (timeline, plots, outcome, space, feedback, debrief, reveal, later):
        part(page, report)
    return page


def _people(party: dict[str, Any]) -> str:
    """`: Ana (head of delegation), Ben (note-taker)` after a team's seat, if given."""
    people = party.get("people") or []
    named = [f"{x['person']} ({x['role']})" if x["role"] else x["person"] for x in people]
    return f": {', '.join(named)}" if named else ""


def _against(result: dict[str, Any]) -> float | None:
    """The deal's value against no deal at the end (the outcome's own measure)."""
    if result.get("value") is None:
        return None
    return round(result["value"] - result.get("no_deal", result.get("batna", 0)), 2)
