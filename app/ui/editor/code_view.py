"""The text of a scenario: a plain-text editor with line numbers, marks on the lines that
have findings, YAML-friendly keys (Tab inserts spaces, Enter keeps the indentation) and
a way to jump to a line and column."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFontDatabase,
    QKeyEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTextCharFormat,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from app.diagnostics import Diagnostic

INDENT = 2
_MARK = {"error": QColor("#d93025"), "warning": QColor("#e8a100"), "info": QColor("#1a73e8")}
_RANK = {"error": 0, "warning": 1, "info": 2}


class _Gutter(QWidget):
    """The line numbers beside the text; paints through its view."""

    def __init__(self, view: CodeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        return QSize(self.view.gutter_width(), 0)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt's name
        self.view.paint_gutter(event)


class CodeView(QPlainTextEdit):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("scenarioText")
        self.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * INDENT)
        self.marks: dict[int, str] = {}  # line (1-based) -> the worst severity on it
        self.gutter = _Gutter(self)
        self.blockCountChanged.connect(self._fit_gutter)
        self.updateRequest.connect(self._scroll_gutter)
        self.cursorPositionChanged.connect(self._show_marks)
        self._underlines: list[QTextEdit.ExtraSelection] = []
        self._fit_gutter()

    # --- line numbers -----------------------------------------------------------------

    def gutter_width(self) -> int:
        digits = len(str(max(1, self.blockCount())))
        return 14 + self.fontMetrics().horizontalAdvance("9") * max(3, digits)

    def _fit_gutter(self) -> None:
        self.setViewportMargins(self.gutter_width(), 0, 0, 0)

    def _scroll_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())
        if rect.contains(self.viewport().rect()):
            self._fit_gutter()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt's name
        super().resizeEvent(event)
        r = self.contentsRect()
        self.gutter.setGeometry(QRect(r.left(), r.top(), self.gutter_width(), r.height()))

    def paint_gutter(self, event: QPaintEvent) -> None:
        painter = QPainter(self.gutter)
        palette = self.palette()
        painter.fillRect(event.rect(), palette.alternateBase())
        block = self.firstVisibleBlock()
        top = round(self.blockBoundingGeometry(block).translated(self.contentOffset()).top())
        height = self.fontMetrics().height()
        current = self.textCursor().blockNumber()
        while block.isValid() and top <= event.rect().bottom():
            bottom = top + round(self.blockBoundingRect(block).height())
            if block.isVisible() and bottom >= event.rect().top():
                line = block.blockNumber() + 1
                severity = self.marks.get(line)
                if severity:
                    painter.fillRect(0, top, 4, height, _MARK[severity])
                colour = palette.text() if block.blockNumber() == current else palette.mid()
                painter.setPen(colour.color())
                painter.drawText(
                    0, top, self.gutter.width() - 6, height, Qt.AlignmentFlag.AlignRight, str(line)
                )
            block = block.next()
            top = bottom
        painter.end()

    # --- findings ----------------------------------------------------------------------

    def set_findings(self, findings: Iterable[Diagnostic]) -> None:
        """Mark the lines with findings: a bar in the gutter and a wavy underline from the
        column to the end of the line."""
        self.marks = {}
        self._underlines = []
        doc = self.document()
        for d in findings:
            worst = self.marks.get(d.line)
            if worst is None or _RANK[d.severity] < _RANK[worst]:
                self.marks[d.line] = d.severity
            block = doc.findBlockByNumber(d.line - 1)
            if not block.isValid():
                continue
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(_MARK[d.severity])
            fmt.setToolTip(d.message + (f"\n{d.hint}" if d.hint else ""))
            sel.format = fmt
            cursor = QTextCursor(block)
            start = min(max(0, d.col - 1), max(0, block.length() - 2))
            cursor.movePosition(QTextCursor.MoveOperation.Right, n=start)
            cursor.movePosition(
                QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor
            )
            if not cursor.hasSelection():  # an empty line: mark its end
                cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor)
            sel.cursor = cursor
            self._underlines.append(sel)
        self._show_marks()
        self.gutter.update()

    def _show_marks(self) -> None:
        here = QTextEdit.ExtraSelection()
        here.format.setBackground(self.palette().alternateBase())
        here.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
        here.cursor = self.textCursor()
        here.cursor.clearSelection()
        self.setExtraSelections([here, *self._underlines])
        self.gutter.update()

    def go_to(self, line: int, col: int = 1) -> None:
        """Put the cursor at `line`, `col` (1-based, clamped to the text) and show it."""
        doc = self.document()
        block = doc.findBlockByNumber(max(0, min(line, doc.blockCount()) - 1))
        cursor = QTextCursor(block)
        cursor.movePosition(
            QTextCursor.MoveOperation.Right, n=min(max(0, col - 1), block.length() - 1)
        )
        self.setTextCursor(cursor)
        self.centerCursor()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- keys ----------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key == Qt.Key.Key_Tab and plain and not self.textCursor().hasSelection():
            column = self.textCursor().positionInBlock()
            self.insertPlainText(" " * (INDENT - column % INDENT))  # YAML indents with spaces
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and plain:
            line = self.textCursor().block().text()[: self.textCursor().positionInBlock()]
            indent = len(line) - len(line.lstrip(" "))
            stripped = line.rstrip()
            if stripped.endswith(":") or stripped.endswith(("|", ">")):
                indent += INDENT
            elif stripped.lstrip().startswith("- "):
                indent += 2  # the keys of a list item line up after its `- `
            self.textCursor().insertText("\n" + " " * indent)
            self.ensureCursorVisible()
            return
        super().keyPressEvent(event)
