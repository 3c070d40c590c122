"""Where the embedding models live, what they are, and MiniLM's one-time, checksum-verified download.

A model folder is either described by a ``docvec-model.json`` (name, dimension, window,
prefixes, ONNX file: see :class:`ModelSpec`) or has the plain all-MiniLM-L6-v2 layout
(``model.onnx`` and ``tokenizer.json``), which needs no description.

Which model: ``MODEL_DIR`` if set; else the model that made the library's vectors (see
:mod:`librarymodel`), else the default, multilingual-e5-small (int8). A model is looked up
by folder name in the bundled ``resources/models``, the user cache and, from a source
checkout, ``../shared/models``. Only all-MiniLM-L6-v2 can be downloaded (into the cache),
and every file with a known checksum is verified before it is moved into place.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from docvec_gui.core.errors import ModelError
from docvec_gui.resources import resource_path

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"  # the plain layout's model, and the only downloadable one
DEFAULT_MODEL = "multilingual-e5-small-int8"  # made by build_scripts/quantize_model.py
MODEL_DIM = 384
MODEL_MAX_TOKENS = 256
REQUIRED_FILES = ("model.onnx", "tokenizer.json")
OPTIONAL_FILES = ("config.json", "special_tokens_map.json", "tokenizer_config.json", "vocab.txt")
CHECKSUMS = {
    "model.onnx": "2c367d107dda7923d11ff52aa572a01aa5cfdde9639578bd3841c9122c345732",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
}
DEFAULT_BASE_URL = "https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2/resolve/main/onnx/"
MODEL_URL_ENV = "DOCVEC_MODEL_URL"


DESCRIPTION = "docvec-model.json"


@dataclass(frozen=True)
class ModelSpec:
    """What the embedder and chunker need to know about a model, from its folder."""

    name: str
    directory: Path
    onnx: str = "model.onnx"
    dimension: int = MODEL_DIM
    max_tokens: int = MODEL_MAX_TOKENS
    query_prefix: str = ""
    passage_prefix: str = ""
    # The cosine from which a vector hit counts as a good match (search drops those below it
    # unless they match keywords); None: uncalibrated, nothing is dropped. Measured per model
    # with benchmarks/match_floor.py: unrelated texts score ~0.1 with MiniLM but ~0.75 with e5.
    min_similarity: float | None = None

    @property
    def onnx_path(self) -> Path:
        return self.directory / self.onnx

    @classmethod
    def load(cls, directory: Path) -> "ModelSpec":
        """The folder's description, or MiniLM's defaults for the plain layout."""
        directory = Path(directory)
        described = directory / DESCRIPTION
        if not described.is_file():
            # all-MiniLM-L6-v2's floor, from benchmarks/match_floor.py (docs/BENCHMARKS.md).
            return cls(MODEL_NAME, directory, min_similarity=0.35)
        try:
            data = json.loads(described.read_text(encoding="utf-8"))
            floor = data.get("min_similarity")
            spec = cls(str(data["name"]), directory, str(data.get("onnx", "model.onnx")), int(data["dimension"]),
                       int(data.get("max_tokens", MODEL_MAX_TOKENS)), str(data.get("query_prefix", "")),
                       str(data.get("passage_prefix", "")), None if floor is None else float(floor))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise ModelError(f"unreadable model description {described}: {exc}") from exc
        if data.get("pooling", "mean") != "mean" or not data.get("normalize", True):
            raise ModelError(f"{described}: only mean pooling with L2 normalisation is supported")
        return spec


def has_model(directory: Path) -> bool:
    described = directory / DESCRIPTION
    if described.is_file():
        try:
            spec = ModelSpec.load(directory)
        except ModelError as exc:
            log.warning("%s", exc)
            return False
        return spec.onnx_path.is_file() and (directory / "tokenizer.json").is_file()
    return all((directory / name).is_file() for name in REQUIRED_FILES)


def bundled_model_dir(name: str = DEFAULT_MODEL) -> Path:
    return resource_path("models", name)


def cache_model_dir(name: str = MODEL_NAME) -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("docvec", appauthor=False)) / "models" / name


def find_model_dir(configured: Path | None, wanted: str | None = None) -> Path | None:
    """The folder of the configured model, else of the model called ``wanted`` (default:
    :data:`DEFAULT_MODEL`), or None when it is not installed."""
    if configured is not None:
        return configured if has_model(configured) else None
    name = wanted or DEFAULT_MODEL
    for candidate in (bundled_model_dir(name), cache_model_dir(name), source_checkout_models() / name):
        if has_model(candidate):
            return candidate
    for where, folder in model_folders(None):  # a described model in a folder named otherwise
        if (folder / DESCRIPTION).is_file() and ModelSpec.load(folder).name == name:
            return folder
    return None


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download_file(url: str, dest: Path, expected_sha: str | None, timeout: float) -> None:
    import urllib.request  # only a download needs it (~35 ms at every start of the window otherwise)

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=dest.parent, prefix=dest.name, suffix=".part")
    digest = hashlib.sha256()
    try:
        with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as response:
            for block in iter(lambda: response.read(1 << 20), b""):
                digest.update(block)
                out.write(block)
        if expected_sha and digest.hexdigest() != expected_sha:
            raise ModelError(f"checksum mismatch for {url}: got {digest.hexdigest()}, expected {expected_sha}")
        os.replace(tmp_name, dest)
    except OSError as exc:
        raise ModelError(f"cannot download {url}: {exc}") from exc
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def failed_download_mark(dest: Path) -> Path:
    return dest.with_name(dest.name + ".download-failed")


def download_model(dest: Path, base_url: str | None = None, timeout: float = 60.0, retry: bool = True) -> Path:
    """Download the model files into ``dest``, verifying checksums. Returns ``dest``.

    A failure is remembered beside ``dest``: with ``retry=False`` (the app on its own) a
    remembered failure is reported again without another attempt, so it is said once, not
    once per document or per launch; ``docvec model download`` retries."""
    mark = failed_download_mark(dest)
    if mark.is_file() and not retry:
        raise ModelError(f"the download of {MODEL_NAME} failed earlier ({mark.read_text(encoding='utf-8').strip()}); "
                         f"choose a model folder in Settings, or retry with `docvec model download`")
    base = (base_url or os.environ.get(MODEL_URL_ENV) or DEFAULT_BASE_URL).rstrip("/") + "/"
    try:
        for name in REQUIRED_FILES:
            if not (dest / name).is_file():
                log.info("downloading %s from %s", name, base)
                _download_file(base + name, dest / name, CHECKSUMS.get(name), timeout)
    except ModelError as exc:
        mark.parent.mkdir(parents=True, exist_ok=True)
        mark.write_text(f"{time.strftime('%Y-%m-%d %H:%M')}: {exc}\n", encoding="utf-8")
        raise
    mark.unlink(missing_ok=True)
    return dest


def ensure_model(configured: Path | None, allow_download: bool = True, wanted: str | None = None) -> Path:
    """A directory holding the model (see :func:`find_model_dir`), downloading MiniLM into
    the cache once if it is the one wanted and missing."""
    found = find_model_dir(configured, wanted)
    if found is not None:
        return found
    if configured is not None:
        raise ModelError(f"MODEL_DIR {configured} does not hold {', '.join(REQUIRED_FILES)}")
    name = wanted or DEFAULT_MODEL
    if name != MODEL_NAME:
        raise ModelError(f"the embedding model {name} is not installed: choose a model folder in Settings "
                         f"(or set MODEL_DIR)")
    if not allow_download:
        raise ModelError("the embedding model is not installed and downloads are disabled")
    return download_model(cache_model_dir(), retry=False)


def source_checkout_models() -> Path:
    """``../shared/models`` beside a source checkout (the project's development layout)."""
    return Path(__file__).resolve().parents[3] / "shared" / "models"


def model_folders(configured: Path | None) -> list[tuple[str, Path]]:
    """Every model folder docvec can see, as (where, folder): configured, bundled,
    downloaded (the user cache) and, from a source checkout, ../shared/models."""
    found: list[tuple[str, Path]] = []
    if configured is not None and has_model(configured):
        found.append(("configured", configured.resolve()))
    places = [("bundled", bundled_model_dir().parent), ("downloaded", cache_model_dir().parent),
              ("checkout", source_checkout_models())]
    for where, parent in places:
        if parent.is_dir():
            for folder in sorted(p for p in parent.iterdir() if p.is_dir() and has_model(p)):
                if all(folder.resolve() != f for _, f in found):
                    found.append((where, folder.resolve()))
    return found


def resolve_model(name_or_path: str, configured: Path | None) -> Path:
    """A model folder from a path or the name of a folder :func:`model_folders` lists."""
    path = Path(name_or_path).expanduser()
    if path.is_dir():
        if not has_model(path):
            raise ModelError(f"{path} holds no model (a docvec-model.json or model.onnx with tokenizer.json)")
        return path.resolve()
    for _, folder in model_folders(configured):
        if folder.name == name_or_path or ModelSpec.load(folder).name == name_or_path:
            return folder
    names = ", ".join(sorted({f.name for _, f in model_folders(configured)})) or "none"
    raise ModelError(f"no model called {name_or_path!r}; known models: {names}")
