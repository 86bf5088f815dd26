"""The facilitator's console: its own window, opened behind the facilitator's PIN.

Left, the god view: every delegation's seat, whether it has moved this round and what,
and under it its confidential brief, BATNA, values and red lines. At the top, where the
session stands and its clock, with start, pause/resume, extend and end now. On the right,
one tab per kind of action: the agenda (skip, reorder), inject an event, override a
figure, void a move or swap a seat, private notes. Below, the feed: every entry as it
happens, the facilitator's own actions marked ▶. Every action is a command through the
controller's `apply` (engine, then disk, then the views), so it is in the log and the
debrief's timeline; a refusal is said in the status bar. All of it works from the
keyboard: F5-F8 as in the main window, Alt+letter for each tab and button, Ctrl+Return
to send the text being typed.
"""

from __future__ import annotations

import time
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.engine.bots import POLICIES
from app.engine.transcript import figure_label
from app.store.database import StoreError
from app.store.roles import roles, roles_text
from app.ui.console.godview import delegations, feed_text, upcoming_issues, where_text
from app.ui.controller import SessionController

VIEWER = "facilitator"


def briefs_html(rows: list[dict[str, Any]]) -> str:
    """Every delegation's confidential brief, BATNA, values and red lines, one after another
    (an anchor for each, so choosing a delegation scrolls to it)."""
    parts = []
    for row in rows:
        parts.append(f"<h3><a name='{escape(row['id'])}'></a>{escape(row['name'])}</h3><p>")
        parts += [
            f"<b>{escape(label)}:</b> {escape(text.strip())}<br>" for label, text in row["brief"]
        ]
        parts.append("</p><table cellspacing='0' cellpadding='1'>")
        for label, value in row["values"]:
            red = "red line" in value
            style = " style='color:#d62728;font-weight:bold'" if red else ""
            parts.append(
                f"<tr><td>{escape(label)}</td><td align='right'{style}>{escape(value)}</td></tr>"
            )
        parts.append("</table>")
    return "".join(parts)


def add_keys(window: QWidget, keys: dict[str, Any]) -> None:
    """Window-wide shortcuts: each key sequence calls its slot."""
    for key, slot in keys.items():
        action = QAction(window)
        action.setShortcut(QKeySequence(key))
        action.triggered.connect(slot)
        window.addAction(action)


def clock_text(seconds: float) -> str:
    whole = max(0, int(round(seconds)))
    return f"{whole // 60:02d}:{whole % 60:02d}"


class ConsoleWindow(QMainWindow):
    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctl = controller
        self.c = controller.compiled
        title = self.c.scenario.scenario.title
        self.setWindowTitle(self.tr("Facilitator's console — {0}").format(title))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1400, 900)
        central = QWidget()
        self.setCentralWidget(central)
        layout = QVBoxLayout(central)
        layout.addLayout(self._header())
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self._god_view())
        split.addWidget(self._actions())
        split.setSizes([820, 580])
        vertical = QSplitter(Qt.Orientation.Vertical)
        vertical.addWidget(split)
        self.feed = QListWidget()
        self.feed.setAccessibleName(self.tr("Feed"))
        self.feed.setWordWrap(True)
        vertical.addWidget(self.feed)
        vertical.setStretchFactor(0, 3)
        vertical.setStretchFactor(1, 1)
        layout.addWidget(vertical, 1)
        self._keys()
        controller.changed.connect(self.on_changed)
        controller.clock.connect(self.on_clock)
        controller.failed.connect(self.on_failed)
        controller.destroyed.connect(self.close)  # the session was closed in the main window
        for e in controller.history_for(VIEWER):
            self._feed(e, "")
        self.feed.scrollToBottom()
        self.refresh()

    # --- building -----------------------------------------------------------------------

    def _button(self, text: str, slot: Any, tip: str = "") -> QPushButton:
        button = QPushButton(text)
        button.clicked.connect(slot)
        if tip:
            button.setToolTip(tip)
        return button

    def _header(self) -> QHBoxLayout:
        self.where = QLabel()
        self.where.setWordWrap(True)
        self.clock = QLabel("00:00")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2.4)
        font.setBold(True)
        self.clock.setFont(font)
        self.clock.setAccessibleName(self.tr("Clock"))
        self.start_button = self._button(
            self.tr("&Start next (F5)"), self.start_next, self.tr("Begin the next phase or round")
        )
        self.pause_button = self._button(self.tr("&Pause (F6)"), self.toggle_pause)
        self.extend_by = QDoubleSpinBox()
        self.extend_by.setRange(0.25, 60)
        self.extend_by.setValue(1)
        self.extend_by.setSuffix(self.tr(" min"))
        self.extend_by.setAccessibleName(self.tr("Minutes to add"))
        self.extend_button = self._button(self.tr("E&xtend (F7)"), self.extend)
        self.end_button = self._button(
            self.tr("End &now (F8)"),
            self.end_now,
            self.tr(
                "In a round: open move entry now, or end entry (missing moves pass). "
                "In a briefing, preparation or caucus: end it and start the next step."
            ),
        )
        row = QHBoxLayout()
        row.addWidget(self.clock)
        row.addWidget(self.where, 1)
        for w in (
            self.start_button,
            self.pause_button,
            self.extend_by,
            self.extend_button,
            self.end_button,
        ):
            row.addWidget(w)
        return row

    def _god_view(self) -> QWidget:
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Delegation"), self.tr("Seat"), self.tr("This round")])
        self.tree.setAccessibleName(self.tr("Every delegation's seat and move"))
        self.tree.setRootIsDecorated(False)
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 190)
        self.briefs = QTextBrowser()
        self.briefs.setAccessibleName(self.tr("Every delegation's confidential brief"))
        self.tree.currentItemChanged.connect(self._show_brief)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.tree)
        split.addWidget(self.briefs)
        split.setSizes([200, 500])
        return split

    def _actions(self) -> QWidget:
        self.tabs = QTabWidget()
        self.tabs.addTab(self._agenda_tab(), self.tr("&Agenda"))
        self.tabs.addTab(self._inject_tab(), self.tr("&Inject"))
        self.tabs.addTab(self._figures_tab(), self.tr("&Figures"))
        self.tabs.addTab(self._seats_tab(), self.tr("&Moves and seats"))
        self.tabs.addTab(self._notes_tab(), self.tr("No&tes"))
        box = QWidget()
        v = QVBoxLayout(box)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.tabs, 1)
        return box

    def _agenda_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        v.addWidget(QLabel(self.tr("Issues still to come, in order:")))
        self.upcoming = QListWidget()
        self.upcoming.setAccessibleName(self.tr("Issues still to come"))
        v.addWidget(self.upcoming, 1)
        row = QHBoxLayout()
        self.up_button = self._button(self.tr("Move &up"), lambda: self.move_issue(-1))
        self.down_button = self._button(self.tr("Move &down"), lambda: self.move_issue(+1))
        self.order_button = self._button(self.tr("Apply the &order"), self.reorder)
        self.skip_button = self._button(
            self.tr("S&kip the issue"),
            self.skip_issue,
            self.tr("Take the selected issue off the agenda"),
        )
        for b in (self.up_button, self.down_button, self.order_button, self.skip_button):
            row.addWidget(b)
        v.addLayout(row)
        return page

    def _inject_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.event = QComboBox()
        for ev in self.c.scenario.events:
            self.event.addItem(f"{ev.name} ({ev.trigger})", ev.id)
            self.event.setItemData(self.event.count() - 1, ev.text, Qt.ItemDataRole.ToolTipRole)
        form.addRow(self.tr("Scenario &event:"), self.event)
        self.event_button = self._button(self.tr("Inject the e&vent"), self.inject_event)
        form.addRow("", self.event_button)
        self.inject_text = QPlainTextEdit()
        self.inject_text.setPlaceholderText(
            self.tr("Or an event of your own: a cable from the capital, news from the front…")
        )
        self.inject_text.setTabChangesFocus(True)
        form.addRow(self.tr("&Your own text:"), self.inject_text)
        self.inject_to = QComboBox()
        self.inject_to.addItem(self.tr("Everyone (public)"), "public")
        for p in self.c.scenario.parties:
            self.inject_to.addItem(self.tr("Only {0} (confidential)").format(p.name), p.id)
        self.inject_to.addItem(self.tr("The facilitator only"), "facilitator")
        form.addRow(self.tr("Seen &by:"), self.inject_to)
        self.add_figure = QComboBox()
        self.add_figure.addItem(self.tr("(no figure changes)"), "")
        for key in self.ctl.session.st.figures:
            self.add_figure.addItem(figure_label(self.c, key), key)
        self.add_amount = QDoubleSpinBox()
        self.add_amount.setRange(-100, 100)
        row = QHBoxLayout()
        row.addWidget(self.add_figure, 1)
        row.addWidget(self.add_amount)
        form.addRow(self.tr("&Change figure:"), row)
        self.text_button = self._button(self.tr("Inject the text (Ctrl+Return)"), self.inject_own)
        form.addRow("", self.text_button)
        return page

    def _figures_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.figure = QComboBox()
        for key in self.ctl.session.st.figures:
            self.figure.addItem(figure_label(self.c, key), key)
        self.figure.currentIndexChanged.connect(self._figure_value)
        form.addRow(self.tr("Fi&gure:"), self.figure)
        self.value = QDoubleSpinBox()
        self.value.setRange(-1000, 1000)
        self.value.setDecimals(1)
        form.addRow(self.tr("&Value:"), self.value)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText(self.tr("required: shown in the debrief"))
        form.addRow(self.tr("&Reason:"), self.reason)
        self.override_button = self._button(self.tr("&Override"), self.override)
        form.addRow("", self.override_button)
        return page

    def _seats_tab(self) -> QWidget:
        page = QWidget()
        form = QFormLayout(page)
        self.party = QComboBox()
        for p in self.c.scenario.parties:
            self.party.addItem(p.name, p.id)
        form.addRow(self.tr("&Delegation:"), self.party)
        self.void_button = self._button(
            self.tr("&Void its move this round"),
            self.void,
            self.tr("A mis-entered move: the team enters it again, a bot moves anew"),
        )
        form.addRow("", self.void_button)
        self.seat_kind = QComboBox()
        self.seat_kind.addItem(self.tr("A team"), "team")
        self.seat_kind.addItem(self.tr("Bot: as the scenario says"), "")
        for policy in POLICIES:
            self.seat_kind.addItem(self.tr("Bot: {0}").format(policy), policy)
        form.addRow(self.tr("P&layed by:"), self.seat_kind)
        self.seat_name = QLineEdit()
        self.seat_name.setPlaceholderText(self.tr("team name (optional)"))
        form.addRow(self.tr("Team nam&e:"), self.seat_name)
        self.seat_button = self._button(self.tr("S&wap the seat"), self.seat)
        form.addRow("", self.seat_button)
        return page

    def _notes_tab(self) -> QWidget:
        page = QWidget()
        v = QVBoxLayout(page)
        self.note = QPlainTextEdit()
        self.note.setPlaceholderText(
            self.tr(
                "Private notes for the debrief (never shown to "
                "the teams); stamped with the phase and round"
            )
        )
        self.note.setTabChangesFocus(True)
        v.addWidget(self.note, 1)
        self.note_button = self._button(self.tr("Add the note (Ctrl+Return)"), self.add_note)
        v.addWidget(self.note_button)
        self.notes = QListWidget()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setWordWrap(True)
        v.addWidget(self.notes, 2)
        self._load_notes()
        return page

    def _keys(self) -> None:
        add_keys(
            self,
            {"F5": self.start_next, "F6": self.toggle_pause, "F7": self.extend, "F8": self.end_now},
        )
        for widget, slot in ((self.inject_text, self.inject_own), (self.note, self.add_note)):
            for key in ("Ctrl+Return", "Ctrl+Enter"):
                sc = QShortcut(QKeySequence(key), widget)
                sc.setContext(Qt.ShortcutContext.WidgetShortcut)
                sc.activated.connect(slot)
        for n in range(self.tabs.count()):  # Ctrl+1..5: the tabs, as well as Alt+letter
            sc = QShortcut(QKeySequence(f"Ctrl+{n + 1}"), self)
            sc.activated.connect(lambda n=n: self.tabs.setCurrentIndex(n))
        self.statusBar().showMessage(
            self.tr("F5 start next · F6 pause/resume · F7 extend · F8 end now · Ctrl+1..5 tabs")
        )

    # --- the one command path ----------------------------------------------------------

    def act(self, command: dict[str, Any]) -> bool:
        """Send one command through the controller (engine, disk, every view)."""
        done = self.ctl.apply(command, "app") is not None
        if done:
            self.statusBar().showMessage(self.tr("Done: {0}").format(command["type"]), 6000)
        return done

    def on_failed(self, message: str, hint: str) -> None:
        if self.isVisible():
            self.statusBar().showMessage(f"{message} — {hint}" if hint else message, 12000)

    # --- the clock -----------------------------------------------------------------------

    def start_next(self) -> None:
        self.act({"type": "start"})

    def toggle_pause(self) -> None:
        self.act({"type": "resume" if self.ctl.session.paused else "pause"})

    def extend(self) -> None:
        self.act({"type": "extend", "seconds": round(self.extend_by.value() * 60, 1)})

    def end_now(self) -> None:
        """End talk or entry; outside a round, end the briefing, preparation or caucus by
        starting the next step (the engine's `end_round` acts in rounds only)."""
        s = self.ctl.session
        if s.stage in ("talk", "entry"):
            self.act({"type": "end_round"})
        elif s.stage in ("running", "resolved", "ready"):
            self.act({"type": "start"})

    # --- the agenda ------------------------------------------------------------------------

    def _selected_issue(self) -> str | None:
        item = self.upcoming.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def move_issue(self, step: int) -> None:
        row = self.upcoming.currentRow()
        to = row + step
        if row < 0 or not 0 <= to < self.upcoming.count():
            return
        item = self.upcoming.takeItem(row)
        self.upcoming.insertItem(to, item)
        self.upcoming.setCurrentRow(to)

    def reorder(self) -> None:
        order = [
            self.upcoming.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.upcoming.count())
        ]
        self.act({"type": "reorder", "issues": order})

    def skip_issue(self) -> None:
        issue = self._selected_issue()
        if issue is not None:
            self.act({"type": "skip_issue", "issue": issue})

    # --- injecting, overriding, voiding, seating --------------------------------------------

    def inject_event(self) -> None:
        if self.event.count():
            self.act({"type": "inject", "event": self.event.currentData()})

    def inject_own(self) -> None:
        text = self.inject_text.toPlainText().strip()
        if not text:
            self.statusBar().showMessage(self.tr("Type the event's text first."), 6000)
            self.inject_text.setFocus()
            return
        command: dict[str, Any] = {
            "type": "inject",
            "text": text,
            "visibility": self.inject_to.currentData(),
        }
        if self.add_figure.currentData() and self.add_amount.value():
            command["add"] = {self.add_figure.currentData(): self.add_amount.value()}
        if self.act(command):
            self.inject_text.clear()

    def _figure_value(self) -> None:
        key = self.figure.currentData()
        if key in self.ctl.session.st.figures:
            self.value.setValue(self.ctl.session.st.figures[key])

    def override(self) -> None:
        reason = self.reason.text().strip()
        if not reason:
            self.statusBar().showMessage(
                self.tr("An override needs a reason: it is shown in the debrief."), 8000
            )
            self.reason.setFocus()
            return
        if self.act(
            {
                "type": "override",
                "figure": self.figure.currentData(),
                "value": self.value.value(),
                "reason": reason,
            }
        ):
            self.reason.clear()

    def void(self) -> None:
        self.act({"type": "void", "party": self.party.currentData()})

    def seat(self) -> None:
        kind = self.seat_kind.currentData()
        command: dict[str, Any] = {"type": "seat", "party": self.party.currentData()}
        if kind == "team":
            command |= {"as": "team", "name": self.seat_name.text().strip() or None}
        else:
            command |= {"as": "bot"} | ({"policy": kind} if kind else {})
        self.act(command)

    # --- notes ---------------------------------------------------------------------------

    def add_note(self) -> None:
        text = self.note.toPlainText().strip()
        if not text:
            return
        stamped = f"[{where_text(self.ctl.session)}] {text}"
        try:
            self.ctl.saved.store.add_note(self.ctl.saved.id, stamped, "facilitator")
        except StoreError as exc:
            self.on_failed(exc.message, exc.hint)
            return
        self.note.clear()
        self._load_notes()

    def _load_notes(self) -> None:
        self.notes.clear()
        try:
            rows = self.ctl.saved.store.notes(self.ctl.saved.id)
        except StoreError:
            rows = []
        for row in rows:
            if row["author"] == "facilitator":
                self.notes.addItem(f"{row['created'][11:19]} {row['text']}")

    # --- keeping up --------------------------------------------------------------------------

    def _feed(self, e: dict[str, Any], when: str) -> None:
        text = feed_text(self.c, e)
        if not text:
            return
        item = QListWidgetItem(f"{when}  {text}" if when else text)
        if e["type"] == "facilitator":
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.feed.addItem(item)

    def on_changed(self, entries: list[dict[str, Any]]) -> None:
        when = time.strftime("%H:%M:%S")
        for e in entries:
            self._feed(e, when)
        self.feed.scrollToBottom()
        self.refresh()

    def on_clock(self, seconds: float, stage: str) -> None:
        self.clock.setText(clock_text(seconds))

    def refresh(self) -> None:
        s = self.ctl.session
        self.where.setText(where_text(s))
        self.clock.setText(clock_text(s.time_left()))
        live = not s.finished
        in_round = s.stage in ("talk", "entry")
        self.start_button.setEnabled(live and not in_round)
        self.pause_button.setText(self.tr("Resume (F6)") if s.paused else self.tr("&Pause (F6)"))
        self.pause_button.setEnabled(live)
        self.extend_button.setEnabled(live and s.timer is not None)
        self.end_button.setEnabled(live and s.stage != "ready")
        self.void_button.setEnabled(s.stage == "entry")
        self._fill_tree()
        self._fill_upcoming()

    def _fill_tree(self) -> None:
        """One row per delegation: its seat (and people) and its move this round, updated in
        place so the selection stays where the facilitator put it."""
        try:
            people = roles(self.ctl.saved.store, self.ctl.saved.id)
        except StoreError:
            people = {}
        rows = delegations(self.ctl.session, self.ctl.view(VIEWER))
        if self.briefs.document().isEmpty():
            self.briefs.setHtml(briefs_html(rows))
        for n, row in enumerate(rows):
            seat = row["seat"]
            if people.get(row["id"]):
                seat += f" — {roles_text(people[row['id']])}"
            if n == self.tree.topLevelItemCount():
                top = QTreeWidgetItem([row["name"]])
                top.setData(0, Qt.ItemDataRole.UserRole, row["id"])
                font = top.font(0)
                font.setBold(True)
                top.setFont(0, font)
                self.tree.addTopLevelItem(top)
            top = self.tree.topLevelItem(n)
            top.setText(1, seat)
            top.setText(2, row["move"])
            top.setToolTip(2, row["move"])

    def _show_brief(self) -> None:
        item = self.tree.currentItem()
        if item is not None:
            self.briefs.scrollToAnchor(item.data(0, Qt.ItemDataRole.UserRole))

    def _fill_upcoming(self) -> None:
        chosen = self._selected_issue()
        self.upcoming.clear()
        for iid in upcoming_issues(self.ctl.session):
            item = QListWidgetItem(self.c.issues[iid].name)
            item.setData(Qt.ItemDataRole.UserRole, iid)
            self.upcoming.addItem(item)
            if iid == chosen:
                self.upcoming.setCurrentItem(item)
        if self.upcoming.currentRow() < 0 and self.upcoming.count():
            self.upcoming.setCurrentRow(0)


def open_console(window: Any) -> ConsoleWindow | None:
    """The console of the main window's session, after the facilitator's PIN (the same
    check as a team's screen out of turn); None if there is no session or the PIN fails."""
    if window.controller is None or window.page is None:
        window.statusBar().showMessage(window.tr("Start or resume a session first."), 6000)
        return None
    if not window.page.facilitator_ok(window.tr("The facilitator's console")):
        return None
    console = ConsoleWindow(window.controller, window)
    console.show()
    console.raise_()
    console.activateWindow()
    return console
