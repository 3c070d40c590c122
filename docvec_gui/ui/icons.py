"""Bundled Lucide icons (resources/icons/lucide, ISC licence), recoloured for the palette.

The SVGs draw with ``currentColor``; each icon is rendered on demand, at the size and pixel
ratio asked (crisp at 200%), in the palette's text colour (dimmed when disabled, the
highlighted-text colour when selected) or, for statuses, in the status colour of the
current theme. Renders are cached by (name, colour, size), so a theme switch repaints
with new colours without rebuilding any QIcon.
"""
from __future__ import annotations

import logging
from functools import lru_cache

from PySide6.QtCore import QByteArray, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from docvec_gui.resources import resource_path
from docvec_gui.ui import theme

log = logging.getLogger(__name__)

# The app's names -> Lucide file names. Toolbar/menu actions first, then document statuses.
ICONS: dict[str, str] = {
    "add_file": "file-plus", "add_folder": "folder-plus", "watch_folder": "folder-sync",
    "pause": "pause", "play": "play", "reprocess": "refresh-cw", "process_all": "list-restart",
    "delete": "trash-2", "open": "external-link", "folder": "folder", "show_in_folder": "folder-open",
    "search": "search", "settings": "settings", "info": "info", "warning": "triangle-alert",
    "error": "circle-x", "check": "check", "clock": "clock", "copy": "copy", "drop": "upload",
    "document": "file-text", "close": "x", "language": "languages", "health": "activity", "log": "scroll-text",
    "quit": "log-out", "light": "sun", "dark": "moon",
    # Statuses (coloured by status, not by the text colour).
    "pending": "clock", "processing": "loader-circle", "completed": "circle-check",
}
STATUSES = ("pending", "processing", "completed", "error")
# Status icons are coloured by status: icon("status:error") is red, icon("error") follows the text.
_STATUS_ICON = "status:"
_STATUS_FILES = {"pending": "clock", "processing": "loader-circle", "completed": "circle-check",
                 "error": "circle-alert"}


@lru_cache(maxsize=None)
def _svg(file_name: str) -> bytes:
    return resource_path("icons", "lucide", f"{file_name}.svg").read_bytes()


@lru_cache(maxsize=512)
def _renderer(file_name: str, colour: str) -> QSvgRenderer:
    return QSvgRenderer(QByteArray(_svg(file_name).replace(b"currentColor", colour.encode())))


@lru_cache(maxsize=2048)
def _pixmap(file_name: str, colour: str, width: int, height: int, ratio: float) -> QPixmap:
    pixmap = QPixmap(max(1, round(width * ratio)), max(1, round(height * ratio)))
    pixmap.fill(Qt.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.Antialiasing)
    _renderer(file_name, colour).render(painter)
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


class _TintedEngine(QIconEngine):
    """Draws one SVG in the colour the palette (or the status) asks for at paint time."""

    def __init__(self, name: str, file_name: str, status: str | None) -> None:
        super().__init__()
        self._name, self._file, self._status = name, file_name, status

    def clone(self) -> QIconEngine:
        return _TintedEngine(self._name, self._file, self._status)

    def key(self) -> str:
        return "docvec-tinted"

    def iconName(self) -> str:
        return self._name

    def _colour(self, mode: QIcon.Mode) -> str:
        palette = QGuiApplication.palette()
        if mode == QIcon.Disabled:
            return palette.color(QPalette.Disabled, QPalette.WindowText).name()
        if mode == QIcon.Selected:
            return palette.color(QPalette.HighlightedText).name()
        if self._status is not None:
            return theme.status_icon_color(self._status).name()
        return palette.color(QPalette.Active, QPalette.WindowText).name()

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        side = min(size.width(), size.height())  # the icons are square
        return QPixmap(_pixmap(self._file, self._colour(mode), side, side, float(scale or 1.0)))

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        side = min(rect.width(), rect.height())
        ratio = painter.device().devicePixelRatioF() if painter.device() is not None else 1.0
        pix = _pixmap(self._file, self._colour(mode), side, side, ratio)
        painter.drawPixmap(QPoint(rect.x() + (rect.width() - side) // 2, rect.y() + (rect.height() - side) // 2), pix)

    def actualSize(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QSize:
        side = min(size.width(), size.height())
        return QSize(side, side)

    def availableSizes(self, mode: QIcon.Mode = QIcon.Normal, state: QIcon.State = QIcon.Off) -> list[QSize]:
        return [QSize(s, s) for s in (16, 20, 24, 32, 48, 64)]

    def isNull(self) -> bool:
        return False


_icons: dict[str, QIcon] = {}


def icon(name: str) -> QIcon:
    """The icon called ``name`` (a key of ICONS, in the text colour; ``status:<status>`` in
    the status colour).

    Unknown names are a programming error (KeyError), caught by the tests, not at run time.
    """
    cached = _icons.get(name)
    if cached is None:
        status = None
        file_name = ICONS.get(name)
        if name.startswith(_STATUS_ICON):
            status = name[len(_STATUS_ICON):]
            file_name = _STATUS_FILES.get(status)
        if file_name is None:
            raise KeyError(f"no icon called {name!r}")
        cached = _icons[name] = QIcon(_TintedEngine(name, file_name, status))
    return cached


def status_icon(status: str) -> QIcon:
    """The coloured icon for a document status (pending, processing, completed, error)."""
    return icon(_STATUS_ICON + str(status)) if str(status) in STATUSES else icon(_STATUS_ICON + "pending")


def app_icon() -> QIcon:
    """The application icon: the PNG sizes made from resources/icons/docvec.svg (crisp in
    taskbars and docks at any scale), or an empty icon, logged, if they are missing."""
    result = QIcon()
    folder = resource_path("icons", "app")
    for size in APP_ICON_SIZES:
        path = folder / f"docvec-{size}.png"
        if path.exists():
            result.addFile(str(path), QSize(size, size))
    if result.isNull():
        log.warning("no application icon found in %s", folder)
    return result


APP_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
