"""The editor's window: one scenario file, its text and forms, and the dry-run studio.

A bundled scenario opens as a copy in the user's scenarios folder; a new one starts
from the template there. Saving is all or nothing; the title marks unsaved work and
closing asks first. "Play this scenario now" saves the edit (it is always a file of
the author's) and hands its path to the main window's session setup.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QMainWindow,
    QMessageBox,
    QWidget,
)

from app.engine.headless import bundled_scenarios
from app.ui.editor.editor import ScenarioEditor
from app.ui.editor.workspace import editable, new_scenario, user_scenarios_dir

Button = QMessageBox.StandardButton


class EditorWindow(QMainWindow):
    """Edit one scenario at a time; `play` sets up a session on a scenario file."""

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        play: Callable[[str], object] | None = None,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose, False)
        self.play = play
        self.folder = folder
        self.editor = ScenarioEditor()
        self.setCentralWidget(self.editor)
        self.editor.view.document().modificationChanged.connect(self.setWindowModified)
        from app.ui.studio.panel import StudioPanel

        self.studio = StudioPanel(self.editor)
        self.studio_dock = QDockWidget(self.tr("Dry run"), self)
        self.studio_dock.setObjectName("studioDock")
        self.studio_dock.setWidget(self.studio)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.studio_dock)
        self._menus()
        self.resize(1400, 900)
        self.resizeDocks([self.studio_dock], [560], Qt.Orientation.Horizontal)
        if path is not None:
            self.open_path(path)
        self._title()

    def _action(self, menu: object, text: str, slot: object, keys: object = None) -> QAction:
        action = QAction(text, self)
        if keys is not None:
            action.setShortcut(QKeySequence(keys))
        action.triggered.connect(slot)
        menu.addAction(action)  # type: ignore[attr-defined]
        return action

    def _menus(self) -> None:
        file = self.menuBar().addMenu(self.tr("&File"))
        self._action(file, self.tr("&New scenario…"), self.new, QKeySequence.StandardKey.New)
        self._action(file, self.tr("&Open a scenario…"), self.open, QKeySequence.StandardKey.Open)
        self.save_action = self._action(
            file, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save
        )
        self._action(file, self.tr("Save &as…"), self.save_as, "Ctrl+Shift+S")
        file.addSeparator()
        self.play_action = self._action(
            file, self.tr("&Play this scenario now"), self.play_now, "Ctrl+Shift+P"
        )
        self.play_action.setEnabled(self.play is not None)
        file.addSeparator()
        self._action(file, self.tr("&Close"), self.close, QKeySequence.StandardKey.Close)
        edit = self.menuBar().addMenu(self.tr("&Edit"))
        edit.addAction(self.editor.undo_action)
        edit.addAction(self.editor.redo_action)
        view = self.menuBar().addMenu(self.tr("&View"))
        view.addAction(self.studio_dock.toggleViewAction())
        self.studio_dock.toggleViewAction().setShortcut(QKeySequence("Ctrl+Shift+D"))

    def _title(self) -> None:
        name = Path(self.editor.path).name if not self.editor.path.startswith("<") else ""
        self.setWindowTitle(
            self.tr("{0}[*] — Scenario editor — Parley").format(name or self.tr("no scenario"))
        )

    # --- files ----------------------------------------------------------------------------

    def open_path(self, path: str | Path) -> Path:
        """Open `path` for editing: a bundled scenario as a fresh copy in the user's folder."""
        target = editable(path, self.folder)
        self.editor.open_file(target)
        self._title()
        self.studio.scenario_changed()
        return target

    def new(self) -> None:
        if not self.may_discard():
            return
        name, ok = QInputDialog.getText(
            self, self.tr("New scenario"), self.tr("A short name for the new scenario:")
        )
        if ok and name.strip():
            self.open_path(new_scenario(name.strip(), self.folder))

    def open(self) -> None:
        if not self.may_discard():
            return
        path = pick_scenario(self, self.folder)
        if path:
            self.open_path(path)

    def save(self) -> bool:
        if self.editor.path.startswith("<"):
            return self.save_as()
        return self._write(None)

    def save_as(self) -> bool:
        start = str(self.folder or user_scenarios_dir())
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the scenario as"), start, self.tr("Scenarios (*.yaml *.yml)")
        )
        return bool(path) and self._write(path)

    def _write(self, path: str | None) -> bool:
        try:
            self.editor.save(path)
        except OSError as exc:
            QMessageBox.warning(self, self.tr("The scenario was not saved"), str(exc))
            return False
        self._title()
        self.statusBar().showMessage(self.tr("Saved {0}").format(self.editor.path), 5000)
        return True

    def may_discard(self) -> bool:
        """True when the current text may go: it is saved, or the author saves or drops it."""
        if not self.editor.view.document().isModified():
            return True
        answer = self.ask_to_save()
        if answer == Button.Save:
            return self.save()
        return answer == Button.Discard

    def ask_to_save(self) -> Button:
        name = Path(self.editor.path).name
        return QMessageBox.question(
            self,
            self.tr("Unsaved changes"),
            self.tr("{0} has changes that are not saved. Save them?").format(name),
            Button.Save | Button.Discard | Button.Cancel,
            Button.Save,
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if not self.may_discard():
            event.ignore()
            return
        self.studio.stop()
        super().closeEvent(event)

    # --- playing ----------------------------------------------------------------------------

    def play_now(self) -> bool:
        """Save the edit, then open the session setup on it; errors keep it in the editor."""
        if self.play is None or self.editor.path.startswith("<"):
            return False
        self.editor.check_now()
        errors = [d for d in self.editor.findings() if d.severity == "error"]
        if errors:
            self.editor.jump_to(errors[0])
            QMessageBox.warning(
                self,
                self.tr("This scenario cannot be played yet"),
                "\n".join(d.format() for d in errors[:8]),
            )
            return False
        if self.editor.view.document().isModified() and not self.save():
            return False
        self.play(self.editor.path)
        return True


def pick_scenario(parent: QWidget, folder: Path | None = None) -> str:
    """Ask for a scenario to edit, starting in the user's folder if it holds any."""
    mine = folder or user_scenarios_dir()
    has_own = mine.is_dir() and any(mine.glob("*.y*ml"))
    start = mine if has_own else bundled_scenarios()[0].parent
    path, _ = QFileDialog.getOpenFileName(
        parent, parent.tr("Edit a scenario"), str(start), parent.tr("Scenarios (*.yaml *.yml)")
    )
    return path


def open_editor(
    parent: QWidget, play: Callable[[str], object], *, new: bool = False, folder: Path | None = None
) -> EditorWindow | None:
    """From the main window: pick a scenario (or name a new one) and show it in an editor."""
    if new:
        name, ok = QInputDialog.getText(
            parent, parent.tr("New scenario"), parent.tr("A short name for the new scenario:")
        )
        if not ok or not name.strip():
            return None
        path: str | Path = new_scenario(name.strip(), folder)
    else:
        path = pick_scenario(parent, folder)
        if not path:
            return None
    window = EditorWindow(path, play=play, folder=folder)
    window.show()
    return window
