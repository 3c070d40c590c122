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
import uuid
from pathlib import Path
from typing import Callable, Iterable

import peewee as pw

STATUSES = ("pending", "processing", "completed", "error")

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
    sha256 = pw.CharField(max_length=64, unique=True)
    content_type = pw.CharField(max_length=64)
    status = pw.CharField(max_length=16, default="pending", index=True)
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

    class Meta:
        table_name = "chunks"
        indexes = ((("document", "index"), True),)


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


# Versioned migrations: append, never edit, so every existing database can catch up.
MIGRATIONS: list[Callable[[pw.SqliteDatabase], None]] = [_migration_1]


def open_database(path: Path, readonly: bool = False) -> pw.SqliteDatabase:
    """Open (and migrate, unless read-only) the metadata database and bind the models."""
    pragmas = {"journal_mode": "wal", "foreign_keys": 1, "busy_timeout": 10000, "synchronous": "normal"}
    if readonly:
        pragmas = {"busy_timeout": 10000, "query_only": 1}
    db = pw.SqliteDatabase(str(path), pragmas=pragmas, check_same_thread=False)
    database_proxy.initialize(db)
    db.connect(reuse_if_open=True)
    if not readonly:
        migrate(db)
    return db


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
    return schema_version(db)


def write_transaction():
    """BEGIN IMMEDIATE: take the write lock up front, so concurrent writers wait for each
    other (busy timeout) instead of failing with "database is locked" when a read snapshot
    cannot be upgraded."""
    return database_proxy.obj.atomic("IMMEDIATE")


def fts_text(text: str) -> str:
    """Text as the keyword index sees it: CJK characters become separate tokens."""
    return CJK_RE.sub(lambda m: f" {m.group(0)} ", text)


def insert_chunks(db: pw.SqliteDatabase, rows: Iterable[dict]) -> int:
    """Insert chunk rows and their FTS entries (rowid = chunk id). Call inside a transaction."""
    count = 0
    for row in rows:
        chunk_id = Chunk.insert(**row).execute()
        db.execute_sql("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)", (chunk_id, fts_text(row["text"])))
        count += 1
    return count


def delete_chunks(db: pw.SqliteDatabase, doc_id: str) -> None:
    """Remove a document's chunks and their FTS rows. Call inside a transaction."""
    db.execute_sql(
        "DELETE FROM chunk_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)", (doc_id,)
    )
    Chunk.delete().where(Chunk.document == doc_id).execute()


def status_counts() -> dict[str, int]:
    counts = {status: 0 for status in STATUSES}
    for status, n in Document.select(Document.status, pw.fn.COUNT(Document.id)).group_by(Document.status).tuples():
        counts[status] = n
    return counts
