"""Search at 100,000 documents (issue 10 (d)): hybrid, keyword and vector latency, and
folder-scoped hybrid, over ~300,000 chunks.

    cd benchmarks && ../.venv/bin/python search_scale.py [--work DIR] [--docs N] [--embed N] [--rebuild]

**The library is synthetic, built once and reused** (``--work``, default ``.cache/search-scale``;
``built.json`` marks a complete one). Ingesting 100k documents through the queue would take
hours on 2 cores, so the rows are written directly:

* Text: real text only. ``../shared/eval/scifact-train/corpus.jsonl`` (titles + abstracts) and
  ``../shared/testdata/docs/expected/*.txt`` (the reference texts, ``.layout`` variants left
  out: English, French, Chinese, Japanese, ...) are cut into *halves* of ~450 characters at
  whitespace (CJK text anywhere). Every chunk is two halves (~900 characters, ~200 tokens, the
  app's chunk size): the first from the embedded subset below, the second from any half, so the
  text is real sentences recombined, and each half recurs in many chunks as text does in a big
  library.
* Documents: ``--docs`` rows (status completed, 1–5 chunks each, 3 on average), chunk and FTS
  rows through :func:`docvec_gui.core.db.insert_chunks` in write transactions; folders:
  10% added files (no folder), then watched folders holding 50%, 30%, 8.9%, 1% and 0.1%.
* Vectors: embedding 300k chunks with the real model would take ~4 hours here, so ``--embed``
  halves (default 6,000) are embedded with the library's model (the app's default,
  multilingual-e5-small int8, passage prefix) and each chunk's vector is *derived*:
  ``normalize(v_first + 0.5 * v_second + N(0, 0.02^2 I))``, where ``v_first`` is its first
  half's real vector and ``v_second`` its second half's if embedded, else a random embedded
  half's. The vectors thus stay in the model's own (anisotropic) region of the sphere and
  near-duplicates cluster as real ones do. Written in-process to the library's Chroma collection
  (``ingest.vector_metadata`` plus ``doc_id``, as ``VectorStore.upsert`` writes it).

**Measured:** warm, through ``Service.search(top_k=10)`` (grouped, as the window asks; Chroma in
its own process, the query embedded by the app's model with its default threads), 250
realistic queries: 150 SciFact train claims, 60 MANIFEST phrases (what a user pastes), 40 HSK
Chinese sentences; p50/p95 per mode, then hybrid scoped to a big and a small folder.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import random
import re
import sys
import time
from pathlib import Path

from common import REPO, SCIFACT, SHARED

sys.path.insert(0, str(REPO))

EXPECTED = SHARED / "testdata" / "docs" / "expected"
MANIFEST = SHARED / "testdata" / "docs" / "MANIFEST.tsv"
HSK = SHARED / "eval" / "hsk-zh" / "pairs.jsonl"
WORK = Path(__file__).resolve().parent / ".cache" / "search-scale"
HALF = 450  # characters: two halves make one ~200-token chunk
# Share of documents per folder: None = added files (copied into the library)
FOLDERS = [(None, 0.10), (1, 0.50), (2, 0.30), (3, 0.089), (4, 0.01), (5, 0.001)]
NOISE = 0.02
SEED = 20240610
CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def settings_for(data_dir: Path, **extra: str):
    from docvec_gui.core.config import load_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCVEC_") and k != "MODEL_DIR"}
    env.update(DOCVEC_AUTO_PROCESS="0", **extra)
    return load_settings(data_dir, environ=env)


# -- text -------------------------------------------------------------------------------------

def _texts() -> list[str]:
    out = []
    for line in open(SCIFACT / "corpus.jsonl", encoding="utf-8"):
        doc = json.loads(line)
        out.append(f"{doc['title']}\n\n{doc['text']}")
    for path in sorted(EXPECTED.glob("*.txt")):
        if not path.name.endswith(".layout.txt"):
            out.append(path.read_text(encoding="utf-8", errors="replace"))
    return out


def halves(size: int = HALF) -> list[str]:
    """Real text cut into pieces of ~``size`` characters, at whitespace where there is some."""
    pieces = []
    for text in _texts():
        text = re.sub(r"[ \t]+", " ", text)
        pos = 0
        while pos < len(text):
            end = min(len(text), pos + size)
            if end < len(text) and not CJK.match(text[end - 1]):
                space = text.rfind(" ", pos + size // 2, end)
                end = space if space > 0 else end
            piece = text[pos:end].strip()
            if len(piece) >= size // 3:
                pieces.append(piece)
            pos = end
    return pieces


# -- build ------------------------------------------------------------------------------------

def build(work: Path, n_docs: int, n_embed: int) -> dict:
    import numpy as np

    from docvec_gui.core.service import Service

    rng = random.Random(SEED)
    data_dir = work / "data"
    timings: dict[str, float] = {}
    start = time.perf_counter()
    pool = halves()
    rng.shuffle(pool)
    embedded = pool[:n_embed]
    # Phase 1: the library's model embeds the subset (and records itself; the collection exists).
    t = time.perf_counter()
    with Service(settings_for(data_dir, DOCVEC_EMBED_THREADS=str(os.cpu_count() or 2))).open() as svc:
        embedder = svc.embedder()
        store = svc.vectors()
        model, dim = embedder.name, embedder.dim
        base = np.asarray(embedder.embed(embedded), dtype=np.float32)
        assert store.count() == 0, "build into an empty data directory"
    timings["embed_s"] = time.perf_counter() - t
    # Phase 2: documents, chunks, FTS rows; their vectors derived from the embedded halves.
    t = time.perf_counter()
    docs, chunks = _rows(rng, n_docs, len(pool), n_embed)
    _write_rows(data_dir, docs, chunks, pool)
    timings["sqlite_s"] = time.perf_counter() - t
    t = time.perf_counter()
    _write_vectors(data_dir, model, dim, base, docs, chunks, n_embed)
    timings["chroma_s"] = time.perf_counter() - t
    timings["total_s"] = time.perf_counter() - start
    info = {"documents": n_docs, "chunks": len(chunks), "halves": len(pool), "embedded": n_embed,
            "model": model, **{k: round(v, 1) for k, v in timings.items()}}
    (work / "built.json").write_text(json.dumps(info, indent=1))
    return info


def _rows(rng: random.Random, n_docs: int, n_pool: int, n_embed: int):
    """Documents (id, folder, chunk count) and chunks (doc index, chunk index, half a, half b)."""
    import uuid

    docs, chunks = [], []
    cumulative, acc = [], 0.0
    for folder, share in FOLDERS:
        acc += share
        cumulative.append((acc, folder))
    for i in range(n_docs):
        x = (i + 0.5) / n_docs  # deterministic shares, interleaved by a shuffle below
        folder = next(f for edge, f in cumulative if x < edge + 1e-12)
        docs.append((str(uuid.UUID(int=rng.getrandbits(128))), folder, rng.randint(1, 5)))
    rng.shuffle(docs)
    for d, (_, _, count) in enumerate(docs):
        for index in range(count):
            chunks.append((d, index, rng.randrange(n_embed), rng.randrange(n_pool)))
    return docs, chunks


def _write_rows(data_dir: Path, docs, chunks, pool) -> None:
    import hashlib

    from docvec_gui.core import db as dbm
    from docvec_gui.core.vocabulary import Status

    db = dbm.open_database(data_dir / "docvec.db")
    try:
        now = dbm.utcnow()
        with dbm.write_transaction():
            for folder in sorted({f for _, f, _ in docs if f is not None}):
                dbm.WatchedFolder.create(id=folder, path=f"/home/user/folder-{folder}")
        rows = []
        for n, (doc_id, folder, count) in enumerate(docs):
            name = f"doc-{n:06d}.txt"
            path = f"/home/user/folder-{folder}/{name}" if folder else str(data_dir / "library" / name)
            rows.append({"id": doc_id, "filename": name, "original_path": path, "stored_path": path,
                         "size": 900 * count, "sha256": hashlib.sha256(doc_id.encode()).hexdigest(),
                         "content_type": "text/plain", "status": Status.COMPLETED, "progress": 1.0,
                         "chunk_count": count, "folder_id": folder, "mtime_ns": 0, "processed_at": now})
        for start in range(0, len(rows), 5000):
            with dbm.write_transaction():
                dbm.Document.insert_many(rows[start:start + 5000]).execute()
        batch = []
        for d, index, a, b in chunks:
            text = pool[a] + "\n" + pool[b]
            batch.append({"document": docs[d][0], "index": index, "text": text, "page": None, "page_end": None,
                          "heading": "", "start": 0, "end": len(text), "tokens": len(text) // 4})
            if len(batch) == 5000:
                with dbm.write_transaction():
                    dbm.insert_chunks(db, batch)
                batch = []
        with dbm.write_transaction():
            dbm.insert_chunks(db, batch)
        db.execute_sql("PRAGMA optimize")
        db.execute_sql("INSERT INTO chunk_fts(chunk_fts) VALUES ('optimize')")  # merged b-trees, as after long use
    finally:
        db.close()


def _write_vectors(data_dir: Path, model: str, dim: int, base, docs, chunks, n_embed: int) -> None:
    import numpy as np

    from docvec_gui.core.ingest import vector_metadata
    from docvec_gui.core.vectorstore import VectorStore, chunk_id

    store = VectorStore.open(data_dir / "chroma", model, dim)
    collection = store._collection  # big batches: the app's 64-row writes would take far longer here
    step = min(5000, store._client.get_max_batch_size())
    noise = np.random.default_rng(SEED)
    for start in range(0, len(chunks), step):
        part = chunks[start:start + step]
        first = base[[a for _, _, a, _ in part]]
        second = base[[b if b < n_embed else int(noise.integers(n_embed)) for _, _, _, b in part]]
        vectors = first + 0.5 * second + noise.normal(0.0, NOISE, size=first.shape).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        ids = [chunk_id(docs[d][0], index) for d, index, _, _ in part]
        metas = [dict(vector_metadata(f"doc-{d:06d}.txt", index, None, ""), doc_id=docs[d][0])
                 for d, index, _, _ in part]
        collection.upsert(ids=ids, embeddings=vectors, metadatas=metas)
    count = store.count()
    if count != len(chunks):
        raise SystemExit(f"the vector store holds {count} vectors, expected {len(chunks)}")


# -- queries ----------------------------------------------------------------------------------

def queries(n_scifact: int = 150, n_phrases: int = 60, n_chinese: int = 40) -> list[tuple[str, str]]:
    """(kind, text): SciFact claims, MANIFEST phrases, HSK Chinese sentences, in a fixed order."""
    rng = random.Random(SEED)
    claims = [json.loads(line)["text"] for line in open(SCIFACT / "queries.jsonl", encoding="utf-8")]
    with open(MANIFEST, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["expected_outcome"] == "text"]
    phrases = [" ".join(r[k].split()) for r in rows for k in ("phrase_1", "phrase_2", "phrase_3") if r.get(k)]
    chinese = [json.loads(line)["zh"] for line in open(HSK, encoding="utf-8")]
    return ([("scifact", q) for q in rng.sample(claims, n_scifact)]
            + [("phrase", q) for q in rng.sample(phrases, n_phrases)]
            + [("chinese", q) for q in rng.sample(chinese, n_chinese)])


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p * (len(ordered) - 1))))]


def measure(work: Path, rounds: int) -> dict:
    from docvec_gui.core import db as dbm
    from docvec_gui.core.service import Service

    qs = queries()
    out: dict = {"queries": len(qs)}
    with Service(settings_for(work / "data")).open() as svc:
        D = dbm.Document
        sizes = dict(D.select(D.folder_id, dbm.pw.fn.COUNT(D.id)).group_by(D.folder_id).tuples())
        out["chunks"] = svc.vectors().count()
        for _, q in qs[:20]:  # warm: model, store, SQLite page cache
            svc.search(q, top_k=10, mode="hybrid")
        runs = [("hybrid", None), ("keyword", None), ("vector", None), ("hybrid", 1), ("hybrid", 4), ("hybrid", 5)]
        for mode, folder in runs:
            times: dict[str, list[float]] = {}
            empty = 0
            for _ in range(rounds):
                for kind, q in qs:
                    start = time.perf_counter()
                    results = (svc.searcher.search(q, 10, mode, folder_id=folder) if folder
                               else svc.search(q, top_k=10, mode=mode))
                    times.setdefault(kind, []).append((time.perf_counter() - start) * 1000)
                    if folder and any(dbm.Document.get_by_id(r.doc_id).folder_id != folder for r in results):
                        raise SystemExit(f"folder {folder}: a result from another folder")
                    empty += not results
            every = [t for ts in times.values() for t in ts]
            label = mode if folder is None else f"{mode}, folder {folder} ({sizes.get(folder, 0):,} documents)"
            out[label] = {"p50": percentile(every, 0.5), "p95": percentile(every, 0.95),
                          "max": max(every), "empty": empty,
                          **{f"p95_{k}": percentile(v, 0.95) for k, v in times.items()}}
            print(f"{label}: p50 {out[label]['p50']:.1f} ms, p95 {out[label]['p95']:.1f} ms", file=sys.stderr)
    return out


def store_costs(work: Path, repeats: int = 5) -> list[tuple[str, float]]:
    """What the searcher's choices rest on: Chroma calls on the built collection, in-process
    (median ms of ``repeats``): count(), the nearest n with and without metadata, and
    metadata filters (ids of 1 / 100 / 1,000 documents, one excluded document)."""
    import numpy as np

    from docvec_gui.core import db as dbm
    from docvec_gui.core.vectorstore import VectorStore

    info = json.loads((work / "built.json").read_text())
    db = dbm.open_database(work / "data" / "docvec.db", readonly=True)
    try:
        docs = [r[0] for r in db.execute_sql("SELECT id FROM documents LIMIT 1000").fetchall()]
    finally:
        db.close()
    store = VectorStore.open(work / "data" / "chroma", info["model"], 384)
    collection = store._collection
    vector = np.asarray(collection.get(ids=[f"{docs[0]}:0"], include=["embeddings"])["embeddings"][0])

    def query(n: int, include: list[str], where: dict | None = None):
        return lambda: collection.query(query_embeddings=[vector], n_results=n, where=where, include=include)

    calls = [("count()", store.count), ("nearest 100, distances", query(100, ["distances"])),
             ("nearest 100, metadata + distances (VectorStore.query today)", query(100, ["metadatas", "distances"])),
             ("nearest 1,500, distances", query(1500, ["distances"])),
             ("nearest 1,500, metadata + distances", query(1500, ["metadatas", "distances"])),
             ("nearest 100 of 1 document (where doc_id)", query(100, ["distances"], {"doc_id": docs[0]})),
             ("nearest 100 of 100 documents ($in)", query(100, ["distances"], {"doc_id": {"$in": docs[:100]}})),
             ("nearest 100 of 1,000 documents ($in)", query(100, ["distances"], {"doc_id": {"$in": docs}})),
             ("nearest 100, 1 document left out ($nin)", query(100, ["distances"], {"doc_id": {"$nin": docs[:1]}}))]
    out = []
    for label, call in calls:
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            call()
            times.append((time.perf_counter() - start) * 1000)
        out.append((label, sorted(times)[len(times) // 2]))
        print(f"{label}: {out[-1][1]:.1f} ms", file=sys.stderr)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=WORK)
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--embed", type=int, default=6000, help="halves embedded with the real model")
    parser.add_argument("--rounds", type=int, default=1, help="passes over the queries per mode")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--build-only", action="store_true")
    parser.add_argument("--store-costs", action="store_true",
                        help="time Chroma's calls and filters on the built collection instead (no search)")
    args = parser.parse_args()
    marker = args.work / "built.json"
    if args.rebuild and args.work.exists():
        import shutil

        shutil.rmtree(args.work)
    if not marker.exists():
        if (args.work / "data").exists():
            raise SystemExit(f"{args.work} holds a half-built library: run with --rebuild")
        print(f"building {args.docs:,} documents in {args.work} ...", file=sys.stderr)
        info = build(args.work, args.docs, args.embed)
    else:
        info = json.loads(marker.read_text())
    print(json.dumps(info), file=sys.stderr)
    if args.build_only:
        return 0
    if args.store_costs:
        print("| Chroma call, 300k vectors | median ms |\n|---|---|")
        for label, ms in store_costs(args.work):
            print(f"| {label} | {ms:.1f} |")
        return 0
    result = measure(args.work, args.rounds)
    print(f"\n{info['documents']:,} documents, {result['chunks']:,} chunks; {result['queries']} queries "
          f"x {args.rounds}; build {info['total_s']:.0f} s (embed {info['embed_s']:.0f} s, "
          f"SQLite {info['sqlite_s']:.0f} s, Chroma {info['chroma_s']:.0f} s)\n")
    print("| search | p50 ms | p95 ms | max ms | p95 SciFact / phrase / Chinese | empty |")
    print("|---|---|---|---|---|---|")
    for label, r in result.items():
        if isinstance(r, dict):
            print(f"| {label} | {r['p50']:.1f} | {r['p95']:.1f} | {r['max']:.0f} | {r['p95_scifact']:.0f} / "
                  f"{r['p95_phrase']:.0f} / {r['p95_chinese']:.0f} | {r['empty']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
