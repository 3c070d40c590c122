"""The screenshot suite (issue 11): the real window under a real X server (Xvfb), over a real
service and a small real library, in its main states, light and dark, English and Chinese,
at 100% and 200% (1280x800 logical). PNGs in test-artifacts/screenshots/; every problem names
its variant, state and widget. Driver: build_scripts/screenshots.py.

By default four variants, which cover every pair of (theme, language, scale) values;
DOCVEC_SCREENSHOTS=all runs all eight.
"""
from __future__ import annotations

import importlib.util
import os
import sys

import pytest

from conftest import ARTIFACTS, REPO, require

pytestmark = [pytest.mark.slow, pytest.mark.screenshots,
              pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Xvfb is Linux's X server")]
OUT = ARTIFACTS / "screenshots"


def _driver():
    spec = importlib.util.spec_from_file_location("docvec_screenshots", REPO / "build_scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


DRIVER = _driver()


def _variants() -> list:
    if os.environ.get("DOCVEC_SCREENSHOTS") == "all":
        return DRIVER.variants()
    V = DRIVER.Variant
    # A covering array of strength 2: every (theme, language), (theme, scale) and
    # (language, scale) pair appears once.
    return [V("light", "en", 1.0), V("dark", "zh_CN", 1.0), V("light", "zh_CN", 2.0), V("dark", "en", 2.0)]


@pytest.fixture(scope="module")
def suite() -> dict:
    require(DRIVER.MODEL / "model.onnx", "embedding model")
    require(DRIVER.DOCS, "test documents")
    for tool in ("Xvfb", "xprop"):
        assert DRIVER.shutil.which(tool), f"{tool} is not installed (Debian: xvfb, x11-utils)"
    for old in OUT.glob("*.png"):
        old.unlink()
    return DRIVER.run_all(OUT, _variants())


def test_every_variant_ran(suite):
    errors = {name: report["error"] for name, report in suite.items() if report.get("error")}
    assert not errors, errors
    assert set(suite) == {v.name for v in _variants()}


def test_every_state_is_shot_at_its_size(suite):
    from PySide6.QtGui import QImage

    missing = []
    for variant in _variants():
        shots = suite.get(variant.name, {}).get("shots", [])
        for state in DRIVER.STATES:
            path = OUT / f"{state}-{variant.name}.png"
            if str(path) not in shots or not path.exists():
                missing.append(f"{variant.name} / {state}: no screenshot")
                continue
            if state == "settings":
                continue  # a dialog at its own size
            size = QImage(str(path)).size()
            want = (round(DRIVER.WINDOW_SIZE[0] * variant.scale), round(DRIVER.WINDOW_SIZE[1] * variant.scale))
            if (size.width(), size.height()) != want:
                missing.append(f"{variant.name} / {state}: {size.width()}x{size.height()}, not {want}")
    assert not missing, "\n".join(missing)


def test_no_clipped_text_and_no_overlap(suite):
    problems = [p for report in suite.values() for p in report.get("problems", [])
                if "-missing: " not in p]
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_processing_shows_its_stage(suite):
    """Defect: progress stayed at 0% for minutes while a big PDF was read."""
    problems = [p for report in suite.values() for p in report.get("problems", [])
                if "processing-stage-missing" in p]
    assert not problems, "\n".join(problems)


def test_window_class_is_docvec(suite):
    """Defect: no window icon and WM_CLASS "__main__.py"."""
    for name, report in suite.items():
        assert report.get("wm_class", "").endswith('"docvec", "docvec"'), (name, report.get("wm_class"))


def test_empty_library_shows_the_empty_state(suite):
    """An empty library teaches (drop here, watch a folder, try a search) instead of an empty table."""
    problems = [p for report in suite.values() for p in report.get("problems", []) if "empty-state-missing" in p]
    assert not problems, "\n".join(problems)


def test_status_columns_visible_without_scrolling(suite):
    """Defect: every column but Name was 100 px and the Error column was off-screen even maximised."""
    problems = [p for report in suite.values() for p in report.get("problems", []) if "-columns-missing" in p]
    assert not problems, "\n".join(problems)
