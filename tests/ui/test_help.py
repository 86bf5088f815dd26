"""Help and About: the bundled pages open in the window, About names every version."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from app.store.sessions import Store
from app.ui.help import HelpDialog
from app.ui.main_window import MainWindow


@pytest.fixture
def window(qtbot: Any, tmp_path: Path) -> MainWindow:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    w.show()
    return w


def _help_actions(w: MainWindow) -> dict[str, Any]:
    [menu] = [a.menu() for a in w.menuBar().actions() if a.text() == "&Help"]
    return {a.text().replace("&", ""): a for a in menu.actions() if a.text()}


@pytest.mark.parametrize(
    ("action", "heading"),
    [
        ("Running a workshop", "Running a workshop with Parley"),
        ("Scenario format reference", "The Parley scenario format"),
    ],
)
def test_help_opens_the_bundled_page(window: MainWindow, action: str, heading: str) -> None:
    _help_actions(window)[action].trigger()
    [dialog] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, HelpDialog) and w.isVisible()
    ]
    assert dialog.browser.toPlainText().startswith(heading)
    dialog.close()


def test_about_lists_parley_python_qt_and_the_libraries(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import PySide6
    import PySide6.QtCore

    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "about", lambda _p, _t, text: shown.append(text))
    _help_actions(window)["About Parley"].trigger()
    [text] = shown
    for name in ("Parley", "Python", "Qt", "PySide6", "pyqtgraph", "sqlite-utils", "pydantic"):
        assert f"<td>{name}</td>" in text
    assert f"<td>{PySide6.QtCore.qVersion()}</td>" in text
    assert f"<td>{PySide6.__version__}</td>" in text  # from PySide6-Essentials' metadata
    assert str(window.store.path) in text
