"""The preview of a search hit inside the app: the passage in context (the end of the chunk
before and the start of the chunk after, fetched in the background), the query's words
highlighted, its file, page and heading, and one explicit action, "Open at page N", that
emits ``open_requested(result)`` once per click. Nothing here launches a viewer by itself.

The neighbouring chunks come from an injected ``fetch_context(doc_id, chunk_index)`` that
returns chunk-like objects (attributes ``index``, ``text``, ``start``, ``end``; ``page`` and
``heading`` optional — ``dbm.Chunk`` rows or :class:`Passage`), run on the window's
``Background`` pool through an injected ``run(fn, done, failed)``. Each fetch carries a
number; a reply for an older selection is dropped.
"""
from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any, Callable, Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QPalette, QTextOption
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

log = logging.getLogger(__name__)

# Qt's rich text has no <mark>; a span with a highlight background reads the same way
# (same look as the result list's snippets).
HIGHLIGHT_OPEN = "<span style='background-color:#ffe066; color:#000000; font-weight:bold'>"
HIGHLIGHT_CLOSE = "</span>"
CONTEXT_CHARS = 600  # of each neighbouring chunk shown around the passage
HIT_ANCHOR = "hit"

FetchContext = Callable[[str, int], Sequence[Any]]
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]


@dataclass
class Passage:
    """A chunk as the preview needs it (``dbm.Chunk`` rows have the same attributes)."""

    index: int
    text: str
    start: int | None = None
    end: int | None = None
    page: int | None = None
    heading: str = ""


@dataclass
class Context:
    """What the preview shows around a hit: text before, the passage and its highlights, text after."""

    before: str
    text: str
    highlights: list[list[int]]
    after: str


def marked_html(text: str, spans: Sequence[Sequence[int]]) -> str:
    """``text`` as HTML with ``spans`` highlighted and line breaks kept."""
    out, pos = [], 0
    for start, end in sorted((max(0, s), min(len(text), e)) for s, e in spans):
        if end <= pos:
            continue
        start = max(start, pos)
        out.append(html.escape(text[pos:start]))
        out.append(HIGHLIGHT_OPEN + html.escape(text[start:end]) + HIGHLIGHT_CLOSE)
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out).replace("\n", "<br>")


def _tail(text: str, limit: int) -> str:
    """The last ``limit`` characters of ``text``, starting at a word boundary."""
    if len(text) <= limit:
        return text.lstrip()
    cut = text[-limit:]
    space = re.search(r"\s", cut)
    return "… " + (cut[space.end():] if space and space.end() < len(cut) // 2 else cut)


def _head(text: str, limit: int) -> str:
    """The first ``limit`` characters of ``text``, ending at a word boundary."""
    if len(text) <= limit:
        return text.rstrip()
    cut = text[:limit]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    return (cut[:space] if space > limit // 2 else cut) + " …"


def build_context(result, chunks: Sequence[Any], query: str, limit: int = CONTEXT_CHARS) -> Context:
    """The passage of ``result`` between its neighbours in ``chunks`` (chunks overlap: only
    what a neighbour adds beyond the passage is shown, using the chunks' text offsets). The
    passage's text comes from ``chunks`` when the result carries none (a "more" passage)."""
    # core.search imports the database models: on first use, not before the window paints.
    from docvec_gui.core.search import highlight_spans

    by_index = {int(c.index): c for c in chunks}
    own = by_index.get(int(result.chunk_index))
    text = result.text or (own.text if own is not None else "")
    spans = [list(s) for s in result.highlights] if result.text else highlight_spans(text, query) if query else []
    start = getattr(own, "start", None)
    end = getattr(own, "end", None)
    before = after = ""
    previous, following = by_index.get(int(result.chunk_index) - 1), by_index.get(int(result.chunk_index) + 1)
    if previous is not None:
        keep = previous.text
        if start is not None and getattr(previous, "start", None) is not None:
            keep = previous.text[:max(0, start - previous.start)]  # up to where the passage starts
        before = _tail(keep, limit)
    if following is not None:
        keep = following.text
        if end is not None and getattr(following, "start", None) is not None:
            keep = following.text[max(0, end - following.start):]  # from where the passage ends
        after = _head(keep, limit)
    return Context(before.strip(), text, spans, after.strip())


def _mix(a: QColor, b: QColor, share: float) -> str:
    """``share`` of colour ``a`` and the rest of ``b``, as #rrggbb."""
    mix = [round(share * x + (1 - share) * y) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3])]
    return "#{:02x}{:02x}{:02x}".format(*mix)


def tint_colour(palette: QPalette) -> str:
    """A faint wash of the selection colour over the background: marks the hit's passage
    without lowering its text's contrast noticeably."""
    return _mix(palette.color(QPalette.Highlight), palette.color(QPalette.Base), 0.12)


def muted_colour(palette: QPalette) -> str:
    """Text colour 62% of the way from the background: visibly quieter, still above the
    WCAG AA contrast ratio (4.5:1) on a light or a dark base."""
    return _mix(palette.color(QPalette.Text), palette.color(QPalette.Base), 0.62)



class SearchPreview(QWidget):
    """Shows one result in context; ``open_requested(result)`` when "Open" is clicked."""

    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result = None
        self.query = ""
        self._fetch: FetchContext | None = None
        self._run: Runner | None = None
        self._generation = 0  # bumped per shown result: older context replies are dropped
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.body = QTextBrowser()
        self.body.setOpenLinks(False)
        self.body.setWordWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)  # a long unbroken line wraps
        self.body.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._open)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.header)
        layout.addWidget(self.body, 1)
        layout.addLayout(row)
        self.retranslate()
        self.clear()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Search result preview"))
        self.header.setAccessibleName(self.tr("Previewed document"))
        self.body.setAccessibleName(self.tr("Passage in context"))
        self.note.setAccessibleName(self.tr("Preview status"))
        self.open_button.setAccessibleName(self.tr("Open the document"))
        self._show_header()

    def set_context_loader(self, fetch_context: FetchContext | None, run: Runner | None) -> None:
        """Where neighbouring chunks come from, and the pool that fetches them (both or neither)."""
        self._fetch, self._run = fetch_context, run

    def clear(self) -> None:
        self._generation += 1
        self.result = None
        self.body.clear()
        self.note.clear()
        self._show_header()

    def show_result(self, result, query: str = "") -> None:
        """Show ``result`` at once (its own passage), then its neighbours when they arrive."""
        self._generation += 1
        generation = self._generation
        self.result, self.query = result, query
        self._show_header()
        self._show(Context("", result.text, [list(s) for s in result.highlights], ""))
        if self._fetch is None or self._run is None:
            self.note.clear()
            return
        self.note.setText(self.tr("Loading the surrounding text…"))
        fetch = self._fetch
        doc_id, index = result.doc_id, int(result.chunk_index)

        def load() -> Context:  # on the pool: database reads and highlighting
            return build_context(result, fetch(doc_id, index), query)

        self._run(load, lambda context: self._context_arrived(generation, context),
                  lambda exc: self._context_failed(generation, exc))

    def _context_arrived(self, generation: int, context: Context) -> None:
        if generation != self._generation:
            log.debug("preview context for an older selection dropped")
            return
        self.note.clear()
        self._show(context)

    def _context_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        log.warning("the preview could not load the text around %s #%s: %s",
                    getattr(self.result, "doc_id", "?"), getattr(self.result, "chunk_index", "?"), exc)
        self.note.setText(self.tr("The surrounding text could not be loaded; the passage is shown alone."))

    def _show(self, context: Context) -> None:
        muted = muted_colour(self.body.palette())  # the text around the hit, quieter than the hit
        parts = []
        if context.before:
            parts.append(f"<p style='color:{muted}'>{html.escape(context.before).replace(chr(10), '<br>')}</p>")
        tint = tint_colour(self.body.palette())
        parts.append(f"<a name='{HIT_ANCHOR}'></a><table width='100%' cellspacing='0' cellpadding='6' "
                     f"style='background-color:{tint}'><tr><td>{marked_html(context.text, context.highlights)}"
                     "</td></tr></table>")
        if context.after:
            parts.append(f"<p style='color:{muted}'>{html.escape(context.after).replace(chr(10), '<br>')}</p>")
        self.body.setHtml("".join(parts))
        self.body.scrollToAnchor(HIT_ANCHOR)

    def passage_html(self) -> str:
        """The body's HTML (for tests and screen captures)."""
        return self.body.toHtml()

    def _show_header(self) -> None:
        result = self.result
        if result is None:
            self.header.setText(html.escape(self.tr("Select a result to preview it here.")))
            self.open_button.setText(self.tr("Open"))
            self.open_button.setEnabled(False)
            return
        where = [html.escape(self.tr("page %1").replace("%1", str(result.page)))] if result.page else []
        if result.heading:
            where.append(f"<i>{html.escape(result.heading)}</i>")
        self.header.setText(" · ".join([f"<b>{html.escape(result.filename)}</b>"] + where))
        if result.page:
            self.open_button.setText(self.tr("Open at page %1").replace("%1", str(result.page)))
        else:
            self.open_button.setText(self.tr("Open document"))
        self.open_button.setEnabled(True)

    def _open(self) -> None:
        if self.result is not None:
            self.open_requested.emit(self.result)


ZH_S_PREVIEW = {
    "Search result preview": "搜索结果预览",
    "Previewed document": "预览的文档",
    "Passage in context": "上下文中的段落",
    "Preview status": "预览状态",
    "Open the document": "打开文档",
    "Loading the surrounding text…": "正在载入上下文…",
    "The surrounding text could not be loaded; the passage is shown alone.":
        "无法载入上下文，仅显示该段落。",
    "Select a result to preview it here.": "选择一个结果，在此预览。",
    "Open": "打开",
    "page %1": "第 %1 页",
    "Open at page %1": "在第 %1 页打开",
    "Open document": "打开文档",
}
