"""Help pages shown in a window: the scenario format reference and the workshop guide,
both shipped inside the package (see `app.resources`) so they open without a network."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import resources


class HelpDialog(QDialog):
    """A Markdown page in a browser that follows in-page links."""

    def __init__(self, title: str, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setMarkdown(markdown)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(900, 760)


PAGES = {
    "format": lambda: resources.format_reference().read_text(encoding="utf-8"),
    "workshop": lambda: resources.help_page("workshop.md"),
}


def show_help(page: str, title: str, parent: QWidget | None = None) -> HelpDialog:
    """Open a help page (not modal: it can stay open beside the session)."""
    dialog = HelpDialog(title, PAGES[page](), parent)
    dialog.show()
    return dialog
