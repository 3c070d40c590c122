"""Resident memory and encode throughput of the multilingual model's tokenizer: HF
``tokenizers`` against docvec's SentencePiece-backed one (docvec_gui/core/unigram.py).

    .venv/bin/python benchmarks/tokenizer_memory.py [--runs 3] [--texts 600]

Each measurement runs in a fresh child process (RSS after loading minus RSS before, psutil),
in the same run for both tokenizers; the figure printed is the median of ``--runs``.
Throughput is ``encode_batch`` of ~2,000-character pieces of the reference texts (mixed
languages), without special tokens, as the chunker calls it: texts/s and MB/s. "ids" is
what the embedder reads; "ids+offsets" also reads every offset (the chunker reads a few).
The unigram tokenizer's cache is filled once before the runs (a normal start, not the first).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
TOKENIZER = SHARED / "models" / "multilingual-e5-small" / "tokenizer.json"
EXPECTED = SHARED / "testdata" / "docs" / "expected"

CHILD = r"""
import gc, json, sys, time, psutil
from pathlib import Path
sys.path.insert(0, sys.argv[2])
import sentencepiece, tokenizers
from docvec_gui.core import unigram
kind, tokenizer_json, cache, texts_file = sys.argv[1], sys.argv[3], sys.argv[4], sys.argv[5]
texts = json.loads(Path(texts_file).read_text(encoding="utf-8"))
me = psutil.Process()
gc.collect()
before = me.memory_info().rss
start = time.perf_counter()
if kind == "hf":
    tok = tokenizers.Tokenizer.from_file(tokenizer_json)
else:
    tok = unigram.load_unigram(Path(tokenizer_json), Path(cache))
load = time.perf_counter() - start
tok.encode("warm up")
gc.collect()
rss = me.memory_info().rss - before
start = time.perf_counter()
encodings = tok.encode_batch(texts, add_special_tokens=False)
ids = time.perf_counter() - start
start = time.perf_counter()
encodings = tok.encode_batch(texts, add_special_tokens=False)
sum(len(e.offsets) for e in encodings)
both = time.perf_counter() - start
print(json.dumps({"rss": rss, "load": load, "ids": ids, "both": both,
                  "tokens": sum(len(e.ids) for e in encodings)}))
"""


def sample_texts(count: int) -> list[str]:
    pieces = []
    for path in sorted(EXPECTED.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        pieces += [text[i:i + 2000] for i in range(0, len(text), 2000)]
    step = max(1, len(pieces) // count)
    return pieces[::step][:count]


def child(kind: str, cache: Path, texts_file: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", CHILD, kind, str(REPO), str(TOKENIZER), str(cache),
                           str(texts_file)], capture_output=True, text=True, timeout=600, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--texts", type=int, default=600)
    args = parser.parse_args()
    texts = sample_texts(args.texts)
    chars = sum(len(t) for t in texts)
    with tempfile.TemporaryDirectory(prefix="docvec-tok-") as tmp:
        cache, texts_file = Path(tmp) / "cache", Path(tmp) / "texts.json"
        texts_file.write_text(json.dumps(texts), encoding="utf-8")
        first = child("unigram", cache, texts_file)  # builds and caches the model
        print(f"unigram first start (builds the cache): load {first['load']:.1f}s, "
              f"RSS delta {first['rss'] / 2**20:.0f} MB")
        runs: dict[str, list[dict]] = {"hf": [], "unigram": []}
        for _ in range(args.runs):
            for kind in runs:  # interleaved, so both see the same machine load
                runs[kind].append(child(kind, cache, texts_file))
    print(f"{len(texts)} texts, {chars / 1e6:.2f} M characters; median of {args.runs} runs")
    print(f"{'tokenizer':<10} {'RSS MB':>8} {'load s':>7} {'ids texts/s':>12} {'ids MB/s':>9} "
          f"{'ids+offs texts/s':>17}")
    for kind, results in runs.items():
        rss = statistics.median(r["rss"] for r in results) / 2**20
        load = statistics.median(r["load"] for r in results)
        ids = statistics.median(r["ids"] for r in results)
        both = statistics.median(r["both"] for r in results)
        print(f"{kind:<10} {rss:>8.0f} {load:>7.2f} {len(texts) / ids:>12.0f} {chars / ids / 1e6:>9.2f} "
              f"{len(texts) / both:>17.0f}")
    saved = (statistics.median(r["rss"] for r in runs["hf"])
             - statistics.median(r["rss"] for r in runs["unigram"])) / 2**20
    print(f"saved: {saved:.0f} MB resident")
    return 0


if __name__ == "__main__":
    sys.exit(main())
