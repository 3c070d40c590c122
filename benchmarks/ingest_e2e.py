"""End-to-end ingestion throughput (add -> extract -> chunk -> embed -> Chroma -> SQLite) as a
ratio to raw embedding throughput of the same chunks on the same cores, in one run.
Usage: python benchmarks/ingest_e2e.py"""
from __future__ import annotations

import os
import shutil
import tempfile
import time
from pathlib import Path

from common import DOCS, MODEL_DIR, median_time

FILES = ["maint-guide.en.txt", "debian-policy.epub", "R-intro.pdf", "norwich-city.txt", "Bug51170-pt.docx",
         "stress016-medical-notice.docx", "developers-reference.fr.epub", "fr_olap.pdf", "web-wikipedia.html",
         "unstructured-README.md", "tracemonkey.pdf", "la-riots.csv"]


def main() -> None:
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.embed import MiniLMEmbedder
    from docvec_gui.core.service import Service

    cores = os.cpu_count() or 1
    tmp = Path(tempfile.mkdtemp())
    inbox = tmp / "inbox"
    inbox.mkdir()
    for name in FILES:
        shutil.copy(DOCS / name, inbox / name)
    settings = load_settings(tmp / "kb", environ={}, dotenv_path=tmp / "none",
                             overrides={"model_dir": str(MODEL_DIR), "workers": cores, "embed_threads": 1})
    with Service(settings).open() as svc:
        svc.embedder().load()
        svc.chunker()
        svc.vectors()  # load model and Chroma before the clock starts, as a running app has them
        start = time.perf_counter()
        svc.add([inbox])
        svc.wait_idle(poll=0.05)
        elapsed = time.perf_counter() - start
        docs = svc.documents()
        assert all(d.status == "completed" for d in docs), [(d.filename, d.error_message) for d in docs]
        texts = [c.text for d in docs for c in svc.chunks(d.id)]
    e2e = len(texts) / elapsed
    raw_embedder = MiniLMEmbedder(MODEL_DIR, threads=cores)
    raw_embedder.embed(texts[:16])
    raw = len(texts) / median_time(lambda: raw_embedder.embed(texts), repeats=1)
    print(f"documents={len(docs)} chunks={len(texts)} cores={cores} workers={cores}")
    print(f"| end-to-end ingestion | raw embedding (same chunks, {cores} threads) | ratio |")
    print("|---|---|---|")
    print(f"| {e2e:.1f} chunks/s ({elapsed:.1f} s) | {raw:.1f} chunks/s | {e2e / raw:.2f} |")


if __name__ == "__main__":
    main()
