"""The debrief view: a finished or paused session, round by round, then the reveal.

    view = DebriefView(controller)      # a SessionController (app.ui.controller)

The view reads the session through the controller (its `session`, `saved.store` and
`saved.id`), rebuilds its report when the controller says something changed, saves the
room's reflections as notes (author `reflection`) and reveals with the engine's `reveal`
command through `controller.apply`. It keeps no game state of its own.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.debrief.report import REFLECTION, build
from app.reports import report_html
from app.reports.page import Page, number, signed
from app.store.roles import roles
from app.ui.controller import SessionController
from app.ui.debrief.documents import browser, show
from app.ui.debrief.plot import TimelinePlot
from app.ui.debrief.space_plot import SpacePlot

PROJECTOR_SCALE = 1.25  # the debrief is read from the back of the room
LARGE_SCALE = 1.6


class DebriefView(QWidget):
    """Tabs: Timeline, Outcome, Outcome space, Feedback, Debrief. `step(n)`, `go(i)` move
    through the rounds; `save_reflection(text)` and `reveal()` act for the room."""

    stepped = Signal(int)  # the timeline index now shown

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.report: dict[str, Any] = {}
        self.current = 0
        self._base = self.font().pointSizeF()
        self._apply_scale(PROJECTOR_SCALE)

        self.title = QLabel()
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.compare_button = QPushButton(self.tr("Compare tables…"))
        self.export_button = QPushButton(self.tr("Export report…"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.compare_button)
        top.addWidget(self.export_button)

        self.tabs = QTabWidget()
        self.timeline = self._timeline_tab()
        self.outcome = browser(self.tr("The outcome"))
        self.space = SpacePlot()
        self.feedback_tab, self.feedback_party, self.feedback = self._feedback_tab()
        self.debrief_tab = self._debrief_tab()
        self.tabs.addTab(self.timeline, self.tr("Timeline"))
        self.tabs.addTab(self.outcome, self.tr("Outcome"))
        self.tabs.addTab(self.space, self.tr("Outcome space"))
        self.tabs.addTab(self.feedback_tab, self.tr("Feedback"))
        self.tabs.addTab(self.debrief_tab, self.tr("Debrief and reveal"))

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        for keys, action in (
            (Qt.Key.Key_Left, lambda: self.step(-1)),
            (Qt.Key.Key_Right, lambda: self.step(1)),
            (Qt.Key.Key_Home, lambda: self.go(0)),
            (Qt.Key.Key_End, lambda: self.go(len(self.report["timeline"]) - 1)),
        ):
            shortcut = QShortcut(QKeySequence(keys), self.timeline)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(action)
        self.compare_button.clicked.connect(self.open_compare)
        self.export_button.clicked.connect(self.export_dialog)
        controller.changed.connect(self._changed)
        self.refresh()

    def set_large_text(self, on: bool) -> None:
        """Larger still, for a big room (the window's Ctrl++)."""
        self._apply_scale(LARGE_SCALE if on else PROJECTOR_SCALE)
        if self.report:
            self.refresh()

    def _apply_scale(self, scale: float) -> None:
        font = QFont(self.font())
        font.setPointSizeF(self._base * scale)
        self.setFont(font)

    # --- building -----------------------------------------------------------------------

    def _timeline_tab(self) -> QWidget:
        self.rounds = QListWidget()
        self.rounds.setAccessibleName(self.tr("Rounds"))
        self.turning = QListWidget()
        self.turning.setAccessibleName(self.tr("Turning points"))
        self.turning.setWordWrap(True)
        self.turning.setAlternatingRowColors(True)
        self.turning.setSpacing(3)
        self.rounds.setWordWrap(True)
        self.plot = TimelinePlot()
        self.round_text = browser(self.tr("What happened in the round"))
        left = QSplitter(Qt.Orientation.Vertical)
        left.addWidget(_titled(self.tr("Rounds (Left/Right, Home/End)"), self.rounds))
        left.addWidget(_titled(self.tr("Turning points (click to go there)"), self.turning))
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.plot)
        right.addWidget(self.round_text)
        right.setSizes([500, 300])
        tab = QSplitter(Qt.Orientation.Horizontal)
        tab.addWidget(left)
        tab.addWidget(right)
        tab.setSizes([380, 1000])
        self.rounds.currentRowChanged.connect(self._show_round)
        self.turning.itemClicked.connect(lambda item: self.go(item.data(Qt.ItemDataRole.UserRole)))
        return tab

    def _feedback_tab(self) -> tuple[QWidget, QComboBox, Any]:
        tab = QWidget()
        party = QComboBox()
        party.setAccessibleName(self.tr("Delegation"))
        page = browser(self.tr("Feedback for the delegation"))
        layout = QVBoxLayout(tab)
        layout.addWidget(party)
        layout.addWidget(page, 1)
        party.currentIndexChanged.connect(self._show_feedback)
        return tab, party, page

    def _debrief_tab(self) -> QWidget:
        self.guide = browser(self.tr("Learning objectives, questions and reflections"))
        self.reflection = QPlainTextEdit()
        self.reflection.setAccessibleName(self.tr("The room's reflection"))
        self.reflection.setPlaceholderText(
            self.tr("What the room said: write it here, then save it with the session.")
        )
        self.reflection.setMaximumHeight(140)
        self.save_button = QPushButton(self.tr("Save reflection"))
        self.reveal_button = QPushButton(self.tr("Reveal the confidential briefs"))
        self.revealed = browser(self.tr("The reveal"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_button)
        buttons.addStretch(1)
        buttons.addWidget(self.reveal_button)
        tab = QSplitter(Qt.Orientation.Vertical)
        before = QWidget()
        col = QVBoxLayout(before)
        col.setContentsMargins(0, 0, 0, 0)
        col.addWidget(self.guide, 1)
        col.addWidget(self.reflection)
        col.addLayout(buttons)
        tab.addWidget(before)
        tab.addWidget(self.revealed)
        self.save_button.clicked.connect(
            lambda: self.save_reflection(self.reflection.toPlainText())
        )
        self.reveal_button.clicked.connect(self.reveal)
        return tab

    # --- what it shows ----------------------------------------------------------------

    def _changed(self, entries: list[dict[str, Any]]) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the report from the session and the stored notes, and show it."""
        saved = self.controller.saved
        session = self.controller.session
        meta = saved.store.get(saved.id)
        # Projected to the room: before the reveal, only what the public may see (no
        # remark, no party's result against its BATNA); after it, everything.
        viewer = "facilitator" if session.revealed else "public"
        self.report = build(
            session.c,
            session,
            session_id=saved.id,
            meta=meta,
            notes=saved.store.notes(saved.id),
            people=roles(saved.store, saved.id),
            viewer=viewer,
        )
        for tab in (self.space, self.feedback_tab):  # both read every party's values
            index = self.tabs.indexOf(tab)
            self.tabs.setTabEnabled(index, session.revealed)
            self.tabs.setTabToolTip(
                index,
                ""
                if session.revealed
                else self.tr("Opens after the reveal: it shows each party's values and BATNA."),
            )
        r = self.report
        scn = r["scenario"]
        as_of = f" — as of {scn['as_of']}; a training exercise" if scn.get("as_of") else ""
        state = "finished" if session.finished else "paused — the story so far"
        self.title.setText(
            f"<b>{_esc(scn['title'])}</b>{_esc(as_of)}<br>Debrief of session "
            f"{_esc(saved.id[:8])} ({state})"
        )
        self.rounds.blockSignals(True)
        self.rounds.clear()
        self.rounds.addItems([f"{x['n']}. {x['label']}" for x in r["timeline"]])
        self.rounds.blockSignals(False)
        self.turning.clear()
        for tp in r["turning_points"]:
            self.turning.addItem(f"{tp['label']} — " + "; ".join(tp["causes"]))
            self.turning.item(self.turning.count() - 1).setData(
                Qt.ItemDataRole.UserRole, tp["n"] - 1
            )
        self.plot.set_report(r)
        self.go(min(self.current, max(0, len(r["timeline"]) - 1)))
        self._show_outcome()
        self.space.set_result(session.c, r["outcome"] if session.revealed else None)
        keep = self.feedback_party.currentIndex()
        self.feedback_party.blockSignals(True)
        self.feedback_party.clear()
        for fb in r["feedback"]:
            self.feedback_party.addItem(fb["name"], fb["party"])
        self.feedback_party.setCurrentIndex(max(0, keep))
        self.feedback_party.blockSignals(False)
        self._show_feedback()
        self._show_debrief()

    def step(self, by: int) -> None:
        self.go(self.current + by)

    def go(self, index: int) -> None:
        """Show round `index` (0-based, clamped) and put the plot's cursor on it."""
        count = len(self.report.get("timeline", []))
        if not count:
            self.plot.set_cursor(0)
            return
        index = max(0, min(index, count - 1))
        if self.rounds.currentRow() != index:
            self.rounds.setCurrentRow(index)  # calls _show_round
        else:
            self._show_round(index)

    def _show_round(self, index: int) -> None:
        if index < 0:
            return
        self.current = index
        r = self.report["timeline"][index]
        self.plot.set_cursor(r["snapshot"])
        what, said = report_html.round_text(self.report, r)
        page = Page(r["label"], "resource")
        page.h3(f"{r['n']}. {r['label']}")
        page.items(what or ["No moves."])
        page.items(said)
        names = self.report["figures"].get("names", {})
        if r["changes"]:
            page.table(
                ["figure", "change", "now"],
                [
                    [names.get(c["key"], c["key"]), signed(c["delta"]), number(c["to"])]
                    for c in r["changes"]
                ],
                [50, 25, 25],
            )
        show(self.round_text, page)
        self.stepped.emit(index)

    def _show_outcome(self) -> None:
        page = Page("Outcome", "resource")
        report_html.outcome(page, self.report)
        show(self.outcome, page)

    def _show_feedback(self) -> None:
        pid = self.feedback_party.currentData()
        page = Page("Feedback", "resource")
        chosen = [fb for fb in self.report.get("feedback", []) if fb["party"] == pid]
        if chosen:
            report_html.feedback(page, self.report | {"feedback": chosen})
        else:
            page.p("Feedback appears when the session ends.")
        show(self.feedback, page)

    def _show_debrief(self) -> None:
        session = self.controller.session
        page = Page("Debrief", "resource")
        report_html.debrief(page, self.report)
        show(self.guide, page)
        self.reveal_button.setEnabled(session.finished and not session.revealed)
        self.reveal_button.setToolTip(
            "" if session.finished else self.tr("The reveal comes when the session has finished.")
        )
        after = Page("Reveal", "resource")
        if session.revealed:
            report_html.reveal(after, self.report)
            report_html.later(after, self.report)
        else:
            after.p(
                "Capture the room's reflections first: the confidential briefs, the "
                "debrief notes of the options and what happened next appear after the "
                "reveal.",
                "muted",
            )
        self.revealed.setVisible(True)
        show(self.revealed, after)

    # --- acting for the room ----------------------------------------------------------

    def save_reflection(self, text: str) -> bool:
        """Save the room's reflection with the session (a note by `reflection`)."""
        text = text.strip()
        if not text:
            return False
        saved = self.controller.saved
        try:
            saved.store.add_note(saved.id, text, REFLECTION)
        except Exception as exc:  # a StoreError says what failed and how to fix it
            QMessageBox.warning(self, self.tr("Not saved"), str(exc))
            return False
        self.reflection.clear()
        self.report["reflections"] = [
            n for n in saved.store.notes(saved.id) if n.get("author") == REFLECTION
        ]
        self._show_debrief()
        return True

    def reveal(self) -> None:
        """The engine's `reveal`: every brief, value and remark shown to the room."""
        self.controller.apply({"type": "reveal"})  # `changed` rebuilds the view

    def export(self, path: str) -> None:
        """Write the report (HTML or, for a `.pdf` path, PDF) through a temporary file."""
        from app.reports.files import write_atomic

        if path.lower().endswith(".pdf"):
            from app.reports.pdf import to_pdf

            write_atomic(path, to_pdf(report_html.render(self.report, "resource")))
        else:
            write_atomic(path, report_html.render(self.report).html())

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the report"),
            f"parley-report-{self.controller.saved.id[:8]}.html",
            self.tr("Web page (*.html);;PDF (*.pdf)"),
        )
        if not path:
            return
        try:
            self.export(path)
        except OSError as exc:
            QMessageBox.warning(
                self,
                self.tr("Not written"),
                f"{path}: {exc.strerror or exc}\n" + self.tr("Choose a folder you may write to."),
            )

    def open_compare(self) -> None:
        from app.ui.debrief.compare_dialog import CompareDialog

        dialog = CompareDialog(self.controller.saved.store, self.controller.saved.id, self)
        dialog.setFont(self.font())
        dialog.resize(self.size())
        dialog.exec()


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(QLabel(f"<b>{_esc(title)}</b>"))
    layout.addWidget(widget, 1)
    return box


def _esc(text: str) -> str:
    from html import escape

    return escape(text)
