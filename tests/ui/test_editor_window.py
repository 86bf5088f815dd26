"""The editor's window with pytest-qt, offscreen: a bundled scenario opens as a copy and
saves byte for byte, the title marks unsaved work and closing asks, the briefs form
writes into the text and undo takes it back, and "play now" reaches the session setup
with the edited scenario."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from conftest import TUTORIAL, line_of  # noqa: E402
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from app.ui.editor.window import EditorWindow  # noqa: E402

TEXT = TUTORIAL.read_text(encoding="utf-8")
Button = QMessageBox.StandardButton


@pytest.fixture(autouse=True)
def _isolated_settings(tmp_path: Path) -> None:
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))


def make(qtbot: Any, path: Path, folder: Path, play: Any = None) -> EditorWindow:
    w = EditorWindow(path, play=play, folder=folder)
    w.ask_to_save = lambda: Button.Discard  # type: ignore[method-assign]  # no modal prompt
    qtbot.addWidget(w)
    w.show()
    return w


def test_a_bundled_scenario_opens_as_a_copy_and_saves_byte_for_byte(qtbot, tmp_path: Path):
    w = make(qtbot, TUTORIAL, tmp_path / "mine")
    copy = tmp_path / "mine" / "tutorial.yaml"
    assert w.editor.path == str(copy) and copy.read_bytes() == TUTORIAL.read_bytes()
    w.editor.view.insertPlainText("x")  # a change, then taken back: saved all the same
    w.editor.view.undo()
    assert w.save()
    assert copy.read_bytes() == TUTORIAL.read_bytes()
    assert not list(copy.parent.glob("*.saving")) and len(list(copy.parent.iterdir())) == 1


def test_a_windows_file_keeps_its_byte_order_mark_and_line_endings(qtbot, tmp_path: Path):
    raw = b"\xef\xbb\xbf" + TEXT.replace("\n", "\r\n").encode("utf-8")
    own = tmp_path / "own.yaml"
    own.write_bytes(raw)
    w = make(qtbot, own, tmp_path)
    assert w.editor.path == str(own)  # the author's own file is edited in place
    assert w.save() and own.read_bytes() == raw


def test_the_title_marks_unsaved_work_and_closing_asks(qtbot, tmp_path: Path, monkeypatch):
    w = make(qtbot, TUTORIAL, tmp_path)
    assert "tutorial.yaml" in w.windowTitle() and not w.isWindowModified()
    w.editor.view.insertPlainText("# a note\n")
    assert w.isWindowModified()
    asked: list[str] = []

    def answer(button: Button) -> Any:
        return lambda: asked.append(button.name) or button

    monkeypatch.setattr(w, "ask_to_save", answer(Button.Cancel))
    assert not w.close() and w.isVisible()
    monkeypatch.setattr(w, "ask_to_save", answer(Button.Save))
    assert w.close() and not w.isVisible()
    assert asked == ["Cancel", "Save"]
    assert (tmp_path / "tutorial.yaml").read_text(encoding="utf-8") == "# a note\n" + TEXT


def test_closing_without_saving_leaves_the_file_as_it_was(qtbot, tmp_path: Path, monkeypatch):
    w = make(qtbot, TUTORIAL, tmp_path)
    w.editor.view.insertPlainText("# dropped\n")
    monkeypatch.setattr(w, "ask_to_save", lambda: Button.Discard)
    assert w.close()
    assert (tmp_path / "tutorial.yaml").read_text(encoding="utf-8") == TEXT


def test_the_briefs_form_writes_into_the_text_and_undo_takes_it_back(qtbot, tmp_path: Path):
    w = make(qtbot, TUTORIAL, tmp_path)
    form = w.editor.briefs
    w.editor.tabs.setCurrentWidget(form)
    form.who.setCurrentIndex(form.who.findText("Aldmere delegation"))
    form.field.setCurrentIndex(1)  # the stated position
    assert form.edit.toPlainText().startswith("Aldmere must keep running the harbour")
    comment = (
        "      # no deal has a price: every round the harbour stands still costs Aldmere revenue"
    )
    with qtbot.waitSignal(w.editor.checked, timeout=5000):
        form.edit.selectAll()
        form.edit.insertPlainText("Keep the **harbour**.\n\nThen talk about fish.")
    text = w.editor.text()
    line = line_of(text, "        position: |")
    assert text.splitlines()[line : line + 3] == [
        "          Keep the **harbour**.",
        "",
        "          Then talk about fish.",
    ]
    assert comment in text  # the author's comments stay
    assert w.editor.findings() == [] and w.isWindowModified()
    assert "Then talk about fish." in form.preview.toPlainText()
    assert "Keep the **harbour**." in form.preview.toPlainText()  # as the table shows it
    w.editor.undo_action.trigger()
    assert w.editor.text() == TEXT
    w.editor.check_now()
    assert form.edit.toPlainText().startswith("Aldmere must keep running the harbour")


def test_the_scenario_brief_is_previewed_as_markdown(qtbot, tmp_path: Path):
    w = make(qtbot, TUTORIAL, tmp_path)
    form = w.editor.briefs
    form.who.setCurrentIndex(0)
    assert form.field.currentText() == "The scenario's brief (everyone reads it)"
    form.edit.setPlainText("Velm sits on the **harbour**.\n\n- one\n- two")
    form.write_back()
    assert 'font-weight:700;">harbour</span>' in form.preview.toHtml()
    assert w.editor.loaded is not None and w.editor.loaded.ok
    assert (
        w.editor.loaded.scenario.scenario.brief == "Velm sits on the **harbour**.\n\n- one\n- two\n"
    )


def test_a_list_in_the_briefs_form_is_one_item_a_line(qtbot, tmp_path: Path):
    w = make(qtbot, TUTORIAL, tmp_path)
    form = w.editor.briefs
    form.who.setCurrentIndex(form.who.findText("Aldmere delegation"))
    form.field.setCurrentIndex(form.field.findText("Fears (one a line)"))
    form.edit.setPlainText("Looking weak\nA quota nobody checks\n")
    form.write_back()
    assert '        fears: ["Looking weak", "A quota nobody checks"]' in w.editor.text()
    assert w.editor.loaded is not None and w.editor.loaded.ok


def test_play_now_saves_and_reaches_the_setup_with_the_edit(qtbot, tmp_path: Path, monkeypatch):
    from app.store.sessions import Store
    from app.ui.main_window import MainWindow
    from app.ui.start_page import SetupDialog

    main = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(main)
    seen: list[str] = []

    def exec_(dialog: SetupDialog) -> int:
        seen.append(dialog.compiled.scenario.scenario.title)
        return SetupDialog.DialogCode.Rejected

    monkeypatch.setattr(SetupDialog, "exec", exec_)
    w = make(qtbot, TUTORIAL, tmp_path / "mine", play=main.play_edited)
    line = line_of(TEXT, "  title:")
    w.editor.view.go_to(line, len('  title: "') + 1)
    w.editor.view.insertPlainText("Rehearsal: ")
    w.play_action.trigger()
    assert seen == ["Rehearsal: Tutorial: The Harbour at Velm"]
    assert not w.isWindowModified()
    assert "Rehearsal: " in (tmp_path / "mine" / "tutorial.yaml").read_text(encoding="utf-8")


def test_play_now_with_errors_stays_in_the_editor(qtbot, tmp_path: Path, monkeypatch):
    played: list[str] = []
    w = make(qtbot, TUTORIAL, tmp_path, play=played.append)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a: Button.Ok)
    line = line_of(TEXT, "    colour: ")
    w.editor.view.go_to(line, 1)
    cursor = w.editor.view.textCursor()
    cursor.movePosition(cursor.MoveOperation.EndOfBlock, cursor.MoveMode.KeepAnchor)
    cursor.insertText("    colour: #C0392B")  # `#` starts a comment: the colour is empty
    w.editor.view.go_to(1, 1)
    assert not w.play_now() and played == []
    assert w.editor.view.textCursor().blockNumber() + 1 == line


def test_the_main_window_opens_the_editor(qtbot, tmp_path: Path, monkeypatch):
    from app.store.sessions import Store
    from app.ui.editor import window as editor_window
    from app.ui.main_window import MainWindow

    main = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(main)
    labels = {a.text(): a for a in main.menuBar().actions()[0].menu().actions()}
    assert labels["E&dit a scenario…"].shortcut().toString() == "Ctrl+Shift+E"
    assert "New scenari&o…" in labels
    monkeypatch.setattr(editor_window, "pick_scenario", lambda *a: str(TUTORIAL))
    from app.ui.editor import workspace

    monkeypatch.setattr(workspace, "user_scenarios_dir", lambda: tmp_path / "user")
    labels["E&dit a scenario…"].trigger()
    (w,) = main.editors
    w.ask_to_save = lambda: Button.Discard  # type: ignore[method-assign]
    qtbot.addWidget(w)
    assert w.isVisible() and w.editor.path == str(tmp_path / "user" / "tutorial.yaml")
