"""Big documents in a big batch (issue 15): a ~10 MB text, the 619-page PDF and 100 small
documents added at once with default settings.

    cd benchmarks && ../.venv/bin/python big_batch.py [--small 100] [--data-dir DIR] [--model-dir DIR]

Without ``--model-dir`` the app uses its default model (multilingual-e5-small, int8);
``--model-dir ../../shared/models/all-MiniLM-L6-v2`` runs it with MiniLM.

Runs the real CLI (`docvec add FOLDER --wait`) and watches it from outside: statuses are read
from docvec.db every 0.5 s, and the resident memory of the app process and of each of its
children (extraction workers, the vector-store process) is sampled as often. Reports the time
until every small document is completed, the total time, and peak RSS per process.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from common import DOCS, REPO, SCIFACT

BIG_TEXT_MB = 10


def build(folder: Path, small: int) -> tuple[set[str], set[str]]:
    folder.mkdir(parents=True)
    novel = (DOCS / "war-and-peace.txt").read_bytes()
    with open(folder / "war-and-peace-x4.txt", "wb") as fh:
        while fh.tell() < BIG_TEXT_MB * 10**6:
            fh.write(novel + b"\n\n")
    (folder / "DA-619p.pdf").write_bytes((DOCS / "DA-619p.pdf").read_bytes())
    big = {"war-and-peace-x4.txt", "DA-619p.pdf"}
    names: set[str] = set()
    import csv

    with open(DOCS.parent / "MANIFEST.tsv", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t")
                if r["expected_outcome"] == "text" and int(r["size_bytes"]) < 300_000]
    for row in sorted(rows, key=lambda r: r["file"])[: small // 2]:
        (folder / row["file"]).write_bytes((DOCS / row["file"]).read_bytes())
        names.add(row["file"])
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as fh:
        for line in fh:
            if len(names) >= small:
                break
            doc = json.loads(line)
            name = f"scifact-{doc['_id']}.txt"
            (folder / name).write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
            names.add(name)
    return big, names


def statuses(db: Path) -> dict[str, str]:
    if not db.exists():
        return {}
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=2)
        try:
            return dict(conn.execute("SELECT filename, status FROM documents").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--model-dir", type=Path, help="default: the app's default model")
    parser.add_argument("--until-small", action="store_true",
                        help="stop the app (SIGTERM, as Ctrl-C would) once every small document is done")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docvec-bigbatch-"))
    data_dir = args.data_dir or work / "data"
    big, small = build(work / "inbox", args.small)
    env = {k: v for k, v in os.environ.items() if k not in ("MODEL_DIR", "DOCVEC_MODEL_DIR")}
    env["DOCVEC_DATA_DIR"] = str(data_dir)
    if args.model_dir:
        env["DOCVEC_MODEL_DIR"] = str(args.model_dir.resolve())
    started = time.monotonic()
    app = subprocess.Popen([sys.executable, "-m", "docvec_gui", "add", "--wait", str(work / "inbox")], env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, cwd=REPO)
    peak: dict[str, int] = {}
    small_done_at = big_done = None
    proc = psutil.Process(app.pid)
    while app.poll() is None:
        try:
            members = [("app", proc)] + [(" ".join(c.cmdline()[-6:])[:60], c) for c in proc.children(recursive=True)]
            for name, member in members:
                kind = "app" if name == "app" else ("extraction" if "extract" in name else "vector-store"
                                                    if "multiprocessing" in name and "resource_tracker" not in name
                                                    else "other")
                key = f"{kind}:{member.pid}"
                peak[key] = max(peak.get(key, 0), member.memory_info().rss)
        except psutil.Error:
            pass
        now = statuses(data_dir / "docvec.db")
        if small_done_at is None and now and all(now.get(n) in ("completed", "error") for n in small):
            small_done_at = time.monotonic() - started
            big_done = {n: now.get(n) for n in big}
            if args.until_small:
                app.send_signal(signal.SIGTERM)  # SIGINT is ignored in background jobs
        time.sleep(0.5)
    total = time.monotonic() - started
    final = statuses(data_dir / "docvec.db")
    by_kind: dict[str, int] = {}
    for key, rss in peak.items():
        kind = key.split(":")[0]
        by_kind[kind] = max(by_kind.get(kind, 0), rss)
    result = {
        "model": args.model_dir.name if args.model_dir else "default (multilingual-e5-small-int8)", "documents": len(final), "small": len(small),
        "small_all_done_s": round(small_done_at, 1) if small_done_at else None,
        "big_status_when_small_done": big_done, "total_s": round(total, 1),
        "peak_rss_mb": {k: round(v / 2**20) for k, v in sorted(by_kind.items())},
        "errors": {n: s for n, s in final.items() if s != "completed"}, "rc": app.returncode,
    }
    print(json.dumps(result, indent=2))
    return 0 if app.returncode == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
