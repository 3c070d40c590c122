"""The drop zone: accepts files and folders dropped from the desktop or a file manager.

While something droppable hovers over it, it shows so (highlighted frame, "Release to
add"): the user sees the drop will be taken before letting go.
"""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

# Palette roles, so the highlight follows the light or dark theme.
_STYLE = """
QFrame#dropZone { border: 2px dashed palette(mid); border-radius: 8px; }
QFrame#dropZone[active="true"] { border: 2px solid palette(highlight); background: palette(alternate-base); }
"""


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
        self.setStyleSheet(_STYLE)
        self.label = QLabel(self.idle_text())
        self.label.setAlignment(Qt.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        self.setMinimumHeight(56)
        self.setProperty("active", False)

    def idle_text(self) -> str:
        return self.tr("Drop documents or folders here")

    @property
    def active(self) -> bool:
        return bool(self.property("active"))

    def set_active(self, active: bool) -> None:
        """Highlight (a drag that can be dropped is over the zone) or back to normal."""
        self.setProperty("active", active)
        self.label.setText(self.tr("Release to add") if active else self.idle_text())
        self.style().unpolish(self)
        self.style().polish(self)
        self.update()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()
            self.set_active(True)
        else:
            event.ignore()

    def dragLeaveEvent(self, event) -> None:
        self.set_active(False)

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        self.set_active(False)
        if paths:
            event.acceptProposedAction()
            self.dropped.emit(paths)
