"""PDF with pypdf: one block per page paragraph, outline titles as headings where known."""
from __future__ import annotations

import logging
import re
from pathlib import Path

from docvec_gui.core.extract.model import Block, ExtractionError, Extracted
from docvec_gui.core.extract.progress import page_done
from docvec_gui.core.extract.quality import garbage_share

log = logging.getLogger(__name__)

MIN_TEXT_CHARS = 4
_PARA_SPLIT = re.compile(r"\n\s*\n")


def _check_complete(path: Path) -> None:
    """A PDF without a trailer (``%%EOF``) near its end was cut off, e.g. a broken download."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise ExtractionError("corrupt", "the PDF is truncated (no end-of-file trailer)")


def _open(path: Path):  # -> pypdf.PdfReader
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError, PdfStreamError

    try:
        reader = PdfReader(str(path), strict=False)
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ExtractionError("corrupt", f"unreadable PDF: {exc}") from exc
    if reader.is_encrypted:
        from pypdf.errors import DependencyError

        try:
            ok = reader.decrypt("")
        except (NotImplementedError, FileNotDecryptedError, PdfReadError, ValueError, KeyError,
                DependencyError) as exc:
            raise ExtractionError("encrypted", f"the PDF is encrypted: {exc}") from exc
        if not ok:
            raise ExtractionError("encrypted", "the PDF needs a password to open")
    return reader


def _metadata(reader) -> tuple[str | None, str | None]:
    try:
        meta = reader.metadata
    except Exception as exc:  # pypdf raises many types on broken info dictionaries
        log.debug("PDF metadata unreadable: %s", exc)
        return None, None
    if not meta:
        return None, None
    title = meta.get("/Title")
    author = meta.get("/Author")
    return (str(title).strip() or None) if title else None, (str(author).strip() or None) if author else None


def _outline_pages(reader) -> dict[int, str]:
    """First-level outline titles by the page they start on (best effort)."""
    starts: dict[int, str] = {}
    try:
        outline = reader.outline
    except Exception as exc:  # broken outlines are common and harmless for text
        log.debug("PDF outline unreadable: %s", exc)
        return starts
    for item in outline:
        if isinstance(item, list):
            continue
        try:
            page = reader.get_destination_page_number(item)
        except Exception as exc:
            log.debug("outline entry without page: %s", exc)
            continue
        if page is not None and page >= 0 and getattr(item, "title", None):
            starts.setdefault(page, str(item.title).strip())
    return starts


def _page_text(page, number: int) -> str:
    try:
        return page.extract_text() or ""
    except Exception as exc:  # one broken page must not lose the whole document
        log.warning("page %d: text extraction failed: %s", number, exc)
        return ""


def extract_pdf(path: Path) -> Extracted:
    _check_complete(path)
    reader = _open(path)
    try:
        pages = reader.pages
        page_count = len(pages)
    except Exception as exc:
        raise ExtractionError("corrupt", f"cannot read the PDF's page tree: {exc}") from exc
    if page_count == 0:
        raise ExtractionError("corrupt", "the PDF has no pages")
    title, author = _metadata(reader)
    heading_starts = _outline_pages(reader)
    doc = Extracted("pdf", title=title, author=author, page_count=page_count)
    heading: tuple[str, ...] = ()
    failed_pages = 0
    for index in range(page_count):
        try:
            page = pages[index]
        except Exception as exc:
            log.warning("page %d unreadable: %s", index + 1, exc)
            failed_pages += 1
            continue
        if index in heading_starts:
            heading = (heading_starts[index],)
        text = _page_text(page, index + 1)
        page_done(index + 1, page_count)
        for para in _PARA_SPLIT.split(text):
            para = para.strip()
            if para:
                doc.blocks.append(Block(para, index + 1, heading))
    good = _good_chars(doc.text)
    if _needs_second_opinion(doc.text, good, page_count):
        doc = _better_of(doc, good, path, page_count)
    chars = sum(len("".join(b.text.split())) for b in doc.blocks)
    if chars < MIN_TEXT_CHARS:
        if failed_pages == page_count:
            raise ExtractionError("corrupt", "no page of the PDF could be read")
        raise ExtractionError("no_text", "the PDF has no text layer (scanned or image-only; it needs OCR)")
    share = garbage_share(doc.text)
    if share > GARBAGE_WARNING:
        doc.warnings.append(
            f"extracted with warnings: {share:.0%} of the characters could not be decoded "
            "(fonts without a Unicode map); search quality for this document will be poor"
        )
    if failed_pages:
        doc.warnings.append(f"extracted with warnings: {failed_pages} of {page_count} pages could not be read")
    return doc


GARBAGE_WARNING = 0.02


def _good_chars(text: str) -> int:
    """Characters that read as text: letters and digits, not replacement/private-use/lone marks."""
    import unicodedata

    good = 0
    for ch in text:
        if ch.isalnum() and unicodedata.category(ch) not in ("Co", "Cn") and ch != "\ufffd":
            good += 1
    return good


def _needs_second_opinion(text: str, good: int, page_count: int) -> bool:
    """pypdf struggles with CID fonts lacking ToUnicode (common in CJK PDFs)."""
    nonspace = len("".join(text.split())) or 1
    return good < 64 * page_count or garbage_share(text) > GARBAGE_WARNING or good / nonspace < 0.5


def _pdfium_blocks(path: Path) -> list[Block]:
    import pypdfium2 as pdfium

    blocks: list[Block] = []
    pdf = pdfium.PdfDocument(str(path))
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            text = textpage.get_text_range().replace("\r\n", "\n").replace("\r", "\n")
            textpage.close()
            page.close()
            for para in _PARA_SPLIT.split(text):
                if para.strip():
                    blocks.append(Block(para.strip(), index + 1, ()))
    finally:
        pdf.close()
    return blocks


def _better_of(doc: Extracted, good: int, path: Path, page_count: int) -> Extracted:
    """Ask PDFium too and keep whichever engine produced more readable text."""
    try:
        blocks = _pdfium_blocks(path)
    except Exception as exc:  # pypdfium2 raises PdfiumError and others; pypdf's answer stands
        log.info("PDFium fallback failed on %s: %s", path, exc)
        return doc
    other = "\n\n".join(b.text for b in blocks)
    if _good_chars(other) > 1.2 * good + 2:
        log.info("using PDFium's text for %s (pypdf's text was poor)", path.name)
        return Extracted("pdf", blocks, title=doc.title, author=doc.author, page_count=page_count,
                         warnings=list(doc.warnings))
    return doc
