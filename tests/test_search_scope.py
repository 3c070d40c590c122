"""Search scoped to a watched folder (issue 10) and the hybrid fusion rule for Chinese
queries (issue 9). A real library: watched folders followed by the real scanner, the real
model, SQLite and Chroma."""
from __future__ import annotations

import pytest

from docvec_gui.core import search as search_mod
from docvec_gui.core import searcher as searcher_mod
from searchkit import add_texts, default_model_service, first_text

CATS = {
    "a/cat-care.txt": "Caring for a cat. Feed your cat twice a day and keep fresh water near its bowl. "
                      "Cats groom themselves, but brushing a long-haired cat helps.",
    "a/tax-forms.txt": "Filing income tax forms. The deadline for the annual return is in April; "
                       "keep your receipts for deductions.",
    "b/kitten.txt": "Looking after a kitten: a young cat needs food four times a day, a warm bed and "
                    "a visit to the vet for vaccines.",
    "b/garden.txt": "Growing tomatoes in the garden. Water the plants in the morning and give them "
                    "full sun.",
    "added/cat-history.txt": "The history of the domestic cat: cats lived beside farmers for ten thousand "
                             "years, hunting mice in grain stores.",
}
QUERY = "how to take care of a cat"


@pytest.fixture(scope="module")
def library(tmp_path_factory, model_dir):
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.service import Service

    tmp = tmp_path_factory.mktemp("scope")
    for name, text in CATS.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text + "\n", encoding="utf-8")
    settings = load_settings(tmp / "data", environ={}, dotenv_path=tmp / "no.env",
                             overrides={"model_dir": str(model_dir), "workers": 2, "embed_threads": 1})
    svc = Service(settings).open()
    folders = {name: svc.watch_add(tmp / name).id for name in ("a", "b")}
    svc.sync()
    added = [a["id"] for a in svc.add([tmp / "added" / "cat-history.txt"]).added]
    svc.start_processing()
    assert svc.wait_idle(timeout=300)
    assert svc.counts().get("completed") == len(CATS), svc.counts()
    yield svc, folders, added
    svc.close(timeout=60)


def _folder_of(doc_id: str) -> int | None:
    from docvec_gui.core import db as dbm

    return dbm.Document.get_by_id(doc_id).folder_id


# How each side reaches a scope's hits (searcher.scoped_vector_hits, search.keyword_search):
# "deep": the library's best, deep enough for the folder's share, then the folder's kept
# (the default here); "filtered": Chroma's id filter and SQL's join, as for a folder too small
# for that in a small library; "capped": the deepest fetch allowed, as in a big library.
PATHS = {
    "deep": {},
    "filtered": {"FETCH_MAX": 50, "KEYWORD_FETCH_MAX": 0},
    "capped": {"FETCH_MAX": 50, "FILTER_LIBRARY_MAX": 0},
}


@pytest.mark.parametrize("mode", ["hybrid", "keyword", "vector"])
@pytest.mark.parametrize("path", list(PATHS))
def test_folder_scope_returns_only_that_folders_documents(library, mode, path, monkeypatch):
    svc, folders, added = library
    for name, value in PATHS[path].items():
        monkeypatch.setattr(search_mod if name == "KEYWORD_FETCH_MAX" else searcher_mod, name, value)
    everything = svc.search(QUERY, top_k=10, mode=mode)
    names = {r.filename for r in everything}
    assert {"cat-care.txt", "kitten.txt", "cat-history.txt"} <= names, (mode, names)  # all three places match
    for folder, wanted in (("a", "cat-care.txt"), ("b", "kitten.txt")):
        scoped = svc.search(QUERY, top_k=10, mode=mode, folder_id=folders[folder])
        assert scoped and scoped[0].filename == wanted, (mode, folder, [r.filename for r in scoped])
        assert {_folder_of(r.doc_id) for r in scoped} == {folders[folder]}, (mode, folder)
    ungrouped = svc.searcher.search(QUERY, 10, mode, group=False, folder_id=folders["b"])
    assert ungrouped and {_folder_of(r.doc_id) for r in ungrouped} == {folders["b"]}


def test_folder_scope_with_ids_and_unknown_folders(library):
    svc, folders, added = library
    # doc_ids and a folder: both apply (the added document is in no folder).
    assert svc.search(QUERY, mode="hybrid", doc_ids=added, folder_id=folders["a"]) == []
    assert [r.doc_id for r in svc.search(QUERY, mode="hybrid", doc_ids=added)] == added
    for mode in ("hybrid", "keyword", "vector"):
        assert svc.search(QUERY, mode=mode, folder_id=999) == []
        assert svc.searcher.last_state == "no_good_matches"


# -- hybrid fusion (issue 9) ----------------------------------------------------------------

def test_fusion_lets_a_far_better_meaning_match_beat_a_look_alike():
    # Scores as the default model and BM25 gave them for an HSK paraphrase query (谢谢你帮忙):
    # the look-alike (谢谢你的问候, "thanks for your greetings") shares as many character
    # pairs with the query as the paraphrase (谢谢你的帮助) and comes first in keyword order,
    # but the model scores the paraphrase far higher. Rank fusion tied them and kept the
    # keyword order; score fusion does not.
    keyword = [("greeting", 3.2), ("help", 3.1), ("other", 1.0)]
    vector = [("help", 0.958), ("greeting", 0.936), ("other", 0.90)]
    scores = search_mod.fuse(keyword, vector, floor=0.82)
    assert max(scores, key=scores.get) == "help"
    # Both sides agreeing beats one side slightly ahead: the keyword side's clear best, a
    # little less similar, beats the vector side's best that keywords do not find.
    scores = search_mod.fuse([("both", 9.0), ("other", 2.0)], [("help", 0.958), ("both", 0.93)], floor=0.82)
    assert max(scores, key=scores.get) == "both"
    # Each side scaled to 0..1: a perfect match on both sides scores 1.
    assert search_mod.fuse([("a", 5.0)], [("a", 1.0)], floor=0.82) == {"a": pytest.approx(1.0)}


def test_fusion_scales_each_model_from_its_floor_or_its_least_similar_candidate():
    # MiniLM-like (floor 0.35) and e5-like (0.82) similarities of the same relative quality
    # weigh the same against the keyword side.
    minilm = search_mod.fuse([("k", 4.0)], [("v", 0.35 + 0.65 * 0.6)], floor=0.35)
    e5 = search_mod.fuse([("k", 4.0)], [("v", 0.82 + 0.18 * 0.6)], floor=0.82)
    assert minilm == pytest.approx(e5)
    # Uncalibrated (floor None): the least similar candidate is the zero point.
    scores = search_mod.fuse([], [("a", 0.95), ("b", 0.90), ("c", 0.85)], floor=None)
    assert scores["c"] == 0.0 and 0 < scores["b"] < scores["a"] < 1 - search_mod.KEYWORD_WEIGHT + 1e-9
    # Vector side down (degraded hybrid): the keyword order stands.
    scores = search_mod.fuse([("x", 3.0), ("y", 1.0)], [], floor=0.82)
    assert sorted(scores, key=scores.get, reverse=True) == ["x", "y"]


@pytest.fixture(scope="module")
def bilingual(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fusion")
    svc = default_model_service(tmp)
    # The look-alike first: in a keyword tie it comes first (lower chunk id).
    for batch in (["多谢你的问候。"],
                  ["多谢你的帮助。", "Invoice 4471: the garden chairs were paid on 3 March by bank transfer.",
                   "Choosing garden chairs: comfortable outdoor furniture for a sunny patio."]):
        add_texts(svc, tmp, batch)
    yield svc
    svc.close(timeout=60)


def test_hybrid_follows_the_stronger_side_in_a_chinese_and_english_library(bilingual):
    query = "多谢你帮忙。"  # "many thanks for helping"
    assert first_text(bilingual, query, "keyword") == "多谢你的问候。"  # tie on 多谢/谢你: the look-alike
    assert first_text(bilingual, query, "vector") == "多谢你的帮助。"
    assert first_text(bilingual, query, "hybrid") == "多谢你的帮助。"  # the meaning, as dense
    phrase = "paid on 3 March"  # a pasted phrase: as keyword
    assert first_text(bilingual, phrase, "keyword").startswith("Invoice 4471")
    assert first_text(bilingual, phrase, "hybrid").startswith("Invoice 4471")


def test_documents_being_written_are_left_out_without_a_store_filter(tmp_path):
    # A real (in-process) Chroma collection: the nearest chunks of a document being written
    # are dropped after the query (Chroma's $nin filter costs seconds at 300,000 vectors) and
    # a deeper look fills the places they took.
    import numpy as np

    from docvec_gui.core.vectorstore import VectorStore

    store = VectorStore.open(tmp_path / "chroma", "test-model", 2)
    angles = np.linspace(0.0, 1.5, 40)
    vectors = np.stack([np.cos(angles), np.sin(angles)], axis=1).astype(np.float32)
    store.upsert("writing", vectors[:20], [{"chunk_index": i} for i in range(20)])  # the 20 nearest
    store.upsert("done", vectors[20:], [{"chunk_index": i} for i in range(20)])
    query = np.array([1.0, 0.0], dtype=np.float32)
    hits = searcher_mod.nearest(store, query, 5, leave_out={"writing"})
    assert [(h.doc_id, h.chunk_index) for h in hits] == [("done", i) for i in range(5)]
    assert len(searcher_mod.nearest(store, query, 5)) == 5 and searcher_mod.nearest(store, query, 5)[0].doc_id == "writing"
