"""The core service over real SQLite, a real huey consumer, embedded Chroma and the real model."""
import shutil
import threading
import time

import pytest

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import DataDirInUse, InvalidQuery, NotFound
from docvec_gui.core.service import Service

THREE = ["google-doc-document.pdf", "testWORD_various.docx", "fake-email.eml"]


def _copy(docs_dir, tmp_path, names, folder="in"):
    dest = tmp_path / folder
    dest.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(docs_dir / name, dest / name)
    return dest


def _vector_count(service, doc_id):
    return service.vectors().count_document(doc_id)


def test_add_process_complete_with_events(service, docs_dir, tmp_path):
    events = []
    service.subscribe(events.append)
    folder = _copy(docs_dir, tmp_path, THREE)
    (folder / ".hidden.txt").write_text("secret notes")
    report = service.add([folder])
    assert len(report.added) == 3 and not report.refused
    assert service.wait_idle(timeout=120)
    docs = service.documents()
    assert {d.status for d in docs} == {"completed"}
    for doc in docs:
        assert doc.chunk_count > 0 and doc.progress == 1.0 and doc.processed_at
        assert _vector_count(service, doc.id) == doc.chunk_count == len(service.chunks(doc.id))
    kinds = {(e.kind, e.status) for e in events}
    assert {("added", "pending"), ("status", "processing"), ("status", "completed")} <= kinds
    assert any(e.kind == "progress" for e in events)


def test_duplicates_and_refusals_are_reported_per_file(service, docs_dir, tmp_path):
    folder = _copy(docs_dir, tmp_path, ["simple.odt", "CantinaBand3.wav", "testTinyPE.exe", "simple-docs.zip"])
    (folder / "empty.txt").write_bytes(b"")
    (folder / "copy-of-simple.odt").write_bytes((folder / "simple.odt").read_bytes())
    report = service.add([folder, tmp_path / "missing.pdf"], process=False)
    assert [a["filename"] for a in report.added] == ["copy-of-simple.odt"]
    assert [d["path"].endswith("simple.odt") for d in report.duplicates] == [True]
    refused = {r["path"].rsplit("/", 1)[-1]: r["kind"] for r in report.refused}
    assert refused == {"empty.txt": "empty", "CantinaBand3.wav": "unsupported", "testTinyPE.exe": "unsupported",
                       "simple-docs.zip": "unsupported", "missing.pdf": "not_found"}


def test_size_limit(settings_factory, docs_dir):
    with Service(settings_factory(max_file_mb=1)).open() as svc:
        report = svc.add([docs_dir / "war-and-peace.txt"], process=False)
    assert report.refused[0]["kind"] == "too_large"


def test_failures_get_their_kind_without_retries(service, docs_dir, tmp_path):
    from pypdf import PdfWriter

    blank = PdfWriter()
    blank.add_blank_page(595, 842)  # no text layer and nothing OCR could read
    with open(tmp_path / "blank.pdf", "wb") as fh:
        blank.write(fh)
    report = service.add([docs_dir / "issue6010_1.pdf", tmp_path / "blank.pdf", docs_dir / "testWORD_truncated.docx"])
    assert service.wait_idle(timeout=120)
    kinds = {d.filename: (d.status, d.error_kind, d.attempts) for d in service.documents()}
    assert kinds == {"issue6010_1.pdf": ("error", "encrypted", 1), "blank.pdf": ("error", "no_text", 1),
                     "testWORD_truncated.docx": ("error", "corrupt", 1)}
    assert len(report.added) == 3


def test_reprocess_replaces_chunks_and_vectors_exactly(settings_factory, docs_dir):
    settings = settings_factory(chunk_tokens=120, chunk_overlap=20)
    with Service(settings).open() as svc:
        doc_id = svc.add([docs_dir / "stress016-medical-notice.docx"]).added[0]["id"]
        assert svc.wait_idle(timeout=120)
        before = svc.document(doc_id).chunk_count
    with Service(settings.replace(chunk_tokens=240, chunk_overlap=10)).open() as svc:
        svc.reprocess(doc_id)
        svc.start_processing()
        assert svc.wait_idle(timeout=120)
        doc = svc.document(doc_id)
        assert doc.status == "completed" and doc.chunk_count < before
        assert _vector_count(svc, doc_id) == doc.chunk_count == len(svc.chunks(doc_id))
        assert svc.search("patient information", mode="keyword")  # FTS rows follow the new chunks
        fts_rows = dbm.database_proxy.obj.execute_sql("SELECT count(*) FROM chunk_fts").fetchone()[0]
        assert fts_rows == doc.chunk_count


def test_delete_removes_everything(service, docs_dir):
    doc_id = service.add([docs_dir / "simple.odt"]).added[0]["id"]
    assert service.wait_idle(timeout=120)
    stored = service.document(doc_id).stored_path
    service.delete(doc_id)
    assert _vector_count(service, doc_id) == 0
    assert dbm.Chunk.select().count() == 0
    assert dbm.database_proxy.obj.execute_sql("SELECT count(*) FROM chunk_fts").fetchone()[0] == 0
    assert not __import__("os").path.exists(stored)
    with pytest.raises(NotFound):
        service.document(doc_id)


def test_delete_while_processing_brings_nothing_back(service, docs_dir):
    """The race: delete lands while the document's task is embedding."""
    started = threading.Event()

    def on_event(event):
        if event.kind == "progress":
            started.set()

    service.subscribe(on_event)
    doc_id = service.add([docs_dir / "maint-guide.en.txt"]).added[0]["id"]
    assert started.wait(120), "processing never started"
    service.delete(doc_id)
    time.sleep(0.5)
    assert service.wait_idle(timeout=120)
    deadline = time.monotonic() + 30
    while len(service.registry) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not len(service.registry)
    assert dbm.Document.get_or_none(dbm.Document.id == doc_id) is None
    assert dbm.Chunk.select().where(dbm.Chunk.document == doc_id).count() == 0
    assert _vector_count(service, doc_id) == 0


def test_search_modes_scores_and_highlights(service, docs_dir):
    service.add([docs_dir / n for n in THREE + ["maint-guide.zh-cn.gbk.txt"]])
    assert service.wait_idle(timeout=180)
    for mode in ("hybrid", "vector", "keyword"):
        results = service.search("namespaces are one honking great idea", top_k=5, mode=mode)
        assert results and results[0].filename == "google-doc-document.pdf", mode
        assert results == sorted(results, key=lambda r: -r.score)
    hit = service.search("honking namespaces", mode="keyword")[0]
    spans = [hit.text[s:e].lower() for s, e in hit.highlights]
    assert "honking" in spans and "namespaces" in spans
    cjk = service.search("软件包", mode="keyword", top_k=3)
    assert cjk and cjk[0].filename == "maint-guide.zh-cn.gbk.txt"
    assert any(cjk[0].text[s:e] == "软件包" for s, e in cjk[0].highlights)
    only = service.search("test email", doc_ids=[service.documents()[2].id])
    assert {r.doc_id for r in only} == {service.documents()[2].id}
    with pytest.raises(InvalidQuery):
        service.search("   ")
    assert service.search('"unbalanced (quote AND OR NEAR', mode="keyword") is not None


def test_health_reports_each_part(service):
    report = service.health(load=True)
    assert report["ok"] is True
    assert {"database", "queue", "model", "vector_store"} <= set(report)
    assert "loaded" in report["model"]["detail"]


def test_one_owner_per_data_directory(service, settings_factory):
    with pytest.raises(DataDirInUse) as info:
        Service(settings_factory()).open()
    assert f"pid {__import__('os').getpid()}" in str(info.value)


def test_transient_errors_are_retried_then_reported(settings_factory, docs_dir):
    """Failure injection: the extractor raises an OSError (a transient fault) every time."""
    calls = []

    class FlakyExtractor:
        def extract(self, path, cancel=None, heartbeat=None, pages=None):
            calls.append(path)
            raise OSError("disk hiccup")

    with Service(settings_factory(max_retries=2)).open() as svc:
        svc.pipeline.parts.extractor = FlakyExtractor
        svc.pipeline.retry = lambda doc_id, delay: svc.queue.enqueue(doc_id)  # no backoff wait in tests
        doc_id = svc.add([docs_dir / "simple.odt"]).added[0]["id"]
        assert svc.wait_idle(timeout=60)
        doc = svc.document(doc_id)
    assert doc.status == "error" and doc.error_kind == "failed"
    assert doc.attempts == 3 and len(calls) == 3
    assert "disk hiccup" in doc.error_message


def test_a_second_model_switch_while_one_runs_is_refused(service, model_dir):
    from docvec_gui.core.errors import DocvecError

    service._switch_lock.acquire()  # as a switch running in another thread holds it
    try:
        with pytest.raises(DocvecError, match="already running"):
            service.use_model(model_dir)
    finally:
        service._switch_lock.release()
    assert service.model_switch() is service.model_switch()  # plan and run share one loaded model


def test_pause_is_kept_across_restarts_and_adds_do_not_resume(settings_factory, docs_dir, tmp_path):
    """Pausing is the user's choice: it survives a restart, and adding files queues them
    without starting processing (the window used to resume silently on every add)."""
    settings = settings_factory()
    folder = _copy(docs_dir, tmp_path, ["simple.odt"])
    with Service(settings).open() as svc:
        svc.start_processing()
        svc.pause(timeout=5)
        assert svc.paused and not svc.is_processing
        report = svc.add([folder])
        assert len(report.added) == 1 and not svc.is_processing
    with Service(settings).open() as svc:
        assert svc.paused
        svc.start_processing()  # what the window does at start
        assert not svc.is_processing
        assert [d.status for d in svc.documents()] == ["pending"]
        svc.resume()
        assert not svc.paused and svc.is_processing
        assert svc.wait_idle(timeout=120)
        assert [d.status for d in svc.documents()] == ["completed"]
    with Service(settings).open() as svc:
        assert not svc.paused


def test_pause_interrupts_a_running_document_quickly(settings_factory, docs_dir, tmp_path):
    settings = settings_factory()
    folder = _copy(docs_dir, tmp_path, ["war-and-peace.txt"])
    with Service(settings).open() as svc:
        svc.add([folder])
        deadline = time.monotonic() + 60
        while not any(d.status == "processing" for d in svc.documents()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [d.status for d in svc.documents()] == ["processing"]
        started = time.monotonic()
        svc.pause(timeout=5)
        assert time.monotonic() - started < 8
        [doc] = svc.documents()
        assert doc.status == "pending" and not svc.is_processing
        assert _vector_count(svc, doc.id) == 0 and not svc.chunks(doc.id)
