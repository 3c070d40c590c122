"""Hybrid fusion weighs the keyword side by how much of the query its best hit covers (issue 9).

A pasted phrase is covered whole by its chunk, and keywords weigh fully; a paraphrase shares a
character pair or two with look-alike sentences, and the meaning decides. The unit tests use
plain numbers (as the HSK benchmark measured them); the library tests use the real default
model, SQLite FTS5 and Chroma.
"""
from __future__ import annotations

import math

import pytest

from docvec_gui.core import search as search_mod
from searchkit import add_texts, default_model_service, first_text

W = search_mod.KEYWORD_WEIGHT

# Query 他不一定来。("he may not come") against HSK's 2,143 Chinese sentences (benchmarks/bilingual.py,
# the default model): its paraphrase 他未必会来。shares no character pair with it; look-alikes such
# as 他不再来了。("he no longer comes") share one of four. BM25 of the two best keyword hits, and
# the BM25 a sentence holding all four pairs would get (keyword_ideal: 25.4).
LOOK_ALIKE_KEYWORD = [("look-alike", 5.77), ("other", 6.24)]
VECTOR = [("paraphrase", 0.962), ("look-alike", 0.930)]
IDEAL = 25.4


def test_a_look_alike_sharing_one_pair_no_longer_beats_the_paraphrase():
    # Relative to the best keyword hit (the old rule, ideal 0), the look-alike's weak match
    # counts nearly as a full keyword match and outranks the far better meaning match.
    old = search_mod.fuse(LOOK_ALIKE_KEYWORD, VECTOR, floor=0.82)
    assert max(old, key=old.get) == "look-alike"
    # Scaled by how much of the query it covers (about a quarter), it does not.
    new = search_mod.fuse(LOOK_ALIKE_KEYWORD, VECTOR, floor=0.82, ideal=IDEAL)
    assert max(new, key=new.get) == "paraphrase"
    assert new["look-alike"] == pytest.approx(W * 5.77 / IDEAL + (1 - W) * (0.930 - 0.82) / 0.18)


def test_a_hit_covering_the_whole_query_keeps_the_full_keyword_weight():
    # The best hit scores above the ideal (short, or the words repeated): the scale is the best
    # hit, as before, so the keyword order stands and the best counts fully.
    keyword = [("phrase", 30.0), ("near", 15.0)]
    assert search_mod.fuse(keyword, [], floor=0.82, ideal=20.0) == \
        pytest.approx({"phrase": W, "near": W / 2})
    # Below the ideal, by exactly the share of it: half the query covered, half the weight.
    assert search_mod.fuse(keyword, [], floor=0.82, ideal=60.0) == \
        pytest.approx({"phrase": W / 2, "near": W / 4})
    # Degraded hybrid (no vector side): the keyword order stands whatever the coverage.
    scores = search_mod.fuse([("x", 3.0), ("y", 1.0), ("z", 0.5)], [], floor=None, ideal=40.0)
    assert sorted(scores, key=scores.get, reverse=True) == ["x", "y", "z"]


def test_a_pasted_phrase_still_beats_a_closer_meaning_match():
    # The chunk holding the typed words covers the query: its keyword score counts fully and
    # beats a vector hit somewhat more similar that keywords do not find.
    scores = search_mod.fuse([("typed", 12.0)], [("similar", 0.93), ("typed", 0.90)], floor=0.82, ideal=12.0)
    assert max(scores, key=scores.get) == "typed"


@pytest.fixture(scope="module")
def chinese_library(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coverage")
    svc = default_model_service(tmp)
    texts = [
        "他未必会来。",  # the paraphrase (no character pair in common with the query)
        "他不再来了。", "他不服气。", "我判断他不会来。",  # look-alikes: 他不
        "想不到他会来。", "他说不定会来。",
        # Unrelated sentences, so that BM25's word weights are those of a library, not of six lines.
        "今天天气很好。", "我喜欢喝茶。", "这本书很有意思。", "我们明天去公园。", "她在银行工作。",
        "火车站离这里不远。", "请把门关上。", "这个苹果很甜。", "我的电脑坏了。", "周末我常常去爬山。",
        "Invoice 4471: the garden chairs were paid on 3 March by bank transfer.",
        "Choosing garden chairs: comfortable outdoor furniture for a sunny patio.",
        # The same words with punctuation between (the keyword index ignores it), and as typed.
        "Lorem, ipsum; dolor sit; amet",
        "Lorem ipsum dolor sit amet. Placeholder text fills a page layout until the real words are written.",
    ]
    add_texts(svc, tmp, texts)
    yield svc
    svc.close(timeout=60)


def test_hybrid_finds_the_paraphrase_dense_finds(chinese_library):
    query = "他不一定来。"  # "he may not come"
    assert first_text(chinese_library, query, "keyword").startswith("他不")  # a look-alike
    assert first_text(chinese_library, query, "vector") == "他未必会来。"
    assert first_text(chinese_library, query, "hybrid") == "他未必会来。"
    phrase = "paid on 3 March"  # a pasted phrase: as keyword
    assert first_text(chinese_library, phrase, "hybrid").startswith("Invoice 4471")


def test_the_text_holding_a_pasted_phrase_as_typed_comes_first(chinese_library):
    # Both hold the words in the order typed (a verbatim match for the keyword index), the short
    # one with the higher BM25; the one holding the phrase character for character comes first.
    pasted = "Lorem ipsum dolor sit amet"
    for mode in ("keyword", "hybrid"):
        assert first_text(chinese_library, pasted, mode).startswith("Lorem ipsum dolor sit amet. Placeholder")
    # Typed with the punctuation, the other one is the exact match.
    assert first_text(chinese_library, "Lorem, ipsum; dolor sit", "hybrid") == "Lorem, ipsum; dolor sit; amet"
    # A quoted phrase asks for the words only: both match, BM25 decides (the short one).
    assert first_text(chinese_library, '"lorem ipsum dolor"', "keyword") == "Lorem, ipsum; dolor sit; amet"


def test_typed_form_is_for_plain_queries_only():
    assert search_mod.typed_form("Lorem  ipsum\tdolor") == "loremipsumdolor"
    assert search_mod.holds_typed(search_mod.typed_form("漢語 軟體"), "学习汉语软体。")  # traditional folded
    assert not search_mod.holds_typed(search_mod.typed_form("Lorem ipsum dolor"), "Lorem, ipsum; dolor")
    for query in ('"lorem ipsum" dolor', "lorem -ipsum", "lorem OR ipsum"):
        assert search_mod.typed_form(query) is None


def test_keyword_ideal_is_the_bm25_of_a_chunk_holding_each_word_once(chinese_library):
    # FTS5 scores a chunk holding each of the query's words once as the ideal times a length
    # factor: k1 = 1.2, b = 0.75, the chunk's length in tokens against the library's average
    # (both read from FTS5's own size table). Checked against FTS5's real bm25().
    from docvec_gui.core import db as dbm
    from docvec_gui.core.search import WordCounts, keyword_ideal, keyword_search

    db = dbm.database_proxy.obj
    query = "bank transfer invoice"
    sizes = {rowid: _varint(blob) for rowid, blob in db.execute_sql("SELECT id, sz FROM chunk_fts_docsize")}
    average = sum(sizes.values()) / len(sizes)
    ideal = keyword_ideal(query, WordCounts())
    (key, score), = keyword_search(query, 5)  # only the invoice holds these words, each once
    rowid = db.execute_sql('SELECT id FROM chunks WHERE document_id = ? AND "index" = ?', key).fetchone()[0]
    factor = 2.2 / (1 + 1.2 * (0.25 + 0.75 * sizes[rowid] / average))
    assert score == pytest.approx(ideal * factor, rel=1e-6)
    # Each word is in 1 of the library's 20 chunks: idf = ln((20 - 1 + 0.5) / 1.5) each.
    assert len(sizes) == 20
    assert ideal == pytest.approx(3 * math.log(19.5 / 1.5), rel=1e-6)
    # Nothing to look for: 0.
    assert keyword_ideal("-bank", WordCounts()) == 0.0


def _varint(blob: bytes) -> int:
    """The first value of an FTS5 size record (SQLite varint)."""
    value = 0
    for byte in blob:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            break
    return value
