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


def test_the_studio_does_not_warn_that_an_only_bridge_takes_over(tutorial_text: str) -> None:
    from app.engine.simulate import simulate
    from app.ui.studio.warnings import dry_run_warnings

    even = '            description: "Each side takes half the catch."\n'
    bridged = load_text(
        tutorial_text.replace(
            even,
            even + '            only_bridge: true\n            source: "The fisheries study."\n',
            1,
        )
    ).scenario
    plain = load_text(tutorial_text).scenario
    report = simulate(plain, 60, seed=0, workers=1)
    taking = {w.subject for w in dry_run_warnings(plain, report) if w.kind == "takes-over"}
    assert "quota_even" in taking  # the plain tutorial is warned of it
    report = simulate(bridged, 60, seed=0, workers=1)
    taking = {w.subject for w in dry_run_warnings(bridged, report) if w.kind == "takes-over"}
    assert "quota_even" not in taking


def test_the_flagships_only_bridges_are_the_only_bridge_in_its_values_too() -> None:
    """Each option the flagship marks as the analysis' only bridge is, in the scenario's
    own values, the one option of its decision that no delegation rejects: every other one
    is behind a delegation's red line or worth less to it than its BATNA."""
    from conftest import SCENARIOS

    from app.scenario.validate import load_ok

    s = load_ok(SCENARIOS / "ukraine-2022.yaml")
    batna = {p.id: p.batna.value for p in s.parties if p.kind == "delegation"}
    bridges = 0
    for issue in s.issues:
        for dim in issue.all_dimensions():
            if not any(o.only_bridge for o in dim.options):
                continue
            bridges += 1
            for o in dim.options:
                rejected = [p for p in batna if p in o.red_lines or o.values.get(p, 0) < batna[p]]
                assert bool(rejected) != o.only_bridge, (dim.id, o.id, rejected)
    assert bridges == 4
