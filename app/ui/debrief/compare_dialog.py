"""Compare tables: pick saved sessions of the same scenario (or import files exported on
other laptops) and see them side by side, as `parley compare` prints them."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.reports.sources import NotComparable, compare_page
from app.store.database import StoreError
from app.store.exchange import import_json
from app.store.sessions import Store
from app.ui.debrief.documents import browser, show


class CompareDialog(QDialog):
    """`store`: the sessions database; `current`: the session being debriefed (ticked
    first). `import_files(paths)` and `compare()` are what the buttons do."""

    def __init__(self, store: Store, current: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Compare tables"))
        self.store = store
        self.current = current
        self.scenario = store.get(current)["scenario_id"]
        self.tables = QListWidget()
        self.tables.setAccessibleName(self.tr("Sessions of this scenario"))
        self.import_button = QPushButton(self.tr("Import from other laptops…"))
        self.compare_button = QPushButton(self.tr("Compare"))
        self.compare_button.setDefault(True)
        self.result = browser(self.tr("The tables compared"))
        left = QWidget()
        col = QVBoxLayout(left)
        col.addWidget(QLabel(self.tr("<b>Tables of this scenario</b> (tick two or more)")))
        col.addWidget(self.tables, 1)
        row = QHBoxLayout()
        row.addWidget(self.import_button)
        row.addWidget(self.compare_button)
        col.addLayout(row)
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(left)
        split.addWidget(self.result)
        split.setSizes([350, 900])
        QVBoxLayout(self).addWidget(split)
        self.import_button.clicked.connect(self.import_dialog)
        self.compare_button.clicked.connect(self.compare)
        self.fill({current})

    def fill(self, ticked: set[str]) -> None:
        keep = ticked | set(self.ticked())
        self.tables.clear()
        for row in self.store.list():
            if row["scenario"] != self.scenario:
                continue
            item = QListWidgetItem(f"{row['id'][:8]}  {row['status']}  {row['updated'][:16]}")
            item.setData(Qt.ItemDataRole.UserRole, row["id"])
            item.setCheckState(
                Qt.CheckState.Checked if row["id"] in keep else Qt.CheckState.Unchecked
            )
            self.tables.addItem(item)

    def ticked(self) -> list[str]:
        out = []
        for i in range(self.tables.count()):
            item = self.tables.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(item.data(Qt.ItemDataRole.UserRole))
        return out

    def import_files(self, paths: list[str]) -> list[str]:
        """Import exported sessions; returns the ids brought in, reports every refusal."""
        done, problems = [], []
        for path in paths:
            try:
                with open(path, encoding="utf-8") as fh:
                    done.append(import_json(self.store, json.load(fh)))
            except StoreError as exc:
                problems.append(f"{path}: {exc.message}" + (f" ({exc.hint})" if exc.hint else ""))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                problems.append(f"{path}: {exc}")
        self.fill(set(done))
        if problems:
            QMessageBox.warning(self, self.tr("Some files were not imported"), "\n".join(problems))
        return done

    def import_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(
            self, self.tr("Import sessions"), "", self.tr("Parley sessions (*.json)")
        )
        if paths:
            self.import_files(paths)

    def compare(self) -> bool:
        ids = self.ticked()
        if len(ids) < 2:
            self.result.setPlainText(self.tr("Tick two or more tables to compare."))
            return False
        ids.sort(key=lambda sid: sid != self.current)  # this table first
        try:
            page = compare_page(self.store, ids, "resource")
        except NotComparable as exc:
            self.result.setPlainText(f"{exc.message}\n{exc.hint}")
            return False
        show(self.result, page)
        return True
