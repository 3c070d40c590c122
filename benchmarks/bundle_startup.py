"""Packaged app: start-up time of dist/docvec/docvec-gui to its first painted window (5 runs,
median), and the bundle's size on disk. Build it first: python build_scripts/build.py linux.
Usage: python benchmarks/bundle_startup.py"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "build_scripts"))
from build import BUNDLE, folder_size  # noqa: E402


def main() -> None:
    exe = BUNDLE / "docvec-gui"
    data = Path(tempfile.mkdtemp())
    env = {k: v for k, v in os.environ.items() if k not in ("MODEL_DIR", "DOCVEC_MODEL_DIR", "DOCVEC_DATA_DIR")}
    env.update(DOCVEC_EXIT_AFTER_PAINT="1", HOME=str(data / "home"))
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    times, rss = [], []
    for _ in range(5):
        out = subprocess.run([str(exe), "--data-dir", str(data / "kb")], env=env, capture_output=True, text=True,
                             timeout=120).stdout
        fields = dict(p.split("=") for p in next(l for l in out.splitlines() if l.startswith("first_paint")).split())
        times.append(float(fields["since_spawn_s"]))
        rss.append(float(fields["rss_mb"]))
    print(f"| packaged start-up to first paint (from process spawn, 5 runs) | median {statistics.median(times):.2f} s | "
          f"max {max(times):.2f} s |")
    print(f"| packaged resident memory at first paint | median {statistics.median(rss):.0f} MB | |")
    print(f"| bundle size unpacked (dist/docvec, with the 87 MB model) | {folder_size(BUNDLE) / 2**20:.1f} MiB | |")


if __name__ == "__main__":
    main()
