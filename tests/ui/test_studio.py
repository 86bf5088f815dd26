"""The dry-run studio with pytest-qt, offscreen: the run happens off the GUI thread with
its progress reaching the end, Cancel stops a long run, the chosen bots and timing are
what `simulate` gets, and the warnings appear for a scenario built to trigger them.
Every wait is for a signal."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from typing import Any  # noqa: E402

from conftest import TUTORIAL, edit_yaml  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402

from app.engine.simulate import simulate  # noqa: E402
from app.ui.editor import ScenarioEditor  # noqa: E402
from app.ui.studio.panel import DEFAULT_RUNS, StudioPanel  # noqa: E402

TEXT = TUTORIAL.read_text(encoding="utf-8")


def make(qtbot: Any, text: str = TEXT) -> StudioPanel:
    editor = ScenarioEditor(text, "harbour.yaml")
    qtbot.addWidget(editor)
    panel = StudioPanel(editor)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_the_progress_reaches_the_end_and_the_report_is_the_engines(qtbot):
    panel = make(qtbot)
    assert panel.runs.value() == DEFAULT_RUNS == 200
    panel.runs.setValue(40)
    panel.seed.setValue(7)
    panel.bot_choice["brevia"].setCurrentIndex(panel.bot_choice["brevia"].findData("hardliner"))
    assert panel.seating() == {"brevia": "bot:hardliner"}  # as `--bots brevia=hardliner`
    seen: list[int] = []
    panel.bar.valueChanged.connect(seen.append)
    with qtbot.waitSignal(panel.finished, timeout=60000) as done:
        assert panel.start()
        assert not panel.run_button.isEnabled() and panel.cancel_button.isEnabled()
    report = done.args[0]
    assert seen[-1] == 40 == panel.bar.maximum() and seen == sorted(seen)
    scn = panel.editor.loaded.scenario
    assert report == simulate(
        scn, 40, 7, {"brevia": "bot:hardliner"}, panel.preset.currentData(), workers=1
    )
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()
    words = panel.text.toPlainText()
    assert "40 runs with bots" in words and "Harbour access: agreed in" in words
    assert panel.figure_pick.currentData().startswith("trust.")  # trust and leverage first
    assert panel.plots is not None  # the curves and the histogram are drawn


def test_cancel_stops_a_long_run(qtbot):
    panel = make(qtbot)
    panel.runs.setValue(10000)
    ran = qtbot.waitSignal(panel.bar.valueChanged, timeout=60000, check_params_cb=lambda n: n > 0)
    with ran:  # the first runs are done
        panel.start()
    with qtbot.waitSignal(panel.stopped, timeout=60000) as stopped:
        qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert stopped.args[0].startswith("Cancelled: stopped after ")
    assert "of 10000 runs" in stopped.args[0]
    assert 0 < panel.bar.value() < 10000 and panel.report is None and panel.worker is None
    assert panel.run_button.isEnabled() and not panel.cancel_button.isEnabled()


def test_a_scenario_that_does_not_load_cannot_be_run(qtbot):
    panel = make(qtbot, TEXT.replace("  title:", "  titel:", 1))
    assert not panel.run_button.isEnabled()
    assert not panel.start() and "Fix the errors" in panel.status.text()


def unbalanced() -> str:
    """The tutorial with the harbour blocked (a red line on every option for Aldmere) and
    a rule whose condition never holds."""

    def change(data: Any) -> None:
        for option in data["issues"][0]["options"]:
            option["red_lines"] = ["aldmere"]
        data["rules"].append(
            {"id": "never_ever", "when": "round > 999", "then": [{"add": {"tension": 1}}]}
        )

    return edit_yaml(TEXT, change)


def test_the_warnings_appear_for_a_scenario_built_to_trigger_them(qtbot):
    panel = make(qtbot, unbalanced())
    assert panel.editor.loaded.ok
    panel.runs.setValue(60)
    with qtbot.waitSignal(panel.finished, timeout=60000):
        panel.start()
    kinds = {(w.kind, w.subject) for w in panel.warnings}
    assert ("never-agreed", "harbour") in kinds
    assert ("rule-never-fired", "never_ever") in kinds
    fishing = panel.report["issues"]["fishing"]["options"]
    never = [o for o, share in fishing.items() if share == 0]
    told = {w.subject for w in panel.warnings if w.kind == "never-chosen"}
    told |= {o for w in panel.warnings for o in w.others}  # beside the option taking over
    assert never and set(never) <= told
    taking = [w for w in panel.warnings if w.kind == "takes-over"]
    assert taking and all(fishing[w.subject] > 0 for w in taking)
    assert not any(w.subject == "harbour" and w.kind != "never-agreed" for w in panel.warnings)
    words = panel.text.toPlainText()
    assert "“Harbour access” was never agreed in 60 runs" in words
    assert "The rule “never_ever” never fired in 60 runs" in words
    assert "Worth a look" in words


def test_the_takeover_warning_counts_agreements_per_decision():
    from app.scenario.validate import load_text
    from app.ui.studio.warnings import dry_run_warnings

    scn = load_text(TEXT).scenario
    assert scn is not None
    report = simulate(scn, 30, 1, workers=1)
    for issue in scn.issues:
        for dim in issue.all_dimensions():
            shares = {o.id: report["issues"][issue.id]["options"][o.id] for o in dim.options}
            total = sum(shares.values())
            for o in dim.options:
                over = total * 30 >= 5 and shares[o.id] / total > 0.85 if total else False
                found = any(
                    w.kind == "takes-over" and w.subject == o.id
                    for w in dry_run_warnings(scn, report)
                )
                assert found == over
