"""Showing a report's HTML in a QTextBrowser: the same `Page` the PDF prints, with its
charts rendered from SVG to images."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser

from app.reports.page import Page
from app.reports.pdf import svg_image


def show(browser: QTextBrowser, page: Page) -> None:
    """Put `page` (built with `images="resource"`) in `browser`, keeping the scroll place."""
    page.font_pt = round(browser.font().pointSizeF(), 1)  # readable on a projector
    bar = browser.verticalScrollBar()
    at = bar.value()
    doc = browser.document()
    for name, svg in page.images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), svg_image(svg))
    browser.setHtml(page.html())
    bar.setValue(at)


def browser(name: str) -> QTextBrowser:
    b = QTextBrowser()
    b.setAccessibleName(name)
    b.setOpenExternalLinks(False)
    return b
