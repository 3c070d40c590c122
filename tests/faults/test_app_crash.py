"""The app process dies: SIGKILL at random moments (as a crash, the OOM killer or a power cut
would), and a fatal signal twice on the same document."""
import os
import random
import signal
import sys
import time

import pytest

from faultkit import (app_env, assert_no_processes, by_name, check, fill_inbox, run, small_documents, start,
                      status, wait_for)

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
