"""Parley: a negotiation-rehearsal simulator.

`app.scenario` reads and checks scenario files, `app.engine` plays them; both
are pure Python. Windows live in `app.ui` and only call into the engine.
"""

__version__ = "0.1.0"
