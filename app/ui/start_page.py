"""The start screen: a bundled scenario, a scenario file, or a saved session to reopen;
and the new-session setup (who plays which delegation, round length, seed)."""

from __future__ import annotations

import random
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.engine.bots import POLICIES, own_policy
from app.engine.compiled import Compiled
from app.resources import all_scenarios
from app.scenario.cache import load as load_scenario
from app.scenario.model import Scenario
from app.store.pins import MIN_LENGTH
from app.store.roles import parse_roles
from app.ui.console.seating import policy_line


def scenario_html(scn: Scenario) -> str:
    meta = scn.scenario
    parts = [f"<h2>{escape(meta.title)}</h2>"]
    dated = " — ".join(x for x in (meta.as_of, meta.disclaimer) if x)
    if dated:
        parts.append(f"<p><i>{escape(dated)}</i></p>")
    parts.append(f"<p>{escape(meta.summary)}</p><h3>Parties</h3><ul>")
    for p in scn.parties:
        parts.append(
            f"<li><span style='color:{p.colour}'>■</span> <b>{escape(p.name)}</b>"
            f" — {escape(p.role)}</li>"
        )
    parts.append("</ul><h3>Agenda</h3><ol>")
    parts += [f"<li>{escape(i.name)}</li>" for i in scn.issues]
    parts.append("</ol>")
    return "".join(parts)


class StartPage(QWidget):
    new_session = Signal(str)  # scenario path
    open_file = Signal()
    resume = Signal(str)  # session id

    def __init__(
        self,
        sessions: list[dict[str, Any]],
        parent: QWidget | None = None,
        *,
        lazy: bool = False,
        rows: Callable[[], list[dict[str, Any]]] | None = None,
    ) -> None:
        """`lazy`: read the scenarios only when the page is first shown (a window opened
        straight on a scenario's setup need not read every scenario to start), and then
        only if it is still on screen once the window's first events are handled (opened
        on a scenario, the window moves on to its session before it is first painted);
        then too the saved sessions, from `rows` (an interrupted one's issue is read from
        its scenario's text)."""
        super().__init__(parent)
        self.scenarios = QListWidget()
        self.scenarios.setAccessibleName(self.tr("Bundled scenarios"))
        self.details = QTextBrowser()
        self.saved = QListWidget()
        self.saved.setAccessibleName(self.tr("Saved sessions"))
        start = QPushButton(self.tr("New session…"))
        start.setDefault(True)
        open_file = QPushButton(self.tr("Open a scenario file…"))
        self.resume_button = QPushButton(self.tr("Resume"))
        self.loaded: dict[str, Scenario] = {}
        self._rows = rows
        self._filled = False
        if rows is None:
            self.set_sessions(sessions)
        else:  # read when the page is first shown
            self.resume_button.setEnabled(False)
        left = QGroupBox(self.tr("Start a session"))
        grid = QGridLayout(left)
        grid.addWidget(self.scenarios, 0, 0)
        grid.addWidget(self.details, 0, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(start)
        buttons.addWidget(open_file)
        buttons.addStretch(1)
        grid.addLayout(buttons, 1, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 2)
        self.scenarios.setWordWrap(True)
        right = QGroupBox(self.tr("Saved sessions (newest first)"))
        rv = QVBoxLayout(right)
        rv.addWidget(self.saved)
        rv.addWidget(self.resume_button)
        layout = QHBoxLayout(self)
        layout.addWidget(left, 3)
        layout.addWidget(right, 2)
        self.scenarios.currentItemChanged.connect(self._show_details)
        self.scenarios.itemActivated.connect(lambda _: self._new())
        start.clicked.connect(self._new)
        open_file.clicked.connect(self.open_file.emit)
        self.resume_button.clicked.connect(self._resume)
        self.saved.itemActivated.connect(lambda _: self._resume())
        if not lazy:
            self.fill_scenarios()

    def fill_scenarios(self) -> None:
        """The scenarios on offer: the bundled ones, then the facilitator's own (once)."""
        if self._filled:
            return
        self._filled = True
        for found in all_scenarios():
            loaded = load_scenario(found.path)
            if loaded.ok and loaded.scenario is not None:
                self.loaded[str(found.path)] = loaded.scenario
                title = loaded.scenario.scenario.title
                item = QListWidgetItem(
                    title
                    if found.source == "bundled"
                    else self.tr("{0} (your scenario)").format(title)
                )
                item.setData(Qt.ItemDataRole.UserRole, str(found.path))
                item.setToolTip(str(found.path))
                self.scenarios.addItem(item)
        if self.scenarios.count():
            self.scenarios.setCurrentRow(0)

    def showEvent(self, event: Any) -> None:  # noqa: N802 - Qt's name
        if not self._filled:
            QTimer.singleShot(0, self._fill_if_shown)
        super().showEvent(event)

    def _fill_if_shown(self) -> None:
        if self.isVisible() and not self._filled:
            self.fill_scenarios()
            if self._rows is not None:
                self.set_sessions(self._rows())

    def set_sessions(self, sessions: list[dict[str, Any]]) -> None:
        """Saved sessions, newest first, with any interrupted one (running or paused when
        Parley stopped) at the top, selected, and saying where it stood."""
        self.saved.clear()
        interrupted = [r for r in sessions if r["status"] in ("running", "paused")]
        rest = [r for r in sessions if r["status"] not in ("running", "paused")]
        for row in interrupted + rest:
            when = row["updated"][:16].replace("T", " ")
            if row in interrupted:
                label = self.tr("Interrupted: {0}").format(row["title"])
                details = [x for x in (row.get("teams"), row.get("where"), row.get("left")) if x]
                # one short line each, so the round and the time left are never cut off
                label += "".join(f"\n    {x}" for x in details)
                label += "\n    " + self.tr("saved {0}").format(when)
            else:
                label = self.tr("{0} — {1} — {2}").format(row["title"], row["status"], when)
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setToolTip(label + "\n" + self.tr("Session {0}").format(row["id"][:8]))
            self.saved.addItem(item)
        if self.saved.count():
            self.saved.setCurrentRow(0)
            if interrupted:
                self.resume_button.setText(self.tr("Resume the interrupted session"))
                self.resume_button.setDefault(True)
            else:
                self.resume_button.setText(self.tr("Resume"))
        else:
            empty = QListWidgetItem(self.tr("No saved sessions yet: start one on the left."))
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.saved.addItem(empty)
        self.resume_button.setEnabled(bool(sessions))

    def _show_details(self) -> None:
        item = self.scenarios.currentItem()
        if item is not None:
            self.details.setHtml(scenario_html(self.loaded[item.data(Qt.ItemDataRole.UserRole)]))

    def _new(self) -> None:
        item = self.scenarios.currentItem()
        if item is not None:
            self.new_session.emit(item.data(Qt.ItemDataRole.UserRole))

    def _resume(self) -> None:
        item = self.saved.currentItem()
        if item is not None:
            self.resume.emit(item.data(Qt.ItemDataRole.UserRole))


class SetupDialog(QDialog):
    """Who plays which delegation (a team, with its name, or a bot), round length, seed."""

    def __init__(self, compiled: Compiled, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.compiled = compiled
        scn = compiled.scenario
        self.setWindowTitle(self.tr("New session — {0}").format(scn.scenario.title))
        form = QFormLayout()
        self.seats: dict[str, tuple[QComboBox, QLineEdit]] = {}
        self.roles: dict[str, QLineEdit] = {}
        seat_box = QGroupBox(self.tr("Who plays each party"))
        seat_form = QFormLayout(seat_box)
        for p in scn.parties:
            kind = QComboBox()
            if p.is_playable():
                kind.addItem(self.tr("A team"), "team")
            own = own_policy(p).policy
            # the scenario's own bot, with its settings (an outside party also puts on the
            # table what it is asked to give, as in `parley play` and `simulate`)
            kind.addItem(self.tr("Bot: as the scenario says ({0})").format(own), "bot")
            kind.setItemData(
                kind.count() - 1,
                self.tr("{0}, with the scenario's own settings").format(policy_line(own)),
                Qt.ItemDataRole.ToolTipRole,
            )
            for policy in POLICIES:
                kind.addItem(self.tr("Bot: {0}").format(policy), f"bot:{policy}")
                kind.setItemData(kind.count() - 1, policy_line(policy), Qt.ItemDataRole.ToolTipRole)
            if p.kind == "delegation" and p.is_playable():
                kind.setCurrentIndex(0)
            else:
                kind.setCurrentIndex(kind.findData("bot"))
            name = QLineEdit()
            name.setPlaceholderText(self.tr("team name (optional)"))
            row = QHBoxLayout()
            row.addWidget(kind, 1)
            row.addWidget(name, 1)
            kind.currentIndexChanged.connect(
                lambda _=0, k=kind, n=name: n.setEnabled(k.currentData() == "team")
            )
            name.setEnabled(kind.currentData() == "team")
            seat_form.addRow(f"{p.name}:", row)
            self.seats[p.id] = (kind, name)
            self.roles[p.id] = roles = QLineEdit()  # who sits at the table, for the debrief
            roles.setPlaceholderText(
                self.tr(
                    "people and roles (optional), e.g. Ana: head of "
                    "delegation; Ben: legal adviser; Chloe: note-taker"
                )
            )
            roles.setAccessibleName(self.tr("{0}: people and roles").format(p.name))
            seat_form.addRow("", roles)
            kind.currentIndexChanged.connect(  # a row for the people of a team only
                lambda _=0, k=kind, r=roles: seat_form.setRowVisible(r, k.currentData() == "team")
            )
            seat_form.setRowVisible(roles, kind.currentData() == "team")
        policies = QLabel("\n".join(policy_line(p) for p in POLICIES))
        policies.setAccessibleName(self.tr("What each bot does"))
        seat_form.addRow(self.tr("Bots:"), policies)
        self.preset = QComboBox()
        for pr in scn.timing.presets:
            self.preset.addItem(pr.name, pr.id)
        if scn.timing.default:
            self.preset.setCurrentIndex(max(0, self.preset.findData(scn.timing.default)))
        self.talk = QDoubleSpinBox()
        self.entry = QDoubleSpinBox()
        for spin in (self.talk, self.entry):
            spin.setRange(0, 120)
            spin.setSuffix(self.tr(" min"))
            spin.setDecimals(1)
        self.entry.setMinimum(0.1)
        self.talk.setValue(scn.timing.talk_minutes)
        self.entry.setValue(scn.timing.entry_minutes)
        self.preset.currentIndexChanged.connect(self._preset_times)
        self._preset_times()
        self.seed = QSpinBox()
        self.seed.setRange(0, 2_000_000_000)
        self.seed.setValue(random.SystemRandom().randrange(1, 1_000_000))
        self.seed.setToolTip(self.tr("The same seed and moves replay the same session"))
        form.addRow(self.tr("Timing"), self.preset)
        form.addRow(self.tr("Talk time per round"), self.talk)
        form.addRow(self.tr("Move entry per round"), self.entry)
        form.addRow(self.tr("Seed"), self.seed)
        self.pin = QLineEdit()
        self.pin_again = QLineEdit()
        for field in (self.pin, self.pin_again):
            field.setEchoMode(QLineEdit.EchoMode.Password)
            field.setMaxLength(32)
        self.pin.setPlaceholderText(self.tr("at least {0} characters").format(MIN_LENGTH))
        self.pin.setToolTip(
            self.tr(
                "Opens a team's own screen out of turn, and the facilitator's console. Asked "
                "again when the session is reopened. Needed when teams share this laptop."
            )
        )
        form.addRow(self.tr("Facilitator PIN"), self.pin)
        form.addRow(self.tr("PIN again"), self.pin_again)
        self.problem = QLabel()
        self.problem.setStyleSheet("color: #d62728;")
        self.problem.setWordWrap(True)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Start"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"<b>{escape(scn.scenario.title)}</b>"))
        layout.addWidget(seat_box)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def pin_problem(self) -> str:
        """Why the PIN fields cannot be accepted, or ""."""
        pin, again = self.pin.text(), self.pin_again.text()
        teams = sum(1 for kind, _ in self.seats.values() if kind.currentData() == "team")
        if not pin and teams >= 2:
            return self.tr(
                "Teams share this laptop: set a facilitator PIN, so that no team "
                "can open another's screen."
            )
        if pin and len(pin) < MIN_LENGTH:
            return self.tr("The PIN needs at least {0} characters.").format(MIN_LENGTH)
        if pin != again:
            return self.tr("The two PINs differ: type the same PIN twice.")
        return ""

    def accept(self) -> None:
        problem = self.pin_problem()
        self.problem.setText(problem)
        if problem:
            (
                self.pin
                if not self.pin.text() or len(self.pin.text()) < MIN_LENGTH
                else self.pin_again
            ).setFocus()
            return
        super().accept()

    def _preset_times(self) -> None:
        preset = self.compiled.preset(self.preset.currentData())
        t = self.compiled.scenario.timing
        for ph in preset.phases:
            if ph.kind == "rounds":
                self.talk.setValue(
                    ph.talk_minutes if ph.talk_minutes is not None else t.talk_minutes
                )
                self.entry.setValue(
                    ph.entry_minutes if ph.entry_minutes is not None else t.entry_minutes
                )
                break

    def choice(self) -> dict[str, Any]:
        seating = {}
        for party, (kind, name) in self.seats.items():
            seat = kind.currentData()
            if seat == "team" and name.text().strip():
                seat = f"team:{name.text().strip()}"
            seating[party] = seat
        roles = {
            party: parse_roles(field.text())
            for party, field in self.roles.items()
            if seating[party].startswith("team") and parse_roles(field.text())
        }
        return {
            "seating": seating,
            "preset": self.preset.currentData(),
            "roles": roles,
            "seed": self.seed.value(),
            "pin": self.pin.text(),
            "talk": round(self.talk.value() * 60, 1),
            "entry": round(self.entry.value() * 60, 1),
        }
