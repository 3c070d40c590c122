"""Keeping watched folders' documents in step with the disk.

:class:`FolderSync` is the one place that writes watched documents. Both the catch-up scan
(at start, every N minutes, and for folders without OS events) and the watcher's settled
file events come here, and one lock serialises them, so a path is never handled twice at
once.

Rules, for each file:

* unchanged ``(path, size, mtime)``: nothing (one ``stat``);
* changed size or mtime: hashed; same content → only the new mtime is recorded; new content
  → screened again and re-processed (its old chunks stay until the new run replaces them);
* a new path: hashed; if a watched document with the same content has lost its file, it
  moved: its path is updated and nothing is embedded again. Otherwise it is screened like a
  dropped file; a file that is not a document is remembered as a *skip* (with size and
  mtime, so it is not sniffed again until it changes);
* a vanished path: its document is deleted (vectors, chunks, keyword rows), but only after
  every new path of the same round was looked at (a move is seen as a new path plus a
  vanished one), only when the folder itself is reachable (an unplugged drive deletes
  nothing), and never under a subfolder that could not be read.

Every change commits on its own, so a scan killed half-way leaves a consistent library and
the next scan finishes the work (unchanged files cost a ``stat``): scans are resumable.
"""
from __future__ import annotations

import hashlib
import logging
import os
import stat
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.folders import Patterns, folder_of, folder_patterns, set_state, unreachable
from docvec_gui.core.importer import display_name, display_path, os_error_text, screen
from docvec_gui.core.vocabulary import EventKind, FolderState, Status

log = logging.getLogger(__name__)

HASH_BLOCK = 1 << 20
NEW_BATCH = 200  # new documents written (and queued) per transaction
PROGRESS_EVERY = 0.5  # seconds between progress events of a scan
# A file modified this recently may still be being written: it is left for the next look.
RECENT_NS = 2_000_000_000


class ScanStopped(Exception):
    """The owner asked the scan to stop (the app is closing)."""


@dataclass
class ScanReport:
    folder_id: int
    available: bool = True
    files: int = 0
    unchanged: int = 0
    added: int = 0
    changed: int = 0
    moved: int = 0
    removed: int = 0
    skipped: int = 0
    unsettled: list[str] = field(default_factory=list)  # still being written: look again later
    problems: list[str] = field(default_factory=list)  # subfolders or files that could not be read

    def to_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items()}


@dataclass
class Walk:
    """What walking a folder found: files, and the subfolders it could not read."""

    files: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (size, mtime_ns)
    unreadable: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def walk(root: Path, patterns: Patterns, follow_symlinks: bool = False,
         stop: Callable[[], bool] | None = None, tick: Callable[[int], None] | None = None,
         start: Path | None = None) -> Walk:
    """Every wanted regular file under ``root`` (or only under ``start``, a subfolder of it).

    Excluded names prune whole subtrees. Links are skipped unless ``follow_symlinks``; then a
    folder already visited (same device and inode: a link loop) is not entered twice.
    """
    found = Walk()
    visited: set[tuple[int, int]] = set()
    base = str(root)
    cut = len(base) if base.endswith(os.sep) else len(base) + 1  # "E:\\" and "/" end in a separator
    stack = [str(start or root)]
    while stack:
        if stop is not None and stop():
            raise ScanStopped()
        folder = stack.pop()
        if follow_symlinks:
            try:
                st = os.stat(folder)
            except OSError:
                continue
            if (st.st_dev, st.st_ino) in visited:
                continue
            visited.add((st.st_dev, st.st_ino))
        try:
            entries = list(os.scandir(folder))
        except OSError as exc:
            if folder == base:
                raise
            found.unreadable.append(folder)
            found.problems.append(f"cannot read the folder {display_path(folder)}: {os_error_text(exc)}")
            continue
        for entry in entries:
            _visit(entry, cut, patterns, follow_symlinks, stack, found)
        if tick is not None:
            tick(len(found.files))
    return found


def _visit(entry: os.DirEntry, cut: int, patterns: Patterns, follow: bool, stack: list[str], found: Walk) -> None:
    relative = entry.path[cut:].replace(os.sep, "/")
    if patterns.excluded(entry.name, relative):
        return
    try:
        if entry.is_symlink() and not follow:
            return
        if entry.is_dir(follow_symlinks=follow):
            stack.append(entry.path)
            return
        st = entry.stat(follow_symlinks=follow)
    except OSError as exc:  # e.g. a dangling link, or a file removed meanwhile
        if entry.is_symlink():
            return
        found.problems.append(f"cannot read {display_path(entry.path)}: {os_error_text(exc)}")
        return
    if stat.S_ISREG(st.st_mode) and patterns.included(entry.name, relative):
        found.files[entry.path] = (st.st_size, st.st_mtime_ns)


def storable(path: str) -> bool:
    """Paths are stored as UTF-8 text: a name that is not valid UTF-8 (possible on Linux
    only) cannot be a document and is left alone, never an error."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# On case-insensitive file systems (macOS, Windows) a case-only rename leaves the old name
# "existing": only the exact name listed in its folder counts.
_CASE_BLIND = sys.platform in ("darwin", "win32")


def exists_exactly(path: str) -> bool:
    if not os.path.lexists(path):
        return False
    if not _CASE_BLIND:
        return True
    folder, name = os.path.split(path)
    try:
        names = os.listdir(folder)
    except OSError:
        return True  # cannot tell: assume it is still there (nothing gets removed)
    import unicodedata

    return unicodedata.normalize("NFC", name) in {unicodedata.normalize("NFC", n) for n in names}


def _under(path: str, folders: list[str]) -> bool:
    return any(path.startswith(folder + os.sep) for folder in folders)


class FolderSync:
    """Writes watched documents; see the module notes for the rules."""

    def __init__(self, settings, hub: EventHub, enqueue: Callable[[list[str]], None],
                 reprocess: Callable[[str], None], delete: Callable[[str], object]) -> None:
        self.settings = settings
        self.hub = hub
        self.enqueue = enqueue
        self.reprocess = reprocess
        self.delete = delete
        self.lock = threading.RLock()
        self.embedding_free_moves = 0  # documents re-pointed without re-processing (tests, stats)
        # folder id -> (walk, report) of a scan whose vanished documents are not removed yet
        self._vanished: dict[int, tuple[Walk, ScanReport]] = {}
        self._new_rows: list[dict] = []  # new documents not written yet (see _flush)
        self.should_stop: Callable[[], bool] = lambda: False  # the owner is closing: hashing stops

    # -- a whole folder --------------------------------------------------------------------
    def scan(self, folder_id: int, stop: Callable[[], bool] | None = None,
             progress: Callable[[int, int | None], None] | None = None, remove: bool = True) -> ScanReport:
        """Reconcile one folder with the disk. With ``remove=False`` vanished documents are
        left for :meth:`remove_vanished` (a scan of all folders removes after adding, so a
        file moved from one watched folder to another keeps its document)."""
        with self.lock:
            folder = dbm.WatchedFolder.get_by_id(folder_id)
            report = ScanReport(folder_id)
            root = Path(folder.path)
            known = self._known(folder_id)
            total = len(known) + dbm.FolderSkip.select().where(dbm.FolderSkip.folder_id == folder_id).count()
            ticker = _Ticker(progress, total or None)
            try:
                found = walk(root, folder_patterns(folder), folder.follow_symlinks, stop, ticker)
            except OSError as exc:
                report.available = False
                reason = f"the folder cannot be reached: {os_error_text(exc)}; nothing was removed"
                set_state(folder_id, note=reason)
                report.problems.append(reason)
                return report
            report.files = len(found.files)
            report.problems = found.problems
            why = unreachable(folder, len(found.files))
            if why:
                report.available = False
                report.problems.insert(0, why + "; nothing was removed")
                set_state(folder_id, note=report.problems[0])
                self._emit_folder(folder_id)
                return report
            try:
                self._reconcile(folder, found, known, report, stop, ticker)
            finally:
                self._flush()
            self._vanished[folder_id] = (found, report)
            if remove:
                self.remove_vanished(folder_id)
            device = _device(root) if found.files else folder.device
            # A polling folder keeps saying why it polls, unless there is a problem to report.
            note = _summary(report) or (folder.note if folder.mode == "polling" else None)
            set_state(folder_id, last_scan_at=dbm.utcnow(), note=note, device=device)
            self._emit_folder(folder_id)
            return report

    def remove_vanished(self, folder_id: int) -> int:
        """Delete the documents of ``folder_id`` whose files the last scan did not find."""
        with self.lock:
            pending = self._vanished.pop(folder_id, None)
            if pending is None:
                return 0
            found, report = pending
            folder = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == folder_id)
            if folder is None or unreachable(folder):
                return 0  # unplugged or removed since the walk: never a reason to delete
            gone = 0
            for path, row in self._known(folder_id).items():
                if path in found.files or _under(path, found.unreadable) or path in report.unsettled:
                    continue
                if exists_exactly(path):
                    continue  # appeared since the walk: the next look takes it
                self.delete(row[0])
                gone += 1
            report.removed += gone
            S = dbm.FolderSkip
            stale = [p for (p,) in S.select(S.path).where(S.folder_id == folder_id).tuples()
                     if p not in found.files and not _under(p, found.unreadable)]
            with dbm.write_transaction():
                for start in range(0, len(stale), 500):
                    S.delete().where(S.path.in_(stale[start:start + 500])).execute()
            return gone

    def _reconcile(self, folder, found: Walk, known: dict, report: ScanReport, stop, ticker) -> None:
        skips = self._skips(folder.id)
        now = time.time_ns()
        for path, (size, mtime) in found.files.items():
            if stop is not None and stop():
                raise ScanStopped()
            ticker.step()
            if not storable(path):
                continue
            row = known.get(path)
            if row is not None and (row[1], row[2]) == (size, mtime):
                report.unchanged += 1
                continue
            if row is None and skips.get(path) == (size, mtime):
                report.skipped += 1
                continue
            if 0 <= now - mtime < RECENT_NS:
                report.unsettled.append(path)
                continue
            self._take(folder, path, size, mtime, row, report)

    # -- single paths (the watcher's settled events) ---------------------------------------
    def apply(self, paths: list[str]) -> ScanReport:
        """Bring each path's document in step with the file now at that path (created,
        modified, gone). Gone files are removed after the others were looked at."""
        with self.lock:
            report = ScanReport(0)
            folders = list(dbm.WatchedFolder.select().where(dbm.WatchedFolder.paused == False))  # noqa: E712
            gone: list[tuple[str, object]] = []
            try:
                for path in paths:
                    self._apply_one(path, folders, gone, report)
            finally:
                self._flush()
            for path, folder in gone:
                self._forget_path(folder, path, report)
            return report

    def _apply_one(self, path: str, folders: list, gone: list, report: ScanReport) -> None:
        folder = folder_of(Path(path), folders)
        if folder is None or path == folder.path or not storable(path):
            return
        try:
            st = os.stat(path, follow_symlinks=folder.follow_symlinks)
        except FileNotFoundError:
            gone.append((path, folder))
            return
        except OSError as exc:
            report.problems.append(f"cannot read {display_path(path)}: {os_error_text(exc)}")
            return
        if stat.S_ISDIR(st.st_mode):
            self._apply_subtree(folder, path, report)
        else:
            self._apply_file(folder, path, st, report)

    def _apply_file(self, folder, path: str, st: os.stat_result, report: ScanReport) -> None:
        relative = os.path.relpath(path, folder.path).replace(os.sep, "/")
        row = self._known_path(path)
        if not stat.S_ISREG(st.st_mode) or not folder_patterns(folder).wanted(relative) or (
                os.path.islink(path) and not folder.follow_symlinks):
            if row is not None:  # e.g. renamed to an excluded name
                self.delete(row[0])
                report.removed += 1
            return
        if row is not None and (row[1], row[2]) == (st.st_size, st.st_mtime_ns):
            report.unchanged += 1
            return
        if row is None and self._skips_path(path) == (st.st_size, st.st_mtime_ns):
            report.skipped += 1
            return
        self._take(folder, path, st.st_size, st.st_mtime_ns, row, report)

    def _apply_subtree(self, folder, path: str, report: ScanReport) -> None:
        """A folder appeared (created, or moved in from outside): take every file in it."""
        found = walk(Path(folder.path), folder_patterns(folder), folder.follow_symlinks, start=Path(path))
        report.problems.extend(found.problems)
        for file_path in found.files:
            try:
                st = os.stat(file_path)
            except OSError:
                continue
            self._apply_file(folder, file_path, st, report)

    def _forget_path(self, folder, path: str, report: ScanReport) -> None:
        if unreachable(folder):
            return  # the whole folder is gone or unplugged: keep everything
        D = dbm.Document
        live = D.folder_id.is_null(False) & (D.status != Status.DELETING)
        ids = [i for (i,) in D.select(D.id).where((D.stored_path == path) & live).tuples()]
        if not ids:  # a folder went: everything under it
            ids = [i for (i,) in D.select(D.id).where(dbm.under(D.stored_path, path, os.sep) & live).tuples()]
        for doc_id in ids:
            self.delete(doc_id)
            report.removed += 1
        S = dbm.FolderSkip
        with dbm.write_transaction():
            S.delete().where((S.path == path) | dbm.under(S.path, path, os.sep)).execute()

    # -- moves (the watcher knows both paths) ----------------------------------------------
    def moved(self, src: str, dest: str, is_directory: bool) -> ScanReport:
        """A rename or move inside watched folders: documents keep their id, chunks and
        vectors; only paths change. Anything the move cannot explain is re-looked at."""
        with self.lock:
            report = ScanReport(0)
            if not storable(src) or not storable(dest):
                return self.apply([p for p in (src, dest) if storable(p)])
            folders = list(dbm.WatchedFolder.select().where(dbm.WatchedFolder.paused == False))  # noqa: E712
            target = folder_of(Path(dest), folders)
            if is_directory:
                self._move_tree(src, dest, target, report)
                return report
            row = self._known_path(src)
            if row is None or target is None:
                return self.apply([src, dest])
            relative = os.path.relpath(dest, target.path).replace(os.sep, "/")
            try:
                st = os.stat(dest)
            except OSError:
                return self.apply([src, dest])
            if not folder_patterns(target).wanted(relative) or st.st_size != row[1]:
                return self.apply([src, dest])
            replaced = self._known_path(dest)
            if replaced is not None:  # moved over another watched file: that one is gone
                self.delete(replaced[0])
                report.removed += 1
            self._repoint(row[0], dest, target.id, st.st_size, st.st_mtime_ns)
            report.moved += 1
            return report

    def _move_tree(self, src: str, dest: str, target, report: ScanReport) -> None:
        D = dbm.Document
        rows = list(D.select(D.id, D.stored_path, D.size).where(
            dbm.under(D.stored_path, src, os.sep) & D.folder_id.is_null(False)
            & (D.status != Status.DELETING)).tuples())
        stray: list[str] = []
        for doc_id, old, size in rows:
            new = dest + old[len(src):]
            relative = os.path.relpath(new, target.path).replace(os.sep, "/") if target else ""
            try:
                st = os.stat(new)
            except OSError:
                st = None
            if target is None or st is None or st.st_size != size or not folder_patterns(target).wanted(relative):
                stray.append(old)
                continue
            replaced = self._known_path(new)
            if replaced is not None and replaced[0] != doc_id:  # a folder moved over one being removed
                self.delete(replaced[0])
                report.removed += 1
            self._repoint(doc_id, new, target.id, st.st_size, st.st_mtime_ns)
            report.moved += 1
        S = dbm.FolderSkip
        with dbm.write_transaction():
            S.delete().where(dbm.under(S.path, src, os.sep)).execute()
        if target is not None and os.path.isdir(dest):
            self._apply_subtree(target, dest, report)  # files the move brought that were not known
        if stray:
            inner = self.apply(stray)
            report.removed += inner.removed

    def _repoint(self, doc_id: str, path: str, folder_id: int, size: int, mtime_ns: int) -> None:
        D = dbm.Document
        with dbm.write_transaction():
            D.update(stored_path=path, original_path=display_path(path), filename=display_name(Path(path)),
                     folder_id=folder_id, size=size, mtime_ns=mtime_ns, updated_at=dbm.utcnow()).where(
                D.id == doc_id).execute()
        self.embedding_free_moves += 1
        self.hub.emit(Event(EventKind.STATUS, doc_id, extra={"moved": True}))

    # -- one file that is new or changed -----------------------------------------------------
    def _take(self, folder, path: str, size: int, mtime: int, row, report: ScanReport) -> None:
        if size > self.settings.max_file_bytes:  # refused anyway: never hash a 12 GB disk image
            kind, reason, _ = self._screen(path, size)
            if row is not None:
                self.delete(row[0])
                report.removed += 1
            self._skip(folder.id, path, size, mtime, kind, reason)
            report.skipped += 1
            return
        try:
            sha = _hash(path, self.should_stop)
        except OSError as exc:
            report.problems.append(f"cannot read {display_path(path)}: {os_error_text(exc)}")
            return
        if row is not None:
            self._changed(folder, path, size, mtime, sha, row, report)
            return
        moved_from = self._lost_twin(sha)
        if moved_from is not None:
            self._repoint(moved_from, path, folder.id, size, mtime)
            report.moved += 1
            return
        self._new(folder, path, size, mtime, sha, report)

    def _changed(self, folder, path: str, size: int, mtime: int, sha: str, row, report: ScanReport) -> None:
        doc_id, _, _, old_sha = row
        D = dbm.Document
        if sha == old_sha:  # touched, or saved unchanged: nothing to redo
            with dbm.write_transaction():
                D.update(size=size, mtime_ns=mtime).where(D.id == doc_id).execute()
            report.unchanged += 1
            return
        kind, reason, info = self._screen(path, size)
        if kind:
            self.delete(doc_id)
            self._skip(folder.id, path, size, mtime, kind, reason)
            report.removed += 1
            return
        with dbm.write_transaction():
            D.update(sha256=sha, size=size, mtime_ns=mtime, content_type=info.format).where(D.id == doc_id).execute()
        self.reprocess(doc_id)
        report.changed += 1

    def _new(self, folder, path: str, size: int, mtime: int, sha: str, report: ScanReport) -> None:
        kind, reason, info = self._screen(path, size)
        if kind:
            self._skip(folder.id, path, size, mtime, kind, reason)
            report.skipped += 1
            return
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            self._skip(folder.id, path, size, mtime, "unsupported", "the file name is not valid UTF-8")
            return
        self._new_rows.append({"id": dbm.new_id(), "filename": display_name(Path(path)),
                               "original_path": display_path(path), "stored_path": path, "size": size,
                               "sha256": sha, "content_type": info.format, "folder_id": folder.id,
                               "mtime_ns": mtime})
        report.added += 1
        if len(self._new_rows) >= NEW_BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write the buffered new documents in one transaction and queue them in one: a
        folder of thousands of files is not thousands of commits."""
        rows, self._new_rows = list({r["stored_path"]: r for r in self._new_rows}.values()), []
        if not rows:
            return
        now = str(dbm.utcnow())  # as peewee stores a DateTimeField
        db = dbm.database_proxy.obj
        with dbm.write_transaction():
            db.cursor().executemany("DELETE FROM folder_skips WHERE path = ?", [(r["stored_path"],) for r in rows])
            db.cursor().executemany(
                "INSERT INTO documents (id, filename, original_path, stored_path, size, sha256, content_type, "
                "folder_id, mtime_ns, status, attempts, claim, chunk_count, progress, crash_count, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, 0, 0, 0.0, 0, ?, ?)",
                [(r["id"], r["filename"], r["original_path"], r["stored_path"], r["size"], r["sha256"],
                  r["content_type"], r["folder_id"], r["mtime_ns"], str(Status.PENDING), now, now) for r in rows])
        self.enqueue([r["id"] for r in rows])
        for row in rows:
            self.hub.emit(Event(EventKind.ADDED, row["id"], status=Status.PENDING))

    def _screen(self, path: str, size: int):
        return screen(Path(path), size, self.settings.max_file_bytes)

    def _skip(self, folder_id: int, path: str, size: int, mtime: int, kind: str, reason: str) -> None:
        try:
            path.encode("utf-8")
        except UnicodeEncodeError:
            log.info("not indexed (name not valid UTF-8): %s", display_path(path))
            return
        S = dbm.FolderSkip
        with dbm.write_transaction():
            S.insert(folder_id=folder_id, path=path, size=size, mtime_ns=mtime, kind=str(kind),
                     reason=reason).on_conflict_replace().execute()

    # -- lookups -------------------------------------------------------------------------------
    @staticmethod
    def _known(folder_id: int) -> dict[str, tuple[str, int, int | None, str]]:
        # Raw SQL: at 100,000 rows peewee's per-value conversion would cost more than the walk.
        rows = dbm.database_proxy.obj.execute_sql(
            "SELECT stored_path, id, size, mtime_ns, sha256 FROM documents WHERE folder_id = ? AND status != ?",
            (folder_id, str(Status.DELETING)))
        return {path: (doc_id, size, mtime, sha) for path, doc_id, size, mtime, sha in rows}

    @staticmethod
    def _known_path(path: str):
        D = dbm.Document
        return D.select(D.id, D.size, D.mtime_ns, D.sha256).where(
            (D.stored_path == path) & D.folder_id.is_null(False) & (D.status != Status.DELETING)).tuples().first()

    @staticmethod
    def _skips(folder_id: int) -> dict[str, tuple[int, int]]:
        rows = dbm.database_proxy.obj.execute_sql(
            "SELECT path, size, mtime_ns FROM folder_skips WHERE folder_id = ?", (folder_id,))
        return {p: (size, mtime) for p, size, mtime in rows}

    @staticmethod
    def _skips_path(path: str) -> tuple[int, int] | None:
        S = dbm.FolderSkip
        row = S.select(S.size, S.mtime_ns).where(S.path == path).tuples().first()
        return tuple(row) if row else None

    @staticmethod
    def _lost_twin(sha: str) -> str | None:
        """A watched document with this content whose file is gone: the file moved."""
        rows = dbm.database_proxy.obj.execute_sql(
            "SELECT id, stored_path FROM documents WHERE sha256 = ? AND folder_id IS NOT NULL AND status != ?",
            (sha, str(Status.DELETING))).fetchall()
        for doc_id, path in rows:
            if not exists_exactly(path) and not _in_unreachable_folder(doc_id):
                return doc_id
        return None

    def _emit_folder(self, folder_id: int, **extra) -> None:
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder_id, **extra}))


def _hash(path: str, stop: Callable[[], bool] | None = None) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(HASH_BLOCK), b""):
            if stop is not None and stop():
                raise ScanStopped()
            digest.update(block)
    return digest.hexdigest()


def _device(path: Path) -> int | None:
    try:
        return os.stat(path).st_dev
    except OSError:
        return None


def _in_unreachable_folder(doc_id: str) -> bool:
    """The document's folder is unplugged: its file is not gone, only out of sight."""
    D = dbm.Document
    folder = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == D.select(D.folder_id).where(D.id == doc_id))
    return folder is not None and unreachable(folder) is not None



def _summary(report: ScanReport) -> str | None:
    if not report.problems:
        return None
    first = report.problems[0]
    more = len(report.problems) - 1
    return first + (f" (and {more} more)" if more else "")


class _Ticker:
    """Calls ``progress(done, total)`` at most every :data:`PROGRESS_EVERY` seconds."""

    def __init__(self, progress: Callable[[int, int | None], None] | None, total: int | None) -> None:
        self.progress = progress
        self.total = total
        self.done = 0
        self.last = 0.0

    def __call__(self, walked: int) -> None:
        self._maybe(walked)

    def step(self) -> None:
        self.done += 1
        self._maybe(self.done)

    def _maybe(self, done: int) -> None:
        now = time.monotonic()
        if self.progress is not None and now - self.last >= PROGRESS_EVERY:
            self.last = now
            self.progress(done, self.total)
