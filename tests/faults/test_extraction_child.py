"""Faults around the extraction child: it is killed, it keeps dying, the app dies, Ctrl-C.

Real processes and real signals throughout; the app is played by this test process or, when
the app itself must die, by a small script started as a subprocess.
"""
from __future__ import annotations

import json
import logging
import os
import queue
import re
import signal
import subprocess
import sys
import textwrap
import threading
import time
import unicodedata
from pathlib import Path

import psutil
import pytest

from docvec_gui.core.extract.model import ExtractionError, Extracted
from faultkit import extraction_children, no_leftover_children, pool, running, wait_for  # noqa: F401 (fixtures)

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

REPO = Path(__file__).resolve().parents[2]
# A few seconds of parsing: long enough to be hit mid-way, short enough to finish in a retry.
MEDIUM = "gnuplot.pdf"  # 311 pages: 2-4 s with PDFium
MEDIUM_PHRASE = "plots (data sets or functions) on"
QUICK = "simple.odt"


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()








def worker_ready(proc: psutil.Process) -> bool:
    """The worker has set its limits (so a fatal signal now leaves no core file)."""
    try:
        return proc.rlimit(psutil.RLIMIT_CORE) == (0, 0) if hasattr(psutil, "RLIMIT_CORE") else True
    except psutil.NoSuchProcess:
        return False


class Striker:
    """Sends ``sig`` to every extraction child of this process as soon as it is up."""

    def __init__(self, sig: int) -> None:
        self.sig = sig
        self.hit: list[int] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.02):
            for proc in extraction_children():
                if proc.pid not in self.hit and worker_ready(proc):
                    try:
                        os.kill(proc.pid, self.sig)
                        self.hit.append(proc.pid)
                    except ProcessLookupError:
                        pass

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)






def test_a_killed_child_is_retried_alone_and_the_document_comes_back(pool, docs_dir, caplog):
    caplog.set_level(logging.INFO, logger="docvec_gui.core.extract.sandbox")
    extractors = pool(2, timeout=120)
    result: list[object] = []
    medium = threading.Thread(target=lambda: result.append(extractors.extract(docs_dir / MEDIUM)), daemon=True)
    medium.start()
    (victim,) = wait_for(extraction_children, 30, "the extraction child")
    # Meanwhile another caller keeps the second child busy with quick files.
    quick_done: list[float] = []
    quick_failed: list[BaseException] = []
    stop = threading.Event()

    def quick_loop() -> None:
        while not stop.is_set():
            try:
                extractors.extract(docs_dir / QUICK)
            except BaseException as exc:  # reported by the test below
                quick_failed.append(exc)
                return
            quick_done.append(time.time())

    other = threading.Thread(target=quick_loop, daemon=True)
    other.start()
    wait_for(lambda: quick_done, 30, "the other caller's first extraction")
    os.kill(victim.pid, signal.SIGKILL)
    medium.join(90)
    stop.set()
    other.join(30)
    assert not medium.is_alive() and not other.is_alive()
    assert quick_failed == []

    (doc,) = result  # a document, not too_large / corrupt
    assert isinstance(doc, Extracted) and doc.page_count == 311
    assert MEDIUM_PHRASE in norm(doc.text)
    alone_from = [r.created for r in caplog.records if r.getMessage().endswith("runs alone now")]
    alone_until = [r.created for r in caplog.records if r.getMessage() == "the extractor pool is shared again"]
    assert len(alone_from) == 1 and len(alone_until) == 1
    assert alone_until[0] - alone_from[0] > 0.5  # long enough for the other caller to finish files
    during = [t for t in quick_done if alone_from[0] < t < alone_until[0]]
    assert during == [], "another extraction ran while the retry should have run alone"
    assert any(t > alone_until[0] for t in quick_done)  # and it went on afterwards


def test_a_child_that_dies_every_time_is_a_crashed_verdict(pool, docs_dir):
    extractors = pool(1, timeout=120)
    striker = Striker(signal.SIGSEGV)  # what a parser bug in native code does
    started = time.monotonic()
    try:
        with pytest.raises(ExtractionError) as info:
            extractors.extract(docs_dir / MEDIUM)
    finally:
        striker.stop()
    assert info.value.kind == "crashed"
    assert "crashed twice" in str(info.value) and "SIGSEGV" in str(info.value)
    assert len(striker.hit) == 2  # the first run and the one retry alone, no more
    assert time.monotonic() - started < 30
    assert "These are a few" in extractors.extract(docs_dir / QUICK).text  # the pool recovers


def test_sigkill_from_outside_is_tolerated_a_few_times_then_judged(pool, docs_dir):
    """SIGKILL comes from outside (a user, the OOM killer); it is retried alone up to
    OUTSIDE_KILLS_TOLERATED times in all before it becomes ``crashed``."""
    from docvec_gui.core.extract.sandbox import OUTSIDE_KILLS_TOLERATED

    extractors = pool(1, timeout=120)
    striker = Striker(signal.SIGKILL)
    started = time.monotonic()
    try:
        with pytest.raises(ExtractionError) as info:
            extractors.extract(docs_dir / MEDIUM)
    finally:
        striker.stop()
    assert info.value.kind == "crashed" and "SIGKILL" in str(info.value)
    assert len(striker.hit) == OUTSIDE_KILLS_TOLERATED + 1
    assert time.monotonic() - started < 30
    assert "These are a few" in extractors.extract(docs_dir / QUICK).text  # the pool recovers


def test_running_out_of_cpu_time_is_a_timeout_not_a_crash(pool, docs_dir):
    # SIGXCPU is how the kernel enforces the child's RLIMIT_CPU; send it directly, twice.
    extractors = pool(1, timeout=120)
    striker = Striker(signal.SIGXCPU)
    try:
        with pytest.raises(ExtractionError) as info:
            extractors.extract(docs_dir / MEDIUM)
    finally:
        striker.stop()
    assert info.value.kind == "timeout"
    assert "CPU" in str(info.value)
    assert len(striker.hit) == 2


APP_SCRIPT = textwrap.dedent("""
    import json, os, sys, threading, time
    from pathlib import Path
    import psutil
    from docvec_gui.core.extract.sandbox import ExtractorPool

    pool = ExtractorPool(1, timeout=600)
    outcome = []

    def work():
        try:
            pool.extract(Path(sys.argv[1]))
            outcome.append("document")
        except BaseException as exc:
            outcome.append(type(exc).__name__)

    threading.Thread(target=work, daemon=True).start()
    deadline = time.monotonic() + 30
    while not pool.child_pids() and time.monotonic() < deadline:
        time.sleep(0.05)
    child = pool.child_pids()[0]
    print(child, flush=True)
    try:
        time.sleep(120)
    except KeyboardInterrupt:
        time.sleep(0.5)  # a child that got the SIGINT too would be dead by now
        alive = psutil.pid_exists(child) and psutil.Process(child).status() != psutil.STATUS_ZOMBIE
        closed = pool.close(timeout=5)
        deadline = time.monotonic() + 5
        while not outcome and time.monotonic() < deadline:
            time.sleep(0.05)
        print(json.dumps({"child_alive_after_sigint": alive, "closed": closed, "outcome": outcome}), flush=True)
""")


class App:
    """The script above, run as the 'app' in its own session; its stdout read line by line."""

    def __init__(self, tmp_path: Path, document: Path) -> None:
        script = tmp_path / "app.py"
        script.write_text(APP_SCRIPT, encoding="utf-8")
        env = dict(os.environ, PYTHONPATH=str(REPO))
        self.proc = subprocess.Popen([sys.executable, str(script), str(document)], stdout=subprocess.PIPE,
                                     env=env, cwd=str(tmp_path), start_new_session=True)
        self._lines: queue.Queue[bytes] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        for line in self.proc.stdout:
            self._lines.put(line)

    def line(self, timeout: float) -> str:
        try:
            return self._lines.get(timeout=timeout).decode().strip()
        except queue.Empty:
            raise AssertionError(f"the app script printed nothing within {timeout} s") from None

    def end(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(10)
        self.proc.stdout.close()


def test_an_extraction_child_does_not_outlive_a_killed_app(tmp_path, long_pdf):
    app = App(tmp_path, long_pdf)
    child = None
    try:
        child = int(app.line(timeout=30))
        assert running(child) and psutil.Process(child).ppid() == app.proc.pid
        time.sleep(0.5)  # mid-extraction
        os.kill(app.proc.pid, signal.SIGKILL)
        app.proc.wait(5)
        killed_at = time.monotonic()
        wait_for(lambda: not running(child), 3, "the orphaned extraction child to exit")
        assert time.monotonic() - killed_at < 3
    finally:
        app.end()
        if child is not None and running(child):
            os.kill(child, signal.SIGKILL)


def test_ctrl_c_reaches_the_app_but_not_its_extraction_child(tmp_path, long_pdf):
    app = App(tmp_path, long_pdf)
    child = None
    try:
        child = int(app.line(timeout=30))
        assert os.getsid(child) != os.getsid(app.proc.pid)
        time.sleep(0.5)  # mid-extraction
        os.killpg(app.proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does to the foreground group
        report = json.loads(app.line(timeout=15))
        assert report == {"child_alive_after_sigint": True, "closed": True, "outcome": ["ExtractionCancelled"]}
        assert app.proc.wait(10) == 0
        assert not running(child)
    finally:
        app.end()
        if child is not None and running(child):
            os.kill(child, signal.SIGKILL)


def test_a_damaged_ocr_model_is_the_apps_fault_not_the_documents(pool, docs_dir, tmp_path, monkeypatch):
    """An install whose OCR detection model is cut short (real corruption of a copy of the
    rapidocr package, put first on the children's path): scans and images are not judged
    ``no_text`` or ``corrupt`` but raise OcrUnavailable (the app retries them later); the child
    lives on and text documents are read as before."""
    import shutil

    import rapidocr

    from docvec_gui.core.extract.model import OcrUnavailable

    broken = tmp_path / "site"
    shutil.copytree(Path(rapidocr.__file__).parent, broken / "rapidocr")
    model = broken / "rapidocr" / "models" / "PP-OCRv6_det_small.onnx"
    model.write_bytes(model.read_bytes()[:4096])
    monkeypatch.setenv("PYTHONPATH", str(broken))
    extractors = pool(1, timeout=120)
    for scan in (docs_dir / "testOCR.pdf", REPO / "tests" / "ocr_set" / "en_sans_28.png"):
        with pytest.raises(OcrUnavailable, match="OCR engine could not be loaded"):
            extractors.extract(scan)
    (pid,) = extractors.child_pids()
    assert MEDIUM_PHRASE in norm(extractors.extract(docs_dir / MEDIUM).text)
    assert extractors.child_pids() == [pid]  # the same child: a fault of OCR is not a crash
