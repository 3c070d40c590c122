"""Text extraction: one module per format, chosen by sniffed content.

:func:`extract_file` runs in-process; :func:`docvec_gui.core.extract.sandbox.extract_isolated`
runs it in a subprocess with time and memory limits, which is how the app calls it.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from docvec_gui.core.extract.model import Block, ERROR_KINDS, ExtractionError, Extracted
from docvec_gui.core.extract.sniff import Sniffed, sniff

__all__ = ["Block", "ERROR_KINDS", "ExtractionError", "Extracted", "Sniffed", "extract_file", "sniff"]

log = logging.getLogger(__name__)


def _extractor(fmt: str) -> Callable[[Path], Extracted]:
    # Imports are local so a text file never pays for loading pypdf or lxml.
    if fmt == "pdf":
        from docvec_gui.core.extract.pdf import extract_pdf

        return extract_pdf
    if fmt == "docx":
        from docvec_gui.core.extract.docx import extract_docx

        return extract_docx
    if fmt == "pptx":
        from docvec_gui.core.extract.pptx import extract_pptx

        return extract_pptx
    if fmt == "xlsx":
        from docvec_gui.core.extract.xlsx import extract_xlsx

        return extract_xlsx
    if fmt in ("odt", "ods", "odp"):
        from docvec_gui.core.extract.odf import extract_odf

        return lambda p: extract_odf(p, fmt)
    if fmt == "epub":
        from docvec_gui.core.extract.epub import extract_epub

        return extract_epub
    if fmt == "rtf":
        from docvec_gui.core.extract.rtf import extract_rtf

        return extract_rtf
    if fmt == "html":
        from docvec_gui.core.extract.html import extract_html

        return extract_html
    if fmt == "markdown":
        from docvec_gui.core.extract.markdown import extract_markdown

        return extract_markdown
    if fmt == "text":
        from docvec_gui.core.extract.text import extract_text

        return extract_text
    if fmt in ("csv", "tsv"):
        from docvec_gui.core.extract.tabular import extract_delimited

        return lambda p: extract_delimited(p, fmt)
    if fmt in ("json", "ndjson"):
        from docvec_gui.core.extract.jsondoc import extract_json

        return lambda p: extract_json(p, fmt)
    if fmt == "eml":
        from docvec_gui.core.extract.eml import extract_eml

        return extract_eml
    if fmt == "doc":
        from docvec_gui.core.extract.doc import extract_doc

        return extract_doc
    if fmt == "xls":
        from docvec_gui.core.extract.xls import extract_xls

        return extract_xls
    if fmt == "ppt":
        from docvec_gui.core.extract.ppt import extract_ppt

        return extract_ppt
    if fmt == "image":
        from docvec_gui.core.extract.image import extract_image

        return extract_image
    raise ExtractionError("unsupported", f"no extractor for format {fmt!r}")


def _malformed_input_errors() -> tuple[type[BaseException], ...]:
    """Exception types through which parsers report malformed input."""
    import struct
    import zlib

    from lxml import etree

    return (ValueError, KeyError, IndexError, TypeError, AttributeError, UnicodeError, EOFError, OSError,
            AssertionError, ZeroDivisionError, OverflowError, LookupError, NotImplementedError, struct.error,
            zlib.error, etree.Error)


_MALFORMED_INPUT = _malformed_input_errors()


def extract_file(path: Path, sniffed: Sniffed | None = None) -> Extracted:
    """Extract ``path`` in this process. Raises :class:`ExtractionError` with a kind."""
    path = Path(path)
    try:
        info = sniffed or sniff(path)
    except OSError as exc:
        raise ExtractionError("corrupt", f"cannot read the file: {exc}") from exc
    if info.refusal:
        raise ExtractionError(info.refusal, info.detail or f"not a document ({info.label})")
    if info.format == "ooxml-encrypted":
        raise ExtractionError("encrypted", "the Office document is password-protected")
    extractor = _extractor(info.format)
    try:
        doc = extractor(path)
    except ExtractionError:
        raise
    except MemoryError as exc:
        raise ExtractionError("too_large", "the document needs more memory than the extraction limit") from exc
    except RecursionError as exc:
        raise ExtractionError("corrupt", "the document nests too deeply to parse") from exc
    except _MALFORMED_INPUT as exc:
        # Parsers signal malformed input through these; the file, not the app, is broken.
        log.info("extractor for %s failed on %s: %r", info.format, path, exc)
        raise ExtractionError("corrupt", f"malformed {info.label}: {type(exc).__name__}: {exc}") from exc
    doc.blocks = [b for b in doc.blocks if b.text.strip()]
    if not doc.blocks and not doc.sent:
        raise ExtractionError("empty", f"the {info.label} contains no text")
    return doc
