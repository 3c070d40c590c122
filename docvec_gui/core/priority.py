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


def lower_this_thread() -> None:
    """Lower the calling thread's priority, once per thread. Linux only: there a nice value
    is per thread; elsewhere it would slow the whole process, the window included."""
    if getattr(_done, "lowered", False) or not sys.platform.startswith("linux"):
        return
    _done.lowered = True
    _renice(threading.get_native_id())


def lower_this_process() -> None:
    """Lower a child process's priority (call before it starts threads, which inherit it)."""
    if os.name != "posix":
        return
    _renice(0)


def _renice(who: int) -> None:
    try:
        current = os.getpriority(os.PRIO_PROCESS, who)
        if current < BACKGROUND_NICE:
            os.setpriority(os.PRIO_PROCESS, who, BACKGROUND_NICE)
    except OSError as exc:  # e.g. a sandbox forbids it: the work still runs, at normal priority
        log.info("background priority not applied: %s", exc)
