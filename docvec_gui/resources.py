"""One helper to find bundled resources, frozen (PyInstaller) or from a source checkout."""
from __future__ import annotations

import sys
from pathlib import Path


def resources_root() -> Path:
    """``resources/`` beside the package in a checkout; inside the bundle when frozen."""
    if getattr(sys, "frozen", False):
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent)) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resources_root().joinpath(*parts)
