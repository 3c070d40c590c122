"""DOCX (WordprocessingML): body paragraphs and tables in order, headings from styles,
text boxes, then headers, footers, footnotes, endnotes and comments."""
from __future__ import annotations

import re
from pathlib import Path

from lxml import etree

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DC = "{http://purl.org/dc/elements/1.1/}"
_HEADING_STYLE = re.compile(r"^(?:heading|berschrift|titre|titolo|encabezado|kop)\s*(\d)$", re.I)


def _style_levels(zf: SafeZip) -> dict[str, int]:
    """styleId -> heading level, from styles.xml names and outline levels."""
    levels: dict[str, int] = {}
    if not zf.has("word/styles.xml"):
        return levels
    for style in zf.xml("word/styles.xml").iter(W + "style"):
        sid = style.get(W + "styleId") or ""
        name_el = style.find(W + "name")
        name = (name_el.get(W + "val") if name_el is not None else "") or sid
        match = _HEADING_STYLE.match(name.replace(" ", "")) or _HEADING_STYLE.match(sid)
        outline = style.find(f"{W}pPr/{W}outlineLvl")
        if match:
            levels[sid] = int(match.group(1))
        elif outline is not None and (outline.get(W + "val") or "").isdigit():
            levels[sid] = int(outline.get(W + "val")) + 1
        elif name.lower() == "title":
            levels[sid] = 1
    return levels


def _run_text(el: etree._Element) -> str:
    parts: list[str] = []
    for node in el.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "sym"):
        tag = node.tag
        if tag == W + "t":
            parts.append(node.text or "")
        elif tag == W + "tab":
            parts.append("\t")
        elif tag in (W + "br", W + "cr"):
            parts.append("\n")
        elif tag == W + "noBreakHyphen":
            parts.append("-")
    return "".join(parts)


def _paragraph_text(p: etree._Element) -> str:
    # Text boxes nest whole paragraphs inside a run; they are emitted separately.
    parts: list[str] = []
    for node in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "txbxContent"):
        if any(anc.tag == W + "txbxContent" for anc in node.iterancestors()):
            continue
        if node.tag == W + "t":
            parts.append(node.text or "")
        elif node.tag == W + "tab":
            parts.append("\t")
        elif node.tag in (W + "br", W + "cr"):
            parts.append("\n")
    return "".join(parts)


def _paragraph_level(p: etree._Element, levels: dict[str, int]) -> int | None:
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is not None and style.get(W + "val") in levels:
        return levels[style.get(W + "val")]
    outline = p.find(f"{W}pPr/{W}outlineLvl")
    if outline is not None and (outline.get(W + "val") or "").isdigit():
        level = int(outline.get(W + "val")) + 1
        return level if level <= 9 else None
    return None


def _emit_table(tbl: etree._Element, out: BlockBuilder, levels: dict[str, int]) -> None:
    for tr in tbl.iter(W + "tr"):
        if next((a for a in tr.iterancestors(W + "tbl")), None) is not tbl:
            continue  # rows of nested tables are emitted by their own table
        cells = []
        for tc in tr.findall(W + "tc"):
            cells.append(" ".join(_paragraph_text(p).strip() for p in tc.iter(W + "p")).strip())
        out.add("\t".join(cells), "table_row")


def _emit_body(container: etree._Element, out: BlockBuilder, levels: dict[str, int]) -> None:
    for child in container:
        if child.tag == W + "p":
            level = _paragraph_level(child, levels)
            text = _paragraph_text(child)
            if level is not None:
                out.heading(text, level)
            else:
                kind = "list_item" if child.find(f"{W}pPr/{W}numPr") is not None else "paragraph"
                out.add(text, kind)
            for box in child.iter(W + "txbxContent"):
                if next(box.iterancestors(W + "txbxContent"), None) is None:
                    _emit_body(box, out, levels)
        elif child.tag == W + "tbl":
            _emit_table(child, out, levels)
        elif child.tag in (W + "sdt", W + "customXml", W + "smartTag"):
            content = child.find(W + "sdtContent")
            _emit_body(content if content is not None else child, out, levels)


def _core_properties(zf: SafeZip) -> tuple[str | None, str | None]:
    if not zf.has("docProps/core.xml"):
        return None, None
    root = zf.xml("docProps/core.xml")
    title = root.findtext(DC + "title")
    author = root.findtext(DC + "creator")
    return (title or "").strip() or None, (author or "").strip() or None


def extract_docx(path: Path) -> Extracted:
    with SafeZip(path) as zf:
        if not zf.has("word/document.xml"):
            raise ExtractionError("corrupt", "the DOCX package has no word/document.xml")
        levels = _style_levels(zf)
        out = BlockBuilder()
        body = zf.xml("word/document.xml").find(W + "body")
        if body is not None:
            _emit_body(body, out, levels)
        extras = sorted(n for n in zf.names if re.match(r"word/(header|footer)\d*\.xml$", n))
        extras += [n for n in ("word/footnotes.xml", "word/endnotes.xml", "word/comments.xml") if zf.has(n)]
        for name in extras:
            out.reset_headings()
            root = zf.xml(name)
            containers = [root] if root.tag in (W + "hdr", W + "ftr") else list(root)
            for container in containers:
                _emit_body(container, out, levels)
        title, author = _core_properties(zf)
    return Extracted("docx", out.blocks, title=title, author=author)
