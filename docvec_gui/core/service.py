"""The service facade: everything the window, the CLI (and later the API) do goes through
:class:`Service`. It only wires collaborators together and forwards to them:

* :class:`~docvec_gui.core.components.Components` — the lazily loaded, supervised heavy parts;
* :class:`~docvec_gui.core.processing.Processing` — queue, run registry, reconciler, fault gate;
* :class:`~docvec_gui.core.importer` functions — what may enter the library, and how;
* :class:`~docvec_gui.core.searcher.Searcher` — hybrid search over completed documents;
* :class:`~docvec_gui.core.maintenance.Maintenance` — delete, sweeper, check and repair.

One :class:`Service` owns one data directory (an OS lock) for its lifetime, unless it is
opened read-only, which only reads the metadata database (``docvec status`` while another
process owns the directory).
"""
from __future__ import annotations

import faulthandler
import logging
import shutil
import threading
import time
from pathlib import Path
from typing import Iterable, Sequence

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.components import Components
from docvec_gui.core.config import Settings
from docvec_gui.core.datadir import DataDirLock
from docvec_gui.core import folders as foldersm
from docvec_gui.core.errors import DocvecError, DiskFull, NotFound, is_disk_full
from docvec_gui.core.events import Event, EventHub, Listener
from docvec_gui.core.folders import FolderInfo
from docvec_gui.core.folderscan import FolderSync, ScanReport
from docvec_gui.core.importer import AddReport, display_name, display_path, iter_files, screen
from docvec_gui.core.ingest import AppFault, DocLocks, Pipeline, PipelineParts
from docvec_gui.core.library import Library
from docvec_gui.core.maintenance import CheckReport, Maintenance
from docvec_gui.core.modelswitch import ModelSwitch
from docvec_gui.core.priority import lower_this_thread
from docvec_gui.core.processing import Processing
from docvec_gui.core.runs import RunRegistry
from docvec_gui.core.search import SearchResult
from docvec_gui.core.searcher import Searcher
from docvec_gui.core.tasks import JobQueue, estimated_cost, priority_for
from docvec_gui.core.vocabulary import UNFINISHED_STATUSES, ErrorKind, EventKind, Status
from docvec_gui.core.watcher import Watcher

log = logging.getLogger(__name__)

FATAL_LOG = "fatal.log"  # faulthandler's dump: non-empty after the app died of a fatal signal
MIN_FREE_BYTES = 16 * 2**20  # below this, the disk counts as full (SQLite and Chroma need room to write)
MIN_ID_PREFIX = 8
WARM_UP_TIMEOUT = 300.0  # seconds the caller of warm_up() waits (a first model build can be slow)

__all__ = ["AddReport", "Service", "document_json"]


def document_json(doc: dbm.Document) -> dict:
    """The public JSON shape of a document (``status --json``)."""
    return {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "progress": round(doc.progress or 0.0, 4),
        "progress_note": doc.progress_note if doc.status == Status.PROCESSING else None,
        "chunk_count": doc.chunk_count,
        "error_kind": doc.error_kind,
        "error": doc.error_message if doc.status == Status.ERROR else None,
        "warning": doc.warning,
        "size": doc.size,
        "sha256": doc.sha256,
        "content_type": doc.content_type,
        "original_path": doc.original_path,
        "folder_id": doc.folder_id,
        "attempts": doc.attempts,
        "created_at": doc.created_at.isoformat() + "Z" if doc.created_at else None,
        "processed_at": doc.processed_at.isoformat() + "Z" if doc.processed_at else None,
    }


class Service:
    """Facade over the library, queue, vector store and search of one data directory."""

    def __init__(self, settings: Settings, readonly: bool = False) -> None:
        self.settings = settings
        self.readonly = readonly
        self.hub = EventHub()
        self.locks = DocLocks()
        self.registry = RunRegistry()
        self._lock = DataDirLock(settings.data_dir)
        self.components = Components(settings, self._on_vector_state, self._on_vectors_opened)
        self.searcher = Searcher(self.components.embedder, self.components.vectors, self.registry.doc_ids,
                                 lambda: self.components.generation)
        self.queue: JobQueue | None = None
        self.library: Library | None = None
        self.processing: Processing | None = None
        self._switching = False  # a model switch is running: processing stays stopped
        self._paused: bool | None = None  # read from the library on first use
        self._switch_lock = threading.Lock()  # one model switch at a time, whoever asks
        self._model_switch: ModelSwitch | None = None
        self.maintenance: Maintenance | None = None
        self.pipeline: Pipeline | None = None
        self.folder_sync: FolderSync | None = None
        self.watcher: Watcher | None = None
        self._watching = False  # the window or `docvec run` follows folders: new files get processed
        self._fatal_log = None
        self._background: list[threading.Thread] = []
        self._opened = False

    # -- lifecycle -----------------------------------------------------------------------
    def open(self) -> "Service":
        if self.readonly:
            if not self.settings.db_path.exists():
                raise NotFound(f"no knowledge base in {self.settings.data_dir}")
            dbm.open_database(self.settings.db_path, readonly=True)
            self._opened = True
            return self
        self._lock.acquire()
        try:
            self._open_owned()
        except BaseException:
            self._release_partial()
            raise
        self._opened = True
        return self

    def _open_owned(self) -> None:
        s = self.settings
        for sub in (s.chroma_path, s.library_path, s.log_path):
            sub.mkdir(parents=True, exist_ok=True)
        crashed_hard = self._arm_fatal_log()
        dbm.open_database(s.db_path)
        self.library = Library(s.library_path, references=_references)
        self.library.clear_incoming()
        self.queue = JobQueue(s.queue_path, self._run_document)
        self.maintenance = Maintenance(s, self.library, self.locks, self.registry, self.hub,
                                       self.components.vectors, self._enqueue)
        self.processing = Processing(
            s, self.queue, self.registry, self.locks, self.hub,
            probes={ErrorKind.VECTOR_STORE: self._vector_store_back, ErrorKind.DISK_FULL: self._disk_has_room,
                    ErrorKind.MODEL: self.components.model_back},
            periodic=[self.maintenance.finish_deletes, self._verify_lock])
        parts = PipelineParts(extractor=self.components.extractors, chunker=self.components.chunker,
                              embedder=self.components.embedder, vectors=self.components.vectors,
                              vectors_if_open=self.components.vectors_if_open)
        self.pipeline = Pipeline(s, parts, self.hub, self.locks, self.registry, self._retry,
                                 self.processing.report_fault, self.processing.gate.wait)
        self.processing.pipeline = self.pipeline
        self.folder_sync = FolderSync(s, self.hub, self._enqueue_watched, self.reprocess, self._drop)
        self.watcher = Watcher(s, self.folder_sync, self.hub)
        failed = self.processing.recover(crashed_hard)
        for doc_id in failed:
            log.error("document %s failed as crashed: the app died twice while processing it", doc_id)
        self.processing.enqueue_pending()
        if not self._disk_has_room():
            self.processing.report_fault(AppFault(ErrorKind.DISK_FULL, f"less than {MIN_FREE_BYTES // 2**20} MB "
                                                                       f"free for {s.data_dir}"))

    def _arm_fatal_log(self) -> bool:
        """Start faulthandler into the data directory; True if the last owner died of a fatal
        signal (its dump is there), which makes its in-flight documents suspects."""
        path = self.settings.log_path / FATAL_LOG
        crashed = path.exists() and path.stat().st_size > 0
        if crashed:
            previous = path.with_suffix(".previous")
            path.replace(previous)
            log.error("the previous run died of a fatal error; its dump is in %s", previous)
        self._fatal_log = open(path, "w", encoding="utf-8")  # noqa: SIM115 - lives as long as the service
        faulthandler.enable(self._fatal_log, all_threads=True)
        return crashed

    def _disarm_fatal_log(self) -> None:
        if self._fatal_log is None:
            return
        faulthandler.disable()
        self._fatal_log.close()
        self._fatal_log = None

    def _release_partial(self) -> None:
        self.components.close(timeout=5)
        self._release_files()

    def _release_files(self) -> None:
        """Close the queue, the database and the fatal log, then give up the directory."""
        if self.queue is not None:
            self.queue.close()
        db = dbm.database_proxy.obj
        if db is not None and not db.is_closed():
            db.close()
        self._disarm_fatal_log()
        self._lock.release()

    def close(self, timeout: float = 30.0, finish: bool = True) -> bool:
        """Stop processing (in-flight runs finish within ``timeout`` or go back to pending),
        stop every child, release the directory. Bounded whatever the children do."""
        if not self._opened:
            return True
        clean = True
        if self.watcher is not None:
            clean = self.watcher.stop(timeout=10)
            if not clean and not self.watcher.stop(timeout=30):
                # Never close the database under a thread that may still write to it.
                log.error("the folder watcher is still running; closing without it")
        if self.processing is not None:
            clean = self.processing.stop(timeout=timeout, finish=finish) and clean
            for thread in self._background:
                thread.join(timeout=5)
        self.components.close(timeout=10)
        if self.maintenance is not None and self.settings.db_path.exists():
            try:
                self.maintenance.backup()
            except Exception as exc:  # a failed backup is logged; it must never block closing
                log.warning("database backup skipped: %s", exc)
        self._release_files()
        self._opened = False
        return clean

    def __enter__(self) -> "Service":
        return self if self._opened else self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def subscribe(self, listener: Listener):
        """Receive :class:`Event` objects (from worker threads). Returns an unsubscribe function."""
        return self.hub.subscribe(listener)

    def apply_settings(self, values: dict) -> bool:
        """Apply changed settings now where possible; True if some need a restart."""
        from docvec_gui.core.config import load_settings

        new = load_settings(self.settings.data_dir, overrides={k: v for k, v in values.items() if v is not None})
        live = {"workers", "chunk_tokens", "chunk_overlap", "max_retries", "max_file_mb", "extract_timeout",
                "extract_memory_mb", "auto_process", "ui_language", "max_chunks", "max_text_mb",
                "watch_rescan_minutes", "watch_poll_seconds", "watch_settle_seconds", "mcp_allow_write",
                "ocr_enabled", "ocr_max_pages", "ocr_page_timeout"}
        changed = {f for f in values if getattr(new, f, None) != getattr(self.settings, f, None)}
        old = self.settings
        restart = bool(changed - live)
        if restart:
            new = new.replace(**{f: getattr(old, f) for f in changed - live})
        self.settings = new
        for part in (self.pipeline, self.processing, self.components, self.maintenance, self.folder_sync,
                     self.watcher):
            if part is not None:
                part.settings = new
        if changed & {"chunk_tokens", "chunk_overlap"}:
            self.components.forget_chunker()
        if "workers" in changed and self.is_processing:
            self.stop_processing(finish=True)
            self.start_processing()
        return restart

    # -- lazily loaded heavy parts (never on the UI thread) --------------------------------
    def embedder(self):
        return self.components.embedder()

    def chunker(self):
        return self.components.chunker()

    def vectors(self):
        return self.components.vectors()

    def warm_up(self, timeout: float = WARM_UP_TIMEOUT) -> bool:
        """Load the model, the vector store and the chunker now, in a thread at background
        priority (core/priority.py): importing chromadb and onnxruntime and reading the model
        take seconds of CPU, which must not slow the window's first rows. Raises what loading
        raised; False if it is still loading after ``timeout`` (it goes on; the parts are
        loaded on first use either way)."""
        done = threading.Event()
        failure: list[BaseException] = []

        def load() -> None:
            lower_this_thread()
            try:
                embedder = self.embedder()
                if hasattr(embedder, "load"):  # a local model: its session, so the first search is quick
                    embedder.load()
                self.vectors()
                self.chunker()
            except BaseException as exc:  # handed to the caller below
                failure.append(exc)
            finally:
                done.set()

        threading.Thread(target=load, name="docvec-warm-up", daemon=True).start()
        if not done.wait(timeout):
            log.warning("warm-up still loading after %.0f s", timeout)
            return False
        if failure:
            raise failure[0]
        return True

    # -- supervision hooks ---------------------------------------------------------------
    def _on_vector_state(self, ok: bool, reason: str) -> None:
        if self.processing is None:
            return
        if ok:
            self.processing.resolve_fault(ErrorKind.VECTOR_STORE)
            self._in_background("docvec-vector-check", self._after_vectors_back)
        else:
            self.processing.report_fault(AppFault(ErrorKind.VECTOR_STORE, f"the vector store is restarting: {reason}"))

    def _on_vectors_opened(self, store) -> None:
        if self.maintenance is not None:
            self._in_background("docvec-vector-check", lambda: self._after_vectors_back(store))

    def _after_vectors_back(self, store=None) -> None:
        """Finish tombstones; if vectors went missing (``chroma/`` lost or emptied), repair."""
        store = store or self.components.vectors_if_open()
        if store is None or self.maintenance is None:
            return
        self.maintenance.finish_deletes()
        if not self.maintenance.quick_check(store):
            log.warning("the vector store does not match the completed documents; checking and repairing")
            report = self.maintenance.check(repair=True)
            log.warning("repair: %d problems, %d repaired", len(report.problems),
                        sum(p.repaired for p in report.problems))

    def _in_background(self, name: str, job) -> None:
        def guarded() -> None:
            try:
                job()
            except Exception as exc:  # logged with context; health shows the state
                if self.processing is not None:
                    self.processing.report_if_fault(exc)
                log.warning("%s failed: %s", name, exc)

        self._background = [t for t in self._background if t.is_alive()]
        thread = threading.Thread(target=guarded, name=name, daemon=True)
        self._background.append(thread)
        thread.start()

    def _vector_store_back(self) -> bool:
        store = self.components.vectors_if_open()
        return store is None or store.ensure_running()

    def _disk_has_room(self) -> bool:
        try:
            if shutil.disk_usage(self.settings.data_dir).free < MIN_FREE_BYTES:
                return False
            probe = self.settings.data_dir / ".space-probe"
            with open(probe, "wb") as fh:
                fh.write(b"\0" * 65536)
                fh.flush()
            probe.unlink()
            return True
        except OSError:
            return False

    def _verify_lock(self) -> None:
        """Every 30 s: the lock file is still ours (re-created if someone removed it). If
        another live process now claims the directory, stop writing: pause for good."""
        if not self._lock.verify():
            self.processing.report_fault(AppFault(ErrorKind.DATA_DIR_IN_USE, "another process took over the data "
                                                  "directory; processing stopped (restart docvec)"))

    # -- processing ----------------------------------------------------------------------
    @property
    def is_processing(self) -> bool:
        return self.processing is not None and self.processing.running

    PAUSED_KEY = "paused"

    @property
    def paused(self) -> bool:
        """The user paused processing (kept in the library across restarts): documents are
        still added and queued, but nothing starts processing them until :meth:`resume`."""
        if self._paused is None:
            row = dbm.LibraryMeta.get_or_none(dbm.LibraryMeta.key == self.PAUSED_KEY)
            self._paused = row is not None and row.value == "1"
        return self._paused

    def pause(self, timeout: float = 5.0) -> None:
        """Pause processing for good (until :meth:`resume`). Running documents are interrupted
        at once and go back to pending, their work so far dropped (bounded: runs that do not
        wind down in time are released, see ``Processing.stop``)."""
        self._require_owner()
        self._set_paused(True)
        self.stop_processing(timeout=timeout, finish=False)

    def resume(self, start: bool = True) -> None:
        """Undo :meth:`pause`, and start processing (``start``; a short CLI command does not)."""
        self._require_owner()
        self._set_paused(False)
        if start:
            self.start_processing()

    def _set_paused(self, paused: bool) -> None:
        with dbm.write_transaction():
            dbm.LibraryMeta.insert(key=self.PAUSED_KEY, value="1" if paused else "0").on_conflict_replace().execute()
        self._paused = paused
        # Not status "paused"/"resumed": those are the app's own faults (a banner that goes away).
        self.hub.emit(Event(EventKind.HEALTH, "", message="paused by you" if paused else "resumed by you",
                            extra={"user_paused": paused}))

    def start_processing(self, even_if_paused: bool = False) -> None:
        """Start the consumer, unless the user paused processing (``even_if_paused``: a CLI
        command that was asked to process, e.g. ``docvec run``, does so without un-pausing)."""
        self._require_owner()
        if self._switching:  # use_model starts it again when the switch ends
            log.info("processing stays stopped while the model is switched")
            return
        if self.paused and not even_if_paused:
            log.info("processing is paused; documents stay queued")
            return
        self.processing.start()

    def stop_processing(self, timeout: float = 30.0, finish: bool = True) -> bool:
        """Stop the consumer. ``finish=False`` interrupts runs, which return to pending."""
        if self.processing is None:
            return True
        return self.processing.stop(timeout=timeout, finish=finish)

    def reconcile(self) -> int:
        self._require_owner()
        return self.processing.reconcile()

    def _run_document(self, doc_id: str) -> None:
        self.pipeline.run(doc_id)

    def _retry(self, doc_id: str, delay: float) -> None:
        self._enqueue(doc_id, delay=delay)

    def _enqueue(self, doc_id: str, delay: float | None = None) -> None:
        D = dbm.Document
        row = D.select(D.size, D.content_type).where(D.id == doc_id).tuples().first() or (0, None)
        self.queue.enqueue(doc_id, delay=delay, priority=priority_for(estimated_cost(*row)))

    # -- adding --------------------------------------------------------------------------
    def add(self, paths: Sequence[str | Path | bytes], process: bool | None = None,
            uploaded: bool = False) -> AddReport:
        """Copy files (and folders, recursively) into the library as pending documents.

        Each refused path gets a reason; a full disk stops the whole add with :class:`DiskFull`.
        ``uploaded``: the paths are temporary copies of files sent through the API, so no
        ``original_path`` is recorded (it would name a file about to be removed).
        """
        self._require_owner()
        report = AddReport()
        for path, kind, reason in iter_files(paths):
            if kind:
                report.refused.append({"path": display_path(path), "kind": kind, "reason": reason})
                continue
            try:
                self._add_one(path, report, keep_original=not uploaded)
            except OSError as exc:
                if is_disk_full(exc):
                    raise DiskFull(f"no room to copy {display_name(path)} into the library: {exc.strerror}") from exc
                report.refused.append({"path": display_path(path), "kind": ErrorKind.UNREADABLE,
                                       "reason": f"cannot read: {exc.strerror or exc}"})
        should_process = self.settings.auto_process if process is None else process
        if should_process and report.added:
            self.start_processing()
        return report

    def _add_one(self, path: Path, report: AddReport, keep_original: bool = True) -> None:
        shown = display_path(path)
        kind, reason, info = screen(path, path.stat().st_size, self.settings.max_file_bytes)
        if kind:
            report.refused.append({"path": shown, "kind": kind, "reason": reason})
            return
        staged = self.library.stage(path)
        D = dbm.Document
        try:
            with self.library.hash_lock(staged.sha256):
                existing = D.get_or_none((D.sha256 == staged.sha256) & (D.status != Status.DELETING)
                                         & D.folder_id.is_null())
                if existing is not None:
                    report.duplicates.append({"path": shown, "id": existing.id, "filename": existing.filename,
                                              "reason": f"same content as {existing.filename}"})
                    return
                stored = self.library.commit(staged, path.suffix)
                with dbm.write_transaction():
                    original = display_path(path.resolve()) if keep_original else ""
                    doc = D.create(filename=display_name(path), original_path=original,
                                   stored_path=str(stored),
                                   size=staged.size, sha256=staged.sha256, content_type=info.format)
        finally:
            self.library.discard(staged)  # no-op once committed
        self._enqueue(doc.id)
        report.added.append({"id": doc.id, "filename": doc.filename, "path": shown})
        self.hub.emit(Event(EventKind.ADDED, doc.id, status=Status.PENDING))

    # -- watched folders -----------------------------------------------------------------
    def stop_watching(self, timeout: float = 10.0) -> bool:
        """Stop following folders (the window does this first when it closes, so no change
        starts processing again while it shuts down). True if the watcher stopped in time."""
        return self.watcher.stop(timeout) if self.watcher is not None else True

    def start_watching(self) -> None:
        """Follow every watched folder (OS events, catch-up scans) until :meth:`close`.
        The window and ``docvec run`` do this; short CLI commands do not."""
        self._require_owner()
        self._watching = True
        self.watcher.start()

    def watch_add(self, path: str | Path, include: Sequence[str] = (), exclude: Sequence[str] | None = None,
                  follow_symlinks: bool = False) -> FolderInfo:
        """Watch a folder: its documents are indexed in place and followed. Returns at once;
        the first scan runs in the watcher (or in :meth:`sync`)."""
        self._require_owner()
        folder = foldersm.add_folder(path, include, exclude, follow_symlinks, self.settings.data_dir)
        adopted = foldersm.adopt_kept(folder)
        log.info("watching %s (%d documents kept from an earlier watch adopted)", folder.path, adopted)
        self.watcher.follow(folder.id)
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder.id}))
        return foldersm.info_of(folder)

    def folders(self) -> list[FolderInfo]:
        """Every watched folder with its state and counts (two grouped queries)."""
        counts = foldersm.folder_counts()
        out = []
        for folder in foldersm.all_folders():
            live = self.watcher.live(folder.id) if self.watcher is not None else None
            out.append(foldersm.info_of(folder, counts.get(folder.id), live.state if live else None,
                                        live.scanned if live else 0, live.to_scan if live else None))
        return out

    def watch_pause(self, ref: int | str | Path, paused: bool = True) -> FolderInfo:
        """Pause (no events, no scans) or resume (a catch-up scan first) a watched folder."""
        self._require_owner()
        folder = foldersm.get_folder(ref)
        foldersm.set_state(folder.id, paused=paused)
        if paused:
            self.watcher.forget(folder.id)
        else:
            self.watcher.follow(folder.id)
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder.id}))
        return foldersm.info_of(foldersm.get_folder(folder.id))

    def watch_rescan(self, ref: int | str | Path | None = None) -> None:
        """Queue a catch-up scan of one folder (or all)."""
        self._require_owner()
        self.watcher.rescan(foldersm.get_folder(ref).id if ref is not None else None)

    def watch_remove(self, ref: int | str | Path, keep_documents: bool = False) -> int:
        """Stop watching a folder. Its documents are deleted, or with ``keep_documents`` stay
        searchable (no longer followed; the files are still read in place). Returns how many
        documents were deleted."""
        self._require_owner()
        folder = foldersm.get_folder(ref)
        self.watcher.forget(folder.id)  # a scan of it stops at its next file
        if not self.folder_sync.lock.acquire(timeout=60):
            raise DocvecError("the folder is still being scanned; try again in a minute", ErrorKind.USAGE)
        try:
            dropped, kept = foldersm.forget_folder(folder.id, keep_documents)
        finally:
            self.folder_sync.lock.release()
        for doc_id in kept:
            self.hub.emit(Event(EventKind.STATUS, doc_id))  # its row now shows as an added file
        for doc_id in dropped:  # tombstones already: a crash now leaves them to the sweeper
            self.registry.cancel(doc_id, "deleted")
            self.hub.emit(Event(EventKind.DELETED, doc_id))
            try:
                self.maintenance.finish_delete(doc_id)
            except Exception as exc:  # the tombstone holds; the sweeper finishes it
                log.warning("delete of %s left for the sweeper: %s", doc_id, exc)
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder.id, "removed": True}))
        return len(dropped)

    def sync(self, progress=None, stop=None, settle_timeout: float = 60.0) -> list[ScanReport]:
        """One catch-up scan of every folder that is not paused (``docvec sync``): additions
        first, removals after, so files moved between watched folders keep their documents.
        Files still being written are waited for (up to ``settle_timeout``)."""
        self._require_owner()
        folders = [f for f in foldersm.all_folders() if not f.paused]
        reports = [self.folder_sync.scan(f.id, stop=stop, remove=False,
                                         progress=(lambda d, t, f=f: progress(f.path, d, t)) if progress else None)
                   for f in folders]
        for report in reports:
            if report.available:
                self.folder_sync.remove_vanished(report.folder_id)
        self._settle_unsettled(reports, settle_timeout)
        return reports

    def _settle_unsettled(self, reports: list[ScanReport], timeout: float) -> None:
        from docvec_gui.core.folderscan import RECENT_NS

        waiting = [p for r in reports for p in r.unsettled]
        deadline = time.monotonic() + timeout
        while waiting and time.monotonic() < deadline:
            time.sleep(RECENT_NS / 1e9)
            signatures = {p: _signature(p) for p in waiting}
            time.sleep(self.settings.watch_settle_seconds)
            ready = [p for p in waiting if _signature(p) == signatures[p]
                     and (signatures[p] is None or time.time_ns() - signatures[p][1] >= RECENT_NS)]
            if ready:
                self.folder_sync.apply(ready)
            waiting = [p for p in waiting if p not in ready]
        if waiting:
            log.warning("%d files were still being written after %.0f s; the next scan takes them",
                        len(waiting), timeout)

    def _enqueue_watched(self, doc_ids: list[str]) -> None:
        D = dbm.Document
        costs = {}
        for start in range(0, len(doc_ids), 500):
            part = doc_ids[start:start + 500]
            costs.update({i: (size, kind) for i, size, kind in
                          D.select(D.id, D.size, D.content_type).where(D.id.in_(part)).tuples()})
        self.queue.enqueue_many([(i, priority_for(estimated_cost(*costs.get(i, (0, None))))) for i in doc_ids])
        if self._watching and self.settings.auto_process and not self.is_processing and not self._switching:
            self.start_processing()

    def _drop(self, doc_id: str) -> None:
        """Delete a document the disk no longer has (already going: nothing to do)."""
        try:
            self.maintenance.delete(doc_id)
        except NotFound:
            log.info("document %s was already deleted", doc_id)

    # -- document actions ----------------------------------------------------------------
    def reprocess(self, doc_id: str) -> None:
        """Queue a document again; a run in progress is cancelled and its results dropped."""
        self._require_owner()
        D = dbm.Document
        with self.locks(doc_id), dbm.write_transaction():
            changed = D.update(status=Status.PENDING, claim=D.claim + 1, attempts=0, progress=0.0, error_kind=None,
                               error_message=None, crash_count=0, updated_at=dbm.utcnow()).where(
                (D.id == doc_id) & (D.status != Status.DELETING)).execute()
        if not changed:
            raise NotFound(f"no document {doc_id}")
        self.registry.cancel(doc_id, "re-processing")
        self._enqueue(doc_id)
        self.hub.emit(Event(EventKind.STATUS, doc_id, status=Status.PENDING, progress=0.0))

    def process_all(self, statuses: Sequence[str] = (Status.PENDING, Status.ERROR)) -> int:
        """Re-queue every document in ``statuses`` (the server design's process-all). All are
        marked pending in one transaction first, so a re-index cut short by closing the app
        resumes at the next start (pending documents are queued again) rather than leaving
        some with their old chunks."""
        self._require_owner()
        D = dbm.Document
        wanted = D.status.in_(list(statuses))
        with dbm.write_transaction():
            ids = [d for (d,) in D.select(D.id).where(wanted).tuples()]
            # The same rows as ``ids``: both statements run in one write transaction.
            D.update(status=Status.PENDING, claim=D.claim + 1, attempts=0, progress=0.0, error_kind=None,
                     error_message=None, crash_count=0, updated_at=dbm.utcnow()).where(wanted).execute()
        for doc_id in ids:
            self.registry.cancel(doc_id, "re-processing")
        costs = {i: (size, kind) for i, size, kind in D.select(D.id, D.size, D.content_type).where(
            D.status == Status.PENDING).tuples()}
        self.queue.enqueue_many([(i, priority_for(estimated_cost(*costs.get(i, (0, None))))) for i in ids])
        for doc_id in ids:
            self.hub.emit(Event(EventKind.STATUS, doc_id, status=Status.PENDING, progress=0.0))
        return len(ids)

    def delete(self, doc_id: str) -> bool:
        """Remove a document's vectors, chunks, keyword rows, stored copy and row (a tombstone
        first, so a failure half-way is finished later and never leaves orphans). False when
        only the tombstone could be written yet."""
        self._require_owner()
        return self.maintenance.delete(doc_id)

    def check(self, repair: bool = False) -> CheckReport:
        """Compare SQLite, Chroma and the library; with ``repair``, fix what is found."""
        self._require_owner()
        return self.maintenance.check(repair=repair)

    # -- reading -------------------------------------------------------------------------
    def documents(self, status: str | None = None) -> list[dbm.Document]:
        D = dbm.Document
        query = D.select().where(D.status != Status.DELETING).order_by(D.created_at, D.id)
        if status:
            query = query.where(D.status == status)
        return list(query)

    def iter_documents(self) -> Iterable[dbm.Document]:
        """Every live document, streamed from the database (no list of 100,000 rows)."""
        D = dbm.Document
        return D.select().where(D.status != Status.DELETING).order_by(D.created_at, D.id).iterator()

    def document(self, doc_id: str) -> dbm.Document:
        """By full id, or by an unambiguous prefix of at least 8 characters."""
        D = dbm.Document
        wanted = (doc_id or "").strip().lower()
        live = D.status != Status.DELETING
        doc = D.get_or_none((D.id == wanted) & live) if wanted else None
        if doc is not None:
            return doc
        if len(wanted) < MIN_ID_PREFIX:
            raise NotFound(f"no document {doc_id!r} (give the full id or at least {MIN_ID_PREFIX} characters of it)")
        matches = list(D.select().where(D.id.startswith(wanted) & live).limit(2))
        if len(matches) > 1:
            raise DocvecError(f"{doc_id!r} matches more than one document; give more of the id", ErrorKind.AMBIGUOUS)
        if not matches:
            raise NotFound(f"no document {doc_id!r}")
        return matches[0]

    def chunks(self, doc_id: str) -> list[dbm.Chunk]:
        return list(dbm.Chunk.select().where(dbm.Chunk.document == doc_id).order_by(dbm.Chunk.index))

    def counts(self) -> dict[str, int]:
        return dbm.status_counts()

    def status(self) -> dict:
        return {"documents": [document_json(d) for d in self.documents()], "counts": self.counts()}

    def wait_idle(self, doc_ids: Iterable[str] | None = None, timeout: float | None = None,
                  poll: float = 0.2, on_tick=None) -> bool:
        """Block until the given (or all) documents are completed or failed."""
        ids = list(doc_ids) if doc_ids is not None else None
        deadline = None if timeout is None else time.monotonic() + timeout
        D = dbm.Document
        while True:
            query = D.select(pw.fn.COUNT(D.id)).where(D.status.in_(list(UNFINISHED_STATUSES)))
            if ids is not None:
                query = query.where(D.id.in_(ids))
            remaining = query.scalar()
            if on_tick is not None:
                on_tick()
            if not remaining:
                return True
            if deadline is not None and time.monotonic() > deadline:
                return False
            time.sleep(poll)

    # -- search --------------------------------------------------------------------------
    def search(self, query: str, top_k: int = 10, mode: str = "hybrid",
               doc_ids: Sequence[str] | None = None, group: bool = True,
               folder_id: int | None = None, content_types: Sequence[str] | None = None) -> list[SearchResult]:
        """One result per document (best passage first), or every passage with ``group=False``;
        only good matches (an empty list: none). ``folder_id`` keeps one watched folder's,
        ``content_types`` documents of those formats (``Document.content_type``: pdf, docx...)."""
        if content_types:
            D = dbm.Document
            of_type = D.select(D.id).where(D.content_type.in_(list(content_types)) & (D.status == Status.COMPLETED))
            if folder_id is not None:
                of_type = of_type.where(D.folder_id == folder_id)
            wanted = None if doc_ids is None else set(doc_ids)
            doc_ids = [i for (i,) in of_type.tuples() if wanted is None or i in wanted]
            if not doc_ids:
                return []
        if folder_id is None:
            return self.searcher.search(query, top_k, mode, doc_ids, group)
        return self.searcher.search(query, top_k, mode, doc_ids, group, folder_id=folder_id)

    def passage_context(self, doc_id: str, chunk_index: int, around: int = 1) -> list:
        """A chunk and ``around`` chunks either side, in order (a search hit's preview): one
        range read on the (document, index) index, however long the document."""
        C = dbm.Chunk
        return list(C.select().where((C.document == doc_id)
                                     & C.index.between(chunk_index - around, chunk_index + around)).order_by(C.index))

    # -- health --------------------------------------------------------------------------
    # -- the embedding model ---------------------------------------------------------------
    def model_switch(self) -> ModelSwitch:
        """The one switch of this service: plan() and use_model() share its loaded model (a
        model is not loaded twice for one switch)."""
        self._require_owner()
        if self._model_switch is None or self._model_switch.settings is not self.settings:
            self._model_switch = ModelSwitch(self.settings, self.components.open_store_for)
        return self._model_switch

    def use_model(self, model_dir: Path, progress=None, cancel=None):
        """Re-embed the library with the model in ``model_dir`` (resumable; searches keep using
        the current model until it is done), then make it the library's model.

        Processing is stopped meanwhile (no document completes into the old collection only)
        and started again after. Order, for crash safety: embed all, settings.json, the
        record, then drop the old collection. A second switch while one runs is refused.
        """
        from docvec_gui.core.config import ConfigError, overriding_source

        folder = Path(model_dir).resolve()
        where = overriding_source(self.settings.data_dir, "model_dir")
        if where is not None:
            raise ConfigError(f"{where} sets the model folder and would win over the switch; remove it first")
        if not self._switch_lock.acquire(blocking=False):
            raise DocvecError("a model switch is already running", ErrorKind.USAGE)
        try:
            return self._use_model(folder, progress, cancel)
        finally:
            self._switch_lock.release()
            self._model_switch = None  # its loaded model is of no use once the switch is over

    def _use_model(self, folder: Path, progress, cancel):
        import dataclasses

        from docvec_gui.core import librarymodel
        from docvec_gui.core.config import write_settings_file
        from docvec_gui.core.modelstore import find_model_dir
        from docvec_gui.core.vectorstore import collection_name

        was_running = self.is_processing
        if was_running:
            self.stop_processing(timeout=30, finish=False)
        self._switching = True
        try:
            previous = librarymodel.recorded_or_legacy()
            switch = self.model_switch()
            identity = switch.run(folder, progress, cancel)
            # A model docvec finds by its name (bundled, cached, ../shared) is not pinned by
            # path: an AppImage mounts elsewhere on every launch, an upgrade moves the bundle.
            # The recorded name finds it (Components.wanted_model) once flip() has run.
            pinned = None if find_model_dir(None, identity.name) == folder else folder
            write_settings_file(self.settings.data_dir, {"model_dir": str(pinned) if pinned else None})
            switch.flip(identity)
            self.settings = dataclasses.replace(self.settings, model_dir=pinned)
            self.components.use_settings(self.settings)
            if previous is not None and (collection_name(previous.name, previous.dimension)
                                         != collection_name(identity.name, identity.dimension)):
                # The old model's vectors are of no use now: give their disk space back.
                old = self.components.open_store_for(previous.name, previous.dimension)
                try:
                    old.drop()
                finally:
                    old.close()
            if self.processing is not None:
                self.processing.resolve_fault(ErrorKind.MODEL)
        finally:
            self._switching = False
            if was_running:
                self.start_processing()
        return identity

    def health(self, load: bool = False) -> dict:
        """State of database, queue consumer, vector store and model: 'ok' or the error."""
        report: dict[str, dict] = {}
        try:
            dbm.database_proxy.obj.execute_sql("SELECT 1").fetchone()
            report["database"] = {"ok": True, "detail": str(self.settings.db_path)}
        except pw.PeeweeException as exc:
            report["database"] = {"ok": False, "detail": str(exc)}
        report["queue"] = self._queue_health()
        report["model"] = self.components.model_health(load)
        report["vector_store"] = self._vector_health(load)
        faults = self.processing.faults() if self.processing else {}
        if ErrorKind.DISK_FULL in faults:
            report["disk"] = {"ok": False, "detail": faults[ErrorKind.DISK_FULL]}
        remote = self.settings.remote_endpoints()
        # Not a fault: shown so that sending text off the machine is always a visible choice.
        report["privacy"] = {"ok": True, "detail": "; ".join(remote) if remote else "local only: nothing leaves "
                                                                                       "this machine"}
        report["ok"] = all(v.get("ok") for v in report.values() if isinstance(v, dict))
        return report

    def _queue_health(self) -> dict:
        if self.queue is None:
            return {"ok": True, "detail": "read-only"}
        counts = self.queue.counts()
        faults = self.processing.faults()
        if faults:
            state = "paused: " + "; ".join(f"{k}: {v}" for k, v in faults.items())
        else:
            state = f"running with {self.queue.workers} workers" if self.is_processing else "paused"
        return {"ok": not faults, "detail": state, **counts, "active": len(self.registry)}

    def _vector_health(self, load: bool) -> dict:
        from docvec_gui.core.vectorstore import VectorStoreError

        store = self.components.vectors_if_open()
        if store is None and not load:
            mode = f"server {self.settings.chroma_host}:{self.settings.chroma_port}" if self.settings.chroma_host \
                else f"embedded at {self.settings.chroma_path}"
            return {"ok": True, "detail": f"not opened yet ({mode})"}
        try:
            store = self.components.vectors()
            store.heartbeat()
            have = store.count()
        except (VectorStoreError, DocvecError, OSError) as exc:
            return {"ok": False, "detail": str(exc)}
        expected = self.maintenance.expected_vectors() if self.maintenance else 0
        if have < expected:
            return {"ok": False, "detail": f"{store.name}: {expected - have} of {expected} vectors missing "
                                           f"(repair re-embeds them from the stored chunks)"}
        return {"ok": True, "detail": f"{store.name}: {have} vectors"}

    # -- helpers -------------------------------------------------------------------------
    def _require_owner(self) -> None:
        if self.readonly or self.queue is None:
            raise DocvecError("this operation needs the data directory opened for writing", ErrorKind.READ_ONLY)


def _signature(path: str) -> tuple[int, int] | None:
    import os

    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def _references(sha: str) -> int:
    D = dbm.Document
    return D.select().where((D.sha256 == sha) & D.folder_id.is_null()).count()

