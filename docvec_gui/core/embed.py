"""Embedding: a local model on ONNX Runtime, plus optional HTTP providers.

:class:`OnnxEmbedder` runs any model folder :class:`~docvec_gui.core.modelstore.ModelSpec`
describes (all-MiniLM-L6-v2, multilingual-e5-small, ...): the model's own tokenizer and
window, its query/passage prefixes, mean pooling over the attention mask and L2
normalisation. With MiniLM it gives the same vectors as Chroma's ``ONNXMiniLM_L6_V2`` but
faster: inputs are sorted by length and each batch is padded only to its longest member,
and ONNX Runtime's thread count is capped so the desktop stays usable.
"""
from __future__ import annotations

import abc
import functools
import json
import logging
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, Sequence

from docvec_gui.core.errors import EmbeddingServiceError, ModelError
from docvec_gui.core.modelstore import ModelSpec

if TYPE_CHECKING:  # numpy costs ~0.2 s: imported when first used, not before the window paints
    import numpy as np

log = logging.getLogger(__name__)


# What a text is, for models trained with prefixes (E5: "query: " / "passage: ").
QUERY, PASSAGE = "query", "passage"


class Embedder(Protocol):
    """Anything that turns texts into L2-normalised float32 vectors."""

    name: str
    dim: int

    def embed(self, texts: Sequence[str], kind: str = PASSAGE) -> np.ndarray: ...


def load_tokenizer(model_dir: Path, max_tokens: int | None = None):
    """The model's own tokenizer, shared by everything in this process that uses the same file
    (the multilingual model's holds ~45 MB on SentencePiece, ~280 MB on HF tokenizers), so it neither truncates nor pads: the embedder
    truncates each text at the model window itself. ``max_tokens`` is accepted for callers
    of the earlier signature and ignored."""
    path = Path(model_dir) / "tokenizer.json"
    try:
        return _shared_tokenizer(str(path.resolve()), path.stat().st_mtime_ns)
    except OSError as exc:
        raise ModelError(f"cannot load tokenizer {path}: {exc}") from exc


@functools.lru_cache(maxsize=2)  # two: the library's model and the one a switch moves to
def _shared_tokenizer(path: str, mtime_ns: int):
    from docvec_gui.core.unigram import load_unigram

    # XLM-R-style Unigram models (the multilingual default) run on SentencePiece: the same ids
    # and offsets as HF tokenizers (tests/test_unigram.py), ~45 MB resident instead of ~280 MB
    # (benchmarks/tokenizer_memory.py). Others (MiniLM's WordPiece) stay on HF tokenizers.
    try:
        small = load_unigram(Path(path), _tokenizer_cache_dir())
    except (OSError, ValueError) as exc:  # unreadable or not JSON: HF reports it below
        log.warning("SentencePiece tokenizer unavailable for %s: %s", path, exc)
        small = None
    if small is not None:
        return small
    from tokenizers import Tokenizer

    try:
        tokenizer = Tokenizer.from_file(path)
    except Exception as exc:  # tokenizers raises a bare Exception for bad files
        raise ModelError(f"cannot load tokenizer {path}: {exc}") from exc
    # MiniLM's published tokenizer.json pads and truncates at 128 (its window is 256); E5's
    # sets neither. Encoding is thread-safe once these settings are fixed.
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _tokenizer_cache_dir() -> Path:
    """Where built SentencePiece models are kept (rebuilt from tokenizer.json if lost)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("docvec", appauthor=False)) / "tokenizers"


BATCH_LENGTH_SPREAD = 1.25


def length_batches(lengths: Sequence[int], size: int) -> list[list[int]]:
    """Indexes of texts in batches of at most ``size`` whose token counts differ by at most
    25% (+8). Little compute goes to padding, and an int8 model, whose activations are
    quantized per batch, gives a text nearly the vector it gets alone (cosine >= 0.99 to
    the fp32 reference, where a 512-token text batched with short ones drops to 0.98)."""
    order = sorted(range(len(lengths)), key=lambda i: lengths[i])
    batches: list[list[int]] = []
    for i in order:
        batch = batches[-1] if batches else None
        if batch and len(batch) < size and lengths[i] <= lengths[batch[0]] * BATCH_LENGTH_SPREAD + 8:
            batch.append(i)
        else:
            batches.append([i])
    return batches


class OnnxEmbedder:
    """A local model folder. Thread-safe; the model loads lazily on first use."""

    def __init__(self, model_dir: Path, threads: int = 1, batch_size: int = 8) -> None:
        self.model_dir = Path(model_dir)
        self.spec = ModelSpec.load(self.model_dir)
        self.name = self.spec.name
        self.dim = self.spec.dimension
        self.threads = max(1, threads)
        self.batch_size = max(1, batch_size)
        self._session = None
        self._tokenizer = None
        self._pad_id = 0
        self._load_lock = threading.Lock()

    def load(self) -> None:
        """Load tokenizer and ONNX session now (call from a worker thread, never the UI)."""
        with self._load_lock:
            if self._session is not None:
                return
            from docvec_gui.core.privacy import disable_telemetry

            disable_telemetry()  # effective only before the first onnxruntime import
            import onnxruntime as ort

            ort.disable_telemetry_events()  # second layer, for events after start-up
            self._tokenizer = load_tokenizer(self.model_dir, self.spec.max_tokens)
            self._pad_id = next((i for i in (self._tokenizer.token_to_id(t) for t in ("[PAD]", "<pad>"))
                                 if i is not None), 0)
            options = ort.SessionOptions()
            options.intra_op_num_threads = self.threads
            options.inter_op_num_threads = 1
            options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
            model_path = self.spec.onnx_path
            try:
                self._session = ort.InferenceSession(
                    str(model_path), sess_options=options, providers=["CPUExecutionProvider"]
                )
            except Exception as exc:  # onnxruntime raises its own exception hierarchy
                raise ModelError(f"cannot load model {model_path}: {exc}") from exc

    @property
    def loaded(self) -> bool:
        return self._session is not None

    def _run_batch(self, encodings: list) -> np.ndarray:
        import numpy as np

        width = max(len(e.ids) for e in encodings)
        ids = np.full((len(encodings), width), self._pad_id, dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, enc in enumerate(encodings):
            ids[row, : len(enc.ids)] = enc.ids
            mask[row, : len(enc.ids)] = 1
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = self._session.run(None, feeds)[0]
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        norms[norms == 0] = 1e-12
        return (pooled / norms).astype(np.float32)

    def embed(self, texts: Sequence[str], kind: str = PASSAGE) -> np.ndarray:
        """Vectors for ``texts`` (search queries or indexed passages) in input order,
        shape (len(texts), dim)."""
        import numpy as np

        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        self.load()
        prefix = self.spec.query_prefix if kind == QUERY else self.spec.passage_prefix
        encodings = self._encode([prefix + t for t in texts] if prefix else list(texts))
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for idx in length_batches([len(e.ids) for e in encodings], self.batch_size):
            out[idx] = self._run_batch([encodings[i] for i in idx])
        return out

    def _encode(self, texts: list[str]) -> list:
        """Token ids with the model's special tokens, cut at its window (as the tokenizer's own
        truncation would: the specials are kept)."""
        tokenizer = self._tokenizer
        limit = self.spec.max_tokens - tokenizer.num_special_tokens_to_add(False)
        encodings = tokenizer.encode_batch(texts, add_special_tokens=False)
        for encoding in encodings:
            encoding.truncate(limit)
        return [tokenizer.post_process(encoding) for encoding in encodings]

    def count_tokens(self, text: str) -> int:
        self.load()
        return len(self._tokenizer.encode(text).ids)


MiniLMEmbedder = OnnxEmbedder  # the name earlier code and benchmarks use


class _HttpEmbedder(abc.ABC):
    """Shared retry logic for OpenAI-compatible and Ollama endpoints."""

    def __init__(self, url: str, model: str, api_key: str | None = None, batch_size: int = 64,
                 max_attempts: int = 5, timeout: float = 60.0, dim: int | None = None) -> None:
        self.url = url
        self.model = model
        self.api_key = api_key
        self.batch_size = batch_size
        self.max_attempts = max_attempts
        self.timeout = timeout
        self.name = model
        self.dim = dim or 0

    def _post(self, payload: dict) -> dict:
        import urllib.error  # only remote providers need it (~35 ms at the window's start)
        import urllib.request

        body = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        delay = 0.5
        for attempt in range(1, self.max_attempts + 1):
            request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    return json.loads(response.read().decode("utf-8"))
            except urllib.error.HTTPError as exc:
                retryable = exc.code == 429 or exc.code >= 500
                if not retryable or attempt == self.max_attempts:
                    raise EmbeddingServiceError(
                        f"{self.url} answered HTTP {exc.code}: {exc.read()[:200]!r}", transient=retryable
                    ) from exc
                retry_after = exc.headers.get("Retry-After") if exc.headers else None
                wait = float(retry_after) if retry_after and retry_after.replace(".", "", 1).isdigit() else delay
                log.info("embedding endpoint busy (HTTP %s); retrying in %.1fs", exc.code, wait)
                time.sleep(min(wait, 30.0))
                delay *= 2
            except (urllib.error.URLError, OSError, ValueError) as exc:
                if attempt == self.max_attempts:
                    raise EmbeddingServiceError(f"cannot reach {self.url}: {exc}") from exc
                time.sleep(delay)
                delay *= 2
        raise EmbeddingServiceError(f"{self.url}: no answer after {self.max_attempts} attempts")

    @abc.abstractmethod
    def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        """One request's vectors, in input order (the wire format differs per provider)."""

    def embed(self, texts: Sequence[str], kind: str = PASSAGE) -> np.ndarray:
        import numpy as np

        vectors: list[list[float]] = []
        for start in range(0, len(texts), self.batch_size):
            vectors.extend(self._embed_batch(list(texts[start : start + self.batch_size])))
        arr = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1) if texts else np.zeros((0, self.dim))
        norms = np.linalg.norm(arr, axis=1, keepdims=True)
        norms[norms == 0] = 1e-12
        if arr.shape[0]:
            self.dim = arr.shape[1]
        return (arr / norms).astype(np.float32)


class OpenAIEmbedder(_HttpEmbedder):
    """Any OpenAI-compatible ``POST /v1/embeddings`` endpoint."""

    def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        data = self._post({"model": self.model, "input": texts})
        try:
            items = sorted(data["data"], key=lambda item: item.get("index", 0))
            return [item["embedding"] for item in items]
        except (KeyError, TypeError) as exc:
            raise EmbeddingServiceError(f"unexpected response from {self.url}: {exc}", transient=False) from exc


class OllamaEmbedder(_HttpEmbedder):
    """Ollama's ``POST /api/embed``."""

    def _embed_batch(self, texts: list[str]) -> list[list[float]]:
        data = self._post({"model": self.model, "input": texts})
        try:
            return list(data["embeddings"])
        except (KeyError, TypeError) as exc:
            raise EmbeddingServiceError(f"unexpected response from {self.url}: {exc}", transient=False) from exc


def make_embedder(settings, wanted: str | None = None) -> Embedder:
    """The embedder the settings ask for (local model by default): the configured model
    folder, else the model called ``wanted`` (the library's own), else the default."""
    from docvec_gui.core.modelstore import ensure_model

    if settings.embed_provider == "openai":
        base = (settings.embed_url or "http://127.0.0.1:8080").rstrip("/")
        url = base if base.endswith("/embeddings") else base + "/v1/embeddings"
        return OpenAIEmbedder(url, settings.embed_model or "text-embedding-3-small", settings.embed_api_key)
    if settings.embed_provider == "ollama":
        base = (settings.embed_url or "http://127.0.0.1:11434").rstrip("/")
        url = base if base.endswith("/api/embed") else base + "/api/embed"
        return OllamaEmbedder(url, settings.embed_model or "nomic-embed-text")
    return OnnxEmbedder(ensure_model(settings.model_dir, wanted=wanted), settings.embed_threads,
                        settings.embed_batch)
