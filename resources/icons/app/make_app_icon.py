"""Render the app icon from resources/icons/docvec.svg: PNGs (16..512), docvec.ico (Windows)
and docvec.icns (macOS), all with Qt alone (no Pillow, no iconutil), so it runs anywhere.

    python resources/icons/app/make_app_icon.py

The outputs are committed; tests/test_ui_look.py checks they match the SVG's sizes.
"""
from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ICONS = HERE.parent
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
# ICNS types holding PNG data (macOS 10.7+): type -> pixel size.
ICNS_TYPES = (("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
              ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512))


def render_png(svg: Path, size: int) -> bytes:
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    image = QImage(size, size, QImage.Format_ARGB32)
    image.fill(Qt.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setRenderHint(QPainter.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data)


def ico(pngs: dict[int, bytes]) -> bytes:
    """An ICO of PNG entries (Windows Vista+)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = 6 + 16 * len(pngs)
    entries, blobs = b"", b""
    for size, data in sorted(pngs.items()):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICO directory
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset + len(blobs))
        blobs += data
    return header + entries + blobs


def icns(pngs: dict[int, bytes]) -> bytes:
    body = b"".join(struct.pack(">4sI", kind.encode(), 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES)
    return struct.pack(">4sI", b"icns", 8 + len(body)) + body


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([sys.argv[0]])  # noqa: F841 (QImage needs it)
    svg = ICONS / "docvec.svg"
    pngs = {size: render_png(svg, size) for size in SIZES}
    for size, data in pngs.items():
        (HERE / f"docvec-{size}.png").write_bytes(data)
    (ICONS / "docvec.png").write_bytes(pngs[256])  # the name the spec, build.py and .desktop use
    (ICONS / "docvec.ico").write_bytes(ico({s: pngs[s] for s in ICO_SIZES}))
    (ICONS / "docvec.icns").write_bytes(icns(pngs))
    print(f"wrote {len(pngs)} PNGs, docvec.ico and docvec.icns in {ICONS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
