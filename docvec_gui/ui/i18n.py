"""UI language: English source strings, Simplified Chinese from a Qt translation file.
Follows the system locale unless the ``ui_language`` setting overrides it."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from docvec_gui.resources import resource_path

SUPPORTED = ("en", "zh_CN")


def pick_language(setting: str | None) -> str:
    if setting in SUPPORTED:
        return setting
    name = QLocale.system().name()  # e.g. zh_CN, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load docvec's and Qt's own translations; returns them so they stay alive."""
    if language == "en":
        return []
    loaded = []
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"docvec_{language}.qm"))):
        app.installTranslator(ours)
        loaded.append(ours)
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        loaded.append(qt)
    return loaded
