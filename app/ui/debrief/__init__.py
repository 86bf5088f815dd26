"""The debrief in the window: `DebriefView(controller)` for a finished or paused session.

Tabs: the timeline stepped round by round (Left/Right, Home/End) with the plots following
a cursor and the turning points beside it; the outcome per issue; the outcome space for
two chosen parties; a feedback page per delegation; the debrief itself (objectives,
questions, the room's reflections saved as notes, then the Reveal button and what it
opens). "Compare tables…" loads other sessions of the scenario, importing files from
other laptops; "Export report…" writes the HTML or PDF report.

Everything shown comes from `app.debrief` and `app.reports`, so the command line prints
the same; the view reaches the session only through the `SessionController`.
"""

from app.ui.debrief.view import DebriefView

__all__ = ["DebriefView"]
