"""The one exception tree of the core, rooted at :class:`DocvecError`.

Every error carries a machine-readable ``kind`` (an :class:`ErrorKind`) and a message
for people. :func:`classify` turns any exception that reaches an entry point (CLI line,
window banner, a document's status) into such a pair, in one place.
"""
from __future__ import annotations

import errno
import sqlite3

from docvec_gui.core.vocabulary import ErrorKind


class DocvecError(Exception):
    """Base class: ``kind`` is a short machine-readable tag, ``str(err)`` the human message."""

    kind: str = ErrorKind.ERROR

    def __init__(self, message: str, kind: str | None = None) -> None:
        super().__init__(message)
        if kind is not None:
            self.kind = kind


class ConfigError(DocvecError):
    kind = ErrorKind.CONFIG


class DataDirInUse(DocvecError):
    kind = ErrorKind.DATA_DIR_IN_USE

    def __init__(self, pid: int | None, path: str) -> None:
        self.pid = pid
        self.path = path
        who = f"pid {pid}" if pid else "another process"
        super().__init__(f"data directory in use by {who}: {path}")


class NotFound(DocvecError):
    kind = ErrorKind.NOT_FOUND


class InvalidQuery(DocvecError):
    kind = ErrorKind.INVALID_QUERY


class ModelError(DocvecError):
    kind = ErrorKind.MODEL


class EmbeddingServiceError(DocvecError):
    """A remote embedding endpoint failed; ``transient`` says whether a retry may help."""

    kind = ErrorKind.EMBEDDING

    def __init__(self, message: str, transient: bool = True) -> None:
        super().__init__(message)
        self.transient = transient


class DiskFull(DocvecError):
    """The data directory's disk is full (or read-only): a fault of the machine, never of a document."""

    kind = ErrorKind.DISK_FULL


class DatabaseError(DocvecError):
    """The metadata database cannot be read or written (damaged, locked for too long)."""

    kind = ErrorKind.DATABASE


_DISK_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}
_DISK_FULL_TEXTS = ("database or disk is full", "no space left on device", "disk quota exceeded",
                    "read-only file system", "attempt to write a readonly database")


def is_disk_full(exc: BaseException) -> bool:
    """True for any error that means "no room (or no permission) to write on this disk"."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DiskFull):
            return True
        if isinstance(current, OSError) and current.errno in _DISK_FULL_ERRNOS:
            return True
        if any(text in str(current).lower() for text in _DISK_FULL_TEXTS):
            return True
        current = current.__cause__ or current.__context__
    return False


def classify(exc: BaseException) -> tuple[str, str]:
    """(kind, message) for any exception, for one CLI line, a banner or a status."""
    import peewee as pw

    if is_disk_full(exc):
        return ErrorKind.DISK_FULL, f"the disk holding the data directory is full or read-only ({_first_line(exc)})"
    if isinstance(exc, DocvecError):
        return str(exc.kind), str(exc)
    if isinstance(exc, (sqlite3.DatabaseError, pw.DatabaseError)):
        return ErrorKind.DATABASE, f"the metadata database failed: {_first_line(exc)}"
    if isinstance(exc, OSError):
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        return ErrorKind.UNREADABLE, f"{exc.strerror or exc}{where}"
    if isinstance(exc, KeyboardInterrupt):
        return ErrorKind.INTERRUPTED, "stopped by the user"
    return ErrorKind.ERROR, f"{type(exc).__name__}: {_first_line(exc)}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
