"""Smoke test of the built Linux bundle (dist/docvec), run headless with no network.

The bundle is built by `python build_scripts/build.py linux` when it is missing (several
minutes). HOME points at an empty folder and DOCVEC_MODEL_DIR is unset, so the model must come
from the bundle; on Linux as root the commands run in a new network namespace (no network).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO

BUNDLE = Path(os.environ.get("DOCVEC_BUNDLE", REPO / "dist" / "docvec"))
DEFAULT_MODEL = Path("_internal", "resources", "models", "multilingual-e5-small-int8")
pytestmark = [pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the Linux bundle"), pytest.mark.slow]


@pytest.fixture(scope="module")
def bundle(model_dir, multilingual_dir) -> Path:
    if not (BUNDLE / "docvec").exists() or not (BUNDLE / DEFAULT_MODEL / "docvec-model.json").exists():
        subprocess.run([sys.executable, str(REPO / "build_scripts" / "build.py"), "linux"], check=True, timeout=1800)
    assert (BUNDLE / "docvec").exists() and (BUNDLE / "docvec-gui").exists()
    return BUNDLE


def _offline(cmd: list[str]) -> list[str]:
    """Run without network: a fresh network namespace has only a downed loopback."""
    if os.geteuid() == 0 and shutil.which("unshare"):
        return ["unshare", "--net", "--", *cmd]
    if os.environ.get("CI"):
        pytest.fail("CI must be able to cut the network (root and unshare)")
    return cmd


def _env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if k not in ("MODEL_DIR", "DOCVEC_MODEL_DIR", "DOCVEC_DATA_DIR", "PYTHONPATH")}
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), XDG_DATA_HOME=str(home / ".local/share"),
               QT_QPA_PLATFORM="offscreen", DOCVEC_WORKERS="2", http_proxy="http://127.0.0.1:9",
               https_proxy="http://127.0.0.1:9")
    return env


def test_the_bundle_holds_both_models_and_the_chinese_table(bundle):
    """The default model, MiniLM (the model of older libraries) and OpenCC's character table."""
    internal = bundle / "_internal"
    for part in (DEFAULT_MODEL / "model_int8.onnx", DEFAULT_MODEL / "tokenizer.json",
                 Path("_internal", "resources", "models", "all-MiniLM-L6-v2", "model.onnx"),
                 Path("_internal", "opencc", "dictionary", "TSCharacters.txt")):
        assert (bundle / part).is_file(), part
    assert not any(internal.glob("onnx/__init__.py"))  # a build tool, not shipped


def test_version(bundle, tmp_path):
    from docvec_gui import __version__

    out = subprocess.run([str(bundle / "docvec"), "--version"], capture_output=True, text=True, check=True,
                         env=_env(tmp_path))
    assert out.stdout.strip() == f"docvec {__version__}"


def test_add_and_search_offline_with_the_bundled_model(bundle, tmp_path, docs_dir):
    env = _env(tmp_path)
    data = tmp_path / "kb"
    docs = [docs_dir / "google-doc-document.pdf", docs_dir / "simple.odt", docs_dir / "fake-email.eml"]
    add = subprocess.run(_offline([str(bundle / "docvec"), "--data-dir", str(data), "add", *map(str, docs),
                                   "--wait", "--json"]), capture_output=True, text=True, env=env, timeout=600)
    assert add.returncode == 0, add.stderr
    report = json.loads(add.stdout)
    assert len(report["added"]) == 3 and report["failed"] == []
    search = subprocess.run(_offline([str(bundle / "docvec"), "--data-dir", str(data), "search", "--json",
                                      "namespaces are one honking great idea"]),
                            capture_output=True, text=True, env=env, timeout=300)
    assert search.returncode == 0, search.stderr
    assert json.loads(search.stdout)["results"][0]["filename"] == "google-doc-document.pdf"
    # Nothing downloaded: the user cache holds only the SentencePiece model built here from the
    # bundled multilingual tokenizer.json (core/unigram.py), which proves it works frozen too.
    cache = Path(env["HOME"]) / ".cache" / "docvec"
    left = sorted(p.relative_to(cache) for p in cache.rglob("*") if p.is_file()) if cache.exists() else []
    assert left and all(p.parts[0] == "tokenizers" and p.suffix in (".model", ".json") for p in left), left


def test_window_starts_offscreen_and_exits_cleanly(bundle, tmp_path):
    env = dict(_env(tmp_path), DOCVEC_EXIT_AFTER_PAINT="1")
    run = subprocess.run(_offline([str(bundle / "docvec-gui"), "--data-dir", str(tmp_path / "kb")]),
                         capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "first_paint_s=" in run.stdout


def test_the_bundled_owner_serves_the_api_and_mcp_and_the_cli_is_its_client(bundle, tmp_path, docs_dir):
    """uvicorn, starlette and the MCP SDK load their parts by name: the frozen app must serve."""
    import signal
    import time

    import httpx

    env = _env(tmp_path)
    data = tmp_path / "kb"
    add = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "add", str(docs_dir / "simple.odt"),
                          "--wait", "--json"], capture_output=True, text=True, env=env, timeout=600)
    assert add.returncode == 0, add.stderr
    serve = subprocess.Popen([str(bundle / "docvec"), "--data-dir", str(data), "serve"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not (data / "server.json").exists():
            assert serve.poll() is None and time.monotonic() < deadline, serve.stderr.read()[-3000:]
            time.sleep(0.2)
        time.sleep(0.5)
        url = json.loads((data / "server.json").read_text())["url"]
        token = (data / "api-token").read_text().strip()
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            assert client.get("/health").status_code == 200
            hits = client.get("/api/search", params={"q": "simple document", "top_k": 3}).json()["results"]
            assert hits and hits[0]["filename"] == "simple.odt"
            mcp = client.post("/mcp", json={"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
                "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}},
                headers={"Accept": "application/json, text/event-stream"})
            assert mcp.status_code == 200 and "docvec" in mcp.text, mcp.text[:500]
        status = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "status", "--json"],
                                capture_output=True, text=True, env=env, timeout=120)
        assert status.returncode == 0, status.stderr
        assert json.loads(status.stdout)["counts"]["completed"] == 1
    finally:
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=60)
    assert serve.returncode == 0 and "Traceback" not in err, err[-3000:]
    assert not (data / "server.json").exists()
