"""The session screen: the clock, the table, the plots, and the hot seat.

When several delegations share one laptop, move entry passes it from team to
team: a hand-over screen stands between them, the entry clock is held while
the laptop changes hands, and nothing of one delegation's brief, values or
pending move is on screen until the next team says it is their turn.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.ui.clock import CountdownView
from app.ui.controller import SessionController
from app.ui.table_view import TableView


class HandOver(QWidget):
    """A blank screen that names the next team and waits for it."""

    ready = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.party = ""
        self.text = QLabel()
        self.text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.text.setWordWrap(True)
        self.button = QPushButton()
        self.button.setMinimumHeight(48)
        self.button.clicked.connect(lambda: self.ready.emit(self.party))
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.text)
        layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(1)
        self._scale_fonts()

    def _scale_fonts(self) -> None:
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        self.text.setFont(font)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()
        super().changeEvent(event)

    def ask(self, party: str, team: str, name: str, moved: list[str] | None = None) -> None:
        """Name the next team (and which teams have moved: names only, never the move)."""
        self.party = party
        done = ""
        if moved:
            done = (
                "<br><small>"
                + self.tr("Already moved: {0}").format(escape(", ".join(moved)))
                + "</small>"
            )
        self.text.setText(
            self.tr(
                "Pass the laptop to <b>{0}</b><br>({1})<br><br>"
                "The clock is held until they are ready."
            ).format(escape(team), escape(name))
            + done
        )
        self.button.setText(self.tr("We are {0}: show our screen").format(team))
        self.button.setFocus()


class SessionPage(QWidget):
    def __init__(
        self,
        controller: SessionController,
        parent: QWidget | None = None,
        *,
        ask_pin: Callable[[str, str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.ask_pin = ask_pin
        self.countdown = CountdownView()
        self.stack = QStackedWidget()
        self.public = TableView(controller, "public")
        self.handover = HandOver()
        self.stack.addWidget(self.public)
        self.stack.addWidget(self.handover)
        self.views: dict[str, TableView] = {}
        self.showing = "public"
        self.turns: list[str] = []  # teams still to move this round, in order
        self.plot_stack = QStackedWidget()
        self.plot_views: dict[str, Any] = {}  # viewer -> its own FigurePlot
        self._plotted: dict[str, int] = {}  # viewer -> entries of its history plotted
        self._plot_for = "public"
        self.large_plots = False
        self._make_plots()
        split = QSplitter()
        split.addWidget(self.stack)
        if self.plot_views:
            split.addWidget(self.plot_stack)
            split.setStretchFactor(0, 3)
            split.setStretchFactor(1, 2)
            split.setSizes([600, 400])  # the table's column first: it has the most to read
        self.split = split
        self.peek = QHBoxLayout()
        self.peek_buttons: dict[str, QPushButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(self.countdown)
        layout.addLayout(self.peek)
        layout.addWidget(split, 1)
        self.handover.ready.connect(self.show_team)
        controller.changed.connect(self.on_changed)
        controller.clock.connect(self.on_clock)
        controller.expired.connect(self.time_ran_out)
        self._build_peek()
        s = controller.session
        teams = controller.teams()
        if s.stage == "entry" and len(teams) > 1:  # reopened during move entry
            self.turns = [p for p in teams if p not in s.pending]
            if self.turns:
                self.hand_to(self.turns[0])
        self.on_changed([])

    def _make_plots(self) -> None:
        try:
            import app.ui.plots  # noqa: F401
        except ImportError:  # pragma: no cover - the plots module is optional at start-up
            return
        self._plot_of("public")
        self.controller.changed.connect(self._plot_entries)

    @property
    def plots(self) -> Any:
        """The plot on screen: the current viewer's (None if plots are unavailable)."""
        return self.plot_views.get(self._plot_for)

    def _plot_of(self, viewer: str) -> Any:
        """Each viewer has its own plot, fed only what that viewer may see: switching
        screens swaps plots instead of redrawing a day's history."""
        plot = self.plot_views.get(viewer)
        if plot is None:
            from app.ui.plots import FigurePlot

            plot = FigurePlot(self.controller.compiled)
            plot.set_large_text(self.large_plots)
            plot.focus_on(viewer)  # first: each curve is made shown or hidden, legend once
            history = self.controller.history_for(viewer)
            plot.reset(history)
            self._plotted[viewer] = len(history)
            self.plot_views[viewer] = plot
            self.plot_stack.addWidget(plot)
        return plot

    def set_large_text(self, on: bool) -> None:
        self.large_plots = on
        for plot in self.plot_views.values():
            plot.set_large_text(on)

    def rebalance(self, scale: float = 1.0) -> None:
        """After the text grows or shrinks (`scale`: the text size against normal), share
        the width between the table and the plots in proportion, so the plots' axes and
        legend, which grow with the text, never run off the window's edge."""
        if not self.plot_views:
            return
        total = sum(self.split.sizes())
        share = min(0.6, 0.4 * max(1.0, scale))
        right = max(self.plot_stack.minimumSizeHint().width(), int(total * share))
        left = max(self.stack.minimumSizeHint().width(), total - right)
        self.split.setSizes([left, max(0, total - left)])

    def _plot_entries(self, _entries: list[Any] | None = None) -> None:
        """Draw what the last command added on the plot on screen (the whole history again
        only if the session was rebuilt from disk); the others catch up when shown."""
        plot = self.plots
        if plot is None:
            return
        viewer = self._plot_for
        history = self.controller.history_for(viewer)
        done = self._plotted.get(viewer, 0)
        if len(history) < done:
            plot.reset(history)
        elif len(history) > done:
            plot.append(history[done:])
        self._plotted[viewer] = len(history)

    def plot_viewer(self) -> str:
        return self.showing if self.showing in self.controller.compiled.parties else "public"

    # --- who is at the screen -------------------------------------------------------------

    def team_name(self, party: str) -> str:
        seat = self.controller.session.seating.get(party, "")
        name = seat.partition(":")[2]
        p = self.controller.compiled.parties[party]
        return name or (p.short or p.name)

    def _build_peek(self) -> None:
        teams = self.controller.teams()
        if len(teams) < 2:
            return
        self.peek.addWidget(QLabel(self.tr("Show a team's own screen:")))
        for party in teams:
            button = QPushButton(self.team_name(party))
            button.clicked.connect(lambda _=False, p=party: self.peek_at(p))
            self.peek.addWidget(button)
            self.peek_buttons[party] = button
        self.back = QPushButton(self.tr("Back to the public view"))
        self.back.clicked.connect(self.show_public)
        self.peek.addWidget(self.back)
        self.peek.addStretch(1)

    def _update_peek(self) -> None:
        turn = self.turn()
        for party, button in self.peek_buttons.items():
            if party == turn:
                button.setText(self.team_name(party))
                button.setToolTip(self.tr("It is this team's turn to move"))
            else:
                button.setText(self.tr("{0} (PIN)").format(self.team_name(party)))
                button.setToolTip(
                    self.tr("Needs the facilitator's PIN: it is not this team's turn")
                )
        if self.peek_buttons:
            self.back.setEnabled(self.showing != "public")

    def turn(self) -> str | None:
        """The team whose turn it is at the laptop: the next to move during entry."""
        s = self.controller.session
        if s.stage != "entry" or len(self.controller.teams()) < 2:
            return None
        waiting = [p for p in self.turns if p not in s.pending]
        return waiting[0] if waiting else None

    def peek_at(self, party: str) -> None:
        """Open a team's own screen: freely for the team whose turn it is, else with the PIN."""
        if party == self.turn():
            self.hand_to(party)
            return
        if not self.facilitator_ok(self.tr("Show {0}'s own screen").format(self.team_name(party))):
            return
        self.show_team(party)

    def facilitator_ok(self, title: str) -> bool:
        """Ask the facilitator's PIN. With no PIN set, nothing opens out of turn: whoever
        first clicked would otherwise choose the PIN (a trainee at a shared laptop)."""
        if self.ask_pin is None:
            return False
        ctl = self.controller
        if not ctl.has_pin():
            ctl.failed.emit(
                self.tr("This session has no facilitator PIN, so nothing opens out of turn."),
                self.tr(
                    "The facilitator sets one with Session → Set the facilitator PIN… "
                    "(before the teams sit down), or starts Parley with --pin."
                ),
            )
            return False
        pin = self.ask_pin(title, self.tr("Facilitator PIN:"))
        if pin is None:
            return False
        if not ctl.pin_ok(pin):
            ctl.failed.emit(
                self.tr("That is not the facilitator's PIN."),
                self.tr("The team's screen stays closed."),
            )
            return False
        return True

    def view_of(self, party: str) -> TableView:
        if party not in self.views:
            self.views[party] = TableView(self.controller, party)
            self.views[party].composer.submitted.connect(self.after_move)  # type: ignore[union-attr]
            self.stack.addWidget(self.views[party])
        return self.views[party]

    def show_public(self) -> None:
        self.controller.end_handover()
        self.showing = "public"
        self.stack.setCurrentWidget(self.public)
        self._reset_plot()
        self._update_peek()

    def hand_to(self, party: str) -> None:
        """Blank the screen and hold the entry clock until `party` confirms it is there."""
        self.controller.hold_for_handover()
        self.showing = "handover"
        p = self.controller.compiled.parties[party]
        s = self.controller.session
        moved = [self.team_name(t) for t in self.controller.teams() if t in s.pending]
        self.handover.ask(party, self.team_name(party), p.name, moved)
        self.stack.setCurrentWidget(self.handover)
        self._reset_plot()  # nothing of the team that just moved stays on the plots
        self._update_peek()

    def show_team(self, party: str) -> None:
        self.controller.end_handover()
        self.showing = party
        self.stack.setCurrentWidget(self.view_of(party))
        self._reset_plot()
        self._update_peek()

    def _reset_plot(self) -> None:
        """The plots show what the viewer at the screen may see, and nothing more."""
        if not self.plot_views:
            return
        viewer = self.plot_viewer()
        plot = self._plot_of(viewer)
        self._plot_for = viewer
        self._plot_entries()
        self.plot_stack.setCurrentWidget(plot)

    # --- following the session -------------------------------------------------------------

    def on_changed(self, entries: list[Any]) -> None:
        s = self.controller.session
        teams = self.controller.teams()
        opened = any(e["type"] == "entry" for e in entries)
        if len(teams) == 1:
            if self.showing != teams[0]:
                self.show_team(teams[0])
        elif opened and teams:
            self.turns = [p for p in teams if p not in s.pending]
            if self.turns:
                self.hand_to(self.turns[0])
        elif (
            s.stage != "entry"
            and self.showing not in ("public",)
            and len(teams) > 1
            and any(e["type"] == "figures" for e in entries)
        ):
            self.show_public()  # the round resolved: back to the shared screen
        if any(e["type"] == "move" for e in entries) and self.showing == "public":
            self.public.tabs.setCurrentWidget(self.public.answers)  # the room sees the answer
        self._update_peek()
        self.on_clock(s.time_left(), s.stage)

    def time_ran_out(self, _stage: str) -> None:
        """Talk or entry time is over: blink, ask the desktop for attention, beep."""
        self.countdown.flash()
        QApplication.alert(self.window())
        QApplication.beep()

    def after_move(self, party: str) -> None:
        s = self.controller.session
        teams = self.controller.teams()
        if len(teams) < 2:
            return
        self.turns = [p for p in teams if p not in s.pending]
        if s.stage == "entry" and self.turns:
            self.hand_to(self.turns[0])
        else:
            self.show_public()

    def on_clock(self, seconds: float, stage: str) -> None:
        s = self.controller.session
        c = self.controller.compiled
        if s.st.phase == "package":
            where = self.tr("Final package — round {0} of {1}").format(s.st.round, s.st.rounds)
        elif s.st.issue:
            where = self.tr("{0} — round {1} of {2}").format(
                c.issues[s.st.issue].name, s.st.round, s.st.rounds
            )
        else:
            where = c.scenario.scenario.title
        timed = s.timer is not None and stage not in ("resolved", "finished", "ready")
        self.countdown.show_state(
            where, stage, s.st.phase, seconds, paused=s.paused, held=s.held, timed=timed
        )
