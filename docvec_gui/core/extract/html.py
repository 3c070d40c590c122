"""HTML: the page's main content without scripts, styles or navigation boilerplate.

Main content is chosen conservatively: boilerplate regions (navigation, asides, footers,
cookie banners, menus of short links) are removed, then an ``<article>``/``<main>``
region is used when it clearly holds most of the remaining text. When in doubt the
whole cleaned body is kept: indexing a little extra beats losing real content.
"""
from __future__ import annotations

import re
from pathlib import Path

from docvec_gui.core.extract.encoding import declared_html_charset, decode_bytes
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "canvas", "nav", "aside", "footer",
    "button", "select", "option", "object", "embed", "dialog", "menu", "head", "link", "meta",
}
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "li", "ul", "ol", "pre", "blockquote", "table",
    "tbody", "thead", "tfoot", "dl", "dt", "dd", "figure", "figcaption", "header", "address",
    "caption", "hr", "form", "fieldset", "details", "summary", "center", "body", "html",
}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOILERPLATE = re.compile(
    r"(^|[-_ ])(nav|navbar|navigation|menu|breadcrumbs?|sidebar|site-?footer|footer|cookies?|consent|"
    r"share|sharing|social|newsletter|subscribe|promo|advert|ads|banner|popup|modal|skip-?link|"
    r"masthead|site-?header|related|recommended|outbrain|taboola)($|[-_ ])",
    re.I,
)
_BOILERPLATE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
MAX_HTML_BYTES = 64 * 1024 * 1024


def _text_len(el) -> int:
    return len("".join(el.itertext()).split())


def _is_boilerplate(el) -> bool:
    if el.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(el.get("style", "")):
        return True
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    if _BOILERPLATE.search(marker) and el.tag not in ("body", "html", "main", "article"):
        return True
    return False


def _is_link_menu(el) -> bool:
    """A list whose items are nearly all short links: a menu, not content."""
    items = el.findall("li")
    if len(items) < 3:
        return False
    words = _text_len(el)
    link_words = sum(len("".join(a.itertext()).split()) for a in el.iter("a"))
    return words > 0 and link_words / words > 0.85 and words / len(items) < 6


def clean_tree(root) -> None:
    """Remove elements that are never content. Mutates ``root``."""
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            doomed.append(el)  # comments and processing instructions
        elif el.tag in DROP_TAGS or _is_boilerplate(el) or (el.tag in ("ul", "ol") and _is_link_menu(el)):
            doomed.append(el)
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        tail = el.tail
        parent.remove(el)
        if tail and tail.strip():
            prev = parent[-1] if len(parent) else None
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail


def main_region(body):
    """An <article>/<main> holding most of the text, else the body itself."""
    total = _text_len(body) or 1
    candidates = list(body.iter("article", "main")) + [
        el for el in body.iter() if isinstance(el.tag, str) and el.get("role") == "main"
    ]
    best = max(candidates, key=_text_len, default=None)
    if best is not None and _text_len(best) >= 0.6 * total:
        return best
    return body


class _BlockWalker:
    def __init__(self, out: BlockBuilder) -> None:
        self.out = out
        self.buf: list[str] = []

    def flush(self) -> None:
        text = re.sub(r"[ \t\r\f\v]+", " ", "".join(self.buf))
        text = re.sub(r" *\n *", "\n", text)
        self.out.add(text)
        self.buf = []

    def walk(self, el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in HEADINGS:
            self.flush()
            self.out.heading("".join(el.itertext()), HEADINGS[tag])
            return
        if tag == "tr":
            self.flush()
            cells = [" ".join("".join(c.itertext()).split()) for c in el if c.tag in ("td", "th")]
            self.out.add("\t".join(cells), "table_row")
            return
        if tag == "br":
            self.buf.append("\n")
            return
        if tag == "pre":
            self.flush()
            self.out.add("".join(el.itertext()), "code")
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
        if el.text:
            self.buf.append(el.text)
        for child in el:
            self.walk(child)
            if child.tail:
                self.buf.append(child.tail)
        if is_block or tag in ("td", "th"):
            if tag in ("td", "th"):
                self.buf.append(" ")
            else:
                self.flush()

    def run(self, root) -> None:
        self.walk(root)
        self.flush()


def parse_html(text: str):
    import lxml.html
    from lxml import etree

    # lxml refuses str input that carries an XML encoding declaration.
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)
    try:
        return lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(no_network=True, remove_comments=True))
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError("corrupt", f"unreadable HTML: {exc}") from exc


def html_blocks(text: str, out: BlockBuilder, main_only: bool) -> str | None:
    """Append the blocks of an HTML document to ``out``; returns the page title."""
    root = parse_html(text)
    title_el = root.find(".//title")
    title = " ".join((title_el.text_content() if title_el is not None else "").split()) or None
    body = root.find("body")
    if body is None:
        body = root
    clean_tree(body)
    _BlockWalker(out).run(main_region(body) if main_only else body)
    return title


def extract_html(path: Path) -> Extracted:
    data = path.read_bytes()
    if len(data) > MAX_HTML_BYTES:
        raise ExtractionError("too_large", "the HTML page is over 64 MB")
    text, _ = decode_bytes(data, declared_html_charset(data))
    out = BlockBuilder()
    title = html_blocks(text, out, main_only=True)
    return Extracted("html", out.blocks, title=title)
