"""Embedding throughput (chunks/s): docvec's MiniLMEmbedder vs Chroma's ONNXMiniLM_L6_V2,
same model files, same chunks, measured in one run. Usage: python benchmarks/embed_throughput.py"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import numpy as np

from common import MODEL_DIR, chunk_texts, median_time


def main() -> None:
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    from docvec_gui.core.embed import MiniLMEmbedder

    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp())
    (tmp / "onnx").symlink_to(MODEL_DIR)
    ONNXMiniLM_L6_V2.DOWNLOAD_PATH = tmp
    chroma = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    ours_all = MiniLMEmbedder(MODEL_DIR, threads=cores)
    ours_default = MiniLMEmbedder(MODEL_DIR, threads=max(1, cores - 1))
    print(f"cores={cores}")
    print("| chunks | n | Chroma ONNXMiniLM_L6_V2 | docvec, all cores | ratio | docvec, default threads (cores-1) |")
    print("|---|---|---|---|---|---|")
    for tokens, n in ((190, 128), (50, 256)):
        texts = chunk_texts(tokens, n)
        chroma(texts[:8]), ours_all.embed(texts[:8]), ours_default.embed(texts[:8])  # warm-up
        assert np.allclose(np.asarray(chroma(texts[:16])), ours_all.embed(texts[:16]), atol=1e-4)
        t_chroma = median_time(lambda: chroma(texts))
        t_all = median_time(lambda: ours_all.embed(texts))
        t_default = median_time(lambda: ours_default.embed(texts))
        r_chroma, r_all, r_default = len(texts) / t_chroma, len(texts) / t_all, len(texts) / t_default
        print(f"| ~{tokens} tokens | {len(texts)} | {r_chroma:.1f}/s | {r_all:.1f}/s | {r_all / r_chroma:.2f}x "
              f"| {r_default:.1f}/s ({r_default / r_chroma:.2f}x) |")


if __name__ == "__main__":
    main()
