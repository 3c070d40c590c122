"""`docvec model use` killed with SIGKILL half-way (issue 9): the library keeps its model and
its searches; run again, the switch resumes and every chunk gets exactly one new vector."""
import json
import os
import re
import signal
import sqlite3
import sys
import threading

import pytest

from faultkit import app_env, assert_no_processes, check, fill_inbox, run, start, vector_counts, wait_for

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"), pytest.mark.slow]


def _meta(db) -> dict:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
    try:
        return dict(conn.execute("SELECT key, value FROM library_meta").fetchall())
    finally:
        conn.close()


def test_sigkill_mid_switch_resumes(tmp_path, docs_dir, model_dir, multilingual_dir):
    inbox = fill_inbox(tmp_path / "inbox", docs_dir, ["maint-guide.en.txt", "simple.odt", "tracemonkey.pdf"])
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    # The model folder comes from settings.json, which the switch rewrites (an environment
    # variable would win over it, and the switch refuses to start then).
    del env["DOCVEC_MODEL_DIR"]
    data.mkdir(mode=0o700)
    (data / "settings.json").write_text(json.dumps({"model_dir": str(model_dir)}))
    run(env, "add", "--wait", str(inbox))
    switch = start(env, "model", "use", str(multilingual_dir), "--yes")
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(iter(lambda: switch.stderr.read(1), "")), daemon=True)
    reader.start()
    # "<done>/<total> chunks": the first group is written, the rest is not.
    wait_for(lambda: re.search(r"\d+/[\d,]+ chunks", "".join(said)), 300, what="the switch's first progress line",
             poll=0.2)
    os.kill(switch.pid, signal.SIGKILL)
    switch.wait(30)
    assert_no_processes(tag, within=5)
    meta = _meta(data / "docvec.db")
    assert '"all-MiniLM-L6-v2"' in meta["model"] and "multilingual-e5-small" in meta["model_switch"]
    out = run(env, "search", "--json", "maintainer", "--mode", "vector")  # still the old model's vectors
    assert '"maint-guide.en.txt"' in out.stdout
    final = run(env, "model", "use", str(multilingual_dir), "--yes", timeout=900)
    assert "the library now uses multilingual-e5-small" in final.stdout
    meta = _meta(data / "docvec.db")
    assert '"multilingual-e5-small"' in meta["model"] and "model_switch" not in meta
    listed = run(env, "model", "list")
    assert any(line.startswith("* multilingual-e5-small") for line in listed.stdout.splitlines()), listed.stdout
    # The new collection: exactly chunk_count vectors per document (faultkit counts the library model's).
    summary = check(data)
    assert summary == {"completed": 3}
    assert sum(vector_counts(data).values()) > 0
    assert_no_processes(tag)
