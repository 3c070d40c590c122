"""Processing one document: extract, chunk, embed, upsert vectors, store chunks, complete.

Correctness rules, learnt from peers' bugs:

* A document is marked completed only after all its vectors and chunks are committed
  (GPT4All marks files done before chunking, and crashes then lose progress).
* Every run holds a *claim* (a counter bumped by each claim, re-process and delete); it
  only commits results while its claim is current, under the document's lock, so a
  deleted or re-queued document never gets stale results back.
* Vector ids are ``<doc_id>:<index>``; a rerun deletes the old vectors and writes the new
  ones, so each document's vector count always equals its chunk count.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.chunk import ChunkSpan, Chunker
from docvec_gui.core.errors import EmbeddingServiceError, ModelError
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.extract.model import ExtractionError

log = logging.getLogger(__name__)

EMBED_GROUP = 64  # chunks per embedding call; also the granularity of progress events


class Superseded(Exception):
    """The run's claim is no longer current (deleted, re-queued or shutting down)."""


class DocLocks:
    """A lock per document id (striped), shared by processing and delete."""

    def __init__(self, stripes: int = 64) -> None:
        self._locks = [threading.Lock() for _ in range(stripes)]

    def __call__(self, doc_id: str) -> threading.Lock:
        return self._locks[hash(doc_id) % len(self._locks)]


@dataclass
class PipelineParts:
    """What a run needs, obtained lazily (the model and Chroma load on first use)."""

    extractor: Callable[[], object]
    chunker: Callable[[], Chunker]
    embedder: Callable[[], object]
    vectors: Callable[[], object]


class Pipeline:
    def __init__(self, settings, parts: PipelineParts, hub: EventHub, locks: DocLocks,
                 retry: Callable[[str, float], None], stopping: threading.Event) -> None:
        self.settings = settings
        self.parts = parts
        self.hub = hub
        self.locks = locks
        self.retry = retry
        self.stopping = stopping
        self.active: set[str] = set()
        self._active_lock = threading.Lock()

    # -- claim handling ------------------------------------------------------------------
    def claim(self, doc_id: str) -> int | None:
        """Move pending -> processing atomically; the new claim number, or None if not ours."""
        with self.locks(doc_id), dbm.write_transaction():
            doc = dbm.Document.get_or_none(dbm.Document.id == doc_id)
            if doc is None or doc.status != "pending":
                return None
            claim = doc.claim + 1
            updated = (
                dbm.Document.update(
                    status="processing", claim=claim, attempts=dbm.Document.attempts + 1,
                    progress=0.0, updated_at=dbm.utcnow(),
                )
                .where((dbm.Document.id == doc_id) & (dbm.Document.status == "pending")
                       & (dbm.Document.claim == doc.claim))
                .execute()
            )
            return claim if updated == 1 else None

    def _check(self, doc_id: str, claim: int) -> None:
        if self.stopping.is_set():
            raise Superseded("shutting down")
        current = (
            dbm.Document.select(dbm.Document.claim, dbm.Document.status)
            .where(dbm.Document.id == doc_id).tuples().first()
        )
        if current is None or current != (claim, "processing"):
            raise Superseded("document changed while processing")

    def _update(self, doc_id: str, held_claim: int, **fields) -> int:
        fields.setdefault("updated_at", dbm.utcnow())
        with dbm.write_transaction():
            return (
                dbm.Document.update(**fields)
                .where((dbm.Document.id == doc_id) & (dbm.Document.claim == held_claim))
                .execute()
            )

    # -- the run -------------------------------------------------------------------------
    def run(self, doc_id: str) -> None:
        claim = self.claim(doc_id)
        if claim is None:
            return  # deleted, already done, or another worker has it
        with self._active_lock:
            self.active.add(doc_id)
        self.hub.emit(Event("status", doc_id, status="processing", progress=0.0))
        try:
            self._process(doc_id, claim)
        except Superseded as exc:
            self._requeue_if_stopping(doc_id, claim, str(exc))
        except ExtractionError as exc:
            self._fail(doc_id, claim, exc.kind, str(exc))
        except ModelError as exc:
            self._fail(doc_id, claim, "model", str(exc))
        except EmbeddingServiceError as exc:
            self._transient(doc_id, claim, exc) if exc.transient else self._fail(doc_id, claim, "embedding", str(exc))
        except Exception as exc:  # unknown failures are retried, then reported with their type
            log.exception("processing %s failed", doc_id)
            self._transient(doc_id, claim, exc)
        finally:
            with self._active_lock:
                self.active.discard(doc_id)

    def _process(self, doc_id: str, claim: int) -> None:
        doc = dbm.Document.get_by_id(doc_id)
        extracted = self.parts.extractor().extract(Path(doc.stored_path))
        self._check(doc_id, claim)
        chunks = self.parts.chunker().chunk(extracted)
        if not chunks:
            raise ExtractionError("empty", "the document contains no text to index")
        self._update(doc_id, claim, title=extracted.title or doc.title, author=extracted.author,
                     page_count=extracted.page_count, chunk_count=len(chunks))
        vectors = self._embed(doc_id, claim, chunks)
        warning = "; ".join(extracted.warnings) or None
        self._commit(doc_id, claim, doc.filename, chunks, vectors, warning)

    def _embed(self, doc_id: str, claim: int, chunks: list[ChunkSpan]):
        import numpy as np

        embedder = self.parts.embedder()
        parts = []
        for start in range(0, len(chunks), EMBED_GROUP):
            self._check(doc_id, claim)
            group = chunks[start : start + EMBED_GROUP]
            parts.append(embedder.embed([c.text for c in group]))
            progress = min(1.0, (start + len(group)) / len(chunks))
            self._update(doc_id, claim, progress=progress)
            self.hub.emit(Event("progress", doc_id, status="processing", progress=progress,
                                extra={"done": start + len(group), "total": len(chunks)}))
        return np.concatenate(parts) if parts else np.zeros((0, 1), dtype=np.float32)

    def _commit(self, doc_id: str, claim: int, filename: str, chunks: list[ChunkSpan], vectors, warning) -> None:
        store = self.parts.vectors()
        metadatas = [
            {"filename": filename, "page": c.page if c.page is not None else -1, "chunk_index": c.index,
             "heading": c.heading[:500]}
            for c in chunks
        ]
        with self.locks(doc_id):
            self._check(doc_id, claim)
            store.delete_document(doc_id)
            store.upsert(doc_id, vectors, metadatas)
            database = dbm.database_proxy.obj
            with dbm.write_transaction():
                dbm.delete_chunks(database, doc_id)
                dbm.insert_chunks(database, (
                    {"document": doc_id, "index": c.index, "text": c.text, "page": c.page, "page_end": c.page_end,
                     "heading": c.heading, "start": c.start, "end": c.end, "tokens": c.tokens}
                    for c in chunks
                ))
                now = dbm.utcnow()
                self._update(doc_id, claim, status="completed", progress=1.0, chunk_count=len(chunks),
                             error_kind=None, error_message=None, warning=warning, processed_at=now)
        self.hub.emit(Event("status", doc_id, status="completed", progress=1.0, message=warning,
                            extra={"chunk_count": len(chunks)}))

    # -- failure paths -------------------------------------------------------------------
    def _fail(self, doc_id: str, claim: int, kind: str, message: str) -> None:
        log.info("document %s failed: %s: %s", doc_id, kind, message)
        with self.locks(doc_id):
            changed = self._update(doc_id, claim, status="error", error_kind=kind, error_message=message,
                                   progress=0.0, processed_at=dbm.utcnow())
        if changed:
            self.hub.emit(Event("status", doc_id, status="error", message=f"{kind}: {message}",
                                extra={"error_kind": kind}))

    def _transient(self, doc_id: str, claim: int, exc: Exception) -> None:
        doc = dbm.Document.get_or_none(dbm.Document.id == doc_id)
        if doc is None or doc.claim != claim:
            return
        message = f"{type(exc).__name__}: {exc}"
        if doc.attempts > self.settings.max_retries:
            self._fail(doc_id, claim, "failed", f"gave up after {doc.attempts} attempts: {message}")
            return
        delay = min(60.0, 2.0 ** doc.attempts)
        with self.locks(doc_id):
            changed = self._update(doc_id, claim, status="pending", claim=claim + 1, progress=0.0,
                                   error_message=f"retrying in {delay:.0f}s after: {message}")
        if changed:
            self.retry(doc_id, delay)
            self.hub.emit(Event("status", doc_id, status="pending", message=f"retrying: {message}"))

    def _requeue_if_stopping(self, doc_id: str, claim: int, reason: str) -> None:
        """A run interrupted by shutdown goes back to pending so the next start resumes it."""
        if not self.stopping.is_set():
            log.info("run of %s abandoned: %s", doc_id, reason)
            return
        with self.locks(doc_id), dbm.write_transaction():
            changed = (
                dbm.Document.update(status="pending", claim=claim + 1, progress=0.0,
                                    attempts=pw.Case(None, [(dbm.Document.attempts > 0, dbm.Document.attempts - 1)], 0))
                .where((dbm.Document.id == doc_id) & (dbm.Document.claim == claim)
                       & (dbm.Document.status == "processing"))
                .execute()
            )
        if changed:
            self.hub.emit(Event("status", doc_id, status="pending", message="interrupted by shutdown"))
