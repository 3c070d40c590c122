"""Faults around the local API (issue 12): a full disk when the owner publishes
``server.json``/``api-token``, an owner stopped (SIGSTOP) while a client waits, a client
killed in the middle of an upload, an owner killed (SIGKILL). Real ``docvec`` processes,
real signals, a real tmpfs, the real model; after each, the fault-test invariants
(faultkit.check, no leftover processes or temporary files, no traceback anywhere)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from docvec_gui.api.discovery import SERVER_FILE, TOKEN_FILE, find_server
from faultkit import (app_env, assert_no_processes, assert_no_traceback, check, cli, run, start, status, tmpfs,
                      wait_for)
from test_api import wait_served

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals"), pytest.mark.slow]

DEADLINE = 2.0  # DOCVEC_API_TIMEOUT of the clients that meet a stopped owner
STARTUP_SLACK = 8.0  # a CLI process's own start (imports) on a busy 2-core machine


# -- helpers ------------------------------------------------------------------------------
@pytest.fixture()
def small_disk(tmp_path):
    with tmpfs(tmp_path / "disk", 64) as mount:
        yield mount


def fill(disk: Path) -> Path:
    """A balloon file that takes every free byte of ``disk``."""
    balloon = disk / "balloon"
    block = b"\0" * (1 << 20)
    with open(balloon, "ab", buffering=0) as fh:
        while True:
            try:
                fh.write(block)
            except OSError:
                break
        small = b"\0" * 4096  # the last partial megabyte, page by page
        while True:
            try:
                fh.write(small)
            except OSError:
                break
    assert os.statvfs(disk).f_bavail == 0
    return balloon


def discovery_leftovers(data_dir: Path) -> list[str]:
    """Discovery files and any temporary file of an atomic write, anywhere in the data dir."""
    return sorted(str(p.relative_to(data_dir)) for p in data_dir.rglob("*")
                  if p.name in (SERVER_FILE, TOKEN_FILE) or p.name.endswith(".tmp"))


def one_error_line(stderr: str, *kinds: str) -> str:
    """The kind of ``stderr``, which must be exactly one ``error: <kind>: <message>`` line."""
    assert stderr.count("\n") == 1 and stderr.startswith("error: "), stderr
    kind = stderr.split(":", 2)[1].strip()
    assert kind in kinds, stderr
    return kind


def serve(env: dict, data_dir: Path):
    """``docvec serve`` on ``data_dir`` (tagged, killed after a failed test) and its ServerInfo."""
    owner = start(env, "serve")
    return owner, wait_served(owner, data_dir, timeout=90)


def stop(owner: subprocess.Popen) -> str:
    """SIGTERM, as a user's Ctrl-C: exit 0 within a bound, no traceback; its stderr."""
    owner.send_signal(signal.SIGTERM)
    out, err = owner.communicate(timeout=60)
    assert_no_traceback(out, err)
    assert owner.returncode == 0, err[-3000:]
    return err


def bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


# -- 1. a full disk when the owner publishes -------------------------------------------------
def test_publishing_on_a_full_disk_leaves_nothing_half_written(small_disk, settings_factory, model_dir, docs_dir):
    """The window's way (an ApiServer over the process's own Service): the disk fills after
    the library opened. The API does not serve (a server nobody can find is no use), says
    why; nothing is left that a client could misread; a client gets one clear line. A token
    regenerated on a full disk keeps the old one in force."""
    from docvec_gui.api.client import RemoteLibrary
    from docvec_gui.api.server import ApiServer
    from docvec_gui.core.errors import DocvecError
    from docvec_gui.core.service import Service

    data = small_disk / "data"
    env, tag = app_env(data, model_dir)
    with Service(settings_factory(data_dir=data)) as svc:
        svc.add([docs_dir / "simple.odt"])
        assert svc.wait_idle(timeout=120)
        balloon = fill(small_disk)
        server = ApiServer(svc)
        assert not server.start(timeout=15)
        assert not server.running
        assert "No space left on device" in server.error and server.error_kind == "disk_full", server.error
        assert discovery_leftovers(data) == []
        assert find_server(data) is None
        # No owner announced: clients read the directory read-only, or say it is in use.
        assert '"completed": 1' in run(env, "status", "--json", timeout=60).stdout
        out = run(env, "process", "--all", check_rc=1, timeout=60)
        one_error_line(out.stderr, "data_dir_in_use")

        balloon.unlink()
        server = ApiServer(svc)
        assert server.start(timeout=15), server.error
        try:
            old = server.token
            balloon = fill(small_disk)
            with pytest.raises(OSError):
                server.regenerate_token()
            assert server.token == old and find_server(data).token == old  # still the one in force
            assert sorted(discovery_leftovers(data)) == [TOKEN_FILE, SERVER_FILE]  # no temporary file
            with RemoteLibrary(server.url, find_server(data).token, data_dir=data) as client:
                assert client.status()["counts"]["completed"] == 1
            answer = run(dict(env, DOCVEC_API_TIMEOUT="30"), "status", "--json", timeout=60)  # through the API
            assert '"completed": 1' in answer.stdout
            with RemoteLibrary(server.url, "not-the-token") as stranger, pytest.raises(DocvecError):
                stranger.status()  # a wrong token is still refused
        finally:
            assert server.stop(timeout=10)
        assert discovery_leftovers(data) == []  # withdrawn on a full disk too (unlink needs no space)
        balloon.unlink()
    check(data)
    assert_no_processes(tag)


def test_serve_on_a_full_disk_fails_in_one_line(small_disk, docs_dir, model_dir):
    """``docvec serve`` (whose only job is serving) on a full disk: one ``disk_full`` line,
    exit 1, no half-written file left; once there is room it serves."""
    data = small_disk / "data"
    env, tag = app_env(data, model_dir)
    run(env, "add", str(docs_dir / "simple.odt"), timeout=120)
    balloon = fill(small_disk)
    out = run(env, "serve", check_rc=1, timeout=60)
    one_error_line(out.stderr, "disk_full")
    assert discovery_leftovers(data) == []  # owner.pid's temporary file included
    out = run(env, "status", "--json", check_rc=None, timeout=60)  # a client: works, or one line
    if out.returncode:
        one_error_line(out.stderr, "disk_full")
    balloon.unlink()
    owner, info = serve(env, data)
    assert info.pid == owner.pid
    stop(owner)
    assert discovery_leftovers(data) == []
    run(env, "process", "--all", "--wait", timeout=300)
    check(data)
    assert_no_processes(tag)


# -- 2. the owner stopped while a client waits ------------------------------------------------
def test_stopped_owner_client_ends_within_its_deadline(tmp_path, docs_dir, model_dir):
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    owner, info = serve(env, data)
    run(env, "add", str(docs_dir / "simple.odt"), "--wait", timeout=180)  # through the owner
    impatient = dict(env, DOCVEC_API_TIMEOUT=str(DEADLINE))
    os.kill(owner.pid, signal.SIGSTOP)
    try:
        for args in (("status", "--json"), ("search", "favorite things")):
            started = time.monotonic()
            out = run(impatient, *args, check_rc=1, timeout=60)
            took = time.monotonic() - started
            assert DEADLINE <= took < DEADLINE + STARTUP_SLACK, (args, took)
            one_error_line(out.stderr, "unreachable")
            assert "did not answer in time" in out.stderr and info.url in out.stderr
            assert out.stdout == ""
        assert find_server(data) == info  # a stopped owner is still the owner: nothing withdrawn
    finally:
        os.kill(owner.pid, signal.SIGCONT)
    assert status(impatient)["counts"]["completed"] == 1  # serves again, within the short deadline
    found = run(impatient, "search", "favorite things", "--json", timeout=60).stdout
    assert "simple.odt" in found
    stop(owner)
    assert discovery_leftovers(data) == []
    check(data)
    assert_no_processes(tag)


# -- 3. a client killed in the middle of an upload ---------------------------------------------
UPLOAD_BYTES = 40 * 2**20  # announced; the client never sends it all
BOUNDARY = "docvec-fault-boundary"


def _upload_head(url: str, token: str, first: bytes) -> bytes:
    """An HTTP request for a two-file multipart upload: a whole small document, then the
    start of a big one (the caller sends its bytes, and stops half-way)."""
    body_start = (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"simple.odt\"\r\n"
                  "Content-Type: application/octet-stream\r\n\r\n").encode() + first + (
        f"\r\n--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"big.txt\"\r\n"
        "Content-Type: text/plain\r\n\r\n").encode()
    host = url.split("://", 1)[1]
    return (f"POST /api/upload-files HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: multipart/form-data; boundary={BOUNDARY}\r\n"
            f"Content-Length: {len(body_start) + UPLOAD_BYTES}\r\n\r\n").encode() + body_start


UPLOADER = r"""
import socket, sys, time
host, port, head = sys.argv[1], int(sys.argv[2]), open(sys.argv[3], "rb").read()
sock = socket.create_connection((host, port), timeout=30)
sock.sendall(head)
line = b"lorem ipsum dolor sit amet " * 40 + b"\n"
while True:  # until killed: never the whole body
    sock.sendall(line * 64)
    time.sleep(0.01)
"""


def _upload_folders(data: Path) -> list[Path]:
    root = data / "tmp" / "uploads"
    return sorted(root.iterdir()) if root.is_dir() else []


def _partial_upload(data: Path) -> bool:
    """The big file of the upload is being written (so the cut falls mid-body)."""
    return any(p.name == "big.txt" and p.stat().st_size > 2**20
               for folder in _upload_folders(data) for p in folder.rglob("*") if p.is_file())


def _log_records(data: Path, part: str) -> list[dict]:
    import json

    path = data / "logs" / "docvec.log"
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return [r for r in map(json.loads, lines) if part in r.get("message", "")]


@pytest.mark.parametrize("cut", ["client_killed", "socket_closed"])
def test_upload_cut_mid_body_leaves_nothing(cut, tmp_path, docs_dir, model_dir):
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir, DOCVEC_MAX_FILE_MB="64")
    owner, info = serve(env, data)
    head = _upload_head(info.url, info.token, (docs_dir / "simple.odt").read_bytes())
    host, port = info.url.split("://", 1)[1].split(":")
    if cut == "client_killed":
        request = tmp_path / "request.bin"
        request.write_bytes(head)
        client = subprocess.Popen([sys.executable, "-c", UPLOADER, host, port, str(request)],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        try:
            wait_for(lambda: _partial_upload(data), 30, what="the upload half-way")
        finally:
            os.kill(client.pid, signal.SIGKILL)
            client.communicate(timeout=10)
    else:
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            sock.sendall(head)
            chunk = b"lorem ipsum dolor sit amet " * 2400
            deadline = time.monotonic() + 30
            while not _partial_upload(data):
                assert time.monotonic() < deadline, "the upload never got half-way"
                sock.sendall(chunk)
    # The owner drops the half-received files and the upload's folder, and imports nothing.
    wait_for(lambda: not _upload_folders(data), 15, what="the upload's temporary files removed")
    # A client that went away is not an error of the owner (the window shows the log's errors).
    log = wait_for(lambda: _log_records(data, "the client went away"), 10, what="the cut logged")
    assert all(r["level"] == "INFO" for r in log), log
    assert not [r for r in _log_records(data, "") if r["level"] in ("ERROR", "CRITICAL")]
    auth = bearer(info.token)
    assert httpx.get(info.url + "/api/files/status", headers=auth, timeout=30).json()["documents"] == []
    # It keeps serving: a whole upload goes through and is processed.
    files = [("files", ("simple.odt", (docs_dir / "simple.odt").read_bytes()))]
    answer = httpx.post(info.url + "/api/upload-files", files=files, headers=auth, timeout=60)
    assert answer.status_code == 200, answer.text
    (added,) = answer.json()["added"]
    wait_for(lambda: httpx.get(f"{info.url}/api/files/{added['id']}/status", headers=auth, timeout=30)
             .json()["documents"][0]["status"] == "completed", 120, what="the next upload processed")
    stop(owner)
    assert not _upload_folders(data) and discovery_leftovers(data) == []
    assert [d["filename"] for d in status(env)["documents"]] == ["simple.odt"]
    check(data)
    assert_no_processes(tag)


# -- 4. the owner killed -------------------------------------------------------------------
def test_killed_owners_files_are_ignored_then_replaced(tmp_path, docs_dir, model_dir):
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    owner, first = serve(env, data)
    run(env, "add", str(docs_dir / "simple.odt"), "--wait", timeout=180)  # through the owner
    os.kill(owner.pid, signal.SIGKILL)
    owner.communicate(timeout=10)
    assert (data / SERVER_FILE).exists() and (data / TOKEN_FILE).exists()  # what a crash leaves
    assert find_server(data) is None
    # The next client owns the directory itself (through the dead owner's URL it would fail).
    assert_no_processes(tag, within=10)  # its children went with it
    assert status(env)["counts"]["completed"] == 1
    found = run(env, "search", "favorite things", "--json", timeout=120).stdout
    assert "simple.odt" in found
    # The next owner replaces both files; the dead owner's token opens nothing.
    owner, second = serve(env, data)
    assert second.pid == owner.pid != first.pid and second.token != first.token
    assert httpx.get(second.url + "/api/files/status", headers=bearer(first.token), timeout=30).status_code == 401
    through = run(dict(env, DOCVEC_API_TIMEOUT="30"), "status", "--json", timeout=60)
    assert '"completed": 1' in through.stdout
    locked = subprocess.run(cli("check"), env=env, capture_output=True, text=True, timeout=60)
    assert locked.returncode == 1 and "data_dir_in_use" in locked.stderr  # so the status above went through it
    stop(owner)
    assert discovery_leftovers(data) == []
    check(data)
    assert_no_processes(tag)

