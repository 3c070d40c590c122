"""A missing embedding model is a fault of the app, never a verdict on documents (issue 9,
"first run without the model"): documents wait in pending under one banner and go on by
themselves once the model is there."""
import shutil
import time

from docvec_gui.core.service import Service
from faultkit import wait_for


def test_documents_wait_for_a_missing_model_and_resume_when_it_is_back(settings_factory, model_dir, docs_dir,
                                                                        tmp_path):
    folder = tmp_path / "model"
    folder.mkdir()
    health = []
    with Service(settings_factory(model_dir=str(folder), workers=1)) as svc:
        svc.subscribe(lambda event: health.append(event) if event.kind == "health" else None)
        ids = [a["id"] for a in svc.add([docs_dir / "simple.odt", docs_dir / "fake-email.eml"]).added]
        svc.start_processing()
        wait_for(lambda: "model" in svc.processing.faults(), 120, what="the model fault")
        time.sleep(4)  # a few probe rounds: the documents stay as they are
        docs = [svc.document(i) for i in ids]
        assert [(d.status, d.error_kind) for d in docs] == [("pending", None)] * 2, [d.error_message for d in docs]
        paused = [e for e in health if e.status == "paused"]
        assert len(paused) == 1 and "embedding model is missing" in paused[0].message  # one banner, not one per file
        assert svc.search("hello", mode="hybrid") == [] and "keyword results only" in svc.searcher.last_degraded
        for name in ("model.onnx", "tokenizer.json"):
            shutil.copy(model_dir / name, folder / name)
        assert svc.wait_idle(ids, timeout=300)
        assert [svc.document(i).status for i in ids] == ["completed"] * 2
        assert any(e.status == "resumed" and e.extra.get("fault") == "model" for e in health)
        assert "model" not in svc.processing.faults()


def test_a_search_answer_carries_its_own_degraded_note_when_searches_run_at_once(settings_factory, tmp_path):
    """The API runs searches on several threads: one search's "keyword results only" note must
    not be cleared (or shown) by another thread's search that finished in between."""
    import threading

    from docvec_gui.api.library import LocalLibrary

    folder = tmp_path / "model"
    folder.mkdir()  # no model: a hybrid search answers from keywords alone, and says so
    with Service(settings_factory(model_dir=str(folder), workers=1)) as svc:
        library = LocalLibrary(svc)
        assert "keyword results only" in (library.search("hello", mode="hybrid")["degraded"] or "")
        other: dict = {}
        worker = threading.Thread(target=lambda: other.update(library.search("hello", mode="keyword")))
        worker.start()
        worker.join(60)
        assert not worker.is_alive() and other["degraded"] is None  # keyword mode needs no model
        # This thread's last search is still the degraded one.
        assert "keyword results only" in (svc.searcher.last_degraded or "")
