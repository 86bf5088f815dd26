"""The README's commands are the ones CI runs."""

from conftest import ROOT


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.startswith("    python3 -m venv")]


def test_readme_opens_with_install_and_test_commands() -> None:
    run_app, run_tests = commands()[:2]
    assert run_app.endswith(".venv/bin/parley")
    assert "pytest" in run_tests


def test_ci_runs_the_readme_test_command_exactly() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert commands()[1] in [line.strip() for line in ci]
