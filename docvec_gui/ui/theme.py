"""Light and dark themes that follow the system colour scheme.

Fusion draws the same on every OS, so one palette per scheme gives a consistent look whose
contrast is known (tests/test_ui_look.py checks WCAG AA for every text/background pair).
The scheme comes from ``QStyleHints.colorScheme()`` (Qt 6.5+) and follows its changes, unless
``DOCVEC_THEME=light|dark`` or the ``ui/theme`` setting pins it (tests, screenshots, people
who prefer one).
"""
from __future__ import annotations

import logging
import os

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

log = logging.getLogger(__name__)

LIGHT, DARK = "light", "dark"
SCHEMES = (LIGHT, DARK)
_FOLLOWING = "docvecThemeFollows"  # application property: connected to the system's scheme changes
_PINNED = "docvecThemePinned"  # application property: a scheme was chosen (argument, env or setting)
_SCHEME = "docvecScheme"  # application property: the scheme applied last

# Role -> colour for each scheme. Chosen for contrast first: body text >= 7:1 on its
# background, secondary text (placeholders, links, selection) >= 4.5:1.
_ROLES: dict[str, dict[QPalette.ColorRole, str]] = {
    LIGHT: {
        QPalette.Window: "#f5f6f8", QPalette.WindowText: "#1f2328", QPalette.Base: "#ffffff",
        QPalette.AlternateBase: "#f3f4f6", QPalette.Text: "#1f2328", QPalette.Button: "#eceef1",
        QPalette.ButtonText: "#1f2328", QPalette.BrightText: "#ffffff", QPalette.Highlight: "#2563eb",
        QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#1f2328", QPalette.ToolTipText: "#f5f6f8",
        QPalette.PlaceholderText: "#636b74", QPalette.Link: "#1d4ed8", QPalette.LinkVisited: "#6d28d9",
        QPalette.Light: "#ffffff", QPalette.Midlight: "#e5e7eb", QPalette.Mid: "#c4c8ce",
        QPalette.Dark: "#9ca3af", QPalette.Shadow: "#6b7280",
    },
    DARK: {
        QPalette.Window: "#202124", QPalette.WindowText: "#e8eaed", QPalette.Base: "#17181b",
        QPalette.AlternateBase: "#1d1e22", QPalette.Text: "#e8eaed", QPalette.Button: "#2c2e33",
        QPalette.ButtonText: "#e8eaed", QPalette.BrightText: "#ffffff", QPalette.Highlight: "#2563eb",
        QPalette.HighlightedText: "#ffffff", QPalette.ToolTipBase: "#e8eaed", QPalette.ToolTipText: "#202124",
        QPalette.PlaceholderText: "#9aa0a6", QPalette.Link: "#8ab4f8", QPalette.LinkVisited: "#c58af9",
        QPalette.Light: "#3c3f45", QPalette.Midlight: "#33363b", QPalette.Mid: "#4a4d54",
        QPalette.Dark: "#111214", QPalette.Shadow: "#000000",
    },
}
# Disabled controls: visibly dimmer (WCAG exempts inactive controls from the contrast rule).
_DISABLED = {LIGHT: {"text": "#8a9099", "button": "#f0f1f3"}, DARK: {"text": "#6f747b", "button": "#26282c"}}

# Status chips: (background, text) per scheme; text >= 4.5:1 on its chip.
STATUS_CHIPS: dict[str, dict[str, tuple[str, str]]] = {
    LIGHT: {"pending": ("#eceef1", "#374151"), "processing": ("#dbeafe", "#1e40af"),
            "completed": ("#dcfce7", "#166534"), "error": ("#fee2e2", "#991b1b")},
    DARK: {"pending": ("#303238", "#d1d5db"), "processing": ("#1e3a8a", "#dbeafe"),
           "completed": ("#14532d", "#bbf7d0"), "error": ("#7f1d1d", "#fecaca")},
}
# Status icons drawn on the table's base colour (non-text graphics: >= 3:1, WCAG 1.4.11).
STATUS_ICON_COLORS: dict[str, dict[str, str]] = {
    LIGHT: {"pending": "#6b7280", "processing": "#2563eb", "completed": "#15803d", "error": "#dc2626"},
    DARK: {"pending": "#9aa0a6", "processing": "#60a5fa", "completed": "#4ade80", "error": "#f87171"},
}

# Spacing and the chips; kept small (a stylesheet applies to every widget it matches).
STYLESHEET = """
QToolBar { spacing: 4px; padding: 3px 6px; }
QToolBar QToolButton { padding: 4px 6px; }
QStatusBar QLabel { padding: 0 6px; }
QLabel[chip] { border-radius: 9px; padding: 1px 8px; }
"""


def _chip_rules(scheme: str) -> str:
    return "".join(f'QLabel[chip="{status}"] {{ background: {bg}; color: {fg}; }}\n'
                   for status, (bg, fg) in STATUS_CHIPS[scheme].items())


def system_scheme() -> str:
    """The OS colour scheme; light when the platform does not say (offscreen, old desktops)."""
    app = QGuiApplication.instance()
    if app is None:
        return LIGHT
    hints = QGuiApplication.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else Qt.ColorScheme.Unknown
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


def requested_scheme() -> str | None:
    """A pinned scheme: ``DOCVEC_THEME`` first, then the ``ui/theme`` setting; None follows the OS."""
    for source, value in (("DOCVEC_THEME", os.environ.get("DOCVEC_THEME")),
                          ("ui/theme", QSettings().value("ui/theme") if QGuiApplication.instance() else None)):
        value = (str(value).strip().lower() if value else "")
        if value in SCHEMES:
            return value
        if value and value != "system":
            log.warning("%s=%r is not light, dark or system; following the system scheme", source, value)
    return None


def palette_for(scheme: str) -> QPalette:
    """The full palette of ``scheme`` (every group; disabled text dimmed)."""
    palette = QPalette()
    for role, colour in _ROLES[scheme].items():
        palette.setColor(role, QColor(colour))
    if hasattr(QPalette, "Accent"):  # Qt 6.6+: checkboxes, sliders, focus frames
        palette.setColor(QPalette.Accent, QColor(_ROLES[scheme][QPalette.Highlight]))
    dim = QColor(_DISABLED[scheme]["text"])
    for role in (QPalette.WindowText, QPalette.Text, QPalette.ButtonText, QPalette.PlaceholderText):
        palette.setColor(QPalette.Disabled, role, dim)
    palette.setColor(QPalette.Disabled, QPalette.Button, QColor(_DISABLED[scheme]["button"]))
    palette.setColor(QPalette.Disabled, QPalette.Highlight, QColor(_ROLES[scheme][QPalette.Mid]))
    return palette


def current_scheme() -> str:
    """The scheme applied by :func:`apply_theme` (the system's before it ran)."""
    app = QGuiApplication.instance()
    applied = app.property(_SCHEME) if app is not None else None
    return applied if applied in SCHEMES else system_scheme()


def status_chip_colors(status: str, scheme: str | None = None) -> tuple[QColor, QColor]:
    """(background, text) of the chip for a document status (pending, processing, ...)."""
    bg, fg = STATUS_CHIPS[scheme or current_scheme()].get(str(status), STATUS_CHIPS[LIGHT]["pending"])
    return QColor(bg), QColor(fg)


def status_icon_color(status: str, scheme: str | None = None) -> QColor:
    colours = STATUS_ICON_COLORS[scheme or current_scheme()]
    return QColor(colours.get(str(status), colours["pending"]))


def apply_theme(app: QGuiApplication, scheme: str | None = None, stylesheet: bool = True) -> str:
    """Fusion with the palette of ``scheme`` (None: the pinned one, else the system's),
    and the small stylesheet (unless ``stylesheet`` is False: :func:`apply_stylesheet` sets it
    later). Follows the system's scheme changes while nothing pins it. Returns the scheme applied."""
    pinned = scheme or requested_scheme()
    chosen = pinned or system_scheme()
    if chosen not in SCHEMES:
        raise ValueError(f"unknown colour scheme {chosen!r} (expected light or dark)")
    if hasattr(app, "setStyle"):  # a QApplication (a bare QGuiApplication has no widget style)
        app.setStyle("Fusion")
        if stylesheet:
            app.setStyleSheet(STYLESHEET + _chip_rules(chosen))
    app.setPalette(palette_for(chosen))
    app.setProperty(_SCHEME, chosen)
    app.setProperty(_PINNED, pinned is not None)
    hints = QGuiApplication.styleHints()
    if not app.property(_FOLLOWING) and hasattr(hints, "colorSchemeChanged"):
        # Connected once; while a scheme is pinned the handler leaves it alone.
        hints.colorSchemeChanged.connect(lambda _scheme: _system_changed(app))
        app.setProperty(_FOLLOWING, True)
    return chosen


def apply_stylesheet(app) -> None:
    """The stylesheet of the scheme :func:`apply_theme` applied. The app sets it once the main
    window is built: while an application stylesheet is set, every widget added to a parent
    re-styles its whole subtree, which made building the window ~60 ms slower (a third)."""
    app.setStyleSheet(STYLESHEET + _chip_rules(current_scheme()))


def _system_changed(app: QGuiApplication) -> None:
    if app.property(_PINNED):
        return
    log.info("system colour scheme changed to %s", system_scheme())
    apply_theme(app)


def relative_luminance(colour: QColor) -> float:
    """WCAG 2.x relative luminance of an opaque colour."""
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast_ratio(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio (1..21) between two opaque colours."""
    la, lb = sorted((relative_luminance(a), relative_luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
