"""The window over a 100,000-document library (issue 10, benchmark items c and e).

The library is made by inserting document rows directly into a fresh data directory's SQLite
database through ``docvec_gui.core.db`` (no files, chunks or vectors: the table reads only
the ``documents`` table): 10 watched folders (paused: they exist only in the database) hold
10 documents in 11, in nested subfolders; the rest are library documents; 95% completed, 5%
errors, none pending and no chunk counts, so nothing is processed or repaired meanwhile.
Each run uses fresh copies and fresh processes; figures are medians over ``--runs`` runs.

(c) Start-up: ``python -m docvec_gui gui`` from process creation to the window's first
paint, with its memory (as ui_perf.py), over the library and, for reference under the same
conditions, over an empty one. Load: a window made in-process; the time from its
construction to its first paint, to the first rows and to every row in the table; how late
a 10 ms precise QTimer fires meanwhile (the Qt thread's stalls: largest, p99, count over
50 ms); the memory once loaded; then the latency of filtering by status, name and folder,
sorting and scrolling (the call plus the event-loop turn that repaints). A diagnostic run
repeats the load with the window's other start-up work left out (warm-up of model and
vector store, watcher, Folders view counts), to tell the table's own cost from contention
with that work.
(e) With the rows loaded, a new folder of 10,000 small text files is watched
(``Service.watch_add``; its scan runs and processing starts meanwhile); the figures are the
time until all its documents are in the table and the Qt thread's stalls until then.
Without ``watch_add`` (an older core), rows are inserted 200 per transaction with an
``added`` event each through ``service.hub``, and the report says so.

Usage: cd benchmarks && ../.venv/bin/python ui_scale.py [--count 100000] [--runs 3] [--sync 10000]
"""
from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from common import MODEL_DIR

FOLDERS = 10
EXTENSIONS = ("pdf", "docx", "txt", "md", "html", "odt")
TYPES = {"pdf": "application/pdf", "txt": "text/plain", "md": "text/markdown", "html": "text/html",
         "odt": "application/vnd.oasis.opendocument.text",
         "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}


def settings_for(data_dir: Path):
    from docvec_gui.core.config import load_settings

    return load_settings(data_dir, environ={}, dotenv_path=data_dir.parent / "none.env",
                         overrides={"model_dir": str(MODEL_DIR)})


def document_rows(count: int, folder_ids: list[int | None], start: _dt.datetime, status: str = "completed",
                  prefix: str = "file") -> list[tuple]:
    """``count`` rows of the documents table (columns of :data:`ROW_COLUMNS`)."""
    rows = []
    for n in range(count):
        folder = folder_ids[n % len(folder_ids)]
        ext = EXTENSIONS[n % len(EXTENSIONS)]
        name = f"{prefix}-{n:06d}-report.{ext}"
        if folder is None:
            original = f"/home/user/Downloads/batch{n % 37}/{name}"
            stored = f"/data/library/{n:064x}.{ext}"
        else:
            original = f"/home/user/watched{folder}/project{n % 23}/part{n % 7}/{name}"
            stored = original
        state = "error" if (status == "completed" and n % 20 == 7) else status
        created = start + _dt.timedelta(seconds=n)
        rows.append((str(uuid.uuid4()), name, original, stored, 1000 + (n * 7919) % 5_000_000, f"{prefix}{n:059x}",
                     TYPES[ext], state, "corrupt" if state == "error" else None,
                     "not a valid file" if state == "error" else None, 0, 1, 0,
                     1.0 if state == "completed" else 0.0, str(created), str(created),
                     str(created + _dt.timedelta(seconds=5)) if state != "pending" else None, folder,
                     1_700_000_000_000_000_000 + n if folder else None, 0))
    return rows


ROW_COLUMNS = ("id", "filename", "original_path", "stored_path", "size", "sha256", "content_type", "status",
               "error_kind", "error_message", "attempts", "claim", "chunk_count", "progress", "created_at",
               "updated_at", "processed_at", "folder_id", "mtime_ns", "crash_count")


def insert_rows(rows: list[tuple], batch: int = 5000) -> None:
    from docvec_gui.core import db as dbm

    db = dbm.database_proxy.obj
    sql = (f"INSERT INTO documents ({', '.join(ROW_COLUMNS)}) VALUES ({', '.join('?' * len(ROW_COLUMNS))})")
    for at in range(0, len(rows), batch):
        with dbm.write_transaction():
            db.cursor().executemany(sql, rows[at:at + batch])


def make_library(data_dir: Path, count: int) -> None:
    """A fresh data directory whose database holds ``count`` documents (see the module doc)."""
    from docvec_gui.core import db as dbm

    settings = settings_for(data_dir)
    data_dir.mkdir(parents=True, exist_ok=True)
    db = dbm.open_database(settings.db_path)
    try:
        # Paused: these folders exist only in the database; nothing scans them.
        folder_ids = [dbm.WatchedFolder.create(path=f"/home/user/watched{i}", paused=True).id for i in range(FOLDERS)]
        # Nine documents of ten in a watched folder, the tenth in the library.
        insert_rows(document_rows(count, folder_ids + [None] * (len(folder_ids) // 9),
                                  _dt.datetime(2024, 1, 1)))
    finally:
        db.close()


# -- measurements in a child process ------------------------------------------------------
class StallProbe:
    """A 10 ms precise QTimer; the lateness of each tick is how long the Qt thread was busy."""

    def __init__(self) -> None:
        from PySide6.QtCore import QElapsedTimer, Qt, QTimer

        self.lateness: list[float] = []
        self._clock = QElapsedTimer()
        self._clock.start()
        self._last: float | None = None
        self._timer = QTimer()
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.timeout.connect(self._tick)
        self._timer.start(10)
        # Diagnosis (ui_perf.StallTracer): every thread's stack during each stall, to standard
        # error with BENCH_STALL_TRACE=1, appended to FILE with BENCH_STALL_TRACE=FILE (this
        # script's children: their standard error is only shown when they fail).
        self._tracer = None
        if os.environ.get("BENCH_STALL_TRACE"):
            from ui_perf import StallTracer

            self._tracer = StallTracer()

    def _tick(self) -> None:
        if self._tracer:
            self._tracer.alive()
        now = self._clock.nsecsElapsed() / 1e6
        if self._last is not None:
            self.lateness.append(max(0.0, now - self._last - 10.0))
        self._last = now

    def reset(self) -> None:
        self.lateness.clear()
        self._last = None

    def stop(self) -> None:
        self._timer.stop()
        if self._tracer:
            target = os.environ["BENCH_STALL_TRACE"]
            if target == "1":
                self._tracer.report()
            else:
                with open(target, "a", encoding="utf-8") as out:
                    self._tracer.report(out)

    @property
    def worst(self) -> float:
        return max(self.lateness, default=0.0)


def _timed(app, action) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()  # the delayed relayout and the repaint of the visible rows
    return (time.perf_counter() - start) * 1000


def _wait(app, condition, timeout: float) -> bool:
    """Run the event loop (as app.exec() would) until ``condition()`` or ``timeout`` s."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.monotonic() + timeout
    check = QTimer()
    check.timeout.connect(lambda: (condition() or time.monotonic() > deadline) and loop.quit())
    check.start(20)
    if not condition():
        loop.exec()
    check.stop()
    return condition()


def _filter_latencies(app, window) -> dict[str, float]:
    """Each operation 3 times; the median of the call plus the repaint, in ms."""
    proxy, table = window.proxy, window.table
    folder = getattr(proxy, "set_folder", None)
    ops = {
        "status = error": (lambda: proxy.set_status("error"), lambda: proxy.set_status(None)),
        "name contains 'e-01234'": (lambda: proxy.set_name("e-01234"), lambda: proxy.set_name("")),
    }
    if folder is not None:
        ops["folder = one of 10"] = (lambda: folder(3), lambda: folder(None))
    figures: dict[str, float] = {}
    for label, (on, off) in ops.items():
        times = []
        for _ in range(3):
            times.append(_timed(app, on))
            shown = proxy.rowCount()
            times.append(_timed(app, off))
        figures[f"filter {label} ({shown:,} rows) and back"] = statistics.median(times)
    from PySide6.QtCore import Qt

    from docvec_gui.ui.models import COLUMNS

    size_column = COLUMNS.index("size")
    times = []
    for _ in range(3):
        times.append(_timed(app, lambda: table.sortByColumn(size_column, Qt.AscendingOrder)))
        times.append(_timed(app, lambda: table.sortByColumn(0, Qt.AscendingOrder)))
    figures["sort by size, by name"] = statistics.median(times)
    bar = table.verticalScrollBar()
    times = [_timed(app, lambda v=v: bar.setValue(v)) for v in
             [int(bar.maximum() * (i * 37 % 100) / 100) for i in range(20)]]
    figures["scroll to a random place (20 jumps, max)"] = max(times)
    return figures


def _quiet_window() -> None:
    """Diagnostic variant: the window without its start-up work besides the table (the
    warm-up of model and vector store, the watcher, the Folders view's counts), to tell the
    table's own cost from contention with that work (all of it Python on other threads)."""
    from docvec_gui.ui import folders_panel
    from docvec_gui.ui.main_window import MainWindow

    MainWindow._after_first_paint = lambda self: self.first_paint.emit()
    folders_panel.FoldersPanel.refresh = lambda self: None


def _stalls(probe: StallProbe, prefix: str) -> dict:
    late = sorted(probe.lateness)
    return {f"{prefix}_stall_ms": late[-1] if late else 0.0,
            f"{prefix}_p99_ms": late[int(len(late) * 0.99)] if late else 0.0,
            f"{prefix}_over50": sum(x > 50 for x in late), f"{prefix}_ticks": len(late)}


def child_load(data_dir: Path, sync: int, variant: str) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from docvec_gui.app import GIL_SWITCH_INTERVAL

    # As the app sets it (app.main); BENCH_SWITCH_INTERVAL for an A/B (e.g. 0.005, Python's default).
    sys.setswitchinterval(float(os.environ.get("BENCH_SWITCH_INTERVAL") or GIL_SWITCH_INTERVAL))
    if os.environ.get("BENCH_NICE"):  # A/B of core/priority.py: 0 leaves background threads at normal priority
        from docvec_gui.core import priority

        priority.BACKGROUND_NICE = int(os.environ["BENCH_NICE"])
    import psutil
    from PySide6.QtWidgets import QApplication

    from docvec_gui.core.service import Service
    from docvec_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    if variant == "table":
        _quiet_window()
    service = Service(settings_for(data_dir)).open()
    expected = sum(service.counts().values())
    probe = StallProbe()
    marks: dict[str, float] = {}
    start = time.perf_counter()
    window = MainWindow(service)
    window.ask_on_close = lambda: "stop"
    window.first_paint.connect(lambda: marks.setdefault("paint_s", time.perf_counter() - start))
    window.model.rowsInserted.connect(lambda *_: marks.setdefault("first_rows_s", time.perf_counter() - start))
    window.show()
    loaded = _wait(app, lambda: window.loader.done, 600)
    result = {"rows": window.model.rowCount(), "loaded": loaded and window.proxy.rowCount() == expected,
              "load_s": time.perf_counter() - start, **marks, **_stalls(probe, "load"),
              "rss_mb": psutil.Process().memory_info().rss / 2**20}
    probe.stop()
    _wait(app, lambda: False, 5)  # the warm-up (model, Chroma) settles
    result.update(_filter_latencies(app, window))
    if sync and variant == "window":
        probe = StallProbe()
        result.update(_sync(app, window, service, sync, probe, data_dir.parent / f"{data_dir.name}-folder"))
        result.update(_stalls(probe, "sync"))
        probe.stop()
    window._closing = True
    window.close()
    window.background.wait(60000)
    service.close(timeout=60)
    return result


def _sync(app, window, service, count: int, probe: StallProbe, folder_root: Path) -> dict:
    """The window while ``count`` documents of a new folder arrive (see the module doc)."""
    import threading

    from docvec_gui.core import db as dbm
    from docvec_gui.core.events import Event
    from docvec_gui.core.vocabulary import EventKind, Status

    before = window.model.rowCount()
    folder_root.mkdir()
    if hasattr(service, "watch_add"):
        for n in range(count):
            sub = folder_root / f"part{n % 20}"
            sub.mkdir(exist_ok=True)
            (sub / f"note-{n:05d}.txt").write_text(f"note {n}: the quick brown fox {n * 7919}\n", encoding="utf-8")
        probe.reset()
        start = time.perf_counter()
        window.background.run(lambda: service.watch_add(str(folder_root)))
        how = f"Service.watch_add of a folder of {count:,} small text files (its scan; processing starts meanwhile)"
    else:
        folder_id = dbm.WatchedFolder.create(path=str(folder_root)).id
        rows = document_rows(count, [folder_id], _dt.datetime(2025, 1, 1), status="pending", prefix="sync")
        for n, row in enumerate(rows):  # the folder's own paths
            rows[n] = row[:2] + (str(folder_root / row[1]),) * 2 + row[4:]

        def feed() -> None:
            for at in range(0, count, 200):
                part = rows[at:at + 200]
                insert_rows(part)
                for row in part:
                    service.hub.emit(Event(EventKind.ADDED, row[0], status=Status.PENDING))

        probe.reset()
        start = time.perf_counter()
        threading.Thread(target=feed, name="sync-feed", daemon=True).start()
        how = f"{count:,} rows inserted 200 per transaction + an added event each through service.hub"
    done = _wait(app, lambda: window.model.rowCount() >= before + count, 900)
    return {"sync_how": how, "sync_done": done, "sync_s": time.perf_counter() - start}


def child_paint(data_dir: Path) -> dict:
    env = dict(os.environ, DOCVEC_EXIT_AFTER_PAINT="1", DOCVEC_MODEL_DIR=str(MODEL_DIR))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    out = subprocess.run([sys.executable, "-m", "docvec_gui", "gui", "--data-dir", str(data_dir)],
                         env=env, capture_output=True, text=True, timeout=300).stdout
    line = next(l for l in out.splitlines() if l.startswith("first_paint_s="))
    fields = dict(part.split("=") for part in line.split())
    return {"spawn_paint_s": float(fields["since_spawn_s"]), "paint_rss_mb": float(fields["rss_mb"])}


def run_child(mode: str, data_dir: Path, sync: int = 0, variant: str = "window") -> dict:
    command = [sys.executable, __file__, "--child", mode, "--data-dir", str(data_dir), "--sync", str(sync),
               "--variant", variant]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    line = next((l for l in done.stdout.splitlines() if l.startswith("{")), None)
    if line is None:
        raise RuntimeError(f"{mode} run failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sync", type=int, default=10_000, help="documents of the synced folder (0: skip)")
    parser.add_argument("--child", choices=("load", "paint"))
    parser.add_argument("--variant", choices=("window", "table"), default="window")
    parser.add_argument("--data-dir", type=Path)
    args = parser.parse_args()
    if args.child:
        result = (child_load(args.data_dir, args.sync, args.variant) if args.child == "load"
                  else child_paint(args.data_dir))
        print(json.dumps(result), flush=True)
        return
    import shutil

    print(f"load average before: {os.getloadavg()}", file=sys.stderr)
    template = Path(tempfile.mkdtemp(prefix="docvec-ui-scale-")) / "template"
    made = time.perf_counter()
    make_library(template, args.count)
    print(f"library of {args.count:,} documents made in {time.perf_counter() - made:.1f} s", file=sys.stderr)
    results: list[dict] = []
    try:
        for run in range(args.runs):
            fresh = []
            for variant in ("paint", "window", "table"):  # a fresh copy each time: the window writes
                fresh.append(template.parent / f"run{run}-{variant}")
                shutil.copytree(template, fresh[-1])
            empty = template.parent / f"run{run}-empty"
            result = {f"empty_{k}": v for k, v in run_child("paint", empty).items()}  # same conditions, no rows
            shutil.rmtree(empty, ignore_errors=True)
            result.update(run_child("paint", fresh[0]))
            result.update(run_child("load", fresh[1], args.sync))
            table = run_child("load", fresh[2], 0, "table")
            result.update({f"table_{k}": v for k, v in table.items() if k.startswith(("load", "first", "rows"))})
            print(json.dumps(result), f"load average {os.getloadavg()}", file=sys.stderr)
            results.append(result)
            for path in fresh:
                shutil.rmtree(path, ignore_errors=True)
    finally:
        shutil.rmtree(template.parent, ignore_errors=True)
    report(results, args.count)


def report(results: list[dict], count: int) -> None:
    def row(label: str, key: str, unit: str = "s", digits: int = 2) -> None:
        values = [r[key] for r in results if r.get(key) is not None]
        print(f"| {label} | {statistics.median(values):.{digits}f} {unit} | {max(values):.{digits}f} {unit} |")

    print(f"| {count:,} documents ({len(results)} runs) | median | worst run |\n|---|---|---|")
    row("start-up to first paint (from process creation)", "spawn_paint_s")
    row("resident memory at first paint", "paint_rss_mb", "MB", 0)
    row("start-up to first paint, empty library (same runs, for reference)", "empty_spawn_paint_s")
    row("resident memory at first paint, empty library", "empty_paint_rss_mb", "MB", 0)
    row("window construction to first paint", "paint_s")
    row("… to the first rows in the table", "first_rows_s")
    row("… to every row in the table", "load_s", digits=1)
    row("largest Qt stall while the rows arrive", "load_stall_ms", "ms", 0)
    row("… p99 of the 10 ms ticks", "load_p99_ms", "ms", 0)
    row("… ticks later than 50 ms", "load_over50", "", 0)
    row("diagnostic, table only: every row in the table", "table_load_s", digits=1)
    row("diagnostic, table only: largest Qt stall", "table_load_stall_ms", "ms", 0)
    row("diagnostic, table only: ticks later than 50 ms", "table_load_over50", "", 0)
    row("resident memory with every row loaded", "rss_mb", "MB", 0)
    for key in results[0]:
        if key.startswith(("filter", "sort", "scroll")):
            row(key, key, "ms", 0)
    if "sync_stall_ms" in results[0]:
        print(f"\n(e) {results[0]['sync_how']}:\n")
        row("until its documents are all in the table", "sync_s", digits=1)
        row("largest Qt stall meanwhile", "sync_stall_ms", "ms", 0)
        row("… p99 of the 10 ms ticks", "sync_p99_ms", "ms", 0)
        row("… ticks later than 50 ms", "sync_over50", "", 0)


if __name__ == "__main__":
    main()
