"""Two delegations share one laptop through a whole workshop: no hand-over screen shows
anything of any delegation, and no team's screen shows another delegation's brief, values,
private figures, remarks or pending move (every readable widget, plots included)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import SCENARIOS
from ui.walk import leaks, plot_series, readable

from app.engine.clock import FakeClock
from app.engine.compiled import compile_scenario
from app.engine.transcript import figure_label
from app.scenario.validate import load_file
from app.store.saved import SavedSession
from app.store.sessions import Store
from app.ui.main_window import MainWindow

LOADED = load_file(SCENARIOS / "ukraine-2022.yaml")
C = compile_scenario(LOADED.scenario)  # type: ignore[arg-type]
TEAMS = {"ua": "team:Kyiv", "ru": "team:Moscow"}


def brief_secrets(party: str) -> list[str]:
    p = C.parties[party]
    conf = p.brief.confidential
    texts = [
        conf.position,
        conf.assessment,
        conf.instructions,
        *conf.interests,
        *conf.fears,
        *conf.red_lines,
        p.batna.description,
    ]
    return [t.strip() for t in texts if t and len(t.strip()) > 12]


def private_figures(party: str, session: Any) -> list[str]:
    return [k for k in session.st.figures if session.st.figure_visibility(k) == party]


def test_a_whole_workshop_at_one_laptop_keeps_every_delegation_s_secrets(
    qtbot: Any, tmp_path: Path
) -> None:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    w.show()
    saved = SavedSession.new(w.store, C, LOADED.text, 5, TEAMS, "workshop", FakeClock())
    saved.apply({"type": "timing", "talk": 0, "entry": 60})
    w.open_session(saved)
    page, ctl = w.page, w.controller
    assert page is not None and ctl is not None
    s = ctl.session
    remarks: dict[str, list[str]] = {"ua": [], "ru": []}
    secrets = {p: brief_secrets(p) for p in TEAMS}
    labels = {
        p: [figure_label(C, k) for k in private_figures(p, s)]
        + [page.plots.label(k) for k in private_figures(p, s)]
        for p in TEAMS
    }  # type: ignore[union-attr]
    handovers = screens = 0

    def check(viewer: str) -> None:
        others = [p for p in TEAMS if p != viewer]
        words = [x for p in others for x in secrets[p] + labels[p] + remarks[p]]
        if viewer == "handover":
            words += [x for p in TEAMS for x in secrets[p] + labels[p] + remarks[p]]
        found = leaks(w, words)
        assert not found, f"{viewer} screen, round {s.st.round}: {found}"
        shown = set(page.plots.keys)  # type: ignore[union-attr]
        hidden = {k for p in others for k in private_figures(p, s)}
        if viewer == "handover":
            hidden |= {k for p in TEAMS for k in private_figures(p, s)}
        assert not shown & hidden, f"{viewer}: plots of {shown & hidden}"
        names = set(plot_series(w))
        assert not names & {page.plots.label(k) for k in hidden}  # type: ignore[union-attr]
        texts = [t for _, t in readable(w)]
        pending = [p for p in others if p in s.pending]
        if viewer in TEAMS and pending:
            assert not any("Submitted" in t for t in texts if viewer not in s.pending)

    while not s.finished:
        if s.stage == "entry" and page.showing == "handover":
            check("handover")
            handovers += 1
            page.handover.button.click()
        elif s.stage == "entry" and page.showing in TEAMS:
            party = page.showing
            check(party)
            screens += 1
            view = page.views[party]
            view.tabs.setCurrentWidget(view.brief)
            assert all(x in view.brief.toPlainText() for x in secrets[party][:2])
            composer = view.composer
            assert composer is not None and view.move_box.isVisible()  # type: ignore[union-attr]
            kind = "propose" if composer.kind.findData("propose") >= 0 else "pass"
            composer.kind.setCurrentIndex(composer.kind.findData(kind))
            text = f"note-{party}-{s.st.issue}-{s.st.round}-{len(s.log)}"
            composer.remark.setText(text)
            composer.submit.click()
            remarks[party].append(text)
        else:
            w.command("start")
            if s.stage == "resolved" or s.stage == "running":
                found = leaks(w, [x for p in TEAMS for x in remarks[p]])
                assert not found, f"public screen: {found}"
    assert handovers >= 10 and screens >= 10
    for p in ("ua", "ru"):  # each team's outcome shows its own result, not the other's BATNA
        view = page.views[p]
        view.refresh()
        text = view.outcome.toPlainText()
        other = "Russia" if p == "ua" else "Ukraine"
        assert (
            "against a BATNA" in text
            and f"{other}:" not in text.split("BATNA)")[1].split("Ratification")[0]
        )
    found = leaks(w, [x for p in TEAMS for x in remarks[p]])
    assert not found, f"debrief before the reveal: {found}"
    w.controller.apply({"type": "reveal"})  # type: ignore[union-attr]
    page.public.refresh()
    public = page.public.answers.toPlainText()  # after the reveal, remarks are shown
    assert remarks["ua"][0] in public and remarks["ru"][0] in public


@pytest.mark.parametrize("viewer", ["ua", "ru"])
def test_a_team_s_own_screen_out_of_turn_needs_the_pin(
    qtbot: Any, tmp_path: Path, viewer: str
) -> None:
    w = MainWindow(Store.open(tmp_path / "p.db"))
    qtbot.addWidget(w)
    saved = SavedSession.new(w.store, C, LOADED.text, 5, TEAMS, "workshop", FakeClock())
    from app.store.pins import set_pin

    set_pin(w.store, saved.id, "1357")
    w.open_session(saved)
    page = w.page
    assert page is not None
    asked: list[str] = []
    page.ask_pin = lambda title, text: asked.append(title) or "0000"  # a wrong PIN
    page.peek_buttons[viewer].click()
    assert asked and page.showing == "public"
    page.ask_pin = lambda title, text: "1357"
    page.peek_buttons[viewer].click()
    assert page.showing == viewer
