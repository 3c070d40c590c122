"""Results people can read (issue 9): one entry per document with "n more passages",
no padding when nothing matches well ("no good matches", a floor per model), a relevance in
0..1, snippets cut at word boundaries, and traditional/simplified Chinese matching each other.
Pure logic first, then a real library (real model, SQLite, Chroma)."""
from __future__ import annotations

import json
import re

import pytest

from docvec_gui.core import db as dbm
from docvec_gui.core.hanzi import fold, table_size
from docvec_gui.core.modelstore import ModelSpec
from docvec_gui.core.search import ELLIPSIS, snippet_parts, snippet_text, snippet_window

LATIN = ("Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau "
         "upsilon phi chi psi omega. ") * 12


def _cut_words(text: str, start: int, end: int) -> bool:
    inside = lambda i: 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()  # noqa: E731
    return inside(start) or inside(end)


@pytest.mark.parametrize("anchor_word", ["theta", "omega", "Alpha", "sigma"])
def test_snippets_never_cut_a_latin_word(anchor_word):
    for occurrence in re.finditer(anchor_word, LATIN):
        spans = [[occurrence.start(), occurrence.end()]]
        for limit in (40, 97, 160, 320):
            start, end = snippet_window(LATIN, spans, limit)
            assert not _cut_words(LATIN, start, end), (limit, LATIN[start:end])
            assert start <= spans[0][0] and spans[0][1] <= end  # the highlight is shown
            assert end - start <= limit + 1


def test_snippet_marks_the_highlight_and_says_where_text_was_left_out():
    at = LATIN.index("omega", 900)
    parts = snippet_parts(LATIN, [[at, at + 5]], 120)
    text = "".join(p for p, _ in parts)
    assert text.startswith(ELLIPSIS + " ") and text.endswith(" " + ELLIPSIS)
    assert [p for p, marked in parts if marked] == ["omega"]
    assert "  " not in text and "\n" not in text
    short = "Just a short text.\n\nTwo lines."
    assert snippet_text(short, []) == "Just a short text. Two lines."  # nothing left out, no ellipsis


def test_cjk_text_may_be_cut_between_characters():
    text = "软件包维护者" * 200
    at = text.index("维护者", 600)
    start, end = snippet_window(text, [[at, at + 3]], 100)
    assert end - start == 100 and start <= at < at + 3 <= end


def test_a_huge_word_is_cut_rather_than_shown_as_nothing():
    text = "x" * 5000
    start, end = snippet_window(text, [[2000, 2001]], 100)
    assert 0 < end - start <= 100 and start <= 2000 < end


def test_traditional_and_simplified_fold_to_one_form_of_the_same_length():
    assert table_size() > 3000
    assert fold("漢語軟體維護者發髮") == "汉语软体维护者发发"
    assert fold("汉语 hello 日本語") == "汉语 hello 日本语"
    assert fold(LATIN) == LATIN  # no Chinese: unchanged
    assert dbm.fts_text("漢語") == dbm.fts_text("汉语") == " 汉  语 "


def test_the_migration_rebuilds_keyword_rows_so_old_libraries_match_both_forms(tmp_path):
    db = dbm.open_database(tmp_path / "meta.db")
    try:
        doc = dbm.Document.create(filename="t.txt", original_path="t.txt", stored_path="t.txt", size=1,
                                  sha256="0" * 64, content_type="text/plain", status="completed")
        texts = ["漢語的維護者", "plain English text", "简体的维护者", "第四段"]
        rows = [dict(document=doc.id, index=i, text=t, page=None, page_end=None, heading="", start=0, end=len(t),
                     tokens=3) for i, t in enumerate(texts)]
        with dbm.write_transaction():
            dbm.insert_chunks(db, rows)
        # The library as the previous version left it: FTS rows of unfolded text, one row
        # missing and one orphan row, schema at the version before this migration.
        old = lambda t: dbm.CJK_RE.sub(lambda m: f" {m.group(0)} ", t)  # noqa: E731
        ids = [c.id for c in dbm.Chunk.select().order_by(dbm.Chunk.index)]
        db.execute_sql("DELETE FROM chunk_fts")
        db.execute_sql("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", (ids[0], old(texts[0])))
        db.execute_sql("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", (ids[1], old(texts[1])))
        db.execute_sql("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", (ids[2], old(texts[2])))
        db.execute_sql("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", (999999, "orphan"))
        version = dbm.MIGRATIONS.index(dbm._migration_5) + 1
        # Later migrations are undone too: the schema version is the highest one applied.
        dbm.SchemaVersion.delete().where(dbm.SchemaVersion.version >= version).execute()

        def matching(query: str) -> set[int]:
            return {r[0] for r in db.execute_sql("SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?", (query,))}

        assert matching('"汉 语"') == set()  # before: simplified does not find the traditional text
        assert dbm.migrate(db) == len(dbm.MIGRATIONS)
        assert matching('"汉 语"') == {ids[0]}
        assert matching('"维 护 者"') == {ids[0], ids[2]}
        assert matching('"第 四"') == {ids[3]}  # the missing row is back
        fts_ids = sorted(r[0] for r in db.execute_sql("SELECT rowid FROM chunk_fts"))
        assert fts_ids == sorted(ids)  # one keyword row per chunk, no orphans
    finally:
        db.close()


def test_the_similarity_floor_comes_from_the_model_description(tmp_path, model_dir, multilingual_dir):
    plain = ModelSpec.load(model_dir)
    assert plain.min_similarity is not None and 0.0 < plain.min_similarity < 1.0
    described = tmp_path / "e5"
    described.mkdir()
    data = json.loads((multilingual_dir / "docvec-model.json").read_text(encoding="utf-8"))
    data.pop("min_similarity", None)
    (described / "docvec-model.json").write_text(json.dumps(data), encoding="utf-8")
    assert ModelSpec.load(described).min_similarity is None  # uncalibrated: nothing is dropped
    data["min_similarity"] = 0.81
    (described / "docvec-model.json").write_text(json.dumps(data), encoding="utf-8")
    assert ModelSpec.load(described).min_similarity == 0.81


# -- a real library ------------------------------------------------------------------------

TRADITIONAL = "漢語軟體套件的維護者指南。本文說明如何建構軟體套件，並上傳到檔案庫。\n"


@pytest.fixture(scope="module")
def library(tmp_path_factory, model_dir, docs_dir):
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.service import Service

    tmp = tmp_path_factory.mktemp("results")
    settings = load_settings(tmp / "data", environ={}, dotenv_path=tmp / "no.env",
                             overrides={"model_dir": str(model_dir), "workers": 2, "embed_threads": 1})
    trad = tmp / "traditional-guide.txt"
    trad.write_text(TRADITIONAL * 3, encoding="utf-8")
    files = [docs_dir / n for n in ("tracemonkey.pdf", "maint-guide-first.zh-cn.html", "google-doc-document.pdf",
                                    "simple.odt", "fake-email.eml")]
    svc = Service(settings).open()
    ids = [a["id"] for a in svc.add(files + [trad]).added]
    svc.start_processing()
    assert svc.wait_idle(ids, timeout=600)
    yield svc
    svc.close(timeout=60)


def test_one_result_per_document_with_its_other_passages(library):
    results = library.search("trace recording loops in a JavaScript compiler", mode="hybrid", top_k=10)
    assert results and results[0].filename == "tracemonkey.pdf"
    assert len({r.doc_id for r in results}) == len(results)  # grouped
    head = results[0]
    assert head.more >= 5 and len(head.others) == 5  # a 14-page paper matches in many passages
    assert all(o["chunk_index"] != head.chunk_index and o["score"] <= head.score for o in head.others)
    assert [o["score"] for o in head.others] == sorted((o["score"] for o in head.others), reverse=True)
    assert all(r.more == 0 and r.others == [] or r.more >= len(r.others) for r in results)
    passages = library.searcher.search("trace recording loops in a JavaScript compiler", 10, "hybrid", group=False)
    assert len(passages) == 10 and len({p.doc_id for p in passages}) < 10  # ungrouped: passages of one paper
    one = library.search("trace recording loops in a JavaScript compiler", mode="hybrid", top_k=1)
    assert len(one) == 1 and one[0].more == head.more  # top_k counts documents, not passages
    encoded = json.loads(json.dumps(head.to_json()))
    assert encoded["more"] == head.more and len(encoded["others"]) == 5 and 0 < encoded["relevance"] <= 1
    # The other passages carry their text and highlights, so the window lists them as snippets.
    for other in head.others:
        assert other["text"] and all(0 <= a < b <= len(other["text"]) for a, b in other["highlights"])


def test_search_scoped_to_a_type_and_a_passage_in_context(library):
    query = "trace recording loops in a JavaScript compiler"
    pdfs = library.search(query, mode="hybrid", top_k=10, content_types=["pdf"])
    assert pdfs and {r.filename.rsplit(".", 1)[1] for r in pdfs} == {"pdf"}
    assert all(r.filename == "simple.odt" for r in library.search(query, mode="keyword", content_types=["odt"]))
    assert [r.filename for r in library.search(query, mode="hybrid", top_k=10, content_types=["pdf", "eml"])
            if r.filename.endswith(".eml")] == [r.filename for r in library.search(query, mode="hybrid", top_k=10)
                                              if r.filename.endswith(".eml")]
    assert library.search(query, content_types=["no-such-type"]) == []
    head = pdfs[0]
    around = library.passage_context(head.doc_id, head.chunk_index, around=1)
    assert head.chunk_index in [c.index for c in around]
    assert [c.index for c in around] == list(range(max(0, head.chunk_index - 1), head.chunk_index + 2))[:len(around)]


@pytest.mark.parametrize("mode", ["hybrid", "vector", "keyword"])
def test_nonsense_gets_no_good_matches_instead_of_padding(library, mode):
    for query in ("xqzvbn flurp", "blorptastic zengle"):
        assert library.search(query, mode=mode, top_k=20) == [], (mode, query)
        assert library.searcher.last_state == "no_good_matches"
    assert library.search("just-in-time compiler traces", mode=mode, top_k=20)
    assert library.searcher.last_state == "matches"


def test_relevance_is_a_share_not_a_raw_score(library):
    for mode in ("hybrid", "vector", "keyword"):
        results = library.search("tracing just-in-time compiler for dynamic languages", mode=mode, top_k=10)
        assert results and all(0.0 <= r.relevance <= 1.0 for r in results), mode
        assert results[0].relevance > 0.3, (mode, results[0].relevance)
    # A passage holding the words in the order typed gets the full bar.
    exact = library.search("meaning that the trace may be", mode="keyword", top_k=3)  # a MANIFEST phrase
    assert exact[0].relevance == 1.0 and exact[0].score > 1.0


def test_traditional_and_simplified_chinese_find_each_other(library):
    simplified = library.search("维护者", mode="keyword", top_k=10)
    names = {r.filename for r in simplified}
    assert {"traditional-guide.txt", "maint-guide-first.zh-cn.html"} <= names
    traditional = library.search("維護者", mode="keyword", top_k=10)
    assert {r.filename for r in traditional} == names
    hit = next(r for r in traditional if r.filename == "traditional-guide.txt")
    assert hit.text[hit.highlights[0][0]:hit.highlights[0][1]] == "維護者"
    assert library.search("汉语", mode="keyword")[0].filename == "traditional-guide.txt"


def test_the_panel_shows_one_entry_per_document_with_a_bar_and_says_no_good_matches(qtbot, library):
    from PySide6.QtGui import QColor

    from docvec_gui.ui.search_panel import BAR_COLOUR, HIGHLIGHT_OPEN, SearchPanel

    panel = SearchPanel()
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    panel.show()
    qtbot.waitExposed(panel)
    results = library.search("trace recording loops in a JavaScript compiler", top_k=5)
    panel.show_results(results)
    assert panel.result_count() == len(results)
    assert panel.result_at(0).doc_id == results[0].doc_id and results[0].relevance > 0.3
    html = panel.result_html(0)
    assert HIGHLIGHT_OPEN in html and f"{results[0].score:.4f}" not in html  # a bar, not a raw score
    image = panel.results.viewport().grab().toImage()
    first = panel.results.visualItemRect(panel.results.item(0))
    row = [image.pixelColor(x, y) for y in range(first.top(), first.top() + 30)
           for x in range(max(0, first.right() - 120), first.right())]
    assert QColor(BAR_COLOUR) in row  # the filled part of the bar is drawn
    panel.show_results([])
    assert panel.results.count() == 0 and "No good matches" in panel.status.text()
