"""Lint of what bots can never do: close a one-round all-or-nothing package, or make an
option credible that nobody may guarantee or consent to."""

from __future__ import annotations

from typing import Any

from conftest import edit_yaml, line_of
from scenario.test_lint import codes, option

from app.scenario.validate import load_text


def test_a_one_round_all_or_nothing_package_is_flagged(edited: Any) -> None:
    def change(data: Any) -> None:
        phase = data["timing"]["presets"][0]["phases"][3]
        phase["rounds_per_issue"] = 1
        phase["all_or_nothing"] = True

    text = edited(change)
    found = codes(text)["package-one-round"]
    assert len(found) == 1 and found[0].severity == "warning"
    assert found[0].line == line_of(text, "kind: package")
    assert "rounds_per_issue: 2" in found[0].hint


def test_an_option_no_bot_can_make_credible_is_flagged(edited: Any) -> None:
    def change(data: Any) -> None:
        data["moves"]["who"] = {"guarantee": ["aldmere"]}
        data["figures"][0]["range"] = [0, 60]
        option(data, "joint_authority")["credibility"]["min_trust"] = 70
        option(data, "quota_phased")["credibility"] = {
            "any": [{"guarantee": True, "guarantors": ["council"]}, {"when": "tension > 100"}]
        }

    text = edited(change)
    found = {d.message.split("`")[1]: d for d in codes(text)["option-never-credible"]}
    assert sorted(found) == ["council_admin", "joint_authority", "quota_phased"]
    assert "may make the `guarantee` move" in found["council_admin"].message
    assert "above the highest trust" in found["joint_authority"].message
    assert "none of its alternatives" in found["quota_phased"].message
    assert found["council_admin"].line == line_of(
        text, "credibility:", line_of(text, "id: council_admin")
    )


def test_an_any_alternative_that_can_hold_is_not_flagged(edited: Any) -> None:
    def change(data: Any) -> None:
        option(data, "quota_phased")["credibility"] = {
            "any": [{"when": "tension > 100"}, {"guarantee": True, "guarantors": ["council"]}]
        }

    assert "option-never-credible" not in codes(edited(change))


def test_format_additions_are_checked_against_the_scenario(tutorial_text: str) -> None:
    def change(data: Any) -> None:
        data["parties"][0]["batna"]["adjust"] = "-stalled_rounds(harbor)"
        data["moves"]["add"] = [
            {"id": "blockade", "label": "Blockade", "params": ["remark"], "required": ["target"]}
        ]
        option(data, "joint_authority")["attributes"] = {"tension": 3}
        data["events"][0]["effects"].append({"reopen": {"harbor": 2}})

    loaded = load_text(edit_yaml(tutorial_text, change), "t.yaml")
    messages = [d.message for d in loaded.diagnostics]
    assert any("harbor" in m and "issue" in m for m in messages)  # in the BATNA expression
    assert any("requires `target` but does not take it" in m for m in messages)
    assert any("attribute name `tension`" in m for m in messages)
    assert sum("harbor" in m for m in messages) == 2
