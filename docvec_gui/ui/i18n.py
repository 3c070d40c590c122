"""UI language: English source strings, Simplified Chinese from a Qt translation file.
Follows the system locale unless the ``ui_language`` setting overrides it.

English has its own small catalogue too: it only holds the plural forms of ``%n`` strings
("Added 1 document", "Added 2 documents"), so the sources can say "document(s)" once.
The core's statuses and error kinds are plain English words in the database; the window
shows them through :func:`status_text` and :func:`error_kind_text`.
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from docvec_gui.resources import resource_path

log = logging.getLogger(__name__)
SUPPORTED = ("en", "zh_CN")
VOCABULARY = "Vocabulary"  # the translation context of statuses and error kinds


def pick_language(setting: str | None) -> str:
    if setting in SUPPORTED:
        return setting
    name = QLocale.system().name()  # e.g. zh_CN, en_US
    return "zh_CN" if name.startswith("zh") else "en"


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Load docvec's and Qt's own translations; returns them so they stay alive."""
    loaded = []
    ours = QTranslator(app)
    if ours.load(str(resource_path("i18n", f"docvec_{language}.qm"))):
        app.installTranslator(ours)
        loaded.append(ours)
    else:
        log.warning("no docvec translation for %s", language)
    if language == "en":
        return loaded  # Qt's own strings are English already
    qt = QTranslator(app)
    if qt.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.TranslationsPath)):
        app.installTranslator(qt)
        loaded.append(qt)
    return loaded


def _status_names() -> dict[str, str]:
    # Spelled out call by call so pyside6-lupdate finds each string.
    return {
        "pending": QCoreApplication.translate("Vocabulary", "pending"),
        "processing": QCoreApplication.translate("Vocabulary", "processing"),
        "completed": QCoreApplication.translate("Vocabulary", "completed"),
        "error": QCoreApplication.translate("Vocabulary", "error"),
        "deleting": QCoreApplication.translate("Vocabulary", "deleting"),
    }


def _error_kind_names() -> dict[str, str]:
    return {
        "encrypted": QCoreApplication.translate("Vocabulary", "encrypted"),
        "no_text": QCoreApplication.translate("Vocabulary", "no text"),
        "corrupt": QCoreApplication.translate("Vocabulary", "corrupt"),
        "unsupported": QCoreApplication.translate("Vocabulary", "unsupported"),
        "empty": QCoreApplication.translate("Vocabulary", "empty"),
        "too_large": QCoreApplication.translate("Vocabulary", "too large"),
        "timeout": QCoreApplication.translate("Vocabulary", "timed out"),
        "crashed": QCoreApplication.translate("Vocabulary", "crashed the reader"),
        "model": QCoreApplication.translate("Vocabulary", "model problem"),
        "embedding": QCoreApplication.translate("Vocabulary", "embedding failed"),
        "failed": QCoreApplication.translate("Vocabulary", "failed"),
        "disk_full": QCoreApplication.translate("Vocabulary", "disk full"),
        "vector_store": QCoreApplication.translate("Vocabulary", "vector store problem"),
        "database": QCoreApplication.translate("Vocabulary", "database problem"),
        "config": QCoreApplication.translate("Vocabulary", "configuration"),
        "not_found": QCoreApplication.translate("Vocabulary", "not found"),
        "ambiguous": QCoreApplication.translate("Vocabulary", "ambiguous"),
        "invalid_query": QCoreApplication.translate("Vocabulary", "invalid query"),
        "data_dir_in_use": QCoreApplication.translate("Vocabulary", "data directory in use"),
        "read_only": QCoreApplication.translate("Vocabulary", "read-only"),
        "unreadable": QCoreApplication.translate("Vocabulary", "unreadable"),
        "duplicate": QCoreApplication.translate("Vocabulary", "duplicate"),
        "usage": QCoreApplication.translate("Vocabulary", "usage"),
        "interrupted": QCoreApplication.translate("Vocabulary", "interrupted"),
        "unauthorized": QCoreApplication.translate("Vocabulary", "not authorised"),
        "forbidden": QCoreApplication.translate("Vocabulary", "forbidden"),
        "method_not_allowed": QCoreApplication.translate("Vocabulary", "method not allowed"),
        "unreachable": QCoreApplication.translate("Vocabulary", "no answer"),
        "error": QCoreApplication.translate("Vocabulary", "error"),
    }


def status_text(status: str | None) -> str:
    """A document status (``Status``) in the UI language; unknown values are shown as they are."""
    if not status:
        return ""
    return _status_names().get(str(status), str(status))


def error_kind_text(kind: str | None) -> str:
    """An error kind (``ErrorKind``) in the UI language; unknown values are shown as they are."""
    if not kind:
        return ""
    return _error_kind_names().get(str(kind), str(kind))


def error_text(error: str | None) -> str:
    """A stored error, ``"kind: reason"``, with its kind translated (the reason comes from a
    library or the OS and stays as it is)."""
    if not error:
        return ""
    kind, sep, reason = str(error).partition(": ")
    if sep and kind in _error_kind_names():
        return f"{error_kind_text(kind)}: {reason}"
    return str(error)
