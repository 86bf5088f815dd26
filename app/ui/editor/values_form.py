"""The table that is painful as text: each party's value for each option of an issue, and
its red lines, as a grid. An edit in the grid is written back into the YAML text in place
(`app.scenario.textpatch`), as one step the editor can undo; the grid follows the text
after every check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.scenario.textpatch import PatchError, set_value, toggle_in_list
from app.scenario.yamldoc import PathKey

_STATE = Qt.ItemDataRole.UserRole  # (path of the option, party id, value, red line)


def option_rows(issue: dict[str, Any], index: int) -> list[tuple[PathKey, str, dict[str, Any]]]:
    """(data path, label, option) for every option of the issue at `index`, dimension by
    dimension."""
    rows: list[tuple[PathKey, str, dict[str, Any]]] = []
    dims = issue.get("dimensions")
    if isinstance(dims, list) and dims:
        for j, dim in enumerate(dims):
            if not isinstance(dim, dict):
                continue
            for k, opt in enumerate(dim.get("options") or []):
                if isinstance(opt, dict):
                    label = (
                        f"{dim.get('name') or dim.get('id')} · {opt.get('name') or opt.get('id')}"
                    )
                    rows.append((("issues", index, "dimensions", j, "options", k), label, opt))
    else:
        for k, opt in enumerate(issue.get("options") or []):
            if isinstance(opt, dict):
                rows.append(
                    (("issues", index, "options", k), str(opt.get("name") or opt.get("id")), opt)
                )
    return rows


class ValuesForm(QWidget):
    """Values and red lines of one issue at a time, for the editor's current text."""

    def __init__(self, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.issue = QComboBox()
        self.issue.setObjectName("valuesIssue")
        self.issue.setAccessibleName(self.tr("Issue"))
        self.issue.currentIndexChanged.connect(lambda _: self.refresh())
        self.table = QTableWidget()
        self.table.setObjectName("valuesTable")
        self.table.itemChanged.connect(self._changed)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.issue)
        layout.addWidget(self.table)
        layout.addWidget(self.note)
        editor.checked.connect(lambda _: self.refresh())
        self.refresh()

    def data(self) -> dict[str, Any] | None:
        return self.editor.data()

    def refresh(self) -> None:
        """Redraw from the editor's last check (the text as the author left it)."""
        data = self.data()
        issues = [i for i in (data or {}).get("issues") or [] if isinstance(i, dict)]
        parties = [
            p for p in (data or {}).get("parties") or [] if isinstance(p, dict) and p.get("id")
        ]
        names = [str(i.get("name") or i.get("id")) for i in issues]
        if [self.issue.itemText(n) for n in range(self.issue.count())] != names:
            keep = self.issue.currentIndex()
            self.issue.blockSignals(True)
            self.issue.clear()
            self.issue.addItems(names)
            self.issue.setCurrentIndex(min(max(keep, 0), len(names) - 1))
            self.issue.blockSignals(False)
        self.table.blockSignals(True)
        self.table.clear()
        usable = data is not None and issues and self.issue.currentIndex() >= 0
        self.setEnabled(bool(usable) or data is None)
        if not usable:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            self.note.setText(self.tr("The YAML must read before the table can show it."))
            self.table.blockSignals(False)
            return
        index = self.issue.currentIndex()
        rows = option_rows(issues[index], index)
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(len(parties))
        self.table.setHorizontalHeaderLabels([str(p.get("short") or p["id"]) for p in parties])
        self.table.setVerticalHeaderLabels([label for _, label, _ in rows])
        for r, (path, label, opt) in enumerate(rows):
            values = opt.get("values") if isinstance(opt.get("values"), dict) else {}
            red = opt.get("red_lines") if isinstance(opt.get("red_lines"), list) else []
            for c, party in enumerate(parties):
                pid = str(party["id"])
                value = values.get(pid)
                item = QTableWidgetItem(
                    ""
                    if value is None
                    else f"{value:g}"
                    if isinstance(value, int | float)
                    else str(value)
                )
                item.setFlags(
                    item.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEditable
                )
                item.setCheckState(Qt.CheckState.Checked if pid in red else Qt.CheckState.Unchecked)
                item.setData(_STATE, (path, pid, item.text(), pid in red))
                item.setToolTip(
                    self.tr("{0}'s value for “{1}” (0-100); ticked: a red line for {0}").format(
                        pid, label
                    )
                )
                self.table.setItem(r, c, item)
        self.table.resizeColumnsToContents()
        self.note.setText(
            self.tr(
                "Values run from 0 (worst) to 100 (best); tick a cell to make the option a red line for that party."
            )
        )
        self.table.blockSignals(False)

    def _changed(self, item: QTableWidgetItem) -> None:
        path, pid, old_text, old_red = item.data(_STATE)
        red = item.checkState() == Qt.CheckState.Checked
        text = self.editor.text()
        try:
            if red != old_red:
                new = toggle_in_list(text, (*path, "red_lines"), pid, red)
            elif item.text().strip() != old_text:
                value = float(item.text().strip().replace(",", "."))
                if not 0 <= value <= 100:
                    raise ValueError
                new = set_value(
                    text, (*path, "values", pid), int(value) if value.is_integer() else value
                )
            else:
                return
        except PatchError as exc:  # before ValueError, which it is
            self.note.setText(str(exc))
            self._restore(item, old_text, old_red)
            return
        except ValueError:
            self.note.setText(self.tr("A value is a number from 0 to 100."))
            self._restore(item, old_text, old_red)
            return
        item.setData(_STATE, (path, pid, item.text().strip(), red))
        self.editor.apply_text(new)

    def _restore(self, item: QTableWidgetItem, text: str, red: bool) -> None:
        self.table.blockSignals(True)
        item.setText(text)
        item.setCheckState(Qt.CheckState.Checked if red else Qt.CheckState.Unchecked)
        self.table.blockSignals(False)
