"""docvec: an offline personal knowledge base for the desktop."""
from __future__ import annotations

from docvec_gui.core.privacy import disable_telemetry as _disable_telemetry

# ONNX Runtime's built-in telemetry reads ORT_DISABLE_TELEMETRY when it is imported; set it
# before anything can import it, in every entry point (window, CLI, extraction workers).
_disable_telemetry()


def _read_version() -> str:
    """The version has one source of truth: pyproject.toml (via package metadata)."""
    from importlib import metadata as _metadata

    try:
        return _metadata.version("docvec")
    except _metadata.PackageNotFoundError:
        from docvec_gui._frozen_version import VERSION  # written by the installer build

        return VERSION


def __getattr__(name: str) -> str:
    # Read on first use: importlib.metadata costs ~55 ms, paid by every start of the window
    # before its first paint if read at import.
    if name == "__version__":
        version = _read_version()
        globals()["__version__"] = version
        return version
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
