"""Images (PNG, JPEG, TIFF, WebP, BMP, GIF) as documents: their text, read by OCR.

Each page of a multi-page TIFF is a page of the document; an animated GIF or WebP gives its
first frame only (later frames repeat it, give or take). Every block is marked ``ocr``.

Decoding is bounded: Pillow refuses images past :data:`MAX_PIXELS` (a "decompression
bomb": a small file that decodes to gigabytes) and JPEGs are decoded at a reduced scale when
they are larger than OCR reads anyway (``ocr.MAX_IMAGE_SIDE``).
"""
from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any, Iterator

from docvec_gui.core.extract.model import Block, ExtractionError, Extracted
from docvec_gui.core.extract.ocr import MAX_IMAGE_SIDE, PageOcr

log = logging.getLogger(__name__)

# Pixels an image may have (about 16,000 x 10,000: a 160-megapixel scan); a grey copy of
# that size is 160 MB, well within the extraction child's memory limit.
MAX_PIXELS = 160_000_000
# Frames read from a multi-page TIFF (a 1,000-page fax is a book, not a photo).
MAX_FRAMES = 2000
MULTI_PAGE_FORMATS = frozenset({"TIFF"})


def _open(path: Path) -> Any:
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with warnings.catch_warnings():
            # Past MAX_PIXELS Pillow only warns (it raises at twice that): refuse both.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ExtractionError("too_large", f"the image is too large to read ({exc})") from exc
    except (Image.UnidentifiedImageError, SyntaxError, ValueError, OSError) as exc:
        raise ExtractionError("corrupt", f"the image cannot be read: {exc}") from exc
    return image


def _frames(image: Any) -> Iterator[tuple[int, Any]]:
    """(page number, decoded frame) of each page of ``image``, bounded in size and count."""
    from PIL import ImageOps

    count = min(getattr(image, "n_frames", 1), MAX_FRAMES) if image.format in MULTI_PAGE_FORMATS else 1
    for index in range(count):
        if index:
            image.seek(index)
        if image.format == "JPEG":  # decode at 1/2, 1/4 or 1/8 scale when that still suffices
            image.draft("RGB", (MAX_IMAGE_SIDE, MAX_IMAGE_SIDE))
        frame = image.copy() if image.format in MULTI_PAGE_FORMATS else image
        frame.load()
        # Photos taken with the phone turned carry the turn in EXIF, not in the pixels.
        yield index + 1, ImageOps.exif_transpose(frame)


def page_count(image: Any) -> int:
    if image.format in MULTI_PAGE_FORMATS:
        return min(getattr(image, "n_frames", 1), MAX_FRAMES)
    return 1


def extract_image(path: Path) -> Extracted:
    path = Path(path)
    from PIL import Image

    image = _open(path)
    try:
        pages = page_count(image)
        label = f"{image.format or 'image'} image"
        reader = PageOcr(path, pages)
        if not reader.wanted(1):
            raise ExtractionError("no_text", "the text of images is read by OCR, which is turned off in Settings")
        blocks: list[Block] = []
        limited = 0
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                for number, frame in _frames(image):
                    if not reader.wanted(number):
                        limited = pages - number + 1
                        break
                    text = reader.image(frame, number).strip()
                    if text:
                        blocks.append(Block(text, page=number, ocr=True))
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ExtractionError("too_large", f"the image is too large to read ({exc})") from exc
        except (SyntaxError, ValueError, OSError, EOFError) as exc:
            raise ExtractionError("corrupt", f"the image cannot be decoded: {exc}") from exc
    finally:
        image.close()
    if not blocks:
        raise ExtractionError("no_text", "no readable text found by OCR")
    document = Extracted(format="image", blocks=blocks, page_count=pages)
    if limited:
        document.warnings.append(f"OCR read the first {pages - limited} of {pages} pages (the OCR page limit "
                                 f"in Settings)")
    log.debug("%s (%s): %d pages, text on %d", path.name, label, pages, len(blocks))
    return document
