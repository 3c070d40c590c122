"""Extraction time and peak memory growth for the largest PDF and text files of the test set,
plus a 10 MB text file (War and Peace repeated). Each file runs in a fresh process; memory
growth is peak RSS during extraction minus RSS after imports.
Usage: python benchmarks/extract_perf.py"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import DOCS

PROBE = r"""
import json, resource, sys, time
from pathlib import Path
import docvec_gui.core.extract as ex
import docvec_gui.core.extract.pdf, docvec_gui.core.extract.text, pypdf, pypdfium2  # imports are not growth
def rss_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
base = rss_mb()
times = []
for _ in range(int(sys.argv[2])):
    t = time.perf_counter(); doc = ex.extract_file(Path(sys.argv[1])); times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
times.sort()
print(json.dumps({"median_s": times[len(times)//2], "growth_mb": peak - base, "chars": len(doc.text)}))
"""


def main() -> None:
    tmp = Path(tempfile.mkdtemp())
    big = tmp / "ten-mb.txt"
    novel = (DOCS / "war-and-peace.txt").read_bytes()
    ten_mb = 10 * 1024 * 1024
    with open(big, "wb") as fh:
        fh.write((novel * (ten_mb // len(novel) + 1))[:ten_mb].rsplit(b"\n", 1)[0] + b"\n")
    cases = [(DOCS / "DA-619p.pdf", 3), (DOCS / "gnuplot.pdf", 3), (DOCS / "war-and-peace.txt", 5), (big, 3)]
    print("| file | size | median time | peak memory growth | characters |\n|---|---|---|---|---|")
    for path, repeats in cases:
        out = subprocess.run([sys.executable, "-c", PROBE, str(path), str(repeats)], capture_output=True, text=True,
                             check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        print(f"| {path.name} | {path.stat().st_size / 2**20:.1f} MB | {r['median_s']:.2f} s | "
              f"{r['growth_mb']:.0f} MB | {r['chars']:,} |")


if __name__ == "__main__":
    main()
