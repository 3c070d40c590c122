"""The data directory: its layout and the OS lock that makes one process its owner.

Embedded Chroma and the SQLite files must never be written by two processes, so a
process that wants to write takes an exclusive, non-blocking lock on ``owner.lock``.
The OS drops the lock when the process dies, even on SIGKILL, so a crash never
leaves a stale owner behind.

A lock on a file can be sidestepped by deleting the file: the next process creates a
new one and locks that. Three guards close that hole:

* after locking, the locked handle must still be the file at ``owner.lock`` (inode check);
* ``owner.pid`` records ``"<pid> <create time>"``; a live process matching that record
  is the owner even when ``owner.lock`` is gone (pid reuse cannot fool the create time);
* on POSIX the directory itself is locked too (it cannot be deleted while it holds data).

:meth:`DataDirLock.verify` lets the owner notice and repair a deleted lock or pid file.
"""
from __future__ import annotations

import errno
import logging
import os
import sys
from pathlib import Path
from typing import IO

from docvec_gui.core import privacy
from docvec_gui.core.errors import DataDirInUse

log = logging.getLogger(__name__)

LOCK_FILE = "owner.lock"
PID_FILE = "owner.pid"
_LOCK_ATTEMPTS = 3  # the lock file may be replaced between open() and flock()


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


def _lock_directory(data_dir: Path) -> int | None:
    """flock the directory itself (POSIX). Returns the fd, or None where unsupported.

    Raises :class:`BlockingIOError` when another process holds it.
    """
    if sys.platform == "win32":
        return None  # Windows refuses to delete an open file, so owner.lock cannot vanish
    import fcntl

    fd = os.open(data_dir, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        os.close(fd)
        if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES):
            raise BlockingIOError(exc.errno, "directory locked") from exc
        # Some network file systems cannot lock directories; the other guards still hold.
        log.info("cannot lock directory %s (%s); relying on %s and %s", data_dir, exc, LOCK_FILE, PID_FILE)
        return None
    return fd


def _same_file(handle: IO[bytes], path: Path) -> bool:
    try:
        here, there = os.fstat(handle.fileno()), os.stat(path)
    except OSError:
        return False
    return (here.st_dev, here.st_ino) == (there.st_dev, there.st_ino)


# Seconds by which a recorded start time may differ from the process's own (rounding).
START_TIME_TOLERANCE = 1.0


def started_as_recorded(pid: int, recorded: float) -> bool:
    """Whether process ``pid`` is alive and started at ``recorded``: a reused pid never counts."""
    started = process_start_time(pid)
    return started is not None and abs(started - recorded) <= START_TIME_TOLERANCE


def process_start_time(pid: int) -> float | None:
    """When ``pid`` started (seconds since the epoch), or None if it is gone."""
    if sys.platform.startswith("linux"):
        return _proc_create_time(pid)
    import psutil

    try:
        return psutil.Process(pid).create_time()
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        return None


def _proc_create_time(pid: int) -> float | None:
    """psutil's ``create_time`` from /proc, as psutil computes it, without importing psutil
    (~60 ms at every start of the window): boot time plus the start tick of the process."""
    started = proc_started_after_boot(pid)
    if started is None:
        return None
    try:
        with open("/proc/stat", "rb") as f:
            boot = next(int(line.split()[1]) for line in f if line.startswith(b"btime "))
    except (OSError, IndexError, ValueError, StopIteration):
        return None
    return boot + started


def proc_started_after_boot(pid: int | str = "self") -> float | None:
    """Seconds from the machine's boot to the start of ``pid`` (Linux, /proc/<pid>/stat's start
    tick), or None if it is gone or a zombie (psutil reports a zombie as gone too). Against
    ``time.CLOCK_BOOTTIME`` this is exact to a tick; /proc/stat's boot time, which psutil adds
    to it, is whole seconds."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        if fields[0] == b"Z":
            return None
        return int(fields[19]) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def _read_record(data_dir: Path) -> tuple[int, float | None] | None:
    """``owner.pid`` as (pid, create time); the create time is None in the old one-field format."""
    try:
        fields = (data_dir / PID_FILE).read_text().split()
        return int(fields[0]), (float(fields[1]) if len(fields) > 1 else None)
    except (OSError, ValueError, IndexError):
        return None


def owner_pid(data_dir: Path) -> int | None:
    """The pid recorded by the current (or last) owner, if any."""
    record = _read_record(data_dir)
    return record[0] if record else None


def live_owner(data_dir: Path) -> int | None:
    """The pid of the live process that ``owner.pid`` names, or None if it is stale.

    A record is live only when a process with that pid exists and started at the recorded
    time, so a reused pid never counts. The old one-field format cannot be verified and
    is treated as stale (the flock on ``owner.lock`` still protects against old versions).
    """
    record = _read_record(data_dir)
    if record is None or record[1] is None:
        return None
    pid, recorded = record
    return pid if started_as_recorded(pid, recorded) else None


def _write_record(data_dir: Path) -> None:
    """Write ``"<pid> <create time>"`` atomically (a reader never sees half a record)."""
    pid = os.getpid()
    privacy.write_private(data_dir / PID_FILE, f"{pid} {process_start_time(pid):.3f}\n")


class DataDirLock:
    """Exclusive ownership of a data directory for the lifetime of this object.

    Acquiring also makes the directory private: mode 0700, existing files 0600 (once), and
    a process umask of 077 so every file created afterwards is owner-only.
    """

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self._handle: IO[bytes] | None = None
        self._dir_fd: int | None = None

    def acquire(self) -> "DataDirLock":
        privacy.private_umask()
        self.data_dir.mkdir(mode=privacy.DIR_MODE, parents=True, exist_ok=True)
        try:
            self._dir_fd = _lock_directory(self.data_dir)
        except BlockingIOError:
            raise DataDirInUse(live_owner(self.data_dir) or owner_pid(self.data_dir), str(self.data_dir)) from None
        try:
            self._handle = self._lock_file()
            other = live_owner(self.data_dir)
            if other is not None and other != os.getpid():
                raise DataDirInUse(other, str(self.data_dir))
            _write_record(self.data_dir)
            # The walk is needed once: a folder that is already 0700 was tightened before
            # (or created private), and everything created from now on follows the umask.
            if not privacy.is_private(self.data_dir):
                privacy.tighten(self.data_dir)
        except BaseException:
            self._drop()
            raise
        return self

    def _lock_file(self) -> IO[bytes]:
        path = self.data_dir / LOCK_FILE
        for _ in range(_LOCK_ATTEMPTS):
            handle = os.fdopen(privacy.open_private(path, os.O_RDWR | os.O_CREAT), "r+b")
            if not _try_lock(handle):
                handle.close()
                raise DataDirInUse(live_owner(self.data_dir) or owner_pid(self.data_dir), str(self.data_dir))
            if _same_file(handle, path):
                return handle
            _unlock(handle)  # deleted or replaced before we locked it: lock the new one
            handle.close()
        raise DataDirInUse(live_owner(self.data_dir), str(self.data_dir))

    def verify(self) -> bool:
        """Still the owner? Repairs a deleted or replaced ``owner.lock``/``owner.pid``.

        Call it periodically (the reconciler does, every 30 s). False means ``owner.pid``
        now names another live process, which got in while both files were gone: stop writing.
        """
        if self._handle is None:
            return False
        other = live_owner(self.data_dir)
        if other is not None and other != os.getpid():
            log.error("lost the data directory %s to pid %s", self.data_dir, other)
            return False
        if not _same_file(self._handle, self.data_dir / LOCK_FILE):
            self._relock()
        if other is None:
            log.warning("%s in %s no longer named this process; rewrote it", PID_FILE, self.data_dir)
            _write_record(self.data_dir)
        return True

    def _relock(self) -> None:
        """Lock the file now at ``owner.lock`` instead of the deleted one we hold."""
        try:
            fresh = self._lock_file()
        except DataDirInUse:
            # A second process is mid-acquire on the new file; it will see our pid record
            # and back off, so the next verify() takes the file.
            log.warning("%s in %s was replaced and is briefly locked by another process", LOCK_FILE, self.data_dir)
            return
        log.warning("%s was removed from %s; re-created it", LOCK_FILE, self.data_dir)
        _unlock(self._handle)
        self._handle.close()
        self._handle = fresh

    def _drop(self) -> None:
        if self._handle is not None:
            try:
                _unlock(self._handle)
            finally:
                self._handle.close()
                self._handle = None
        if self._dir_fd is not None:
            os.close(self._dir_fd)  # closing the descriptor drops its flock
            self._dir_fd = None

    def release(self) -> None:
        if self._handle is None:
            return
        try:
            if owner_pid(self.data_dir) == os.getpid():
                (self.data_dir / PID_FILE).unlink(missing_ok=True)
        finally:
            self._drop()

    @property
    def held(self) -> bool:
        return self._handle is not None

    def __enter__(self) -> "DataDirLock":
        return self.acquire()

    def __exit__(self, *exc: object) -> None:
        self.release()
