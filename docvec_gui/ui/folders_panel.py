"""The Folders view: one row per watched folder with its state, counts and last scan, and
the actions on it (add, pause/resume, rescan, remove).

The panel never touches the database itself: it asks for :class:`FolderInfo` rows through
``fetch`` (``Service.folders``) on the window's :class:`~docvec_gui.ui.bridge.Background`
pool and shows what comes back. Core events only *schedule* a refresh, coalesced:

* a folder event (state changed, added, removed) refreshes within ~150 ms; a scan's progress
  events (twice a second) update the state text from the event alone, with no query;
* document events (added, status, deleted) refresh the counts at most once a second, and not
  at all while the panel is hidden (it refreshes when shown again).

One fetch is in flight at a time; events meanwhile ask for one more fetch after it.
"""
from __future__ import annotations

import datetime as _dt
import logging
import os
from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QMenu, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from docvec_gui.core.events import Event
from docvec_gui.core.vocabulary import EventKind, FolderState

if TYPE_CHECKING:  # core.folders imports the database models: not before the window paints
    from docvec_gui.core.folders import FolderInfo

log = logging.getLogger(__name__)

COLUMNS = ("folder", "state", "files", "indexed", "pending", "errors", "skipped", "last_scan")
COUNT_COLUMNS = ("files", "indexed", "pending", "errors", "skipped")
FolderIdRole = Qt.UserRole + 1
STATE_REFRESH_MS = 150  # a folder changed state, was added or removed: show it soon
COUNTS_REFRESH_MS = 1000  # documents changed: their folders' counts at most once a second
DOCUMENT_EVENTS = frozenset({EventKind.ADDED, EventKind.STATUS, EventKind.DELETED})

Runner = Callable[[Callable[[], Any], Callable[[Any], None] | None, Callable[[BaseException], None] | None], None]


def folder_label(info: FolderInfo, others: list[FolderInfo] = ()) -> str:
    """A short name for menus and combos: the folder's own name, or its whole path when
    another watched folder has the same name (or it has none, like ``/``)."""
    name = os.path.basename(info.path.rstrip("/\\")) or info.path
    if any(o.id != info.id and os.path.basename(o.path.rstrip("/\\")) == name for o in others):
        return info.path
    return name


class FoldersPanel(QWidget):
    """The watched folders. Signals carry the folder's id (``remove_requested`` the whole
    :class:`FolderInfo`, so the question can name its document count); the window runs the
    service calls. ``folders_changed`` fires after a refresh that added, removed or renamed
    a folder (the window's folder filter and search scope follow it)."""

    add_requested = Signal()
    pause_requested = Signal(int, bool)  # folder id, pause (True) or resume (False)
    rescan_requested = Signal(int)
    remove_requested = Signal(object)  # FolderInfo
    folders_changed = Signal(list)  # list[FolderInfo]

    def __init__(self, fetch: Callable[[], list[FolderInfo]], run: Runner, parent=None) -> None:
        super().__init__(parent)
        self._fetch = fetch
        self._run = run
        self._infos: dict[int, FolderInfo] = {}
        self._items: dict[int, QTreeWidgetItem] = {}
        self._listed: list[tuple[int, str]] | None = None  # (id, path) of the last folders_changed
        self._in_flight = False
        self._again = False
        self._stale = False  # document events arrived while hidden
        self._select_after: int | None = None
        self._stopped = False
        self.fetches = 0  # completed fetches (tests check the coalescing with it)
        self._build()
        self._soon = self._timer(STATE_REFRESH_MS)
        self._later = self._timer(COUNTS_REFRESH_MS)

    def _timer(self, interval: int) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(self.refresh)
        return timer

    # -- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Watched folders"))
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SingleSelection)
        self.tree.setHeaderLabels([self.tr("Folder"), self.tr("State"), self.tr("Files"), self.tr("Indexed"),
                                   self.tr("Pending"), self.tr("Errors"), self.tr("Skipped"), self.tr("Last scan")])
        # A few rows: sizing the columns to their contents is cheap.
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.Interactive)
        header.setSectionResizeMode(1, QHeaderView.Interactive)  # its text changes while scanning: no jitter
        header.setStretchLastSection(True)
        self.tree.setColumnWidth(0, 130)
        self.tree.setColumnWidth(1, self.fontMetrics().horizontalAdvance(self.tr("scanning %1 of %2")
                                                                         .replace("%1", "00,000")
                                                                         .replace("%2", "00,000")) + 16)
        self.tree.setContextMenuPolicy(Qt.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        self.tree.itemSelectionChanged.connect(self._sync_buttons)
        self.empty = QLabel(self.tr("No watched folders. Add a folder (or drop one on the window and choose "
                                    "“Watch this folder”): its documents are indexed where they are and "
                                    "followed as they change."))
        self.empty.setWordWrap(True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setObjectName("folderDetail")
        self.detail.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.add_button = QPushButton(self.tr("Add folder…"))
        self.add_button.setToolTip(self.tr("Watch a folder: its documents are indexed in place and followed"))
        self.pause_button = QPushButton(self.tr("Pause"))
        self.rescan_button = QPushButton(self.tr("Rescan"))
        self.rescan_button.setToolTip(self.tr("Compare the folder with the library now"))
        self.remove_button = QPushButton(self.tr("Remove…"))
        self.add_button.clicked.connect(self.add_requested)
        self.pause_button.clicked.connect(self._pause_clicked)
        self.rescan_button.clicked.connect(self._rescan_clicked)
        self.remove_button.clicked.connect(self._remove_clicked)
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pause_button, self.rescan_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(buttons)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.detail)
        self._sync_buttons()

    # -- refreshing ---------------------------------------------------------------------------
    def on_event(self, event: Event) -> None:
        """A core event (on the Qt thread): schedule what it calls for, never query here."""
        if event.kind == EventKind.FOLDER:
            extra = event.extra or {}
            if "scanned" in extra and self._show_progress(extra):
                self._schedule(self._later)  # the scan adds documents: counts follow, slowly
            else:
                self._schedule(self._soon)
        elif event.kind in DOCUMENT_EVENTS and self._infos:
            if self.isVisible():
                self._schedule(self._later)
            else:
                self._stale = True

    @staticmethod
    def _schedule(timer: QTimer) -> None:
        if not timer.isActive():  # not restarted: a stream of events still refreshes on time
            timer.start()

    def refresh(self) -> None:
        """Fetch the folders on the pool (one fetch at a time) and show them."""
        self._soon.stop()
        self._later.stop()
        if self._stopped:
            return
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self._stale = False
        self._run(self._fetch, self._fetched, self._fetch_failed)

    def stop(self) -> None:
        """No more fetches (the window is closing and the service with it)."""
        self._stopped = True
        self._soon.stop()
        self._later.stop()

    def _fetched(self, infos: list[FolderInfo]) -> None:
        self._in_flight = False
        self.fetches += 1
        self.show_folders(infos)
        self._after_fetch()

    def _fetch_failed(self, exc: BaseException) -> None:
        self._in_flight = False
        log.warning("reading the watched folders failed: %s", exc)
        self.detail.setText(self.tr("Cannot read the watched folders: %1").replace("%1", str(exc)))
        self._after_fetch()

    def _after_fetch(self) -> None:
        if self._again:
            self._again = False
            self._schedule(self._soon)

    def showEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().showEvent(event)
        if self._stale:
            self._schedule(self._soon)

    # -- showing ------------------------------------------------------------------------------
    def show_folders(self, infos: list[FolderInfo]) -> None:
        """Update the rows in place (selection and scroll position stay)."""
        infos = sorted(infos, key=lambda i: i.path.lower())
        wanted = {info.id for info in infos}
        for folder_id in [i for i in self._items if i not in wanted]:
            item = self._items.pop(folder_id)
            self.tree.takeTopLevelItem(self.tree.indexOfTopLevelItem(item))
            self._infos.pop(folder_id, None)
        for position, info in enumerate(infos):
            item = self._items.get(info.id)
            if item is None:
                item = QTreeWidgetItem()
                item.setData(0, FolderIdRole, info.id)
                for column in COUNT_COLUMNS:
                    item.setTextAlignment(COLUMNS.index(column), Qt.AlignRight | Qt.AlignVCenter)
                self.tree.insertTopLevelItem(position, item)
                self._items[info.id] = item
            self._infos[info.id] = info
            self._fill(item, info, infos)
        self.empty.setVisible(not infos)
        self.tree.setVisible(bool(infos))
        if self._select_after is not None and self._select_after in self._items:
            self.select_folder(self._select_after)
            self._select_after = None
        self._sync_buttons()
        listed = [(info.id, info.path) for info in infos]
        if listed != self._listed:
            self._listed = listed
            self.folders_changed.emit(infos)

    def _fill(self, item: QTreeWidgetItem, info: FolderInfo, infos: list[FolderInfo]) -> None:
        item.setText(0, folder_label(info, infos))
        item.setText(1, self.state_text(info))
        for column in COUNT_COLUMNS:
            item.setText(COLUMNS.index(column), f"{info.counts.get(column, 0):,}")
        item.setText(COLUMNS.index("last_scan"), self.last_scan_text(info.last_scan_at))
        tip = info.path + (f"\n{info.note}" if info.note else "")
        for column in range(len(COLUMNS)):
            item.setToolTip(column, tip)

    def _show_progress(self, extra: dict) -> bool:
        """A scan's progress, from its event alone. False if the folder is not listed yet."""
        folder_id = extra.get("folder_id")
        item = self._items.get(folder_id)
        info = self._infos.get(folder_id)
        if item is None or info is None:
            return False
        info.state, info.scanned, info.to_scan = FolderState.SCANNING, int(extra.get("scanned") or 0), \
            extra.get("to_scan")
        item.setText(1, self.state_text(info))
        return True

    def state_text(self, info: FolderInfo) -> str:
        if info.state == FolderState.SCANNING:
            if info.to_scan:
                return (self.tr("scanning %1 of %2").replace("%1", f"{info.scanned:,}")
                        .replace("%2", f"{info.to_scan:,}"))
            if info.scanned:
                return self.tr("scanning %1").replace("%1", f"{info.scanned:,}")
            return self.tr("scanning…")
        labels = {FolderState.WATCHING: self.tr("watching"), FolderState.PAUSED: self.tr("paused"),
                  FolderState.POLLING: self.tr("polling"), FolderState.UNAVAILABLE: self.tr("unavailable")}
        return labels.get(info.state, str(info.state))

    def last_scan_text(self, value: str | None) -> str:
        if not value:
            return self.tr("never")
        try:
            when = _dt.datetime.fromisoformat(value.rstrip("Z"))
        except ValueError:
            log.warning("unreadable last scan time %r", value)
            return value
        if when.tzinfo is None:
            when = when.replace(tzinfo=_dt.timezone.utc)
        return when.astimezone().strftime("%Y-%m-%d %H:%M")

    # -- selection and actions ------------------------------------------------------------------
    def folders(self) -> list[FolderInfo]:
        return sorted(self._infos.values(), key=lambda i: i.path.lower())

    def info(self, folder_id: int) -> FolderInfo | None:
        return self._infos.get(folder_id)

    def item_for(self, folder_id: int) -> QTreeWidgetItem | None:
        return self._items.get(folder_id)

    def selected_folder(self) -> FolderInfo | None:
        items = self.tree.selectedItems()
        return self._infos.get(items[0].data(0, FolderIdRole)) if items else None

    def select_folder(self, folder_id: int) -> bool:
        """Select the folder's row; if it is not listed yet, select it when it is."""
        item = self._items.get(folder_id)
        if item is None:
            self._select_after = folder_id
            return False
        self.tree.setCurrentItem(item)
        return True

    def _sync_buttons(self) -> None:
        info = self.selected_folder()
        for button in (self.pause_button, self.rescan_button, self.remove_button):
            button.setEnabled(info is not None)
        paused = info is not None and info.paused
        self.pause_button.setText(self.tr("Resume") if paused else self.tr("Pause"))
        self.rescan_button.setEnabled(info is not None and not paused)
        if info is None:
            self.detail.setText("")
            return
        lines = [info.path]
        if info.include:
            lines.append(self.tr("Only: %1").replace("%1", ", ".join(info.include)))
        if info.note:
            lines.append(info.note)
        self.detail.setText("\n".join(lines))

    def _pause_clicked(self) -> None:
        info = self.selected_folder()
        if info is not None:
            self.pause_requested.emit(info.id, not info.paused)

    def _rescan_clicked(self) -> None:
        info = self.selected_folder()
        if info is not None:
            self.rescan_requested.emit(info.id)

    def _remove_clicked(self) -> None:
        info = self.selected_folder()
        if info is not None:
            self.remove_requested.emit(info)

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is not None:
            self.tree.setCurrentItem(item)
        menu = QMenu(self)
        menu.addAction(self.add_button.text(), self.add_requested.emit)
        if self.selected_folder() is not None:
            menu.addSeparator()
            for button, slot in ((self.pause_button, self._pause_clicked),
                                 (self.rescan_button, self._rescan_clicked),
                                 (self.remove_button, self._remove_clicked)):
                action = menu.addAction(button.text(), slot)
                action.setEnabled(button.isEnabled())
        menu.popup(self.tree.viewport().mapToGlobal(pos))
