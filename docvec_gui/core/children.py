"""Child processes that never outlive the app and never see the terminal's Ctrl-C.

Every child the app starts (extraction workers, the vector-store process) is:

* in its own session / process group, so Ctrl-C in a terminal (SIGINT to the foreground
  group) reaches only the app, which then stops its children in order;
* watched from inside: a daemon thread in the child polls its parent and exits the
  child as soon as the parent is gone, even when the parent was SIGKILLed mid-call.
  (``PR_SET_PDEATHSIG`` is not used: Linux sends it when the *thread* that forked the
  child exits, and the app's worker threads come and go with Pause/Resume.)
* on Windows, additionally, in a Job Object that kills it when the app's handle closes.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

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


def die_with_parent(parent_pid: int, interval: float = WATCH_INTERVAL) -> threading.Thread:
    """Start a watchdog thread that ends this process as soon as ``parent_pid`` is gone."""
    if not _parent_alive(parent_pid):
        os._exit(3)

    def watch() -> None:
        while True:
            time.sleep(interval)
            if not _parent_alive(parent_pid):
                # No clean-up: the parent is gone and nobody reads our answers any more.
                os._exit(3)

    thread = threading.Thread(target=watch, name="docvec-parent-watchdog", daemon=True)
    thread.start()
    return thread


class _WindowsJob:
    """A Job Object with KILL_ON_JOB_CLOSE: children die when the app's process ends."""

    def __init__(self) -> None:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        self._kernel32 = kernel32
        self.handle = kernel32.CreateJobObjectW(None, None)

        class BASIC(ctypes.Structure):
            _fields_ = [("PerProcessUserTimeLimit", ctypes.c_int64), ("PerJobUserTimeLimit", ctypes.c_int64),
                        ("LimitFlags", wintypes.DWORD), ("MinimumWorkingSetSize", ctypes.c_size_t),
                        ("MaximumWorkingSetSize", ctypes.c_size_t), ("ActiveProcessLimit", wintypes.DWORD),
                        ("Affinity", ctypes.c_size_t), ("PriorityClass", wintypes.DWORD),
                        ("SchedulingClass", wintypes.DWORD)]

        class IO(ctypes.Structure):
            _fields_ = [(name, ctypes.c_uint64) for name in (
                "ReadOperationCount", "WriteOperationCount", "OtherOperationCount",
                "ReadTransferCount", "WriteTransferCount", "OtherTransferCount")]

        class EXTENDED(ctypes.Structure):
            _fields_ = [("BasicLimitInformation", BASIC), ("IoInfo", IO), ("ProcessMemoryLimit", ctypes.c_size_t),
                        ("JobMemoryLimit", ctypes.c_size_t), ("PeakProcessMemoryUsed", ctypes.c_size_t),
                        ("PeakJobMemoryUsed", ctypes.c_size_t)]

        info = EXTENDED()
        info.BasicLimitInformation.LimitFlags = 0x2000  # JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
        kernel32.SetInformationJobObject(self.handle, 9, ctypes.byref(info), ctypes.sizeof(info))

    def assign(self, pid: int) -> None:
        process = self._kernel32.OpenProcess(0x0001 | 0x0100, False, pid)  # TERMINATE | SET_QUOTA
        if process:
            self._kernel32.AssignProcessToJobObject(self.handle, process)
            self._kernel32.CloseHandle(process)


_job: _WindowsJob | None = None
_job_lock = threading.Lock()


def adopt(pid: int) -> None:
    """Tie a just-started child's life to the app's (Windows Job Object; no-op elsewhere)."""
    global _job
    if sys.platform != "win32":
        return
    with _job_lock:
        if _job is None:
            _job = _WindowsJob()
        _job.assign(pid)
