"""How far an extraction has got, for "extracting page 3 of 40" (or "OCR page 3 of 40") while
a big PDF or a scan is read.

Extractors call :func:`page_done` after each page, OCR (``ocr.py``) before each page it reads
with ``stage="ocr"``; whoever runs them (the extraction child, ``worker.py``) decides where that
goes with :func:`reporting_to`. Without a listener (the CLI's ``docvec extract``, tests) a
report costs one global read.
"""
from __future__ import annotations

import contextlib
from typing import Callable

from docvec_gui.core.extract.hooks import Hook

# Stages a report names: text read from the file, or a page image being read by OCR.
EXTRACTING = "extracting"
OCR = "ocr"
STAGES = (EXTRACTING, OCR)

PageListener = Callable[[int, int, str], None]  # (page, page count, stage)
_listener: Hook[PageListener | None] = Hook(None)


def page_done(page: int, pages: int, stage: str = EXTRACTING) -> None:
    listener = _listener.value
    if listener is not None:
        listener(page, pages, stage)


def reporting_to(listener: PageListener) -> contextlib.AbstractContextManager[None]:
    """Send :func:`page_done` reports to ``listener`` for the duration (one extraction at a
    time: the extraction child is single-threaded)."""
    return _listener.using(listener)
