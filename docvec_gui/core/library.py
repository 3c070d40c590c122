"""The library: stored copies of added files, named by content hash.

Copies are streamed (never read whole into memory) into a temporary file while hashing,
then renamed into place, so a crash never leaves a half-written copy under a real name.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

COPY_BLOCK = 1 << 20


@dataclass(frozen=True)
class StagedFile:
    """A copy in the library's incoming area, hashed, not yet filed under its name."""

    tmp_path: Path
    sha256: str
    size: int


class Library:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / ".incoming"
        self.tmp.mkdir(parents=True, exist_ok=True)

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
        suffix = suffix.lower() if suffix and len(suffix) <= 10 and suffix[1:].isalnum() else ""
        return self.root / sha[:2] / f"{sha}{suffix}"

    def remove(self, path: Path) -> None:
        try:
            path.unlink()
        except FileNotFoundError:
            return

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
