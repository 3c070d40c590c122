"""RTF via striprtf, which honours ``\\ansicpg`` and per-font ``\\fcharset`` code pages."""
from __future__ import annotations

from pathlib import Path

from docvec_gui.core.extract.model import ExtractionError, Extracted
from docvec_gui.core.extract.text import text_blocks

MAX_RTF_BYTES = 256 * 1024 * 1024


def extract_rtf(path: Path) -> Extracted:
    from striprtf.striprtf import rtf_to_text

    if path.stat().st_size > MAX_RTF_BYTES:
        raise ExtractionError("too_large", "the RTF file is over 256 MB")
    # RTF is 7-bit by definition; bytes above 0x7F are read as Latin-1 and re-decoded by striprtf.
    raw = path.read_bytes().decode("latin-1")
    if not raw.lstrip().startswith("{\\rtf"):
        raise ExtractionError("corrupt", "the file does not start with an RTF header")
    try:
        text = rtf_to_text(raw, errors="replace")
    except (ValueError, IndexError, LookupError, RecursionError) as exc:
        raise ExtractionError("corrupt", f"malformed RTF: {exc}") from exc
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Table cells end with '|' in striprtf's output; keep them as cell separators.
    return Extracted("rtf", text_blocks(text.replace("\u00a0", " ")))
