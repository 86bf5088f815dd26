"""The projector board: a full-screen public view on the screen the facilitator chooses.

Everything on it comes from `board_content(controller.view("public"), ...)`: the title
and "as of" line, the agenda with progress, where the session stands, the clock in very
large type, public statements and events, what has been agreed, and a few public
curves. Sizes follow the screen: text at least 32 px on a 1080-line screen and 24 px on
a 720-line one, the clock's type a fifth of the screen's height. Keys: H high contrast,
C choose the curves, F11 full screen or not, Esc closes the board.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QScreen
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QMenu, QSizePolicy, QWidget

from app.engine.transcript import figure_label
from app.ui.board.content import board_content
from app.ui.console.window import add_keys, clock_text
from app.ui.controller import SessionController

VIEWER = "public"
CLOCK_SHARE = 0.2  # the clock's type, as a share of the screen's height
THEMES = {  # background, text, quiet text, clock, curve colours
    "normal": (
        "#14202e",
        "#f2f2f2",
        "#b8c4d0",
        "#ffffff",
        ("#4fa3ff", "#ff8c42", "#6ede8a", "#ff5c8a", "#d7b8ff", "#ffd166"),
    ),
    "contrast": (
        "#000000",
        "#ffffff",
        "#ffffff",
        "#ffff00",
        ("#00ffff", "#ffff00", "#00ff00", "#ff00ff", "#ffffff", "#ff8000"),
    ),
}


def text_px(height: int) -> int:
    """The board's body text for a screen `height` pixels high: 32 px at 1080, 24 at 720."""
    return max(24, round(height * 32 / 1080))


class BoardWindow(QWidget):
    def __init__(
        self,
        controller: SessionController,
        screen: QScreen | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.ctl = controller
        self.c = controller.compiled
        self.setWindowTitle(self.tr("Parley — board"))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.contrast = False
        self.curve_keys: list[str] | None = None  # None: the default few
        self._curves: dict[str, Any] = {}
        self.title = QLabel()
        self.as_of = QLabel()
        self.where = QLabel()
        self.clock = QLabel("00:00")
        self.clock.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.agenda = QLabel()
        self.agreed = QLabel()
        self.statements = QLabel()
        for label in (
            self.title,
            self.as_of,
            self.where,
            self.agenda,
            self.agreed,
            self.statements,
        ):
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.where.setAlignment(Qt.AlignmentFlag.AlignCenter)
        import pyqtgraph as pg  # the board's one plot; imported when a board opens

        self.plot = pg.PlotWidget()
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.legend = self.plot.addLegend(offset=(10, 10))
        grid = QGridLayout(self)
        grid.addWidget(self.title, 0, 0, 1, 3)
        grid.addWidget(self.as_of, 1, 0, 1, 3)
        grid.addWidget(self.agenda, 2, 0, 2, 1)
        grid.addWidget(self.where, 2, 1)
        grid.addWidget(self.clock, 3, 1)
        grid.addWidget(self.agreed, 2, 2, 2, 1)
        grid.addWidget(self.statements, 4, 0)
        grid.addWidget(self.plot, 4, 1, 1, 2)
        for col, stretch in enumerate((3, 4, 3)):
            grid.setColumnStretch(col, stretch)
        for label in (self.agenda, self.agreed, self.statements, self.where, self.clock):
            label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        grid.setRowStretch(4, 1)
        add_keys(
            self,
            {
                "H": self.toggle_contrast,
                "C": self.choose_curves,
                "F11": self.toggle_full_screen,
                "Esc": self.close,
            },
        )
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(
            lambda pos: self.curve_menu().exec(self.mapToGlobal(pos))
        )
        controller.changed.connect(self.refresh)
        controller.clock.connect(self.on_clock)
        controller.destroyed.connect(self.close)
        self.place(screen or QApplication.primaryScreen())
        self.refresh()

    # --- where and how large ---------------------------------------------------------------

    def place(self, screen: QScreen) -> None:
        """Put the board on `screen`, covering it, with type sized for its height."""
        self.setScreen(screen)
        self.setGeometry(screen.geometry())
        self.restyle()

    def screen_height(self) -> int:
        return self.geometry().height() or self.screen().geometry().height()

    def sizes(self) -> dict[str, int]:
        h = self.screen_height()
        body = text_px(h)
        return {"body": body, "title": round(body * 1.5), "clock": round(h * CLOCK_SHARE)}

    def restyle(self) -> None:
        bg, fg, quiet, clock, _ = THEMES["contrast" if self.contrast else "normal"]
        size = self.sizes()
        self.setStyleSheet(f"BoardWindow {{ background: {bg}; }} QLabel {{ color: {fg}; }}")
        self.setAutoFillBackground(True)
        for label, px, bold in (
            (self.title, size["title"], True),
            (self.as_of, size["body"], False),
            (self.where, size["body"], True),
            (self.agenda, size["body"], False),
            (self.agreed, size["body"], False),
            (self.statements, size["body"], False),
            (self.clock, size["clock"], True),
        ):
            font = QFont(self.font())
            font.setPixelSize(px)
            font.setBold(bold)
            label.setFont(font)
        self.clock.setStyleSheet(f"color: {clock};")
        self.as_of.setStyleSheet(f"color: {quiet};")
        self.clock.setMinimumHeight(round(size["clock"] * 1.1))
        self.plot.setBackground(bg)
        axis_font = QFont(self.font())
        axis_font.setPixelSize(size["body"] * 3 // 4)
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setTextPen(fg)
            axis.setPen(fg)
            axis.setStyle(tickFont=axis_font)
        self.plot.setLabel(
            "bottom",
            self.tr("rounds and events, in order"),
            color=fg,
            **{"font-size": f"{size['body'] * 3 // 4}px"},
        )
        self.legend.setLabelTextSize(f"{size['body'] * 3 // 4}px")
        self.legend.setLabelTextColor(fg)
        self._curves_drawn: list[str] = []  # redraw the curves in the theme's colours
        self.refresh()

    def toggle_contrast(self) -> None:
        self.contrast = not self.contrast
        self.restyle()

    def toggle_full_screen(self) -> None:
        if self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    # --- the curves ------------------------------------------------------------------------

    def curve_menu(self) -> QMenu:
        """Every public figure, the chosen ones checked."""
        menu = QMenu(self)
        content = board_content(self.ctl.view(VIEWER), self.c, self.curve_keys)
        for key in content["keys"]:
            action = menu.addAction(figure_label(self.c, key))
            action.setCheckable(True)
            action.setChecked(key in content["chosen"])
            action.toggled.connect(
                lambda on, k=key, chosen=content["chosen"]: self.set_curves(
                    [x for x in chosen if x != k] + ([k] if on else [])
                )
            )
        return menu

    def choose_curves(self) -> None:
        self.curve_menu().exec(self.mapToGlobal(self.plot.geometry().topLeft()))

    def set_curves(self, keys: list[str]) -> None:
        self.curve_keys = keys
        self.refresh()

    def _draw_curves(self, curves: dict[str, list[float]]) -> None:
        import pyqtgraph as pg

        if list(curves) != getattr(self, "_curves_drawn", []):
            self.plot.clear()
            self.legend.clear()
            colours = THEMES["contrast" if self.contrast else "normal"][4]
            self._curves = {}
            for n, name in enumerate(curves):
                colour = colours[n % len(colours)]
                pen = pg.mkPen(colour, width=4)
                self._curves[name] = self.plot.plot(
                    [],
                    [],
                    pen=pen,
                    name=name,
                    symbol="o",
                    symbolSize=10,
                    symbolBrush=colour,
                    symbolPen=None,
                )
            self._curves_drawn = list(curves)
        for name, ys in curves.items():
            self._curves[name].setData(list(range(len(ys))), ys)
        longest = max((len(ys) for ys in curves.values()), default=1)
        self.plot.setXRange(0, max(1, longest - 1), padding=0.05)

    # --- keeping up ------------------------------------------------------------------------

    def on_clock(self, seconds: float, stage: str) -> None:
        self.clock.setText(clock_text(seconds))
        if self.ctl.session.held != self.where.text().endswith(self.tr("clock held")):
            self.refresh()  # the laptop changed hands, or the handover is over

    def refresh(self, *_: Any) -> None:
        content = board_content(self.ctl.view(VIEWER), self.c, self.curve_keys)
        self.title.setText(content["title"])
        self.as_of.setText(
            self.tr("As of {0}").format(content["as_of"]) if content["as_of"] else ""
        )
        held = self.ctl.session.held and not self.ctl.session.finished
        self.where.setText(content["where"] + (self.tr(" · clock held") if held else ""))
        self.clock.setText(clock_text(self.ctl.session.time_left()))
        agenda = [f"{mark} {name}" for mark, name, _ in content["agenda"]]
        self.agenda.setText(
            self.tr("Agenda — {0}").format(content["progress"]) + "\n" + "\n".join(agenda)
        )
        agreed = content["agreed"] or [self.tr("nothing yet")]
        self.agreed.setText(
            self.tr("Agreed so far")
            + "\n"
            + "\n".join(f"✔ {a}" if content["agreed"] else a for a in agreed)
        )
        said = content["statements"] or [self.tr("no public statements yet")]
        self.statements.setText(self.tr("Said in public") + "\n" + "\n".join(said))
        self._draw_curves(content["curves"])


def screen_names(screens: list[QScreen]) -> list[str]:
    return [
        f"{n + 1}: {s.name()} ({s.geometry().width()}×{s.geometry().height()})"
        for n, s in enumerate(screens)
    ]


def open_board(window: Any) -> BoardWindow | None:
    """The main window's session on a projector: the facilitator picks the screen (the
    one the main window is not on, by default), and the board covers it."""
    from PySide6.QtWidgets import QInputDialog

    if window.controller is None:
        window.statusBar().showMessage(window.tr("Start or resume a session first."), 6000)
        return None
    screens = QApplication.screens()
    here = window.screen()
    others = [s for s in screens if s is not here]
    screen = others[0] if others else (here or QApplication.primaryScreen())
    if len(screens) > 1:
        names = screen_names(screens)
        name, ok = QInputDialog.getItem(
            window,
            window.tr("Projector board"),
            window.tr("Show the board on:"),
            names,
            screens.index(screen),
            False,
        )
        if not ok:
            return None
        screen = screens[names.index(name)]
    board = BoardWindow(window.controller, screen)
    board.showFullScreen()
    return board
