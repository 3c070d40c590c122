"""OCR for pages without a text layer and for images, with RapidOCR (PP-OCR on onnxruntime).

Runs only inside the extraction child (the sandbox gives it its time and memory budget).
The engine is loaded on the first page that needs it, once per child.

Interface used by the PDF extractor (``pdf.py``) and the image extractor (``image.py``)::

    reader = PageOcr(path, page_count)
    if reader.wanted(page_number):
        text = reader.pdf_page(pdfium_page, page_number)   # '' when nothing was read
        text = reader.image(pil_image, page_number)        # the same for a decoded image

What OCR may do is set per request by whoever runs the extractors (the extraction child,
``worker.py``) with :func:`using_options`: on or off, at most the first N pages, where the
cache lives. Each page read reports ``page_done(page, pages, stage="ocr")`` *before* it is
read, so the window shows "OCR page x of y" and the sandbox gives that page its own time.

Text read by OCR is cached by content: one file per (sha256 of the document's bytes, page,
:data:`CACHE_KEY`) under the cache directory, owner-only, evicted oldest-first past
:data:`CACHE_MAX_BYTES`. A cache that cannot be read or written is logged and skipped; it
never decides the document's outcome.
"""
from __future__ import annotations

import contextlib
import logging
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docvec_gui.core.extract.hooks import Hook
from docvec_gui.core.extract.model import OcrUnavailable
from docvec_gui.core.extract.progress import OCR, page_done

log = logging.getLogger(__name__)

# Rendering resolution for PDF pages: PP-OCR reads body text well from 150 dpi up
# (benchmarks/ocr.py measures 150 and 200).
RENDER_DPI = 150
# Longest side, in pixels, an image is read at: ~340 dpi on A4, more than OCR gains from;
# bigger photos are scaled down first (time and memory grow with the pixels).
MAX_IMAGE_SIDE = 4000
# Part of every cache entry's name: change it when the engine, its models, the rendering or
# the orientation handling change, so that older text is read again instead of reused.
# "-2": image operations by ocr_imaging.py instead of OpenCV (within a grey level of it).
OCR_VERSION = "ppocrv6s-2"
CACHE_KEY = f"{OCR_VERSION}-{RENDER_DPI}dpi"
# Size of the OCR cache on disk (text only: ~3 KB a page, so ~80,000 pages).
CACHE_MAX_BYTES = 256 * 1024 * 1024
# A page is taken as turned a quarter (90/270 degrees) when most detected lines are this
# much taller than wide.
TALL_RATIO = 1.5
# Lines the orientation check classifies (largest first): enough for a clear majority.
ORIENTATION_SAMPLE = 9
# Width to height of the pieces of lines the orientation classifier looks at (its input: 192 x 48).
CLASSIFIER_RATIO = 4


@dataclass(frozen=True)
class OcrOptions:
    """What OCR may do in one extraction request."""

    enabled: bool = True
    max_pages: int = 0  # 0: every page
    cache_dir: Path | None = None  # None: no cache (tests, ``docvec extract``)
    page_timeout: float = 60.0  # seconds one page may take (enforced by the sandbox)

    def to_json(self) -> dict:
        return {"enabled": self.enabled, "max_pages": self.max_pages,
                "cache_dir": str(self.cache_dir) if self.cache_dir else None, "page_timeout": self.page_timeout}

    @classmethod
    def from_json(cls, data: dict | None) -> "OcrOptions":
        if not data:
            return cls()
        cache = data.get("cache_dir")
        return cls(bool(data.get("enabled", True)), max(0, int(data.get("max_pages") or 0)),
                   Path(cache) if cache else None, float(data.get("page_timeout") or cls.page_timeout))


_options: Hook[OcrOptions] = Hook(OcrOptions())


def current_options() -> OcrOptions:
    return _options.value


def using_options(options: OcrOptions) -> contextlib.AbstractContextManager[None]:
    """Apply ``options`` to OCR for the duration (one extraction at a time, like progress.py)."""
    return _options.using(options)


# Pages read by the engine and pages served from the cache in this process (tests, benchmarks).
stats = {"pages_read": 0, "cache_hits": 0}

# Text detection reads the image as it is up to 2,000 px on its longest side, scaled down past
# that. RapidOCR's default instead scales every image *up* until its shortest side is 736 px:
# the same on A4 pages (150 dpi is 1240 px wide already), three times slower on small images
# (a receipt snippet, a screenshot) for little gain (tests/ocr_set: one character in 330 read
# wrong instead of none).
# Lines are recognised three at a time, not six: the recogniser's memory grows with the batch
# times the longest line, and six full A4 lines took the child to 1 GB resident (three: 0.7 GB,
# no slower; benchmarks/ocr.py).
ENGINE_PARAMS = {"Det.limit_type": "max", "Det.limit_side_len": 2000, "Rec.rec_batch_num": 3}

_engine: Any = None
_engine_lock = threading.Lock()


def engine() -> Any:
    """The RapidOCR engine of this process, loaded on first use."""
    global _engine
    with _engine_lock:
        if _engine is None:
            # RapidOCR's image operations from numpy and Pillow instead of OpenCV (120 MiB of
            # the bundle): installed before RapidOCR's first import, also where OpenCV is
            # installed, so that the tests run what the bundle runs.
            _engine = _load_engine()
        return _engine


def _load_engine() -> Any:
    from docvec_gui.core.extract import ocr_imaging

    try:
        ocr_imaging.install()
        import rapidocr
        from rapidocr import RapidOCR

        # The models inside the package, named: RapidOCR then never looks for (or
        # checksums, or downloads) others.
        models = Path(rapidocr.__file__).parent / "models"
        paths = {"Det.model_path": str(models / "PP-OCRv6_det_small.onnx"),
                 "Rec.model_path": str(models / "PP-OCRv6_rec_small.onnx"),
                 "Cls.model_path": str(models / "ch_ppocr_mobile_v2.0_cls_mobile.onnx")}
        loaded = RapidOCR(params={"Global.log_level": "error", **ENGINE_PARAMS, **paths})
        # RapidOCR opens each model on first use, mid-page: opened here, a damaged or missing
        # model is the engine's failure to load, not a failure to read that page.
        for load in (loaded._load_det_model, loaded._load_cls_model, loaded._load_rec_model):
            load()
        return loaded
    except MemoryError:
        raise  # the child's memory limit: the sandbox's verdict
    except Exception as exc:  # import, model file and runtime errors vary; all say the app is broken
        log.error("the OCR engine could not be loaded: %r", exc)
        raise OcrUnavailable(f"the OCR engine could not be loaded ({type(exc).__name__}: {exc}); "
                             "the document is retried later") from exc


# -- reading one image -------------------------------------------------------------------
def _box_sizes(boxes: Any) -> list[tuple[float, float, float, float, float, float]]:
    """(left, top, right, bottom, width, height) of each detected quadrilateral."""
    sizes = []
    for box in boxes if boxes is not None else ():
        xs = [float(point[0]) for point in box]
        ys = [float(point[1]) for point in box]
        sizes.append((min(xs), min(ys), max(xs), max(ys), max(xs) - min(xs), max(ys) - min(ys)))
    return sizes


def _upside_down(crops: list[Any]) -> bool | None:
    """Whether most ``crops`` (lines, read left to right when upright) are upside down, by the
    engine's own 0/180 line classifier; None if it cannot tell."""
    if not crops:
        return None
    try:
        result = engine()._load_cls_model()(crops)
        labels = [label for label, score in (result.cls_res or ()) if score >= 0.6]
    except Exception as exc:  # an internal of rapidocr: if it moves, read the page as it is
        log.warning("page orientation not checked (RapidOCR's line classifier failed: %r)", exc)
        return None
    if not labels:
        return None
    return labels.count("180") * 3 >= len(labels) * 2  # a clear majority: a level page is the norm


def _page_turn(image: Any, boxes: Any) -> int:
    """Quarter turns counter-clockwise (``numpy.rot90``'s ``k``) that make the page upright.

    The engine reads each line in whatever direction (it turns tall crops and flips upside-down
    lines), but its reading order follows the page as given: a page scanned sideways or upside
    down comes out with its lines in the wrong order. Most lines much taller than wide mean a
    quarter turn; the line classifier then tells which way (and upside down for a page that
    is otherwise level).
    """
    import numpy as np

    sizes = _box_sizes(boxes)
    if not sizes:
        return 0
    tall = [s for s in sizes if s[5] > TALL_RATIO * s[4]]
    sideways = len(tall) * 2 > len(sizes)
    sample = sorted(tall if sideways else sizes, key=lambda s: -(s[4] * s[5]))[:ORIENTATION_SAMPLE]
    crops = []
    for left, top, right, bottom, _, _ in sample:
        crop = image[int(top):int(bottom) + 1, int(left):int(right) + 1]
        if sideways:
            crop = np.rot90(crop, 1)
        # The classifier sees 48 x 192 pixels: a whole long line squeezed into that is a smear
        # it reads as upside down as often as not, so it gets a piece of the line that shape.
        height, width = crop.shape[:2]
        piece = min(width, CLASSIFIER_RATIO * height)
        start = (width - piece) // 2
        crop = crop[:, start:start + piece]
        if crop.size:
            if crop.ndim == 2:  # the classifier takes three channels
                crop = np.repeat(crop[:, :, None], 3, axis=2)
            crops.append(np.ascontiguousarray(crop[:, :, :3]))
    flipped = _upside_down(crops)
    if sideways:
        return 3 if flipped else 1
    return 2 if flipped else 0


def _lines(result: Any) -> str:
    lines = getattr(result, "txts", None) or ()
    return "\n".join(line.strip() for line in lines if line and line.strip())


def image_text(image: Any) -> str:
    """Text read from ``image`` (a numpy array: grey, RGB or RGBA), one line per text line,
    in reading order also for pages turned by 90, 180 or 270 degrees."""
    import numpy as np

    if image.ndim == 3 and image.shape[2] == 1:
        image = image[:, :, 0]
    result = _recognise(image)
    if not getattr(result, "txts", None):
        return ""
    turn = _page_turn(image, result.boxes)
    if turn:
        log.info("page turned by %d degrees; reading it upright", 90 * (4 - turn) % 360)
        result = _recognise(np.ascontiguousarray(np.rot90(image, turn)))
    return _lines(result)


def _recognise(image: Any) -> Any:
    # Every step named: RapidOCR keeps the steps of the last call as its new defaults.
    return engine()(image, use_det=True, use_cls=True, use_rec=True)


# -- the cache ---------------------------------------------------------------------------
class OcrCache:
    """Text of OCR'd pages by content hash, page and :data:`CACHE_KEY`, under ``directory``.

    Every failure (unwritable folder, full disk) is logged once and turns the cache off for
    this process; extraction goes on without it.
    """

    def __init__(self, directory: Path, max_bytes: int = CACHE_MAX_BYTES) -> None:
        self.directory = Path(directory)
        self.max_bytes = max_bytes
        self._size: int | None = None  # bytes in the cache, counted on the first write
        self._broken = False

    def _path(self, digest: str, page: int, kind: str) -> Path:
        return self.directory / digest[:2] / f"{digest}.{page}.{kind}-{CACHE_KEY}.txt"

    def get(self, digest: str, page: int, kind: str) -> str | None:
        if self._broken:
            return None
        path = self._path(digest, page, kind)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError) as exc:
            self._fail("read", exc)
            return None
        with contextlib.suppress(OSError):  # recently used entries are evicted last
            os.utime(path)
        return text

    def put(self, digest: str, page: int, kind: str, text: str) -> None:
        if self._broken:
            return
        from docvec_gui.core.privacy import DIR_MODE, open_private

        path = self._path(digest, page, kind)
        data = text.encode("utf-8")
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        try:
            self.directory.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
            path.parent.mkdir(mode=DIR_MODE, exist_ok=True)
            with os.fdopen(open_private(tmp), "wb") as fh:
                fh.write(data)
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink()
            self._fail("write", exc)
            return
        if self._size is None:
            self._size = self._measure()
        else:
            self._size += len(data)
        if self._size > self.max_bytes:
            self._evict()

    def _fail(self, action: str, exc: Exception) -> None:
        log.warning("OCR cache in %s cannot %s (%s); OCR goes on without it", self.directory, action, exc)
        self._broken = True

    def _entries(self) -> list[tuple[float, int, str]]:
        """(last use, size, path) of every entry."""
        entries = []
        for sub in os.scandir(self.directory):
            if not sub.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(sub.path):
                with contextlib.suppress(OSError):
                    info = entry.stat(follow_symlinks=False)
                    entries.append((info.st_mtime, info.st_size, entry.path))
        return entries

    def _measure(self) -> int:
        try:
            return sum(size for _, size, _ in self._entries())
        except OSError as exc:
            log.warning("OCR cache in %s cannot be measured (%s)", self.directory, exc)
            return 0

    def _evict(self) -> None:
        """Remove the least recently used entries until the cache is at 90 % of its size."""
        try:
            entries = sorted(self._entries())
        except OSError as exc:
            log.warning("OCR cache in %s cannot be listed for eviction (%s)", self.directory, exc)
            return
        size = sum(e[1] for e in entries)
        target = self.max_bytes * 9 // 10
        for _, entry_size, path in entries:
            if size <= target:
                break
            try:
                os.unlink(path)
                size -= entry_size
            except OSError as exc:
                log.warning("OCR cache entry %s not evicted (%s)", path, exc)
        self._size = size


def forget_content(cache_dir: Path, digest: str) -> int:
    """Remove the cached OCR text of the content with this sha256 (its last document was
    deleted). Returns how many entries went; failures are logged, never raised."""
    folder = Path(cache_dir) / digest[:2]
    removed = 0
    try:
        names = [entry.name for entry in os.scandir(folder) if entry.name.startswith(digest + ".")]
    except FileNotFoundError:
        return 0
    except OSError as exc:
        log.warning("OCR cache in %s not cleared for %s: %s", cache_dir, digest[:12], exc)
        return 0
    for name in names:
        try:
            os.unlink(folder / name)
            removed += 1
        except OSError as exc:
            log.warning("OCR cache entry %s not removed: %s", name, exc)
    return removed


# -- one document's pages ----------------------------------------------------------------
class PageOcr:
    """OCR of one document's pages, under the options in force when it was made."""

    def __init__(self, path: Path, page_count: int) -> None:
        self.path = Path(path)
        self.page_count = page_count
        self.options = current_options()
        self._cache = OcrCache(self.options.cache_dir) if self.options.cache_dir else None
        self._digest: str | None = None
        self.pages_read = 0  # pages this reader sent through the engine (not from the cache)

    def wanted(self, page_number: int) -> bool:
        """Whether OCR may run on this page (1-based): OCR is on and the page is within the limit."""
        if not self.options.enabled:
            return False
        return self.options.max_pages <= 0 or page_number <= self.options.max_pages

    def pdf_page(self, page: Any, page_number: int) -> str:
        """Render a pypdfium2 page and read its text ('' when nothing was read)."""

        def render() -> Any:
            bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
            try:
                return bitmap.to_numpy().copy()  # the bitmap's buffer goes with close()
            finally:
                bitmap.close()

        return self._read(page_number, "pdf", render)

    def image(self, image: Any, page_number: int) -> str:
        """Read the text of a decoded Pillow image (one frame of an image file)."""
        return self._read(page_number, "img", lambda: pixels(image))

    def _read(self, page_number: int, kind: str, render: Any) -> str:
        cached = self._cached(page_number, kind)
        if cached is not None:
            stats["cache_hits"] += 1
            return cached
        page_done(page_number, self.page_count, OCR)  # before: the page's own time starts now
        started = time.monotonic()
        text = image_text(render())
        self.pages_read += 1
        stats["pages_read"] += 1
        log.debug("OCR of page %d of %s: %d characters in %.1f s", page_number, self.path.name, len(text),
                  time.monotonic() - started)
        if self._cache is not None and self._digest is not None:
            self._cache.put(self._digest, page_number, kind, text)
        return text

    def _cached(self, page_number: int, kind: str) -> str | None:
        if self._cache is None:
            return None
        if self._digest is None:
            try:
                from docvec_gui.core.library import sha256_file  # the documents' own content hash

                self._digest = sha256_file(self.path)
            except OSError as exc:
                log.warning("OCR cache not used for %s: cannot hash it (%s)", self.path, exc)
                self._cache = None
                return None
        return self._cache.get(self._digest, page_number, kind)


def pixels(image: Any) -> Any:
    """A Pillow image as the grey numpy array OCR reads, at most :data:`MAX_IMAGE_SIDE` long."""
    import numpy as np
    from PIL import Image

    if image.mode not in ("L", "RGB"):
        if "A" in image.getbands() or image.mode == "P":  # transparent parts are paper, not ink
            rgba = image.convert("RGBA")
            background = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
            image = Image.alpha_composite(background, rgba)
        image = image.convert("RGB")
    image = image.convert("L")
    if max(image.size) > MAX_IMAGE_SIDE:
        image = image.copy()
        image.thumbnail((MAX_IMAGE_SIDE, MAX_IMAGE_SIDE), Image.Resampling.LANCZOS)
    return np.asarray(image)
