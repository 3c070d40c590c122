"""SIGKILL mid-run loses nothing and duplicates nothing."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest

from conftest import cli_cmd, cli_env

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX"), pytest.mark.slow]


def _status(env):
    out = subprocess.run(cli_cmd("status", "--json"), env=env, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_sigkill_mid_run_then_restart(tmp_path, manifest, docs_dir, model_dir):
    usable = [r for r in manifest if r["expected_outcome"] == "text" and int(r["size_bytes"]) < 150_000]
    usable.sort(key=lambda r: r["file"])
    picked = usable[:50]
    assert len(picked) == 50
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for row in picked:
        shutil.copy(docs_dir / row["file"], inbox / row["file"])
    env = cli_env(tmp_path / "data", model_dir)
    subprocess.run(cli_cmd("add", str(inbox)), env=env, check=True, capture_output=True)
    assert _status(env)["counts"]["pending"] == 50

    run = subprocess.Popen(cli_cmd("run"), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        counts = _status(env)["counts"]  # read-only status while the runner owns the directory
        if counts["completed"] >= 8 and counts["processing"] >= 1:
            break
        time.sleep(0.2)
    os.kill(run.pid, signal.SIGKILL)
    run.wait()
    killed_at = _status(env)["counts"]
    assert 0 < killed_at["completed"] < 50, killed_at

    subprocess.run(cli_cmd("run"), env=env, check=True, capture_output=True, timeout=900)
    status = _status(env)
    assert status["counts"]["completed"] + status["counts"]["error"] == 50
    assert status["counts"]["error"] == 0, [d for d in status["documents"] if d["status"] == "error"]

    check = (
        "import json,sys\n"
        "from docvec_gui.core.config import load_settings\n"
        "from docvec_gui.core.service import Service\n"
        "with Service(load_settings()).open() as s:\n"
        "    v = s.vectors()\n"
        "    print(json.dumps({d.id: [d.chunk_count, v.count_document(d.id), len(s.chunks(d.id))]"
        " for d in s.documents()}))\n"
        "    print(v.count())\n"
    )
    out = subprocess.run([sys.executable, "-c", check], env=env, capture_output=True, text=True, check=True)
    per_doc_line, total_line = out.stdout.strip().splitlines()
    per_doc = json.loads(per_doc_line)
    assert len(per_doc) == 50
    for doc_id, (chunk_count, vectors, chunks) in per_doc.items():
        assert chunk_count == vectors == chunks > 0, doc_id
    assert int(total_line) == sum(c for c, _, _ in per_doc.values())  # no stray or duplicated vectors
