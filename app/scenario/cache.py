"""Scenarios that validated before, kept between runs: the window opens a scenario it has
already checked without reading its YAML or checking it again (a tenth of a second for
the flagship, before the window can paint).

An entry is keyed by the SHA-256 of the file's bytes, the path as given (diagnostics name
it) and what does the checking: Parley's version, Python's and pydantic's, and the size
and time of every file of `app.scenario` (in a bundle, of its executable). An edited
scenario, or another Parley, is checked again. Only a scenario that validated is kept,
with its warnings. An entry is plain JSON (`app.scenario.snapshot`): reading one runs no
code, whoever wrote the file, and an entry is written only if it gives the scenario back
exactly. An entry that cannot be read or is not what it should be is ignored and written
again; a cache folder that cannot be written is no error. Deleting
the folder costs one check per scenario.

`parley validate` and `parley lint` always check the file itself (`load_file`).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
from functools import lru_cache
from pathlib import Path
from typing import get_args

from app import __version__
from app.diagnostics import Diagnostic, Severity
from app.scenario import snapshot
from app.scenario.validate import Loaded, load_file

KEEP = 64  # entries kept: each is a scenario as JSON (the flagship's is about 170 KB)
MAX_READ = 4 * 1024 * 1024  # above any valid scenario (2 MiB): such a file is never cached
_MEMO: dict[tuple[str, int, int, str], Loaded] = {}


def folder() -> Path:
    """Where the entries are: `scenarios` in the platform's cache folder for Parley."""
    from app.resources import cache_folder

    return cache_folder() / "scenarios"


@lru_cache(maxsize=1)
def _salt() -> bytes:
    """What a valid scenario's entry depends on besides its bytes."""
    import pydantic

    parts = [__version__, sys.version, pydantic.VERSION]
    here = Path(__file__).parent
    try:
        for entry in sorted(os.scandir(here), key=lambda e: e.name):
            if entry.is_file() and not entry.name.startswith("."):
                info = entry.stat()
                parts.append(f"{entry.name}:{info.st_size}:{info.st_mtime_ns}")
    except OSError:  # a bundle without its sources: see below
        pass
    if getattr(sys, "frozen", False):  # a bundle: each build has an executable of its own
        try:
            info = os.stat(sys.executable)
            parts.append(f"{sys.executable}:{info.st_size}:{info.st_mtime_ns}")
        except OSError:
            pass
    return "\n".join(parts).encode()


def load(path: str | Path) -> Loaded:
    """`load_file` for opening a scenario to play: the same result (without the YAML
    document, which only a report of its problems needs), from the cache if this file
    validated before."""
    name = str(path)
    try:
        info = os.stat(name)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_READ:
            return load_file(path)
        with open(name, "rb") as fh:
            raw = fh.read(MAX_READ + 1)
    except (OSError, ValueError):
        return load_file(path)  # says what is wrong with the path, as before
    digest = hashlib.sha256(
        _salt() + b"\0" + name.encode("utf-8", "surrogateescape") + b"\0" + raw
    ).hexdigest()
    memo = (name, info.st_mtime_ns, info.st_size, digest)
    if memo in _MEMO:
        return _MEMO[memo]
    loaded = _read(folder() / f"{digest}.json", digest, name)
    if loaded is None:
        loaded = load_file(path)
        if loaded.ok:
            _write(folder(), digest, loaded)
    if len(_MEMO) > 32:
        _MEMO.clear()
    _MEMO[memo] = loaded
    return loaded


def _read(file: Path, digest: str, name: str) -> Loaded | None:
    """The entry, or None if there is none or it is not a valid scenario's entry."""
    try:
        data = json.loads(file.read_bytes())
        if not (
            isinstance(data, dict)
            and data.get("key") == digest
            and isinstance(data.get("text"), str)
            and isinstance(data.get("scenario"), dict)
            and isinstance(data.get("diagnostics"), list)
        ):
            return None
        diagnostics = [_diagnostic(d) for d in data["diagnostics"]]
        scenario = snapshot.load(data["scenario"])
    except Exception:  # missing, truncated, written by something else: check the file again
        return None
    loaded = Loaded(name, data["text"], None, scenario, diagnostics)
    return loaded if loaded.ok else None


def _diagnostic(d: object) -> Diagnostic:
    """A warning as kept in an entry (`Diagnostic.to_json`); ValueError if it is not one."""
    fields = ("file", "line", "col", "severity", "code", "message", "hint")
    if not (isinstance(d, dict) and set(d) == set(fields)):
        raise ValueError("not a diagnostic")
    types = (str, int, int, str, str, str, str)
    if not all(type(d[f]) is t for f, t in zip(fields, types)):
        raise ValueError("not a diagnostic")
    if d["severity"] not in get_args(Severity):
        raise ValueError("not a severity")
    return Diagnostic(**d)


def _write(where: Path, digest: str, loaded: Loaded) -> None:
    if loaded.scenario is None:
        return
    entry = {
        "key": digest,
        "text": loaded.text,
        "diagnostics": [d.to_json() for d in loaded.diagnostics],
    }
    tmp = where / f".{digest}.{os.getpid()}.tmp"
    try:
        entry["scenario"] = snapshot.dump(loaded.scenario)
        blob = json.dumps(entry, ensure_ascii=False, allow_nan=False).encode("utf-8")
        back = snapshot.load(json.loads(blob)["scenario"])
        if back != loaded.scenario or snapshot.dump(back) != entry["scenario"]:
            return  # it would not come back exactly: check the file each time instead
        where.mkdir(parents=True, exist_ok=True)
        tmp.write_bytes(blob)
        os.replace(tmp, where / f"{digest}.json")
    except Exception:  # a read-only or full disk: the next start checks the file again
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        return
    _prune(where)


def _prune(where: Path) -> None:
    """Keep the newest KEEP entries."""
    try:
        entries = sorted(where.glob("*.json"), key=lambda p: p.stat().st_mtime_ns)
        for old in entries[:-KEEP]:
            old.unlink(missing_ok=True)
    except OSError:
        pass
