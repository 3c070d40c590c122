"""Pages per second of the PDF extractor on the largest PDFs of the test set, in-process
(``extract_file``) and through the real sandbox (``extract_isolated``: child process, JSON
batches, spooling), plus peak memory growth on a 2,000-page PDF (DA-619p.pdf appended to
itself), each case in a fresh process. Medians of ``--repeats`` runs (default 3).

``--before REV`` also times the extractor as it was at git revision REV (pypdf on every page),
in-process only, on the files given with ``--before-files`` (it is slow: ~15 pages/s).

Usage: python benchmarks/pdf_speed.py [--repeats 3] [--before HEAD --before-files gnuplot.pdf]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from common import DOCS, REPO

FILES = ["DA-619p.pdf", "gnuplot.pdf", "tracemonkey.pdf", "R-intro.pdf"]  # all PDFs over 1 MB, and R-intro

PROBE = r"""
import json, resource, statistics, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[4]) if len(sys.argv) > 4 else None
import pypdf, pypdfium2
import docvec_gui.core.extract as ex
from docvec_gui.core.extract.sandbox import extract_isolated
def rss_mb():
    for line in open('/proc/self/status'):
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
path, how, repeats = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
if how == 'before':
    import old_pdf
    run = lambda: old_pdf.extract_pdf(path)
elif how == 'isolated':
    run = lambda: extract_isolated(path, timeout=600)
else:
    run = lambda: ex.extract_file(path)
base = rss_mb()
times = []
for _ in range(repeats):
    t = time.perf_counter(); doc = run(); times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"median_s": statistics.median(times), "runs": times, "pages": doc.page_count,
                  "growth_mb": peak - base, "chars": doc.chars, "ocr_blocks": sum(b.ocr for b in doc.blocks)}))
"""


def probe(path: Path, how: str, repeats: int, extra_path: str | None = None) -> dict:
    cmd = [sys.executable, "-c", PROBE, str(path), how, str(repeats)] + ([extra_path] if extra_path else [])
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=REPO).stdout
    return json.loads(out.strip().splitlines()[-1])


def big_pdf(directory: Path, pages: int = 2000) -> Path:
    """DA-619p.pdf appended to itself up to ``pages`` pages."""
    from pypdf import PdfReader, PdfWriter

    source = PdfReader(str(DOCS / "DA-619p.pdf"))
    writer = PdfWriter()
    while len(writer.pages) < pages:
        for page in source.pages[: pages - len(writer.pages)]:
            writer.add_page(page)
    path = directory / f"DA-{pages}p.pdf"
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


def old_module(directory: Path, revision: str) -> str:
    source = subprocess.run(["git", "show", f"{revision}:docvec_gui/core/extract/pdf.py"], capture_output=True,
                            text=True, check=True, cwd=REPO).stdout
    (directory / "old_pdf.py").write_text(source)
    return str(directory)


def row(name: str, how: str, r: dict) -> str:
    return (f"| {name} | {how} | {r['pages']} | {r['median_s']:.2f} s | {r['pages'] / r['median_s']:.0f} | "
            f"{r['growth_mb']:.0f} MB | {', '.join(f'{t:.2f}' for t in r['runs'])} |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--before", help="git revision of the old extractor to time as well")
    parser.add_argument("--before-files", nargs="*", default=["gnuplot.pdf"])
    parser.add_argument("--no-big", action="store_true", help="skip the 2,000-page file")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="pdf-speed-"))
    print("| file | path | pages | median | pages/s | peak memory growth | runs (s) |\n|---|---|---|---|---|---|---|")
    if args.before:
        extra = old_module(tmp, args.before)
        for name in args.before_files:
            print(row(name, f"before ({args.before}), extract_pdf", probe(DOCS / name, "before", args.repeats, extra)),
                  flush=True)
    for name in FILES:
        for how in ("extract_file", "isolated"):
            print(row(name, how, probe(DOCS / name, how, args.repeats)), flush=True)
    if not args.no_big:
        path = big_pdf(tmp)
        for how in ("extract_file", "isolated"):
            print(row(path.name, how, probe(path, how, args.repeats)), flush=True)


if __name__ == "__main__":
    main()
