"""Smoke test of the built Linux bundle (dist/docvec), run headless with no network.

The bundle is built by `python build_scripts/build.py linux` when it is missing or older than
the code it freezes (several minutes; DOCVEC_BUNDLE=dist/docvec tests a bundle as it is).
HOME points at an empty folder and DOCVEC_MODEL_DIR is unset, so the model must come from the
bundle; on Linux as root the commands run in a new network namespace (no network).
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


# What a build freezes: a bundle older than any of these tests old code.
BUILD_INPUTS = ("docvec_gui/**/*.py", "build_scripts/docvec.spec", "build_scripts/build.py",
                "build_scripts/elf_prune.py", "build_scripts/entry_*.py", "build_scripts/pyi_rth_*.py",
                "pyproject.toml", "resources/i18n/*.qm")


def _stale(executable: Path) -> list[str]:
    """Build inputs newer than the bundle (none when DOCVEC_BUNDLE names a bundle to test as it is)."""
    if "DOCVEC_BUNDLE" in os.environ:
        return []
    built = executable.stat().st_mtime
    return [str(p.relative_to(REPO)) for pattern in BUILD_INPUTS for p in REPO.glob(pattern)
            if p.name != "_frozen_version.py" and p.stat().st_mtime > built]


@pytest.fixture(scope="module")
def bundle(model_dir, multilingual_dir) -> Path:
    if (not (BUNDLE / "docvec").exists() or not (BUNDLE / DEFAULT_MODEL / "docvec-model.json").exists()
            or _stale(BUNDLE / "docvec")):
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


def _serving(bundle: Path, data: Path, env: dict) -> subprocess.Popen:
    """``docvec serve`` of the bundle on ``data``, once it has published its address."""
    import time

    serve = subprocess.Popen([str(bundle / "docvec"), "--data-dir", str(data), "serve"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not (data / "server.json").exists():
        if serve.poll() is not None or time.monotonic() > deadline:
            serve.kill()
            raise AssertionError(serve.communicate(timeout=30)[1][-3000:])
        time.sleep(0.2)
    time.sleep(0.5)
    return serve


def test_the_bundle_holds_the_ocr_models_and_no_opencv(bundle):
    """RapidOCR's PP-OCR models and configs ship (so it never downloads); OpenCV and shapely do
    not (core/extract/ocr_imaging.py stands in for them), nor FFmpeg, nor type stubs."""
    internal = bundle / "_internal"
    rapidocr = internal / "rapidocr"
    models = sorted(p.name for p in (rapidocr / "models").glob("*.onnx"))
    assert any("det" in m for m in models) and any("rec" in m for m in models) and any("cls" in m for m in models)
    assert (rapidocr / "config.yaml").is_file() and (rapidocr / "default_models.yaml").is_file()
    assert (internal / "pyclipper").is_dir()  # RapidOCR grows text boxes with it
    left = [p for pattern in ("cv2", "opencv*", "shapely*", "libavcodec-*.so*", "libvpx-*.so*", "libgeos*", "*.pyi")
            for p in bundle.rglob(pattern)]
    assert left == [], left


def test_the_bundle_holds_the_default_model_and_the_chinese_table(bundle):
    """The default model and OpenCC's character table; not MiniLM (87 MiB: the installer budget),
    which a library made with it downloads, or gets from a model folder chosen in Settings."""
    internal = bundle / "_internal"
    for part in (DEFAULT_MODEL / "model_int8.onnx", DEFAULT_MODEL / "tokenizer.json",
                 Path("_internal", "opencc", "dictionary", "TSCharacters.txt")):
        assert (bundle / part).is_file(), part
    assert not (internal / "resources" / "models" / "all-MiniLM-L6-v2").exists()
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

    import httpx

    env = _env(tmp_path)
    data = tmp_path / "kb"
    add = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "add", str(docs_dir / "simple.odt"),
                          "--wait", "--json"], capture_output=True, text=True, env=env, timeout=600)
    assert add.returncode == 0, add.stderr
    serve = _serving(bundle, data, env)
    try:
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


def test_a_library_made_with_minilm_waits_for_it(bundle, tmp_path, docs_dir, model_dir):
    """Issue 9: a library made with all-MiniLM-L6-v2 (no longer bundled), opened by the bundle
    where it cannot be downloaded: a document added waits in pending, never failed, and health
    says why; nothing is downloaded."""
    import signal
    import time

    import httpx

    env = _env(tmp_path)  # downloads go to a dead proxy
    data = tmp_path / "kb"
    made = subprocess.run([sys.executable, "-m", "docvec_gui.cli", "--data-dir", str(data), "add",
                           str(docs_dir / "simple.odt"), "--wait", "--json"], cwd=REPO, capture_output=True,
                          text=True, env=dict(env, DOCVEC_MODEL_DIR=str(model_dir), PYTHONPATH=str(REPO)),
                          timeout=600)
    assert made.returncode == 0 and json.loads(made.stdout)["failed"] == [], made.stderr[-3000:]
    serve = _serving(bundle, data, env)
    try:
        add = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "add", str(docs_dir / "fake-email.eml"),
                              "--json"], capture_output=True, text=True, env=env, timeout=120)
        assert add.returncode == 0 and len(json.loads(add.stdout)["added"]) == 1, add.stderr[-3000:]
        url = json.loads((data / "server.json").read_text())["url"]
        token = (data / "api-token").read_text().strip()
        deadline = time.monotonic() + 120
        with httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
            while True:  # processing meets the missing model: the queue pauses on that fault
                health = client.get("/health").json()
                if not health["queue"]["ok"]:
                    break
                assert time.monotonic() < deadline, health
                time.sleep(0.5)
        assert "documents wait" in health["queue"]["detail"] and not health["model"]["ok"], health
        assert "all-MiniLM-L6-v2" in health["model"]["detail"] + health["queue"]["detail"], health
        status = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "status", "--json"],
                                capture_output=True, text=True, env=env, timeout=120)
        counts = json.loads(status.stdout)["counts"]
        assert counts["completed"] == 1 and counts["error"] == 0 and counts["pending"] + counts["processing"] == 1
    finally:
        serve.send_signal(signal.SIGTERM)
        _, err = serve.communicate(timeout=60)
    assert serve.returncode == 0 and "Traceback" not in err, err[-3000:]
    status = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "status", "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert json.loads(status.stdout)["counts"] == {"pending": 1, "processing": 0, "completed": 1, "error": 0}
    fetched = [p for p in _files_under(Path(env["HOME"])) if p.endswith(".onnx")]
    assert fetched == [], fetched


def _ocr_image(path: Path) -> None:
    """A PNG whose only text is a rendered line (DejaVuSans 40 px on white), as a photo of a page has."""
    from PIL import Image, ImageDraw, ImageFont

    font_path = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    font = ImageFont.truetype(str(font_path), 40) if font_path.exists() else ImageFont.load_default(size=40)
    image = Image.new("RGB", (900, 200), "white")
    ImageDraw.Draw(image).text((30, 70), "Offline OCR smoke test 2026", fill="black", font=font)
    image.save(path)


def _files_under(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*") if p.is_file()}


def test_ocr_of_a_scanned_pdf_and_an_image_offline(bundle, tmp_path, docs_dir):
    """Issue 13's acceptance: the bundle OCRs scanned PDFs and an image with no network, and search
    finds a phrase of each; RapidOCR uses its bundled models (nothing is fetched or written)."""
    env = _env(tmp_path)
    data = tmp_path / "kb"
    image = tmp_path / "smoke.png"
    _ocr_image(image)
    docs = [docs_dir / "testOCR.pdf", docs_dir / "loremipsum-flat.pdf", image]
    rapidocr_before = _files_under(bundle / "_internal" / "rapidocr")
    add = subprocess.run(_offline([str(bundle / "docvec"), "--data-dir", str(data), "add", *map(str, docs),
                                   "--wait", "--json"]), capture_output=True, text=True, env=env, timeout=600)
    assert add.returncode == 0, add.stderr[-3000:]
    report = json.loads(add.stdout)
    assert len(report["added"]) == 3 and report["failed"] == [], report
    status = subprocess.run([str(bundle / "docvec"), "--data-dir", str(data), "status", "--json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["counts"]["completed"] == 3, status.stdout
    queries = {"Happy New Year 2003": "testOCR.pdf", "Lorem ipsum dolor sit amet": "loremipsum-flat.pdf",
               "Offline OCR smoke test": "smoke.png"}
    search = subprocess.run(_offline([str(bundle / "docvec"), "--data-dir", str(data), "search", "--batch"]),
                            input="\n".join(queries) + "\n", capture_output=True, text=True, env=env, timeout=300)
    assert search.returncode == 0, search.stderr[-3000:]
    answers = [json.loads(line)["results"] for line in search.stdout.splitlines() if line.strip()]
    assert len(answers) == len(queries), search.stdout
    for (query, expected), results in zip(queries.items(), answers):
        assert results and results[0]["filename"] == expected, (query, [r["filename"] for r in results])
    # Offline for real: RapidOCR's model folder is unchanged (its download path saves there) and
    # no model landed anywhere in the user's home.
    assert _files_under(bundle / "_internal" / "rapidocr") == rapidocr_before
    fetched = [p for p in _files_under(Path(env["HOME"])) if p.endswith((".onnx", ".txt")) or "rapidocr" in p.lower()]
    assert fetched == [], fetched
