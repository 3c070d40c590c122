"""Switching a library to another embedding model, from its stored chunks (no re-extraction).

Each completed document's chunks are embedded with the new model into the new model's own
collection, document by document; a document whose vectors are all there already is
skipped, so a switch stopped by a crash, a SIGKILL or Ctrl-C resumes where it was. The
library's recorded model and its collection keep answering searches until the last document
is done; then the record flips (one transaction) and settings.json names the new folder.
"""
from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from docvec_gui.core import db as dbm
from docvec_gui.core import librarymodel
from docvec_gui.core.errors import ModelError
from docvec_gui.core.ingest import vector_metadata
from docvec_gui.core.librarymodel import ModelIdentity
from docvec_gui.core.modelstore import DESCRIPTION
from docvec_gui.core.vocabulary import Status

log = logging.getLogger(__name__)

GROUP = 256  # chunks embedded and written together
SWITCH_KEY = "model_switch"  # the switch under way (its target), for `model list` and resuming
SAMPLE = 16  # chunks embedded to estimate the time a switch takes


class SwitchCancelled(Exception):
    """The switch was stopped; what is done stays done and the next run resumes."""


@dataclass(frozen=True)
class SwitchPlan:
    target: ModelIdentity
    documents: int
    chunks: int
    done_chunks: int  # already in the target's collection (a resumed switch)
    seconds: float | None  # estimated time for what is left

    def to_json(self) -> dict:
        return {"model": self.target.name, "path": self.target.path, "documents": self.documents,
                "chunks": self.chunks, "done_chunks": self.done_chunks,
                "estimated_seconds": None if self.seconds is None else round(self.seconds)}


def _completed() -> list[tuple[str, int, str]]:
    """(id, chunk_count, filename) of every completed document with chunks."""
    D = dbm.Document
    return list(D.select(D.id, D.chunk_count, D.filename)
                .where((D.status == Status.COMPLETED) & (D.chunk_count > 0)).order_by(D.id).tuples())


def _distinct(current: ModelIdentity | None, target: ModelIdentity) -> None:
    """A model's vectors live in a collection named after it: two different models with one
    name and dimension would share it."""
    if current is None or current.same_vectors(target):
        return
    if (current.name, current.dimension) == (target.name, target.dimension):
        raise ModelError(f"{target.path} is another model with the same name as the library's ({target.name}); "
                         f"give it its own name in its {DESCRIPTION}")


class ModelSwitch:
    """Re-embeds the library for ``model_dir``; ``open_store(name, dim)`` opens that model's
    collection (a supervised vector-store process, closed by the caller)."""

    def __init__(self, settings, open_store: Callable[[str, int], object]) -> None:
        self.settings = settings
        self.open_store = open_store
        self._embedders: dict[Path, object] = {}  # plan() and run() share one loaded model

    def embedder(self, model_dir: Path):
        from docvec_gui.core.embed import OnnxEmbedder
        from docvec_gui.core.modelstore import ensure_model

        folder = ensure_model(Path(model_dir), allow_download=False)
        if folder not in self._embedders:
            self._embedders[folder] = OnnxEmbedder(folder, self.settings.embed_threads, self.settings.embed_batch)
        return self._embedders[folder]

    def plan(self, model_dir: Path) -> SwitchPlan:
        """What a switch to ``model_dir`` would do (and has done, if it was stopped), with an
        estimate of the time from embedding a sample of the library's chunks."""
        embedder = self.embedder(model_dir)
        target = librarymodel.identity_of(embedder)
        _distinct(librarymodel.recorded_or_legacy(), target)
        docs = _completed()
        total = sum(n for _, n, _ in docs)
        store = self.open_store(target.name, target.dimension)
        try:
            done = sum(n for doc_id, n, _ in docs if store.count_document(doc_id) == n)
        finally:
            store.close()
        sample = [text for _, text, _, _, _ in dbm.chunk_range(docs[0][0], 0, SAMPLE)] if docs else []
        seconds = None
        if sample:
            started = time.perf_counter()
            embedder.embed(sample)
            seconds = (time.perf_counter() - started) / len(sample) * (total - done)
        return SwitchPlan(target, len(docs), total, done, seconds)

    def run(self, model_dir: Path, progress: Callable[[int, int], None] | None = None,
            cancel: threading.Event | None = None) -> ModelIdentity:
        """Embed every completed document into the target's collection (resumable). The
        library's record is not changed here: :meth:`flip` does that, last."""
        embedder = self.embedder(model_dir)
        target = librarymodel.identity_of(embedder)
        current = librarymodel.recorded_or_legacy()
        if current is not None and current.same_vectors(target):
            return target  # nothing to do
        _distinct(current, target)
        with dbm.write_transaction():
            dbm.LibraryMeta.insert(key=SWITCH_KEY, value=target.to_json()).on_conflict_replace().execute()
        store = self.open_store(target.name, target.dimension)
        try:
            self._embed_all(embedder, store, progress, cancel)
        finally:
            store.close()
        return target

    @staticmethod
    def flip(target: ModelIdentity) -> None:
        """Make ``target`` the library's model (after :meth:`run` completed)."""
        with dbm.write_transaction():
            librarymodel.record(target)
            dbm.LibraryMeta.delete().where(dbm.LibraryMeta.key == SWITCH_KEY).execute()
        log.info("the library now uses %s (%s)", target.name, target.path)

    def _embed_all(self, embedder, store, progress, cancel) -> None:
        docs = _completed()
        total = sum(n for _, n, _ in docs)
        done = 0
        for doc_id, count, filename in docs:
            if store.count_document(doc_id) == count:
                done += count
                continue
            store.delete_document(doc_id)  # a partial set from a stopped switch
            for first in range(0, count, GROUP):
                if cancel is not None and cancel.is_set():
                    raise SwitchCancelled("the model switch was stopped; run it again to resume")
                rows = dbm.chunk_range(doc_id, first, GROUP)
                vectors = embedder.embed([text for _, text, _, _, _ in rows])
                store.upsert(doc_id, vectors, [vector_metadata(filename, index, page, heading)
                                               for index, _, page, _, heading in rows])
                done += len(rows)
                if progress is not None:
                    progress(done, total)
