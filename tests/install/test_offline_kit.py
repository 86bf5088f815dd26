"""Installing as a workshop would, apart from the quick suite (`pytest -m install`):
build the offline kit (the Parley wheel and every dependency), install it with
install.sh into a fresh virtual environment with no index and, where the kernel
allows, no network at all, then use the installed Parley from outside the
checkout: the commands, the start screen's list, --autoplay and --self-test.

Slow (about a minute: pip's cache supplies the wheels) and so marked `install`.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT

pytestmark = pytest.mark.install

FLAGSHIP_TITLE = "Ukraine 2022: Russia, Ukraine and the West at the negotiating table"


def _network_off() -> list[str]:
    """`unshare -n` (a network namespace of our own) where the kernel lets us."""
    unshare = shutil.which("unshare")
    if unshare and subprocess.run([unshare, "-n", "true"], capture_output=True).returncode == 0:
        return [unshare, "-n"]
    return []


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("kit")
    kit, venv, home = tmp / "kit", tmp / "parley", tmp / "home"
    home.mkdir()
    subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "offline_kit.py"), "--out", str(kit)],
        check=True,
        cwd=ROOT,
        timeout=900,
    )
    env = _clean_env(home)
    env["PIP_NO_INDEX"] = "1"
    subprocess.run(
        [*_network_off(), "sh", str(kit / "install.sh"), str(venv)],
        check=True,
        env=env,
        cwd=tmp,
        timeout=900,
    )
    return {"kit": kit, "venv": venv, "home": home, "tmp": tmp}


def _clean_env(home: Path) -> dict[str, str]:
    """No pip configuration, indexes or find-links of this machine; a home of our own;
    Qt offscreen."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV", "XDG_"))
    }
    env |= {"HOME": str(home), "PIP_CONFIG_FILE": os.devnull, "QT_QPA_PLATFORM": "offscreen"}
    return env


def _run(installed: dict[str, Path], program: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run an installed program from outside the checkout, so nothing comes from it."""
    return subprocess.run(
        [str(installed["venv"] / "bin" / program), *args],
        capture_output=True,
        text=True,
        cwd=installed["tmp"],
        env=_clean_env(installed["home"]),
        timeout=300,
    )


def test_the_kit_holds_wheels_installers_launcher_and_readme(installed: dict[str, Path]) -> None:
    kit = installed["kit"]
    wheels = sorted(p.name for p in (kit / "wheels").glob("*.whl"))
    assert any(w.startswith("parley-") for w in wheels)
    assert any(w.lower().startswith("pyside6_essentials-") for w in wheels)
    for name in ("install.sh", "install.ps1", "README.txt", "parley.desktop", "icons/parley.ico"):
        assert (kit / name).is_file(), name
    assert json.loads((kit / "kit.json").read_text())["wheels"] == wheels


def test_version_and_the_launcher(installed: dict[str, Path]) -> None:
    from app import __version__

    out = _run(installed, "parley", "--version")
    assert out.returncode == 0 and out.stdout.strip() == f"parley {__version__}"
    entry = installed["home"] / ".local" / "share" / "applications" / "parley.desktop"
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{installed["venv"]}/bin/parley-app" %f' in text
    assert (installed["venv"] / "bin" / "parley-app").is_file()


def test_scenarios_come_from_the_installed_package_and_validate(
    installed: dict[str, Path],
) -> None:
    out = _run(installed, "parley", "scenarios", "--json")
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert [r["id"] for r in rows] == bundled_ids()
    site = installed["venv"] / "lib"
    for r in rows:
        assert r["source"] == "bundled" and Path(r["file"]).is_relative_to(site)
    out = _run(installed, "parley", "validate", *(r["file"] for r in rows))
    assert out.returncode == 0, out.stdout + out.stderr


def bundled() -> list[Any]:
    """The scenarios this checkout ships, in the order Parley lists them (flagship first)."""
    from app.resources import bundled_scenarios
    from app.scenario.validate import load_ok

    return [load_ok(path).scenario for path in bundled_scenarios()]


def bundled_ids() -> list[str]:
    return [meta.id for meta in bundled()]


def bundled_titles() -> list[str]:
    return [meta.title for meta in bundled()]


START_SCREEN = """
from PySide6.QtWidgets import QApplication
from app.ui.start_page import StartPage
app = QApplication([])
page = StartPage([])
print("\\n".join(page.scenarios.item(i).text() for i in range(page.scenarios.count())))
"""


def test_the_start_screen_lists_the_bundled_scenarios(installed: dict[str, Path]) -> None:
    out = _run(installed, "python", "-c", START_SCREEN)
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines() == bundled_titles()


# `parley --autoplay` on the flagship, ended by events: when the window has opened the
# session and the bots' first round has been resolved, quit; a bound stops a hang.
AUTOPLAY = """
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from app.ui.main_window import MainWindow
seen = {}

def watch():
    app = QApplication.instance()
    [w] = [w for w in app.topLevelWidgets() if isinstance(w, MainWindow)]
    seen["title"] = w.windowTitle()
    def changed(_entries):
        s = w.controller.session
        if s.stage == "resolved" or s.finished:
            seen["stage"] = s.stage
            app.quit()
    w.controller.changed.connect(changed)

QTimer.singleShot(0, watch)
QTimer.singleShot(120_000, lambda: QApplication.instance().exit(9))  # a bound, not a guess
from app.cli import main
code = main(["--autoplay", "--pace", "0", "--db", sys.argv[1]])
print(json.dumps({"code": code, **seen}))
"""


def test_autoplay_opens_the_flagship_and_bots_play_a_round(installed: dict[str, Path]) -> None:
    out = _run(installed, "python", "-c", AUTOPLAY, str(installed["tmp"] / "autoplay.db"))
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout.splitlines()[-1])
    assert result == {"code": 0, "title": f"Parley — {FLAGSHIP_TITLE}", "stage": "resolved"}


def test_self_test_passes(installed: dict[str, Path]) -> None:
    out = _run(installed, "parley", "--self-test")
    assert out.returncode == 0, out.stdout + out.stderr
    assert out.stdout.splitlines()[-1] == "self-test passed"
