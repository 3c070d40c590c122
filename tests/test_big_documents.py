"""Big documents (issue 15): text streamed from the extraction child through a spool file,
chunked a window at a time, embedded and written in bounded groups, with progress people
can read, caps that say what happened, and memory that does not grow with the document."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from docvec_gui.core import db as dbm
from docvec_gui.core import ingest
from docvec_gui.core.extract import extract_file
from docvec_gui.core.extract.spool import BlockSpool
from docvec_gui.core.service import Service, document_json
from faultkit import novel_part, pool  # noqa: F401  (pool: a fixture)

REPO = Path(__file__).resolve().parent.parent


def test_a_big_documents_text_waits_on_disk_not_in_memory(pool, docs_dir, tmp_path):  # noqa: F811
    spool_dir = tmp_path / "spool"
    extractors = pool(1, timeout=120, spool_dir=spool_dir)
    doc = extractors.extract(docs_dir / "war-and-peace.txt")
    try:
        assert isinstance(doc.blocks, BlockSpool) and doc.blocks.on_disk
        reference = extract_file(docs_dir / "war-and-peace.txt")
        assert doc.chars == len(reference.text) > 3_000_000
        assert doc.text == reference.text  # read back in order, twice over (chars was tallied on arrival)
        assert len(doc.blocks) == len(reference.blocks)
        if sys.platform != "win32":  # POSIX: the spool file has no name, nothing to leave behind
            assert list(spool_dir.iterdir()) == []
    finally:
        doc.close()
    # A small document never touches the disk.
    small = extractors.extract(docs_dir / "tracemonkey.pdf")
    assert not small.blocks.on_disk
    small.close()


def test_text_over_the_cap_is_cut_short_while_it_arrives(pool, docs_dir, tmp_path):  # noqa: F811
    """MAX_TEXT_MB is enforced as the text arrives, so a huge text never fills the disk first."""
    from docvec_gui.core.extract.model import ExtractionError

    spool_dir = tmp_path / "spool"
    extractors = pool(1, timeout=120, spool_dir=spool_dir, max_chars=1_000_000)
    with pytest.raises(ExtractionError) as info:
        extractors.extract(docs_dir / "war-and-peace.txt")
    assert info.value.kind == "too_large" and "MAX_TEXT_MB" in str(info.value)
    assert not any(spool_dir.iterdir())
    # The child cut off mid-answer was discarded: the next answer is the next file's own.
    doc = extractors.extract(docs_dir / "tracemonkey.pdf")
    assert "TraceMonkey" in doc.text or "tracing" in doc.text.lower()
    doc.close()


def test_progress_reports_pages_chunks_and_time_left(settings_factory, docs_dir, monkeypatch):
    monkeypatch.setattr(ingest, "STORE_GROUP", 16)  # several groups from a 14-page paper
    seen, notes, hidden, extracting = [], [], [], []
    with Service(settings_factory(workers=1)) as svc:
        def on_event(event):
            if event.kind != "progress":
                return
            if event.extra.get("stage") == "extracting":  # pages read by the extraction child
                assert not seen, "extraction reported after chunks were stored"
                extracting.append(event)
                notes.append(svc.document(event.doc_id).progress_note)
                return
            seen.append(event)
            notes.append(svc.document(event.doc_id).progress_note)
            if len(seen) == 2:
                # Written so far, yet invisible: search skips a document being written.
                store = svc.components.vectors()
                vector = svc.components.embedder().embed(["tracing just-in-time compiler loops"])[0]
                assert event.doc_id in {h.doc_id for h in store.query(vector, 50)}
                hidden.append(all(r.doc_id != event.doc_id for r in
                                  svc.search("tracing just-in-time compiler loops", mode="vector", top_k=50)))

        svc.subscribe(on_event)
        (doc_id,) = [a["id"] for a in svc.add([docs_dir / "tracemonkey.pdf"]).added]
        svc.start_processing()
        assert svc.wait_idle([doc_id], timeout=300)
        doc = svc.document(doc_id)
        assert doc.status == "completed", doc.error_message
        assert len(seen) >= 3
        pages = [e.extra["page"] for e in seen]
        assert pages == sorted(pages) and pages[-1] == doc.page_count == seen[0].extra["page_count"] == 14
        fractions = [e.progress for e in seen]
        assert fractions == sorted(fractions) and 0 < fractions[0] < fractions[-1] < 1
        assert [e.extra["done"] for e in seen] == [16 * (i + 1) for i in range(len(seen) - 1)] + [doc.chunk_count]
        assert seen[-1].extra["eta"] is not None
        assert f"page {pages[-1]} of 14" in seen[-1].message and "chunks" in seen[-1].message
        assert "left" in seen[-1].message
        assert notes == [e.message for e in extracting + seen]  # what the table shows while it runs
        # While the PDF is read: "extracting page x of 14", pages in order, the last one always.
        read = [e.extra["page"] for e in extracting]
        assert read and read == sorted(read) and read[-1] == 14
        assert all(e.progress == 0.0 and e.extra["page_count"] == 14 for e in extracting)
        assert extracting[-1].message == "extracting page 14 of 14"
        assert hidden == [True]
        assert doc.progress_note is None and document_json(doc)["progress_note"] is None


def test_a_chunk_cap_fails_the_document_part_way_and_leaves_nothing(settings_factory, docs_dir, tmp_path):
    big = novel_part(docs_dir, tmp_path, 600_000)
    with Service(settings_factory(workers=1, max_chunks=300)) as svc:
        (doc_id,) = [a["id"] for a in svc.add([big]).added]
        svc.start_processing()
        assert svc.wait_idle([doc_id], timeout=300)
        doc = svc.document(doc_id)
        assert (doc.status, doc.error_kind) == ("error", "too_large")
        assert "more than 300 chunks" in doc.error_message and "MAX_CHUNKS" in doc.error_message
        # The first group had been written; failing removed it again.
        assert dbm.Chunk.select().where(dbm.Chunk.document == doc_id).count() == 0
        assert svc.components.vectors().count_document(doc_id) == 0
        fts = dbm.database_proxy.obj.execute_sql("SELECT count(*) FROM chunk_fts").fetchone()[0]
        assert fts == 0


@pytest.mark.slow
def test_a_big_document_is_processed_in_bounded_memory(tmp_path, model_dir, docs_dir):
    """RSS of the app while it processes 2 MB of text (~2,800 chunks), measured in a fresh
    process against the same process after a small document: about 95 MB here. With the
    former 32 texts per model call, the model's memory arena alone grew by ~450 MB
    (benchmarks/embed_batch.py); holding the whole text, chunks and vectors adds more with
    every megabyte (benchmarks/big_batch.py, docs/BENCHMARKS.md)."""
    big = novel_part(docs_dir, tmp_path, 2_000_000)
    out = subprocess.run([sys.executable, str(REPO / "tests" / "memory_probe.py"), str(tmp_path / "data"),
                          str(model_dir), str(docs_dir / "160F-2019-form.pdf"), str(big)],
                         capture_output=True, text=True, timeout=1500, cwd=REPO)
    assert out.returncode == 0, out.stderr[-3000:]
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert (result["finished"], result["status"]) == (True, "completed"), result
    assert result["chunks"] > 2500
    growth_mb = (result["peak"] - result["baseline"]) / 2**20
    assert growth_mb < 160, f"the app grew by {growth_mb:.0f} MB while processing 2 MB of text"
