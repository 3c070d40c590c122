"""The image operations RapidOCR asks OpenCV for, in numpy and Pillow: docvec's OCR without OpenCV.

RapidOCR (PP-OCR on onnxruntime) calls about twenty ``cv2`` functions on still images: colour
conversion, resizing, rotating, cropping a text line out of the page (perspective warp), and
finding the text regions in the detector's probability map (contours, their minimum-area
rectangles, the mean score inside a box). OpenCV is 120 MiB of the bundle for these; this module
is a few hundred lines. ``ocr.py`` installs it as ``sys.modules["cv2"]`` (with :class:`Polygon`
as ``shapely.geometry``, whose area and perimeter are all RapidOCR takes from shapely) before
RapidOCR is imported, always, so the tests run exactly what the bundle runs.

Only what RapidOCR's reading path uses is here, with OpenCV's conventions (BGR order, ``(width,
height)`` sizes, pixel centres at integer coordinates, OpenCV's integer arithmetic where it
decides a pixel). Agreement with OpenCV itself is tested in tests/test_ocr_imaging.py: exact
for colour conversion, rotation, borders, masks, dilation and polygon filling (the box scores);
one grey level for resizing and warping (OpenCV interpolates in fixed point); a thousandth of a
pixel for minimum-area rectangles. ``findContours`` returns each region's *convex hull* instead
of its traced border: the minimum-area rectangle, all RapidOCR computes from a contour in its
default "fast" scoring, is the same. Drawing and saving (``putText``, ``imwrite``...) serve
only RapidOCR's visualisations and raise :class:`error`.
"""
from __future__ import annotations

import io
import math
import sys
import types
from typing import Any, Sequence

import numpy as np

__version__ = "0.0.0-docvec"  # not OpenCV: anything testing for a real cv2 sees so

# -- constants (OpenCV's values) ------------------------------------------------------------
COLOR_BGR2BGRA = COLOR_RGB2RGBA = 0
COLOR_BGRA2BGR = COLOR_RGBA2RGB = 1
COLOR_BGR2RGBA = COLOR_RGB2BGRA = 2
COLOR_RGBA2BGR = COLOR_BGRA2RGB = 3
COLOR_BGR2RGB = COLOR_RGB2BGR = 4
COLOR_BGRA2RGBA = COLOR_RGBA2BGRA = 5
COLOR_BGR2GRAY = 6
COLOR_RGB2GRAY = 7
COLOR_GRAY2BGR = COLOR_GRAY2RGB = 8
COLOR_GRAY2BGRA = COLOR_GRAY2RGBA = 9
COLOR_BGRA2GRAY = 10
COLOR_RGBA2GRAY = 11
INTER_NEAREST, INTER_LINEAR, INTER_CUBIC = 0, 1, 2
WARP_INVERSE_MAP = 16
BORDER_CONSTANT, BORDER_REPLICATE, BORDER_REFLECT, BORDER_REFLECT_101 = 0, 1, 2, 4
BORDER_DEFAULT = BORDER_REFLECT_101
ROTATE_90_CLOCKWISE, ROTATE_180, ROTATE_90_COUNTERCLOCKWISE = 0, 1, 2
RETR_EXTERNAL, RETR_LIST = 0, 1
CHAIN_APPROX_NONE, CHAIN_APPROX_SIMPLE = 1, 2
IMREAD_GRAYSCALE, IMREAD_COLOR = 0, 1
DECOMP_LU = 0
FONT_HERSHEY_SIMPLEX = 0
LINE_AA = 16


class error(Exception):  # noqa: N801 - OpenCV's name, caught as cv2.error
    """A call this module cannot serve (OpenCV raises cv2.error for bad arguments too)."""


def _unavailable(name: str) -> Any:
    def call(*_args: Any, **_kwargs: Any) -> Any:
        raise error(f"cv2.{name} is not available in docvec's OCR (it only serves RapidOCR's visualisations)")

    call.__name__ = name
    return call


putText = _unavailable("putText")
polylines = _unavailable("polylines")
rectangle = _unavailable("rectangle")
line = _unavailable("line")
circle = _unavailable("circle")
imwrite = _unavailable("imwrite")
imencode = _unavailable("imencode")
imshow = _unavailable("imshow")


def __getattr__(name: str) -> Any:
    # An AttributeError (hasattr works) that says where the name was looked for.
    raise AttributeError(f"cv2.{name} is not provided by docvec's OCR imaging ({__name__})")


# -- pixels ---------------------------------------------------------------------------------
def _saturate(values: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Float results back to ``dtype``, rounded and clipped as OpenCV's saturate_cast does."""
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        return np.clip(np.rint(values), info.min, info.max).astype(dtype)
    return values.astype(dtype)


def _grey(src: np.ndarray, red: int, blue: int) -> np.ndarray:
    # OpenCV's fixed-point weights (0.299, 0.587, 0.114 in 15 bits) for 8-bit images.
    if src.dtype == np.uint8:
        total = (src[..., red].astype(np.int32) * 9798 + src[..., 1].astype(np.int32) * 19235
                 + src[..., blue].astype(np.int32) * 3735 + (1 << 14))
        return (total >> 15).astype(np.uint8)
    return (src[..., red] * 0.299 + src[..., 1] * 0.587 + src[..., blue] * 0.114).astype(src.dtype)


def cvtColor(src: np.ndarray, code: int, dst: Any = None, dstCn: int = 0) -> np.ndarray:  # noqa: N802
    """Colour conversion between grey, BGR(A) and RGB(A)."""
    src = np.asarray(src)
    if src.ndim == 3 and src.shape[2] == 1:
        src = src[:, :, 0]
    if code in (COLOR_GRAY2BGR, COLOR_GRAY2BGRA):
        planes = [src, src, src]
        if code == COLOR_GRAY2BGRA:
            planes.append(np.full_like(src, _opaque(src.dtype)))
        return np.stack(planes, axis=2)
    if src.ndim != 3:
        raise error(f"cvtColor code {code} needs a colour image, got shape {src.shape}")
    if code == COLOR_BGRA2BGR:
        return np.ascontiguousarray(src[:, :, :3])
    if code == COLOR_RGBA2BGR:
        return np.ascontiguousarray(src[:, :, 2::-1])
    if code == COLOR_BGR2RGB:
        return np.ascontiguousarray(src[:, :, ::-1] if src.shape[2] == 3 else src[:, :, [2, 1, 0]])
    if code == COLOR_BGRA2RGBA:
        return np.ascontiguousarray(src[:, :, [2, 1, 0, 3]])
    if code in (COLOR_BGR2BGRA, COLOR_BGR2RGBA):
        colour = src[:, :, :3] if code == COLOR_BGR2BGRA else src[:, :, 2::-1]
        return np.concatenate([colour, np.full_like(src[:, :, :1], _opaque(src.dtype))], axis=2)
    if code in (COLOR_BGR2GRAY, COLOR_BGRA2GRAY):
        return _grey(src, 2, 0)
    if code in (COLOR_RGB2GRAY, COLOR_RGBA2GRAY):
        return _grey(src, 0, 2)
    raise error(f"cvtColor code {code} is not available in docvec's OCR")


def _opaque(dtype: np.dtype) -> float:
    return np.iinfo(dtype).max if np.issubdtype(dtype, np.integer) else 1.0


def bitwise_not(src: np.ndarray, dst: Any = None, mask: Any = None) -> np.ndarray:
    return np.bitwise_not(np.asarray(src))


def bitwise_and(src1: np.ndarray, src2: np.ndarray, dst: Any = None, mask: Any = None) -> np.ndarray:
    out = np.bitwise_and(np.asarray(src1), np.asarray(src2))
    if mask is not None:
        out[np.asarray(mask) == 0] = 0
    return out


def add(src1: np.ndarray, src2: np.ndarray, dst: Any = None, mask: Any = None, dtype: int = -1) -> np.ndarray:
    """Saturating addition (uint8 stops at 255, as in OpenCV, instead of wrapping)."""
    a, b = np.asarray(src1), np.asarray(src2)
    out = _saturate(a.astype(np.float64) + b, a.dtype)
    if mask is not None:
        out[np.asarray(mask) == 0] = 0
    return out


def mean(src: np.ndarray, mask: Any = None) -> tuple[float, float, float, float]:
    """Mean of each channel over the pixels where ``mask`` is non-zero, as a 4-tuple."""
    src = np.asarray(src)
    pixels = src.reshape(src.shape[0], src.shape[1], -1)
    if mask is not None:
        pixels = pixels[np.asarray(mask) != 0]
    else:
        pixels = pixels.reshape(-1, pixels.shape[-1])
    means = [float(v) for v in pixels.mean(axis=0, dtype=np.float64)] if len(pixels) else [0.0] * pixels.shape[-1]
    return tuple((means + [0.0, 0.0, 0.0, 0.0])[:4])  # type: ignore[return-value]


def rotate(src: np.ndarray, rotateCode: int) -> np.ndarray:  # noqa: N803
    src = np.asarray(src)
    if rotateCode == ROTATE_90_CLOCKWISE:
        return np.ascontiguousarray(np.rot90(src, -1))
    if rotateCode == ROTATE_180:
        return np.ascontiguousarray(src[::-1, ::-1])
    if rotateCode == ROTATE_90_COUNTERCLOCKWISE:
        return np.ascontiguousarray(np.rot90(src, 1))
    raise error(f"unknown rotateCode {rotateCode}")


def copyMakeBorder(src: np.ndarray, top: int, bottom: int, left: int, right: int,  # noqa: N802
                   borderType: int, dst: Any = None, value: Any = None) -> np.ndarray:  # noqa: N803
    src = np.asarray(src)
    pad = [(top, bottom), (left, right)] + [(0, 0)] * (src.ndim - 2)
    if borderType == BORDER_CONSTANT:
        out = np.pad(src, pad, mode="constant")
        if value is not None:
            fill = np.broadcast_to(np.asarray(value, dtype=np.float64).ravel()[:src.shape[2] if src.ndim == 3 else 1],
                                   (src.shape[2],) if src.ndim == 3 else (1,))
            border = np.ones(out.shape[:2], dtype=bool)
            border[top:top + src.shape[0], left:left + src.shape[1]] = False
            out[border] = _saturate(fill, src.dtype) if src.ndim == 3 else _saturate(fill[0], src.dtype)
        return out
    mode = {BORDER_REPLICATE: "edge", BORDER_REFLECT: "symmetric", BORDER_REFLECT_101: "reflect"}.get(borderType)
    if mode is None:
        raise error(f"copyMakeBorder border type {borderType} is not available in docvec's OCR")
    return np.pad(src, pad, mode=mode)


def dilate(src: np.ndarray, kernel: Any, dst: Any = None, anchor: Any = None, iterations: int = 1,
           borderType: int = BORDER_CONSTANT, borderValue: Any = None) -> np.ndarray:  # noqa: N803
    """Grey dilation: the maximum over the kernel's non-zero cells (anchor at its centre);
    outside the image counts as nothing (OpenCV's default border for morphology)."""
    out = np.asarray(src)
    kernel = np.ones((3, 3), np.uint8) if kernel is None else np.asarray(kernel)
    ky, kx = kernel.shape[:2]
    ay, ax = (ky // 2, kx // 2) if anchor is None or tuple(anchor) == (-1, -1) else (anchor[1], anchor[0])
    low = np.iinfo(out.dtype).min if np.issubdtype(out.dtype, np.integer) else -np.inf
    for _ in range(max(1, iterations)):
        height, width = out.shape[:2]
        padded = np.full((height + ky - 1, width + kx - 1) + out.shape[2:], low, dtype=out.dtype)
        padded[ay:ay + height, ax:ax + width] = out
        result = np.full_like(out, low)
        for i, j in zip(*np.nonzero(kernel)):
            np.maximum(result, padded[i:i + height, j:j + width], out=result)
        out = result
    return out


# -- resampling -----------------------------------------------------------------------------
def _cubic_weights(frac: np.ndarray) -> np.ndarray:
    """OpenCV's bicubic weights (A = -0.75) for the taps at -1, 0, 1, 2 from each sample
    (``frac`` in [0, 1)), shape (n, 4); the four always sum to one."""
    a = -0.75
    t = np.asarray(frac)
    weights = np.empty(t.shape + (4,), dtype=t.dtype)
    weights[..., 0] = ((a * (t + 1) - 5 * a) * (t + 1) + 8 * a) * (t + 1) - 4 * a
    weights[..., 1] = ((a + 2) * t - (a + 3)) * t * t + 1
    weights[..., 2] = ((a + 2) * (1 - t) - (a + 3)) * (1 - t) * (1 - t) + 1
    weights[..., 3] = 1 - weights[..., 0] - weights[..., 1] - weights[..., 2]
    return weights


def _axis_taps(size_in: int, size_out: int, interpolation: int, fixed_point: bool) -> tuple[np.ndarray, np.ndarray]:
    """Source indices and weights along one axis for cv2.resize (pixel centres aligned)."""
    scale = size_in / size_out
    centre = (np.arange(size_out) + 0.5) * scale - 0.5
    if interpolation == INTER_NEAREST:
        index = np.minimum(np.floor(np.arange(size_out) * scale).astype(np.int64), size_in - 1)
        return index[:, None], np.ones((size_out, 1))
    base = np.floor(centre).astype(np.int64)
    frac = centre - base
    if interpolation == INTER_LINEAR:
        # OpenCV moves samples left of the first or right of the last pixel onto that pixel.
        frac = np.where(base < 0, 0.0, frac)
        base = np.maximum(base, 0)
        frac = np.where(base >= size_in - 1, 0.0, frac)
        base = np.minimum(base, size_in - 1)
        index = np.stack([base, np.minimum(base + 1, size_in - 1)], axis=1)
        # Weights for 8-bit images in OpenCV's 11-bit fixed point.
        first = np.rint((1 - frac) * 2048) / 2048 if fixed_point else 1 - frac
        return index, np.stack([first, 1 - first], axis=1)
    if interpolation == INTER_CUBIC:
        index = np.clip(base[:, None] + np.arange(-1, 3), 0, size_in - 1)
        return index, _cubic_weights(frac)
    raise error(f"resize interpolation {interpolation} is not available in docvec's OCR")


def _resample(image: np.ndarray, axis: int, index: np.ndarray, weights: np.ndarray) -> np.ndarray:
    out = None
    for tap in range(index.shape[1]):
        shape = [1] * image.ndim
        shape[axis] = -1
        part = np.take(image, index[:, tap], axis=axis).astype(np.float32, copy=False)
        part *= weights[:, tap].reshape(shape).astype(np.float32)
        if out is None:
            out = part
        else:
            out += part
    return out


def resize(src: np.ndarray, dsize: Any, dst: Any = None, fx: float = 0, fy: float = 0,
           interpolation: int = INTER_LINEAR) -> np.ndarray:
    """Resize to ``dsize`` = (width, height), or by ``fx``/``fy`` when dsize is empty."""
    src = np.asarray(src)
    height, width = src.shape[:2]
    if dsize is None or tuple(dsize) == (0, 0):
        new_w, new_h = int(round(width * fx)), int(round(height * fy))
    else:
        new_w, new_h = int(dsize[0]), int(dsize[1])
    if new_w <= 0 or new_h <= 0 or width == 0 or height == 0:
        raise error(f"resize to {new_w}x{new_h} from {width}x{height}")
    if (new_w, new_h) == (width, height):
        return src.copy()
    if src.ndim == 3 and src.shape[2] == 3 and (src[..., 0] == src[..., 1]).all() \
            and (src[..., 1] == src[..., 2]).all():
        # A grey page given as BGR (RapidOCR turns every image into BGR): one channel, copied.
        return np.repeat(resize(src[..., 0], (new_w, new_h), interpolation=interpolation)[..., None], 3, axis=2)
    work = src  # the first pass gathers the 8-bit pixels, then computes in float32
    fixed = np.issubdtype(src.dtype, np.integer)
    if new_h != height:
        work = _resample(work, 0, *_axis_taps(height, new_h, interpolation, fixed))
    if new_w != width:
        work = _resample(work, 1, *_axis_taps(width, new_w, interpolation, fixed))
    return _saturate(work, src.dtype)


# -- geometry -------------------------------------------------------------------------------
def getPerspectiveTransform(src: Any, dst: Any, solveMethod: int = DECOMP_LU) -> np.ndarray:  # noqa: N802,N803
    """The 3x3 homography taking the four ``src`` points to the four ``dst`` points."""
    src = np.asarray(src, dtype=np.float64).reshape(4, 2)
    dst = np.asarray(dst, dtype=np.float64).reshape(4, 2)
    a = np.zeros((8, 8))
    b = np.zeros(8)
    for i, ((x, y), (u, v)) in enumerate(zip(src, dst)):
        a[i] = [x, y, 1, 0, 0, 0, -x * u, -y * u]
        a[i + 4] = [0, 0, 0, x, y, 1, -x * v, -y * v]
        b[i], b[i + 4] = u, v
    try:
        solution = np.linalg.solve(a, b)
    except np.linalg.LinAlgError:
        return np.zeros((3, 3))  # OpenCV's answer for degenerate points
    return np.append(solution, 1.0).reshape(3, 3)


def invert(src: Any, dst: Any = None, flags: int = DECOMP_LU) -> tuple[float, np.ndarray]:
    matrix = np.asarray(src, dtype=np.float64)
    try:
        return 1.0, np.linalg.inv(matrix).astype(np.asarray(src).dtype)
    except np.linalg.LinAlgError:
        return 0.0, np.zeros_like(matrix)


def warpPerspective(src: np.ndarray, M: Any, dsize: Any, dst: Any = None, flags: int = INTER_LINEAR,  # noqa: N802,N803
                    borderMode: int = BORDER_CONSTANT, borderValue: Any = 0) -> np.ndarray:  # noqa: N803
    """Warp ``src`` by the homography ``M`` into a (width, height) = ``dsize`` image."""
    src = np.asarray(src)
    matrix = np.asarray(M, dtype=np.float64)
    if not flags & WARP_INVERSE_MAP:
        ok, matrix = invert(matrix)
        if not ok:
            matrix = np.zeros((3, 3))
    interpolation = flags & ~WARP_INVERSE_MAP
    width, height = int(dsize[0]), int(dsize[1])
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float64)
    w = matrix[2, 0] * xs + matrix[2, 1] * ys + matrix[2, 2]
    w = np.where(w != 0, 1.0 / np.where(w != 0, w, 1.0), 0.0)
    sx = (matrix[0, 0] * xs + matrix[0, 1] * ys + matrix[0, 2]) * w
    sy = (matrix[1, 0] * xs + matrix[1, 1] * ys + matrix[1, 2]) * w
    return _remap(src, sx, sy, interpolation, borderMode, borderValue)


def _remap(src: np.ndarray, sx: np.ndarray, sy: np.ndarray, interpolation: int, border: int,
           border_value: Any) -> np.ndarray:
    """Sample ``src`` at (sx, sy) per output pixel (OpenCV 4.11+ interpolates at the exact
    positions; older versions rounded them to 1/32 pixel). This runs once per text line of a
    page, so the taps are gathered by flat index from just the part of the image they touch
    (it stays in the CPU's cache), and once for all channels when they are equal (a grey page
    given as BGR, as RapidOCR gives every image)."""
    height, width = src.shape[:2]
    if interpolation == INTER_NEAREST:
        ix, iy = np.rint(sx).astype(np.int64), np.rint(sy).astype(np.int64)
        taps_x, taps_y = [(0, None)], [(0, None)]
    else:
        ix, iy = np.floor(sx).astype(np.int64), np.floor(sy).astype(np.int64)
        fx, fy = sx - ix, sy - iy
        if interpolation == INTER_LINEAR:
            taps_x = [(0, (1 - fx).astype(np.float32)), (1, fx.astype(np.float32))]
            taps_y = [(0, (1 - fy).astype(np.float32)), (1, fy.astype(np.float32))]
        elif interpolation == INTER_CUBIC:
            wx, wy = _cubic_weights(fx.astype(np.float32)), _cubic_weights(fy.astype(np.float32))
            taps_x = [(k - 1, wx[..., k]) for k in range(4)]
            taps_y = [(k - 1, wy[..., k]) for k in range(4)]
        else:
            raise error(f"warp interpolation {interpolation} is not available in docvec's OCR")
    if border not in (BORDER_CONSTANT, BORDER_REPLICATE):
        raise error(f"warp border mode {border} is not available in docvec's OCR")
    rows = [(np.clip(iy + dy, 0, height - 1), (iy + dy < 0) | (iy + dy >= height), w) for dy, w in taps_y]
    columns = [(np.clip(ix + dx, 0, width - 1), (ix + dx < 0) | (ix + dx >= width), w) for dx, w in taps_x]
    top, bottom = min(int(r.min()) for r, _, _ in rows), max(int(r.max()) for r, _, _ in rows)
    left, right = min(int(c.min()) for c, _, _ in columns), max(int(c.max()) for c, _, _ in columns)
    region = src[top:bottom + 1, left:right + 1]
    channels = src.shape[2] if src.ndim == 3 else 0
    uniform_fill = border == BORDER_REPLICATE or len(set(np.ravel(border_value if border_value is not None
                                                                   else 0).tolist()[:3])) <= 1
    grey = channels == 3 and uniform_fill and bool((region[..., 0] == region[..., 1]).all()
                                                   and (region[..., 1] == region[..., 2]).all())
    flat = np.ascontiguousarray(region[..., 0] if grey else region).reshape((bottom - top + 1) * (right - left + 1), -1)
    fill = np.broadcast_to(np.asarray(border_value if border_value is not None else 0, dtype=np.float32).ravel()
                           [:flat.shape[1]], (flat.shape[1],))
    stride = right - left + 1
    out = np.zeros(sx.shape + (flat.shape[1],), dtype=np.float32)
    for row, row_outside, wy_tap in rows:
        base = (row - top) * stride - left
        across = np.zeros_like(out)
        for column, column_outside, wx_tap in columns:
            values = flat[base + column].astype(np.float32)
            if border == BORDER_CONSTANT:
                values[row_outside | column_outside] = fill
            across += values if wx_tap is None else values * wx_tap[..., None]
        out += across if wy_tap is None else across * wy_tap[..., None]
    if grey:
        out = np.repeat(out, 3, axis=-1)
    return _saturate(out if channels else out[..., 0], src.dtype)


def fillPoly(img: np.ndarray, pts: Any, color: Any, lineType: int = 8, shift: int = 0,  # noqa: N802,N803
             offset: Any = None) -> np.ndarray:
    """Fill each polygon in ``pts`` with ``color``, in place, as OpenCV does: its 8-connected
    edge lines plus, row by row, the pixels between its edges (even-odd rule, 16-bit fixed point)."""
    height, width = img.shape[:2]
    polygons = [np.asarray(p).reshape(-1, 2) for p in pts] if isinstance(pts, (list, tuple)) else \
        list(np.asarray(pts).reshape(-1, np.asarray(pts).shape[-2], 2))
    mask = np.zeros((height, width), dtype=bool)
    edges = []
    for polygon in polygons:
        corners = [(int(x), int(y)) for x, y in np.asarray(polygon, dtype=np.int64)]
        for start, end in zip(corners[-1:] + corners[:-1], corners):
            _draw_line(mask, start, end)
            if start[1] == end[1]:
                continue
            # OpenCV takes the slope of an edge that leaves the image from the edge as clipped
            # to it (integer cut points; the cut rows only if they differ), and the start from
            # there along that slope.
            slope_from = (start, end)
            if not (0 <= start[0] < width and 0 <= start[1] < height and 0 <= end[0] < width and 0 <= end[1] < height):
                _, cut_start, cut_end = _clip_line(width, height, start, end)
                if cut_start[1] != cut_end[1]:
                    slope_from = (cut_start, cut_end)
                else:
                    slope_from = ((cut_start[0], start[1]), (cut_end[0], end[1]))
            (ax, ay), (bx, by) = slope_from
            slope = _truncated_division((bx - ax) << 16, by - ay)
            top = start if start[1] < end[1] else end
            anchor = slope_from[0] if start[1] < end[1] else slope_from[1]
            edges.append((top[1], max(start[1], end[1]), (anchor[0] << 16) + (top[1] - anchor[1]) * slope, slope))
    _fill_between(mask, edges)
    value = np.asarray(color, dtype=np.float64).ravel()
    img[mask] = _saturate(value[:img.shape[2]] if img.ndim == 3 else value[0], img.dtype)
    return img


def _truncated_division(a: int, b: int) -> int:
    """C's integer division (towards zero), which OpenCV's slopes use."""
    quotient = abs(a) // abs(b)
    return quotient if (a >= 0) == (b > 0) else -quotient


def _fill_between(mask: np.ndarray, edges: list) -> None:
    """Scanline fill over edges (top row, bottom row, x at the top in 16-bit fixed point, slope):
    on row y each edge with top <= y < bottom crosses at x; pixels from ceil(x) of one crossing
    to floor(x) of the next, pairs taken left to right."""
    height, width = mask.shape
    if len(edges) < 2:
        return
    y0, y1, x0, slope = (np.array(column, dtype=np.int64) for column in zip(*edges))
    top, bottom = max(int(y0.min()), 0), min(int(y1.max()), height)
    if top >= bottom:
        return
    rows = np.arange(top, bottom, dtype=np.int64)[:, None]
    crossing = (rows >= y0) & (rows < y1)
    never = np.iinfo(np.int64).max
    fixed = np.where(crossing, x0 + (rows - y0) * slope, never)
    fixed.sort(axis=1)
    for pair in range(0, fixed.shape[1] - 1, 2):
        left, right = fixed[:, pair], fixed[:, pair + 1]
        valid = right != never
        starts = np.maximum((left[valid] + 65535) >> 16, 0)
        ends = np.minimum(right[valid] >> 16, width - 1)
        for row, a, b in zip(rows[valid, 0].tolist(), starts.tolist(), ends.tolist()):
            if a <= b:
                mask[row, a:b + 1] = True


def _draw_line(mask: np.ndarray, start: Sequence[int], end: Sequence[int]) -> None:
    """OpenCV's 8-connected line: clipped to the image as cv2.clipLine does (integer cut
    points), then Bresenham from the left end."""
    height, width = mask.shape
    inside, (x1, y1), (x2, y2) = _clip_line(width, height, (int(start[0]), int(start[1])), (int(end[0]), int(end[1])))
    if not inside:
        return
    if x2 < x1:
        (x1, y1), (x2, y2) = (x2, y2), (x1, y1)
    dx, dy = x2 - x1, abs(y2 - y1)
    y_step = 1 if y2 >= y1 else -1
    major, minor = max(dx, dy), min(dx, dy)
    steps = np.arange(major + 1, dtype=np.int64)
    # Bresenham's minor-axis position after k steps, in closed form (err starts at major - 2 minor).
    moved = (2 * minor * steps + major - 1) // (2 * major) if major else steps
    if dx >= dy:
        xs, ys = x1 + steps, y1 + y_step * moved
    else:
        xs, ys = x1 + moved, y1 + y_step * steps
    mask[ys, xs] = True


def _clip_line(width: int, height: int, p1: tuple[int, int], p2: tuple[int, int]
               ) -> tuple[bool, tuple[int, int], tuple[int, int]]:
    """cv2.clipLine: whether the segment meets the image, and its end points moved onto the
    image's edges (as far as OpenCV moves them also when it does not)."""
    (x1, y1), (x2, y2) = p1, p2
    right, bottom = width - 1, height - 1

    def code(x: int, y: int) -> int:
        return (x < 0) + (x > right) * 2 + (y < 0) * 4 + (y > bottom) * 8

    c1, c2 = code(x1, y1), code(x2, y2)
    if (c1 & c2) == 0 and (c1 | c2) != 0:
        if c1 & 12:
            a = 0 if c1 < 8 else bottom
            x1 += int((a - y1) * (x2 - x1) / (y2 - y1))
            y1, c1 = a, code(x1, 0) & 3
        if c2 & 12:
            a = 0 if c2 < 8 else bottom
            x2 += int((a - y2) * (x2 - x1) / (y2 - y1))
            y2, c2 = a, code(x2, 0) & 3
        if (c1 & c2) == 0 and (c1 | c2) != 0:
            if c1:
                a = 0 if c1 == 1 else right
                y1 += int((a - x1) * (y2 - y1) / (x2 - x1))
                x1, c1 = a, 0
            if c2:
                a = 0 if c2 == 1 else right
                y2 += int((a - x2) * (y2 - y1) / (x2 - x1))
                x2, c2 = a, 0
    return not (c1 | c2), (x1, y1), (x2, y2)


def _hull(points: Any) -> np.ndarray:
    """Convex hull (Andrew's monotone chain) of (n, 2) points, counter-clockwise, no repeats.
    Plain Python on tuples: the hulls here have tens of points, where numpy's per-call cost
    would dominate."""
    pts = sorted(set(map(tuple, np.asarray(points, dtype=np.float64).reshape(-1, 2).tolist())))
    if len(pts) <= 2:
        return np.array(pts, dtype=np.float64).reshape(-1, 2)

    def half(sequence: list) -> list:
        chain: list = []
        for px, py in sequence:
            while len(chain) >= 2:
                (ax, ay), (bx, by) = chain[-2], chain[-1]
                if (bx - ax) * (py - ay) - (by - ay) * (px - ax) > 0:
                    break
                chain.pop()
            chain.append((px, py))
        return chain

    lower, upper = half(pts), half(pts[::-1])
    return np.array(lower[:-1] + upper[:-1], dtype=np.float64)


def minAreaRect(points: Any) -> tuple[tuple[float, float], tuple[float, float], float]:  # noqa: N802
    """The smallest rectangle around ``points`` by rotating calipers over their convex hull:
    ((centre x, y), (width, height), angle in degrees), in OpenCV's convention (angle in
    (0, 90], width along the angle)."""
    hull = _hull(points)
    if len(hull) == 0:
        raise error("minAreaRect of no points")
    if len(hull) == 1:
        return (float(hull[0][0]), float(hull[0][1])), (0.0, 0.0), 0.0
    edges = np.roll(hull, -1, axis=0) - hull
    lengths = np.hypot(edges[:, 0], edges[:, 1])
    keep = lengths > 0
    units = edges[keep] / lengths[keep, None]
    # Every hull point projected on every edge direction and its normal.
    along = hull @ units.T
    across = hull @ np.stack([-units[:, 1], units[:, 0]], axis=1).T
    spans_u = along.max(axis=0) - along.min(axis=0)
    spans_v = across.max(axis=0) - across.min(axis=0)
    best = int(np.argmin(spans_u * spans_v))
    u = units[best]
    v = np.array([-u[1], u[0]])
    mid_u = (along[:, best].max() + along[:, best].min()) / 2
    mid_v = (across[:, best].max() + across[:, best].min()) / 2
    centre = mid_u * u + mid_v * v
    size = (float(spans_u[best]), float(spans_v[best]))
    angle = math.degrees(math.atan2(u[1], u[0])) % 180.0
    if angle >= 90.0:  # the same rectangle seen from its other side: width along angle - 90
        angle -= 90.0
        size = (size[1], size[0])
    if angle <= 1e-9:  # OpenCV reports axis-aligned rectangles at 90 degrees
        angle = 90.0
        size = (size[1], size[0])
    return (float(centre[0]), float(centre[1])), size, float(angle)


def boxPoints(box: Any) -> np.ndarray:  # noqa: N802
    """The four corners of a minAreaRect rectangle, in OpenCV's order."""
    (cx, cy), (width, height), angle = box
    rad = math.radians(angle)
    b, a = math.cos(rad) * 0.5, math.sin(rad) * 0.5
    p0 = (cx - a * height - b * width, cy + b * height - a * width)
    p1 = (cx + a * height - b * width, cy - b * height - a * width)
    p2 = (2 * cx - p0[0], 2 * cy - p0[1])
    p3 = (2 * cx - p1[0], 2 * cy - p1[1])
    return np.array([p0, p1, p2, p3], dtype=np.float32)


# -- regions of a binary map ----------------------------------------------------------------
def _runs(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, first column, last column) of every horizontal run of True, row by row."""
    height, width = mask.shape
    padded = np.zeros((height, width + 2), dtype=np.int8)
    padded[:, 1:-1] = mask
    # Starts and ends alternate along each row, so one scan of the changes finds both.
    changes = np.flatnonzero(np.diff(padded, axis=1))
    rows, columns = np.divmod(changes, width + 1)
    return rows[0::2], columns[0::2], columns[1::2] - 1


def _components(rows: np.ndarray, starts: np.ndarray, ends: np.ndarray, diagonal: bool) -> np.ndarray:
    """Component label of every run: runs in neighbouring rows that touch (also corner to corner
    when ``diagonal``) are one component. Union-find over the runs."""
    count = len(rows)
    parent = list(range(count))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    reach = 1 if diagonal else 0
    row_first = np.searchsorted(rows, np.arange(rows[-1] + 2) if count else np.arange(1))
    starts_l, ends_l = starts.tolist(), ends.tolist()
    for row in range(int(rows[-1]) if count else 0):
        a, a_end = int(row_first[row]), int(row_first[row + 1])
        b, b_end = a_end, int(row_first[row + 2])
        # Two pointers over two sorted lists of runs: each pair that overlaps is joined.
        while a < a_end and b < b_end:
            if starts_l[b] <= ends_l[a] + reach and starts_l[a] <= ends_l[b] + reach:
                ra, rb = find(a), find(b)
                if ra != rb:
                    parent[max(ra, rb)] = min(ra, rb)
            if ends_l[a] < ends_l[b]:
                a += 1
            else:
                b += 1
    # Every run straight to its root (pointer jumping in numpy rather than find() per run).
    roots = np.array(parent, dtype=np.int64)
    while True:
        jumped = roots[roots]
        if np.array_equal(jumped, roots):
            return roots
        roots = jumped


def _hull_per_component(labels: np.ndarray, xs: np.ndarray, ys: np.ndarray) -> dict[int, np.ndarray]:
    order = np.argsort(labels, kind="stable")
    labels, xs, ys = labels[order], xs[order], ys[order]
    bounds = np.flatnonzero(np.diff(labels)) + 1
    hulls = {}
    for group_x, group_y, label in zip(np.split(xs, bounds), np.split(ys, bounds), labels[np.r_[0, bounds]]):
        hulls[int(label)] = _hull(np.stack([group_x, group_y], axis=1))
    return hulls


def findContours(image: np.ndarray, mode: int, method: int, contours: Any = None,  # noqa: N802
                 hierarchy: Any = None, offset: Any = None) -> tuple[tuple[np.ndarray, ...], np.ndarray]:
    """The regions of non-zero pixels (8-connected) and, with RETR_LIST, the holes in them
    (4-connected zero pixels not touching the edge), each as the convex hull of its border
    (``(n, 1, 2)`` int32 points): the minimum-area rectangle of the hull is that of OpenCV's
    traced border. Regions come out bottom first, as OpenCV lists them."""
    mask = np.asarray(image) != 0
    height, width = mask.shape
    found: list[tuple[tuple[int, int], np.ndarray]] = []
    rows, starts, ends = _runs(mask)
    if len(rows):
        labels = _components(rows, starts, ends, diagonal=True)
        # The hull of a region is the hull of its runs' end pixels.
        hulls = _hull_per_component(np.r_[labels, labels], np.r_[starts, ends], np.r_[rows, rows])
        first = {}
        for index in range(len(rows) - 1, -1, -1):
            first[int(labels[index])] = (int(rows[index]), int(starts[index]))
        found += [(first[label], hull) for label, hull in hulls.items()]
    if mode != RETR_EXTERNAL and len(rows) and _has_holes(mask, len(set(labels.tolist()))):
        found += _holes(~mask, height, width)
    found.sort(key=lambda item: item[0], reverse=True)
    out = tuple(np.rint(hull).astype(np.int32).reshape(-1, 1, 2) for _, hull in found)
    links = np.full((1, len(out), 4), -1, dtype=np.int32)
    return out, links


def _has_holes(mask: np.ndarray, regions: int) -> bool:
    """Whether the 8-connected regions of ``mask`` enclose any hole: their Euler number (regions
    minus holes) from the counts of 2x2 pixel patterns (Gray, 1971), cheaper than labelling the
    background, which most detector maps do not need."""
    padded = np.zeros((mask.shape[0] + 2, mask.shape[1] + 2), dtype=np.uint8)
    padded[1:-1, 1:-1] = mask
    a, b, c, d = padded[:-1, :-1], padded[:-1, 1:], padded[1:, :-1], padded[1:, 1:]
    ones = a.astype(np.int8) + b + c + d
    diagonal = np.count_nonzero((ones == 2) & (a == d))
    euler = (np.count_nonzero(ones == 1) - np.count_nonzero(ones == 3) - 2 * diagonal) // 4
    return regions - euler > 0


def _holes(background: np.ndarray, height: int, width: int) -> list[tuple[tuple[int, int], np.ndarray]]:
    """Holes: 4-connected background regions away from the edge. OpenCV traces a hole's border
    over the foreground pixels around it, whose hull is that of the hole's runs widened by one
    pixel each way."""
    rows, starts, ends = _runs(background)
    if not len(rows):
        return []
    labels = _components(rows, starts, ends, diagonal=False)
    touching = set(labels[(rows == 0) | (rows == height - 1) | (starts == 0) | (ends == width - 1)].tolist())
    keep = ~np.isin(labels, list(touching))
    if not keep.any():
        return []
    labels, rows, starts, ends = labels[keep], rows[keep], starts[keep], ends[keep]
    xs = np.r_[starts - 1, ends + 1, starts, ends, starts, ends]
    ys = np.r_[rows, rows, rows - 1, rows - 1, rows + 1, rows + 1]
    hulls = _hull_per_component(np.tile(labels, 6), xs, ys)
    first = {}
    for index in range(len(rows) - 1, -1, -1):
        first[int(labels[index])] = (int(rows[index]) - 1, int(starts[index]))
    return [(first[label], hull) for label, hull in hulls.items()]


# -- files ------------------------------------------------------------------------------------
def imdecode(buf: Any, flags: int) -> np.ndarray | None:
    """Decode an encoded image with Pillow: BGR (IMREAD_COLOR) or grey; None if unreadable."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(np.asarray(buf, dtype=np.uint8).tobytes())) as image:
            image = ImageOps.exif_transpose(image)
            if flags == IMREAD_GRAYSCALE:
                return np.asarray(image.convert("L")).copy()
            return np.ascontiguousarray(np.asarray(image.convert("RGB"))[:, :, ::-1])
    except (UnidentifiedImageError, OSError, ValueError):
        return None


def imread(filename: str, flags: int = IMREAD_COLOR) -> np.ndarray | None:
    try:
        with open(filename, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    return imdecode(np.frombuffer(data, dtype=np.uint8), flags)


# -- shapely's Polygon, as far as RapidOCR uses it ------------------------------------------
class Polygon:
    """A closed polygon's ``area`` (shoelace) and ``length`` (perimeter): what RapidOCR takes
    from shapely.geometry.Polygon to decide how far to grow a text box."""

    def __init__(self, shell: Any) -> None:
        self._points = np.asarray(shell, dtype=np.float64).reshape(-1, 2)

    @property
    def area(self) -> float:
        x, y = self._points[:, 0], self._points[:, 1]
        return float(abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1))) / 2)

    @property
    def length(self) -> float:
        if len(self._points) < 2:
            return 0.0
        steps = np.roll(self._points, -1, axis=0) - self._points
        return float(np.hypot(steps[:, 0], steps[:, 1]).sum())


def install() -> None:
    """Serve ``import cv2`` and ``from shapely.geometry import Polygon`` from this module, for
    RapidOCR; call before RapidOCR is imported. Replaces a real cv2 or shapely already imported:
    the OCR path then runs the same code in the tests and in the bundle."""
    this = sys.modules[__name__]
    sys.modules["cv2"] = this
    shapely = types.ModuleType("shapely", "docvec's stand-in for shapely (Polygon area and length only)")
    geometry = types.ModuleType("shapely.geometry", shapely.__doc__)
    geometry.Polygon = Polygon  # type: ignore[attr-defined]
    shapely.geometry = geometry  # type: ignore[attr-defined]
    shapely.__path__ = []  # a package, so that "shapely.geometry" resolves from sys.modules
    sys.modules["shapely"] = shapely
    sys.modules["shapely.geometry"] = geometry


def installed() -> bool:
    """Whether ``cv2`` in this process is this module."""
    return sys.modules.get("cv2") is sys.modules[__name__]
