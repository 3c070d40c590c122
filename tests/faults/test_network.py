"""Nothing leaves the machine: real CLI runs under strace make no network connection at all.

ONNX Runtime's official builds carry Microsoft's 1DS telemetry, which resolves and posts to
mobile.events.data.microsoft.com a few seconds after start-up unless ORT_DISABLE_TELEMETRY
is set before onnxruntime is imported (docvec_gui.core.privacy.disable_telemetry). Only
connections to Unix sockets (and netlink, which never leaves the kernel) are allowed.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from prerequisites import missing

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="strace is Linux-only")

TRACED = "connect,sendto,sendmsg,sendmmsg"
# The 1DS uploader first resolves its host ~9 s after start-up; stay alive past that.
LINGER_S = 15
_CALL = re.compile(r"\b(connect|sendto|sendmsg|sendmmsg)\(")
_FAMILY = re.compile(r"sa_family=(AF_\w+)")


def _strace() -> str:
    found = shutil.which("strace")
    if found is None:
        missing("strace is required to check that docvec makes no network connections")
    return found


def _env(tmp_path: Path, model_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCVEC_")}
    # The app must switch telemetry off itself (this test process may already have it set);
    # proxies are unset so that no connection hides behind one.
    for key in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ORT_DISABLE_TELEMETRY"):
        env.pop(key, None)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), XDG_CACHE_HOME=str(home / ".cache"), DOCVEC_DATA_DIR=str(tmp_path / "kb"),
               DOCVEC_MODEL_DIR=str(model_dir), DOCVEC_WORKERS="1",
               DOCVEC_EMBED_THREADS="1", QT_QPA_PLATFORM="offscreen")
    return env


def _traced(strace: str, tmp_path: Path, env: dict[str, str], argv: list[str], name: str,
            timeout: float = 120) -> tuple[subprocess.CompletedProcess, list[str]]:
    """Run ``argv`` (and every child) under strace; return the run and its network calls."""
    log = tmp_path / f"{name}.strace"
    run = subprocess.run([strace, "-f", "-qq", "-s", "128", "-e", f"trace={TRACED}", "-o", str(log), *argv],
                         env=env, capture_output=True, text=True, timeout=timeout)
    assert log.exists(), f"strace did not run: {run.stderr[-2000:]}"
    calls = [line for line in log.read_text(errors="replace").splitlines() if _CALL.search(line)]
    return run, calls


def _external(calls: list[str]) -> list[str]:
    """Calls that reach (or try to reach) the network: any IP family, or DNS on port 53."""
    bad = []
    for line in calls:
        families = set(_FAMILY.findall(line))
        if families - {"AF_UNIX", "AF_LOCAL", "AF_NETLINK"} or "htons(53)" in line:
            bad.append(line)
    return bad


def test_add_search_health_make_no_network_connection(tmp_path, model_dir, docs_dir):
    strace = _strace()
    env = _env(tmp_path, model_dir)
    cli = [sys.executable, "-m", "docvec_gui"]
    add, add_calls = _traced(strace, tmp_path, env, [*cli, "add", str(docs_dir / "simple.odt"), "--wait"], "add")
    assert add.returncode == 0 and add.stdout.startswith("added 1,"), add.stdout + add.stderr
    assert "failed" not in add.stdout, add.stdout
    # Words of the document: since issue 9 an unrelated query gets "no good matches", not padding.
    search, search_calls = _traced(strace, tmp_path, env, [*cli, "search", "--json", "my favorite things"],
                                   "search")
    assert search.returncode == 0 and '"simple.odt"' in search.stdout, search.stdout + search.stderr
    health, health_calls = _traced(strace, tmp_path, env, [*cli, "health"], "health")
    assert health.returncode == 0, health.stdout + health.stderr
    assert _external(add_calls + search_calls + health_calls) == []
    assert not (tmp_path / "home" / ".cache" / "Microsoft").exists()


def test_a_long_running_embedder_never_phones_home(tmp_path, model_dir):
    """The app's own start-up path (load_settings, then the local model), kept alive past
    the moment ONNX Runtime's telemetry uploader would first connect."""
    strace = _strace()
    script = (
        "import sys, time\n"
        "from docvec_gui.core.config import load_settings\n"
        "from docvec_gui.core.embed import make_embedder\n"
        "embedder = make_embedder(load_settings())\n"
        "assert embedder.embed(['nothing leaves the machine']).shape == (1, 384)\n"
        f"time.sleep({LINGER_S})\n"
    )
    run, calls = _traced(strace, tmp_path, _env(tmp_path, model_dir), [sys.executable, "-c", script], "embed")
    assert run.returncode == 0, run.stderr[-2000:]
    assert _external(calls) == []
    # With telemetry off, ONNX Runtime creates neither its device id nor its event store.
    assert not (tmp_path / "home" / ".cache" / "Microsoft").exists()
