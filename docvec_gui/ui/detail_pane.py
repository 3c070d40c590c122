"""The detail pane: a document's metadata and its chunks (text, page, heading).

Chunks are read a page at a time on the pool (``run(fn, done, failed)``, i.e.
``Background.run``) as the list scrolls (``canFetchMore``/``fetchMore``), so a document of
100,000 chunks costs the Qt thread one page, never 100,000 items. Each document shown gets
a request number; a page that arrives for an older request is dropped.
"""
from __future__ import annotations

import html
import logging
from typing import Any, Callable, Sequence

from PySide6.QtCore import QAbstractListModel, QCoreApplication, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import QLabel, QListView, QPushButton, QVBoxLayout, QWidget

from docvec_gui.ui.models import DocRow, error_reason, human_size, status_text

log = logging.getLogger(__name__)

PAGE = 200
ChunkIndexRole = Qt.UserRole
Runner = Callable[[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]], None]
# (index, text, page, page_end, heading): what ``db.chunk_range`` returns.
ChunkTuple = tuple[int, str, "int | None", "int | None", str]


def read_chunks(doc_id: str, first: int, size: int) -> list[ChunkTuple]:
    """Chunks ``first`` .. ``first + size - 1`` of a document (runs on the pool)."""
    from docvec_gui.core import db as dbm

    return dbm.chunk_range(doc_id, first, size)


class ChunkListModel(QAbstractListModel):
    """The chunks of one document, read in pages as the view asks for more."""

    pageLoaded = Signal(int, int)  # first chunk index of the page, rows in it
    loadFailed = Signal(str)

    def __init__(self, run: Runner, page: int = PAGE, reader: Callable[[str, int, int], list] = read_chunks,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._run, self._page, self._reader = run, page, reader
        self._doc: str | None = None
        self._rows: list[ChunkTuple] = []
        self._first = 0  # chunk index of row 0
        self._more_after = False
        self._busy = False
        self.request = 0  # bumped for every document shown; older replies are dropped
        self.pending_focus: int | None = None

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        number, text, page, page_end, heading = self._rows[index.row()]
        if role == Qt.DisplayRole:
            return f"{self._head(number, page, page_end, heading)}\n{text}"
        if role == ChunkIndexRole:
            return number
        return None

    @staticmethod
    def _head(number: int, page, page_end, heading: str) -> str:
        where = ""
        if page:
            pages = f"{page}–{page_end}" if page_end and page_end != page else str(page)
            where = QCoreApplication.translate("DetailPane", "page %1").replace("%1", pages)
        return " · ".join(x for x in (f"#{number}", where, heading or "") if x)

    def canFetchMore(self, parent: QModelIndex = QModelIndex()) -> bool:
        return not parent.isValid() and self._doc is not None and self._more_after and not self._busy

    def fetchMore(self, parent: QModelIndex = QModelIndex()) -> None:
        if self.canFetchMore(parent):
            self._fetch(self._first + len(self._rows), before=False)

    # -- loading ---------------------------------------------------------------------------
    def show(self, doc_id: str, first: int = 0) -> None:
        """Show ``doc_id``'s chunks from chunk ``first`` on (its first page is read now)."""
        self.beginResetModel()
        self.request += 1
        self._doc, self._rows, self._first = doc_id, [], max(0, first)
        self._more_after, self._busy = True, False
        self.endResetModel()
        self._fetch(self._first, before=False)

    def clear(self) -> None:
        self.beginResetModel()
        self.request += 1
        self._doc, self._rows, self._first, self._more_after, self._busy = None, [], 0, False, False
        self.pending_focus = None
        self.endResetModel()

    def set_chunks(self, doc_id: str, chunks: Sequence) -> None:
        """Chunks already read (objects with index/text/page/page_end/heading)."""
        self.beginResetModel()
        self.request += 1
        self._doc, self._first, self._more_after, self._busy = doc_id, 0, False, False
        self._rows = [(c.index, c.text, c.page, getattr(c, "page_end", None), c.heading or "") for c in chunks]
        if self._rows:
            self._first = self._rows[0][0]
        self.endResetModel()

    def has_earlier(self) -> bool:
        return self._doc is not None and self._first > 0

    def fetch_earlier(self) -> None:
        if self.has_earlier() and not self._busy:
            self._fetch(max(0, self._first - self._page), before=True, limit=self._first - max(0, self._first - self._page))

    def row_of(self, chunk_index: int) -> int:
        """The row showing chunk ``chunk_index``, or -1."""
        row = chunk_index - self._first
        return row if 0 <= row < len(self._rows) and self._rows[row][0] == chunk_index else -1

    def _fetch(self, start: int, before: bool, limit: int | None = None) -> None:
        self._busy = True
        request, doc_id, size, reader = self.request, self._doc, limit or self._page, self._reader
        self._run(lambda: reader(doc_id, start, size),
                  lambda rows: self._arrived(request, start, before, size, rows),
                  lambda exc: self._failed(request, exc))

    def _arrived(self, request: int, start: int, before: bool, size: int, rows: list[ChunkTuple]) -> None:
        if request != self.request:
            log.debug("chunk page for an older request (%d, now %d) dropped", request, self.request)
            return
        self._busy = False
        if before:
            if rows:
                self.beginInsertRows(QModelIndex(), 0, len(rows) - 1)
                self._rows[0:0] = rows
                self._first = rows[0][0]
                self.endInsertRows()
        else:
            self._more_after = len(rows) >= size
            if rows:
                first = len(self._rows)
                self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
                self._rows.extend(rows)
                self.endInsertRows()
        self.pageLoaded.emit(start, len(rows))

    def _failed(self, request: int, exc: BaseException) -> None:
        if request != self.request:
            return
        self._busy, self._more_after = False, False
        log.error("reading chunks of %s failed: %s", self._doc, exc)
        self.loadFailed.emit(str(exc))


class ChunkList(QListView):
    """The list of chunks (a view over :class:`ChunkListModel`), with QListWidget's
    ``count``/``currentRow`` for callers written for the old list widget."""

    def count(self) -> int:
        return self.model().rowCount() if self.model() is not None else 0

    def currentRow(self) -> int:
        return self.currentIndex().row()


class DetailPane(QWidget):
    def __init__(self, parent: QWidget | None = None, run: Runner | None = None) -> None:
        super().__init__(parent)
        self.header = QLabel(self.tr("Select a document to see its details."))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.earlier = QPushButton(self.tr("Show earlier chunks"))
        self.earlier.hide()
        self.chunks = ChunkList()
        self.chunks.setAccessibleName(self.tr("Chunks"))
        self.chunks.setWordWrap(True)
        self.chunks.setAlternatingRowColors(True)
        self.chunks.setVerticalScrollMode(QListView.ScrollPerPixel)
        self.chunks.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self._own_background = None
        self.model = ChunkListModel(run or self._fallback_run, parent=self)
        self.chunks.setModel(self.model)
        self.model.pageLoaded.connect(self._page_loaded)
        self.model.loadFailed.connect(self._load_failed)
        self.earlier.clicked.connect(self.model.fetch_earlier)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.earlier)
        layout.addWidget(self.chunks, 1)
        self.doc_id: str | None = None
        self.row: DocRow | None = None

    def set_runner(self, run: Runner) -> None:
        """The pool chunk pages are read on (``Background.run``)."""
        self.model._run = run

    def _fallback_run(self, fn, done, failed) -> None:
        # A pane made without the window's pool: one of its own (owned by the pane).
        if self._own_background is None:
            from docvec_gui.ui.bridge import Background

            self._own_background = Background(lambda exc: log.error("detail pane: %s", exc), threads=1, parent=self)
        self._own_background.run(fn, done, failed)

    def show_document(self, row: DocRow, chunks: Sequence | None = None, focus_index: int | None = None) -> None:
        """Show ``row``'s facts and its chunks, read in pages from the library (or ``chunks``
        when the caller already has them); ``focus_index`` selects that chunk once loaded."""
        self.doc_id, self.row = row.id, row
        self._show_facts(row)
        self.model.pending_focus = focus_index
        if chunks is not None:
            self.model.set_chunks(row.id, chunks)
            self._focus()
        else:
            first = (focus_index // PAGE) * PAGE if focus_index else 0
            self.model.show(row.id, first)
        self.earlier.setVisible(self.model.has_earlier())

    def update_facts(self, row: DocRow) -> None:
        """A newer row of the document shown: its facts; its chunks are read again only when
        they changed (it finished processing, or was re-processed)."""
        if row.id != self.doc_id:
            return
        old, self.row = self.row, row
        self._show_facts(row)
        if old is not None and (old.chunk_count != row.chunk_count or old.status != row.status):
            self.model.show(row.id, 0)
            self.earlier.hide()

    def _show_facts(self, row: DocRow) -> None:
        facts = [
            (self.tr("File"), row.filename), (self.tr("Type"), row.content_type),
            (self.tr("Size"), human_size(row.size)), (self.tr("Status"), status_text(row.status)),
            (self.tr("Chunks"), f"{row.chunk_count:,}"), (self.tr("Pages"), str(row.page_count or "")),
            (self.tr("Original"), row.display_path),
        ]
        if row.error:
            facts.append((self.tr("Error"), error_reason(row)))
        if row.warning and row.warning != row.error:
            facts.append((self.tr("Warning"), row.warning))
        self.header.setText("<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in facts if v))

    def _page_loaded(self, _start: int, _count: int) -> None:
        self.earlier.setVisible(self.model.has_earlier())
        self._focus()

    def _focus(self) -> None:
        focus = self.model.pending_focus
        if focus is None:
            return
        row = self.model.row_of(focus)
        if row >= 0:
            self.model.pending_focus = None
            index = self.model.index(row)
            self.chunks.setCurrentIndex(index)
            self.chunks.scrollTo(index, QListView.PositionAtTop)

    def _load_failed(self, message: str) -> None:
        self.header.setText(self.header.text() + "<br>" + html.escape(self.tr("Chunks could not be read: %1")
                                                                      .replace("%1", message)))

    def clear(self) -> None:
        self.doc_id, self.row = None, None
        self.header.setText(self.tr("Select a document to see its details."))
        self.model.clear()
        self.earlier.hide()
