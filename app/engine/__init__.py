"""The engine: sessions, rounds, the adjudicator, bots and outcomes.

Pure Python. Nothing here imports Qt, pyqtgraph or storage code
(tests/engine/test_layers.py checks it).
"""
