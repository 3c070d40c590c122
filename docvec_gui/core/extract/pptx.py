"""PPTX (PresentationML, transitional or Strict): slides in presentation order, with
tables, groups, the alt text of pictures and shapes, and notes, plus footer text defined
on slide masters and layouts."""
from __future__ import annotations

import posixpath
import re
from pathlib import Path

from lxml import etree

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.docx import OfficeZip, _core_properties, add_alt_text, main_part, relationships
from docvec_gui.core.extract.model import Block, ExtractionError, Extracted

A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
P = "{http://schemas.openxmlformats.org/presentationml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _rels(zf: SafeZip, part: str) -> dict[str, str]:
    return {rel_id: target for rel_id, _, target in relationships(zf, part)}


def _slide_order(zf: SafeZip, presentation: str) -> list[str]:
    slides = [n for n in zf.names if re.match(r"ppt/slides/slide\d+\.xml$", n)]
    if zf.has(presentation):
        rels = _rels(zf, presentation)
        ordered = []
        for sld in zf.xml(presentation).iter(P + "sldId"):
            target = rels.get(sld.get(R + "id") or "")
            if target and zf.has(target):
                ordered.append(target)
        if ordered:
            return ordered
    return sorted(slides, key=lambda n: int(re.search(r"(\d+)", posixpath.basename(n)).group(1)))


def _paragraphs(root: etree._Element) -> list[tuple[str, bool]]:
    """(text, is_title) for each text paragraph outside tables."""
    out = []
    for sp in root.iter(P + "sp"):
        ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
        is_title = ph is not None and ph.get("type") in ("title", "ctrTitle")
        for para in sp.iter(A + "p"):
            text = "".join(
                (n.text or "") if n.tag == A + "t" else "\n" for n in para.iter(A + "t", A + "br")
            ).strip()
            if text:
                out.append((text, is_title))
    return out


def _tables(root: etree._Element) -> list[str]:
    rows = []
    for tbl in root.iter(A + "tbl"):
        for tr in tbl.iter(A + "tr"):
            cells = [" ".join("".join(t.text or "" for t in tc.iter(A + "t")).split()) for tc in tr.iter(A + "tc")]
            rows.append("\t".join(cells))
    return rows


def _alt_texts(root: etree._Element) -> list[str]:
    """Title and description (alt text) of the slide's pictures, shapes, charts and groups."""
    out: list[str] = []
    for props in root.iter(P + "cNvPr"):
        add_alt_text(out, props.get("title"), props.get("descr"))
    return out


def _footers(zf: SafeZip) -> list[str]:
    """Footer placeholders on masters and layouts: the only text some decks have."""
    seen: list[str] = []
    for name in sorted(n for n in zf.names if re.match(r"ppt/(slideMasters|slideLayouts)/\w+\d+\.xml$", n)):
        for sp in zf.xml(name).iter(P + "sp"):
            ph = sp.find(f"{P}nvSpPr/{P}nvPr/{P}ph")
            if ph is None or ph.get("type") != "ftr":
                continue
            text = " ".join("".join(t.text or "" for t in sp.iter(A + "t")).split())
            if text and text not in seen:
                seen.append(text)
    return seen


def extract_pptx(path: Path) -> Extracted:
    with OfficeZip(path) as zf:
        presentation = main_part(zf, "ppt/presentation.xml")
        slides = _slide_order(zf, presentation)
        if not slides and not zf.has(presentation):
            raise ExtractionError("corrupt", "the PPTX package has no presentation part")
        doc = Extracted("pptx", page_count=len(slides))
        for number, slide in enumerate(slides, start=1):
            root = zf.xml(slide)
            paras = _paragraphs(root)
            title = next((t for t, is_title in paras if is_title), None)
            heading = (f"Slide {number}: {title}" if title else f"Slide {number}",)
            for text, _ in paras:
                doc.blocks.append(Block(text, number, heading, "paragraph"))
            for row in _tables(root):
                doc.blocks.append(Block(row, number, heading, "table_row"))
            for text in _alt_texts(root):
                doc.blocks.append(Block(text, number, heading, "paragraph"))
            for target in _rels(zf, slide).values():
                if "notesSlide" in target and zf.has(target):
                    for text, _ in _paragraphs(zf.xml(target)):
                        if not text.isdigit():  # slide-number placeholder
                            doc.blocks.append(Block(text, number, heading + ("Notes",), "paragraph"))
        for text in _footers(zf):
            doc.blocks.append(Block(text, None, ("Footer",), "paragraph"))
        doc.title, doc.author = _core_properties(zf)
    return doc
