"""Painting next to busy Python threads.

A view's paint calls back into Python for every cell and role (``data()``, delegates), and
PySide6 gives the GIL up around each call into C++ and takes it back for each callback. When a
scan or worker thread is running Python, every take-back waits for that thread to be told to
let go: about one switch interval each time, hundreds of times a frame. Measured on a toy
table with one thread spinning in Python (2 cores): a repaint took 50 ms with the app's 0.5 ms
interval and 22 ms with 10 µs, against 10.5 ms with nothing else running. So views that can
repaint while the library works shorten the interval for the length of their paint only,
where the cost of switching more often is a few milliseconds of the other threads' time."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtWidgets import QTableView

PAINT_SWITCH_INTERVAL = 1e-5  # seconds


@contextmanager
def quick_gil_handoff() -> Iterator[None]:
    """The GIL's switch interval at PAINT_SWITCH_INTERVAL for the block (Qt thread only, so
    no other code changes it meanwhile); the previous interval afterwards, even on error."""
    previous = sys.getswitchinterval()
    sys.setswitchinterval(min(previous, PAINT_SWITCH_INTERVAL))
    try:
        yield
    finally:
        sys.setswitchinterval(previous)


class QuickHandoffPaint:
    """Mixin for an item view: its paint takes the GIL back quickly (see the module doc)."""

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        with quick_gil_handoff():
            super().paintEvent(event)


class LibraryTableView(QuickHandoffPaint, QTableView):
    """The documents table."""
