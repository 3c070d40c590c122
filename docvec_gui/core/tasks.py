"""The persistent job queue: huey's ``SqliteHuey`` in its own SQLite file, consumed by
threads inside the owning process.

* huey's ``Consumer.start()`` installs signal handlers, which Python only allows on the
  main thread (and the window's main thread belongs to Qt), so :class:`ThreadConsumer`
  skips that step; the owning process stops it explicitly.
* Messages are JSON, never pickle: a queue file received from someone else must not be
  able to run code when the app opens it.
* The queue is derived data. The metadata database is the source of truth (huey drops a
  task that was running when the process died), so a damaged ``queue.db`` is moved aside
  and rebuilt, and the reconciler re-enqueues every pending document.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
import sqlite3
import threading
from pathlib import Path
from typing import Callable

from huey import SqliteHuey
from huey.consumer import Consumer
from huey.serializer import Serializer

log = logging.getLogger(__name__)

TASK_NAME = "process_document"
# Documents whose estimated cost reaches this are "big": at most WORKERS - 1 of them run at
# once, so one worker is always left for small documents (see ingest.Pipeline.run).
BIG_COST = 4 * 2**20
# Compressed containers hold several times their size in text (and PDFs are slow to parse).
_COMPRESSED = {"pdf": 3, "docx": 3, "pptx": 2, "xlsx": 3, "odt": 3, "ods": 3, "odp": 2, "epub": 3}


def estimated_cost(size: int | None, content_type: str | None) -> int:
    """A document's expected processing cost, in bytes of plain text."""
    return int(size or 0) * _COMPRESSED.get(content_type or "", 1)


def priority_for(cost: int) -> int:
    """Queue priority from the estimated cost: cheaper first (huey runs higher first), so a
    folder of notes is searchable long before the manual dropped with it."""
    if cost <= 0:
        return 0
    return max(0, 40 - int(cost).bit_length())


class JsonSerializer(Serializer):
    """huey messages as JSON; anything else in the queue file is refused, not unpickled."""

    def _serialize(self, data) -> bytes:
        from huey.registry import Message

        if isinstance(data, Message):
            fields = data._asdict()
            eta = fields.get("eta")
            fields["eta"] = eta.isoformat() if isinstance(eta, _dt.datetime) else None
            fields["expires_resolved"] = None
            fields["chord_config"] = None
            return json.dumps({"message": fields}).encode("utf-8")
        return json.dumps({"value": data}).encode("utf-8")

    def _deserialize(self, data: bytes):
        from huey.registry import Message

        payload = json.loads(data.decode("utf-8"))
        if "message" not in payload:
            return payload["value"]
        fields = payload["message"]
        if str(fields.get("name")).rsplit(".", 1)[-1] != TASK_NAME or not isinstance(fields.get("args"), list):
            raise ValueError(f"unexpected task in the queue: {fields.get('name')!r}")
        if fields.get("eta"):
            fields["eta"] = _dt.datetime.fromisoformat(fields["eta"])
        fields["args"] = tuple(str(a) for a in fields["args"])
        fields["kwargs"] = {}
        return Message(**{k: v for k, v in fields.items() if k in Message._fields})


class ThreadConsumer(Consumer):
    """A huey consumer for use inside an application: no signal handlers."""

    def _set_signal_handlers(self) -> None:  # noqa: D401 - huey hook
        # Signals belong to the application's main thread (Qt or the CLI), not to huey.
        return


def _queue_is_sound(path: Path) -> bool:
    """False when ``path`` is not a readable SQLite database or holds non-JSON messages."""
    if not path.exists():
        return True
    conn = None
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
        if conn.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            return False
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        serializer = JsonSerializer()
        for table in sorted({"task", "schedule"} & tables):
            for (data,) in conn.execute(f"SELECT data FROM {table} LIMIT 100000"):
                serializer.deserialize(bytes(data))
    except sqlite3.OperationalError:
        # Unreadable now (a full disk, an I/O error, a lock), which says nothing about damage:
        # moving the queue aside would lose it and use space a full disk lacks. Opening it
        # fails next and says why.
        raise
    except (sqlite3.DatabaseError, ValueError, UnicodeDecodeError, TypeError, KeyError):
        return False
    finally:
        if conn is not None:
            conn.close()
    return True


class JobQueue:
    """One ``process_document(doc_id)`` task type over a persistent SQLite queue."""

    def __init__(self, path: Path, handler: Callable[[str], None]) -> None:
        self.path = path
        self.rebuilt = False
        if not _queue_is_sound(path):
            self._move_aside()
        self.huey = SqliteHuey(name="docvec", filename=str(path), results=False, utc=True,
                               serializer=JsonSerializer())
        self._task = self.huey.task(name=TASK_NAME)(handler)
        self._consumer: ThreadConsumer | None = None
        self._lock = threading.Lock()  # one consumer at a time, whoever calls start/stop
        self.workers = 0

    def _move_aside(self) -> None:
        stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        for suffix in ("", "-wal", "-shm"):
            part = Path(str(self.path) + suffix)
            if part.exists():
                part.replace(part.with_name(f"{part.name}.damaged-{stamp}"))
        self.rebuilt = True
        log.warning("queue %s was damaged; moved aside and rebuilt from the metadata database", self.path)

    # -- producing -----------------------------------------------------------------------
    def enqueue(self, doc_id: str, delay: float | None = None, priority: int = 0) -> None:
        if delay:
            self._task.schedule(args=(doc_id,), delay=delay, priority=priority)
        else:
            self.huey.enqueue(self._task.s(doc_id, priority=priority))

    def enqueue_many(self, items: list[tuple[str, int]]) -> None:
        """Queue (doc_id, priority) pairs in one queue transaction: a folder scan adds
        thousands of documents, and a commit per task (fsync'd) would cost ~4 ms each. The
        rows are what ``huey.enqueue`` writes (huey's SQLite storage schema)."""
        if not items:
            return
        storage = self.huey.storage
        rows = [(storage.name, storage.to_blob(self.huey.serialize_task(self._task.s(doc_id, priority=priority))),
                 priority) for doc_id, priority in items]
        with storage.db(commit=True) as cursor:
            cursor.executemany("insert into task (queue, data, priority) values (?, ?, ?)", rows)

    def queued_ids(self) -> set[str]:
        """Document ids with a task waiting in the queue or the schedule."""
        ids: set[str] = set()
        for task in list(self.huey.pending()) + list(self.huey.scheduled()):
            if task.args:
                ids.add(str(task.args[0]))
        return ids

    def counts(self) -> dict[str, int]:
        return {"queued": self.huey.pending_count(), "scheduled": self.huey.scheduled_count()}

    def flush_locks(self) -> None:
        """Locks held by tasks that died with a crashed process would block forever."""
        self.huey.flush_locks()

    # -- consuming -----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._consumer is not None

    def start(self, workers: int) -> bool:
        """Start the one consumer; False if it was already running."""
        with self._lock:
            if self._consumer is not None:
                return False
            consumer = ThreadConsumer(
                self.huey, workers=workers, worker_type="thread", periodic=False, initial_delay=0.05,
                backoff=1.5, max_delay=0.5, check_worker_health=False, scheduler_interval=1,
            )
            consumer.start()
            self._consumer = consumer
            self.workers = workers
        log.info("queue consumer started with %d worker threads", workers)
        return True

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop consuming; waits up to ``timeout`` for running tasks. True if all stopped."""
        with self._lock:
            consumer, self._consumer = self._consumer, None
            if consumer is None:
                return True
            consumer.shutdown_timeout = max(0.0, timeout)
            consumer.stop(graceful=True)
            threads = [p for _, p in consumer.worker_threads] + [consumer.scheduler]
            stopped = not any(t.is_alive() for t in threads)
            self.workers = 0
        log.info("queue consumer stopped (clean=%s)", stopped)
        return stopped

    def close(self) -> None:
        self.huey.storage.close()
