"""Run extraction in child processes with a wall-clock timeout and a memory cap.

A hostile or broken file can make a parser loop, recurse or allocate without bound; in a
child process that costs a killed process and an error kind, never the app. Children are
long-lived (one per consumer thread, recycled every ``RECYCLE_AFTER`` files) so a small
file does not pay ~70 ms of interpreter start-up; a child that times out or dies is
replaced.
"""
from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from docvec_gui.core.extract.model import ExtractionError, Extracted

WORKER_FLAG = "--extract-worker"
RECYCLE_AFTER = 200


def worker_command() -> list[str]:
    """The command that starts an extraction worker, frozen or from source."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "docvec_gui.core.extract.worker"]


def _result_to_document(result: dict) -> Extracted:
    if not result.get("ok"):
        raise ExtractionError(result.get("kind", "corrupt"), result.get("message", "extraction failed"))
    return Extracted.from_json(result["document"])


class ExtractionWorker:
    """One child process serving extraction requests, one at a time."""

    def __init__(self, memory_mb: int = 2048) -> None:
        self.memory_mb = memory_mb
        self._proc: subprocess.Popen | None = None
        self._lines: queue.Queue = queue.Queue()
        self._stderr = None
        self._served = 0

    def _spawn(self) -> subprocess.Popen:
        self._stderr = tempfile.TemporaryFile()
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        proc = subprocess.Popen(
            worker_command() + ["--serve", "--memory-mb", str(self.memory_mb)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, env=env,
            creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0),
        )
        lines: queue.Queue = queue.Queue()
        self._lines = lines

        def pump() -> None:
            for line in proc.stdout:
                lines.put(line)
            lines.put(None)  # EOF: the child exited

        threading.Thread(target=pump, name="docvec-extract-reader", daemon=True).start()
        self._proc, self._served = proc, 0
        return proc

    def _stderr_tail(self) -> str:
        if self._stderr is None:
            return ""
        self._stderr.seek(0)
        lines = self._stderr.read().decode("utf-8", "replace").strip().splitlines()
        return lines[-1] if lines else ""

    def kill(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc is not None:
            proc.stdin.close()
            proc.stdout.close()
        if self._stderr is not None:  # one temporary file per child; close it with the child
            self._stderr.close()
            self._stderr = None

    def extract(self, path: Path, timeout: float) -> Extracted:
        proc = self._proc
        if proc is None or proc.poll() is not None:
            self.kill()  # release a dead child's pipes before replacing it
            proc = self._spawn()
        try:
            proc.stdin.write((json.dumps({"path": str(path)}) + "\n").encode("utf-8"))
            proc.stdin.flush()
        except OSError as exc:
            self.kill()
            raise ExtractionError("corrupt", f"the extraction worker is gone: {exc}") from exc
        try:
            line = self._lines.get(timeout=timeout)
        except queue.Empty:
            self.kill()
            raise ExtractionError("timeout", f"extraction took longer than {timeout:.0f} s and was stopped") from None
        if line is None:
            proc.wait()
            tail = self._stderr_tail()
            self.kill()
            if proc.returncode and proc.returncode < 0 or "MemoryError" in tail:
                raise ExtractionError("too_large", f"extraction was stopped (over {self.memory_mb} MB or "
                                                   f"crashed: {tail or proc.returncode})")
            raise ExtractionError("corrupt", f"the extractor crashed on this file: {tail or proc.returncode}")
        self._served += 1
        result = json.loads(line.decode("utf-8"))
        if result.get("restart") or self._served >= RECYCLE_AFTER:
            self.kill()
        return _result_to_document(result)


class ExtractorPool:
    """One :class:`ExtractionWorker` per calling thread; :meth:`close` ends them all."""

    def __init__(self, timeout: float = 180.0, memory_mb: int = 2048) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self._local = threading.local()
        self._all: list[ExtractionWorker] = []
        self._lock = threading.Lock()

    def extract(self, path: Path) -> Extracted:
        worker = getattr(self._local, "worker", None)
        if worker is None:
            worker = ExtractionWorker(self.memory_mb)
            self._local.worker = worker
            with self._lock:
                self._all.append(worker)
        return worker.extract(path, self.timeout)

    def close(self) -> None:
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()


def extract_isolated(path: Path, timeout: float = 180.0, memory_mb: int = 2048) -> Extracted:
    """Extract ``path`` in a fresh child process; raises :class:`ExtractionError` on any failure."""
    worker = ExtractionWorker(memory_mb)
    try:
        return worker.extract(path, timeout)
    finally:
        worker.kill()
