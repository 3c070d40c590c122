"""Search scoped to a watched folder (issue 10) and the hybrid fusion rule for Chinese
queries (issue 9). A real library: watched folders followed by the real scanner, the real
model, SQLite and Chroma."""
from __future__ import annotations

import pytest

from docvec_gui.core import search as search_mod
from docvec_gui.core import searcher as searcher_mod

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
