"""The default model (issue 9): multilingual-e5-small as int8, made by
build_scripts/quantize_model.py (the bootstrap makes it from ../shared; installers bundle it).
A new library gets it; a library whose vectors another model made keeps that model."""
from __future__ import annotations

import json

import numpy as np
import pytest

from conftest import REPO, require
from docvec_gui.core import librarymodel, modelstore
from docvec_gui.core import db as dbm
from docvec_gui.core.config import load_settings
from docvec_gui.core.embed import OnnxEmbedder
from docvec_gui.core.service import Service


@pytest.fixture(scope="session")
def default_dir():
    folder = REPO / "resources" / "models" / modelstore.DEFAULT_MODEL
    return require(folder / "docvec-model.json", "default model (python3 build_scripts/bootstrap.py makes it)").parent


def _settings(tmp_path, **values):
    values = {"workers": 1, "embed_threads": 1, **values}
    return load_settings(tmp_path / "data", environ={}, dotenv_path=tmp_path / "no.env", overrides=values)


def test_the_int8_model_stays_within_cosine_099_of_the_fp32_references(default_dir):
    spec = modelstore.ModelSpec.load(default_dir)
    assert (spec.name, spec.dimension, spec.query_prefix, spec.passage_prefix) == (
        "multilingual-e5-small-int8", 384, "query: ", "passage: ")
    embedder = OnnxEmbedder(default_dir, batch_size=4)
    cases = json.loads((default_dir / "reference_embeddings.json").read_text(encoding="utf-8"))["cases"]
    kinds = ["query" if c["prefix"].startswith("query") else "passage" for c in cases]
    for kind in ("query", "passage"):  # batched with padding, as ingestion does
        mine = [c for c, k in zip(cases, kinds) if k == kind]
        vectors = embedder.embed([c["text"] for c in mine], kind=kind)
        cosines = vectors @ np.asarray([c["embedding"] for c in mine], dtype=np.float32).T
        assert np.diag(cosines).min() >= 0.99, [(c["text"][:30], round(float(x), 4))
                                                for c, x in zip(mine, np.diag(cosines))]


def test_without_a_model_folder_the_default_is_found(default_dir):
    assert modelstore.find_model_dir(None) == default_dir
    assert modelstore.find_model_dir(None, "all-MiniLM-L6-v2") is not None  # ../shared from a checkout


def _greeting(tmp_path):
    path = tmp_path / "greeting.txt"
    path.write_text("Good morning! Warm greetings to everyone in the garden club.\n", encoding="utf-8")
    return path


def test_a_new_library_is_made_with_the_default_model(tmp_path, default_dir):
    with Service(_settings(tmp_path)).open() as svc:
        added = svc.add([_greeting(tmp_path)]).added
        assert svc.wait_idle(timeout=300)
        assert svc.document(added[0]["id"]).status == "completed"
        assert librarymodel.recorded().name == "multilingual-e5-small-int8"
        assert svc.search("早上好", mode="vector")  # a Chinese query finds an English greeting


def test_a_library_from_before_the_record_keeps_minilm(tmp_path, model_dir):
    with Service(_settings(tmp_path, model_dir=str(model_dir))).open() as svc:
        doc = svc.add([_greeting(tmp_path)]).added[0]["id"]
        assert svc.wait_idle(timeout=300)
        with dbm.write_transaction():  # as a library made before the model was recorded
            dbm.LibraryMeta.delete().execute()
    with Service(_settings(tmp_path)).open() as svc:  # no model folder configured now
        assert svc.components.wanted_model() == "all-MiniLM-L6-v2"
        hits = svc.search("greetings", mode="vector")
        assert [h.doc_id for h in hits][:1] == [doc]  # the same vectors, nothing re-embedded
        assert svc.components.embedder().name == "all-MiniLM-L6-v2"
        assert librarymodel.recorded().sha256 == librarymodel.file_sha256(model_dir / "model.onnx")
