"""What one viewer sees at the table: a delegation (with its brief and move composer)
or the public (the shared screen). Everything comes from `view_for(viewer)`."""

from __future__ import annotations

from html import escape
from typing import Any

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.transcript import figure_label
from app.ui.answers import answers_html
from app.ui.composer import MoveComposer
from app.ui.controller import SessionController


class TableView(QWidget):
    def __init__(self, controller: SessionController, viewer: str,
                 parent: QWidget | None = None) -> None:  # fmt: skip
        super().__init__(parent)
        self.controller = controller
        self.viewer = viewer
        c = controller.compiled
        party = c.parties.get(viewer)
        title = (party.name if party else self.tr("Public view — the whole room"))
        self.title = QLabel(f"<h2>{escape(title)}</h2>")
        self.answers = QTextBrowser()
        self.answers.setAccessibleName(self.tr("The adjudicator's answers"))
        self.agenda = QTreeWidget()
        self.agenda.setHeaderLabels([self.tr("Agenda"), self.tr("Status")])
        self.agenda.setRootIsDecorated(False)
        self.assets = QTreeWidget()
        self.assets.setHeaderLabels([self.tr("Asset"), self.tr("Held by")])
        self.assets.setRootIsDecorated(False)
        self.figures = QTreeWidget()
        self.figures.setHeaderLabels([self.tr("Figure"), self.tr("Now")])
        self.figures.setRootIsDecorated(False)
        self.brief = QTextBrowser()
        self.brief.setOpenExternalLinks(False)

        tabs = QTabWidget()
        tabs.addTab(self.answers, self.tr("Answers"))
        tabs.addTab(self.brief, self.tr("Brief") if party else self.tr("Public brief"))
        tabs.addTab(self.agenda, self.tr("Agenda"))
        tabs.addTab(self.assets, self.tr("Assets"))
        tabs.addTab(self.figures, self.tr("Figures"))
        self.tabs = tabs
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.title)
        lv.addWidget(tabs, 1)
        self.composer: MoveComposer | None = None
        if party is not None and viewer in controller.teams():
            box = QGroupBox(self.tr("Your move"))
            self.composer = MoveComposer(controller, viewer)
            QVBoxLayout(box).addWidget(self.composer)
            lv.addWidget(box)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(left)
        controller.changed.connect(self.refresh)
        self.refresh()

    def refresh(self, _entries: list[Any] | None = None) -> None:
        view = self.controller.view(self.viewer)
        c = self.controller.compiled
        html = answers_html(c, view["history"]) or self.tr(
            "<p><i>The adjudicator's answers appear here, round by round, once the moves "
            "are in.</i></p>")  # fmt: skip
        self._set_html(self.answers, html, keep_end=True)
        self.agenda.clear()
        for issue in view["agenda"]:
            here = " ◀" if issue["id"] == view["issue"] else ""
            QTreeWidgetItem(self.agenda, [issue["name"] + here, issue["status"]])
        self.agenda.resizeColumnToContents(0)
        self.assets.clear()
        for a in view["assets"]:
            holder = c.parties[a["holder"]]
            QTreeWidgetItem(self.assets, [a["name"], holder.short or holder.name])
        self.assets.resizeColumnToContents(0)
        self.figures.clear()
        for key, value in view["figures"].items():
            QTreeWidgetItem(self.figures, [figure_label(c, key), f"{value:g}"])
        self.figures.resizeColumnToContents(0)
        if self.brief.toPlainText() == "":
            self.brief.setHtml(brief_html(view, self.viewer))

    @staticmethod
    def _set_html(browser: QTextBrowser, html: str, *, keep_end: bool) -> None:
        if browser.property("html") == html:
            return
        browser.setProperty("html", html)
        browser.setHtml(html)
        if keep_end:
            bar = browser.verticalScrollBar()
            bar.setValue(bar.maximum())


def brief_html(view: dict[str, Any], viewer: str) -> str:
    """The public brief for everyone; a delegation also gets its confidential brief."""
    scn = view["scenario"]
    parts = [f"<h1>{escape(scn['title'])}</h1>"]
    if scn.get("as_of") or scn.get("disclaimer"):
        parts.append(f"<p><i>{escape(' — '.join(x for x in (scn.get('as_of'), scn.get('disclaimer')) if x))}</i></p>")  # noqa: E501
    parts.append(f"<div>{_markdown(scn.get('brief') or '')}</div>")
    parts.append("<h2>The parties</h2><ul>")
    for p in view["parties"]:
        parts.append(f"<li><b>{escape(p['name'])}</b>: {escape(p['public'] or p['role'])}</li>")
    parts.append("</ul>")
    own = next((p for p in view["parties"] if p["id"] == viewer), None)
    if own and own.get("confidential"):
        conf = own["confidential"]
        parts.append(f"<h2>Confidential — {escape(own['name'])} only</h2>")
        for label, key in (("Stated position", "position"), ("Assessment", "assessment"),
                           ("Instructions", "instructions")):  # fmt: skip
            if conf.get(key):
                parts.append(f"<h3>{label}</h3><p>{escape(conf[key])}</p>")
        for label, key in (("Interests", "interests"), ("Fears", "fears"),
                           ("Red lines", "red_lines")):  # fmt: skip
            if conf.get(key):
                items = "".join(f"<li>{escape(x)}</li>" for x in conf[key])
                parts.append(f"<h3>{label}</h3><ul>{items}</ul>")
        batna = own.get("batna") or {}
        if batna:
            parts.append(f"<h3>If there is no agreement (BATNA: {batna['value']:g})</h3>"
                         f"<p>{escape(batna.get('description', ''))}</p>")  # fmt: skip
    return "\n".join(parts)


def _markdown(text: str) -> str:
    from PySide6.QtGui import QTextDocument

    doc = QTextDocument()
    doc.setMarkdown(text)
    return doc.toHtml()
