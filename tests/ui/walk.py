"""Everything a person at the screen could read under a widget: for confidentiality tests.

`readable(root)` walks every widget a person can see or reach with one click without a
PIN — the current page of a stack, every page of a tab widget, every item of a combo box,
list or tree (collapsed or not), tooltips and placeholders — and returns (where, text)
pairs. `plot_series(root)` gives each plotted curve's name and data. `leaks(root,
secrets)` names the secrets found. Reused by every screen that must not show another
delegation's brief, values, private figures or pending moves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMainWindow,
    QPlainTextEdit,
    QStackedWidget,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)


def reachable(root: QWidget) -> Iterator[QWidget]:
    """`root` and every widget under it that is shown, or one tab click away."""
    yield root
    if isinstance(root, QTabWidget):
        pages = [root.widget(i) for i in range(root.count()) if root.isTabEnabled(i)]
        for page in pages:
            yield from reachable(page)
        children = [root.tabBar(), root.cornerWidget()]
    elif isinstance(root, QStackedWidget):
        children = [root.currentWidget()]
    else:
        children = [w for w in root.findChildren(QWidget, options=_direct()) if not w.isHidden()]
    for child in children:
        if child is not None and not child.isHidden():
            yield from reachable(child)


def _direct() -> Any:
    from PySide6.QtCore import Qt

    return Qt.FindChildOption.FindDirectChildrenOnly


def _tree_items(item: QTreeWidgetItem) -> Iterator[QTreeWidgetItem]:
    yield item
    for i in range(item.childCount()):
        yield from _tree_items(item.child(i))


def texts_of(w: QWidget) -> Iterator[str]:
    """Every text one widget shows or shows on hover."""
    yield w.toolTip()
    yield w.windowTitle() if w.isWindow() else ""
    if isinstance(w, QLabel):
        yield w.text()
    elif isinstance(w, QAbstractButton):
        yield w.text()
    elif isinstance(w, QGroupBox):
        yield w.title()
    elif isinstance(w, QLineEdit):
        yield w.text()
        yield w.placeholderText()
    elif isinstance(w, QTextEdit | QPlainTextEdit):
        yield w.toPlainText()
    elif isinstance(w, QComboBox):
        for i in range(w.count()):
            yield w.itemText(i)
            yield str(w.itemData(i, 3) or "")  # Qt.ToolTipRole
    elif isinstance(w, QListWidget):
        for i in range(w.count()):
            yield w.item(i).text()
            yield w.item(i).toolTip()
    elif isinstance(w, QTreeWidget):
        header = w.headerItem()
        yield from (header.text(c) for c in range(header.columnCount()))
        for i in range(w.topLevelItemCount()):
            for item in _tree_items(w.topLevelItem(i)):
                for col in range(w.columnCount()):
                    yield item.text(col)
                    yield item.toolTip(col)
    elif isinstance(w, QTabBar):
        for i in range(w.count()):
            yield w.tabText(i)
            yield w.tabToolTip(i)
    elif isinstance(w, QMainWindow):
        yield w.statusBar().currentMessage()
    yield from _scene_texts(w)


def _scene_texts(w: QWidget) -> Iterator[str]:
    """Text drawn in a plot: curve names, legend labels, axis titles, text items."""
    scene = getattr(w, "scene", None)
    if scene is None or not callable(scene) or not w.__class__.__module__.startswith("pyqtgraph"):
        return
    for item in scene().items():
        name = getattr(item, "name", None)
        if callable(name):
            try:
                yield str(name() or "")
            except TypeError:
                pass
        for attr in ("text", "labelText"):
            value = getattr(item, attr, None)
            if isinstance(value, str):
                yield value
        to_plain = getattr(item, "toPlainText", None)
        if callable(to_plain):
            yield to_plain()
        tooltip = getattr(item, "toolTip", None)
        if callable(tooltip):
            yield tooltip()


def readable(root: QWidget) -> list[tuple[str, str]]:
    """(widget class, text) for everything readable under `root`."""
    out = []
    for w in reachable(root):
        for text in texts_of(w):
            if text:
                out.append((type(w).__name__, text))
    return out


def plot_series(root: QWidget) -> dict[str, list[float]]:
    """Each visible plotted curve under `root`, by name: its data (y values)."""
    import pyqtgraph as pg

    series: dict[str, list[float]] = {}
    for w in reachable(root):
        if not isinstance(w, pg.GraphicsView):
            continue
        for item in w.scene().items():
            if isinstance(item, pg.PlotDataItem) and item.isVisible() and item.yData is not None:
                series[str(item.name() or id(item))] = [float(v) for v in item.yData]
    return series


def leaks(root: QWidget, secrets: Iterable[str]) -> list[str]:
    """The secrets that appear anywhere readable under `root`, with where."""
    found = []
    texts = readable(root)
    for secret in secrets:
        if not secret:
            continue
        for where, text in texts:
            if secret in text:
                found.append(f"{secret!r} in a {where}")
                break
    return found
