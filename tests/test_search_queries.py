"""What people type (issue 9): quoted phrases, -words, OR, CJK without spaces, and
highlights of whole words only. Pure logic, then the real index."""
import pytest

from docvec_gui.core.search import fts_query, highlight_spans, parse_query, verbatim_query
from docvec_gui.core.service import Service


def marked(text: str, query: str) -> list[str]:
    return [text[s:e] for s, e in highlight_spans(text, query)]


def test_quoted_phrases_must_match_and_plain_words_still_count():
    assert fts_query('"time for lunch" menu') == '"time for lunch" AND ("time for lunch" OR "menu")'
    assert parse_query('"time for lunch" menu').phrases == [["time", "for", "lunch"]]


def test_excluded_words_and_or():
    assert fts_query("python -snake") == '("python") NOT ("snake")'
    assert fts_query('python -"monty python"') == '("python") NOT ("monty python")'
    assert fts_query("-5 degrees") == '"degrees"'  # a minus before a number is not an exclusion
    assert fts_query("cats OR dogs") == '"cats" OR "dogs"' and verbatim_query("cats OR dogs") is None
    assert fts_query("-only") is None  # nothing to look for


def test_verbatim_is_the_plain_part_in_order_with_its_stopwords():
    assert verbatim_query("time for lunch") == '"time for lunch"'
    assert verbatim_query("lunch") is None
    # The boost only reorders what the query matches: quoted phrases stay required.
    assert verbatim_query('"exact phrase" foo bar') == '"exact phrase" AND "foo bar"'


def test_cjk_without_spaces_becomes_bigrams_and_a_verbatim_run():
    assert fts_query("软件包") == '"软 件" OR "件 包"'
    assert verbatim_query("如何构建软件包") == '"如 何 构 建 软 件 包"'


def test_traditional_characters_are_looked_for_in_their_simplified_form():
    assert fts_query("漢語軟體") == fts_query("汉语软体") == '"汉 语" OR "语 软" OR "软 体"'
    assert verbatim_query("維護者") == '"维 护 者"'
    # Highlights of a folded query land on the text as written, in either form.
    assert marked("本文說明維護者的工作，维护者很忙", "维护者") == ["維護者", "维护者"]


def test_any_input_is_safe_fts_syntax():
    for query in ['"unbalanced (quote AND OR NEAR', 'a"b"c', "NEAR(x y)", "*", "-", '"""', "col:value", "^x"]:
        expression = fts_query(query)
        assert expression is None or expression.count('"') % 2 == 0


def test_highlights_are_whole_words_or_same_stem():
    text = "Indexes index indicate in I it the Indexing idea"
    assert marked(text, "index I") == ["Indexes", "index", "Indexing"]  # no "indicate", no "in"/"it"/"idea"
    assert marked("构建软件包的方法", "如何构建软件包") == ["构建软件包"]


@pytest.fixture(scope="module")
def library(tmp_path_factory, model_dir, docs_dir):
    from docvec_gui.core.config import load_settings

    tmp = tmp_path_factory.mktemp("search")
    settings = load_settings(tmp / "data", environ={}, dotenv_path=tmp / "no.env",
                             overrides={"model_dir": str(model_dir), "workers": 2, "embed_threads": 1})
    svc = Service(settings).open()
    names = ["maint-guide.en.txt", "maint-guide.zh-cn.gbk.txt", "google-doc-document.pdf", "simple.odt",
             "fake-email.eml", "tracemonkey.pdf"]
    ids = [a["id"] for a in svc.add([docs_dir / n for n in names]).added]
    svc.start_processing()
    assert svc.wait_idle(ids, timeout=600)
    yield svc
    svc.close(timeout=60)


def test_a_phrase_copied_from_a_document_finds_it_first_in_every_text_mode(library):
    for mode in ("hybrid", "keyword"):
        results = library.search("If the upstream source comes as", mode=mode, top_k=5)
        assert results and "if the upstream source comes as" in " ".join(results[0].text.split()).lower(), mode
        assert results == sorted(results, key=lambda r: -r.score)


def test_quoted_phrase_and_exclusion_on_the_index(library):
    assert all("honking" in r.text.lower() for r in library.search('"honking great idea"', mode="keyword"))
    # Passages, not one per document: the exclusion is about every chunk.
    with_word = library.searcher.search("Debian", 500, "keyword", group=False)
    assert any("maintainer" in r.text.lower() for r in with_word)
    without = library.searcher.search("Debian -maintainer", 500, "keyword", group=False)
    assert without and all("maintainer" not in r.text.lower() for r in without)


def test_chinese_typed_without_spaces_finds_the_chinese_guide(library):
    results = library.search("如何构建软件包", mode="keyword", top_k=3)
    assert results and results[0].filename == "maint-guide.zh-cn.gbk.txt"
    assert results[0].highlights
