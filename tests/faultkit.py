"""Fault-test kit: the invariants every fault test checks once the app has stopped, and
helpers to run the app as a real process.

* every document is ``completed`` or ``error`` (with an allowed kind), nothing pending,
  processing or half-deleted;
* per completed document: vectors = chunk_count = chunk rows = keyword rows; failed ones
  hold none;
* no orphans: no vectors of unknown documents, no library file without a row, no row
  without its stored copy;
* no leftover processes of the app (found by a tag in their environment);
* no traceback on any captured stream.

The check reads the files directly (sqlite3 and an in-process Chroma client), so it sees
what is on disk, not what a running app believes.
"""
from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Iterator

import psutil
import pytest

from prerequisites import missing

# Kinds a fault of the machinery must never produce for a good document.
FAULT_VERDICTS = {"too_large", "corrupt", "timeout", "crashed", "failed", "disk_full", "vector_store"}


def tagged_env(base: dict | None = None) -> tuple[dict, str]:
    """An environment whose processes (and their children) can be found again."""
    tag = uuid.uuid4().hex
    env = dict(os.environ if base is None else base)
    env["DOCVEC_TEST_TAG"] = tag
    return env, tag


def processes_with_tag(tag: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["pid"]):
        try:
            if proc.pid != os.getpid() and proc.environ().get("DOCVEC_TEST_TAG") == tag:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def assert_no_processes(tag: str, within: float = 5.0) -> None:
    deadline = time.monotonic() + within
    while True:
        left = [p for p in processes_with_tag(tag) if _alive(p)]
        if not left:
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"leftover processes: {[(p.pid, p.cmdline()) for p in left]}")
        time.sleep(0.2)


def _alive(proc: psutil.Process) -> bool:
    try:
        return proc.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


WORKER_MODULE = "docvec_gui.core.extract.worker"


def extraction_children(of: int | None = None) -> list[psutil.Process]:
    """Running extraction children of ``of`` (default: this process); zombies count as gone."""
    found = []
    for proc in psutil.Process(of).children(recursive=True):
        try:
            if WORKER_MODULE in " ".join(proc.cmdline()) and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except psutil.NoSuchProcess:
            pass
    return found


def running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def children_of_self() -> list[psutil.Process]:
    """Live child processes, without multiprocessing's own resource tracker (it belongs to
    Python, starts with the first spawned child and ends with this process)."""
    found = []
    for proc in psutil.Process().children(recursive=True):
        try:
            if _alive(proc) and "resource_tracker" not in " ".join(proc.cmdline()):
                found.append(proc)
        except psutil.NoSuchProcess:
            continue
    return found


def assert_no_traceback(*streams: str | bytes) -> None:
    for stream in streams:
        text = stream.decode("utf-8", "replace") if isinstance(stream, bytes) else (stream or "")
        assert "Traceback" not in text, text[-3000:]


def vector_counts(data_dir: Path) -> dict[str, int]:
    """Vectors per document id, read from the embedded Chroma directory."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    client = chromadb.PersistentClient(path=str(data_dir / "chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))
    counts: dict[str, int] = {}
    for collection in client.list_collections():
        col = client.get_collection(collection.name if hasattr(collection, "name") else collection)
        offset = 0
        while True:
            page = col.get(include=["metadatas"], limit=5000, offset=offset)
            for meta in page["metadatas"]:
                counts[meta["doc_id"]] = counts.get(meta["doc_id"], 0) + 1
            if len(page["ids"]) < 5000:
                break
            offset += 5000
    return counts


def check(data_dir: Path, allowed_errors: dict[str, str] | None = None, allow_unfinished: bool = False,
          vectors: bool = True) -> dict:
    """Assert the invariants; ``allowed_errors`` maps filename -> expected error kind.
    Returns a summary (counts per status)."""
    allowed_errors = allowed_errors or {}
    conn = sqlite3.connect(f"file:{data_dir / 'docvec.db'}?mode=ro", uri=True)
    try:
        docs = conn.execute("SELECT id, filename, status, chunk_count, error_kind, error_message, stored_path "
                            "FROM documents").fetchall()
        chunk_rows = dict(conn.execute("SELECT document_id, count(*) FROM chunks GROUP BY document_id").fetchall())
        fts_rows = dict(conn.execute("SELECT c.document_id, count(*) FROM chunk_fts f JOIN chunks c "
                                     "ON c.id = f.rowid GROUP BY c.document_id").fetchall())
        orphan_fts = conn.execute("SELECT count(*) FROM chunk_fts WHERE rowid NOT IN "
                                  "(SELECT id FROM chunks)").fetchone()[0]
    finally:
        conn.close()
    assert orphan_fts == 0, f"{orphan_fts} keyword rows without a chunk"
    counts = vector_counts(data_dir) if vectors else {}
    summary: dict[str, int] = {}
    ids = set()
    for doc_id, filename, status, chunk_count, kind, message, stored in docs:
        ids.add(doc_id)
        summary[status] = summary.get(status, 0) + 1
        if status in ("pending", "processing") and allow_unfinished:
            continue
        assert status in ("completed", "error"), f"{filename}: left {status}"
        if status == "completed":
            assert chunk_count > 0, filename
            assert chunk_rows.get(doc_id, 0) == chunk_count == fts_rows.get(doc_id, 0), (
                filename, chunk_count, chunk_rows.get(doc_id), fts_rows.get(doc_id))
            if vectors:
                assert counts.get(doc_id, 0) == chunk_count, (filename, counts.get(doc_id), chunk_count)
        else:
            expected = allowed_errors.get(filename)
            assert expected == kind, f"{filename}: error {kind}: {message} (expected {expected})"
            assert chunk_rows.get(doc_id, 0) == 0, filename
        assert Path(stored).is_file(), f"{filename}: stored copy missing"
    if vectors:
        unknown = set(counts) - ids
        assert not unknown, f"vectors of unknown documents: {unknown}"
    stored_paths = {str(Path(d[6])) for d in docs}
    library = data_dir / "library"
    files = {str(p) for p in library.rglob("*") if p.is_file() and ".incoming" not in p.parts}
    assert files <= stored_paths, f"orphan library files: {files - stored_paths}"
    return summary


# -- running the app ----------------------------------------------------------------------
REPO = Path(__file__).resolve().parent.parent


def app_env(data_dir: Path, model_dir: Path, **extra: str) -> tuple[dict, str]:
    """Environment for CLI runs of the app on ``data_dir``, tagged to find its processes."""
    env, tag = tagged_env()
    env.update(DOCVEC_DATA_DIR=str(data_dir), DOCVEC_MODEL_DIR=str(model_dir), DOCVEC_WORKERS="2",
               DOCVEC_EMBED_THREADS="1")
    env.update(extra)
    return env, tag


def cli(*args: str) -> list[str]:
    import sys

    return [sys.executable, "-m", "docvec_gui", *args]


def run(env: dict, *args: str, timeout: float = 900, check_rc: int | None = 0):
    import subprocess

    out = subprocess.run(cli(*args), env=env, capture_output=True, text=True, timeout=timeout, cwd=REPO)
    assert_no_traceback(out.stdout, out.stderr)
    if check_rc is not None:
        assert out.returncode == check_rc, (args, out.returncode, out.stderr[-2000:])
    return out


STARTED: list = []  # every app process a test started; killed after the test if still running


def start(env: dict, *args: str):
    """A CLI process in its own session (so a test can signal its whole group)."""
    import subprocess

    proc = subprocess.Popen(cli(*args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, cwd=REPO)
    STARTED.append(proc)
    return proc


def kill_started() -> list[int]:
    """Kill (with their process groups) the app processes a failed test left running."""
    import signal

    left = [p for p in STARTED if p.poll() is None]
    for proc in left:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(10)
    STARTED.clear()
    return [p.pid for p in left]


def status(env: dict) -> dict:
    import json

    return json.loads(run(env, "status", "--json").stdout)


def wait_for(predicate, timeout: float, what: str = "condition", poll: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(poll)


def by_name(status_json: dict) -> dict[str, dict]:
    return {d["filename"]: d for d in status_json["documents"]}


def small_documents(manifest: list[dict], count: int, max_bytes: int = 150_000) -> list[str]:
    rows = [r for r in manifest if r["expected_outcome"] == "text" and int(r["size_bytes"]) < max_bytes]
    rows.sort(key=lambda r: r["file"])
    return [r["file"] for r in rows[:count]]


def novel_part(docs_dir: Path, folder: Path, size: int, name: str = "novel-part.txt") -> Path:
    """A big text document: the first ``size`` bytes of War and Peace, cut at a line end."""
    data = (docs_dir / "war-and-peace.txt").read_bytes()[:size]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data[: data.rfind(b"\n") + 1])
    return path


def fill_inbox(inbox: Path, docs_dir: Path, names: list[str]) -> Path:
    import shutil

    inbox.mkdir(parents=True, exist_ok=True)
    for name in names:
        shutil.copy(docs_dir / name, inbox / name)
    return inbox


# -- fixtures shared by the extraction-pool tests (import them into a test module) ----------
@pytest.fixture(autouse=True)
def no_leftover_children():
    yield
    left = extraction_children()
    for proc in left:  # do not let one failure poison the next test
        proc.kill()
    assert not left, f"extraction children left behind: {[p.pid for p in left]}"


@pytest.fixture()
def pool():
    """A factory of ExtractorPools that are all closed (within a bound) after the test."""
    from docvec_gui.core.extract.sandbox import ExtractorPool

    pools: list = []

    def make(*args: object, **kwargs: object):
        pools.append(ExtractorPool(*args, **kwargs))
        return pools[-1]

    yield make
    for p in pools:
        assert p.close(timeout=10)


@contextlib.contextmanager
def tmpfs(where: Path, size_mb: int) -> Iterator[Path]:
    """A real tmpfs of ``size_mb`` MB mounted at ``where`` (created) for a real full disk.
    Needs Linux and root (CI runs as root): fails in CI, skips elsewhere, when it cannot."""
    import subprocess
    import sys

    if sys.platform != "linux" or os.geteuid() != 0:
        missing("mounting a tmpfs needs Linux and root")
    where.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m,mode=0700", "tmpfs", str(where)], check=True)
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)
