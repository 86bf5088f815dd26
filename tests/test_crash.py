"""One crash handler: the CLI's exit 3 with one line and a log, the window's dialog
with "Copy details", and a clear word when Qt cannot open a window here."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

from app import crash
from app.cli import main


@pytest.fixture
def log_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    assert crash.log_folder().is_relative_to(tmp_path), "platformdirs did not follow XDG"
    return crash.log_path()


def test_an_unexpected_error_is_one_line_exit_3_and_a_log(
    log_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import app.cli

    def broken(_ns: Any) -> int:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(app.cli, "cmd_schema", broken)
    assert main(["schema"]) == 3
    out, err = capsys.readouterr()
    assert out == "" and err.count("\n") == 1
    assert "internal error: ZeroDivisionError: a bug" in err and str(log_home) in err
    logged = log_home.read_text(encoding="utf-8")
    assert "Traceback" in logged and "ZeroDivisionError: a bug" in logged
    assert "Parley " in logged and "Python " in logged  # the versions in use


def test_no_traceback_reaches_the_terminal_from_a_real_process(tmp_path: Path) -> None:
    code = (
        "import app.cli\napp.cli.cmd_schema = lambda ns: 1 / 0\n"
        "raise SystemExit(app.cli.main(['schema']))"
    )
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "XDG_STATE_HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60
    )
    assert out.returncode == 3
    assert "Traceback" not in out.stderr and "internal error" in out.stderr
    assert (tmp_path / "Parley" / "log" / "parley.log").is_file()


def test_no_display_says_what_is_missing() -> None:
    said = crash.display_problem(env={}, platform="linux")
    assert said is not None and "no display" in said and "DISPLAY" in said
    assert crash.display_problem(env={}, platform="win32") is None
    assert crash.display_problem(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None


def test_a_missing_qt_library_is_named_with_its_package(monkeypatch: pytest.MonkeyPatch) -> None:
    real = crash.missing_libraries

    def without_cursor(wanted: dict[str, str]) -> dict[str, str]:
        return real({k: v for k, v in wanted.items() if k != "libxcb-cursor.so.0"}) | (
            {"libxcb-cursor.so.0": "libxcb-cursor0"} if "libxcb-cursor.so.0" in wanted else {}
        )

    monkeypatch.setattr(crash, "missing_libraries", without_cursor)
    said = crash.display_problem(env={"DISPLAY": ":0"}, platform="linux")
    assert said is not None and "libxcb-cursor.so.0" in said
    assert "apt-get install libxcb-cursor0" in said
    # offscreen needs no X libraries at all
    assert crash.display_problem(env={"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None


def test_the_window_refuses_to_start_without_a_display(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(tmp_path / "p.db")],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=60,
    )
    assert out.returncode == 3, out.stderr
    assert "no display" in out.stderr and "Traceback" not in out.stderr


def test_crash_dialog_copies_the_details(qtbot: Any, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QApplication, QPlainTextEdit, QPushButton

    box = crash.crash_dialog("ValueError: x", "the whole story", tmp_path / "parley.log")
    qtbot.addWidget(box)
    box.show()
    assert box.findChild(QPlainTextEdit).toPlainText() == "the whole story"
    [copy] = [b for b in box.findChildren(QPushButton) if b.text() == "Copy details"]
    copy.click()
    assert QApplication.clipboard().text() == "the whole story"
    assert box.isVisible()  # copying does not close it


def test_the_window_hook_logs_and_shows_one_dialog(log_home: Path, qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication, QDialog

    assert QApplication.instance() is not None
    try:
        raise RuntimeError("inside a slot")
    except RuntimeError as exc:
        crash._window_hook(RuntimeError, exc, exc.__traceback__)
        crash._window_hook(RuntimeError, exc, exc.__traceback__)  # a burst shows one dialog
    shown = [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.objectName() == "crash" and w.isVisible()
    ]
    assert len(shown) == 1
    assert log_home.read_text(encoding="utf-8").count("RuntimeError: inside a slot") == 2
    shown[0].reject()
    assert crash._showing == []


def test_the_windowed_entry_writes_to_the_log_when_there_is_no_console(
    log_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import app.cli

    monkeypatch.setattr(sys, "stdout", None)
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "argv", ["parley-app", "schema", "--bad-option"])
    assert app.cli.window_main() == 2
    sys.stderr.close()  # the log file window_main opened; monkeypatch restores the real one
    assert "unrecognized arguments: --bad-option" in log_home.read_text(encoding="utf-8")


def _free_display() -> str:
    n = 90
    while Path(f"/tmp/.X11-unix/X{n}").exists() or Path(f"/tmp/.X{n}-lock").exists():
        n += 1
    return f":{n}"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")
def test_a_display_nobody_answers_on_is_named() -> None:
    display = _free_display()
    said = crash.display_problem(env={"DISPLAY": display}, platform="linux")
    missing = crash.missing_libraries(crash.XCB_LIBS)
    assert said is not None
    if missing:  # a laptop without Qt's X11 libraries hears of them first: nothing runs without
        assert all(lib in said for lib in missing)
    else:
        assert f"cannot connect to the display '{display}'" in said


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (see NOTES: real windows)")
def test_a_running_x_server_passes_the_check() -> None:
    import os

    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-nolisten", "tcp"],
        pass_fds=[write],
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as fh:
            number = fh.readline().strip()  # Xvfb writes it once it accepts connections
        assert number, "Xvfb did not start"
        assert crash.display_problem(env={"DISPLAY": f":{number}"}, platform="linux") is None
        # the probe stays connected, so the server does not reset before the next client
        assert crash.x_display_answers(f":{number}")
        assert crash.x_display_answers(f":{number}")
    finally:
        crash.release_display_probe()
        server.terminate()
        server.wait(timeout=30)


def test_an_error_in_a_worker_thread_is_logged_without_a_dialog(log_home: Path, qtbot: Any) -> None:
    import threading

    from PySide6.QtWidgets import QApplication, QDialog

    def fail() -> None:
        try:
            raise OSError("in a worker")
        except OSError as exc:
            crash._window_hook(OSError, exc, exc.__traceback__)

    worker = threading.Thread(target=fail)
    worker.start()
    worker.join()
    assert "OSError: in a worker" in log_home.read_text(encoding="utf-8")
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if isinstance(w, QDialog) and w.objectName() == "crash" and w.isVisible()
    ]
