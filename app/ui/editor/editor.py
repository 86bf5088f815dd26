"""The scenario editor: the YAML text beside the findings of `validate` and `lint`.

Findings follow the typing: each change restarts a short timer, and when the
author pauses the text is checked (`app.scenario.findings.check_text`) and the
list, the line marks and the summary are redrawn. A click on a finding puts the
cursor on its line and column. Undo and redo are the text's own, as actions
with the platform's shortcuts.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QIODevice, QSaveFile, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QTextCursor
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStyle,
    QTabWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.diagnostics import Diagnostic
from app.scenario.findings import check_text
from app.scenario.validate import Loaded
from app.ui.editor.briefs_form import BriefsForm
from app.ui.editor.code_view import CodeView
from app.ui.editor.highlighter import YamlHighlighter
from app.ui.editor.values_form import ValuesForm

DELAY_MS = 400  # a pause in typing this long starts a check
_ICON = {
    "error": QStyle.StandardPixmap.SP_MessageBoxCritical,
    "warning": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "info": QStyle.StandardPixmap.SP_MessageBoxInformation,
}


def summary(findings: list[Diagnostic]) -> str:
    """`2 errors, 1 warning` or `No problems`."""
    counts = {s: sum(d.severity == s for d in findings) for s in ("error", "warning", "info")}
    parts = [f"{n} {s}{'' if n == 1 else 's'}" for s, n in counts.items() if n]
    if not parts:
        return "No problems"
    return ", ".join(parts).replace("infos", "notes").replace("info", "note")


class ScenarioEditor(QWidget):
    """Edit one scenario's text and see what is wrong with it as you type."""

    checked = Signal(object)  # list[Diagnostic], after every check

    def __init__(
        self,
        text: str = "",
        path: str = "<scenario>",
        *,
        delay_ms: int = DELAY_MS,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.loaded: Loaded | None = None
        self._findings: list[Diagnostic] = []
        self._bom = self._crlf = False  # how the opened file was written, kept on saving
        self.view = CodeView()
        self.highlighter = YamlHighlighter(self.view.document(), self.view.palette())
        self.list = QTreeWidget()
        self.list.setObjectName("findings")
        self.list.setHeaderLabels([self.tr("Line"), self.tr("Problem"), self.tr("Code")])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAlternatingRowColors(True)
        self.list.itemClicked.connect(self._jump)
        self.list.itemActivated.connect(self._jump)
        self.status = QLabel()
        self.status.setObjectName("findingsSummary")
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(delay_ms)
        self.timer.timeout.connect(self.check_now)
        self.view.textChanged.connect(self.timer.start)
        self.undo_action = self._action(
            self.tr("Undo"), QKeySequence.StandardKey.Undo, self.view.undo, self.view.undoAvailable
        )
        self.redo_action = self._action(
            self.tr("Redo"), QKeySequence.StandardKey.Redo, self.view.redo, self.view.redoAvailable
        )
        tools = QToolBar()
        tools.addAction(self.undo_action)
        tools.addAction(self.redo_action)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.view)
        findings = QWidget()
        findings_layout = QVBoxLayout(findings)
        findings_layout.setContentsMargins(0, 0, 0, 0)
        findings_layout.addWidget(self.status)
        findings_layout.addWidget(self.list)
        self.tabs = QTabWidget()
        self.tabs.addTab(findings, self.tr("Findings"))
        split.addWidget(self.tabs)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(tools)
        layout.addWidget(split)
        self.set_text(text, path)
        self.values = ValuesForm(self)
        self.tabs.addTab(self.values, self.tr("Values and red lines"))
        self.briefs = BriefsForm(self)
        self.tabs.addTab(self.briefs, self.tr("Briefs"))

    def _action(
        self, label: str, keys: QKeySequence.StandardKey, slot: object, available: object
    ) -> QAction:
        action = QAction(label, self)
        action.setShortcut(QKeySequence(keys))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.setEnabled(False)
        action.triggered.connect(slot)
        available.connect(action.setEnabled)  # type: ignore[attr-defined]
        self.addAction(action)
        return action

    # --- the text ----------------------------------------------------------------------

    def set_text(self, text: str, path: str | None = None) -> None:
        """Show `text` (a new document: the undo history starts here) and check it now."""
        if path is not None:
            self.path = path
        self.view.setPlainText(text)
        self.view.document().setModified(False)
        self.check_now()

    def text(self) -> str:
        return self.view.toPlainText()

    def data(self) -> dict[str, Any] | None:
        """The scenario as data, as last checked (None while the YAML cannot be read)."""
        loaded = self.loaded
        data = loaded.doc.data if loaded is not None and loaded.doc is not None else None
        return data if isinstance(data, dict) else None

    def apply_text(self, new: str) -> None:
        """Make the text `new` by replacing only the part that differs, as one step that
        undo takes back (a form's edit), and check it at once."""
        old = self.text()
        if new == old:
            return
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1

        def units(text: str) -> int:  # Qt counts positions in UTF-16 code units
            return len(text.encode("utf-16-le")) // 2

        cursor = QTextCursor(self.view.document())
        cursor.setPosition(units(old[:head]))
        cursor.setPosition(units(old[: len(old) - tail]), QTextCursor.MoveMode.KeepAnchor)
        cursor.beginEditBlock()
        cursor.insertText(new[head : len(new) - tail])
        cursor.endEditBlock()
        self.check_now()

    def open_file(self, path: str | Path) -> None:
        """Load a scenario file (UTF-8) into the editor; its byte-order mark and line endings
        are kept for saving, so an unchanged file saves byte for byte."""
        raw = Path(path).read_bytes()
        self._bom = raw.startswith(b"\xef\xbb\xbf")
        text = raw.decode("utf-8-sig")
        self._crlf = "\r\n" in text
        self.set_text(text.replace("\r\n", "\n"), str(path))

    def save(self, path: str | Path | None = None) -> Path:
        """Write the text to `path` (default: where it came from), as UTF-8, all or nothing
        (`QSaveFile`: a crash or a full disk leaves the old file as it was)."""
        target = Path(path or self.path)
        if str(target).startswith("<"):
            raise ValueError("this text has no file yet: give a path to save it to")
        data = self.text() if self.text().endswith("\n") else self.text() + "\n"
        if self._crlf:
            data = data.replace("\n", "\r\n")
        raw = (b"\xef\xbb\xbf" if self._bom else b"") + data.encode("utf-8")
        out = QSaveFile(str(target))
        if not out.open(QIODevice.OpenModeFlag.WriteOnly):
            raise OSError(f"{target}: {out.errorString()}")
        out.write(QByteArray(raw))
        if not out.commit():
            raise OSError(f"{target}: {out.errorString()}")
        self.path = str(target)
        self.view.document().setModified(False)
        return target

    # --- findings ----------------------------------------------------------------------

    def findings(self) -> list[Diagnostic]:
        return list(self._findings)

    def check_now(self) -> None:
        """Check the text at once (the timer calls this when typing pauses)."""
        self.timer.stop()
        self.loaded, self._findings = check_text(self.text(), self.path)
        self.list.clear()
        style = self.style()
        for d in self._findings:
            item = QTreeWidgetItem([str(d.line), d.message, d.code])
            item.setIcon(0, style.standardIcon(_ICON[d.severity]))
            item.setData(0, Qt.ItemDataRole.UserRole, (d.line, d.col))
            tip = f"{d.severity}: {d.message}" + (f"\nhint: {d.hint}" if d.hint else "")
            for column in range(3):
                item.setToolTip(column, tip)
            self.list.addTopLevelItem(item)
        self.list.resizeColumnToContents(0)
        self.status.setText(summary(self._findings))
        self.view.set_findings(self._findings)
        self.checked.emit(self.findings())

    def jump_to(self, finding: Diagnostic) -> None:
        self.view.go_to(finding.line, finding.col)

    def _jump(self, item: QTreeWidgetItem) -> None:
        line, col = item.data(0, Qt.ItemDataRole.UserRole)
        self.view.go_to(line, col)
