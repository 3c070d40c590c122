"""Texts per model call (``embed_batch``): memory against speed, for the local model.

    cd benchmarks && ../.venv/bin/python embed_batch.py [--chunks 640] [--threads 1] [--repeats 3]

Each batch size runs in a fresh process (so onnxruntime's memory arena starts empty): it
embeds real ~200-token chunks of War and Peace in groups of 64 (what the pipeline does) and
reports the growth of resident memory over the loaded model and the chunks per second.
Medians over ``--repeats`` processes.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import threading
import time

from common import MODEL_DIR, chunk_texts

SIZES = (4, 8, 16, 32)


def probe(batch: int, count: int, threads: int) -> dict:
    import psutil

    from docvec_gui.core.embed import MiniLMEmbedder

    me = psutil.Process()
    texts = chunk_texts(200, count)
    embedder = MiniLMEmbedder(MODEL_DIR, threads=threads, batch_size=batch)
    embedder.embed(["warm up"])
    base = me.memory_info().rss
    peak = [base]
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            peak[0] = max(peak[0], me.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    for i in range(0, len(texts), 64):
        embedder.embed(texts[i:i + 64])
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    return {"growth_mb": (peak[0] - base) / 2**20, "per_s": len(texts) / elapsed}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chunks", type=int, default=640)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--probe", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(json.dumps(probe(args.probe, args.chunks, args.threads)))
        return 0
    rows = {}
    for _ in range(args.repeats):
        for size in SIZES:  # interleaved, so drift of the machine hits every size alike
            out = subprocess.run([sys.executable, __file__, "--probe", str(size), "--chunks", str(args.chunks),
                                  "--threads", str(args.threads)], capture_output=True, text=True, check=True)
            rows.setdefault(size, []).append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(f"{'batch':>5} {'RSS growth MB':>14} {'chunks/s':>9} {'speed vs 32':>11}")
    base_speed = statistics.median(r["per_s"] for r in rows[32])
    for size in SIZES:
        growth = statistics.median(r["growth_mb"] for r in rows[size])
        speed = statistics.median(r["per_s"] for r in rows[size])
        print(f"{size:>5} {growth:>14.0f} {speed:>9.1f} {speed / base_speed:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
