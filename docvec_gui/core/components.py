"""The heavy parts, loaded lazily (never on the UI thread) and supervised.

Each part is created on first use behind one lock: the embedding model, the chunker (the
model's tokenizer), the vector store (a supervised child process that restarts itself
after a crash or hang) and the extraction pool (a fixed number of sandboxed children).
"""
from __future__ import annotations

import logging
import threading
import time
from typing import Callable

from docvec_gui.core.errors import ModelError

log = logging.getLogger(__name__)


def ocr_options(settings):
    """What OCR may do in the extraction children, from the settings."""
    from docvec_gui.core.extract.ocr import OcrOptions

    return OcrOptions(enabled=settings.ocr_enabled, max_pages=settings.ocr_max_pages,
                      cache_dir=settings.ocr_cache_path, page_timeout=settings.ocr_page_timeout)


class Components:
    def __init__(self, settings, on_vector_state: Callable[[bool, str], None],
                 on_vectors_opened: Callable[[object], None]) -> None:
        self.settings = settings
        self._on_vector_state = on_vector_state
        self._on_vectors_opened = on_vectors_opened
        self._lock = threading.RLock()
        self._embedder = None
        self._chunker = None
        self._vectors = None
        self._extractors = None
        self._closed = False
        self.generation = 0  # bumped by use_settings: a search that straddles it tries again

    def embedder(self):
        with self._lock:
            if self._embedder is None:
                from docvec_gui.core.embed import make_embedder

                self._embedder = make_embedder(self.settings, self.wanted_model())
            return self._embedder

    def wanted_model(self) -> str | None:
        """The name of the model that made this library's vectors (None: a new library, which
        gets the default). A configured model folder overrides it, and is then verified."""
        from docvec_gui.core import librarymodel

        current = librarymodel.recorded_or_legacy()
        return current.name if current is not None else None

    def chunker(self):
        with self._lock:
            if self._chunker is None:
                from docvec_gui.core.chunk import Chunker
                from docvec_gui.core.embed import MiniLMEmbedder, load_tokenizer
                from docvec_gui.core.modelstore import ensure_model

                # The library's own model's tokenizer: chunks are counted in the tokens of the
                # model that embeds them (the lock is re-entrant).
                embedder = self.embedder()
                model_dir = embedder.model_dir if isinstance(embedder, MiniLMEmbedder) else ensure_model(
                    self.settings.model_dir, allow_download=False, wanted=self.wanted_model())
                self._chunker = Chunker(load_tokenizer(model_dir), self.settings.chunk_tokens,
                                        self.settings.chunk_overlap)
            return self._chunker

    def forget_chunker(self) -> None:
        with self._lock:
            self._chunker = None

    def vectors(self):
        embedder = self.embedder()
        opened = None
        with self._lock:
            if self._closed:
                from docvec_gui.core.vectorstore import VectorStoreUnavailable

                raise VectorStoreUnavailable("the app is closing")
            if self._vectors is None:
                from docvec_gui.core import librarymodel

                if not embedder.dim:
                    embedder.dim = len(embedder.embed(["dimension probe"])[0])
                librarymodel.verify(embedder)  # never the vectors of one model beside another's
                self._vectors = opened = self._open_vectors(embedder.name, embedder.dim)
            store = self._vectors
        if opened is not None:
            self._on_vectors_opened(opened)  # outside the lock: it may call the store
        return store

    def _open_vectors(self, model: str, dim: int):
        """Open the store; an embedded store Chroma cannot open is derived data: it is moved
        aside and started empty, and the start-up check rebuilds it from the stored chunks."""
        from docvec_gui.core.vectorstore import VectorStoreError, VectorStoreProcess, VectorStoreUnavailable

        s = self.settings

        def attempt():
            return VectorStoreProcess(s.chroma_path, model, dim, s.chroma_host, s.chroma_port,
                                      call_timeout=s.vector_timeout, on_state=self._on_vector_state)

        try:
            return attempt()
        except VectorStoreUnavailable:
            raise
        except VectorStoreError as exc:
            if s.chroma_host or not s.chroma_path.exists():
                raise
            aside = s.chroma_path.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
            log.error("the vector store at %s cannot be opened (%s); moved to %s and rebuilt", s.chroma_path, exc,
                      aside)
            s.chroma_path.rename(aside)
            return attempt()

    def vectors_if_open(self):
        return self._vectors

    def open_store_for(self, model: str, dim: int):
        """Another model's collection, in its own supervised process (the caller closes it)."""
        from docvec_gui.core.vectorstore import VectorStoreProcess

        s = self.settings
        return VectorStoreProcess(s.chroma_path, model, dim, s.chroma_host, s.chroma_port,
                                  call_timeout=s.vector_timeout)

    def use_settings(self, settings) -> None:
        """New settings (another model folder): the model, chunker and store reload on next use."""
        with self._lock:
            self.settings = settings
            self.generation += 1
            self._embedder = self._chunker = None
            vectors, self._vectors = self._vectors, None
        if vectors is not None:
            vectors.close()

    def extractors(self):
        with self._lock:
            if self._extractors is None:
                from docvec_gui.core.extract.sandbox import ExtractorPool

                self._extractors = ExtractorPool(max(1, self.settings.workers), self.settings.extract_timeout,
                                                 self.settings.extract_memory_mb,
                                                 spool_dir=self.settings.spool_path,
                                                 max_chars=self.settings.max_text_mb * 1_000_000)
            # Read per request: a change in Settings applies from the next document on.
            self._extractors.ocr = ocr_options(self.settings)
            return self._extractors

    def model_back(self) -> bool:
        """Probe of the ``model`` fault: the local model is found (no download) and loads."""
        from docvec_gui.core.modelstore import find_model_dir

        if self.settings.embed_provider == "local" and find_model_dir(self.settings.model_dir,
                                                                      self.wanted_model()) is None:
            return False
        embedder = self.embedder()
        load = getattr(embedder, "load", None)
        if load is not None:
            load()
        self.chunker()
        from docvec_gui.core import librarymodel

        librarymodel.verify(embedder)
        return True

    # -- health --------------------------------------------------------------------------
    def model_health(self, load: bool) -> dict:
        from docvec_gui.core.modelstore import DEFAULT_MODEL, find_model_dir

        if self.settings.embed_provider != "local":
            return {"ok": True, "detail": f"{self.settings.embed_provider} at {self.settings.embed_url}",
                    "remote": True}
        try:
            if load:
                embedder = self.embedder()
                embedder.load()
                return {"ok": True, "detail": f"loaded from {embedder.model_dir}"}
            wanted = self.wanted_model()
            where = find_model_dir(self.settings.model_dir, wanted)
            if where is None:
                return {"ok": False, "detail": f"model {wanted or DEFAULT_MODEL} not installed"}
            return {"ok": True, "detail": f"{'loaded' if self._embedder else 'available'} at {where}"}
        except (ModelError, OSError) as exc:
            return {"ok": False, "detail": str(exc)}

    def close(self, timeout: float = 10.0) -> None:
        """Bounded: every child is asked, then made, to stop."""
        with self._lock:
            self._closed = True
            vectors, self._vectors = self._vectors, None
            extractors, self._extractors = self._extractors, None
        if extractors is not None:
            extractors.close(timeout)
        if vectors is not None:
            vectors.close(timeout)
