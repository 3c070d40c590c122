"""Settings: the values the core reads, persisted in the data directory's settings.json.
Workers and chunking apply at once; the rest on the next start."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLineEdit, QPushButton, QSpinBox, QWidget)

LANGUAGES = (("", "System default"), ("en", "English"), ("zh_CN", "简体中文"))


def _path_row(edit: QLineEdit, parent: QWidget, caption: str) -> QWidget:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    browse = QPushButton(parent.tr("Browse…"), row)
    browse.clicked.connect(lambda: edit.setText(QFileDialog.getExistingDirectory(parent, caption, edit.text())
                                                or edit.text()))
    layout.addWidget(edit, 1)
    layout.addWidget(browse)
    return row


class SettingsDialog(QDialog):
    def __init__(self, settings, parent=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.workers = QSpinBox(minimum=1, maximum=64, value=settings.workers)
        self.chunk_tokens = QSpinBox(minimum=16, maximum=254, value=settings.chunk_tokens)
        self.chunk_overlap = QSpinBox(minimum=0, maximum=200, value=settings.chunk_overlap)
        self.embed_threads = QSpinBox(minimum=1, maximum=256, value=settings.embed_threads)
        self.model_dir = QLineEdit(str(settings.model_dir or ""))
        self.model_dir.setPlaceholderText(self.tr("bundled model"))
        self.use_server = QCheckBox(self.tr("Use a Chroma server instead of the embedded database"))
        self.use_server.setChecked(bool(settings.chroma_host))
        self.chroma_host = QLineEdit(settings.chroma_host or "127.0.0.1")
        self.chroma_port = QSpinBox(minimum=1, maximum=65535, value=settings.chroma_port)
        self.data_dir = QLineEdit(str(settings.data_dir))
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(self.tr(label) if code == "" else label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.ui_language or "")))
        form = QFormLayout(self)
        form.addRow(self.tr("Worker threads"), self.workers)
        form.addRow(self.tr("Embedding threads"), self.embed_threads)
        form.addRow(self.tr("Chunk size (tokens)"), self.chunk_tokens)
        form.addRow(self.tr("Chunk overlap (tokens)"), self.chunk_overlap)
        form.addRow(self.tr("Model folder"), _path_row(self.model_dir, self, self.tr("Model folder")))
        form.addRow(self.use_server)
        form.addRow(self.tr("Chroma host"), self.chroma_host)
        form.addRow(self.tr("Chroma port"), self.chroma_port)
        form.addRow(self.tr("Data directory"), _path_row(self.data_dir, self, self.tr("Data directory")))
        form.addRow(self.tr("Language"), self.language)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.use_server.toggled.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        self.chroma_host.setEnabled(self.use_server.isChecked())
        self.chroma_port.setEnabled(self.use_server.isChecked())

    def values(self) -> dict:
        """Settings for settings.json (the data directory itself is kept in QSettings)."""
        return {
            "workers": self.workers.value(),
            "embed_threads": self.embed_threads.value(),
            "chunk_tokens": self.chunk_tokens.value(),
            "chunk_overlap": min(self.chunk_overlap.value(), self.chunk_tokens.value() - 1),
            "model_dir": self.model_dir.text().strip() or None,
            "chroma_host": self.chroma_host.text().strip() if self.use_server.isChecked() else None,
            "chroma_port": self.chroma_port.value(),
            "ui_language": self.language.currentData() or None,
        }

    def chosen_data_dir(self) -> Path:
        return Path(self.data_dir.text().strip()).expanduser()
