"""Search: a query box with a mode and a scope (a watched folder, a type of document), the
results — one entry per document, its best passage first, "n more" expandable into the
document's other matching passages — and a preview of the selected hit in context.

Results are drawn by :class:`ResultDelegate`: every entry has the same height (file and
page on one line, the snippet wrapped — anywhere, if a line has no break — on at most
:data:`SNIPPET_LINES` lines), never wider than the list, relevance as a small bar.

Signals (the window wires them; see the module's WIRING notes in the report):
- ``query_submitted(SearchRequest)``: Enter, the Search button, or a change of mode or
  scope with a query typed. The request carries the number :meth:`SearchPanel.begin_request`
  gave it; hand it back to :meth:`SearchPanel.show_results` so an older reply is dropped.
- ``result_activated(result)``: Enter or a double-click on a hit, once: the preview shows it.
- ``open_requested(result)``: "Open at page N" in the preview, or Ctrl+Enter on a hit, once.

Keyboard: Down in the query box goes to the results; Up/Down move; Up on the first goes
back to the query; Right/Left open and close "n more"; Enter previews; Ctrl+Enter opens.
"""
from __future__ import annotations

import dataclasses
import html
import logging
from dataclasses import dataclass

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, QRect, QRectF, QSize, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QAbstractTextDocumentLayout, QColor, QFont, QFontMetrics, QIcon, QPalette, QTextDocument, \
    QTextOption
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHBoxLayout, QLabel, QLineEdit,
                               QListView, QListWidget, QListWidgetItem, QPushButton, QSplitter, QStyle,
                               QStyledItemDelegate, QStyleOptionViewItem, QVBoxLayout, QWidget)

from docvec_gui.ui.search_preview import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN, SearchPreview, muted_colour

log = logging.getLogger(__name__)

MODES = (("hybrid", QT_TRANSLATE_NOOP("SearchPanel", "Hybrid")),
         ("vector", QT_TRANSLATE_NOOP("SearchPanel", "Semantic")),
         ("keyword", QT_TRANSLATE_NOOP("SearchPanel", "Keyword")))
# Scope by type: the key emitted, its label, and the documents' ``content_type`` values
# (the sniffed format names of core.extract) it stands for.
TYPES = (
    ("pdf", QT_TRANSLATE_NOOP("SearchPanel", "PDF"), ("pdf",)),
    ("word", QT_TRANSLATE_NOOP("SearchPanel", "Word and OpenDocument text"), ("docx", "doc", "odt", "rtf")),
    ("text", QT_TRANSLATE_NOOP("SearchPanel", "Plain text and Markdown"), ("text", "markdown")),
    ("slides", QT_TRANSLATE_NOOP("SearchPanel", "Presentations"), ("pptx", "ppt", "odp")),
    ("sheets", QT_TRANSLATE_NOOP("SearchPanel", "Spreadsheets and tables"), ("xlsx", "xls", "ods", "csv", "tsv")),
    ("web", QT_TRANSLATE_NOOP("SearchPanel", "Web pages and e-books"), ("html", "epub")),
    ("email", QT_TRANSLATE_NOOP("SearchPanel", "E-mail"), ("eml",)),
    ("data", QT_TRANSLATE_NOOP("SearchPanel", "JSON"), ("json", "ndjson")),
    ("images", QT_TRANSLATE_NOOP("SearchPanel", "Images"), ("image",)),
)
CONTENT_TYPES = {key: types for key, _, types in TYPES}
BAR_WIDTH = 56
BAR_HEIGHT = 6
BAR_COLOUR = "#2f9e44"
SNIPPET_LINES = 3
PAD = 6
CHILD_INDENT = 22
PREVIEW_DELAY_MS = 80  # selection settles (holding Down) before the preview fetches context

KindRole = Qt.UserRole + 1  # RESULT (a document's best passage) or PASSAGE (one of its "more")
ExpandedRole = Qt.UserRole + 2
HtmlRole = Qt.UserRole + 3
RESULT, PASSAGE, NOTE = "result", "passage", "note"  # NOTE: "and n more in this document" (not selectable)


def snippet_html(text: str, spans: list[list[int]], limit: int | None = None) -> str:
    """An HTML snippet around the first highlight (cut at word boundaries by the core's
    :func:`snippet_parts`; ``limit`` defaults to its ``SNIPPET_CHARS``), with the matched
    terms highlighted."""
    # core.search imports the database models (peewee): imported on first use, so the
    # window can paint before the core loads (app.py).
    from docvec_gui.core.search import SNIPPET_CHARS, snippet_parts

    if limit is None:
        limit = SNIPPET_CHARS
    return "".join(f"{HIGHLIGHT_OPEN}{html.escape(piece)}{HIGHLIGHT_CLOSE}" if marked else html.escape(piece)
                   for piece, marked in snippet_parts(text, spans, limit))


@dataclass(frozen=True)
class SearchRequest:
    """One search as the user asked for it. ``request_id`` orders replies (see
    :meth:`SearchPanel.show_results`); ``content_types`` are ``Document.content_type`` values."""

    query: str
    mode: str
    request_id: int
    folder_id: int | None = None
    file_type: str | None = None  # a key of TYPES
    content_types: tuple[str, ...] = ()

    def search_kwargs(self) -> dict:
        """Keyword arguments for ``Service.search`` beyond the query: mode and scope."""
        kwargs: dict = {"mode": self.mode}
        if self.folder_id is not None:
            kwargs["folder_id"] = self.folder_id
        if self.content_types:
            kwargs["content_types"] = self.content_types
        return kwargs


def where_text(result) -> str:
    """"page 3", or the heading, or nothing; "· OCR" after it when OCR read the passage
    (a scan or an image: the user should expect misread characters)."""
    if getattr(result, "page", None):
        where = QCoreApplication.translate("SearchPanel", "page %1").replace("%1", str(result.page))
    else:
        where = getattr(result, "heading", "") or ""
    if getattr(result, "ocr", False):
        ocr = QCoreApplication.translate("SearchPanel", "OCR")
        return f"{where} · {ocr}" if where else ocr
    return where


def relevance_words(relevance: float) -> str:
    """The bar in words, for tooltips and screen readers."""
    if relevance >= 0.66:
        return QCoreApplication.translate("SearchPanel", "Relevance: high")
    if relevance >= 0.33:
        return QCoreApplication.translate("SearchPanel", "Relevance: medium")
    return QCoreApplication.translate("SearchPanel", "Relevance: low")


def more_text(more: int, expanded: bool) -> str:
    if more == 1:
        words = QCoreApplication.translate("SearchPanel", "1 more")
    else:
        words = QCoreApplication.translate("SearchPanel", "%1 more").replace("%1", str(more))
    return f"{words} {'▾' if expanded else '▸'}"


def passages_of(result) -> list:
    """The other passages of a grouped result (``result.others``) as results of their own,
    so the preview and "Open at page" treat them like any hit. Their text is empty unless the
    core sends it (``others[i]["text"]``): the preview fetches it."""
    out = []
    for other in getattr(result, "others", None) or []:
        out.append(dataclasses.replace(
            result, chunk_index=int(other["chunk_index"]), page=other.get("page"),
            heading=other.get("heading", result.heading) or "", text=other.get("text", "") or "",
            highlights=[list(s) for s in other.get("highlights", [])], score=float(other.get("score", 0.0)),
            relevance=float(other.get("relevance", 0.0)), more=0, others=[]))
    return out


class ResultDelegate(QStyledItemDelegate):
    """Draws a result in a fixed height: file and where on the first line with "n more" and
    the relevance bar at its right, then the highlighted snippet wrapped on up to
    :data:`SNIPPET_LINES` lines. A "more" passage is one indented line. The width asked is
    0, so an entry never makes the list wider than its viewport."""

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:  # noqa: N802 (Qt's name)
        line = option.fontMetrics.lineSpacing()
        if index.data(KindRole) in (PASSAGE, NOTE):
            return QSize(0, 2 * PAD + line)
        return QSize(0, 2 * PAD + line + PAD // 2 + SNIPPET_LINES * line)

    def paint(self, painter, option: QStyleOptionViewItem, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.CE_ItemViewItem, opt, painter, opt.widget)  # background, selection, focus
        selected = bool(opt.state & QStyle.State_Selected)
        result = index.data(Qt.UserRole)
        if index.data(KindRole) == NOTE:
            rect = opt.rect.adjusted(PAD + CHILD_INDENT, PAD, -PAD, -PAD)
            painter.save()
            painter.setPen(QColor(muted_colour(opt.palette)))
            painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter,
                             opt.fontMetrics.elidedText(index.data(Qt.DisplayRole) or "", Qt.ElideRight, rect.width()))
            painter.restore()
            return
        if result is None:
            return
        painter.save()
        try:
            if index.data(KindRole) == PASSAGE:
                self._paint_passage(painter, opt, result, selected)
            else:
                self._paint_result(painter, opt, index, result, selected)
        finally:
            painter.restore()

    # -- a document's best passage -----------------------------------------------------
    def _paint_result(self, painter, opt: QStyleOptionViewItem, index, result, selected: bool) -> None:
        rect = opt.rect.adjusted(PAD, PAD, -PAD, -PAD)
        fm = opt.fontMetrics
        line = fm.lineSpacing()
        text_colour = opt.palette.color(QPalette.HighlightedText if selected else QPalette.Text)
        bar = self.bar_rect(opt.rect, fm)
        self._paint_bar(painter, bar, opt.palette, float(getattr(result, "relevance", 0.0) or 0.0))
        right = bar.left() - PAD
        more = int(getattr(result, "more", 0) or 0)
        if more:
            words = more_text(more, bool(index.data(ExpandedRole)))
            area = self.more_rect(opt.rect, fm, more, bool(index.data(ExpandedRole)))
            painter.setPen(text_colour if selected else opt.palette.color(QPalette.Link))
            painter.setFont(opt.font)
            painter.drawText(area, Qt.AlignRight | Qt.AlignVCenter, words)
            right = area.left() - PAD
        title_rect = QRect(rect.left(), rect.top(), max(0, right - rect.left()), line)
        self._paint_title(painter, opt, title_rect, result, text_colour)
        snippet_rect = QRect(rect.left(), rect.top() + line + PAD // 2, rect.width(), SNIPPET_LINES * line)
        html_text = index.data(HtmlRole) or html.escape(getattr(result, "text", "") or "")
        document = snippet_document(html_text, opt.font, snippet_rect.width())
        shown = visible_height(document, SNIPPET_LINES, snippet_rect.height())
        painter.translate(snippet_rect.topLeft())
        painter.setClipRect(QRectF(0, 0, snippet_rect.width(), shown))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.Text, text_colour)
        context.clip = QRectF(0, 0, snippet_rect.width(), shown)
        document.documentLayout().draw(painter, context)

    def _paint_title(self, painter, opt: QStyleOptionViewItem, rect: QRect, result, colour: QColor) -> None:
        bold = QFont(opt.font)
        bold.setBold(True)
        bold_fm = QFontMetrics(bold)
        where = where_text(result)
        where = f"  ·  {where}" if where else ""
        # The name first: "where" gets what is left, but the name never takes more than 3/4.
        where_width = min(opt.fontMetrics.horizontalAdvance(where), rect.width() // 4)
        name_width = max(rect.width() - opt.fontMetrics.horizontalAdvance(where), rect.width() - where_width)
        name = bold_fm.elidedText(result.filename, Qt.ElideMiddle, max(0, name_width))
        painter.setPen(colour)
        painter.setFont(bold)
        painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter, name)
        used = bold_fm.horizontalAdvance(name)
        painter.setFont(opt.font)
        rest = QRect(rect.left() + used, rect.top(), max(0, rect.width() - used), rect.height())
        painter.drawText(rest, Qt.AlignLeft | Qt.AlignVCenter,
                         opt.fontMetrics.elidedText(where, Qt.ElideRight, rest.width()))

    @staticmethod
    def _paint_bar(painter, frame: QRect, palette: QPalette, relevance: float) -> None:
        relevance = max(0.0, min(1.0, relevance))
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(Qt.NoPen)
        painter.setBrush(palette.color(QPalette.Mid))
        painter.drawRoundedRect(QRectF(frame), 3, 3)
        if relevance > 0:
            filled = QRectF(frame.x(), frame.y(), max(BAR_HEIGHT, BAR_WIDTH * relevance), BAR_HEIGHT)
            painter.setBrush(QColor(BAR_COLOUR))
            painter.drawRoundedRect(filled, 3, 3)

    @staticmethod
    def bar_rect(item_rect: QRect, fm: QFontMetrics) -> QRect:
        """Where the relevance bar of an entry in ``item_rect`` is drawn (beside its first line)."""
        middle = item_rect.top() + PAD + fm.lineSpacing() // 2
        return QRect(item_rect.right() - PAD - BAR_WIDTH, middle - BAR_HEIGHT // 2, BAR_WIDTH, BAR_HEIGHT)

    @classmethod
    def more_rect(cls, item_rect: QRect, fm: QFontMetrics, more: int, expanded: bool) -> QRect:
        """Where "n more ▸" is drawn; a click there opens or closes the document's passages."""
        width = fm.horizontalAdvance(more_text(more, expanded)) + 4
        bar = cls.bar_rect(item_rect, fm)
        return QRect(bar.left() - PAD - width, item_rect.top() + PAD, width, fm.lineSpacing())

    # -- one of a document's other passages --------------------------------------------
    def _paint_passage(self, painter, opt: QStyleOptionViewItem, result, selected: bool) -> None:
        rect = opt.rect.adjusted(PAD + CHILD_INDENT, PAD, -PAD, -PAD)
        where = where_text(result) or QCoreApplication.translate("SearchPanel", "passage %1").replace(
            "%1", str(result.chunk_index + 1))
        text = f"↳ {where}"
        if result.text:
            from docvec_gui.core.search import SNIPPET_CHARS, snippet_text  # see snippet_html

            text += "  —  " + snippet_text(result.text, result.highlights, SNIPPET_CHARS)
        role = QPalette.HighlightedText if selected else QPalette.Text
        painter.setPen(opt.palette.color(role))
        painter.setFont(opt.font)
        painter.drawText(rect, Qt.AlignLeft | Qt.AlignVCenter,
                         opt.fontMetrics.elidedText(text, Qt.ElideRight, rect.width()))


def snippet_document(html_text: str, font: QFont, width: int) -> QTextDocument:
    """The snippet laid out at ``width``: words wrap, and so does a run without breaks."""
    document = QTextDocument()
    document.setDocumentMargin(0)
    document.setDefaultFont(font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapAtWordBoundaryOrAnywhere)
    document.setDefaultTextOption(option)
    document.setHtml(html_text)
    document.setTextWidth(max(1, width))
    return document


def visible_height(document: QTextDocument, max_lines: int, max_height: int) -> float:
    """The height of the document's first lines that fit both ``max_lines`` and ``max_height``
    (whole lines only: a line is never cut through)."""
    shown, bottom = 0, 0.0
    block = document.begin()
    layout_of = document.documentLayout()
    while block.isValid():
        top = layout_of.blockBoundingRect(block).top()
        layout = block.layout()
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            line_bottom = top + line.y() + line.height()
            if shown >= max_lines or line_bottom > max_height + 1:
                return bottom
            bottom, shown = line_bottom, shown + 1
        block = block.next()
    return bottom


class ResultList(QListWidget):
    """The results: keys and clicks the panel turns into previews, opening and "n more"."""

    activate_current = Signal()
    open_current = Signal()
    leave_top = Signal()
    toggle_more = Signal(int, object)  # row; True open, False close, None toggle

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setItemDelegate(ResultDelegate(self))
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)  # entries wrap, never scroll sideways
        self.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        self.setResizeMode(QListView.Adjust)
        self.setWordWrap(True)
        self.setTextElideMode(Qt.ElideRight)
        self.setAlternatingRowColors(True)
        self.setSelectionMode(QAbstractItemView.SingleSelection)
        self.setEditTriggers(QAbstractItemView.NoEditTriggers)

    def keyPressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        key, mods = event.key(), event.modifiers()
        plain = (mods | Qt.KeypadModifier) == Qt.KeypadModifier  # macOS marks arrow keys as keypad keys
        if key in (Qt.Key_Return, Qt.Key_Enter):
            # Handled here (not by Qt's "activated") so one Enter is one action on every platform.
            (self.open_current if mods & Qt.ControlModifier else self.activate_current).emit()
            event.accept()
            return
        if key == Qt.Key_Up and plain and self.currentRow() <= 0:
            self.leave_top.emit()
            event.accept()
            return
        if key in (Qt.Key_Right, Qt.Key_Left) and plain and self.currentItem() is not None:
            self.toggle_more.emit(self.currentRow(), key == Qt.Key_Right)
            event.accept()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        pos = event.position().toPoint()
        item = self.itemAt(pos)
        if item is not None and event.button() == Qt.LeftButton and item.data(KindRole) == RESULT:
            more = int(getattr(item.data(Qt.UserRole), "more", 0) or 0)
            if more and ResultDelegate.more_rect(self.visualItemRect(item), self.fontMetrics(), more,
                                                 bool(item.data(ExpandedRole))).contains(pos):
                self.toggle_more.emit(self.row(item), None)
        super().mousePressEvent(event)


class SearchPanel(QWidget):
    """The search tab: query row, results and preview (see the module's docstring)."""

    query_submitted = Signal(object)  # SearchRequest
    result_activated = Signal(object)
    open_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._latest = 0  # the newest request's number; replies to older ones are dropped
        self._query_shown = ""  # the query whose results are listed (the preview highlights it)
        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.mode = QComboBox()
        for key, _ in MODES:
            self.mode.addItem("", key)
        # Search one watched folder only; hidden while no folder is watched.
        self.scope = QComboBox()
        self.scope.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.scope.addItem("", None)
        self.scope.setVisible(False)
        self.file_type = QComboBox()
        # As wide as a short label; the list that opens shows the long ones whole.
        self.file_type.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.file_type.setMinimumContentsLength(12)
        self.file_type.addItem("", None)
        for key, _, _ in TYPES:
            self.file_type.addItem("", key)
        self.button = QPushButton()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.results = ResultList()
        self.preview = SearchPreview()
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.addWidget(self.results)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.splitter.setChildrenCollapsible(False)
        # The query and its button on one row, the scope and mode below: beside three combo
        # boxes the field was too narrow for its own placeholder at 1280 px.
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.button)
        options = QHBoxLayout()
        options.addWidget(self.scope)
        options.addWidget(self.file_type)
        options.addWidget(self.mode)
        options.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(options)
        layout.addWidget(self.status)
        layout.addWidget(self.splitter, 1)
        for first, second in ((self.query, self.button), (self.button, self.scope), (self.scope, self.file_type),
                              (self.file_type, self.mode), (self.mode, self.results),
                              (self.results, self.preview.body), (self.preview.body, self.preview.open_button)):
            QWidget.setTabOrder(first, second)
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(PREVIEW_DELAY_MS)
        self._preview_timer.timeout.connect(self._preview_current)
        self.query.returnPressed.connect(self._submit)
        self.query.installEventFilter(self)
        self.button.clicked.connect(self._submit)
        for combo in (self.mode, self.scope, self.file_type):
            combo.currentIndexChanged.connect(self._rerun)
        # Only "activated" (double-click, or a click where the platform activates on one):
        # itemDoubleClicked as well would act twice. Enter comes from ResultList.keyPressEvent.
        self.results.activated.connect(lambda _index: self.activate_current())
        self.results.activate_current.connect(self.activate_current)
        self.results.open_current.connect(self.open_current)
        self.results.leave_top.connect(self._back_to_query)
        self.results.toggle_more.connect(self._toggle_more)
        self.results.currentItemChanged.connect(lambda *_: self._preview_timer.start())
        self.preview.open_requested.connect(self.open_requested)
        self.retranslate()

    def retranslate(self) -> None:
        """Every visible string again, in the current language."""
        self.query.setPlaceholderText(self.tr("Search by meaning and keywords…"))
        self.query.setAccessibleName(self.tr("Search query"))
        self.mode.setAccessibleName(self.tr("Search mode"))
        for i, (_, label) in enumerate(MODES):
            self.mode.setItemText(i, self.tr(label))
        self.scope.setAccessibleName(self.tr("Search in folder"))
        self.scope.setItemText(0, self.tr("Everywhere"))
        self.file_type.setAccessibleName(self.tr("Type of document"))
        self.file_type.setItemText(0, self.tr("All types"))
        for i, (_, label, _) in enumerate(TYPES, start=1):
            self.file_type.setItemText(i, self.tr(label))
        self.button.setText(self.tr("Search"))
        self.button.setAccessibleName(self.tr("Search"))
        self.status.setAccessibleName(self.tr("Search status"))
        self.results.setAccessibleName(self.tr("Search results"))
        self.preview.retranslate()

    # -- scope --------------------------------------------------------------------------
    def set_folders(self, folders: list[tuple[int, str, str]]) -> None:
        """The watched folders a search can be scoped to: (id, label, full path). The chosen
        one stays chosen while it is watched; otherwise the scope goes back to everywhere."""
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("Everywhere"), None)
        for folder_id, label, path in folders:
            self.scope.addItem(self.tr("In %1").replace("%1", label), folder_id)
            self.scope.setItemData(self.scope.count() - 1, path, Qt.ToolTipRole)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)) if current is not None else 0)
        self.scope.blockSignals(False)
        self.scope.setVisible(bool(folders))

    def folder_scope(self) -> int | None:
        """The watched folder to search in, or None for the whole library."""
        return self.scope.currentData()

    def set_folder_scope(self, folder_id: int | None) -> bool:
        index = self.scope.findData(folder_id) if folder_id is not None else 0
        if index < 0:
            return False
        self.scope.setCurrentIndex(index)
        return True

    def type_scope(self) -> str | None:
        """The key (of :data:`TYPES`) of the type of document to search, or None for all."""
        return self.file_type.currentData()

    def set_type_scope(self, key: str | None) -> bool:
        index = self.file_type.findData(key) if key is not None else 0
        if index < 0:
            return False
        self.file_type.setCurrentIndex(index)
        return True

    # -- requests and replies -----------------------------------------------------------
    def begin_request(self) -> int:
        """A new request's number; from now on replies to older ones are dropped."""
        self._latest += 1
        return self._latest

    def current_request(self, query: str | None = None) -> SearchRequest:
        """A request for ``query`` (default: the query box) with the current mode and scope,
        numbered by :meth:`begin_request`."""
        text = (self.query.text() if query is None else query).strip()
        file_type = self.type_scope()
        return SearchRequest(text, self.mode.currentData(), self.begin_request(), self.folder_scope(), file_type,
                             CONTENT_TYPES.get(file_type, ()) if file_type else ())

    def _submit(self) -> None:
        if not self.query.text().strip():
            self.status.setText(self.tr("Type something to search for."))
            return
        request = self.current_request()
        self.status.setText(self.tr("Searching…"))
        self.query_submitted.emit(request)

    def _rerun(self) -> None:
        """A new mode or scope applies to the query typed at once."""
        if self.query.text().strip():
            self._submit()

    def show_results(self, results: list, request_id: int | None = None) -> bool:
        """List ``results`` (grouped: a document's best passage each). With the ``request_id``
        of an older request than the newest, nothing changes (False): a slow reply never
        replaces a newer one. Without one (the old wiring), the results are always shown."""
        if request_id is not None and request_id != self._latest:
            log.debug("search reply %s dropped: request %s is newer", request_id, self._latest)
            return False
        self._query_shown = self.query.text().strip()
        self.results.clear()
        self.preview.clear()
        if not results:
            self.status.setText(self.tr("No good matches. Try other words, or Keyword mode for exact terms."))
            return True
        self.status.setText(self.tr("1 document") if len(results) == 1
                            else self.tr("%1 documents").replace("%1", str(len(results))))
        for result in results:
            self.results.addItem(self._item(result, RESULT))
        self.results.setCurrentRow(0)  # the best hit is previewed at once
        return True

    def show_error(self, message: str, request_id: int | None = None) -> bool:
        if request_id is not None and request_id != self._latest:
            return False
        self.status.setText(message)
        return True

    def _item(self, result, kind: str) -> QListWidgetItem:
        item = QListWidgetItem()
        item.setData(Qt.UserRole, result)
        item.setData(KindRole, kind)
        words = relevance_words(float(getattr(result, "relevance", 0.0) or 0.0))
        where = where_text(result)
        from docvec_gui.core.search import snippet_text  # see snippet_html

        plain = snippet_text(result.text, result.highlights) if result.text else ""
        if kind == RESULT:
            item.setData(HtmlRole, snippet_html(result.text, result.highlights))
            item.setToolTip(f"{result.filename}\n{words}")  # the name may be elided in a narrow list
            described = [result.filename, where, words, plain]
            if getattr(result, "more", 0):
                described.append(more_text(result.more, False)[:-2])
        else:
            described = [result.filename, where, plain]
        item.setData(Qt.AccessibleTextRole, ". ".join(x for x in described if x))
        return item

    # -- "n more" ------------------------------------------------------------------------
    def _toggle_more(self, row: int, want_open: bool | None) -> None:
        item = self.results.item(row)
        if item is None:
            return
        if item.data(KindRole) == PASSAGE:
            if want_open is False:  # Left on a passage: back to its document
                while row > 0 and self.results.item(row).data(KindRole) == PASSAGE:
                    row -= 1
                self.results.setCurrentRow(row)
            return
        expanded = bool(item.data(ExpandedRole))
        if want_open is None:
            want_open = not expanded
        if want_open == expanded:
            return
        if want_open:
            result = item.data(Qt.UserRole)
            passages = passages_of(result)
            for offset, passage in enumerate(passages, start=1):
                self.results.insertItem(row + offset, self._item(passage, PASSAGE))
            unlisted = int(getattr(result, "more", 0) or 0) - len(passages)
            if unlisted > 0:  # the core lists the best few of a document's other passages
                note = QListWidgetItem(self.tr("and %1 more in this document").replace("%1", str(unlisted)))
                note.setData(KindRole, NOTE)
                note.setFlags(Qt.NoItemFlags)  # the cursor skips it
                self.results.insertItem(row + len(passages) + 1, note)
        else:
            while row + 1 < self.results.count() and self.results.item(row + 1).data(KindRole) in (PASSAGE, NOTE):
                self.results.takeItem(row + 1)
        item.setData(ExpandedRole, want_open)

    def expand(self, row: int, expanded: bool = True) -> None:
        """Open (or close) the "n more" passages of the entry at ``row``."""
        self._toggle_more(row, expanded)

    # -- preview and opening ------------------------------------------------------------
    def set_context_loader(self, fetch_context, run) -> None:
        """How the preview gets a hit's neighbouring chunks: ``fetch_context(doc_id,
        chunk_index)`` run on ``run(fn, done, failed)`` (the window's Background.run)."""
        self.preview.set_context_loader(fetch_context, run)

    def current_result(self):
        item = self.results.currentItem()
        return item.data(Qt.UserRole) if item is not None else None

    def _preview_current(self) -> None:
        result = self.current_result()
        if result is None:
            self.preview.clear()
        elif result is not self.preview.result:
            self.preview.show_result(result, self._query_shown)

    def activate_current(self) -> None:
        """Enter or double-click: the hit in the preview (never an external viewer)."""
        result = self.current_result()
        if result is None:
            return
        self._preview_timer.stop()
        if result is not self.preview.result:
            self.preview.show_result(result, self._query_shown)
        sizes = self.splitter.sizes()
        if len(sizes) == 2 and sizes[1] == 0:
            self.splitter.setSizes([sizes[0] * 3 // 5, sizes[0] * 2 // 5])
        self.result_activated.emit(result)

    def open_current(self) -> None:
        """Ctrl+Enter: open the hit in its viewer (the window does it)."""
        result = self.current_result()
        if result is not None:
            self.open_requested.emit(result)

    # -- keyboard -------------------------------------------------------------------------
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt's name)
        if watched is self.query and event.type() == QEvent.KeyPress and event.key() == Qt.Key_Down \
                and self.results.count():
            self.results.setFocus(Qt.TabFocusReason)
            if self.results.currentRow() < 0:
                self.results.setCurrentRow(0)
            return True
        return super().eventFilter(watched, event)

    def _back_to_query(self) -> None:
        self.query.setFocus(Qt.TabFocusReason)

    # -- for tests and screen readers ---------------------------------------------------
    def result_count(self) -> int:
        """How many documents are listed (not counting opened "more" passages)."""
        return sum(1 for r in range(self.results.count()) if self.results.item(r).data(KindRole) == RESULT)

    def result_at(self, n: int):
        """The ``n``-th document's result (its best passage)."""
        rows = [r for r in range(self.results.count()) if self.results.item(r).data(KindRole) == RESULT]
        return self.results.item(rows[n]).data(Qt.UserRole)

    def result_html(self, n: int) -> str:
        """The ``n``-th document's snippet as drawn (HTML, highlights included)."""
        rows = [r for r in range(self.results.count()) if self.results.item(r).data(KindRole) == RESULT]
        return self.results.item(rows[n]).data(HtmlRole)


# Chinese for the strings above (context "SearchPanel"); B merges them into the catalogue.
ZH_S = {
    "Hybrid": "混合",
    "Semantic": "语义",
    "Keyword": "关键词",
    "PDF": "PDF",
    "Word and OpenDocument text": "Word 与 OpenDocument 文本",
    "Plain text and Markdown": "纯文本与 Markdown",
    "Presentations": "演示文稿",
    "Spreadsheets and tables": "电子表格与表格",
    "Web pages and e-books": "网页与电子书",
    "E-mail": "电子邮件",
    "JSON": "JSON",
    "page %1": "第 %1 页",
    "OCR": "OCR 识别",
    "Images": "图片",
    "passage %1": "第 %1 段",
    "Relevance: high": "相关度：高",
    "Relevance: medium": "相关度：中",
    "Relevance: low": "相关度：低",
    "1 more": "另 1 处",
    "and %1 more in this document": "本文档中还有 %1 处",
    "%1 more": "另 %1 处",
    "Search by meaning and keywords…": "按语义和关键词搜索…",
    "Search query": "搜索内容",
    "Search mode": "搜索模式",
    "Search in folder": "搜索范围（文件夹）",
    "Everywhere": "全部",
    "Type of document": "文档类型",
    "All types": "全部类型",
    "Search": "搜索",
    "Search status": "搜索状态",
    "Search results": "搜索结果",
    "In %1": "在 %1 中",
    "Type something to search for.": "请输入要搜索的内容。",
    "Searching…": "正在搜索…",
    "No good matches. Try other words, or Keyword mode for exact terms.":
        "没有合适的结果。请换个说法，或用关键词模式查找确切的词。",
    "1 document": "1 个文档",
    "%1 documents": "%1 个文档",
}
