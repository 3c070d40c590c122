"""The service facade: everything the window and the CLI do goes through :class:`Service`.

One :class:`Service` owns one data directory (an OS lock) for its lifetime, unless it is
opened read-only, which only reads the metadata database (for ``docvec status`` while
another process owns the directory).
"""
from __future__ import annotations

import logging
import os
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.config import Settings
from docvec_gui.core.datadir import DataDirLock
from docvec_gui.core.errors import DocvecError, InvalidQuery, NotFound
from docvec_gui.core.events import Event, EventHub, Listener
from docvec_gui.core.extract.sniff import sniff
from docvec_gui.core.ingest import DocLocks, Pipeline, PipelineParts
from docvec_gui.core.library import Library
from docvec_gui.core.search import CANDIDATES, MODES, RRF_K, SearchResult, highlight_spans, keyword_search, rrf
from docvec_gui.core.tasks import JobQueue

log = logging.getLogger(__name__)

RECONCILE_INTERVAL = 30.0
STUCK_AFTER = 120.0  # seconds a 'processing' row may go without an update before it is re-queued
_HIDDEN_NAMES = {"thumbs.db", "desktop.ini", ".ds_store", "icon\r"}


@dataclass
class AddReport:
    """What :meth:`Service.add` did with each path it was given."""

    added: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "refused": self.refused}


def document_json(doc: dbm.Document) -> dict:
    """The public JSON shape of a document (``status --json``)."""
    return {
        "id": doc.id,
        "filename": doc.filename,
        "status": doc.status,
        "progress": round(doc.progress or 0.0, 4),
        "chunk_count": doc.chunk_count,
        "error_kind": doc.error_kind,
        "error": doc.error_message if doc.status == "error" else None,
        "warning": doc.warning,
        "size": doc.size,
        "sha256": doc.sha256,
        "content_type": doc.content_type,
        "original_path": doc.original_path,
        "attempts": doc.attempts,
        "created_at": doc.created_at.isoformat() + "Z" if doc.created_at else None,
        "processed_at": doc.processed_at.isoformat() + "Z" if doc.processed_at else None,
    }


def _is_hidden(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.startswith("~$") or name.lower() in _HIDDEN_NAMES:
        return True
    if os.name == "nt":
        try:
            import stat

            return bool(path.stat().st_file_attributes & (stat.FILE_ATTRIBUTE_HIDDEN | stat.FILE_ATTRIBUTE_SYSTEM))
        except (OSError, AttributeError):
            return False
    return False


def iter_files(paths: Iterable[Path]) -> Iterable[tuple[Path, str | None]]:
    """(file, problem) for every file under ``paths``; folders recurse, hidden entries are skipped."""
    for raw in paths:
        path = Path(raw).expanduser()
        if not path.exists():
            yield path, "no such file or folder"
        elif path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not _is_hidden(Path(root) / d))
                for name in sorted(files):
                    child = Path(root) / name
                    if not _is_hidden(child) and not child.is_symlink():
                        yield child, None
        else:
            yield path, None


class Service:
    """Facade over the library, queue, vector store and search of one data directory."""

    def __init__(self, settings: Settings, readonly: bool = False) -> None:
        self.settings = settings
        self.readonly = readonly
        self.hub = EventHub()
        self.locks = DocLocks()
        self._lock = DataDirLock(settings.data_dir)
        self._stopping = threading.Event()
        self._lazy_lock = threading.Lock()
        self._embedder = None
        self._vectors = None
        self._chunker = None
        self._reconciler: threading.Thread | None = None
        self._reconciler_stop = threading.Event()
        self.queue: JobQueue | None = None
        self.library: Library | None = None
        self.pipeline: Pipeline | None = None
        self.extractors = None
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
            for sub in (self.settings.chroma_path, self.settings.library_path, self.settings.log_path):
                sub.mkdir(parents=True, exist_ok=True)
            dbm.open_database(self.settings.db_path)
            self.library = Library(self.settings.library_path)
            self.library.clear_incoming()
            from docvec_gui.core.extract.sandbox import ExtractorPool

            self.extractors = ExtractorPool(self.settings.extract_timeout, self.settings.extract_memory_mb)
            parts = PipelineParts(extractor=lambda: self.extractors, chunker=self.chunker, embedder=self.embedder, vectors=self.vectors)
            self.pipeline = Pipeline(self.settings, parts, self.hub, self.locks, self._retry, self._stopping)
            self.queue = JobQueue(self.settings.queue_path, self.pipeline.run)
            self.reconcile(startup=True)
        except BaseException:
            self._lock.release()
            raise
        self._opened = True
        return self

    def close(self, timeout: float = 30.0) -> bool:
        """Stop processing (in-flight runs finish or go back to pending) and release the directory."""
        if not self._opened:
            return True
        clean = self.stop_processing(timeout=timeout)
        if self.extractors is not None:
            self.extractors.close()
        if self._vectors is not None:
            self._vectors.close()
            self._vectors = None
        if self.queue is not None:
            self.queue.close()
        db = dbm.database_proxy.obj
        if db is not None and not db.is_closed():
            db.close()
        self._lock.release()
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
                "extract_memory_mb", "auto_process", "ui_language"}
        changed = {f for f in values if getattr(new, f, None) != getattr(self.settings, f, None)}
        old, self.settings = self.settings, new
        if self.pipeline is not None:
            self.pipeline.settings = new
        if changed & {"chunk_tokens", "chunk_overlap"}:
            with self._lazy_lock:
                self._chunker = None
        if "workers" in changed and self.processing:
            self.stop_processing(finish=True)
            self.start_processing()
        restart = bool(changed - live)
        if restart:
            self.settings = new.replace(**{f: getattr(old, f) for f in changed - live})
        return restart

    # -- lazily loaded heavy parts (never on the UI thread) --------------------------------
    def embedder(self):
        with self._lazy_lock:
            if self._embedder is None:
                from docvec_gui.core.embed import make_embedder

                self._embedder = make_embedder(self.settings)
            return self._embedder

    def chunker(self):
        with self._lazy_lock:
            if self._chunker is None:
                from docvec_gui.core.chunk import Chunker
                from docvec_gui.core.embed import MiniLMEmbedder, load_tokenizer
                from docvec_gui.core.modelstore import ensure_model

                embedder = self._embedder
                model_dir = embedder.model_dir if isinstance(embedder, MiniLMEmbedder) else ensure_model(
                    self.settings.model_dir)
                self._chunker = Chunker(load_tokenizer(model_dir), self.settings.chunk_tokens,
                                        self.settings.chunk_overlap)
            return self._chunker

    def vectors(self):
        embedder = self.embedder()
        with self._lazy_lock:
            if self._vectors is None:
                from docvec_gui.core.vectorstore import VectorStoreProcess

                dim = embedder.dim or len(embedder.embed(["dimension probe"])[0])
                self._vectors = VectorStoreProcess(self.settings.chroma_path, embedder.name, dim,
                                                   self.settings.chroma_host, self.settings.chroma_port)
            return self._vectors

    # -- processing ----------------------------------------------------------------------
    @property
    def processing(self) -> bool:
        return self.queue is not None and self.queue.running

    def start_processing(self) -> None:
        self._require_owner()
        self._stopping.clear()
        self.queue.start(self.settings.workers)
        if self._reconciler is None or not self._reconciler.is_alive():
            self._reconciler_stop.clear()
            self._reconciler = threading.Thread(target=self._reconcile_loop, name="docvec-reconciler", daemon=True)
            self._reconciler.start()

    def stop_processing(self, timeout: float = 30.0, finish: bool = True) -> bool:
        """Stop the consumer. ``finish=False`` interrupts runs, which return to pending."""
        if not finish:
            self._stopping.set()
        self._reconciler_stop.set()
        if self._reconciler is not None:
            self._reconciler.join(timeout=5)
            self._reconciler = None
        clean = self.queue.stop(timeout) if self.queue is not None else True
        if not clean:
            self._stopping.set()  # runs still going abandon at their next checkpoint
        return clean

    def _reconcile_loop(self) -> None:
        while not self._reconciler_stop.wait(RECONCILE_INTERVAL):
            try:
                self.reconcile(startup=False)
            except (pw.PeeweeException, DocvecError, OSError) as exc:
                log.error("reconciler failed: %s", exc)

    def reconcile(self, startup: bool = False) -> int:
        """Re-enqueue pending documents without a queued task; reset stuck 'processing' rows.

        At start-up this process has just taken the directory lock, so every 'processing'
        row is left over from a process that died mid-run.
        """
        self._require_owner()
        D = dbm.Document
        if startup:
            self.queue.flush_locks()
            with dbm.write_transaction():
                D.update(status="pending", claim=D.claim + 1, progress=0.0).where(
                    D.status == "processing").execute()
        else:
            cutoff = dbm.utcnow().timestamp() - STUCK_AFTER
            active = set(self.pipeline.active)
            for doc in D.select(D.id, D.updated_at).where(D.status == "processing"):
                if doc.id not in active and doc.updated_at.timestamp() < cutoff:
                    with dbm.write_transaction():
                        D.update(status="pending", claim=D.claim + 1).where(
                            (D.id == doc.id) & (D.status == "processing")).execute()
        queued = self.queue.queued_ids()
        count = 0
        for (doc_id,) in D.select(D.id).where(D.status == "pending").order_by(D.created_at).tuples():
            if doc_id not in queued:
                self.queue.enqueue(doc_id)
                count += 1
        if count:
            log.info("reconciler queued %d documents", count)
        return count

    def _retry(self, doc_id: str, delay: float) -> None:
        self.queue.enqueue(doc_id, delay=delay)

    # -- adding --------------------------------------------------------------------------
    def add(self, paths: Sequence[str | Path], process: bool | None = None) -> AddReport:
        """Copy files (and folders, recursively) into the library as pending documents."""
        self._require_owner()
        report = AddReport()
        for path, problem in iter_files(Path(p) for p in paths):
            if problem:
                report.refused.append({"path": str(path), "kind": "not_found", "reason": problem})
                continue
            try:
                self._add_one(path, report)
            except OSError as exc:
                report.refused.append({"path": str(path), "kind": "unreadable", "reason": f"cannot read: {exc}"})
        should_process = self.settings.auto_process if process is None else process
        if should_process and report.added:
            self.start_processing()
        return report

    def _add_one(self, path: Path, report: AddReport) -> None:
        size = path.stat().st_size
        if size == 0:
            report.refused.append({"path": str(path), "kind": "empty", "reason": "the file is empty"})
            return
        if size > self.settings.max_file_bytes:
            report.refused.append({"path": str(path), "kind": "too_large",
                                   "reason": f"{size / 2**20:.0f} MB is over the {self.settings.max_file_mb} MB limit"})
            return
        info = sniff(path)
        if info.refusal:
            report.refused.append({"path": str(path), "kind": info.refusal, "reason": info.detail or info.label})
            return
        staged = self.library.stage(path)
        existing = dbm.Document.get_or_none(dbm.Document.sha256 == staged.sha256)
        if existing is not None:
            self.library.discard(staged)
            report.duplicates.append({"path": str(path), "id": existing.id, "filename": existing.filename,
                                      "reason": f"same content as {existing.filename}"})
            return
        stored = self.library.commit(staged, path.suffix)
        try:
            doc = dbm.Document.create(
                filename=path.name, original_path=str(path.resolve()), stored_path=str(stored),
                size=staged.size, sha256=staged.sha256, content_type=info.format,
            )
        except pw.IntegrityError:  # same content added concurrently in this process
            report.duplicates.append({"path": str(path), "reason": "same content was just added"})
            return
        self.queue.enqueue(doc.id)
        report.added.append({"id": doc.id, "filename": doc.filename, "path": str(path)})
        self.hub.emit(Event("added", doc.id, status="pending"))

    # -- document actions ----------------------------------------------------------------
    def reprocess(self, doc_id: str) -> None:
        """Queue a document again; a run in progress is superseded and its results dropped."""
        self._require_owner()
        D = dbm.Document
        with self.locks(doc_id), dbm.write_transaction():
            changed = D.update(status="pending", claim=D.claim + 1, attempts=0, progress=0.0, error_kind=None,
                               error_message=None, updated_at=dbm.utcnow()).where(D.id == doc_id).execute()
        if not changed:
            raise NotFound(f"no document {doc_id}")
        self.queue.enqueue(doc_id)
        self.hub.emit(Event("status", doc_id, status="pending", progress=0.0))

    def process_all(self, statuses: Sequence[str] = ("pending", "error")) -> int:
        """Re-queue every document in ``statuses`` (the server design's process-all)."""
        ids = [d for (d,) in dbm.Document.select(dbm.Document.id).where(dbm.Document.status.in_(statuses)).tuples()]
        for doc_id in ids:
            self.reprocess(doc_id)
        return len(ids)

    def delete(self, doc_id: str) -> None:
        """Remove a document's vectors, chunks, keyword rows, stored copy and row."""
        self._require_owner()
        doc = dbm.Document.get_or_none(dbm.Document.id == doc_id)
        if doc is None:
            raise NotFound(f"no document {doc_id}")
        store = self.vectors() if doc.chunk_count or doc.status in ("processing", "completed") else None
        with self.locks(doc_id):
            database = dbm.database_proxy.obj
            with dbm.write_transaction():
                dbm.delete_chunks(database, doc_id)
                dbm.Document.delete().where(dbm.Document.id == doc_id).execute()
            if store is not None:
                store.delete_document(doc_id)
            self.library.remove(Path(doc.stored_path))
        self.hub.emit(Event("deleted", doc_id))

    # -- reading -------------------------------------------------------------------------
    def documents(self, status: str | None = None) -> list[dbm.Document]:
        query = dbm.Document.select().order_by(dbm.Document.created_at, dbm.Document.id)
        if status:
            query = query.where(dbm.Document.status == status)
        return list(query)

    def document(self, doc_id: str) -> dbm.Document:
        doc = dbm.Document.get_or_none(dbm.Document.id == doc_id)
        if doc is None:
            matches = list(dbm.Document.select().where(dbm.Document.id.startswith(doc_id)).limit(2))
            if len(matches) != 1:
                raise NotFound(f"no document {doc_id}")
            doc = matches[0]
        return doc

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
            query = D.select(pw.fn.COUNT(D.id)).where(D.status.in_(("pending", "processing")))
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
               doc_ids: Sequence[str] | None = None) -> list[SearchResult]:
        if not query or not query.strip():
            raise InvalidQuery("the query is empty")
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if top_k < 1:
            raise InvalidQuery("top_k must be at least 1")
        depth = max(CANDIDATES, top_k)
        ranked: list[list[tuple[tuple[str, int], float]]] = []
        if mode in ("keyword", "hybrid"):
            ranked.append(self._keyword_ranked(query, depth, doc_ids))
        if mode in ("vector", "hybrid"):
            ranked.append(self._vector_ranked(query, depth, doc_ids))
        if mode == "hybrid":
            scores = rrf([[key for key, _ in ranking] for ranking in ranked], RRF_K)
        else:
            scores = dict(ranked[0])
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:top_k]
        return self._results(best, query)

    def _keyword_ranked(self, query: str, depth: int, doc_ids) -> list[tuple[tuple[str, int], float]]:
        """((doc_id, chunk_index), bm25) best first."""
        hits = keyword_search(query, depth, doc_ids)
        if not hits:
            return []
        C = dbm.Chunk
        rows = {cid: (doc, idx) for cid, doc, idx in
                C.select(C.id, C.document, C.index).where(C.id.in_([h[0] for h in hits])).tuples()}
        return [(rows[cid], score) for cid, score in hits if cid in rows]

    def _vector_ranked(self, query: str, depth: int, doc_ids) -> list[tuple[tuple[str, int], float]]:
        """((doc_id, chunk_index), cosine similarity) best first."""
        store = self.vectors()
        vector = self.embedder().embed([query])[0]
        return [((h.doc_id, h.chunk_index), 1.0 - h.distance) for h in store.query(vector, depth, doc_ids)]

    def _results(self, best: list[tuple[tuple[str, int], float]], query: str) -> list[SearchResult]:
        if not best:
            return []
        C, D = dbm.Chunk, dbm.Document
        wanted = {key for key, _ in best}
        # A superset (every wanted document x every wanted index) in one flat query; the
        # dictionary below picks the exact hits.
        condition = C.document.in_({d for d, _ in wanted}) & C.index.in_({i for _, i in wanted})
        query_rows = (C.select(C.document, C.index, D.filename, C.page, C.heading, C.text)
                      .join(D).where(condition).tuples())  # one query for all hits
        rows = {(doc, index): rest for doc, index, *rest in query_rows}
        results = []
        for key, score in best:
            row = rows.get(key)
            if row is None:
                continue  # deleted between ranking and fetching
            filename, page, heading, text = row
            results.append(SearchResult(key[0], filename, key[1], page, heading, text, round(float(score), 6),
                                        highlight_spans(text, query)))
        return results

    # -- health --------------------------------------------------------------------------
    def health(self, load: bool = False) -> dict:
        """State of database, queue consumer, vector store and model: 'ok' or the error."""
        report: dict[str, dict] = {}
        try:
            dbm.database_proxy.obj.execute_sql("SELECT 1").fetchone()
            report["database"] = {"ok": True, "detail": str(self.settings.db_path)}
        except pw.PeeweeException as exc:
            report["database"] = {"ok": False, "detail": str(exc)}
        if self.queue is None:
            report["queue"] = {"ok": True, "detail": "read-only"}
        else:
            counts = self.queue.counts()
            state = f"running with {self.queue.workers} workers" if self.processing else "paused"
            report["queue"] = {"ok": True, "detail": state, **counts,
                               "active": len(self.pipeline.active) if self.pipeline else 0}
        report["model"] = self._model_health(load)
        report["vector_store"] = self._vector_health(load)
        report["ok"] = all(v.get("ok") for v in report.values() if isinstance(v, dict))
        return report

    def _model_health(self, load: bool) -> dict:
        from docvec_gui.core.errors import ModelError
        from docvec_gui.core.modelstore import find_model_dir

        if self.settings.embed_provider != "local":
            return {"ok": True, "detail": f"{self.settings.embed_provider} at {self.settings.embed_url}"}
        try:
            if load:
                embedder = self.embedder()
                embedder.load()
                return {"ok": True, "detail": f"loaded from {embedder.model_dir}"}
            where = find_model_dir(self.settings.model_dir)
            if where is None:
                return {"ok": False, "detail": "model not installed (it will be downloaded on first use)"}
            return {"ok": True, "detail": f"{'loaded' if self._embedder else 'available'} at {where}"}
        except (ModelError, OSError) as exc:
            return {"ok": False, "detail": str(exc)}

    def _vector_health(self, load: bool) -> dict:
        if self._vectors is None and not load:
            mode = f"server {self.settings.chroma_host}:{self.settings.chroma_port}" if self.settings.chroma_host \
                else f"embedded at {self.settings.chroma_path}"
            return {"ok": True, "detail": f"not opened yet ({mode})"}
        try:
            store = self.vectors()
            store.heartbeat()
            return {"ok": True, "detail": f"{store.name}: {store.count()} vectors"}
        except Exception as exc:  # chromadb raises many error types; health must report, not crash
            return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}

    # -- helpers -------------------------------------------------------------------------
    def _require_owner(self) -> None:
        if self.readonly or self.queue is None:
            raise DocvecError("this operation needs the data directory opened for writing", "read_only")
