"""The app process dies: SIGKILL at random moments (as a crash, the OOM killer or a power cut
would), and a fatal signal twice on the same document."""
import os
import random
import signal
import sqlite3
import sys
import time

from pathlib import Path

import pytest

from faultkit import (app_env, assert_no_processes, by_name, check, fill_inbox, novel_part, run, small_documents,
                      start, status, wait_for)

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"), pytest.mark.slow]


def test_sigkill_app_three_times_loses_nothing(tmp_path, manifest, docs_dir, model_dir):
    names = small_documents(manifest, 24) + ["tracemonkey.pdf"]
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, names)
    env, tag = app_env(tmp_path / "data", model_dir)
    run(env, "add", str(inbox))
    rng = random.Random(20261128)
    for round_ in range(3):
        app = start(env, "run")
        # Kill once real work is under way: something completed or at least processing.
        wait_for(lambda: status(env)["counts"]["processing"] >= 1, 120, what="processing")
        time.sleep(rng.uniform(0.5, 4.0))
        os.kill(app.pid, signal.SIGKILL)
        app.wait(30)
        # Its extraction workers and vector-store child must go with it.
        assert_no_processes(tag, within=5)
    final = run(env, "run", timeout=900)
    assert "completed 25" in final.stdout, final.stdout
    summary = check(tmp_path / "data")
    assert summary == {"completed": 25}
    assert_no_processes(tag)


def _chunk_rows(db: Path) -> tuple[str | None, int]:
    """(status, chunk rows) of the only document, read while the app writes."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            row = conn.execute("SELECT status, (SELECT count(*) FROM chunks) FROM documents").fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None, 0
    return row if row else (None, 0)


def test_sigkill_mid_way_through_a_big_document_resumes_without_duplicates(tmp_path, docs_dir, model_dir):
    """Issue 15: a big document is written in groups before it completes. Killed after its
    first group, the app restarts, clears the partial rows and writes every chunk once."""
    novel_part(docs_dir, tmp_path / "inbox", 400_000)
    env, tag = app_env(tmp_path / "data", model_dir, DOCVEC_WORKERS="1")
    run(env, "add", str(tmp_path / "inbox"))
    db = tmp_path / "data" / "docvec.db"
    app = start(env, "run")
    wait_for(lambda: _chunk_rows(db)[1] >= 256, 300, what="the first group of chunks written")
    os.kill(app.pid, signal.SIGKILL)
    app.wait(30)
    assert_no_processes(tag, within=5)
    state, rows = _chunk_rows(db)
    assert state == "processing" and 256 <= rows, (state, rows)  # partial rows of an unfinished document
    final = run(env, "run", timeout=900)
    assert "completed 1" in final.stdout, final.stdout
    assert check(tmp_path / "data") == {"completed": 1}  # vectors = chunk_count = keyword rows
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        first, last, count, chunk_count = conn.execute(
            'SELECT min("index"), max("index"), count(*), (SELECT chunk_count FROM documents) FROM chunks').fetchone()
    finally:
        conn.close()
    assert (first, last, count) == (0, chunk_count - 1, chunk_count) and chunk_count > 500
    assert_no_processes(tag)


def test_fatal_signal_twice_fails_the_document_as_crashed(tmp_path, manifest, docs_dir, model_dir):
    """A document that took the app down twice (a fatal signal while it was processing)
    fails as ``crashed`` instead of crashing the app at every start."""
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, ["DA-619p.pdf"])
    env, tag = app_env(tmp_path / "data", model_dir, DOCVEC_WORKERS="1")
    run(env, "add", str(inbox))
    for round_ in range(2):
        app = start(env, "run")
        wait_for(lambda: by_name(status(env))["DA-619p.pdf"]["status"] == "processing", 120, what="processing")
        time.sleep(1.0)
        os.kill(app.pid, signal.SIGSEGV)  # faulthandler records it: evidence of a fatal crash
        app.wait(30)
        assert app.returncode == -signal.SIGSEGV
        assert_no_processes(tag, within=5)
    final = run(env, "run", timeout=300)
    doc = by_name(status(env))["DA-619p.pdf"]
    assert (doc["status"], doc["error_kind"]) == ("error", "crashed"), doc
    assert "crashed twice" in doc["error"]
    assert "error 1" in final.stdout
    check(tmp_path / "data", allowed_errors={"DA-619p.pdf": "crashed"})
    # Re-processing is the user's choice and starts a fresh count.
    doc_id = doc["id"]
    run(env, "process", doc_id[:8])
    assert by_name(status(env))["DA-619p.pdf"]["status"] == "pending"
    assert_no_processes(tag)
