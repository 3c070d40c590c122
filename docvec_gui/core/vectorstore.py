"""Vectors in Chroma: embedded ``PersistentClient`` by default, ``HttpClient`` when
``CHROMA_HOST`` is set. One collection per embedding model and dimension, so vectors
of two models never mix. Every vector carries ``doc_id``, ``filename``, ``page`` and
``chunk_index`` metadata; ids are ``<doc_id>:<index>`` so a rerun overwrites.
"""
from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Chroma's write calls hold the GIL for their whole duration, so the app runs the store in
# its own process (VectorStoreProcess); batches stay small so that one request never
# blocks a search for long.
WRITE_BATCH = 64


def collection_name(model: str, dim: int) -> str:
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", model).strip("-.") or "model"
    return f"docvec-{safe}-{dim}"[:63]


def chunk_id(doc_id: str, index: int) -> str:
    return f"{doc_id}:{index}"


@dataclass(frozen=True)
class VectorHit:
    doc_id: str
    chunk_index: int
    distance: float


class VectorStore:
    """Thin, typed wrapper over one Chroma collection."""

    def __init__(self, client, model: str, dim: int) -> None:
        self._client = client
        self.model = model
        self.dim = dim
        self.name = collection_name(model, dim)
        self._collection = client.get_or_create_collection(
            name=self.name,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "model": model, "dim": dim},
        )

    @classmethod
    def open(cls, chroma_path: Path, model: str, dim: int, host: str | None = None, port: int = 8000) -> "VectorStore":
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
        if host:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
        else:
            chroma_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(chroma_path), settings=settings)
        return cls(client, model, dim)

    def upsert(self, doc_id: str, embeddings: np.ndarray, metadatas: Sequence[dict]) -> None:
        ids = [chunk_id(doc_id, int(m["chunk_index"])) for m in metadatas]
        for start in range(0, len(ids), WRITE_BATCH):
            end = start + WRITE_BATCH
            self._collection.upsert(ids=ids[start:end], embeddings=embeddings[start:end],
                                    metadatas=[dict(m, doc_id=doc_id) for m in metadatas[start:end]])

    def delete_document(self, doc_id: str) -> None:
        self._collection.delete(where={"doc_id": doc_id})

    def delete_chunks_from(self, doc_id: str, first_index: int) -> None:
        """Remove a document's vectors with chunk index >= ``first_index`` (after a re-chunk)."""
        self._collection.delete(where={"$and": [{"doc_id": doc_id}, {"chunk_index": {"$gte": first_index}}]})

    def count_document(self, doc_id: str) -> int:
        return len(self._collection.get(where={"doc_id": doc_id}, include=[])["ids"])

    def count(self) -> int:
        return self._collection.count()

    def query(self, embedding: np.ndarray, n: int, doc_ids: Sequence[str] | None = None) -> list[VectorHit]:
        total = self.count()
        if total == 0:
            return []
        where = None
        if doc_ids:
            where = {"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}}
        result = self._collection.query(
            query_embeddings=[embedding], n_results=min(n, total), where=where, include=["metadatas", "distances"]
        )
        hits = []
        for meta, distance in zip(result["metadatas"][0], result["distances"][0]):
            hits.append(VectorHit(str(meta["doc_id"]), int(meta["chunk_index"]), float(distance)))
        return hits

    def heartbeat(self) -> None:
        self._client.heartbeat()

    def client_kind(self) -> str:
        """``PersistentClient`` (embedded) or the HTTP client's class name."""
        return type(self._client).__name__


class VectorStoreError(Exception):
    """An error raised by Chroma in the vector-store process, with its type and message."""


def _serve(conn, chroma_path: str, model: str, dim: int, host: str | None, port: int) -> None:
    """Child-process loop: one VectorStore, requests in order, until close or EOF.

    EOF means the owning process is gone (even if it was SIGKILLed), so the child exits and
    never outlives its owner on the Chroma directory.
    """
    try:
        store = VectorStore.open(Path(chroma_path), model, dim, host, port)
    except Exception as exc:  # reported to the parent, which raises it
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ok", None))
    while True:
        try:
            method, args = conn.recv()
        except (EOFError, OSError):
            return
        if method == "close":
            conn.send(("ok", None))
            return
        try:
            conn.send(("ok", getattr(store, method)(*args)))
        except Exception as exc:  # every failure goes back to the caller with its type
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


class VectorStoreProcess:
    """A :class:`VectorStore` in a child process, with the same methods.

    Chroma's Rust calls hold the GIL for their whole duration (tens of milliseconds per
    write); in a separate process they can never stall the window's Qt thread.
    """

    _METHODS = ("upsert", "delete_document", "delete_chunks_from", "count_document", "count", "query",
                "heartbeat", "client_kind")

    def __init__(self, chroma_path: Path, model: str, dim: int, host: str | None = None, port: int = 8000) -> None:
        import multiprocessing

        self.model, self.dim, self.name = model, dim, collection_name(model, dim)
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt/threads
        self._conn, child = context.Pipe()
        self._proc = context.Process(target=_serve, args=(child, str(chroma_path), model, dim, host, port),
                                     name="docvec-chroma", daemon=True)
        self._proc.start()
        child.close()
        self._lock = threading.Lock()
        status, value = self._conn.recv()
        if status != "ok":
            self._proc.join(5)
            raise VectorStoreError(f"cannot open the vector store: {value}")

    def _call(self, method: str, *args):
        with self._lock:
            try:
                self._conn.send((method, args))
                status, value = self._conn.recv()
            except (EOFError, OSError, BrokenPipeError) as exc:
                raise VectorStoreError(f"the vector-store process is gone: {exc}") from exc
        if status != "ok":
            raise VectorStoreError(value)
        return value

    def __getattr__(self, method: str):
        if method in VectorStoreProcess._METHODS:
            return lambda *args: self._call(method, *args)
        raise AttributeError(method)

    def close(self, timeout: float = 30.0) -> None:
        if self._proc.is_alive():
            try:
                self._call("close")
            except VectorStoreError as exc:
                log.warning("vector-store process did not close cleanly: %s", exc)
            self._proc.join(timeout)
            if self._proc.is_alive():
                self._proc.terminate()
                self._proc.join(5)
        self._conn.close()
