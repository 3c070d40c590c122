"""Run extraction in a subprocess with a wall-clock timeout and a memory cap.

A hostile or broken file can make a parser loop, recurse or allocate without bound;
in a child process that costs a killed process and an error kind, never the app.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from docvec_gui.core.extract.model import ExtractionError, Extracted

WORKER_FLAG = "--extract-worker"


def worker_command() -> list[str]:
    """The command that starts an extraction worker, frozen or from source."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "docvec_gui.core.extract.worker"]


def extract_isolated(path: Path, timeout: float = 180.0, memory_mb: int = 2048) -> Extracted:
    """Extract ``path`` in a child process; raises :class:`ExtractionError` on any failure."""
    cmd = worker_command() + [str(path), "--memory-mb", str(memory_mb)]
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    creationflags = getattr(subprocess, "CREATE_NO_WINDOW", 0)
    try:
        proc = subprocess.run(cmd, capture_output=True, timeout=timeout, env=env, creationflags=creationflags)
    except subprocess.TimeoutExpired as exc:
        raise ExtractionError("timeout", f"extraction took longer than {timeout:.0f} s and was stopped") from exc
    try:
        result = json.loads(proc.stdout.decode("utf-8"))
    except ValueError:
        tail = proc.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or [f"exit code {proc.returncode}"]
        if proc.returncode < 0 or "MemoryError" in tail[0]:
            raise ExtractionError(
                "too_large", f"extraction was stopped (exceeded {memory_mb} MB or crashed: {tail[0]})"
            ) from None
        raise ExtractionError("corrupt", f"the extractor crashed on this file: {tail[0]}") from None
    if not result.get("ok"):
        raise ExtractionError(result.get("kind", "corrupt"), result.get("message", "extraction failed"))
    return Extracted.from_json(result["document"])
