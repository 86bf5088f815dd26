"""The figure plot with pytest-qt, offscreen: curves per figure key, incremental appends,
filtered views, what changed a value, export, pair selection, issue boundaries."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from conftest import TUTORIAL  # noqa: E402
from PySide6.QtCore import QPointF, Qt  # noqa: E402
from PySide6.QtGui import QColor, QPalette  # noqa: E402

from app.engine.compiled import compile_scenario  # noqa: E402
from app.engine.headless import play  # noqa: E402
from app.engine.visibility import view_for  # noqa: E402
from app.scenario.validate import load_ok  # noqa: E402
from app.ui.plots import FigurePlot  # noqa: E402

COMPILED = compile_scenario(load_ok(TUTORIAL))


@pytest.fixture(scope="module")
def session() -> Any:
    return play(COMPILED, 3)


@pytest.fixture(scope="module")
def entries(session: Any) -> list[dict[str, Any]]:
    return list(session.history.entries)


def make(qtbot: Any, entries: list[dict[str, Any]] | None = None) -> FigurePlot:
    w = FigurePlot(COMPILED)
    qtbot.addWidget(w)
    w.resize(1000, 700)
    if entries is not None:
        w.append(entries)
    return w


def snapshots(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in entries if e["type"] == "figures"]


def snapshot_index_of(entries: list[dict[str, Any]], position: int) -> int:
    """The snapshot that shows the change made by the entry at `position`: the next one."""
    return sum(1 for e in entries[:position] if e["type"] == "figures")


def test_one_curve_per_key_and_one_point_per_snapshot(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    snaps = snapshots(entries)
    keys = list(snaps[0]["values"])
    assert w.keys == keys == list(COMPILED.figure_keys)  # the facilitator sees everything
    assert w.count == len(snaps)
    for key in keys:
        curve = w.curve(key)
        assert curve in w.panels[w.tab_of(key)].plot.items
        x, y = curve.getOriginalDataset()
        assert list(x) == list(range(len(snaps)))
        assert list(y) == [s["values"][key] for s in snaps]
    assert set(w.panels["trust"].curves) == {k for k in keys if k.startswith("trust.")}
    assert set(w.panels["leverage"].curves) == {k for k in keys if k.startswith("leverage.")}
    assert "tension" in w.panels["other"].curves
    # a legend on every plot
    for panel in w.panels.values():
        assert panel.legend.items


def test_appending_in_two_halves_matches_one_go_and_keeps_the_curves(
    qtbot: Any, entries: list[Any]
) -> None:
    whole = make(qtbot, entries)
    half = len(entries) // 2  # mid-round: figure changes wait for the next snapshot
    parts = make(qtbot, entries[:half])
    before = {key: id(parts.curve(key)) for key in parts.keys}
    items_before = {t: len(p.plot.items) for t, p in parts.panels.items()}
    boundary_items = {t: len(p.boundaries) for t, p in parts.panels.items()}
    parts.append(entries[half:])
    assert before, "the first half already has snapshots"
    assert {key: id(parts.curve(key)) for key in before} == before
    added_boundaries = {t: len(p.boundaries) - boundary_items[t] for t, p in parts.panels.items()}
    added_events = {t: len(p.events) for t, p in parts.panels.items()}
    for tab, panel in parts.panels.items():  # no new curve items: only boundaries and events
        assert (
            len(panel.plot.items) <= items_before[tab] + added_boundaries[tab] + added_events[tab]
        )
    assert parts.keys == whole.keys
    assert parts.count == whole.count
    assert parts.boundaries == whole.boundaries
    assert parts.events == whole.events
    for key in whole.keys:
        np.testing.assert_array_equal(parts.values(key), whole.values(key))
        for i in range(whole.count):
            assert parts.explain(key, i) == whole.explain(key, i)


def test_appending_entry_by_entry_as_a_session_plays(qtbot: Any, entries: list[Any]) -> None:
    live = make(qtbot)
    play(COMPILED, 3, on_entries=live.append)
    whole = make(qtbot, entries)
    for key in whole.keys:
        np.testing.assert_array_equal(live.values(key), whole.values(key))
    assert live.boundaries == whole.boundaries


def test_a_delegations_view_never_gets_curves_for_hidden_figures(qtbot: Any, session: Any) -> None:
    history = view_for(session, "aldmere")["history"]
    seen = {k for e in snapshots(history) for k in e["values"]}
    assert "support.brevia" not in seen and "support.aldmere" in seen
    w = make(qtbot, history)
    assert set(w.keys) == seen
    assert "support.brevia" not in w.panels["other"].curves
    with pytest.raises(KeyError):
        w.curve("support.brevia")
    other = w.panels["other"]
    plotted = [i for i in other.plot.items if i in other.curves.values()]
    assert len(plotted) == len(other.curves) == len([k for k in seen if w.tab_of(k) == "other"])
    labels = [label.text for _, label in other.legend.items]
    assert not any("Brevia" in text for text in labels)

    public = make(qtbot, view_for(session, "public")["history"])
    assert not any(k.startswith("support.") for k in public.keys)


def test_explain_names_the_rule_that_changed_a_value(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    pos, entry = next(
        (n, e)
        for n, e in enumerate(entries)
        if e["type"] == "figure" and "rule" in e["cause"] and e["cause"].get("party")
    )
    index = snapshot_index_of(entries, pos)
    text = w.explain(entry["key"], index)
    party = COMPILED.parties[entry["cause"]["party"]]
    rule = next(r for r in COMPILED.scenario.rules if r.id == entry["cause"]["rule"])
    assert f"{rule.description} ({party.short})" in text  # the rule's words, not its id
    assert entry["cause"]["rule"] not in text
    assert w.explain(entry["key"], 0) == "starting value"
    hover = w.describe(entry["key"], index)
    assert w.label(entry["key"]) in hover and rule.description in hover
    value = snapshots(entries)[index]["values"][entry["key"]]
    assert f": {value:g}" in hover.splitlines()[0]
    with pytest.raises(IndexError):
        w.explain(entry["key"], w.count)


def test_explain_names_events_and_overrides(qtbot: Any) -> None:
    s = play(
        COMPILED,
        3,
        commands=[
            {"type": "override", "figure": "tension", "value": 80, "reason": "riots"},
            {"type": "inject", "event": "storm"},
        ],
    )
    entries = s.history.entries
    w = make(qtbot, entries)
    assert "facilitator's override: riots" in w.explain("tension", 1)
    pos, hit = next(
        (n, e)
        for n, e in enumerate(entries)
        if e["type"] == "figure" and e["cause"].get("event") == "storm"
    )
    assert COMPILED.named["storm"] in w.explain(hit["key"], snapshot_index_of(entries, pos))
    assert w.events[1][0][0] == COMPILED.named["storm"]  # marked where its effects show
    line = w.panels["trust"].events[1]
    assert COMPILED.named["storm"] in line.toolTip()


def test_export_writes_png_and_svg(qtbot: Any, entries: list[Any], tmp_path: Path) -> None:
    w = make(qtbot, entries)
    w.show()
    qtbot.waitExposed(w)
    w.export(tmp_path / "trust.png")
    w.export(tmp_path / "leverage.svg", tab="leverage")
    png, svg = (tmp_path / "trust.png").read_bytes(), (tmp_path / "leverage.svg").read_text()
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert "<svg" in svg and len(svg) > 2000
    with pytest.raises(ValueError):
        w.export(tmp_path / "plot.jpg")


def test_pair_selection_hides_and_shows_a_trust_curve(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    key = "trust.brevia>aldmere"
    items = {
        w.pair_list.item(r).data(Qt.ItemDataRole.UserRole): w.pair_list.item(r)
        for r in range(w.pair_list.count())
    }
    assert set(items) == set(w.panels["trust"].curves)
    assert all(i.checkState() == Qt.CheckState.Checked for i in items.values())
    items[key].setCheckState(Qt.CheckState.Unchecked)
    assert not w.curve(key).isVisible()
    assert w.curve("trust.aldmere>brevia").isVisible()
    w.set_pair_visible(key, True)
    assert w.curve(key).isVisible()
    w.curve(key).setVisible(False)  # as a click on the legend does
    assert items[key].checkState() == Qt.CheckState.Unchecked


def test_issue_boundaries_for_each_issue_played(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    played = list(dict.fromkeys(e["issue"] for e in snapshots(entries) if e["phase"] == "rounds"))
    assert played
    names = [name for _, name in w.boundaries]
    for issue in played:
        assert COMPILED.named[issue] in names
    first_of = {
        e["issue"]: n
        for n, e in reversed(list(enumerate(snapshots(entries))))
        if e["phase"] == "rounds"
    }
    for panel in w.panels.values():
        lines = {line.name(): line for line in panel.boundaries}
        for issue in played:
            line = lines[COMPILED.named[issue]]
            assert line in panel.plot.items
            assert line.value() == first_of[issue] - 0.5
    assert w.tick_label(first_of[played[0]]).startswith(f"{first_of[played[0]]}\n")
    assert COMPILED.named[played[0]] in w.tick_label(first_of[played[0]])


def test_hover_over_a_point_explains_it(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    w.show()
    qtbot.waitExposed(w)
    panel = w.panels["trust"]
    key, index = "trust.brevia>aldmere", 1
    vb = panel.plot.getViewBox()
    vb.autoRange()
    scene_pos = vb.mapViewToScene(QPointF(index, float(w.values(key)[index])))
    w._hover(panel, scene_pos)
    assert w.last_hover == w.describe(key, index)
    assert panel.marker.isVisible()
    w._hover(panel, QPointF(-100, -100))
    assert w.last_hover == "" and not panel.marker.isVisible()


def test_reset_replaces_everything_and_reuses_curves(
    qtbot: Any, session: Any, entries: list[Any]
) -> None:
    w = make(qtbot, entries)
    kept = id(w.curve("trust.brevia>aldmere"))
    aldmere = view_for(session, "aldmere")["history"]
    w.reset(aldmere)
    fresh = make(qtbot, aldmere)
    assert w.keys == fresh.keys and "support.brevia" not in w.panels["other"].curves
    assert id(w.curve("trust.brevia>aldmere")) == kept
    for key in fresh.keys:
        np.testing.assert_array_equal(w.values(key), fresh.values(key))
    assert len(w.panels["other"].legend.items) == len(fresh.panels["other"].legend.items)
    assert len(w.panels["trust"].boundaries) == len(fresh.boundaries)
    w.reset([])
    assert w.count == 0 and w.keys == [] and w.pair_list.count() == 0


def test_large_text_and_palette(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    curve = w.curve("tension")
    thin = curve.opts["pen"].widthF()
    w.set_large_text(True)
    assert curve.opts["pen"].widthF() > thin
    assert (
        w.panels["other"].plot.getAxis("bottom").style["tickFont"].pointSizeF() >= 14
    )  # readable from the back
    w.set_large_text(False)
    assert curve.opts["pen"].widthF() == thin

    dark = QPalette(w.palette())
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e0e0e0"))
    w.setPalette(dark)
    for panel in w.panels.values():
        assert panel.glw.backgroundBrush().color() == QColor("#1e1e1e")
        assert panel.plot.getAxis("left").textPen().color() == QColor("#e0e0e0")


def test_reset_zoom_and_context_menu(qtbot: Any, entries: list[Any]) -> None:
    w = make(qtbot, entries)
    vb = w.panels["trust"].plot.getViewBox()
    vb.setXRange(2, 3)
    assert not vb.autoRangeEnabled()[0]
    w.reset_zoom_action.trigger()
    assert all(vb.autoRangeEnabled())
    assert w.export_action in vb.menu.actions() and w.reset_zoom_action in vb.menu.actions()


def test_many_parties_get_a_legend_by_colour_and_dash(qtbot: Any) -> None:
    flagship = TUTORIAL.parent / "ukraine-2022.yaml"
    if not flagship.exists():
        pytest.skip("the flagship scenario is not in this checkout")
    c = compile_scenario(load_ok(flagship))
    w = FigurePlot(c)
    qtbot.addWidget(w)
    s = play(c, 1)
    w.append(s.history.entries)
    panel = w.panels["trust"]
    assert w.factor_trust_legend and len(panel.curves) > 12
    assert len(panel.legend.items) == 2 * len(c.parties)  # trusters and trusted
    first = next(iter(c.parties))
    proxy = next(item for (kind, p), item in w._proxies.items() if (kind, p) == ("from", first))
    proxy.setVisible(False)
    w._legend_clicked(proxy)  # a click on "Ukraine → …" hides Ukraine's pairs
    hidden = {k for k, curve in panel.curves.items() if not curve.isVisible()}
    assert hidden == {k for k in panel.curves if k.startswith(f"trust.{first}>")}


def test_many_pairs_make_a_hidden_pairs_curve_when_it_is_first_shown(qtbot: Any) -> None:
    """The room's plot of the flagship shows 2 of its 30 trust pairs: the other 28 are in
    the pair list, and their curves are made, with the data so far, when first shown
    (the list, the legend by colour or `curve`) and look as if made at the start."""
    flagship = TUTORIAL.parent / "ukraine-2022.yaml"
    if not flagship.exists():
        pytest.skip("the flagship scenario is not in this checkout")
    c = compile_scenario(load_ok(flagship))
    history = list(play(c, 1).history.entries)
    eager = FigurePlot(c)  # the facilitator's: every pair shown, every curve made
    room = FigurePlot(c)
    for w in (eager, room):
        qtbot.addWidget(w)
    eager.append(history)
    room.focus_on("public")
    room.reset(history)
    panel = room.panels["trust"]
    pairs = [room.pair_list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(30)]
    assert room.pair_list.count() == 30 and pairs == list(eager.panels["trust"].curves)
    shown = [k for k in pairs if room.matters(k)]
    assert 0 < len(shown) < 30 and list(panel.curves) == shown
    assert all(panel.curves[k].isVisible() for k in shown)
    ticked = [k for k in pairs if room._pair_items[k].checkState() == Qt.CheckState.Checked]
    assert ticked == shown

    def look(w: FigurePlot, key: str) -> tuple[Any, ...]:
        curve = w.curve(key)
        pen = curve.opts["pen"]
        ys = [float(v) for v in np.nan_to_num(curve.yData, nan=-1.0)]
        return (pen.color().name(), pen.widthF(), tuple(pen.dashPattern()), ys)

    hidden = next(k for k in pairs if k not in shown)
    room.set_pair_visible(hidden, True)  # as ticking it in the list does
    assert panel.curves[hidden].isVisible() and look(room, hidden) == look(eager, hidden)
    more = [k for k in pairs if k not in panel.curves]
    room.append(history[-3:])  # later snapshots reach the made curves only
    assert [k for k in pairs if k not in panel.curves] == more
    assert len(panel.curves[hidden].yData) == room.count
    late = more[0]
    assert not room.curve(late).isVisible()  # made on asking, hidden, with its data
    assert list(np.nan_to_num(room.curve(late).yData, nan=-1)) == list(
        np.nan_to_num(room.values(late), nan=-1)
    )
    party = late.partition(".")[2].split(">")[0]
    proxy = room._proxies.get(("from", party))
    if proxy is None:  # the legend names only the trusters shown: show one of its pairs
        room.set_pair_visible(late, True)
        proxy = room._proxies[("from", party)]
    proxy.setVisible(True)
    room._legend_clicked(proxy)  # "Party → …" shows every pair of that truster
    theirs = [k for k in pairs if k.startswith(f"trust.{party}>")]
    assert all(panel.curves[k].isVisible() for k in theirs)
    assert all(room._pair_items[k].checkState() == Qt.CheckState.Checked for k in theirs)


def test_export_to_a_folder_that_does_not_exist_says_so(
    qtbot: Any, entries: list[Any], tmp_path: Path
) -> None:
    w = make(qtbot, entries)
    with pytest.raises(OSError, match="does not exist"):
        w.export(tmp_path / "missing" / "trust.png")
    assert not (tmp_path / "missing").exists()


def _drawn(panel: Any) -> dict[str, Any]:
    """What a panel shows, item by item."""
    curves = {
        key: (
            curve.isVisible(),
            curve.opts["pen"].color().name(),
            curve.opts["pen"].widthF(),
            tuple(curve.opts["pen"].dashPattern()),
            curve.opts["symbol"],
            [float(v) for v in np.nan_to_num(curve.yData, nan=-1.0)],
        )
        for key, curve in panel.curves.items()
    }
    return {
        "curves": curves,
        "order": list(panel.curves),
        "legend": [label.text for _, label in panel.legend.items],
        "boundaries": [(line.value(), line.toolTip()) for line in panel.boundaries],
        "events": {x: (line.toolTip(), line.label.format) for x, line in panel.events.items()},
        "background": panel.glw.backgroundBrush().color().name(),
        "tick_font": panel.plot.getAxis("bottom").style["tickFont"].pointSizeF(),
    }


def test_only_the_trust_tab_is_built_at_first_and_another_when_first_shown(
    qtbot: Any, entries: list[Any]
) -> None:
    w = make(qtbot, entries)
    assert list(dict.keys(w.panels)) == ["trust"]
    assert list(w.panels.values()) == [w.panels["trust"]]
    w.tabs.setCurrentIndex(1)
    assert "leverage" in dict.keys(w.panels) and "other" not in dict.keys(w.panels)
    assert w.current_panel() is w.panels["leverage"]
    assert w.panels["leverage"].glw.parentWidget() is w.tabs.currentWidget()


@pytest.mark.parametrize("large", [False, True])
def test_a_tab_built_late_shows_what_one_built_at_the_start_shows(
    qtbot: Any, session: Any, entries: list[Any], large: bool
) -> None:
    """Built when first shown, after the session played, a tab is drawn from the data: the
    same curves, looks, legend, boundaries and events as a tab that followed every entry."""
    view = view_for(session, "aldmere")["history"]
    early = make(qtbot)
    early.set_large_text(large)
    early.focus_on("aldmere")
    for tab in ("leverage", "other"):
        early.panels[tab]  # built before any entry: follows each one
    half = len(view) // 2
    early.append(view[:half])
    early.append(view[half:])
    late = make(qtbot)
    late.set_large_text(large)
    late.focus_on("aldmere")
    late.append(view[:half])
    late.append(view[half:])
    assert list(dict.keys(late.panels)) == ["trust"]
    for tab in ("leverage", "other"):
        assert _drawn(late.panels[tab]) == _drawn(early.panels[tab])
    drawn = _drawn(early.panels["other"])
    assert drawn["curves"] and drawn["boundaries"] and drawn["legend"]
