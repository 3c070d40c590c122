"""The run registry: every processing run of this process, keyed by (doc id, claim).

A run is registered under the document's lock in the same step that claims the row, and
unregistered only after it wrote its final status, so "a ``processing`` row without a
registered run" means exactly "left behind by a run that died" — the reconciler needs no
guess based on time. Each run carries a cancel token: stopping, re-processing or deleting
sets it, and every blocking step of the run (extraction, embedding, writes) watches it.
"""
from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class Run:
    doc_id: str
    claim: int
    cancel: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    beat: float = field(default_factory=time.monotonic)
    written: float = 0.0  # when the heartbeat last reached the database
    phase: str = "starting"
    reason: str = ""
    stored: int = 0  # vectors written so far, before the document completes (maintenance.quick_check)

    def heartbeat(self, phase: str | None = None) -> None:
        self.beat = time.monotonic()
        if phase:
            self.phase = phase

    def stop(self, reason: str) -> None:
        self.reason = self.reason or reason
        self.cancel.set()


class RunRegistry:
    def __init__(self) -> None:
        self._runs: dict[tuple[str, int], Run] = {}
        self._lock = threading.Lock()
        self._idle = threading.Condition(self._lock)

    def register(self, doc_id: str, claim: int) -> Run:
        run = Run(doc_id, claim)
        with self._lock:
            self._runs[(doc_id, claim)] = run
        return run

    def unregister(self, run: Run) -> None:
        with self._lock:
            # Keyed by claim, so a superseded run can never remove a newer run's entry.
            if self._runs.get((run.doc_id, run.claim)) is run:
                del self._runs[(run.doc_id, run.claim)]
            self._idle.notify_all()

    def is_live(self, doc_id: str, claim: int) -> bool:
        with self._lock:
            return (doc_id, claim) in self._runs

    def runs(self) -> list[Run]:
        with self._lock:
            return list(self._runs.values())

    def doc_ids(self) -> set[str]:
        with self._lock:
            return {doc_id for doc_id, _ in self._runs}

    def __len__(self) -> int:
        with self._lock:
            return len(self._runs)

    def cancel(self, doc_id: str, reason: str) -> int:
        """Cancel every run of ``doc_id``; how many there were."""
        runs = [r for r in self.runs() if r.doc_id == doc_id]
        for run in runs:
            run.stop(reason)
        return len(runs)

    def cancel_all(self, reason: str) -> int:
        runs = self.runs()
        for run in runs:
            run.stop(reason)
        return len(runs)

    def wait_idle(self, timeout: float) -> bool:
        """Wait until no run is registered; True if that happened within ``timeout``."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._runs:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True
