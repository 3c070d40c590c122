"""Vectors in Chroma: embedded ``PersistentClient`` by default, ``HttpClient`` when
``CHROMA_HOST`` is set. One collection per embedding model and dimension, so vectors
of two models never mix. Every vector carries ``doc_id``, ``filename``, ``page`` and
``chunk_index`` metadata; ids are ``<doc_id>:<index>`` so a rerun overwrites.
"""
from __future__ import annotations

import atexit
import logging
import multiprocessing
import multiprocessing.util  # noqa: F401  (its exit hook must be registered before ours)
import os
import re
import threading
import time
import weakref
from dataclasses import dataclass
from multiprocessing.reduction import ForkingPickler
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Sequence

from docvec_gui.core import children
from docvec_gui.core.errors import DocvecError
from docvec_gui.core.priority import lower_this_process
from docvec_gui.core.vocabulary import ErrorKind

if TYPE_CHECKING:  # numpy costs ~0.2 s: imported when first used, not before the window paints
    import numpy as np

log = logging.getLogger(__name__)

# Chroma's write calls hold the GIL for their whole duration, so the app runs the store in
# its own process (VectorStoreProcess); batches stay small so that one request never
# blocks a search for long.
WRITE_BATCH = 64
# Page size of whole-collection scans and id deletes: bounded memory, below Chroma's batch cap.
SCAN_PAGE = 5000


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

    def __init__(self, client, model: str, dim: int, kind: str = "PersistentClient") -> None:
        self._client = client
        self._kind = kind
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

        settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False, _env_file=None)
        if host:
            client = chromadb.HttpClient(host=host, port=port, settings=settings)
        else:
            chroma_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(chroma_path), settings=settings)
        # Both factories return a ``Client``: the kind is recorded here, not read from the type.
        return cls(client, model, dim, "HttpClient" if host else "PersistentClient")

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

    def query(self, embedding: np.ndarray, n: int, doc_ids: Sequence[str] | None = None,
              exclude: Sequence[str] | None = None) -> list[VectorHit]:
        """The ``n`` nearest chunks (fewer if the store holds fewer), of ``doc_ids`` only if
        given, never of ``exclude``. Any filter costs 0.2-2 s at 300,000 vectors (Chroma's
        metadata filter), so the searcher passes neither on big libraries."""
        conditions = []
        if doc_ids:
            conditions.append({"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}})
        if exclude:
            conditions.append({"doc_id": {"$nin": list(exclude)}})
        where = conditions[0] if len(conditions) == 1 else ({"$and": conditions} if conditions else None)
        # No count() first (76 ms at 300,000 vectors; Chroma answers with fewer when it holds
        # fewer, and [] when empty) and no metadata (10 ms per 100 hits): a hit's id,
        # "<doc_id>:<index>", says which chunk it is.
        result = self._collection.query(query_embeddings=[embedding], n_results=max(1, n), where=where,
                                        include=["distances"])
        hits = []
        for id_, distance in zip(result["ids"][0], result["distances"][0]):
            doc_id, _, index = id_.rpartition(":")
            hits.append(VectorHit(doc_id, int(index), float(distance)))
        return hits

    def doc_counts(self) -> dict[str, int]:
        """Vector count per ``doc_id`` over the whole collection, read in bounded pages."""
        counts: dict[str, int] = {}
        offset = 0
        while True:
            page = self._collection.get(include=["metadatas"], limit=SCAN_PAGE, offset=offset)
            metadatas = page["metadatas"] or []
            for meta in metadatas:
                doc_id = str((meta or {}).get("doc_id", ""))
                counts[doc_id] = counts.get(doc_id, 0) + 1
            if len(page["ids"]) < SCAN_PAGE:
                return counts
            offset += SCAN_PAGE

    def delete_ids(self, ids: Sequence[str]) -> None:
        ids = list(ids)
        for start in range(0, len(ids), SCAN_PAGE):  # Chroma caps the ids of one request
            self._collection.delete(ids=ids[start:start + SCAN_PAGE])

    def drop(self) -> None:
        """Delete this collection (a model the library no longer uses)."""
        self._client.delete_collection(self.name)

    def get_document(self, doc_id: str) -> tuple[list[int], np.ndarray]:
        """A document's chunk indices (ascending) and their embeddings, row for row."""
        import numpy as np

        result = self._collection.get(where={"doc_id": doc_id}, include=["metadatas", "embeddings"])
        indices = [int(meta["chunk_index"]) for meta in result["metadatas"] or []]
        if not indices:
            return [], np.empty((0, self.dim), dtype=np.float32)
        order = np.argsort(indices, kind="stable")
        embeddings = np.asarray(result["embeddings"], dtype=np.float32)[order]
        return [indices[i] for i in order], embeddings

    def heartbeat(self) -> None:
        self._client.heartbeat()

    def client_kind(self) -> str:
        """``PersistentClient`` (embedded) or ``HttpClient`` (a Chroma server)."""
        return self._kind



class VectorStoreError(DocvecError):
    """An error raised by Chroma inside a healthy vector-store process (type and message)."""

    kind = ErrorKind.VECTOR_STORE


class VectorStoreUnavailable(VectorStoreError):
    """The vector-store process is down, stuck or restarting: the app's machinery failed, not
    the document. A later call may succeed (the process is restarted with back-off)."""


class _Lost(Exception):
    """Internal: no answer from the child (EOF, broken pipe, OSError or deadline passed)."""


def _serve(conn, parent_pid: int, chroma_path: str, model: str, dim: int, host: str | None, port: int) -> None:
    """Child-process loop: one VectorStore, requests in order, until close or EOF.

    EOF means the owning process is gone (even if it was SIGKILLed), so the child exits and
    never outlives its owner on the Chroma directory; the watchdog covers the case where the
    child is busy in Chroma when that happens.
    """
    children.detach_from_terminal()  # the terminal's Ctrl-C is for the app, which closes us in order
    children.die_with_parent(parent_pid)
    # Always background priority, whichever thread started us (a child inherits its starting
    # thread's nice value, and an embedding worker's is lowered): see core/priority.py.
    lower_this_process()
    try:
        store = VectorStore.open(Path(chroma_path), model, dim, host, port)
    except ImportError as exc:  # the app's installation is broken, not the store: never moved aside
        conn.send(("broken", f"{type(exc).__name__}: {exc}"))
        return
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
        if method not in VectorStoreProcess._METHODS:
            conn.send(("error", f"unknown vector-store method {method!r}"))
            continue
        try:
            conn.send(("ok", getattr(store, method)(*args)))
        except Exception as exc:  # every failure goes back to the caller with its type
            conn.send(("error", f"{type(exc).__name__}: {exc}"))


RESTART_BACKOFF_FIRST = 0.5
RESTART_BACKOFF_MAX = 30.0
# A child that stayed up this long restarts after the first back-off step again; one that
# dies right after each restart keeps doubling the wait.
STABLE_AFTER = 60.0
# Reads answer in milliseconds: a stuck read is noticed quickly. Writes get 2x, scans 4x
# the call timeout.
READ_TIMEOUT_CAP = 10.0
_WRITE_METHODS = frozenset({"upsert", "delete_document", "delete_chunks_from", "delete_ids"})
_SCAN_METHODS = frozenset({"doc_counts"})
CLOSE_ANSWER_TIMEOUT = 2.0
KILL_JOIN_TIMEOUT = 5.0
IO_JOIN_TIMEOUT = 1.0

StateCallback = Callable[[bool, str], None]


class VectorStoreProcess:
    """A :class:`VectorStore` in a supervised child process, with the same methods.

    Chroma's Rust calls hold the GIL for their whole duration (tens of milliseconds per
    write); in a separate process they can never stall the window's Qt thread.

    Every call has a deadline. When the child dies, breaks the pipe or misses a deadline
    (e.g. it is stopped), it is killed, the store is marked down, ``on_state(False, reason)``
    is called and :class:`VectorStoreUnavailable` is raised. The next call (or
    :meth:`ensure_running`) restarts it, at most once per back-off step (0.5 s doubling to
    30 s; calls in between fail fast); a successful restart calls ``on_state(True, ...)``.
    ``on_state`` runs in the calling thread, never under the store's lock. Errors raised by
    Chroma in a healthy child come back as :class:`VectorStoreError`.
    """

    _METHODS = ("upsert", "delete_document", "delete_chunks_from", "count_document", "count", "query",
                "heartbeat", "client_kind", "doc_counts", "delete_ids", "get_document", "drop")

    def __init__(self, chroma_path: Path, model: str, dim: int, host: str | None = None, port: int = 8000, *,
                 call_timeout: float = 30.0, open_timeout: float = 60.0,
                 on_state: StateCallback | None = None) -> None:
        self.model, self.dim, self.name = model, dim, collection_name(model, dim)
        self._args = (str(chroma_path), model, dim, host, port)
        self._call_timeout = call_timeout
        self._open_timeout = open_timeout
        self._on_state = on_state
        # Serialises exchanges, restarts and close; always acquired with a timeout.
        self._lock = threading.Lock()
        self._proc = None
        self._conn = None
        self._io: threading.Thread | None = None  # an exchange thread left blocked by a dead/stuck child
        self._closed = False
        self._down_reason: str | None = None
        self._next_attempt = 0.0
        self._backoff = RESTART_BACKOFF_FIRST
        self._up_since = time.monotonic()
        with self._lock:
            try:
                self._start_locked()
            except _Lost as lost:
                raise VectorStoreUnavailable(f"the vector store did not open: {lost}") from None
        _live_stores.add(self)

    # -- the store's methods ----------------------------------------------------------------
    def upsert(self, doc_id: str, embeddings: np.ndarray, metadatas: Sequence[dict]) -> None:
        # One request per batch: the lock is free in between, so a search never waits for a
        # whole document, and the deadline applies to one small batch.
        for start in range(0, len(metadatas), WRITE_BATCH):
            end = start + WRITE_BATCH
            self._call("upsert", doc_id, embeddings[start:end], list(metadatas[start:end]))

    def delete_document(self, doc_id: str) -> None:
        self._call("delete_document", doc_id)

    def delete_chunks_from(self, doc_id: str, first_index: int) -> None:
        self._call("delete_chunks_from", doc_id, first_index)

    def delete_ids(self, ids: Sequence[str]) -> None:
        if ids:
            self._call("delete_ids", list(ids))

    def count_document(self, doc_id: str) -> int:
        return self._call("count_document", doc_id)

    def count(self) -> int:
        return self._call("count")

    def doc_counts(self) -> dict[str, int]:
        return self._call("doc_counts")

    def get_document(self, doc_id: str) -> tuple[list[int], np.ndarray]:
        return self._call("get_document", doc_id)

    def drop(self) -> None:
        self._call("drop")

    def query(self, embedding: np.ndarray, n: int, doc_ids: Sequence[str] | None = None,
              exclude: Sequence[str] | None = None) -> list[VectorHit]:
        return self._call("query", embedding, n, list(doc_ids) if doc_ids else None,
                          list(exclude) if exclude else None)

    def heartbeat(self) -> None:
        self._call("heartbeat")

    def client_kind(self) -> str:
        return self._call("client_kind")

    # -- supervision ------------------------------------------------------------------------
    @property
    def available(self) -> bool:
        """True while the child runs and answered its last call (no probe is made)."""
        proc = self._proc
        return not self._closed and self._down_reason is None and proc is not None and proc.is_alive()

    @property
    def pid(self) -> int | None:
        proc = self._proc
        return proc.pid if proc is not None else None

    def ensure_running(self) -> bool:
        """(Re)start the child now if it is down and the back-off allows; True if it runs."""
        notes: list[tuple[bool, str]] = []
        if not self._lock.acquire(timeout=min(self._call_timeout, READ_TIMEOUT_CAP)):
            return False
        try:
            self._ensure_child_locked(notes)
            return True
        except VectorStoreUnavailable:
            return False
        finally:
            self._lock.release()
            self._notify(notes)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the child within about ``timeout`` seconds whatever it does (stopped, hung,
        dead): ask it to close, then SIGTERM, then SIGKILL. Never raises."""
        deadline = time.monotonic() + timeout
        self._closed = True
        _live_stores.discard(self)
        try:
            got = self._lock.acquire(timeout=min(CLOSE_ANSWER_TIMEOUT, timeout * 0.2))
            while not got and time.monotonic() < deadline:
                # A call (or restart) is stuck on the child: killing it makes that call fail at
                # once and let go of the lock.
                self._kill_now()
                got = self._lock.acquire(timeout=0.5)
            if not got:
                log.error("vector store: a call kept the lock for %.0f s; its child was killed", timeout)
                return
            try:
                self._shutdown_locked(deadline)
            finally:
                self._lock.release()
        except Exception:  # close runs on quit paths that must go on
            log.exception("vector store: close failed")

    # -- internals --------------------------------------------------------------------------
    def _timeout(self, method: str) -> float:
        if method in _WRITE_METHODS:
            return 2 * self._call_timeout
        if method in _SCAN_METHODS:
            return 4 * self._call_timeout
        return min(self._call_timeout, READ_TIMEOUT_CAP)

    def _call(self, method: str, *args: Any) -> Any:
        timeout = self._timeout(method)
        notes: list[tuple[bool, str]] = []
        if not self._lock.acquire(timeout=timeout):
            raise VectorStoreUnavailable(f"the vector store is busy: {method} waited {timeout:g} s for an earlier call")
        try:
            self._ensure_child_locked(notes)
            try:
                status, value = self._exchange((method, args), timeout)
            except _Lost as lost:
                reason = f"the vector-store process failed during {method}: {lost}"
                self._mark_down_locked(reason, notes)
                raise VectorStoreUnavailable(reason) from None
        finally:
            self._lock.release()
            self._notify(notes)
        if status != "ok":
            raise VectorStoreError(str(value))
        return value

    def _ensure_child_locked(self, notes: list[tuple[bool, str]]) -> None:
        """Return if the child runs; else restart it if the back-off allows, or raise."""
        if self._closed:
            raise VectorStoreUnavailable("the vector store is closed")
        if self._down_reason is None:
            proc = self._proc
            if proc is not None and proc.is_alive():
                return
            self._mark_down_locked(f"the vector-store process exited (exit code {proc.exitcode if proc else None})",
                                   notes)
            raise VectorStoreUnavailable(self._down_reason)
        wait = self._next_attempt - time.monotonic()
        if wait > 0:
            raise VectorStoreUnavailable(f"{self._down_reason} (next restart in {wait:.1f} s)")
        try:
            self._start_locked()
        except (_Lost, VectorStoreError) as exc:
            self._mark_down_locked(f"the vector store could not restart: {exc}", notes)
            raise VectorStoreUnavailable(self._down_reason) from None
        self._down_reason = None
        self._up_since = time.monotonic()
        log.warning("vector-store process restarted (pid %s)", self.pid)
        notes.append((True, f"the vector-store process was restarted (pid {self.pid})"))

    def _start_locked(self) -> None:
        """Start a child and wait (bounded) for its store to open. Raises VectorStoreError
        when Chroma cannot open, _Lost when the child dies or does not answer in time."""
        context = multiprocessing.get_context("spawn")  # never fork a process that runs Qt/threads
        conn, child_conn = context.Pipe()
        proc = context.Process(target=_serve, args=(child_conn, os.getpid(), *self._args),
                               name="docvec-chroma", daemon=True)
        try:
            proc.start()
        except OSError as exc:
            conn.close()
            raise _Lost(f"cannot start the vector-store process: {exc}") from exc
        finally:
            child_conn.close()
        children.adopt(proc.pid)
        self._proc, self._conn = proc, conn
        try:
            status, value = self._exchange(None, self._open_timeout)
        except _Lost as lost:
            self._kill_locked()
            raise _Lost(f"no open answer: {lost}") from None
        if status == "broken":
            self._kill_locked()
            raise VectorStoreUnavailable(f"the vector store cannot start: the app's installation is incomplete "
                                         f"({value}); reinstall docvec")
        if status != "ok":
            self._kill_locked()
            raise VectorStoreError(f"cannot open the vector store: {value}")
        if self._closed:  # close() gave up waiting for this restart
            self._kill_locked()
            raise _Lost("closed while starting")

    def _exchange(self, message: tuple | None, timeout: float) -> tuple[str, Any]:
        """Send ``message`` (None: only receive) and return the answer within ``timeout``.

        The pipe I/O runs in a helper thread: ``send`` blocks on a full pipe and ``recv`` on
        a half-written answer when the child is stopped, and neither takes a timeout. A
        thread left blocked ends when the child is killed (EOF/EPIPE); _kill_locked joins it.
        """
        conn = self._conn
        data = None if message is None else ForkingPickler.dumps(message)  # pickling errors are the caller's
        box: dict[str, Any] = {}

        def run() -> None:
            try:
                if data is not None:
                    conn.send_bytes(data)
                box["reply"] = conn.recv()
            except Exception as exc:  # EOFError, BrokenPipeError, OSError, an unreadable answer
                box["lost"] = f"{type(exc).__name__}: {exc}".rstrip(": ")

        io = threading.Thread(target=run, name="docvec-chroma-io", daemon=True)
        io.start()
        io.join(timeout)
        if io.is_alive():
            self._io = io
            raise _Lost(f"no answer within {timeout:g} s")
        if "lost" in box:
            raise _Lost(box["lost"])
        return box["reply"]

    def _mark_down_locked(self, reason: str, notes: list[tuple[bool, str]]) -> None:
        self._kill_locked()
        if self._down_reason is None:
            if time.monotonic() - self._up_since >= STABLE_AFTER:
                self._backoff = RESTART_BACKOFF_FIRST
            log.error("vector store down: %s", reason)
            notes.append((False, reason))
        else:
            log.warning("vector store still down: %s", reason)
        self._down_reason = reason
        self._next_attempt = time.monotonic() + self._backoff
        self._backoff = min(self._backoff * 2, RESTART_BACKOFF_MAX)

    def _kill_now(self) -> None:
        """SIGKILL the current child without the lock (close() unsticking a call)."""
        proc = self._proc
        if proc is not None:
            try:
                proc.kill()
            except (OSError, ValueError) as exc:
                log.warning("vector store: cannot kill pid %s: %s", proc.pid, exc)

    def _kill_locked(self, join_timeout: float = KILL_JOIN_TIMEOUT) -> None:
        """SIGKILL the child (also when stopped), reap it and drop its pipe."""
        proc, conn, io = self._proc, self._conn, self._io
        self._proc = self._conn = self._io = None
        if proc is not None:
            proc.kill()
            proc.join(join_timeout)
            if proc.exitcode is None:
                log.error("vector-store process %s still there %.0f s after SIGKILL", proc.pid, join_timeout)
        if io is not None:
            io.join(IO_JOIN_TIMEOUT)
        if conn is not None:
            if io is not None and io.is_alive():  # never close an fd another thread reads
                log.error("vector store: an I/O thread is still blocked; its pipe is left open")
            else:
                conn.close()

    def _shutdown_locked(self, deadline: float) -> None:
        def remaining() -> float:
            return max(0.0, deadline - time.monotonic())

        proc = self._proc
        if proc is None:
            return
        if self._down_reason is None and proc.is_alive():
            try:
                self._exchange(("close", ()), min(CLOSE_ANSWER_TIMEOUT, remaining() * 0.3))
                proc.join(remaining() * 0.6)
            except _Lost as lost:
                log.warning("vector-store process did not answer close: %s", lost)
        if proc.is_alive():
            proc.terminate()
            proc.join(min(1.0, remaining()))
        self._kill_locked(join_timeout=max(1.0, remaining()))

    def _notify(self, notes: list[tuple[bool, str]]) -> None:
        if self._on_state is None:
            return
        for up, reason in notes:
            try:
                self._on_state(up, reason)
            except Exception:  # a listener's bug must not break the store
                log.exception("vector store: on_state(%s, %r) failed", up, reason)


# Stores still open at interpreter exit are closed here, bounded. multiprocessing's own exit
# hook (registered earlier, so it runs later) SIGTERMs daemon children and joins them without a
# timeout; a stopped child never acts on SIGTERM, so the app would hang on quit.
_live_stores: "weakref.WeakSet[VectorStoreProcess]" = weakref.WeakSet()


def _close_all_at_exit() -> None:
    for store in list(_live_stores):
        store.close(timeout=5.0)


atexit.register(_close_all_at_exit)
