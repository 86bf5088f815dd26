"""What one delegation reads before play, on screen and on paper: the public brief with
its own confidential brief, its values per option and its BATNA. Built from
`app.engine.visibility.view_for` on a fresh session (the one visibility gate), so a
printed brief can hold nothing another delegation's screen would not show it."""

from __future__ import annotations

from typing import Any

from app.engine.compiled import Compiled
from app.engine.session import Session
from app.engine.visibility import PUBLIC, view_for
from app.reports.page import Page, number

CONFIDENTIAL = (
    ("position", "Position"),
    ("assessment", "Assessment"),
    ("interests", "Interests"),
    ("fears", "Fears"),
    ("red_lines", "Red lines"),
    ("instructions", "Instructions"),
)


def brief_view(c: Compiled, viewer: str = PUBLIC) -> dict[str, Any]:
    """What `viewer` (a party id, or `public`) may read before the first round."""
    return view_for(Session(c, 0), viewer)


def playable(c: Compiled) -> list[str]:
    """The parties a team may play: the ones that get a brief of their own."""
    return [p.id for p in c.scenario.parties if p.is_playable()]


def _me(view: dict[str, Any]) -> dict[str, Any] | None:
    return next((p for p in view["parties"] if p["id"] == view["viewer"]), None)


def text(view: dict[str, Any]) -> str:
    """The brief as plain text, for a terminal or a text file."""
    scn, me = view["scenario"], _me(view)
    out = [scn["title"], "=" * len(scn["title"])]
    if scn.get("as_of"):
        out.append(f"As of {scn['as_of']}; a training exercise, not a prediction.")
    out += ["", _flat(scn.get("disclaimer", "")), "", "THE PUBLIC BRIEF", "", scn["brief"].strip()]
    out += ["", "THE PARTIES"]
    for p in view["parties"]:
        out.append(f"- {p['name']} ({p['kind']}): {_flat(p['role'])}")
        if p.get("public"):
            out.append(f"  {_flat(p['public'])}")
    if me is not None:
        out += ["", f"CONFIDENTIAL: {me['name'].upper()} ONLY", ""]
        conf = me.get("confidential", {})
        for key, title in CONFIDENTIAL:
            value = conf.get(key)
            if not value:
                continue
            out.append(f"{title}:")
            out += (
                [f"  - {_flat(v)}" for v in value]
                if isinstance(value, list)
                else [f"  {_flat(value)}"]
            )
        batna = me.get("batna", {})
        out += [
            "",
            f"If there is no deal (your BATNA, worth {number(batna.get('value'))}/100):",
            f"  {_flat(batna.get('description', ''))}",
            "",
            "WHAT EACH OPTION IS WORTH TO YOU",
        ]
        for issue in view["agenda"]:
            out.append(f"{issue['name']}")
            for d in issue["dimensions"]:
                out.append(f"  {d['name']}")
                for o in d["options"]:
                    line = f"    {number(o.get('value')):>5}  {o['name']}"
                    out.append(line + ("  [red line]" if o.get("red_line") else ""))
    out += ["", "THE AGENDA"] if me is None else []
    if me is None:
        for issue in view["agenda"]:
            out.append(
                f"- {issue['name']}: "
                + "; ".join(o["name"] for d in issue["dimensions"] for o in d["options"])
            )
    return "\n".join(out).rstrip() + "\n"


def _flat(value: Any) -> str:
    return " ".join(str(value or "").split())


def render(view: dict[str, Any], images: str = "svg") -> Page:
    """The brief as a document (HTML or, through `app.reports.pdf`, PDF)."""
    scn, me = view["scenario"], _me(view)
    who = me["name"] if me else "Public brief"
    page = Page(f"{scn['title']} — {who}", images)
    page.h1(scn["title"])
    if me is not None:
        page.p(f"Brief for the {me['name']}. Confidential: for this delegation only.", "later")
    if scn.get("as_of"):
        page.p(f"As of {scn['as_of']}; a training exercise, not a prediction.", "asof")
    page.paras(scn.get("disclaimer", ""), "muted")
    page.section("The public brief", new_page=False)
    page.markdown(scn["brief"])
    page.h3("The parties")
    page.table(
        ["party", "role", "what everyone knows"],
        [[p["name"], _flat(p["role"]), _flat(p.get("public"))] for p in view["parties"]],
        [20, 35, 45],
    )
    if me is None:
        page.h3("The agenda")
        page.table(
            ["issue", "options"],
            [
                [i["name"], "\n".join(o["name"] for d in i["dimensions"] for o in d["options"])]
                for i in view["agenda"]
            ],
            [30, 70],
        )
        return page
    page.section(f"Confidential: {me['name']}")
    conf = me.get("confidential", {})
    for key, title in CONFIDENTIAL:
        value = conf.get(key)
        if not value:
            continue
        page.h3(title)
        if isinstance(value, list):
            page.items(_flat(v) for v in value)
        else:
            page.paras(value)
    batna = me.get("batna", {})
    page.h3(f"If there is no deal: your BATNA, worth {number(batna.get('value'))} out of 100")
    page.paras(batna.get("description", ""))
    page.section("What each option is worth to you")
    for issue in view["agenda"]:
        page.h3(issue["name"])
        page.table(
            ["decision", "option", "value", "red line"],
            [
                [
                    d["name"],
                    o["name"],
                    number(o.get("value")),
                    "red line" if o.get("red_line") else "",
                ]
                for d in issue["dimensions"]
                for o in d["options"]
            ],
            [30, 50, 10, 10],
        )
    return page
