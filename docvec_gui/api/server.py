"""The local HTTP API: Starlette on uvicorn, on the loopback interface only, in one thread
this object owns.

Every owner process (the window, ``docvec run``, ``docvec serve``) runs one
:class:`ApiServer` over its :class:`~docvec_gui.core.service.Service`. Safety, in the order
the checks run (:class:`_Guard`):

* the socket is bound to 127.0.0.1, never 0.0.0.0;
* ``Host`` must name the loopback (127.0.0.1, localhost, [::1]) and, with a port, ours;
  a present ``Origin`` must be a loopback origin too (DNS rebinding, a web page's fetch);
* ``Authorization: Bearer <token>`` on everything but ``/health``;
* request bodies are capped (JSON: :data:`JSON_BODY_MAX`; uploads: ``max_file_mb`` per file,
  :data:`MAX_UPLOAD_FILES` files) and answered 413 beyond;
* every error is ``{"error": {"kind", "message"}}`` with a 4xx/5xx status, never a traceback
  (the log keeps the details).

Blocking service calls run in a bounded thread pool (``anyio.to_thread``), never on the loop.
"""
from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import logging
import mimetypes
import os
import re
import shutil
import socket
import threading
import time
import unicodedata
import uuid
from pathlib import Path
from typing import Any, Callable

import anyio
import anyio.to_thread
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from docvec_gui.api import discovery
from docvec_gui.api.library import LocalLibrary
from docvec_gui.core.errors import DocvecError, classify
from docvec_gui.core.priority import INTERACTIVE_NICE, lower_this_thread
from docvec_gui.core.vocabulary import ErrorKind

log = logging.getLogger(__name__)

HOST = "127.0.0.1"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
JSON_BODY_MAX = 8 * 2**20  # a JSON request (paths to add, an MCP message): generous, bounded
MAX_UPLOAD_FILES = 1000  # files in one upload request; more is refused whole (413)
DRAIN_MAX = 64 * 2**20  # after refusing an upload, read this much more so the client sees the 413
TOP_K_MAX = 200
WORKER_THREADS = 8  # blocking calls in flight at once (searches, adds); more wait their turn
EVENT_QUEUE_MAX = 1000  # per SSE client; a client that falls this far behind is told to re-sync
SSE_HEARTBEAT = 15.0
DEFAULT_API_PORT = 0  # a free port (settings.api_port overrides, `docvec serve --port` too)

# Errors of a request, by kind; everything else that reaches a route is a 500.
STATUS_OF_KIND: dict[str, int] = {
    ErrorKind.NOT_FOUND: 404,
    ErrorKind.USAGE: 400, ErrorKind.INVALID_QUERY: 400, ErrorKind.AMBIGUOUS: 400, ErrorKind.CONFIG: 400,
    ErrorKind.UNREADABLE: 400, ErrorKind.DUPLICATE: 409,
    ErrorKind.DATA_DIR_IN_USE: 409, ErrorKind.READ_ONLY: 409,
    ErrorKind.TOO_LARGE: 413,
    ErrorKind.VECTOR_STORE: 503, ErrorKind.MODEL: 503, ErrorKind.EMBEDDING: 503, ErrorKind.DATABASE: 503,
    ErrorKind.DISK_FULL: 507, ErrorKind.INTERRUPTED: 503,
    ErrorKind.UNAUTHORIZED: 401, ErrorKind.FORBIDDEN: 403, ErrorKind.METHOD_NOT_ALLOWED: 405,
}


def status_for(kind: str) -> int:
    if kind.startswith("invalid_"):
        return 400
    return STATUS_OF_KIND.get(kind, 500)


def error_response(kind: str, message: str, status: int | None = None, headers: dict | None = None) -> JSONResponse:
    return JSONResponse({"error": {"kind": str(kind), "message": message}}, status_code=status or status_for(kind),
                        headers=headers)


class BodyTooLarge(DocvecError):
    kind = ErrorKind.TOO_LARGE


# -- upload names -----------------------------------------------------------------------
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]")
_WINDOWS_RESERVED = re.compile(r"^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$", re.IGNORECASE)
NAME_MAX_BYTES = 200


def clean_upload_name(name: str | None) -> str:
    """A file name from an upload, made safe to create inside a folder of our own: only its
    last path component, no control or reserved characters, no leading dots, bounded length,
    the extension kept (it decides the format). Never empty."""
    base = re.split(r"[/\\]", unicodedata.normalize("NFC", name or ""))[-1]
    base = _UNSAFE.sub("_", base).strip().lstrip(".").strip()
    if not base:
        base = "upload"
    if _WINDOWS_RESERVED.match(base):
        base = "_" + base
    stem, dot, ext = base.rpartition(".")
    if not dot:
        stem, ext = base, ""
    ext = ext[:16]
    while len((stem + (dot and "." + ext)).encode("utf-8")) > NAME_MAX_BYTES and stem:
        stem = stem[:-1]
    return (stem or "upload") + ("." + ext if dot and ext else "")


class _UploadSink:
    """python-multipart callbacks that write each file part straight to
    ``<root>/<uuid>/<clean name>`` (never a path from the client), counting bytes."""

    def __init__(self, root: Path, max_file_bytes: int, max_files: int) -> None:
        self.root = root
        self.max_file_bytes = max_file_bytes
        self.max_files = max_files
        self.files: list[tuple[Path, str]] = []  # (where it is, the name the client gave, cleaned)
        self.fields: dict[str, str] = {}
        self.refused: DocvecError | None = None
        self._headers: dict[bytes, bytes] = {}
        self._field: bytes = b""
        self._value: bytes = b""
        self._out = None
        self._size = 0
        self._field_name: str | None = None
        self._field_data = bytearray()

    def callbacks(self) -> dict[str, Callable]:
        return {"on_part_begin": self._part_begin, "on_header_field": self._header_field,
                "on_header_value": self._header_value, "on_header_end": self._header_end,
                "on_headers_finished": self._headers_finished, "on_part_data": self._part_data,
                "on_part_end": self._part_end}

    def _part_begin(self) -> None:
        self._headers, self._out, self._size, self._field_name = {}, None, 0, None
        self._field_data = bytearray()

    def _header_field(self, data: bytes, start: int, end: int) -> None:
        self._field += data[start:end]

    def _header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _header_end(self) -> None:
        self._headers[self._field.lower()] = self._value
        self._field, self._value = b"", b""

    def _headers_finished(self) -> None:
        from python_multipart.multipart import parse_options_header

        if self.refused is not None:
            return
        _, options = parse_options_header(self._headers.get(b"content-disposition", b""))
        if b"filename" not in options:
            self._field_name = options.get(b"name", b"").decode("utf-8", "replace")
            if len(self.fields) >= 100:
                self.refused = DocvecError("too many form fields", ErrorKind.USAGE)
            return
        if len(self.files) >= self.max_files:
            self.refused = BodyTooLarge(f"at most {self.max_files} files per upload; send the rest in another request")
            return
        name = clean_upload_name(options[b"filename"].decode("utf-8", "replace"))
        folder = self.root / uuid.uuid4().hex
        folder.mkdir(parents=True)
        path = folder / name
        self._out = open(path, "xb")  # noqa: SIM115 - closed in _part_end or close()
        self.files.append((path, name))

    def _part_data(self, data: bytes, start: int, end: int) -> None:
        if self.refused is not None:
            return
        if self._out is None:
            if self._field_name is not None and len(self._field_data) < 4096:
                self._field_data += data[start:end]
            return
        self._size += end - start
        if self._size > self.max_file_bytes:
            name = self.files[-1][1]
            self.refused = BodyTooLarge(f"{name} is larger than the {self.max_file_bytes // 2**20} MB limit "
                                        f"(MAX_FILE_MB)")
            self.close()
            return
        self._out.write(data[start:end])

    def _part_end(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None
        elif self._field_name is not None:
            self.fields[self._field_name] = self._field_data.decode("utf-8", "replace")

    def close(self) -> None:
        if self._out is not None:
            self._out.close()
            self._out = None


# -- the app ------------------------------------------------------------------------------
class _Guard:
    """Pure ASGI middleware: Host, Origin, token, body size, before any route runs."""

    def __init__(self, app, server: "ApiServer") -> None:
        self.app = app
        self.server = server

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = self._refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send)
            return
        self.server._request_started()
        try:
            if scope["path"] != "/api/upload-files":
                receive = _capped(receive, JSON_BODY_MAX)
            await self.app(scope, receive, send)
        finally:
            self.server._request_finished()

    def _refusal(self, scope) -> Response | None:
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if not _loopback_host(headers.get("host"), self.server.port):
            return error_response(ErrorKind.FORBIDDEN, "this server answers only requests addressed to the loopback "
                                               "interface (Host header)")
        origin = headers.get("origin")
        if origin is not None and not _loopback_origin(origin):
            return error_response(ErrorKind.FORBIDDEN, "requests from web pages are not accepted (Origin header)")
        length = headers.get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self._body_max(scope["path"])):
            return error_response(ErrorKind.TOO_LARGE, "the request body is too large")
        if scope["path"] == "/health":
            return None
        auth = headers.get("authorization", "")
        scheme, _, given = auth.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), self.server.token.encode()):
            return error_response(ErrorKind.UNAUTHORIZED, "a valid token is required (Authorization: Bearer <token>; "
                                                  "the token is in the data directory's api-token file)",
                                  headers={"WWW-Authenticate": "Bearer"})
        return None

    def _body_max(self, path: str) -> int:
        if path == "/api/upload-files":
            return self.server.max_file_bytes * MAX_UPLOAD_FILES + 2**20
        return JSON_BODY_MAX


def _capped(receive, limit: int):
    seen = 0

    async def wrapped():
        nonlocal seen
        message = await receive()
        if message["type"] == "http.request":
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(f"the request body is larger than {limit // 2**20} MB")
        return message

    return wrapped


def _split_host(value: str) -> tuple[str, str | None]:
    if value.startswith("["):
        host, _, rest = value.partition("]")
        return host + "]", rest[1:] if rest.startswith(":") else None
    host, colon, port = value.partition(":")
    return host, port if colon else None


def _loopback_host(value: str | None, port: int | None) -> bool:
    if not value:
        return False
    host, given = _split_host(value.strip().lower())
    return host in LOOPBACK_NAMES and (given is None or (given.isdigit() and int(given) == port))


def _loopback_origin(origin: str) -> bool:
    scheme, sep, rest = origin.strip().lower().partition("://")
    if not sep or scheme not in ("http", "https") or "/" in rest:
        return False
    host, _ = _split_host(rest)
    return host in LOOPBACK_NAMES


def _int_param(request: Request, name: str, default: int | None, low: int, high: int) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise DocvecError(f"{name} must be a whole number, got {raw[:40]!r}", ErrorKind.USAGE) from None
    if not low <= value <= high:
        raise DocvecError(f"{name} must be between {low} and {high}", ErrorKind.USAGE)
    return value


def _bool_param(request: Request, name: str, default: bool) -> bool:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in ("1", "true", "yes"):
        return True
    if raw.lower() in ("0", "false", "no"):
        return False
    raise DocvecError(f"{name} must be true or false", ErrorKind.USAGE)


async def _json_body(request: Request) -> dict:
    body = await request.body()
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise DocvecError("the body must be a JSON object", ErrorKind.USAGE) from None
    if not isinstance(data, dict):
        raise DocvecError("the body must be a JSON object", ErrorKind.USAGE)
    return data


def event_json(event) -> dict:
    return {"kind": str(event.kind), "doc_id": event.doc_id, "status": event.status, "progress": event.progress,
            "message": event.message, "extra": event.extra}


class _LazyMCP:
    """The ``/mcp`` endpoint (raw ASGI): the MCP server made on first use, then its own app."""

    def __init__(self, server: "ApiServer") -> None:
        self.server = server

    async def __call__(self, scope, receive, send) -> None:
        app = await self.server._mcp_app()
        if app is None:
            await error_response(ErrorKind.NOT_FOUND, "MCP is not available in this docvec (see its log)",
                                 404)(scope, receive, send)
            return
        await app(scope, receive, send)


class ApiServer:
    """The local API of one owner process, served by uvicorn in a thread this object owns.

    ``start()`` binds 127.0.0.1 (``port``, else ``settings.api_port``, else a free port),
    serves, and publishes ``server.json``/``api-token`` (:mod:`discovery`); ``stop()``
    withdraws them and stops within its timeout. Safe to call from any thread."""

    def __init__(self, service, settings=None, port: int | None = None, library=None,
                 token: str | None = None, publish: bool = True, worker_threads: int = WORKER_THREADS) -> None:
        self.service = service
        self.worker_threads = max(1, worker_threads)
        self._settings = settings
        self.library = library or LocalLibrary(service)
        configured = getattr(self.settings, "api_port", DEFAULT_API_PORT)
        self._wanted_port = int(port if port is not None else (configured or 0))
        self.token = token or discovery.new_token()
        self.publish = publish
        self.port: int | None = None
        self.error: str | None = None
        self.error_kind: str = str(ErrorKind.CONFIG)  # what ``error`` is (disk_full when publishing failed)
        self.active_requests = 0
        self.last_request_at: float | None = None  # time.time() of the last request (status bar)
        self.mcp_mounted = False
        self._server = None
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._closing: asyncio.Event | None = None
        self._limiter: anyio.CapacityLimiter | None = None
        self._mcp = None
        self._mcp_route = None
        self._mcp_lock: asyncio.Lock | None = None  # made in the lifespan, on the server's loop
        self._tasks = None  # the lifespan's task group (MCP's session manager runs there)
        self._count_lock = threading.Lock()

    # -- properties --------------------------------------------------------------------
    @property
    def settings(self):
        return getattr(self.service, "settings", None) or self._settings

    @property
    def url(self) -> str | None:
        return f"http://{HOST}:{self.port}" if self.port else None

    @property
    def max_file_bytes(self) -> int:
        return int(self.settings.max_file_mb) * 2**20

    @property
    def data_dir(self) -> Path:
        return Path(self.settings.data_dir)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive() and self.port is not None

    def _request_started(self) -> None:
        with self._count_lock:
            self.active_requests += 1
            self.last_request_at = time.time()

    def _request_finished(self) -> None:
        with self._count_lock:
            self.active_requests -= 1

    # -- lifecycle ---------------------------------------------------------------------
    def start(self, timeout: float = 15.0) -> bool:
        """Serve; True once requests are answered. False (``error`` says why) when the port
        is taken or the server did not come up within ``timeout``."""
        import uvicorn

        if self.running:
            return True
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            # Windows' SO_REUSEADDR would let another program bind our port too; its
            # exclusive flag is what POSIX SO_REUSEADDR means (rebinding after TIME_WAIT only).
            exclusive = getattr(socket, "SO_EXCLUSIVEADDRUSE", None)
            sock.setsockopt(socket.SOL_SOCKET, exclusive if exclusive is not None else socket.SO_REUSEADDR, 1)
            sock.bind((HOST, self._wanted_port))
        except (OSError, OverflowError) as exc:  # taken, not allowed, or not a port number
            sock.close()
            self.error = f"cannot listen on {HOST}:{self._wanted_port}: {getattr(exc, 'strerror', None) or exc}"
            log.error("API server: %s", self.error)
            return False
        self.port = sock.getsockname()[1]
        self.mcp_mounted = True  # built on the first request to /mcp (see _mcp_app)
        config = uvicorn.Config(self._build_app(), log_config=None, access_log=False, lifespan="on", loop="asyncio",
                                http="h11", ws="none", timeout_graceful_shutdown=3, timeout_keep_alive=5)
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, args=(sock,), name="docvec-api", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started and self._thread.is_alive() and time.monotonic() < deadline:
            time.sleep(0.02)
        if not self._server.started:
            self.error = self.error or "the API server did not start in time"
            log.error("API server: %s", self.error)
            self.stop(timeout=5)
            return False
        if self.publish:
            try:
                discovery.publish(self.data_dir, self.url, self.token)
            except OSError as exc:  # e.g. a full disk: clients could not find us, so do not serve
                kind, _ = classify(exc)
                self.error_kind = str(kind)
                self.error = f"cannot write {discovery.SERVER_FILE} in {self.data_dir}: {exc.strerror or exc}"
                log.error("API server: %s", self.error)
                self.stop(timeout=5)
                return False
        log.info("API server at %s (MCP at /mcp, made on first use)", self.url)
        return True

    def _serve(self, sock: socket.socket) -> None:
        # The event loop too (HTTP parsing, MCP messages): below the window, above ingestion
        # (core/priority.py); the worker threads it starts inherit this level.
        lower_this_thread(INTERACTIVE_NICE)
        try:
            self._server.run(sockets=[sock])
        except BaseException as exc:  # logged with context: start() reports it as a failed start
            self.error = f"the API server stopped: {exc}"
            log.exception("API server thread failed")
        finally:
            sock.close()

    def stop(self, timeout: float = 10.0) -> bool:
        """Withdraw the discovery files, then stop serving. True if the thread ended within
        ``timeout`` (a stuck one is daemon: it cannot keep the process alive)."""
        if self.publish and self.port is not None:
            discovery.withdraw(self.data_dir)
        thread, server = self._thread, self._server
        if thread is None or server is None:
            return True
        server.should_exit = True
        loop, closing = self._loop, self._closing
        if loop is not None and closing is not None:
            with contextlib.suppress(RuntimeError):  # the loop is already closed: nothing to wake
                loop.call_soon_threadsafe(closing.set)
        thread.join(max(0.0, timeout - 1.0))
        if thread.is_alive():
            server.force_exit = True
            thread.join(1.0)
        stopped = not thread.is_alive()
        if not stopped:
            log.error("the API server thread did not stop within %.0f s", timeout)
        self._thread = None
        self.port = None if stopped else self.port
        return stopped

    def regenerate_token(self) -> str:
        """A new token from now on (the old one is refused at once), published again.
        If it cannot be published (a full disk: ``OSError``) the old token stays in force:
        clients read ``api-token``, which still holds it."""
        token = discovery.new_token()
        if self.publish and self.running:
            discovery.write_token(self.data_dir, token)  # server.json (url, pid) is unchanged
        self.token = token
        return self.token

    def set_mcp_allow_write(self, allowed: bool) -> None:
        """Settings' "Allow AI assistants to change the library", applied at once: the write
        tools appear (or go) for MCP clients over HTTP without a restart. (Not made yet, the
        MCP server reads the setting when it is.)"""
        if self._mcp is not None:
            self._mcp.set_allow_write(allowed)

    # -- MCP ---------------------------------------------------------------------------
    def _prepare_mcp(self) -> None:
        """Build the MCP server (``api.mcp_server.build_mcp``) and its route at ``/mcp``.
        If that fails the API still serves; ``/mcp`` then answers 404."""
        self._mcp = self._mcp_route = None
        self.mcp_mounted = False
        try:
            from docvec_gui.api.mcp_server import build_mcp, mcp_http_route
        except ImportError as exc:
            log.warning("MCP over HTTP not available: %s", exc)
            return
        settings = self.settings
        try:
            mcp = build_mcp(self.library, allow_write=bool(getattr(settings, "mcp_allow_write", False)),
                            max_chars=int(getattr(settings, "mcp_max_chars", 20_000)))
            self._mcp_route = mcp_http_route(mcp, "/mcp")
            self._mcp = mcp
            self.mcp_mounted = True
        except Exception:  # the API serves without MCP rather than not at all
            log.exception("the MCP server could not be built; /mcp is off")
            self._mcp = self._mcp_route = None

    # -- the ASGI app --------------------------------------------------------------------
    def _build_app(self):
        routes = [
            Route("/health", self.health, methods=["GET"]),
            Route("/openapi.json", self.openapi, methods=["GET"]),
            Route("/api/upload-files", self.upload_files, methods=["POST"]),
            Route("/api/add-paths", self.add_paths, methods=["POST"]),
            Route("/api/files/status", self.files_status, methods=["GET"]),
            Route("/api/documents", self.documents, methods=["GET"]),
            Route("/api/process-all", self.process_all, methods=["POST"]),
            Route("/api/search", self.search, methods=["GET"]),
            Route("/api/events", self.events, methods=["GET"]),
            Route("/api/files/{id}/status", self.file_status, methods=["GET"]),
            Route("/api/files/{id}/process", self.process_one, methods=["POST"]),
            Route("/api/files/{id}/content", self.content, methods=["GET"]),
            Route("/api/files/{id}/chunks/{index}", self.chunk, methods=["GET"]),
            Route("/api/files/{id}", self.file_detail, methods=["GET"]),
            Route("/api/files/{id}", self.delete, methods=["DELETE"]),
        ]
        routes.append(Route("/mcp", _LazyMCP(self), methods=["GET", "POST", "DELETE"]))
        handlers = {DocvecError: self._docvec_error, HTTPException: self._http_error,
                    ClientDisconnect: self._client_gone, Exception: self._crash}
        api = Starlette(routes=routes, exception_handlers=handlers, lifespan=self._lifespan)
        return _Guard(_json_errors(api), self)

    @contextlib.asynccontextmanager
    async def _lifespan(self, app):
        self._loop = asyncio.get_running_loop()
        self._closing = asyncio.Event()
        self._limiter = anyio.CapacityLimiter(self.worker_threads)
        self._mcp_lock = asyncio.Lock()
        async with anyio.create_task_group() as tasks:
            self._tasks = tasks  # where MCP's session manager runs once made
            yield
            tasks.cancel_scope.cancel()

    async def _mcp_app(self):
        """The MCP endpoint's ASGI app, made on the first request to /mcp, or None if it could
        not be made. Lazily, because importing the SDK and building its pydantic models holds
        the GIL for about a second: in the window that would stall the Qt thread at every
        start, for a door most assistants never use (they launch `docvec mcp` instead)."""
        async with self._mcp_lock:
            if self._mcp_route is None and self.mcp_mounted:
                await self._call(self._prepare_mcp)
                if self._mcp is not None:
                    await self._tasks.start(self._run_mcp_sessions)
            return self._mcp_route.app if self._mcp_route is not None else None

    async def _run_mcp_sessions(self, task_status=anyio.TASK_STATUS_IGNORED) -> None:
        async with self._mcp.session_manager.run():
            task_status.started()
            await anyio.sleep_forever()

    async def _call(self, func: Callable, *args, **kwargs) -> Any:
        """A blocking call in the worker pool (never on the loop), at the interactive priority:
        in the window's process, 50 clients searching must not take the CPU from its thread,
        nor ingestion from them (core/priority.py)."""
        def call():
            lower_this_thread(INTERACTIVE_NICE)
            return func(*args, **kwargs)

        return await anyio.to_thread.run_sync(call, limiter=self._limiter)

    async def _answer(self, func: Callable, *args, **kwargs) -> Response:
        """``func``'s dict as a JSON response, rendered in the worker too: the status of
        100,000 documents is tens of MB of JSON, which must not stall the loop."""
        def render() -> bytes:
            lower_this_thread(INTERACTIVE_NICE)  # as _call
            data = func(*args, **kwargs)
            try:
                return json.dumps(data, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode("utf-8")
            except UnicodeEncodeError:  # a lone surrogate (a name that was not UTF-8): escape it
                return json.dumps(data, allow_nan=False, separators=(",", ":")).encode("ascii")

        return Response(await anyio.to_thread.run_sync(render, limiter=self._limiter), media_type="application/json")

    # -- error handlers ------------------------------------------------------------------
    async def _docvec_error(self, request: Request, exc: Exception) -> Response:
        kind, message = classify(exc)
        status = status_for(kind)
        if status >= 500:
            log.warning("%s %s failed: %s: %s", request.method, request.url.path, kind, message)
        return error_response(kind, message, status)

    async def _http_error(self, request: Request, exc: HTTPException) -> Response:
        kind = {404: ErrorKind.NOT_FOUND, 405: ErrorKind.METHOD_NOT_ALLOWED}.get(exc.status_code, ErrorKind.USAGE)
        return error_response(kind, str(exc.detail), exc.status_code)

    async def _client_gone(self, request: Request, exc: Exception) -> Response:
        """The client closed the connection before its body ended (killed, cancelled): not
        an error of ours (the route's ``finally`` blocks cleaned up); nobody reads the answer."""
        log.info("%s %s: the client went away before sending its whole request", request.method, request.url.path)
        return error_response(ErrorKind.INTERRUPTED, "the request body ended early (the client went away)", 400)

    async def _crash(self, request: Request, exc: Exception) -> Response:
        kind, message = classify(exc)
        log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
        return error_response(kind, message, max(500, status_for(kind)))

    # -- routes ----------------------------------------------------------------------------
    async def health(self, request: Request) -> Response:
        report = await self._call(self.library.health)
        if not self._authorised(request):  # without the token: only whether it is up
            return JSONResponse({"status": "ok" if report.get("ok") else "degraded", "ok": bool(report.get("ok"))})
        return JSONResponse({"status": "ok" if report.get("ok") else "degraded", **report})

    def _authorised(self, request: Request) -> bool:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), self.token.encode())

    async def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document(self.url or ""))

    async def files_status(self, request: Request) -> Response:
        return await self._answer(self.library.status)

    async def file_status(self, request: Request) -> Response:
        return await self._answer(self.library.status, request.path_params["id"])

    async def documents(self, request: Request) -> Response:
        q = request.query_params
        return await self._answer(self.library.documents, status=q.get("status") or None,
                                  folder_id=_int_param(request, "folder", None, 0, 2**62),
                                  name=q.get("name") or None, limit=_int_param(request, "limit", 100, 0, 1000),
                                  offset=_int_param(request, "offset", 0, 0, 2**62))

    async def file_detail(self, request: Request) -> Response:
        return await self._answer(self.library.document, request.path_params["id"],
                                  chunk_offset=_int_param(request, "chunk_offset", 0, 0, 2**62),
                                  chunk_limit=_int_param(request, "chunk_limit", 50, 0, 500))

    async def chunk(self, request: Request) -> Response:
        raw = request.path_params["index"]
        if not raw.isdigit():
            raise DocvecError(f"a chunk index is a whole number, got {raw[:40]!r}", ErrorKind.USAGE)
        return await self._answer(self.library.chunk, request.path_params["id"], int(raw),
                                  around=_int_param(request, "around", 1, 0, 10))

    async def content(self, request: Request) -> Response:
        path = await self._call(self.library.content_path, request.path_params["id"])
        exists = await self._call(Path(path).is_file)
        if not exists:
            raise DocvecError("the stored file is missing (moved or deleted from disk)", ErrorKind.NOT_FOUND)
        doc = await self._call(self.library.status, request.path_params["id"])
        name = doc["documents"][0]["filename"]
        media = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return FileResponse(path, media_type=media, filename=name, content_disposition_type="attachment")

    async def search(self, request: Request) -> Response:
        q = request.query_params
        query = q.get("q")
        if query is None or not query.strip():
            raise DocvecError("the query is empty (q=...)", ErrorKind.INVALID_QUERY)
        return await self._answer(self.library.search, query, mode=q.get("mode") or "hybrid",
                                  top_k=_int_param(request, "top_k", 10, 1, TOP_K_MAX),
                                  folder_id=_int_param(request, "folder", None, 0, 2**62),
                                  doc_ids=q.getlist("doc_id") or None, passages=_bool_param(request, "passages", False))

    async def process_one(self, request: Request) -> Response:
        return await self._answer(self.library.process, request.path_params["id"])

    async def process_all(self, request: Request) -> Response:
        return await self._answer(self.library.process_all)

    async def delete(self, request: Request) -> Response:
        return await self._answer(self.library.delete, request.path_params["id"])

    async def add_paths(self, request: Request) -> Response:
        """Files or folders on this machine, by path (``docvec add`` and MCP ``add_paths`` as
        clients): ``{"paths": [str...], "process": bool}``."""
        body = await _json_body(request)
        paths, process = body.get("paths"), body.get("process", True)
        if not isinstance(paths, list) or not paths or not all(isinstance(p, str) and p for p in paths):
            raise DocvecError("paths must be a non-empty list of strings", ErrorKind.USAGE)
        if not isinstance(process, bool):
            raise DocvecError("process must be true or false", ErrorKind.USAGE)
        return await self._answer(self.library.add, paths, process=process)

    async def upload_files(self, request: Request) -> Response:
        """Multipart, any number of file parts (up to :data:`MAX_UPLOAD_FILES`); each is
        saved under ``tmp/uploads/<uuid>/<clean name>``, added, then removed. All or nothing:
        a refused request adds no file."""
        from python_multipart.multipart import MultipartParser, parse_options_header

        ctype, params = parse_options_header(request.headers.get("content-type", ""))
        if ctype != b"multipart/form-data" or b"boundary" not in params:
            raise DocvecError("send the files as multipart/form-data", ErrorKind.USAGE)
        process = _bool_param(request, "process", True)
        root = self.data_dir / "tmp" / "uploads" / uuid.uuid4().hex
        sink = _UploadSink(root, self.max_file_bytes, MAX_UPLOAD_FILES)
        try:
            await self._call(root.mkdir, parents=True)
            await self._receive_upload(request, sink, MultipartParser(params[b"boundary"], sink.callbacks()))
            if sink.refused is not None:
                raise sink.refused
            if not sink.files:
                raise DocvecError("no files in the upload (multipart parts with a filename)", ErrorKind.USAGE)
            report = await self._call(self.library.add_uploaded, [str(p) for p, _ in sink.files], process=process)
        finally:
            sink.close()
            await self._call(shutil.rmtree, root, True)
        return JSONResponse(_named_as_uploaded(report, {str(p): n for p, n in sink.files}))

    async def _receive_upload(self, request: Request, sink: _UploadSink, parser) -> None:
        from python_multipart.exceptions import MultipartParseError
        from python_multipart.multipart import MultipartState

        drained = 0
        try:
            async for chunk in request.stream():
                if sink.refused is None:
                    await self._call(parser.write, chunk)
                else:  # read on (bounded) so the client gets our 413 instead of a broken pipe
                    drained += len(chunk)
                    if drained > DRAIN_MAX:
                        break
            if sink.refused is None:
                await self._call(parser.finalize)
        except MultipartParseError as exc:
            raise DocvecError(f"malformed multipart body: {exc}", ErrorKind.USAGE) from None
        if sink.refused is None and parser.state != MultipartState.END:
            # finalize() does not check: a body cut short would add its last file half-written.
            raise DocvecError("the multipart body ends before its closing boundary", ErrorKind.USAGE)

    async def events(self, request: Request) -> Response:
        """Server-sent events: every core event, in order, as ``event: <kind>`` with a JSON
        ``data`` line and an increasing ``id``. A client too slow to keep up gets one
        ``overflow`` event (re-read ``/api/files/status``) and the stream goes on."""
        loop = asyncio.get_running_loop()
        queue: asyncio.Queue = asyncio.Queue(maxsize=EVENT_QUEUE_MAX)
        lost = [False]

        def put(item) -> None:
            try:
                queue.put_nowait(item)
            except asyncio.QueueFull:
                lost[0] = True

        def listener(event) -> None:  # a worker thread: hand over to the loop, never block
            try:
                loop.call_soon_threadsafe(put, event)
            except RuntimeError:  # the loop is closed: the stream is over anyway
                pass

        unsubscribe = self.service.subscribe(listener)
        closing = self._closing
        return StreamingResponse(self._event_stream(queue, lost, unsubscribe, closing, request),
                                 media_type="text/event-stream",
                                 headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})

    async def _event_stream(self, queue: asyncio.Queue, lost: list, unsubscribe, closing, request: Request):
        number = 0
        try:
            yield ": connected\n\n"
            idle = 0.0
            while not closing.is_set():
                try:
                    event = await asyncio.wait_for(queue.get(), timeout=0.5)
                except asyncio.TimeoutError:
                    idle += 0.5
                    if idle >= SSE_HEARTBEAT:
                        idle = 0.0
                        yield ": keep-alive\n\n"
                    if await request.is_disconnected():
                        break
                    continue
                idle = 0.0
                if lost[0]:
                    lost[0] = False
                    number += 1
                    yield f"id: {number}\nevent: overflow\ndata: {{}}\n\n"
                number += 1
                data = json.dumps(event_json(event), ensure_ascii=False, default=str)
                yield f"id: {number}\nevent: {event.kind}\ndata: {data}\n\n"
        finally:
            unsubscribe()


def _named_as_uploaded(report: dict, names: dict[str, str]) -> dict:
    """The add report with the client's (cleaned) file names in place of our temporary paths."""
    for entries in report.values():
        for item in entries:
            if isinstance(item, dict) and "path" in item:
                item["path"] = names.get(item["path"], os.path.basename(str(item["path"])))
    return report


def _json_errors(app):
    """The app, with an exception that escapes before a response started answered as JSON."""

    async def wrapped(scope, receive, send) -> None:
        started = False

        async def tracking_send(message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await app(scope, receive, tracking_send)
        except Exception as exc:
            if started:
                # Starlette answered it (JSON, logged by the handler) and re-raises it for the
                # server's log; ours already has it, and uvicorn's would be a second copy.
                log.debug("request failed after its response started: %s", exc)
                return
            kind, message = classify(exc)
            if not isinstance(exc, DocvecError):
                log.error("request failed", exc_info=exc)
            await error_response(kind, message)(scope, receive, send)

    return wrapped


def _op(summary: str, params: list | None = None, body: dict | None = None, auth: bool = True) -> dict:
    op: dict = {"summary": summary, "responses": {"200": {"description": "OK"},
                                                  "4XX": {"$ref": "#/components/responses/Error"},
                                                  "5XX": {"$ref": "#/components/responses/Error"}}}
    if params:
        op["parameters"] = params
    if body:
        op["requestBody"] = body
    if not auth:
        op["security"] = []
    return op


def _param(name: str, where: str = "query", kind: str = "string", required: bool = False, text: str = "") -> dict:
    return {"name": name, "in": where, "required": required or where == "path", "schema": {"type": kind},
            "description": text}


def openapi_document(url: str) -> dict:
    """The API's OpenAPI 3.1 description (``GET /openapi.json``), written by hand."""
    doc_id = _param("id", "path", text="document id, or an unambiguous prefix of 8+ characters")
    multipart = {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}}}}}}
    paths_body = {"required": True, "content": {"application/json": {"schema": {
        "type": "object", "required": ["paths"], "properties": {
            "paths": {"type": "array", "items": {"type": "string"}}, "process": {"type": "boolean"}}}}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "docvec local API", "version": _version(),
                 "description": "The knowledge base of one data directory, on the loopback interface. Every route "
                                "but /health needs `Authorization: Bearer <token>` (the data directory's api-token "
                                "file). Errors are {\"error\": {\"kind\", \"message\"}}."},
        "servers": [{"url": url}] if url else [],
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "responses": {"Error": {"description": "an error", "content": {"application/json": {"schema": {
                "type": "object", "properties": {"error": {"type": "object", "properties": {
                    "kind": {"type": "string"}, "message": {"type": "string"}}}}}}}}},
        },
        "security": [{"token": []}],
        "paths": {
            "/health": {"get": _op("Up or not (with the token: database, queue, model, vector store)", auth=False)},
            "/api/upload-files": {"post": _op(f"Add uploaded files (multipart, up to {MAX_UPLOAD_FILES}; each up to "
                                              "MAX_FILE_MB)", [_param("process", kind="boolean")], multipart)},
            "/api/add-paths": {"post": _op("Add files or folders on this machine by path", body=paths_body)},
            "/api/files/status": {"get": _op("Every document and the counts by status (docvec status --json)")},
            "/api/documents": {"get": _op("A page of documents, filtered", [
                _param("status"), _param("folder", kind="integer"), _param("name", text="part of the file name"),
                _param("limit", kind="integer"), _param("offset", kind="integer")])},
            "/api/files/{id}/status": {"get": _op("One document's status", [doc_id])},
            "/api/files/{id}/process": {"post": _op("Process a document again", [doc_id])},
            "/api/process-all": {"post": _op("Queue every pending and failed document")},
            "/api/files/{id}": {
                "get": _op("A document's metadata and a page of its chunks", [
                    doc_id, _param("chunk_offset", kind="integer"), _param("chunk_limit", kind="integer")]),
                "delete": _op("Delete a document, its vectors and its stored copy", [doc_id])},
            "/api/files/{id}/content": {"get": _op("The stored file", [doc_id])},
            "/api/files/{id}/chunks/{index}": {"get": _op("A chunk with its neighbours", [
                doc_id, _param("index", "path", "integer"), _param("around", kind="integer")])},
            "/api/search": {"get": _op("Search by meaning and keywords", [
                _param("q", required=True), _param("mode", text="hybrid | vector | keyword"),
                _param("top_k", kind="integer"), _param("folder", kind="integer"),
                _param("doc_id", text="repeatable: search these documents only"),
                _param("passages", kind="boolean", text="every passage instead of one per document")])},
            "/api/events": {"get": _op("Server-sent events: added, status, progress, deleted, health, folder")},
            "/mcp": {"post": _op("MCP over streamable HTTP")},
        },
    }


def _version() -> str:
    from docvec_gui import __version__

    return __version__
