#!/usr/bin/env python3
"""What each part of a built bundle costs unpacked (MiB, each file once, symlinks not counted).

    python build_scripts/bundle_sizes.py [dist/docvec] [--json]

Groups follow the installer budget's questions (issue 9 and 13): the embedding models, OCR
(RapidOCR's models and code, Pillow, ...; OpenCV only if a build brings it back), Qt,
onnxruntime, chromadb and the rest.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# First match wins: (group, prefixes of the path inside _internal/).
GROUPS: list[tuple[str, tuple[str, ...]]] = [
    ("model: multilingual-e5-small-int8", ("resources/models/multilingual-e5-small",)),
    ("model: all-MiniLM-L6-v2", ("resources/models/all-MiniLM-L6-v2",)),
    ("OCR: RapidOCR models", ("rapidocr/models",)),
    ("OCR: RapidOCR code and config", ("rapidocr",)),
    ("OCR: OpenCV (cv2 + its libs)", ("cv2", "opencv_python_headless.libs")),
    ("OCR: Pillow", ("PIL", "pillow.libs")),
    ("OCR: pyclipper, omegaconf", ("shapely", "pyclipper", "omegaconf", "antlr4")),
    ("Qt (PySide6, Qt libs, ICU)", ("PySide6", "shiboken6", "libQt6", "libicu", "libpyside6", "libshiboken6")),
    ("onnxruntime", ("onnxruntime",)),
    ("chromadb (+ Rust bindings)", ("chromadb",)),
    ("numpy (+ OpenBLAS)", ("numpy",)),
    ("tokenizers, sentencepiece, OpenCC", ("tokenizers", "sentencepiece", "opencc")),
    ("PDF (pypdfium2)", ("pypdfium2",)),
    ("Python (libpython, stdlib, archive)", ("libpython", "python3", "base_library.zip", "lib-dynload")),
    ("cryptography, lxml, pydantic", ("cryptography", "lxml", "pydantic")),
    ("system libraries (X11, xcb, glib, ...)", ("lib",)),
]


def group_of(relative: str) -> str:
    for name, prefixes in GROUPS:
        if relative.startswith(prefixes):
            return name
    return "other"


def sizes(bundle: Path) -> dict[str, int]:
    """Bytes per group; the top-level executables (which hold the Python archive) count as Python."""
    internal = bundle / "_internal"
    totals: dict[str, int] = defaultdict(int)
    seen: set[int] = set()
    for path in bundle.rglob("*"):
        if path.is_symlink() or not path.is_file():
            continue
        st = path.stat()
        if st.st_ino in seen:
            continue
        seen.add(st.st_ino)
        if internal in path.parents:
            totals[group_of(path.relative_to(internal).as_posix())] += st.st_size
        else:
            totals["Python (libpython, stdlib, archive)" if path.name.startswith("docvec") and path.suffix == ""
                   else "other"] += st.st_size
    return dict(totals)


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    bundle = Path(args[0]) if args else ROOT / "dist" / "docvec"
    totals = sizes(bundle)
    if "--json" in argv:
        print(json.dumps(totals, indent=1, sort_keys=True))
        return 0
    for name, size in sorted(totals.items(), key=lambda kv: -kv[1]):
        print(f"{size / 2**20:8.1f} MiB  {name}")
    print(f"{sum(totals.values()) / 2**20:8.1f} MiB  total unpacked ({sum(totals.values()) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
