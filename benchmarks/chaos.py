"""Chaos benchmark: 200 real documents, a random SIGKILL of the app or one of its children
every 5-20 s for 10 minutes, then a final run to idle.

    cd benchmarks && ../.venv/bin/python chaos.py [--minutes 10] [--seed 1] [--data-dir DIR]

Documents: the 107 files of ../shared/testdata/docs (92 with text, 15 with a known error
kind) and 93 SciFact abstracts as text files. The app is the real CLI (`docvec run`) with
its real children (extraction workers, vector-store process). Whenever a run finishes
before the time is up, 10 random documents are deleted and added again, so there is
always work (and deletes) to interrupt.

Reports: lost (added files with no row), duplicated (two live rows for one file, or more
vectors than chunks), orphaned (vectors of unknown documents, library files without a row,
keyword rows without a chunk), failed by fault (an error whose kind is not the file's
expected verdict), plus the kill counts. Exit status 1 unless all four are 0.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import psutil

from common import DOCS, MODEL_DIR, REPO, SCIFACT

sys.path.insert(0, str(REPO / "tests" / "faults"))
from faultkit import vector_counts  # noqa: E402  (the same reader the fault tests use)


def build_inbox(inbox: Path, scifact_count: int) -> dict[str, str | None]:
    """Copy the documents; filename -> expected error kind (None = completes)."""
    expected: dict[str, str | None] = {}
    with open(DOCS.parent / "MANIFEST.tsv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            shutil.copy(DOCS / row["file"], inbox / row["file"])
            outcome = row["expected_outcome"]
            expected[row["file"]] = outcome.split(":", 1)[1] if outcome.startswith("error:") else None
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if scifact_count <= 0:
                break
            doc = json.loads(line)
            name = f"scifact-{doc['_id']}.txt"
            (inbox / name).write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
            expected[name] = None
            scifact_count -= 1
    return expected


def cli(env: dict, *args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "docvec_gui", *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=REPO)


def tagged(tag: str) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter():
        try:
            if proc.environ().get("DOCVEC_TEST_TAG") == tag and proc.status() != psutil.STATUS_ZOMBIE:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def victims(app: subprocess.Popen, tag: str) -> dict[str, list[psutil.Process]]:
    kinds: dict[str, list[psutil.Process]] = {"app": [], "vector-store": [], "extraction": []}
    for proc in tagged(tag):
        try:
            line = " ".join(proc.cmdline())
        except psutil.Error:
            continue
        if proc.pid == app.pid:
            kinds["app"].append(proc)
        elif "extract" in line:
            kinds["extraction"].append(proc)
        elif "resource_tracker" in line:
            continue  # Python's own helper, not one of the app's children
        elif "multiprocessing" in line or "spawn_main" in line:
            kinds["vector-store"].append(proc)
    return kinds


def churn(env: dict, inbox: Path, rng: random.Random, tracebacks: list[str]) -> None:
    """Delete and re-add 10 random documents so the next run has work."""
    docs = json.loads(cli(env, "status", "--json").stdout)["documents"]
    for doc in rng.sample(docs, min(10, len(docs))):
        out = cli(env, "delete", doc["id"])
        tracebacks.extend(o for o in (out.stderr,) if "Traceback" in o)
        out = cli(env, "add", str(inbox / doc["filename"]))
        tracebacks.extend(o for o in (out.stderr,) if "Traceback" in o)


def chaos(env: dict, tag: str, inbox: Path, minutes: float, rng: random.Random) -> tuple[dict, list[str]]:
    kills = {"app": 0, "vector-store": 0, "extraction": 0}
    tracebacks: list[str] = []
    end = time.monotonic() + minutes * 60
    app = None
    next_kill = time.monotonic() + rng.uniform(5, 20)
    while time.monotonic() < end:
        if app is None or app.poll() is not None:
            if app is not None:
                _, err = app.communicate()
                if "Traceback" in err:
                    tracebacks.append(err)
                if app.returncode == 0:
                    churn(env, inbox, rng, tracebacks)
            app = subprocess.Popen([sys.executable, "-m", "docvec_gui", "run"], env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, start_new_session=True, cwd=REPO)
        if time.monotonic() >= next_kill:
            present = {k: v for k, v in victims(app, tag).items() if v}
            if present:
                kind = rng.choice(sorted(present))
                target = rng.choice(present[kind])
                try:
                    target.send_signal(signal.SIGKILL)
                    kills[kind] += 1
                    print(f"{time.strftime('%H:%M:%S')} killed {kind} {target.pid}", flush=True)
                except psutil.NoSuchProcess:
                    pass
            next_kill = time.monotonic() + rng.uniform(5, 20)
        time.sleep(0.2)
    if app is not None and app.poll() is None:
        app.send_signal(signal.SIGKILL)
        kills["app"] += 1
        app.wait()
    return kills, tracebacks


def audit(data_dir: Path, expected: dict[str, str | None]) -> dict:
    conn = sqlite3.connect(f"file:{data_dir / 'docvec.db'}?mode=ro", uri=True)
    docs = conn.execute("SELECT id, filename, status, chunk_count, error_kind, sha256, stored_path FROM documents"
                        ).fetchall()
    chunk_rows = dict(conn.execute("SELECT document_id, count(*) FROM chunks GROUP BY document_id").fetchall())
    fts_rows = dict(conn.execute("SELECT c.document_id, count(*) FROM chunk_fts f JOIN chunks c ON c.id = f.rowid "
                                 "GROUP BY c.document_id").fetchall())
    orphan_fts = conn.execute("SELECT count(*) FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM chunks)").fetchone()[0]
    conn.close()
    vectors = vector_counts(data_dir)
    by_name: dict[str, list] = {}
    for row in docs:
        by_name.setdefault(row[1], []).append(row)
    lost = sorted(set(expected) - set(by_name))
    duplicated = [n for n, rows in by_name.items() if len(rows) > 1]
    unfinished, failed_by_fault, mismatched = [], [], []
    for doc_id, name, status, chunk_count, kind, _sha, _stored in docs:
        if status not in ("completed", "error"):
            unfinished.append((name, status))
        elif status == "error" and kind != expected.get(name):
            failed_by_fault.append((name, kind))
        elif status == "completed" and not (chunk_count == chunk_rows.get(doc_id, 0) == fts_rows.get(doc_id, 0)
                                            == vectors.get(doc_id, 0)):
            mismatched.append((name, chunk_count, chunk_rows.get(doc_id, 0), fts_rows.get(doc_id, 0),
                               vectors.get(doc_id, 0)))
        if status == "completed" and vectors.get(doc_id, 0) > chunk_count:
            duplicated.append(name)
    ids = {d[0] for d in docs}
    stored = {d[6] for d in docs}
    orphan_vectors = sorted(set(vectors) - ids)
    files = {str(p) for p in (data_dir / "library").rglob("*") if p.is_file() and ".incoming" not in p.parts}
    orphan_files = sorted(files - stored)
    wrong_verdicts = [(n, rows[0][4], expected.get(n)) for n, rows in by_name.items()
                      if rows[0][2] == "completed" and expected.get(n)]
    return {"documents": len(docs), "lost": len(lost), "duplicated": len(duplicated),
            "orphaned": len(orphan_vectors) + len(orphan_files) + orphan_fts, "failed_by_fault": len(failed_by_fault),
            "unfinished": len(unfinished), "count_mismatches": len(mismatched),
            "details": {"lost": lost, "duplicated": duplicated, "orphan_vectors": orphan_vectors[:10],
                        "orphan_files": orphan_files[:10], "orphan_fts": orphan_fts,
                        "failed_by_fault": failed_by_fault, "unfinished": unfinished, "mismatched": mismatched[:10],
                        "completed_though_expected_error": wrong_verdicts}}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--scifact", type=int, default=93)
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docvec-chaos-"))
    data_dir = args.data_dir or work / "data"
    inbox = work / "inbox"
    inbox.mkdir()
    expected = build_inbox(inbox, args.scifact)
    tag = uuid.uuid4().hex
    env = dict(os.environ, DOCVEC_DATA_DIR=str(data_dir), DOCVEC_MODEL_DIR=str(MODEL_DIR), DOCVEC_TEST_TAG=tag)
    rng = random.Random(args.seed)
    started = time.monotonic()
    added = cli(env, "add", str(inbox), "--json")
    report = json.loads(added.stdout)
    print(f"added {len(report['added'])}, duplicates {len(report['duplicates'])}, refused {len(report['refused'])}: "
          f"{[(r['path'].rsplit('/', 1)[-1], r['kind']) for r in report['refused']]}", flush=True)
    # Refused at add time (e.g. not a document): they never become rows, and are not "lost".
    for refused in report["refused"] + report["duplicates"]:
        expected.pop(Path(refused["path"]).name, None)
    kills, tracebacks = chaos(env, tag, inbox, args.minutes, rng)
    chaos_s = time.monotonic() - started
    final_started = time.monotonic()
    final = cli(env, "run", timeout=3600)
    if "Traceback" in final.stderr:
        tracebacks.append(final.stderr)
    check = cli(env, "check", "--json")
    leftovers = [p.pid for p in tagged(tag)]
    result = audit(data_dir, expected)
    result.update(kills=kills, chaos_seconds=round(chaos_s), final_run_seconds=round(time.monotonic() - final_started),
                  final_run_rc=final.returncode, check_rc=check.returncode, leftover_processes=leftovers,
                  tracebacks=len(tracebacks), seed=args.seed, expected_documents=len(expected))
    print(json.dumps(result, indent=2))
    if tracebacks:
        print(tracebacks[0][-3000:], file=sys.stderr)
    bad = (result["lost"] or result["duplicated"] or result["orphaned"] or result["failed_by_fault"]
           or result["unfinished"] or result["count_mismatches"] or leftovers or tracebacks)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
