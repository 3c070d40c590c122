"""The library as JSON-shaped operations, one contract for every way in.

``Library`` is what the HTTP API's routes, the MCP tools and the CLI call. ``LocalLibrary``
runs it on a ``Service`` this process owns; ``RemoteLibrary`` (``api/client.py``) sends it to
the process that owns the data directory. Both return the same plain dicts, so a command
prints the same JSON whether it owns the directory or not.

Shapes (every dict is JSON-ready):
- a document: ``core.service.document_json`` (``docvec status --json``'s entries);
- a chunk: ``{"doc_id", "index", "text", "page", "page_end", "heading", "chunk_id"}`` where
  ``chunk_id`` is ``"<doc_id>:<index>"``, stable while the document is not re-processed;
- search results: ``{"results": [SearchResult.to_json()...], "degraded": str | None}``.
Errors are ``core.errors.DocvecError`` (``.kind``) on both sides.
"""
from __future__ import annotations

from pathlib import Path
from typing import Protocol, Sequence


class Library(Protocol):
    def status(self, doc_id: str | None = None) -> dict:
        """``{"documents": [document...], "counts": {status: n}}`` (one document with ``doc_id``)."""

    def documents(self, status: str | None = None, folder_id: int | None = None, name: str | None = None,
                  limit: int = 100, offset: int = 0) -> dict:
        """``{"documents": [document...], "total": n}``: a page, filtered; ``name`` matches a
        substring of the file name, case-insensitively."""

    def document(self, doc_id: str, chunk_offset: int = 0, chunk_limit: int = 50) -> dict:
        """A document with ``title``, ``author``, ``page_count``, ``folder`` (path or None),
        ``chunks`` (a page of chunks) and ``chunk_total``. ``doc_id`` may be an 8+ char prefix."""

    def chunk(self, doc_id: str, index: int, around: int = 1) -> dict:
        """``{"document": document, "chunk": chunk, "before": [chunk...], "after": [chunk...]}``."""

    def search(self, query: str, mode: str = "hybrid", top_k: int = 10, folder_id: int | None = None,
               doc_ids: Sequence[str] | None = None, passages: bool = False) -> dict:
        """Search results (grouped by document unless ``passages``)."""

    def add(self, paths: Sequence[str], process: bool = True) -> dict:
        """``AddReport.to_json()`` for paths on this machine (files or folders)."""

    def process(self, doc_id: str) -> dict:
        """Queue one document again: ``{"queued": 1, "id": full_id}``."""

    def process_all(self) -> dict:
        """Queue every pending and failed document: ``{"queued": n}``."""

    def delete(self, doc_id: str) -> dict:
        """``{"deleted": full_id, "filename": str, "finished": bool}``."""

    def health(self) -> dict:
        """``Service.health()``'s report."""

    def content_path(self, doc_id: str) -> Path:
        """The stored file (copy in ``library/`` or the watched original)."""


CHUNK_PAGE_MAX = 500  # one page of a document's chunks: bounded, whatever the caller asks
DOCUMENT_PAGE_MAX = 1000
AROUND_MAX = 10


def chunk_json(chunk) -> dict:
    """The public shape of one ``db.Chunk`` (see the module docstring)."""
    doc_id = chunk.document_id
    return {"doc_id": doc_id, "index": chunk.index, "text": chunk.text, "page": chunk.page,
            "page_end": chunk.page_end, "heading": chunk.heading, "chunk_id": f"{doc_id}:{chunk.index}"}


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


class LocalLibrary:
    """:class:`Library` over a :class:`~docvec_gui.core.service.Service` this process owns
    (or opened read-only: the reading calls work, the writing ones raise ``read_only``).

    Blocking (SQLite, the model, the vector store); safe to call from any thread, since
    peewee keeps one connection per thread and the service guards its own state."""

    def __init__(self, service) -> None:
        self.service = service

    # -- reading -----------------------------------------------------------------------
    def status(self, doc_id: str | None = None) -> dict:
        from docvec_gui.core.service import document_json

        if doc_id is not None:
            return {"documents": [document_json(self.service.document(doc_id))], "counts": self.service.counts()}
        return {"documents": [document_json(d) for d in self.service.iter_documents()],
                "counts": self.service.counts()}

    def documents(self, status: str | None = None, folder_id: int | None = None, name: str | None = None,
                  limit: int = 100, offset: int = 0) -> dict:
        from docvec_gui.core import db as dbm
        from docvec_gui.core.service import document_json
        from docvec_gui.core.vocabulary import Status

        D = dbm.Document
        query = D.select().where(D.status != Status.DELETING)
        if status:
            query = query.where(D.status == status)
        if folder_id is not None:
            query = query.where(D.folder_id == int(folder_id))
        if name:
            # peewee's contains() is a case-insensitive LIKE with % and _ escaped.
            query = query.where(D.filename.contains(name))
        total = query.count()
        page = query.order_by(D.created_at, D.id).limit(_clamp(limit, 0, DOCUMENT_PAGE_MAX)).offset(max(0, int(offset)))
        return {"documents": [document_json(d) for d in page], "total": total}

    def document(self, doc_id: str, chunk_offset: int = 0, chunk_limit: int = 50) -> dict:
        from docvec_gui.core import db as dbm
        from docvec_gui.core.service import document_json

        doc = self.service.document(doc_id)
        C = dbm.Chunk
        chunks = C.select().where(C.document == doc.id).order_by(C.index) \
            .limit(_clamp(chunk_limit, 0, CHUNK_PAGE_MAX)).offset(max(0, int(chunk_offset)))
        data = document_json(doc)
        data.update(title=doc.title, author=doc.author, page_count=doc.page_count, folder=self._folder_path(doc),
                    chunks=[chunk_json(c) for c in chunks],
                    chunk_total=C.select().where(C.document == doc.id).count())
        return data

    def chunk(self, doc_id: str, index: int, around: int = 1) -> dict:
        from docvec_gui.core.errors import NotFound
        from docvec_gui.core.service import document_json

        doc = self.service.document(doc_id)
        index = int(index)
        rows = self.service.passage_context(doc.id, index, _clamp(around, 0, AROUND_MAX))
        hit = next((c for c in rows if c.index == index), None)
        if hit is None:
            raise NotFound(f"document {doc.id} has no chunk {index}")
        return {"document": document_json(doc), "chunk": chunk_json(hit),
                "before": [chunk_json(c) for c in rows if c.index < index],
                "after": [chunk_json(c) for c in rows if c.index > index]}

    def search(self, query: str, mode: str = "hybrid", top_k: int = 10, folder_id: int | None = None,
               doc_ids: Sequence[str] | None = None, passages: bool = False) -> dict:
        results = self.service.search(query, int(top_k), mode, doc_ids=list(doc_ids) if doc_ids else None,
                                      group=not passages, folder_id=folder_id)
        return {"results": [r.to_json() for r in results], "degraded": self.service.searcher.last_degraded}

    def health(self) -> dict:
        return self.service.health()

    def content_path(self, doc_id: str) -> Path:
        return Path(self.service.document(doc_id).stored_path)

    # -- writing -----------------------------------------------------------------------
    def add(self, paths: Sequence[str], process: bool = True) -> dict:
        import os

        # fsencode keeps names that are not valid UTF-8 (surrogate-escaped on the way in).
        return self.service.add([os.fsencode(p) if isinstance(p, str) else p for p in paths],
                                process=process).to_json()

    def add_uploaded(self, paths: Sequence[str], process: bool = True) -> dict:
        """``add`` for temporary copies of uploaded files: no original path is recorded."""
        return self.service.add([Path(p) for p in paths], process=process, uploaded=True).to_json()

    def process(self, doc_id: str) -> dict:
        full = self.service.document(doc_id).id
        self.service.reprocess(full)
        return {"queued": 1, "id": full}

    def process_all(self) -> dict:
        return {"queued": self.service.process_all()}

    def delete(self, doc_id: str) -> dict:
        doc = self.service.document(doc_id)
        finished = self.service.delete(doc.id)
        return {"deleted": doc.id, "filename": doc.filename, "finished": bool(finished)}

    @staticmethod
    def _folder_path(doc) -> str | None:
        if doc.folder_id is None:
            return None
        from docvec_gui.core import db as dbm

        folder = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == doc.folder_id)
        return folder.path if folder is not None else None
