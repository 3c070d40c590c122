"""Background work yields the CPU to the window.

On the 2-core machines docvec targets, two embedding workers, an extraction child and the
window's thread compete for two cores; at equal priority the window's thread waits its turn
like any other, and a repaint is late by tens of milliseconds. Background threads and
children therefore run at a lower priority (nice 10): when the window has work it gets a
core at once, and when it is idle the background work still has every core.

Requests a client is waiting for (the local API's and MCP's threads) sit between the two
(nice 5 on Linux): below the window, whose thread must not wait behind 50 searching clients,
and above ingestion, which would otherwise take half the CPU from them (docs/BENCHMARKS.md,
"Local API under load"). A lowered thread is never raised again: an unprivileged process
cannot, which is also why the API's event loop is lowered only to this level (the threads it
starts inherit it).
"""
from __future__ import annotations

import logging
import os
import sys
import threading

log = logging.getLogger(__name__)

BACKGROUND_NICE = 10
INTERACTIVE_NICE = 5
_done = threading.local()


# Windows: THREAD_PRIORITY_BELOW_NORMAL and BELOW_NORMAL_PRIORITY_CLASS, the counterparts of nice 10.
_THREAD_PRIORITY_BELOW_NORMAL = -1
_BELOW_NORMAL_PRIORITY_CLASS = 0x4000


def lower_this_thread(nice: int = BACKGROUND_NICE) -> None:
    """Lower the calling thread's priority to ``nice`` (:data:`BACKGROUND_NICE` or
    :data:`INTERACTIVE_NICE`), never raising it. Linux and Windows, where a priority is per
    thread; elsewhere (macOS) a nice value would slow the whole process, the window included.
    Windows has no level between normal and below normal: both are below normal there."""
    if getattr(_done, "nice", -100) >= nice:
        return
    if sys.platform.startswith("linux"):
        _done.nice = nice
        _renice(threading.get_native_id(), nice)
    elif sys.platform == "win32":
        _done.nice = nice
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


def _renice(who: int, nice: int = BACKGROUND_NICE) -> None:
    try:
        current = os.getpriority(os.PRIO_PROCESS, who)
        if current < nice:
            os.setpriority(os.PRIO_PROCESS, who, nice)
    except OSError as exc:  # e.g. a sandbox forbids it: the work still runs, at normal priority
        log.info("background priority not applied: %s", exc)
