"""Child processes that never outlive the app and never see the terminal's Ctrl-C.

Every child the app starts (extraction workers, the vector-store process) is:

* in its own session / process group, so Ctrl-C in a terminal (SIGINT to the foreground
  group) reaches only the app, which then stops its children in order;
* watched from inside: a daemon thread in the child polls its parent and exits the
  child as soon as the parent is gone, even when the parent was SIGKILLed mid-call.
  (``PR_SET_PDEATHSIG`` is not used: Linux sends it when the *thread* that forked the
  child exits, and the app's worker threads come and go with Pause/Resume.)
* on Windows, additionally, in a Job Object that kills it when the app's process ends (and,
  for extraction children, caps its memory as ``RLIMIT_AS`` does on POSIX).
"""
from __future__ import annotations

import logging
import os
import subprocess
import sys
import threading
import time
from typing import Callable

log = logging.getLogger(__name__)

WATCH_INTERVAL = 0.5


def popen_kwargs() -> dict:
    """Keyword arguments for :class:`subprocess.Popen` that detach a child from the terminal."""
    if os.name == "nt":
        flags = getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0) | getattr(subprocess, "CREATE_NO_WINDOW", 0)
        return {"creationflags": flags}
    return {"start_new_session": True}


def detach_from_terminal() -> None:
    """Call first thing in a child started without :func:`popen_kwargs` (multiprocessing)."""
    if os.name == "nt":
        return
    try:
        os.setsid()
    except PermissionError:  # already a session leader
        pass


def _parent_alive(parent_pid: int) -> bool:
    if os.name == "nt":
        import psutil

        return psutil.pid_exists(parent_pid)
    # Re-parenting (to init or a subreaper) happens exactly when the parent process dies.
    return os.getppid() == parent_pid


class _WindowsParent:
    """A SYNCHRONIZE handle on the parent: it signals when the parent ends, and holding it keeps
    the parent's pid from being reused (Windows reuses pids quickly, so polling a pid could
    mistake a new process for the parent)."""

    _SYNCHRONIZE = 0x00100000
    _WAIT_OBJECT_0 = 0

    def __init__(self, pid: int) -> None:
        import ctypes

        self._kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self._kernel32.OpenProcess.restype = ctypes.c_void_p
        self._kernel32.WaitForSingleObject.argtypes = [ctypes.c_void_p, ctypes.c_uint32]
        self._kernel32.WaitForSingleObject.restype = ctypes.c_uint32
        self.handle = self._kernel32.OpenProcess(self._SYNCHRONIZE, False, pid)
        if not self.handle:
            raise OSError(ctypes.get_last_error(), f"OpenProcess({pid}) failed")

    def gone(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; True once the parent has ended."""
        return self._kernel32.WaitForSingleObject(self.handle, int(timeout * 1000)) == self._WAIT_OBJECT_0


def _parent_watch(parent_pid: int) -> Callable[[float], bool]:
    """``gone(timeout)``: waits up to ``timeout`` s, True once the parent has ended."""
    if sys.platform == "win32":
        try:
            return _WindowsParent(parent_pid).gone
        except OSError as exc:  # the parent is already gone, or we may not open it: poll its pid
            log.info("watching parent %d by its pid: %s", parent_pid, exc)

    def poll(timeout: float) -> bool:
        time.sleep(timeout)
        return not _parent_alive(parent_pid)

    return poll


def die_with_parent(parent_pid: int, interval: float = WATCH_INTERVAL) -> threading.Thread:
    """Start a watchdog thread that ends this process as soon as ``parent_pid`` is gone."""
    if not _parent_alive(parent_pid):
        os._exit(3)
    gone = _parent_watch(parent_pid)

    def watch() -> None:
        while not gone(interval):
            pass
        # No clean-up: the parent is gone and nobody reads our answers any more.
        os._exit(3)

    thread = threading.Thread(target=watch, name="docvec-parent-watchdog", daemon=True)
    thread.start()
    return thread


# JOBOBJECT_BASIC_LIMIT_INFORMATION.LimitFlags (winnt.h).
JOB_OBJECT_LIMIT_PROCESS_MEMORY = 0x0100
JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION = 0x0400
JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE = 0x2000
_JOB_OBJECT_EXTENDED_LIMIT_INFORMATION = 9  # JOBOBJECTINFOCLASS
_PROCESS_TERMINATE, _PROCESS_SET_QUOTA = 0x0001, 0x0100
_MIB = 1024 * 1024


def job_limits(memory_mb: int | None) -> tuple[int, int]:
    """The Job Object's ``(LimitFlags, ProcessMemoryLimit in bytes)`` for a child.

    Every child dies when the app's process ends (KILL_ON_JOB_CLOSE) and a crash ends it at
    once instead of opening the Windows Error Reporting dialog (DIE_ON_UNHANDLED_EXCEPTION).
    With ``memory_mb``, each process in the job may commit at most that much memory: the
    Windows counterpart of the ``RLIMIT_AS`` a POSIX extraction child sets on itself (an
    allocation past it fails, which Python raises as ``MemoryError``).
    """
    flags = JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
    if memory_mb is None:
        return flags, 0
    if isinstance(memory_mb, bool) or not isinstance(memory_mb, int) or memory_mb < 1:
        raise ValueError(f"a memory limit must be a positive number of MB, not {memory_mb!r}")
    return flags | JOB_OBJECT_LIMIT_PROCESS_MEMORY, memory_mb * _MIB


def _extended_limit_information() -> type:
    """ctypes layout of JOBOBJECT_EXTENDED_LIMIT_INFORMATION (144 bytes on 64-bit Windows)."""
    import ctypes

    dword = ctypes.c_uint32

    class BASIC(ctypes.Structure):
        _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                    ("LimitFlags", dword), ("MinimumWorkingSetSize", ctypes.c_size_t),
                    ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", dword),
                    ("Affinity", ctypes.c_size_t), ("PriorityClass", dword), ("SchedulingClass", dword)]

    class IO(ctypes.Structure):
        _fields_ = [(name, ctypes.c_uint64) for name in (
            "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
            "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

    class EXTENDED(ctypes.Structure):
        _fields_ = [("BasicLimitInformation", BASIC), ("IoInfo", IO), ("ProcessMemoryLimit", ctypes.c_size_t),
                    ("JobMemoryLimit", ctypes.c_size_t), ("PeakProcessMemoryUsed", ctypes.c_size_t),
                    ("PeakJobMemoryUsed", ctypes.c_size_t)]

    return EXTENDED


class _WindowsJob:
    """A Job Object whose processes die with the app and, optionally, have a memory cap."""

    def __init__(self, memory_mb: int | None = None) -> None:
        import ctypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        kernel32.CreateJobObjectW.restype = ctypes.c_void_p
        kernel32.OpenProcess.restype = ctypes.c_void_p
        kernel32.SetInformationJobObject.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p, ctypes.c_uint32]
        kernel32.AssignProcessToJobObject.argtypes = [ctypes.c_void_p, ctypes.c_void_p]
        kernel32.CloseHandle.argtypes = [ctypes.c_void_p]
        self._kernel32 = kernel32
        self.memory_mb = memory_mb
        self.handle = kernel32.CreateJobObjectW(None, None)
        if not self.handle:
            raise OSError(ctypes.get_last_error(), "CreateJobObject failed")
        info = _extended_limit_information()()
        flags, memory = job_limits(memory_mb)
        info.BasicLimitInformation.LimitFlags = flags
        info.ProcessMemoryLimit = memory
        if not kernel32.SetInformationJobObject(self.handle, _JOB_OBJECT_EXTENDED_LIMIT_INFORMATION,
                                                ctypes.byref(info), ctypes.sizeof(info)):
            error = ctypes.get_last_error()
            kernel32.CloseHandle(self.handle)
            raise OSError(error, "SetInformationJobObject failed")

    def assign(self, pid: int) -> None:
        import ctypes

        process = self._kernel32.OpenProcess(_PROCESS_TERMINATE | _PROCESS_SET_QUOTA, False, pid)
        if not process:
            raise OSError(ctypes.get_last_error(), f"OpenProcess({pid}) failed")
        try:
            if not self._kernel32.AssignProcessToJobObject(self.handle, process):
                raise OSError(ctypes.get_last_error(), f"AssignProcessToJobObject({pid}) failed")
        finally:
            self._kernel32.CloseHandle(process)


# One job per memory limit (None: no limit); kept open for the app's whole life, since closing
# a job's last handle kills its processes.
_jobs: dict[int | None, _WindowsJob] = {}
_job_lock = threading.Lock()


def adopt(pid: int, memory_mb: int | None = None) -> None:
    """Tie a just-started child's life to the app's and, with ``memory_mb``, cap the memory it
    may commit: Windows Job Objects. A no-op elsewhere: POSIX children watch their parent
    (:func:`die_with_parent`) and an extraction child sets its own ``RLIMIT_AS``.

    A failure is logged, not raised: the child still runs, watched by :func:`die_with_parent`,
    only without the job's guarantees.
    """
    if sys.platform != "win32":
        return
    try:
        with _job_lock:
            job = _jobs.get(memory_mb)
            if job is None:
                job = _jobs[memory_mb] = _WindowsJob(memory_mb)
            job.assign(pid)
    except OSError as exc:
        log.warning("child %d is not in a Job Object (memory limit %s MB): %s", pid, memory_mb, exc)
