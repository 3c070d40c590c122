"""Small libraries of one-line text documents on the default model, for ranking tests
(``test_fusion.py``, ``test_search_scope.py``): the real service, SQLite FTS5, Chroma and model."""
from __future__ import annotations

from pathlib import Path


def default_model_service(tmp: Path):
    """A started :class:`Service` in ``tmp`` on the app's default model, one worker."""
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.modelstore import DEFAULT_MODEL
    from docvec_gui.core.service import Service
    from tests.conftest import REPO, require

    model = require(REPO / "resources" / "models" / DEFAULT_MODEL / "docvec-model.json",
                    "default model (python3 build_scripts/bootstrap.py makes it)").parent
    settings = load_settings(tmp / "data", environ={}, dotenv_path=tmp / "no.env",
                             overrides={"model_dir": str(model), "workers": 1, "embed_threads": 1})
    svc = Service(settings).open()
    svc.start_processing()
    return svc


def add_texts(svc, tmp: Path, texts: list[str]) -> None:
    """One ``.txt`` document per text, numbered after those already in ``tmp``, processed."""
    paths = []
    for text in texts:
        path = tmp / f"{len(list(tmp.glob('*.txt'))):02d}.txt"
        path.write_text(text + "\n", encoding="utf-8")
        paths.append(path)
    assert svc.wait_idle([a["id"] for a in svc.add(paths).added], timeout=300)


def first_text(svc, query: str, mode: str) -> str:
    results = svc.search(query, top_k=3, mode=mode)
    return results[0].text.strip() if results else ""
