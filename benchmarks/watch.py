"""Watched folders: (a) change -> searchable latency, (b) catch-up scan of a big unchanged tree
and of one with 1% of its files changed.

    cd benchmarks && ../.venv/bin/python watch.py latency [--runs 20] [--model-dir DIR]
    cd benchmarks && ../.venv/bin/python watch.py scan [--files 100000] [--work DIR]

(a) runs the real app core with default settings (the default model unless --model-dir):
a watcher on a folder and processing; a new small text file is written, and the time until
a keyword search finds it is measured, one file at a time. (b) builds a tree of small text
files once (kept in --work), indexes it with one `sync` (timed: the first scan, which hashes
and sniffs every file), then times a catch-up scan of the unchanged tree (median of 3), and
one after 1% of the files were rewritten. Scans do not process: they find what changed.
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import REPO  # noqa: E402


def _service(data: Path, **overrides):
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.service import Service

    settings = load_settings(data, environ={}, dotenv_path=data / "no.env", overrides=overrides)
    return Service(settings).open()


def latency(runs: int, model_dir: str | None) -> None:
    work = Path(tempfile.mkdtemp(prefix="docvec-watch-bench-"))
    folder = work / "notes"
    folder.mkdir()
    overrides = {"model_dir": model_dir} if model_dir else {}
    svc = _service(work / "data", **overrides)
    try:
        svc.watch_add(folder)
        svc.start_watching()
        svc.start_processing()
        svc.embedder()  # the model is loaded before the first measurement, as in a running app
        svc.vectors()
        samples = []
        for n in range(runs + 1):
            word = f"zebrafinch{n:04d}quokka"
            path = folder / f"note-{n:04d}.txt"
            begin = time.monotonic()
            path.write_text(f"Meeting notes {n}. The keyword is {word}. " * 5, encoding="utf-8")
            while not svc.search(word, mode="keyword"):
                if time.monotonic() - begin > 60:
                    raise SystemExit(f"run {n}: not searchable after 60 s")
                time.sleep(0.02)
            elapsed = time.monotonic() - begin
            if n:  # the first run warms the extraction child and the database
                samples.append(elapsed)
            print(f"run {n}: {elapsed:.2f} s", flush=True)
            time.sleep(0.5)
        samples.sort()
        p95 = samples[min(len(samples) - 1, int(round(0.95 * (len(samples) - 1))))]
        print(f"change -> searchable: p50 {statistics.median(samples):.2f} s, p95 {p95:.2f} s, "
              f"max {samples[-1]:.2f} s over {len(samples)} runs (settle {svc.settings.watch_settle_seconds} s)")
    finally:
        svc.close(timeout=30)
        shutil.rmtree(work, ignore_errors=True)


def _build_tree(root: Path, files: int) -> None:
    marker = root / ".complete"
    if marker.exists() and int(marker.read_text()) == files:
        return
    shutil.rmtree(root, ignore_errors=True)
    rng = random.Random(7)
    words = (REPO / "README.md").read_text(encoding="utf-8").split()
    began = time.monotonic()
    for n in range(files):
        # 100 files per folder, 100 folders per parent: a tree like a real documents folder
        path = root / f"area-{n // 10_000:02d}" / f"project-{n // 100 % 100:02d}" / f"note-{n:06d}.txt"
        if n % 100 == 0:
            path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Note {n}. " + " ".join(rng.choices(words, k=40)) + "\n", encoding="utf-8")
    old = time.time() - 3600
    for path in root.rglob("*.txt"):
        os.utime(path, (old, old))
    marker.write_text(str(files))
    print(f"built {files:,} files in {time.monotonic() - began:.0f} s", flush=True)


def scan(files: int, work: Path) -> None:
    tree = work / "tree"
    _build_tree(tree, files)
    data = work / f"data-{files}"
    shutil.rmtree(data, ignore_errors=True)
    svc = _service(data, auto_process=False)
    try:
        svc.watch_add(tree)
        began = time.monotonic()
        first = svc.sync()[0]
        print(f"first scan (hash + sniff + row per file): {time.monotonic() - began:.1f} s, "
              f"{first.added:,} added", flush=True)
        times = []
        for _ in range(3):
            began = time.monotonic()
            report = svc.sync()[0]
            times.append(time.monotonic() - began)
            assert report.unchanged == files and not report.added and not report.changed, report
        print(f"catch-up scan, unchanged {files:,} files: median {statistics.median(times):.2f} s "
              f"(runs {', '.join(f'{t:.2f}' for t in times)})", flush=True)
        changed = sorted(tree.rglob("*.txt"))[:: 100]
        old = time.time() - 60
        for path in changed:
            path.write_text(path.read_text(encoding="utf-8") + "An edit.\n", encoding="utf-8")
            os.utime(path, (old, old))
        began = time.monotonic()
        report = svc.sync()[0]
        elapsed = time.monotonic() - began
        assert report.changed == len(changed), report
        print(f"catch-up scan, {len(changed):,} of {files:,} files changed (hashed, queued again): {elapsed:.2f} s",
              flush=True)
        for path in changed:  # undo, so a second run of the benchmark starts from the same tree
            path.write_text(path.read_text(encoding="utf-8").replace("An edit.\n", ""), encoding="utf-8")
            os.utime(path, (time.time() - 3600,) * 2)
    finally:
        svc.close(timeout=30)
        shutil.rmtree(data, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    one = sub.add_parser("latency")
    one.add_argument("--runs", type=int, default=20)
    one.add_argument("--model-dir")
    two = sub.add_parser("scan")
    two.add_argument("--files", type=int, default=100_000)
    two.add_argument("--work", type=Path, default=Path(__file__).resolve().parent / ".cache" / "watch")
    args = parser.parse_args()
    if args.what == "latency":
        latency(args.runs, args.model_dir)
    else:
        scan(args.files, args.work)


if __name__ == "__main__":
    main()
