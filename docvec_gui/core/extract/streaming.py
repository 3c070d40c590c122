"""Blocks sent on as a long document is read, instead of kept until its end.

Extractors of documents that can be long and are read page by page (so far the PDF extractor;
multi-page images still return their blocks at the end) hand each page's blocks to :func:`emit`. Whoever runs them decides where the blocks go with
:func:`sending_to`: the extraction child (``worker.py``) writes them to the app in batches as
they come, so neither the child nor the app ever holds a whole big document's text (the app
spools them, ``spool.py``). Without a receiver (the CLI's ``docvec extract``, tests, the app's
in-process fallback) the blocks stay in the document, as from every other extractor.

Blocks already sent are not taken back: if the document later fails (no text, too large, a
timeout), the receiver discards what it got, as the app does with a failed request's spool.
"""
from __future__ import annotations

import contextlib
from typing import Callable, Iterable

from docvec_gui.core.extract.hooks import Hook
from docvec_gui.core.extract.model import Block, Extracted

Receiver = Callable[[list[Block]], None]
_receiver: Hook[Receiver | None] = Hook(None)


def emit(document: Extracted, blocks: Iterable[Block]) -> None:
    """Add ``blocks`` (in reading order) to ``document``: sent on at once when a receiver listens."""
    kept = [block for block in blocks if block.text.strip()]
    if not kept:
        return
    receiver = _receiver.value
    if receiver is None:
        document.blocks.extend(kept)
        return
    receiver(kept)
    document.sent += len(kept)


def sending_to(receiver: Receiver) -> contextlib.AbstractContextManager[None]:
    """Send :func:`emit`'s blocks to ``receiver`` for the duration (one extraction at a time:
    the extraction child is single-threaded)."""
    return _receiver.using(receiver)
