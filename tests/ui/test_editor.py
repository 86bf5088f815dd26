"""The scenario editor with pytest-qt, offscreen: findings follow the typing (after a pause,
waited for by signal), a click on a finding jumps to its line, undo and redo, line numbers
and highlighting, YAML-friendly keys, and saving."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import pytest  # noqa: E402
from conftest import TUTORIAL, line_of  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QTextCursor  # noqa: E402

from app.ui.editor import ScenarioEditor  # noqa: E402
from app.ui.editor.editor import summary  # noqa: E402

TEXT = TUTORIAL.read_text(encoding="utf-8")


def make(qtbot: Any, text: str = TEXT, delay_ms: int = 50) -> ScenarioEditor:
    editor = ScenarioEditor(text, "harbour.yaml", delay_ms=delay_ms)
    qtbot.addWidget(editor)
    editor.resize(900, 700)
    editor.show()
    return editor


def type_at(editor: ScenarioEditor, line: int, col: int, text: str) -> None:
    """Type `text` at line, col, as the author would (each key a change)."""
    editor.view.go_to(line, col)
    for ch in text:
        editor.view.insertPlainText(ch)


def rows(editor: ScenarioEditor) -> list[tuple[str, str, str]]:
    items = [editor.list.topLevelItem(i) for i in range(editor.list.topLevelItemCount())]
    return [(it.text(0), it.text(1), it.text(2)) for it in items]


def test_a_valid_scenario_has_no_findings(qtbot):
    editor = make(qtbot)
    assert editor.findings() == []
    assert editor.status.text() == "No problems"
    assert editor.loaded is not None and editor.loaded.ok


def test_findings_appear_after_a_pause_in_typing(qtbot):
    editor = make(qtbot)
    line = line_of(TEXT, "    colour: ")
    checks: list[Any] = []
    editor.checked.connect(checks.append)
    with qtbot.waitSignal(editor.checked, timeout=5000):
        cursor = editor.view.textCursor()
        block = editor.view.document().findBlockByNumber(line - 1)
        cursor.setPosition(block.position())
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock, QTextCursor.MoveMode.KeepAnchor)
        editor.view.setTextCursor(cursor)
        for ch in "    colour: #C0392B":
            editor.view.insertPlainText(ch)
        assert checks == []  # nothing is checked while the author types
    assert len(checks) == 1  # one check for the whole burst of typing
    (d,) = checks[0]
    assert (d.line, d.code) == (line, "empty-value")
    assert rows(editor) == [(str(line), d.message, "empty-value")]
    assert editor.status.text() == "1 error"
    assert editor.view.marks == {line: "error"}


def test_a_yaml_slip_is_listed_in_plain_words(qtbot):
    editor = make(qtbot)
    line = line_of(TEXT, "  title:")
    with qtbot.waitSignal(editor.checked, timeout=5000):
        type_at(editor, line, 1, " ")
    (d,) = editor.findings()
    assert d.code == "yaml-syntax" and d.line == line
    assert "indented 3 spaces" in d.message


def test_lint_findings_are_listed_when_the_text_is_valid(qtbot):
    lines = TEXT.splitlines(keepends=True)
    i = next(n for n, s in enumerate(lines) if s.startswith("        debrief: "))
    del lines[i]
    editor = make(qtbot, "".join(lines))
    assert {d.code for d in editor.findings()} == {"debrief-missing"}
    assert editor.findings()[0].severity == "warning"
    assert editor.status.text() == "1 warning"


def test_a_click_on_a_finding_jumps_to_its_line_and_column(qtbot):
    text = TEXT.replace("required: [aldmere, brevia]", "required: [aldmere, brevai]", 1)
    editor = make(qtbot, text)
    (d,) = editor.findings()
    editor.view.go_to(1)
    item = editor.list.topLevelItem(0)
    rect = editor.list.visualItemRect(item)
    qtbot.mouseClick(editor.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    cursor = editor.view.textCursor()
    assert cursor.blockNumber() + 1 == d.line == line_of(text, "brevai")
    assert cursor.positionInBlock() + 1 == d.col
    assert cursor.block().text()[d.col - 1 :].startswith("brevai")


def test_go_to_clamps_to_the_text(qtbot):
    editor = make(qtbot, "a: 1\nbb: 2\n")
    editor.view.go_to(99, 99)
    cursor = editor.view.textCursor()
    assert cursor.blockNumber() == editor.view.document().blockCount() - 1
    editor.view.go_to(2, 99)
    assert editor.view.textCursor().positionInBlock() == len("bb: 2")


def test_undo_and_redo_follow_the_text_and_recheck(qtbot):
    editor = make(qtbot)
    assert not editor.undo_action.isEnabled()
    line = line_of(TEXT, "  title:")
    with qtbot.waitSignal(editor.checked, timeout=5000):
        type_at(editor, line, 1, " ")
    assert editor.findings() and editor.undo_action.isEnabled()
    with qtbot.waitSignal(editor.checked, timeout=5000):
        editor.undo_action.trigger()
    assert editor.text() == TEXT
    assert editor.findings() == []
    assert editor.redo_action.isEnabled()
    with qtbot.waitSignal(editor.checked, timeout=5000):
        editor.redo_action.trigger()
    assert editor.findings()


def test_undo_redo_shortcuts(qtbot):
    editor = make(qtbot, "a: 1\n")
    editor.view.go_to(1, 5)
    qtbot.keyClicks(editor.view, "2")
    assert editor.text() == "a: 12\n"
    qtbot.keyClick(editor.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert editor.text() == "a: 1\n"
    qtbot.keyClick(
        editor.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert editor.text() == "a: 12\n"


def test_tab_inserts_spaces_and_enter_keeps_the_indentation(qtbot):
    editor = make(qtbot, "parties:")
    editor.view.go_to(1, 9)
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.view, "- id: a")
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    qtbot.keyClicks(editor.view, "name: A")
    qtbot.keyClick(editor.view, Qt.Key.Key_Return)
    qtbot.keyClick(editor.view, Qt.Key.Key_Tab)
    assert editor.text() == "parties:\n  - id: a\n    name: A\n      "
    assert "\t" not in editor.text()


def test_line_numbers_widen_with_the_text(qtbot):
    editor = make(qtbot, "a: 1\n")
    narrow = editor.view.gutter_width()
    editor.set_text("a: 1\n" * 12_000)
    assert editor.view.gutter_width() > narrow
    assert editor.view.viewportMargins().left() == editor.view.gutter_width()
    editor.view.gutter.grab()  # paints the numbers without error


def test_highlighting_marks_keys_comments_and_tabs(qtbot):
    editor = make(
        qtbot, '# a comment\nname: "Harbour"  # note\n\trounds: 3\nbrief: |\n  text: not a key\n'
    )
    doc = editor.view.document()

    def colour_at(line: int, col: int) -> str:
        block = doc.findBlockByNumber(line - 1)
        for r in block.layout().formats():
            if r.start <= col - 1 < r.start + r.length:
                return (
                    r.format.foreground().color().name()
                    + "/"
                    + r.format.background().color().name()
                )
        return ""

    fmts = editor.highlighter.formats
    key = fmts["key"].foreground().color().name()
    comment = fmts["comment"].foreground().color().name()
    string = fmts["string"].foreground().color().name()
    block_text = fmts["block"].foreground().color().name()
    assert colour_at(1, 1).startswith(comment)
    assert colour_at(2, 1).startswith(key)
    assert colour_at(2, 8).startswith(string)
    assert colour_at(2, 19).startswith(comment)
    assert colour_at(3, 1).endswith(editor.highlighter.tab.background().color().name())
    assert colour_at(5, 3).startswith(block_text)  # text in a block, not a key


def test_save_writes_the_text_and_clears_modified(qtbot, tmp_path: Path):
    editor = make(qtbot, "a: 1")
    with pytest.raises(ValueError):
        ScenarioEditor("a: 1").save()
    type_at(editor, 1, 5, "2")
    assert editor.view.document().isModified()
    target = editor.save(tmp_path / "mine.yaml")
    assert target.read_text(encoding="utf-8") == "a: 12\n"
    assert not editor.view.document().isModified()
    assert editor.path == str(target)
    editor.open_file(target)
    assert editor.text() == "a: 12\n" and not editor.undo_action.isEnabled()


def test_summary_words():
    from app.diagnostics import Diagnostic

    def d(severity: str) -> Diagnostic:
        return Diagnostic("f", 1, 1, severity, "c", "m")  # type: ignore[arg-type]

    assert summary([]) == "No problems"
    assert summary([d("error"), d("error"), d("warning"), d("info")]) == (
        "2 errors, 1 warning, 1 note"
    )


# --- where scenarios are edited ---------------------------------------------------


def test_the_template_validates_lints_clean_and_explains_itself():
    from app.scenario.findings import check_text
    from app.ui.editor.workspace import template_text

    text = template_text()
    loaded, found = check_text(text)
    assert loaded.ok and found == []
    assert sum(line.lstrip().startswith("#") or " # " in line for line in text.splitlines()) >= 10


def test_a_bundled_scenario_opens_as_a_copy(qtbot, tmp_path: Path):
    from app.ui.editor.workspace import editable, is_bundled

    assert is_bundled(TUTORIAL)
    copy = editable(TUTORIAL, tmp_path)
    assert copy == tmp_path / "tutorial.yaml" and not is_bundled(copy)
    assert copy.read_text(encoding="utf-8") == TEXT
    assert editable(TUTORIAL, tmp_path) == tmp_path / "tutorial-2.yaml"  # never overwrites
    assert editable(copy, tmp_path) == copy  # the author's own file is edited in place
    editor = make(qtbot)
    editor.open_file(copy)
    type_at(editor, 1, 1, "# mine\n")
    editor.save()
    assert copy.read_text(encoding="utf-8").startswith("# mine\n")
    assert TUTORIAL.read_text(encoding="utf-8") == TEXT


def test_a_new_scenario_starts_from_the_template(tmp_path: Path):
    from app.scenario.validate import load_file
    from app.ui.editor.workspace import new_scenario

    path = new_scenario("Water treaty", tmp_path)
    assert path == tmp_path / "Water-treaty.yaml"
    loaded = load_file(path)
    assert loaded.ok and loaded.scenario is not None
    assert loaded.scenario.scenario.id == "Water-treaty"
    assert loaded.scenario.scenario.title == "Water treaty"
    assert new_scenario("Water treaty", tmp_path).name == "Water-treaty-2.yaml"


# --- the values and red lines form ------------------------------------------------


def cell(editor: ScenarioEditor, option: str, party: str) -> Any:
    table = editor.values.table
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    cols = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return table.item(next(r for r, name in enumerate(rows) if option in name), cols.index(party))


def test_the_grid_shows_values_and_red_lines(qtbot):
    editor = make(qtbot)
    form = editor.values
    assert form.issue.currentText() == "Harbour access"
    item = cell(editor, "Aldmere runs the harbour", "Brevia")
    assert item.text() == "15" and item.checkState() == Qt.CheckState.Checked
    other = cell(editor, "Aldmere runs the harbour", "Aldmere")
    assert other.text() == "90" and other.checkState() == Qt.CheckState.Unchecked
    form.issue.setCurrentIndex(1)  # fishing: one row per option of each dimension
    table = form.table
    labels = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    assert any(label.startswith("Quota split · ") for label in labels)


def test_a_value_typed_in_the_grid_is_written_in_place_and_undone_in_one_step(qtbot):
    editor = make(qtbot)
    line = line_of(TEXT, "values: {aldmere: 90, brevia: 15, council: 40}")
    cell(editor, "Aldmere runs the harbour", "Brevia").setText("25")
    after = editor.text()
    changed = [
        n for n, (a, b) in enumerate(zip(TEXT.splitlines(), after.splitlines()), 1) if a != b
    ]
    assert changed == [line]
    assert after.splitlines()[line - 1].endswith("values: {aldmere: 90, brevia: 25, council: 40}")
    assert editor.findings() == []
    editor.undo_action.trigger()
    assert editor.text() == TEXT
    editor.check_now()
    assert cell(editor, "Aldmere runs the harbour", "Brevia").text() == "15"  # the grid follows


def test_ticking_a_red_line_adds_it_to_the_option(qtbot):
    editor = make(qtbot)
    cell(editor, "joint harbour authority", "Brevia").setCheckState(Qt.CheckState.Checked)
    assert editor.loaded is not None and editor.loaded.doc is not None
    option = editor.loaded.doc.data["issues"][0]["options"][1]
    assert option["red_lines"] == ["brevia"]
    import difflib

    diff = difflib.unified_diff(TEXT.splitlines(), editor.text().splitlines(), lineterm="", n=0)
    changes = [d for d in diff if d[:1] in "+-" and not d.startswith(("+++", "---"))]
    assert changes == ["+        red_lines: [brevia]"]  # one new line; comments untouched


def test_a_value_out_of_range_is_refused_and_the_text_kept(qtbot):
    editor = make(qtbot)
    item = cell(editor, "Aldmere runs the harbour", "Brevia")
    item.setText("150")
    assert editor.text() == TEXT and item.text() == "15"
    assert "0 to 100" in editor.values.note.text()
    item.setText("abc")
    assert editor.text() == TEXT and item.text() == "15"


def test_the_grid_follows_the_text(qtbot):
    editor = make(qtbot)
    text = TEXT.replace(
        "{aldmere: 90, brevia: 15, council: 40}", "{aldmere: 90, brevia: 5, council: 40}"
    )
    with qtbot.waitSignal(editor.checked, timeout=5000):
        editor.apply_text(text)
    assert cell(editor, "Aldmere runs the harbour", "Brevia").text() == "5"
    editor.set_text("a: [")  # the YAML does not read: the grid says so, and is empty
    assert editor.values.table.rowCount() == 0
    assert "must read" in editor.values.note.text()
