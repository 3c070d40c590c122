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


def test_folder_counts_come_from_a_covering_index(tmp_path):
    """The Folders view counts documents per folder and status at every refresh: at 100,000
    documents a table scan took 300 ms (and seconds under load); the index answers alone."""
    from docvec_gui.core import folders

    db = dbm.open_database(tmp_path / "docvec.db")
    try:
        folder = dbm.WatchedFolder.create(path="/home/me/notes")
        for n, status in enumerate(["completed", "completed", "error", "pending", "deleting"]):
            _doc(stored_path=f"/home/me/notes/{n}.txt", sha256=f"{n}" * 64, folder_id=folder.id, status=status)
        _doc()  # an added file: no folder
        counts = folders.folder_counts()[folder.id]
        assert (counts["files"], counts["indexed"], counts["errors"], counts["pending"]) == (4, 2, 1, 1)
        sql, params = folders.status_counts_query().sql()
        plan = " ".join(str(row) for row in db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
        assert "COVERING INDEX documents_folder_status" in plan
        indexes = {r[0] for r in db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert not indexes & {"documents_folder_id", "document_folder_id"}  # one folder index is enough
    finally:
        db.close()


def test_chunks_of_a_version_7_database_gain_the_ocr_flag(tmp_path):
    """Migration 8 (issue 13): chunks say whether OCR read their text; old chunks did not."""
    path = tmp_path / "docvec.db"
    db = dbm.open_database(path)
    doc = _doc()
    dbm.insert_chunks_batched([dict(document=doc.id, index=0, text="typed text", page=1, page_end=1, heading="",
                                    start=0, end=10, tokens=2)])
    db.execute_sql("ALTER TABLE chunks DROP COLUMN ocr")  # as a version 7 database has it
    dbm.SchemaVersion.delete().where(dbm.SchemaVersion.version == 8).execute()
    db.close()
    db = dbm.open_database(path)
    try:
        assert dbm.schema_version(db) == len(dbm.MIGRATIONS) == 8
        dbm.insert_chunks_batched([dict(document=doc.id, index=1, text="scanned text", page=2, page_end=2,
                                        heading="", start=12, end=24, tokens=2, ocr=True)])
        flags = [(c.index, c.ocr) for c in dbm.Chunk.select().order_by(dbm.Chunk.index)]
        assert flags == [(0, False), (1, True)]
    finally:
        db.close()
