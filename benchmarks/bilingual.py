"""Bilingual retrieval (issue 9): Chinese <-> English sentence pairs and Chinese paraphrases.

    cd benchmarks && ../.venv/bin/python bilingual.py [--model-dir DIR ...] [--work-dir DIR] [--limit N]

Data: ``../shared/eval/hsk-zh`` (the DEV half; read its README). It derives from the PyPI package
hsk-sentences-audio 1.0.0: **hsk-sentences-audio contributors, CC-CEDICT (CC-BY-SA 4.0)**; the data
and anything derived from it are CC-BY-SA-4.0 (share alike). No data is copied into the repository.

Tasks, as the README defines them (R@1, R@5 and MRR over the top 100, averaged over queries):

* ``en2zh``: each English sentence finds its Chinese among the 2,103 ``zh`` of pairs.jsonl;
* ``zh2en``: each Chinese sentence finds its English among the 2,103 ``en``;
* ``trad2simp``: the traditional form (only the 1,926 that differ) finds its simplified form;
* ``zh_paraphrase``: each of the 40 paraphrase sentences finds the other member of its group among
  the 2,143 Chinese sentences (pairs + paraphrases) minus itself.

Two libraries per model: ``en`` (2,103 documents) and ``zh`` (2,143: the pairs' and the
paraphrases' Chinese). The candidate sets are cut with the searcher's own ``doc_ids`` filter
(the 2,103 pairs for en2zh and trad2simp; all but the query itself for zh_paraphrase).

Every search goes through docvec's real :class:`Searcher` (``Service.search``; with ``group=False``
when the searcher accepts it) in every mode, one query at a time, as the app runs it: the query
is embedded with the model's query prefix and the documents carry its passage prefix (the README
advises "query: " on both sides for E5 on symmetric tasks; docvec does not, so neither does this).

Building the libraries **bypasses the processing queue**, because ``docvec add --wait`` indexes
about 5 tiny documents a second (4,246 documents per model would take 15 minutes). Each sentence is a real .txt document added by
``Service.add(process=False)`` (copied into the library, hashed, a ``documents`` row), extracted
in-process by ``extract.extract_file`` and chunked by the library's own chunker; the chunks are
embedded by the library's embedder (passage kind), written with the code paths the pipeline
uses (``VectorStore.upsert`` with ``ingest.vector_metadata``, ``db.insert_chunks_batched`` for
the chunk and FTS rows) and the documents marked completed as ``Pipeline._complete`` does. An
existing, complete library under ``--work-dir`` is reused.
"""
from __future__ import annotations

import argparse
import inspect
import json
import os
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from common import REPO, SHARED

sys.path.insert(0, str(REPO))

HSK = SHARED / "eval" / "hsk-zh"
MODELS = [SHARED / "models" / "all-MiniLM-L6-v2", SHARED / "models" / "multilingual-e5-small"]
WORK = Path(os.environ.get("DOCVEC_BENCH_WORK", "/work/helpers/bench_bilingual"))
MODES = ("keyword", "vector", "hybrid")
DEPTH = 100  # MRR counts the first relevant document within the top 100 (README)
TASKS = ("en2zh", "zh2en", "trad2simp", "zh_paraphrase")


@dataclass(frozen=True)
class Query:
    text: str
    answer: str  # the key of the relevant sentence
    exclude: str | None = None  # the query's own sentence, left out of the candidates
    pairs_only: bool = False  # candidates: the pairs' sentences only (not the 40 paraphrases)


def load() -> tuple[dict[str, dict[str, str]], dict[str, list[Query]]]:
    """Libraries (name -> {key: sentence}) and tasks (name -> queries)."""
    pairs = [json.loads(line) for line in open(HSK / "pairs.jsonl", encoding="utf-8")]
    para = [json.loads(line) for line in open(HSK / "paraphrase.jsonl", encoding="utf-8")]
    libraries = {"en": {f"{p['id']}.en": p["en"] for p in pairs},
                 "zh": {**{f"{p['id']}.zh": p["zh"] for p in pairs}, **{f"para-{p['id']}.zh": p["zh"] for p in para}}}
    groups: dict[int, list[str]] = {}
    for p in para:
        groups.setdefault(p["group"], []).append(f"para-{p['id']}.zh")
    tasks = {
        "en2zh": [Query(p["en"], f"{p['id']}.zh", pairs_only=True) for p in pairs],
        "zh2en": [Query(p["zh"], f"{p['id']}.en") for p in pairs],
        "trad2simp": [Query(p["zh_trad"], f"{p['id']}.zh", pairs_only=True) for p in pairs
                      if p["zh_trad"] != p["zh"]],
        "zh_paraphrase": [Query(p["zh"], next(k for k in groups[p["group"]] if k != f"para-{p['id']}.zh"),
                                exclude=f"para-{p['id']}.zh") for p in para],
    }
    return libraries, tasks


LIBRARY_OF = {"en2zh": "zh", "zh2en": "en", "trad2simp": "zh", "zh_paraphrase": "zh"}


def settings_for(data_dir: Path, model_dir: Path):
    from docvec_gui.core.config import load_settings

    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCVEC_")}
    env.update(DOCVEC_MODEL_DIR=str(model_dir.resolve()), DOCVEC_AUTO_PROCESS="0")
    return load_settings(data_dir, environ=env)


def build(root: Path, sentences: dict[str, str], model_dir: Path) -> float:
    """A library of one document per sentence in ``root`` (reused when complete); seconds spent."""
    marker = root / "built.json"
    if marker.exists() and json.loads(marker.read_text())["documents"] == len(sentences):
        return 0.0
    start = time.perf_counter()
    inbox = root / "inbox"
    inbox.mkdir(parents=True, exist_ok=True)
    for key, text in sentences.items():
        (inbox / f"{key}.txt").write_text(text + "\n", encoding="utf-8")
    from docvec_gui.core.service import Service

    with Service(settings_for(root / "data", model_dir)).open() as svc:
        report = svc.add([inbox], process=False)
        if report.refused or report.duplicates:
            raise SystemExit(f"{root}: refused {report.refused[:3]} duplicates {report.duplicates[:3]}")
        _index(svc, [d for d in svc.documents() if d.status != "completed"])
        done = svc.counts().get("completed", 0)
    if done != len(sentences):
        raise SystemExit(f"{root}: {done} of {len(sentences)} documents completed")
    marker.write_text(json.dumps({"documents": len(sentences), "model": str(model_dir)}))
    return time.perf_counter() - start


def _index(svc, docs) -> None:
    """What Pipeline._process does for each document, with the embedding batched across documents."""
    from pathlib import Path as _P

    from docvec_gui.core import db as dbm
    from docvec_gui.core.extract import extract_file
    from docvec_gui.core.ingest import vector_metadata
    from docvec_gui.core.vocabulary import Status

    chunker, store, embedder = svc.chunker(), svc.vectors(), svc.embedder()
    per_doc = []
    for doc in docs:
        extracted = extract_file(_P(doc.stored_path))
        try:
            per_doc.append((doc, list(chunker.stream(extracted.blocks))))
        finally:
            extracted.close()
    texts = [c.text for _, chunks in per_doc for c in chunks]
    vectors = embedder.embed(texts)
    rows, at = [], 0
    for doc, chunks in per_doc:
        store.delete_document(doc.id)
        store.upsert(doc.id, vectors[at:at + len(chunks)],
                     [vector_metadata(doc.filename, c.index, c.page, c.heading) for c in chunks])
        at += len(chunks)
        rows += [{"document": doc.id, "index": c.index, "text": c.text, "page": c.page, "page_end": c.page_end,
                  "heading": c.heading, "start": c.start, "end": c.end, "tokens": c.tokens} for c in chunks]
    dbm.insert_chunks_batched(rows)
    D = dbm.Document
    with dbm.write_transaction():
        for doc, chunks in per_doc:
            D.update(status=Status.COMPLETED, progress=1.0, chunk_count=len(chunks), processed_at=dbm.utcnow(),
                     updated_at=dbm.utcnow()).where(D.id == doc.id).execute()


def searcher_call(svc):
    """Service.search or Searcher.search, with group=False where the signature has it."""
    for fn in (svc.search, svc.searcher.search):
        if "group" in inspect.signature(fn).parameters:
            return lambda q, mode, doc_ids=None: fn(q, top_k=DEPTH, mode=mode, doc_ids=doc_ids, group=False)
    return lambda q, mode, doc_ids=None: svc.search(q, top_k=DEPTH, mode=mode, doc_ids=doc_ids)


def evaluate(root: Path, model_dir: Path, queries: list[Query]) -> dict[str, dict]:
    from docvec_gui.core import db as dbm
    from docvec_gui.core.service import Service

    out = {}
    with Service(settings_for(root / "data", model_dir)).open() as svc:
        D = dbm.Document
        key_of = {doc_id: name.rsplit(".txt", 1)[0] for doc_id, name in D.select(D.id, D.filename).tuples()}
        id_of = {k: d for d, k in key_of.items()}
        pairs_ids = [d for k, d in id_of.items() if not k.startswith("para-")]
        search = searcher_call(svc)
        search("warm up", "hybrid")
        for mode in MODES:
            r1 = r5 = rr = 0.0
            empty = 0
            start = time.perf_counter()
            for q in queries:
                if q.exclude:
                    doc_ids = [d for k, d in id_of.items() if k != q.exclude]
                else:
                    doc_ids = pairs_ids if q.pairs_only else None
                ranked: list[str] = []
                for hit in search(q.text, mode, doc_ids):
                    key = key_of[hit.doc_id]
                    if key not in ranked:
                        ranked.append(key)
                empty += not ranked
                rank = ranked.index(q.answer) + 1 if q.answer in ranked[:DEPTH] else None
                r1 += rank == 1
                r5 += rank is not None and rank <= 5
                rr += 1 / rank if rank else 0.0
            n = len(queries)
            out[mode] = {"r1": r1 / n, "r5": r5 / n, "mrr": rr / n, "queries": n, "no_results": empty,
                         "ms_per_query": (time.perf_counter() - start) * 1000 / n}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model-dir", type=Path, action="append", default=[],
                        help="a model folder to measure besides MiniLM and multilingual-e5-small (repeatable)")
    parser.add_argument("--only", action="store_true", help="measure only the --model-dir folders")
    parser.add_argument("--work-dir", type=Path, default=WORK, help="where the libraries are built (reused)")
    parser.add_argument("--limit", type=int, default=0,
                        help="first N queries of each task (the files are in a fixed random order); 0 = all")
    parser.add_argument("--tasks", default=",".join(TASKS))
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()
    models = ([] if args.only else MODELS) + args.model_dir
    libraries, tasks = load()
    wanted = [t for t in args.tasks.split(",") if t]
    results: list[dict] = []
    started = time.perf_counter()
    for model_dir in models:
        label = model_dir.resolve().name if model_dir.name in ("", ".") else model_dir.name
        for name in sorted({LIBRARY_OF[t] for t in wanted}):
            spent = build(args.work_dir / label / name, libraries[name], model_dir)
            if spent:
                print(f"{label}: built library {name} ({len(libraries[name])} documents) in {spent:.0f} s",
                      file=sys.stderr)
        for task in wanted:
            queries = tasks[task][:args.limit] if args.limit else tasks[task]
            scores = evaluate(args.work_dir / label / LIBRARY_OF[task], model_dir, queries)
            for mode, s in scores.items():
                results.append({"task": task, "model": label, "mode": mode, **s})
                print(f"{task} {label} {mode}: R@1 {s['r1']:.3f} R@5 {s['r5']:.3f} MRR {s['mrr']:.3f} "
                      f"({s['ms_per_query']:.1f} ms/query)", file=sys.stderr)
    print(f"\nhsk-zh dev ({HSK}); queries per task: "
          + ", ".join(f"{t} {len(tasks[t][:args.limit] if args.limit else tasks[t])}" for t in wanted)
          + f"; wall time {time.perf_counter() - started:.0f} s\n")
    print("| task | model | mode | R@1 | R@5 | MRR | queries with no result | ms/query |")
    print("|---|---|---|---|---|---|---|---|")
    for r in results:
        print(f"| {r['task']} | {r['model']} | {r['mode']} | {r['r1']:.3f} | {r['r5']:.3f} | {r['mrr']:.3f} "
              f"| {r['no_results']} | {r['ms_per_query']:.1f} |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
