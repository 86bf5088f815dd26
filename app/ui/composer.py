"""The move composer: only the moves a delegation may make, only the fields each needs."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.engine.transcript import option_label
from app.ui.controller import SessionController


class MoveComposer(QWidget):
    submitted = Signal(str)  # the party that moved

    def __init__(
        self, controller: SessionController, party: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.party = party
        self.kind = QComboBox()
        self.kind.setAccessibleName(self.tr("Move"))
        self.help = QLabel()
        self.help.setWordWrap(True)
        self.option = QComboBox()
        self.option_text = QLabel()
        self.option_text.setWordWrap(True)
        self.target = QComboBox()
        self.issue = QComboBox()
        self.condition = QComboBox()
        self.package = QListWidget()
        self.package.setMaximumHeight(110)
        self.remark = QLineEdit()
        self.remark.setPlaceholderText(self.tr("Optional: a note on why, for the debrief"))
        self.remark.setToolTip(
            self.tr("Only your delegation and the facilitator see it until the debrief.")
        )
        self.remark_note = QLabel(
            self.tr("Your remark stays with your delegation and the facilitator until the debrief.")
        )
        self.remark_note.setWordWrap(True)
        self.submit = QPushButton(self.tr("Submit move"))
        self.submit.setDefault(True)
        self.submit.setShortcut("Ctrl+Return")
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.state.setObjectName("submitted")
        self.form = QFormLayout()
        self.form.addRow(self.tr("Move"), self.kind)
        self.form.addRow("", self.help)
        self.form.addRow(self.tr("Issue"), self.issue)
        self.form.addRow(self.tr("Option"), self.option)
        self.form.addRow("", self.option_text)
        self.form.addRow(self.tr("Bound with"), self.package)
        self.form.addRow(self.tr("Only if agreed"), self.condition)
        self.form.addRow(self.tr("Towards"), self.target)
        self.form.addRow(self.tr("Remark"), self.remark)
        self.form.addRow("", self.remark_note)
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        for combo in (self.kind, self.option, self.target, self.issue, self.condition):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(12)
        self._offer: tuple[Any, ...] = ()  # what the form was filled for
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self.option.currentIndexChanged.connect(self._option_changed)
        self.option.currentIndexChanged.connect(self._bindable)
        self.submit.clicked.connect(self._submit)
        controller.changed.connect(self.refresh)
        self.refresh()

    # --- what is legal now -------------------------------------------------------------

    def _legal(self) -> list[Any]:
        """The moves this delegation may make now: a move that needs an option only while
        some option is still open."""
        c = self.controller.compiled
        some = bool(self._open_options())
        return [
            k
            for k in c.moves.values()
            if c.may_use(self.party, k.id) and (some or "option" not in k.required)
        ]

    def _open_options(self) -> list[Any]:
        s = self.controller.session
        dims = s.st.open_dimensions()
        return [o for d in dims for o in self.controller.compiled.dimensions[d].options]

    def refresh(self, _entries: list[Any] | None = None) -> None:
        s = self.controller.session
        entering = s.stage == "entry"
        moved = self.party in s.pending
        self.setEnabled(entering and not moved and not s.paused)
        if moved:
            m = s.pending[self.party]
            label = self.controller.compiled.moves[m.kind].label
            what = option_label(self.controller.compiled, m.option) if m.option else ""
            self.state.setText(
                self.tr("Submitted: {0}{1}. Waiting for the others.").format(
                    label, f" — {what}" if what else ""
                )
            )
        elif entering:
            self.state.setText(
                self.tr(
                    "Choose your move before the clock runs out; a missing move counts as a pass."
                )
            )
        else:
            self.state.setText(self.tr("Moves are entered when talk time ends."))
        if entering and not moved:
            offer = self._what_is_offered()
            if offer != self._offer:  # only a change of what is legal refills the form
                self._offer = offer
                self._fill()

    def _what_is_offered(self) -> tuple[Any, ...]:
        s = self.controller.session
        return (
            tuple(k.id for k in self._legal()),
            tuple(o.id for o in self._open_options()),
            s.st.issue,
            tuple(s.st.open_issues()),
        )

    def _fill(self) -> None:
        """Fill the form with what is legal now, keeping every choice still offered."""
        kept = {
            "option": self.option.currentData(),
            "target": self.target.currentData(),
            "issue": self.issue.currentData(),
            "condition": self.condition.currentData(),
            "package": self._checked(),
        }
        current = self.kind.currentData()
        self.kind.blockSignals(True)
        self.kind.clear()
        for k in self._legal():
            self.kind.addItem(k.label, k.id)
            self.kind.setItemData(self.kind.count() - 1, k.description, Qt.ItemDataRole.ToolTipRole)
        index = self.kind.findData(current)
        self.kind.setCurrentIndex(max(0, index))
        self.kind.blockSignals(False)
        c, s = self.controller.compiled, self.controller.session
        options = self._open_options()
        self.option.blockSignals(True)
        self.option.clear()
        for o in options:
            value = o.values.get(self.party)
            suffix = f"  ({self.tr('your value')} {value:g})" if value is not None else ""
            red = f"  [{self.tr('red line')}]" if self.party in o.red_lines else ""
            self.option.addItem(option_label(c, o.id) + suffix + red, o.id)
        _select(self.option, kept["option"])
        self.option.blockSignals(False)
        self.target.clear()
        for p in c.parties.values():
            if p.id != self.party:
                self.target.addItem(p.short or p.name, p.id)
        _select(self.target, kept["target"])
        self.issue.clear()
        issues = [s.st.issue] if s.st.issue else s.st.open_issues()
        for i in issues:
            self.issue.addItem(c.issues[i].name, i)
        _select(self.issue, kept["issue"])
        self._bindable()
        _select(self.condition, kept["condition"])
        for i in range(self.package.count()):
            item = self.package.item(i)
            if item.data(Qt.ItemDataRole.UserRole) in kept["package"]:
                item.setCheckState(Qt.CheckState.Checked)

    def _checked(self) -> list[str]:
        return [
            self.package.item(i).data(Qt.ItemDataRole.UserRole)
            for i in range(self.package.count())
            if self.package.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _bindable(self) -> None:
        """Package and condition offer only options of other decisions than the chosen one."""
        c = self.controller.compiled
        chosen = c.option_dimension.get(self.option.currentData() or "")
        self.package.clear()
        for o in self._open_options():
            if c.option_dimension[o.id] == chosen:
                continue
            item = QListWidgetItem(option_label(c, o.id))
            item.setData(Qt.ItemDataRole.UserRole, o.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.package.addItem(item)
        self.condition.clear()
        self.condition.addItem(self.tr("(no condition)"), None)
        for o in c.options.values():
            if c.option_dimension[o.id] != chosen:
                self.condition.addItem(option_label(c, o.id), o.id)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.controller.compiled.moves.get(self.kind.currentData())
        params = set(kind.params) if kind else set()
        if self.package.count() == 0:
            params.discard("package")
        self.help.setText(kind.description if kind else "")
        for name, widget in (
            ("option", self.option),
            ("target", self.target),
            ("issue", self.issue),
            ("package", self.package),
            ("condition", self.condition),
        ):
            show = name in params
            widget.setVisible(show)
            label = self.form.labelForField(widget)
            if label:
                label.setVisible(show)
        self.option_text.setVisible("option" in params)
        self._option_changed()

    def _option_changed(self) -> None:
        opt = self.controller.compiled.options.get(self.option.currentData())
        self.option_text.setText(opt.description if opt else "")

    # --- submitting ---------------------------------------------------------------------

    def command(self) -> dict[str, Any]:
        kind = self.controller.compiled.moves[self.kind.currentData()]
        cmd: dict[str, Any] = {"type": "move", "party": self.party, "kind": kind.id}
        if "option" in kind.params and self.option.currentData():
            cmd["option"] = self.option.currentData()
        if "target" in kind.params and self.target.currentData():
            cmd["target"] = self.target.currentData()
        if "issue" in kind.params and self.issue.currentData():
            cmd["issue"] = self.issue.currentData()
        if "package" in kind.params:
            chosen = [o for o in self._checked() if o != cmd.get("option")]
            if chosen:
                cmd["package"] = chosen
        if "condition" in kind.params and self.condition.currentData():
            cmd["condition"] = self.condition.currentData()
        if self.remark.text().strip():
            cmd["remark"] = self.remark.text().strip()
        return cmd

    def _submit(self) -> None:
        if self.controller.apply(self.command()) is not None:
            self.remark.clear()
            self._offer = ()
            self.submitted.emit(self.party)


def _select(combo: QComboBox, data: Any) -> None:
    """Choose the item holding `data` again, if it is still offered."""
    index = combo.findData(data)
    if index >= 0:
        combo.setCurrentIndex(index)
