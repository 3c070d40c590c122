"""Processing: the job queue, the run registry, the reconciler and the fault gate, under one lock.

* **One consumer.** :meth:`start` and :meth:`stop` are serialised, so concurrent Resume,
  drop, Re-process or warm-up calls can never start two consumers.
* **Stopping** never fails a document: runs are cancelled through their tokens and go back
  to ``pending``; whatever is still registered after the bounded wait is released directly
  in the database, so the state is right even if a thread is stuck in native code.
* **Faults of the app** (vector store down, disk full) close a gate: worker threads wait
  at it instead of claiming documents, health says why, and a supervisor probes the fault
  every few seconds and opens the gate again when it is gone.
* **The reconciler** (at start and every 30 s) resets ``processing`` rows that have no live
  run in the registry, cancels runs whose heartbeat stopped, and re-queues pending
  documents that have no task.
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from docvec_gui.core import db as dbm
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.ingest import AppFault, DocLocks, Pipeline, app_fault_of, release_document
from docvec_gui.core.runs import RunRegistry
from docvec_gui.core.tasks import JobQueue, estimated_cost, priority_for
from docvec_gui.core.vocabulary import ErrorKind, EventKind, Status

log = logging.getLogger(__name__)

RECONCILE_INTERVAL = 30.0
PROBE_INTERVAL = 2.0  # how often a fault is probed while processing waits for it
# A fault that comes back within RECURRENCE_WINDOW s of clearing waits twice as long as the
# last time before it is probed again, up to PROBE_BACKOFF_MAX s.
RECURRENCE_WINDOW = 120.0
PROBE_BACKOFF_MAX = 300.0
GATE_POLL = 0.5
CANCEL_GRACE = 10.0  # seconds cancelled runs get to wind down before their rows are released


class FaultGate:
    """Open unless a fault of the app is active; waiters also leave when stopping."""

    def __init__(self) -> None:
        self._faults: dict[str, str] = {}
        self._lock = threading.Lock()
        self._clear = threading.Event()
        self._clear.set()
        self.stopping = threading.Event()

    def report(self, kind: str, message: str) -> bool:
        """Record a fault; True if it is new."""
        with self._lock:
            new = kind not in self._faults
            self._faults[kind] = message
            self._clear.clear()
        return new

    def resolve(self, kind: str) -> bool:
        with self._lock:
            gone = self._faults.pop(kind, None) is not None
            if not self._faults:
                self._clear.set()
        return gone

    def faults(self) -> dict[str, str]:
        with self._lock:
            return dict(self._faults)

    def wait(self) -> bool:
        """Block while a fault is active; False if stopping instead."""
        while not self._clear.wait(GATE_POLL):
            if self.stopping.is_set():
                return False
        return not self.stopping.is_set()


class Processing:
    def __init__(self, settings, queue: JobQueue, registry: RunRegistry, locks: DocLocks, hub: EventHub,
                 probes: dict[str, Callable[[], bool]], periodic: list[Callable[[], None]]) -> None:
        self.settings = settings
        self.queue = queue
        self.registry = registry
        self.locks = locks
        self.hub = hub
        self.gate = FaultGate()
        self.probes = probes  # fault kind -> "is it gone now?"
        self.periodic = periodic  # extra jobs for the supervisor (sweeps, lock checks)
        self.pipeline: Pipeline | None = None
        self._lock = threading.RLock()
        self._supervisor: threading.Thread | None = None
        self._supervisor_stop = threading.Event()
        self._recurrence: dict[str, tuple[float, float]] = {}  # kind -> (last resolved, last back-off)
        self._next_probe: dict[str, float] = {}

    # -- faults --------------------------------------------------------------------------
    def report_fault(self, fault: AppFault) -> None:
        if self.gate.report(fault.kind, str(fault)):
            self._back_off(fault.kind)
            log.warning("processing paused: %s: %s", fault.kind, fault)
            self.hub.emit(Event(EventKind.HEALTH, "", status="paused", message=f"{fault.kind}: {fault}",
                                extra={"fault": str(fault.kind)}))

    def report_if_fault(self, exc: BaseException) -> None:
        """Pause for ``exc`` if it is a fault of the app (full disk, vector store down)."""
        fault = app_fault_of(exc)
        if fault is not None:
            self.report_fault(fault)

    def resolve_fault(self, kind: str) -> None:
        if self.gate.resolve(kind):
            self._recurrence[kind] = (time.monotonic(), self._recurrence.get(kind, (0.0, 0.0))[1])
            log.info("processing resumed: %s cleared", kind)
            self.hub.emit(Event(EventKind.HEALTH, "", status="resumed", message=f"{kind} resolved",
                                extra={"fault": str(kind)}))
            self.reconcile()  # rows a fault left 'processing' go back to pending, then get queued

    def faults(self) -> dict[str, str]:
        return self.gate.faults()

    def _back_off(self, kind: str) -> None:
        """A fault back soon after it cleared (a disk with 20 MB free clears the probe, then a
        big document fills it again) is probed less and less often, so it does not flap."""
        now = time.monotonic()
        resolved, delay = self._recurrence.get(kind, (float("-inf"), 0.0))
        delay = min(PROBE_BACKOFF_MAX, max(PROBE_INTERVAL, delay * 2)) if now - resolved < RECURRENCE_WINDOW else 0.0
        self._recurrence[kind] = (resolved, delay)
        self._next_probe[kind] = now + delay

    def _probe_faults(self) -> None:
        for kind in list(self.gate.faults()):
            if time.monotonic() < self._next_probe.get(kind, 0.0):
                continue
            probe = self.probes.get(kind)
            try:
                if probe is not None and probe():
                    self.resolve_fault(kind)
            except Exception as exc:  # a probe that fails means the fault is still there
                log.info("fault %s still present: %s", kind, exc)

    # -- consumer ------------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self.queue.running

    def start(self) -> None:
        with self._lock:
            self.gate.stopping.clear()
            if self.queue.start(self.settings.workers):
                # Tasks taken while the last stop was under way were dropped at the gate;
                # their documents are still pending and get a task again.
                self.enqueue_pending()
            if self._supervisor is None or not self._supervisor.is_alive():
                self._supervisor_stop.clear()
                self._supervisor = threading.Thread(target=self._supervise, name="docvec-supervisor", daemon=True)
                self._supervisor.start()

    def stop(self, timeout: float = 30.0, finish: bool = True) -> bool:
        """Stop the consumer. ``finish`` lets running documents complete for up to ``timeout``
        seconds; what is still running then (or at once with ``finish=False``) is cancelled
        and goes back to pending. True if every run ended by itself."""
        with self._lock:
            self.gate.stopping.set()
            if not finish:
                self.registry.cancel_all("stopped")
            clean = self.queue.stop(timeout if finish else CANCEL_GRACE)
            if not clean or len(self.registry):
                clean = False
                self.registry.cancel_all("stopped")
                self.registry.wait_idle(CANCEL_GRACE)
                self._release_leftovers()
            self._stop_supervisor()
            return clean and finish

    def _release_leftovers(self) -> None:
        """Rows of runs that did not wind down in time go back to pending (bounded stop)."""
        for run in self.registry.runs():
            if release_document(self.locks, run.doc_id, run.claim):
                log.warning("run of %s did not stop in time; its document is back to pending", run.doc_id)
                self.hub.emit(Event(EventKind.STATUS, run.doc_id, status=Status.PENDING, progress=0.0,
                                    message="interrupted"))

    def _stop_supervisor(self) -> None:
        self._supervisor_stop.set()
        thread, self._supervisor = self._supervisor, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=10)
            if thread.is_alive():
                log.error("the supervisor thread did not stop within 10 s")

    def _supervise(self) -> None:
        next_reconcile = time.monotonic() + RECONCILE_INTERVAL
        while not self._supervisor_stop.wait(PROBE_INTERVAL):
            if self.gate.faults():
                self._probe_faults()
            if time.monotonic() < next_reconcile:
                continue
            next_reconcile = time.monotonic() + RECONCILE_INTERVAL
            for job in [self.reconcile, *self.periodic]:
                try:
                    job()
                except Exception as exc:  # one failed round is retried at the next; never fatal
                    self.report_if_fault(exc)
                    log.error("supervisor job %s failed: %s", getattr(job, "__name__", job), exc)

    # -- reconciling ---------------------------------------------------------------------
    def recover(self, crashed_hard: bool) -> list[str]:
        """At start-up (this process just took the directory lock): every ``processing`` row
        was left by a process that died. Back to pending; if that process died of a fatal
        error (``crashed_hard``), the documents it was processing are suspects, and one that
        was processing at two such crashes fails as ``crashed``. Returns the ids failed."""
        self.queue.flush_locks()
        D = dbm.Document
        failed: list[str] = []
        with dbm.write_transaction():
            if crashed_hard:
                D.update(crash_count=D.crash_count + 1).where(D.status == Status.PROCESSING).execute()
                failed = [d for (d,) in D.select(D.id).where((D.status == Status.PROCESSING)
                                                             & (D.crash_count >= 2)).tuples()]
                if failed:
                    D.update(status=Status.ERROR, error_kind=ErrorKind.CRASHED, progress=0.0, claim=D.claim + 1,
                             error_message="the app crashed twice while processing this document",
                             processed_at=dbm.utcnow()).where(D.id.in_(failed)).execute()
            D.update(status=Status.PENDING, claim=D.claim + 1, progress=0.0).where(
                D.status == Status.PROCESSING).execute()
        return failed

    def reconcile(self) -> int:
        D = dbm.Document
        for doc_id, claim in D.select(D.id, D.claim).where(D.status == Status.PROCESSING).tuples():
            if self.registry.is_live(doc_id, claim):
                continue
            with self.locks(doc_id):
                # Re-read under the lock: the run may have registered or finished meanwhile.
                if not self.registry.is_live(doc_id, claim) and release_document(self.locks, doc_id, claim):
                    log.warning("document %s was processing without a live run; back to pending", doc_id)
        self._cancel_hung_runs()
        return self.enqueue_pending()

    def _cancel_hung_runs(self) -> None:
        limit = self.settings.extract_timeout * 3 + 300
        now = time.monotonic()
        for run in self.registry.runs():
            if now - run.beat > limit:
                log.error("run of %s silent for %.0f s in %s; cancelling it", run.doc_id, now - run.beat, run.phase)
                run.stop("no progress")

    def enqueue_pending(self) -> int:
        """Queue every pending document that has no task waiting."""
        D = dbm.Document
        queued = self.queue.queued_ids()
        live = self.registry.doc_ids()
        count = 0
        pending = D.select(D.id, D.size, D.content_type).where(D.status == Status.PENDING).order_by(D.created_at)
        for doc_id, size, content_type in pending.tuples():
            if doc_id not in queued and doc_id not in live:
                self.queue.enqueue(doc_id, priority=priority_for(estimated_cost(size, content_type)))
                count += 1
        if count:
            log.info("reconciler queued %d documents", count)
        return count
