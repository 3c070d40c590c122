"""The main window: drop zone, live file table, actions, detail pane, search, health and log.

Every service call runs on the :class:`Background` pool; results and core events reach
widgets through signals, so the Qt thread only draws and reacts.
"""
from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QFileDialog, QHBoxLayout, QHeaderView,
                               QLabel, QLineEdit, QMainWindow, QMenu, QMessageBox, QPushButton, QSplitter,
                               QTableView, QTabWidget, QVBoxLayout, QWidget)

from docvec_gui import __version__
from docvec_gui.core.config import write_settings_file
from docvec_gui.core.logs import read_recent
from docvec_gui.ui.bridge import Background, CoreBridge
from docvec_gui.ui.delegates import ProgressDelegate
from docvec_gui.ui.detail_pane import DetailPane
from docvec_gui.ui.drop_zone import DropZone, local_paths
from docvec_gui.ui.health_panel import HealthPanel
from docvec_gui.ui.log_panel import LogPanel
from docvec_gui.ui.models import COLUMNS, DocRow, DocumentFilterModel, DocumentTableModel, EventCoalescer, IdRole
from docvec_gui.ui.search_panel import SearchPanel
from docvec_gui.ui.settings_dialog import SettingsDialog

log = logging.getLogger(__name__)
STATUS_FILTERS = (("", "All"), ("pending", "Pending"), ("processing", "Processing"), ("completed", "Completed"),
                  ("error", "Error"))


def _fetch_rows(doc_ids: set[str] | None) -> tuple[list[DocRow], set[str]]:
    """Rows for ``doc_ids`` (all when None) and the ids that no longer exist."""
    from docvec_gui.core import db as dbm

    query = dbm.Document.select()
    if doc_ids is not None:
        query = query.where(dbm.Document.id.in_(list(doc_ids)))
    rows = [DocRow.from_document(d) for d in query.order_by(dbm.Document.created_at)]
    missing = set(doc_ids or ()) - {r.id for r in rows}
    return rows, missing


class MainWindow(QMainWindow):
    """The window over one :class:`~docvec_gui.core.service.Service`."""

    first_paint = Signal()

    def __init__(self, service, parent=None) -> None:
        super().__init__(parent)
        self.service = service
        self.setWindowTitle(f"docvec — {service.settings.data_dir}")
        self.setAcceptDrops(True)
        self.background = Background(self.report_error, threads=3, parent=self)
        self.bridge = CoreBridge(service, self)
        self.coalescer = EventCoalescer(100, self)
        self.bridge.event.connect(self.coalescer.add, Qt.QueuedConnection)
        self.bridge.event.connect(self._on_health_event, Qt.QueuedConnection)
        self._fault_banner = False
        self.coalescer.flush.connect(self._refresh_rows)
        # Hooks so tests (and embedding apps) can answer questions without modal dialogs.
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self.ask_on_close: Callable[[], str] = self._close_dialog
        self._painted = False
        self._closing = False
        self._build_ui()
        self._build_actions()
        self._restore_geometry()
        self.background.run(lambda: _fetch_rows(None), self._apply_rows)
        self.health_timer = QTimer(self)
        self.health_timer.setInterval(3000)
        self.health_timer.timeout.connect(self.refresh_health)
        self.log_timer = QTimer(self)
        self.log_timer.setInterval(3000)
        self.log_timer.timeout.connect(self.refresh_log)

    # -- layout --------------------------------------------------------------------------
    def _build_ui(self) -> None:
        self.drop_zone = DropZone()
        self.drop_zone.dropped.connect(self.add_paths)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setObjectName("notice")
        self.notice.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.notice_close = QPushButton(self.tr("Dismiss"))
        self.notice_close.clicked.connect(self.hide_notice)
        notice_row = QHBoxLayout()
        notice_row.addWidget(self.notice, 1)
        notice_row.addWidget(self.notice_close)
        self.notice_box = QWidget()
        self.notice_box.setLayout(notice_row)
        self.notice_box.hide()

        self.model = DocumentTableModel(self)
        self.proxy = DocumentFilterModel(self)
        self.proxy.setSourceModel(self.model)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Documents"))
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.table.setContextMenuPolicy(Qt.CustomContextMenu)
        self.table.customContextMenuRequested.connect(self._context_menu)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        self.table.setItemDelegateForColumn(COLUMNS.index("progress"), ProgressDelegate(self.table))
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
        filters = QHBoxLayout()
        filters.addWidget(QLabel(self.tr("Show:")))
        filters.addWidget(self.status_filter)
        filters.addWidget(self.name_filter, 1)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.drop_zone)
        left_layout.addWidget(self.notice_box)
        left_layout.addLayout(filters)
        left_layout.addWidget(self.table, 1)

        self.detail = DetailPane()
        self.search_panel = SearchPanel()
        self.search_panel.search_requested.connect(self.run_search)
        self.search_panel.result_activated.connect(self.open_result)
        self.health = HealthPanel()
        self.health.pause_toggled.connect(self.toggle_processing)
        self.health.retry_failed.connect(self.retry_failed)
        self.health.refresh_requested.connect(self.refresh_health)
        self.health.verify_requested.connect(self.verify_and_repair)
        self.log_panel = LogPanel()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.search_panel, self.tr("Search"))
        self.tabs.addTab(self.detail, self.tr("Details"))
        self.tabs.addTab(self.health, self.tr("Health && queue"))
        self.tabs.addTab(self.log_panel, self.tr("Log"))
        self.tabs.currentChanged.connect(self._tab_changed)

        splitter = QSplitter(Qt.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(self.tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        self.splitter = splitter
        self.setCentralWidget(splitter)
        self.counts_label = QLabel()
        self.statusBar().addPermanentWidget(self.counts_label)
        self.model.countsChanged.connect(self._show_counts)
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
        files.addSeparator()
        self.act_settings = self._action(self.tr("Settings…"), self.open_settings, QKeySequence.Preferences, files)
        self._action(self.tr("Quit"), self.close, QKeySequence.Quit, files)
        docs = self.menuBar().addMenu(self.tr("&Documents"))
        self.act_reprocess = self._action(self.tr("Re-process"), self.reprocess_selected, "F5", docs)
        self.act_delete = self._action(self.tr("Delete"), self.delete_selected, QKeySequence.Delete, docs)
        self.act_process_all = self._action(self.tr("Process all pending and failed"), self.retry_failed,
                                            "Ctrl+Shift+P", docs)
        docs.addSeparator()
        self.act_open = self._action(self.tr("Open"), self.open_selected, "Ctrl+Return", docs)
        self.act_show = self._action(self.tr("Show in folder"), self.show_selected_in_folder, "Ctrl+Shift+R", docs)
        self.act_copy_error = self._action(self.tr("Copy error message"), self.copy_error, "Ctrl+Shift+C", docs)
        self.act_search = self._action(self.tr("Search"), self.focus_search, QKeySequence.Find)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self._action(self.tr("About docvec"), self.show_about, None, help_menu)
        toolbar = self.addToolBar(self.tr("Main"))
        toolbar.setObjectName("mainToolbar")
        for action in (self.act_add_files, self.act_add_folder, self.act_reprocess, self.act_delete,
                       self.act_process_all):
            toolbar.addAction(action)

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
        # Heavy imports (chromadb, onnxruntime) and the model load here, off the Qt thread.
        self.background.run(self._warm_up, self._warmed_up)
        self.health_timer.start()

    def _warmed_up(self, _result=None) -> None:
        # The libraries just loaded leave ~a million long-lived objects; a full garbage
        # collection walking them all would stall the Qt thread for tens of milliseconds.
        # Freezing (cheap, unlike a collection) moves them out of the collector's view.
        gc.freeze()
        self.refresh_health()

    def _warm_up(self) -> None:
        self.service.start_processing()
        self.service.embedder()
        self.service.vectors()
        self.service.chunker()

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

    def closeEvent(self, event) -> None:
        if self._closing:
            event.accept()
            return
        busy = self.model.counts().get("processing", 0) > 0 or bool(len(self.service.registry))
        choice = self.ask_on_close() if busy else "finish"
        if choice == "cancel":
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("window/geometry", self.saveGeometry())
        settings.setValue("window/state", self.saveState())
        self.health_timer.stop()
        self.log_timer.stop()
        self.bridge.close()
        self._closing = True
        self.statusBar().showMessage(self.tr("Finishing current documents…") if choice == "finish"
                                     else self.tr("Stopping…"))
        finish = choice == "finish"
        # Either way, interrupted documents are back to pending and resume at the next start.
        self.background.run(lambda: self.service.stop_processing(timeout=60 if finish else 5, finish=finish),
                            lambda _: self.close(), lambda exc: self.close())
        event.ignore()

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
        return QMessageBox.question(self, self.tr("docvec"), text) == QMessageBox.Yes

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
        if deleted:
            self.model.remove(deleted)
            if self.detail.doc_id in deleted:
                self.detail.clear()
        if changed:
            self.background.run(lambda: _fetch_rows(changed), self._apply_rows)

    ROWS_PER_SLICE = 100

    def _apply_rows(self, result) -> None:
        rows, missing = result
        if missing:
            self.model.remove(missing)
        # A folder of hundreds of files arrives at once; inserting (and sorting) them in
        # slices, one per event-loop turn, keeps each turn of the Qt thread short.
        head, rest = rows[: self.ROWS_PER_SLICE], rows[self.ROWS_PER_SLICE:]
        self.model.apply(head)
        if rest:
            QTimer.singleShot(0, lambda: self._apply_rows((rest, set())))

    def _show_counts(self, counts: dict) -> None:
        labels = {"pending": self.tr("pending"), "processing": self.tr("processing"),
                  "completed": self.tr("completed"), "error": self.tr("error")}
        self.counts_label.setText("  ".join(f"{labels[k]}: {counts.get(k, 0)}" for k in labels))

    # -- adding --------------------------------------------------------------------------
    def dragEnterEvent(self, event) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            self.add_paths(paths)

    def add_files_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Add files"))
        if paths:
            self.add_paths(paths)

    def add_folder_dialog(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Add folder"))
        if folder:
            self.add_paths([folder])

    def add_paths(self, paths: list[str]) -> None:
        self.statusBar().showMessage(self.tr("Adding %n item(s)…", "", len(paths)), 3000)
        self.background.run(lambda: self.service.add(paths), self._added)

    def _added(self, report) -> None:
        problems = [f"{Path(r['path']).name} — {r['kind']}: {r['reason']}" for r in report.refused]
        problems += [f"{Path(d['path']).name} — {self.tr('duplicate')}: {d['reason']}" for d in report.duplicates]
        self.statusBar().showMessage(self.tr("Added %n document(s)", "", len(report.added)), 5000)
        if problems:
            head = self.tr("%n file(s) not added:", "", len(problems))
            self.show_notice(head + "\n" + "\n".join(problems[:50]) + ("\n…" if len(problems) > 50 else ""))

    def _on_health_event(self, event) -> None:
        """A fault of the app (disk full, vector store restarting) is a banner, never a
        verdict on a document; it goes away when processing resumes by itself."""
        from docvec_gui.core.vocabulary import EventKind

        if event.kind != EventKind.HEALTH:
            return
        if event.status == "paused":
            self.show_notice(self.tr("Processing is paused: %1. It resumes by itself when this is fixed; "
                                     "no document is lost.").replace("%1", event.message or ""))
            self._fault_banner = True
        elif event.status == "resumed" and self._fault_banner:
            self.hide_notice()
            self._fault_banner = False
        self.refresh_health()

    def show_notice(self, text: str) -> None:
        self.notice.setText(text)
        self.notice_box.show()

    def hide_notice(self) -> None:
        self.notice_box.hide()

    # -- selection and actions -----------------------------------------------------------
    def selected_ids(self) -> list[str]:
        rows = self.table.selectionModel().selectedRows()
        return [self.proxy.data(index, IdRole) for index in rows]

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            self.show_details(ids[0])

    def show_details(self, doc_id: str, focus_index: int | None = None) -> None:
        row = self.model.row_for(doc_id)
        if row is None:
            return
        self.background.run(lambda: self.service.chunks(doc_id),
                            lambda chunks: self.detail.show_document(row, chunks, focus_index))

    def reprocess_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return

        def reprocess() -> None:
            for doc_id in ids:
                self.service.reprocess(doc_id)
            self.service.start_processing()

        self.background.run(reprocess)

    def delete_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = ", ".join(self.model.row_for(i).filename for i in ids[:5]) + ("…" if len(ids) > 5 else "")
        if not self.confirm(self.tr("Delete %n document(s) and their index data?", "", len(ids)) + f"\n{names}"):
            return
        self.background.run(lambda: [self.service.delete(i) for i in ids])

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

    def retry_failed(self) -> None:
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
        if self.service.is_processing:
            self.background.run(lambda: self.service.stop_processing(finish=True), lambda _: self.refresh_health())
        else:
            self.background.run(self.service.start_processing, lambda _: self.refresh_health())

    # -- search --------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.tabs.setCurrentWidget(self.search_panel)
        self.search_panel.query.setFocus()
        self.search_panel.query.selectAll()

    def run_search(self, query: str, mode: str) -> None:
        self.background.run(lambda: self.service.search(query, top_k=20, mode=mode),
                            self.search_panel.show_results,
                            lambda exc: self.search_panel.show_error(f"{getattr(exc, 'kind', 'error')}: {exc}"))

    def open_result(self, result) -> None:
        self.tabs.setCurrentWidget(self.detail)
        self.show_details(result.doc_id, result.chunk_index)
        if result.page:
            self.background.run(self._openable_paths([result.doc_id]),
                                lambda found: self._open_at_page(found, result.page))

    def _open_at_page(self, results: list[tuple[str, Path | None, str | None]], page: int) -> None:
        name, path, reason = results[0] if results else ("", None, None)
        if path is None:
            self._refused_to_open([f"{name} — {reason}"] if reason else [])
        elif path.suffix.lower() == ".pdf":
            url = QUrl.fromLocalFile(str(path))
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
        if self._closing:
            return
        self.background.run(lambda: (self.service.health(), self.service.counts(), self.service.is_processing),
                            lambda r: self.health.show_report(*r))

    def refresh_log(self) -> None:
        log_dir = self.service.settings.log_path
        self.background.run(lambda: read_recent(log_dir, 500), self.log_panel.show_entries)

    def open_settings(self) -> None:
        dialog = SettingsDialog(self.service.settings, self)
        if dialog.exec() != SettingsDialog.Accepted:
            return
        values = dialog.values()
        data_dir = self.service.settings.data_dir
        write_settings_file(data_dir, values)
        chosen = dialog.chosen_data_dir()
        if chosen != data_dir:
            QSettings().setValue("data_dir", str(chosen))
        self.background.run(lambda: self.service.apply_settings(values),
                            lambda restart: self.statusBar().showMessage(
                                self.tr("Settings saved; some take effect after a restart.") if restart or
                                chosen != data_dir else self.tr("Settings saved and applied."), 6000))

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("About docvec"),
                          f"<b>docvec {__version__}</b><br>" + self.tr("An offline personal knowledge base."))
