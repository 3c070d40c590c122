"""The data directory: its layout and the OS lock that makes one process its owner.

Embedded Chroma and the SQLite files must never be written by two processes, so a
process that wants to write takes an exclusive, non-blocking lock on ``owner.lock``.
The OS drops the lock when the process dies, even on SIGKILL, so a crash never
leaves a stale owner behind.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import IO

from docvec_gui.core.errors import DataDirInUse

LOCK_FILE = "owner.lock"
PID_FILE = "owner.pid"


def _try_lock(handle: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


def owner_pid(data_dir: Path) -> int | None:
    """The pid recorded by the current (or last) owner, if any."""
    try:
        return int((data_dir / PID_FILE).read_text().strip())
    except (OSError, ValueError):
        return None


class DataDirLock:
    """Exclusive ownership of a data directory for the lifetime of this object."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._handle: IO[bytes] | None = None

    def acquire(self) -> "DataDirLock":
        self.data_dir.mkdir(parents=True, exist_ok=True)
        handle = open(self.data_dir / LOCK_FILE, "a+b")
        if not _try_lock(handle):
            handle.close()
            raise DataDirInUse(owner_pid(self.data_dir), str(self.data_dir))
        self._handle = handle
        (self.data_dir / PID_FILE).write_text(str(os.getpid()))
        return self

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            (self.data_dir / PID_FILE).unlink(missing_ok=True)
        finally:
            _unlock(self._handle)
            self._handle.close()
            self._handle = None

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> "DataDirLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
