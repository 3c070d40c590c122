"""Shared libraries a Linux bundle carries but docvec never calls: removed.

(OpenCV's FFmpeg libraries used to be replaced by aborting stubs here; OpenCV is no longer
bundled, core/extract/ocr_imaging.py serves RapidOCR's image operations instead.)

Optional extension modules (``remove_extensions``): removed with the libraries only they
needed, for packages that import them in a try/except and report the feature missing.
"""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

TIMEOUT_S = 120


def _readelf(*args: str) -> str:
    return subprocess.run(["readelf", "-W", *args], capture_output=True, text=True, check=True,
                          timeout=TIMEOUT_S).stdout


def is_elf(path: Path) -> bool:
    if path.is_symlink() or not path.is_file():
        return False
    with path.open("rb") as f:
        return f.read(4) == b"\x7fELF"


def needed(path: Path) -> list[str]:
    """DT_NEEDED entries of an ELF file."""
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", _readelf("-d", str(path)))


def _dependencies(libs: list[Path], internal: Path) -> set[Path]:
    """Libraries in the bundle that ``libs`` need, directly or not (by file name)."""
    by_name = {p.name: p for p in internal.rglob("*") if is_elf(p)}
    found: set[Path] = set()
    todo = list(libs)
    while todo:
        for name in needed(todo.pop()):
            dep = by_name.get(name)
            if dep is not None and dep not in found:
                found.add(dep)
                todo.append(dep)
    return found


def remove_extensions(internal: Path, patterns: tuple[str, ...]) -> list[Path]:
    """Remove extension modules matching ``patterns`` (globs under ``internal``) and the libraries
    that only they needed; returns what was removed. Libraries in auditwheel's private
    ``<package>.libs`` folders that nothing needs go too (so a second run finishes the job)."""
    if not shutil.which("readelf"):
        return []
    modules = [p for pattern in patterns for p in internal.glob(pattern) if is_elf(p)]
    private = {p for folder in internal.glob("*.libs") for p in folder.iterdir() if is_elf(p)}
    candidates = _dependencies(modules, internal) | private
    for module in modules:
        module.unlink()
    return modules + _drop_orphans(internal, candidates)


def _drop_orphans(internal: Path, candidates: set[Path]) -> list[Path]:
    """Remove the ``candidates`` that nothing else in the bundle needs, directly or through other
    libraries (by reachability, so libraries that need each other, like FreeType and HarfBuzz,
    go together)."""
    elves = [p for p in internal.rglob("*") if is_elf(p)]
    roots = [p for p in elves if p not in candidates]
    reachable = _dependencies(roots, internal)
    removed = [p for p in elves if p in candidates and p not in reachable]
    for path in removed:
        path.unlink()
    for link in internal.rglob("*"):
        if link.is_symlink() and not link.exists():  # PyInstaller's top-level links to removed files
            link.unlink()
    return removed
