"""Make the platform icons from assets/parley.svg (run by hand; the results are committed):

    QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icons.py

packaging/icons/parley.ico (Windows: 16-256 px), parley.icns (macOS: 16-1024 px)
and parley.png (256 px, for the Linux desktop entry). Qt renders the SVG; both
containers hold PNG images, which every supported Windows and macOS reads.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SVG = HERE.parent / "assets" / "parley.svg"
OUT = HERE / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
ICNS_TYPES = {
    16: b"icp4",
    32: b"icp5",
    64: b"icp6",
    128: b"ic07",
    256: b"ic08",
    512: b"ic09",
    1024: b"ic10",
}


def render(size: int) -> bytes:
    """The SVG as a square PNG of `size` pixels, transparent around it."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    QSvgRenderer(str(SVG)).render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(images: dict[int, bytes]) -> bytes:
    """An .ico holding PNG images (ICONDIR, then one ICONDIRENTRY per image)."""
    head = struct.pack("<HHH", 0, 1, len(images))
    entries, blobs = b"", b""
    offset = 6 + 16 * len(images)
    for size, png in sorted(images.items()):
        side = 0 if size >= 256 else size  # 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset)
        blobs += png
        offset += len(png)
    return head + entries + blobs


def icns(images: dict[int, bytes]) -> bytes:
    """An .icns: 'icns', total length, then (type, length, PNG) chunks."""
    body = b"".join(
        ICNS_TYPES[s] + struct.pack(">I", 8 + len(p)) + p for s, p in sorted(images.items())
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 - fonts, SVG
    OUT.mkdir(exist_ok=True)
    sizes = sorted(set(ICO_SIZES) | set(ICNS_TYPES))
    images = {s: render(s) for s in sizes}
    (OUT / "parley.ico").write_bytes(ico({s: images[s] for s in ICO_SIZES}))
    (OUT / "parley.icns").write_bytes(icns({s: images[s] for s in ICNS_TYPES}))
    (OUT / "parley.png").write_bytes(images[256])
    for name in ("parley.ico", "parley.icns", "parley.png"):
        print(f"wrote {OUT / name} ({(OUT / name).stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
