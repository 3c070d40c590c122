"""docvec: an offline personal knowledge base for the desktop."""
from __future__ import annotations

from importlib import metadata as _metadata


def _read_version() -> str:
    """The version has one source of truth: pyproject.toml (via package metadata)."""
    try:
        return _metadata.version("docvec")
    except _metadata.PackageNotFoundError:
        from docvec_gui._frozen_version import VERSION  # written by the installer build

        return VERSION


__version__ = _read_version()
