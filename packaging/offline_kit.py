"""Build the offline kit: `python packaging/offline_kit.py --out DIR [--platform TAG ...]`.

DIR gets the Parley wheel and every dependency as wheels (for this computer's
platform, plus one set per `--platform`, e.g. `win_amd64`, `macosx_11_0_arm64`,
`manylinux_2_34_x86_64`), the installers `install.sh` (Linux, macOS) and
`install.ps1` (Windows), which make a virtual environment from those wheels with
no network, the launcher files and icons, a one-page README.txt for whoever
holds the stick, and kit.json (what is inside). Needs the network (or pip's
cache) once, here; never on the laptops.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
KIT_FILES = ("install.sh", "install.ps1", "README.txt")


def pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def dependencies() -> list[str]:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return list(tomllib.load(fh)["project"]["dependencies"])


def build(out: Path, platforms: list[str], python: str) -> dict[str, object]:
    """Fill `out` with the kit; what it holds, as written to kit.json."""
    wheels = out / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    # Parley and its dependencies for this platform (built or taken from pip's cache).
    pip("wheel", "--quiet", "--wheel-dir", str(wheels), str(ROOT))
    for tag in platforms:
        # Binary wheels only: the laptops have no compiler. Markers follow --python-version.
        pip(
            "download",
            "--quiet",
            "--only-binary=:all:",
            "--platform",
            tag,
            "--python-version",
            python,
            "--implementation",
            "cp",
            "--dest",
            str(wheels),
            *dependencies(),
        )
    for name in KIT_FILES:
        shutil.copy2(HERE / "kit" / name, out / name)
    (out / "install.sh").chmod(0o755)
    shutil.copy2(HERE / "parley.desktop", out / "parley.desktop")
    icons = out / "icons"
    icons.mkdir(exist_ok=True)
    for name in ("parley.png", "parley.ico", "parley.icns"):
        shutil.copy2(HERE / "icons" / name, icons / name)
    from app import __version__

    found = sorted(p.name for p in wheels.glob("*.whl"))
    here = f"{sys.version_info[0]}.{sys.version_info[1]}"
    # Compiled wheels (numpy, pydantic-core) fit one Python version: say which, per platform.
    manifest = {
        "parley": __version__,
        "requires_python": f">={_requires_python()}",
        "platforms": [{"platform": "this computer's", "python": here}]
        + [{"platform": tag, "python": python} for tag in platforms],
        "wheels": found,
    }
    (out / "kit.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _requires_python() -> str:
    with open(ROOT / "pyproject.toml", "rb") as fh:
        return str(tomllib.load(fh)["project"]["requires-python"]).lstrip(">=")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Build Parley's offline installation kit.")
    p.add_argument("--out", required=True, type=Path, help="the kit's folder (made if need be)")
    p.add_argument(
        "--platform",
        action="append",
        default=[],
        metavar="TAG",
        help="also fetch wheels for this platform tag (repeatable)",
    )
    p.add_argument(
        "--python-version",
        default=f"{sys.version_info[0]}.{sys.version_info[1]}",
        metavar="X.Y",
        help="the laptops' Python, for --platform (default: this one)",
    )
    ns = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    started = time.perf_counter()
    try:
        manifest = build(ns.out, ns.platform, ns.python_version)
    except subprocess.CalledProcessError as exc:
        print(
            f"offline_kit: pip failed (exit {exc.returncode}); see its message above\n"
            "    hint: the first build needs the network or a filled pip cache",
            file=sys.stderr,
        )
        return 3
    size = sum(f.stat().st_size for f in ns.out.rglob("*") if f.is_file())
    print(
        f"built {ns.out} in {time.perf_counter() - started:.0f} s: "
        f"{len(manifest['wheels'])} wheels, {size / 2**20:.0f} MiB"
    )  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
