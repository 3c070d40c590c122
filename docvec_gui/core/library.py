"""The library: stored copies of added files, named by content hash.

Copies are streamed (never read whole into memory) into a temporary file while hashing,
then renamed into place, so a crash never leaves a half-written copy under a real name.
"""
from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

log = logging.getLogger(__name__)

COPY_BLOCK = 1 << 20
INCOMING = ".incoming"


@dataclass(frozen=True)
class StagedFile:
    """A copy in the library's incoming area, hashed, not yet filed under its name."""

    tmp_path: Path
    sha256: str
    size: int


class Library:
    """Stored copies, one per content hash, shared by every row that names that hash.

    ``references(sha)`` counts the metadata rows that use a hash; a copy is removed only
    under its hash's lock and only when no row refers to it any more, so deleting one
    document can never take the copy of another (or of the same file being re-added).
    """

    def __init__(self, root: Path, references: Callable[[str], int] | None = None) -> None:
        self.root = root
        self.tmp = root / INCOMING
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.references = references or (lambda sha: 0)
        self._hash_locks = [threading.RLock() for _ in range(64)]

    def hash_lock(self, sha: str) -> threading.RLock:
        """Held while a hash's copy is filed or released, and while its rows change."""
        return self._hash_locks[int(sha[:8], 16) % len(self._hash_locks)]

    def stage(self, source: Path) -> StagedFile:
        """Stream ``source`` into the incoming area while hashing it."""
        digest = hashlib.sha256()
        fd, tmp_name = tempfile.mkstemp(dir=self.tmp)
        size = 0
        try:
            with os.fdopen(fd, "wb") as out, open(source, "rb") as src:
                for block in iter(lambda: src.read(COPY_BLOCK), b""):
                    digest.update(block)
                    out.write(block)
                    size += len(block)
        except BaseException:
            os.unlink(tmp_name)
            raise
        return StagedFile(Path(tmp_name), digest.hexdigest(), size)

    def commit(self, staged: StagedFile, suffix: str) -> Path:
        """File a staged copy under its content hash; returns the stored path."""
        dest = self.path_for(staged.sha256, suffix)
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged.tmp_path, dest)
        return dest

    def discard(self, staged: StagedFile) -> None:
        staged.tmp_path.unlink(missing_ok=True)

    def path_for(self, sha: str, suffix: str) -> Path:
        from docvec_gui.core.importer import is_executable_name

        suffix = suffix.lower() if suffix and len(suffix) <= 10 and suffix[1:].isalnum() else ""
        if is_executable_name("x" + suffix):  # never keep a name the OS would run
            suffix = ""
        return self.root / sha[:2] / f"{sha}{suffix}"

    def holds(self, path: Path) -> bool:
        """True for a stored copy of this library (``root/ab/<sha>.ext``), never a user's file."""
        return Path(os.path.abspath(path)).parent.parent == Path(os.path.abspath(self.root))

    def release(self, path: Path, sha: str) -> bool:
        """Remove ``path`` if no row refers to ``sha`` any more; True if it is gone."""
        if not self.holds(path):
            # Only the library's own copies are ever removed, never a user's file.
            log.error("refusing to remove %s: not a stored copy in %s", path, self.root)
            return False
        with self.hash_lock(sha):
            if self.references(sha):
                return False
            path.unlink(missing_ok=True)
            return True

    def stored_files(self) -> Iterator[Path]:
        """Every stored copy (not the incoming area)."""
        for sub in sorted(self.root.iterdir()):
            if sub.name == INCOMING or not sub.is_dir():
                continue
            yield from (p for p in sorted(sub.iterdir()) if p.is_file())

    @staticmethod
    def sha_of(path: Path) -> str:
        """The content hash a stored copy is named by."""
        return path.name.split(".", 1)[0]

    def clear_incoming(self) -> None:
        """Drop temporary copies a crash left behind."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True, exist_ok=True)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(COPY_BLOCK), b""):
            digest.update(block)
    return digest.hexdigest()
