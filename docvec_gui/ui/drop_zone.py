"""The drop zone: accepts files and folders dropped from the desktop or a file manager."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout


def local_paths(mime) -> list[str]:
    return [url.toLocalFile() for url in mime.urls() if url.isLocalFile()] if mime.hasUrls() else []


class DropZone(QFrame):
    """Emits ``dropped`` with local paths; any number of files and folders at once."""

    dropped = Signal(list)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.StyledPanel)
        self.setObjectName("dropZone")
        self.setAccessibleName(self.tr("Drop zone"))
        self.label = QLabel(self.tr("Drop documents or folders here"))
        self.label.setAlignment(Qt.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setMinimumHeight(56)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
            self.setProperty("active", True)
            self.style().polish(self)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self.setProperty("active", False)
        self.style().polish(self)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        self.setProperty("active", False)
        self.style().polish(self)
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)
