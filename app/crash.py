"""One crash handler for the command line and the window.

Anything unexpected is written, with its traceback and the versions in use,
to a log file in the platform's log folder; the person in front of the
screen gets one line (the CLI, exit 3) or a dialog with "Copy details" (the
window) — never a bare traceback. `faulthandler` is on, so a crash inside Qt
or another C library leaves its Python stack behind too.

Before a window is made, `display_problem()` says what is missing when Qt
could not start: no display at all, or a system library Qt needs.

Light on purpose: the CLI imports it on every start, so it imports nothing
heavy at module level.
"""

from __future__ import annotations

import faulthandler
import os
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import IO, Any

LOG_NAME = "parley.log"
# The libraries About and a crash report name, with the distributions that may provide each.
LIBRARIES = {
    "PySide6": ("PySide6-Essentials", "PySide6"),
    "pyqtgraph": ("pyqtgraph",),
    "numpy": ("numpy",),
    "sqlite-utils": ("sqlite-utils",),
    "pydantic": ("pydantic",),
    "ruamel.yaml": ("ruamel.yaml",),
    "lark": ("lark",),
    "platformdirs": ("platformdirs",),
}

_fault_file: IO[str] | None = None  # kept open for faulthandler


def log_folder() -> Path:
    """Where Parley writes its log: the platform's user log folder."""
    import platformdirs

    return Path(platformdirs.user_log_dir("Parley", appauthor=False))


def log_path() -> Path:
    return log_folder() / LOG_NAME


def enable_faulthandler(to_log: bool = False) -> None:
    """Turn faulthandler on: to stderr (the CLI), or into the log file (the window,
    whose stderr nobody reads). Falls back to stderr if the log cannot be opened."""
    global _fault_file
    if faulthandler.is_enabled() and not to_log:  # e.g. PYTHONFAULTHANDLER, a test runner
        return
    if to_log:
        try:
            _fault_file = open_log()
            faulthandler.enable(file=_fault_file, all_threads=True)
            return
        except OSError:
            pass
    try:
        faulthandler.enable(all_threads=True)
    except (AttributeError, ValueError, OSError):  # no stderr (a windowed program), or no fd
        pass


def versions() -> dict[str, str]:
    """Parley, Python, Qt and the libraries, as installed (nothing heavy is imported)."""
    from importlib import metadata

    from app import __version__

    found = {"Parley": __version__, "Python": sys.version.split()[0]}
    qtcore = sys.modules.get("PySide6.QtCore")
    if qtcore is not None:
        found["Qt"] = qtcore.qVersion()
    for name, distributions in LIBRARIES.items():
        found[name] = "not installed"
        for dist in distributions:
            try:
                found[name] = metadata.version(dist)
                break
            except metadata.PackageNotFoundError:
                continue
    import sqlite3

    found["SQLite"] = sqlite3.sqlite_version
    found["platform"] = sys.platform + (" (bundle)" if getattr(sys, "frozen", False) else "")
    return found


def details(exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None) -> str:
    """The text a person can copy into a bug report: versions, then the traceback."""
    head = ", ".join(f"{k} {v}" for k, v in versions().items())
    stack = "".join(traceback.format_exception(exc_type, exc, tb))
    return f"{head}\n{' '.join(sys.argv)}\n{stack}"


def open_log() -> IO[str]:
    """The log file, opened for appending (its folder made if need be); raises OSError."""
    log_folder().mkdir(parents=True, exist_ok=True)
    return open(log_path(), "a", encoding="utf-8")  # noqa: SIM115 - the caller keeps it


def record(text: str) -> Path | None:
    """Append `text` to the log with a time stamp; the log's path, or None if unwritable."""
    try:
        path = log_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(f"--- {datetime.now(UTC).isoformat(timespec='seconds')}\n{text}\n")
        return path
    except OSError:
        return None


def cli_failure(exc: BaseException) -> int:
    """The CLI's last resort: log the traceback, print one line, exit 3."""
    where = record(details(type(exc), exc, exc.__traceback__))
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    said = f"{type(exc).__name__}: {first}" if first else type(exc).__name__
    log = f"details in {where}" if where else "no log could be written"
    print(f"parley: internal error: {said} ({log}; please report it)", file=sys.stderr)
    return 3


# --- the window ---------------------------------------------------------------------------------

_showing: list[Any] = []  # the open crash dialog, so a burst of errors shows one


def install_window_hook() -> None:
    """Route every uncaught exception of the window (Qt slots included) to a dialog."""
    enable_faulthandler(to_log=True)
    sys.excepthook = _window_hook

    import threading

    threading.excepthook = lambda a: _window_hook(a.exc_type, a.exc_value, a.exc_traceback)  # type: ignore[arg-type]


def _window_hook(
    exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
) -> None:
    if issubclass(exc_type, KeyboardInterrupt):  # Ctrl+C in the terminal that started it
        widgets = sys.modules.get("PySide6.QtWidgets")
        if widgets is not None and widgets.QApplication.instance() is not None:
            widgets.QApplication.instance().quit()
        return
    text = details(exc_type, exc, tb)
    where = record(text)
    if sys.stderr is not None:
        print(
            f"parley: internal error: {exc_type.__name__}: {exc} (details in {where})",
            file=sys.stderr,
        )
    import threading

    if _showing or threading.current_thread() is not threading.main_thread():
        return  # one dialog at a time; widgets belong to the main thread (the log has it)
    try:
        box = crash_dialog(f"{exc_type.__name__}: {exc}", text, where)
    except Exception:  # noqa: BLE001 - no Qt to show it with: the log has it
        return
    _showing.append(box)
    box.finished.connect(lambda _: _showing.clear())
    box.open()


def crash_dialog(summary: str, text: str, where: Path | None) -> Any:
    """A dialog saying something went wrong and where the log is, with the details and a
    "Copy details" button (for an e-mail to whoever looks after Parley)."""
    from PySide6.QtWidgets import (
        QApplication,
        QDialog,
        QDialogButtonBox,
        QLabel,
        QPlainTextEdit,
        QVBoxLayout,
    )

    box = QDialog(QApplication.activeWindow())
    box.setObjectName("crash")
    box.setWindowTitle("Parley — something went wrong")
    log = f"The details are in {where}." if where else "No log file could be written."
    label = QLabel(
        "Something went wrong inside Parley. Every move taken so far is saved: you "
        "can go on, or restart Parley and resume the session.\n\n"
        f"{summary}\n{log}"
    )
    label.setWordWrap(True)
    shown = QPlainTextEdit(text)
    shown.setReadOnly(True)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    copy = buttons.addButton("Copy details", QDialogButtonBox.ButtonRole.ActionRole)
    copy.clicked.connect(lambda: QApplication.clipboard().setText(text))
    buttons.rejected.connect(box.reject)
    layout = QVBoxLayout(box)
    layout.addWidget(label)
    layout.addWidget(shown)
    layout.addWidget(buttons)
    box.resize(640, 420)
    return box


# --- before Qt starts ---------------------------------------------------------------------------

# Libraries Qt's Linux platform plugins load at run time, and the Debian/Ubuntu package of each.
CORE_LIBS = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libdbus-1.so.3": "libdbus-1-3",
}
XCB_LIBS = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libX11-xcb.so.1": "libx11-xcb1",
}


def display_problem(env: dict[str, str] | None = None, platform: str | None = None) -> str | None:
    """What stops Qt from opening a window here, said for a person; None when nothing does.

    Checked before QApplication exists: Qt itself would abort the process (exit 134) with
    a message naming one library at best."""
    env = dict(os.environ) if env is None else env
    platform = platform or sys.platform
    if not platform.startswith("linux"):
        return None
    qpa = env.get("QT_QPA_PLATFORM", "")
    if not qpa and not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        return (
            "no display: neither DISPLAY nor WAYLAND_DISPLAY is set, so there is no screen "
            "to open the window on\n    hint: start Parley from the laptop's desktop (not "
            "over ssh); the command-line commands (`parley --help`) work without one; "
            "`QT_QPA_PLATFORM=offscreen` renders without a screen for checks"
        )
    wanted = dict(CORE_LIBS)
    if qpa.startswith("xcb") or (not qpa and env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY")):
        wanted |= XCB_LIBS
    missing = missing_libraries(wanted)
    if not missing:
        if "libxcb-cursor.so.0" in wanted and not x_display_answers(
            env.get("DISPLAY", ""), keep=True
        ):
            return (
                f"cannot connect to the display {env.get('DISPLAY')!r} (DISPLAY): no X server "
                "answers there\n    hint: start Parley from the laptop's desktop session, or "
                "check that DISPLAY names a running X server"
            )
        return None
    names = ", ".join(missing)
    packages = " ".join(sorted(set(missing.values())))
    return (
        f"Qt needs system libraries that are not installed: {names}\n    hint: on Debian or "
        f"Ubuntu: sudo apt-get install {packages} (other systems: the packages that provide "
        f"these files)"
    )


def missing_libraries(wanted: dict[str, str]) -> dict[str, str]:
    """The shared libraries of `wanted` (soname -> package) that the loader cannot find."""
    import ctypes

    missing = {}
    for soname, package in wanted.items():
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing[soname] = package
    return missing


_probe: list[tuple[Any, int]] = []  # the X connection display_problem() keeps open


def x_display_answers(display: str, *, keep: bool = False) -> bool:
    """Whether an X server accepts a connection on `display` (through libxcb, as Qt would).

    With `keep`, a good connection stays open until `release_display_probe()`: an X server
    with no client left resets itself and refuses connections for a moment, so closing
    the probe before Qt connects could make Qt fail under a bare server (xvfb-run)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    conn = xcb.xcb_connect(display.encode() or None, None)
    if conn is None:
        return False
    ok = xcb.xcb_connection_has_error(conn) == 0
    if ok and keep:
        _probe.append((xcb, conn))
    else:
        xcb.xcb_disconnect(conn)
    return ok


def release_display_probe() -> None:
    """Close the connection display_problem() kept (call once Qt has its own)."""
    while _probe:
        xcb, conn = _probe.pop()
        xcb.xcb_disconnect(conn)
