"""Make the OCR quality set: printed English and Simplified Chinese text as PNG pages, each with
its truth beside it (``<name>.txt``), in several fonts and sizes, some turned slightly and with
scanner-like noise, one turned by 90 degrees.

The text is ours (written for this set), the fonts are DejaVu and WenQuanYi Micro Hei (free
licences; on Debian/Ubuntu: fonts-dejavu-core, fonts-wqy-microhei). The PNGs are committed:
tests/test_ocr.py reads them and needs no fonts. Run this again only to change the set::

    .venv/bin/python tests/ocr_set/make_set.py
"""
from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).resolve().parent
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")
WQY = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")

ENGLISH = [
    ["The quarterly report is due on Friday, 14 March.",
     "Please send the signed contract to our office.",
     "Total amount payable: 1,284.50 EUR (incl. VAT)."],
    ["Keep this receipt as proof of purchase.",
     "Returns are accepted within 30 days of delivery.",
     "Questions? Call 0800 555 0199 or write to us."],
    ["Chapter 3: Measuring the speed of light",
     "In 1676 Ole Roemer timed the moons of Jupiter",
     "and found that light takes minutes to reach us."],
    ["Meeting notes, room 204, all teams present.",
     "Action: update the budget before the next review.",
     "Next meeting: Tuesday at 10:30 in the library."],
]
CHINESE = [
    ["本合同自双方签字之日起生效。",
     "甲方应在收到发票后三十日内付款。",
     "如有争议，双方应友好协商解决。"],
    ["今天下午三点在会议室开会。",
     "请各部门负责人准时参加并准备材料。",
     "会议内容包括预算调整和人员安排。"],
    ["春天来了，公园里的花都开了。",
     "孩子们在草地上放风筝，笑声不断。",
     "老人们坐在长椅上聊天晒太阳。"],
    ["本产品保修期为一年，自购买之日起计算。",
     "请妥善保管发票和保修卡。",
     "人为损坏不在免费保修范围之内。"],
]

# name, lines, font file (index inside a collection), size in px, degrees turned, noise
PAGES = [
    ("en_sans_28", ENGLISH[0], DEJAVU / "DejaVuSans.ttf", 0, 28, 0.0, 0),
    ("en_serif_24", ENGLISH[1], DEJAVU / "DejaVuSerif.ttf", 0, 24, 0.0, 0),
    ("en_mono_22_skew", ENGLISH[2], DEJAVU / "DejaVuSansMono.ttf", 0, 22, 1.5, 12),
    ("en_sans_32_rot90", ENGLISH[3], DEJAVU / "DejaVuSans.ttf", 0, 32, 90.0, 0),
    ("zh_hei_30", CHINESE[0], WQY, 0, 30, 0.0, 0),
    ("zh_hei_26_skew", CHINESE[1], WQY, 0, 26, -1.5, 12),
    ("zh_heimono_34", CHINESE[2], WQY, 1, 34, 0.0, 0),
    ("zh_hei_24_noise", CHINESE[3], WQY, 0, 24, 0.8, 18),
]


def render(lines: list[str], font_path: Path, index: int, size: int) -> Image.Image:
    font = ImageFont.truetype(str(font_path), size, index=index)
    width = max(int(font.getlength(line)) for line in lines) + 2 * size
    height = int(len(lines) * size * 1.7) + 2 * size
    page = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(page)
    for row, line in enumerate(lines):
        draw.text((size, size + int(row * size * 1.7)), line, font=font, fill=0)
    return page


def scanned(page: Image.Image, degrees: float, noise: int, seed: int) -> Image.Image:
    """Turned by ``degrees`` (a quarter turn exactly, or a slight skew) with grey noise and a
    little blur, as a flatbed scan of a printout looks."""
    if degrees:
        page = page.rotate(degrees, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=255)
    if noise:
        rng = random.Random(seed)
        grain = Image.new("L", page.size)
        grain.putdata([max(0, min(255, 128 + int(rng.gauss(0, noise)))) for _ in range(page.width * page.height)])
        page = Image.blend(page, grain, 0.18).filter(ImageFilter.GaussianBlur(0.6))
        # Back to crisp paper: the blend greys the background; printed pages are near white.
        page = page.point(lambda v: min(255, int(v * 1.25)))
    return page


def main() -> None:
    for seed, (name, lines, font, index, size, degrees, noise) in enumerate(PAGES):
        image = scanned(render(lines, font, index, size), degrees, noise, seed)
        image.save(HERE / f"{name}.png", optimize=True)
        (HERE / f"{name}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{name}.png {image.width}x{image.height} {(HERE / f'{name}.png').stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
