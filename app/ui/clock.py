"""The phase and the countdown, large enough to read across a room."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

WARN_SECONDS = 30
FLASHES = 6  # half-second blinks when the time runs out


class CountdownView(QWidget):
    """Shows e.g. `Harbour access — round 2 of 3`, `Move entry`, `00:42`; red near zero."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.where = QLabel()
        self.phase = QLabel()
        self.time = QLabel("--:--")
        self.time.setObjectName("countdown")
        self.time.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.time.setAccessibleName(self.tr("Time left"))
        self._scale_fonts()
        text = QVBoxLayout()
        text.addWidget(self.where)
        text.addWidget(self.phase)
        row = QHBoxLayout(self)
        row.addLayout(text, 1)
        row.addWidget(self.time)
        self._normal = self.time.palette()
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.flashing = 0  # blinks still to show
        self._blink = QTimer(self)
        self._blink.setInterval(250)
        self._blink.timeout.connect(self._toggle)

    def _scale_fonts(self) -> None:
        """The clock and the title follow the window's text size (zoom, projector mode)."""
        big = QFont(self.font())
        big.setPointSizeF(big.pointSizeF() * 3.2)
        big.setBold(True)
        self.time.setFont(big)
        mid = QFont(self.font())
        mid.setPointSizeF(mid.pointSizeF() * 1.5)
        mid.setBold(True)
        self.where.setFont(mid)
        self.where.setWordWrap(True)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.FontChange:
            self._scale_fonts()
        super().changeEvent(event)

    def flash(self) -> None:
        """Time ran out: blink the clock's band so the whole room notices."""
        self.flashing = 2 * FLASHES
        self._blink.start()
        self._toggle()

    def _toggle(self) -> None:
        if self.flashing <= 0:
            self._blink.stop()
            self.setStyleSheet("")
            return
        self.flashing -= 1
        on = self.flashing % 2 == 1
        self.setStyleSheet("CountdownView { background: #d62728; }" if on else "")

    PHASES = {
        "ready": "Waiting for the facilitator to start",
        "running": "",
        "talk": "Talk time",
        "entry": "Move entry: choose your move",
        "resolved": "Round resolved: waiting for the next one",
        "finished": "Debrief",
    }

    def show_state(
        self,
        where: str,
        stage: str,
        phase: str,
        seconds: float,
        *,
        paused: bool,
        held: bool,
        timed: bool,
    ) -> None:
        self.where.setText(where)
        label = self.tr(self.PHASES.get(stage, "")) or self.tr(phase.capitalize())
        if paused:
            label += " — " + self.tr("paused")
        elif held:
            label += " — " + self.tr("clock held")
        self.phase.setText(label)
        if not timed:
            self.time.setText("")
            return
        whole = max(0, int(seconds + 0.999))
        shown = f"{whole // 60:02d}:{whole % 60:02d}"
        # a pause must be seen from the back of the room, not only as a greyer clock
        self.time.setText(self.tr("PAUSED {0}").format(shown) if paused else shown)
        warn = stage in ("talk", "entry") and whole <= WARN_SECONDS and not (paused or held)
        self.time.setStyleSheet(
            "color: #d62728;" if warn else ("color: gray;" if paused or held else "")
        )
