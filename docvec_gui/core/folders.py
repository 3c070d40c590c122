"""Watched folders: their rows, their include/exclude patterns, and what the window shows of them.

A watched folder's documents are indexed in place: nothing is copied, the document row's
``stored_path`` is the user's file and ``folder_id`` its folder. The scan
(:mod:`docvec_gui.core.folderscan`) and the watcher (:mod:`docvec_gui.core.watcher`) keep the
rows in step with the disk; this module only holds the folder records and the rules that say
which files of a folder are looked at.

Patterns are shell globs, matched case-insensitively. A pattern without ``/`` is matched
against each name on the way down (``node_modules`` excludes every folder of that name and
everything under it; ``*.tmp`` every such file); a pattern with ``/`` against the path
relative to the watched folder (``drafts/*.md``). An empty include list means every file.
"""
from __future__ import annotations

import datetime as _dt
import fnmatch
import json
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import DocvecError, NotFound
from docvec_gui.core.vocabulary import ErrorKind, FolderState, Status

# Hidden files and folders, Office lock files, editors' temporary and backup files, OS litter
# and the trees of tools that are never documents.
DEFAULT_EXCLUDES = (".*", "~$*", "*.tmp", "*.temp", "*.swp", "*.part", "*.crdownload", "*~", "#*#",
                    "Thumbs.db", "desktop.ini", ".DS_Store", ".git", "node_modules", "__pycache__")


class Patterns:
    """Compiled include/exclude globs of one folder."""

    def __init__(self, include: Sequence[str] = (), exclude: Sequence[str] = DEFAULT_EXCLUDES) -> None:
        self.include = tuple(include)
        self.exclude = tuple(exclude)
        self._exclude_name, self._exclude_path = _compile(self.exclude)
        self._include_name, self._include_path = _compile(self.include)

    def excluded(self, name: str, relative: str) -> bool:
        """True when a file or folder named ``name`` at ``relative`` (``a/b/name``) is skipped."""
        return bool((self._exclude_name and self._exclude_name.match(name))
                    or (self._exclude_path and self._exclude_path.match(relative)))

    def included(self, name: str, relative: str) -> bool:
        """True when a file that is not excluded is looked at (always, without include patterns)."""
        if not self.include:
            return True
        return bool((self._include_name and self._include_name.match(name))
                    or (self._include_path and self._include_path.match(relative)))

    def wanted(self, relative: str) -> bool:
        """The whole rule for a file at ``relative``: no part of its path excluded, and included."""
        parts = relative.split("/")
        for depth, name in enumerate(parts, start=1):
            if self.excluded(name, "/".join(parts[:depth])):
                return False
        return self.included(parts[-1], relative)


def _compile(patterns: Iterable[str]) -> tuple[re.Pattern | None, re.Pattern | None]:
    names = [fnmatch.translate(p) for p in patterns if p and "/" not in p]
    paths = [fnmatch.translate(p.strip("/")) for p in patterns if p and "/" in p]
    join = lambda items: re.compile("|".join(items), re.IGNORECASE) if items else None  # noqa: E731
    return join(names), join(paths)


@dataclass
class FolderInfo:
    """A watched folder as the window, CLI and API show it."""

    id: int
    path: str
    include: list[str]
    exclude: list[str]
    paused: bool
    mode: str  # events | polling
    state: str  # a FolderState
    note: str | None
    last_scan_at: str | None  # ISO 8601, UTC
    scanned: int = 0  # while scanning: files looked at so far
    to_scan: int | None = None  # while scanning: files in the folder when known
    counts: dict[str, int] = field(default_factory=dict)  # files, indexed, pending, errors, skipped

    def to_json(self) -> dict:
        return asdict(self)


def folder_patterns(folder: dbm.WatchedFolder) -> Patterns:
    return Patterns(json.loads(folder.include or "[]"), json.loads(folder.exclude or "[]"))


def normalise(path: str | os.PathLike) -> Path:
    """The absolute, resolved form a folder is recorded and compared by."""
    return Path(os.path.abspath(os.path.expanduser(os.fspath(path)))).resolve()


def add_folder(path: str | os.PathLike, include: Sequence[str] = (), exclude: Sequence[str] | None = None,
               follow_symlinks: bool = False, data_dir: Path | None = None) -> dbm.WatchedFolder:
    """Record a folder to watch. Refuses a path that is not a folder, one inside (or holding)
    a folder already watched, and the data directory (docvec would index its own files)."""
    folder = normalise(path)
    if not folder.is_dir():
        raise NotFound(f"{folder} is not a folder")
    if not os.access(folder, os.R_OK | os.X_OK):
        raise DocvecError(f"cannot read the folder {folder}", ErrorKind.UNREADABLE)
    if data_dir is not None:
        data = normalise(data_dir)
        if _within(data, folder) or _within(folder, data):
            raise DocvecError(f"{folder} holds docvec's own data directory; watch a folder beside it",
                              ErrorKind.USAGE)
    for other in dbm.WatchedFolder.select():
        known = Path(other.path)
        if known == folder:
            raise DocvecError(f"{folder} is already watched", ErrorKind.DUPLICATE)
        if _within(folder, known) or _within(known, folder):
            raise DocvecError(f"{folder} overlaps the watched folder {known}; watch one or the other",
                              ErrorKind.DUPLICATE)
    excludes = list(DEFAULT_EXCLUDES if exclude is None else exclude)
    with dbm.write_transaction():
        return dbm.WatchedFolder.create(path=str(folder), include=json.dumps(list(include)),
                                        exclude=json.dumps(excludes), follow_symlinks=follow_symlinks)


def _within(inner: Path, outer: Path) -> bool:
    return inner != outer and outer in inner.parents


def get_folder(ref: int | str | os.PathLike) -> dbm.WatchedFolder:
    """By id, or by path (as given or resolved)."""
    F = dbm.WatchedFolder
    if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
        row = F.get_or_none(F.id == int(ref))
        if row is not None:
            return row
    if not isinstance(ref, int):
        for candidate in {os.fspath(ref), str(normalise(ref))}:
            row = F.get_or_none(F.path == candidate)
            if row is not None:
                return row
    raise NotFound(f"no watched folder {ref}")


def all_folders() -> list[dbm.WatchedFolder]:
    return list(dbm.WatchedFolder.select().order_by(dbm.WatchedFolder.path))


def folder_of(path: Path, folders: Iterable[dbm.WatchedFolder]) -> dbm.WatchedFolder | None:
    """The watched folder that holds ``path``, if any."""
    for folder in folders:
        root = Path(folder.path)
        if path == root or root in path.parents:
            return folder
    return None


def set_state(folder_id: int, **values) -> None:
    F = dbm.WatchedFolder
    with dbm.write_transaction():
        F.update(**values).where(F.id == folder_id).execute()


def folder_counts() -> dict[int, dict[str, int]]:
    """Per folder: files (documents), indexed, pending (incl. processing), errors, skipped. Two
    grouped queries, whatever the library's size."""
    out: dict[int, dict[str, int]] = {}
    for folder_id, status, n in status_counts_query().tuples():
        counts = out.setdefault(folder_id, _empty_counts())
        counts["files"] += n
        key = {Status.COMPLETED: "indexed", Status.ERROR: "errors"}.get(status, "pending")
        counts[key] += n
    S = dbm.FolderSkip
    for folder_id, n in S.select(S.folder_id, pw.fn.COUNT(S.id)).group_by(S.folder_id).tuples():
        out.setdefault(folder_id, _empty_counts())["skipped"] = n
    return out


def status_counts_query() -> pw.ModelSelect:
    """(folder_id, status, documents) of watched documents. COUNT(*), not COUNT(id): the
    (folder_id, status) index (migration 7) then answers without reading the table."""
    D = dbm.Document
    return (D.select(D.folder_id, D.status, pw.fn.COUNT(pw.SQL("*")))
            .where(D.folder_id.is_null(False) & (D.status != Status.DELETING)).group_by(D.folder_id, D.status))


def _empty_counts() -> dict[str, int]:
    return {"files": 0, "indexed": 0, "pending": 0, "errors": 0, "skipped": 0}


def info_of(folder: dbm.WatchedFolder, counts: dict[str, int] | None = None, state: str | None = None,
            scanned: int = 0, to_scan: int | None = None) -> FolderInfo:
    if state is None:
        state = FolderState.PAUSED if folder.paused else (
            FolderState.POLLING if folder.mode == "polling" else FolderState.WATCHING)
    last = folder.last_scan_at
    if isinstance(last, _dt.datetime):
        last = last.isoformat() + "Z"
    return FolderInfo(folder.id, folder.path, json.loads(folder.include or "[]"), json.loads(folder.exclude or "[]"),
                      bool(folder.paused), folder.mode, str(state), folder.note, last, scanned, to_scan,
                      counts or _empty_counts())


def forget_folder(folder_id: int, keep_documents: bool) -> tuple[list[str], list[str]]:
    """Remove the folder's record and skips and settle its documents in the same transaction,
    so a crash half-way leaves either the folder as it was or tombstones the sweeper finishes:
    never documents of a folder that no longer exists. Returns (tombstoned ids, kept ids).

    Kept documents become added files (``folder_id`` None), except copies of content the
    library already holds (documents are unique by content among added files): those go."""
    D = dbm.Document
    live = D.status != Status.DELETING
    with dbm.write_transaction():
        rows = list(D.select(D.id, D.sha256).where((D.folder_id == folder_id) & live).order_by(D.id).tuples())
        keep: list[str] = []
        if keep_documents:
            held = {sha for (sha,) in D.select(D.sha256).where(D.folder_id.is_null() & live).tuples()}
            for doc_id, sha in rows:
                if sha not in held:
                    held.add(sha)
                    keep.append(doc_id)
        kept = set(keep)
        drop = [doc_id for doc_id, _ in rows if doc_id not in kept]
        for start in range(0, len(drop), 500):
            D.update(status=Status.DELETING, claim=D.claim + 1, updated_at=dbm.utcnow()).where(
                D.id.in_(drop[start:start + 500])).execute()
        for start in range(0, len(keep), 500):
            D.update(folder_id=None, updated_at=dbm.utcnow()).where(D.id.in_(keep[start:start + 500])).execute()
        dbm.FolderSkip.delete().where(dbm.FolderSkip.folder_id == folder_id).execute()
        dbm.WatchedFolder.delete().where(dbm.WatchedFolder.id == folder_id).execute()
    return drop, keep


def adopt_kept(folder: dbm.WatchedFolder) -> int:
    """Documents kept from an earlier watch of this folder (added files whose path is inside
    it) belong to it again, rather than being indexed a second time."""
    D = dbm.Document
    with dbm.write_transaction():
        return D.update(folder_id=folder.id).where(
            D.folder_id.is_null() & (D.status != Status.DELETING)
            & dbm.under(D.stored_path, folder.path, os.sep)).execute()


def unreachable(folder: dbm.WatchedFolder, files_found: int | None = None) -> str | None:
    """Why the folder cannot be trusted to show its files now (then nothing is removed), or None.

    An unmounted drive leaves its mount point behind: an existing but empty folder, on
    another device than the one the folder's files were on."""
    try:
        st = os.stat(folder.path)
    except OSError as exc:
        return f"the folder cannot be reached ({exc.strerror or exc})"
    if not os.path.isdir(folder.path):
        return "the folder is no longer a folder"
    if folder.device is not None and st.st_dev != folder.device:
        return "the folder is on another drive than before (is its drive unmounted?)"
    if files_found == 0:
        D = dbm.Document
        if D.select().where((D.folder_id == folder.id) & (D.status != Status.DELETING)).exists():
            return "the folder is empty now but had documents (is its drive unmounted?); remove it to drop them"
    return None
