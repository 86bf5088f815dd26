"""Files that are not scenario files, huge numbers and huge counts: refused with a diagnostic,
never read forever, never a traceback."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from conftest import TUTORIAL, edit_yaml

from app.scenario import model
from app.scenario.validate import load_file, load_text
from app.scenario.yamldoc import MAX_BYTES, MAX_INT_DIGITS, YamlProblem, parse, read_text


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_before_it_is_read(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"no {device} here")
    with pytest.raises(YamlProblem) as err:
        read_text(device)
    assert err.value.code == "file-unreadable" and "not a regular file" in err.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs")
def test_a_fifo_is_refused_without_opening_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    # Opening a FIFO with no writer blocks: were it opened, this writer would let it finish.
    done = threading.Event()

    def unblock() -> None:
        if not done.wait(timeout=30):
            with open(fifo, "wb"):
                pass

    helper = threading.Thread(target=unblock, daemon=True)
    helper.start()
    try:
        loaded = load_file(fifo)
    finally:
        done.set()
        helper.join()
    [diag] = loaded.diagnostics
    assert diag.code == "file-unreadable" and "not a regular file" in diag.message


def test_a_file_that_grows_past_the_limit_is_read_no_further(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" + b"#" * MAX_BYTES)
    with pytest.raises(YamlProblem) as err:
        read_text(path)
    assert err.value.code == "file-too-large"


@pytest.mark.parametrize("digits", [MAX_INT_DIGITS + 1, 4_301, 50_000])
def test_an_integer_too_long_for_python_is_a_diagnostic(digits: int) -> None:
    text = "a: 1\nb: " + "9" * digits + "\n"
    with pytest.raises(YamlProblem) as err:
        parse(text)
    assert err.value.code == "yaml-number" and (err.value.line, err.value.col) == (2, 4)


def test_an_integer_at_the_limit_is_read() -> None:
    assert parse("a: " + "7" * MAX_INT_DIGITS).data["a"] == int("7" * MAX_INT_DIGITS)


def test_a_long_integer_in_a_scenario_is_reported_with_its_line() -> None:
    text = TUTORIAL.read_text(encoding="utf-8") + "\nextra: " + "1" * 5000 + "\n"
    loaded = load_text(text, "big.yaml")
    assert not loaded.ok
    assert [d.code for d in loaded.diagnostics] == ["yaml-number"]


def _with_parties(n: int) -> str:
    def change(data: object) -> None:
        parties = data["parties"]  # type: ignore[index]
        for i in range(n - len(parties)):
            parties.append({"id": f"extra{i}", "name": f"Extra {i}"})

    return edit_yaml(TUTORIAL.read_text(encoding="utf-8"), change)


def test_ten_thousand_parties_are_refused_at_validation() -> None:
    loaded = load_text(_with_parties(10_000), "crowd.yaml")
    assert not loaded.ok
    sizes = [d for d in loaded.diagnostics if d.code == "bad-size"]
    assert sizes and f"at most {model.MAX_PARTIES}" in sizes[0].message
    assert "parties" in sizes[0].message


def test_a_scenario_at_the_party_cap_is_not_refused_for_its_size() -> None:
    loaded = load_text(_with_parties(model.MAX_PARTIES), "full.yaml")
    assert "bad-size" not in [d.code for d in loaded.diagnostics]


def test_the_caps_are_documented() -> None:
    doc = (TUTORIAL.parent / "FORMAT.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Limits") :]
    for cap in (
        model.MAX_PARTIES,
        model.MAX_ISSUES,
        model.MAX_OPTIONS,
        model.MAX_RULES,
        model.MAX_EVENTS,
        model.MAX_FIGURES,
        model.MAX_ASSETS,
    ):
        assert f"| {cap:,} |" in section or f"| {cap} |" in section, cap
