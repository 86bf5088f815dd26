"""The debrief: what a table did and what it could have done, computed without a window.

`outcome_space` (every deal the scenario allows, the Pareto frontier, a fair point),
`timeline` (rounds, turning points), `feedback` (a page per delegation), `compare`
(several tables of one scenario) and `report` (all of it as one JSON-able document).
Pure Python: the debrief view, the report writers and the command line read these.
"""
