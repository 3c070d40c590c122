"""Window start-up time, Qt event-loop latency while 500 documents are ingested, and memory.

Start-up: `python -m docvec_gui gui` is launched 5 times after one uncounted first launch
(offscreen platform unless QT_QPA_PLATFORM is set), with bytecode written as an installed app
has it, and timed from process creation to the window's first paint, and to the window
holding its open library (it paints first, then imports the core and opens the library).
Latency: a 10 ms QTimer in the real window measures how late each tick fires while the
window ingests 500 SciFact abstracts; the largest lateness is the longest UI-thread stall.
Usage: python benchmarks/ui_perf.py"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import MODEL_DIR, SCIFACT


def startup(runs: int = 5) -> None:
    data = Path(tempfile.mkdtemp())
    env = dict(os.environ, DOCVEC_EXIT_AFTER_PAINT="1", DOCVEC_MODEL_DIR=str(MODEL_DIR))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    # An installed app starts from compiled bytecode (pip and the bundle write it): a shell
    # with PYTHONDONTWRITEBYTECODE set would add ~0.4 s of compiling to every start.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    times, rss, opened = [], [], []
    for run in range(runs + 1):  # run 0 writes the bytecode and caches, like a first launch: not counted
        out = subprocess.run([sys.executable, "-m", "docvec_gui", "gui", "--data-dir", str(data / "kb")],
                             env=env, capture_output=True, text=True, timeout=120).stdout
        if run == 0:
            continue
        # first_paint_s=… since_spawn_s=… rss_mb=… at the paint, library_open_s=… once the library is open
        fields = dict(part.split("=") for line in out.splitlines() for part in line.split() if "=" in part)
        times.append(float(fields["since_spawn_s"]))
        rss.append(float(fields["rss_mb"]))
        opened.append(float(fields["library_open_s"]))
    print(f"| start-up to first paint (from process spawn, {runs} runs) | median {statistics.median(times):.2f} s "
          f"| max {max(times):.2f} s |")
    print(f"| resident memory at first paint | median {statistics.median(rss):.0f} MB | |")
    print(f"| start-up to the library open in the window (rows loading) | median {statistics.median(opened):.2f} s "
          f"| max {max(opened):.2f} s |")


class StallTracer:
    """Diagnosis (BENCH_STALL_TRACE=1): a thread that, whenever the Qt thread has not ticked
    for STALL_MS, records the Python stack of every thread, so a stall can be traced to the
    code the Qt thread was in (or waiting in for the GIL) and to what the others ran."""

    STALL_MS = 40

    def __init__(self) -> None:
        import threading

        self.main = threading.main_thread().ident
        self.last = time.perf_counter()
        self.samples: list[tuple[float, str]] = []
        threading.Thread(target=self._watch, name="stall-tracer", daemon=True).start()

    def alive(self) -> None:
        self.last = time.perf_counter()

    def _watch(self) -> None:
        import traceback

        captured_for = None
        while True:
            time.sleep(0.005)
            late = (time.perf_counter() - self.last) * 1000
            if late < self.STALL_MS or captured_for == self.last:
                continue
            captured_for = self.last
            frames = sys._current_frames()
            lines = [f"--- stall, {late:.0f} ms so far"]
            for ident, frame in frames.items():
                who = "QT THREAD" if ident == self.main else f"thread {ident}"
                stack = traceback.extract_stack(frame)[-6:]
                lines.append(f"  [{who}] " + " <- ".join(f"{Path(f.filename).name}:{f.lineno} {f.name}"
                                                         for f in reversed(stack)))
            self.samples.append((late, "\n".join(lines)))

    def report(self, out=None) -> None:
        """The stalls recorded so far, to ``out`` (standard error by default); then forgotten."""
        out = out or sys.stderr
        print(f"{len(self.samples)} stalls over {self.STALL_MS} ms", file=out)
        for _, text in self.samples:
            print(text, file=out)
        self.samples.clear()


def latency(count: int = 500) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    import psutil
    from PySide6.QtCore import QElapsedTimer, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from docvec_gui.core.config import load_settings
    from docvec_gui.core.service import Service
    from docvec_gui.ui.main_window import MainWindow

    if os.environ.get("BENCH_NICE"):  # A/B of core/priority.py: 0 leaves the worker threads at normal priority
        from docvec_gui.core import priority

        priority.BACKGROUND_NICE = int(os.environ["BENCH_NICE"])
    tmp = Path(tempfile.mkdtemp())
    inbox = tmp / "inbox"
    inbox.mkdir()
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as fh:
        for _, line in zip(range(count), fh):
            doc = json.loads(line)
            (inbox / f"{doc['_id']}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")
    app = QApplication.instance() or QApplication([])
    settings = load_settings(tmp / "kb", environ={}, dotenv_path=tmp / "none", overrides={"model_dir": str(MODEL_DIR)})
    service = Service(settings).open()
    window = MainWindow(service)
    window.ask_on_close = lambda: "stop"
    window.show()
    proc = psutil.Process()
    lateness: list[float] = []
    rss: list[float] = []
    clock = QElapsedTimer()
    state = {"last": None, "started": False, "done_at": None}

    tracer = StallTracer() if os.environ.get("BENCH_STALL_TRACE") else None

    def tick() -> None:
        if tracer:
            tracer.alive()
        now = clock.nsecsElapsed() / 1e6
        if state["last"] is not None and state["started"]:
            lateness.append(max(0.0, now - state["last"] - 10.0))
        state["last"] = now

    def sample() -> None:
        rss.append(proc.memory_info().rss / 2**20)
        counts = window.model.counts()
        # Identical abstracts are refused as duplicates, so "done" is: rows exist, none left to do.
        idle = sum(counts.values()) > 0 and counts["pending"] == counts["processing"] == 0
        if state["started"] and idle and state["done_at"] is None:
            state["done_at"] = time.perf_counter()
            app.quit()

    def begin() -> None:
        state["started"] = True
        state["t0"] = time.perf_counter()
        window.add_paths([str(inbox)])

    ticker = QTimer()
    ticker.setTimerType(Qt.PreciseTimer)
    ticker.timeout.connect(tick)
    ticker.start(10)
    sampler = QTimer()
    sampler.timeout.connect(sample)
    sampler.start(500)
    clock.start()
    QTimer.singleShot(3000, begin)  # let the warm-up (model, Chroma) finish first
    QTimer.singleShot(900_000, app.quit)
    app.exec()
    lateness.sort()
    p99 = lateness[int(len(lateness) * 0.99)]
    print(f"| event-loop stall while ingesting {count} documents ({len(lateness)} ticks of 10 ms) | "
          f"max {lateness[-1]:.1f} ms | p99 {p99:.1f} ms |")
    print(f"| resident memory while ingesting | peak {max(rss):.0f} MB | |")
    documents = sum(window.model.counts().values())
    print(f"| ingestion of {documents} distinct documents in the window | {state['done_at'] - state['t0']:.1f} s | |")
    if tracer:
        tracer.report()
    window._closing = True
    window.close()
    window.background.wait(60000)
    service.close()


if __name__ == "__main__":
    print("| measure | value | |\n|---|---|---|")
    if not os.environ.get("SKIP_STARTUP"):
        startup()
    latency()
