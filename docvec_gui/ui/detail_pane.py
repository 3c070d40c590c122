"""The detail pane: a document's metadata and its chunks (text, page, heading)."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from docvec_gui.ui.models import DocRow, human_size


class DetailPane(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.header = QLabel(self.tr("Select a document to see its details."))
        self.header.setWordWrap(True)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.chunks = QListWidget()
        self.chunks.setAccessibleName(self.tr("Chunks"))
        self.chunks.setWordWrap(True)
        self.chunks.setAlternatingRowColors(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addWidget(self.chunks, 1)
        self.doc_id: str | None = None

    def show_document(self, row: DocRow, chunks: list, focus_index: int | None = None) -> None:
        self.doc_id = row.id
        facts = [
            (self.tr("File"), row.filename), (self.tr("Type"), row.content_type),
            (self.tr("Size"), human_size(row.size)), (self.tr("Status"), row.status),
            (self.tr("Chunks"), str(row.chunk_count)), (self.tr("Pages"), str(row.page_count or "")),
            (self.tr("Original"), row.original_path),
        ]
        if row.error:
            facts.append((self.tr("Error"), row.error))
        if row.warning:
            facts.append((self.tr("Warning"), row.warning))
        self.header.setText("<br>".join(f"<b>{html.escape(k)}:</b> {html.escape(v)}" for k, v in facts if v))
        self.chunks.clear()
        for chunk in chunks:
            where = f"p.{chunk.page}" if chunk.page else ""
            head = " · ".join(x for x in (f"#{chunk.index}", where, chunk.heading) if x)
            item = QListWidgetItem(f"{head}\n{chunk.text}")
            item.setData(Qt.UserRole, chunk.index)
            self.chunks.addItem(item)
        if focus_index is not None and 0 <= focus_index < self.chunks.count():
            self.chunks.setCurrentRow(focus_index)
            self.chunks.scrollToItem(self.chunks.currentItem())

    def clear(self) -> None:
        self.doc_id = None
        self.header.setText(self.tr("Select a document to see its details."))
        self.chunks.clear()
