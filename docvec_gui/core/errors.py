"""Error types shared across the core. Every error carries a machine-readable kind."""
from __future__ import annotations


class DocvecError(Exception):
    """Base class: ``kind`` is a short machine-readable tag, ``str(err)`` the human message."""

    kind: str = "error"

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class ConfigError(DocvecError):
    kind = "config"


class DataDirInUse(DocvecError):
    kind = "data_dir_in_use"

    def __init__(self, pid: int | None, path: str) -> None:
        self.pid = pid
        self.path = path
        who = f"pid {pid}" if pid else "another process"
        super().__init__(f"data directory in use by {who}: {path}")


class NotFound(DocvecError):
    kind = "not_found"


class InvalidQuery(DocvecError):
    kind = "invalid_query"


class ModelError(DocvecError):
    kind = "model"


class EmbeddingServiceError(DocvecError):
    """A remote embedding endpoint failed; ``transient`` says whether a retry may help."""

    kind = "embedding"

    def __init__(self, message: str, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient
