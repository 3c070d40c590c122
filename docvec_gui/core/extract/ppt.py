"""PowerPoint 97-2003 (.ppt): text atoms from the ``PowerPoint Document`` stream.

Records are walked as a tree; TextCharsAtom (UTF-16LE) and TextBytesAtom (Latin-1)
hold slide and notes text, and SlideListWithText containers give slide boundaries.
"""
from __future__ import annotations

import struct
from pathlib import Path

from docvec_gui.core.extract.model import Block, ExtractionError, Extracted

TEXT_CHARS_ATOM = 0x0FA0
TEXT_BYTES_ATOM = 0x0FA8
CSTRING = 0x0FBA
SLIDE_PERSIST_ATOM = 0x03F3
MAX_RECORDS = 2_000_000


def _walk(data: bytes, start: int, end: int, out: list[tuple[int, str]], slide: list[int], budget: list[int]) -> None:
    pos = start
    while pos + 8 <= end:
        budget[0] -= 1
        if budget[0] < 0:
            raise ExtractionError("corrupt", "the presentation has too many records")
        ver_inst, rec_type, length = struct.unpack_from("<HHI", data, pos)
        body_start, body_end = pos + 8, min(end, pos + 8 + length)
        if (ver_inst & 0x000F) == 0x000F:
            _walk(data, body_start, body_end, out, slide, budget)
        elif rec_type == SLIDE_PERSIST_ATOM:
            slide[0] += 1
        elif rec_type == TEXT_CHARS_ATOM:
            out.append((slide[0], data[body_start:body_end].decode("utf-16-le", errors="replace")))
        elif rec_type == TEXT_BYTES_ATOM:
            out.append((slide[0], data[body_start:body_end].decode("latin-1")))
        pos = body_start + length


def extract_ppt(path: Path) -> Extracted:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            if ole.exists("EncryptedSummary"):
                raise ExtractionError("encrypted", "the presentation is password-protected")
            data = ole.openstream("PowerPoint Document").read()
    except ExtractionError:
        raise
    except (OSError, ValueError, IndexError) as exc:
        raise ExtractionError("corrupt", f"damaged PowerPoint 97-2003 file: {exc}") from exc
    texts: list[tuple[int, str]] = []
    try:
        _walk(data, 0, len(data), texts, [0], [MAX_RECORDS])
    except (struct.error, RecursionError) as exc:
        raise ExtractionError("corrupt", f"damaged PowerPoint record structure: {exc}") from exc
    doc = Extracted("ppt")
    for slide, text in texts:
        text = text.replace("\r", "\n").replace("\x0b", "\n").strip()
        if text:
            page = slide or None
            doc.blocks.append(Block(text, page, (f"Slide {slide}",) if slide else (), "paragraph"))
    doc.page_count = max((s for s, _ in texts), default=0) or None
    return doc
