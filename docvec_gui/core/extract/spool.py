"""A document's blocks as they arrive from the extraction child, kept on disk when large.

The child sends a big document's text in batches (one JSON line each); the app writes the
lines here as they come and reads the blocks back one batch at a time while it chunks,
so its memory holds one batch, never the whole text.
"""
from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Iterator

from docvec_gui.core.extract.model import Block, Extracted

# Bytes kept in memory before the spool moves to a file (small documents never touch disk).
SPOOL_MEMORY = 1024 * 1024


class BlockSpool:
    """An iterable of :class:`Block` backed by a temporary file in ``directory``."""

    def __init__(self, directory: Path | None = None) -> None:
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
        self._file = tempfile.SpooledTemporaryFile(max_size=SPOOL_MEMORY, mode="w+b",
                                                   dir=str(directory) if directory else None)
        self.count = 0
        self.chars = 0  # characters of the joined text (blocks and their separators)
        self.last_page: int | None = None

    def add(self, line: bytes) -> None:
        """Append one ``{"blocks": [...]}`` line from the child (validated and tallied)."""
        blocks = json.loads(line)["blocks"]
        for block in blocks:
            self.chars += len(block["text"]) + (len(Extracted.BLOCK_SEPARATOR) if self.count else 0)
            self.count += 1
            if block.get("page") is not None:
                self.last_page = block["page"]
        self._file.write(line if line.endswith(b"\n") else line + b"\n")

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Block]:
        self._file.flush()
        self._file.seek(0)
        while True:
            line = self._file.readline()
            if not line:
                return
            position = self._file.tell()
            for block in json.loads(line)["blocks"]:
                yield Block.from_json(block)
            self._file.seek(position)  # another reader (len, a second pass) may have moved it

    @property
    def on_disk(self) -> bool:
        return bool(getattr(self._file, "_rolled", False))

    def close(self) -> None:
        self._file.close()
