"""Multilingual model speed (issue 9): chunks/s of multilingual-e5-small as shipped in ../shared
(4-bit, MatMulNBits) and as docvec's default (int8, build_scripts/quantize_model.py), against
Chroma's own ONNXMiniLM_L6_V2 (English only, what a Chroma user gets by default), on the same
~200-token chunks, in one process, rounds interleaved. Target: default >= 0.8x Chroma.

    cd benchmarks && ../.venv/bin/python model_speed.py [--rounds 5] [--chunks 64] [--threads 2]
"""
from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import MODEL_DIR, REPO, SHARED, chunk_texts

E5_Q4 = SHARED / "models" / "multilingual-e5-small"
E5_INT8 = REPO / "resources" / "models" / "multilingual-e5-small-int8"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--chunks", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch", type=int, default=8, help="docvec's texts per model call (its default)")
    args = parser.parse_args()

    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from docvec_gui.core.embed import OnnxEmbedder

    tmp = Path(tempfile.mkdtemp())
    (tmp / "onnx").symlink_to(MODEL_DIR)
    ONNXMiniLM_L6_V2.DOWNLOAD_PATH = tmp
    chroma = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    runners = {"Chroma ONNXMiniLM_L6_V2": chroma}
    for label, folder in (("e5 q4 (../shared)", E5_Q4), ("e5 int8 (docvec default)", E5_INT8),
                          ("docvec MiniLM", MODEL_DIR)):
        embedder = OnnxEmbedder(folder, threads=args.threads, batch_size=args.batch)
        runners[label] = embedder.embed
    texts = chunk_texts(190, args.chunks)
    for run in runners.values():
        run(texts[:8])  # load and warm up
    rates: dict[str, list[float]] = {label: [] for label in runners}
    ratios: dict[str, list[float]] = {label: [] for label in runners}
    for _ in range(args.rounds):
        times = {}
        for label, run in runners.items():
            start = time.perf_counter()
            run(texts)
            times[label] = time.perf_counter() - start
        base = times["Chroma ONNXMiniLM_L6_V2"]
        for label, seconds in times.items():
            rates[label].append(len(texts) / seconds)
            ratios[label].append(base / seconds)
    print(f"{len(texts)} chunks of ~190 MiniLM tokens, {args.rounds} interleaved rounds, docvec threads="
          f"{args.threads}, batch={args.batch}; Chroma with its own defaults")
    print("| model | chunks/s (median) | vs Chroma, same round (median) |")
    print("|---|---|---|")
    for label in runners:
        print(f"| {label} | {statistics.median(rates[label]):.1f} | {statistics.median(ratios[label]):.2f}x |")


if __name__ == "__main__":
    main()
