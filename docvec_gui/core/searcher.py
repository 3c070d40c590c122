"""The searcher: keyword (FTS5 BM25), vector (Chroma) and hybrid (score fusion, ``search.fuse``)
over completed documents only, so a document being written or deleted is never half-seen.

When the vector store is down, hybrid search answers from keywords alone (and says so in
``last_degraded``); vector-only search raises the store's error.
"""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Callable, Collection, Iterable, Sequence

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import InvalidQuery
from docvec_gui.core import search as search_mod
from docvec_gui.core.search import (CANDIDATES, MODES, OTHERS_SHOWN, SearchResult, WordCounts, fuse,
                                    highlight_spans, keyword_search)
from docvec_gui.core.vocabulary import Status

log = logging.getLogger(__name__)

Ranked = list[tuple[tuple[str, int], float]]


class _ThisThreads:
    """An attribute of a :class:`Searcher` with one value per thread, ``default`` until that
    thread sets it."""

    def __init__(self, default: object) -> None:
        self.default = default

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, searcher: "Searcher | None", owner: type | None = None):
        if searcher is None:
            return self
        return getattr(searcher._last, self.name, self.default)

    def __set__(self, searcher: "Searcher", value: object) -> None:
        setattr(searcher._last, self.name, value)


class Searcher:
    # After each search, for the thread that ran it: why a side was left out ("keyword results
    # only: ..."), or None; "matches", or "no_good_matches" when nothing cleared the bar (the
    # list is empty); and how many candidates the similarity floor dropped.
    last_degraded = _ThisThreads(None)
    last_state = _ThisThreads("matches")
    last_dropped = _ThisThreads(0)

    def __init__(self, embedder: Callable[[], object], vectors: Callable[[], object],
                 writing: Callable[[], Iterable[str]] = lambda: (),
                 generation: Callable[[], int] = lambda: 0) -> None:
        self.embedder = embedder
        self.vectors = vectors
        self.generation = generation  # bumped when the model (and its store) is replaced
        self.writing = writing  # ids of documents being written now (their partial vectors are skipped)
        # The last search's outcome is per thread (see _ThisThreads): the API runs searches on
        # several threads at once, and each answer must carry its own search's degraded note.
        self._last = threading.local()
        self.word_counts = WordCounts()  # for the keyword side's budget (search.common_words)

    def search(self, query: str, top_k: int = 10, mode: str = "hybrid",
               doc_ids: Sequence[str] | None = None, group: bool = True,
               folder_id: int | None = None) -> list[SearchResult]:
        """The best ``top_k`` documents for ``query`` (their best passage each, with how many
        more matched), or with ``group=False`` the best ``top_k`` passages; of ``doc_ids``
        only, and of watched folder ``folder_id`` only (``Document.folder_id``), if given.

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
        scope = Scope.of(doc_ids, folder_id)
        keyword: Ranked = []
        vector: Ranked = []
        verbatim: set[tuple[str, int]] = set()
        left_out: set[str] = set()  # the query's words too common to rank (search.common_words)
        if mode in ("keyword", "hybrid") and scope.share > 0:
            left_out = search_mod.common_words(query, self.word_counts)
            keyword = self._keyword_ranked(query, depth, scope, left_out=left_out)
            # The words in the order typed: what a user pasting a phrase is looking for.
            verbatim = {key for key, _ in self._keyword_ranked(query, depth, scope, verbatim=True)}
        floor = None  # the "good match" cosine of the model that embedded this query
        if mode in ("vector", "hybrid") and scope.share > 0:
            vector, floor = self._vector_ranked(query, depth, scope, required=mode == "vector")
        if mode == "hybrid":
            # Keywords weigh as much as their best hit covers the query (search.fuse).
            ideal = search_mod.keyword_ideal(query, self.word_counts, left_out) if keyword else 0.0
            scores = fuse(keyword, vector, floor, search_mod.KEYWORD_WEIGHT, ideal)
        else:
            scores = dict(keyword or vector)
        rows: dict = {}  # chunk rows read so far, by key: read once for the verbatim check and the results
        if verbatim:
            # Above every other hit, in their own fused order (scores stay sorted by rank);
            # those holding the query as typed, punctuation too, above the others.
            lift = max(scores.values(), default=0.0) + 1.0
            exact = _typed_exactly(query, verbatim, rows) if len(verbatim) > 1 else set()
            for key in verbatim:
                scores[key] = scores.get(key, 0.0) + (2 * lift if key in exact else lift)
        relevance = _relevance(keyword, vector, verbatim, floor)
        good = {key for key, _ in keyword} | verbatim | {key for key, sim in vector if floor is None or sim >= floor}
        ranked = sorted(((key, score) for key, score in scores.items() if key in good), key=lambda kv: -kv[1])
        results = self._grouped(ranked, top_k, query, relevance, rows) if group else \
            self._results(ranked[:top_k * 2], query, relevance, rows)[:top_k]
        self.last_dropped = len(scores) - len(ranked)
        self.last_state = "matches" if results else "no_good_matches"
        return results

    def _keyword_ranked(self, query: str, depth: int, scope: "Scope", verbatim: bool = False,
                        left_out: Collection[str] = ()) -> Ranked:
        return keyword_search(query, depth, scope.doc_ids, verbatim=verbatim, folder_id=scope.folder_id,
                              share=scope.share, leave_out=left_out)

    def _vector_ranked(self, query: str, depth: int, scope: "Scope", required: bool) -> tuple[Ranked, float | None]:
        from docvec_gui.core.errors import ModelError
        from docvec_gui.core.vectorstore import VectorStoreUnavailable

        generation = self.generation()
        try:
            try:
                hits, floor = self._vector_hits(query, depth, scope)
                stale = self.generation() != generation
            except (VectorStoreUnavailable, ModelError):
                if self.generation() == generation:
                    raise
                stale = True
            if stale:
                # The model was switched between our steps (its store closed under us, or the
                # query embedded by one model and looked up in the other's store): once more.
                hits, floor = self._vector_hits(query, depth, scope)
        except (VectorStoreUnavailable, ModelError) as exc:
            if required:
                raise
            self.last_degraded = f"keyword results only: {exc}"
            log.warning("search without vectors: %s", exc)
            return [], None
        return [((h.doc_id, h.chunk_index), 1.0 - h.distance) for h in hits], floor

    def _vector_hits(self, query: str, depth: int, scope: "Scope"):
        store = self.vectors()
        embedder = self.embedder()
        vector = embedder.embed([query], kind="query")[0]
        # Its "good match" cosine; None (an HTTP embedder, an undescribed model): nothing dropped.
        floor = getattr(getattr(embedder, "spec", None), "min_similarity", None)
        writing = set(self.writing())
        if scope.doc_ids or scope.folder_id is not None:
            return scoped_vector_hits(store, vector, depth, scope, writing), floor
        return nearest(store, vector, depth, None, writing), floor

    def _grouped(self, ranked: Ranked, top_k: int, query: str, relevance: dict, known: dict) -> list[SearchResult]:
        """One result per document, its best passage first, in the order of those passages."""
        completed = _completed_documents({key[0] for key, _ in ranked})
        groups: dict[str, list[tuple[tuple[str, int], float]]] = {}
        for key, score in ranked:
            if key[0] in completed:
                groups.setdefault(key[0], []).append((key, score))
        chosen = list(groups.values())[:top_k]
        # Rows of the shown passages only (heads and the others listed): a handful, not every candidate.
        rows = _chunk_rows([key for members in chosen for key, _ in members[:OTHERS_SHOWN + 1]], known)
        results = []
        for members in chosen:
            (key, score), others = members[0], members[1:]
            result = _result(key, score, rows, query, relevance)
            if result is None:
                continue  # deleted between ranking and fetching
            result.more = len(others)
            result.others = [_other(k, s, rows, query) for k, s in others[:OTHERS_SHOWN]]
            results.append(result)
        return results

    def _results(self, best: Ranked, query: str, relevance: dict, known: dict) -> list[SearchResult]:
        rows = _chunk_rows([key for key, _ in best], known)
        results = (_result(key, score, rows, query, relevance) for key, score in best)
        return [r for r in results if r is not None]


def _typed_exactly(query: str, keys: set[tuple[str, int]], known: dict) -> set[tuple[str, int]]:
    """Those of ``keys`` (verbatim hits) whose text holds ``query`` character for character
    (``search.holds_typed``); none for a query with "phrases", -words or OR. The rows read
    are added to ``known`` (see :func:`_chunk_rows`)."""
    form = search_mod.typed_form(query)
    if not form:
        return set()
    rows = _chunk_rows(list(keys), known)
    return {key for key in keys if key in rows and search_mod.holds_typed(form, rows[key][3])}


def _other(key: tuple[str, int], score: float, rows: dict, query: str) -> dict:
    """One of a document's further passages, with its text and highlights when its row was
    read (the window lists them under the best passage)."""
    other = {"chunk_index": key[1], "page": rows[key][1] if key in rows else None, "score": round(float(score), 6)}
    if key in rows:
        _, _, heading, text, _ = rows[key]
        other.update(heading=heading, text=text, highlights=highlight_spans(text, query))
    return other


def _completed_documents(doc_ids: set[str]) -> set[str]:
    """Those of ``doc_ids`` that are completed (vector hits may name others: being written,
    deleted)."""
    found: set[str] = set()
    ids = list(doc_ids)
    for start in range(0, len(ids), 500):  # SQLite caps bound parameters per statement
        part = ids[start:start + 500]
        # Looked up by primary key: a "status = ?" in SQL lets SQLite pick the status index
        # and walk every completed document (150 ms at 100,000 documents).
        cursor = dbm.database_proxy.obj.execute_sql(
            f"SELECT id, status FROM documents WHERE id IN ({','.join('?' * len(part))})", part)
        found.update(doc_id for doc_id, status in cursor.fetchall() if status == Status.COMPLETED)
    return found


def _chunk_rows(keys: list[tuple[str, int]], known: dict | None = None) -> dict[tuple[str, int], tuple]:
    """{(document, chunk index): (filename, page, heading, text, ocr)} for those of ``keys`` in
    completed documents: one statement joining the keys on the chunks' (document, index) index.
    ``known``: rows this search read already, not read again; the new ones are added to it."""
    rows: dict[tuple[str, int], tuple] = {} if known is None else known
    keys = [key for key in dict.fromkeys(keys) if key not in rows]
    for start in range(0, len(keys), 400):
        part = keys[start:start + 400]
        values = ",".join("(?, ?)" for _ in part)
        cursor = dbm.database_proxy.obj.execute_sql(
            f'WITH k(doc, idx) AS (VALUES {values}) '
            'SELECT c.document_id, c."index", d.filename, c.page, c.heading, c.text, c.ocr '
            'FROM k JOIN chunks c ON c.document_id = k.doc AND c."index" = k.idx '
            "JOIN documents d ON d.id = c.document_id WHERE d.status = ?",
            [v for key in part for v in key] + [str(Status.COMPLETED)])
        rows.update(((doc, int(index)), rest) for doc, index, *rest in cursor.fetchall())
    return rows


def _result(key: tuple[str, int], score: float, rows: dict, query: str, relevance: dict) -> SearchResult | None:
    row = rows.get(key)
    if row is None:
        return None  # not completed, or deleted between ranking and fetching
    filename, page, heading, text, ocr = row
    return SearchResult(key[0], filename, key[1], page, heading, text, round(float(score), 6),
                        highlight_spans(text, query), round(relevance.get(key, 0.0), 4), ocr=bool(ocr))


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


def nearest(store, vector, n: int, doc_ids: Sequence[str] | None = None, leave_out: Collection[str] = (),
            fetch: int | None = None, keep: Callable[[list], list] | None = None) -> list:
    """The ``n`` nearest chunks in ``store`` (of ``doc_ids`` only, if given), never of documents
    in ``leave_out`` (being written: their partial vectors would take places search then
    drops), fetching ``fetch`` (default ``n``) and, with ``keep``, only hits it keeps.

    Documents are left out here rather than by Chroma: its metadata filter ($nin) costs
    seconds at 300,000 vectors. If too few hits are left, a deeper look follows, up to
    :data:`FETCH_MAX`."""
    fetch = max(n, fetch or n) + (n if leave_out else 0)
    while True:
        hits = store.query(vector, fetch, doc_ids)
        found = [h for h in hits if h.doc_id not in leave_out]
        if keep is not None:
            found = keep(found)
        if len(found) >= n or len(hits) < fetch or fetch >= FETCH_MAX:
            return found[:n]
        fetch = min(FETCH_MAX, fetch * 4)


@dataclass(frozen=True)
class Scope:
    """What a search may return: documents of ``doc_ids`` (None: any), of watched folder
    ``folder_id`` (None: any); ``inside`` of the library's ``total`` documents (estimates:
    see :meth:`of`), which tells each side how deep to look before keeping the scope's own."""

    doc_ids: Sequence[str] | None = None
    folder_id: int | None = None
    inside: int = 1
    total: int = 1

    @property
    def share(self) -> float:
        """About which part of the library's documents the scope holds (0: none)."""
        return min(1.0, self.inside / self.total) if self.total else 0.0

    @classmethod
    def of(cls, doc_ids: Sequence[str] | None, folder_id: int | None) -> "Scope":
        doc_ids = list(doc_ids) if doc_ids else None
        if doc_ids is None and folder_id is None:
            return cls()
        db = dbm.database_proxy.obj
        # A folder is counted up to SCOPE_COUNT_CAP (50,000 of them take ~10 ms): a smaller
        # share than the true one only makes both sides look deeper.
        total = int(db.execute_sql("SELECT count(*) FROM documents").fetchone()[0])
        inside = len(doc_ids) if doc_ids is not None else total
        if folder_id is not None:
            inside = min(inside, int(db.execute_sql(
                "SELECT count(*) FROM (SELECT 1 FROM documents WHERE folder_id = ? LIMIT ?)",
                (folder_id, SCOPE_COUNT_CAP)).fetchone()[0]))
        return cls(doc_ids, folder_id, inside, max(total, inside))


SCOPE_COUNT_CAP = 20_000
MEMBERS_MAX = 5000  # a folder of at most this many documents is read whole to filter hits


# Scoping vector hits (docs/BENCHMARKS.md, "Search at 100,000 documents"): Chroma's metadata
# filters cost 0.2-0.7 s at 300,000 vectors whatever they select, while the nearest 1,500
# cost ~30 ms (3,000: ~80 ms through the store's pipe). So the nearest chunks of the whole
# library are fetched, deep enough to hold ~1.5 x the candidates wanted at the scope's share
# of the library, and the scope's kept: exact for its best hits. A scope too small for that
# (below ~depth * 1.5 / FETCH_MAX of the library) is filtered by Chroma if the library is
# small enough for the filter to be cheap; in a bigger one it gets what the deepest fetch
# holds (its nearest among the library's nearest 1,500).
FETCH_MAX = 1500
FILTER_LIBRARY_MAX = 50_000  # chunks: below this, Chroma's id filter answers in milliseconds


def scoped_vector_hits(store, vector, depth: int, scope: Scope, leave_out: Collection[str]) -> list:
    """The ``depth`` nearest chunks of ``scope`` in ``store``, never of documents in ``leave_out``."""
    db = dbm.database_proxy.obj
    fetch = int(depth * 1.5 / scope.share) + 1
    if fetch > FETCH_MAX:
        chunks = db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM chunks").fetchone()[0]
        if chunks <= FILTER_LIBRARY_MAX:
            members = _members(scope)
            return nearest(store, vector, depth, members, leave_out) if members else []
    wanted = set(scope.doc_ids) if scope.doc_ids else None
    members = None
    if scope.folder_id is not None and scope.inside <= MEMBERS_MAX:
        members = {r[0] for r in db.execute_sql("SELECT id FROM documents WHERE folder_id = ?",
                                                (scope.folder_id,)).fetchall()}

    def ours(hits: list) -> list:
        if wanted is not None:
            hits = [h for h in hits if h.doc_id in wanted]
        if scope.folder_id is not None:
            inside = members if members is not None else _in_folder({h.doc_id for h in hits}, scope.folder_id)
            hits = [h for h in hits if h.doc_id in inside]
        return hits

    return nearest(store, vector, depth, None, leave_out, fetch=min(fetch, FETCH_MAX), keep=ours)


def _members(scope: Scope) -> list[str]:
    """The completed documents of a (small) scope."""
    D = dbm.Document
    condition = D.status == Status.COMPLETED
    if scope.folder_id is not None:
        condition &= D.folder_id == scope.folder_id
    if scope.doc_ids:
        condition &= D.id.in_(scope.doc_ids)
    return [i for (i,) in D.select(D.id).where(condition).tuples()]


def _in_folder(doc_ids: set[str], folder_id: int) -> set[str]:
    ids = list(doc_ids)
    inside: set[str] = set()
    for start in range(0, len(ids), 500):  # SQLite caps bound parameters per statement
        part = ids[start:start + 500]
        # By primary key: with "folder_id = ?" in SQL, SQLite walks the folder's index instead.
        inside.update(doc_id for doc_id, folder in dbm.database_proxy.obj.execute_sql(
            f"SELECT id, folder_id FROM documents WHERE id IN ({','.join('?' * len(part))})", part).fetchall()
            if folder == folder_id)
    return inside
