"""PDF text page by page: PDFium first, pypdf as a second opinion, OCR for pages without text.

Engines, as measured on the development corpus (benchmarks/pdf_speed.py, tests/test_pdf_extract.py):

- **PDFium** (pypdfium2) reads every page first: 10-30x faster than pypdf (gnuplot.pdf, 311
  pages: ~2.5 s against ~38 s), never had fewer readable characters than pypdf on a page of
  the corpus, reads CID fonts without ToUnicode that pypdf garbles (vertical-japanese.pdf),
  and gives the same title, author and outline as pypdf.
- **pypdf** is asked about a page only when PDFium's text of it is empty or mostly
  undecodable: its text is kept when it reads clearly more, and it tells whether the page's
  content streams are damaged (a verdict PDFium does not give). It is also the engine for a
  file PDFium refuses to open, and its failure to open a file is the ``corrupt`` verdict for a
  file in which PDFium found nothing at all.
- **OCR** (``ocr.PageOcr``, made on the first page that needs it) reads a page without a
  usable text layer that shows an image, text drawn as outlines or undecodable text; the
  page's blocks are then marked ``ocr=True``. Pages with good text keep it (mixed PDFs).

Each page is closed as soon as its text is taken, so memory does not grow with the page
count (only the text does).
"""
from __future__ import annotations

import ctypes
import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from docvec_gui.core.extract.model import Block, ExtractionError, Extracted, OcrUnavailable
from docvec_gui.core.extract.progress import page_done
from docvec_gui.core.extract.streaming import emit

log = logging.getLogger(__name__)

# Fewer non-space characters than this in the whole document: no text layer.
MIN_TEXT_CHARS = 4
# Share of undecodable characters above which the document gets a quality warning.
GARBAGE_WARNING = 0.02
# A page's text layer is usable with at least this many letters/digits and at most this
# share of replacement/private-use characters (fonts without a Unicode map).
USABLE_GOOD_CHARS = 8
USABLE_GARBAGE_SHARE = 0.3
# A page without usable text is worth OCR (seconds a page) only if it shows something OCR can
# read: an image, text drawn as outlines (many paths), or text objects whose fonts cannot be
# decoded. Pages with a few rules and a page number (book openers, blank versos) are not.
OCR_MIN_PATHS = 100
OCR_MIN_TEXT_OBJECTS = 10
# Another engine's (or OCR's) text replaces a page's text when it has this many times more
# readable characters (plus a constant, so two near-empty answers do not flip-flop).
BETTER_FACTOR = 1.2
BETTER_MARGIN = 2
# Bytes of a content stream inflated at a time while checking it for damage.
_INFLATE_CHUNK = 1 << 20

_PARA_SPLIT = re.compile(r"\n\s*\n")


# -- normalisation ------------------------------------------------------------------------
_LIGATURES = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
})
# PDFium writes U+FFFE (and some builds U+0002) for a hyphen it found at the end of a line,
# with the line break removed; pypdf and OCR keep "-" and the line break.
_LINE_BREAK_HYPHEN = re.compile(r"[\ufffe\x02]|-[ \t]*\n[ \t]*")
_SOFT_HYPHEN_BREAK = re.compile(r"\u00ad[ \t]*\n[ \t]*")
_WORD_END = re.compile(r"(\S*?)([^\W\d_]+)$")
_WORD_START = re.compile(r"[^\W\d_]*")
# Characters looked at before a line-end hyphen (the word and the token it ends).
_LOOK_BACK = 200
# Control characters (C0 except tab/newline, C1): unmapped glyphs such as gnuplot.pdf's
# bullets (U+0088) or TeX's big parentheses; they are not searchable text.
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COMPOUND = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)+")  # \b: no attempt from inside a word
# Text before the hyphen that marks a URL, path, e-mail or identifier: hyphens there are real.
_URLISH = re.compile(r"[/.:_@\\]")
_ODD = re.compile("[\ufb00-\ufb06\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class Hyphenation:
    """Joins words split across lines by a hyphen ("docu-" + "ment"), keeping real compounds.

    A hyphen at a line end is kept when the next line starts with an uppercase letter or a
    digit ("Build-" + "Conflicts", "IEEE-" + "754"), inside a URL or path, or when the same
    compound was seen unbroken on this page or earlier in the document (``self.compounds``,
    "user-defined"); otherwise the halves are joined. On the corpus's 442 line-end hyphens
    before a lowercase letter this agrees with the document's own spelling elsewhere in 324
    of the 335 decidable cases (97 %); joining every one would be 87 %.
    """

    def __init__(self) -> None:
        self.compounds: set[str] = set()

    def learn(self, text: str) -> None:
        for compound in _COMPOUND.findall(text):
            parts = compound.lower().split("-")
            self.compounds.update(f"{a}-{b}" for a, b in zip(parts, parts[1:]))

    def apply(self, text: str) -> str:
        pieces: list[str] = []
        done = 0
        for match in _LINE_BREAK_HYPHEN.finditer(text):
            start, end = match.span()
            word = _WORD_END.search(text, max(done, start - _LOOK_BACK), start)
            if end >= len(text) or text[end].isspace() or word is None:
                continue  # not a word split across lines: the marker becomes "-" below
            pieces.append(text[done:start])
            if not self._joins(word.group(1), word.group(2), text, end):
                pieces.append("-")
            done = end
        pieces.append(text[done:])
        return "".join(pieces)

    def _joins(self, before: str, left: str, text: str, end: int) -> bool:
        following = text[end]
        if not following.isalpha() or following.isupper() or _URLISH.search(before):
            return False
        right = _WORD_START.match(text, end).group(0)
        return f"{left}-{right}".lower() not in self.compounds


def normalise(text: str, hyphenation: Hyphenation | None = None) -> str:
    """Page text as search wants it: line breaks as ``\\n``, ligatures as letters, soft
    hyphens gone, words split across lines by a hyphen joined, control characters blanked."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    odd = _ODD.search(text) is not None  # most pages have none: skip three passes
    if odd:
        text = _SOFT_HYPHEN_BREAK.sub("", text.translate(_LIGATURES)).replace("\u00ad", "")
    hyphenation = hyphenation or Hyphenation()
    if "-" in text:
        hyphenation.learn(text)
    if "\ufffe" in text or "\x02" in text or "-\n" in text or "- \n" in text:
        text = hyphenation.apply(text).replace("\ufffe", "-")
    return _CONTROLS.sub(" ", text) if odd else text


# -- quality ------------------------------------------------------------------------------
_GARBAGE = re.compile("[\ufffd\ue000-\uf8ff\U000f0000-\U0010ffff]")
_NOT_ALNUM = re.compile(r"[\W_]+")  # replacement and private-use characters are \W too
# Characters of a page looked at first when only "at least USABLE_GOOD_CHARS letters" matters.
_GOOD_PREFIX = 512


class Quality:
    """Readable (letters, digits), non-space and undecodable (replacement, private-use)
    characters of a page's text, counted by C code: a loop over characters in Python would
    cost more than PDFium's whole extraction."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.nonspace = len(text) - sum(text.count(ch) for ch in " \n\t\r\f\v\u00a0\u3000")
        self.garbage = len(_GARBAGE.findall(text)) if _GARBAGE.search(text) else 0
        self._good: int | None = None

    @property
    def good(self) -> int:
        if self._good is None:
            self._good = len(_NOT_ALNUM.sub("", self.text))
        return self._good

    @property
    def usable(self) -> bool:
        if self.undecodable or self.nonspace < USABLE_GOOD_CHARS:
            return False
        if self._good is None and len(_NOT_ALNUM.sub("", self.text[:_GOOD_PREFIX])) >= USABLE_GOOD_CHARS:
            return True  # enough letters up front: skip counting the rest
        return self.good >= USABLE_GOOD_CHARS

    @property
    def undecodable(self) -> bool:
        # Not a share of letters: tables of contents are mostly dot leaders and still fine.
        return self.garbage > USABLE_GARBAGE_SHARE * self.nonspace

    def beaten_by(self, other: "Quality") -> bool:
        return other.good > BETTER_FACTOR * self.good + BETTER_MARGIN


def quality(text: str) -> Quality:
    return Quality(text)


# -- vertical writing ---------------------------------------------------------------------
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
# A character whose glyph is turned more than this (radians) is rotated horizontal text, not
# upright vertical writing.
_UPRIGHT = 0.1


def _char_box(textpage: Any, index: int) -> tuple[float, float, float, float]:
    # left, bottom, right, top from the font's metrics: glyph outlines of a substituted
    # (non-embedded) CJK font can be empty or tiny.
    return textpage.get_charbox(index, loose=True)


def _line_shape(textpage: Any, start: int, text: str) -> tuple[str, tuple[float, float, float, float] | None]:
    """('v', box) for a line written top to bottom with upright glyphs, ('h', None) for a
    horizontal one, ('?', box) for a single character."""
    import pypdfium2.raw as pdfium_c

    indices = [start + i for i, ch in enumerate(text) if not ch.isspace()]
    if not indices:
        return "h", None
    first = _char_box(textpage, indices[0])
    last = _char_box(textpage, indices[-1])
    box = (min(first[0], last[0]), min(first[1], last[1]), max(first[2], last[2]), max(first[3], last[3]))
    if len(indices) == 1:
        return "?", box
    second = _char_box(textpage, indices[1])
    height = max(first[3] - first[1], 1e-3)
    width = max(first[2] - first[0], 1e-3)
    below = (first[1] + first[3]) / 2 - (second[1] + second[3]) / 2 > 0.5 * height
    aligned = abs((first[0] + first[2]) / 2 - (second[0] + second[2]) / 2) < 0.5 * max(width, second[2] - second[0])
    upright = abs(pdfium_c.FPDFText_GetCharAngle(textpage, indices[0])) < _UPRIGHT
    return ("v", box) if below and aligned and upright else ("h", None)


def _columns_in_order(lines: list[tuple[str, tuple[float, float, float, float]]]) -> list[str]:
    """Vertical columns read right to left, in bands from the top (PDFium gives them left to right)."""
    by_top = sorted(lines, key=lambda item: -item[1][3])
    bands: list[list[tuple[str, tuple[float, float, float, float]]]] = []
    bottom = None
    for item in by_top:
        if bands and bottom is not None and item[1][3] > bottom:
            bands[-1].append(item)
            bottom = min(bottom, item[1][1])
        else:
            bands.append([item])
            bottom = item[1][1]
    ordered: list[str] = []
    for band in bands:
        ordered.extend(text for text, _ in sorted(band, key=lambda item: -(item[1][0] + item[1][2])))
    return ordered


def vertical_order(textpage: Any, text: str) -> str:
    """``text`` (PDFium's, lines split by CRLF) with runs of vertical CJK columns reordered."""
    if not _CJK.search(text):
        return text
    lines = text.split("\r\n")
    shapes = []
    offset = 0
    for line in lines:
        shapes.append(_line_shape(textpage, offset, line))
        offset += len(line) + 2
    if not any(shape == "v" for shape, _ in shapes):
        return text
    out: list[str] = []
    run: list[tuple[str, tuple[float, float, float, float]]] = []
    vertical = False
    for line, (shape, box) in zip(lines, shapes):
        if shape in ("v", "?") and box is not None:
            run.append((line, box))
            vertical = vertical or shape == "v"
            continue
        out.extend(_flush(run, vertical))
        run, vertical = [], False
        out.append(line)
    out.extend(_flush(run, vertical))
    return "\r\n".join(out)


def _flush(run: list[tuple[str, tuple[float, float, float, float]]], vertical: bool) -> list[str]:
    """A run of lines in reading order: reordered only if it holds a vertical column
    (single characters alone are no evidence of vertical writing)."""
    return _columns_in_order(run) if vertical else [text for text, _ in run]


# -- pypdf, lazily, for second opinions ----------------------------------------------------
def _check_complete(path: Path) -> None:
    """A PDF without a trailer (``%%EOF``) near its end was cut off, e.g. a broken download."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 65536))
        tail = fh.read()
    if b"%%EOF" not in tail and b"startxref" not in tail:
        raise ExtractionError("corrupt", "the PDF is truncated (no end-of-file trailer)")


def _open_pypdf(path: Path):  # -> pypdf.PdfReader
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PdfStreamError

    try:
        reader = PdfReader(str(path), strict=False)
    except (PdfReadError, PdfStreamError, ValueError, KeyError, TypeError, IndexError, AttributeError) as exc:
        raise ExtractionError("corrupt", f"unreadable PDF: {exc}") from exc
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except (NotImplementedError, FileNotDecryptedError, PdfReadError, ValueError, KeyError,
                DependencyError) as exc:
            raise ExtractionError("encrypted", f"the PDF is encrypted: {exc}") from exc
        if not ok:
            raise ExtractionError("encrypted", "the PDF needs a password to open")
    return reader


def _inflates(raw: bytes) -> bool:
    """Whether a FlateDecode stream decompresses to its end (output discarded as it comes)."""
    inflater = zlib.decompressobj()
    data = raw
    try:
        while not inflater.eof:
            out = inflater.decompress(data, _INFLATE_CHUNK)
            data = inflater.unconsumed_tail
            if not data and not out:
                break  # all input used and nothing more comes out
    except zlib.error:
        return False
    return inflater.eof


def _streams_damaged(page) -> bool:
    """Whether any of a pypdf page's content streams fails to decompress."""
    contents = page.get("/Contents")
    if contents is None:
        return False
    contents = contents.get_object()
    streams = contents if isinstance(contents, list) else [contents]
    for ref in streams:
        stream = ref.get_object()
        filters = stream.get("/Filter")
        filters = [filters] if not isinstance(filters, list) else filters
        if filters and str(filters[0]) in ("/FlateDecode", "/Fl"):
            if not _inflates(getattr(stream, "_data", b"") or b""):
                return True
        elif filters:
            try:
                stream.get_data()
            except Exception as exc:  # pypdf's decoders raise many types on bad data
                log.info("content stream undecodable: %s", exc)
                return True
    return False


class SecondOpinion:
    """pypdf, opened on the first page that needs it."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._reader = None
        self.error: ExtractionError | None = None  # why pypdf cannot read the file, if it cannot

    def _open(self):
        if self._reader is None and self.error is None:
            try:
                self._reader = _open_pypdf(self.path)
            except ExtractionError as exc:
                log.info("pypdf cannot open %s: %s", self.path.name, exc)
                self.error = exc
        return self._reader

    def readable(self) -> bool:
        return self._open() is not None

    def page(self, index: int) -> tuple[str, bool]:
        """(pypdf's text of the page, whether its content streams are damaged)."""
        reader = self._open()
        if reader is None:
            return "", False
        try:
            page = reader.pages[index]
            damaged = _streams_damaged(page)
        except Exception as exc:  # pypdf raises many types on broken page trees
            log.warning("page %d of %s: pypdf cannot read it: %s", index + 1, self.path.name, exc)
            return "", True
        try:
            return page.extract_text() or "", damaged
        except Exception as exc:  # one broken page must not lose the whole document
            log.warning("page %d of %s: pypdf text extraction failed: %s", index + 1, self.path.name, exc)
            return "", damaged


# -- the document -------------------------------------------------------------------------
@dataclass
class _Tally:
    """What happened to the pages, for the verdict and the warnings."""

    failed: int = 0  # unreadable pages (load errors, damaged content streams)
    damaged: int = 0
    marked: int = 0  # pages without usable text that show something OCR could read
    ocr_tried: int = 0
    ocr_read: int = 0
    ocr_skipped: int = 0  # pages OCR would have read but may not (off, page limit)
    ocr_failed: int = 0
    ocr_error: str = ""
    pypdf_pages: int = 0
    nonspace: int = 0  # the kept text's non-space and undecodable characters
    garbage: int = 0

    def count(self, found: "Quality") -> None:
        self.nonspace += found.nonspace
        self.garbage += found.garbage


def _pdfium_open(path: Path):  # -> pypdfium2.PdfDocument | None
    """PDFium's document, or None when PDFium refuses the file: pypdf then reads it or gives
    the verdict (PDFium's error code is process-wide and can be left over from an earlier
    file, so "needs a password" is pypdf's call too)."""
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        log.info("PDFium cannot open %s (%s); trying pypdf", path.name, exc)
        return None


def _metadata(pdf) -> tuple[str | None, str | None]:
    try:
        meta = pdf.get_metadata_dict(skip_empty=True)
    except Exception as exc:  # broken info dictionaries are harmless for text
        log.debug("PDF metadata unreadable: %s", exc)
        return None, None
    title = (meta.get("Title") or "").strip() or None
    author = (meta.get("Author") or "").strip() or None
    return title, author


def _outline_pages(pdf) -> dict[int, str]:
    """First-level outline titles by the page (0-based) they start on (best effort)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    starts: dict[int, str] = {}
    seen: set[int] = set()
    try:
        item = pdfium_c.FPDFBookmark_GetFirstChild(pdf, None)
        while item and len(seen) < 100_000:
            address = ctypes.addressof(item.contents)
            if address in seen:  # a cycle in a broken outline
                break
            seen.add(address)
            bookmark = pdfium.PdfBookmark(item, pdf, 0)
            dest = bookmark.get_dest()
            title = (bookmark.get_title() or "").strip()
            page = dest.get_index() if dest is not None else None
            if title and page is not None and page >= 0:
                starts.setdefault(page, title)
            item = pdfium_c.FPDFBookmark_GetNextSibling(pdf, item)
    except Exception as exc:  # broken outlines are common and harmless for text
        log.debug("PDF outline unreadable: %s", exc)
    return starts


@dataclass
class _Marks:
    """What PDFium found drawn on a page (forms included)."""

    images: int = 0
    paths: int = 0
    texts: int = 0
    other: int = 0

    @property
    def nothing(self) -> bool:
        return not (self.images or self.paths or self.texts or self.other)


def _marks(page) -> _Marks:
    import pypdfium2.raw as pdfium_c

    marks = _Marks()
    for obj in page.get_objects(max_depth=2):
        if obj.type == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            marks.images += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_PATH:
            marks.paths += 1
        elif obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
            marks.texts += 1
        else:
            marks.other += 1
    return marks


def _pypdf_may_help(marks: _Marks, found: Quality) -> bool:
    """pypdf (seconds to open a big file) can only add text PDFium could not decode, or tell
    why a page came out empty (damaged content streams give PDFium no objects at all)."""
    return found.undecodable or marks.nothing or (marks.texts > 0 and found.good == 0)


def _worth_ocr(marks: _Marks, found: Quality) -> bool:
    """Whether the page shows something OCR could read (see :data:`OCR_MIN_PATHS`)."""
    return (found.undecodable or marks.images > 0 or marks.paths >= OCR_MIN_PATHS
            or (marks.texts >= OCR_MIN_TEXT_OBJECTS and found.good < USABLE_GOOD_CHARS))


class _Pages:
    """Reads one document's pages into blocks, choosing the engine page by page."""

    def __init__(self, path: Path, pdf, page_count: int) -> None:
        self.path = path
        self.pdf = pdf
        self.page_count = page_count
        self.pypdf = SecondOpinion(path)
        self.hyphenation = Hyphenation()
        self.tally = _Tally()
        self._ocr = None

    def ocr(self):
        if self._ocr is None:
            from docvec_gui.core.extract.ocr import PageOcr

            self._ocr = PageOcr(self.path, self.page_count)
        return self._ocr

    def read(self, index: int) -> tuple[str, bool, Quality]:
        """(text of page ``index``, whether it came from OCR, its quality)."""
        try:
            page = self.pdf[index]
        except Exception as exc:  # PdfiumError: a page PDFium cannot load; pypdf may
            log.warning("page %d of %s: PDFium cannot load it: %s", index + 1, self.path.name, exc)
            text = normalise(self.pypdf.page(index)[0], self.hyphenation)
            found = quality(text)
            if not found.usable:
                self.tally.failed += 1
            return text, False, found
        try:
            return self._read_loaded(page, index)
        finally:
            page.close()

    def _read_loaded(self, page, index: int) -> tuple[str, bool, Quality]:
        textpage = page.get_textpage()
        try:
            raw = textpage.get_text_range()
            if page.get_rotation() == 0:
                raw = vertical_order(textpage, raw)
        finally:
            textpage.close()
        text = normalise(raw, self.hyphenation)
        found = quality(text)
        if found.usable:
            return text, False, found
        marks = _marks(page)
        damaged = False
        if _pypdf_may_help(marks, found):
            other, damaged = self.pypdf.page(index)
            other = normalise(other, self.hyphenation)
            if found.beaten_by(quality(other)):
                log.info("page %d of %s: using pypdf's text (PDFium's was poor)", index + 1, self.path.name)
                text, found = other, quality(other)
                self.tally.pypdf_pages += 1
            if found.usable:
                return text, False, found
        if damaged:
            self.tally.damaged += 1
            if not found.good:
                self.tally.failed += 1
                return text, False, found
        if not _worth_ocr(marks, found):
            return text, False, found
        self.tally.marked += 1
        ocr_text = self._ocr_page(page, index + 1)
        if ocr_text and found.beaten_by(quality(ocr_text)):
            return ocr_text, True, quality(ocr_text)
        return text, False, found

    def _ocr_page(self, page, number: int) -> str:
        reader = self.ocr()
        if not reader.wanted(number):
            self.tally.ocr_skipped += 1
            return ""
        self.tally.ocr_tried += 1
        try:
            text = reader.pdf_page(page, number)
        except (MemoryError, OcrUnavailable):
            raise  # the sandbox's verdict, and a fault of the app: neither is this page's
        except Exception as exc:  # the engine's errors (onnxruntime, image operations) vary; the page's text layer stands
            log.warning("page %d of %s: OCR failed: %r", number, self.path.name, exc)
            self.tally.ocr_failed += 1
            self.tally.ocr_error = f"{type(exc).__name__}: {exc}"
            return ""
        text = normalise(text or "", self.hyphenation)
        if text.strip():
            self.tally.ocr_read += 1
        return text

    def why_no_text(self) -> str:
        """The reason OCR did not give the document text, for the ``no_text`` message."""
        t = self.tally
        if t.ocr_failed and not t.ocr_read:
            return f"OCR failed ({t.ocr_error})"
        if t.ocr_tried:
            if t.ocr_skipped:
                return f"OCR found no text on the {t.ocr_tried} pages it may read"
            return "OCR found no text"
        if t.ocr_skipped:
            reader = self.ocr()
            return "OCR is turned off" if not reader.wanted(1) else "OCR is limited to the first pages"
        if not t.marked:
            return "its pages show nothing OCR could read"
        return "OCR found no text"


def _blocks(text: str, number: int, heading: tuple[str, ...], from_ocr: bool) -> list[Block]:
    return [Block(para.strip(), number, heading, ocr=from_ocr) for para in _PARA_SPLIT.split(text) if para.strip()]


def extract_pdf(path: Path) -> Extracted:
    path = Path(path)
    _check_complete(path)
    pdf = _pdfium_open(path)
    if pdf is None:
        return _extract_with_pypdf(path)
    try:
        return _extract_with_pdfium(path, pdf)
    finally:
        pdf.close()


def _page_count(count: Callable[[], int]) -> int:
    """The PDF's page count from either engine, or ``corrupt`` when its page tree is broken or empty."""
    try:
        page_count = count()
    except Exception as exc:  # both engines raise many types on broken page trees
        raise ExtractionError("corrupt", f"cannot read the PDF's page tree: {exc}") from exc
    if page_count == 0:
        raise ExtractionError("corrupt", "the PDF has no pages")
    return page_count


def _extract_with_pdfium(path: Path, pdf) -> Extracted:
    page_count = _page_count(lambda: len(pdf))
    title, author = _metadata(pdf)
    heading_starts = _outline_pages(pdf)
    doc = Extracted("pdf", title=title, author=author, page_count=page_count)
    pages = _Pages(path, pdf, page_count)
    heading: tuple[str, ...] = ()
    for index in range(page_count):
        if index in heading_starts:
            heading = (heading_starts[index],)
        text, from_ocr, found = pages.read(index)
        pages.tally.count(found)
        emit(doc, _blocks(text, index + 1, heading, from_ocr))
        page_done(index + 1, page_count)
    _finish(doc, pages.tally, page_count, lambda: _no_text(pages))
    return doc


def _no_text(pages: _Pages) -> ExtractionError:
    t = pages.tally
    if t.failed == pages.page_count:
        return ExtractionError("corrupt", "no page of the PDF could be read")
    if not t.marked and not pages.pypdf.readable():
        # PDFium repaired the file into pages with nothing on them; pypdf cannot read it at all.
        return ExtractionError("corrupt", str(pages.pypdf.error))
    return ExtractionError("no_text", "the PDF has no text layer (scanned or image-only; it needs OCR); "
                                      f"{pages.why_no_text()}")


def _finish(doc: Extracted, tally: _Tally, page_count: int, no_text) -> None:
    if tally.nonspace < MIN_TEXT_CHARS:
        raise no_text()
    share = tally.garbage / tally.nonspace
    if share > GARBAGE_WARNING:
        doc.warnings.append(
            f"extracted with warnings: {share:.0%} of the characters could not be decoded "
            "(fonts without a Unicode map); search quality for this document will be poor"
        )
    if tally.failed:
        why = " (damaged content streams)" if tally.damaged >= tally.failed else ""
        doc.warnings.append(f"extracted with warnings: {tally.failed} of {page_count} pages could not be read{why}")
    if tally.damaged > tally.failed:
        doc.warnings.append(f"extracted with warnings: {tally.damaged - tally.failed} of {page_count} pages were only "
                            "partly readable (damaged content streams)")
    if tally.ocr_failed:
        doc.warnings.append(f"extracted with warnings: OCR failed on {tally.ocr_failed} of {page_count} pages")
    if tally.ocr_skipped and tally.marked:
        doc.warnings.append(f"extracted with warnings: {tally.ocr_skipped} pages without a text layer were not "
                            "read by OCR (OCR is off or limited to the first pages)")


def _extract_with_pypdf(path: Path) -> Extracted:
    """The whole document with pypdf, for files PDFium refuses to open."""
    reader = _open_pypdf(path)
    page_count = _page_count(lambda: len(reader.pages))
    pages = reader.pages
    title, author = _pypdf_metadata(reader)
    doc = Extracted("pdf", title=title, author=author, page_count=page_count)
    tally = _Tally()
    hyphenation = Hyphenation()
    for index in range(page_count):
        try:
            text = pages[index].extract_text() or ""
        except Exception as exc:  # one broken page must not lose the whole document
            log.warning("page %d of %s unreadable: %s", index + 1, path.name, exc)
            tally.failed += 1
            text = ""
        text = normalise(text, hyphenation)
        tally.count(quality(text))
        emit(doc, _blocks(text, index + 1, (), False))
        page_done(index + 1, page_count)

    def no_text() -> ExtractionError:
        if tally.failed == page_count:
            return ExtractionError("corrupt", "no page of the PDF could be read")
        return ExtractionError("no_text", "the PDF has no text layer (scanned or image-only; it needs OCR)")

    _finish(doc, tally, page_count, no_text)
    return doc


def _pypdf_metadata(reader) -> tuple[str | None, str | None]:
    try:
        meta = reader.metadata or {}
        title, author = meta.get("/Title"), meta.get("/Author")
    except Exception as exc:  # pypdf raises many types on broken info dictionaries
        log.debug("PDF metadata unreadable: %s", exc)
        return None, None
    return (str(title).strip() or None) if title else None, (str(author).strip() or None) if author else None
