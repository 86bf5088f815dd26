"""Package data mapping (the rest of the metadata is in pyproject.toml).

`scenarios/` and `assets/` stay at the top of the repository, where authors
and the README find them; installed, they become `app/data/scenarios` and
`app/data/assets`, read through `importlib.resources` (see `app/resources.py`).
"""

from setuptools import find_packages, setup

DATA = {"app.data.scenarios": "scenarios", "app.data.assets": "assets"}

setup(
    packages=find_packages(include=["app", "app.*"]) + list(DATA),
    package_dir=DATA,
    package_data={
        "app": ["py.typed", "**/*.lark", "**/*.yaml", "help/*.md"],
        "app.data.scenarios": ["*.yaml", "*.md"],
        "app.data.assets": ["*"],
    },
)
