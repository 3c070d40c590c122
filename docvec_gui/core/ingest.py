"""Processing one document: extract, chunk, embed, upsert vectors, store chunks, complete.

Streaming: the extraction child sends the text in batches, which wait in a spool file
(extract/spool.py); the chunker reads them back a window at a time (chunk.py), and chunks
are embedded and written :data:`STORE_GROUP` at a time. A run's memory is therefore bounded
by those sizes, not by the document's.

Correctness rules, learnt from peers' bugs and from fault injection:

* A document is marked completed only after all its vectors and chunks are committed,
  and search shows only completed documents, so a half-written document is never seen.
* Every run holds a *claim* (a counter bumped by each claim, re-process, delete and
  reset) and is registered in the :class:`RunRegistry` under the document's lock. It
  writes only while its claim is current — checked inside every write transaction — so a
  deleted or re-queued document never gets stale results back, and a commit whose claim
  moved changes nothing and emits nothing.
* Stopping cancels runs; a cancelled run puts its document back to ``pending`` without
  spending an attempt. A fault of the app (vector store down, disk full) does the same and
  pauses processing until the fault clears: no document is ever failed for it.
* Vector ids are ``<doc_id>:<index>``; a run first deletes whatever an earlier run of the
  document wrote, so a completed document's vector count always equals its chunk count.
* Chunk and keyword rows are written in batches of :data:`db.WRITE_BATCH`, each its own
  short transaction, so a huge document never holds SQLite's write lock for long.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator, Protocol, Sequence

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.chunk import ChunkSpan, Chunker
from docvec_gui.core.embed import Embedder
from docvec_gui.core.errors import EmbeddingServiceError, ModelError, is_disk_full
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.extract.model import ExtractionError, Extracted, OcrUnavailable
from docvec_gui.core.priority import lower_this_thread
from docvec_gui.core.runs import Run, RunRegistry
from docvec_gui.core.tasks import BIG_COST, estimated_cost
from docvec_gui.core.vocabulary import ErrorKind, EventKind, Status

if TYPE_CHECKING:  # numpy costs ~0.2 s: imported when first used, not before the window paints
    import numpy as np

log = logging.getLogger(__name__)

BIG_RETRY_DELAY = 3.0  # seconds before a big document waiting for a slot is offered again
EMBED_GROUP = 64  # chunks per embedding call; also the granularity of cancel checks
# Chunks embedded and written together: what a run holds in memory, whatever the document's size.
STORE_GROUP = 256
BEAT_WRITE_EVERY = 20.0  # seconds between updated_at refreshes of a live run (for other processes)


class Superseded(Exception):
    """The run's claim is no longer current (deleted, re-queued or reset)."""


class Cancelled(Exception):
    """The run's cancel token was set (stop, shutdown): the document goes back to pending."""


class AppFault(Exception):
    """A fault of the app's machinery, not of the document: pause, do not judge."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class Extractor(Protocol):
    def extract(self, path: Path, cancel: threading.Event | None = None,
                heartbeat: Callable[[], None] | None = None,
                pages: Callable[[int, int, str], None] | None = None) -> Extracted: ...


class VectorStore(Protocol):
    def upsert(self, doc_id: str, embeddings: np.ndarray, metadatas: Sequence[dict]) -> None: ...
    def delete_document(self, doc_id: str) -> None: ...
    def count(self) -> int: ...


class DocLocks:
    """A lock per document id (striped), shared by processing, delete and the reconciler."""

    def __init__(self, stripes: int = 64) -> None:
        self._locks = [threading.RLock() for _ in range(stripes)]

    def __call__(self, doc_id: str) -> threading.RLock:
        return self._locks[hash(doc_id) % len(self._locks)]


@dataclass
class PipelineParts:
    """What a run needs, obtained lazily (the model and Chroma load on first use)."""

    extractor: Callable[[], Extractor]
    chunker: Callable[[], Chunker]
    embedder: Callable[[], Embedder]
    vectors: Callable[[], VectorStore]
    vectors_if_open: Callable[[], VectorStore | None]


def app_fault_of(exc: BaseException) -> AppFault | None:
    """The app fault behind ``exc``, or None when it is about the document."""
    from docvec_gui.core.vectorstore import VectorStoreUnavailable

    if isinstance(exc, AppFault):
        return exc
    if is_disk_full(exc):
        return AppFault(ErrorKind.DISK_FULL, f"the disk is full: {exc}")
    if isinstance(exc, VectorStoreUnavailable):
        return AppFault(ErrorKind.VECTOR_STORE, str(exc))
    if isinstance(exc, ModelError):  # missing, damaged or not yet downloaded: never the document's fault
        return AppFault(ErrorKind.MODEL, f"the embedding model is missing or unusable ({exc}); documents wait "
                                         f"until a model folder is chosen in Settings or the model is back")
    return None


class Pipeline:
    def __init__(self, settings, parts: PipelineParts, hub: EventHub, locks: DocLocks, registry: RunRegistry,
                 retry: Callable[[str, float], None], on_fault: Callable[[AppFault], None],
                 gate: Callable[[], bool]) -> None:
        self.settings = settings
        self.parts = parts
        self.hub = hub
        self.locks = locks
        self.registry = registry
        self.retry = retry
        self.on_fault = on_fault
        self.gate = gate  # blocks while processing is paused by a fault; False when stopping
        self._big_slot = threading.BoundedSemaphore(max(1, settings.workers - 1))

    # -- claim handling ------------------------------------------------------------------
    def claim(self, doc_id: str) -> Run | None:
        """pending -> processing and register the run, atomically under the document's lock."""
        D = dbm.Document
        with self.locks(doc_id):
            with dbm.write_transaction():
                row = D.select(D.claim, D.status).where(D.id == doc_id).tuples().first()
                if row is None or row[1] != Status.PENDING:
                    return None
                claim = row[0] + 1
                updated = (D.update(status=Status.PROCESSING, claim=claim, attempts=D.attempts + 1, progress=0.0,
                                    updated_at=dbm.utcnow())
                           .where((D.id == doc_id) & (D.status == Status.PENDING) & (D.claim == row[0])).execute())
                if updated != 1:
                    return None
            return self.registry.register(doc_id, claim)

    def _held(self, run: Run) -> None:
        """Raise unless ``run`` still holds its document (call inside a write transaction)."""
        D = dbm.Document
        current = D.select(D.claim, D.status).where(D.id == run.doc_id).tuples().first()
        if current is None or current != (run.claim, Status.PROCESSING):
            raise Superseded("document changed while processing")

    def _check(self, run: Run) -> None:
        if run.cancel.is_set():
            raise Cancelled(run.reason or "cancelled")
        self._held(run)

    def _update(self, run: Run, **fields) -> int:
        fields.setdefault("updated_at", dbm.utcnow())
        D = dbm.Document
        with dbm.write_transaction():
            return D.update(**fields).where((D.id == run.doc_id) & (D.claim == run.claim)).execute()

    def _beat(self, run: Run, phase: str) -> None:
        """Heartbeat: the registry sees the run alive; other processes see updated_at move."""
        run.heartbeat(phase)
        if run.beat - run.written < BEAT_WRITE_EVERY:
            return
        run.written = run.beat
        try:
            self._update(run)
        except pw.PeeweeException as exc:  # a busy or full disk must not break the extraction wait
            log.warning("heartbeat of %s not written: %s", run.doc_id, exc)

    # -- the run -------------------------------------------------------------------------
    def run(self, doc_id: str) -> None:
        lower_this_thread()  # embedding yields the CPU to the window (core/priority.py)
        if not self.gate():
            return  # stopping: the document stays pending and is queued again at the next start
        D = dbm.Document
        row = D.select(D.size, D.content_type).where(D.id == doc_id).tuples().first() or (0, None)
        big = estimated_cost(*row) >= BIG_COST and self.settings.workers > 1
        if big and not self._big_slot.acquire(blocking=False):
            # Every worker but one may hold a big document; this one waits its turn so small
            # documents always have a worker.
            self.retry(doc_id, BIG_RETRY_DELAY)
            return
        try:
            run = self.claim(doc_id)
            if run is None:
                return  # deleted, already done, or another worker has it
            self.hub.emit(Event(EventKind.STATUS, doc_id, status=Status.PROCESSING, progress=0.0))
            try:
                self._settle(run)
            finally:
                self.registry.unregister(run)
        finally:
            if big:
                self._big_slot.release()

    def _settle(self, run: Run) -> None:
        """Process, then record the outcome; an outcome that cannot be written is left to
        the reconciler (the row stays ``processing`` without a live run and is reset)."""
        from docvec_gui.core.extract.sandbox import ExtractionCancelled

        try:
            try:
                self._process(run)
            except Superseded as exc:
                log.info("run of %s abandoned: %s", run.doc_id, exc)
            except (Cancelled, ExtractionCancelled) as exc:
                self._release(run, f"interrupted: {run.reason or exc}")
            except ExtractionError as exc:
                self._fail(run, exc.kind, str(exc))
            except OcrUnavailable as exc:  # the app's fault: retried, and never a verdict on the file
                log.warning("document %s: %s", run.doc_id, exc)
                self._transient(run, exc)
            except EmbeddingServiceError as exc:
                if exc.transient:
                    self._transient(run, exc)
                else:
                    self._fail(run, ErrorKind.EMBEDDING, str(exc))
            except Exception as exc:
                fault = app_fault_of(exc)
                if fault is None:
                    log.exception("processing %s failed", run.doc_id)
                    self._transient(run, exc)
                else:
                    self._release(run, f"paused: {fault}")
                    self.on_fault(fault)
        except Exception as exc:  # recording the outcome failed (disk full, store down...)
            fault = app_fault_of(exc)
            log.warning("could not record the outcome of %s (%s); the reconciler will reset it", run.doc_id, exc)
            if fault is not None:
                self.on_fault(fault)

    def _process(self, run: Run) -> None:
        doc = dbm.Document.get_by_id(run.doc_id)
        if doc.repair == "vectors" and doc.chunk_count:
            self._reembed(run, doc)
            return
        self._beat(run, "extracting")
        extracted = self.parts.extractor().extract(Path(doc.stored_path), cancel=run.cancel,
                                                   heartbeat=lambda: self._beat(run, "extracting"),
                                                   pages=lambda page, count, stage="extracting":
                                                   self._extracting(run, page, count, stage))
        try:
            self._check(run)
            self._enforce_text_cap(extracted)
            self._update(run, title=extracted.title or doc.title, author=extracted.author,
                         page_count=extracted.page_count)
            progress = Progress(extracted.chars, extracted.page_count)
            count = self._store(run, doc.filename, self.parts.chunker().stream(extracted.blocks), progress)
        finally:
            extracted.close()
        if count == 0:
            raise ExtractionError("empty", "the document contains no text to index")
        self._complete(run, count, "; ".join(extracted.warnings) or None)

    def _extracting(self, run: Run, page: int, page_count: int, stage: str = "extracting") -> None:
        """Pages read so far: the table shows "extracting page 3 of 40" (or "OCR page 3 of 40"
        while a scanned page is read) instead of a bar that seems stuck while a long PDF is read
        (nothing is chunked or embedded yet)."""
        stage = "ocr" if stage == "ocr" else "extracting"
        note = f"OCR page {page} of {page_count}" if stage == "ocr" else f"extracting page {page} of {page_count}"
        try:
            self._update(run, progress_note=note)
        except pw.PeeweeException as exc:  # a busy or full disk must not break the extraction wait
            log.warning("progress of %s not written: %s", run.doc_id, exc)
            return
        self.hub.emit(Event(EventKind.PROGRESS, run.doc_id, status=Status.PROCESSING, progress=0.0, message=note,
                            extra={"stage": stage, "page": page, "page_count": page_count}))

    def _enforce_text_cap(self, extracted: Extracted) -> None:
        chars = extracted.chars
        cap = self.settings.max_text_mb * 1_000_000
        if chars > cap:
            raise ExtractionError("too_large", f"{chars / 1e6:.0f} million characters of text is over the limit "
                                               f"of {self.settings.max_text_mb} million (MAX_TEXT_MB)")

    def _store(self, run: Run, filename: str, chunks: Iterable[ChunkSpan], progress: "Progress") -> int:
        """Embed and write the chunks in groups of :data:`STORE_GROUP`, each under the claim.

        The document stays ``processing`` (invisible to search) until :meth:`_complete`; a run
        that stops half-way leaves rows the next run of the document clears first.
        """
        store = self.parts.vectors()
        self._clear(run, store)
        count = 0
        for group in _groups(chunks, STORE_GROUP):
            if count + len(group) > self.settings.max_chunks:
                raise ExtractionError("too_large", f"the document makes more than {self.settings.max_chunks:,} "
                                                   f"chunks, the limit per document (MAX_CHUNKS)")
            vectors = self._embed(run, [c.text for c in group])
            self._write(run, store, _metadatas(filename, group), _rows(run.doc_id, group), vectors)
            count += len(group)
            self._report(run, progress.advance(len(group), group[-1].end, group[-1].page_end))
        return count

    def _clear(self, run: Run, store: VectorStore) -> None:
        """Remove what an earlier, interrupted run of this document wrote."""
        with self.locks(run.doc_id):
            self._check(run)
            store.delete_document(run.doc_id)
            dbm.delete_chunks_batched(run.doc_id, check=lambda: self._held(run))

    def _write(self, run: Run, store: VectorStore, metadatas: list[dict], rows: list[dict], vectors) -> None:
        with self.locks(run.doc_id):
            self._check(run)
            self._beat(run, "storing")
            run.stored += len(metadatas)  # counted first: the store may hold them even if this fails
            store.upsert(run.doc_id, vectors, metadatas)
            if rows:
                dbm.insert_chunks_batched(rows, check=lambda: self._held(run))

    def _embed(self, run: Run, texts: list[str]) -> np.ndarray:
        import numpy as np

        embedder = self.parts.embedder()
        parts = []
        for start in range(0, len(texts), EMBED_GROUP):
            self._check(run)
            parts.append(embedder.embed(texts[start:start + EMBED_GROUP]))
            self._beat(run, "embedding")
        return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)

    def _report(self, run: Run, state: "ProgressState") -> None:
        self._update(run, progress=state.fraction, progress_note=state.note)
        self.hub.emit(Event(EventKind.PROGRESS, run.doc_id, status=Status.PROCESSING, progress=state.fraction,
                            message=state.note, extra=state.to_json()))

    def _complete(self, run: Run, chunk_count: int, warning: str | None) -> None:
        D = dbm.Document
        with dbm.write_transaction():
            changed = (D.update(status=Status.COMPLETED, progress=1.0, chunk_count=chunk_count, error_kind=None,
                                error_message=None, warning=warning, processed_at=dbm.utcnow(),
                                updated_at=dbm.utcnow(), repair=None, crash_count=0, progress_note=None)
                       .where((D.id == run.doc_id) & (D.claim == run.claim) & (D.status == Status.PROCESSING))
                       .execute())
        if changed != 1:
            raise Superseded("claim moved before completion")
        run.stored = 0  # counted as a completed document's vectors from now on (maintenance.quick_check)
        self.hub.emit(Event(EventKind.STATUS, run.doc_id, status=Status.COMPLETED, progress=1.0, message=warning,
                            extra={"chunk_count": chunk_count}))

    def _reembed(self, run: Run, doc: dbm.Document) -> None:
        """Repair: rebuild a document's vectors from its stored chunks (no re-extraction)."""
        C = dbm.Chunk
        if C.select().where(C.document == doc.id).count() != doc.chunk_count:  # the chunks are off: reprocess
            with dbm.write_transaction():
                dbm.Document.update(repair=None).where(dbm.Document.id == doc.id).execute()
            return self._process(run)
        store = self.parts.vectors()
        with self.locks(run.doc_id):
            self._check(run)
            store.delete_document(run.doc_id)
        progress = Progress(doc.chunk_count, doc.page_count)  # by chunks: the text is not read again
        for first in range(0, doc.chunk_count, STORE_GROUP):
            group = dbm.chunk_range(doc.id, first, STORE_GROUP)
            vectors = self._embed(run, [text for _, text, _, _, _ in group])
            metadatas = [vector_metadata(doc.filename, row[0], row[2], row[4], bool(row[5]) if len(row) > 5 else False)
                         for row in group]
            self._write(run, store, metadatas, [], vectors)
            self._report(run, progress.advance(len(group), first + len(group), group[-1][3]))
        self._complete(run, doc.chunk_count, doc.warning)

    # -- outcomes other than completed -------------------------------------------------
    def _fail(self, run: Run, kind: str, message: str) -> None:
        log.info("document %s failed: %s: %s", run.doc_id, kind, message)
        with self.locks(run.doc_id):
            dbm.delete_chunks_batched(run.doc_id, check=lambda: self._held(run))
            store = self.parts.vectors_if_open()
            if store is not None:
                store.delete_document(run.doc_id)
            changed = self._update(run, status=Status.ERROR, error_kind=str(kind), error_message=message,
                                   progress=0.0, chunk_count=0, processed_at=dbm.utcnow(), repair=None,
                                   progress_note=None)
        if changed:
            self.hub.emit(Event(EventKind.STATUS, run.doc_id, status=Status.ERROR, message=f"{kind}: {message}",
                                extra={"error_kind": str(kind)}))

    def _transient(self, run: Run, exc: Exception) -> None:
        doc = dbm.Document.get_or_none(dbm.Document.id == run.doc_id)
        if doc is None or doc.claim != run.claim:
            return
        message = f"{type(exc).__name__}: {exc}"
        if doc.attempts > self.settings.max_retries:
            self._fail(run, ErrorKind.FAILED, f"gave up after {doc.attempts} attempts: {message}")
            return
        delay = min(60.0, 2.0 ** doc.attempts)
        with self.locks(run.doc_id):
            changed = self._update(run, status=Status.PENDING, claim=run.claim + 1, progress=0.0, progress_note=None,
                                   error_message=f"retrying in {delay:.0f}s after: {message}")
        if changed:
            self.retry(run.doc_id, delay)
            self.hub.emit(Event(EventKind.STATUS, run.doc_id, status=Status.PENDING, message=f"retrying: {message}"))

    def _release(self, run: Run, reason: str) -> None:
        """Back to pending without spending an attempt (stop, cancel, a fault of the app)."""
        if release_document(self.locks, run.doc_id, run.claim):
            log.info("document %s back to pending: %s", run.doc_id, reason)
            self.hub.emit(Event(EventKind.STATUS, run.doc_id, status=Status.PENDING, progress=0.0, message=reason))


def release_document(locks: DocLocks, doc_id: str, claim: int) -> bool:
    """processing -> pending for the run holding ``claim``, giving back its attempt."""
    D = dbm.Document
    with locks(doc_id), dbm.write_transaction():
        changed = (D.update(status=Status.PENDING, claim=claim + 1, progress=0.0, updated_at=dbm.utcnow(),
                            progress_note=None,
                            attempts=pw.Case(None, [(D.attempts > 0, D.attempts - 1)], 0))
                   .where((D.id == doc_id) & (D.claim == claim) & (D.status == Status.PROCESSING)).execute())
    return changed == 1


# -- streaming helpers ---------------------------------------------------------------------
def _groups(items: Iterable, size: int) -> Iterator[list]:
    group: list = []
    for item in items:
        group.append(item)
        if len(group) == size:
            yield group
            group = []
    if group:
        yield group


def vector_metadata(filename: str, index: int, page: int | None, heading: str | None, ocr: bool = False) -> dict:
    """What the vector store keeps beside a chunk's vector (Chroma metadata has no None).
    ``ocr`` (only when true): some of the chunk's text was read by OCR."""
    metadata = {"filename": filename, "page": page if page is not None else -1, "chunk_index": index,
                "heading": (heading or "")[:500]}
    if ocr:
        metadata["ocr"] = True
    return metadata


def _metadatas(filename: str, chunks: Sequence[ChunkSpan]) -> list[dict]:
    return [vector_metadata(filename, c.index, c.page, c.heading, c.ocr) for c in chunks]


def _rows(doc_id: str, chunks: Sequence[ChunkSpan]) -> list[dict]:
    return [{"document": doc_id, "index": c.index, "text": c.text, "page": c.page, "page_end": c.page_end,
             "heading": c.heading, "start": c.start, "end": c.end, "tokens": c.tokens, "ocr": c.ocr}
            for c in chunks]


@dataclass(frozen=True)
class ProgressState:
    fraction: float
    chunks: int
    page: int | None
    page_count: int | None
    eta: float | None  # seconds left, once enough is done to tell

    @property
    def note(self) -> str:
        parts = []
        if self.page is not None and self.page_count:
            parts.append(f"page {min(self.page, self.page_count)} of {self.page_count}")
        parts.append(f"{self.chunks:,} chunk{'s' if self.chunks != 1 else ''}")
        if self.eta is not None:
            parts.append(f"about {_duration(self.eta)} left")
        return " · ".join(parts)

    def to_json(self) -> dict:
        return {"done": self.chunks, "page": self.page, "page_count": self.page_count,
                "eta": None if self.eta is None else round(self.eta, 1)}


class Progress:
    """How far a run is through its document, by position in the text (or chunks for a
    repair), with an estimate of the time left from the rate so far."""

    ETA_AFTER = 0.02  # fraction done before an estimate is shown

    def __init__(self, total: int, page_count: int | None) -> None:
        self.total = max(1, total)
        self.page_count = page_count
        self.chunks = 0
        self.started = time.monotonic()

    def advance(self, chunks: int, position: int, page: int | None) -> ProgressState:
        self.chunks += chunks
        fraction = min(0.99, position / self.total)
        elapsed = time.monotonic() - self.started
        eta = elapsed * (1 - fraction) / fraction if fraction >= self.ETA_AFTER else None
        return ProgressState(round(fraction, 4), self.chunks, page, self.page_count, eta)


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{max(1, round(seconds))} s"
    if seconds < 90 * 60:
        return f"{round(seconds / 60)} min"
    return f"{seconds / 3600:.1f} h"
