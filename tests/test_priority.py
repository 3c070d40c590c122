"""Background threads and the extraction child run at a lower priority than the window."""
from __future__ import annotations

import os
import sys
import threading

import pytest

from docvec_gui.core.priority import BACKGROUND_NICE, lower_this_thread

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
    monkeypatch.setattr(priority, "_renice", lambda who: (lowered.append(threading.current_thread().name), real(who)))
    before = _nice_of(threading.get_native_id())
    assert service.warm_up(timeout=120)
    assert service.components.vectors_if_open() is not None and service.embedder().loaded
    assert lowered == ["docvec-warm-up"]
    assert _nice_of(threading.get_native_id()) == before
