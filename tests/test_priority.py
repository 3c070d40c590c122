"""Background threads and the extraction child run at a lower priority than the window; the
API's threads (requests a client waits for) between the two."""
from __future__ import annotations

import os
import sys
import threading

import pytest

from docvec_gui.core.priority import BACKGROUND_NICE, INTERACTIVE_NICE, lower_this_thread

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")


def _nice_of(native_id: int) -> int:
    return os.getpriority(os.PRIO_PROCESS, native_id)


def test_a_worker_thread_is_lowered_and_the_window_thread_is_not():
    before = _nice_of(threading.get_native_id())
    seen = {}

    def work():
        lower_this_thread()
        lower_this_thread()  # once per thread; a second call changes nothing
        seen["nice"] = _nice_of(threading.get_native_id())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert seen["nice"] == max(before, BACKGROUND_NICE)
    assert _nice_of(threading.get_native_id()) == before


def test_the_extraction_child_runs_lowered(tmp_path):
    import psutil

    from docvec_gui.core.extract.sandbox import ExtractorPool

    with ExtractorPool(1, timeout=60) as pool:
        (tmp_path / "a.txt").write_text("some words to extract", encoding="utf-8")
        pool.extract(tmp_path / "a.txt").close()
        (pid,) = pool.child_pids()
        assert psutil.Process(pid).nice() == max(os.getpriority(os.PRIO_PROCESS, 0), BACKGROUND_NICE)


def test_the_vector_store_child_runs_lowered_whichever_thread_starts_it(tmp_path):
    import psutil

    from docvec_gui.core.vectorstore import VectorStoreProcess

    store = VectorStoreProcess(tmp_path / "chroma", "test", 8)  # started from this (normal) thread
    try:
        assert psutil.Process(store.pid).nice() == max(os.getpriority(os.PRIO_PROCESS, 0), BACKGROUND_NICE)
    finally:
        store.close()


def test_warm_up_loads_the_parts_in_a_lowered_thread_and_leaves_the_caller_alone(service, monkeypatch):
    from docvec_gui.core import priority

    lowered = []
    real = priority._renice
    monkeypatch.setattr(priority, "_renice", lambda who, *nice: (lowered.append(threading.current_thread().name), real(who, *nice)))
    before = _nice_of(threading.get_native_id())
    assert service.warm_up(timeout=120)
    assert service.components.vectors_if_open() is not None and service.embedder().loaded
    assert lowered == ["docvec-warm-up"]
    assert _nice_of(threading.get_native_id()) == before


def _nice_in_thread(*levels: int) -> int:
    seen = {}

    def work():
        for nice in levels:
            lower_this_thread(nice)
        seen["nice"] = _nice_of(threading.get_native_id())

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    return seen["nice"]


def test_a_thread_is_lowered_to_the_level_asked_and_never_raised_again():
    before = _nice_of(threading.get_native_id())
    assert INTERACTIVE_NICE < BACKGROUND_NICE
    assert _nice_in_thread(INTERACTIVE_NICE) == max(before, INTERACTIVE_NICE)
    assert _nice_in_thread(INTERACTIVE_NICE, BACKGROUND_NICE) == max(before, BACKGROUND_NICE)
    # Background work that later serves a request stays background (an unprivileged process
    # could not raise it anyway).
    assert _nice_in_thread(BACKGROUND_NICE, INTERACTIVE_NICE) == max(before, BACKGROUND_NICE)


def test_the_api_serves_at_the_interactive_level_above_ingestion(service):
    """The API's event loop and the threads that run its calls sit below the window and above
    ingestion: 50 searching clients neither take the window's CPU nor lose it to ingestion."""
    import httpx

    from docvec_gui.api.server import ApiServer

    before = _nice_of(threading.get_native_id())
    server = ApiServer(service)
    assert server.start(timeout=15), server.error
    try:
        answer = httpx.get(server.url + "/api/search", params={"q": "hello", "mode": "keyword"},
                           headers={"Authorization": f"Bearer {server.token}"}, timeout=30)
        assert answer.status_code == 200, answer.text
        threads = {t.name: t.native_id for t in threading.enumerate()}
        workers = [tid for name, tid in threads.items() if name.startswith("AnyIO worker thread")]
        assert workers, sorted(threads)
        expected = max(before, INTERACTIVE_NICE)
        assert _nice_of(threads["docvec-api"]) == expected
        assert {_nice_of(tid) for tid in workers} == {expected}
    finally:
        server.stop(timeout=10)
    assert _nice_of(threading.get_native_id()) == before
