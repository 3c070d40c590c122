"""The PDF extractor on PDFs made here, one per class of file: text, ligatures and hyphenation,
vertical Japanese, damaged content streams, encrypted, truncated, scanned (OCR), blank.

The PDFs are written as raw bytes (Helvetica and non-embedded CID fonts with a ToUnicode map
need no font files); scanned pages are images drawn with Pillow.
"""
from __future__ import annotations

import zlib
from pathlib import Path

import pytest

from docvec_gui.core.extract import ExtractionError, extract_file
from docvec_gui.core.extract import ocr
from docvec_gui.core.extract.pdf import Hyphenation, extract_pdf, normalise, quality
from docvec_gui.core.extract.progress import reporting_to


class PdfBuilder:
    """Raw PDF bytes: Helvetica (/F1) and a Type0 font with a ToUnicode map, written
    horizontally (/F2, Identity-H) and vertically (/F3, Identity-V)."""

    def __init__(self) -> None:
        self.objects: list[bytes] = []
        self.pages: list[tuple[bytes, str | None]] = []
        self.codes: dict[str, int] = {}

    def _add(self, body: bytes) -> int:
        self.objects.append(body)
        return len(self.objects)

    def _stream(self, data: bytes, mode: str | None = None) -> int:
        extra = b""
        if mode == "flate":
            data, extra = zlib.compress(data), b"/Filter /FlateDecode "
        elif mode == "broken":  # a zlib header followed by bytes that do not inflate
            data, extra = b"x\x9c" + bytes((i * 37 + 11) % 256 for i in range(len(data))), b"/Filter /FlateDecode "
        return self._add(b"<< " + extra + b"/Length %d >>\nstream\n" % len(data) + data + b"\nendstream")

    def cid(self, text: str) -> str:
        """``text`` as a hex string for /F2 and /F3 (one two-byte code per character)."""
        return "<" + "".join(f"{self.codes.setdefault(ch, len(self.codes) + 1):04X}" for ch in text) + ">"

    def page(self, content: str, mode: str | None = None) -> None:
        self.pages.append((content.encode("latin-1"), mode))

    def _tounicode(self) -> bytes:
        def utf16(ch: str) -> str:
            return ch.encode("utf-16-be").hex().upper()

        pairs = "\n".join(f"<{code:04X}> <{utf16(ch)}>" for ch, code in self.codes.items())
        return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) "
                b"/Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def "
                b"1 begincodespacerange <0000> <FFFF> endcodespacerange\n%d beginbfchar\n" % max(1, len(self.codes))
                + (pairs or "<0001> <0020>").encode() + b"\nendbfchar endcmap CMapName currentdict /CMap "
                b"defineresource pop end end")

    def bytes(self) -> bytes:
        f1 = self._add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
        desc = self._add(b"<< /Type /FontDescriptor /FontName /MSMincho /Flags 4 /FontBBox [0 -140 1000 880] "
                         b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 700 /StemV 80 >>")
        cidfont = self._add(b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /MSMincho /CIDSystemInfo << "
                            b"/Registry (Adobe) /Ordering (Japan1) /Supplement 2 >> /DW 1000 "
                            b"/FontDescriptor %d 0 R >>" % desc)
        tounicode = self._stream(self._tounicode())
        fonts = [self._add(b"<< /Type /Font /Subtype /Type0 /BaseFont /MSMincho /Encoding /Identity-%s "
                           b"/DescendantFonts [%d 0 R] /ToUnicode %d 0 R >>" % (wmode, cidfont, tounicode))
                 for wmode in (b"H", b"V")]
        pages_id = len(self.objects) + 2 * len(self.pages) + 1
        kids = []
        for content, mode in self.pages:
            stream = self._stream(content, mode)
            kids.append(self._add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 %d 0 R "
                b"/F2 %d 0 R /F3 %d 0 R >> >> /Contents %d 0 R >>" % (pages_id, f1, fonts[0], fonts[1], stream)))
        kids_ref = b" ".join(b"%d 0 R" % kid for kid in kids)
        assert self._add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids_ref, len(kids))) == pages_id
        root = self._add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
        out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.objects, 1):
            offsets.append(len(out))
            out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.objects) + 1)
        out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(self.objects) + 1, root, xref)
        return bytes(out)

    def save(self, path: Path) -> Path:
        path.write_bytes(self.bytes())
        return path


def lines(*texts: str, font: str = "/F1", size: int = 12) -> str:
    """A text object writing ``texts`` as lines from the top left: ASCII in Helvetica, or hex
    strings from :meth:`PdfBuilder.cid` in /F2."""
    body = "".join(f"{t if t.startswith('<') else f'({t})'} Tj T*\n" for t in texts)
    return f"BT {font} {size} Tf 72 720 Td {size + 2} TL\n{body}ET\n"


def text_pdf(path: Path, pages: list[list[str]], mode: str | None = "flate") -> Path:
    builder = PdfBuilder()
    for page in pages:
        builder.page(lines(*page), mode)
    return builder.save(path)


def scan_pdf(path: Path, texts: list[str]) -> Path:
    """An image-only PDF: one page per text, each a picture of the text (no text layer)."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.load_default(size=36)
    frames = []
    for text in texts:
        image = Image.new("L", (900, 160), 255)
        if text:
            ImageDraw.Draw(image).text((30, 55), text, fill=0, font=font)
        else:  # a frame and a smudge: something to render, nothing to read
            ImageDraw.Draw(image).rectangle((10, 10, 890, 150), outline=0, width=3)
        frames.append(image.convert("RGB"))
    frames[0].save(path, "PDF", resolution=150.0, save_all=True, append_images=frames[1:])
    return path


def join_pdfs(path: Path, *parts: Path) -> Path:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for part in parts:
        writer.append(str(part))
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


# -- text ----------------------------------------------------------------------------------
def test_text_pages_become_blocks_with_progress_per_page(tmp_path):
    path = text_pdf(tmp_path / "three.pdf", [["First page says alpha."], ["Second page says beta."],
                                             ["Third page says gamma."]])
    reports = []
    with reporting_to(lambda page, pages, stage="extracting": reports.append((page, pages, stage))):
        doc = extract_file(path)
    assert doc.format == "pdf" and doc.page_count == 3 and not doc.warnings
    assert [(b.page, b.text, b.ocr) for b in doc.blocks] == [
        (1, "First page says alpha.", False), (2, "Second page says beta.", False), (3, "Third page says gamma.", False)]
    assert reports == [(1, 3, "extracting"), (2, 3, "extracting"), (3, 3, "extracting")]


def test_ligatures_soft_hyphens_and_split_words_are_normalised(tmp_path):
    builder = PdfBuilder()
    builder.page(lines(builder.cid("The \ufb01rst \ufb02oor o\ufb00ers o\ufb03ce space, ba\ufb04ing."),
                       builder.cid("A so\u00adft hyphen, a well-known term and a docu-"),
                       builder.cid("ment split across lines, then a self-"),
                       builder.cid("Contained compound, then the well-"),
                       builder.cid("known term again."), font="/F2"))
    text = extract_pdf(builder.save(tmp_path / "typography.pdf")).text
    flat = " ".join(text.split())
    assert "The first floor offers office space, baffling." in flat
    assert "A soft hyphen" in flat
    assert "a document split across lines" in flat
    assert "a self-Contained compound" in flat  # uppercase after the break: a real hyphen
    assert "then the well-known term again" in flat  # seen unbroken before: a real compound
    assert "\ufffe" not in text and "\u00ad" not in text


def test_normalise_handles_pypdf_and_ocr_style_text():
    seen = Hyphenation()
    assert normalise("\ufb01ne \ufb00ort, hy\u00ad\nphen", seen) == "fine ffort, hyphen"
    assert normalise("a docu-\nment and x-\nRay; see http://example.org/debian\ufffefaq", seen) == \
        "a document and x-Ray; see http://example.org/debian-faq"
    assert normalise("IEEE\ufffe754 and 2008-\n2009 and a dash -\nhere\x88", seen) == \
        "IEEE-754 and 2008-\n2009 and a dash -\nhere "
    assert normalise("user-defined here", seen) and normalise("a user-\ndefined one", seen) == "a user-defined one"


def test_quality_counts_letters_and_undecodable_characters():
    found = quality("abc def 中文 ... \ufffd\ue000")
    assert (found.good, found.nonspace, found.garbage) == (8, 13, 2)
    assert found.usable
    assert not quality("\ue000\ue001\ue002\ue003 abcdefgh").usable  # 4 of 12 undecodable: over 30 %
    assert not quality("12 .......").usable


# -- vertical and mixed CJK ----------------------------------------------------------------
def test_vertical_japanese_columns_read_right_to_left(tmp_path):
    builder = PdfBuilder()
    columns = ["縦書きの日本語", "二列目の文章です", "三列目"]
    shown = "".join(f"1 0 0 1 {500 - 40 * i} 700 Tm {builder.cid(col)} Tj " for i, col in enumerate(columns))
    builder.page(f"BT /F2 14 Tf 72 760 Td {builder.cid('中文横排标题：混合English词语')} Tj ET\n"
                 f"BT /F3 20 Tf {shown}ET\n" + lines("Page footer in English", size=10).replace("720", "40"))
    text = extract_pdf(builder.save(tmp_path / "vertical.pdf")).text
    positions = [text.find(col) for col in columns]
    assert -1 not in positions and positions == sorted(positions), text
    assert "中文横排标题：混合English词语" in text and "Page footer in English" in text


def test_real_vertical_japanese_pdf_in_reading_order(docs_dir):
    text = extract_pdf(docs_dir / "vertical-japanese.pdf").text
    # The right-hand column comes first; PDFium alone gives them left to right.
    assert text.index("あいうえお") < text.index("日本語")


# -- damaged, encrypted, truncated, empty ------------------------------------------------------
def test_damaged_content_stream_keeps_the_readable_pages(tmp_path):
    builder = PdfBuilder()
    builder.page(lines("The first page is readable."), "flate")
    builder.page(lines("This page's stream is damaged.") * 20, "broken")
    builder.page(lines("The third page is readable too."), "flate")
    doc = extract_file(builder.save(tmp_path / "damaged.pdf"))
    assert [b.page for b in doc.blocks] == [1, 3]
    assert doc.warnings == ["extracted with warnings: 1 of 3 pages could not be read (damaged content streams)"]


def test_only_damaged_content_streams_is_corrupt(tmp_path):
    builder = PdfBuilder()
    builder.page(lines("Damaged.") * 30, "broken")
    builder.page(lines("Damaged too.") * 30, "broken")
    with pytest.raises(ExtractionError) as info:
        extract_file(builder.save(tmp_path / "all-damaged.pdf"))
    assert info.value.kind == "corrupt" and "no page of the PDF could be read" in str(info.value)


def test_password_protected_pdf_is_encrypted(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf(tmp_path / "plain.pdf", [["Secret text behind a password."]])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="letmein", owner_password="owner", algorithm="RC4-128")
    locked = tmp_path / "locked.pdf"
    with open(locked, "wb") as fh:
        writer.write(fh)
    with pytest.raises(ExtractionError) as info:
        extract_file(locked)
    assert info.value.kind == "encrypted"


def test_owner_password_only_pdf_is_read(tmp_path):
    from pypdf import PdfReader, PdfWriter

    plain = text_pdf(tmp_path / "plain.pdf", [["Printing is restricted but reading is not."]])
    writer = PdfWriter(clone_from=PdfReader(str(plain)))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    restricted = tmp_path / "restricted.pdf"
    with open(restricted, "wb") as fh:
        writer.write(fh)
    assert "reading is not" in extract_file(restricted).text


def test_truncated_and_pageless_pdfs_are_corrupt(tmp_path):
    whole = text_pdf(tmp_path / "whole.pdf", [["Some text."] * 40] * 4, mode=None).read_bytes()
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(whole[: len(whole) // 2])
    pageless = tmp_path / "pageless.pdf"
    pageless.write_bytes(PdfBuilder().bytes())
    for path, words in ((truncated, "truncated"), (pageless, "no pages")):
        with pytest.raises(ExtractionError) as info:
            extract_pdf(path)
        assert info.value.kind == "corrupt" and words in str(info.value)


def test_fuzzed_file_pdfium_repairs_into_nothing_is_corrupt(docs_dir):
    with pytest.raises(ExtractionError) as info:
        extract_pdf(docs_dir / "PDFBOX-3148-2-fuzzed.pdf")
    assert info.value.kind == "corrupt"


def test_undecodable_characters_give_the_garbage_warning(tmp_path):
    builder = PdfBuilder()
    builder.page(lines(builder.cid("Readable words around \ue010\ue011\ue012\ue013 glyphs without Unicode."),
                       font="/F2"))
    doc = extract_pdf(builder.save(tmp_path / "garbage.pdf"))
    assert "Readable words around" in doc.text
    assert len(doc.warnings) == 1 and "could not be decoded" in doc.warnings[0]


# -- OCR ---------------------------------------------------------------------------------------
def test_mixed_pdf_ocrs_only_the_scanned_page(tmp_path):
    text_part = text_pdf(tmp_path / "text.pdf", [["This page has a real text layer."]])
    scan_part = scan_pdf(tmp_path / "scan.pdf", ["Invoice number 4711 paid"])
    path = join_pdfs(tmp_path / "mixed.pdf", text_part, scan_part)
    reports = []
    with ocr.using_options(ocr.OcrOptions(enabled=True)), \
            reporting_to(lambda page, pages, stage="extracting": reports.append((page, stage))):
        doc = extract_file(path)
    by_page = {b.page: b for b in doc.blocks}
    assert by_page[1].text == "This page has a real text layer." and not by_page[1].ocr
    assert by_page[2].ocr and "4711" in by_page[2].text and "nvoice" in by_page[2].text
    assert reports == [(1, "extracting"), (2, "ocr"), (2, "extracting")]
    assert not doc.warnings


def test_scan_without_ocr_says_why(tmp_path):
    path = scan_pdf(tmp_path / "scan.pdf", ["Nothing reads this"])
    with ocr.using_options(ocr.OcrOptions(enabled=False)):
        with pytest.raises(ExtractionError) as info:
            extract_file(path)
    assert info.value.kind == "no_text"
    assert "no text layer" in str(info.value) and "OCR is turned off" in str(info.value)


def test_scan_ocr_finds_nothing_is_no_text(tmp_path):
    path = scan_pdf(tmp_path / "blank-scan.pdf", [""])
    before = ocr.stats["pages_read"]
    with ocr.using_options(ocr.OcrOptions(enabled=True)):
        with pytest.raises(ExtractionError) as info:
            extract_file(path)
    assert info.value.kind == "no_text" and "OCR found no text" in str(info.value)
    assert ocr.stats["pages_read"] == before + 1


def test_blank_pages_are_not_sent_to_ocr(tmp_path):
    builder = PdfBuilder()
    builder.page("0.5 w 72 700 m 540 700 l S\n" + lines("7"))  # a rule and a page number
    builder.page("")
    before = ocr.stats["pages_read"]
    with ocr.using_options(ocr.OcrOptions(enabled=True)):
        with pytest.raises(ExtractionError) as info:
            extract_file(builder.save(tmp_path / "blank.pdf"))
    assert info.value.kind == "no_text" and "nothing OCR could read" in str(info.value)
    assert ocr.stats["pages_read"] == before


def test_pypdf_is_not_asked_about_pages_with_good_text(tmp_path, monkeypatch):
    """The second engine costs 10-30x PDFium's time: only poor pages may reach it."""
    from docvec_gui.core.extract import pdf

    def second_opinion(self, index):
        raise AssertionError(f"pypdf asked about page {index + 1}")

    monkeypatch.setattr(pdf.SecondOpinion, "page", second_opinion)
    path = text_pdf(tmp_path / "plain.pdf", [[f"Line {i} of page {p} with words." for i in range(30)]
                                             for p in range(5)])
    doc = extract_pdf(path)
    assert len(doc.blocks) == 5 and "Line 29 of page 4 with words." in doc.text


def test_the_extraction_child_sends_a_long_pdfs_pages_as_it_reads_them(docs_dir):
    """A 619-page manual (1.8 MB of text) leaves the real extraction child in batches while
    its later pages are still being read, so neither side holds the whole text (issue 13)."""
    import json
    import subprocess
    import sys

    from docvec_gui.core.extract import worker
    from docvec_gui.core.extract.model import Block

    path = docs_dir / "DA-619p.pdf"
    child = subprocess.Popen([sys.executable, "-m", "docvec_gui.core.extract.worker", "--serve"],
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        child.stdin.write(json.dumps({"path": str(path), "timeout": 120}).encode() + b"\n")
        child.stdin.close()
        lines = [json.loads(line) for line in child.stdout]
    finally:
        child.kill()
        child.wait(10)
    kinds = [next(iter(line)) for line in lines]
    assert lines[-1]["ok"] is True and lines[-1]["document"]["blocks"] == []
    batches = [line["blocks"] for line in lines if "blocks" in line]
    pages_read_before = [max((l["progress"]["page"] for l in lines[:i] if "progress" in l), default=0)
                         for i, kind in enumerate(kinds) if kind == "blocks"]
    assert len(batches) >= 5
    # Most batches go out while later pages are still being read, never after the whole file.
    assert sum(1 for read in pages_read_before if read < 619) >= len(batches) - 2, pages_read_before
    assert all(sum(len(b["text"]) for b in batch) <= worker.BLOCK_BATCH_CHARS + 20_000 for batch in batches)
    sent = [Block.from_json(b) for batch in batches for b in batch]
    pages = [b.page for b in sent]
    assert pages == sorted(pages) and pages[-1] == 619
    assert [b.text for b in sent] == [b.text for b in extract_file(path).blocks]  # same text as in-process
