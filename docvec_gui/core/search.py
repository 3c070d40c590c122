"""Search: keyword (SQLite FTS5, BM25), vector (Chroma) and hybrid (reciprocal-rank fusion).

Keyword queries are built from the user's words, never passed to FTS5 as syntax, so any
input is safe. English words are OR-ed (BM25 ranks by how many and how rare); a CJK run
becomes a phrase of adjacent characters, matching how :func:`db.fts_text` indexes it.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Iterable, Sequence

from docvec_gui.core import db as dbm

MODES = ("hybrid", "vector", "keyword")
# Tuned on SciFact train (docs/BENCHMARKS.md): k=20 beat the customary 60 by ~0.005 nDCG@10.
RRF_K = 20
CANDIDATES = 100  # per retriever, before fusion

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in is it its of on or that the this to was were "
    "will with which who whom what when where why how do does did not no than then there these those "
    "can could should would may might been being into over under about".split()
)


@dataclass
class SearchResult:
    doc_id: str
    filename: str
    chunk_index: int
    page: int | None
    heading: str
    text: str
    score: float
    highlights: list[list[int]] = field(default_factory=list)

    def to_json(self) -> dict:
        return asdict(self)


def query_terms(query: str) -> list[str]:
    """Search terms: lower-cased words (stopwords dropped unless nothing else is left) and CJK runs."""
    terms: list[str] = []
    for match in _WORD.finditer(query):
        word = match.group(0)
        if dbm.CJK_RE.search(word):
            for part in re.split(f"({dbm.CJK_RE.pattern}+)", word):
                if part:
                    terms.append(part if dbm.CJK_RE.match(part) else part.lower())
        else:
            terms.append(word.lower())
    content = [t for t in terms if t not in STOPWORDS]
    return list(dict.fromkeys(content or terms))


def fts_query(query: str) -> str | None:
    parts = []
    for term in query_terms(query):
        if dbm.CJK_RE.match(term):
            parts.append('"' + " ".join(term) + '"')
        else:
            parts.append('"' + term.replace('"', "") + '"')
    return " OR ".join(parts) if parts else None


def keyword_search(query: str, n: int, doc_ids: Sequence[str] | None = None) -> list[tuple[int, float]]:
    """(chunk id, bm25 score; higher is better) for the best ``n`` chunks."""
    match = fts_query(query)
    if not match:
        return []
    # Only completed documents: one being written, repaired or deleted is never half-seen.
    sql = ("SELECT chunk_fts.rowid, bm25(chunk_fts) AS s FROM chunk_fts "
           "JOIN chunks c ON c.id = chunk_fts.rowid JOIN documents d ON d.id = c.document_id "
           "WHERE chunk_fts MATCH ? AND d.status = 'completed'")
    params: list = [match]
    if doc_ids:
        marks = ",".join("?" * len(doc_ids))
        sql += f" AND c.document_id IN ({marks})"
        params.extend(doc_ids)
    sql += " ORDER BY s LIMIT ?"
    params.append(n)
    cursor = dbm.database_proxy.obj.execute_sql(sql, params)
    return [(int(rowid), -float(score)) for rowid, score in cursor.fetchall()]


def rrf(rankings: Iterable[Sequence], k: int = RRF_K) -> dict:
    """Reciprocal-rank fusion: sum of 1/(k + rank) over the rankings a key appears in."""
    scores: dict = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            scores[key] = scores.get(key, 0.0) + 1.0 / (k + rank)
    return scores


def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight_spans(text: str, query: str) -> list[list[int]]:
    """[start, end) character spans in ``text`` that match the query's terms."""
    spans: list[list[int]] = []
    lower = text.lower()
    for term in query_terms(query):
        if dbm.CJK_RE.match(term):
            for m in re.finditer(re.escape(term), text):
                spans.append([m.start(), m.end()])
            continue
        stem = re.escape(_stem(term))
        for m in re.finditer(rf"\b{stem}\w*", lower):
            spans.append([m.start(), m.end()])
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged
