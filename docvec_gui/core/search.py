"""Search: keyword (SQLite FTS5, BM25), vector (Chroma) and hybrid (score fusion, :func:`fuse`).

Keyword queries are built from the user's words, never passed to FTS5 as syntax, so any
input is safe. English words are OR-ed (BM25 ranks by how many and how rare); "quoted
phrases" must match as phrases, -words must not occur; a CJK run becomes a phrase of
adjacent characters, matching how :func:`db.fts_text` indexes it. A query whose words occur
in a chunk in the order typed (verbatim) ranks that chunk first, and one holding it character
for character, punctuation included, before those (:func:`holds_typed`). Traditional Chinese is
folded to simplified on both sides (:mod:`docvec_gui.core.hanzi`), so 漢語 and 汉语 match.

Results are for people: :class:`SearchResult` carries a ``relevance`` in 0..1 for a bar (see
there) and :func:`snippet_parts` cuts the text shown around the first highlight at word
boundaries.
"""
from __future__ import annotations

import copy
import math
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Collection, Sequence

from docvec_gui.core import db as dbm
from docvec_gui.core.hanzi import fold

MODES = ("hybrid", "vector", "keyword")
# Hybrid fusion: a convex combination of the two sides' scores (see :func:`fuse`), the keyword
# side weighing this much when its best hit covers the whole query, and less in proportion
# when it covers less (docs/BENCHMARKS.md, "Hybrid fusion"). Reciprocal-rank fusion let a
# Chinese look-alike sentence that shares character pairs with the query outrank a
# paraphrase the model scores far higher; a fixed weight (0.3) still let a look-alike sharing
# one pair of four win. Scaled by coverage, 0.4 gave hybrid above dense on HSK paraphrases
# and above keyword on known items for the default model, and the best SciFact train nDCG
# (0.35-0.45 tried; 0.45 loses a paraphrase).
KEYWORD_WEIGHT = 0.4
CANDIDATES = 100  # per retriever, before fusion

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
STOPWORDS = frozenset(
    "a an and are as at be but by for from has have in is it its of on or that the this to was were "
    "will with which who whom what when where why how do does did not no than then there these those "
    "can could should would may might been being into over under about".split()
)


@dataclass
class SearchResult:
    """A document's best passage for a query (or one passage, when results are not grouped).

    ``score`` orders results (fused scores, BM25 or cosine, by mode): not for people.
    ``relevance`` (0..1) is for people, drawn as a bar: for a vector hit, its cosine mapped
    linearly from the model's "good match" floor (0) to halfway between the floor and 1 (1,
    and above; see ``searcher.FULL_BAR``); for a keyword hit, its BM25
    score relative to the query's best keyword hit, times 0.9, and 1 for a chunk holding the
    query's words in the order typed; in hybrid mode the larger of the two.
    ``ocr`` says the passage was read by OCR (a scan or an image: expect misread characters).
    ``more`` is how many other passages of the same document matched among the candidates,
    ``others`` up to :data:`OTHERS_SHOWN` of them (``chunk_index``, ``page``, ``score``), best first.
    """

    doc_id: str
    filename: str
    chunk_index: int
    page: int | None
    heading: str
    text: str
    score: float
    highlights: list[list[int]] = field(default_factory=list)
    relevance: float = 0.0
    more: int = 0
    others: list[dict] = field(default_factory=list)
    ocr: bool = False  # the passage's text (some of it) was read by OCR from a scan or an image

    def to_json(self) -> dict:
        # Field by field: dataclasses.asdict deep-copies every highlight span and "other"
        # recursively, ~0.2 ms a result (a tenth of an API search's time). Fresh lists here too.
        return {"doc_id": self.doc_id, "filename": self.filename, "chunk_index": self.chunk_index,
                "page": self.page, "heading": self.heading, "text": self.text, "score": self.score,
                "highlights": [list(span) for span in self.highlights], "relevance": self.relevance,
                "more": self.more, "others": [dict(other) for other in self.others], "ocr": self.ocr}


def _words(text: str) -> list[str]:
    """Lower-cased words and CJK runs (traditional folded to simplified) of ``text``, in
    order (stopwords kept)."""
    words: list[str] = []
    for match in _WORD.finditer(fold(text)):
        word = match.group(0)
        if dbm.CJK_RE.search(word):
            words.extend(part if dbm.CJK_RE.match(part) else part.lower()
                         for part in re.split(f"({dbm.CJK_RE.pattern}+)", word) if part)
        else:
            words.append(word.lower())
    return words


@dataclass
class ParsedQuery:
    """What the user typed: "quoted phrases", -excluded words, and plain words (OR is the
    default between words, and the word OR itself is an operator, not a term)."""

    phrases: list[list[str]] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    excluded_phrases: list[list[str]] = field(default_factory=list)
    # The plain part as typed, word for word: matched as a phrase, it is the verbatim boost.
    verbatim: list[str] = field(default_factory=list)


_QUOTED = re.compile(r'"([^"]*)"|\u201c([^\u201d]*)\u201d')


def parse_query(query: str) -> ParsedQuery:
    """What ``query`` asks for (a fresh copy: callers may change it)."""
    return copy.deepcopy(_parsed(query))


# One search parses its query some twenty times (the keyword side, the verbatim boost, the
# fusion's ideal score, the highlights of every passage shown): parsed once, and the parse
# shared read-only inside this module.
@lru_cache(maxsize=1024)
def _parsed(query: str) -> ParsedQuery:
    parsed = ParsedQuery()
    plain_parts: list[str] = []
    pos = 0
    for match in _QUOTED.finditer(query):
        before = query[pos:match.start()]
        words = _words(match.group(1) if match.group(1) is not None else match.group(2))
        if before.endswith("-") and (len(before) == 1 or before[-2].isspace()):
            before = before[:-1]  # -"a phrase": exclude the phrase
            if words:
                parsed.excluded_phrases.append(words)
        elif words:
            parsed.phrases.append(words)
        plain_parts.append(before)
        pos = match.end()
    plain_parts.append(query[pos:].replace('"', " "))
    plain: list[str] = []
    has_or = False
    for token in " ".join(plain_parts).split():
        if token == "OR":
            has_or = True
            continue
        if token.startswith("-") and len(token) > 1 and (token[1].isalpha() or dbm.CJK_RE.match(token[1])):
            parsed.excluded.extend(_words(token[1:]))
            continue
        plain.extend(_words(token))
    parsed.verbatim = [] if has_or else plain
    content = [t for t in plain if t not in STOPWORDS and (len(t) > 1 or dbm.CJK_RE.match(t))]
    parsed.terms = list(dict.fromkeys(_segment(content or ([] if parsed.phrases else plain))))
    return parsed


def _segment(terms: list[str]) -> list[str]:
    """A CJK run typed without spaces (如何构建软件包) becomes its character bigrams, so
    documents holding its words in another order or with other words between still match;
    the run itself, matched whole, is the verbatim boost."""
    out: list[str] = []
    for term in terms:
        if dbm.CJK_RE.match(term) and len(term) > 2:
            out.extend(term[i:i + 2] for i in range(len(term) - 1))
        else:
            out.append(term)
    return out


def query_terms(query: str) -> list[str]:
    """The words a query looks for: those of its phrases, its plain words (stopwords dropped
    unless nothing else is left), CJK bigrams and the CJK runs as typed."""
    return list(_terms(query))


@lru_cache(maxsize=1024)  # highlighting asks for every passage shown
def _terms(query: str) -> tuple[str, ...]:
    parsed = _parsed(query)
    return tuple(dict.fromkeys([w for phrase in parsed.phrases for w in phrase] + parsed.terms
                              + [w for w in parsed.verbatim if dbm.CJK_RE.match(w)]))


def _phrase(words: Sequence[str]) -> str:
    # CJK runs are indexed one character per token (db.fts_text): a run is a phrase of them.
    tokens = [" ".join(w) if dbm.CJK_RE.match(w) else w.replace('"', "") for w in words]
    return '"' + " ".join(tokens) + '"'


def _optional_and_required(parsed: ParsedQuery, leave_out: Collection[str]) -> tuple[list[str], list[str]]:
    """The FTS phrases of a query's plain words (minus ``leave_out``) and of its quoted phrases."""
    return [_phrase([t]) for t in parsed.terms if t not in leave_out], [_phrase(p) for p in parsed.phrases]


def scored_phrases(query: str, leave_out: Collection[str] = ()) -> list[str]:
    """The phrases of :func:`fts_query`'s expression that add to a matching chunk's BM25, once
    per occurrence in it (a quoted phrase is there twice: required, and in the OR clause;
    excluded words add nothing to a chunk that matches)."""
    optional, required = _optional_and_required(_parsed(query), leave_out)
    return required + required + optional if required else optional


def fts_query(query: str, leave_out: Collection[str] = ()) -> str | None:
    """The FTS5 expression for ``query``; never raw user syntax, so any input is safe.
    ``leave_out``: plain words not looked for (see :func:`common_words`)."""
    parsed = _parsed(query)
    optional, required = _optional_and_required(parsed, leave_out)
    if required:
        # Phrases must match; plain words still count towards BM25 through the OR clause.
        expression = " AND ".join(required)
        if optional:
            expression += " AND (" + " OR ".join(required + optional) + ")"
    elif optional:
        expression = " OR ".join(optional)
    else:
        return None
    return _excluding(expression, parsed)


# FTS5's bm25() has no shortcut: it scores every chunk holding any word of the query, ~3-4 µs
# a chunk on the build machine, after counting each word's chunks for its weight. At 300,000
# chunks a claim with "patients", "cells" and "their" in it holds 200,000+ chunks (~1 s). While
# the chunks holding a query's words exceed this budget, its most common words (the least
# weight in BM25) are left out of the query, the rarest first kept; a library below the budget
# ranks exactly as before. (docs/BENCHMARKS.md, "Search at 100,000 documents".)
RANK_BUDGET = 10_000
# Counts are taken again once the library grew or shrank by more than this factor.
RECOUNT_FACTOR = 1.25
COUNTS_KEPT = 100_000  # distinct words remembered at most


class WordCounts:
    """How many chunks hold each word or phrase (FTS5 keeps no document frequency), and how
    many chunks the library holds: counted once with the index, remembered, and forgotten
    when the library's size has changed much."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._counts: dict[str, int] = {}  # by FTS phrase ('"word"', '"汉 语"')
        self._basis: tuple[int, int] | None = None  # (which database, its highest chunk id)
        self._total = 0  # chunks in the library when counting (re)started

    def counts(self, words: Sequence[str]) -> dict[str, int]:
        held = self.phrase_counts([_phrase([word]) for word in words])
        return {word: held[_phrase([word])] for word in words}

    def phrase_counts(self, phrases: Sequence[str]) -> dict[str, int]:
        """{FTS phrase: how many chunks hold it}."""
        db = self._current()
        held: dict[str, int] = {}
        for phrase in phrases:
            with self._lock:
                count = self._counts.get(phrase)
            if count is None:
                count = int(db.execute_sql("SELECT count(*) FROM chunk_fts WHERE chunk_fts MATCH ?",
                                           (phrase,)).fetchone()[0])
                with self._lock:
                    self._counts[phrase] = count
            held[phrase] = count
        return held

    def total(self) -> int:
        """How many chunks the library holds (as of the counts; BM25's N)."""
        self._current()
        with self._lock:
            return self._total

    def _current(self) -> object:
        """The database, whose counts are started again first if the library changed much
        (or it is another library) since they were. (The counts are looked up under the lock,
        never copied: a copy of up to COUNTS_KEPT words per lookup cost more than the lookup.)"""
        db = dbm.database_proxy.obj
        top = int(db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM chunks").fetchone()[0])
        with self._lock:
            basis = self._basis
            stale = (basis is None or basis[0] != id(db) or top > basis[1] * RECOUNT_FACTOR + 1000
                     or len(self._counts) > COUNTS_KEPT)
        if stale:
            total = int(db.execute_sql("SELECT count(*) FROM chunks").fetchone()[0])
            with self._lock:
                self._counts, self._basis, self._total = {}, (id(db), top), total
        return db


def common_words(query: str, counts: WordCounts) -> set[str]:
    """The plain words of ``query`` to leave out of its keyword query (see :data:`RANK_BUDGET`):
    none unless the chunks holding its words exceed the budget."""
    terms = _parsed(query).terms
    if len(terms) < 2:
        return set()
    held = counts.counts(terms)
    if sum(held.values()) <= RANK_BUDGET:
        return set()
    kept, total = 0, 0
    left_out: set[str] = set()
    for term in sorted(terms, key=lambda t: held[t]):
        if kept and total + held[term] > RANK_BUDGET:
            left_out.add(term)
        else:
            kept, total = kept + 1, total + held[term]
    return left_out


def _excluding(expression: str, parsed: ParsedQuery) -> str:
    excluded = [_phrase([w]) for w in parsed.excluded] + [_phrase(p) for p in parsed.excluded_phrases]
    return f"({expression}) NOT (" + " OR ".join(excluded) + ")" if excluded else expression


def verbatim_query(query: str) -> str | None:
    """The plain part of ``query`` as one phrase (two words or more), or None."""
    parsed = _parsed(query)
    words = parsed.verbatim
    if len(words) < 2 and not (words and dbm.CJK_RE.match(words[0]) and len(words[0]) > 2):
        return None
    # Quoted phrases stay required: the boost only reorders what the query matches.
    expression = " AND ".join([_phrase(p) for p in parsed.phrases] + [_phrase(words)])
    return _excluding(expression, parsed)


def typed_form(query: str) -> str | None:
    """``query`` as :func:`holds_typed` compares it, or None unless it is plain words (no
    "phrases", -words or OR), as pasted."""
    parsed = _parsed(query)
    if parsed.phrases or parsed.excluded or parsed.excluded_phrases or not parsed.verbatim:
        return None
    return squeezed(query)


def squeezed(text: str) -> str:
    """``text`` case-folded, traditional characters folded to simplified, whitespace removed."""
    return "".join(fold(text).casefold().split())


def holds_typed(form: str, text: str) -> bool:
    """Whether ``text`` holds the query of :func:`typed_form` ``form`` character for character,
    punctuation included (case, traditional or simplified characters and whitespace aside).
    The keyword index ignores punctuation, so a verbatim match of "Lorem ipsum dolor" is also
    "Lorem, ipsum; dolor": the text holding what was typed is the better one."""
    return form in squeezed(text)


# The keyword side ranks in the FTS index alone, as deep as this (times the scope's share of
# the library, see keyword_search), then keeps the chunks of completed documents in scope:
# joining every match with its chunk and document row before ranking costs 3x more.
KEYWORD_FETCH_MAX = 2000


def keyword_search(query: str, n: int, doc_ids: Sequence[str] | None = None, verbatim: bool = False,
                   folder_id: int | None = None, share: float = 1.0,
                   leave_out: Collection[str] = ()) -> list[tuple[tuple[str, int], float]]:
    """((document id, chunk index), bm25 score; higher is better) for the best ``n`` chunks
    of completed documents (of ``doc_ids``, of watched folder ``folder_id``, if given, which
    hold about ``share`` of the library's documents); with ``verbatim``, only chunks holding
    the query's plain words in that order. ``leave_out``: the query's words not looked for,
    its :func:`common_words` when it would have too many chunks to rank."""
    if verbatim:
        match = verbatim_query(query)
    else:
        match = fts_query(query, leave_out)
    if not match:
        return []
    db = dbm.database_proxy.obj
    fetch = int(2 * n / max(share, 1e-9))
    if fetch <= KEYWORD_FETCH_MAX:
        ranked = db.execute_sql("SELECT rowid, bm25(chunk_fts) AS s FROM chunk_fts WHERE chunk_fts MATCH ? "
                                "ORDER BY s LIMIT ?", (match, fetch)).fetchall()
        kept = _in_scope(db, ranked, set(doc_ids) if doc_ids else None, folder_id)
        if len(kept) >= n or len(ranked) < fetch:
            return kept[:n]
    # A small scope, or most of the best matches out of it: rank the scope's matches only.
    sql = ('SELECT c.document_id, c."index", bm25(chunk_fts) AS s FROM chunk_fts '
           "JOIN chunks c ON c.id = chunk_fts.rowid JOIN documents d ON d.id = c.document_id "
           "WHERE chunk_fts MATCH ? AND d.status = 'completed'")
    params: list = [match]
    if doc_ids:
        sql += f" AND c.document_id IN ({','.join('?' * len(doc_ids))})"
        params.extend(doc_ids)
    if folder_id is not None:
        sql += " AND d.folder_id = ?"
        params.append(folder_id)
    sql += " ORDER BY s LIMIT ?"
    params.append(n)
    return [((doc, int(index)), -float(score)) for doc, index, score in db.execute_sql(sql, params).fetchall()]


def _in_scope(db, ranked: list[tuple[int, float]], doc_ids: set[str] | None,
              folder_id: int | None) -> list[tuple[tuple[str, int], float]]:
    """Those of ``ranked`` (chunk id, bm25) in completed documents (of ``doc_ids``, of
    ``folder_id``), in order, as ((document, index), score)."""
    where: dict[int, tuple[str, int]] = {}
    for start in range(0, len(ranked), 500):  # SQLite caps bound parameters per statement
        part = [cid for cid, _ in ranked[start:start + 500]]
        rows = db.execute_sql(
            'SELECT c.id, c.document_id, c."index", d.status, d.folder_id FROM chunks c '
            f"JOIN documents d ON d.id = c.document_id WHERE c.id IN ({','.join('?' * len(part))})", part)
        for cid, doc, index, status, folder in rows.fetchall():
            if status == "completed" and (doc_ids is None or doc in doc_ids) \
                    and (folder_id is None or folder == folder_id):
                where[cid] = (doc, int(index))
    return [(where[cid], -float(score)) for cid, score in ranked if cid in where]


def keyword_ideal(query: str, counts: WordCounts, leave_out: Collection[str] | None = None) -> float:
    """The BM25 score (as :func:`keyword_search` gives it) of a chunk of average length that
    holds each word of ``query`` once: what a chunk covering the whole query scores.

    FTS5 scores a chunk as the sum, over the query's phrases it holds, of
    idf x tf (k1 + 1) / (tf + k1 (1 - b + b |chunk| / average)), idf = ln((N - n + 0.5) / (n + 0.5))
    (at least 1e-6) for a phrase in n of N chunks; with tf = 1 and an average length a phrase
    adds exactly its idf. 0 when the query has nothing to look for. ``leave_out``: the query's
    :func:`common_words`, when the caller has them already."""
    phrases = scored_phrases(query, common_words(query, counts) if leave_out is None else leave_out)
    if not phrases:
        return 0.0
    held = counts.phrase_counts(phrases)
    total = max(counts.total(), 1)
    return sum(max(1e-6, math.log((total - held[p] + 0.5) / (held[p] + 0.5))) for p in phrases)


def fuse(keyword: Sequence[tuple[object, float]], vector: Sequence[tuple[object, float]],
         floor: float | None, weight: float = KEYWORD_WEIGHT, ideal: float = 0.0) -> dict:
    """Hybrid scores: ``weight`` x a keyword hit's BM25 relative to the larger of the query's
    best keyword hit and ``ideal``, plus (1 - ``weight``) x a vector hit's similarity scaled
    from 0 at the model's "good match" ``floor`` (uncalibrated, None: at the query's least
    similar candidate) to 1 for a perfect match.

    Scores, not ranks: a far better vector match is not outranked by a weak keyword hit that
    merely appears in both lists, and each model's own scale (e5's unrelated texts score ~0.8,
    MiniLM's ~0.1) is made comparable. ``ideal`` (:func:`keyword_ideal`) is the BM25 of a
    chunk holding every word of the query: so the keyword side weighs ``weight`` x how much of
    the query its best hit covers. A pasted phrase is covered whole and keywords weigh fully;
    a paraphrase shares a word or two of the query with look-alikes, and the meaning decides.
    With ``ideal`` 0 the best keyword hit counts as covering the query (the old rule)."""
    best = max((score for _, score in keyword), default=0.0)
    top = max(best, ideal)
    bottom = floor if floor is not None else min((similarity for _, similarity in vector), default=0.0)
    scores: dict = {}
    for key, score in keyword:
        scores[key] = weight * max(0.0, score) / top if top > 0 else 0.0
    for key, similarity in vector:
        scores[key] = scores.get(key, 0.0) + (1.0 - weight) * max(0.0, similarity - bottom) / max(1e-6, 1.0 - bottom)
    return scores


@lru_cache(maxsize=1 << 16)  # highlighting stems every word of each shown passage
def _stem(word: str) -> str:
    for suffix in ("ations", "ation", "ings", "ing", "edly", "ies", "ied", "ed", "es", "ly", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def highlight_spans(text: str, query: str) -> list[list[int]]:
    """[start, end) character spans in ``text`` of the query's words (whole words, or words
    with the same stem: "index" marks "indexes", never "indicate" or every word starting with
    "i") and CJK runs, in either traditional or simplified characters."""
    terms = _terms(query)
    folded = fold(text)  # same length as text, so its offsets are text's
    words = {_stem(t) for t in terms if not dbm.CJK_RE.match(t) and (len(t) > 1 or t.isdigit())}
    spans: list[list[int]] = []
    for term in terms:
        if dbm.CJK_RE.match(term):
            spans.extend([m.start(), m.end()] for m in re.finditer(re.escape(term), folded))
    if words:
        # Only words starting with one of the stems can match (a stem is a word's prefix):
        # one regex finds those instead of a Python step per word of the passage.
        for m in _starting_with(frozenset(words)).finditer(text):
            word = m.group(0).lower()
            if not dbm.CJK_RE.search(word) and (word in words or _stem(word) in words):
                spans.append([m.start(), m.end()])
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


@lru_cache(maxsize=256)
def _starting_with(stems: frozenset[str]) -> re.Pattern:
    """Whole words (as :data:`_WORD` cuts them) that start with one of ``stems``."""
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<![^\W_])(?:{alternatives})[^\W_]*", re.IGNORECASE)


OTHERS_SHOWN = 5
SNIPPET_CHARS = 320
ELLIPSIS = "…"


def _joins_word(text: str, pos: int) -> bool:
    """Whether ``pos`` falls inside a word: between two letters or digits of a script written
    with spaces. Between CJK characters, or next to one, a cut is fine."""
    if pos <= 0 or pos >= len(text):
        return False
    left, right = text[pos - 1], text[pos]
    return (left.isalnum() and right.isalnum()
            and not dbm.CJK_RE.match(left) and not dbm.CJK_RE.match(right))


def snippet_window(text: str, spans: Sequence[Sequence[int]], limit: int = SNIPPET_CHARS) -> tuple[int, int]:
    """[start, end) of at most ``limit`` characters of ``text`` around its first highlight
    (a quarter of the window before it), moved to word boundaries so no Latin word is cut;
    only a single word longer than the window is cut, and the highlight always shows."""
    if len(text) <= limit:
        return 0, len(text)
    anchor, anchor_end = (spans[0][0], spans[0][1]) if spans else (0, 0)
    start = max(0, min(anchor - limit // 4, len(text) - limit))  # near the end: use the room before
    end = start + limit
    if _joins_word(text, start):
        forward = _boundary(text, start, +1)
        backward = _boundary(text, start, -1)
        if forward <= anchor:
            start = forward
        elif backward >= anchor_end - limit:
            start, end = backward, min(end, backward + limit)
    if _joins_word(text, end):
        backward = _boundary(text, end, -1)
        if backward > max(start, anchor_end - 1):
            end = backward
    return start, end


def _boundary(text: str, pos: int, step: int) -> int:
    """The nearest position from ``pos`` in direction ``step`` that cuts no word."""
    while _joins_word(text, pos):
        pos += step
    return pos


def snippet_parts(text: str, spans: Sequence[Sequence[int]], limit: int = SNIPPET_CHARS) -> list[tuple[str, bool]]:
    """The snippet of ``text`` around its first highlight as (piece, highlighted) pairs, cut at
    word boundaries, with an ellipsis where text was left out and whitespace collapsed."""
    start, end = snippet_window(text, spans, limit)
    pieces: list[tuple[str, bool]] = []
    if start > 0:
        pieces.append((ELLIPSIS + " ", False))
    pos = start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        if s > pos:
            pieces.append((text[pos:s], False))
        pieces.append((text[s:e], True))
        pos = e
    if end > pos:
        pieces.append((text[pos:end], False))
    if end < len(text):
        pieces.append((" " + ELLIPSIS, False))
    return _collapse(pieces)


def _collapse(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Runs of whitespace (newlines too) become one space, across pieces; none at the ends."""
    out: list[tuple[str, bool]] = []
    space = True  # drop leading whitespace
    for piece, marked in pieces:
        collapsed = re.sub(r"\s+", " ", piece)
        if space and collapsed.startswith(" "):
            collapsed = collapsed[1:]
        if collapsed:
            out.append((collapsed, marked))
            space = collapsed.endswith(" ")
    if out and out[-1][0].endswith(" "):
        last, marked = out.pop()
        if last.rstrip():
            out.append((last.rstrip(), marked))
    return out


def snippet_text(text: str, spans: Sequence[Sequence[int]], limit: int = SNIPPET_CHARS) -> str:
    """:func:`snippet_parts` as plain text."""
    return "".join(piece for piece, _ in snippet_parts(text, spans, limit))
