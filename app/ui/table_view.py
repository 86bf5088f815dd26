"""What one viewer sees at the table: a delegation (with its brief and move composer)
or the public (the shared screen). Everything comes from what the controller says the
viewer may see (`view_for`'s rules, entry by entry).

Views are incremental: the answers feed appends the HTML of the entries since the last
refresh, the trees update the rows that changed, and a hidden view waits until it is
shown, so a command costs the same at round 120 as at round 1.
"""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.transcript import figure_label, names, party_label
from app.ui.answers import answers_html, outcome_page_html
from app.ui.composer import MoveComposer
from app.ui.controller import SessionController


class TableView(QWidget):
    def __init__(
        self, controller: SessionController, viewer: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.viewer = viewer
        c = controller.compiled
        party = c.parties.get(viewer)
        title = party.name if party else self.tr("Public view — the whole room")
        self.title = QLabel(f"<h2>{escape(title)}</h2>")
        self.title.setWordWrap(True)  # large text wraps it rather than widening the column
        self.answers = QTextBrowser()
        self.answers.setAccessibleName(self.tr("The adjudicator's answers"))
        self.on_table = QTextBrowser()
        self.on_table.setAccessibleName(self.tr("What is on the table"))
        self.agenda = QTreeWidget()
        self.agenda.setHeaderLabels([self.tr("Agenda"), self.tr("Status")])
        self.assets = QTreeWidget()
        self.assets.setHeaderLabels([self.tr("Asset"), self.tr("Held by")])
        self.assets.setRootIsDecorated(False)
        self.figures = QTreeWidget()
        self.figures.setHeaderLabels([self.tr("Figure"), self.tr("Now")])
        self.figures.setRootIsDecorated(False)
        self.brief = QTextBrowser()
        self.brief.setOpenExternalLinks(False)
        self.outcome = QTextBrowser()
        self.outcome.setAccessibleName(self.tr("The outcome"))

        tabs = QTabWidget()
        tabs.setUsesScrollButtons(True)  # with large text the tabs scroll, never widen the window
        tabs.tabBar().setExpanding(False)
        tabs.addTab(self.answers, self.tr("Answers"))
        tabs.addTab(self.on_table, self.tr("On the table"))
        tabs.addTab(self.brief, self.tr("Brief") if party else self.tr("Public brief"))
        tabs.addTab(self.agenda, self.tr("Agenda"))
        tabs.addTab(self.assets, self.tr("Assets"))
        tabs.addTab(self.figures, self.tr("Figures"))
        self.tabs = tabs
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(tabs, 1)
        self.composer: MoveComposer | None = None
        self.move_box: QGroupBox | None = None
        if party is not None and viewer in controller.teams():
            self.move_box = QGroupBox(self.tr("Your move"))
            self.composer = MoveComposer(controller, viewer)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(self.composer)
            scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            scroll.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            box = QVBoxLayout(self.move_box)
            box.addWidget(scroll, 1)
            box.addWidget(self.composer.submit)  # always in view, however long the form
            layout.addWidget(self.move_box, 2)  # during entry the move has the room
            layout.addWidget(self.composer.state)
        self._done = 0  # entries of the viewer's history already in the answers feed
        self._placeholder = False
        self._key: Any = None  # which history the feed was built from
        self._figure_items: dict[str, QTreeWidgetItem] = {}
        self._dirty = True
        self.brief.setHtml(brief_html(controller.view(viewer), viewer))
        self._brief_revealed = controller.revealed()
        controller.changed.connect(self.refresh)
        self.refresh()

    # --- refreshing ---------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt's name
        if self._dirty:
            self.refresh()
        super().showEvent(event)

    def refresh(self, _entries: list[Any] | None = None) -> None:
        """Bring the view up to date: at once if it is on screen, else when it is shown."""
        if self.isHidden() and _entries is not None:  # a page of the stack not shown
            self._dirty = True
            if self.composer is not None:
                self.composer.refresh(_entries)
            return
        self._dirty = False
        self._feed()
        self._table()
        self._agenda()
        self._assets()
        self._figures()
        self._move_box()
        self._outcome()

    def _feed(self) -> None:
        ctl = self.controller
        history = ctl.history_for(self.viewer)
        key = (id(ctl.session.history.entries), ctl.revealed())
        if key != self._key or len(history) < self._done:
            self._key, self._done = key, 0
            self.answers.clear()
        new = history[self._done :]
        self._done = len(history)
        html = answers_html(ctl.compiled, new, self.viewer, ctl.revealed()) if new else ""
        if html:
            if self._placeholder:
                self.answers.clear()
                self._placeholder = False
            self.answers.append(html)
            bar = self.answers.verticalScrollBar()
            bar.setValue(bar.maximum())  # the newest round in view
        elif not self.answers.document().characterCount() > 1:
            self.answers.setHtml(
                self.tr(
                    "<p><i>The adjudicator's answers appear here, round by round, once the "
                    "moves are in.</i></p>"
                )
            )
            self._placeholder = True

    def _table(self) -> None:
        self.on_table.setHtml(
            table_html(self.controller.table(self.viewer), self.viewer, self.controller.compiled)
        )

    def _agenda(self) -> None:
        ctl = self.controller
        c, st = ctl.compiled, ctl.session.st
        played = set(ctl.played_issues())
        self.agenda.clear()
        for issue in c.scenario.issues:
            here = (
                " ◀"
                if issue.id == st.issue or (st.phase == "package" and issue.id in st.agenda)
                else ""
            )
            status = self.tr(st.status[issue.id])
            if issue.id not in played:
                status = self.tr("not on this session's agenda")
            top = QTreeWidgetItem(self.agenda, [issue.name + here, status])
            dims = issue.all_dimensions()
            if len(dims) > 1 or dims[0].name != issue.name:
                for d in dims:
                    ag = st.agreements.get(d.id)
                    if ag is not None and ag.condition is None:
                        what = (
                            self.tr("provisionally agreed: {0}")
                            if ag.provisional
                            else self.tr("agreed: {0}")
                        ).format(c.options[ag.option].name)
                    else:
                        what = self.tr(
                            st.status[issue.id]
                            if st.status[issue.id] in ("deferred", "deadlocked")
                            else "open"
                        )
                    QTreeWidgetItem(top, [d.name, what])
            top.setExpanded(bool(here))
        self.agenda.resizeColumnToContents(0)

    def _assets(self) -> None:
        c = self.controller.compiled
        self.assets.clear()
        for a in self.controller.assets_for(self.viewer):
            QTreeWidgetItem(self.assets, [a["name"], party_label(c, a["holder"])])
        self.assets.resizeColumnToContents(0)

    def _figures(self) -> None:
        c = self.controller.compiled
        for key, value in self.controller.figures_for(self.viewer).items():
            item = self._figure_items.get(key)
            if item is None:
                item = QTreeWidgetItem(self.figures, [figure_label(c, key), ""])
                self._figure_items[key] = item
            item.setText(1, f"{value:g}")
        self.figures.resizeColumnToContents(0)

    def _move_box(self) -> None:
        """The move form takes room only while this team has a move to enter."""
        if self.move_box is None:
            return
        s = self.controller.session
        self.move_box.setVisible(s.stage == "entry" and self.viewer not in s.pending)

    def _outcome(self) -> None:
        ctl = self.controller
        s = ctl.session
        if not s.finished:
            return
        history = ctl.history_for(self.viewer)
        found = next((e for e in reversed(history) if e["type"] == "outcome"), None)
        if found is None:
            return
        if self.tabs.indexOf(self.outcome) < 0:
            self.tabs.insertTab(0, self.outcome, self.tr("Outcome"))
            self.tabs.setCurrentWidget(self.outcome)
        self.outcome.setHtml(
            outcome_page_html(ctl.compiled, found, history, self.viewer, ctl.revealed())
        )
        if ctl.revealed() != self._brief_revealed:
            self._brief_revealed = ctl.revealed()
            self.brief.setHtml(brief_html(ctl.view(self.viewer), self.viewer))


def table_html(table: dict[str, Any], viewer: str, c: Any) -> str:
    """The decisions under negotiation, each with its status and its standing proposals."""
    if not table["decisions"]:
        return (
            "<p><i>Nothing is being negotiated right now. When a round starts, its "
            "decisions and the proposals on them appear here.</i></p>"
        )
    issues = list(dict.fromkeys(d["issue_name"] for d in table["decisions"]))
    head = "Final package: " + names(issues) if table["phase"] == "package" else issues[0]
    out = [f"<h3>{escape(head)}</h3>"]
    for d in table["decisions"]:
        status = d["status"]
        line = f"<p><b>{escape(d['name'])}</b> — <i>{escape(status)}</i>"
        if d["agreed"] and status != "open":
            line += f": {escape(d['agreed'])}"
        elif d["agreed"] and d["pending"]:
            line += f" ({escape(d['agreed'])} agreed once its condition is)"
        out.append(line + "</p>")
        if not d["proposals"] and status == "open":
            out.append("<p style='margin-left:16px'><i>No proposal yet.</i></p>")
        for p in d["proposals"]:
            acc = names([party_label(c, x) for x in p["accepted_by"]]) or "nobody yet"
            bits = [
                f"<b>{escape(p['name'])}</b>, proposed by {escape(party_label(c, p['by']))};"
                f" accepted by {escape(acc)}"
            ]
            if p["awaiting"]:
                bits.append(
                    "waiting for " + escape(names([party_label(c, x) for x in p["awaiting"]]))
                )
            if p["package"]:
                bits.append("only together with " + escape(names(p["package"])))
            if p["condition"]:
                bits.append("only if " + escape(p["condition"]) + " is agreed")
            bits.append(
                "credible"
                if p["credible"]
                else "not credible yet: needs " + escape(names(p["needs"]) or "more")
            )
            out.append("<p style='margin-left:16px'>• " + "; ".join(bits) + ".</p>")
    return "\n".join(out)


def brief_html(view: dict[str, Any], viewer: str) -> str:
    """The public brief for everyone; a delegation also gets its confidential brief."""
    scn = view["scenario"]
    parts = [f"<h1>{escape(scn['title'])}</h1>"]
    if scn.get("as_of") or scn.get("disclaimer"):
        parts.append(
            f"<p><i>{escape(' — '.join(x for x in (scn.get('as_of'), scn.get('disclaimer')) if x))}</i></p>"
        )  # noqa: E501
    parts.append(f"<div>{_markdown(scn.get('brief') or '')}</div>")
    parts.append("<h2>The parties</h2><ul>")
    for p in view["parties"]:
        parts.append(f"<li><b>{escape(p['name'])}</b>: {escape(p['public'] or p['role'])}</li>")
    parts.append("</ul>")
    own = next((p for p in view["parties"] if p["id"] == viewer), None)
    if own and own.get("confidential"):
        conf = own["confidential"]
        parts.append(f"<h2>Confidential — {escape(own['name'])} only</h2>")
        for label, key in (
            ("Stated position", "position"),
            ("Assessment", "assessment"),
            ("Instructions", "instructions"),
        ):
            if conf.get(key):
                parts.append(f"<h3>{label}</h3><p>{escape(conf[key])}</p>")
        for label, key in (
            ("Interests", "interests"),
            ("Fears", "fears"),
            ("Red lines", "red_lines"),
        ):
            if conf.get(key):
                items = "".join(f"<li>{escape(x)}</li>" for x in conf[key])
                parts.append(f"<h3>{label}</h3><ul>{items}</ul>")
        batna = own.get("batna") or {}
        if batna:
            parts.append(
                f"<h3>If there is no agreement (BATNA: {batna['value']:g})</h3>"
                f"<p>{escape(batna.get('description', ''))}</p>"
            )
    return "\n".join(parts)


def _markdown(text: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setMarkdown(text)
    return doc.toHtml()
