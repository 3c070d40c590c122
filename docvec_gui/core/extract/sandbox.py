"""Run extraction in child processes with a wall-clock timeout, a CPU limit and a memory cap.

A hostile or broken file can make a parser loop, recurse or allocate without bound; in a
child process that costs a killed process and an error kind, never the app.

:class:`ExtractorPool` keeps a fixed number of long-lived children (started lazily, recycled
every ``RECYCLE_AFTER`` files) so a small file does not pay ~70 ms of interpreter start-up.
Callers check a child out, send one request and check it back in; no state is tied to the
calling thread, so Pause/Resume (threads coming and going) cannot leak children.

A child that *dies* (signal, unexpected exit) or runs out of time says nothing about the
file yet: the machine may have been busy, or something else killed it. Such a file is tried
once more, alone (no other extraction runs in the pool meanwhile), in a fresh child with the
full per-extraction memory budget; only a second failure is a verdict (``crashed`` or
``timeout``). An answer from the parser (encrypted, corrupt, ...) and a ``MemoryError`` under
the full memory limit are verdicts at once.

Every child runs in its own session (Ctrl-C in a terminal reaches only the app) and watches
the app's pid, exiting as soon as the app is gone, even after a SIGKILL.

A request's wall-clock deadline is ``timeout`` from its start, pushed to at least
``ocr.page_timeout`` from now by every page OCR starts (a progress line with stage ``ocr``): a
300-page scan read at 10 s a page does not run into the per-document timeout, while a page
that hangs still times out. Text read from a text layer keeps the per-document timeout.
"""
from __future__ import annotations

import collections
import contextlib
import json
import logging
import os
import queue
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Iterator

from docvec_gui.core import children
from docvec_gui.core.extract.model import ExtractionError, Extracted, OcrUnavailable
from docvec_gui.core.extract.ocr import OcrOptions
from docvec_gui.core.extract.progress import OCR as OCR_STAGE
from docvec_gui.core.extract.spool import BlockSpool
from docvec_gui.core.extract.worker import EXIT_OUT_OF_MEMORY

log = logging.getLogger(__name__)

WORKER_FLAG = "--extract-worker"
RECYCLE_AFTER = 200
# How often a waiting caller looks at its cancel event and the pool's state.
POLL_INTERVAL = 0.5
# How often a waiting caller's heartbeat is called.
HEARTBEAT_INTERVAL = 1.0
# A SIGKILLed child is reaped well within this; a child that closed its stdout exits within it.
KILL_WAIT = 5.0
DEFAULT_CLOSE_TIMEOUT = 10.0
_STDERR_TAIL_BYTES = 4096
_MIB = 1024 * 1024


class ExtractionCancelled(Exception):
    """The extraction was abandoned: the caller's cancel event was set or the pool is closing.

    Deliberately not an :class:`ExtractionError` (nor any ``DocvecError``): it says nothing
    about the document and must never become a document's error.
    """


def worker_command() -> list[str]:
    """The command that starts an extraction worker, frozen or from source."""
    if getattr(sys, "frozen", False):
        return [sys.executable, WORKER_FLAG]
    return [sys.executable, "-m", "docvec_gui.core.extract.worker"]


def _result_to_document(result: dict, spool: BlockSpool | None) -> Extracted:
    if not result.get("ok"):
        if result.get("fault") == "ocr":
            raise OcrUnavailable(result.get("message", "the OCR engine could not be loaded"))
        raise ExtractionError(result.get("kind", "corrupt"), result.get("message", "extraction failed"))
    try:
        document = Extracted.from_json(result["document"])
    except BaseException:
        if spool is not None:
            spool.close()
        raise
    if spool is not None:
        document.blocks = spool
    return document


def _default_total_memory_mb() -> int:
    import psutil

    return int(psutil.virtual_memory().total // 2 // _MIB)


class _ChildFault(Exception):
    """A child gave no answer: it ``died``, ran out of ``timeout`` or of ``memory``."""

    def __init__(self, kind: str, detail: str, memory_mb: int) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.detail = detail
        self.memory_mb = memory_mb


class _Watch:
    """What a waiting caller checks on each tick: its cancel event, the pool closing, its heartbeat."""

    def __init__(self, cancel: threading.Event | None, heartbeat: Callable[[], None] | None,
                 closing: threading.Event, pages: Callable[[int, int, str], None] | None = None) -> None:
        self._cancel = cancel
        self._heartbeat = heartbeat
        self._pages = pages
        self._closing = closing
        self._last_beat = time.monotonic()

    def cancelled(self) -> bool:
        return self._closing.is_set() or (self._cancel is not None and self._cancel.is_set())

    def reason(self) -> str:
        return "the extractor pool is closing" if self._closing.is_set() else "the extraction was cancelled"

    def beat(self) -> None:
        if self._heartbeat is None or time.monotonic() - self._last_beat < HEARTBEAT_INTERVAL:
            return
        self._last_beat = time.monotonic()
        try:
            self._heartbeat()
        except Exception:  # the heartbeat is the caller's bookkeeping; the extraction goes on
            log.exception("extraction heartbeat failed; the extraction continues")

    def progress(self, line: bytes) -> str | None:
        """A ``{"progress": {"page", "pages", "stage"}}`` line from the child, to the caller's
        listener; returns its stage (None if unreadable)."""
        try:
            report = json.loads(line)["progress"]
            page, pages, stage = int(report["page"]), int(report["pages"]), str(report.get("stage", "extracting"))
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("unreadable progress line from the extraction child (%r): %s", line[:80], exc)
            return None
        if self._pages is not None:
            try:
                self._pages(page, pages, stage)
            except Exception:  # the listener is the caller's bookkeeping; the extraction goes on
                log.exception("extraction progress listener failed; the extraction continues")
        return stage

    def tick(self) -> None:
        """Raise :class:`ExtractionCancelled` if the caller or the pool gave up, else beat."""
        if self.cancelled():
            raise ExtractionCancelled(self.reason())
        self.beat()


class _Child:
    """One worker process: its pipes, the thread reading its answers and its stderr file."""

    def __init__(self, memory_mb: int) -> None:
        self.memory_mb = memory_mb
        self.served = 0
        self.lines: queue.Queue[bytes | None] = queue.Queue()
        self._lock = threading.Lock()
        self._released = False
        self._stderr = tempfile.TemporaryFile()
        command = worker_command() + ["--serve", "--memory-mb", str(memory_mb), "--parent-pid", str(os.getpid())]
        # Two malloc arenas, not eight per core: OCR's onnxruntime threads would each reserve
        # one (64 MB of address space apiece), which counts against RLIMIT_AS (the engine
        # loaded: 0.97 GB of address space instead of 1.22; benchmarks/ocr.py).
        env = dict(os.environ, PYTHONIOENCODING="utf-8", MALLOC_ARENA_MAX=os.environ.get("MALLOC_ARENA_MAX", "2"))
        try:
            self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._stderr, env=env, **children.popen_kwargs())
        except BaseException:
            self._stderr.close()
            raise
        children.adopt(self.proc.pid, memory_mb)  # Windows: a Job Object caps its memory (POSIX: RLIMIT_AS)
        self._reader = threading.Thread(target=self._pump, name=f"docvec-extract-reader-{self.proc.pid}",
                                        daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        return self.proc.pid

    def _pump(self) -> None:
        try:
            for line in self.proc.stdout:
                self.lines.put(line)
        except (OSError, ValueError) as exc:  # the pipe was closed under us by kill()
            log.debug("extraction child %d: reading its answers stopped: %r", self.pid, exc)
        finally:
            self.lines.put(None)  # end of file: the child exited

    def alive(self) -> bool:
        return self.proc.poll() is None

    def send(self, request: dict) -> None:
        self._clear_stderr()
        self.proc.stdin.write((json.dumps(request) + "\n").encode("utf-8"))
        self.proc.stdin.flush()

    def _clear_stderr(self) -> None:
        # The child is idle between requests; its stderr shares this file offset, so the
        # tail read after a death is about the current request only (and the file stays small).
        with self._lock:
            if not self._stderr.closed:
                self._stderr.seek(0)
                self._stderr.truncate()

    def stderr_tail(self) -> str:
        """The last line the child wrote to stderr (e.g. the exception that ended it)."""
        with self._lock:
            if self._stderr.closed:
                return ""
            size = self._stderr.seek(0, os.SEEK_END)
            self._stderr.seek(max(0, size - _STDERR_TAIL_BYTES))
            data = self._stderr.read()
        lines = data.decode("utf-8", "replace").strip().splitlines()
        return lines[-1].strip()[:300] if lines else ""

    def wait_exit(self) -> int | None:
        """Reap a child that closed its stdout (it is exiting); kill it if it lingers."""
        try:
            return self.proc.wait(KILL_WAIT)
        except subprocess.TimeoutExpired:
            log.warning("extraction child %d closed its output but did not exit; killing it", self.pid)
            self.kill()
            return self.proc.returncode

    def kill(self, timeout: float = KILL_WAIT) -> bool:
        """SIGKILL the process, reap it and release its pipes; True once it is gone."""
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except OSError as exc:  # it exited between poll() and kill()
                log.debug("extraction child %d: kill failed: %r", self.pid, exc)
        try:
            self.proc.wait(max(0.05, timeout))
        except subprocess.TimeoutExpired:
            log.warning("extraction child %d did not exit within %.1f s of SIGKILL", self.pid, timeout)
            return False
        self._release()
        return True

    def _release(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
            # The reader sees end-of-file once the process is gone; only then close its pipe.
            self._reader.join(timeout=1.0)
            streams = [self.proc.stdin] + ([] if self._reader.is_alive() else [self.proc.stdout])
            for stream in streams:
                try:
                    stream.close()
                except OSError as exc:  # unflushed request bytes to a dead child
                    log.debug("extraction child %d: closing a pipe: %r", self.pid, exc)
            self._stderr.close()


class _Slot:
    """A place for one child in the pool; its child is (re)started lazily."""

    def __init__(self) -> None:
        self._child: _Child | None = None
        self._lock = threading.Lock()
        self._closed = False

    def child(self, memory_mb: int, fresh: bool = False) -> _Child:
        """A live child with this memory limit, starting one if needed (or if ``fresh``)."""
        with self._lock:
            if self._closed:
                raise ExtractionCancelled("the extractor pool is closing")
            old = self._child
            if old is not None and (fresh or not old.alive() or old.memory_mb != memory_mb
                                    or old.served >= RECYCLE_AFTER):
                self._child = None
                old.kill()
            if self._child is None:
                self._child = _Child(memory_mb)
            return self._child

    def live_pid(self) -> int | None:
        child = self._child
        return child.pid if child is not None and child.alive() else None

    def discard(self, child: _Child) -> None:
        """Kill ``child``; the next request starts a fresh one."""
        with self._lock:
            if self._child is child:
                self._child = None
        child.kill()

    def close(self, deadline: float) -> bool:
        """Kill the child (even mid-request) and refuse to start another."""
        with self._lock:
            self._closed = True
            child, self._child = self._child, None
        return child is None or child.kill(deadline - time.monotonic())


def _signal_text(number: int) -> str:
    try:
        return f"signal {number}, {signal.Signals(number).name}"
    except ValueError:
        return f"signal {number}"


# NTSTATUS codes a Windows process can end with (its exit code), and what they mean here.
_NTSTATUS_NO_MEMORY = (0xC0000017, 0xC000012D)  # STATUS_NO_MEMORY, STATUS_COMMITMENT_LIMIT
_NTSTATUS_NAMES = {0xC0000005: "access violation", 0xC00000FD: "stack overflow", 0xC0000409: "fail-fast abort",
                   0xC000001D: "illegal instruction", 0xC0000094: "integer division by zero",
                   0xC0000374: "heap corruption", 0xC0000017: "out of memory", 0xC000012D: "commitment limit"}


_WINDOWS = os.name == "nt"


def _ntstatus(returncode: int | None) -> int | None:
    """The NTSTATUS in a Windows exit code (an unhandled exception or a fail-fast), else None."""
    if returncode is None or not _WINDOWS:
        return None
    code = returncode & 0xFFFFFFFF
    return code if code >= 0xC0000000 else None


def _ntstatus_text(code: int) -> str:
    name = _NTSTATUS_NAMES.get(code)
    return f"exception 0x{code:08X}" + (f", {name}" if name else "")


def _death(returncode: int | None, tail: str, memory_mb: int) -> _ChildFault:
    """Why a child ended without answering."""
    status = _ntstatus(returncode)
    if returncode == EXIT_OUT_OF_MEMORY or "MemoryError" in tail or status in _NTSTATUS_NO_MEMORY:
        return _ChildFault("memory", f"needed more than {memory_mb} MB", memory_mb)
    if status is not None:  # Windows: a parser crashed (the counterpart of a signal on POSIX)
        return _ChildFault("died", _ntstatus_text(status), memory_mb)
    if os.name != "nt" and returncode == -signal.SIGXCPU:
        return _ChildFault("timeout", "used up its CPU-time limit", memory_mb)
    if os.name != "nt" and returncode == -signal.SIGKILL:
        return _ChildFault("killed", _signal_text(-returncode), memory_mb)
    if returncode is not None and returncode < 0:
        return _ChildFault("died", _signal_text(-returncode), memory_mb)
    return _ChildFault("died", f"exit status {returncode}" + (f": {tail}" if tail else ""), memory_mb)


def _ended(slot: _Slot, child: _Child, watch: _Watch) -> Exception:
    """The exception for a child whose answer will never come."""
    if watch.cancelled():  # close() killed it, or the caller gave up as it died
        slot.discard(child)
        return ExtractionCancelled(watch.reason())
    returncode = child.wait_exit()
    tail = child.stderr_tail()
    slot.discard(child)
    return _death(returncode, tail, child.memory_mb)


def _await_line(slot: _Slot, child: _Child, deadline: float, timeout: float, watch: _Watch) -> bytes | None:
    """The child's next line (None: it closed its output) before ``deadline`` (monotonic);
    ``timeout`` is the request's, for the message."""
    while True:
        # Checked before every line, not only when the child is quiet: a long PDF sends
        # progress and text lines more often than POLL_INTERVAL. (Where no CPU limit backs the
        # deadline up, on Windows, a child that kept talking would otherwise never time out.)
        if watch.cancelled():
            slot.discard(child)
            raise ExtractionCancelled(watch.reason())
        watch.beat()
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            slot.discard(child)
            raise _ChildFault("timeout", f"took longer than {timeout:g} s", child.memory_mb)
        try:
            return child.lines.get(timeout=min(POLL_INTERVAL, remaining))
        except queue.Empty:
            pass


def _ask(slot: _Slot, path: Path, timeout: float, memory_mb: int, watch: _Watch, fresh: bool = False,
         spool_dir: Path | None = None, max_chars: int | None = None,
         ocr: OcrOptions | None = None) -> tuple[dict, BlockSpool | None]:
    """One request to the slot's child: its final answer and the blocks it sent (spooled).

    Raises :class:`_ChildFault` if no complete answer comes within ``timeout`` (for the
    whole answer; each OCR page started extends that to at least ``ocr.page_timeout`` from
    then), :class:`ExtractionError` ``too_large`` as soon as the text passes
    ``max_chars`` (before it can fill the disk), or ``OSError`` if the spool cannot be
    written (e.g. a full disk).
    """
    ocr = ocr or OcrOptions()
    child = slot.child(memory_mb, fresh)
    try:
        child.send({"path": str(path), "timeout": timeout, "ocr": ocr.to_json()})
    except (OSError, ValueError) as exc:  # the pipe broke: the child is gone; _ended says why
        log.info("extraction child %d did not take the request: %r", child.pid, exc)
        raise _ended(slot, child, watch) from None
    deadline = time.monotonic() + timeout
    spool: BlockSpool | None = None
    try:
        while True:
            line = _await_line(slot, child, deadline, timeout, watch)
            if line is None:
                raise _ended(slot, child, watch)
            if line.startswith(b'{"progress"'):
                if watch.progress(line) == OCR_STAGE:
                    # The page OCR just started gets its own time, however long the earlier took.
                    deadline = max(deadline, time.monotonic() + ocr.page_timeout)
                continue
            if not line.startswith(b'{"blocks"'):
                break
            if spool is None:
                spool = BlockSpool(spool_dir)
            try:
                spool.add(line)
            except (ValueError, KeyError, TypeError):
                slot.discard(child)
                raise _ChildFault("died", "the extractor sent an unreadable answer", memory_mb) from None
            if max_chars is not None and spool.chars > max_chars:
                raise ExtractionError("too_large", f"more than {max_chars / 1e6:.0f} million characters of text, "
                                                   f"the limit per document (MAX_TEXT_MB)")
        child.served += 1
        try:
            result = json.loads(line.decode("utf-8"))
        except ValueError:
            slot.discard(child)
            raise _ChildFault("died", "the extractor sent an unreadable answer", memory_mb) from None
    except BaseException:
        if spool is not None:
            spool.close()
        slot.discard(child)  # stopped mid-answer: the rest of it must not answer the next request
        raise
    if result.get("restart"):  # it exits after a MemoryError; reap it
        slot.discard(child)
    if not result.get("ok") and spool is not None:
        spool.close()
        spool = None
    return result, spool


def _attempt(fault: _ChildFault) -> str:
    return f"crashed ({fault.detail})" if fault.kind in ("died", "killed") else fault.detail


def _verdict(first: _ChildFault, second: _ChildFault) -> ExtractionError:
    """The document's error after a failed run and a failed retry alone (messages are for users)."""
    if second.kind == "memory":
        return ExtractionError("too_large", f"extraction {second.detail}")
    if second.kind == "timeout":
        if first.kind == "timeout":
            return ExtractionError("timeout", f"extraction {second.detail}, also when retried alone, and was stopped")
        return ExtractionError("timeout", f"extraction {second.detail} when retried alone and was stopped; "
                                          f"the first attempt {_attempt(first)}")
    if first.kind in ("died", "killed"):
        causes = second.detail if first.detail == second.detail else f"{first.detail}, then {second.detail}"
        return ExtractionError("crashed", f"the extractor crashed twice on this file ({causes})")
    return ExtractionError("crashed", f"the extractor crashed on this file ({second.detail}) when retried alone; "
                                      f"the first attempt {_attempt(first)}")


# How many SIGKILLs of its child one extraction survives before the verdict ``crashed``.
OUTSIDE_KILLS_TOLERATED = 4


class ExtractorPool:
    """A fixed number of extraction children, shared by any number of calling threads.

    Memory: each pooled child gets ``RLIMIT_AS = min(memory_mb, total_memory_mb // size)``, so
    all of them together stay within ``total_memory_mb`` (default: half the physical RAM). A
    retry alone gets ``min(memory_mb, total_memory_mb)``: the user's per-extraction cap, no
    longer divided because nothing else runs. A ``too_large`` answer from a child whose limit
    was reduced by that division is therefore retried alone before it counts.
    """

    def __init__(self, size: int, timeout: float = 180.0, memory_mb: int = 2048,
                 total_memory_mb: int | None = None, spool_dir: Path | None = None,
                 max_chars: int | None = None, ocr: OcrOptions | None = None) -> None:
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ValueError(f"the extractor pool size must be a positive int, not {size!r}")
        self.size = size
        self.timeout = float(timeout)
        self.memory_mb = memory_mb
        self.total_memory_mb = total_memory_mb if total_memory_mb is not None else _default_total_memory_mb()
        self.child_memory_mb = max(1, min(memory_mb, self.total_memory_mb // size))
        self.alone_memory_mb = max(1, min(memory_mb, self.total_memory_mb))
        self.spool_dir = spool_dir  # where big documents' text waits on disk (default: the temp dir)
        self.max_chars = max_chars  # past this much text, the answer is cut short: too_large
        # What OCR may do, sent with each request; replaced as a whole when settings change.
        self.ocr = ocr or OcrOptions()
        self._cond = threading.Condition()
        self._slots: list[_Slot] = []
        self._idle: collections.deque[_Slot] = collections.deque()
        self._busy = 0
        self._alone: object | None = None  # the caller whose retry runs alone
        self._closing = threading.Event()

    def __enter__(self) -> "ExtractorPool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def child_pids(self) -> list[int]:
        """Pids of the children alive now (for diagnostics and tests)."""
        with self._cond:
            slots = list(self._slots)
        return [pid for pid in (slot.live_pid() for slot in slots) if pid is not None]

    def extract(self, path: Path, cancel: threading.Event | None = None,
                heartbeat: Callable[[], None] | None = None,
                pages: Callable[[int, int, str], None] | None = None) -> Extracted:
        """Extract ``path`` in a child.

        Raises :class:`ExtractionError` with the document's verdict, :class:`ExtractionCancelled`
        when ``cancel`` is set or the pool closes (the child is killed; not a verdict), or
        ``OSError`` when no child process can be started (a fault of the machine).
        ``heartbeat`` is called about every second while the caller waits, ``pages(page, count,
        stage)`` as the child reports pages read (PDF; stage ``extracting``) or pages OCR starts
        reading (stage ``ocr``).
        """
        path = Path(path)
        watch = _Watch(cancel, heartbeat, self._closing, pages)
        slot = self._check_out(watch)
        try:
            result, spool = _ask(slot, path, self.timeout, self.child_memory_mb, watch, spool_dir=self.spool_dir,
                                 max_chars=self.max_chars, ocr=self.ocr)
        except _ChildFault as fault:
            first = fault
        else:
            first = self._shortfall(result)
            if first is None:
                return _result_to_document(result, spool)
        finally:
            self._check_in(slot)
        if first.kind == "memory" and first.memory_mb >= self.alone_memory_mb:
            raise ExtractionError("too_large", f"extraction {first.detail}")
        return self._retry_alone(path, first, watch)

    def _shortfall(self, result: dict) -> _ChildFault | None:
        """A ``too_large`` answer under a limit reduced by the shared budget is not yet a verdict."""
        if result.get("ok") or result.get("kind") != "too_large" or self.child_memory_mb >= self.alone_memory_mb:
            return None
        return _ChildFault("memory", f"needed more than {self.child_memory_mb} MB", self.child_memory_mb)

    def _retry_alone(self, path: Path, first: _ChildFault, watch: _Watch) -> Extracted:
        log.warning("extraction of %s failed (%s); retrying once alone in a fresh child", path, first)
        with self._alone_section(watch) as slot:
            log.info("extraction of %s runs alone now", path)
            outside_kills = 1 if first.kind == "killed" else 0
            while True:
                try:
                    result, spool = _ask(slot, path, self.timeout, self.alone_memory_mb, watch, fresh=True,
                                         spool_dir=self.spool_dir, max_chars=self.max_chars, ocr=self.ocr)
                    break
                except _ChildFault as second:
                    # SIGKILL comes from outside (a user, a watchdog, the OOM killer after the
                    # memory cap let a sibling grow): not evidence against the file, up to a point.
                    if second.kind == "killed" and outside_kills < OUTSIDE_KILLS_TOLERATED:
                        outside_kills += 1
                        log.warning("extraction child for %s was killed from outside; retrying alone", path)
                        continue
                    log.warning("extraction of %s failed again, alone (%s)", path, second)
                    raise _verdict(first, second) from None
        return _result_to_document(result, spool)

    def _wait_until(self, watch: _Watch, ready: Callable[[], bool]) -> None:
        """Wait until ``ready()`` (called under the pool's lock) is true, ticking ``watch``."""
        while True:
            watch.tick()
            with self._cond:
                if self._closing.is_set():
                    raise ExtractionCancelled("the extractor pool is closing")
                if ready():
                    return
                self._cond.wait(POLL_INTERVAL)

    def _check_out(self, watch: _Watch) -> _Slot:
        taken: list[_Slot] = []

        def take() -> bool:
            if self._alone is not None:
                return False
            if self._idle:
                slot = self._idle.pop()  # the most recently used: its child is warm
            elif len(self._slots) < self.size:
                slot = _Slot()
                self._slots.append(slot)
            else:
                return False
            self._busy += 1
            taken.append(slot)
            return True

        self._wait_until(watch, take)
        return taken[0]

    def _check_in(self, slot: _Slot) -> None:
        with self._cond:
            self._busy -= 1
            self._idle.append(slot)
            self._cond.notify_all()

    @contextlib.contextmanager
    def _alone_section(self, watch: _Watch) -> Iterator[_Slot]:
        """Hold the pool exclusively: new check-outs wait, running extractions finish first."""
        token = object()

        def claim() -> bool:
            if self._alone is None:
                self._alone = token
                return True
            return False

        self._wait_until(watch, claim)
        try:
            self._wait_until(watch, lambda: self._busy == 0)
            with self._cond:
                slot = self._idle[-1]  # all slots are idle now; the caller's own is among them
            yield slot
        finally:
            with self._cond:
                self._alone = None
                self._cond.notify_all()
            log.info("the extractor pool is shared again")

    def close(self, timeout: float = DEFAULT_CLOSE_TIMEOUT) -> bool:
        """Kill every child, also those serving a request (their callers get ExtractionCancelled).

        Returns within about ``timeout`` seconds; True when every child is gone.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            self._closing.set()
            slots = list(self._slots)
            self._cond.notify_all()
        gone = [slot.close(deadline) for slot in slots]  # a list: close every slot, even after a failure
        if not all(gone):
            log.warning("%d extraction children did not exit within %.1f s", gone.count(False), timeout)
        return all(gone)


def extract_isolated(path: Path, timeout: float = 180.0, memory_mb: int = 2048,
                     ocr: OcrOptions | None = None) -> Extracted:
    """Extract ``path`` in a fresh child process; raises :class:`ExtractionError` on any failure."""
    pool = ExtractorPool(1, timeout, memory_mb, total_memory_mb=memory_mb, ocr=ocr)
    try:
        document = pool.extract(path)
    finally:
        pool.close()
    spool = document.blocks
    try:
        document.blocks = list(spool)
    finally:
        if isinstance(spool, BlockSpool):
            spool.close()
    return document
