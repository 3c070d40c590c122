"""docvec's stand-in for the OpenCV calls RapidOCR makes (core/extract/ocr_imaging.py), each
against the real OpenCV (installed in the development environment because RapidOCR's metadata
requires it; the bundle leaves it out) on generated inputs. Tolerances, where not exact:
resizing and warping within one grey level (OpenCV computes in fixed point), minimum-area
rectangles to a thousandth of a pixel (or another rectangle of the same area where two tie).
And: the whole engine reads the same lines with either; reading a page never loads the real
OpenCV (nor shapely), in a fresh process."""
from __future__ import annotations

import importlib
import importlib.machinery
import json
import math
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from docvec_gui.core.extract import ocr_imaging as ours

ROOT = Path(__file__).resolve().parent.parent


def _import_real(name: str):
    """The installed package ``name`` even where ocr_imaging.install() has replaced it."""
    package = name.partition(".")[0]
    saved = {key: module for key, module in sys.modules.items() if key == package or key.startswith(package + ".")}
    for key in saved:
        del sys.modules[key]
    try:
        return importlib.import_module(name)
    finally:
        for key in [k for k in sys.modules if k == package or k.startswith(package + ".")]:
            del sys.modules[key]
        sys.modules.update(saved)


cv2 = _import_real("cv2")
assert not ours.installed() or sys.modules["cv2"] is ours
assert hasattr(cv2, "warpPerspective") and cv2 is not ours


@pytest.fixture
def rng() -> np.random.Generator:
    return np.random.default_rng(20261129)


def blob_map(rng: np.random.Generator, height: int = 240, width: int = 320) -> np.ndarray:
    """A binary map like the text detector's: line-shaped blobs, specks, slanted bars, blobs
    that touch only corner to corner, and rings (holes)."""
    out = np.zeros((height, width), np.uint8)
    for _ in range(25):
        x, y = int(rng.integers(0, width - 10)), int(rng.integers(0, height - 6))
        out[y:y + int(rng.integers(1, 14)), x:x + int(rng.integers(1, 60))] = 1
    for _ in range(4):  # slanted bars
        x, y, length = int(rng.integers(10, width - 80)), int(rng.integers(10, height - 40)), int(rng.integers(20, 70))
        slope = float(rng.uniform(-0.5, 0.5))
        for i in range(length):
            yy = int(y + 20 + slope * i)
            out[max(yy - 3, 0):yy + 3, x + i] = 1
    out[5:9, 5:9] = 1
    out[9:12, 9:12] = 1  # touches the square above only at a corner
    out[200:230, 20:80] = 1
    out[208:220, 30:40] = 0  # a hole
    out[210:214, 33:36] = 1  # an island in the hole
    out[224:227, 60:70] = 0  # a second hole
    return out


# -- pixels ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", ["COLOR_GRAY2BGR", "COLOR_GRAY2BGRA", "COLOR_BGRA2BGR", "COLOR_RGBA2BGR",
                                  "COLOR_RGB2BGR", "COLOR_BGR2RGB", "COLOR_BGRA2RGBA", "COLOR_BGR2BGRA",
                                  "COLOR_BGR2GRAY", "COLOR_RGB2GRAY", "COLOR_BGRA2GRAY"])
def test_colour_conversions_are_exact(rng, code):
    assert getattr(ours, code) == getattr(cv2, code)
    channels = 1 if "GRAY2" in code else (4 if code.startswith(("COLOR_BGRA", "COLOR_RGBA")) else 3)
    image = rng.integers(0, 256, (37, 53, channels) if channels > 1 else (37, 53), dtype=np.uint8)
    expected = cv2.cvtColor(image, getattr(cv2, code))
    got = ours.cvtColor(image, getattr(ours, code))
    assert got.shape == expected.shape and got.dtype == expected.dtype
    assert np.array_equal(got, expected)


def test_masks_and_saturating_arithmetic_are_exact(rng):
    a = rng.integers(0, 256, (31, 29, 3), dtype=np.uint8)
    b = rng.integers(0, 256, (31, 29, 3), dtype=np.uint8)
    mask = rng.integers(0, 2, (31, 29), dtype=np.uint8) * 255
    assert np.array_equal(ours.bitwise_not(a), cv2.bitwise_not(a))
    assert np.array_equal(ours.bitwise_and(a, a, mask=mask), cv2.bitwise_and(a, a, mask=mask))
    assert np.array_equal(ours.bitwise_and(a, b), cv2.bitwise_and(a, b))
    assert np.array_equal(ours.add(a, b), cv2.add(a, b))  # 200 + 100 is 255, not 44


def test_mean_with_and_without_mask(rng):
    grey = rng.random((40, 60)).astype(np.float32)
    colour = rng.integers(0, 256, (40, 60, 3), dtype=np.uint8)
    mask = (rng.random((40, 60)) > 0.6).astype(np.uint8)
    for image in (grey, colour):
        assert np.allclose(ours.mean(image, mask), cv2.mean(image, mask), atol=1e-6)
        assert np.allclose(ours.mean(image), cv2.mean(image), atol=1e-6)
    assert ours.mean(grey, np.zeros_like(mask)) == cv2.mean(grey, np.zeros_like(mask)) == (0.0, 0.0, 0.0, 0.0)


@pytest.mark.parametrize("code", ["ROTATE_90_CLOCKWISE", "ROTATE_180", "ROTATE_90_COUNTERCLOCKWISE"])
def test_rotations_are_exact(rng, code):
    image = rng.integers(0, 256, (17, 41, 3), dtype=np.uint8)
    assert getattr(ours, code) == getattr(cv2, code)
    assert np.array_equal(ours.rotate(image, getattr(ours, code)), cv2.rotate(image, getattr(cv2, code)))


def test_borders_are_exact(rng):
    image = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    expected = cv2.copyMakeBorder(image, 7, 3, 0, 5, cv2.BORDER_CONSTANT, value=(0, 0, 0))
    assert np.array_equal(ours.copyMakeBorder(image, 7, 3, 0, 5, ours.BORDER_CONSTANT, value=(0, 0, 0)), expected)
    expected = cv2.copyMakeBorder(image, 2, 4, 6, 1, cv2.BORDER_CONSTANT, value=(10, 20, 30))
    assert np.array_equal(ours.copyMakeBorder(image, 2, 4, 6, 1, ours.BORDER_CONSTANT, value=(10, 20, 30)), expected)
    expected = cv2.copyMakeBorder(image, 2, 4, 6, 1, cv2.BORDER_REPLICATE)
    assert np.array_equal(ours.copyMakeBorder(image, 2, 4, 6, 1, ours.BORDER_REPLICATE), expected)


def test_dilation_is_exact(rng):
    mask = blob_map(rng)
    for kernel in (np.array([[1, 1], [1, 1]]), np.ones((3, 3), np.uint8), np.array([[0, 1, 0], [1, 1, 1], [0, 1, 0]],
                                                                                     np.uint8)):
        assert np.array_equal(ours.dilate(mask, kernel), cv2.dilate(mask, kernel))
    grey = rng.integers(0, 256, (30, 40), dtype=np.uint8)
    assert np.array_equal(ours.dilate(grey, np.ones((2, 2), np.uint8)), cv2.dilate(grey, np.ones((2, 2), np.uint8)))


# -- resampling ------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [(192, 48), (37, 25), (320, 64), (91, 57), (1, 1)])
def test_resize_is_within_a_grey_level(rng, size):
    colour = rng.integers(0, 256, (57, 91, 3), dtype=np.uint8)
    smooth = cv2.resize(rng.integers(0, 256, (8, 12), dtype=np.uint8), (91, 57), interpolation=cv2.INTER_CUBIC)
    grey_as_bgr = np.repeat(rng.integers(0, 256, (57, 91, 1), dtype=np.uint8), 3, axis=2)  # what RapidOCR gets
    for image in (colour, smooth, grey_as_bgr):
        for flag in ("INTER_LINEAR", "INTER_CUBIC"):
            expected = cv2.resize(image, size, interpolation=getattr(cv2, flag))
            got = ours.resize(image, size, interpolation=getattr(ours, flag))
            assert got.shape == expected.shape and got.dtype == np.uint8
            assert np.abs(got.astype(int) - expected).max() <= 1, flag
    floats = rng.random((40, 30)).astype(np.float32)
    assert np.allclose(ours.resize(floats, (64, 48)), cv2.resize(floats, (64, 48)), atol=1e-5)


def _apply(matrix: np.ndarray, points: np.ndarray) -> np.ndarray:
    mapped = np.c_[points, np.ones(len(points))] @ np.asarray(matrix, np.float64).T
    return mapped[:, :2] / mapped[:, 2:]


def test_perspective_transform_and_its_inverse(rng):
    for index in range(40):
        dst = np.array([[0, 0], [300, 0], [300, 40], [0, 40]], np.float32)
        if index % 2:  # any four points
            src = rng.uniform(0, 500, (4, 2)).astype(np.float32)
        else:  # a detected text line: a slanted, slightly uneven box
            src = (dst @ np.array([[1, 0.1], [-0.05, 1]]) + rng.uniform(0, 400, 2) + rng.normal(0, 1, (4, 2)))
            src = src.astype(np.float32)
            assert np.allclose(ours.getPerspectiveTransform(src, dst), cv2.getPerspectiveTransform(src, dst),
                               rtol=1e-6, atol=1e-9)
        got = ours.getPerspectiveTransform(src, dst)
        assert np.allclose(_apply(got, src), dst, atol=1e-6)
        assert np.allclose(_apply(got, src), _apply(cv2.getPerspectiveTransform(src, dst), src), atol=1e-3)
        assert np.allclose(_apply(ours.invert(got)[1], dst), src, atol=1e-4)
    assert ours.invert(np.zeros((3, 3)))[0] == cv2.invert(np.zeros((3, 3)))[0] == 0.0


def test_cropping_a_slanted_line_is_within_a_grey_level(rng):
    """What RapidOCR does with every detected box: a perspective warp, bicubic, edges replicated."""
    page = cv2.resize(rng.integers(0, 256, (30, 40, 3), dtype=np.uint8), (400, 300), interpolation=cv2.INTER_CUBIC)
    noise = rng.integers(0, 256, (300, 400, 3), dtype=np.uint8)
    grey_as_bgr = np.repeat(noise[:, :, :1], 3, axis=2)
    for _ in range(10):
        corner = rng.uniform(-10, 350, 2)
        width, height, slope = rng.uniform(40, 200), rng.uniform(10, 40), rng.uniform(-0.2, 0.2)
        box = np.array([corner, corner + [width, width * slope], corner + [width, width * slope + height],
                        corner + [0, height]], np.float32)
        target = np.array([[0, 0], [int(width), 0], [int(width), int(height)], [0, int(height)]], np.float32)
        matrix = cv2.getPerspectiveTransform(box, target)
        for image in (page, noise, grey_as_bgr):
            for flag, border, value in (("INTER_CUBIC", "BORDER_REPLICATE", 0), ("INTER_LINEAR", "BORDER_CONSTANT", 0),
                                        ("INTER_CUBIC", "BORDER_CONSTANT", (10, 200, 30))):
                expected = cv2.warpPerspective(image, matrix, (int(width), int(height)), flags=getattr(cv2, flag),
                                               borderMode=getattr(cv2, border), borderValue=value)
                got = ours.warpPerspective(image, matrix, (int(width), int(height)), flags=getattr(ours, flag),
                                           borderMode=getattr(ours, border), borderValue=value)
                assert got.shape == expected.shape
                difference = np.abs(got.astype(int) - expected)
                assert difference.max() <= 1 and (difference > 0).mean() < 0.01, (flag, border)


# -- geometry of the detector's output -------------------------------------------------------------
def _corners(rect) -> np.ndarray:
    return np.array(sorted(map(tuple, np.round(cv2.boxPoints(rect), 3).tolist())))


def test_box_points_are_opencvs(rng):
    for _ in range(50):
        rect = (tuple(rng.uniform(0, 100, 2)), tuple(rng.uniform(0, 50, 2)), float(rng.uniform(0, 90)))
        assert np.allclose(ours.boxPoints(rect), cv2.boxPoints(rect), atol=1e-4)


def _encloses(rect, points: np.ndarray) -> bool:
    """Whether every point lies in the rectangle (to a thousandth of a pixel)."""
    (cx, cy), (width, height), angle = rect
    u = np.array([math.cos(math.radians(angle)), math.sin(math.radians(angle))])
    v = np.array([-u[1], u[0]])
    offsets = points.reshape(-1, 2).astype(np.float64) - [cx, cy]
    return bool((np.abs(offsets @ u) <= width / 2 + 1e-3).all() and (np.abs(offsets @ v) <= height / 2 + 1e-3).all())


def test_minimum_area_rectangles(rng):
    clouds = [rng.uniform(0, 100, (int(rng.integers(3, 40)), 2)).astype(np.float32) for _ in range(300)]
    clouds += [rng.integers(0, 60, (int(rng.integers(3, 30)), 1, 2)).astype(np.int32) for _ in range(300)]
    clouds += [np.array([[5, 5], [30, 5], [30, 12], [5, 12]], np.int32),  # axis-aligned: 90 degrees
               np.array([[3, 4]], np.int32), np.array([[0, 0], [10, 10]], np.float32)]
    same = 0
    for points in clouds:
        expected, got = cv2.minAreaRect(points), ours.minAreaRect(points)
        assert math.isclose(expected[1][0] * expected[1][1], got[1][0] * got[1][1], rel_tol=1e-4, abs_tol=1e-3)
        assert _encloses(got, points), (points.tolist(), got)
        if np.allclose(_corners(got), _corners(expected), atol=2e-3):
            same += 1
        else:  # two rectangles of the same area (a square, or a tie between two sides of the hull)
            assert _encloses(expected, points)
    assert same >= len(clouds) * 0.97


def test_regions_match_opencvs_contours(rng):
    """The same regions (and holes) in the same order; each one's minimum-area rectangle equal."""
    for _ in range(8):
        mask = blob_map(rng)
        expected = cv2.findContours(mask * 255, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)[0]
        got = ours.findContours(mask * 255, ours.RETR_LIST, ours.CHAIN_APPROX_SIMPLE)[0]
        assert len(got) == len(expected) > 20
        for ours_contour, cv_contour in zip(got, expected):
            assert ours_contour.dtype == np.int32 and ours_contour.shape[1:] == (1, 2)
            assert np.allclose(_corners(ours.minAreaRect(ours_contour)), _corners(cv2.minAreaRect(cv_contour)),
                               atol=1e-3)
    empty = np.zeros((20, 20), np.uint8)
    assert len(ours.findContours(empty, ours.RETR_LIST, ours.CHAIN_APPROX_SIMPLE)[0]) == 0
    full = np.ones((20, 20), np.uint8)
    assert len(ours.findContours(full, ours.RETR_LIST, ours.CHAIN_APPROX_SIMPLE)[0]) == 1


def test_box_fill_and_score_as_the_detector_computes_them(rng):
    """RapidOCR's box score: the mean of the probability map inside the filled box, whose
    corners may lie outside the map (boxes at the page's edge)."""
    probability = cv2.resize(rng.random((12, 12)).astype(np.float32), (64, 64), interpolation=cv2.INTER_CUBIC)
    for _ in range(300):
        points = rng.uniform(-8, 72, (int(rng.integers(3, 8)), 2)).astype(np.float32)
        box = cv2.boxPoints(cv2.minAreaRect(points)).astype(np.int32).reshape(1, -1, 2)
        expected, got = np.zeros((64, 64), np.uint8), np.zeros((64, 64), np.uint8)
        cv2.fillPoly(expected, box, 1)
        ours.fillPoly(got, box, 1)
        assert np.array_equal(got, expected), box.tolist()
        assert np.allclose(ours.mean(probability, got), cv2.mean(probability, expected), rtol=1e-12)
    # Any polygon, crossing itself and the edges (the even-odd rule).
    for _ in range(200):
        polygon = rng.integers(-10, 74, (int(rng.integers(3, 7)), 2)).astype(np.int32)
        expected, got = np.zeros((64, 64, 3), np.uint8), np.zeros((64, 64, 3), np.uint8)
        cv2.fillPoly(expected, [polygon], (1, 2, 3))
        ours.fillPoly(got, [polygon], (1, 2, 3))
        assert np.array_equal(got, expected), polygon.tolist()


def test_polygon_area_and_perimeter_as_shapely():
    shapely_geometry = _import_real("shapely.geometry")
    for points in ([[0, 0], [4, 0], [4, 3], [0, 3]], [[1.5, 2], [9, 4.25], [7, 11], [0, 8]], [[0, 0], [5, 5]]):
        real, stand_in = shapely_geometry.Polygon(points) if len(points) > 2 else None, ours.Polygon(points)
        if real is not None:
            assert math.isclose(stand_in.area, real.area) and math.isclose(stand_in.length, real.length)
    assert ours.Polygon([[0, 0], [5, 5]]).area == 0.0


def test_decoding_and_the_calls_left_out(rng, tmp_path):
    from PIL import Image

    image = rng.integers(0, 256, (20, 30, 3), dtype=np.uint8)
    Image.fromarray(image).save(tmp_path / "a.png")
    data = np.frombuffer((tmp_path / "a.png").read_bytes(), np.uint8)
    assert np.array_equal(ours.imdecode(data, ours.IMREAD_COLOR), cv2.imdecode(data, cv2.IMREAD_COLOR))
    assert ours.imdecode(np.frombuffer(b"not an image", np.uint8), ours.IMREAD_COLOR) is None
    with pytest.raises(ours.error, match="putText is not available"):
        ours.putText(image, "x", (0, 0), ours.FONT_HERSHEY_SIMPLEX, 1, (0, 0, 0))
    with pytest.raises(ours.error, match="imwrite"):
        ours.imwrite(str(tmp_path / "b.png"), image)
    with pytest.raises(AttributeError, match="docvec"):
        ours.SIFT_create  # noqa: B018
    with pytest.raises(ours.error):
        ours.cvtColor(image, 40)  # BGR2HSV: not needed by RapidOCR


# -- the OCR path ------------------------------------------------------------------------------------
def test_reading_a_page_never_loads_opencv_or_shapely():
    """In a fresh process (the development environment has OpenCV and shapely installed):
    after the engine reads an image, cv2 is ours and no file of the real packages was loaded."""
    script = r"""
import importlib.machinery, sys
from pathlib import Path
from PIL import Image
from docvec_gui.core.extract import ocr, ocr_imaging
page = Image.open(sys.argv[1])
text = ocr.image_text(ocr.pixels(page.crop((0, 0, page.width, 80))))
assert "quarterly" in text.lower() or "report" in text.lower(), text
assert sys.modules["cv2"] is ocr_imaging, sys.modules["cv2"]
for name in ("cv2", "shapely"):
    spec = importlib.machinery.PathFinder.find_spec(name)  # the installed package, on disk
    assert spec is not None, name + " is expected in the development environment"
    folder = str(Path(spec.origin).parent)
    loaded = [m for m in list(sys.modules.values()) if (getattr(m, "__file__", None) or "").startswith(folder)]
    assert not loaded, loaded
    if Path("/proc/self/maps").exists():
        assert folder not in Path("/proc/self/maps").read_text(), name + " native code loaded"
print("ok", sys.modules["shapely.geometry"].Polygon.__module__)
"""
    page = ROOT / "tests" / "ocr_set" / "en_sans_28.png"
    done = subprocess.run([sys.executable, "-c", script, str(page)], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip() == "ok docvec_gui.core.extract.ocr_imaging"


def _engine_output(images: list[Path], real_opencv: bool) -> list:
    """RapidOCR's boxes and lines for each image in a fresh process, run as docvec runs it (its
    parameters, its models), with OpenCV or with docvec's stand-in."""
    script = r"""
import json, sys
from PIL import Image
from docvec_gui.core.extract import ocr, ocr_imaging
if sys.argv[1] == "real":
    import cv2, shapely.geometry  # the installed packages, kept: install() becomes a no-op
    ocr_imaging.install = lambda: None
pages = []
for path in sys.argv[2:]:
    result = ocr.engine()(ocr.pixels(Image.open(path)), use_det=True, use_cls=True, use_rec=True)
    pages.append([[box.tolist(), text] for box, text in zip(result.boxes, result.txts)])
print(json.dumps(pages))
print(type(sys.modules["cv2"].resize).__name__)
"""
    done = subprocess.run([sys.executable, "-c", script, "real" if real_opencv else "ours", *map(str, images)],
                          cwd=ROOT, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, done.stderr[-3000:]
    pages, kind = done.stdout.strip().splitlines()[-2:]
    assert (kind == "builtin_function_or_method") == real_opencv  # each run used the cv2 it should
    return json.loads(pages)


@pytest.mark.slow
def test_the_engine_reads_the_same_with_opencv_and_without():
    """The whole pipeline (detection map -> regions -> boxes -> crops -> lines) on a skewed
    English page and a noisy Chinese one: the same lines, boxes within a pixel."""
    pages = [ROOT / "tests" / "ocr_set" / name for name in ("en_mono_22_skew.png", "zh_hei_24_noise.png")]
    with_opencv, without = _engine_output(pages, True), _engine_output(pages, False)
    for ours_page, opencv_page in zip(without, with_opencv, strict=True):
        assert [text for _, text in ours_page] == [text for _, text in opencv_page] and len(ours_page) >= 3
        for (box, _), (expected, _) in zip(ours_page, opencv_page):
            assert np.abs(np.array(box) - np.array(expected)).max() <= 1.0, (box, expected)
