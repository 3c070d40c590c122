"""Schema migrations on real SQLite files: watched folders (6) and folding keyword rows that
an earlier run could not fold."""
import peewee as pw
import pytest

from docvec_gui.core import db as dbm


def _doc(**values) -> dbm.Document:
    base = dict(filename="a.txt", original_path="/x/a.txt", stored_path="/lib/a.txt", size=1, sha256="a" * 64,
                content_type="text")
    base.update(values)
    return dbm.Document.create(**base)


def test_content_is_unique_among_copies_and_paths_among_watched_files(tmp_path):
    db = dbm.open_database(tmp_path / "docvec.db")
    try:
        _doc()
        with pytest.raises(pw.IntegrityError):  # two stored copies of one content: refused
            with db.atomic():
                _doc(stored_path="/lib/b.txt")
        folder = dbm.WatchedFolder.create(path="/home/me/notes")
        _doc(stored_path="/home/me/notes/a.txt", folder_id=folder.id)  # the same file, watched
        _doc(stored_path="/home/me/notes/copy.txt", folder_id=folder.id)  # and a copy of it
        with pytest.raises(pw.IntegrityError):  # one watched path, one document
            with db.atomic():
                _doc(stored_path="/home/me/notes/a.txt", folder_id=folder.id, sha256="b" * 64)
    finally:
        db.close()


def test_keyword_rows_left_unfolded_are_folded_at_the_next_open(tmp_path):
    db = dbm.open_database(tmp_path / "docvec.db")
    try:
        doc = _doc()
        with dbm.write_transaction():
            dbm.insert_chunks(db, [{"document": doc.id, "index": 0, "text": "漢語的維護者", "page": None,
                                    "page_end": None, "heading": "", "start": 0, "end": 6, "tokens": 6}])
        # As a run without the OpenCC table leaves it: rows not folded, no mark.
        chunk_id = dbm.Chunk.get().id
        db.execute_sql("UPDATE chunk_fts SET body = ? WHERE rowid = ?", (" 漢  語  的  維  護  者 ", chunk_id))
        db.execute_sql("DELETE FROM library_meta WHERE key = ?", (dbm.FOLDED_KEY,))
        assert not db.execute_sql("SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?", ('"汉 语"',)).fetchall()
    finally:
        db.close()
    db = dbm.open_database(tmp_path / "docvec.db")
    try:
        hits = db.execute_sql("SELECT rowid FROM chunk_fts WHERE chunk_fts MATCH ?", ('"汉 语"',)).fetchall()
        assert hits == [(chunk_id,)]
        assert db.execute_sql("SELECT value FROM library_meta WHERE key = ?", (dbm.FOLDED_KEY,)).fetchone() == ("1",)
    finally:
        db.close()
