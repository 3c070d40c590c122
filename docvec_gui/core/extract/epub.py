"""EPUB: the spine's XHTML documents in reading order, with their headings."""
from __future__ import annotations

import posixpath
import urllib.parse
from pathlib import Path

from docvec_gui.core.extract.archive import SafeZip
from docvec_gui.core.extract.encoding import declared_html_charset, decode_bytes
from docvec_gui.core.extract.html import html_blocks
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _opf_path(zf: SafeZip) -> str:
    if zf.has("META-INF/container.xml"):
        for rootfile in zf.xml("META-INF/container.xml").iter(CONTAINER + "rootfile"):
            if rootfile.get("full-path"):
                return rootfile.get("full-path")
    for name in zf.names:
        if name.endswith(".opf"):
            return name
    raise ExtractionError("corrupt", "the EPUB has no package document (.opf)")


def extract_epub(path: Path) -> Extracted:
    with SafeZip(path) as zf:
        opf_name = _opf_path(zf)
        opf = zf.xml(opf_name)
        base = posixpath.dirname(opf_name)
        manifest = {}
        for item in opf.iter(OPF + "item"):
            href = urllib.parse.unquote(item.get("href") or "")
            manifest[item.get("id")] = (posixpath.normpath(posixpath.join(base, href)), item.get("media-type", ""))
        spine = [manifest[ref.get("idref")] for ref in opf.iter(OPF + "itemref") if ref.get("idref") in manifest]
        if not spine:  # some generators omit the spine: fall back to manifest order
            spine = [v for v in manifest.values() if "html" in v[1]]
        out = BlockBuilder()
        for number, (part, media) in enumerate(spine, start=1):
            if "html" not in media and not part.endswith((".html", ".xhtml", ".htm")):
                continue
            if not zf.has(part):
                continue
            data = zf.read(part)
            text, _ = decode_bytes(data, declared_html_charset(data))
            out.page = number
            out.reset_headings()
            html_blocks(text, out, main_only=False)
        title = opf.findtext(f".//{DC}title")
        author = opf.findtext(f".//{DC}creator")
    return Extracted("epub", out.blocks, title=(title or "").strip() or None, author=(author or "").strip() or None)
