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
from docvec_gui.core import search as search_mod
from docvec_gui.core.search import (CANDIDATES, MODES, OTHERS_SHOWN, RRF_K, SearchResult, highlight_spans,
                                    keyword_search, rrf)
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
        # After each search: "matches", or "no_good_matches" when nothing cleared the bar
        # (the list is empty), and how many candidates the similarity floor dropped.
        self.last_state: str = "matches"
        self.last_dropped: int = 0

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid",
               doc_ids: Sequence[str] | None = None, group: bool = True) -> list[SearchResult]:
        """The best ``top_k`` documents for ``query`` (their best passage each, with how many
        more matched), or with ``group=False`` the best ``top_k`` passages.

        Only good matches come back: a hit has a keyword match, or a vector similarity at or
        above the model's calibrated floor (``ModelSpec.min_similarity``). An empty list is
        "no good matches" (``last_state`` says so too), never a list padded with noise.
        """
        if not query or not query.strip():
            raise InvalidQuery("the query is empty")
        if mode not in MODES:
            raise InvalidQuery(f"unknown mode {mode!r}; use one of {', '.join(MODES)}")
        if top_k < 1:
            raise InvalidQuery("top_k must be at least 1")
        self.last_degraded = None
        depth = max(CANDIDATES, top_k)
        keyword: Ranked = []
        vector: Ranked = []
        verbatim: set[tuple[str, int]] = set()
        if mode in ("keyword", "hybrid"):
            keyword = self._keyword_ranked(query, depth, doc_ids)
            # The words in the order typed: what a user pasting a phrase is looking for.
            verbatim = {key for key, _ in self._keyword_ranked(query, depth, doc_ids, verbatim=True)}
        floor = None  # the "good match" cosine of the model that embedded this query
        if mode in ("vector", "hybrid"):
            vector, floor = self._vector_ranked(query, depth, doc_ids, required=mode == "vector")
        if mode == "hybrid":
            # Fused over the whole vector ranking (the fusion was tuned so); the floor only
            # decides below which hits are dropped.
            scores = rrf([[key for key, _ in keyword], [key for key, _ in vector]], RRF_K,
                         (search_mod.KEYWORD_WEIGHT, 1.0))
        else:
            scores = dict(keyword or vector)
        if verbatim:
            # Above every other hit, in their own fused order (scores stay sorted by rank).
            lift = max(scores.values(), default=0.0) + 1.0
            for key in verbatim:
                scores[key] = scores.get(key, 0.0) + lift
        relevance = _relevance(keyword, vector, verbatim, floor)
        good = {key for key, _ in keyword} | verbatim | {key for key, sim in vector if floor is None or sim >= floor}
        ranked = sorted(((key, score) for key, score in scores.items() if key in good), key=lambda kv: -kv[1])
        results = self._grouped(ranked, top_k, query, relevance) if group else \
            self._results(ranked[:top_k * 2], query, relevance)[:top_k]
        self.last_dropped = len(scores) - len(ranked)
        self.last_state = "matches" if results else "no_good_matches"
        return results

    def _keyword_ranked(self, query: str, depth: int, doc_ids, verbatim: bool = False) -> Ranked:
        hits = keyword_search(query, depth, doc_ids, verbatim=verbatim)
        if not hits:
            return []
        C = dbm.Chunk
        rows = {cid: (doc, idx) for cid, doc, idx in
                C.select(C.id, C.document, C.index).where(C.id.in_([h[0] for h in hits])).tuples()}
        return [(rows[cid], score) for cid, score in hits if cid in rows]

    def _vector_ranked(self, query: str, depth: int, doc_ids, required: bool) -> tuple[Ranked, float | None]:
        from docvec_gui.core.errors import ModelError
        from docvec_gui.core.vectorstore import VectorStoreUnavailable

        generation = self.generation()
        try:
            try:
                hits, floor = self._vector_hits(query, depth, doc_ids)
                stale = self.generation() != generation
            except (VectorStoreUnavailable, ModelError):
                if self.generation() == generation:
                    raise
                stale = True
            if stale:
                # The model was switched between our steps (its store closed under us, or the
                # query embedded by one model and looked up in the other's store): once more.
                hits, floor = self._vector_hits(query, depth, doc_ids)
        except (VectorStoreUnavailable, ModelError) as exc:
            if required:
                raise
            self.last_degraded = f"keyword results only: {exc}"
            log.warning("search without vectors: %s", exc)
            return [], None
        return [((h.doc_id, h.chunk_index), 1.0 - h.distance) for h in hits], floor

    def _vector_hits(self, query: str, depth: int, doc_ids):
        store = self.vectors()
        embedder = self.embedder()
        vector = embedder.embed([query], kind="query")[0]
        # Its "good match" cosine; None (an HTTP embedder, an undescribed model): nothing dropped.
        floor = getattr(getattr(embedder, "spec", None), "min_similarity", None)
        return store.query(vector, depth, doc_ids, exclude=sorted(self.writing())), floor

    def _grouped(self, ranked: Ranked, top_k: int, query: str, relevance: dict) -> list[SearchResult]:
        """One result per document, its best passage first, in the order of those passages."""
        passages = self._completed_pages([key for key, _ in ranked])
        groups: dict[str, list[tuple[tuple[str, int], float]]] = {}
        for key, score in ranked:
            if key in passages:
                groups.setdefault(key[0], []).append((key, score))
        heads = [members[0] for members in list(groups.values())[:top_k]]
        results = self._results(heads, query, relevance)
        for result in results:
            others = groups[result.doc_id][1:]
            result.more = len(others)
            result.others = [{"chunk_index": key[1], "page": passages[key], "score": round(float(score), 6)}
                             for key, score in others[:OTHERS_SHOWN]]
        return results

    def _completed_pages(self, keys: list[tuple[str, int]]) -> dict[tuple[str, int], int | None]:
        """{(document, chunk index): page} for those of ``keys`` in completed documents."""
        if not keys:
            return {}
        C, D = dbm.Chunk, dbm.Document
        wanted = set(keys)
        pages: dict[tuple[str, int], int | None] = {}
        for doc in {d for d, _ in wanted}:  # per document: no document x index superset
            indexes = [i for d, i in wanted if d == doc]
            rows = (C.select(C.index, C.page).join(D)
                    .where((C.document == doc) & C.index.in_(indexes) & (D.status == Status.COMPLETED)).tuples())
            pages.update(((doc, index), page) for index, page in rows)
        return pages

    def _results(self, best: Ranked, query: str, relevance: dict) -> list[SearchResult]:
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
                                        highlight_spans(text, query), round(relevance.get(key, 0.0), 4)))
        return results


KEYWORD_CAP = 0.9  # a keyword hit's bar stays below a verbatim one's
# A vector hit's bar is full halfway from the floor to a perfect 1.0: about the top tenth of
# on-topic matches for both measured models (benchmarks/match_floor.py: MiniLM, floor 0.35,
# full at 0.675; multilingual-e5-small int8, floor 0.82, full at 0.91). Mapping floor..1 instead
# drew good e5 hits (~0.87) as nearly empty bars.
FULL_BAR = 0.5


def _relevance(keyword: Ranked, vector: Ranked, verbatim: set, floor: float | None) -> dict:
    """{key: relevance in 0..1} as :class:`SearchResult` documents it."""
    out: dict = {}
    bottom = floor if floor is not None else 0.0
    for key, similarity in vector:
        out[key] = min(1.0, max(0.0, (similarity - bottom) / max(1e-6, FULL_BAR * (1.0 - bottom))))
    best = max((score for _, score in keyword), default=0.0)
    for key, score in keyword:
        value = 1.0 if key in verbatim else KEYWORD_CAP * max(0.0, score) / best if best > 0 else KEYWORD_CAP
        out[key] = max(out.get(key, 0.0), value)
    return out
