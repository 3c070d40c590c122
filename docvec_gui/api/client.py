"""``RemoteLibrary``: the :class:`~docvec_gui.api.library.Library` of a data directory
that another process owns, over its local HTTP API (``api/server.py``).

Every call has a timeout; a server error comes back as the same
:class:`~docvec_gui.core.errors.DocvecError` (same ``kind``, same message) that the owner
raised, so callers handle both libraries alike.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

import httpx

from docvec_gui.core.errors import DocvecError
from docvec_gui.core.vocabulary import ErrorKind

log = logging.getLogger(__name__)

UNREACHABLE = ErrorKind.UNREACHABLE  # "no answer from the owner" (connection refused, timeout)
CONNECT_TIMEOUT = 5.0
CALL_TIMEOUT = 60.0  # a search may wait for the model to load on the owner's side
ADD_TIMEOUT = 900.0  # adding a large folder copies every file before answering
# Seconds every call may wait for the owner's answer (CALL_TIMEOUT, ADD_TIMEOUT when unset): scripts that
# would rather fail fast than wait for a stopped or busy owner, and the fault tests.
TIMEOUT_ENV = "DOCVEC_API_TIMEOUT"


def env_timeout(environ: dict | None = None) -> float | None:
    """``DOCVEC_API_TIMEOUT`` in seconds, or None when unset or not a positive number (a bad
    value is logged, not fatal: the defaults are safe). It bounds every call, ``add`` too."""
    raw = (os.environ if environ is None else environ).get(TIMEOUT_ENV, "").strip()
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not 0 < value < float("inf"):
        log.warning("%s=%r is not a positive number of seconds; ignored", TIMEOUT_ENV, raw)
        return None
    return value


class RemoteLibrary:
    """A :class:`Library` served by the process at ``url`` (``token`` from ``api-token``).

    ``transport``: an httpx transport (e.g. ``httpx.MockTransport``) instead of the network.
    ``data_dir``: where the owner publishes its token; a 401 then re-reads it once (the user
    may have made a new token in Settings since this client started).
    Safe to share between threads (one httpx client, which is)."""

    def __init__(self, url: str, token: str, transport: httpx.BaseTransport | None = None,
                 timeout: float | None = None, data_dir: Path | None = None) -> None:
        self.url = url.rstrip("/")
        self._data_dir = data_dir
        chosen = env_timeout() if timeout is None else timeout
        self._timeout = chosen or CALL_TIMEOUT
        self._add_timeout = chosen or ADD_TIMEOUT
        self._client = httpx.Client(base_url=self.url, transport=transport,
                                    headers={"Authorization": f"Bearer {token}"},
                                    timeout=httpx.Timeout(self._timeout, connect=min(CONNECT_TIMEOUT, self._timeout)),
                                    trust_env=False)
        self._downloads: Path | None = None

    # -- plumbing ------------------------------------------------------------------------
    def _request(self, method: str, path: str, timeout: float | None = None, **kwargs) -> httpx.Response:
        response = self._send(method, path, timeout, **kwargs)
        if response.status_code == 401 and self._new_token():
            response = self._send(method, path, timeout, **kwargs)
        if response.status_code >= 400:
            raise _error_of(response)
        return response

    def _new_token(self) -> bool:
        """The owner's current token, if it changed (Settings ▸ Connections ▸ Regenerate)."""
        if self._data_dir is None:
            return False
        from docvec_gui.api.discovery import find_server

        info = find_server(self._data_dir)
        wanted = f"Bearer {info.token}" if info is not None and info.url.rstrip("/") == self.url else None
        if wanted is None or wanted == self._client.headers.get("Authorization"):
            return False
        self._client.headers["Authorization"] = wanted
        return True

    def _send(self, method: str, path: str, timeout: float | None, **kwargs) -> httpx.Response:
        try:
            return self._client.request(method, path, timeout=timeout or self._timeout, **kwargs)
        except httpx.TimeoutException as exc:
            raise DocvecError(f"the docvec server at {self.url} did not answer in time ({exc})", UNREACHABLE) from exc
        except httpx.TransportError as exc:
            raise DocvecError(f"cannot reach the docvec server at {self.url}: {exc}", UNREACHABLE) from exc

    def _json(self, method: str, path: str, **kwargs) -> dict:
        response = self._request(method, path, **kwargs)
        try:
            return response.json()
        except ValueError as exc:
            raise DocvecError(f"the docvec server sent something that is not JSON (HTTP {response.status_code})",
                              UNREACHABLE) from exc

    @staticmethod
    def _doc(doc_id: str) -> str:
        return quote(str(doc_id), safe="")

    def close(self) -> None:
        self._client.close()
        if self._downloads is not None:
            shutil.rmtree(self._downloads, ignore_errors=True)
            self._downloads = None

    def __enter__(self) -> "RemoteLibrary":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- Library ---------------------------------------------------------------------------
    def status(self, doc_id: str | None = None) -> dict:
        if doc_id is not None:
            return self._json("GET", f"/api/files/{self._doc(doc_id)}/status")
        return self._json("GET", "/api/files/status")

    def documents(self, status: str | None = None, folder_id: int | None = None, name: str | None = None,
                  limit: int = 100, offset: int = 0) -> dict:
        params = {"limit": limit, "offset": offset}
        params.update({k: v for k, v in (("status", status), ("folder", folder_id), ("name", name)) if v is not None})
        return self._json("GET", "/api/documents", params=params)

    def document(self, doc_id: str, chunk_offset: int = 0, chunk_limit: int = 50) -> dict:
        return self._json("GET", f"/api/files/{self._doc(doc_id)}",
                          params={"chunk_offset": chunk_offset, "chunk_limit": chunk_limit})

    def chunk(self, doc_id: str, index: int, around: int = 1) -> dict:
        return self._json("GET", f"/api/files/{self._doc(doc_id)}/chunks/{int(index)}", params={"around": around})

    def search(self, query: str, mode: str = "hybrid", top_k: int = 10, folder_id: int | None = None,
               doc_ids: Sequence[str] | None = None, passages: bool = False) -> dict:
        params: list[tuple[str, str | int]] = [("q", query), ("mode", mode), ("top_k", top_k)]
        if folder_id is not None:
            params.append(("folder", folder_id))
        params += [("doc_id", d) for d in doc_ids or ()]
        if passages:
            params.append(("passages", "true"))
        return self._json("GET", "/api/search", params=params)

    def add(self, paths: Sequence[str], process: bool = True) -> dict:
        # ensure_ascii: a name that is not valid UTF-8 travels as its surrogate escapes.
        body = json.dumps({"paths": [str(p) for p in paths], "process": bool(process)}, ensure_ascii=True)
        return self._json("POST", "/api/add-paths", content=body.encode("ascii"), timeout=self._add_timeout,
                          headers={"Content-Type": "application/json"})

    def process(self, doc_id: str) -> dict:
        return self._json("POST", f"/api/files/{self._doc(doc_id)}/process")

    def process_all(self) -> dict:
        return self._json("POST", "/api/process-all")

    def delete(self, doc_id: str) -> dict:
        return self._json("DELETE", f"/api/files/{self._doc(doc_id)}")

    def health(self) -> dict:
        data = self._json("GET", "/health")
        data.pop("status", None)  # the route's up/degraded summary; the report itself is Service.health()'s
        return data

    def content_path(self, doc_id: str) -> Path:
        """The stored file, downloaded into a private temporary folder (removed by
        :meth:`close`): the owner's copy may be where this process cannot read it."""
        info = self.status(doc_id)["documents"][0]
        if self._downloads is None:
            self._downloads = Path(tempfile.mkdtemp(prefix="docvec-content-"))
        target = self._downloads / info["id"] / Path(info["filename"]).name
        target.parent.mkdir(exist_ok=True)
        try:
            with self._client.stream("GET", f"/api/files/{self._doc(info['id'])}/content") as response:
                if response.status_code >= 400:
                    response.read()
                    raise _error_of(response)
                with open(target, "wb") as fh:
                    for part in response.iter_bytes():
                        fh.write(part)
        except httpx.TransportError as exc:
            raise DocvecError(f"cannot reach the docvec server at {self.url}: {exc}", UNREACHABLE) from exc
        return target


def _error_of(response: httpx.Response) -> DocvecError:
    """The server's ``{"error": {"kind", "message"}}`` as the error it stands for."""
    try:
        error = response.json()["error"]
        return DocvecError(str(error["message"]), str(error["kind"]))
    except (ValueError, KeyError, TypeError):
        return DocvecError(f"the docvec server answered HTTP {response.status_code}", UNREACHABLE)
