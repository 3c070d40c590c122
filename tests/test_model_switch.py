"""The library's model (issue 9): recorded, never mixed with another's vectors, and switched
by a resumable re-embed from the stored chunks while searches keep answering."""
import threading

import pytest

from docvec_gui.core import librarymodel
from docvec_gui.core.config import ConfigError
from docvec_gui.core.modelswitch import SwitchCancelled
from docvec_gui.core.service import Service
from faultkit import wait_for

DOCS = ["simple.odt", "fake-email.eml", "maint-guide.en.txt"]


def _build(settings_factory, docs_dir, **overrides):
    with Service(settings_factory(workers=1, **overrides)) as svc:
        ids = [a["id"] for a in svc.add([docs_dir / n for n in DOCS]).added]
        svc.start_processing()
        assert svc.wait_idle(ids, timeout=300)
        assert {svc.document(i).status for i in ids} == {"completed"}
        return ids


def test_another_model_never_writes_into_the_library(settings_factory, model_dir, multilingual_dir, docs_dir,
                                                     monkeypatch):
    ids = _build(settings_factory, docs_dir)
    with Service(settings_factory(workers=1, model_dir=str(multilingual_dir))) as svc:
        assert librarymodel.recorded().name == "all-MiniLM-L6-v2"
        (new,) = [a["id"] for a in svc.add([docs_dir / "tracemonkey.pdf"]).added]
        svc.start_processing()
        wait_for(lambda: "model" in svc.processing.faults(), 120, what="the model fault")
        message = svc.processing.faults()["model"]
        assert "made with all-MiniLM-L6-v2" in message and "docvec model use" in message
        assert (svc.document(new).status, svc.document(new).error_kind) == ("pending", None)
        # The library stays searchable by keywords and nothing is queued for a "repair".
        assert [svc.document(i).status for i in ids] == ["completed"] * 3
        assert svc.search("namespaces", mode="hybrid") and "keyword results only" in svc.searcher.last_degraded
        assert svc.components.vectors_if_open() is None  # no collection of either model was touched
        # A switch that settings.json could not make stick (the environment wins) is refused up front.
        monkeypatch.setenv("DOCVEC_MODEL_DIR", str(multilingual_dir))
        with pytest.raises(ConfigError, match="DOCVEC_MODEL_DIR"):
            svc.use_model(multilingual_dir)
        assert librarymodel.recorded().name == "all-MiniLM-L6-v2"


def test_switching_is_resumable_and_search_answers_throughout(settings_factory, model_dir, multilingual_dir,
                                                              docs_dir):
    ids = _build(settings_factory, docs_dir)
    with Service(settings_factory(workers=1)) as svc:
        total = sum(svc.document(i).chunk_count for i in ids)
        switch = svc.model_switch()
        plan = switch.plan(multilingual_dir)
        assert (plan.documents, plan.chunks, plan.done_chunks) == (3, total, 0) and plan.seconds > 0
        cancel = threading.Event()
        seen = []

        def stop_after_first_group(done, all_chunks):
            seen.append(done)
            cancel.set()

        try:
            switch.run(multilingual_dir, stop_after_first_group, cancel)
            raise AssertionError("the switch should have stopped")
        except SwitchCancelled:
            pass
        assert librarymodel.recorded().name == "all-MiniLM-L6-v2"  # not switched yet
        resumed = switch.plan(multilingual_dir)
        assert 0 <= resumed.done_chunks < total
        # Searches by meaning keep answering with the current model while the switch runs.
        answers, errors = [], []
        done = threading.Event()

        def search_meanwhile():
            while not done.is_set():
                try:
                    answers.append(svc.search("Debian maintainer package", mode="vector", top_k=3))
                except Exception as exc:  # recorded, asserted below
                    errors.append(exc)

        searcher = threading.Thread(target=search_meanwhile)
        searcher.start()
        try:
            identity = svc.use_model(multilingual_dir)
        finally:
            done.set()
            searcher.join(60)
        assert not errors and answers and all(a for a in answers)
        assert identity.name == librarymodel.recorded().name == "multilingual-e5-small"
        # Now searches use the new model, Chinese queries included, and find the same documents.
        results = svc.search("Debian 软件包维护者指南", mode="vector", top_k=3)
        assert results and results[0].filename == "maint-guide.en.txt"
        store = svc.components.vectors()
        assert store.name == "docvec-multilingual-e5-small-384"
        assert sum(store.count_document(i) for i in ids) == total  # every chunk once, none twice
