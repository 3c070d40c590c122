"""OCR speed and memory: pages per second for A4 pages at 150 and 200 dpi, English and Simplified
Chinese, read through the real extraction child (ExtractorPool, as the app runs it), and the
child's peak memory (target: under 1 GB).

The pages are rendered here from text (DejaVu Serif 11 pt, WenQuanYi Micro Hei 11 pt, 2.5 cm
margins, ~40 lines a page) and saved as multi-page TIFFs at the given resolution, plus one
image-only PDF (a scan as a scanner writes it) read by the PDF extractor at ocr.RENDER_DPI.
The engine is loaded before the clock starts (a warm-up page); the time is the wall clock of
``pool.extract`` per document, so it includes decoding, OCR, and sending the text back.

Usage (Linux; figures in docs/BENCHMARKS.md, "OCR")::

    .venv/bin/python benchmarks/ocr.py --pages 2             # ~2 minutes on 2 busy cores
    .venv/bin/python benchmarks/ocr.py --pages 5 --dpi 150 --lang zh
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PIL import Image, ImageDraw, ImageFont  # noqa: E402

from docvec_gui.core.extract.ocr import OcrOptions  # noqa: E402
from docvec_gui.core.extract.sandbox import ExtractorPool  # noqa: E402

FONTS = {"en": ("/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf", 0),
         "zh": ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0)}
A4_INCHES = (8.27, 11.69)
WORDS = ("the report contract payment office budget meeting review account delivery invoice period "
         "customer service quality total amount within days date signed copy records section page").split()
HANZI = ("本合同自双方签字之日起生效甲方应在收到发票后三十日内付款如有争议友好协商解决会议室开会"
         "请各部门负责人准时参加并准备材料内容包括预算调整和人员安排产品保修期为一年购买计算"
         "妥善保管发票保修卡人为损坏不在免费范围之内")


def _english_line(rng: random.Random, font: ImageFont.FreeTypeFont, width: int) -> str:
    line = ""
    while True:
        word = rng.choice(WORDS) + (f" {rng.randint(1, 999)}" if rng.random() < 0.08 else "")
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate + ".") > width:
            return line[0].upper() + line[1:] + "."
        line = candidate


def _chinese_line(rng: random.Random, font: ImageFont.FreeTypeFont, width: int) -> str:
    line = ""
    while font.getlength(line + "字。") <= width:
        line += rng.choice(HANZI)
        if rng.random() < 0.06:
            line += "，"
    return line + "。"


def a4_page(language: str, dpi: int, seed: int) -> Image.Image:
    """An A4 page of body text at ``dpi`` (11 pt type, 1.4 line pitch, 2.5 cm margins)."""
    size = (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi))
    page = Image.new("L", size, 255)
    draw = ImageDraw.Draw(page)
    path, index = FONTS[language]
    font = ImageFont.truetype(path, round(11 / 72 * dpi), index=index)
    margin = round(2.5 / 2.54 * dpi)
    pitch = round(11 / 72 * dpi * 1.4)
    rng = random.Random(seed)
    make = _english_line if language == "en" else _chinese_line
    for y in range(margin, size[1] - margin - pitch, pitch):
        draw.text((margin, y), make(rng, font, size[0] - 2 * margin), font=font, fill=0)
    return page


def child_memory_mb(pid: int) -> dict:
    """Peak resident (VmHWM) and peak virtual (VmPeak) memory of a child, from /proc."""
    found = {}
    with open(f"/proc/{pid}/status", encoding="ascii") as fh:
        for line in fh:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmPeak", "VmRSS"):
                found[key] = round(int(value.split()[0]) / 1024)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=2, help="pages per document (default 2)")
    parser.add_argument("--dpi", type=int, nargs="+", default=[150, 200])
    parser.add_argument("--lang", nargs="+", default=["en", "zh"], choices=sorted(FONTS))
    parser.add_argument("--no-pdf", action="store_true", help="skip the image-only PDF")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="docvec-ocr-bench-"))
    cases: list[tuple[str, Path, int]] = []
    for language in args.lang:
        for dpi in args.dpi:
            pages = [a4_page(language, dpi, seed) for seed in range(args.pages)]
            tif = work / f"{language}-{dpi}.tif"
            pages[0].save(tif, save_all=True, append_images=pages[1:], compression="tiff_lzw", dpi=(dpi, dpi))
            cases.append((f"{language}, A4 TIFF at {dpi} dpi", tif, len(pages)))
        if not args.no_pdf:
            pages = [a4_page(language, 200, seed) for seed in range(args.pages)]
            pdf = work / f"{language}-scan.pdf"
            pages[0].save(pdf, save_all=True, append_images=pages[1:], resolution=200)
            cases.append((f"{language}, image-only PDF (rendered at the OCR dpi)", pdf, len(pages)))
    warm = work / "warm.png"
    a4_page("en", 150, 99).crop((0, 0, 1240, 200)).save(warm)
    rows = []
    # No cache: every page is read. The pool's default limits are the app's (2 GB address space).
    with ExtractorPool(1, timeout=600, total_memory_mb=2048, ocr=OcrOptions(page_timeout=300)) as pool:
        pool.extract(warm)  # loads the engine in the child
        pid = pool.child_pids()[0]
        print(f"child {pid} after loading the engine: {child_memory_mb(pid)}", flush=True)
        for label, path, pages in cases:
            started = time.perf_counter()
            document = pool.extract(path)
            seconds = time.perf_counter() - started
            chars = sum(len(block.text) for block in document.blocks)
            rows.append({"case": label, "pages": pages, "seconds": round(seconds, 1),
                         "pages_per_s": round(pages / seconds, 3), "s_per_page": round(seconds / pages, 1),
                         "chars": chars, **child_memory_mb(pid)})
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    print("\n| pages | pages/s | s/page | characters read | child peak RSS |\n|---|---|---|---|---|")
    for row in rows:
        print(f"| {row['case']} ({row['pages']} p.) | {row['pages_per_s']:.3f} | {row['s_per_page']} | "
              f"{row['chars']:,} | {row['VmHWM']} MB |")
    print(f"\nchild peak virtual size {rows[-1]['VmPeak']} MB; pages in {work}")


if __name__ == "__main__":
    main()
