"""The PDF of a report, a comparison or a brief: the same HTML as the browser's, laid out
by Qt's QTextDocument and printed by QPdfWriter on A4, each section on a new page; the
charts' SVG rendered to PNG-quality images with QSvgRenderer. Qt is imported only here,
and only when a PDF is asked for."""

from __future__ import annotations

import os
from typing import Any

from app.reports.page import Page

SCALE = 2.0  # charts are rendered at twice their size, for print
FOOT = 28  # pixels (at 96 per inch) kept at the foot of each page for its number


def _application() -> Any:
    """Qt needs an application for fonts; a command-line run gets an offscreen one. It is a
    QApplication, so that windows opened later in the same process still work."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        app = QApplication(["parley"])
    return app


def svg_image(svg: str, scale: float = SCALE) -> Any:
    """An SVG chart as a QImage on white."""
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    size = renderer.defaultSize()
    image = QImage(
        int(size.width() * scale), int(size.height() * scale), QImage.Format.Format_ARGB32
    )
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def svg_png(svg: str, scale: float = SCALE) -> bytes:
    """An SVG chart as PNG bytes (for exporting one plot)."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    _application()
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    svg_image(svg, scale).save(buf, "PNG")
    buf.close()
    return bytes(data.data())


def to_pdf(page: Page) -> bytes:
    """The page as PDF bytes (A4, 15 mm margins). `page` must be built with
    `images="resource"`."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QSizeF, QUrl
    from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

    _application()
    doc = QTextDocument()
    doc.setDefaultStyleSheet("")
    for name, svg in page.images.items():
        doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(name), svg_image(svg))
    doc.setHtml(page.html())
    doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, page.title)
    data = QByteArray()
    buf = QBuffer(data)
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buf)
    writer.setTitle(page.title)
    writer.setCreator("Parley")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    # lay the text out on the page's printable width (left alone, Qt narrows it to the
    # screen's idea of the page), at a resolution where a point is a point, leaving a
    # strip at the foot of each page for its number
    writer.setResolution(96)
    doc.documentLayout().setPaintDevice(writer)
    area = writer.pageLayout().paintRectPixels(96)
    doc.setPageSize(QSizeF(area.width(), area.height() - FOOT))
    _print(doc, writer, area.width(), area.height())
    del writer
    buf.close()
    return bytes(data.data())


def _print(doc: Any, writer: Any, width: float, height: float) -> None:
    """Each page of `doc` in turn, with "page N of M" in the strip at its foot."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QPainter

    body = doc.pageSize().height()
    pages = doc.pageCount()
    painter = QPainter(writer)
    font = painter.font()
    font.setPointSizeF(8)
    for n in range(pages):
        if n:
            writer.newPage()
        painter.save()
        painter.translate(0, -n * body)
        doc.drawContents(painter, QRectF(0, n * body, width, body))
        painter.restore()
        painter.setFont(font)
        painter.setPen(Qt.GlobalColor.darkGray)
        painter.drawText(
            QRectF(0, height - FOOT + 6, width, FOOT - 6),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            f"{doc.metaInformation(doc.MetaInformation.DocumentTitle) or ''}"
            f"    page {n + 1} of {pages}",
        )
    painter.end()


def page_count(pdf: bytes) -> int:
    """The number of pages of a PDF, from its page objects (`/Type /Page`, not `/Pages`)."""
    import re

    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
