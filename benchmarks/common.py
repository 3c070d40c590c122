"""Helpers shared by the benchmark scripts (run them with the project's .venv python)."""
from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DOCVEC_SHARED", REPO.parent / "shared"))
MODEL_DIR = SHARED / "models" / "all-MiniLM-L6-v2"
DOCS = SHARED / "testdata" / "docs" / "files"
SCIFACT = SHARED / "eval" / "scifact-train"


def median_time(fn, repeats: int = 3) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def chunk_texts(target_tokens: int, count: int) -> list[str]:
    """Real text (War and Peace) cut into chunks of about ``target_tokens`` model tokens."""
    from docvec_gui.core.chunk import Chunker
    from docvec_gui.core.extract import extract_file

    chunker = Chunker.from_model_dir(MODEL_DIR, max_tokens=target_tokens, overlap=0)
    chunks = [c for c in chunker.chunk(extract_file(DOCS / "war-and-peace.txt")) if c.tokens >= target_tokens * 0.85]
    return [c.text for c in chunks[:count]]
