"""The local HTTP API (docvec_gui/api/server.py) against a real `docvec serve` process, with
a real HTTP client (httpx), the real model and real documents."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from conftest import cli_cmd, cli_env

pytestmark = pytest.mark.slow  # real `docvec serve` processes and the real model

MAX_FILE_MB = 2  # the served library's MAX_FILE_MB: small, so the 413 test sends little
# Small documents of many formats, with the outcome MANIFEST.tsv expects for each.
UPLOADED = ["simple-table.md", "stanley-cups.csv", "fake-doc.rtf", "fake-email.eml", "testWORD_truncated.docx",
            "ude_russian_utf8.txt", "NullHeader-bbc.docx", "emoji.xlsx", "simple.odt", "issue6010_1.pdf",
            "docx-tables.docx", "testMasterFooter.odp", "testEPUB.epub", "CantinaBand3.wav", "release-notes.txt"]
REFUSED = "CantinaBand3.wav"
EXTRA = "fake.odt"  # added later, alone (events, deletion)


# -- a served library ----------------------------------------------------------------------
def start_serve(data_dir: Path, model_dir: Path, *extra_args: str, **env_extra: str) -> subprocess.Popen:
    env = cli_env(data_dir, model_dir, DOCVEC_MAX_FILE_MB=str(MAX_FILE_MB), **env_extra)
    return subprocess.Popen(cli_cmd("serve", *extra_args), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)


def wait_served(proc: subprocess.Popen, data_dir: Path, timeout: float = 60.0):
    """The server's ServerInfo once ``server.json`` names ``proc`` and /health answers."""
    from docvec_gui.api.discovery import find_server

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"docvec serve exited {proc.returncode}: {proc.stderr.read()[-3000:]}")
        info = find_server(data_dir)
        if info is not None and info.pid == proc.pid:
            try:
                if httpx.get(info.url + "/health", timeout=5).status_code == 200:
                    return info
            except httpx.TransportError:
                pass
        time.sleep(0.1)
    raise AssertionError("docvec serve did not come up")


def stop_serve(proc: subprocess.Popen, timeout: float = 30.0) -> int:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(10)
            raise AssertionError("docvec serve did not stop within its bound after SIGTERM")
    return proc.returncode


@pytest.fixture(scope="module")
def served(tmp_path_factory, model_dir, docs_dir):
    data_dir = tmp_path_factory.mktemp("api") / "kb"
    proc = start_serve(data_dir, model_dir)
    try:
        info = wait_served(proc, data_dir)
        client = httpx.Client(base_url=info.url, headers={"Authorization": f"Bearer {info.token}"}, timeout=60)
        yield {"proc": proc, "info": info, "client": client, "data_dir": data_dir}
        client.close()
    finally:
        code = stop_serve(proc)
        err = proc.stderr.read()
        assert "Traceback" not in err, err[-3000:]
        assert code == 0, err[-3000:]


@pytest.fixture(scope="module")
def library(served, docs_dir, manifest):
    """The module's library: UPLOADED sent in one multipart request, then processed."""
    client = served["client"]
    files = [("files", (name, (docs_dir / name).read_bytes())) for name in UPLOADED]
    answer = client.post("/api/upload-files", files=files)
    assert answer.status_code == 200, answer.text
    report = answer.json()
    # An audio file is refused at the door (not a document), by the name it was uploaded as.
    assert [(r["path"], r["kind"]) for r in report["refused"]] == [(REFUSED, "unsupported")]
    assert sorted(a["filename"] for a in report["added"]) == sorted(set(UPLOADED) - {REFUSED})
    assert report["duplicates"] == []
    wait_done(client, [a["id"] for a in report["added"]])
    return {a["filename"]: a["id"] for a in report["added"]}


def wait_done(client: httpx.Client, ids, timeout: float = 240.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        data = client.get("/api/files/status").json()
        docs = {d["id"]: d for d in data["documents"] if d["id"] in set(ids)}
        if len(docs) == len(set(ids)) and all(d["status"] in ("completed", "error") for d in docs.values()):
            return docs
        assert time.monotonic() < deadline, [d["status"] for d in docs.values()]
        time.sleep(0.3)


def expected(manifest, name: str) -> str:
    return next(row["expected_outcome"] for row in manifest if row["file"] == name)


def phrase(manifest, name: str) -> str:
    return next(row["phrase_1"] for row in manifest if row["file"] == name)


def error_of(response: httpx.Response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"kind", "message"}, body
    assert "Traceback" not in response.text
    return body["error"]


# -- tests --------------------------------------------------------------------------------------
def test_uploaded_documents_end_as_the_manifest_says(served, library, manifest):
    client = served["client"]
    status = client.get("/api/files/status").json()
    assert set(status["counts"]) == {"pending", "processing", "completed", "error"}
    by_name = {d["filename"]: d for d in status["documents"]}
    assert REFUSED not in by_name
    for name in set(UPLOADED) - {REFUSED}:
        outcome = expected(manifest, name)
        doc = by_name[name]
        # No original path: it would name the upload's temporary copy, removed once added.
        assert doc["original_path"] == "", doc
        if outcome == "text":
            assert doc["status"] == "completed" and doc["chunk_count"] > 0, doc
        else:
            assert doc["status"] == "error" and doc["error_kind"] == outcome.split(":")[1], doc
    assert status["counts"]["completed"] + status["counts"]["error"] == len(status["documents"])
    # The temporary upload folders are gone once added.
    uploads = served["data_dir"] / "tmp" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []


def test_each_route(served, library, manifest, docs_dir):
    client = served["client"]
    doc_id = library["simple.odt"]

    one = client.get(f"/api/files/{doc_id[:8]}/status").json()
    assert one["documents"][0]["id"] == doc_id and one["documents"][0]["status"] == "completed"

    detail = client.get(f"/api/files/{doc_id}", params={"chunk_limit": 1}).json()
    assert detail["id"] == doc_id and detail["chunk_total"] >= 1 and len(detail["chunks"]) == 1
    assert {"title", "author", "page_count", "folder"} <= set(detail)
    chunk = detail["chunks"][0]
    assert chunk["chunk_id"] == f"{doc_id}:0" and phrase(manifest, "simple.odt") in chunk["text"]

    context = client.get(f"/api/files/{doc_id}/chunks/0", params={"around": 2}).json()
    assert context["chunk"] == chunk and context["before"] == []

    content = client.get(f"/api/files/{doc_id}/content")
    assert content.status_code == 200 and content.content == (docs_dir / "simple.odt").read_bytes()

    for name in ("release-notes.txt", "fake-email.eml", "docx-tables.docx"):
        found = client.get("/api/search", params={"q": phrase(manifest, name), "top_k": 3}).json()
        assert found["results"][0]["filename"] == name, (name, found)
        assert found["degraded"] is None
    keyword = client.get("/api/search", params={"q": "Juicy Apples", "mode": "keyword", "passages": "true"}).json()
    assert keyword["results"][0]["doc_id"] == library["simple-table.md"]
    scoped = client.get("/api/search", params=[("q", phrase(manifest, "release-notes.txt")),
                                                ("doc_id", library["simple.odt"])]).json()
    assert all(r["doc_id"] == library["simple.odt"] for r in scoped["results"])

    page = client.get("/api/documents", params={"name": "DOCX", "limit": 1}).json()
    assert page["total"] == 3 and len(page["documents"]) == 1  # the three .docx files

    queued = client.post(f"/api/files/{doc_id}/process").json()
    assert queued == {"queued": 1, "id": doc_id}
    everything = client.post("/api/process-all").json()
    failed = sum(expected(manifest, n) != "text" for n in set(UPLOADED) - {REFUSED})
    assert everything["queued"] >= failed  # the failed ones (and the one re-queued, if not done yet)
    wait_done(client, library.values())

    health = client.get("/health").json()
    assert health["status"] == "ok" and health["database"]["ok"] is True
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.") and "/api/upload-files" in spec["paths"]


def test_token_is_required_except_for_health(served, library):
    url, token = served["info"].url, served["info"].token
    doc_id = library["simple.odt"]
    routes = [("GET", "/api/files/status"), ("GET", f"/api/files/{doc_id}/status"), ("GET", f"/api/files/{doc_id}"),
              ("GET", f"/api/files/{doc_id}/content"), ("POST", f"/api/files/{doc_id}/process"),
              ("POST", "/api/process-all"), ("DELETE", f"/api/files/{doc_id}"), ("GET", "/api/search?q=x"),
              ("GET", "/api/events"), ("POST", "/api/upload-files"), ("GET", "/openapi.json"), ("POST", "/mcp")]
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {token}"},
                    {"Authorization": f"Bearer {token[:-1]}"}):
        for method, path in routes:
            answer = httpx.request(method, url + path, headers=headers, timeout=10)
            assert answer.status_code == 401, (method, path, headers, answer.text)
            assert error_of(answer)["kind"] == "unauthorized"
    mcp_init = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "1"}}}
    mcp = httpx.post(url + "/mcp", json=mcp_init, timeout=30, headers={
        "Authorization": f"Bearer {token}", "Accept": "application/json, text/event-stream"})
    assert mcp.status_code == 200 and '"serverInfo"' in mcp.text, mcp.text  # MCP is there, behind the token
    bare = httpx.get(url + "/health", timeout=10)
    assert bare.status_code == 200 and bare.json() == {"status": "ok", "ok": True}  # nothing more without a token
    assert served["client"].get(f"/api/files/{doc_id}/status").status_code == 200  # the document is still there


def test_host_and_origin_must_be_loopback(served):
    info = served["info"]
    port = info.url.rsplit(":", 1)[1]
    auth = {"Authorization": f"Bearer {info.token}"}
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.2", f"localhost:{int(port) + 1}", "0.0.0.0"):
        answer = httpx.get(info.url + "/api/files/status", headers={**auth, "Host": host}, timeout=10)
        assert answer.status_code == 403 and error_of(answer)["kind"] == "forbidden", host
    for host in (f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}", "localhost"):
        answer = httpx.get(info.url + "/api/files/status", headers={**auth, "Host": host}, timeout=10)
        assert answer.status_code == 200, host
    for origin in ("http://evil.example", "null", "http://127.0.0.1.evil.example", "file://"):
        answer = httpx.get(info.url + "/api/files/status", headers={**auth, "Origin": origin}, timeout=10)
        assert answer.status_code == 403 and error_of(answer)["kind"] == "forbidden", origin
    ok = httpx.get(info.url + "/api/files/status", headers={**auth, "Origin": "http://localhost:3000"}, timeout=10)
    assert ok.status_code == 200
    # /health too: a rebinding page must not even learn that docvec runs.
    assert httpx.get(info.url + "/health", headers={"Host": "evil.example"}, timeout=10).status_code == 403


def test_events_arrive_in_order_for_one_upload(served, library, docs_dir):
    client = served["client"]
    events: list[tuple[int, str, dict]] = []
    ready = threading.Event()
    done = threading.Event()

    def listen() -> None:
        with client.stream("GET", "/api/events", timeout=httpx.Timeout(60, read=60)) as stream:
            fields: dict[str, str] = {}
            for line in stream.iter_lines():
                if line.startswith(": connected"):
                    ready.set()
                if not line:
                    if "data" in fields:
                        events.append((int(fields["id"]), fields["event"], json.loads(fields["data"])))
                        data = events[-1][2]
                        if data["kind"] == "status" and data["status"] in ("completed", "error") \
                                and data["doc_id"] == added.get("id"):
                            done.set()
                            return
                    fields = {}
                    continue
                key, _, value = line.partition(": ")
                fields[key] = value

    added: dict = {}
    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    assert ready.wait(30)
    answer = client.post("/api/upload-files", files=[("files", (EXTRA, (docs_dir / EXTRA).read_bytes()))]).json()
    added.update(answer["added"][0])
    assert done.wait(120), events
    thread.join(10)
    ids = [number for number, _, _ in events]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)
    mine = [(kind, data) for _, kind, data in events if data["doc_id"] == added["id"]]
    assert all(kind == data["kind"] for kind, data in mine)
    assert mine[0][0] == "added" and mine[0][1]["status"] == "pending"
    statuses = [data["status"] for kind, data in mine if kind == "status"]
    assert statuses[-1] == "completed" and "processing" in statuses
    assert statuses.index("processing") < len(statuses) - 1
    progress = [data["progress"] for kind, data in mine if kind == "progress"]
    assert progress == sorted(progress)


def test_remote_library_is_the_library_over_http(served, library, docs_dir):
    from docvec_gui.api.client import RemoteLibrary
    from docvec_gui.core.errors import DocvecError

    info, client = served["info"], served["client"]
    doc_id = library["docx-tables.docx"]
    with RemoteLibrary(info.url, info.token) as remote:
        assert remote.status(doc_id[:8]) == client.get(f"/api/files/{doc_id}/status").json()
        assert remote.status()["counts"] == client.get("/api/files/status").json()["counts"]
        page = remote.documents(status="error", limit=2)
        assert page["total"] >= 2 and len(page["documents"]) == 2
        assert all(d["status"] == "error" for d in page["documents"])
        doc = remote.document(doc_id, chunk_offset=0, chunk_limit=2)
        assert doc["id"] == doc_id and len(doc["chunks"]) == min(2, doc["chunk_total"])
        around = remote.chunk(doc_id, 0, around=1)
        assert around["chunk"]["chunk_id"] == f"{doc_id}:0"
        found = remote.search("Table with merged cells", mode="hybrid", top_k=2, doc_ids=[doc_id], passages=True)
        assert found["results"] and {r["doc_id"] for r in found["results"]} == {doc_id}
        assert remote.health()["database"]["ok"] is True
        path = remote.content_path(doc_id)
        assert path.name == "docx-tables.docx" and path.read_bytes() == (docs_dir / "docx-tables.docx").read_bytes()
        for call, kind in ((lambda: remote.status("0" * 36), "not_found"), (lambda: remote.search(" "), "invalid_query"),
                           (lambda: remote.search("x", mode="psychic"), "invalid_query"),
                           (lambda: remote.add(["/no/such/file.txt"]), None)):
            if kind is None:
                assert call()["refused"][0]["kind"] == "not_found"  # refused, by name, not an error
                continue
            with pytest.raises(DocvecError) as caught:
                call()
            assert caught.value.kind == kind
    downloaded = path.parent.parent
    assert not downloaded.exists()  # close() removed the downloads
    with RemoteLibrary(info.url, "wrong") as stranger, pytest.raises(DocvecError) as caught:
        stranger.status()
    assert caught.value.kind == "unauthorized"
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        nobody = f"http://127.0.0.1:{free.getsockname()[1]}"
    with RemoteLibrary(nobody, info.token) as lost, pytest.raises(DocvecError) as caught:
        lost.status()
    assert caught.value.kind == "unreachable"


def test_delete_removes_the_vectors(served, library, manifest):
    client = served["client"]
    target = library["release-notes.txt"]
    # Its own first passage: a query whose vector is sure to clear the similarity floor.
    words = client.get(f"/api/files/{target}", params={"chunk_limit": 1}).json()["chunks"][0]["text"][:400]
    before = client.get("/api/files/status").json()["counts"]
    hit = client.get("/api/search", params={"q": words, "mode": "vector", "passages": "true", "top_k": 50}).json()
    assert any(r["doc_id"] == target for r in hit["results"])

    answer = client.delete(f"/api/files/{target}")
    assert answer.status_code == 200 and answer.json() == {"deleted": target, "filename": "release-notes.txt",
                                                           "finished": True}
    after = client.get("/api/files/status").json()["counts"]
    assert after["completed"] == before["completed"] - 1
    for mode in ("vector", "keyword", "hybrid"):
        found = client.get("/api/search", params={"q": words, "mode": mode, "passages": "true", "top_k": 50}).json()
        assert all(r["doc_id"] != target for r in found["results"]), mode
    gone = client.get(f"/api/files/{target}/status")
    assert gone.status_code == 404 and error_of(gone)["kind"] == "not_found"
    assert error_of(client.delete(f"/api/files/{target}"))["kind"] == "not_found"
    # The vector store itself holds none of its vectors (the owner's health counts them).
    health = client.get("/health").json()
    assert health["vector_store"]["ok"] is True, health


def test_hostile_inputs_get_clean_answers_and_lose_nothing(served, library, tmp_path):
    client = served["client"]
    data_dir = served["data_dir"]
    before = client.get("/api/files/status").json()

    # A body announced as huge is refused before it is read; a real file over MAX_FILE_MB too.
    for path in (b"/api/add-paths", b"/api/upload-files"):
        huge = _raw_request(served["info"], b"POST " + path + b" HTTP/1.1", b"Content-Length: 1099511627776\r\n"
                            b"Content-Type: multipart/form-data; boundary=b\r\n", b"{}")
        assert huge.startswith(b"HTTP/1.1 413 ") and b'"kind":"too_large"' in huge, huge
    big = os.urandom(MAX_FILE_MB * 2**20 + 4096)
    refused = client.post("/api/upload-files", files=[("files", ("ok.txt", b"fine text")),
                                                      ("files", ("big.txt", big))])
    assert refused.status_code == 413 and error_of(refused)["kind"] == "too_large"
    json_flood = client.post("/api/add-paths", content=b"[" + b"1," * (5 * 2**20) + b"1]",
                             headers={"Content-Type": "application/json"})
    assert json_flood.status_code == 413

    # Wrong types.
    for path, params in (("/api/search", {"q": "x", "top_k": "ten"}), ("/api/search", {"q": "x", "top_k": "0"}),
                         ("/api/search", {"q": "x", "mode": "psychic"}), ("/api/search", {"q": ""}),
                         ("/api/search", {"q": "x", "folder": "[1]"}), ("/api/search", {"q": "x", "passages": "2"}),
                         ("/api/documents", {"limit": "-1"}), ("/api/documents", {"offset": "1e9"}),
                         (f"/api/files/{library['simple.odt']}/chunks/x", {}),
                         (f"/api/files/{library['simple.odt']}", {"chunk_limit": "many"})):
        answer = client.get(path, params=params)
        assert answer.status_code == 400, (path, params, answer.text)
        error_of(answer)
    for body in (b"not json", b"[1, 2]", b'{"paths": "/etc"}', b'{"paths": [1]}', b'{"paths": []}',
                 b'{"paths": ["/x"], "process": "yes"}'):
        answer = client.post("/api/add-paths", content=body, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400, (body, answer.text)
    not_multipart = client.post("/api/upload-files", content=b"hello", headers={"Content-Type": "text/plain"})
    assert not_multipart.status_code == 400
    broken = client.post("/api/upload-files", content=b"--b\r\nContent-Disposition: form-data; name=\"f\"; "
                                                      b"filename=\"a.txt\"\r\n\r\nabc\r\n--x-",
                         headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert 400 <= broken.status_code < 500 and error_of(broken)
    assert error_of(client.get("/api/files/no-such-document/status"))["kind"] == "not_found"
    assert client.get("/no/such/route").status_code == 404
    assert error_of(client.put("/api/search"))["kind"] == "method_not_allowed"

    # Invalid UTF-8 in the query string, percent-encoded and raw.
    answer = client.get("/api/search?q=%FF%FE%FDabc")
    assert answer.status_code in (200, 400) and "Traceback" not in answer.text
    assert _raw_request(served["info"], b"GET /api/search?q=\xff\xfe HTTP/1.1").startswith(b"HTTP/1.1 ")

    # `../` names are cleaned: stored by their last part, written nowhere else.
    sneaky = client.post("/api/upload-files", files=[
        ("files", ("../../../../escaped-by-dots.txt", b"a note about the dotted escape attempt")),
        ("files", ("..\\..\\escaped-by-backslash.txt", b"a note about the backslash escape attempt")),
        ("files", ("/etc/absolute-escape.txt", b"a note about the absolute escape attempt")),
        ("files", ("..", b"a note with a name of two dots"))]).json()
    names = sorted(a["filename"] for a in sneaky["added"])
    assert names == ["absolute-escape.txt", "escaped-by-backslash.txt", "escaped-by-dots.txt", "upload"], sneaky
    for root in (data_dir.parent, data_dir, data_dir / "tmp", data_dir / "tmp" / "uploads", Path("/etc")):
        assert not any((root / n).exists() for n in names if n != "upload"), root
    wait_done(client, [a["id"] for a in sneaky["added"]])

    # 10,000 parts in one upload: refused whole (413), nothing added, the server unharmed.
    parts = [("files", (f"part-{i}.txt", f"tiny part {i}".encode())) for i in range(10_000)]
    flood = client.post("/api/upload-files", files=parts, timeout=120)
    assert flood.status_code == 413 and "at most" in error_of(flood)["message"]

    after = client.get("/api/files/status").json()
    old = {d["id"]: d["status"] for d in before["documents"]}
    new = {d["id"]: d["status"] for d in after["documents"]}
    assert set(new) - set(old) == {a["id"] for a in sneaky["added"]}  # nothing lost, nothing extra
    assert all(new[i] == s for i, s in old.items() if s in ("completed", "error"))
    uploads = data_dir / "tmp" / "uploads"
    assert not uploads.exists() or list(uploads.iterdir()) == []
    assert client.get("/health").json()["ok"] is True


def _raw_request(info, request_line: bytes, headers: bytes = b"", body: bytes = b"") -> bytes:
    """One request written by hand (what httpx refuses to send), and the whole answer."""
    host, port = info.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request_line + b"\r\nHost: 127.0.0.1:" + port.encode() + b"\r\nAuthorization: Bearer "
                     + info.token.encode() + b"\r\nConnection: close\r\n" + headers + b"\r\n" + body)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    assert b"Traceback" not in data
    return data


# -- the discovery files across stops ----------------------------------------------------------
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_discovery_files_removed_on_sigterm_ignored_after_sigkill(tmp_path, model_dir):
    from docvec_gui.api.discovery import SERVER_FILE, TOKEN_FILE, find_server

    data_dir = tmp_path / "kb"
    proc = start_serve(data_dir, model_dir)
    info = wait_served(proc, data_dir)
    assert (os.stat(data_dir / TOKEN_FILE).st_mode & 0o777) == 0o600
    assert json.loads((data_dir / SERVER_FILE).read_text())["pid"] == proc.pid
    assert stop_serve(proc) == 0
    assert not (data_dir / SERVER_FILE).exists() and not (data_dir / TOKEN_FILE).exists()
    assert find_server(data_dir) is None
    assert "Traceback" not in proc.stderr.read()

    proc = start_serve(data_dir, model_dir)
    info = wait_served(proc, data_dir)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert (data_dir / SERVER_FILE).exists()  # left behind by the killed owner...
    assert find_server(data_dir) is None  # ...and ignored: its pid is dead
    with pytest.raises(httpx.TransportError):
        httpx.get(info.url + "/health", timeout=2)
    # The CLI owns the directory again (it does not try the dead server).
    status = subprocess.run(cli_cmd("status", "--json"), env=cli_env(data_dir, model_dir), capture_output=True,
                            text=True, timeout=120)
    assert status.returncode == 0 and json.loads(status.stdout)["documents"] == [], status.stderr
    # A new owner replaces the stale files with its own.
    proc = start_serve(data_dir, model_dir)
    try:
        fresh = wait_served(proc, data_dir)
        assert fresh.pid == proc.pid and fresh.token != info.token
    finally:
        assert stop_serve(proc) == 0


def test_a_taken_port_is_one_clear_error(tmp_path, model_dir):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = start_serve(tmp_path / "kb", model_dir, "--port", str(port))
        out, err = proc.communicate(timeout=120)
    assert proc.returncode == 1
    assert err.strip().startswith(f"error: config: cannot listen on 127.0.0.1:{port}"), err
    assert "Traceback" not in err
    assert not (tmp_path / "kb" / "server.json").exists()


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_docvec_run_serves_while_it_runs(tmp_path, model_dir, docs_dir):
    from docvec_gui.api.discovery import find_server

    data_dir = tmp_path / "kb"
    env = cli_env(data_dir, model_dir)
    proc = subprocess.Popen(cli_cmd("run", "--watch"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, start_new_session=True)
    try:
        info = wait_served(proc, data_dir)
        added = subprocess.run(cli_cmd("add", str(docs_dir / "simple.odt"), "--wait", "--json"), env=env,
                               capture_output=True, text=True, timeout=120)
        assert added.returncode == 0, added.stderr
        assert json.loads(added.stdout)["failed"] == []
        status = httpx.get(info.url + "/api/files/status", headers={"Authorization": f"Bearer {info.token}"},
                           timeout=30).json()
        assert status["counts"]["completed"] == 1
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    assert find_server(data_dir) is None and not (data_dir / "server.json").exists()


def test_in_process_server_stops_bounded_with_a_stream_open(service):
    """The window's way: an ApiServer over its own Service, stopped while a client still
    listens to /api/events; the token can be regenerated while serving."""
    from docvec_gui.api.discovery import find_server
    from docvec_gui.api.server import ApiServer

    server = ApiServer(service)
    assert server.start(timeout=15), server.error
    try:
        info = find_server(service.settings.data_dir)
        assert info is not None and info.url == server.url and info.token == server.token
        old = server.token
        from docvec_gui.api.client import RemoteLibrary
        from docvec_gui.core.errors import DocvecError

        stale = RemoteLibrary(server.url, old)  # started before the new token, with no way to find it
        follows = RemoteLibrary(server.url, old, data_dir=service.settings.data_dir)
        new = server.regenerate_token()
        assert new != old and find_server(service.settings.data_dir).token == new
        with pytest.raises(DocvecError) as refused:
            stale.status()
        assert refused.value.kind == "unauthorized"
        assert "counts" in follows.status()  # re-read the published token once, then answered
        stale.close()
        follows.close()
        assert httpx.get(server.url + "/api/files/status", headers={"Authorization": f"Bearer {old}"},
                         timeout=10).status_code == 401
        opened = threading.Event()
        ended = threading.Event()

        def listen() -> None:
            try:
                with httpx.stream("GET", server.url + "/api/events", headers={"Authorization": f"Bearer {new}"},
                                  timeout=httpx.Timeout(30)) as stream:
                    for line in stream.iter_lines():
                        opened.set()
            except httpx.HTTPError:
                pass  # the server went away mid-stream: what this test does to it
            ended.set()

        threading.Thread(target=listen, daemon=True).start()
        assert opened.wait(10) and server.active_requests >= 1
    finally:
        started = time.monotonic()
        assert server.stop(timeout=10)
    assert time.monotonic() - started < 10
    assert ended.wait(5)  # the stream was closed, not left hanging
    assert find_server(service.settings.data_dir) is None
    assert not (service.settings.data_dir / "server.json").exists()
