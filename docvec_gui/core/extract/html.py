"""HTML: the page's main content without scripts, styles or navigation boilerplate.

When in doubt the text is kept: indexing a little extra beats losing real content.

- Elements that never show text (scripts, styles, forms' widgets) are always removed.
- Boilerplate regions (``<nav>``, ``<aside>``, ``<footer>``, elements whose class, id or
  role says navigation, footer, cookie banner...; hidden elements; menus of short links)
  are removed only when they hold little of the page's own (non-link) text. Class names
  are guesses: a wrapper named ``has-sidebar`` or ``main_nav_content`` that holds the
  article is kept, as is a hidden tab that holds the body.
- An ``<article>``/``<main>`` region replaces the body only when what lies outside it
  is links and little else (menus, link lists), never when it is text.
- The page's ``<title>`` and every ``<h1>`` survive all of the above.

Sizes are measured in words, counting two CJK characters as one word, so that Chinese
and Japanese pages (written without spaces) are judged like others.
"""
from __future__ import annotations

import re
from pathlib import Path

from docvec_gui.core.extract.encoding import declared_html_charset, decode_bytes
from docvec_gui.core.extract.model import BlockBuilder, ExtractionError, Extracted

# Never content: removed whatever they hold.
DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "canvas", "button", "select", "option",
    "object", "embed", "head", "link", "meta",
}
# Usually boilerplate: removed when they hold little of the page's own text.
BOILERPLATE_TAGS = {"nav", "aside", "footer", "menu", "dialog"}
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
# A boilerplate-looking region is removed only when its own (non-link) text is at most
# this share of the page's; above it the guess is too costly to trust.
BOILERPLATE_MAX_SHARE = 0.2
# A main region replaces the body only when the text outside it is at most this share of
# the region's (besides links).
OUTSIDE_MAX_SHARE = 0.1

_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]")
# A source line break between two CJK characters is not a space: browsers join them.
_CJK_LINE_BREAK = re.compile(
    "([\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])[ \t\r\f\v]*\n[ \t\r\f\v\n]*"
    "(?=[\u3000-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])")
_BR = "\x00"  # stands for <br> in the walker's buffer (parsed text never holds NUL)


def text_weight(text: str) -> float:
    """Words in ``text``, two CJK characters counting as one."""
    if not text or text.isspace():
        return 0.0
    cjk = len(_CJK.findall(text))
    if not cjk:
        return float(len(text.split()))
    return len(_CJK.sub(" ", text).split()) + cjk / 2


def _measure(root) -> dict:
    """Element -> (words, words inside links, words inside <h1>) for every element under
    ``root``, in one pass from the leaves up (per-element walks would be quadratic on
    deeply nested pages)."""
    sizes: dict = {}
    for el in reversed(list(root.iter())):
        if not isinstance(el.tag, str):
            continue
        words, links, h1 = text_weight(el.text or ""), 0.0, 0.0
        for child in el:
            child_words, child_links, child_h1 = sizes.get(child, (0.0, 0.0, 0.0))
            words += child_words + text_weight(child.tail or "")
            links += child_links
            h1 += child_h1
        sizes[el] = (words, words if el.tag == "a" else links, words if el.tag == "h1" else h1)
    return sizes


def _own(sizes: dict, el) -> float:
    """Words of ``el`` outside links: what a reader would lose with it."""
    words, links, _ = sizes[el]
    return max(0.0, words - links)


def _looks_like_boilerplate(el) -> bool:
    if el.tag in BOILERPLATE_TAGS:
        return True
    if el.get("role", "").lower() in _BOILERPLATE_ROLES:
        return True
    if el.get("aria-hidden") == "true" or el.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(el.get("style", "")):
        return True
    marker = f"{el.get('class', '')} {el.get('id', '')}"
    return bool(_BOILERPLATE.search(marker)) and el.tag not in ("body", "html", "main", "article")


def _is_link_menu(el, sizes: dict) -> bool:
    """A list whose items are nearly all short links: a menu, not content."""
    items = el.findall("li")
    if len(items) < 3:
        return False
    words, links, _ = sizes[el]
    return words > 0 and links / words > 0.85 and words / len(items) < 6


def _remove(el, rescue: bool) -> None:
    """Remove ``el`` keeping its tail text in place and, when ``rescue``, its <h1>s.

    Only constant-time neighbour operations: a page can have tens of thousands of
    elements to remove under one parent."""
    parent = el.getparent()
    if parent is None:
        return
    if rescue:
        for h1 in list(el.iter("h1")):
            h1.tail = None  # text after it inside ``el`` goes with ``el``
            el.addprevious(h1)
    tail, previous = el.tail, el.getprevious()
    block = el.tag in BLOCK_TAGS or el.tag in BOILERPLATE_TAGS
    parent.remove(el)
    if tail and tail.strip():
        if previous is not None:
            previous.tail = _join(previous.tail, tail, block)
        else:
            parent.text = _join(parent.text, tail, block)


def _join(before: str | None, after: str, block: bool) -> str:
    """Text from both sides of a removed element. A block broke the line there: keep the
    words apart (CJK needs no space); an inline element (a script) separated nothing."""
    if (block and before and not before[-1].isspace() and not after[0].isspace()
            and max(before[-1], after[0]) < "\u3000"):
        return before + " " + after
    return (before or "") + after


def clean_tree(root) -> None:
    """Remove elements that are never content, and boilerplate that holds little text.
    Mutates ``root``; every <h1> outside never-content elements stays."""
    for el in [el for el in root.iter() if not isinstance(el.tag, str) or el.tag in DROP_TAGS]:
        _remove(el, rescue=False)  # comments, processing instructions, scripts...
    sizes = _measure(root)
    limit = BOILERPLATE_MAX_SHARE * _own(sizes, root)
    doomed = []
    for el in root.iter():
        if el.tag == "h1":
            continue  # always kept, even hidden or named like a banner
        if _looks_like_boilerplate(el) or (el.tag in ("ul", "ol") and _is_link_menu(el, sizes)):
            # An <h1> inside is kept anyway (rescued), so it does not argue for keeping the region.
            if _own(sizes, el) - sizes[el][2] <= limit:
                doomed.append(el)
    for el in doomed:
        _remove(el, rescue=True)


def main_region(body):
    """An <article>/<main> holding the page's text, with only links outside it, else the body.

    <h1> headings outside the region are moved into it, first, so that they survive."""
    sizes = _measure(body)
    candidates = [el for el in body.iter() if isinstance(el.tag, str)
                  and (el.tag in ("article", "main") or el.get("role") == "main")]
    best = max(candidates, key=lambda el: sizes[el][0], default=None)
    if best is None or best is body:
        return body
    total, inside = sizes[body][0], sizes[best][0]
    outside_text = _own(sizes, body) - _own(sizes, best)
    if inside < 0.6 * total or outside_text > OUTSIDE_MAX_SHARE * inside:
        return body
    outside_h1 = [h for h in body.iter("h1") if not _contains(best, h)]
    for offset, h1 in enumerate(outside_h1):
        h1.getparent().remove(h1)
        h1.tail = None
        best.insert(offset, h1)
    if outside_h1 and best.text:
        outside_h1[-1].tail, best.text = best.text, None
    return best


def _contains(ancestor, el) -> bool:
    return any(a is ancestor for a in el.iterancestors())


class _BlockWalker:
    def __init__(self, out: BlockBuilder) -> None:
        self.out = out
        self.buf: list[str] = []

    def flush(self) -> None:
        text = _CJK_LINE_BREAK.sub(r"\1", "".join(self.buf))
        text = re.sub(r"[ \t\r\f\v]+", " ", text)
        text = re.sub(r" *[\n\x00] *", "\n", text)
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
            self.buf.append(_BR)
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


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def page_title(root) -> str | None:
    """The document's <title> (the one in <head>, else the first outside an <svg>)."""
    for el in root.iter("title"):
        if not any(a.tag == "svg" for a in el.iterancestors()):
            return " ".join(el.text_content().split()) or None
    return None


def html_blocks(text: str, out: BlockBuilder, main_only: bool, title_block: bool = False) -> str | None:
    """Append the blocks of an HTML document to ``out``; returns the page title.

    With ``title_block`` the title leads the blocks unless the page's text starts with it
    anyway, so that it is searchable like the rest of the page."""
    root = parse_html(text)
    title = page_title(root)
    body = root.find("body")
    if body is None:
        body = root
    clean_tree(body)
    region = main_region(body) if main_only else body
    if title_block and title:
        opening = _norm(" ".join(region.itertext())[: 4 * len(title) + 200])
        if _norm(title) not in opening:
            out.heading(title, 1)
    _BlockWalker(out).run(region)
    return title


def extract_html(path: Path) -> Extracted:
    data = path.read_bytes()
    if len(data) > MAX_HTML_BYTES:
        raise ExtractionError("too_large", "the HTML page is over 64 MB")
    text, _ = decode_bytes(data, declared_html_charset(data))
    out = BlockBuilder()
    title = html_blocks(text, out, main_only=True, title_block=True)
    return Extracted("html", out.blocks, title=title)
