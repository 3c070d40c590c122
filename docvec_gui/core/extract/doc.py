"""Word 97-2003 (.doc): text from the piece table in the OLE streams, as antiword does.

The FIB (File Information Block) at the start of the ``WordDocument`` stream points at
the CLX in the table stream; its piece table maps character positions to runs of
either CP1252 bytes ("compressed") or UTF-16LE text.
"""
from __future__ import annotations

import re
import struct
from pathlib import Path

from docvec_gui.core.extract.model import ExtractionError, Extracted
from docvec_gui.core.extract.text import text_blocks

_FIELD = re.compile("\x13[^\x13\x14\x15]*\x14?([^\x13\x14\x15]*)\x15")


def _pieces(table: bytes, fc_clx: int, lcb_clx: int) -> list[tuple[int, int, int, bool]]:
    """(cp_start, cp_end, file_offset, compressed) for each piece."""
    clx = table[fc_clx : fc_clx + lcb_clx]
    pos = 0
    while pos < len(clx) and clx[pos] == 0x01:  # Prc: property modifiers, skipped
        (cb,) = struct.unpack_from("<H", clx, pos + 1)
        pos += 3 + cb
    if pos >= len(clx) or clx[pos] != 0x02:
        raise ExtractionError("corrupt", "the Word file's piece table is missing")
    (lcb,) = struct.unpack_from("<I", clx, pos + 1)
    plc = clx[pos + 5 : pos + 5 + lcb]
    count = (len(plc) - 4) // 12
    cps = struct.unpack_from(f"<{count + 1}I", plc, 0)
    pieces = []
    for i in range(count):
        _, fc, _ = struct.unpack_from("<HIH", plc, 4 * (count + 1) + 8 * i)
        compressed = bool(fc & 0x40000000)
        offset = (fc & 0x3FFFFFFF) // 2 if compressed else fc
        pieces.append((cps[i], cps[i + 1], offset, compressed))
    return pieces


def _read_text(word: bytes, table: bytes, fc_clx: int, lcb_clx: int, ccp_text: int) -> str:
    out = []
    for cp_start, cp_end, offset, compressed in _pieces(table, fc_clx, lcb_clx):
        if cp_start >= ccp_text:
            break
        n = min(cp_end, ccp_text) - cp_start
        if compressed:
            out.append(word[offset : offset + n].decode("cp1252", errors="replace"))
        else:
            out.append(word[offset : offset + 2 * n].decode("utf-16-le", errors="replace"))
    return "".join(out)


def _clean(text: str) -> str:
    text = _FIELD.sub(r"\1", text)
    text = text.replace("\x07", "\t").replace("\r", "\n").replace("\x0b", "\n").replace("\x0c", "\n")
    text = text.replace("\x1e", "-").replace("\x1f", "")
    return re.sub(r"[\x00-\x08\x0e-\x1f]", "", text)


def extract_doc(path: Path) -> Extracted:
    import olefile

    try:
        with olefile.OleFileIO(str(path)) as ole:
            word = ole.openstream("WordDocument").read()
            if len(word) < 0x1A6 + 4:
                raise ExtractionError("corrupt", "the WordDocument stream is too short")
            ident, _, _, _, _, flags = struct.unpack_from("<HHHHHH", word, 0)
            if ident != 0xA5EC:
                raise ExtractionError("unsupported", "not a Word 97-2003 document (pre-97 Word is not supported)")
            if flags & 0x0100:
                raise ExtractionError("encrypted", "the Word document is password-protected")
            table_name = "1Table" if flags & 0x0200 else "0Table"
            if not ole.exists(table_name):
                raise ExtractionError("corrupt", f"the Word document has no {table_name} stream")
            table = ole.openstream(table_name).read()
            (ccp_text,) = struct.unpack_from("<I", word, 0x004C)
            fc_clx, lcb_clx = struct.unpack_from("<II", word, 0x01A2)
            text = _read_text(word, table, fc_clx, lcb_clx, ccp_text)
    except ExtractionError:
        raise
    except (OSError, struct.error, ValueError, IndexError) as exc:
        raise ExtractionError("corrupt", f"damaged Word document: {exc}") from exc
    return Extracted("doc", text_blocks(_clean(text)))
