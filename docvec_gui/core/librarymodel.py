"""Which model made a library's vectors, recorded in docvec.db, so vectors of two models
never mix and a changed model is never silently taken for the library's own.

Vectors of a model live in that model's own Chroma collection (named after the model and its
dimension, with both in the collection's metadata). The record adds what a name cannot tell:
the model file's SHA-256 and the prefixes its vectors were made with.
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

import peewee as pw

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import ModelError
from docvec_gui.core.vocabulary import Status

RECORD_KEY = "model"


@dataclass(frozen=True)
class ModelIdentity:
    name: str
    dimension: int
    sha256: str | None = None  # of the ONNX file; None for a remote provider
    query_prefix: str = ""
    passage_prefix: str = ""
    path: str | None = None  # where it was found (informative: folders move)

    def same_vectors(self, other: "ModelIdentity") -> bool:
        """True when both make the same vectors for the same text."""
        mine = (self.name, self.dimension, self.query_prefix, self.passage_prefix)
        theirs = (other.name, other.dimension, other.query_prefix, other.passage_prefix)
        if mine != theirs:
            return False
        return self.sha256 is None or other.sha256 is None or self.sha256 == other.sha256

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> "ModelIdentity":
        data = json.loads(text)
        return cls(**{k: data.get(k) for k in ("name", "dimension", "sha256", "query_prefix", "passage_prefix",
                                               "path")})


class ModelMismatch(ModelError):
    """The configured model is not the one that made the library's vectors."""

    def __init__(self, recorded: ModelIdentity, configured: ModelIdentity, chunks: int) -> None:
        self.recorded, self.configured, self.chunks = recorded, configured, chunks
        same_name = recorded.name == configured.name
        what = f"another file of {configured.name}" if same_name else configured.name
        super().__init__(
            f"this library's vectors were made with {recorded.name}, but the model now configured is {what}. "
            f"Run `docvec model use {configured.path or configured.name}` to re-embed its {chunks:,} chunks with it "
            f"(searches keep working meanwhile), or set the model folder back"
            + (f" to {recorded.path}" if recorded.path else ""))


_SHA_CACHE: dict[tuple[str, int, int], str] = {}


def file_sha256(path: Path) -> str:
    """SHA-256 of a model file, computed once per (path, size, mtime) in this process."""
    from docvec_gui.core.modelstore import sha256_of

    stat = path.stat()
    key = (str(path), stat.st_size, stat.st_mtime_ns)
    if key not in _SHA_CACHE:
        _SHA_CACHE[key] = sha256_of(path)
    return _SHA_CACHE[key]


def identity_of(embedder) -> ModelIdentity:
    spec = getattr(embedder, "spec", None)
    if spec is None:  # a remote provider: its name and dimension are all there is
        return ModelIdentity(embedder.name, int(embedder.dim or 0))
    try:
        sha = file_sha256(spec.onnx_path)
    except OSError as exc:
        raise ModelError(f"cannot read the model file {spec.onnx_path}: {exc}") from exc
    return ModelIdentity(spec.name, spec.dimension, sha, spec.query_prefix, spec.passage_prefix,
                         str(spec.directory))


def recorded() -> ModelIdentity | None:
    if not dbm.LibraryMeta.table_exists():  # a read-only look at a library from before migration 4
        return None
    value = dbm.LibraryMeta.select(dbm.LibraryMeta.value).where(dbm.LibraryMeta.key == RECORD_KEY).scalar()
    return ModelIdentity.from_json(value) if value else None


# Libraries from before migration 4 have chunks but no record: the only model then was MiniLM
# (its file hash unknown, so any copy of it matches).
LEGACY = ModelIdentity("all-MiniLM-L6-v2", 384)


def recorded_or_legacy() -> ModelIdentity | None:
    """The library's model: recorded, else MiniLM if it has chunks, else None (a new library).
    None too when no library is open (a CLI command without one)."""
    if dbm.database_proxy.obj is None:
        return None
    current = recorded()
    if current is None and dbm.Chunk.select().exists():
        return LEGACY
    return current


def record(identity: ModelIdentity) -> None:
    with dbm.write_transaction():
        (dbm.LibraryMeta.insert(key=RECORD_KEY, value=identity.to_json())
         .on_conflict_replace().execute())


def completed_chunks() -> int:
    D = dbm.Document
    return int(D.select(pw.fn.COALESCE(pw.fn.SUM(D.chunk_count), 0)).where(D.status == Status.COMPLETED).scalar())


def verify(embedder) -> ModelIdentity:
    """The embedder's identity, recorded if the library has none yet; raises
    :class:`ModelMismatch` if the library's vectors were made by another model."""
    identity = identity_of(embedder)
    # Not recorded_or_legacy(): a library from before the record may have used an HTTP
    # provider or a configured model; the one in use then is recorded (the MiniLM default is
    # only for choosing the model, in Components.wanted_model).
    current = recorded()
    if current is None:
        record(identity)
    elif not current.same_vectors(identity):
        raise ModelMismatch(current, identity, completed_chunks())
    return identity
