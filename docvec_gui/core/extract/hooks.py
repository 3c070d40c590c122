"""Settings an extraction's runner gives the extractors for the duration of one extraction.

Where a long document's blocks go (``streaming.py``), where page reports go (``progress.py``)
and what OCR may do (``ocr.py``) are decided by whoever runs the extractors (the extraction
child, ``worker.py``) and read deep inside them, without being passed down through every
extractor's signature. Each is a :class:`Hook`: set with :meth:`Hook.using` around one
extraction, read as :attr:`Hook.value`, and put back as it was afterwards, also on an error.

A plain attribute, not a ``contextvars.ContextVar``: a value set by the runner is seen from
whatever thread reads it. One extraction at a time per process (the extraction child reads
one document at a time).
"""
from __future__ import annotations

import contextlib
from typing import Generic, Iterator, TypeVar

T = TypeVar("T")


class Hook(Generic[T]):
    """A process-wide value, ``default`` until a :meth:`using` block sets another."""

    __slots__ = ("value",)

    def __init__(self, default: T) -> None:
        self.value = default

    @contextlib.contextmanager
    def using(self, value: T) -> Iterator[None]:
        """``value`` for the duration; the previous value afterwards, also on an error."""
        previous, self.value = self.value, value
        try:
            yield
        finally:
            self.value = previous
