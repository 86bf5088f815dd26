"""The main window: menus, shortcuts, the status bar, and the start and session screens."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
)

from app import __version__
from app.engine.compiled import compile_scenario
from app.scenario.cache import load as load_scenario
from app.store.database import StoreError
from app.store.pins import MIN_LENGTH, check_pin, has_pin, set_pin
from app.store.roles import set_roles
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.controller import RoomClock, SessionController
from app.ui.session_page import SessionPage
from app.ui.start_page import SetupDialog, StartPage

APP = "Parley"
ZOOM_STEP = 1.15  # each Ctrl++ makes text this much larger


def issue_name(scenario_text: str, issue: str) -> str:
    """An issue's name in a stored scenario (its id if the text cannot be read). Only the
    YAML is read: the start screen needs a name, not a checked scenario."""
    from app.scenario.yamldoc import YamlProblem, parse

    try:
        data = parse(scenario_text).data
    except YamlProblem:
        return issue
    issues = data.get("issues") if isinstance(data, dict) else None
    found = [i.get("name") for i in issues or [] if isinstance(i, dict) and i.get("id") == issue]
    return str(found[0]) if found and found[0] else issue


class MainWindow(QMainWindow):
    def __init__(
        self, store: Store, *, autoplay: float | None = None, lazy_start: bool = False
    ) -> None:
        super().__init__()
        self.store = store
        self.autoplay = autoplay
        self.controller: SessionController | None = None
        self.debrief: Any = None  # the debrief window, once the facilitator has opened it
        self.page: SessionPage | None = None
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        if lazy_start:  # the saved sessions too are read when the start screen is shown
            self.start = StartPage([], lazy=True, rows=self.session_rows)
        else:
            self.start = StartPage(self.session_rows())
        self.stack.addWidget(self.start)
        self.start.new_session.connect(self.setup_session)
        self.start.open_file.connect(self.open_scenario)
        self.start.resume.connect(self.resume_session)
        self.where = QLabel()
        self.hint = QLabel()
        self.statusBar().addPermanentWidget(self.hint, 1)
        self.statusBar().addPermanentWidget(self.where)
        self._zoom = 0  # steps from the normal text size
        self._menus()
        self.setWindowTitle(APP)
        self.resize(1400, 900)
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.fit_screen()
        if settings.value("view/large", False, type=bool):
            self.large.setChecked(True)
        self._zoom = int(settings.value("view/zoom", 0, type=int))
        if self._zoom or self.large.isChecked():
            self._apply_text_size()
        self.statusBar().showMessage(self.tr("Sessions are saved in {0}").format(store.path))

    # --- menus ------------------------------------------------------------------------------

    def _action(
        self, menu: Any, text: str, slot: Any, shortcut: Any = None, checkable: bool = False
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self._action(
            file, self.tr("&New session…"), self.new_from_start, QKeySequence.StandardKey.New
        )
        self._action(
            file, self.tr("&Open scenario…"), self.open_scenario, QKeySequence.StandardKey.Open
        )
        self._action(file, self.tr("&Saved sessions"), self.show_start, "Ctrl+R")
        self.export_action = self._action(file, self.tr("&Export session…"), self.export, "Ctrl+E")
        file.addSeparator()
        self._action(file, self.tr("E&dit a scenario…"), self.edit_scenario, "Ctrl+Shift+E")
        self._action(file, self.tr("New scenari&o…"), lambda: self.edit_scenario(new=True))
        file.addSeparator()
        self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        session = bar.addMenu(self.tr("&Session"))
        self.session_actions = [
            self._action(session, self.tr("&Start next (F5)"), lambda: self.command("start"), "F5"),
            self._action(
                session,
                self.tr("End talk or entry &now (F8)"),
                lambda: self.command("end_round"),
                "F8",
            ),
            self._action(session, self.tr("&Pause / resume (F6)"), self.toggle_pause, "F6"),
            self._action(
                session,
                self.tr("E&xtend by a minute (F7)"),
                lambda: self.command("extend", seconds=60),
                "F7",
            ),
            self._action(
                session, self.tr("&Continue after an interruption (F9)"), self.release, "F9"
            ),
        ]
        session.addSeparator()
        self.debrief_action = self._action(
            session, self.tr("&Debrief… (facilitator)"), self.open_debrief, "Ctrl+D"
        )
        self.pin_action = self._action(
            session, self.tr("Set the facilitator P&IN…"), self.choose_pin
        )
        tools = self.addToolBar(self.tr("Facilitator"))
        tools.setObjectName("facilitator")
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action in self.session_actions:
            tools.addAction(action)
        view = bar.addMenu(self.tr("&View"))
        self.large = self._action(
            view, self.tr("&Larger text (projector)"), self.set_large, checkable=True
        )
        view.addSeparator()
        self.zoom_actions = [
            self._action(
                view, self.tr("Zoom &in"), lambda: self.zoom(+1), QKeySequence.StandardKey.ZoomIn
            ),
            self._action(
                view, self.tr("Zoom &out"), lambda: self.zoom(-1), QKeySequence.StandardKey.ZoomOut
            ),
            self._action(view, self.tr("&Normal size"), lambda: self.zoom(0), "Ctrl+0"),
        ]
        self.zoom_actions[0].setShortcuts(
            [QKeySequence(QKeySequence.StandardKey.ZoomIn), QKeySequence("Ctrl+=")]
        )
        # the facilitator's console (behind the PIN) and the projector board
        room = bar.addMenu(self.tr("F&acilitator"))
        self._action(room, self.tr("Facilitator's &console…"), self.open_console, "Ctrl+Shift+F")
        self._action(room, self.tr("Projector &board…"), self.open_board, "Ctrl+Shift+B")
        helpm = bar.addMenu(self.tr("&Help"))
        self._action(helpm, self.tr("Running a &workshop"), lambda: self.help("workshop"), "F1")
        self._action(helpm, self.tr("Scenario &format reference"), lambda: self.help("format"))
        helpm.addSeparator()
        self._action(helpm, self.tr("&About Parley"), self.about)
        self._enable_session(False)

    def _enable_session(self, on: bool) -> None:
        for action in (
            *self.session_actions,
            self.export_action,
            self.debrief_action,
            self.pin_action,
        ):
            action.setEnabled(on)
        if on:
            self.update_actions()

    def update_actions(self, *_: Any) -> None:
        """Only the steps that can act now are enabled; the status bar says what is next."""
        if self.controller is None:
            return
        s = self.controller.session
        start, end_now, pause, extend, release = self.session_actions
        live = not s.finished
        in_round = s.stage in ("talk", "entry")
        start.setEnabled(live and not in_round)
        end_now.setEnabled(live)  # outside a round, F8 says which key moves on
        pause.setEnabled(live and s.timer is not None and not s.held)
        extend.setEnabled(live and s.timer is not None and not s.held)
        release.setEnabled(live and s.held and not self.controller.handover_hold)
        self.pin_action.setEnabled(not self.controller.has_pin())
        self.hint.setText(self.next_hint())

    def next_hint(self) -> str:
        """One line for the status bar: what the facilitator can do now, with its key."""
        assert self.controller is not None
        s = self.controller.session
        if s.finished:
            return self.tr("The session has ended: the Outcome tab shows the result.")
        if s.held and not self.controller.handover_hold:
            return self.tr("Reopened and paused where it stopped: F9 continues.")
        if s.paused:
            return self.tr("Paused: F6 resumes the clock.")
        if s.stage == "talk":
            return self.tr("Talk time: F8 opens move entry now · F6 pauses · F7 adds a minute")
        if s.stage == "entry":
            return self.tr(
                "Move entry: each team moves in turn · F8 ends entry now (missing moves pass)"
            )
        if s.stage == "ready":
            return self.tr("Ready: F5 starts the first phase.")
        return self.tr("F5 starts the next step.")

    # --- starting ----------------------------------------------------------------------------

    def session_rows(self) -> list[dict[str, Any]]:
        """The saved sessions; an interrupted one says who plays, where and the time left."""
        try:
            rows = self.store.list()
        except StoreError:
            return []
        for row in rows:
            if row["status"] not in ("running", "paused"):
                continue
            try:
                full = self.store.get(row["id"])
                clock = self.store.clock(row["id"])
            except StoreError:
                continue
            teams = [
                seat.partition(":")[2] or party
                for party, seat in full["seating"].items()
                if seat.startswith("team")
            ]
            row["teams"] = self.tr("teams: {0}").format(", ".join(teams)) if teams else ""
            stage = (
                {
                    "talk": self.tr("in talk time"),
                    "entry": self.tr("in move entry"),
                    "running": self.tr("between rounds"),
                }.get(clock["stage"], "")
                if clock
                else ""
            )
            where = []
            if row.get("round"):
                issue = issue_name(full["scenario_text"], row.get("issue") or "")
                where.append(self.tr("{0}, round {1}").format(issue, row["round"]))
            if stage:
                where.append(stage)
            row["where"] = ", ".join(where)
            left = row.get("time_left", clock["seconds_left"] if clock else None)
            if left is not None:
                whole = int(left)
                row["left"] = self.tr("{0:02d}:{1:02d} left").format(whole // 60, whole % 60)
        return rows

    def show_start(self) -> None:
        self.start.fill_scenarios()  # before it is shown: never an empty list, even for a frame
        self.start.set_sessions(self.session_rows())
        self.stack.setCurrentWidget(self.start)

    def new_from_start(self) -> None:
        self.show_start()
        self.start._new()

    def open_scenario(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Open a scenario"), "", self.tr("Scenarios (*.yaml *.yml)")
        )
        if path:
            self.setup_session(path)

    def setup_session(self, path: str) -> bool:
        loaded = load_scenario(path)
        if not loaded.ok or loaded.scenario is None:
            text = "\n".join(d.format() for d in loaded.diagnostics[:12])
            self.error(self.tr("This scenario cannot be played"), text)
            return False
        compiled = compile_scenario(loaded.scenario)
        dialog = SetupDialog(compiled, self)
        if self.autoplay is not None:
            for kind, _name in dialog.seats.values():  # every party its scenario's own bot
                kind.setCurrentIndex(max(0, kind.findData("bot")))
        elif dialog.exec() != SetupDialog.DialogCode.Accepted:
            return False
        choice = dialog.choice()
        try:
            saved = SavedSession.new(
                self.store,
                compiled,
                loaded.text,
                choice["seed"],
                choice["seating"],
                choice["preset"],
                RoomClock(),
            )
            if choice.get("pin"):
                set_pin(self.store, saved.id, choice["pin"])
            for party, people in choice.get("roles", {}).items():  # for the debrief
                set_roles(self.store, saved.id, party, people)
            saved.apply({"type": "timing", "talk": choice["talk"], "entry": choice["entry"]}, "app")
        except StoreError as exc:
            self.error(exc.message, exc.hint)
            return False
        self.open_session(saved)
        return True

    def start_seated(
        self,
        path: str,
        seating: dict[str, str],
        preset: str | None,
        seed: int,
        timing: dict[str, float] | None = None,
        *,
        start: bool = False,
        pin: str | None = None,
    ) -> bool:
        """A prepared laptop: the session as seated on the command line, no setup screen;
        with `start` the first phase begins at once, its clock running (as F5 would)."""
        loaded = load_scenario(path)
        if not loaded.ok or loaded.scenario is None:
            return False
        try:
            saved = SavedSession.new(
                self.store,
                compile_scenario(loaded.scenario),
                loaded.text,
                seed,
                seating,
                preset,
                RoomClock(),
            )
            if timing:
                saved.apply({"type": "timing", **timing}, "app")
            if pin:
                set_pin(self.store, saved.id, pin)
        except StoreError as exc:
            self.error(exc.message, exc.hint)
            return False
        self.open_session(saved)
        if start:
            self.command("start")
        return True

    def edit_scenario(self, new: bool = False) -> None:
        """The scenario editor in its own window; "play now" comes back to `setup_session`."""
        from app.ui.editor.window import open_editor

        window = open_editor(self, self.play_edited, new=new)
        if window is not None:
            self.editors = [w for w in getattr(self, "editors", []) if w.isVisible()] + [window]

    def play_edited(self, path: str) -> bool:
        self.show()
        self.raise_()
        self.activateWindow()
        return self.setup_session(path)

    def resume_session(self, sid: str) -> None:
        try:
            if has_pin(self.store, sid):
                pin = self.ask_pin(self.tr("Reopen the session"))
                if pin is None:
                    return
                if not check_pin(self.store, sid, pin):
                    self.error(
                        self.tr("That is not this session's facilitator PIN."),
                        self.tr("The session was not opened; try again."),
                    )
                    return
            saved = SavedSession.resume(self.store, sid, RoomClock())
        except StoreError as exc:
            self.error(exc.message, exc.hint)
            return
        self.open_session(saved)
        if saved.session.held:
            self.statusBar().showMessage(
                self.tr(
                    "Reopened where it stopped, paused with the time that was left. "
                    "Press F9 to continue."
                )
            )

    def ask_pin(self, title: str, text: str = "") -> str | None:
        """The facilitator types the session's PIN (hidden); None if cancelled."""
        pin, ok = QInputDialog.getText(
            self, title, text or self.tr("Facilitator PIN:"), QLineEdit.EchoMode.Password
        )
        return pin if ok else None

    def open_session(self, saved: SavedSession) -> None:
        self.close_session()
        self.controller = SessionController(saved, self, autoplay=self.autoplay)
        self.controller.failed.connect(self.error)
        self.controller.notice.connect(lambda text: self.statusBar().showMessage(text))
        self.controller.changed.connect(self.update_actions)
        self.page = SessionPage(self.controller, ask_pin=self.ask_pin)
        self.stack.addWidget(self.page)
        self.stack.setCurrentWidget(self.page)
        title = saved.session.c.scenario.scenario.title
        self.setWindowTitle(f"{APP} — {title}")
        self.where.setText(
            self.tr("Session {0} · seed {1}").format(saved.id[:8], saved.session.seed)
        )
        self._enable_session(True)
        if self.large.isChecked() or self._zoom:
            self.set_large(self.large.isChecked())

    def choose_pin(self) -> None:
        """Set the session's facilitator PIN, once: a PIN already set is never replaced here
        (a trainee could otherwise take the facilitator's place)."""
        if self.controller is None:
            return
        if self.controller.has_pin():
            self.error(
                self.tr("This session already has a facilitator PIN."),
                self.tr("It cannot be changed from the window."),
            )
            return
        pin = self.ask_pin(
            self.tr("Set the facilitator PIN"),
            self.tr("A PIN of {0} characters or more:").format(MIN_LENGTH),
        )
        if pin is None:
            return
        again = self.ask_pin(self.tr("Set the facilitator PIN"), self.tr("The same PIN again:"))
        if pin != again or len(pin) < MIN_LENGTH:
            self.error(
                self.tr("The PIN was not set."),
                self.tr("Type the same PIN twice, {0} characters or more.").format(MIN_LENGTH),
            )
            return
        self.controller.set_pin(pin)
        self.pin_action.setEnabled(False)
        self.statusBar().showMessage(self.tr("The facilitator PIN is set."), 5000)

    def open_debrief(self) -> None:
        """The debrief in its own window, behind the facilitator's PIN: the timeline and its
        turning points, the outcome and the outcome space, feedback, reflections, the reveal."""
        if self.controller is None or self.page is None:
            return
        if self.debrief is None:
            if not self.page.facilitator_ok(self.tr("Open the debrief")):
                return
            from app.ui.debrief import DebriefView

            self.debrief = DebriefView(self.controller)
            self.debrief.setWindowFlag(Qt.WindowType.Window)
            self.debrief.setParent(self, Qt.WindowType.Window)
            title = self.controller.compiled.scenario.scenario.title
            self.debrief.setWindowTitle(self.tr("{0} — debrief — {1}").format(APP, title))
            self.debrief.resize(self.size())
            self.debrief.set_large_text(self.large.isChecked())
        self.debrief.show()
        self.debrief.raise_()
        self.debrief.activateWindow()

    def close_session(self) -> None:
        if self.debrief is not None:
            self.debrief.close()
            self.debrief.deleteLater()
            self.debrief = None
        if self.controller is not None:
            self.controller.stop()
            self.controller.deleteLater()
            self.controller = None
        if self.page is not None:
            self.stack.removeWidget(self.page)
            self.page.deleteLater()
            self.page = None
        self._enable_session(False)

    # --- facilitator steps --------------------------------------------------------------------

    def command(self, kind: str, **fields: Any) -> None:
        if self.controller is None:
            return
        s = self.controller.session
        if kind == "end_round" and s.stage not in ("talk", "entry"):
            self.statusBar().showMessage(
                self.tr(
                    "No round is running, so there is nothing to end: F5 starts the next step."
                ),
                8000,
            )
            return
        self.controller.apply({"type": kind, **fields})

    def toggle_pause(self) -> None:
        if self.controller is not None:
            self.command("resume" if self.controller.session.paused else "pause")

    def release(self) -> None:
        if self.controller is not None and self.controller.session.held:
            self.controller.release()
            self.update_actions()

    def export(self) -> None:
        if self.controller is None:
            return
        from app.store.exchange import dumps, export_json

        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Export the session"),
            f"session-{self.controller.saved.id[:8]}.json",
            self.tr("JSON (*.json)"),
        )
        if path:
            try:
                Path(path).write_text(
                    dumps(export_json(self.store, self.controller.saved.id)), encoding="utf-8"
                )
            except (OSError, StoreError) as exc:
                self.error(self.tr("The export failed"), str(exc))

    # --- the facilitator's console and the projector board ----------------------------------

    def open_console(self) -> None:
        from app.ui.console.window import open_console

        self.console = open_console(self) or getattr(self, "console", None)

    def open_board(self) -> None:
        from app.ui.board.window import open_board

        self.board = open_board(self) or getattr(self, "board", None)

    # --- the window ---------------------------------------------------------------------------

    def fit_screen(self) -> None:
        """Never larger than the screen it opens on (a 1280×720 projector included)."""
        screen = self.screen() or QApplication.primaryScreen()
        if screen is None:
            return
        room = screen.availableGeometry()
        frame = self.frameGeometry().size() - self.size()
        width = min(self.width(), room.width() - frame.width())
        height = min(self.height(), room.height() - frame.height())
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)
            self.move(room.topLeft())

    def set_large(self, on: bool) -> None:
        self.large.setChecked(on)
        self._apply_text_size()
        if self.page is not None:
            self.page.set_large_text(on)
        if self.debrief is not None:
            self.debrief.set_large_text(on)
        QSettings().setValue("view/large", on)

    def zoom(self, step: int) -> None:
        """Ctrl++ / Ctrl+- change every text by a step (clock and titles too); Ctrl+0
        goes back to the normal size."""
        self._zoom = 0 if step == 0 else max(-3, min(8, self._zoom + step))
        self._apply_text_size()
        QSettings().setValue("view/zoom", self._zoom)

    def text_scale(self) -> float:
        return (1.4 if self.large.isChecked() else 1.0) * ZOOM_STEP**self._zoom

    def _apply_text_size(self) -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        base = getattr(self, "_base_point", None) or app.font().pointSizeF()
        self._base_point = base
        font = app.font()
        font.setPointSizeF(base * self.text_scale())
        app.setFont(font)
        if self.page is not None:
            page, scale = self.page, self.text_scale()
            QTimer.singleShot(0, lambda: page.rebalance(scale))  # once layouts have the font

    def error(self, message: str, hint: str = "") -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, APP, message, parent=self)
        if hint:
            box.setInformativeText(hint)
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.open()
        self.statusBar().showMessage(message, 8000)

    def help(self, page: str) -> None:
        """A help page shipped with Parley, in a window beside this one."""
        from app.ui.help import show_help

        titles = {
            "workshop": self.tr("Running a workshop"),
            "format": self.tr("The scenario format"),
        }
        self._help = show_help(page, titles[page], self)

    def about(self) -> None:
        from html import escape

        from app import crash
        from app.resources import user_folder

        rows = "".join(
            f"<tr><td>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in crash.versions().items()
        )
        QMessageBox.about(
            self,
            self.tr("About Parley"),
            self.tr(
                "<h3>Parley {0}</h3><p>A negotiation-rehearsal simulator: delegations play timed "
                "rounds, a scripted adjudicator answers, trust and leverage move for reasons you "
                "can see.</p><p>Runs offline. Sessions are saved in<br>{1}<br>Your own scenarios "
                "go in<br>{2}<br>The log is in<br>{3}</p><table>{4}</table>"
            ).format(
                __version__,
                escape(str(self.store.path)),
                escape(str(user_folder())),
                escape(str(crash.log_folder())),
                rows,
            ),
        )

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        QSettings().setValue("window/geometry", self.saveGeometry())
        self.close_session()
        super().closeEvent(event)
