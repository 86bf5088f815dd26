"""Writing a document to disk: always through a temporary file in the same folder and a
rename, so a reader never finds half a report and a failed write leaves the old file."""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


def write_atomic(path: str | Path, data: bytes | str) -> Path:
    """Write `data` (text is UTF-8) to `path` via a temporary file and `os.replace`."""
    target = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        os.chmod(tmp, _mode(target))  # mkstemp makes it private; a report is an ordinary file
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    return target


def _mode(target: Path) -> int:
    """The file's present permissions, or what a new file gets under the umask."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def check_writable(path: str | Path, *, folder: bool = False) -> str | None:
    """Why `path` cannot be written (None if it can): a missing or read-only folder, or
    a folder where a file is wanted."""
    target = Path(path)
    where = target if folder else (target.parent if str(target.parent) else Path("."))
    if not folder and target.is_dir():
        return f"{target} is a folder"
    if not where.is_dir():
        return f"the folder {where} does not exist"
    if not os.access(where, os.W_OK | os.X_OK):
        return f"the folder {where} is not writable"
    return None
