"""Run in a fresh process by tests/test_big_documents.py: how much the app's resident memory
grows while it processes one big document, with the real model, Chroma and extraction pool.

    python tests/memory_probe.py DATA_DIR MODEL_DIR SMALL_FILE BIG_FILE

Prints one JSON line: ``baseline`` (RSS after a small document was processed, so the model,
the tokenizer and the vector-store client are loaded), ``peak`` (highest RSS, sampled every
50 ms, while the big document is processed), the big document's status and chunk count.
"""
from __future__ import annotations

import json
import sys
import threading
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from docvec_gui.core.config import load_settings  # noqa: E402
from docvec_gui.core.service import Service  # noqa: E402


def main(data_dir: str, model_dir: str, small: str, big: str) -> int:
    settings = load_settings(Path(data_dir), environ={}, dotenv_path=Path(data_dir) / "no.env",
                             overrides={"model_dir": model_dir, "workers": 1, "embed_threads": 2})
    me = psutil.Process()
    with Service(settings) as svc:
        svc.start_processing()
        (first,) = [a["id"] for a in svc.add([small]).added]
        assert svc.wait_idle([first], timeout=300)
        baseline = me.memory_info().rss
        peak = [baseline]
        done = threading.Event()

        def sample() -> None:
            while not done.wait(0.05):
                peak[0] = max(peak[0], me.memory_info().rss)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        (second,) = [a["id"] for a in svc.add([big]).added]
        finished = svc.wait_idle([second], timeout=1500)
        done.set()
        sampler.join()
        doc = svc.document(second)
        print(json.dumps({"baseline": baseline, "peak": peak[0], "finished": finished, "status": doc.status,
                          "chunks": doc.chunk_count, "error": doc.error_message}))
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
