"""The live file table: a virtualised model updated incrementally from core events.

Events are coalesced: changed document ids collect in a set and a ~100 ms timer fetches
their rows (off the Qt thread) and applies them with ``dataChanged`` over contiguous row
ranges, inserts or removals. The model is never reset for an event.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import (QAbstractTableModel, QModelIndex, QObject, QSortFilterProxyModel, Qt, QTimer,
                            Signal)
from PySide6.QtGui import QColor

from docvec_gui.core.events import Event

COLUMNS = ("name", "type", "size", "status", "progress", "chunks", "error", "added", "processed")
STATUS_COLORS = {"pending": "#8a8a8a", "processing": "#2f7ed8", "completed": "#2e9e44", "error": "#d64541"}
SortRole = Qt.UserRole + 1
IdRole = Qt.UserRole + 2
StatusRole = Qt.UserRole + 3
ProgressRole = Qt.UserRole + 4


@dataclass
class DocRow:
    id: str
    filename: str
    content_type: str
    size: int
    status: str
    progress: float
    chunk_count: int
    error: str
    warning: str
    created_at: _dt.datetime | None
    processed_at: _dt.datetime | None
    original_path: str
    stored_path: str
    page_count: int | None = None
    progress_note: str = ""  # pages and chunks done, time left (processing only)

    @classmethod
    def from_document(cls, doc) -> "DocRow":
        error = f"{doc.error_kind}: {doc.error_message}" if doc.status == "error" else ""
        if doc.status == "pending" and doc.error_message:
            error = doc.error_message  # e.g. "retrying in 4s after ..."
        return cls(doc.id, doc.filename, doc.content_type, doc.size, doc.status, doc.progress or 0.0,
                   doc.chunk_count, error, doc.warning or "", doc.created_at, doc.processed_at,
                   doc.original_path, doc.stored_path, doc.page_count,
                   (doc.progress_note or "") if doc.status == "processing" else "")


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


def _when(value: _dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.replace(tzinfo=_dt.timezone.utc).astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


class DocumentTableModel(QAbstractTableModel):
    """Rows of :class:`DocRow`; ``apply`` merges fresh rows, ``remove`` drops ids."""

    countsChanged = Signal(dict)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocRow] = []
        self._index: dict[str, int] = {}
        self._headers = [self.tr("Name"), self.tr("Type"), self.tr("Size"), self.tr("Status"), self.tr("Progress"),
                         self.tr("Chunks"), self.tr("Error"), self.tr("Added"), self.tr("Processed")]

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.DisplayRole):
        if orientation == Qt.Horizontal and role == Qt.DisplayRole and 0 <= section < len(COLUMNS):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        row = self._rows[index.row()]
        column = COLUMNS[index.column()]
        if role == Qt.DisplayRole:
            return self._display(row, column)
        if role == SortRole:
            return self._sort_key(row, column)
        if role == IdRole:
            return row.id
        if role == StatusRole:
            return row.status
        if role == ProgressRole:
            return row.progress
        if role == Qt.ForegroundRole and column == "status":
            return QColor(STATUS_COLORS.get(row.status, "#808080"))
        if role == Qt.ToolTipRole:
            if column == "error" and row.error:
                return row.error
            if column == "name":
                return row.original_path
            if column == "status" and row.warning:
                return row.warning
        if role == Qt.TextAlignmentRole and column in ("size", "chunks"):
            return int(Qt.AlignRight | Qt.AlignVCenter)
        return None

    def _display(self, row: DocRow, column: str):
        if column == "name":
            return row.filename
        if column == "type":
            return row.content_type
        if column == "size":
            return human_size(row.size)
        if column == "status":
            label = {"pending": self.tr("pending"), "processing": self.tr("processing"),
                     "completed": self.tr("completed"), "error": self.tr("error")}.get(row.status, row.status)
            return label + (" ⚠" if row.warning and row.status == "completed" else "")
        if column == "progress":
            if row.status != "processing":
                return ""
            return f"{row.progress:.0%}" + (f" · {row.progress_note}" if row.progress_note else "")
        if column == "chunks":
            return str(row.chunk_count) if row.chunk_count else ""
        if column == "error":
            return row.error or row.warning
        if column == "added":
            return _when(row.created_at)
        if column == "processed":
            return _when(row.processed_at)
        return None

    def _sort_key(self, row: DocRow, column: str):
        if column == "size":
            return row.size
        if column == "chunks":
            return row.chunk_count
        if column == "progress":
            return row.progress
        if column in ("added", "processed"):
            value = row.created_at if column == "added" else row.processed_at
            return value.isoformat() if value else ""
        return (self._display(row, column) or "").lower()

    # -- updates -------------------------------------------------------------------------
    def row_for(self, doc_id: str) -> DocRow | None:
        position = self._index.get(doc_id)
        return self._rows[position] if position is not None else None

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def apply(self, rows: list[DocRow]) -> None:
        """Insert new rows and update changed ones, emitting the narrowest signals."""
        changed: list[int] = []
        new: list[DocRow] = []
        for row in rows:
            position = self._index.get(row.id)
            if position is None:
                new.append(row)
            elif self._rows[position] != row:
                self._rows[position] = row
                changed.append(position)
        for start, end in _ranges(sorted(changed)):
            self.dataChanged.emit(self.index(start, 0), self.index(end, len(COLUMNS) - 1))
        if new:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            for offset, row in enumerate(new):
                self._index[row.id] = first + offset
                self._rows.append(row)
            self.endInsertRows()
        if changed or new:
            self.countsChanged.emit(self.counts())

    def remove(self, doc_ids: set[str]) -> None:
        positions = sorted((self._index[i] for i in doc_ids if i in self._index), reverse=True)
        for start, end in reversed(list(_ranges(sorted(positions)))):
            self.beginRemoveRows(QModelIndex(), start, end)
            del self._rows[start:end + 1]
            self.endRemoveRows()
        if positions:
            self._index = {row.id: i for i, row in enumerate(self._rows)}
            self.countsChanged.emit(self.counts())

    def counts(self) -> dict[str, int]:
        counts = {"pending": 0, "processing": 0, "completed": 0, "error": 0}
        for row in self._rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts


def _ranges(positions: list[int]):
    """Contiguous [start, end] runs of sorted positions."""
    start = prev = None
    for p in positions:
        if start is None:
            start = prev = p
        elif p == prev + 1:
            prev = p
        else:
            yield start, prev
            start = prev = p
    if start is not None:
        yield start, prev


class DocumentFilterModel(QSortFilterProxyModel):
    """Filters by status and by a name substring; sorts by :data:`SortRole`."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._status: str | None = None
        self._name = ""
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_status(self, status: str | None) -> None:
        self._status = status or None
        self.invalidateRowsFilter()

    def set_name(self, text: str) -> None:
        self._name = text.strip().lower()
        self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self._status and not self._name:
            return True
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._status and model.data(index, StatusRole) != self._status:
            return False
        if self._name and self._name not in (model.data(index, Qt.DisplayRole) or "").lower():
            return False
        return True


class EventCoalescer(QObject):
    """Collects changed ids from core events and flushes them at most every ``interval`` ms."""

    flush = Signal(set, set)  # changed ids, deleted ids

    def __init__(self, interval: int = 100, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._changed: set[str] = set()
        self._deleted: set[str] = set()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(interval)
        self._timer.timeout.connect(self._emit)

    def add(self, event: Event) -> None:
        if event.kind == "deleted":
            self._deleted.add(event.doc_id)
            self._changed.discard(event.doc_id)
        else:
            self._changed.add(event.doc_id)
        if not self._timer.isActive():
            self._timer.start()

    def _emit(self) -> None:
        changed, deleted = self._changed, self._deleted
        self._changed, self._deleted = set(), set()
        self.flush.emit(changed, deleted)

