"""Every lint finding, on an edited copy of the tutorial, with its line."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import SCENARIOS, edit_yaml, line_of

from app.scenario.lint import lint
from app.scenario.validate import load_file, load_text


def findings(text: str) -> list[Any]:
    loaded = load_text(text, "t.yaml")
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    return lint(loaded)


def codes(text: str) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for d in findings(text):
        out.setdefault(d.code, []).append(d)
    return out


def issue(data: Any, issue_id: str) -> Any:
    return next(i for i in data["issues"] if i["id"] == issue_id)


def option(data: Any, option_id: str) -> Any:
    for i in data["issues"]:
        for d in i.get("dimensions", [i]):
            for o in d.get("options", []):
                if o["id"] == option_id:
                    return o
    raise KeyError(option_id)


@pytest.mark.parametrize("path", sorted(SCENARIOS.glob("*.yaml")), ids=lambda p: p.name)
def test_bundled_scenarios_lint_clean(path: Any) -> None:
    loaded = load_file(path)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    assert [d.format() for d in lint(loaded) if d.severity != "info"] == []


def test_no_zone_of_agreement_is_an_error_at_the_issue(edited: Any) -> None:
    def change(data: Any) -> None:
        option(data, "joint_authority")["red_lines"] = ["aldmere"]
        option(data, "council_admin")["red_lines"] = ["brevia"]

    text = edited(change)
    found = codes(text)["no-zopa"]
    assert len(found) == 1 and found[0].severity == "error"
    assert found[0].line == line_of(text, "- id: harbour")
    assert "expected_deadlock" in found[0].hint


def test_marked_deadlock_is_only_information(edited: Any) -> None:
    def change(data: Any) -> None:
        for o in issue(data, "harbour")["options"]:
            o["red_lines"] = ["aldmere", "brevia"]
        issue(data, "harbour")["expected_deadlock"] = {"reason": "teaches walking away"}

    found = codes(edited(change))
    assert "no-zopa" not in found
    assert found["no-zopa-expected"][0].severity == "info"


def test_infeasible_options_do_not_make_a_zone(edited: Any) -> None:
    def change(data: Any) -> None:
        option(data, "aldmere_runs")["red_lines"] = ["brevia"]
        for oid in ("joint_authority", "council_admin"):
            option(data, oid)["expected_infeasible"] = {"reason": "x"}

    assert "no-zopa" in codes(edited(change))


def test_zone_is_checked_per_dimension(edited: Any) -> None:
    def change(data: Any) -> None:
        for oid in ("self_report", "council_monitors"):
            option(data, oid)["red_lines"] = ["brevia"]

    text = edited(change)
    found = codes(text)["no-zopa"]
    assert "Who checks the catch" in found[0].message


def test_option_no_party_values_above_batna(edited: Any) -> None:
    def change(data: Any) -> None:
        option(data, "self_report")["values"] = {"aldmere": 10, "brevia": 20, "council": 5}

    text = edited(change)
    found = codes(text)["option-below-batna"]
    assert found[0].severity == "warning"
    assert found[0].line == line_of(text, "values:", line_of(text, "id: self_report"))


@pytest.mark.parametrize(
    "when",
    [
        "tension > 100",  # the range is 0-100
        "false",
        "tension < 0 and support.aldmere > 10",
        "move.kind == bridging and move.party == aldmere",  # only mediators bridge
        "move.kind == walk_out and move.party == council",  # mediators do not walk out
        "support.brevia + 10 < 5",
        "not (tension <= 100)",
    ],
)
def test_rule_that_can_never_fire(edited: Any, when: str) -> None:
    def change(data: Any) -> None:
        data["rules"][0]["when"] = when

    text = edited(change)
    found = codes(text)["rule-never-fires"]
    assert found[0].severity == "error"
    assert found[0].line == line_of(text, "when:", line_of(text, "id: pressure_costs_trust"))


@pytest.mark.parametrize(
    "when",
    [
        "tension >= 100",
        "move.kind == bridging and move.party == council",
        "move.kind in [pressure, walk_out] and move.party == brevia",
        "support.brevia * 2 > 150 or false",
    ],
)
def test_rule_that_can_fire_is_not_reported(edited: Any, when: str) -> None:
    def change(data: Any) -> None:
        data["rules"][0]["when"] = when

    assert "rule-never-fires" not in codes(edited(change))


def test_move_outside_allowed_set_never_fires(edited: Any) -> None:
    def change(data: Any) -> None:
        data["moves"]["allow"] = ["propose", "accept", "reject", "concede"]

    text = edited(change)
    never = {d.message.split("`")[1] for d in codes(text)["rule-never-fires"]}
    assert "pressure_costs_trust" in never and "guarantee_builds_trust" in never


def test_event_that_can_never_happen(edited: Any) -> None:
    def change(data: Any) -> None:
        data["events"][1]["when"] = "tension > 120"
        data["events"][0]["at"]["round"] = 9

    text = edited(change)
    found = codes(text)["event-never-happens"]
    lines = sorted(d.line for d in found)
    assert lines == sorted([line_of(text, "round: 9"), line_of(text, "tension > 120")])


def test_figure_nothing_changes(edited: Any) -> None:
    def change(data: Any) -> None:
        data["figures"].append({"id": "morale", "scope": "global", "start": 50})

    text = edited(change)
    found = codes(text)["figure-unchanged"]
    assert found[0].line == line_of(text, "id: morale")


def test_asset_nothing_transfers(edited: Any) -> None:
    def change(data: Any) -> None:
        data["assets"].append({"id": "canal", "name": "The canal", "holder": "brevia"})

    found = codes(edited(change))["asset-never-transfers"]
    assert "canal" in found[0].message


def test_party_without_confidential_brief(edited: Any) -> None:
    def change(data: Any) -> None:
        del data["parties"][2]["brief"]["confidential"]

    text = edited(change)
    found = codes(text)["brief-missing"]
    assert found[0].line == line_of(text, "- id: council")


def test_option_without_debrief(edited: Any) -> None:
    def change(data: Any) -> None:
        del option(data, "quota_even")["debrief"]

    found = codes(edited(change))["debrief-missing"]
    assert "quota_even" in found[0].message


def test_ids_differing_only_by_case(edited: Any) -> None:
    def change(data: Any) -> None:
        data["assets"].append({"id": "Cranes", "name": "More cranes", "holder": "brevia"})
        data["rules"][0]["then"].append({"transfer": {"Cranes": "aldmere"}})

    text = edited(change)
    found = codes(text)["id-case"]
    assert found[0].line == line_of(text, "id: Cranes")


def test_issue_no_preset_plays(edited: Any) -> None:
    def change(data: Any) -> None:
        data["timing"]["presets"][0]["phases"][2]["issues"] = ["harbour"]
        del data["timing"]["presets"][0]["phases"][3]  # package phase plays every issue

    assert "issue-off-agenda" in codes(edited(change))


def test_lint_findings_are_json_ready(tutorial_text: str) -> None:
    text = edit_yaml(
        tutorial_text,
        lambda d: d["assets"].append({"id": "canal", "name": "The canal", "holder": "brevia"}),
    )
    d = findings(text)[0].to_json()
    assert set(d) == {"file", "line", "col", "severity", "code", "message", "hint"}
