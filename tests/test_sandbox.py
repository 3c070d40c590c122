"""The extraction pool with real child processes: fixed size, bounded close, cancellation, verdicts."""
from __future__ import annotations

import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from docvec_gui.core.extract.model import ExtractionError, Extracted
from docvec_gui.core.extract.sandbox import ExtractionCancelled, ExtractorPool
from faultkit import extraction_children, no_leftover_children, pool, running, wait_for  # noqa: F401 (fixtures)

QUICK = "simple.odt"
QUICK_PHRASE = "These are a few of my"








class Call:
    """``pool.extract`` in a thread of its own, keeping its outcome."""

    def __init__(self, pool: ExtractorPool, path: Path, **kwargs: object) -> None:
        self.outcome: object = None
        self.finished_at: float | None = None
        self.thread = threading.Thread(target=self._run, args=(pool, path, kwargs), daemon=True)
        self.thread.start()

    def _run(self, pool: ExtractorPool, path: Path, kwargs: dict) -> None:
        try:
            self.outcome = pool.extract(path, **kwargs)
        except BaseException as exc:  # the test inspects it
            self.outcome = exc
        self.finished_at = time.monotonic()

    def join(self, timeout: float) -> object:
        self.thread.join(timeout)
        assert not self.thread.is_alive(), f"extract() did not return within {timeout} s"
        return self.outcome






class PidSampler:
    """Records every extraction child pid seen and the most alive at once."""

    def __init__(self) -> None:
        self.seen: set[int] = set()
        self.most_alive = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            pids = {p.pid for p in extraction_children()}
            self.seen |= pids
            self.most_alive = max(self.most_alive, len(pids))

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)


def test_pool_size_is_fixed_whatever_the_threads(pool, docs_dir):
    extractors = pool(2, timeout=60)
    sampler = PidSampler()
    try:
        # Ten short-lived threads one after the other, like consumer threads across Pause/Resume.
        for _ in range(10):
            doc = Call(extractors, docs_dir / QUICK).join(60)
            assert isinstance(doc, Extracted) and QUICK_PHRASE in doc.text
        sequential = set(sampler.seen)
        # Then six at once: they share the two children.
        calls = [Call(extractors, docs_dir / QUICK) for _ in range(6)]
        for call in calls:
            doc = call.join(60)
            assert isinstance(doc, Extracted) and QUICK_PHRASE in doc.text
    finally:
        sampler.stop()
    assert 1 <= len(sequential) <= 2, f"children started for 10 sequential threads: {sorted(sequential)}"
    assert sampler.most_alive <= 2
    assert len(sampler.seen) <= 2, f"children ever started: {sorted(sampler.seen)}"
    assert len(extractors.child_pids()) <= 2


def test_close_kills_every_child_within_its_bound(pool, docs_dir, long_pdf):
    extractors = pool(2, timeout=600)
    calls = [Call(extractors, long_pdf) for _ in range(2)]
    busy = wait_for(lambda: len(extraction_children()) == 2 and extraction_children(), 30, "two children")
    pids = [p.pid for p in busy]
    time.sleep(0.5)  # both are parsing now
    started = time.monotonic()
    assert extractors.close(timeout=5) is True
    assert time.monotonic() - started < 5.5
    assert not any(running(pid) for pid in pids)
    for call in calls:  # callers learn it was not the document's fault
        assert isinstance(call.join(5), ExtractionCancelled)
    with pytest.raises(ExtractionCancelled):
        extractors.extract(docs_dir / QUICK)
    assert not extraction_children()


def test_cancel_stops_a_long_extraction_quickly(pool, docs_dir, long_pdf):
    extractors = pool(1, timeout=600)
    cancel = threading.Event()
    beats: list[float] = []
    call = Call(extractors, long_pdf, cancel=cancel, heartbeat=lambda: beats.append(time.monotonic()))
    (child,) = wait_for(extraction_children, 30, "the extraction child")
    time.sleep(2.5)
    assert call.thread.is_alive() and child.is_running()
    assert beats, "the heartbeat was not called while waiting for the child"
    cancel.set()
    set_at = time.monotonic()
    outcome = call.join(5)
    assert call.finished_at - set_at < 2.0
    assert isinstance(outcome, ExtractionCancelled)
    assert not isinstance(outcome, ExtractionError)
    assert not running(child.pid)
    # The pool replaces the killed child on the next request.
    doc = extractors.extract(docs_dir / QUICK)
    assert QUICK_PHRASE in doc.text


@pytest.mark.parametrize("name, kind", [("issue6010_1.pdf", "encrypted"), ("testWORD_truncated.docx", "corrupt")])
def test_the_parsers_verdict_comes_back(pool, docs_dir, name, kind):
    extractors = pool(2, timeout=60)
    with pytest.raises(ExtractionError) as info:
        extractors.extract(docs_dir / name)
    assert info.value.kind == kind
    assert QUICK_PHRASE in extractors.extract(docs_dir / QUICK).text  # the same child goes on serving


def test_memory_budget_is_shared_and_a_retry_alone_gets_it_all(pool, docs_dir):
    # 3 children share 300 MB: 100 MB each, too little for this 3 MB text; alone it gets 300 MB.
    extractors = pool(3, timeout=60, memory_mb=600, total_memory_mb=300)
    assert (extractors.child_memory_mb, extractors.alone_memory_mb) == (100, 300)
    doc = extractors.extract(docs_dir / "war-and-peace.txt")
    assert "Natasha" in doc.text
    # Capped by memory_mb, the same shortfall is the document's verdict at once.
    capped = pool(3, timeout=60, memory_mb=100, total_memory_mb=300)
    with pytest.raises(ExtractionError) as info:
        capped.extract(docs_dir / "war-and-peace.txt")
    assert info.value.kind == "too_large"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads another process's limits via /proc")
def test_each_request_gets_memory_and_cpu_limits(pool, docs_dir, long_pdf):
    extractors = pool(2, timeout=30, memory_mb=1500, total_memory_mb=2000)
    cancel = threading.Event()
    call = Call(extractors, long_pdf, cancel=cancel)
    (child,) = wait_for(extraction_children, 30, "the extraction child")
    time.sleep(1.0)  # the request has been read and the limits set
    try:
        assert child.rlimit(psutil.RLIMIT_AS) == (1000 * 2**20, 1000 * 2**20)
        soft, _ = child.rlimit(psutil.RLIMIT_CPU)
        used = sum(child.cpu_times()[:2])
        # Set before the request: CPU used until then plus twice the 30 s timeout.
        assert 60 <= soft <= used + 61
        assert child.rlimit(psutil.RLIMIT_CORE) == (0, 0)
    finally:
        cancel.set()
    assert isinstance(call.join(5), ExtractionCancelled)
