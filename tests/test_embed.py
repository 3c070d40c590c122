import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from docvec_gui.core import modelstore
from docvec_gui.core.embed import MiniLMEmbedder, OllamaEmbedder, OnnxEmbedder, OpenAIEmbedder
from docvec_gui.core.errors import EmbeddingServiceError, ModelError

from httpfixtures import serve_directory, serve_json


@pytest.fixture(scope="module")
def embedder(model_dir):
    return MiniLMEmbedder(model_dir, threads=2, batch_size=8)


def test_reference_embeddings(embedder, model_dir):
    reference = json.loads((model_dir / "reference_embeddings.json").read_text())
    cases = reference["cases"]
    vectors = embedder.embed([c["text"] for c in cases])
    assert vectors.shape == (len(cases), 384)
    for case, vector in zip(cases, vectors):
        expected = np.asarray(case["embedding"], dtype=np.float32)
        cosine = float(vector @ expected / (np.linalg.norm(vector) * np.linalg.norm(expected)))
        assert cosine >= 0.999, (case["text"][:40], cosine)


def test_multilingual_model_from_its_description(multilingual_dir):
    """multilingual-e5-small (issue 9): its description gives name, window and prefixes; the
    reference cases match (within 1e-4 of each recorded q4 cosine, all >= 0.999), batched."""
    embedder = OnnxEmbedder(multilingual_dir, threads=2, batch_size=8)
    assert (embedder.name, embedder.dim, embedder.spec.max_tokens) == ("multilingual-e5-small", 384, 512)
    cases = json.loads((multilingual_dir / "reference_embeddings.json").read_text())["cases"]
    vectors = {}
    for kind in ("query", "passage"):
        mine = [c for c in cases if c["prefix"] == kind + ": "]
        assert mine
        # The prefix is the embedder's business: callers pass the bare text and its kind.
        for case, vector in zip(mine, embedder.embed([c["text"] for c in mine], kind=kind)):
            vectors[case["input"]] = (case, vector)
    assert len(vectors) == len(cases)
    for case, vector in vectors.values():
        expected = np.asarray(case["embedding"], dtype=np.float32)
        cosine = float(vector @ expected / np.linalg.norm(expected))
        assert cosine >= 0.999 and abs(cosine - case["q4_cosine"]) < 1e-4, (case["input"][:40], cosine)
    # Without its prefix, the same text gives another vector: the prefix is really applied.
    text = next(c["text"] for c in cases if c["prefix"] == "query: " and c["text"])
    assert float(embedder.embed([text], kind="query")[0] @ embedder.embed([text])[0]) < 0.999


def test_same_vectors_as_chromas_function(embedder, model_dir, tmp_path, monkeypatch):
    from chromadb.utils.embedding_functions.onnx_mini_lm_l6_v2 import ONNXMiniLM_L6_V2

    (tmp_path / "onnx").symlink_to(model_dir)
    monkeypatch.setattr(ONNXMiniLM_L6_V2, "DOWNLOAD_PATH", tmp_path)
    chroma = ONNXMiniLM_L6_V2(preferred_providers=["CPUExecutionProvider"])
    texts = ["short", "a somewhat longer sentence about vector databases", "数据库 " * 30, "word " * 300]
    ours = embedder.embed(texts)
    theirs = np.asarray(chroma(texts))
    assert np.allclose(ours, theirs, atol=1e-4)


def test_order_is_preserved_when_batches_are_sorted_by_length(embedder):
    texts = ["x " * n for n in (50, 1, 20, 3, 100, 7)]
    together = embedder.embed(texts)
    alone = np.vstack([embedder.embed([t]) for t in texts])
    assert np.allclose(together, alone, atol=1e-5)


def test_model_download_with_checksum(tmp_path, model_dir):
    with serve_directory(model_dir) as url:
        dest = modelstore.download_model(tmp_path / "cache", base_url=url)
    assert modelstore.has_model(dest)
    assert modelstore.sha256_of(dest / "model.onnx") == modelstore.CHECKSUMS["model.onnx"]


def test_model_download_rejects_bad_checksum(tmp_path, model_dir):
    fake = tmp_path / "served"
    fake.mkdir()
    (fake / "model.onnx").write_bytes(b"not the model")
    shutil.copy(model_dir / "tokenizer.json", fake / "tokenizer.json")
    with serve_directory(fake) as url, pytest.raises(ModelError, match="checksum mismatch"):
        modelstore.download_model(tmp_path / "cache", base_url=url)
    assert not (tmp_path / "cache" / "model.onnx").exists()


def test_configured_model_dir_must_hold_the_model(tmp_path):
    with pytest.raises(ModelError, match="does not hold"):
        modelstore.ensure_model(tmp_path)


def _vector(seed: int) -> list[float]:
    return [float(seed), 1.0, 0.5]


def test_openai_compatible_endpoint_with_429_retry():
    def handler(path, body, n):
        if n == 1:
            return 429, {"error": {"message": "slow down"}}
        data = [{"object": "embedding", "index": i, "embedding": _vector(i)} for i, _ in enumerate(body["input"])]
        return 200, {"object": "list", "data": list(reversed(data)), "model": body["model"]}

    with serve_json(handler) as (url, calls):
        embedder = OpenAIEmbedder(url + "/v1/embeddings", "text-embedding-3-small", api_key="sk-test")
        vectors = embedder.embed(["a", "b", "c"])
    assert len(calls) == 2 and calls[1]["path"] == "/v1/embeddings"
    assert calls[1]["auth"] == "Bearer sk-test"
    assert vectors.shape == (3, 3)
    expected = np.asarray([_vector(i) for i in range(3)], dtype=np.float32)
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    assert np.allclose(vectors, expected)  # answers re-ordered by "index"


def test_ollama_endpoint_and_permanent_error():
    def handler(path, body, n):
        if body["input"] == ["bad"]:
            return 400, {"error": "invalid input"}
        return 200, {"model": body["model"], "embeddings": [_vector(7) for _ in body["input"]]}

    with serve_json(handler) as (url, calls):
        embedder = OllamaEmbedder(url + "/api/embed", "nomic-embed-text")
        assert embedder.embed(["x", "y"]).shape == (2, 3)
        with pytest.raises(EmbeddingServiceError) as info:
            embedder.embed(["bad"])
    assert calls[0]["path"] == "/api/embed" and calls[0]["body"]["model"] == "nomic-embed-text"
    assert info.value.transient is False


def test_a_failed_download_is_said_once_and_retried_on_request(tmp_path, model_dir, monkeypatch):
    """Issue 9: the app does not try again on every launch; `docvec model download` does."""
    dest = tmp_path / "cache" / "all-MiniLM-L6-v2"
    empty = tmp_path / "served"
    empty.mkdir()
    with serve_directory(empty) as url:  # a server without the files: 404
        with pytest.raises(ModelError, match="cannot download"):
            modelstore.download_model(dest, base_url=url, retry=False)
        assert modelstore.failed_download_mark(dest).is_file()
    # The next launch: the server is gone, and no attempt is made (a connection would fail
    # differently); the reason recorded the first time is what the user sees.
    with pytest.raises(ModelError, match="failed earlier.*cannot download.*docvec model download"):
        modelstore.download_model(dest, base_url="http://127.0.0.1:9/", retry=False)
    with serve_directory(model_dir) as url:
        assert modelstore.has_model(modelstore.download_model(dest, base_url=url, retry=True))
    assert not modelstore.failed_download_mark(dest).exists()
