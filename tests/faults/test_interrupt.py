"""Stopping never judges a document: Ctrl-C of the CLI, Stop now and Finish of the window's
close, each during a long extraction; the document goes back to pending and resumes."""
import os
import signal
import sys
import time

import pytest

from docvec_gui.core.service import Service
from faultkit import (app_env, assert_no_processes, assert_no_traceback, by_name, check, children_of_self,
                      fill_inbox, run, start, status, wait_for)

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"), pytest.mark.slow]
BIG = "tracemonkey.pdf"  # seconds of processing (extraction, then ~100 chunks to embed)


def test_ctrl_c_of_add_wait_returns_documents_to_pending(tmp_path, docs_dir, model_dir):
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, [BIG, "simple.odt", "fake-email.eml"])
    env, tag = app_env(tmp_path / "data", model_dir)
    app = start(env, "add", "--wait", str(inbox))
    wait_for(lambda: _db_status(tmp_path / "data", BIG) == "processing", 120, "extraction", poll=0.05)
    time.sleep(1.0)
    os.killpg(app.pid, signal.SIGINT)  # what Ctrl-C in the terminal does: the whole foreground group
    out, err = app.communicate(timeout=60)
    assert app.returncode == 1
    assert_no_traceback(out, err)
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1 and lines[0].startswith("error: interrupted:"), err
    doc = by_name(status(env))[BIG]
    assert doc["status"] == "pending" and doc["error_kind"] is None, doc
    assert_no_processes(tag)
    run(env, "run", timeout=900)
    assert {d["status"] for d in status(env)["documents"]} == {"completed"}
    check(tmp_path / "data")


def _db_status(data_dir, filename):
    """Read straight from the file (the status CLI takes longer than the extraction)."""
    import sqlite3

    if not (data_dir / "docvec.db").exists():
        return None
    conn = sqlite3.connect(f"file:{data_dir / 'docvec.db'}?mode=ro", uri=True, timeout=5)
    try:
        row = conn.execute("SELECT status FROM documents WHERE filename = ?", (filename,)).fetchone()
    except sqlite3.OperationalError:  # not created yet
        return None
    finally:
        conn.close()
    return row[0] if row else None


def _extracting(svc: Service) -> bool:
    return any(r.phase == "extracting" for r in svc.registry.runs())


def test_close_stop_now_then_finish_then_restart(settings_factory, docs_dir):
    settings = settings_factory()
    svc = Service(settings).open()
    doc_id = svc.add([docs_dir / BIG]).added[0]["id"]
    wait_for(lambda: _extracting(svc), 60, "extraction", poll=0.02)
    time.sleep(0.5)
    started = time.monotonic()
    assert svc.close(finish=False) is False  # "Stop now"
    assert time.monotonic() - started < 15
    assert not children_of_self()

    svc = Service(settings).open()
    doc = svc.document(doc_id)
    assert (doc.status, doc.error_kind, doc.attempts) == ("pending", None, 0)
    svc.start_processing()
    wait_for(lambda: _extracting(svc), 60, "extraction", poll=0.02)
    started = time.monotonic()
    assert svc.close(timeout=2, finish=True) is False  # "Finish" running past its timeout
    assert time.monotonic() - started < 20
    assert not children_of_self()

    svc = Service(settings).open()
    assert svc.document(doc_id).status == "pending"
    svc.start_processing()
    assert svc.wait_idle(timeout=600)
    assert svc.document(doc_id).status == "completed"
    svc.close()
    check(settings.data_dir)
    assert not children_of_self()
