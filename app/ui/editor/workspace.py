"""Where an author's scenarios live, and how one starts: a copy of a bundled scenario, or
a new one from the commented template that ships with Parley.

A bundled scenario is never edited in place: opening one for editing makes a
copy in the user's scenarios folder (`platformdirs`, or a folder given).
"""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

from app.engine.headless import bundled_scenarios
from app.resources import user_folder


def user_scenarios_dir() -> Path:
    """The folder for the author's own scenarios (created on first use): the one the
    start screen and `parley scenarios` list."""
    return user_folder()


def template_text() -> str:
    """The commented template a new scenario starts from (it validates and lints clean)."""
    return resources.files("app.ui.editor").joinpath("template.yaml").read_text(encoding="utf-8")


def is_bundled(path: str | Path) -> bool:
    target = Path(path).resolve()
    return any(target == p.resolve() for p in bundled_scenarios())


def free_name(folder: Path, stem: str) -> Path:
    """`folder/stem.yaml`, or `stem-2.yaml`, `stem-3.yaml` ... whichever does not exist."""
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", stem).strip("-.") or "scenario"
    candidate = folder / f"{stem}.yaml"
    n = 2
    while candidate.exists():
        candidate = folder / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def editable(path: str | Path, folder: Path | None = None) -> Path:
    """The file to edit for `path`: a fresh copy in the user's folder for a bundled
    scenario, the file itself otherwise."""
    source = Path(path)
    if not is_bundled(source):
        return source
    folder = folder or user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, source.stem)
    shutil.copyfile(source, target)
    return target


def new_scenario(name: str, folder: Path | None = None) -> Path:
    """A new scenario file named after `name`, from the template, in the user's folder."""
    folder = folder or user_scenarios_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = free_name(folder, name)
    text = template_text()
    ident = target.stem if re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.-]*", target.stem) else "scenario"
    text = text.replace("id: my-scenario ", f"id: {ident} ", 1)
    title = name.replace('"', "'").strip() or "My scenario"
    text = text.replace('title: "My scenario"', f'title: "{title}"', 1)
    target.write_text(text, encoding="utf-8")
    return target
