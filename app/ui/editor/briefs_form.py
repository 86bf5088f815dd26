"""The briefs as a form: the scenario's brief for everyone, and each party's public and
confidential brief, field by field, beside a preview drawn as the trainee sees it at the
table (`table_view.brief_html`). A pause in typing writes the field back into the YAML
text in place (`textpatch.set_prose` / `set_strings`), as one step the editor's undo
takes back; the form follows the text after every check."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.scenario.textpatch import PatchError, get, set_prose, set_strings
from app.scenario.yamldoc import PathKey
from app.ui.table_view import brief_html

WRITE_MS = 500  # a pause in typing this long writes the field into the text
EVERYONE = "public"  # the viewer whose preview is the scenario brief alone

# (label, path under the party, a list of lines?)
PARTY_FIELDS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("Public brief (everyone reads it)", ("brief", "public"), False),
    ("Stated position", ("brief", "confidential", "position"), False),
    ("Assessment", ("brief", "confidential", "assessment"), False),
    ("Instructions", ("brief", "confidential", "instructions"), False),
    ("Interests (one a line)", ("brief", "confidential", "interests"), True),
    ("Fears (one a line)", ("brief", "confidential", "fears"), True),
    ("Red lines (one a line)", ("brief", "confidential", "red_lines"), True),
)


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _lines(value: Any) -> list[str]:
    return [_text(x) for x in value] if isinstance(value, list) else []


def preview_view(data: dict[str, Any], viewer: str) -> dict[str, Any]:
    """What `brief_html` needs, read from the scenario's data as written (it need not be
    valid): the scenario's brief, every party's public line, and `viewer`'s confidential
    brief and BATNA."""
    scn = data.get("scenario") if isinstance(data.get("scenario"), dict) else {}
    parties = []
    for p in data.get("parties") or []:
        if not isinstance(p, dict) or not p.get("id"):
            continue
        brief = p.get("brief") if isinstance(p.get("brief"), dict) else {}
        item: dict[str, Any] = {
            "id": str(p["id"]),
            "name": _text(p.get("name") or p["id"]),
            "role": _text(p.get("role")),
            "public": _text(brief.get("public")),
        }
        if item["id"] == viewer:
            conf = brief.get("confidential") if isinstance(brief.get("confidential"), dict) else {}
            item["confidential"] = {
                **{k: _text(conf.get(k)) for k in ("position", "assessment", "instructions")},
                **{k: _lines(conf.get(k)) for k in ("interests", "fears", "red_lines")},
            }
            batna = p.get("batna") if isinstance(p.get("batna"), dict) else {}
            value = batna.get("value")
            if isinstance(value, int | float) and not isinstance(value, bool):
                item["batna"] = {"value": value, "description": _text(batna.get("description"))}
        parties.append(item)
    return {
        "scenario": {
            "title": _text(scn.get("title")),
            "brief": _text(scn.get("brief")),
            "as_of": _text(scn.get("as_of")) or None,
            "disclaimer": _text(scn.get("disclaimer")) or None,
        },
        "parties": parties,
    }


class BriefsForm(QWidget):
    """One brief field at a time: whose, which field, its text, and the trainee's view."""

    def __init__(self, editor: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.who = QComboBox()
        self.who.setObjectName("briefsWho")
        self.who.setAccessibleName(self.tr("Whose brief"))
        self.field = QComboBox()
        self.field.setObjectName("briefsField")
        self.field.setAccessibleName(self.tr("Which part of the brief"))
        self.edit = QPlainTextEdit()
        self.edit.setObjectName("briefsText")
        self.edit.setAccessibleName(self.tr("The brief's text (Markdown)"))
        self.edit.setPlaceholderText(
            self.tr("Markdown: **bold**, *italic*, - a list item, a blank line between paragraphs")
        )
        self.preview = QTextBrowser()
        self.preview.setObjectName("briefsPreview")
        self.preview.setAccessibleName(self.tr("The brief as the trainee sees it"))
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(WRITE_MS)
        self.timer.timeout.connect(self.write_back)
        self.edit.textChanged.connect(self.timer.start)
        self.who.currentIndexChanged.connect(self._who_changed)
        self.field.currentIndexChanged.connect(lambda _: self._show_field())
        pick = QHBoxLayout()
        pick.addWidget(self.who, 1)
        pick.addWidget(self.field, 1)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.edit)
        split.addWidget(self.preview)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(pick)
        layout.addWidget(split, 1)
        layout.addWidget(self.note)
        editor.checked.connect(lambda _: self.refresh())
        self.refresh()

    # --- what the form shows ---------------------------------------------------------------

    def data(self) -> dict[str, Any] | None:
        return self.editor.data()

    def fields(self) -> list[tuple[str, PathKey, bool]]:
        """(label, data path, a list?) of the fields of the brief chosen in `who`."""
        index = self.who.currentData()
        if index is None:
            return [
                (self.tr("The scenario's brief (everyone reads it)"), ("scenario", "brief"), False)
            ]
        return [
            (self.tr(label), ("parties", index, *path), many) for label, path, many in PARTY_FIELDS
        ]

    def current(self) -> tuple[PathKey, bool] | None:
        fields = self.fields()
        i = self.field.currentIndex()
        return (fields[i][1], fields[i][2]) if 0 <= i < len(fields) else None

    def refresh(self) -> None:
        """Follow the text: the parties, the field's value (unless the author is typing in
        it), the preview."""
        if self.timer.isActive():
            return  # the author's words go into the text first; the next check redraws
        data = self.data()
        self.setEnabled(data is not None)
        if data is None:
            self.note.setText(self.tr("The YAML must read before the briefs can show."))
            return
        self.note.setText(
            self.tr(
                "Written into the scenario's text as you type; Undo (Ctrl+Z) takes a change back."
            )
        )
        parties = [
            (i, p)
            for i, p in enumerate(data.get("parties") or [])
            if isinstance(p, dict) and p.get("id")
        ]
        choices = [(self.tr("The scenario (everyone)"), None)]
        choices += [(_text(p.get("name") or p["id"]), i) for i, p in parties]
        if [
            (self.who.itemText(n), self.who.itemData(n)) for n in range(self.who.count())
        ] != choices:
            keep = self.who.currentIndex()
            self.who.blockSignals(True)
            self.who.clear()
            for label, index in choices:
                self.who.addItem(label, index)
            self.who.setCurrentIndex(min(max(keep, 0), len(choices) - 1))
            self.who.blockSignals(False)
            self._fill_fields()
        self._show_field()

    def _who_changed(self) -> None:
        self._fill_fields()
        self._show_field()

    def _fill_fields(self) -> None:
        keep = self.field.currentIndex()
        self.field.blockSignals(True)
        self.field.clear()
        labels = [label for label, _, _ in self.fields()]
        self.field.addItems(labels)
        self.field.setCurrentIndex(min(max(keep, 0), len(labels) - 1))
        self.field.blockSignals(False)

    def _show_field(self) -> None:
        data, here = self.data(), self.current()
        if data is None or here is None:
            return
        path, many = here
        value = get(data, path)
        shown = "\n".join(_lines(value)) if many else _text(value).rstrip("\n")
        if shown != self.edit.toPlainText():
            self.edit.blockSignals(True)
            self.edit.setPlainText(shown)
            self.edit.blockSignals(False)
        self._preview(data)

    def _preview(self, data: dict[str, Any]) -> None:
        index = self.who.currentData()
        party = (data.get("parties") or [])[index] if index is not None else None
        viewer = str(party["id"]) if isinstance(party, dict) else EVERYONE
        view = preview_view(data, viewer)
        self.preview.setHtml(brief_html(view, viewer))
        here = self.current()
        own = next((p for p in view["parties"] if p["id"] == viewer), None)
        if own is None or here is None:
            return
        # the part being edited at the top: the party's confidential section, or its line
        # in the list of parties for its public brief
        heading = own["name"] if here[0][-1] == "public" else f"Confidential — {own['name']}"
        found = self.preview.document().find(heading)
        if not found.isNull():
            bar = self.preview.verticalScrollBar()
            bar.setValue(bar.value() + self.preview.cursorRect(found).top() - 4)

    # --- writing back ---------------------------------------------------------------------

    def write_back(self) -> None:
        """Put the field's text into the scenario's text (one undo step) and check it."""
        self.timer.stop()
        here = self.current()
        if here is None or self.data() is None:
            return
        path, many = here
        typed = self.edit.toPlainText()
        value = get(self.data(), path)
        if typed == ("\n".join(_lines(value)) if many else _text(value).rstrip("\n")):
            return  # nothing new: the author's style (`>`, quotes) stays as written
        try:
            if many:
                items = [line.strip() for line in typed.split("\n") if line.strip()]
                new = set_strings(self.editor.text(), path, items)
            else:
                new = set_prose(self.editor.text(), path, typed)
        except PatchError as exc:
            self.note.setText(str(exc))
            return
        self.editor.apply_text(new)  # checks at once: the form and preview follow
