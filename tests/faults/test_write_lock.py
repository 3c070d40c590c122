"""A huge document never holds SQLite's write lock for long: chunk and keyword rows are
written in batches, each its own short transaction, while other writers keep going."""
import threading
import time

import peewee as pw

from docvec_gui.core import db as dbm


def _rows(doc_id: str, count: int) -> list[dict]:
    text = "The quick brown fox jumps over the lazy dog near the river bank. " * 12
    return [{"document": doc_id, "index": i, "text": f"{i} {text}", "page": i // 40, "page_end": i // 40,
             "heading": "Chapter", "start": i * 800, "end": i * 800 + 790, "tokens": 180} for i in range(count)]


def test_big_commit_leaves_room_for_other_writers(tmp_path):
    path = tmp_path / "docvec.db"
    dbm.open_database(path)
    doc = dbm.Document.create(filename="big.txt", original_path="/x", stored_path="/y", size=1, sha256="a" * 64,
                              content_type="text")
    rows = _rows(doc.id, 30_000)  # ~25 MB of text
    holds: list[float] = []
    failures: list[str] = []
    done = threading.Event()

    def other_writer():
        # A second connection, as the CLI or another thread would have, with a 1 s patience.
        other = pw.SqliteDatabase(str(path), pragmas={"busy_timeout": 1000, "journal_mode": "wal"})
        other.connect()
        n = 0
        while not done.is_set():
            try:
                with other.atomic("IMMEDIATE"):
                    other.execute_sql("UPDATE documents SET progress = ? WHERE id = ?", (n % 100 / 100, doc.id))
            except pw.OperationalError as exc:
                failures.append(str(exc))
            n += 1
            time.sleep(0.02)
        other.close()

    thread = threading.Thread(target=other_writer)
    thread.start()
    database = dbm.database_proxy.obj
    started = time.monotonic()

    def timed_check():  # runs first inside each write transaction, as the claim check does
        holds.append(time.monotonic())

    dbm.insert_chunks_batched(rows, check=timed_check)
    ends = holds[1:] + [time.monotonic()]
    holds[:] = [end - start - dbm.BATCH_PAUSE for start, end in zip(holds, ends)]
    deleted = dbm.delete_chunks_batched(doc.id)
    done.set()
    thread.join(10)
    assert deleted == len(rows)
    assert not failures, failures[:3]
    assert max(holds) < 1.0, max(holds)
    assert dbm.fts_count(doc.id) == 0
    assert time.monotonic() - started < 120
    database.close()
