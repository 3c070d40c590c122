"""Settings: the values the core reads, persisted in the data directory's settings.json.
Workers and chunking apply at once; the rest on the next start.

The embedding model is not a plain setting: changing it means re-embedding the library, so
the Model section only *asks* for a switch (``switch_requested``); the main window plans it,
confirms it with the user and runs it off the Qt thread (``Service.use_model`` writes the
model folder into settings.json itself, when the switch is complete).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSpinBox,
                               QTabWidget, QVBoxLayout, QWidget)

from docvec_gui.core.errors import ModelError

if TYPE_CHECKING:  # core.librarymodel imports the database models: not before the window paints
    from docvec_gui.core.librarymodel import ModelIdentity

log = logging.getLogger(__name__)

LANGUAGES = (("", "System default"), ("en", "English"), ("zh_CN", "简体中文"))
# Simplified Chinese of this module's OCR strings (build_scripts/translations.py collects ZH_ dicts).
ZH_SETTINGS_OCR = {
    "Read text in scanned pages and images (OCR)": "识别扫描页和图片中的文字（OCR）",
    "OCR pages per document": "每个文档 OCR 的页数",
    "All pages": "全部页面",
    "Scanned PDFs and images (PNG, JPEG, TIFF, WebP, BMP, GIF) are read by text recognition on this "
    "computer; it takes a few seconds per page.":
        "扫描版 PDF 和图片（PNG、JPEG、TIFF、WebP、BMP、GIF）在本机通过文字识别读取，"
        "每页需要几秒钟。",
}
FolderRole = Qt.UserRole + 1


# -- what the Model section shows (gathered on the Background pool: it reads the database
#    and hashes model files, never on the Qt thread) ---------------------------------------
@dataclass(frozen=True)
class ModelChoice:
    name: str
    where: str  # configured, bundled, downloaded, checkout, chosen (browsed to)
    folder: Path
    dimension: int
    size_mb: int
    in_use: bool = False


@dataclass(frozen=True)
class ModelInfo:
    current: ModelIdentity | None  # the model that made the library's vectors (None: none yet)
    choices: tuple[ModelChoice, ...]
    interrupted: ModelIdentity | None  # the target of a switch that stopped before it finished
    override: str | None  # the .env/environment variable that pins the model folder
    chunks: int  # chunks of completed documents (what a switch re-embeds)


def describe_folder(folder: Path, where: str) -> ModelChoice:
    """A model folder as a choice; :class:`ModelError` if it holds no usable model."""
    from docvec_gui.core.modelstore import DESCRIPTION, ModelSpec, has_model

    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise ModelError(f"{folder} is not a folder")
    if (folder / DESCRIPTION).is_file():
        ModelSpec.load(folder)  # raises with the description's own problem
    if not has_model(folder):
        raise ModelError(f"{folder} holds no embedding model: it needs a {DESCRIPTION}, "
                         f"or model.onnx with tokenizer.json")
    spec = ModelSpec.load(folder)
    return ModelChoice(spec.name, where, folder.resolve(), spec.dimension,
                       round(spec.onnx_path.stat().st_size / 2**20))


def interrupted_switch() -> ModelIdentity | None:
    """The target of a model switch that was stopped (crash, cancel, closed app), or None."""
    from docvec_gui.core import db as dbm
    from docvec_gui.core.librarymodel import ModelIdentity
    from docvec_gui.core.modelswitch import SWITCH_KEY

    if not dbm.LibraryMeta.table_exists():
        return None
    value = dbm.LibraryMeta.select(dbm.LibraryMeta.value).where(dbm.LibraryMeta.key == SWITCH_KEY).scalar()
    return ModelIdentity.from_json(value) if value else None


def _is_current(current: ModelIdentity | None, folder: Path) -> bool:
    from docvec_gui.core.librarymodel import file_sha256
    from docvec_gui.core.modelstore import ModelSpec

    if current is None:
        return False
    spec = ModelSpec.load(folder)
    return current.name == spec.name and (current.sha256 is None or current.sha256 == file_sha256(spec.onnx_path))


def gather_model_info(service) -> ModelInfo:
    """The library's model, the models docvec can see, an interrupted switch, an override."""
    from docvec_gui.core import librarymodel
    from docvec_gui.core.config import overriding_source
    from docvec_gui.core.modelstore import model_folders

    current = librarymodel.recorded_or_legacy()
    choices = []
    for where, folder in model_folders(service.settings.model_dir):
        try:
            choice = describe_folder(folder, where)
            in_use = _is_current(current, folder)
        except (ModelError, OSError) as exc:
            log.warning("model folder %s left out of the list: %s", folder, exc)
            continue
        choices.append(ModelChoice(choice.name, where, choice.folder, choice.dimension, choice.size_mb, in_use))
    return ModelInfo(current, tuple(choices), interrupted_switch(),
                     overriding_source(service.settings.data_dir, "model_dir"), librarymodel.completed_chunks())


# -- re-indexing after a chunking change (issue 10: never silent; the window asks) ------------
# The time is estimated from the documents' sizes: tasks.estimated_cost turns a file's size
# into bytes of plain text (compressed formats such as PDF or DOCX hold ~3x their size); at
# ~4 bytes a token that gives the tokens, the new stride (chunk size minus overlap) the
# chunks, and the embedding speed measured on the 2-core build machine (docs/BENCHMARKS.md,
# "Multilingual model speed": ~11 chunks/s for the default model) the seconds. Extraction
# and writing are small beside the embedding. A rough figure, said as "about".
BYTES_PER_TOKEN = 4
CHUNKS_PER_SECOND = 11.0


@dataclass(frozen=True)
class ReindexPlan:
    documents: int  # completed and failed documents: what a re-index processes again
    seconds: float


def chunking_changed(settings, values: dict) -> bool:
    """True when ``values`` (from :meth:`SettingsDialog.values`) change how text is chunked."""
    return (values.get("chunk_tokens", settings.chunk_tokens) != settings.chunk_tokens
            or values.get("chunk_overlap", settings.chunk_overlap) != settings.chunk_overlap)


def reindex_plan(chunk_tokens: int, chunk_overlap: int) -> ReindexPlan:
    """How many documents a re-index with these chunk settings processes, and about how long
    it takes. One grouped query (by content type), whatever the library's size; never on the
    Qt thread."""
    import peewee as pw

    from docvec_gui.core import db as dbm
    from docvec_gui.core.tasks import estimated_cost
    from docvec_gui.core.vocabulary import Status

    D = dbm.Document
    rows = (D.select(D.content_type, pw.fn.COUNT(D.id), pw.fn.SUM(D.size))
            .where(D.status.in_([Status.COMPLETED, Status.ERROR])).group_by(D.content_type).tuples())
    stride = max(1, chunk_tokens - chunk_overlap)
    documents, chunks = 0, 0.0
    for content_type, count, size in rows:
        documents += count
        tokens = estimated_cost(size or 0, content_type) / BYTES_PER_TOKEN
        chunks += tokens / stride + count  # each document's last, partial chunk
    return ReindexPlan(documents, chunks / CHUNKS_PER_SECOND)


PATH_FIELD_CHARS = 40  # a path field shows at least this many characters


def _path_row(edit: QLineEdit, parent: QWidget, caption: str) -> QWidget:
    edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * PATH_FIELD_CHARS)
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
    """``switch_requested(Path)``: the user asked to re-embed the library with that model.

    Two tabs: General (the settings below) and Connections (the local API of ``api``, an
    :class:`~docvec_gui.api.server.ApiServer` or None; ``regenerate`` makes a new token, off
    the Qt thread, and shows it with ``connections.set_token``)."""

    switch_requested = Signal(object)

    def __init__(self, settings, parent=None, api=None, regenerate=None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Settings"))
        self.setMinimumWidth(620)
        self.settings = settings
        self.info: ModelInfo | None = None
        self._busy = False
        self.workers = QSpinBox(minimum=1, maximum=64, value=settings.workers)
        self.chunk_tokens = QSpinBox(minimum=16, maximum=254, value=settings.chunk_tokens)
        self.chunk_overlap = QSpinBox(minimum=0, maximum=200, value=settings.chunk_overlap)
        self.embed_threads = QSpinBox(minimum=1, maximum=256, value=settings.embed_threads)
        self.use_server = QCheckBox(self.tr("Use a Chroma server instead of the embedded database"))
        self.use_server.setChecked(bool(settings.chroma_host))
        self.chroma_host = QLineEdit(settings.chroma_host or "127.0.0.1")
        self.chroma_port = QSpinBox(minimum=1, maximum=65535, value=settings.chroma_port)
        self.data_dir = QLineEdit(str(settings.data_dir))
        self.language = QComboBox()
        for code, label in LANGUAGES:
            self.language.addItem(self.tr(label) if code == "" else label, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.ui_language or "")))
        self.ocr_enabled = QCheckBox(self.tr("Read text in scanned pages and images (OCR)"))
        self.ocr_enabled.setChecked(bool(getattr(settings, "ocr_enabled", True)))
        self.ocr_enabled.setToolTip(self.tr("Scanned PDFs and images (PNG, JPEG, TIFF, WebP, BMP, GIF) are read by "
                                            "text recognition on this computer; it takes a few seconds per page."))
        # 0 is "every page" (OCR_MAX_PAGES), shown as words instead of a zero.
        self.ocr_max_pages = QSpinBox(minimum=0, maximum=100_000,
                                      value=int(getattr(settings, "ocr_max_pages", 0)))
        self.ocr_max_pages.setSpecialValueText(self.tr("All pages"))
        general = QWidget(self)
        form = QFormLayout(general)
        form.addRow(self._model_section())
        form.addRow(self.tr("Worker threads"), self.workers)
        form.addRow(self.tr("Embedding threads"), self.embed_threads)
        form.addRow(self.tr("Chunk size (tokens)"), self.chunk_tokens)
        form.addRow(self.tr("Chunk overlap (tokens)"), self.chunk_overlap)
        form.addRow(self.ocr_enabled)
        form.addRow(self.tr("OCR pages per document"), self.ocr_max_pages)
        form.addRow(self.use_server)
        form.addRow(self.tr("Chroma host"), self.chroma_host)
        form.addRow(self.tr("Chroma port"), self.chroma_port)
        form.addRow(self.tr("Data directory"), _path_row(self.data_dir, self, self.tr("Data directory")))
        form.addRow(self.tr("Language"), self.language)
        from docvec_gui.ui.connections import ConnectionsPage

        self.connections = ConnectionsPage(settings.data_dir, api, bool(getattr(settings, "mcp_allow_write", False)),
                                           regenerate, self)
        self.tabs = QTabWidget(self)
        self.tabs.addTab(general, self.tr("General"))
        self.tabs.addTab(self.connections, self.tr("Connections"))
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(buttons)
        self.use_server.toggled.connect(self._sync)
        self.ocr_enabled.toggled.connect(self._sync)
        self._sync()

    # -- the Model section -----------------------------------------------------------------
    def _model_section(self) -> QGroupBox:
        box = QGroupBox(self.tr("Embedding model"), self)
        self.model_current = QLabel(self.tr("Reading the library's model…"))
        self.model_current.setWordWrap(True)
        self.model_current.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.model_list = QListWidget()
        self.model_list.setAccessibleName(self.tr("Available models"))
        self.model_list.setMaximumHeight(110)
        self.model_list.currentItemChanged.connect(lambda *_: self._sync_model_buttons())
        self.model_browse = QPushButton(self.tr("Other model folder…"))
        self.model_browse.clicked.connect(self._browse_model)
        self.model_switch = QPushButton(self.tr("Switch…"))
        self.model_switch.clicked.connect(self._request_switch)
        self.model_message = QLabel()
        self.model_message.setWordWrap(True)
        self.model_message.setObjectName("modelMessage")
        self.model_message.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.model_message.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.model_browse)
        buttons.addStretch(1)
        buttons.addWidget(self.model_switch)
        layout = QVBoxLayout(box)
        layout.addWidget(self.model_current)
        layout.addWidget(QLabel(self.tr("Models on this computer:")))
        layout.addWidget(self.model_list)
        layout.addLayout(buttons)
        layout.addWidget(self.model_message)
        self._sync_model_buttons()
        return box

    def _where(self, where: str) -> str:
        labels = {"configured": self.tr("configured"), "bundled": self.tr("bundled"),
                  "downloaded": self.tr("downloaded"), "checkout": self.tr("source checkout"),
                  "chosen": self.tr("chosen folder")}
        return labels.get(where, where)

    def _choice_text(self, choice: ModelChoice) -> str:
        # Name and "(in use)" first: the rest may be cut off in a narrow window.
        return (choice.name + (" " + self.tr("(in use)") if choice.in_use else "")
                + f"  ·  {self._where(choice.where)}  ·  "
                + self.tr("%1 dimensions").replace("%1", str(choice.dimension)) + f"  ·  {choice.size_mb} MB")

    def show_model_info(self, info: ModelInfo) -> None:
        """Fill the Model section (called with what :func:`gather_model_info` found)."""
        self.info = info
        current = info.current
        if current is None:
            self.model_current.setText(self.tr("No document has been embedded yet; the library records its model "
                                               "with the first one."))
        else:
            where = next((self._where(c.where) for c in info.choices if c.in_use), "")
            self.model_current.setText(
                self.tr("This library's model: %1 (%2 dimensions), %3 chunks.").replace("%1", current.name)
                .replace("%2", str(current.dimension)).replace("%3", f"{info.chunks:,}")
                + (f"\n{where + ': ' if where else ''}{current.path}" if current.path else ""))
        selected = self.selected_model()
        self.model_list.clear()
        for choice in info.choices:
            self._add_choice(choice)
        if selected is not None:
            self._select_folder(selected)
        if info.interrupted is not None:
            text = self.tr("A switch to %1 was stopped before it finished; choose it and “Resume…” to go on "
                           "where it stopped.")
            self.show_model_message(text.replace("%1", info.interrupted.name))
        if info.override is not None:
            self.show_model_message(self.tr("%1 sets the model folder and wins over settings; remove it to switch "
                                            "models here.").replace("%1", info.override), error=True)
        self._sync_model_buttons()

    def _add_choice(self, choice: ModelChoice) -> QListWidgetItem:
        item = QListWidgetItem(self._choice_text(choice))
        item.setData(FolderRole, str(choice.folder))
        item.setData(Qt.UserRole, choice)
        item.setToolTip(str(choice.folder))
        if choice.in_use:
            font = item.font()
            font.setBold(True)
            item.setFont(font)
        self.model_list.addItem(item)
        return item

    def _select_folder(self, folder: Path) -> bool:
        for row in range(self.model_list.count()):
            if Path(self.model_list.item(row).data(FolderRole)) == Path(folder):
                self.model_list.setCurrentRow(row)
                return True
        return False

    def selected_model(self) -> Path | None:
        item = self.model_list.currentItem()
        return Path(item.data(FolderRole)) if item is not None else None

    def select_model(self, folder: Path) -> bool:
        """Select the listed model in ``folder`` (True if it is listed)."""
        return self._select_folder(Path(folder).resolve())

    def _browse_model(self) -> None:
        start = str(self.selected_model() or self.settings.model_dir or "")
        folder = QFileDialog.getExistingDirectory(self, self.tr("Model folder"), start)
        if folder:
            self.add_model_folder(folder)

    def add_model_folder(self, folder: str | Path) -> bool:
        """Add a browsed-to folder to the list and select it; an error if it holds no model."""
        try:
            choice = describe_folder(Path(folder), "chosen")
        except (ModelError, OSError) as exc:
            self.show_model_message(self.tr("Not a model folder: %1").replace("%1", str(exc)), error=True)
            return False
        self.show_model_message("")
        if not self._select_folder(choice.folder):
            current = self.info.current if self.info else None
            in_use = current is not None and current.path is not None and Path(current.path).resolve() == choice.folder
            item = self._add_choice(ModelChoice(choice.name, choice.where, choice.folder, choice.dimension,
                                                choice.size_mb, in_use))
            self.model_list.setCurrentItem(item)
        self._sync_model_buttons()
        return True

    def _resuming(self, folder: Path | None) -> bool:
        target = self.info.interrupted if self.info else None
        return bool(folder and target and target.path and Path(target.path).resolve() == folder)

    def _sync_model_buttons(self) -> None:
        item = self.model_list.currentItem()
        choice: ModelChoice | None = item.data(Qt.UserRole) if item is not None else None
        blocked = self.info is None or self.info.override is not None or self._busy
        self.model_switch.setEnabled(bool(choice) and not blocked and not choice.in_use)
        self.model_switch.setText(self.tr("Resume…") if self._resuming(self.selected_model()) else self.tr("Switch…"))

    def _request_switch(self) -> None:
        folder = self.selected_model()
        if folder is not None and self.model_switch.isEnabled():
            self.switch_requested.emit(folder)

    def show_model_message(self, text: str, error: bool = False) -> None:
        self.model_message.setText(text)
        self.model_message.setStyleSheet("color: #b00020;" if error else "")
        self.model_message.setVisible(bool(text))

    def set_switch_busy(self, busy: bool, text: str = "") -> None:
        """While a switch is planned or running, no second one can be asked for."""
        self._busy = busy
        if text or not busy:
            self.show_model_message(text)
        self._sync_model_buttons()

    # -- the rest ----------------------------------------------------------------------------
    def _sync(self) -> None:
        self.chroma_host.setEnabled(self.use_server.isChecked())
        self.chroma_port.setEnabled(self.use_server.isChecked())
        self.ocr_max_pages.setEnabled(self.ocr_enabled.isChecked())

    def values(self) -> dict:
        """Settings for settings.json (the data directory itself is kept in QSettings). The
        model folder is not among them: only a completed switch changes it."""
        return {
            "workers": self.workers.value(),
            "embed_threads": self.embed_threads.value(),
            "chunk_tokens": self.chunk_tokens.value(),
            "chunk_overlap": min(self.chunk_overlap.value(), self.chunk_tokens.value() - 1),
            "chroma_host": self.chroma_host.text().strip() if self.use_server.isChecked() else None,
            "chroma_port": self.chroma_port.value(),
            "ui_language": self.language.currentData() or None,
            "mcp_allow_write": self.connections.allow_write.isChecked(),
            "ocr_enabled": self.ocr_enabled.isChecked(),
            "ocr_max_pages": self.ocr_max_pages.value(),
        }

    def chosen_data_dir(self) -> Path:
        return Path(self.data_dir.text().strip()).expanduser()
