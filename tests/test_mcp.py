"""The MCP server with the official SDK's own client: over stdio (``docvec mcp``, owning the
directory or as a client of its owner) and over streamable HTTP (``docvec serve`` at /mcp),
against a library of real documents processed by the real model."""
from __future__ import annotations

import json
import os
import random
import re
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from conftest import DOCS, REPO, cli_cmd, cli_env
from docvec_gui.api.mcp_server import READ_TOOLS, WRITE_TOOLS, fit

# Five documents of distinct subjects; their manifest phrases are copied from the reference texts.
NAMES = ["NullHeader-bbc.docx", "norwich-city.txt", "unstructured-README.md", "readability-README.md",
         "testRTFHyperlink.rtf"]
EXTRA = "simple.odt"  # added (and deleted) through the write tools
SESSION_TIMEOUT = 90  # one whole client session, model load included


@pytest.fixture(scope="module")
def phrases(manifest) -> dict[str, list[str]]:
    rows = {r["file"]: r for r in manifest}
    found = {}
    for name in NAMES + [EXTRA]:
        reference = (DOCS / "expected" / (Path(name).stem + ".txt")).read_text(encoding="utf-8")
        found[name] = [rows[name][k] for k in ("phrase_1", "phrase_2") if rows[name][k]]
        assert found[name] and all(p in reference for p in found[name]), name
    return found


@pytest.fixture(scope="module")
def library_dir(tmp_path_factory, docs_dir, model_dir) -> Path:
    """A data directory with the five documents added and completed (by the CLI, which then exits)."""
    data = tmp_path_factory.mktemp("mcp") / "kb"
    env = cli_env(data, model_dir)
    proc = subprocess.run(cli_cmd("add", *(str(docs_dir / n) for n in NAMES), "--wait", "--json"), env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    report = json.loads(proc.stdout)
    assert len(report["added"]) == len(NAMES) and not report.get("failed"), report
    return data


def stdio_transport(data_dir: Path, model_dir: Path, errlog, **env: str):
    command = cli_cmd("mcp", "--data-dir", str(data_dir))
    params = StdioServerParameters(command=command[0], args=command[1:], env=cli_env(data_dir, model_dir, **env),
                                   cwd=str(REPO))
    return stdio_client(params, errlog=errlog)


async def call(client: Client, name: str, args: dict | None = None) -> tuple[bool, dict]:
    result = await client.call_tool(name, args or {})
    assert len(result.content) == 1 and result.content[0].type == "text"
    return result.is_error, json.loads(result.content[0].text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


async def check_search_and_chunks(client: Client, phrases: dict[str, list[str]]) -> None:
    """The right document first for each phrase; get_chunk round-trips the hit's chunk id."""
    for name in NAMES:
        for phrase in phrases[name]:
            error, data = await call(client, "search", {"query": phrase, "top_k": 5})
            assert not error and data["results"], (phrase, data)
            first = data["results"][0]
            assert first["file_name"] == name, (phrase, [r["file_name"] for r in data["results"]])
            assert {"page", "heading", "snippet", "score", "chunk_id", "uri"} <= set(first)
            error, got = await call(client, "get_chunk", {"chunk_id": first["chunk_id"], "around": 1})
            assert not error and got["chunk_id"] == first["chunk_id"] and got["file_name"] == name
            doc_id, index = first["chunk_id"].rsplit(":", 1)
            assert got["doc_id"] == doc_id == first["doc_id"]
            assert [c["chunk_id"] for c in got["before"]] == ([f"{doc_id}:{int(index) - 1}"] if int(index) else [])
            assert squash(first["snippet"].strip("…")) in squash(got["text"])


def test_stdio_read_tools_owning_the_directory(library_dir, model_dir, phrases, tmp_path):
    errlog_path = tmp_path / "stderr.txt"

    async def session() -> None:
        with open(errlog_path, "w") as errlog, anyio.fail_after(SESSION_TIMEOUT):
            async with Client(stdio_transport(library_dir, model_dir, errlog), cache=None) as client:
                tools = {t.name: t for t in (await client.list_tools()).tools}
                assert set(tools) == set(READ_TOOLS)  # write tools absent unless the user allows them
                assert all(tools[n].annotations.read_only_hint for n in READ_TOOLS)
                await check_search_and_chunks(client, phrases)

                error, listed = await call(client, "list_documents", {"status": "completed"})
                assert not error and listed["total"] == len(NAMES)
                assert {d["file_name"] for d in listed["documents"]} == set(NAMES)
                error, readmes = await call(client, "list_documents", {"name": "README"})
                assert {d["file_name"] for d in readmes["documents"]} == {"unstructured-README.md",
                                                                           "readability-README.md"}
                bbc = next(d for d in listed["documents"] if d["file_name"] == NAMES[0])
                error, doc = await call(client, "get_document", {"doc_id": bbc["id"][:8]})
                assert not error and doc["id"] == bbc["id"] and doc["file_name"] == NAMES[0]
                assert doc["chunk_total"] >= 1 and doc["chunks"][0]["chunk_id"] == f"{bbc['id']}:0"

                error, status = await call(client, "status")
                assert not error and status["counts"]["completed"] == len(NAMES) and status["total"] == len(NAMES)
                assert status["health"]["ok"] is True and status["write_tools"] is False

                resources = {r.uri for r in (await client.list_resources()).resources}
                assert {d["uri"] for d in listed["documents"]} <= resources
                text = (await client.read_resource(bbc["uri"])).contents[0].text
                assert NAMES[0] in text and squash(phrases[NAMES[0]][0]) in squash(text)
                with pytest.raises(Exception, match="not_found"):
                    await client.read_resource("docvec://documents/0123456789abcdef")

                # Failures are tool errors with a kind and a message, never a traceback.
                error, data = await call(client, "get_chunk", {"chunk_id": "not-a-chunk"})
                assert error and data["error"]["kind"] == "usage"
                error, data = await call(client, "get_document", {"doc_id": "0123456789abcdef"})
                assert error and data["error"]["kind"] == "not_found"
                error, data = await call(client, "search", {"query": "x", "mode": "nonsense"})
                assert error and data["error"]["kind"] == "usage" and "mode" in data["error"]["message"]
                error, data = await call(client, "delete", {"doc_id": bbc["id"]})
                assert error and data["error"]["kind"] == "usage"
                error, listed = await call(client, "list_documents")
                assert listed["total"] == len(NAMES)  # nothing was deleted

    anyio.run(session)
    assert "Traceback" not in errlog_path.read_text()


async def wait_for(client: Client, doc_id: str, done, timeout: float = 60) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        error, doc = await call(client, "get_document", {"doc_id": doc_id, "chunk_limit": 0})
        if done(error, doc):
            return doc
        assert time.monotonic() < deadline, doc
        await anyio.sleep(0.3)


async def check_write_tools(client: Client, phrases: dict[str, list[str]], docs_dir: Path) -> None:
    """add_paths -> processed and found; reprocess; delete -> gone; the library as before."""
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == set(READ_TOOLS) | set(WRITE_TOOLS)
    assert tools["delete"].annotations.destructive_hint is True
    error, data = await call(client, "add_paths", {"paths": ["relative/name.pdf"]})
    assert error and data["error"]["kind"] == "usage"
    error, report = await call(client, "add_paths", {"paths": [str(docs_dir / EXTRA)]})
    assert not error and len(report["added"]) == 1, report
    doc_id = report["added"][0]["id"]
    doc = await wait_for(client, doc_id, lambda e, d: not e and d["status"] in ("completed", "error"))
    assert doc["status"] == "completed", doc
    error, status = await call(client, "status")
    assert status["counts"]["completed"] == len(NAMES) + 1
    error, found = await call(client, "search", {"query": phrases[EXTRA][0], "mode": "keyword"})
    assert found["results"][0]["file_name"] == EXTRA

    error, data = await call(client, "reprocess", {"doc_id": doc_id})
    assert not error and data["id"] == doc_id
    await wait_for(client, doc_id, lambda e, d: not e and d["status"] == "completed")

    error, data = await call(client, "delete", {"doc_id": doc_id})
    assert not error and data["deleted"] == doc_id
    await wait_for(client, doc_id, lambda e, d: e and d["error"]["kind"] == "not_found")
    error, status = await call(client, "status")
    assert status["counts"]["completed"] == len(NAMES) and status["total"] == len(NAMES)
    error, found = await call(client, "search", {"query": phrases[EXTRA][0], "mode": "keyword"})
    assert all(r["file_name"] != EXTRA for r in found["results"])


def test_stdio_write_tools_when_allowed(library_dir, model_dir, phrases, docs_dir, tmp_path):
    errlog_path = tmp_path / "stderr.txt"

    async def session() -> None:
        with open(errlog_path, "w") as errlog, anyio.fail_after(SESSION_TIMEOUT):
            transport = stdio_transport(library_dir, model_dir, errlog, DOCVEC_MCP_ALLOW_WRITE="1",
                                        DOCVEC_MCP_MAX_CHARS="1000")
            async with Client(transport, cache=None) as client:
                # Every answer fits the configured cap, and says when it was cut.
                result = await client.call_tool("search", {"query": "the library and the season", "top_k": 20})
                text = result.content[0].text
                assert len(text) <= 1000 and "truncated" in json.loads(text)
                await check_write_tools(client, phrases, docs_dir)

    anyio.run(session)
    assert "Traceback" not in errlog_path.read_text()


def test_streamable_http_on_the_owner_and_stdio_as_its_client(library_dir, model_dir, phrases, docs_dir,
                                                              tmp_path):
    from docvec_gui.api.discovery import find_server

    log_path = tmp_path / "serve.txt"
    with open(log_path, "w") as serve_log:
        owner = subprocess.Popen(cli_cmd("serve", "--data-dir", str(library_dir)), env=cli_env(library_dir, model_dir),
                                 stdout=serve_log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while (info := find_server(library_dir)) is None:
            assert owner.poll() is None and time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.2)

        async def over_http() -> None:
            with anyio.fail_after(SESSION_TIMEOUT):
                headers = {"Authorization": f"Bearer {info.token}"}
                async with create_mcp_http_client(headers=headers) as http:
                    transport = streamable_http_client(info.url + "/mcp", http_client=http)
                    async with Client(transport, cache=None) as client:
                        assert {t.name for t in (await client.list_tools()).tools} == set(READ_TOOLS)
                        await check_search_and_chunks(client, phrases)
                        error, status = await call(client, "status")
                        assert status["counts"]["completed"] == len(NAMES)
                # Without the token there is no session at all.
                with pytest.raises(Exception):
                    async with create_mcp_http_client() as http:
                        async with Client(streamable_http_client(info.url + "/mcp", http_client=http),
                                          cache=None) as client:
                            await client.list_tools()

        anyio.run(over_http)

        # The owner holds the directory: `docvec mcp` works as its client (RemoteLibrary), with
        # the same answers; its write tools (allowed in its settings) change the owner's library.
        async def over_stdio() -> None:
            with open(tmp_path / "stdio.txt", "w") as errlog, anyio.fail_after(SESSION_TIMEOUT):
                transport = stdio_transport(library_dir, model_dir, errlog, DOCVEC_MCP_ALLOW_WRITE="1")
                async with Client(transport, cache=None) as client:
                    error, found = await call(client, "search", {"query": phrases[NAMES[1]][0]})
                    assert not error and found["results"][0]["file_name"] == NAMES[1]
                    error, chunk = await call(client, "get_chunk", {"chunk_id": found["results"][0]["chunk_id"]})
                    assert not error and chunk["file_name"] == NAMES[1]
                    await check_write_tools(client, phrases, docs_dir)

        anyio.run(over_stdio)
        assert owner.poll() is None  # still the owner
    finally:
        owner.send_signal(signal.SIGTERM)
        try:
            owner.wait(timeout=30)
        except subprocess.TimeoutExpired:
            owner.kill()
            owner.wait(timeout=10)
            raise
    assert "Traceback" not in log_path.read_text() + (tmp_path / "stdio.txt").read_text()


INIT = {"jsonrpc": "2.0", "id": 1, "method": "initialize",
        "params": {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "raw", "version": "1"}}}


def raw_server(library_dir: Path, model_dir: Path, errlog) -> subprocess.Popen:
    proc = subprocess.Popen(cli_cmd("mcp", "--data-dir", str(library_dir)), env=cli_env(library_dir, model_dir),
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errlog)
    for message in (INIT, {"jsonrpc": "2.0", "method": "notifications/initialized"},
                    {"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "status", "arguments": {}}}):
        proc.stdin.write(json.dumps(message).encode() + b"\n")
    proc.stdin.flush()
    proc.pending = b""  # bytes read past the last line
    return proc


def read_reply(proc: subprocess.Popen, want_id: int, timeout: float = 60) -> dict:
    """The reply to request ``want_id``. Every line on stdout must be a JSON-RPC message:
    nothing the service or its children print may reach the protocol stream."""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    while True:
        while b"\n" not in proc.pending:
            left = deadline - time.monotonic()
            assert left > 0, f"no reply {want_id} within {timeout} s"
            ready, _, _ = select.select([fd], [], [], left)
            if ready:
                chunk = os.read(fd, 65536)
                assert chunk, "stdout closed early"
                proc.pending += chunk
        line, proc.pending = proc.pending.split(b"\n", 1)
        message = json.loads(line)
        if message.get("id") == want_id:
            return message


@pytest.mark.skipif(sys.platform == "win32", reason="SIGTERM")
def test_stdio_stops_at_eof_and_on_sigterm_bounded(library_dir, model_dir, tmp_path):
    errlog_path = tmp_path / "stderr.txt"
    with open(errlog_path, "w") as errlog:
        proc = raw_server(library_dir, model_dir, errlog)
        try:
            assert read_reply(proc, 1)["result"]["serverInfo"]["name"] == "docvec"
            status = json.loads(read_reply(proc, 2)["result"]["content"][0]["text"])
            assert status["counts"]["completed"] == len(NAMES)
            started = time.monotonic()
            proc.stdin.close()  # the client went away
            assert proc.wait(timeout=15) == 0
            # Clients send SIGTERM to a server that lingers 2 s after EOF (also a clean stop,
            # below); unloaded this takes ~0.4 s, the margin is for a busy 2-core machine.
            took = time.monotonic() - started
            assert took < 5, f"{took:.1f} s to stop at EOF"
            assert proc.pending == b"" and proc.stdout.read() == b""
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)

        proc = raw_server(library_dir, model_dir, errlog)
        try:
            read_reply(proc, 2)
            started = time.monotonic()
            os.kill(proc.pid, signal.SIGTERM)
            assert proc.wait(timeout=15) == 130
            took = time.monotonic() - started
            assert took < 10, f"{took:.1f} s to stop on SIGTERM"
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait(timeout=10)
    # The directory was released: a command that needs to own it runs at once.
    done = subprocess.run(cli_cmd("process", "--all"), env=cli_env(library_dir, model_dir), capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in errlog_path.read_text()


def test_fit_caps_answers_and_says_so():
    """Pure logic: any answer fits the cap, stays JSON when it can, and says what was cut."""
    rng = random.Random(7)
    for cap in (1000, 3000, 20000):
        for _ in range(30):
            data = {"query": "q" * rng.randint(1, 50),
                    "results": [{"rank": i, "snippet": "w " * rng.randint(0, 400), "text": "x" * rng.randint(0, 5000)}
                                for i in range(rng.randint(0, 40))]}
            text = fit(data, cap)
            assert len(text) <= cap
            whole = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
            if len(whole) <= cap:
                assert json.loads(text) == data
            else:
                assert "truncated" in json.loads(text)
    huge = {"text": "y" * 50_000}
    assert len(fit(huge, 1000)) <= 1000 and "truncated" in json.loads(fit(huge, 1000))


def test_write_tools_follow_the_setting_live():
    """Listing and refusing tools touches no library (a stand-in that fails if used): the
    user's switch shows or hides the write tools for the next call, without a restart."""
    from docvec_gui.api.mcp_server import build_mcp

    class Untouchable:
        def __getattr__(self, name):
            raise AssertionError(f"library.{name} used")

    server = build_mcp(Untouchable(), allow_write=False)

    async def names() -> tuple[set[str], dict]:
        async with Client(server, cache=None) as client:
            listed = {t.name for t in (await client.list_tools()).tools}
            error, data = await call(client, "delete", {"doc_id": "0123456789"})
            assert error
            return listed, data["error"]

    listed, refused = anyio.run(names)
    assert listed == set(READ_TOOLS) and refused["kind"] == "usage"
    server.set_allow_write(True)
    listed, failed = anyio.run(names)
    assert listed == set(READ_TOOLS) | set(WRITE_TOOLS)
    # The call reached the library; its unexpected failure is kind + message, no traceback.
    assert failed == {"kind": "error", "message": "AssertionError: library.delete used"}
    server.set_allow_write(False)
    assert anyio.run(names)[0] == set(READ_TOOLS)
