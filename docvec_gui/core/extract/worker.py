"""Entry point of the extraction child process.

Reads one JSON request per line on stdin (``{"path": ..., "timeout": ..., "ocr": {...}}``, the
last being :class:`~docvec_gui.core.extract.ocr.OcrOptions` as JSON) and answers each on stdout
with zero or more ``{"progress": {"page", "pages", "stage"}}`` lines while it reads (at most every
:data:`PROGRESS_INTERVAL` seconds, except that every page OCR starts is reported: the parent
extends the request's deadline by the OCR page timeout on each such line, and the child its
CPU limit likewise), zero or more ``{"blocks": [...]}`` lines (the text, in batches of at most
:data:`BLOCK_BATCH_CHARS` characters, so no line holds a whole big document; PDFs send them as
their pages are read, between the progress lines, see ``streaming.py``) and one final
line: ``{"ok": true, "document": ...}`` (metadata, blocks already sent) or ``{"ok": false,
"kind", "message"}``. The child watches its parent (``--parent-pid``) and exits as soon as the parent is
gone, so a SIGKILLed app never leaves a parser running.

Exit statuses the parent interprets (see :mod:`docvec_gui.core.extract.sandbox`): a death by
``SIGXCPU`` is this request's CPU-time limit (a timeout); :data:`EXIT_OUT_OF_MEMORY` is a
``MemoryError`` that escaped the request handler (the memory limit, a verdict).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import sys
import time
from pathlib import Path
from typing import Callable

# Exit status after a MemoryError outside a request (e.g. while writing the answer).
EXIT_OUT_OF_MEMORY = 86
# Characters of text per ``blocks`` line: the parent spools each line as it arrives.
BLOCK_BATCH_CHARS = 256_000
# CPU seconds a request may use, as a multiple of its wall-clock timeout. Wall-clock time
# normally ends a request first; the CPU limit backs it up if the parent cannot act in time
# and caps parsers that spin up many threads.
CPU_LIMIT_FACTOR = 2
# Seconds between two progress lines: often enough for the window's "extracting page x/y",
# rare enough that a 2,000-page PDF sends a few hundred lines, not thousands.
PROGRESS_INTERVAL = 0.5


def _posix() -> bool:
    return sys.platform.startswith("linux") or sys.platform == "darwin"


def _limit_memory(megabytes: int) -> None:
    if not _posix():
        return
    import resource

    limit = megabytes * 1024 * 1024
    try:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ValueError, OSError) as exc:
        print(f"memory limit not applied: {exc}", file=sys.stderr)


def _no_core_dumps() -> None:
    # SIGXCPU and parser crashes (SIGSEGV) would otherwise leave core files next to the app.
    if not _posix():
        return
    import resource

    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError) as exc:
        print(f"core dumps not disabled: {exc}", file=sys.stderr)


def _limit_cpu(timeout: float, extend_only: bool = False) -> None:
    """Let this request use at most ``CPU_LIMIT_FACTOR * timeout`` more CPU seconds (with
    ``extend_only``, never less than the limit already set: a progress line re-arms it)."""
    if not _posix() or timeout <= 0:
        return
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    soft = math.ceil(usage.ru_utime + usage.ru_stime + CPU_LIMIT_FACTOR * timeout)
    current, hard = resource.getrlimit(resource.RLIMIT_CPU)
    if extend_only and current != resource.RLIM_INFINITY and current >= soft:
        return
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    try:
        resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))
    except (ValueError, OSError) as exc:
        print(f"CPU limit not applied: {exc}", file=sys.stderr)


class _BlockSender:
    """Writes blocks to the parent in ``{"blocks": [...]}`` lines of at most about
    BLOCK_BATCH_CHARS characters: as a long document is read (``streaming.emit``), and at the
    end for whatever the extractor kept."""

    def __init__(self, out) -> None:
        self.out = out
        self.batch: list[dict] = []
        self.size = 0

    def add(self, blocks: list) -> None:
        for block in blocks:
            if self.batch and self.size + len(block.text) > BLOCK_BATCH_CHARS:
                self.flush()
            self.batch.append(block.to_json())
            self.size += len(block.text)

    def flush(self) -> None:
        if self.batch:
            _write(self.out, {"blocks": self.batch})
            self.out.flush()  # the parent spools it now, and the child's memory is freed
            self.batch, self.size = [], 0


def _write(out, message: dict) -> None:
    out.write(json.dumps(message, ensure_ascii=True).encode("ascii") + b"\n")


def _progress_writer(out, page_timeout: float = 0.0) -> Callable[[int, int, str], None]:
    """A page listener that sends ``{"progress": ...}`` lines: the last page, a change of stage
    and every OCR page always, other pages at most every PROGRESS_INTERVAL. Each OCR page
    re-arms the CPU limit for ``page_timeout`` more seconds, as the parent does its deadline."""
    last = 0.0
    last_stage = ""

    def report(page: int, pages: int, stage: str = "extracting") -> None:
        nonlocal last, last_stage
        now = time.monotonic()
        if now - last < PROGRESS_INTERVAL and page < pages and stage == last_stage and stage != "ocr":
            return
        last, last_stage = now, stage
        _write(out, {"progress": {"page": page, "pages": pages, "stage": stage}})
        out.flush()
        if stage == "ocr":
            _limit_cpu(page_timeout, extend_only=True)

    return report


def _handle(path: str, memory_mb: int, out, ocr: dict | None = None) -> dict:
    """Extract ``path``, send its blocks and return the final answer (not yet sent)."""
    try:
        # Imported here, under the memory limit: a limit too small even for the parsers is
        # reported like any other out-of-memory extraction.
        from docvec_gui.core.extract import ExtractionError, extract_file
        from docvec_gui.core.extract.model import OcrUnavailable
        from docvec_gui.core.extract.ocr import OcrOptions, using_options
        from docvec_gui.core.extract.progress import reporting_to

        from docvec_gui.core.extract.streaming import sending_to

        options = OcrOptions.from_json(ocr)
        sender = _BlockSender(out)
        try:
            with using_options(options), reporting_to(_progress_writer(out, options.page_timeout)), \
                    sending_to(sender.add):
                document = extract_file(Path(path))
        except ExtractionError as exc:
            return {"ok": False, "kind": exc.kind, "message": str(exc)}
        except OcrUnavailable as exc:  # the app's fault, not the file's: no kind, the parent retries later
            return {"ok": False, "fault": "ocr", "message": str(exc)}
        blocks, document.blocks = document.blocks, []
        sender.add(blocks)
        sender.flush()
        return {"ok": True, "document": document.to_json()}
    except MemoryError:
        # The heap may be fragmented or half-built objects leaked: ask for a fresh child.
        return {"ok": False, "kind": "too_large", "message": f"extraction needed more than {memory_mb} MB",
                "restart": True}


def _serve(memory_mb: int) -> int:
    # Parsers (xlrd, pypdf) print warnings to stdout; keep fd 1 for results only by sending
    # everything else to stderr, including output from C extensions.
    out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    _no_core_dumps()
    _limit_memory(memory_mb)
    for line in sys.stdin.buffer:
        request = json.loads(line)
        _limit_cpu(float(request.get("timeout") or 0))
        result = _handle(request["path"], memory_mb, out, request.get("ocr"))
        _write(out, result)
        out.flush()
        if result.get("restart"):
            return 0
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docvec-extract-worker")
    parser.add_argument("--serve", action="store_true")
    parser.add_argument("--memory-mb", type=int, default=2048)
    parser.add_argument("--parent-pid", type=int, default=None,
                        help="exit as soon as this process is gone (the app that started us)")
    args = parser.parse_args(argv)
    if args.parent_pid is not None:
        from docvec_gui.core.children import die_with_parent

        # Before the memory limit: starting a thread maps its stack, which a tight limit refuses.
        die_with_parent(args.parent_pid)
    from docvec_gui.core.priority import lower_this_process

    lower_this_process()  # parsing yields the CPU to the window (core/priority.py)
    try:
        return _serve(args.memory_mb)
    except MemoryError:
        os._exit(EXIT_OUT_OF_MEMORY)


if __name__ == "__main__":
    sys.exit(main())
