"""Plain text in any common encoding, split into paragraphs."""
from __future__ import annotations

import re
from pathlib import Path

from docvec_gui.core.extract.encoding import decode_bytes
from docvec_gui.core.extract.model import Block, ExtractionError, Extracted

MAX_TEXT_BYTES = 512 * 1024 * 1024
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")
MAX_BLOCK_CHARS = 20_000


def read_text(path: Path) -> tuple[str, str]:
    """Decode a text file; returns (text, encoding). Newlines are normalised to LF."""
    if path.stat().st_size > MAX_TEXT_BYTES:
        raise ExtractionError("too_large", "the text file is over 512 MB")
    data = path.read_bytes()
    text, encoding = decode_bytes(data)
    del data  # keep peak memory near one copy of the text
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, encoding


def split_long(text: str, limit: int = MAX_BLOCK_CHARS) -> list[str]:
    """Keep blocks bounded: a file without blank lines would otherwise be one block."""
    if len(text) <= limit:
        return [text]
    parts, start = [], 0
    while start < len(text):
        end = min(len(text), start + limit)
        if end < len(text):
            cut = text.rfind("\n", start + limit // 2, end)
            end = cut + 1 if cut > 0 else end
        parts.append(text[start:end])
        start = end
    return parts


def text_blocks(text: str) -> list[Block]:
    blocks = []
    for para in _PARAGRAPHS.split(text):
        for part in split_long(para.strip("\n")):
            if part.strip():
                blocks.append(Block(part.strip()))
    return blocks


def extract_text(path: Path) -> Extracted:
    text, _ = read_text(path)
    return Extracted("text", text_blocks(text))
