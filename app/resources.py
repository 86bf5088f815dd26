"""Where Parley finds the files it ships and the facilitator's own scenarios.

The bundled scenarios, the format reference and the icons are kept at the top
of the repository (`scenarios/`, `assets/`) and installed as package data in
`app/data/` (see `setup.py`), where `importlib.resources` finds them — in a
wheel, an offline kit and a frozen bundle alike. A source checkout imported
in place (an editable install, the tests) has no `app/data/`: there the
top-level folders are the same files. The help pages ship in `app/help/`.

Pure Python and light: the engine and the CLI import this without Qt or the store.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import as_file, files
from pathlib import Path

FLAGSHIP = "ukraine-2022.yaml"
SOURCES = ("bundled", "user")


def _data(name: str) -> Path:
    """The folder `name` of the package data (`scenarios` or `assets`)."""
    packaged = files("app") / "data" / name
    if packaged.is_dir():
        with as_file(packaged) as path:  # a real folder: the package is never zipped
            return Path(path)
    return Path(__file__).resolve().parent.parent / name


def bundled_folder() -> Path:
    """The folder of the scenarios that ship with Parley."""
    return _data("scenarios")


def asset(name: str) -> Path:
    """A file of `assets/` (icons)."""
    return _data("assets") / name


def format_reference() -> Path:
    """The scenario format reference (FORMAT.md), shipped beside the bundled scenarios."""
    return bundled_folder() / "FORMAT.md"


def help_page(name: str) -> str:
    """The text of a help page shipped in `app/help/` (Markdown)."""
    return (files("app") / "help" / name).read_text(encoding="utf-8")


def bundled_scenarios() -> list[Path]:
    """The scenarios that ship with Parley, the flagship first."""
    folder = bundled_folder()
    return sorted(folder.glob("*.yaml"), key=lambda p: (p.name != FLAGSHIP, p.name))


def bundled_scenario() -> Path:
    """The scenario Parley opens on: the flagship, else the first that ships."""
    found = bundled_scenarios()
    return found[0] if found else bundled_folder() / FLAGSHIP


def cache_folder() -> Path:
    """Parley's folder in the platform's cache folder: what it can make again if deleted."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("Parley", appauthor=False))


def user_folder() -> Path:
    """The facilitator's own scenarios: `scenarios/` in the platform's user data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("Parley", appauthor=False)) / "scenarios"


def user_scenarios() -> list[Path]:
    """Scenario files in the user folder, by name (none when the folder does not exist)."""
    folder = user_folder()
    if not folder.is_dir():
        return []
    found = [p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file()]
    return sorted(found, key=lambda p: p.name)


@dataclass(frozen=True)
class ScenarioFile:
    """A scenario the start screen and `parley scenarios` list."""

    path: Path
    source: str  # "bundled" or "user"


def all_scenarios() -> list[ScenarioFile]:
    """The bundled scenarios (flagship first), then the user's."""
    return [ScenarioFile(p, "bundled") for p in bundled_scenarios()] + [
        ScenarioFile(p, "user") for p in user_scenarios()
    ]
