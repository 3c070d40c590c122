"""The persistent job queue: huey's ``SqliteHuey`` in its own SQLite file, consumed by
threads inside the owning process.

huey's ``Consumer.start()`` installs signal handlers, which Python only allows on the
main thread (and the window's main thread belongs to Qt), so :class:`ThreadConsumer`
skips that step; the owning process stops it explicitly. huey drops a task that was
executing when the process died, so the metadata database, not this queue, is the
source of truth: :meth:`docvec_gui.core.service.Service.reconcile` re-enqueues work.
"""
from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from huey import SqliteHuey
from huey.consumer import Consumer

log = logging.getLogger(__name__)

TASK_NAME = "process_document"


class ThreadConsumer(Consumer):
    """A huey consumer for use inside an application: no signal handlers."""

    def _set_signal_handlers(self) -> None:  # noqa: D401 - huey hook
        # Signals belong to the application's main thread (Qt or the CLI), not to huey.
        return


class JobQueue:
    """One ``process_document(doc_id)`` task type over a persistent SQLite queue."""

    def __init__(self, path: Path, handler: Callable[[str], None]) -> None:
        self.path = path
        self.huey = SqliteHuey(name="docvec", filename=str(path), results=False, utc=True)
        self._task = self.huey.task(name=TASK_NAME)(handler)
        self._consumer: ThreadConsumer | None = None
        self.workers = 0

    # -- producing -----------------------------------------------------------------------
    def enqueue(self, doc_id: str, delay: float | None = None) -> None:
        if delay:
            self._task.schedule(args=(doc_id,), delay=delay)
        else:
            self._task(doc_id)

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

    def start(self, workers: int) -> None:
        if self._consumer is not None:
            return
        consumer = ThreadConsumer(
            self.huey,
            workers=workers,
            worker_type="thread",
            periodic=False,
            initial_delay=0.05,
            backoff=1.5,
            max_delay=0.5,
            check_worker_health=False,
            scheduler_interval=1,
        )
        consumer.start()
        self._consumer = consumer
        self.workers = workers
        log.info("queue consumer started with %d worker threads", workers)

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop consuming; waits up to ``timeout`` for running tasks. True if all stopped."""
        consumer, self._consumer = self._consumer, None
        if consumer is None:
            return True
        consumer.shutdown_timeout = timeout
        consumer.stop(graceful=True)
        stopped = not any(consumer.environment.is_alive(p) for _, p in consumer.worker_threads)
        self.workers = 0
        log.info("queue consumer stopped (clean=%s)", stopped)
        return stopped

    def close(self) -> None:
        self.huey.storage.close()
