"""The look (issue 11): themes and their contrast, the bundled icons, the app icon, the empty state."""
from __future__ import annotations

import os
import re
import struct
import subprocess
import sys

import pytest

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QIcon, QImage, QPalette

from conftest import REPO
from docvec_gui.ui import icons, theme
from docvec_gui.ui.empty_state import EmptyState

LUCIDE = REPO / "resources" / "icons" / "lucide"
# (text role, background role, minimum): body text AA is 4.5:1.
TEXT_PAIRS = [
    (QPalette.Text, QPalette.Base, 4.5), (QPalette.Text, QPalette.AlternateBase, 4.5),
    (QPalette.WindowText, QPalette.Window, 4.5), (QPalette.ButtonText, QPalette.Button, 4.5),
    (QPalette.HighlightedText, QPalette.Highlight, 4.5), (QPalette.ToolTipText, QPalette.ToolTipBase, 4.5),
    (QPalette.PlaceholderText, QPalette.Base, 4.5), (QPalette.Link, QPalette.Base, 4.5),
    (QPalette.LinkVisited, QPalette.Base, 4.5), (QPalette.Text, QPalette.Window, 4.5),
]


@pytest.fixture()
def restore_theme(qapp):
    """Each test leaves the application as Qt's default look (other UI tests expect it)."""
    sheet = qapp.styleSheet()
    qapp.setStyleSheet("")
    palette, style = qapp.palette(), qapp.style().name()
    qapp.setStyleSheet(sheet)
    yield qapp
    qapp.setStyleSheet("")
    if style:
        qapp.setStyle(style)
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setProperty("docvecScheme", None)
    qapp.setProperty("docvecThemePinned", None)


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_palette_text_contrast_passes_wcag_aa(scheme):
    palette = theme.palette_for(scheme)
    failures = []
    for fg, bg, minimum in TEXT_PAIRS:
        ratio = theme.contrast_ratio(palette.color(QPalette.Active, fg), palette.color(QPalette.Active, bg))
        if ratio < minimum:
            failures.append(f"{fg.name} on {bg.name}: {ratio:.2f} < {minimum}")
    assert not failures, f"{scheme}: " + "; ".join(failures)


@pytest.mark.parametrize("scheme", theme.SCHEMES)
def test_status_chips_and_icons_are_readable(scheme):
    base = theme.palette_for(scheme).color(QPalette.Base)
    for status in ("pending", "processing", "completed", "error"):
        bg, fg = theme.status_chip_colors(status, scheme)
        assert theme.contrast_ratio(fg, bg) >= 4.5, (scheme, status, fg.name(), bg.name())
        # Status icons are graphics: WCAG 1.4.11 asks 3:1 against what they sit on.
        assert theme.contrast_ratio(theme.status_icon_color(status, scheme), base) >= 3.0, (scheme, status)


def test_contrast_ratio_matches_wcag_reference_values():
    assert theme.contrast_ratio(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert theme.contrast_ratio(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert theme.contrast_ratio(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def test_light_and_dark_palettes_really_differ():
    light, dark = theme.palette_for("light"), theme.palette_for("dark")
    assert theme.relative_luminance(light.color(QPalette.Window)) > 0.8
    assert theme.relative_luminance(dark.color(QPalette.Window)) < 0.05
    assert light.color(QPalette.Disabled, QPalette.Text) != light.color(QPalette.Active, QPalette.Text)


def test_apply_theme_honours_env_then_argument(restore_theme, monkeypatch):
    app = restore_theme
    monkeypatch.setenv("DOCVEC_THEME", "dark")
    assert theme.apply_theme(app) == "dark"
    assert app.palette().color(QPalette.Window) == QColor("#202124")
    sheet = app.styleSheet()
    assert 'QLabel[chip="error"]' in sheet
    app.setStyleSheet("")  # the style under the stylesheet's wrapper
    assert app.style().name().lower() == "fusion"
    app.setStyleSheet(sheet)
    assert theme.current_scheme() == "dark"
    assert theme.apply_theme(app, "light") == "light"  # an explicit scheme wins over the env
    assert app.palette().color(QPalette.Window) == QColor("#f5f6f8")
    monkeypatch.setenv("DOCVEC_THEME", "purple")  # a typo follows the system, logged
    assert theme.apply_theme(app) == theme.system_scheme()
    with pytest.raises(ValueError):
        theme.apply_theme(app, "purple")


def test_theme_follows_the_system_scheme_change_unless_pinned(restore_theme, monkeypatch):
    """The handler the colorSchemeChanged signal calls re-applies the system scheme; a
    pinned scheme stays. (The offscreen platform cannot change its scheme, so the handler is
    driven directly with the system scheme faked.)"""
    app = restore_theme
    monkeypatch.delenv("DOCVEC_THEME", raising=False)
    theme.apply_theme(app)
    assert app.property("docvecThemeFollows") is True
    monkeypatch.setattr(theme, "system_scheme", lambda: "dark")
    theme._system_changed(app)
    assert theme.current_scheme() == "dark"
    theme.apply_theme(app, "light")
    theme._system_changed(app)
    assert theme.current_scheme() == "light"


def _ink(image: QImage) -> set[str]:
    """The opaque colours of an icon render."""
    colours = set()
    for y in range(image.height()):
        for x in range(image.width()):
            pixel = image.pixelColor(x, y)
            if pixel.alpha() == 255:
                colours.add(pixel.name())
    return colours


def test_every_icon_name_has_its_bundled_svg_and_renders(qapp):
    for name, file_name in icons.ICONS.items():
        assert (LUCIDE / f"{file_name}.svg").exists(), name
        image = icons.icon(name).pixmap(QSize(24, 24)).toImage()
        assert image.size() == QSize(24, 24) and _ink(image), f"icon {name!r} renders nothing"
    for status in icons.STATUSES:
        assert not icons.status_icon(status).pixmap(16).toImage().isNull()
    with pytest.raises(KeyError):
        icons.icon("no-such-icon")
    assert (LUCIDE / "LICENSE").read_text().startswith("ISC License")


def test_bundled_svgs_are_only_the_used_ones():
    used = set(icons.ICONS.values()) | set(icons._STATUS_FILES.values())
    bundled = {p.stem for p in LUCIDE.glob("*.svg")}
    assert bundled == used, (bundled - used, used - bundled)


def test_icons_follow_the_palette_and_are_crisp_at_200_percent(restore_theme):
    app = restore_theme
    theme.apply_theme(app, "light")
    light = _ink(icons.icon("search").pixmap(QSize(24, 24)).toImage())
    assert "#1f2328" in light  # the light theme's text colour
    theme.apply_theme(app, "dark")
    dark = _ink(icons.icon("search").pixmap(QSize(24, 24)).toImage())
    assert "#e8eaed" in dark and "#1f2328" not in dark
    disabled = _ink(icons.icon("search").pixmap(QSize(24, 24), QIcon.Disabled).toImage())
    assert "#6f747b" in disabled
    assert "#f87171" in _ink(icons.status_icon("error").pixmap(QSize(24, 24)).toImage())
    hi = icons.icon("search").pixmap(QSize(24, 24), 2.0)
    assert hi.devicePixelRatio() == 2.0 and hi.size() == QSize(48, 48)  # drawn at 48 px, not scaled up


def test_app_icon_files_match_the_svg_master(qapp):
    folder = REPO / "resources" / "icons"
    assert "<svg" in (folder / "docvec.svg").read_text()
    app_icon = icons.app_icon()
    assert {s.width() for s in app_icon.availableSizes()} == set(icons.APP_ICON_SIZES)
    for size in icons.APP_ICON_SIZES:
        image = QImage(str(folder / "app" / f"docvec-{size}.png"))
        assert image.size() == QSize(size, size), size
        assert image.pixelColor(size // 2, size // 2).alpha() == 255  # not blank
        assert image.pixelColor(0, 0).alpha() == 0  # rounded, transparent corners
    ico = (folder / "docvec.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 7)
    widths = {ico[6 + 16 * i] or 256 for i in range(count)}
    assert widths == {16, 24, 32, 48, 64, 128, 256}
    icns = (folder / "docvec.icns").read_bytes()
    assert icns[:4] == b"icns" and struct.unpack(">I", icns[4:8])[0] == len(icns)
    assert b"ic09" in icns and b"ic14" in icns  # 512 px and 512@2x for Retina docks
    assert QImage(str(folder / "docvec.png")).size() == QSize(256, 256)


def test_app_icon_generator_reproduces_the_committed_files(tmp_path):
    """make_app_icon.py (Qt only) writes the same PNG sizes the repository holds."""
    script = REPO / "resources" / "icons" / "app" / "make_app_icon.py"
    code = ("import importlib.util, sys; spec = importlib.util.spec_from_file_location('m', sys.argv[1]); "
            "m = importlib.util.module_from_spec(spec); spec.loader.exec_module(m); "
            "from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]); "
            "open(sys.argv[2], 'wb').write(m.render_png(m.ICONS / 'docvec.svg', 48))")
    out = tmp_path / "48.png"
    subprocess.run([sys.executable, "-c", code, str(script), str(out)], check=True, timeout=60,
                   env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    fresh, committed = QImage(str(out)), QImage(str(REPO / "resources" / "icons" / "app" / "docvec-48.png"))
    assert fresh.size() == committed.size() == QSize(48, 48)
    differing = sum(fresh.pixelColor(x, y) != committed.pixelColor(x, y) for x in range(48) for y in range(48))
    assert differing < 48 * 48 // 50, f"{differing} pixels differ: re-run make_app_icon.py after editing docvec.svg"


def test_app_sets_window_icon_desktop_name_and_theme(qapp, monkeypatch, restore_theme):
    from docvec_gui import app as app_module

    monkeypatch.setenv("DOCVEC_THEME", "dark")
    app_module._dress(qapp)
    try:
        assert qapp.desktopFileName() == app_module.APP_ID == "docvec"
        assert not qapp.windowIcon().isNull()
        assert theme.current_scheme() == "dark"
    finally:
        qapp.setWindowIcon(QIcon())
        qapp.setDesktopFileName("")


def test_empty_state_teaches_and_emits(qtbot, restore_theme):
    theme.apply_theme(restore_theme, "light")
    empty = EmptyState()
    qtbot.addWidget(empty)
    empty.resize(700, 500)
    empty.show()
    qtbot.waitExposed(empty)
    texts = " ".join([empty.title.text()] + [label.text() for label in empty.steps])
    assert re.search(r"[Dd]rop", texts) and "Watch" in texts and "search" in texts
    for button, signal in ((empty.add_button, empty.add_files), (empty.watch_button, empty.watch_folder),
                           (empty.search_button, empty.try_search)):
        assert button.accessibleName() and not button.icon().isNull()
        with qtbot.waitSignal(signal, timeout=1000):
            qtbot.mouseClick(button, Qt.LeftButton)
    assert not empty.picture.pixmap().isNull()
    # Keyboard: the buttons are reachable in reading order.
    assert empty.add_button.nextInFocusChain() is empty.watch_button


def test_empty_state_retranslates_live(qtbot):
    from PySide6.QtCore import QCoreApplication, QTranslator

    class Chinese(QTranslator):
        def translate(self, context, source, disambiguation=None, n=-1):
            from docvec_gui.ui.empty_state import ZH_L

            return ZH_L.get(source, "") if context == "EmptyState" else ""

        def isEmpty(self):  # an "empty" translator is skipped
            return False

    empty = EmptyState()
    qtbot.addWidget(empty)
    translator = Chinese()
    QCoreApplication.installTranslator(translator)
    try:
        qtbot.waitUntil(lambda: empty.title.text() == "资料库是空的", timeout=2000)
        assert empty.add_button.text() == "添加文件…"
    finally:
        QCoreApplication.removeTranslator(translator)
    qtbot.waitUntil(lambda: empty.title.text() == "Your library is empty", timeout=2000)


def test_qtsvg_is_importable_for_the_bundle():
    """icons.py renders with QtSvg (not the iconengines plugin): the bundle must keep QtSvg."""
    import PySide6.QtSvg as qtsvg

    assert icons.QSvgRenderer is qtsvg.QSvgRenderer


# -- the screenshot suite's checks can fail (they run in tests/test_screenshots.py) -----------
def _checks():
    import importlib.util

    spec = importlib.util.spec_from_file_location("docvec_screenshots", REPO / "build_scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_clipping_checks_find_elided_header_label_placeholder_and_status(qtbot):
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QTableView, QVBoxLayout, QWidget

    shots = _checks()
    window = QMainWindow()
    qtbot.addWidget(window)
    body = QWidget()
    column = QVBoxLayout(body)
    table = QTableView()
    model = QStandardItemModel(1, 2)
    model.setHorizontalHeaderLabels(["Name", "A very long header title"])
    table.setModel(model)
    table.setColumnWidth(1, 40)
    label = QLabel("This label's text is far too long for it")
    label.setObjectName("tight")
    label.setFixedWidth(60)
    edit = QLineEdit()
    edit.setPlaceholderText("Search by meaning and keywords, in every folder")
    edit.setFixedWidth(120)
    fine = QLabel("ok")
    for widget in (table, label, edit, fine):
        column.addWidget(widget)
    window.setCentralWidget(body)
    window.statusBar().showMessage("A status message much longer than the window is wide " * 3)
    window.resize(400, 300)
    window.show()
    qtbot.waitExposed(window)
    problems = shots.Problems("test", "state")
    shots.check(window, problems, clipping=True)
    text = "\n".join(problems.items)
    assert "'A very long header title' elided" in text
    assert "QLabel(tight)" in text and "clipped" in text
    assert "placeholder 'Search by meaning" in text
    assert "QStatusBar" in text and "message" in text
    assert "'ok'" not in text and "'Name'" not in text
    assert all(item.startswith("test / state: ") for item in problems.items)


def test_overlap_check_finds_overlapping_siblings(qtbot):
    from PySide6.QtWidgets import QGridLayout, QPushButton, QWidget

    shots = _checks()
    box = QWidget()
    qtbot.addWidget(box)
    grid = QGridLayout(box)
    first, second = QPushButton("First"), QPushButton("Second")
    first.setObjectName("first")
    grid.addWidget(first, 0, 0)
    grid.addWidget(second, 0, 0)  # the same cell: drawn on top of each other
    box.resize(300, 60)
    box.show()
    qtbot.waitExposed(box)
    problems = shots.Problems("test", "overlap")
    shots.overlap_problems(box, problems)
    assert any("QPushButton(first)" in p and "overlaps" in p for p in problems.items), problems.items
    grid.addWidget(second, 0, 1)  # moved to its own cell
    qtbot.waitUntil(lambda: first.geometry().right() < second.geometry().left())
    clean = shots.Problems("test", "overlap")
    shots.overlap_problems(box, clean)
    assert not clean.items
