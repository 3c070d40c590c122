"""Metadata in SQLite (WAL mode) through peewee: documents, chunks and a keyword index.

The keyword index is one FTS5 table with the ``porter unicode61`` tokenizer. Stemming
matters for English, but ``unicode61`` keeps a run of CJK characters as one token, so
CJK text is indexed as single characters separated by spaces (see
:func:`fts_text`) and CJK query runs become phrase queries of adjacent characters.
One index then serves both scripts with BM25 ranking.
"""
from __future__ import annotations

import datetime as _dt
import re
import sqlite3
import time
import uuid
from pathlib import Path
from typing import Callable, Sequence

import peewee as pw
from playhouse.sqlite_ext import AutoIncrementField

from docvec_gui.core.errors import DatabaseError, DiskFull
from docvec_gui.core.vocabulary import VISIBLE_STATUSES, Status

STATUSES = tuple(str(s) for s in VISIBLE_STATUSES)
# Rows per write transaction: executemany inserts ~50,000 chunk+FTS rows/s here, so a
# batch holds the write lock for well under a second and other writers never time out.
WRITE_BATCH = 1000
# SQLite's busy handler polls with growing sleeps; a writer that takes the lock again at
# once would starve it. This pause between batches lets waiting writers in.
BATCH_PAUSE = 0.05

database_proxy = pw.DatabaseProxy()

# Han, Hiragana, Katakana, Hangul, CJK punctuation-free blocks: scripts written without spaces.
CJK_RE = re.compile(
    "[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\U00020000-\U0002ffff]"
)


def utcnow() -> _dt.datetime:
    return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)


def new_id() -> str:
    return str(uuid.uuid4())


class BaseModel(pw.Model):
    class Meta:
        database = database_proxy


class Document(BaseModel):
    id = pw.CharField(primary_key=True, max_length=36, default=new_id)
    filename = pw.TextField()
    original_path = pw.TextField()
    stored_path = pw.TextField()
    size = pw.BigIntegerField()
    # Unique among live rows only (migration 2): a tombstone may share its hash with a re-add.
    sha256 = pw.CharField(max_length=64)
    content_type = pw.CharField(max_length=64)
    status = pw.CharField(max_length=16, default=Status.PENDING, index=True)
    error_kind = pw.CharField(max_length=32, null=True)
    error_message = pw.TextField(null=True)
    warning = pw.TextField(null=True)
    attempts = pw.IntegerField(default=0)
    # Bumped on every claim; a task only commits results for the claim it holds.
    claim = pw.IntegerField(default=0)
    chunk_count = pw.IntegerField(default=0)
    progress = pw.FloatField(default=0.0)
    title = pw.TextField(null=True)
    author = pw.TextField(null=True)
    page_count = pw.IntegerField(null=True)
    created_at = pw.DateTimeField(default=utcnow)
    updated_at = pw.DateTimeField(default=utcnow)
    processed_at = pw.DateTimeField(null=True)
    # Times this document was processing when the app died of a fatal error (migration 2).
    crash_count = pw.IntegerField(default=0)
    # "vectors": the stored chunks are good, only their vectors must be rebuilt (repair).
    repair = pw.CharField(max_length=16, null=True)
    # While processing: pages and chunks done and the time left, for people (migration 3).
    progress_note = pw.TextField(null=True)
    # Watched folders (migration 6): a document indexed in place has its folder's id, and
    # ``stored_path`` is the user's own file (never removed by docvec); ``mtime_ns`` with
    # ``size`` tells a catch-up scan with one stat that the file is unchanged.
    folder_id = pw.IntegerField(null=True)  # indexed with status (migration 7)
    mtime_ns = pw.BigIntegerField(null=True)

    class Meta:
        table_name = "documents"


class Chunk(BaseModel):
    document = pw.ForeignKeyField(Document, backref="chunks", on_delete="CASCADE")
    index = pw.IntegerField()
    text = pw.TextField()
    page = pw.IntegerField(null=True)
    page_end = pw.IntegerField(null=True)
    heading = pw.TextField(default="")
    start = pw.IntegerField()
    end = pw.IntegerField()
    tokens = pw.IntegerField()
    # Some of its text was read by OCR (migration 8; the SQL default as there, for raw inserts).
    ocr = pw.BooleanField(default=False, constraints=[pw.SQL("DEFAULT 0")])

    class Meta:
        table_name = "chunks"
        indexes = ((("document", "index"), True),)


class LibraryMeta(BaseModel):
    """Facts about the library as a whole (migration 4), e.g. the model of its vectors."""

    key = pw.CharField(primary_key=True, max_length=64)
    value = pw.TextField()

    class Meta:
        table_name = "library_meta"


class WatchedFolder(BaseModel):
    """A folder whose documents are indexed in place and followed (migration 6)."""

    # AUTOINCREMENT: an id is never reused, so rows of a removed folder can never be taken
    # for a new folder's.
    id = AutoIncrementField()
    path = pw.TextField(unique=True)
    include = pw.TextField(default="[]")  # JSON list of glob patterns; empty: every document
    exclude = pw.TextField(default="[]")  # JSON list of glob patterns
    follow_symlinks = pw.BooleanField(default=False)
    paused = pw.BooleanField(default=False)
    # "events" (OS file events) or "polling" (periodic scans: no watches left, network drive)
    mode = pw.CharField(max_length=16, default="events")
    note = pw.TextField(null=True)  # why polling, what could not be read, ...
    last_scan_at = pw.DateTimeField(null=True)
    # st_dev of the folder when it last held files: another device there (an unmounted drive
    # leaves its empty mount point) means the folder is not reachable, not emptied.
    device = pw.BigIntegerField(null=True)
    created_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "watched_folders"


class FolderSkip(BaseModel):
    """A file in a watched folder that is not indexed, and why (not a document, empty, an
    executable...). Remembered with size and mtime so an unchanged one costs one stat."""

    folder_id = pw.IntegerField(index=True)
    path = pw.TextField(unique=True)
    size = pw.BigIntegerField()
    mtime_ns = pw.BigIntegerField()
    kind = pw.CharField(max_length=32)
    reason = pw.TextField()

    class Meta:
        table_name = "folder_skips"


class SchemaVersion(BaseModel):
    version = pw.IntegerField()
    applied_at = pw.DateTimeField(default=utcnow)

    class Meta:
        table_name = "schema_version"


def _migration_1(db: pw.SqliteDatabase) -> None:
    db.create_tables([Document, Chunk])
    db.execute_sql(
        "CREATE VIRTUAL TABLE IF NOT EXISTS chunk_fts USING fts5("
        "body, tokenize = 'porter unicode61 remove_diacritics 2')"
    )


def _migration_2(db: pw.SqliteDatabase) -> None:
    columns = {c.name for c in db.get_columns("documents")}
    if "crash_count" not in columns:
        db.execute_sql("ALTER TABLE documents ADD COLUMN crash_count INTEGER NOT NULL DEFAULT 0")
    if "repair" not in columns:
        db.execute_sql("ALTER TABLE documents ADD COLUMN repair VARCHAR(16)")
    db.execute_sql("DROP INDEX IF EXISTS documents_sha256")
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS documents_sha256_live ON documents(sha256) "
                   "WHERE status != 'deleting'")
    db.execute_sql("CREATE INDEX IF NOT EXISTS documents_sha256_any ON documents(sha256)")


def _migration_3(db: pw.SqliteDatabase) -> None:
    if "progress_note" not in {c.name for c in db.get_columns("documents")}:
        db.execute_sql("ALTER TABLE documents ADD COLUMN progress_note TEXT")


def _migration_4(db: pw.SqliteDatabase) -> None:
    db.create_tables([LibraryMeta])


def _migration_5(db: pw.SqliteDatabase) -> None:
    """Keyword rows as :func:`fts_text` makes them now (traditional Chinese folded to
    simplified): rows of chunks whose text it changes are written again, and the index is
    made to hold exactly one row per chunk."""
    from docvec_gui.core.hanzi import fold

    db.execute_sql("DELETE FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM chunks)")
    indexed = {r[0] for r in db.execute_sql("SELECT rowid FROM chunk_fts")}
    stale: list[tuple[int, str]] = []
    for chunk_id, text in db.execute_sql("SELECT id, text FROM chunks"):
        if chunk_id not in indexed or fold(text) != text:
            stale.append((chunk_id, fts_text(text)))
        if len(stale) >= WRITE_BATCH:
            _rewrite_fts(db, stale)
            stale = []
    _rewrite_fts(db, stale)
    _mark_folded(db)


FOLDED_KEY = "fts_folded"


def _mark_folded(db: pw.SqliteDatabase) -> None:
    """Record that the keyword rows are folded, only if the table to fold with was there (a
    build missing it must not leave rows unfolded for good: see :func:`_refold_if_needed`)."""
    from docvec_gui.core.hanzi import table_size

    if table_size():
        db.execute_sql("INSERT OR REPLACE INTO library_meta(key, value) VALUES (?, '1')", (FOLDED_KEY,))


def _refold_if_needed(db: pw.SqliteDatabase) -> None:
    """Fold the keyword rows now when an earlier run could not (its OpenCC table was missing)."""
    from docvec_gui.core.hanzi import table_size

    if not table_size():
        return
    row = db.execute_sql("SELECT value FROM library_meta WHERE key = ?", (FOLDED_KEY,)).fetchone()
    if row is None:
        with db.atomic():
            _migration_5(db)


def _rewrite_fts(db: pw.SqliteDatabase, rows: list[tuple[int, str]]) -> None:
    cursor = db.cursor()
    cursor.executemany("DELETE FROM chunk_fts WHERE rowid = ?", [(i,) for i, _ in rows])
    cursor.executemany("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", rows)


def _migration_6(db: pw.SqliteDatabase) -> None:
    """Watched folders: documents indexed in place. Content stays unique among the library's
    own copies; a watched file is unique by its path (two folders may hold the same file)."""
    columns = {c.name for c in db.get_columns("documents")}
    if "folder_id" not in columns:
        db.execute_sql("ALTER TABLE documents ADD COLUMN folder_id INTEGER")
    if "mtime_ns" not in columns:
        db.execute_sql("ALTER TABLE documents ADD COLUMN mtime_ns INTEGER")
    db.execute_sql("CREATE INDEX IF NOT EXISTS documents_folder_id ON documents(folder_id)")
    db.execute_sql("DROP INDEX IF EXISTS documents_sha256_live")
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS documents_sha256_live ON documents(sha256) "
                   "WHERE status != 'deleting' AND folder_id IS NULL")
    db.execute_sql("CREATE UNIQUE INDEX IF NOT EXISTS documents_path_live ON documents(stored_path) "
                   "WHERE status != 'deleting' AND folder_id IS NOT NULL")
    # Lookups by path (equal, or a range for "inside this folder") bind their values as
    # parameters, which SQLite cannot match against a partial index's WHERE: a plain index.
    db.execute_sql("CREATE INDEX IF NOT EXISTS documents_stored_path ON documents(stored_path)")
    db.create_tables([WatchedFolder, FolderSkip])


def _migration_7(db: pw.SqliteDatabase) -> None:
    """Per-folder counts (the Folders view, ``folders.folder_counts``) from a covering index:
    45 ms instead of 300 ms at 100,000 documents. It also serves lookups by folder, so the two
    single-column folder indexes (one from the model, one from migration 6) go."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS documents_folder_status ON documents(folder_id, status)")
    db.execute_sql("DROP INDEX IF EXISTS documents_folder_id")
    db.execute_sql("DROP INDEX IF EXISTS document_folder_id")


def _migration_8(db: pw.SqliteDatabase) -> None:
    """Chunks say whether their text was read by OCR (issue 13), so search results can say so."""
    if "ocr" not in {c.name for c in db.get_columns("chunks")}:
        db.execute_sql("ALTER TABLE chunks ADD COLUMN ocr INTEGER NOT NULL DEFAULT 0")


# Versioned migrations: append, never edit, so every existing database can catch up.
MIGRATIONS: list[Callable[[pw.SqliteDatabase], None]] = [_migration_1, _migration_2, _migration_3, _migration_4,
                                                         _migration_5, _migration_6, _migration_7, _migration_8]


def open_database(path: Path, readonly: bool = False) -> pw.SqliteDatabase:
    """Open (and migrate, unless read-only) the metadata database and bind the models.

    A damaged file raises :class:`DatabaseError` with the way back, never a raw traceback.
    """
    try:
        return _open(path, readonly)
    except (pw.DatabaseError, sqlite3.DatabaseError) as exc:
        if "locked" in str(exc).lower():
            raise
        if _disk_full(path):
            if readonly:
                # Readers of a WAL database must create its -shm file, which a full disk
                # refuses; nobody can be writing then, so read the file as it stands.
                return _open(path, readonly, immutable=True)
            raise DiskFull(f"the disk holding {path.parent} is full ({exc})") from exc
        raise DatabaseError(
            f"{path} is damaged ({exc}). Your documents' copies are safe in the library folder; "
            f"run `docvec check --repair` to restore the last backup and re-adopt them"
        ) from exc


def _open(path: Path, readonly: bool, immutable: bool = False) -> pw.SqliteDatabase:
    pragmas = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": "normal"}
    if readonly:
        pragmas = {"busy_timeout": 10000, "query_only": 1}
    name = f"file:{path}?immutable=1" if immutable else str(path)
    db = pw.SqliteDatabase(name, pragmas=pragmas, check_same_thread=False, uri=immutable)
    database_proxy.initialize(db)
    try:
        db.connect(reuse_if_open=True)
        db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        if not readonly:
            migrate(db)
    except BaseException:
        if not db.is_closed():
            db.close()
        raise
    return db


def _disk_full(path: Path) -> bool:
    import shutil

    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


def schema_version(db: pw.SqliteDatabase) -> int:
    if not db.table_exists("schema_version"):
        return 0
    row = SchemaVersion.select(pw.fn.MAX(SchemaVersion.version)).scalar()
    return int(row or 0)


def migrate(db: pw.SqliteDatabase) -> int:
    db.create_tables([SchemaVersion])
    current = schema_version(db)
    for number, step in enumerate(MIGRATIONS, start=1):
        if number <= current:
            continue
        with db.atomic():
            step(db)
            SchemaVersion.create(version=number)
    _refold_if_needed(db)
    return schema_version(db)


def write_transaction():
    """BEGIN IMMEDIATE: take the write lock up front, so concurrent writers wait for each
    other (busy timeout) instead of failing with "database is locked" when a read snapshot
    cannot be upgraded."""
    return database_proxy.obj.atomic("IMMEDIATE")


def under(column: pw.Field, folder: str, sep: str) -> pw.Expression:
    """``column`` holds a path inside ``folder`` (not ``folder`` itself, not ``folder`` + "x"):
    a range on the column, so SQLite can use its index (a LIKE or substr() cannot)."""
    prefix = folder.rstrip(sep) + sep
    return (column >= prefix) & (column < prefix[:-1] + chr(ord(sep) + 1))


def fts_text(text: str) -> str:
    """Text as the keyword index sees it: traditional Chinese folded to simplified (so 漢語
    and 汉语 match each other; queries are folded the same way) and CJK characters as
    separate tokens."""
    from docvec_gui.core.hanzi import fold

    return CJK_RE.sub(lambda m: f" {m.group(0)} ", fold(text))


_CHUNK_COLUMNS = ("document_id", "index", "text", "page", "page_end", "heading", "start", "end", "tokens", "ocr")


def insert_chunks(db: pw.SqliteDatabase, rows: Sequence[dict]) -> int:
    """Insert chunk rows and their FTS entries (rowid = chunk id). Call inside a write transaction.

    Ids are assigned here (the write transaction holds SQLite's write lock, so MAX(id) is
    stable), which lets both tables be filled with one ``executemany`` each.
    """
    if not rows:
        return 0
    first = (db.execute_sql("SELECT COALESCE(MAX(id), 0) FROM chunks").fetchone()[0] or 0) + 1
    ids = range(first, first + len(rows))
    cursor = db.cursor()
    names = ", ".join(f'"{c}"' for c in ("id",) + _CHUNK_COLUMNS)
    marks = ", ".join("?" * (len(_CHUNK_COLUMNS) + 1))
    cursor.executemany(f"INSERT INTO chunks ({names}) VALUES ({marks})",
                       [(i, row["document"], row["index"], row["text"], row["page"], row["page_end"],
                         row["heading"], row["start"], row["end"], row["tokens"], int(bool(row.get("ocr", False))))
                        for i, row in zip(ids, rows)])
    cursor.executemany("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)",
                       [(i, fts_text(row["text"])) for i, row in zip(ids, rows)])
    return len(rows)


def delete_chunks(db: pw.SqliteDatabase, doc_id: str, limit: int | None = None) -> int:
    """Remove (up to ``limit`` of) a document's chunks and their FTS rows. Call inside a
    write transaction; returns how many chunks went."""
    cap = f" LIMIT {int(limit)}" if limit else ""
    ids = [r[0] for r in db.execute_sql(f"SELECT id FROM chunks WHERE document_id = ?{cap}", (doc_id,))]
    for start in range(0, len(ids), 500):  # SQLite caps bound parameters per statement
        part = ids[start:start + 500]
        marks = ",".join("?" * len(part))
        db.execute_sql(f"DELETE FROM chunk_fts WHERE rowid IN ({marks})", part)
        db.execute_sql(f"DELETE FROM chunks WHERE id IN ({marks})", part)
    return len(ids)


def insert_chunks_batched(rows: Sequence[dict], check: Callable[[], None] | None = None) -> int:
    """Insert chunk rows in write transactions of :data:`WRITE_BATCH` rows each, pausing
    between them so that other writers waiting on the lock get their turn.

    ``check`` runs inside each transaction first (a claim check that raises to abort).
    """
    for start in range(0, len(rows), WRITE_BATCH):
        if start:
            time.sleep(BATCH_PAUSE)
        with write_transaction():
            if check is not None:
                check()
            insert_chunks(database_proxy.obj, rows[start:start + WRITE_BATCH])
    return len(rows)


def chunk_range(doc_id: str, first: int, size: int) -> list[tuple[int, str, int | None, int | None, str]]:
    """(index, text, page, page_end, heading) of chunks ``first`` .. ``first + size - 1``, in order:
    what re-embedding reads, a bounded group at a time."""
    return list(Chunk.select(Chunk.index, Chunk.text, Chunk.page, Chunk.page_end, Chunk.heading)
                .where((Chunk.document == doc_id) & (Chunk.index >= first) & (Chunk.index < first + size))
                .order_by(Chunk.index).tuples())


def delete_chunks_batched(doc_id: str, check: Callable[[], None] | None = None) -> int:
    """Delete a document's chunks in write transactions of :data:`WRITE_BATCH` rows each
    (``check`` as for :func:`insert_chunks_batched`)."""
    total = 0
    while True:
        with write_transaction():
            if check is not None:
                check()
            gone = delete_chunks(database_proxy.obj, doc_id, WRITE_BATCH)
        total += gone
        if gone < WRITE_BATCH:
            return total
        time.sleep(BATCH_PAUSE)


def fts_count(doc_id: str) -> int:
    return database_proxy.obj.execute_sql(
        "SELECT count(*) FROM chunk_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)",
        (doc_id,)).fetchone()[0]


def status_counts() -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    for status, n in Document.select(Document.status, pw.fn.COUNT(Document.id)).group_by(Document.status).tuples():
        if status in counts:
            counts[status] = n
    return counts
