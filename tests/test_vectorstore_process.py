"""The vector store in its child process, against real Chroma: round-trips, Chroma errors,
bounded close, reopening, and what a damaged or missing ``chroma/`` directory does."""
from __future__ import annotations

import shutil
import time

import numpy as np
import psutil
import pytest

from docvec_gui.core import vectorstore
from docvec_gui.core.errors import DocvecError
from docvec_gui.core.vectorstore import (VectorStore, VectorStoreError, VectorStoreProcess,
                                         VectorStoreUnavailable)

DIM = 8


def vectors(n: int, seed: int) -> np.ndarray:
    return np.random.default_rng(seed).random((n, DIM), dtype=np.float32)


def metas(n: int) -> list[dict]:
    return [{"chunk_index": i, "page": 1 + i // 10, "filename": "f.txt"} for i in range(n)]


def spawned_children() -> list[psutil.Process]:
    """This process's multiprocessing 'spawn' children (the Chroma children)."""
    found = []
    for child in psutil.Process().children():
        try:
            if any("spawn_main" in part for part in child.cmdline()) and child.status() != psutil.STATUS_ZOMBIE:
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


@pytest.fixture()
def store(tmp_path):
    opened = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    yield opened
    opened.close()


def test_round_trip(store):
    a, b = vectors(70, 1), vectors(5, 2)  # 70 > WRITE_BATCH: several requests
    store.upsert("a", a, metas(70))
    store.upsert("b", b, metas(5))
    assert store.count() == 75
    assert store.doc_counts() == {"a": 70, "b": 5}
    assert store.count_document("b") == 5

    hits = store.query(a[3], 3)
    assert (hits[0].doc_id, hits[0].chunk_index) == ("a", 3)
    assert hits[0].distance == pytest.approx(0.0, abs=1e-5)
    assert {h.doc_id for h in store.query(a[3], 4, ["b"])} == {"b"}

    indices, embeddings = store.get_document("a")
    assert indices == list(range(70))
    np.testing.assert_allclose(embeddings, a, rtol=1e-6)
    assert store.get_document("missing")[1].shape == (0, DIM)

    store.delete_ids(["a:0", "a:1", "b:4"])
    assert store.doc_counts() == {"a": 68, "b": 4}
    store.delete_chunks_from("a", 60)
    assert store.get_document("a")[0] == list(range(2, 60))
    store.delete_document("b")
    assert store.doc_counts() == {"a": 58}
    assert store.count() == 58
    store.heartbeat()
    assert store.client_kind() == "PersistentClient"
    assert store.available


def test_chroma_error_is_a_vector_store_error_and_keeps_the_child(store):
    store.upsert("a", vectors(3, 1), metas(3))
    pid = store.pid
    with pytest.raises(VectorStoreError) as caught:
        store.query(np.zeros(DIM + 3, dtype=np.float32), 2)  # wrong dimension: Chroma refuses
    assert not isinstance(caught.value, VectorStoreUnavailable)
    assert isinstance(caught.value, DocvecError) and caught.value.kind == "vector_store"
    assert store.available and store.pid == pid
    assert store.count() == 3


def test_doc_counts_pages_through_the_collection(tmp_path, monkeypatch):
    monkeypatch.setattr(vectorstore, "SCAN_PAGE", 7)  # in this process: pages of 7
    store = VectorStore.open(tmp_path / "chroma", "test", DIM)
    store.upsert("a", vectors(14, 1), metas(14))  # 21 in all: three full pages, then an empty one
    store.upsert("b", vectors(7, 2), metas(7))
    assert store.doc_counts() == {"a": 14, "b": 7}
    store.delete_ids([f"a:{i}" for i in range(10)])  # more ids than a page
    assert store.doc_counts() == {"a": 4, "b": 7}


def test_close_is_bounded_and_final(tmp_path):
    store = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    store.upsert("a", vectors(4, 1), metas(4))
    pid = store.pid
    started = time.monotonic()
    store.close(timeout=10)
    assert time.monotonic() - started < 10
    assert not psutil.pid_exists(pid)
    store.close()  # a second close does nothing
    assert not store.available
    with pytest.raises(VectorStoreUnavailable):
        store.count()
    assert not store.ensure_running()

    reopened = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    try:
        assert reopened.count() == 4
    finally:
        reopened.close()


def test_deleted_directory_reopens_empty(tmp_path):
    store = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    store.upsert("a", vectors(4, 1), metas(4))
    store.close()
    shutil.rmtree(tmp_path / "chroma")
    store = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    try:
        assert store.count() == 0 and store.doc_counts() == {}
    finally:
        store.close()


def test_truncated_database_fails_to_open_with_chromas_message(tmp_path):
    store = VectorStoreProcess(tmp_path / "chroma", "test", DIM)
    store.upsert("a", vectors(4, 1), metas(4))
    store.close()
    with open(tmp_path / "chroma" / "chroma.sqlite3", "r+b") as db:
        db.truncate(100)
    started = time.monotonic()
    with pytest.raises(VectorStoreError) as caught:
        VectorStoreProcess(tmp_path / "chroma", "test", DIM, open_timeout=30)
    # Chroma 1.x refuses the file (it does not open it empty): an error of Chroma, not a hang.
    assert time.monotonic() - started < 30
    assert not isinstance(caught.value, VectorStoreUnavailable)
    assert "malformed" in str(caught.value)
    assert spawned_children() == []
