"""Search quality on SciFact (train queries) and search latency at the resulting index size.

Ingests the corpus through ``docvec add`` (one .txt per abstract: title, blank line, text),
runs the train queries through ``docvec search --batch`` in each mode and reports nDCG@10
and Recall@100 (documents ranked by their best chunk), then p50/p95 latency in-process.
Usage: python benchmarks/scifact.py [--data-dir DIR] [--model-dir DIR] (reuses DIR's index if present;
the model defaults to all-MiniLM-L6-v2, the one these figures were first measured with)"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import MODEL_DIR, SCIFACT


def load_eval():
    queries = [json.loads(line) for line in open(SCIFACT / "queries.jsonl", encoding="utf-8")]
    qrels: dict[str, set[str]] = {}
    for line in list(open(SCIFACT / "qrels.tsv", encoding="utf-8"))[1:]:
        qid, cid, score = line.rstrip("\n").split("\t")
        if int(score) > 0:
            qrels.setdefault(qid, set()).add(cid)
    return [q for q in queries if q["_id"] in qrels], qrels


def ndcg10(ranked: list[str], relevant: set[str]) -> float:
    dcg = sum(1 / math.log2(i + 2) for i, d in enumerate(ranked[:10]) if d in relevant)
    ideal = sum(1 / math.log2(i + 2) for i in range(min(10, len(relevant))))
    return dcg / ideal


def recall100(ranked: list[str], relevant: set[str]) -> float:
    return len(set(ranked[:100]) & relevant) / len(relevant)


def ingest(data_dir: Path, env: dict) -> None:
    corpus_dir = data_dir.parent / "scifact-corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for line in open(SCIFACT / "corpus.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        (corpus_dir / f"{doc['_id']}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "docvec_gui", "add", str(corpus_dir), "--wait"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"ingested corpus in {time.perf_counter() - start:.0f} s")


def completed_subset(data_dir: Path, queries, qrels):
    """The queries whose relevant abstracts are all completed in ``data_dir`` (read-only)."""
    import sqlite3

    db = sqlite3.connect(f"file:{data_dir / 'docvec.db'}?mode=ro", uri=True)
    try:
        done = {name.rsplit(".", 1)[0] for (name,) in
                db.execute("SELECT filename FROM documents WHERE status = 'completed'")}
    finally:
        db.close()
    kept = [q for q in queries if qrels[q["_id"]] <= done]
    print(f"subset: {len(done)} completed abstracts, {len(kept)} of {len(queries)} queries")
    return kept


def evaluate(env: dict, queries, qrels) -> dict:
    text = "".join(q["text"].replace("\n", " ") + "\n" for q in queries)
    scores = {}
    for mode in ("hybrid", "vector", "keyword"):
        out = subprocess.run([sys.executable, "-m", "docvec_gui", "search", "--batch", "--mode", mode, "--top-k",
                              "300"], env=env, input=text, capture_output=True, text=True, check=True).stdout
        ndcgs, recalls = [], []
        for query, line in zip(queries, out.splitlines()):
            ranked = []
            for hit in json.loads(line)["results"]:
                doc = hit["filename"].rsplit(".", 1)[0]
                if doc not in ranked:
                    ranked.append(doc)
            ndcgs.append(ndcg10(ranked, qrels[query["_id"]]))
            recalls.append(recall100(ranked, qrels[query["_id"]]))
        scores[mode] = (statistics.mean(ndcgs), statistics.mean(recalls))
    return scores


def latency(settings, queries) -> dict:
    from docvec_gui.core.service import Service

    result = {}
    with Service(settings).open() as svc:
        chunks = svc.vectors().count()
        svc.search("warm up", mode="hybrid")
        for mode in ("hybrid", "vector", "keyword"):
            times = []
            for q in queries[:200]:
                start = time.perf_counter()
                svc.search(q["text"], top_k=10, mode=mode)
                times.append((time.perf_counter() - start) * 1000)
            times.sort()
            result[mode] = (times[len(times) // 2], times[int(len(times) * 0.95)])
    return {"chunks": chunks, **result}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--completed-only", action="store_true",
                        help="measure DIR as it is (never ingest; e.g. a corpus partly ingested): the train queries "
                             "whose relevant abstracts are all completed there, over its completed abstracts")
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR,
                        help="the embedding model (default: all-MiniLM-L6-v2); a DIR built with another is reused as is")
    args = parser.parse_args()
    data_dir = Path(args.data_dir or tempfile.mkdtemp()) / "kb"
    env = dict(os.environ, DOCVEC_DATA_DIR=str(data_dir), DOCVEC_MODEL_DIR=str(args.model_dir.resolve()))
    if not (data_dir / "docvec.db").exists():
        if args.completed_only:
            raise SystemExit(f"{data_dir}: no library to measure")
        ingest(data_dir, env)
    queries, qrels = load_eval()
    if args.completed_only:
        queries = completed_subset(data_dir, queries, qrels)
    scores = evaluate(env, queries, qrels)
    print(f"queries={len(queries)}")
    print("| mode | nDCG@10 | Recall@100 |\n|---|---|---|")
    for mode, (n, r) in scores.items():
        print(f"| {mode} | {n:.3f} | {r:.3f} |")
    from docvec_gui.core.config import load_settings

    lat = latency(load_settings(data_dir, environ=env), queries)
    print(f"\nsearch latency at {lat['chunks']} chunks (200 queries, top 10)")
    print("| mode | p50 ms | p95 ms |\n|---|---|---|")
    for mode in ("hybrid", "vector", "keyword"):
        print(f"| {mode} | {lat[mode][0]:.1f} | {lat[mode][1]:.1f} |")


if __name__ == "__main__":
    main()
