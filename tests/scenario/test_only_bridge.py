"""`only_bridge`: an option the source calls the only bridge on its decision, said with a
`source:`; without one, or on an option expected infeasible, the file is refused at the line."""

from __future__ import annotations

from conftest import line_of

from app.scenario.validate import load_text

QUOTA = '            description: "Brevia takes 65%, Aldmere 35%."\n'


def test_an_only_bridge_with_its_source_loads(tutorial_text: str) -> None:
    text = tutorial_text.replace(
        QUOTA,
        QUOTA + "            only_bridge: true\n"
        '            source: "The fisheries study: shares by fleet are the only split both ports sign."\n',
        1,
    )
    loaded = load_text(text)
    assert loaded.ok, [d.format() for d in loaded.diagnostics]
    [opt] = [
        o
        for i in loaded.scenario.issues
        for d in i.all_dimensions()
        for o in d.options
        if o.id == "quota_by_fleet"
    ]
    assert opt.only_bridge and opt.source.startswith("The fisheries study")


def test_an_only_bridge_without_a_source_is_refused_at_its_option(tutorial_text: str) -> None:
    text = tutorial_text.replace(QUOTA, QUOTA + "            only_bridge: true\n", 1)
    loaded = load_text(text)
    assert not loaded.ok
    [d] = [d for d in loaded.diagnostics if "only_bridge" in d.message]
    assert "source" in d.message
    assert line_of(text, "id: quota_by_fleet") <= d.line <= line_of(text, "only_bridge: true")


def test_an_only_bridge_cannot_be_expected_infeasible(tutorial_text: str) -> None:
    text = tutorial_text.replace(
        QUOTA,
        QUOTA + '            only_bridge: true\n            source: "A study."\n'
        '            expected_infeasible: {reason: "Nobody signs."}\n',
        1,
    )
    loaded = load_text(text)
    assert not loaded.ok
    assert any("expected_infeasible" in d.message for d in loaded.diagnostics)
