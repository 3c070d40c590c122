"""The searcher: keyword (FTS5 BM25), vector (Chroma) and hybrid (reciprocal-rank fusion)
over completed documents only, so a document being written or deleted is never half-seen.

When the vector store is down, hybrid search answers from keywords alone (and says so in
``last_degraded``); vector-only search raises the store's error.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterable, Sequence

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import InvalidQuery
from docvec_gui.core.search import CANDIDATES, MODES, RRF_K, SearchResult, highlight_spans, keyword_search, rrf
from docvec_gui.core.vocabulary import Status

log = logging.getLogger(__name__)

Ranked = list[tuple[tuple[str, int], float]]


class Searcher:
    def __init__(self, embedder: Callable[[], object], vectors: Callable[[], object],
                 writing: Callable[[], Iterable[str]] = lambda: (),
                 generation: Callable[[], int] = lambda: 0) -> None:
        self.embedder = embedder
        self.vectors = vectors
        self.generation = generation  # bumped when the model (and its store) is replaced
        self.writing = writing  # ids of documents being written now (their partial vectors are skipped)
        self.last_degraded: str | None = None

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid",
               doc_ids: Sequence[str] | None = None) -> list[SearchResult]:
        if not query or not query.strip():
            raise InvalidQuery("the query is empty")
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if top_k < 1:
            raise InvalidQuery("top_k must be at least 1")
        self.last_degraded = None
        depth = max(CANDIDATES, top_k)
        ranked: list[Ranked] = []
        verbatim: set[tuple[str, int]] = set()
        if mode in ("keyword", "hybrid"):
            ranked.append(self._keyword_ranked(query, depth, doc_ids))
            # The words in the order typed: what a user pasting a phrase is looking for.
            verbatim = {key for key, _ in self._keyword_ranked(query, depth, doc_ids, verbatim=True)}
        if mode in ("vector", "hybrid"):
            ranked.append(self._vector_ranked(query, depth, doc_ids, required=mode == "vector"))
        if mode == "hybrid":
            scores = rrf([[key for key, _ in ranking] for ranking in ranked], RRF_K)
        else:
            scores = dict(ranked[0])
        if verbatim:
            # Above every other hit, in their own fused order (scores stay sorted by rank).
            lift = max(scores.values(), default=0.0) + 1.0
            for key in verbatim:
                scores[key] = scores.get(key, 0.0) + lift
        best = sorted(scores.items(), key=lambda kv: -kv[1])[:top_k * 2]
        return self._results(best, query)[:top_k]

    def _keyword_ranked(self, query: str, depth: int, doc_ids, verbatim: bool = False) -> Ranked:
        hits = keyword_search(query, depth, doc_ids, verbatim=verbatim)
        if not hits:
            return []
        C = dbm.Chunk
        rows = {cid: (doc, idx) for cid, doc, idx in
                C.select(C.id, C.document, C.index).where(C.id.in_([h[0] for h in hits])).tuples()}
        return [(rows[cid], score) for cid, score in hits if cid in rows]

    def _vector_ranked(self, query: str, depth: int, doc_ids, required: bool) -> Ranked:
        from docvec_gui.core.errors import ModelError
        from docvec_gui.core.vectorstore import VectorStoreUnavailable

        generation = self.generation()
        try:
            try:
                hits = self._vector_hits(query, depth, doc_ids)
                stale = self.generation() != generation
            except (VectorStoreUnavailable, ModelError):
                if self.generation() == generation:
                    raise
                stale = True
            if stale:
                # The model was switched between our steps (its store closed under us, or the
                # query embedded by one model and looked up in the other's store): once more.
                hits = self._vector_hits(query, depth, doc_ids)
        except (VectorStoreUnavailable, ModelError) as exc:
            if required:
                raise
            self.last_degraded = f"keyword results only: {exc}"
            log.warning("search without vectors: %s", exc)
            return []
        return [((h.doc_id, h.chunk_index), 1.0 - h.distance) for h in hits]

    def _vector_hits(self, query: str, depth: int, doc_ids):
        store = self.vectors()
        vector = self.embedder().embed([query], kind="query")[0]
        return store.query(vector, depth, doc_ids, exclude=sorted(self.writing()))

    def _results(self, best: Ranked, query: str) -> list[SearchResult]:
        if not best:
            return []
        C, D = dbm.Chunk, dbm.Document
        wanted = {key for key, _ in best}
        # A superset (every wanted document x every wanted index) in one flat query; the
        # dictionary below picks the exact hits. Only completed documents are shown.
        condition = (C.document.in_({d for d, _ in wanted}) & C.index.in_({i for _, i in wanted})
                     & (D.status == Status.COMPLETED))
        query_rows = (C.select(C.document, C.index, D.filename, C.page, C.heading, C.text)
                      .join(D).where(condition).tuples())
        rows = {(doc, index): rest for doc, index, *rest in query_rows}
        results = []
        for key, score in best:
            row = rows.get(key)
            if row is None:
                continue  # not completed, or deleted between ranking and fetching
            filename, page, heading, text = row
            results.append(SearchResult(key[0], filename, key[1], page, heading, text, round(float(score), 6),
                                        highlight_spans(text, query)))
        return results
