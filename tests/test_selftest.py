"""`parley --self-test` from the checkout: what a bundle or a kit runs to check itself."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT


def test_self_test_passes_every_step(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env |= {"HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run(
        [sys.executable, "-m", "app", "--self-test"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    steps = [line.split(":")[0].split(maxsplit=1) for line in out.stdout.splitlines()[1:-1]]
    assert steps == [
        ["ok", "scenarios"],
        ["ok", "window"],
        ["ok", "session"],
        ["ok", "plot"],
        ["ok", "console and board"],
        ["ok", "dry run"],
    ]
    assert out.stdout.splitlines()[-1] == "self-test passed"
    assert not (tmp_path / ".local" / "share" / "Parley" / "parley.db").exists()  # temporary only


def test_a_failing_step_stops_the_self_test_with_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    import app.resources
    from app.selftest import self_test

    monkeypatch.setattr(app.resources, "bundled_scenarios", lambda: [])
    said: list[str] = []
    assert self_test(said.append) == 3
    assert (
        said[-1]
        == "FAILED  scenarios: RuntimeError: no bundled scenarios: the package data is missing"
    )
