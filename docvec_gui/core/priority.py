"""Background work yields the CPU to the window.

On the 2-core machines docvec targets, two embedding workers, an extraction child and the
window's thread compete for two cores; at equal priority the window's thread waits its turn
like any other, and a repaint is late by tens of milliseconds. Background threads and
children therefore run at a lower priority (nice 10): when the window has work it gets a
core at once, and when it is idle the background work still has every core.
"""
from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10
_done = threading.local()


# Windows: THREAD_PRIORITY_BELOW_NORMAL and BELOW_NORMAL_PRIORITY_CLASS, the counterparts of nice 10.
_THREAD_PRIORITY_BELOW_NORMAL = -1
_BELOW_NORMAL_PRIORITY_CLASS = 0x4000


def lower_this_thread() -> None:
    """Lower the calling thread's priority, once per thread. Linux and Windows, where a
    priority is per thread; elsewhere (macOS) a nice value would slow the whole process, the
    window included."""
    if getattr(_done, "lowered", False):
        return
    if sys.platform.startswith("linux"):
        _done.lowered = True
        _renice(threading.get_native_id())
    elif sys.platform == "win32":
        _done.lowered = True
        _windows_call("SetThreadPriority", "GetCurrentThread", _THREAD_PRIORITY_BELOW_NORMAL)


def lower_this_process() -> None:
    """Lower a child process's priority (call before it starts threads, which inherit it)."""
    if os.name == "posix":
        _renice(0)
    elif sys.platform == "win32":
        _windows_call("SetPriorityClass", "GetCurrentProcess", _BELOW_NORMAL_PRIORITY_CLASS)


def _windows_call(setter: str, current: str, value: int) -> None:
    """kernel32 ``setter(current(), value)``; a refusal is logged, the work runs on regardless."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    getattr(kernel32, current).restype = ctypes.c_void_p
    getattr(kernel32, setter).argtypes = [ctypes.c_void_p, ctypes.c_int]
    if not getattr(kernel32, setter)(getattr(kernel32, current)(), value):
        log.info("background priority not applied: %s failed (error %d)", setter, ctypes.get_last_error())


def _renice(who: int) -> None:
    try:
        current = os.getpriority(os.PRIO_PROCESS, who)
        if current < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, who, BACKGROUND_NICE)
    except OSError as exc:  # e.g. a sandbox forbids it: the work still runs, at normal priority
        log.info("background priority not applied: %s", exc)
