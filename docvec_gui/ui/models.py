"""The live file table: a virtualised model updated incrementally from core events.

Events are coalesced: changed document ids collect in a set and a ~100 ms timer fetches
their rows (off the Qt thread) and applies them with ``dataChanged`` over contiguous row
ranges, inserts or removals. The model is never reset for an event.

The table must stay fast at 100,000 documents, where anything the Qt side does per row
through the Python binding costs seconds: ``QSortFilterProxyModel`` calls ``lessThan`` and
``filterAcceptsRow`` (and through them ``data()``) once per row and comparison, which is
~1.7 million calls to sort 100k rows. So :class:`DocumentFilterModel` keeps its row mapping
as Python lists, computed in bulk (``list.sort`` with precomputed keys, comprehensions),
and tells views about changes with few signals: one insertion at the end, one removal at
the end after a layout change gathers the rows to remove, one layout change for a new order.
Status counts are kept incrementally, rows are read with plain SQL (no model instances) and
the first load arrives in pages (:class:`RowLoader`).
"""
from __future__ import annotations

import datetime as _dt
import gc
import logging
import re
import sys
import time
from bisect import bisect_left, bisect_right
from collections import deque
from itertools import compress, repeat
from dataclasses import dataclass
from operator import and_, attrgetter, contains, eq, not_
from typing import Any, Callable, Iterable, Iterator

from PySide6.QtCore import (QT_TRANSLATE_NOOP, QAbstractItemModel, QAbstractTableModel, QCoreApplication,
                            QModelIndex, QObject, Qt, QTimer, Signal)
from PySide6.QtGui import QColor

from docvec_gui.core.events import Event

log = logging.getLogger(__name__)

COLUMNS = ("name", "folder", "type", "size", "status", "progress", "chunks", "error", "added", "processed")
STATUS_COLORS = {"pending": "#8a8a8a", "processing": "#2f7ed8", "completed": "#2e9e44", "error": "#d64541"}
VISIBLE_STATUSES = ("pending", "processing", "completed", "error")
# ``DocumentFilterModel.set_folder(LIBRARY_FOLDER)``: the documents added to the library
# itself (copied in, no watched folder). Watched folders' ids start at 1.
LIBRARY_FOLDER = 0
SortRole = Qt.UserRole + 1
IdRole = Qt.UserRole + 2
StatusRole = Qt.UserRole + 3
ProgressRole = Qt.UserRole + 4
# The stage of a processing document, translated ("page 3 of 40 · 120 chunks"); "" if none.
NoteRole = Qt.UserRole + 5
# Qt's roles as plain ints and enum members looked up once: reading an attribute of ``Qt``
# costs microseconds in PySide6, and data() is asked several roles for every visible cell
# at every repaint (headerData, hundreds of times when a sort indicator moves).
_DISPLAY, _TOOLTIP, _FOREGROUND, _ALIGNMENT = (int(r.value) for r in (Qt.DisplayRole, Qt.ToolTipRole, Qt.ForegroundRole,
                                                                        Qt.TextAlignmentRole))
_RIGHT = int((Qt.AlignRight | Qt.AlignVCenter).value)
_HORIZONTAL, _DESCENDING = Qt.Horizontal, Qt.DescendingOrder
# A layout change that reorders rows only: the horizontal header need not recompute its
# sections (PySide6 reaches this overload of the signal only by its signature).
_LAYOUT = "QList<QPersistentModelIndex>,QAbstractItemModel::LayoutChangeHint"
_ROWS_ONLY = QAbstractItemModel.LayoutChangeHint.VerticalSortHint
# The first load waits this long after inserting a slice, so that the view repaints first.
PAINT_GAP_MS = 10
# SQLite caps the parameters of one statement (999 in old builds).
IDS_PER_QUERY = 500


@dataclass(slots=True)
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
    folder_id: int | None = None  # the watched folder holding the file; None: a copy in the library
    path: str = ""  # the file's path as shown (empty: ``original_path``)
    error_kind: str = ""  # the ``ErrorKind`` of an error row (``error`` is "kind: message")

    @property
    def display_path(self) -> str:
        return self.path or self.original_path

    @property
    def folder(self) -> str:
        """The folder the file is in (for a library copy: the folder it was added from)."""
        return parent_folder(self.display_path)

    @classmethod
    def from_document(cls, doc) -> "DocRow":
        error = f"{doc.error_kind}: {doc.error_message}" if doc.status == "error" else ""
        if doc.status == "pending" and doc.error_message:
            error = doc.error_message  # e.g. "retrying in 4s after ..."
        return cls(doc.id, doc.filename, doc.content_type, doc.size, doc.status, doc.progress or 0.0,
                   doc.chunk_count, error, doc.warning or "", doc.created_at, doc.processed_at,
                   doc.original_path, doc.stored_path, doc.page_count,
                   (doc.progress_note or "") if doc.status == "processing" else "",
                   getattr(doc, "folder_id", None), doc.original_path,
                   (doc.error_kind or "") if doc.status == "error" else "")


def parent_folder(path: str) -> str:
    """The folder part of a path as stored (POSIX or Windows separators, whatever the OS)."""
    cut = max(path.rfind("/"), path.rfind("\\"))
    if cut < 0:
        return ""
    if cut == 0 or (cut == 2 and path[1:2] == ":"):  # "/x" and "C:\x": the root keeps its separator
        return path[:cut + 1]
    return path[:cut]


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} B"


# -- words people read ---------------------------------------------------------------------
# Translations of vocabulary words, kept until the language changes (``forget_translations``):
# the table asks for them at every repaint of every visible error row.
_VOCABULARY_CACHE: dict[tuple[str, str], str] = {}


def _vocabulary(name: str, value: str) -> str:
    """``ui.i18n``'s translation of core vocabulary (statuses, error kinds) when it has one,
    else the "Vocabulary" context of the catalogue."""
    key = (name, value)
    found = _VOCABULARY_CACHE.get(key)
    if found is None:
        from docvec_gui.ui import i18n

        function = getattr(i18n, name, None)
        found = function(value) if callable(function) else QCoreApplication.translate("Vocabulary", value)
        _VOCABULARY_CACHE[key] = found
    return found


def forget_translations() -> None:
    """The UI language changed: vocabulary words are translated afresh."""
    _VOCABULARY_CACHE.clear()


def status_text(status: str) -> str:
    """A status (``Status``) as people read it, in the UI language."""
    return _vocabulary("status_text", str(status))


def error_kind_text(kind: str) -> str:
    """An error kind (``ErrorKind``, e.g. ``no_text``) as people read it, in the UI language."""
    return _vocabulary("error_kind_text", str(kind))


def error_reason(row: "DocRow") -> str:
    """The failure of an error row with its kind translated ("corrupt: not a valid PDF"),
    or the retry / warning text of other rows."""
    if row.error_kind and row.error.startswith(f"{row.error_kind}: "):
        return f"{error_kind_text(row.error_kind)}: {row.error[len(row.error_kind) + 2:]}"
    return row.error or row.warning


def english_plural(text: str, n: int) -> str:
    """English source strings write plurals as "chunk(s)"; with no English catalogue
    installed, Qt returns them as they are: "1 chunk" / "2 chunks" here."""
    return text.replace("(s)", "" if n == 1 else "s") if "(s)" in text else text


def translator(context: str) -> Callable[..., str]:
    """``tr(source, n=-1)`` in ``context`` with English plurals: what Qt-free modules
    (ui/throughput.py) are given to word their text."""
    def tr(source: str, n: int = -1) -> str:
        if n >= 0:
            return english_plural(QCoreApplication.translate(context, source, None, n), n)
        return QCoreApplication.translate(context, source)

    return tr


# The strings of ui/throughput.py (Qt-free), marked here so that lupdate finds them.
THROUGHPUT_STRINGS = (
    QT_TRANSLATE_NOOP("Throughput", "Measuring speed…"), QT_TRANSLATE_NOOP("Throughput", "%1 docs/min"),
    QT_TRANSLATE_NOOP("Throughput", "about %1 left"), QT_TRANSLATE_NOOP("Throughput", "< 1 min"),
    QT_TRANSLATE_NOOP("Throughput", "less than a minute left"),
    QT_TRANSLATE_NOOP("Throughput", "%n min"), QT_TRANSLATE_NOOP("Throughput", "%n h"),
)


_DURATION = re.compile(r"^(\d+(?:\.\d+)?) (s|min|h)$")


def _duration_text(text: str) -> str:
    found = _DURATION.match(text.strip())
    if not found:
        return text
    number, unit = found.groups()
    n = int(float(number))
    if unit == "s":
        return english_plural(QCoreApplication.translate("Stage", "%n s", None, n), n)
    if unit == "min":
        return english_plural(QCoreApplication.translate("Stage", "%n min", None, n), n)
    return QCoreApplication.translate("Stage", "%1 h").replace("%1", number)


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _chunks(n: int) -> str:
    return english_plural(QCoreApplication.translate("Stage", "%n chunk(s)", None, n), n)


def _fill(text: str, *values: str) -> str:
    for number, value in enumerate(values, 1):
        text = text.replace(f"%{number}", value)
    return text


# One part of the core's progress note (ingest.ProgressState.note, parts joined by " · ")
# and its translation; parts no pattern knows are shown as they are. (Literal strings in
# translate() calls, so that lupdate finds them.)
_STAGE_PARTS: list[tuple[re.Pattern, Callable[[re.Match], str]]] = [
    (re.compile(r"^extracting page (\d+)\s*(?:/|of)\s*(\d+)$", re.I),
     lambda m: _fill(QCoreApplication.translate("Stage", "extracting page %1/%2"), m[1], m[2])),
    (re.compile(r"^OCR page (\d+)\s*(?:/|of)\s*(\d+)$", re.I),
     lambda m: _fill(QCoreApplication.translate("Stage", "OCR page %1/%2"), m[1], m[2])),
    (re.compile(r"^embedding ([\d,]+)\s*(?:/|of)\s*([\d,]+) chunks?$", re.I),
     lambda m: _fill(QCoreApplication.translate("Stage", "embedding %1/%2 chunks"), f"{_number(m[1]):,}",
                     f"{_number(m[2]):,}")),
    (re.compile(r"^page (\d+) of (\d+)$", re.I),
     lambda m: _fill(QCoreApplication.translate("Stage", "page %1 of %2"), m[1], m[2])),
    (re.compile(r"^([\d,]+) chunks?$", re.I), lambda m: _chunks(_number(m[1]))),
    (re.compile(r"^about (.+) left$", re.I),
     lambda m: _fill(QCoreApplication.translate("Stage", "about %1 left"), _duration_text(m[1]))),
    (re.compile(r"^extracting(?:…|\.\.\.)?$", re.I), lambda m: QCoreApplication.translate("Stage", "extracting…")),
]


def stage_text(note: str) -> str:
    """The core's progress note in the UI language, with plural forms ("1 chunk")."""
    if not note:
        return ""
    parts = []
    for part in note.split(" · "):
        for pattern, render in _STAGE_PARTS:
            found = pattern.match(part.strip())
            if found:
                parts.append(render(found))
                break
        else:
            parts.append(part)
    return " · ".join(parts)


def _when(value: _dt.datetime | None) -> str:
    if not isinstance(value, _dt.datetime):
        return value or ""  # a value the database held in no date format, shown as it is
    local = value.replace(tzinfo=_dt.timezone.utc).astimezone()
    return local.strftime("%Y-%m-%d %H:%M")


# -- reading rows --------------------------------------------------------------------------
# Plain SQL: building 100,000 peewee model instances (and parsing their dates through
# strptime fallbacks) takes seconds; tuples and datetime.fromisoformat take a fraction.
_ROW_SQL = ("SELECT id, filename, content_type, size, status, progress, chunk_count, error_kind, error_message, "
            "warning, created_at, processed_at, original_path, stored_path, page_count, progress_note, folder_id, "
            "rowid FROM documents WHERE status != 'deleting'")


def _datetime(value):
    """What peewee's DateTimeField makes of a stored value, faster for the usual ISO text."""
    if not value or not isinstance(value, str):
        return value
    try:
        return _dt.datetime.fromisoformat(value)
    except ValueError:
        import peewee

        return peewee.format_date_time(value, peewee.DateTimeField.formats)


def _rows(records: Iterable[tuple]) -> list[DocRow]:
    """DocRows of :data:`_ROW_SQL` records, equal to :meth:`DocRow.from_document`'s."""
    when, intern, out = _datetime, sys.intern, []
    for (doc_id, name, content_type, size, status, progress, chunks, kind, message, warning, created, processed,
         original, stored, pages, note, folder, _rowid) in records:
        if status == "error":
            error = f"{kind}: {message}"
        elif status == "pending" and message:
            error = message
        else:
            error = ""
        # Statuses and types repeat across 100k rows: one string object each saves memory.
        out.append(DocRow(doc_id, name, intern(content_type), size, intern(status), progress or 0.0, chunks, error,
                          warning or "", when(created), when(processed), original, stored, pages,
                          (note or "") if status == "processing" else "", folder, original,
                          intern(kind or "") if status == "error" else ""))
    return out


def _database():
    from docvec_gui.core import db as dbm

    return dbm.database_proxy.obj


def fetch_rows(doc_ids: set[str] | None) -> tuple[list[DocRow], set[str]]:
    """Rows of ``doc_ids`` (every document when None) and the ids that no longer exist (or
    are being deleted). Runs off the Qt thread, on the caller's database connection."""
    db = _database()
    if doc_ids is None:
        return _rows(db.execute_sql(_ROW_SQL + " ORDER BY created_at, rowid")), set()
    ids, rows = list(doc_ids), []
    for start in range(0, len(ids), IDS_PER_QUERY):
        part = ids[start:start + IDS_PER_QUERY]
        marks = ",".join("?" * len(part))
        rows += _rows(db.execute_sql(f"{_ROW_SQL} AND id IN ({marks}) ORDER BY created_at, rowid", part))
    return rows, set(doc_ids) - {row.id for row in rows}


def fetch_page(after: int, limit: int) -> tuple[list[DocRow], int]:
    """Up to ``limit`` rows in insertion order after the row numbered ``after`` (0: from the
    first), and the number of the last one: one page of the first load."""
    records = _database().execute_sql(f"{_ROW_SQL} AND rowid > ? ORDER BY rowid LIMIT ?", (after, limit)).fetchall()
    return _rows(records), (records[-1][-1] if records else after)


# -- sorting and filtering keys ------------------------------------------------------------
_EPOCH = _dt.datetime.min


def _time_key(value) -> _dt.datetime:
    return value if isinstance(value, _dt.datetime) else _EPOCH


SORT_KEYS: dict[str, Callable[[DocRow], Any]] = {
    "name": lambda r: r.filename.lower(),
    "folder": lambda r: r.folder.lower(),
    "type": attrgetter("content_type"),
    "size": attrgetter("size"),
    "status": attrgetter("status"),
    "progress": attrgetter("progress"),
    "chunks": attrgetter("chunk_count"),
    "error": lambda r: (r.error or r.warning).lower(),
    "added": lambda r: _time_key(r.created_at),
    "processed": lambda r: _time_key(r.processed_at),
}


def _ranges(positions: Iterable[int]) -> Iterator[tuple[int, int]]:
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


def _inverse(order: list[int], size: int) -> list[int]:
    """``where[order[i]] = i`` for a list of ``size`` slots (-1 elsewhere), at C speed."""
    where = [-1] * size
    deque(map(where.__setitem__, order, range(len(order))), maxlen=0)
    return where


def _gathered(items: list[int], positions: list[int]) -> list[int]:
    """``items`` with those at sorted ``positions`` moved to the end, both parts in order
    (at C speed: a flag per item, then ``compress``)."""
    keep = bytearray(b"\x01") * len(items)
    deque(map(keep.__setitem__, positions, repeat(0)), maxlen=0)
    return list(compress(items, keep)) + list(map(items.__getitem__, positions))


def _members(items: list[int], size: int) -> bytearray:
    """A flag per slot of ``size``: 1 for those in ``items``."""
    flags = bytearray(size)
    deque(map(flags.__setitem__, items, repeat(1)), maxlen=0)
    return flags


class DocumentTableModel(QAbstractTableModel):
    """Rows of :class:`DocRow`; ``apply`` merges fresh rows, ``remove`` drops ids.

    Rows are appended at the end; removing scattered rows first gathers them at the end
    (one layout change) so that a single removal follows, whatever their number.
    """

    countsChanged = Signal(dict)
    # After the dataChanged signals of one apply(): every source position whose row changed,
    # sorted, so that the filter model handles a flush in one go.
    rowsUpdated = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[DocRow] = []
        self._index: dict[str, int] = {}
        self._counts: dict[str, int] = dict.fromkeys(VISIBLE_STATUSES, 0)
        # While a first load runs: ids removed since it began (its pages are older).
        self._removed_during_load: set[str] | None = None
        # During the layout change of a gathering remove(): old position -> new position.
        self.moved: list[int] | None = None
        self._headers: list[str] = []
        self._status_labels: dict[str, str] = {}
        self.retranslate()
        self._colors = {status: QColor(color) for status, color in STATUS_COLORS.items()}
        self._roles: dict[int, Callable[[DocRow, str], Any]] = {
            _DISPLAY: self._display, SortRole: lambda row, column: SORT_KEYS[column](row),
            IdRole: lambda row, _: row.id, StatusRole: lambda row, _: row.status,
            ProgressRole: lambda row, _: row.progress, NoteRole: lambda row, _: stage_text(row.progress_note),
            _TOOLTIP: self._tooltip, _FOREGROUND: self._foreground,
            _ALIGNMENT: lambda _, column: _RIGHT if column in ("size", "chunks") else None}

    def retranslate(self) -> None:
        """Headers and status words in the current UI language (after a language switch)."""
        forget_translations()
        self._headers = [self.tr("Name"), self.tr("Folder"), self.tr("Type"), self.tr("Size"), self.tr("Status"),
                         self.tr("Progress"), self.tr("Chunks"), self.tr("Reason"), self.tr("Added"),
                         self.tr("Processed")]
        self._status_labels = {"pending": self.tr("pending"), "processing": self.tr("processing"),
                               "completed": self.tr("completed"), "error": self.tr("error")}
        self.headerDataChanged.emit(_HORIZONTAL, 0, len(COLUMNS) - 1)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    # -- Qt model API --------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        if role == _DISPLAY and orientation is _HORIZONTAL and 0 <= section < len(COLUMNS):
            return self._headers[section]
        return None

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        # The role first: views ask ~7 roles per visible cell at each repaint, most of which
        # this model does not answer, and every call into the binding costs.
        handler = self._roles.get(role)
        if handler is None:
            return None
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._rows):
            return None
        return handler(self._rows[row], COLUMNS[index.column()])

    def row_data(self, row: DocRow, column_number: int, role: int):
        """``data()`` of one row, shared with the filter model."""
        handler = self._roles.get(role)
        return handler(row, COLUMNS[column_number]) if handler is not None else None

    def _tooltip(self, row: DocRow, column: str):
        if column in ("error", "status") and (row.error or row.warning):
            return error_reason(row)  # in full: the cell may be too narrow
        if column == "name":
            return row.display_path
        if column == "folder":
            return row.folder
        if column == "progress" and row.status == "processing":
            return stage_text(row.progress_note) or None
        return None

    def _foreground(self, row: DocRow, column: str):
        if column != "status":
            return None
        return self._colors.get(row.status) or self._colors.setdefault(row.status, QColor("#808080"))

    def _display(self, row: DocRow, column: str):
        if column == "name":
            return row.filename
        if column == "folder":
            return row.folder
        if column == "type":
            return row.content_type
        if column == "size":
            return human_size(row.size)
        if column == "status":
            label = self._status_labels.get(row.status, row.status)
            return label + (" ⚠" if row.warning and row.status == "completed" else "")
        if column == "progress":
            if row.status != "processing":
                return ""
            note = stage_text(row.progress_note)
            return f"{row.progress:.0%}" + (f" · {note}" if note else "")
        if column == "chunks":
            return f"{row.chunk_count:,}" if row.chunk_count else ""
        if column == "error":
            return error_reason(row)
        if column == "added":
            return _when(row.created_at)
        if column == "processed":
            return _when(row.processed_at)
        return None

    # -- updates -------------------------------------------------------------------------
    def row_for(self, doc_id: str) -> DocRow | None:
        position = self._index.get(doc_id)
        return self._rows[position] if position is not None else None

    def ids(self) -> list[str]:
        return [r.id for r in self._rows]

    def apply(self, rows: list[DocRow]) -> None:
        """Insert new rows and update changed ones, emitting the narrowest signals."""
        changed: list[int] = []
        new: dict[str, DocRow] = {}
        counts, current, index = self._counts, self._rows, self._index
        recount = False
        for row in rows:
            position = index.get(row.id)
            if position is None:
                new[row.id] = row
                continue
            old = current[position]
            if old != row:
                if old.status != row.status:
                    counts[old.status] -= 1
                    counts[row.status] = counts.get(row.status, 0) + 1
                    recount = True
                current[position] = row
                changed.append(position)
        if changed:
            changed = sorted(set(changed))
            for start, end in _ranges(changed):
                self.dataChanged.emit(self.index(start, 0), self.index(end, len(COLUMNS) - 1))
            self.rowsUpdated.emit(changed)
        if new:
            first = len(current)
            self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
            current.extend(new.values())
            index.update(zip(new, range(first, first + len(new))))
            for row in new.values():
                counts[row.status] = counts.get(row.status, 0) + 1
            self.endInsertRows()
            recount = True
        if recount:
            self.countsChanged.emit(self.counts())

    def remove(self, doc_ids: set[str]) -> None:
        if self._removed_during_load is not None:
            self._removed_during_load.update(doc_ids)
        positions = sorted(self._index[i] for i in doc_ids if i in self._index)
        if not positions:
            return
        spans = list(_ranges(positions))
        if len(spans) > 1:
            self._gather(positions)
            spans = [(len(self._rows) - len(positions), len(self._rows) - 1)]
        start, end = spans[0]
        self.beginRemoveRows(QModelIndex(), start, end)
        gone = self._rows[start:end + 1]
        del self._rows[start:end + 1]
        for row in gone:
            del self._index[row.id]
            self._counts[row.status] -= 1
        self._reindex(start)
        self.endRemoveRows()
        self.countsChanged.emit(self.counts())

    def _gather(self, positions: list[int]) -> None:
        """Move the rows at sorted ``positions`` to the end (one layout change)."""
        first = positions[0]
        order = _gathered(list(range(first, len(self._rows))), [p - first for p in positions])
        self.layoutAboutToBeChanged[_LAYOUT].emit([], _ROWS_ONLY)
        moved = list(range(len(self._rows)))
        deque(map(moved.__setitem__, order, range(first, len(self._rows))), maxlen=0)
        self._rows[first:] = [self._rows[p] for p in order]
        self._reindex(first)
        persistent = self.persistentIndexList()
        if persistent:
            self.changePersistentIndexList(persistent, [self.index(moved[i.row()], i.column()) for i in persistent])
        self.moved = moved
        try:
            self.layoutChanged[_LAYOUT].emit([], _ROWS_ONLY)
        finally:
            self.moved = None

    def _reindex(self, first: int) -> None:
        rows = self._rows
        self._index.update(zip(map(attrgetter("id"), rows[first:]), range(first, len(rows))))

    def counts(self) -> dict[str, int]:
        """Documents per status: kept up to date by apply/remove, never recounted."""
        return dict(self._counts)

    # -- the first load ------------------------------------------------------------------
    def begin_load(self) -> None:
        """A first load (pages read at different times) begins: see :meth:`load`."""
        self._removed_during_load = set()

    def load(self, rows: list[DocRow]) -> None:
        """Insert rows of a page of the first load. A row an event refreshed meanwhile is
        newer than the page and stays; one removed since the load began stays removed."""
        removed = self._removed_during_load or ()
        index = self._index
        self.apply([row for row in rows if row.id not in index and row.id not in removed])

    def end_load(self) -> None:
        self._removed_during_load = None


class DocumentFilterModel(QAbstractTableModel):
    """The rows of a :class:`DocumentTableModel` filtered by status, name and folder and
    sorted by a column, as the view sees them (see the module doc for why this is not a
    ``QSortFilterProxyModel``). Selection and the current row follow their documents
    through every change (persistent indexes are moved at each layout change)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._source: DocumentTableModel | None = None
        self._status: str | None = None
        self._name = ""
        self._folder: int | None = None
        self._column = -1
        self._order = Qt.AscendingOrder
        self._view: list[int] = []  # proxy row -> source row
        self._where: list[int] | None = None  # source row -> proxy row or -1; None: rebuilt when needed
        self._keys: list | None = None  # sort key of each source row; None: unsorted (source order)
        # Between a gathering layout change of the source and its removal: the mapping is
        # out of source order (no binary search in unsorted mode).
        self._shuffled = False
        # Every source row in the current order, unfiltered: kept from the last unfiltered
        # view so that clearing a filter needs no sort; None once rows or keys change.
        self._full: list[int] | None = None

    # -- source ----------------------------------------------------------------------------
    def setSourceModel(self, model: DocumentTableModel) -> None:
        if not isinstance(model, DocumentTableModel):
            raise TypeError("DocumentFilterModel works over a DocumentTableModel")
        self.beginResetModel()
        if self._source is not None:
            for signal, slot in self._wiring(self._source):
                signal.disconnect(slot)
        self._source = model
        for signal, slot in self._wiring(model):
            signal.connect(slot)
        self._rebuild()
        self.endResetModel()

    def _wiring(self, model: DocumentTableModel) -> list[tuple[Any, Callable]]:
        # Not dataChanged: rowsUpdated brings the same positions, one signal per flush.
        return [(model.rowsInserted, self._source_inserted), (model.rowsAboutToBeRemoved, self._source_removing),
                (model.rowsRemoved, self._source_removed), (model.rowsUpdated, self._source_updated),
                (model.layoutChanged, self._source_layout), (model.modelReset, self._source_reset)]

    def sourceModel(self) -> DocumentTableModel | None:
        return self._source

    def mapToSource(self, index: QModelIndex) -> QModelIndex:
        if not index.isValid() or self._source is None or index.row() >= len(self._view):
            return QModelIndex()
        return self._source.index(self._view[index.row()], index.column())

    def mapFromSource(self, index: QModelIndex) -> QModelIndex:
        if not index.isValid() or self._source is None:
            return QModelIndex()
        row = self._rows_of([index.row()])[0]
        return self.index(row, index.column()) if row >= 0 else QModelIndex()

    # -- Qt model API ----------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._view)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _DISPLAY):
        return self._source.headerData(section, orientation, role) if self._source is not None else None

    def data(self, index: QModelIndex, role: int = _DISPLAY):
        source = self._source
        handler = source._roles.get(role) if source is not None else None
        if handler is None:
            return None
        row = index.row()
        if not 0 <= row < len(self._view):
            return None
        return handler(source._rows[self._view[row]], COLUMNS[index.column()])

    def sort(self, column: int, order: Qt.SortOrder = Qt.AscendingOrder) -> None:
        self._column = column if 0 <= column < len(COLUMNS) else -1
        self._order = Qt.SortOrder(order)  # a member (compared by identity), also when given an int
        self._keys = self._all_keys()
        self._full = None
        self._reorder()

    def sortColumn(self) -> int:
        return self._column

    def sortOrder(self) -> Qt.SortOrder:
        return self._order

    # -- filters ---------------------------------------------------------------------------
    def set_status(self, status: str | None) -> None:
        if (status or None) != self._status:
            self._status = status or None
            self._refilter()

    def set_name(self, text: str) -> None:
        name = text.strip().lower()
        if name != self._name:
            self._name = name
            self._refilter()

    def set_folder(self, folder_id: int | None) -> None:
        """Only the documents of watched folder ``folder_id`` (:data:`LIBRARY_FOLDER`: those
        copied into the library); None: every document."""
        if folder_id != self._folder:
            self._folder = folder_id
            self._refilter()

    def _flags(self, rows: list[DocRow]) -> list[bool] | None:
        """Per source row, whether the filters show it (None: no filter); the same test as
        :meth:`_matcher`, in bulk at C speed (``map`` over attribute getters)."""
        flags: list[bool] | None = None
        tests = []
        if self._status is not None:
            tests.append(map(eq, map(attrgetter("status"), rows), repeat(self._status)))
        if self._folder is not None:
            wanted = None if self._folder == LIBRARY_FOLDER else self._folder
            tests.append(map(eq, map(attrgetter("folder_id"), rows), repeat(wanted)))
        if self._name:
            tests.append(map(contains, map(str.lower, map(attrgetter("filename"), rows)), repeat(self._name)))
        for test in tests:
            flags = list(test) if flags is None else list(map(and_, flags, test))
        return flags

    def _matcher(self) -> Callable[[DocRow], bool] | None:
        status, name, folder = self._status, self._name, self._folder
        if status is None and not name and folder is None:
            return None
        wanted = None if folder == LIBRARY_FOLDER else folder

        def match(row: DocRow) -> bool:
            return ((status is None or row.status == status) and (folder is None or row.folder_id == wanted)
                    and (not name or name in row.filename.lower()))

        return match

    # -- the mapping -----------------------------------------------------------------------
    def _all_keys(self) -> list | None:
        if self._column < 0 or self._source is None:
            return None
        return list(map(SORT_KEYS[COLUMNS[self._column]], self._source._rows))

    def _rebuild(self) -> None:
        rows = self._source._rows if self._source is not None else []
        flags = self._flags(rows)
        self._keys = self._all_keys()
        self._view = self._ordered(list(range(len(rows))) if flags is None else list(compress(range(len(rows)), flags)))
        self._where, self._full = None, None

    def _where_map(self) -> list[int]:
        if self._where is None:
            self._where = _inverse(self._view, len(self._source._rows) if self._source is not None else 0)
        return self._where

    def _rows_of(self, sources: list[int]) -> list[int]:
        """The proxy row of each source row (-1: not shown). Without a valid inverse map, a
        few are found by binary search over the sorted mapping: building the inverse is a
        pass over every row (~30 ms at 100k rows on a slow machine)."""
        if self._where is None and not self._shuffled and len(sources) <= 64:
            found = [self._search(s) for s in sources]
            if None not in found:
                return found
        where = self._where_map()
        return [where[s] if 0 <= s < len(where) else -1 for s in sources]

    def _search(self, source_row: int) -> int | None:
        """Binary search for ``source_row`` in the mapping; -1 when not shown, None when
        too many rows share its key to tell."""
        view = self._view
        if self._keys is None:  # unsorted: the mapping is in source order
            p = bisect_left(view, source_row)
            return p if p < len(view) and view[p] == source_row else -1
        keys, descending = self._keys, self._order is _DESCENDING
        wanted = keys[source_row]
        low, high = 0, len(view)
        while low < high:  # the first place whose key does not come before the wanted one
            middle = (low + high) // 2
            key = keys[view[middle]]
            if (key > wanted) if descending else (key < wanted):
                low = middle + 1
            else:
                high = middle
        for p in range(low, min(low + 64, len(view))):  # then along the rows of equal keys
            if view[p] == source_row:
                return p
            if keys[view[p]] != wanted:
                return -1
        return -1 if low + 64 >= len(view) else None

    def _ordered(self, view: list[int]) -> list[int]:
        if self._keys is None:
            return sorted(view)
        return sorted(view, key=self._keys.__getitem__, reverse=self._order is _DESCENDING)

    def _reorder(self) -> None:
        """Rows in the current order: the mapping is usually nearly sorted already (rows
        appended at the end, a few keys changed), which ``sorted`` merges in linear time."""
        target = self._ordered(self._view)
        if target != self._view:
            self._permute(target)

    def _permute(self, target: list[int]) -> None:
        """The same rows in a new order: one layout change; persistent indexes follow."""
        self.layoutAboutToBeChanged[_LAYOUT].emit([], _ROWS_ONLY)
        # The inverse map costs a pass over every row: made now only when persistent indexes
        # (selection, current row, hovered cell) must follow, else when first needed.
        where = None
        persistent = self.persistentIndexList()
        if persistent:
            view = self._view
            if len(persistent) > 16:
                where = _inverse(target, len(self._source._rows))
                rows = [where[view[i.row()]] for i in persistent]
            else:  # a few (current row, hovered cell): a C-speed scan each
                rows = [target.index(view[i.row()]) for i in persistent]
            self.changePersistentIndexList(persistent, [self.index(r, i.column()) for r, i in zip(rows, persistent)])
        self._view, self._where = target, where
        self.layoutChanged[_LAYOUT].emit([], _ROWS_ONLY)

    def _drop(self, positions: list[int]) -> None:
        """Remove the rows at sorted proxy ``positions``: scattered ones are gathered at the
        end first, so the view gets one removal."""
        if not positions:
            return
        if len(positions) > 1 and positions[-1] - positions[0] != len(positions) - 1:
            self._permute(_gathered(self._view, positions))
            positions = list(range(len(self._view) - len(positions), len(self._view)))
        start, end = positions[0], positions[-1]
        self.beginRemoveRows(QModelIndex(), start, end)
        gone = self._view[start:end + 1]
        del self._view[start:end + 1]
        if self._where is not None and end == len(self._view) + len(gone) - 1:
            for s in gone:  # a tail: the other rows keep their places
                self._where[s] = -1
        else:
            self._where = None
        self.endRemoveRows()

    def _append(self, sources: list[int]) -> None:
        if not sources:
            return
        first = len(self._view)
        self.beginInsertRows(QModelIndex(), first, first + len(sources) - 1)
        self._view.extend(sources)
        if self._where is not None:
            deque(map(self._where.__setitem__, sources, range(first, len(self._view))), maxlen=0)
        self.endInsertRows()

    def _refilter(self) -> None:
        """The rows the filters show now, in order, reached with few signals: hidden rows
        leave in one removal, new ones arrive in one insertion, one layout change orders them."""
        if self._source is None:
            return
        rows = self._source._rows
        if len(self._view) == len(rows):  # unfiltered: the view is the full order
            self._full = list(self._view)
        elif self._full is None:
            self._full = self._ordered(list(range(len(rows))))
        flags = self._flags(rows)
        full = self._full
        target = list(full) if flags is None else list(compress(full, map(flags.__getitem__, full)))
        shown = _members(target, len(rows))
        self._drop(list(compress(range(len(self._view)), map(not_, map(shown.__getitem__, self._view)))))
        before = _members(self._view, len(rows))
        self._append(list(compress(target, map(not_, map(before.__getitem__, target)))))
        if self._view != target:
            self._permute(target)

    # -- source changes --------------------------------------------------------------------
    def _source_inserted(self, _parent: QModelIndex, first: int, last: int) -> None:
        rows, count = self._source._rows, last - first + 1
        tail = last == len(rows) - 1
        self._full = None
        if not tail:  # DocumentTableModel appends; an insertion inside moves later rows down
            self._view = [s + count if s >= first else s for s in self._view]
        if self._keys is not None:
            self._keys[first:first] = map(SORT_KEYS[COLUMNS[self._column]], rows[first:last + 1])
        if self._where is not None and tail:
            self._where.extend([-1] * count)
        else:
            self._where = None
        match = self._matcher()
        new = list(range(first, last + 1)) if match is None else [s for s in range(first, last + 1) if match(rows[s])]
        if not new:
            return
        if self._keys is None:  # source order: rows appended to the source come last
            self._append(new)
            if not tail:
                self._reorder()
        elif len(new) * 20 > len(self._view):
            self._append(new)
            self._reorder()
        else:  # a few rows into many: binary searches, not a pass over every key
            old = list(self._view)
            self._append(new)
            self._permute(self._merged(old, new))

    def _merged(self, old: list[int], new: list[int]) -> list[int]:
        """``old`` (sorted) with the ``new`` source rows at their places, after the rows with
        equal keys (as a stable sort puts later source rows): O(k log n) key comparisons."""
        key = self._keys.__getitem__
        cuts = []
        if self._order is _DESCENDING:
            new = sorted(new, key=key, reverse=True)
            ascending = old[::-1]  # bisect searches ascending lists
            high = len(old)
            for s in new:  # each new row sorts after the last: search only the rest
                high = bisect_left(ascending, key(s), 0, high, key=key)
                cuts.append(len(old) - high)
        else:
            new = sorted(new, key=key)
            low = 0
            for s in new:
                low = bisect_right(old, key(s), low, key=key)
                cuts.append(low)
        merged: list[int] = []
        done = 0
        for cut, s in zip(cuts, new):
            merged += old[done:cut]
            merged.append(s)
            done = cut
        merged += old[done:]
        return merged

    def _source_removing(self, _parent: QModelIndex, first: int, last: int) -> None:
        self._drop(sorted(p for p in self._rows_of(list(range(first, last + 1))) if p >= 0))

    def _source_removed(self, _parent: QModelIndex, first: int, last: int) -> None:
        count = last - first + 1
        self._shuffled, self._full = False, None
        if self._keys is not None:
            del self._keys[first:last + 1]
        if first < len(self._source._rows):  # not a tail: later rows moved up
            self._view = [s - count if s > last else s for s in self._view]
            self._where = None
        elif self._where is not None:
            del self._where[first:]

    def _source_updated(self, positions: list[int]) -> None:
        rows, match = self._source._rows, self._matcher()
        reorder = False
        if match is not None:
            now = self._rows_of(positions)
            hidden = sorted(p for s, p in zip(positions, now) if p >= 0 and not match(rows[s]))
            shown = [s for s, p in zip(positions, now) if p < 0 and match(rows[s])]
            self._drop(hidden)
            self._append(shown)
            reorder = bool(shown)
        if self._keys is not None:
            keys, key = self._keys, SORT_KEYS[COLUMNS[self._column]]
            for s in positions:
                value = key(rows[s])
                if value != keys[s]:
                    keys[s] = value
                    reorder = True
                    self._full = None
        if reorder:
            self._reorder()
        visible = sorted(p for p in self._rows_of(positions) if p >= 0)
        for start, end in _ranges(visible):
            self.dataChanged.emit(self.index(start, 0), self.index(end, len(COLUMNS) - 1))

    def _source_layout(self, *_args) -> None:
        moved = self._source.moved
        if moved is None:  # a layout change this model does not know: start over
            self._source_reset()
            return
        # remove() gathered rows at the end: the same documents, renumbered; nothing visible moves.
        self._view = list(map(moved.__getitem__, self._view))
        self._shuffled, self._full = True, None
        if self._keys is not None:
            keys = [None] * len(moved)
            deque(map(keys.__setitem__, moved, self._keys), maxlen=0)
            self._keys = keys
        self._where = None

    def _source_reset(self) -> None:
        self.beginResetModel()
        self._rebuild()
        self.endResetModel()


class RowLoader(QObject):
    """The first load of every row, without stalling the Qt thread.

    Pages of rows are read on the pool (``run(fn, done, failed)``, i.e. ``Background.run``)
    and inserted into the model a slice per event-loop turn, each slice sized to take about
    ``budget_ms``. The next page is read only once the last one is in and the view has
    repainted: reading builds rows in Python, and a thread running Python while the Qt
    thread paints makes every ``data()`` call wait for the GIL (a repaint takes 4x longer).
    """

    finished = Signal()
    failed = Signal(object)

    def __init__(self, model: DocumentTableModel, run: Callable, page: int = 10_000, budget_ms: float = 30.0,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model, self._run, self._page, self._budget = model, run, page, budget_ms / 1000
        self._pending: deque[list[DocRow]] = deque()
        self._after: int | None = 0  # the last row number read; None: every page is read
        self._limit = page
        self._slice = 2000
        self._started = 0.0
        # One step per event-loop turn: insert a slice, or read a page. Not at once: the
        # repaint the last slice asked for comes first (Qt schedules it ~5 ms later), then a
        # turn for input and timers, then the step (see _step).
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._step)
        self._ready = False
        self.done = False

    def start(self) -> None:
        self._started = time.perf_counter()
        self._model.begin_load()
        self._read(self._slice)  # a small first page: the first rows show at once

    def _read(self, limit: int) -> None:
        # One read at a time; bound methods as callbacks, so that none runs once the loader
        # (with its window) is gone.
        after, self._limit = self._after, limit
        self._run(lambda: fetch_page(after, limit), self._arrived, self._read_failed)

    def _arrived(self, result: tuple[list[DocRow], int]) -> None:
        if self.done:
            return
        rows, self._after = result
        if len(rows) < self._limit:
            self._after = None
        if rows:
            self._pending.append(rows)
        self._ready = True
        self._step()

    def _later(self) -> None:
        self._ready = False
        self._timer.start(PAINT_GAP_MS)

    def _step(self) -> None:
        if not self._ready:
            # Due (maybe together with a repaint that just ran): one more turn first, so
            # that input and other timers get in between the repaint and this step.
            self._ready = True
            self._timer.start(0)
            return
        if self._pending:
            self._insert()
            self._later()  # the next slice, or the next page, after the repaint
        elif self._after is not None:
            self._read(self._page)
        elif not self.done:
            self._finish()

    def _insert(self) -> None:
        rows: list[DocRow] = []
        while self._pending and len(rows) < self._slice:
            page = self._pending.popleft()
            room = self._slice - len(rows)
            if len(page) > room:
                self._pending.appendleft(page[room:])
            rows += page[:room]
        start = time.perf_counter()
        self._model.load(rows)
        # The rows live as long as the window: out of the collector's view, so that its full
        # collections (which hold the GIL, whichever thread runs them) do not walk 100k rows.
        gc.freeze()
        self._resize(time.perf_counter() - start)

    def _resize(self, took: float) -> None:
        """Grow the slice while inserting is fast (each insertion also merges the table's
        order once, so fewer, larger slices cost less in total); shrink it when slow."""
        if took < self._budget / 2:
            self._slice = min(self._slice * 2, 50_000)
        elif took > self._budget:
            self._slice = max(self._slice // 2, 250)

    def _finish(self) -> None:
        self.done = True
        self._model.end_load()
        log.info("table loaded: %d documents in %.2f s", self._model.rowCount(), time.perf_counter() - self._started)
        self.finished.emit()

    def _read_failed(self, exc: BaseException) -> None:
        log.error("reading the document table failed: %s", exc)
        self._pending.clear()
        self.done = True
        self._model.end_load()
        self.failed.emit(exc)


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
