"""Vectors in Chroma: embedded ``PersistentClient`` by default, ``HttpClient`` when
``CHROMA_HOST`` is set. One collection per embedding model and dimension, so vectors
of two models never mix. Every vector carries ``doc_id``, ``filename``, ``page`` and
``chunk_index`` metadata; ids are ``<doc_id>:<index>`` so a rerun overwrites.
"""
from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

log = logging.getLogger(__name__)

# Chroma's write calls hold the GIL for their whole duration; small batches keep the
# UI thread from being starved while a document is stored (see docs/BENCHMARKS.md).
WRITE_BATCH = 64
# Writers take turns (one Chroma write at a time, process-wide) and pause briefly after
# each call, so the GIL goes to the UI thread between two writes instead of straight to
# the next worker's write.
_WRITE_LOCK = threading.Lock()
YIELD_AFTER_WRITE = 0.002


def _write(call, **kwargs):
    with _WRITE_LOCK:
        result = call(**kwargs)
    time.sleep(YIELD_AFTER_WRITE)  # releases the GIL
    return result


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
        self._lock = threading.Lock()
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
            _write(self._collection.upsert, ids=ids[start:end], embeddings=embeddings[start:end],
                   metadatas=[dict(m, doc_id=doc_id) for m in metadatas[start:end]])

    def delete_document(self, doc_id: str) -> None:
        _write(self._collection.delete, where={"doc_id": doc_id})

    def delete_chunks_from(self, doc_id: str, first_index: int) -> None:
        """Remove a document's vectors with chunk index >= ``first_index`` (after a re-chunk)."""
        _write(self._collection.delete, where={"$and": [{"doc_id": doc_id}, {"chunk_index": {"$gte": first_index}}]})

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
