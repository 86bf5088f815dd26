"""Build the one-folder bundle: `python packaging/build_bundle.py --out DIR`.

Leaves DIR/parley/ with the executables `parley` (console) and `parley-app`
(window) — `.exe` on Windows — runnable from a USB stick or a copied folder
without installing anything or admin rights. Needs PyInstaller in the same
environment as Parley (`pip install pyinstaller`); builds for the system it
runs on. Then run `DIR/parley/parley --self-test`.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
SPEC = HERE / "parley.spec"


def build(out: Path, *, clean: bool = True) -> Path:
    """Run PyInstaller on the spec (which leaves out what the app never loads); the folder."""
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parley-build-") as work:
        cmd = [
            sys.executable,
            "-m",
            "PyInstaller",
            str(SPEC),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(out),
            "--workpath",
            work,
        ]
        if clean:
            cmd.append("--clean")
        subprocess.run(cmd, check=True)
    bundle = out / "parley"
    shutil.copy2(HERE / "bundle-README.txt", bundle / "README.txt")
    return bundle


def measure(bundle: Path) -> tuple[int, int]:
    """Bytes and files in the bundle (links to files it holds counted once)."""
    files = [p for p in bundle.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build Parley's one-folder bundle with PyInstaller.")
    p.add_argument("--out", required=True, type=Path, help="where to put the parley/ folder")
    p.add_argument("--no-clean", action="store_true", help="reuse PyInstaller's cache")
    ns = p.parse_args(argv)
    try:
        import PyInstaller  # noqa: F401
    except ImportError:
        print(
            "build_bundle: PyInstaller is not installed here\n"
            f"    hint: {sys.executable} -m pip install pyinstaller",
            file=sys.stderr,
        )
        return 2
    started = time.perf_counter()
    try:
        bundle = build(ns.out, clean=not ns.no_clean)
    except subprocess.CalledProcessError as exc:
        print(f"build_bundle: PyInstaller failed (exit {exc.returncode})", file=sys.stderr)
        return 3
    size, count = measure(bundle)
    exe = bundle / ("parley.exe" if sys.platform == "win32" else "parley")
    print(
        f"built {bundle} in {time.perf_counter() - started:.0f} s: {size / 2**20:.0f} MiB, "
        f"{count} files\ncheck it with: {exe} --self-test"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
