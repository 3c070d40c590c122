"""Maintenance: atomic delete, the sweeper, and self-check and repair.

**Delete** is a tombstone first: the row turns ``deleting`` (hidden everywhere, its run
cancelled), then its chunks, vectors, row and stored copy go, in that order. If anything
fails half-way (the vector store is down, the app dies) the tombstone stays, and the
sweeper finishes it at the next start or round. The stored copy is released only when no
row refers to its content hash any more.

**Check** compares SQLite, Chroma and the library: vectors missing or in excess per
document, vectors of unknown documents, keyword rows that drifted from chunks, stored
copies missing, and library files that no row refers to. **Repair** fixes each: vectors
are rebuilt from the stored chunks (no re-extraction), drifted chunks are reprocessed,
orphans removed, a missing copy restored from the original file when it is unchanged.
"""
from __future__ import annotations

import datetime as _dt
import logging
import shutil
import sqlite3
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import NotFound
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.ingest import DocLocks
from docvec_gui.core.library import Library, sha256_file
from docvec_gui.core.runs import RunRegistry
from docvec_gui.core.vocabulary import ErrorKind, EventKind, Status

log = logging.getLogger(__name__)

BACKUP_DIR = "backups"
BACKUPS_KEPT = 2
BACKUP_EVERY = _dt.timedelta(hours=24)


@dataclass
class Problem:
    kind: str  # missing_vectors, extra_vectors, orphan_vectors, fts_drift, chunk_drift, missing_copy, orphan_file, tombstone
    detail: str
    doc_id: str | None = None
    filename: str | None = None
    repaired: bool = False


@dataclass
class CheckReport:
    documents: int = 0
    vectors: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(p.repaired for p in self.problems)

    def to_json(self) -> dict:
        return {"ok": self.ok, "documents": self.documents, "vectors": self.vectors,
                "problems": [asdict(p) for p in self.problems]}


class Maintenance:
    def __init__(self, settings, library: Library, locks: DocLocks, registry: RunRegistry, hub: EventHub,
                 vectors: Callable[[], object], enqueue: Callable[[str], None]) -> None:
        self.settings = settings
        self.library = library
        self.locks = locks
        self.registry = registry
        self.hub = hub
        self.vectors = vectors
        self.enqueue = enqueue

    # -- delete --------------------------------------------------------------------------
    def delete(self, doc_id: str) -> bool:
        """Tombstone ``doc_id`` and remove everything of it. False when only the tombstone
        could be written (the rest is finished by the sweeper); NotFound if there is no such
        document."""
        D = dbm.Document
        with self.locks(doc_id), dbm.write_transaction():
            changed = D.update(status=Status.DELETING, claim=D.claim + 1, updated_at=dbm.utcnow()).where(
                (D.id == doc_id) & (D.status != Status.DELETING)).execute()
        if not changed:
            raise NotFound(f"no document {doc_id}")
        self.registry.cancel(doc_id, "deleted")
        self.hub.emit(Event(EventKind.DELETED, doc_id))
        try:
            self.finish_delete(doc_id)
        except Exception as exc:  # the tombstone holds; the sweeper retries
            log.warning("delete of %s left for the sweeper: %s", doc_id, exc)
            return False
        return True

    def finish_delete(self, doc_id: str) -> None:
        D = dbm.Document
        doc = D.get_or_none((D.id == doc_id) & (D.status == Status.DELETING))
        if doc is None:
            return
        with self.locks(doc_id):
            dbm.delete_chunks_batched(doc_id)
            # Always ask the store: a run that died after its upsert leaves vectors behind
            # even for a document that never completed.
            self.vectors().delete_document(doc_id)
            with self.library.hash_lock(doc.sha256):
                with dbm.write_transaction():
                    D.delete().where((D.id == doc_id) & (D.status == Status.DELETING)).execute()
                shared = bool(doc.sha256) and D.select().where(D.sha256 == doc.sha256).exists()
                if self.library.holds(Path(doc.stored_path)):  # a watched (or kept) file is the user's own
                    self.library.release(Path(doc.stored_path), doc.sha256)
        if doc.sha256 and not shared:  # a copy with the same content keeps its OCR text
            from docvec_gui.core.extract.ocr import forget_content

            forget_content(self.settings.ocr_cache_path, doc.sha256)
        log.info("deleted %s (%s)", doc_id, doc.filename)

    def finish_deletes(self) -> int:
        """The sweeper's first job: finish every tombstone."""
        D = dbm.Document
        done = 0
        for (doc_id,) in D.select(D.id).where(D.status == Status.DELETING).tuples():
            try:
                self.finish_delete(doc_id)
                done += 1
            except Exception as exc:  # stays a tombstone; next round
                log.warning("tombstone %s not finished yet: %s", doc_id, exc)
        return done

    # -- check and repair ----------------------------------------------------------------
    def quick_check(self, store) -> bool:
        """Cheap: True when the store holds exactly the vectors completed documents need, plus
        those running documents wrote so far (fewer: lost or emptied; more: left by a run that
        died, or a delete cut short)."""
        return store.count() == self.expected_vectors() + sum(run.stored for run in self.registry.runs())

    @staticmethod
    def expected_vectors() -> int:
        D = dbm.Document
        return int(D.select(pw.fn.COALESCE(pw.fn.SUM(D.chunk_count), 0)).where(D.status == Status.COMPLETED).scalar())

    def check(self, repair: bool = False) -> CheckReport:
        report = CheckReport()
        if repair:
            self.finish_deletes()
        D = dbm.Document
        # Statuses first, vector counts second: a document completing in between is seen as
        # processing and skipped, never mistaken for one with missing vectors.
        docs = {d.id: d for d in D.select(D.id, D.filename, D.status, D.chunk_count, D.claim, D.stored_path,
                                          D.sha256, D.original_path, D.repair, D.folder_id)}
        report.documents = sum(1 for d in docs.values() if d.status != Status.DELETING)
        for doc in docs.values():
            if doc.status == Status.DELETING:
                report.problems.append(Problem("tombstone", "deletion not finished", doc.id, doc.filename))
        self._check_chunks(docs, report, repair)
        self._check_copies(docs, report, repair)
        self._check_orphan_files(report, repair)
        self._check_vectors(docs, report, repair)
        if repair:
            for problem in report.problems:
                if problem.kind == "tombstone":
                    problem.repaired = D.get_or_none(D.id == problem.doc_id) is None
        return report

    def _check_chunks(self, docs: dict, report: CheckReport, repair: bool) -> None:
        db = dbm.database_proxy.obj
        chunk_rows = dict(db.execute_sql("SELECT document_id, count(*) FROM chunks GROUP BY document_id").fetchall())
        fts_rows = dict(db.execute_sql(
            "SELECT c.document_id, count(*) FROM chunk_fts f JOIN chunks c ON c.id = f.rowid "
            "GROUP BY c.document_id").fetchall())
        for doc in docs.values():
            if doc.status != Status.COMPLETED:
                continue
            rows = chunk_rows.get(doc.id, 0)
            if rows != doc.chunk_count:
                problem = Problem("chunk_drift", f"{rows} chunk rows for chunk_count {doc.chunk_count}",
                                  doc.id, doc.filename)
                report.problems.append(problem)
                if repair:
                    problem.repaired = self._requeue(doc, repair_vectors=False)
            elif fts_rows.get(doc.id, 0) != rows:
                problem = Problem("fts_drift", f"{fts_rows.get(doc.id, 0)} keyword rows for {rows} chunks",
                                  doc.id, doc.filename)
                report.problems.append(problem)
                if repair:
                    problem.repaired = self._rebuild_fts(doc.id)
        orphan_fts = db.execute_sql(
            "SELECT count(*) FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM chunks)").fetchone()[0]
        if orphan_fts:
            problem = Problem("fts_drift", f"{orphan_fts} keyword rows without a chunk")
            report.problems.append(problem)
            if repair:
                with dbm.write_transaction():
                    db.execute_sql("DELETE FROM chunk_fts WHERE rowid NOT IN (SELECT id FROM chunks)")
                problem.repaired = True

    def _rebuild_fts(self, doc_id: str) -> bool:
        db = dbm.database_proxy.obj
        with self.locks(doc_id), dbm.write_transaction():
            db.execute_sql("DELETE FROM chunk_fts WHERE rowid IN (SELECT id FROM chunks WHERE document_id = ?)",
                           (doc_id,))
            rows = db.execute_sql("SELECT id, text FROM chunks WHERE document_id = ?", (doc_id,)).fetchall()
            db.cursor().executemany("INSERT INTO chunk_fts(rowid, body) VALUES (?, ?)",
                                    [(cid, dbm.fts_text(text)) for cid, text in rows])
        return True

    def _check_copies(self, docs: dict, report: CheckReport, repair: bool) -> None:
        for doc in docs.values():
            if doc.status == Status.DELETING or doc.folder_id is not None or Path(doc.stored_path).is_file():
                continue  # a watched file that vanished is the folder scan's to remove
            problem = Problem("missing_copy", f"stored copy {doc.stored_path} is missing", doc.id, doc.filename)
            report.problems.append(problem)
            if repair:
                problem.repaired = self._restore_copy(doc)

    def _restore_copy(self, doc) -> bool:
        original = Path(doc.original_path)
        try:
            if original.is_file() and sha256_file(original) == doc.sha256:
                with self.library.hash_lock(doc.sha256):
                    staged = self.library.stage(original)
                    self.library.commit(staged, Path(doc.stored_path).suffix)
                return True
        except OSError as exc:
            log.warning("cannot restore %s from %s: %s", doc.id, original, exc)
        if doc.status == Status.COMPLETED:
            return False  # still searchable; only re-processing needs the copy
        D = dbm.Document
        with self.locks(doc.id), dbm.write_transaction():
            D.update(status=Status.ERROR, error_kind=ErrorKind.UNREADABLE, claim=D.claim + 1,
                     error_message="the stored copy is missing and the original file is gone or changed; "
                                   "add the file again").where(D.id == doc.id).execute()
        return True

    def _check_orphan_files(self, report: CheckReport, repair: bool) -> None:
        D = dbm.Document
        known = {p for (p,) in D.select(D.stored_path).tuples()}
        for path in self.library.stored_files():
            if str(path) in known:
                continue
            problem = Problem("orphan_file", f"{path} belongs to no document")
            report.problems.append(problem)
            if repair:
                problem.repaired = self.library.release(path, Library.sha_of(path))

    def _check_vectors(self, docs: dict, report: CheckReport, repair: bool) -> None:
        store = self.vectors()
        counts: dict[str, int] = store.doc_counts()
        report.vectors = sum(counts.values())
        for doc in docs.values():
            have = counts.get(doc.id, 0)
            if doc.status == Status.COMPLETED and have != doc.chunk_count:
                kind = "missing_vectors" if have < doc.chunk_count else "extra_vectors"
                problem = Problem(kind, f"{have} vectors for {doc.chunk_count} chunks", doc.id, doc.filename)
                report.problems.append(problem)
                if repair:
                    problem.repaired = self._requeue(doc, repair_vectors=True)
        for doc_id, have in counts.items():
            doc = docs.get(doc_id)
            if doc is not None and doc.status in (Status.COMPLETED, Status.PROCESSING):
                continue
            problem = Problem("orphan_vectors", f"{have} vectors of {'an unknown' if doc is None else 'a ' + doc.status}"
                                                f" document", doc_id, doc.filename if doc else None)
            report.problems.append(problem)
            if repair:
                problem.repaired = self._drop_orphan_vectors(store, doc_id)

    def _drop_orphan_vectors(self, store, doc_id: str) -> bool:
        D = dbm.Document
        with self.locks(doc_id):
            # Re-read under the lock: a run may have claimed it and written fresh vectors.
            status = D.select(D.status).where(D.id == doc_id).scalar()
            if status in (Status.COMPLETED, Status.PROCESSING):
                return True
            store.delete_document(doc_id)
        return True

    def _requeue(self, doc, repair_vectors: bool) -> bool:
        """Completed document with bad vectors or chunks: back to pending for a repair run."""
        D = dbm.Document
        with self.locks(doc.id), dbm.write_transaction():
            changed = D.update(status=Status.PENDING, claim=D.claim + 1, progress=0.0, attempts=0,
                               repair="vectors" if repair_vectors else None).where(
                (D.id == doc.id) & (D.claim == doc.claim) & (D.status == Status.COMPLETED)).execute()
        if changed:
            self.enqueue(doc.id)
            self.hub.emit(Event(EventKind.STATUS, doc.id, status=Status.PENDING, progress=0.0,
                                message="repairing"))
        return True

    # -- backups -------------------------------------------------------------------------
    def backup(self, force: bool = False) -> Path | None:
        """A consistent copy of docvec.db (SQLite's online backup), at most one a day."""
        folder = self.settings.data_dir / BACKUP_DIR
        folder.mkdir(exist_ok=True)
        existing = sorted(folder.glob("docvec-*.db"))
        if existing and not force:
            age = _dt.datetime.now() - _dt.datetime.fromtimestamp(existing[-1].stat().st_mtime)
            if age < BACKUP_EVERY:
                return None
        target = folder / f"docvec-{_dt.datetime.now():%Y%m%d-%H%M%S}.db"
        source = sqlite3.connect(str(self.settings.db_path), timeout=10)
        try:
            dest = sqlite3.connect(str(target))
            with dest:
                source.backup(dest)
            dest.close()
        finally:
            source.close()
        for old in sorted(folder.glob("docvec-*.db"))[:-BACKUPS_KEPT]:
            old.unlink(missing_ok=True)
        return target


def restore_database(settings) -> tuple[Path | None, Path]:
    """Move a damaged docvec.db aside and put the newest backup in its place (or nothing,
    so a fresh database is created). Returns (backup used, where the damaged file went)."""
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    damaged = settings.db_path.with_name(f"docvec.db.damaged-{stamp}")
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(settings.db_path) + suffix)
        if part.exists():
            part.replace(Path(str(damaged) + suffix))
    backups = sorted((settings.data_dir / BACKUP_DIR).glob("docvec-*.db"))
    if backups:
        shutil.copy2(backups[-1], settings.db_path)
        return backups[-1], damaged
    return None, damaged


def adopt_orphan_copies(library: Library) -> int:
    """After a restore: stored copies no row refers to become pending documents again, so a
    damaged database never loses a user's file."""
    from docvec_gui.core.extract.sniff import sniff

    D = dbm.Document
    known = {p for (p,) in D.select(D.stored_path).tuples()}
    adopted = 0
    for path in library.stored_files():
        if str(path) in known:
            continue
        sha = Library.sha_of(path)
        try:
            info = sniff(path)
        except OSError:
            continue
        with dbm.write_transaction():
            if D.get_or_none((D.sha256 == sha) & (D.status != Status.DELETING) & D.folder_id.is_null()) is not None:
                continue
            D.create(filename=f"recovered-{sha[:8]}{path.suffix}", original_path=str(path), stored_path=str(path),
                     size=path.stat().st_size, sha256=sha, content_type=info.format or "unknown")
        adopted += 1
    return adopted
