"""The main window: drop zone, live file table, actions, detail pane, search, health and log.

Every service call runs on the :class:`Background` pool; results and core events reach
widgets through signals, so the Qt thread only draws and reacts.
"""
from __future__ import annotations

import atexit
import functools
import gc
import logging
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QDir, QSettings, QSize, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFileDialog, QHBoxLayout,
                               QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QProgressBar, QPushButton,
                               QSplitter, QStackedWidget, QTabWidget, QVBoxLayout, QWidget)

import docvec_gui
from docvec_gui.core.config import write_settings_file
from docvec_gui.core.logs import read_recent
from docvec_gui.core.vocabulary import Status
from docvec_gui.ui.bridge import Background, CoreBridge, Job
from docvec_gui.ui.delegates import ProgressDelegate
from docvec_gui.ui.detail_pane import DetailPane
from docvec_gui.ui.drop_zone import DropZone, local_paths
from docvec_gui.ui.folders_panel import FoldersPanel, folder_label
from docvec_gui.ui.models import LIBRARY_FOLDER
from docvec_gui.ui.empty_state import EmptyState
from docvec_gui.ui.health_panel import HealthPanel
from docvec_gui.ui.icons import icon
from docvec_gui.ui.i18n import error_kind_text, error_text, pick_language, status_text
from docvec_gui.ui.log_panel import LogPanel
from docvec_gui.ui.models import (COLUMNS, DocRow, DocumentFilterModel, DocumentTableModel, EventCoalescer, IdRole,
                                  translator)
from docvec_gui.ui.painting import LibraryTableView
from docvec_gui.ui.refusals import RefusalSummary
from docvec_gui.ui.table_state import (fit_columns, install_column_menu, restore_splitter, restore_table_state,
                                       save_splitter, save_table_state, setup_columns)
from docvec_gui.ui.throughput import Throughput
from docvec_gui.ui.search_panel import SearchPanel

if TYPE_CHECKING:  # the dialog's module is imported when it is first needed, not before the first paint
    from docvec_gui.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
STATUS_FILTERS = (("", "All"), ("pending", "Pending"), ("processing", "Processing"), ("completed", "Completed"),
                  ("error", "Error"))
LAST_FOLDER_KEY = "dialogs/last_folder"  # QSettings: where the last file dialog was left
# Processing, the model and the watcher start once the table's rows are in, or after this
# long at the latest (a slow disk must not hold them back).
BACKGROUND_START_LATEST_MS = 15_000
ACTIVITY_BATCH = 20  # more events of one kind in one reply are summed up in one Log line
API_CONNECTED_SECONDS = 10.0  # a client counts as connected this long after its last request
API_START_TIMEOUT = 15.0
API_STOP_TIMEOUT = 10.0
# API calls at once in the window's process: each one's Python competes with the Qt thread
# for the GIL. With 50 clients searching, 2 kept the largest Qt stall at 190 ms (8: 579 ms)
# for 10.5 instead of 15.9 searches/s (docs/BENCHMARKS.md, local API): the window comes first.
API_WORKER_THREADS = 2
# Simplified Chinese of this module's start-up strings (build_scripts/translations.py collects ZH_ dicts).
ZH_STARTUP = {"Opening the library…": "正在打开资料库…"}


def _needs_library(method: Callable) -> Callable:
    """For what the window does through the service: called before the library is open (the
    window paints first and is given the service when it has opened, see :meth:`MainWindow.attach`),
    the call waits and runs, in order, once it is."""

    @functools.wraps(method)
    def call(self: "MainWindow", *args, **kwargs):
        if self.service is None:
            self._deferred.append(lambda: method(self, *args, **kwargs))
            return None
        return method(self, *args, **kwargs)

    return call


def _fetch_rows(doc_ids: set[str] | None) -> tuple[list[DocRow], set[str]]:
    """Rows for ``doc_ids`` (all when None) and the ids that no longer exist."""
    from docvec_gui.ui.models import fetch_rows

    return fetch_rows(doc_ids)


class MainWindow(QMainWindow):
    """The window over one :class:`~docvec_gui.core.service.Service`.

    ``MainWindow(service)`` shows an open library. ``MainWindow(settings=settings)`` is the
    same window before its library is open (it can paint before the core is even imported,
    see app.py): it says "Opening the library…", its library actions are off, and what the
    user does meanwhile (a drop, a search) waits; :meth:`attach` gives it the service.
    """

    first_paint = Signal()

    def __init__(self, service=None, parent=None, *, settings=None) -> None:
        super().__init__(parent)
        if service is None and settings is None:
            raise TypeError("MainWindow needs a service, or the settings of the library it will be given")
        self.service = None  # set by attach()
        self._deferred: list[Callable[[], None]] = []  # calls waiting for the library (_needs_library)
        self._service_work_started = False
        settings = service.settings if service is not None else settings
        self.setWindowTitle(f"docvec — {settings.data_dir}")
        self.setAcceptDrops(True)
        self.background = Background(self.report_error, threads=3, parent=self)
        self.bridge = CoreBridge(None, self)
        self.coalescer = EventCoalescer(100, self)
        self.bridge.event.connect(self.coalescer.add, Qt.QueuedConnection)
        self.bridge.event.connect(self._on_health_event, Qt.QueuedConnection)
        self._fault_banner = False
        self.coalescer.flush.connect(self._refresh_rows)
        # Hooks so tests (and embedding apps) can answer questions without modal dialogs.
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self.ask_on_close: Callable[[], str] = self._close_dialog
        # A dropped folder: "watch", "copy" or "cancel"; removing a folder: "keep", "delete", "cancel".
        self.ask_folder_drop: Callable[[list[str]], str] = self._folder_drop_question
        self.ask_remove_folder: Callable[[object], str] = self._remove_folder_dialog
        self.last_reindex_question = ""
        self._reindex_after_switch = False
        self._painted = False
        self._closing = False
        self._background_started = False  # warm-up and watching (see _after_first_paint)
        # The model switch under way (its Job), and what waits for its end.
        self._switch_job: Job | None = None
        self._switch_model = ""
        self._switch_folder: Path | None = None
        self._close_after_switch = False
        self._process_after_switch = False
        self.settings_dialog: SettingsDialog | None = None
        # The local API server (api/server.py): None until it is started after the warm-up.
        self.api = None
        self.last_switch_question = ""
        # Pause as the user set it (kept in the library); None until read off the Qt thread.
        self.paused: bool | None = None
        self._pause_busy = False
        # Row replies carry a request number: a reply older than the one a row last got
        # (or than its deletion) is dropped for that row. Forgotten when none is in flight.
        self._row_seq = 0
        self._rows_in_flight = 0
        self._slices_pending = 0
        self._row_applied: dict[str, int] = {}
        # Restarting to apply a new language (a hook so tests need not restart for real).
        self.restart_app: Callable[[], None] = self._restart
        self._restart_command: list[str] | None = None
        self.restart_app_dir: Path = Path(settings.data_dir)
        self._build_ui()
        self._build_actions()
        self._restore_geometry()
        from docvec_gui.ui.models import RowLoader

        # Every row, read in pages off the Qt thread and inserted a short slice per turn.
        self.loader = RowLoader(self.model, self.background.run, parent=self)
        self.loader.failed.connect(self.report_error)
        self.loader.failed.connect(lambda _: self._painted and self._start_background_work())
        self.loader.finished.connect(self._rows_loaded)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(3000)
        self.health_timer.timeout.connect(self.refresh_health)
        self.health_timer.timeout.connect(self._show_api_clients)
        self.log_timer = QTimer(self)
        self.log_timer.setInterval(3000)
        self.log_timer.timeout.connect(self.refresh_log)
        if service is not None:
            self.attach(service)
        else:
            self.statusBar().showMessage(self.tr("Opening the library…"))

    def attach(self, service) -> None:
        """The library is open: core events flow to the window, its rows, folders and pause
        state load, the library's actions apply, and what waited for it runs."""
        if self.service is not None:
            raise RuntimeError("the window already has its library")
        self.service = service
        self.bridge.attach(service)
        self.folders_panel.refresh()
        self.loader.start()
        for action in self._library_actions:
            action.setEnabled(True)
        if self.statusBar().currentMessage() == self.tr("Opening the library…"):
            self.statusBar().clearMessage()
        if self._painted:
            self._start_service_work()
        deferred, self._deferred = self._deferred, []
        for call in deferred:
            call()

    # -- layout --------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.drop_zone = DropZone()
        self.drop_zone.dropped.connect(self.drop_paths)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("notice")
        self.notice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.notice_close = QPushButton(self.tr("Dismiss"))
        self.notice_close.setIcon(icon("close"))
        self.notice_close.clicked.connect(self.hide_notice)
        self.notice_action = QPushButton()  # the banner's own action (e.g. resume a model switch)
        self.notice_action.clicked.connect(self._notice_action_clicked)
        self.notice_action.hide()
        self._notice_callback: Callable[[], None] | None = None
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.notice_action)
        notice_row.addWidget(self.notice_close)
        self.notice_box = QWidget()
        self.notice_box.setLayout(notice_row)
        self.notice_box.hide()
        self._build_switch_row()

        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = LibraryTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Documents"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setItemDelegateForColumn(COLUMNS.index("progress"), ProgressDelegate(self.table))
        # Columns fitted to content (the reason next to Status), a header menu to show/hide
        # them; sort, widths, hidden columns as last time (else newest added first).
        setup_columns(self.table)
        install_column_menu(self.table)
        self._fit_columns_after_load = not restore_table_state(QSettings(), self.table)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _: self.open_selected())

        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName(self.tr("Filter by status"))
        for key, label in STATUS_FILTERS:
            self.status_filter.addItem(self.tr(label), key)
        self.status_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_status(self.status_filter.currentData()))
        self.name_filter = QLineEdit()
        self.name_filter.setPlaceholderText(self.tr("Filter by name"))
        self.name_filter.setAccessibleName(self.tr("Filter by name"))
        self.name_filter.setClearButtonEnabled(True)
        self.name_filter.textChanged.connect(self.proxy.set_name)
        self.folder_filter = QComboBox()
        self.folder_filter.setAccessibleName(self.tr("Filter by folder"))
        self.folder_filter.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self._fill_folder_filter([])
        self.folder_filter.currentIndexChanged.connect(self._folder_filter_changed)
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.status_filter)
        filters.addWidget(self.folder_filter)
        filters.addWidget(self.name_filter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.drop_zone)
        left_layout.addWidget(self.notice_box)
        self.refusals = RefusalSummary()
        left_layout.addWidget(self.refusals)
        left_layout.addWidget(self.switch_row)
        left_layout.addLayout(filters)
        # An empty library shows how to start instead of an empty table (once the first load
        # is over, so it never flashes at start-up; filters hiding every row do not count).
        self.empty_state = EmptyState()
        self.empty_state.add_files.connect(self.add_files_dialog)
        self.empty_state.watch_folder.connect(self.watch_folder_dialog)
        self.empty_state.try_search.connect(self.focus_search)
        self.table_stack = QStackedWidget()
        self.table_stack.addWidget(self.table)
        self.table_stack.addWidget(self.empty_state)
        self._rows_loaded_once = False
        left_layout.addWidget(self.table_stack, 1)

        self.detail = DetailPane(run=self.background.run)
        self.search_panel = SearchPanel()
        # Activating a hit previews it in the panel; only "Open at page" (or Ctrl+Enter) opens it, once.
        self.search_panel.query_submitted.connect(self.run_search)
        self.search_panel.open_requested.connect(self.open_result)
        self.search_panel.set_context_loader(self._passage_context, self.background.run)
        self.health = HealthPanel()
        self.health.pause_toggled.connect(self.toggle_processing)
        self.health.retry_failed.connect(self.retry_failed)
        self.health.refresh_requested.connect(self.refresh_health)
        self.health.verify_requested.connect(self.verify_and_repair)
        self.log_panel = LogPanel()
        self.log_panel.technical_toggle.toggled.connect(lambda shown: shown and self.refresh_log())
        self.folders_panel = FoldersPanel(lambda: self.service.folders(), self.background.run)
        self.folders_panel.add_requested.connect(self.watch_folder_dialog)
        self.folders_panel.pause_requested.connect(self.pause_folder)
        self.folders_panel.rescan_requested.connect(self.rescan_folder)
        self.folders_panel.remove_requested.connect(self.remove_folder)
        self.folders_panel.folders_changed.connect(self._folders_changed)
        self.bridge.event.connect(self.folders_panel.on_event, Qt.QueuedConnection)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.search_panel, self.tr("Search"))
        self.tabs.addTab(self.detail, self.tr("Details"))
        self.tabs.addTab(self.folders_panel, self.tr("Folders"))
        self.tabs.addTab(self.health, self.tr("Health && queue"))
        self.tabs.addTab(self.log_panel, self.tr("Log"))
        for widget, name in ((self.search_panel, "search"), (self.detail, "document"), (self.folders_panel, "folder"),
                             (self.health, "health"), (self.log_panel, "log")):
            self.tabs.setTabIcon(self.tabs.indexOf(widget), icon(name))
        self.tabs.currentChanged.connect(self._tab_changed)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.pause_label = QLabel()
        self.pause_label.setObjectName("pauseIndicator")
        self.pause_label.setAccessibleName(self.tr("Processing state"))
        self.pause_label.hide()
        self.statusBar().addPermanentWidget(self.pause_label)
        self.api_label = QLabel()
        self.api_label.setObjectName("apiClients")
        self.api_label.setAccessibleName(self.tr("Connected programs"))
        self.api_label.setToolTip(self.tr("Programs or AI assistants are using the local API "
                                          "(Settings ▸ Connections)"))
        self.api_label.hide()
        self.statusBar().addPermanentWidget(self.api_label)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.throughput = Throughput()
        self.throughput_label = QLabel()
        self.throughput_label.setAccessibleName(self.tr("Processing speed"))
        self.statusBar().addPermanentWidget(self.throughput_label)
        self.bridge.event.connect(self._count_throughput, Qt.QueuedConnection)
        self.throughput_timer = QTimer(self)
        self.throughput_timer.setInterval(2000)
        self.throughput_timer.timeout.connect(self._show_throughput)
        self.throughput_timer.start()
        self.model.countsChanged.connect(self._show_counts)
        self.model.countsChanged.connect(self._update_empty_state)
        self._show_counts(self.model.counts())

    def _action(self, text: str, slot, shortcut=None, menu: QMenu | None = None) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
            action.setShortcutContext(Qt.WindowShortcut)
        action.triggered.connect(lambda checked=False: slot())
        if menu is not None:
            menu.addAction(action)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        files = self.menuBar().addMenu(self.tr("&File"))
        self.act_add_files = self._action(self.tr("Add files…"), self.add_files_dialog, QKeySequence.Open, files)
        self.act_add_folder = self._action(self.tr("Add folder…"), self.add_folder_dialog, "Ctrl+Shift+O", files)
        self.act_watch_folder = self._action(self.tr("Watch folder…"), self.watch_folder_dialog, None, files)
        self.act_watch_folder.setToolTip(self.tr("Index a folder where it is and follow its changes"))
        files.addSeparator()
        self.act_settings = self._action(self.tr("Settings…"), self.open_settings, QKeySequence.Preferences, files)
        self._action(self.tr("Quit"), self.close, QKeySequence.Quit, files).setIcon(icon("quit"))
        docs = self.menuBar().addMenu(self.tr("&Documents"))
        self.act_reprocess = self._action(self.tr("Re-process"), self.reprocess_selected, "F5", docs)
        self.act_delete = self._action(self.tr("Delete"), self.delete_selected, QKeySequence.Delete, docs)
        self.act_process_all = self._action(self.tr("Process all pending and failed"), self.retry_failed,
                                            "Ctrl+Shift+P", docs)
        docs.addSeparator()
        self.act_open = self._action(self.tr("Open"), self.open_selected, "Ctrl+Return", docs)
        self.act_show = self._action(self.tr("Show in folder"), self.show_selected_in_folder, "Ctrl+Shift+R", docs)
        self.act_copy_error = self._action(self.tr("Copy error message"), self.copy_error, "Ctrl+Shift+C", docs)
        docs.addSeparator()
        self.act_pause = self._action(self.tr("Pause processing"), lambda: None, "Ctrl+Shift+Space", docs)
        self.act_pause.setCheckable(True)
        self.act_pause.setEnabled(False)  # until the library's pause state is read
        self.act_pause.setToolTip(self.tr("Stop processing documents until you resume; new documents wait in "
                                          "the queue. Kept across restarts."))
        self.act_pause.triggered.connect(self.set_paused)
        self.act_search = self._action(self.tr("Search"), self.focus_search, QKeySequence.Find)
        # Off until the library is open (attach); a search typed meanwhile waits for it.
        self._library_actions = (self.act_add_files, self.act_add_folder, self.act_watch_folder, self.act_settings,
                                 self.act_process_all)
        for action in self._library_actions:
            action.setEnabled(self.service is not None)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(self.tr("About docvec"), self.show_about, None, help_menu).setIcon(icon("info"))
        for action, name in ((self.act_add_files, "add_file"), (self.act_add_folder, "add_folder"),
                             (self.act_watch_folder, "watch_folder"), (self.act_reprocess, "reprocess"),
                             (self.act_delete, "delete"), (self.act_process_all, "process_all"),
                             (self.act_open, "open"), (self.act_show, "show_in_folder"),
                             (self.act_copy_error, "copy"), (self.act_search, "search"),
                             (self.act_settings, "settings"), (self.act_pause, "pause")):
            action.setIcon(icon(name))
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setIconSize(QSize(20, 20))
        toolbar.setToolButtonStyle(Qt.ToolButtonTextBesideIcon)
        for action in (self.act_add_files, self.act_add_folder, self.act_watch_folder, self.act_reprocess,
                       self.act_delete, self.act_process_all, self.act_pause):
            toolbar.addAction(action)
        # Row changes (an error appears, a row goes) can change what applies; coalesced, as
        # rows change many times a second while documents are processed.
        self._actions_timer = QTimer(self)
        self._actions_timer.setSingleShot(True)
        self._actions_timer.setInterval(50)
        self._actions_timer.timeout.connect(self._update_actions)
        for signal in (self.proxy.dataChanged, self.proxy.rowsRemoved, self.proxy.modelReset, self.proxy.layoutChanged):
            signal.connect(self._actions_timer.start)
        self._update_actions()

    def _context_menu(self, pos) -> None:
        menu = QMenu(self)
        for action in (self.act_open, self.act_show, self.act_copy_error, None, self.act_reprocess,
                       self.act_delete):
            menu.addSeparator() if action is None else menu.addAction(action)
        menu.popup(self.table.viewport().mapToGlobal(pos))

    # -- window lifecycle ----------------------------------------------------------------
    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.first_paint.emit()
        if self.service is not None:
            self._start_service_work()

    def _start_service_work(self) -> None:
        """Once painted and given the library: the pause state, the health timer, and the
        warm-up and watching after the first load of the rows."""
        if self._service_work_started:
            return
        self._service_work_started = True
        self.background.run(lambda: self.service.paused, self._show_paused)
        self.health_timer.start()
        # The table's first load goes first: 100,000 rows take seconds, and the warm-up and
        # the catch-up scans compete with it for the CPU and the GIL (docs/BENCHMARKS.md,
        # scale: the largest stall while rows arrived was 157 ms with the warm-up, 25 ms without).
        if self._rows_loaded_once:
            self._start_background_work()
        else:
            QTimer.singleShot(BACKGROUND_START_LATEST_MS, self._start_background_work)

    def _start_background_work(self) -> None:
        if self._background_started or self._closing:
            return
        self._background_started = True
        # Heavy imports (chromadb, onnxruntime) and the model load here, off the Qt thread.
        self.background.run(self._warm_up, self._warmed_up, self._warm_up_failed)
        # Watched folders are followed while the window owns the data directory (the
        # service stops the watcher when it closes); a catch-up scan of each runs first.
        self.background.run(self.service.start_watching, lambda _: self.folders_panel.refresh())

    def _warmed_up(self, _result=None) -> None:
        # The libraries just loaded leave ~a million long-lived objects; a full garbage
        # collection walking them all would stall the Qt thread for tens of milliseconds.
        # Freezing (cheap, unlike a collection) moves them out of the collector's view.
        gc.freeze()
        self.refresh_health()
        from docvec_gui.ui.settings_dialog import interrupted_switch

        self.background.run(interrupted_switch, self._offer_resume)
        self._launch_api()

    def _warm_up_failed(self, exc: BaseException) -> None:
        # Shown as before; the API serves anyway (status, listing and the health report
        # work without the model, and a client is told what is wrong).
        self.report_error(exc)
        self._launch_api()

    # -- the local API (issue 12) ------------------------------------------------------------
    def _launch_api(self) -> None:
        if self.api is None and not self._closing:
            # Importing starlette, uvicorn and mcp takes ~1.4 s of GIL: on the pool, after
            # the warm-up, never before the first rows.
            self.background.run(self._start_api, self._api_started, self._api_start_crashed)

    def _start_api(self):
        """On the pool: build and start the server. ``self.api`` is set before it starts so
        that a close meanwhile finds it (and a close seen after the start stops it here)."""
        from docvec_gui.api.server import ApiServer

        if self._closing:
            return None
        server = ApiServer(self.service, worker_threads=API_WORKER_THREADS)
        self.api = server
        server.start(timeout=API_START_TIMEOUT)
        if self._closing:
            server.stop(timeout=API_STOP_TIMEOUT)
        return server

    def _api_started(self, server) -> None:
        if server is None or self._closing:
            return
        if not server.running:
            self.statusBar().showMessage(self.tr("The local API is off: %1").replace("%1", server.error or ""), 15000)
            self.log_activity(self.tr("The local API could not start: %1").replace("%1", server.error or ""))
        self._api_changed()

    def _api_start_crashed(self, exc: BaseException) -> None:
        # start() never raises; building the server could (a broken install): one line, logged.
        from docvec_gui.core.errors import classify

        kind, message = classify(exc)
        log.error("the local API could not be started: %s: %s", kind, message, exc_info=exc)
        self.statusBar().showMessage(self.tr("The local API is off: %1").replace("%1", message), 15000)

    def _api_changed(self) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            dialog.connections.show_server(self.api)
        self._show_api_clients()

    def api_clients(self) -> int:
        """Requests in flight now, or 1 if the last one started less than 10 s ago (0: idle)."""
        api = self.api
        if api is None or not api.running:
            return 0
        if api.active_requests > 0:
            return api.active_requests
        last = api.last_request_at  # time.time() of the last request's start
        return 1 if last is not None and time.time() - last < API_CONNECTED_SECONDS else 0

    def _show_api_clients(self) -> None:
        count = self.api_clients()
        if count:
            self.api_label.setText(self.tr("API: %n client(s)", "", count))
        self.api_label.setVisible(bool(count))

    def regenerate_api_token(self) -> None:
        """Settings ▸ Connections ▸ Regenerate: a new token (written to api-token), on the pool."""
        api = self.api
        if api is None:
            return
        self.background.run(api.regenerate_token, self._token_regenerated)

    def _token_regenerated(self, token: str) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            dialog.connections.set_token(token)
        self.log_activity(self.tr("Made a new API token; programs using the old one are refused"))

    def _warm_up(self) -> None:
        self.service.start_processing()
        self.service.warm_up()

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        state = settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        restore_splitter(settings, self.splitter)

    def _update_empty_state(self, *_) -> None:
        empty = self._rows_loaded_once and sum(self.model.counts().values()) == 0
        self.table_stack.setCurrentWidget(self.empty_state if empty else self.table)

    def _rows_loaded(self) -> None:
        self._rows_loaded_once = True
        if self._painted:
            self._start_background_work()
        self._update_empty_state()
        if self._fit_columns_after_load:  # first start: widths from the rows (nothing saved)
            fit_columns(self.table)

    def _count_throughput(self, event) -> None:
        if event.kind == "status" and event.status in ("completed", "error"):
            self.throughput.record()
        elif event.kind == "status" and event.status == "processing":
            self.throughput.start()

    def _show_throughput(self) -> None:
        counts = self.model.counts()
        left = counts.get("pending", 0) + counts.get("processing", 0)
        if not left:
            self.throughput.reset()
        self.throughput_label.setText(self.throughput.text(left, tr=translator("Throughput")))

    def closeEvent(self, event) -> None:
        if self._closing:
            api = self.api
            if api is not None and api.running:  # closed without the shutdown below (tests, embedding)
                self.background.run(lambda: api.stop(timeout=API_STOP_TIMEOUT))
            event.accept()
            return
        if self.service is None:  # closed while the library opens: nothing of it runs yet (app.py closes it)
            self._save_window_state()
            self._stop_timers()
            self._closing = True
            event.accept()
            return
        if self._switch_job is not None:
            # Stop the switch at its next batch (what is done stays done and resumes at the
            # next start), then close for real when it has returned.
            self._close_after_switch = True
            self.stop_model_switch()
            event.ignore()
            return
        busy = self.model.counts().get("processing", 0) > 0 or bool(len(self.service.registry))
        choice = self.ask_on_close() if busy else "finish"
        if choice == "cancel":
            self._restart_command = None  # a restart asked for is called off with the close
            event.ignore()
            return
        if self._restart_command is not None:
            # Started when this process exits, after the library is closed and its lock freed.
            atexit.register(_start_again, self._restart_command)
        self._save_window_state()
        self._stop_timers()
        self.bridge.close()
        self.folders_panel.stop()
        self._closing = True
        self.statusBar().showMessage(self.tr("Finishing current documents…") if choice == "finish"
                                     else self.tr("Stopping…"))
        finish = choice == "finish"
        # Either way, interrupted documents are back to pending and resume at the next start.
        # The API stops first (no client starts work meanwhile), then the watcher: a file
        # change must not start processing again meanwhile.
        self.background.run(lambda: (self.api and self.api.stop(timeout=API_STOP_TIMEOUT),
                                     self.service.stop_watching(),
                                     self.service.stop_processing(timeout=60 if finish else 5, finish=finish)),
                            lambda _: self.close(), lambda exc: self.close())
        event.ignore()

    def _save_window_state(self) -> None:
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        save_splitter(settings, self.splitter)
        save_table_state(settings, self.table)

    def _stop_timers(self) -> None:
        self.throughput_timer.stop()
        self.health_timer.stop()
        self.log_timer.stop()

    def _close_dialog(self) -> str:
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Documents are being processed"))
        box.setText(self.tr("Finish the documents in progress before closing, or stop now? "
                            "Either way, unfinished documents resume at the next start."))
        finish = box.addButton(self.tr("Finish"), QMessageBox.AcceptRole)
        stop = box.addButton(self.tr("Stop now"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "finish" if clicked is finish else "stop" if clicked is stop else "cancel"

    def _confirm_dialog(self, text: str) -> bool:
        parent = QApplication.activeModalWidget() or self  # above the settings dialog when it is open
        return QMessageBox.question(parent, self.tr("docvec"), text) == QMessageBox.Yes

    # -- errors: the one place they are shown --------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        from docvec_gui.core.errors import DocvecError, classify

        kind, message = classify(exc)
        log.error("action failed: %s: %s", kind, message, exc_info=not isinstance(exc, DocvecError))
        box = QMessageBox(QMessageBox.Warning, self.tr("docvec"), f"{kind}: {message}", QMessageBox.Ok, self)
        box.setAttribute(Qt.WA_DeleteOnClose)
        box.open()  # non-blocking
        self.last_error = f"{kind}: {message}"

    # -- table refresh -------------------------------------------------------------------
    def _refresh_rows(self, changed: set, deleted: set) -> None:
        self._row_seq += 1
        seq = self._row_seq
        if deleted:
            if self._rows_in_flight:
                # A reply read before the deletion must not bring the rows back.
                self._row_applied.update(dict.fromkeys(deleted, seq))
            self._log_deleted(deleted)
            self.model.remove(deleted)
            if self.detail.doc_id in deleted:
                self.detail.clear()
        if changed:
            self._rows_in_flight += 1
            self.background.run(lambda: (seq, *_fetch_rows(changed)), self._apply_rows, self._rows_failed)

    ROWS_PER_SLICE = 2000

    def _rows_failed(self, exc: BaseException) -> None:
        self._reply_done()
        self.report_error(exc)

    def _reply_done(self) -> None:
        self._rows_in_flight = max(0, self._rows_in_flight - 1)
        self._forget_replies()

    def _forget_replies(self) -> None:
        if not self._rows_in_flight and not self._slices_pending:
            self._row_applied.clear()  # no older reply (or slice of one) can still come

    def _apply_rows(self, result: tuple[int, list[DocRow], set[str]]) -> None:
        """Reply ``seq`` of the row fetches, ``(seq, rows, ids found deleted)``: rows newer
        than what each row last got are applied; older ones, overtaken by a later reply, are
        dropped."""
        seq, rows, missing = result
        applied = self._row_applied
        rows = [row for row in rows if applied.get(row.id, 0) < seq]
        missing = {doc_id for doc_id in missing if applied.get(doc_id, 0) < seq}
        for doc_id in missing:
            applied[doc_id] = seq
        for row in rows:
            applied[row.id] = seq
        self._rows_in_flight = max(0, self._rows_in_flight - 1)
        if missing:
            self._log_deleted(missing)
            self.model.remove(missing)
        self._log_changes(rows)
        self._apply_slices(rows, seq)

    def _apply_slices(self, rows: list[DocRow], seq: int) -> None:
        # A synced folder's thousands of rows arrive at once; each slice costs the table one
        # linear merge of its order, so slices, one per event-loop turn, keep turns short.
        # A row a newer reply updated between two slices keeps the newer data.
        head, rest = rows[: self.ROWS_PER_SLICE], rows[self.ROWS_PER_SLICE:]
        applied = self._row_applied
        self.model.apply([row for row in head if applied.get(row.id, seq) <= seq])
        shown = self.detail.doc_id
        if shown is not None and any(row.id == shown for row in head):
            self.detail.update_facts(self.model.row_for(shown))  # its status, error or chunks changed
        if rest:
            self._slices_pending += 1
            QTimer.singleShot(0, lambda: self._next_slice(rest, seq))
        self._forget_replies()

    def _next_slice(self, rows: list[DocRow], seq: int) -> None:
        self._slices_pending -= 1
        self._apply_slices(rows, seq)

    # -- the Log tab's activity: what the user would want to know happened ----------------
    def log_activity(self, text: str) -> None:
        self.log_panel.record(text)

    def _log_batch(self, names: list[str], one: str, many: Callable[[int], str]) -> None:
        """One line per document (``one`` with its name for %1), or for a big batch (a synced
        folder) one summary line, ``many(count)`` with the first names for %1."""
        if not names:
            return
        if len(names) <= ACTIVITY_BATCH:
            for name in names:
                self.log_activity(one.replace("%1", name))
            return
        self.log_activity(many(len(names)).replace("%1", ", ".join(names[:5]) + ", …"))

    def _log_changes(self, rows: list[DocRow]) -> None:
        added, completed, failed = [], [], []
        for row in rows:
            old = self.model.row_for(row.id)
            if old is None and self._rows_loaded_once:  # (before: a row the first load has not reached)
                added.append(row.filename)
            if row.status == Status.COMPLETED and (old is None or old.status != Status.COMPLETED
                                                   or old.processed_at != row.processed_at):
                completed.append(self.tr("%1 (%n chunk(s))", "", row.chunk_count).replace("%1", row.filename))
            elif row.status == Status.ERROR and (old is None or old.status != Status.ERROR or old.error != row.error):
                failed.append(f"{row.filename} — {error_text(row.error)}")
        self._log_batch(added, self.tr("Added: %1"), lambda n: self.tr("Added %n document(s): %1", "", n))
        self._log_batch(completed, self.tr("Completed: %1"),
                        lambda n: self.tr("Completed %n document(s): %1", "", n))
        self._log_batch(failed, self.tr("Failed: %1"), lambda n: self.tr("Failed %n document(s): %1", "", n))

    def _log_deleted(self, doc_ids: set) -> None:
        names = [row.filename for row in (self.model.row_for(i) for i in doc_ids) if row is not None]
        self._log_batch(names, self.tr("Deleted: %1"), lambda n: self.tr("Deleted %n document(s): %1", "", n))

    def _show_counts(self, counts: dict) -> None:
        labels = {key: status_text(key) for key in ("pending", "processing", "completed", "error")}
        self.counts_label.setText("  ".join(f"{labels[k]}: {counts.get(k, 0)}" for k in labels))

    # -- adding --------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.drop_paths(paths)

    @staticmethod
    def dialog_folder() -> str:
        """Where file dialogs open: the folder last chosen in one, else the user's home
        (never the folder the app happens to run in)."""
        last = QSettings().value(LAST_FOLDER_KEY)
        if last and os.path.isdir(str(last)):
            return str(last)
        return QDir.homePath()

    @staticmethod
    def _remember_folder(path: str) -> None:
        QSettings().setValue(LAST_FOLDER_KEY, path)

    def add_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files"), self.dialog_folder())
        if paths:
            self._remember_folder(str(Path(paths[0]).parent))
            self.add_paths(paths)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"), self.dialog_folder())
        if folder:
            self._remember_folder(str(Path(folder).parent))
            self.add_paths([folder])

    def drop_paths(self, paths: list[str]) -> None:
        """Dropped files are added (copied) as always; for dropped folders the user chooses:
        watch them (indexed in place, followed) or add their documents once. Which paths are
        folders is found on the pool (a stat of a network path can take seconds)."""
        self.background.run(lambda: _split_folders(paths), lambda split: self._dropped(paths, *split))

    def _dropped(self, paths: list[str], files: list[str], folders: list[str]) -> None:
        if not folders:
            self.add_paths(paths)
            return
        choice = self.ask_folder_drop(folders)
        if choice == "watch":
            for folder in folders:
                self.watch_folder(folder)
            if files:
                self.add_paths(files)
        elif choice == "copy":
            self.add_paths(paths)

    def _folder_drop_question(self, folders: list[str]) -> str:
        """Watch the dropped folders, or add their documents once (copied into the library)?"""
        if self.confirm != self._confirm_dialog:
            # A caller that answers the window's questions itself (tests, an embedding app)
            # gets this one as a yes/no question: yes watches.
            return "watch" if self.confirm(self._folder_drop_text(folders)) else "copy"
        box = QMessageBox(QApplication.activeModalWidget() or self)
        box.setWindowTitle(self.tr("docvec"))
        box.setText(self._folder_drop_text(folders))
        watch = box.addButton(self.tr("Watch this folder") if len(folders) == 1 else self.tr("Watch these folders"),
                              QMessageBox.AcceptRole)
        copy = box.addButton(self.tr("Add once (copy)"), QMessageBox.NoRole)
        box.addButton(QMessageBox.Cancel)
        box.setDefaultButton(watch)
        box.exec()
        clicked = box.clickedButton()
        return "watch" if clicked is watch else "copy" if clicked is copy else "cancel"

    def _folder_drop_text(self, folders: list[str]) -> str:
        names = ", ".join(Path(f).name or f for f in folders[:3]) + ("…" if len(folders) > 3 else "")
        return (self.tr("Watch %1? A watched folder is indexed where it is, and new, changed and deleted files "
                        "are followed. Or add its documents once, as copies in the library.").replace("%1", names))

    # -- watched folders -------------------------------------------------------------------
    def watch_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Watch folder"), self.dialog_folder())
        if folder:
            self._remember_folder(str(Path(folder).parent))
            self.watch_folder(folder)

    @_needs_library
    def watch_folder(self, path: str) -> None:
        """Watch ``path`` (what the Watch folder dialog, the Folders view and a dropped folder
        call). The service returns at once; the first scan runs in its watcher."""
        self.background.run(lambda: self.service.watch_add(path), self._watching)

    def _watching(self, info) -> None:
        self.statusBar().showMessage(self.tr("Watching %1: its documents are indexed where they are.")
                                     .replace("%1", info.path), 6000)
        self.tabs.setCurrentWidget(self.folders_panel)
        self.folders_panel.select_folder(info.id)
        self.folders_panel.refresh()

    def pause_folder(self, folder_id: int, paused: bool) -> None:
        self.background.run(lambda: self.service.watch_pause(folder_id, paused),
                            lambda _: self.folders_panel.refresh())

    def rescan_folder(self, folder_id: int) -> None:
        self.background.run(lambda: self.service.watch_rescan(folder_id),
                            lambda _: self.statusBar().showMessage(self.tr("Rescanning the folder…"), 3000))

    def remove_folder(self, info) -> None:
        """Stop watching a folder; its documents stay searchable or are deleted, as asked."""
        choice = self.ask_remove_folder(info)
        if choice not in ("keep", "delete"):
            return
        keep = choice == "keep"
        self.background.run(lambda: self._remove_folder_job(info.id, keep),
                            lambda deleted: self._folder_removed(info, keep, deleted))

    def _remove_folder_job(self, folder_id: int, keep: bool) -> int:
        # Kept documents become added files; the core's status events tell the table.
        return self.service.watch_remove(folder_id, keep_documents=keep)

    def _folder_removed(self, info, keep: bool, deleted: int) -> None:
        text = (self.tr("Stopped watching %1; its documents stay searchable.") if keep
                else self.tr("Stopped watching %1; %n document(s) deleted.", "", deleted)).replace("%1", info.path)
        self.statusBar().showMessage(text, 6000)
        self.folders_panel.refresh()

    def _remove_folder_dialog(self, info) -> str:
        count = info.counts.get("files", 0)
        box = QMessageBox(self)
        box.setWindowTitle(self.tr("Remove watched folder"))
        box.setText(self.tr("Stop watching %1? Its files on disk are not touched.").replace("%1", info.path))
        keep = box.addButton(self.tr("Keep its %n document(s) searchable", "", count), QMessageBox.AcceptRole)
        delete = box.addButton(self.tr("Delete them"), QMessageBox.DestructiveRole)
        box.addButton(QMessageBox.Cancel)
        box.exec()
        clicked = box.clickedButton()
        return "keep" if clicked is keep else "delete" if clicked is delete else "cancel"

    def _folders_changed(self, infos: list) -> None:
        """The folder filter and the search scope follow the watched folders."""
        self._fill_folder_filter(infos)
        self.search_panel.set_folders([(i.id, folder_label(i, infos), i.path) for i in infos])

    def _fill_folder_filter(self, infos: list) -> None:
        combo = self.folder_filter
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("All folders"), None)
        combo.addItem(self.tr("Added files"), LIBRARY_FOLDER)
        combo.setItemData(1, self.tr("Documents added or dropped (copied into the library)"), Qt.ToolTipRole)
        for info in infos:
            combo.addItem(folder_label(info, infos), info.id)
            combo.setItemData(combo.count() - 1, info.path, Qt.ToolTipRole)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        if combo.currentData() != current:  # its folder was removed: back to all
            self._folder_filter_changed()

    def _folder_filter_changed(self) -> None:
        self.proxy.set_folder(self.folder_filter.currentData())

    @_needs_library
    def add_paths(self, paths: list[str]) -> None:
        self.statusBar().showMessage(self.tr("Adding %n item(s)…", "", len(paths)), 3000)
        if self._switch_job is not None:
            # Processing waits for the switch (a document completed now would have vectors of
            # the old model only); it starts when the switch ends.
            self._process_after_switch = self._process_after_switch or self.service.settings.auto_process
            self.background.run(lambda: self.service.add(paths, process=False), self._added)
            return
        self.background.run(lambda: self.service.add(paths), self._added)

    def _added(self, report) -> None:
        problems = [f"{Path(r['path']).name} — {error_kind_text(r['kind'])}: {r['reason']}" for r in report.refused]
        problems += [f"{Path(d['path']).name} — {error_kind_text('duplicate')}: {d['reason']}"
                     for d in report.duplicates]
        self.statusBar().showMessage(self.tr("Added %n document(s)", "", len(report.added)), 5000)
        self._log_batch(problems, self.tr("Not added: %1"), lambda n: self.tr("%n file(s) not added: %1", "", n))
        self.refusals.show_report(report)  # replaces the last add's summary (hidden if none)

    def _on_health_event(self, event) -> None:
        """A fault of the app (disk full, vector store restarting) is a banner, never a
        verdict on a document; it goes away when processing resumes by itself."""
        from docvec_gui.core.vocabulary import EventKind

        if event.kind != EventKind.HEALTH:
            return
        if "user_paused" in event.extra:
            if not self._pause_busy:  # the window's own pause shows its progress itself
                self._show_paused(bool(event.extra["user_paused"]))
        elif event.status == "paused":
            self.show_notice(self.tr("Processing is paused: %1. It resumes by itself when this is fixed; "
                                     "no document is lost.").replace("%1", event.message or ""))
            self.log_activity(self.tr("Processing stopped by a problem: %1").replace("%1", event.message or ""))
            self._fault_banner = True
        elif event.status == "resumed" and self._fault_banner:
            self.hide_notice()
            self.log_activity(self.tr("Processing continues: the problem is solved."))
            self._fault_banner = False
        self.refresh_health()

    def show_notice(self, text: str, action_text: str | None = None,
                    action: Callable[[], None] | None = None) -> None:
        """The banner; with ``action``, a button that runs it (and dismisses the banner)."""
        self.notice.setText(text)
        self._notice_callback = action
        self.notice_action.setText(action_text or "")
        self.notice_action.setVisible(action is not None)
        self.notice_box.show()

    def hide_notice(self) -> None:
        self.notice_box.hide()
        self._notice_callback = None

    def _notice_action_clicked(self) -> None:
        callback = self._notice_callback
        self.hide_notice()
        if callback is not None:
            callback()

    # -- selection and actions -----------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.data(index, IdRole) for index in rows]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.show_details(ids[0])
        self._update_actions()

    def _update_actions(self, *_) -> None:
        """Actions on documents are enabled only when they can do something."""
        ids = self.selected_ids()
        rows = [row for row in (self.model.row_for(i) for i in ids) if row is not None]
        for action in (self.act_delete, self.act_open, self.act_show):
            action.setEnabled(bool(rows))
        self.act_reprocess.setEnabled(bool(rows) and self._switch_job is None)
        self.act_copy_error.setEnabled(any(row.error for row in rows))

    def show_details(self, doc_id: str, focus_index: int | None = None) -> None:
        row = self.model.row_for(doc_id)
        if row is None:
            return
        # Chunks are read a page at a time by the pane itself (stale pages dropped there).
        self.detail.show_document(row, focus_index=focus_index)

    def _waits_for_switch(self) -> bool:
        """True (and says so) when a model switch holds processing back."""
        if self._switch_job is None:
            return False
        self._process_after_switch = True
        self.statusBar().showMessage(self.tr("Processing resumes when the model switch is complete."), 6000)
        return True

    def reprocess_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        if self._switch_job is not None:
            self.statusBar().showMessage(self.tr("Re-process after the model switch is complete."), 6000)
            return

        def reprocess() -> None:
            for doc_id in ids:
                self.service.reprocess(doc_id)
            self.service.start_processing()  # not while paused: the documents wait, pending

        names = [row.filename for row in (self.model.row_for(i) for i in ids) if row is not None]
        self._log_batch(names, self.tr("Re-processing: %1"),
                        lambda n: self.tr("Re-processing %n document(s): %1", "", n))
        if self.paused:
            self.statusBar().showMessage(self.tr("Processing is paused: the documents wait until you resume."), 6000)
        self.background.run(reprocess)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = ", ".join(self.model.row_for(i).filename for i in ids[:5]) + ("…" if len(ids) > 5 else "")
        if not self.confirm(self.tr("Delete %n document(s) and their index data?", "", len(ids)) + f"\n{names}"):
            return
        self.background.run(lambda: self._delete_each(ids))

    def _delete_each(self, ids: list[str]) -> None:
        """Delete one after the other (worker thread). A document already gone (a folder
        removal or another action deleted it meanwhile) does not stop the others."""
        from docvec_gui.core.errors import NotFound

        for doc_id in ids:
            try:
                self.service.delete(doc_id)
            except NotFound:
                log.info("document %s was already deleted", doc_id)

    @_needs_library
    def verify_and_repair(self) -> None:
        self.health.verify_button.setEnabled(False)
        self.statusBar().showMessage(self.tr("Verifying the library…"))
        self.background.run(lambda: self.service.check(repair=True), self._verified,
                            lambda exc: (self.health.verify_button.setEnabled(True), self.report_error(exc)))

    def _verified(self, report) -> None:
        self.health.verify_button.setEnabled(True)
        if not report.problems:
            self.statusBar().showMessage(self.tr("Library verified: no problems found"), 8000)
        else:
            lines = [f"{p.kind}: {p.filename or p.doc_id or ''} {p.detail}"
                     + (f" — {self.tr('repaired')}" if p.repaired else "") for p in report.problems[:50]]
            self.show_notice(self.tr("Verify & repair: %n problem(s) found", "", len(report.problems)) + "\n"
                             + "\n".join(lines))
        self.refresh_health()

    @_needs_library
    def retry_failed(self) -> None:
        if self._waits_for_switch():
            return
        self.log_activity(self.tr("Processing all pending and failed documents"))
        self.background.run(lambda: (self.service.process_all(), self.service.start_processing()))

    def _openable_paths(self, doc_ids: list[str]) -> Callable[[], list[tuple[str, Path | None, str | None]]]:
        """A job for the pool: (name, path the OS may open, reason it may not) per document.

        Executables and scripts are never handed to the OS: the check (which reads the
        file's head) runs off the Qt thread; the rows are read here, on it.
        """
        from docvec_gui.core.importer import openable_path

        rows = [row for row in (self.model.row_for(i) for i in doc_ids) if row is not None]
        return lambda: [(row.filename, *openable_path(row.original_path, row.stored_path, row.content_type))
                        for row in rows]

    def _refused_to_open(self, refused: list[str]) -> None:
        if refused:
            log.warning("not opened: %s", "; ".join(refused))
            self.show_notice("\n".join(refused))

    def open_selected(self) -> None:
        ids = self.selected_ids()[:10]
        if ids:
            self.background.run(self._openable_paths(ids), self._open_paths)

    def _open_paths(self, results: list[tuple[str, Path | None, str | None]]) -> None:
        refused = []
        for name, path, reason in results:
            if path is None:
                refused.append(f"{name} — {reason}")
            else:
                QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self._refused_to_open(refused)

    def show_selected_in_folder(self) -> None:
        ids = self.selected_ids()[:1]
        if ids:
            self.background.run(self._openable_paths(ids), self._show_in_folder)

    def _show_in_folder(self, results: list[tuple[str, Path | None, str | None]]) -> None:
        name, path, reason = results[0] if results else ("", None, None)
        if path is None:
            self._refused_to_open([f"{name} — {reason}"] if reason else [])
        elif path.parent.suffix.lower() == ".app":  # macOS would launch the bundle, not show it
            self._refused_to_open([f"{name} — not shown: its folder is an application bundle"])
        else:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path.parent)))

    def copy_error(self) -> None:
        errors = [f"{r.filename}: {r.error}" for r in (self.model.row_for(i) for i in self.selected_ids())
                  if r is not None and r.error]
        QApplication.clipboard().setText("\n".join(errors))
        self.statusBar().showMessage(self.tr("Copied %n error message(s)", "", len(errors)), 3000)

    def toggle_processing(self) -> None:
        """The Health tab's button: the same pause as the toolbar's."""
        if self.paused is not None:
            self.set_paused(not self.paused)

    # -- pause: a state the user sets, kept in the library, shown in the toolbar and status bar
    def set_paused(self, paused: bool) -> None:
        """Pause (running documents go back to pending at once) or resume processing. The
        toolbar and status bar say so at once; the service call runs on the pool."""
        paused = bool(paused)
        if self._pause_busy or self.paused is None:
            self.act_pause.setChecked(bool(self.paused))  # a click while the last one runs
            return
        if paused == self.paused:
            return
        self._pause_busy = True
        self.act_pause.setEnabled(False)
        self._show_paused(paused, busy=True)
        self.log_activity(self.tr("Paused processing") if paused else self.tr("Resumed processing"))
        job = (lambda: self.service.pause(timeout=5)) if paused else self.service.resume
        self.background.run(job, lambda _: self._pause_done(paused), lambda exc: self._pause_failed(paused, exc))

    def _pause_done(self, paused: bool) -> None:
        self._pause_busy = False
        self._show_paused(paused)
        self.statusBar().showMessage(self.tr("Processing paused; new documents wait in the queue.") if paused
                                     else self.tr("Processing resumed."), 5000)
        self.refresh_health()

    def _pause_failed(self, paused: bool, exc: BaseException) -> None:
        self._pause_busy = False
        self._show_paused(not paused)
        self.report_error(exc)

    def _show_paused(self, paused: bool, busy: bool = False) -> None:
        """The pause state in the toolbar (checked), status bar and Health tab."""
        if not busy:
            self.paused = paused
        self.act_pause.setChecked(paused)
        self.act_pause.setEnabled(not busy)
        self.act_pause.setIcon(icon("play" if paused and not busy else "pause"))
        if busy:
            self.pause_label.setText(self.tr("Pausing…") if paused else self.tr("Resuming…"))
        else:
            self.pause_label.setText(self.tr("Paused"))
        self.pause_label.setToolTip(self.tr("Processing is paused: documents are added and wait in the queue "
                                            "until you resume (Documents ▸ Pause processing)."))
        self.pause_label.setVisible(busy or paused)
        if paused:
            self.throughput.reset()  # no speed or time left while nothing is processed
        self.health.set_paused(paused, busy)

    # -- search --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.query.setFocus()
        self.search_panel.query.selectAll()

    @_needs_library
    def run_search(self, request) -> None:
        """A SearchRequest (search_panel.SearchRequest): query, mode, scope (watched folder,
        document types) and its number, so the panel drops a reply to an older request."""
        rid = request.request_id
        kwargs = request.search_kwargs()  # mode, and folder_id / content_types when scoped
        self.background.run(lambda: self.service.search(request.query, top_k=20, **kwargs),
                            lambda results: self.search_panel.show_results(results, rid),
                            lambda exc: self.search_panel.show_error(f"{getattr(exc, 'kind', 'error')}: {exc}", rid))

    def _passage_context(self, doc_id: str, chunk_index: int) -> list:
        """On the pool: a search hit's chunk and its neighbours, for the preview."""
        return self.service.passage_context(doc_id, chunk_index, around=1)

    def open_result(self, result) -> None:
        """"Open at page N" (or Ctrl+Enter) in the search tab: the file in its viewer."""
        self.background.run(self._openable_paths([result.doc_id]),
                            lambda found: self._open_at_page(found, result.page))

    def _open_at_page(self, results: list[tuple[str, Path | None, str | None]], page: int | None) -> None:
        name, path, reason = results[0] if results else ("", None, None)
        if path is None:
            self._refused_to_open([f"{name} — {reason}"] if reason else [])
            return
        url = QUrl.fromLocalFile(str(path))
        if page and path.suffix.lower() == ".pdf":
            url.setFragment(f"page={page}")  # honoured by most PDF viewers and browsers
        QDesktopServices.openUrl(url)

    # -- health, log, settings -----------------------------------------------------------
    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.log_panel:
            self.refresh_log()
            self.log_timer.start()
        else:
            self.log_timer.stop()
        if self.tabs.widget(index) is self.health:
            self.refresh_health()

    def refresh_health(self) -> None:
        if self._closing or self.service is None:  # (its timer starts once the library is open)
            return
        self.background.run(lambda: (self.service.health(), self.service.counts(), self.service.is_processing),
                            lambda r: self.health.show_report(*r))

    def refresh_log(self) -> None:
        if not self.log_panel.technical_visible or self.service is None:
            return  # read only while shown (and by the Log tab's timer once the library is open)
        log_dir = self.service.settings.log_path
        self.background.run(lambda: read_recent(log_dir, 500), self.log_panel.show_entries)

    @_needs_library
    def open_settings(self) -> None:
        """The dialog is window-modal but not blocking: a model switch it asks for runs (and
        reports) in the window while the event loop keeps turning."""
        from docvec_gui.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.service.settings, self, api=self.api, regenerate=self.regenerate_api_token)
        dialog.switch_requested.connect(self.request_model_switch)
        dialog.accepted.connect(lambda: self._apply_settings(dialog))
        dialog.finished.connect(lambda _: self._settings_closed(dialog))
        self.settings_dialog = dialog
        if self._switch_job is not None:
            dialog.set_switch_busy(True, self.tr("Switching to %1…").replace("%1", self._switch_model))
        dialog.open()
        self._load_model_info()

    def _settings_closed(self, dialog: SettingsDialog) -> None:
        if self.settings_dialog is dialog:
            self.settings_dialog = None
        dialog.deleteLater()

    def _load_model_info(self) -> None:
        dialog = self.settings_dialog
        if dialog is None:
            return
        from docvec_gui.ui.settings_dialog import gather_model_info

        self.background.run(lambda: gather_model_info(self.service),
                            lambda info: self.settings_dialog is dialog and dialog.show_model_info(info),
                            lambda exc: self.settings_dialog is dialog and dialog.show_model_message(
                                "%s: %s" % self._classify(exc), error=True))

    def _apply_settings(self, dialog: SettingsDialog) -> None:
        values = dialog.values()
        data_dir = self.service.settings.data_dir
        from docvec_gui.ui.settings_dialog import chunking_changed

        rechunk = chunking_changed(self.service.settings, values)
        # The window's texts are built in the language it started with: a new one needs a restart.
        relanguage = pick_language(self.service.settings.ui_language) != pick_language(values.get("ui_language"))
        write_settings_file(data_dir, values)
        chosen = dialog.chosen_data_dir()
        if chosen != data_dir:
            QSettings().setValue("data_dir", str(chosen))
        rewrite = bool(values.get("mcp_allow_write")) != bool(self.service.settings.mcp_allow_write)
        self.background.run(lambda: self._apply_service_settings(values, rewrite),
                            lambda result: self._settings_applied(result[0] or chosen != data_dir, rechunk,
                                                                  relanguage, chosen, result[1]))

    def _apply_service_settings(self, values: dict, allow_changed: bool) -> tuple[bool, object]:
        """On the pool: the service takes the new values; a new "allow AI assistants to change
        the library" reaches the running server at once (its MCP write tools come or go, and
        connected clients stay connected). Returns (some settings need an app restart, the
        server told of the change or None)."""
        restart = self.service.apply_settings(values)
        api = self.api
        if not allow_changed or api is None:
            return restart, None
        api.set_mcp_allow_write(self.service.settings.mcp_allow_write)
        return restart, api

    def _settings_applied(self, restart: bool, rechunk: bool, relanguage: bool = False,
                          data_dir: Path | None = None, api=None) -> None:
        if api is not None:  # told of a new "allow AI assistants to change the library"
            self.log_activity(self.tr("AI assistants may now change the library")
                              if self.service.settings.mcp_allow_write
                              else self.tr("AI assistants may now only search and read the library"))
            self._api_changed()
        if relanguage:
            self.statusBar().clearMessage()
            self.show_notice(self.tr("Settings saved. The new language is used after docvec restarts."),
                             self.tr("Restart now"), lambda: self.request_restart(data_dir))
        else:
            self.statusBar().showMessage(self.tr("Settings saved; some take effect after a restart.") if restart
                                         else self.tr("Settings saved and applied."), 6000)
        if api is not None and not api.running:
            self.statusBar().showMessage(self.tr("The local API is off: %1").replace("%1", api.error or ""), 15000)
        if rechunk:
            self.offer_reindex()

    def request_restart(self, data_dir: Path | None = None) -> None:
        """Close (as the user would, asked about documents in progress) and start again."""
        self.restart_app_dir = Path(data_dir or self.service.settings.data_dir)
        self.restart_app()

    def _restart(self) -> None:
        self._restart_command = restart_command(self.restart_app_dir)
        self.close()

    # -- a second launch: files handed over, the window comes to the front as it is -------
    def accept_handoffs(self, server) -> None:
        """Wire an :class:`~docvec_gui.ui.instance.InstanceServer` to this window."""
        server.received.connect(self.add_paths)
        server.activation_requested.connect(self.bring_to_front)

    def bring_to_front(self) -> None:
        """Raise and activate without changing the window's state: a maximised or full-screen
        window stays so; only a minimised one is restored (to what it was before)."""
        if self.isMinimized():
            self.setWindowState((self.windowState() & ~Qt.WindowMinimized) | Qt.WindowActive)
        if not self.isVisible():
            self.show()
        self.raise_()
        self.activateWindow()

    # -- re-indexing after a chunking change: asked, never silent (issue 10) -----------------
    def offer_reindex(self) -> None:
        """New chunk settings apply to new documents at once; the existing ones are re-indexed
        only if the user says so, told how many and about how long first."""
        settings = self.service.settings
        from docvec_gui.ui.settings_dialog import reindex_plan

        self.background.run(lambda: reindex_plan(settings.chunk_tokens, settings.chunk_overlap),
                            self._ask_reindex)

    def reindex_question(self, plan) -> str:
        head = self.tr("Re-index %n document(s) with the new chunk settings?", "", plan.documents)
        tail = self.tr("If not, they keep their current chunks; new documents use the new settings.")
        return " ".join(part for part in (head, self._eta_text(plan.seconds), tail) if part)

    def _ask_reindex(self, plan) -> None:
        if plan.documents == 0 or self._closing:
            return
        if self._switch_job is not None:
            # A switch re-embeds the stored chunks; asked again (and run) when it is over.
            self._reindex_after_switch = True
            self.statusBar().showMessage(self.tr("Re-indexing is offered when the model switch is complete."), 6000)
            return
        self.last_reindex_question = self.reindex_question(plan)
        if not self.confirm(self.last_reindex_question):
            self.statusBar().showMessage(self.tr("Existing documents keep their chunks."), 6000)
            return
        self.statusBar().showMessage(self.tr("Re-indexing %n document(s)…", "", plan.documents), 6000)
        # Each document is marked pending in the database as it is queued: those resume at
        # the next start if the app is closed before they are done.
        self.background.run(lambda: (self.service.process_all((Status.COMPLETED, Status.ERROR)),
                                     self.service.start_processing()))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About docvec"),
                          f"<b>docvec {docvec_gui.__version__}</b><br>" + self.tr("An offline personal knowledge base."))

    # -- switching the embedding model (issue 9) -------------------------------------------
    # Settings asks (switch_requested) -> plan on the pool (chunk count, estimate) -> the
    # user confirms -> Service.use_model on the pool, its progress in the row under the drop
    # zone, stoppable -> a banner with the result. A stopped switch resumes where it was.
    def _build_switch_row(self) -> None:
        self.switch_label = QLabel()
        self.switch_bar = QProgressBar()
        self.switch_bar.setAccessibleName(self.tr("Model switch progress"))
        self.switch_bar.setMaximumWidth(260)
        self.switch_stop = QPushButton(self.tr("Stop"))
        self.switch_stop.setToolTip(self.tr("Stop after the current batch; switching again resumes here"))
        self.switch_stop.clicked.connect(self.stop_model_switch)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.switch_label, 1)
        row.addWidget(self.switch_bar)
        row.addWidget(self.switch_stop)
        self.switch_row = QWidget()
        self.switch_row.setObjectName("modelSwitchRow")
        self.switch_row.setLayout(row)
        self.switch_row.hide()

    @staticmethod
    def _classify(exc: BaseException) -> tuple[str, str]:
        from docvec_gui.core.errors import DocvecError, classify

        kind, message = classify(exc)
        log.error("model switch: %s: %s", kind, message, exc_info=not isinstance(exc, DocvecError))
        return str(kind), message

    def _dialog_switch_state(self, busy: bool, text: str = "", error: bool = False) -> None:
        dialog = self.settings_dialog
        if dialog is not None:
            dialog.set_switch_busy(busy, "" if error else text)
            if error:
                dialog.show_model_message(text, error=True)

    @_needs_library
    def request_model_switch(self, folder: Path) -> None:
        """Plan a switch to the model in ``folder`` off the Qt thread, then ask the user."""
        if self._closing:
            return
        if self._switch_job is not None:
            self.statusBar().showMessage(self.tr("A model switch is already running."), 6000)
            return
        folder = Path(folder)
        self._dialog_switch_state(True, self.tr("Loading the model and estimating the time…"))
        self.statusBar().showMessage(self.tr("Estimating the time a model switch takes…"))
        self.background.run(lambda: self.service.model_switch().plan(folder),
                            lambda plan: self._confirm_model_switch(folder, plan), self._switch_plan_failed)

    def _switch_plan_failed(self, exc: BaseException) -> None:
        text = self.tr("Cannot switch the model: %1").replace("%1", "%s: %s" % self._classify(exc))
        self.statusBar().clearMessage()
        self._dialog_switch_state(False, text, error=True)
        self.show_notice(text)

    def _eta_text(self, seconds: float | None) -> str:
        if seconds is None:
            return ""
        if seconds < 60:
            return self.tr("Less than a minute.")
        minutes = round(seconds / 60)
        if minutes < 90:
            return self.tr("About %n minute(s).", "", minutes)
        return self.tr("About %n hour(s).", "", round(seconds / 3600))

    def switch_question(self, plan) -> str:
        """The confirmation for :class:`~docvec_gui.core.modelswitch.SwitchPlan` ``plan``."""
        name = plan.target.name
        if plan.chunks == 0:
            head = self.tr("Use %1 for this library? No document is embedded yet.").replace("%1", name)
        elif plan.done_chunks:
            head = (self.tr("Resume re-embedding with %1? %2 of %3 chunks are done.")
                    .replace("%1", name).replace("%2", f"{plan.done_chunks:,}").replace("%3", f"{plan.chunks:,}"))
        else:
            head = self.tr("Re-embed %1 chunks with %2?").replace("%1", f"{plan.chunks:,}").replace("%2", name)
        tail = self.tr("Searches keep working meanwhile; you can close the app and it resumes. "
                       "New documents wait until it is complete.")
        return " ".join(part for part in (head, self._eta_text(plan.seconds), tail) if part)

    def _confirm_model_switch(self, folder: Path, plan) -> None:
        if self._closing:
            return
        self.statusBar().clearMessage()
        self.last_switch_question = self.switch_question(plan)
        if not self.confirm(self.last_switch_question):
            self._dialog_switch_state(False, self.tr("Nothing changed."))
            return
        self.start_model_switch(folder, plan)

    def start_model_switch(self, folder: Path, plan) -> None:
        """Run the confirmed switch on the pool; progress shows in the switch row."""
        job = Job(parent=self)
        job.progress.connect(self._switch_progress)
        self._switch_job, self._switch_model, self._switch_folder = job, plan.target.name, folder
        self.switch_bar.setRange(0, max(plan.chunks, 1))
        self._switch_progress(plan.done_chunks, plan.chunks)
        self.switch_stop.setEnabled(True)
        self.switch_row.show()
        self.act_reprocess.setEnabled(False)
        self._dialog_switch_state(True, self.tr("Switching to %1…").replace("%1", plan.target.name))

        def switch():
            from docvec_gui.core.modelswitch import SwitchCancelled

            try:
                return self.service.use_model(folder, job.report, job.cancel_event)
            except SwitchCancelled:
                return None  # stopped on purpose: not an error

        self.background.run(switch, lambda identity: self._switch_ended(job, identity),
                            lambda exc: self._switch_ended(job, None, exc))

    def _switch_progress(self, done: int, total: int) -> None:
        self.switch_bar.setMaximum(max(total, 1))
        self.switch_bar.setValue(min(done, max(total, 1)))
        self.switch_label.setText(self.tr("Re-embedding with %1: %2 of %3 chunks")
                                  .replace("%1", self._switch_model).replace("%2", f"{done:,}")
                                  .replace("%3", f"{total:,}"))

    def stop_model_switch(self) -> None:
        if self._switch_job is None:
            return
        self._switch_job.cancel()
        self.switch_stop.setEnabled(False)
        self.switch_label.setText(self.tr("Stopping the model switch after the current batch…"))

    def _switch_ended(self, job: Job, identity, exc: BaseException | None = None) -> None:
        name = self._switch_model
        self._switch_job = None
        job.deleteLater()
        self.switch_row.hide()
        self._update_actions()
        self._fault_banner = False  # a model-mismatch banner is answered by this switch
        if exc is not None:
            text = self.tr("The model switch to %1 failed: %2").replace("%1", name).replace(
                "%2", "%s: %s" % self._classify(exc))
            self.show_notice(text)
            self._dialog_switch_state(False, text, error=True)
        elif identity is None:
            text = self.tr("The model switch to %1 was stopped; searches still use the previous model. "
                           "What is done is kept.").replace("%1", name)
            folder = self._switch_folder
            self.show_notice(text, self.tr("Resume…"), lambda: self.request_model_switch(folder))
            self._dialog_switch_state(False, text)
        else:
            text = self.tr("The library now uses %1.").replace("%1", identity.name)
            self.show_notice(text)
            self._dialog_switch_state(False, text)
        if self._close_after_switch:
            self._close_after_switch = False
            self.close()
            return
        if self._process_after_switch:
            self._process_after_switch = False
            self.background.run(self.service.start_processing)
        if self._reindex_after_switch:
            self._reindex_after_switch = False
            self.offer_reindex()
        self._load_model_info()
        self.refresh_health()

    def _offer_resume(self, target) -> None:
        """A switch that stopped (crash, closed app, Stop): offer to go on where it was."""
        if target is None or self._switch_job is not None or self._closing:
            return
        if not target.path:
            log.warning("interrupted model switch to %s has no folder to resume from", target.name)
            return
        folder = Path(target.path)
        self.show_notice(self.tr("A switch to the model %1 stopped before it finished; searches use the previous "
                                 "model until it is complete.").replace("%1", target.name),
                         self.tr("Resume…"), lambda: self.request_model_switch(folder))


def _split_folders(paths: list[str]) -> tuple[list[str], list[str]]:
    """(files, folders) among dropped paths."""
    import os

    folders = [p for p in paths if os.path.isdir(p)]
    return [p for p in paths if p not in folders], folders


def restart_command(data_dir: Path) -> list[str]:
    """The command that starts this window again on ``data_dir``."""
    if getattr(sys, "frozen", False):
        # The bundle's launcher (on Linux the docvec-gui link that picks the window).
        launcher = os.path.abspath(sys.argv[0]) if sys.argv and os.path.exists(sys.argv[0]) else sys.executable
        return [launcher, "--data-dir", str(data_dir)]
    return [sys.executable, "-m", "docvec_gui", "gui", "--data-dir", str(data_dir)]


def _start_again(command: list[str]) -> None:
    """At exit (the library closed, its lock released): start the window again, detached."""
    from docvec_gui.core.children import popen_kwargs

    try:
        subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                         close_fds=True, **popen_kwargs())
    except OSError as exc:
        log.error("could not start docvec again (%s): %s", command, exc)
