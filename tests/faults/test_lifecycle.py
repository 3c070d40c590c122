"""Start, stop, pause and resume from many threads at once: one consumer, no leaked child,
nothing left after close."""
import sys
import threading

import pytest

from docvec_gui.core.service import Service
from faultkit import check, children_of_self, small_documents

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="process accounting is POSIX here")


def _consumer_threads():
    return [t for t in threading.enumerate() if t.name.startswith("Worker ") or "huey" in t.name.lower()
            or t.name == "Scheduler"]


def test_concurrent_start_and_stop_keep_one_consumer(settings_factory, manifest, docs_dir):
    settings = settings_factory(workers=2)
    svc = Service(settings).open()
    ids = [a["id"] for a in svc.add([docs_dir / n for n in small_documents(manifest, 8)], process=False).added]
    barrier = threading.Barrier(6)

    def hammer(stop: bool):
        barrier.wait()
        for _ in range(10):
            svc.stop_processing(timeout=30) if stop else svc.start_processing()

    threads = [threading.Thread(target=hammer, args=(i % 2 == 1,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    svc.start_processing()
    assert svc.queue.workers == 2
    assert len([t for t in threading.enumerate() if t.name.startswith("Worker")]) <= 2
    assert svc.wait_idle(ids, timeout=600)
    svc.close()
    assert not [t for t in threading.enumerate() if t.name.startswith(("Worker", "docvec-"))], threading.enumerate()
    assert not children_of_self()
    check(settings.data_dir)


def test_pause_resume_twenty_times_leaks_no_child(settings_factory, manifest, docs_dir):
    settings = settings_factory(workers=2)
    with Service(settings) as svc:
        ids = [a["id"] for a in svc.add([docs_dir / n for n in small_documents(manifest, 12)]).added]
        for _ in range(20):
            svc.stop_processing(timeout=30)
            svc.start_processing()
            extraction = [p for p in children_of_self() if "extract" in " ".join(p.cmdline())]
            assert len(extraction) <= settings.workers, [p.pid for p in extraction]
        assert svc.wait_idle(ids, timeout=600)
        assert {d.status for d in svc.documents()} == {"completed"}
    assert not children_of_self()
    check(settings.data_dir)
