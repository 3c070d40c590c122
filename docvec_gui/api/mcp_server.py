"""The MCP server: the library as tools and resources for AI assistants (official ``mcp`` SDK, 2.x).

``build_mcp(library, allow_write)`` returns an ``MCPServer`` over any :class:`Library`: the
``LocalLibrary`` of the process that owns the data directory, or a ``RemoteLibrary`` talking
to it. Two ways in:

- **stdio** (``docvec mcp``, launched by Claude Desktop, LM Studio, Cursor...): :func:`run_stdio`.
- **streamable HTTP** on the owner's loopback API server (``api/server.py``), at ``/mcp``::

      mcp = build_mcp(library, allow_write=settings.mcp_allow_write, max_chars=settings.mcp_max_chars)
      routes = [..., mcp_http_route(mcp, "/mcp")]    # once per server object
      @contextlib.asynccontextmanager
      async def lifespan(app):
          async with mcp.session_manager.run():     # once per server object, for the app's life
              yield
      app = Starlette(routes=routes, lifespan=lifespan, middleware=[bearer token, Host/Origin checks])

  The route answers POST/GET/DELETE at exactly ``/mcp``. When the user flips "Allow AI
  assistants to change the library", call ``mcp.set_allow_write(on)`` (any thread; no restart).

Every tool answers JSON text of at most ``max_chars`` characters (long texts shortened,
then list items left out; the answer says so in ``"truncated"``). Failures are tool
errors whose text is ``{"error": {"kind", "message"}}``, never a traceback.
"""
from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Callable, Literal, NoReturn

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ResourceError, ResourceNotFoundError, ToolError, UnexpectedToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import Field, ValidationError

from docvec_gui.api.library import Library
from docvec_gui.core.errors import DocvecError, classify
from docvec_gui.core.vocabulary import VISIBLE_STATUSES, ErrorKind, Status

if TYPE_CHECKING:
    from starlette.routing import Route

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_MAX_CHARS", "READ_TOOLS", "WRITE_TOOLS", "DocvecMCP", "build_mcp", "fit", "mcp_http_route",
           "run_stdio"]

DEFAULT_MAX_CHARS = 20_000
MIN_MAX_CHARS = 1_000  # below this not even one search hit fits
SNIPPET_CHARS = 320  # a search hit's excerpt: enough to judge it, get_chunk gives the rest
TOP_K_MAX = 50
AROUND_MAX = 5
LIST_LIMIT_MAX = 500
RESOURCE_LIST_MAX = 200  # resources/list names the newest completed documents; the template reaches all
URI_PREFIX = "docvec://documents/"
OWNER_START_WAIT = 15.0  # an owner holding the lock but not serving yet: how long to wait for its server.json
CLOSE_TIMEOUT = 10.0  # stdio: a client waits ~2 s after EOF before it terminates us; stop runs at once

READ_TOOLS = ("search", "get_chunk", "get_document", "list_documents", "status")
WRITE_TOOLS = ("add_paths", "reprocess", "delete")

_INSTRUCTIONS = (
    "docvec is the user's local document library (PDF, Office, e-books, web pages, text), searched by "
    "meaning and by keywords. Use `search` first; each hit has a `chunk_id` for `get_chunk` (the passage "
    "with its neighbours) and a `uri` (docvec://documents/<id>) to cite. Cite the file name and page."
)


# -- answers sized for a model's context -------------------------------------------------

def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _shorten_strings(data: Any, limit: int) -> Any:
    """A copy of ``data`` with every string longer than ``limit`` cut (marked with '…')."""
    if isinstance(data, str):
        return data if len(data) <= limit else data[:limit] + "…"
    if isinstance(data, dict):
        return {k: _shorten_strings(v, limit) for k, v in data.items()}
    if isinstance(data, list):
        return [_shorten_strings(v, limit) for v in data]
    return data


def _longest_list(data: Any, path: tuple = ()) -> tuple[tuple, int]:
    """Path to the list with the most characters inside ``data`` (``((), 0)``: none)."""
    best: tuple[tuple, int] = ((), 0)
    items = data.items() if isinstance(data, dict) else enumerate(data) if isinstance(data, list) else ()
    for key, value in items:
        if isinstance(value, list) and value:
            size = len(_dumps(value))
            if size > best[1]:
                best = (path + (key,), size)
        if isinstance(value, (dict, list)):
            inner = _longest_list(value, path + (key,))
            if inner[1] > best[1]:
                best = inner
    return best


def _at(data: Any, path: tuple) -> Any:
    for key in path:
        data = data[key]
    return data


def fit(data: dict, max_chars: int) -> str:
    """``data`` as JSON of at most ``max_chars`` characters. Cut in the order that loses the
    least: long strings shortened (the longest first), then items dropped from the end of the
    largest list; ``"truncated"`` says what was cut so the model can ask for less."""
    text = _dumps(data)
    if len(text) <= max_chars:
        return text
    note = f"answer cut to {max_chars} characters; long texts shortened (get_chunk / get_document give them whole)"

    def shortened(limit: int) -> dict:
        return dict(_shorten_strings(data, limit), truncated=note)  # the note itself is never cut

    longest = max((len(s) for s in _strings(data)), default=0)
    low, high = 80, max(80, longest)  # the largest string limit that fits, by bisection
    if len(_dumps(shortened(low))) <= max_chars:
        while low < high:
            mid = (low + high + 1) // 2
            if len(_dumps(shortened(mid))) <= max_chars:
                low = mid
            else:
                high = mid - 1
        return _dumps(shortened(low))
    body = _shorten_strings(data, low)
    dropped = 0
    while True:
        out = dict(body, truncated=note + (f"; {dropped} list item(s) left out (ask for fewer: top_k, limit, "
                                            "chunk_limit)" if dropped else ""))
        text = _dumps(out)
        if len(text) <= max_chars:
            return text
        path, size = _longest_list(body)
        if not size:
            break
        _at(body, path).pop()
        dropped += 1
    # Still too long (many short fields): plain text, cut, and said so.
    tail = f"… [cut: answer over {max_chars} characters]"
    return text[:max_chars - len(tail)] + tail


def _strings(data: Any):
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for v in data.values():
            yield from _strings(v)
    elif isinstance(data, list):
        for v in data:
            yield from _strings(v)


def _error_result(kind: str, message: str) -> CallToolResult:
    payload = {"error": {"kind": str(kind), "message": message}}
    return CallToolResult(content=[TextContent(type="text", text=_dumps(payload))], structured_content=payload,
                          is_error=True)


def _guarded(name: str, max_chars: int, body: Callable[..., dict]) -> Callable[..., CallToolResult]:
    """A tool body whose answer is capped JSON and whose failures are tool errors (kind +
    message), never a traceback to the client; unexpected ones are logged with theirs."""

    @functools.wraps(body)
    def tool(**kwargs: Any) -> CallToolResult:
        try:
            data = body(**kwargs)
        except DocvecError as exc:
            log.info("MCP tool %s refused: %s: %s", name, exc.kind, exc)
            return _error_result(exc.kind, str(exc))
        except Exception as exc:  # the client gets kind + message; the log gets the traceback
            log.exception("MCP tool %s failed", name)
            kind, message = classify(exc)
            return _error_result(kind, message)
        return CallToolResult(content=[TextContent(type="text", text=fit(data, max_chars))])

    return tool


# -- shapes ----------------------------------------------------------------------------------

def _uri(doc_id: str) -> str:
    return URI_PREFIX + doc_id


def _snippet(text: str, highlights: list, size: int = SNIPPET_CHARS) -> str:
    """About ``size`` characters of ``text`` around its first highlighted word, on word bounds."""
    text = text or ""
    if len(text) > size:
        first = highlights[0][0] if highlights else 0
        start = max(0, min(first - size // 4, len(text) - size))
        if start:
            space = text.find(" ", start, start + 30)
            start = space + 1 if space >= 0 else start
        end = start + size
        if end < len(text):
            space = text.rfind(" ", end - 30, end)
            end = space if space > start else end
        text = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return re.sub(r"\s+", " ", text).strip()


def _hit(rank: int, r: dict) -> dict:
    return {"rank": rank, "file_name": r["filename"], "page": r.get("page"), "heading": r.get("heading") or None,
            "snippet": _snippet(r.get("text", ""), r.get("highlights") or []),
            "score": round(float(r.get("score") or 0.0), 4), "relevance": round(float(r.get("relevance") or 0.0), 3),
            "chunk_id": f"{r['doc_id']}:{r['chunk_index']}", "doc_id": r["doc_id"], "uri": _uri(r["doc_id"]),
            "more_passages": r.get("more", 0), "ocr": bool(r.get("ocr", False))}


def _doc_brief(d: dict) -> dict:
    brief = {"id": d["id"], "file_name": d["filename"], "status": d["status"], "chunk_count": d.get("chunk_count"),
             "content_type": d.get("content_type"), "size": d.get("size"), "folder_id": d.get("folder_id"),
             "processed_at": d.get("processed_at"), "uri": _uri(d["id"])}
    if d.get("status") == Status.ERROR:
        brief.update(error_kind=d.get("error_kind"), error=d.get("error"))
    if d.get("status") == Status.PROCESSING:
        brief["progress"] = d.get("progress")
    return brief


def _chunk_brief(c: dict) -> dict:
    return {"chunk_id": c["chunk_id"], "page": c.get("page"), "heading": c.get("heading") or None, "text": c["text"]}


def parse_chunk_id(chunk_id: str) -> tuple[str, int]:
    """``"<doc_id>:<index>"`` -> (doc_id, index); a usage error for anything else."""
    doc_id, sep, index = (chunk_id or "").strip().rpartition(":")
    if not sep or not doc_id or not (index.isascii() and index.isdigit()):
        raise DocvecError(f"not a chunk id: {chunk_id!r} (expected '<doc_id>:<index>', as search returns)",
                          ErrorKind.USAGE)
    return doc_id, int(index)


def _clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, int(value)))


# -- tools -----------------------------------------------------------------------------------

Mode = Literal["hybrid", "vector", "keyword"]


class _Tools:
    """The tool bodies over one :class:`Library` (blocking: the SDK runs them in worker threads)."""

    def __init__(self, library: Library, write_allowed: Callable[[], bool]) -> None:
        self.library = library
        self.write_allowed = write_allowed

    def search(self, query: Annotated[str, Field(description="What to look for: words, a phrase, a question")],
               mode: Annotated[Mode, Field(description="hybrid (default): meaning and keywords; vector: meaning "
                                                       "only; keyword: exact words (\"quoted phrases\", -exclude)")]
               = "hybrid",
               top_k: Annotated[int, Field(description="How many results (1-50)")] = 10,
               folder_id: Annotated[int | None, Field(description="Only documents of this watched folder")] = None,
               doc_id: Annotated[str | None, Field(description="Only passages of this document (id or 8+ char "
                                                               "prefix); passages, not one per document")] = None,
               ) -> dict:
        """Search the user's documents. One result per document (its best passage) unless doc_id is
        given; each has file_name, page, heading, snippet, score and a chunk_id for get_chunk."""
        if not query or not query.strip():
            raise DocvecError("the query is empty", ErrorKind.INVALID_QUERY)
        doc_ids = None
        if doc_id:
            doc_ids = [self.library.document(doc_id, chunk_limit=0)["id"]]  # a prefix -> the full id
        found = self.library.search(query, mode=mode, top_k=_clamp(top_k, 1, TOP_K_MAX), folder_id=folder_id,
                                    doc_ids=doc_ids, passages=doc_ids is not None)
        hits = [_hit(i, r) for i, r in enumerate(found.get("results", []), start=1)]
        data: dict = {"query": query, "mode": mode, "results": hits}
        if found.get("degraded"):
            data["degraded"] = found["degraded"]
        if not hits:
            data["note"] = "no good match; try other words, mode=keyword for exact terms, or list_documents"
        return data

    def get_chunk(self, chunk_id: Annotated[str, Field(description="A chunk_id from search: '<doc_id>:<index>'")],
                  around: Annotated[int, Field(description="Neighbouring chunks on each side (0-5)")] = 1) -> dict:
        """The text of one passage with its neighbours, and the document it belongs to."""
        doc_id, index = parse_chunk_id(chunk_id)
        got = self.library.chunk(doc_id, index, around=_clamp(around, 0, AROUND_MAX))
        doc, chunk = got["document"], got["chunk"]
        return {"chunk_id": chunk["chunk_id"], "file_name": doc["filename"], "doc_id": doc["id"],
                "uri": _uri(doc["id"]),
                "page": chunk.get("page"), "page_end": chunk.get("page_end"), "heading": chunk.get("heading") or None,
                "text": chunk["text"], "before": [_chunk_brief(c) for c in got.get("before", [])],
                "after": [_chunk_brief(c) for c in got.get("after", [])]}

    def get_document(self, doc_id: Annotated[str, Field(description="Document id (or 8+ char prefix)")],
                     chunk_offset: Annotated[int, Field(description="First chunk to include")] = 0,
                     chunk_limit: Annotated[int, Field(description="How many chunks to include (0-50)")] = 3,
                     ) -> dict:
        """A document's metadata (file name, title, author, page count, status, folder) and a page of its chunks."""
        d = self.library.document(doc_id, chunk_offset=max(0, int(chunk_offset)),
                                  chunk_limit=_clamp(chunk_limit, 0, 50))
        data = _doc_brief(d)
        data.update(title=d.get("title"), author=d.get("author"), page_count=d.get("page_count"),
                    folder=d.get("folder"), original_path=d.get("original_path"), created_at=d.get("created_at"),
                    warning=d.get("warning"), chunk_total=d.get("chunk_total"), chunk_offset=max(0, int(chunk_offset)),
                    chunks=[_chunk_brief(c) for c in d.get("chunks", [])])
        return data

    def list_documents(self, status: Annotated[str | None, Field(description="pending, processing, completed "
                                                                            "or error")] = None,
                       folder_id: Annotated[int | None, Field(description="Only this watched folder's")] = None,
                       name: Annotated[str | None, Field(description="Part of the file name (any case)")] = None,
                       limit: Annotated[int, Field(description="Page size (1-500)")] = 50,
                       offset: Annotated[int, Field(description="Skip this many")] = 0) -> dict:
        """The documents in the library, oldest first, filtered by status, folder or name."""
        if status and status not in {str(s) for s in VISIBLE_STATUSES}:
            raise DocvecError(f"unknown status {status!r}; use one of {', '.join(VISIBLE_STATUSES)}", ErrorKind.USAGE)
        page = self.library.documents(status=status or None, folder_id=folder_id, name=name or None,
                                      limit=_clamp(limit, 1, LIST_LIMIT_MAX), offset=max(0, int(offset)))
        return {"total": page["total"], "offset": max(0, int(offset)),
                "documents": [_doc_brief(d) for d in page["documents"]]}

    def status(self) -> dict:
        """Document counts by status, the processing queue and the health of each part."""
        # One COUNT per status rather than Library.status(): that lists every document.
        counts = {str(s): self.library.documents(status=str(s), limit=0)["total"] for s in VISIBLE_STATUSES}
        health = self.library.health()
        parts = {k: {"ok": v.get("ok"), "detail": v.get("detail")} for k, v in health.items() if isinstance(v, dict)}
        return {"counts": counts, "total": sum(counts.values()), "queue": health.get("queue"),
                "health": {"ok": bool(health.get("ok")), **parts}, "write_tools": self.write_allowed()}

    # -- writing (registered only when the user allows it) ----------------------------------
    def add_paths(self, paths: Annotated[list[str], Field(description="Absolute paths of files or folders on this "
                                                                      "computer")],
                  process: Annotated[bool, Field(description="Process (extract, embed) them now")] = True) -> dict:
        """Add files or folders (recursively) to the library; they are copied in and processed."""
        if not paths:
            raise DocvecError("no paths given", ErrorKind.USAGE)
        resolved = []
        for p in paths:
            path = os.path.expanduser(p)
            if not os.path.isabs(path):
                raise DocvecError(f"not an absolute path: {p!r}", ErrorKind.USAGE)
            resolved.append(path)
        return self.library.add(resolved, process=process)

    def reprocess(self, doc_id: Annotated[str, Field(description="Document id (or 8+ char prefix)")]) -> dict:
        """Process a document again (e.g. after an error)."""
        return self.library.process(doc_id)

    def delete(self, doc_id: Annotated[str, Field(description="Document id (or 8+ char prefix)")]) -> dict:
        """Remove a document from the library (its stored copy, text and vectors; never the user's original)."""
        return self.library.delete(doc_id)


_READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)
_WRITE = {"add_paths": ToolAnnotations(read_only_hint=False, destructive_hint=False, open_world_hint=False),
          "reprocess": ToolAnnotations(read_only_hint=False, destructive_hint=False, idempotent_hint=True,
                                       open_world_hint=False),
          "delete": ToolAnnotations(read_only_hint=False, destructive_hint=True, idempotent_hint=True,
                                    open_world_hint=False)}


class DocvecMCP(MCPServer):
    """``MCPServer`` whose write tools show only while allowed (:meth:`set_allow_write`, any
    thread, effective at the next call) and whose resources/list names the library's documents."""

    def __init__(self, library: Library, allow_write: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._library = library
        self._allow_write = bool(allow_write)

    @property
    def allow_write(self) -> bool:
        return self._allow_write

    def set_allow_write(self, allowed: bool) -> None:
        """The user's "Allow AI assistants to change the library" (Settings), applied live: the
        write tools are listed and callable only while it is on. (A flag, not add/remove_tool:
        the tool table is read on the event loop while the window's thread flips this.)"""
        self._allow_write = bool(allowed)

    async def list_tools(self):  # type: ignore[override]
        tools = await super().list_tools()
        return tools if self._allow_write else [t for t in tools if t.name not in WRITE_TOOLS]

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        """As the SDK's, but arguments it rejects (wrong type, unknown mode) or an unknown tool
        answer the same ``{"error": {"kind": "usage", ...}}`` as every other failure."""
        if name in WRITE_TOOLS and not self._allow_write:
            return _error_result(ErrorKind.USAGE, f"Unknown tool: {name} (changing the library is off: the user "
                                                  "can allow it in docvec's Settings)")
        try:
            return await super().call_tool(name, arguments, context)
        except UnexpectedToolError:
            raise  # not ours to reshape: the SDK logs it and answers without its details
        except ToolError as exc:
            cause = exc.__cause__
            if isinstance(cause, ValidationError):
                # Field names and pydantic's message only: the rejected values are the caller's.
                problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in cause.errors())
                message = f"invalid arguments for {name}: {problems}"
            else:
                message = str(exc)
            log.info("MCP tool %s refused: %s", name, message)
            return _error_result(ErrorKind.USAGE, message)

    async def list_resources(self):  # type: ignore[override]
        import anyio
        from mcp.types import Resource as MCPResource

        listed = await super().list_resources()
        try:
            page = await anyio.to_thread.run_sync(functools.partial(
                _newest_completed, self._library, RESOURCE_LIST_MAX))
        except Exception as exc:  # the static list still answers; the template reaches every document
            log.warning("MCP resources/list: cannot list documents: %s", exc)
            return listed
        return listed + [MCPResource(uri=_uri(d["id"]), name=d["filename"], title=d["filename"],
                                     description=f"{d.get('content_type') or 'document'}, "
                                                 f"{d.get('chunk_count')} chunks",
                                     mime_type="text/plain", size=d.get("size")) for d in page]


def _newest_completed(library: Library, limit: int) -> list[dict]:
    total = library.documents(status=Status.COMPLETED, limit=0)["total"]
    return library.documents(status=Status.COMPLETED, limit=limit, offset=max(0, total - limit))["documents"][::-1]


def _document_text(library: Library, doc_id: str, max_chars: int) -> str:
    """A document as plain text for citing: a header, then its chunks in order, up to ``max_chars``."""
    d = library.document(doc_id, chunk_limit=0)
    head = [f"# {d.get('title') or d['filename']}", f"file: {d['filename']}", f"id: {d['id']}",
            f"status: {d['status']}"]
    if d.get("author"):
        head.append(f"author: {d['author']}")
    if d.get("page_count"):
        head.append(f"pages: {d['page_count']}")
    out = "\n".join(head) + "\n\n"
    offset, total = 0, d.get("chunk_total") or 0
    while offset < total and len(out) < max_chars:
        page = library.document(d["id"], chunk_offset=offset, chunk_limit=100)["chunks"]
        if not page:
            break
        for c in page:
            where = f"[page {c['page']}] " if c.get("page") else ""
            out += where + c["text"].strip() + "\n\n"
        offset += len(page)
    if len(out) > max_chars:
        tail = f"\n[cut at {max_chars} characters; get_document / get_chunk page through the rest]"
        out = out[:max_chars - len(tail)] + tail
    return out


def build_mcp(library: Library, allow_write: bool, max_chars: int = DEFAULT_MAX_CHARS) -> DocvecMCP:
    """The MCP server over ``library``: read tools always, write tools only while allowed
    (``allow_write`` now, ``server.set_allow_write(b)`` when the user changes the setting), a
    ``docvec://documents/{doc_id}`` resource template (and the newest documents listed).

    Serve it over stdio with :func:`run_stdio`, or over HTTP with :func:`mcp_http_route` plus
    ``session_manager.run()`` in the hosting app's lifespan (see the module docstring)."""
    from docvec_gui import __version__

    max_chars = max(MIN_MAX_CHARS, int(max_chars))
    server = DocvecMCP(library, allow_write, name="docvec", title="docvec: your documents", version=__version__,
                       instructions=_INSTRUCTIONS, log_level="WARNING")
    tools = _Tools(library, lambda: server.allow_write)
    for name in READ_TOOLS + WRITE_TOOLS:  # write tools hidden and refused while not allowed
        body = getattr(tools, name)
        server.add_tool(_guarded(name, max_chars, body), name=name, description=body.__doc__,
                        annotations=_WRITE.get(name, _READ_ONLY), structured_output=False)

    @server.resource(URI_PREFIX + "{doc_id}", name="document", title="A document of the library",
                     description="The document's text (with page marks), for reading and citing",
                     mime_type="text/plain")
    def document_resource(doc_id: str) -> str:
        try:
            return _document_text(library, doc_id, max_chars)
        except DocvecError as exc:
            if exc.kind == ErrorKind.NOT_FOUND:
                raise ResourceNotFoundError(f"{exc.kind}: {exc}") from None
            raise ResourceError(f"{exc.kind}: {exc}") from None
        except Exception as exc:
            log.exception("MCP resource %s failed", doc_id)
            kind, message = classify(exc)
            raise ResourceError(f"{kind}: {message}") from None

    return server


def mcp_http_route(server: MCPServer, path: str = "/mcp") -> Route:
    """The Starlette ``Route`` serving MCP streamable HTTP at exactly ``path`` (all methods, no
    redirect). Creates the server's session manager: call once per server object, and run
    ``server.session_manager.run()`` in the hosting app's lifespan. The SDK's DNS-rebinding
    check (loopback Host and Origin only) is on here too, besides the API server's own."""
    from mcp.server.transport_security import TransportSecuritySettings
    from starlette.routing import Route

    security = TransportSecuritySettings(
        enable_dns_rebinding_protection=True,
        allowed_hosts=["127.0.0.1", "127.0.0.1:*", "localhost", "localhost:*", "[::1]", "[::1]:*"],
        allowed_origins=["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"])
    app = server.streamable_http_app(streamable_http_path=path, transport_security=security)
    for route in app.routes:
        if isinstance(route, Route) and route.path == path:
            return route
    raise RuntimeError(f"the MCP SDK built no route at {path}")  # an SDK change: fail loudly at start


# -- stdio: `docvec mcp` ----------------------------------------------------------------------

class _OneLine(logging.Formatter):
    """stderr is the MCP client's log: one line per record, the exception's type and message
    but never its traceback (that goes to the data directory's log when this process owns it)."""

    def format(self, record: logging.LogRecord) -> str:
        line = f"docvec mcp: {record.levelname.lower()}: {record.getMessage()}"
        if record.exc_info and record.exc_info[1] is not None:
            line += f" ({type(record.exc_info[1]).__name__}: {record.exc_info[1]})"
        return line


def _log_to_stderr(level: int = logging.WARNING) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_OneLine())
    handler.setLevel(level)
    logging.getLogger().addHandler(handler)
    if logging.getLogger().level > level or logging.getLogger().level == logging.NOTSET:
        logging.getLogger().setLevel(level)


def _remote(settings) -> tuple[Library, Callable[[], None], str] | None:
    from docvec_gui.api.client import RemoteLibrary
    from docvec_gui.api.discovery import find_server

    info = find_server(settings.data_dir)
    if info is None:
        return None
    library = RemoteLibrary(info.url, info.token, data_dir=settings.data_dir)
    return library, library.close, f"client of {info.url}"


def _open_library(settings) -> tuple[Library, Callable[[], None], str]:
    """The library for this process: the owner's over HTTP when one serves the directory,
    else our own service (processing started, so added files get processed)."""
    import time

    from docvec_gui.api.library import LocalLibrary
    from docvec_gui.core.errors import DataDirInUse
    from docvec_gui.core.logs import configure_logging
    from docvec_gui.core.service import Service

    remote = _remote(settings)
    if remote is not None:
        return remote
    configure_logging(settings.log_path, settings.log_level)  # as every owning command: before opening
    try:
        service = Service(settings).open()
    except DataDirInUse:
        # An owner that is starting holds the lock before it publishes server.json: wait for it.
        deadline = time.monotonic() + OWNER_START_WAIT
        while time.monotonic() < deadline:
            time.sleep(0.25)
            remote = _remote(settings)
            if remote is not None:
                return remote
        raise
    try:
        service.start_processing()  # respects the user's pause: added files then wait, as in the window
    except BaseException:
        service.close(timeout=CLOSE_TIMEOUT, finish=False)
        raise

    def close() -> None:
        # Runs interrupted here go back to pending and resume at the next start: never an error.
        # (close() is False whenever runs were cut short: expected here, so not a warning.)
        if not service.close(timeout=CLOSE_TIMEOUT, finish=False):
            log.info("stopped; runs in progress went back to pending")

    return LocalLibrary(service), close, f"owner of {settings.data_dir}"


async def _serve_stdio(settings) -> None:
    import anyio
    from mcp.server.stdio import stdio_server

    # Claim stdin/stdout first: while serving, fd 1 points at stderr, so nothing the service
    # or its children (vector store, extraction sandbox) print can corrupt the protocol.
    async with stdio_server() as (read_stream, write_stream):
        # A failure must not leave this block by raising: the SDK's stdin reader (a worker
        # thread, not cancellable) would hold the exit until the client closes the pipe.
        try:
            library, close, role = await anyio.to_thread.run_sync(_open_library, settings)
        except Exception as exc:
            _fail(exc)
        log.info("docvec mcp over stdio as %s", role)
        failure: BaseException | None = None
        try:
            allow_write = bool(getattr(settings, "mcp_allow_write", False))
            max_chars = int(getattr(settings, "mcp_max_chars", DEFAULT_MAX_CHARS))
            server = build_mcp(library, allow_write, max_chars)
            low = server._lowlevel_server  # what MCPServer.run_stdio_async runs, on streams we already hold
            await low.run(read_stream, write_stream, low.create_initialization_options())
        except Exception as exc:
            failure = exc
        finally:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(close)
        if failure is not None:
            _fail(failure)


def run_stdio(data_dir: str | Path | None) -> int:
    """``docvec mcp``: serve MCP over stdin/stdout until EOF (or SIGTERM/Ctrl-C). Exit code 0 on
    EOF, 130 on a signal, 1 (one ``error: kind: message`` line on stderr) when the library
    cannot be opened (e.g. ``data_dir_in_use``: an owner that does not serve the local API)."""
    import anyio

    from docvec_gui.core.config import load_settings

    _log_to_stderr()
    try:
        settings = load_settings(data_dir)
        anyio.run(_serve_stdio, settings)
    except BaseException as exc:  # anyio may wrap what ended the loop in a group
        leaf = _first_leaf(exc)
        if isinstance(leaf, SystemExit):
            raise
        if isinstance(leaf, KeyboardInterrupt):  # SIGTERM/Ctrl-C: the service is closed already
            log.info("stopped by a signal")
            _exit_now(130)
        _fail(leaf)
    return 0


def _fail(exc: BaseException) -> NoReturn:
    kind, message = classify(_first_leaf(exc))  # one line, as every docvec command
    log.debug("docvec mcp failed", exc_info=exc)
    print(f"error: {kind}: {message}", file=sys.stderr)
    _exit_now(1)


def _exit_now(code: int) -> NoReturn:
    """Exit although the SDK's stdin reader may still block in read() on a worker thread
    (the client holds the pipe open): such a thread cannot be daemonized and would keep the
    interpreter from exiting. Only after the service was closed, on a signal or an error."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    logging.shutdown()
    os._exit(code)


def _first_leaf(group: BaseException) -> BaseException:
    while isinstance(group, BaseExceptionGroup) and group.exceptions:
        group = group.exceptions[0]
    return group
