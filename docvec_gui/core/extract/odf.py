"""OpenDocument text, spreadsheet and presentation (ODT, ODS, ODP) from content.xml,
with master-page headers and footers from styles.xml.

A password-protected package keeps its manifest readable and says which parts are
encrypted (``manifest:encryption-data``); such a file is ``encrypted``, not ``corrupt``.
A spreadsheet without any cell text is ``empty``: sheet names alone are no text.
"""
from __future__ import annotations

import logging
from pathlib import Path

from lxml import etree

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
DRAW = "{urn:oasis:names:tc:opendocument:xmlns:drawing:1.0}"
OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
STYLE = "{urn:oasis:names:tc:opendocument:xmlns:style:1.0}"
PRES = "{urn:oasis:names:tc:opendocument:xmlns:presentation:1.0}"
DC = "{http://purl.org/dc/elements/1.1/}"
META = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
MANIFEST = "{urn:oasis:names:tc:opendocument:xmlns:manifest:1.0}"
MAX_REPEAT = 50  # repeated empty cells/rows are how ODS fills a sheet to its edge
# Parts whose encryption makes the document unreadable: the content, or the whole inner
# package of ODF 1.4 "wholesome" encryption (LibreOffice 24.2+).
_ESSENTIAL_PARTS = ("content.xml", "encrypted-package")

log = logging.getLogger(__name__)


def inline_text(el: etree._Element) -> str:
    parts = [el.text or ""]
    for child in el:
        tag = child.tag
        if tag == TEXT + "s":
            parts.append(" " * int(child.get(TEXT + "c", "1") or 1))
        elif tag == TEXT + "tab":
            parts.append("\t")
        elif tag == TEXT + "line-break":
            parts.append("\n")
        elif tag in (TEXT + "note", OFFICE + "annotation"):
            pass  # emitted as their own blocks
        else:
            parts.append(inline_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


class _Walker:
    def __init__(self, out: BlockBuilder) -> None:
        self.out = out

    def walk(self, el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            if tag == TEXT + "h":
                self.out.heading(inline_text(child), int(child.get(TEXT + "outline-level", "1") or 1))
            elif tag == TEXT + "p":
                self.out.add(inline_text(child))
                for note in child.iter(TEXT + "note", OFFICE + "annotation"):
                    self.walk(note)
            elif tag == TABLE + "table":
                self.table(child)
            elif tag == DRAW + "page":
                self.out.page = (self.out.page or 0) + 1
                name = child.get(DRAW + "name")
                self.out.reset_headings()
                if name:
                    self.out.heading(name, 1)
                self.walk(child)
            elif tag == TEXT + "list-item":
                self.walk(child)
            elif tag in (TEXT + "tracked-changes", OFFICE + "forms"):
                continue
            else:
                self.walk(child)

    def table(self, table: etree._Element) -> None:
        for row in table.iter(TABLE + "table-row"):
            repeat = min(int(row.get(TABLE + "number-rows-repeated", "1") or 1), MAX_REPEAT)
            cells: list[str] = []
            for cell in row:
                if cell.tag not in (TABLE + "table-cell", TABLE + "covered-table-cell"):
                    continue
                value = " ".join(inline_text(p).strip() for p in cell.iter(TEXT + "p")).strip()
                times = min(int(cell.get(TABLE + "number-columns-repeated", "1") or 1), MAX_REPEAT)
                cells.extend([value] * times)
            while cells and not cells[-1]:
                cells.pop()
            if cells:
                for _ in range(repeat):
                    self.out.add("\t".join(cells), "table_row")


def _meta(zf: SafeZip) -> tuple[str | None, str | None]:
    if not zf.has("meta.xml"):
        return None, None
    root = zf.xml("meta.xml")
    title = root.findtext(f".//{DC}title")
    author = root.findtext(f".//{DC}creator") or root.findtext(f".//{META}initial-creator")
    return (title or "").strip() or None, (author or "").strip() or None


def encrypted_parts(zf: SafeZip) -> set[str]:
    """Parts the manifest declares encrypted (empty when the manifest is missing or unreadable)."""
    if not zf.has("META-INF/manifest.xml"):
        return set()
    try:
        manifest = zf.xml("META-INF/manifest.xml")
    except ExtractionError as exc:
        log.info("unreadable ODF manifest, judging the content alone: %s", exc)
        return set()
    return {entry.get(MANIFEST + "full-path") or "" for entry in manifest.iter(MANIFEST + "file-entry")
            if entry.find(MANIFEST + "encryption-data") is not None}


def _check_not_encrypted(zf: SafeZip) -> None:
    encrypted = encrypted_parts(zf)
    if encrypted and (encrypted.intersection(_ESSENTIAL_PARTS) or not zf.has("content.xml")):
        raise ExtractionError("encrypted", "the OpenDocument file is password-protected")


def extract_odf(path: Path, fmt: str) -> Extracted:
    with SafeZip(path) as zf:
        _check_not_encrypted(zf)
        if not zf.has("content.xml"):
            raise ExtractionError("corrupt", "the OpenDocument package has no content.xml")
        out = BlockBuilder()
        body = zf.xml("content.xml").find(OFFICE + "body")
        walker = _Walker(out)
        if body is not None:
            for sheet_holder in body:
                if fmt == "ods":
                    for number, table in enumerate(sheet_holder.iter(TABLE + "table"), start=1):
                        out.page = number
                        out.reset_headings()
                        out.heading(table.get(TABLE + "name") or f"Sheet {number}", 1)
                        walker.table(table)
                else:
                    walker.walk(sheet_holder)
            for decl in body.iter(PRES + "footer-decl", PRES + "header-decl"):
                out.page = None
                out.add(inline_text(decl))
        if fmt == "ods" and not any(block.kind == "table_row" for block in out.blocks):
            raise ExtractionError("empty", "the OpenDocument spreadsheet has no cell text")
        page_count = out.page if fmt in ("odp", "ods") else None
        if zf.has("styles.xml"):
            out.page = None
            out.reset_headings()
            for master in zf.xml("styles.xml").iter(STYLE + "master-page"):
                for part in master:
                    if part.tag in (STYLE + "header", STYLE + "footer"):
                        walker.walk(part)
                # Presentations keep master footers in frames, not in style:footer.
                for frame in master.iter(DRAW + "frame"):
                    if frame.get(PRES + "class") in ("header", "footer"):
                        walker.walk(frame)
        title, author = _meta(zf)
    return Extracted(fmt, out.blocks, title=title, author=author, page_count=page_count)
