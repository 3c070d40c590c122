"""Storage faults: a delete that fails half-way, a lost or truncated vector store, damaged
metadata and queue databases."""
import os
import shutil
import signal
import sqlite3
import sys
from pathlib import Path

import pytest

from docvec_gui.core import db as dbm
from docvec_gui.core.service import Service
from faultkit import app_env, assert_no_processes, check, children_of_self, fill_inbox, run, status, wait_for

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
THREE = ["google-doc-document.pdf", "testWORD_various.docx", "fake-email.eml"]


def _completed(settings, docs_dir, names=THREE) -> list[str]:
    with Service(settings) as svc:
        ids = [a["id"] for a in svc.add([docs_dir / n for n in names]).added]
        assert svc.wait_idle(timeout=300)
        assert {d.status for d in svc.documents()} == {"completed"}
    return ids


def test_delete_when_the_vector_store_fails_is_finished_later(settings_factory, docs_dir):
    settings = settings_factory()
    ids = _completed(settings, docs_dir)
    with Service(settings) as svc:
        stored = Path(svc.document(ids[0]).stored_path)
        store = svc.vectors()
        os.kill(store.pid, signal.SIGKILL)  # Chroma fails right when the delete needs it
        svc.delete(ids[0])
        # To the user the document is gone at once; on disk a tombstone remains.
        assert [d.id for d in svc.documents()] == ids[1:]
        assert dbm.Document.get_by_id(ids[0]).status == "deleting"
        # The same file added again meanwhile gets its own row and keeps the shared copy.
        readded = svc.add([docs_dir / THREE[0]]).added
        assert len(readded) == 1 and Path(svc.document(readded[0]["id"]).stored_path) == stored
        assert svc.wait_idle(timeout=300)
    with Service(settings) as svc:  # the next start finishes the tombstone once the store is up
        svc.vectors()
        wait_for(lambda: dbm.Document.get_or_none(dbm.Document.id == ids[0]) is None, 60, what="sweep")
        assert stored.is_file()  # still referenced by the re-added document
        assert svc.wait_idle(timeout=300)
    check(settings.data_dir)
    assert not children_of_self()


def test_delete_removes_the_copy_when_nothing_else_refers_to_it(settings_factory, docs_dir):
    settings = settings_factory()
    ids = _completed(settings, docs_dir)
    with Service(settings) as svc:
        stored = Path(svc.document(ids[1]).stored_path)
        svc.delete(ids[1])
        assert not stored.exists()
    check(settings.data_dir)


@pytest.mark.parametrize("damage", ["deleted", "emptied", "truncated"])
def test_lost_vector_store_is_detected_and_rebuilt_from_chunks(settings_factory, docs_dir, damage):
    settings = settings_factory()
    ids = _completed(settings, docs_dir)
    chroma = settings.chroma_path
    if damage == "deleted":
        shutil.rmtree(chroma)
    elif damage == "emptied":
        for child in chroma.iterdir():
            shutil.rmtree(child) if child.is_dir() else child.unlink()
    else:
        with open(chroma / "chroma.sqlite3", "r+b") as fh:
            fh.truncate(100)
    with Service(settings) as svc:
        svc.vectors()
        # The start-up check notices and repairs by itself: no re-extraction.
        svc.start_processing()
        wait_for(lambda: svc.health(load=True)["vector_store"]["ok"] and svc.counts()["completed"] == 3, 300,
                 what="repair")
        assert svc.wait_idle(timeout=300)
        assert svc.components._extractors is None  # nothing was extracted again
        hits = svc.search("namespaces are one honking great idea", mode="vector", top_k=3)
        assert hits and hits[0].doc_id in ids
    check(settings.data_dir)


def test_health_is_not_ok_while_vectors_are_missing(settings_factory, docs_dir):
    settings = settings_factory()
    _completed(settings, docs_dir)
    shutil.rmtree(settings.chroma_path)
    with Service(settings) as svc:  # processing not started: the repair is queued, not done
        report = svc.health(load=True)
        assert report["ok"] is False and "missing" in report["vector_store"]["detail"]


def test_check_and_repair_cli(tmp_path, docs_dir, model_dir):
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, THREE)
    env, tag = app_env(tmp_path / "data", model_dir)
    run(env, "add", "--wait", str(inbox))
    assert run(env, "check").returncode == 0
    data = tmp_path / "data"
    # Drift: an orphan library file, a keyword row removed, a vector store wiped.
    orphan = data / "library" / "ff" / ("f" * 64 + ".txt")
    orphan.parent.mkdir(parents=True, exist_ok=True)
    orphan.write_text("nobody's file")
    conn = sqlite3.connect(data / "docvec.db")
    conn.execute("DELETE FROM chunk_fts WHERE rowid = (SELECT min(id) FROM chunks)")
    conn.commit()
    conn.close()
    found = run(env, "check", "--json", check_rc=1)
    kinds = {p["kind"] for p in __import__("json").loads(found.stdout)["problems"]}
    assert {"orphan_file", "fts_drift"} <= kinds, kinds
    run(env, "check", "--repair")
    assert run(env, "check").returncode == 0
    assert not orphan.exists()
    check(data)
    assert_no_processes(tag)


def test_damaged_metadata_database(tmp_path, docs_dir, model_dir):
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, THREE)
    env, tag = app_env(tmp_path / "data", model_dir)
    run(env, "add", "--wait", str(inbox))  # a clean close leaves a backup
    db = tmp_path / "data" / "docvec.db"
    db.write_bytes(b"this is not a database" * 1000)
    for args in (("status",), ("add", str(inbox)), ("search", "idea"), ("health",)):
        out = run(env, *args, check_rc=1)
        assert out.stderr.count("\n") == 1 and out.stderr.startswith("error: database:"), out.stderr
        assert "check --repair" in out.stderr
    run(env, "check", "--repair")
    docs = status(env)["documents"]
    assert len(docs) == 3 and {d["status"] for d in docs} == {"completed"}
    check(tmp_path / "data")
    assert_no_processes(tag)


def test_damaged_queue_database_is_rebuilt(tmp_path, docs_dir, model_dir):
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, THREE)
    env, tag = app_env(tmp_path / "data", model_dir)
    run(env, "add", str(inbox))
    (tmp_path / "data" / "queue.db").write_bytes(b"\x00garbage" * 4096)
    run(env, "run")
    assert {d["status"] for d in status(env)["documents"]} == {"completed"}
    assert list((tmp_path / "data").glob("queue.db.damaged-*"))
    check(tmp_path / "data")


def test_pickled_task_in_the_queue_is_never_run(tmp_path, docs_dir, model_dir):
    """A queue file received from someone else must not execute code when opened."""
    import pickle

    env, tag = app_env(tmp_path / "data", model_dir)
    run(env, "add", str(fill_inbox(tmp_path / "inbox", docs_dir, ["simple.odt"])))
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    conn = sqlite3.connect(tmp_path / "data" / "queue.db")
    conn.execute("INSERT INTO task(queue, data, priority) VALUES ('docvec', ?, 0)", (pickle.dumps(Evil()),))
    conn.commit()
    conn.close()
    run(env, "run")
    assert not marker.exists()
    assert status(env)["counts"]["completed"] == 1
