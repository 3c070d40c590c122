"""The app's recent log (JSON lines from the data directory's rotating log file)."""
from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QPlainTextEdit, QVBoxLayout, QWidget


class LogPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Application log"))
        self.view.setFont(QFont("monospace"))
        self.view.setMaximumBlockCount(2000)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view)
        self._last = None

    def show_entries(self, entries: list[dict]) -> None:
        if entries and entries[-1] == self._last:
            return
        self._last = entries[-1] if entries else None
        lines = [f"{e.get('time', '')} {e.get('level', ''):<7} {e.get('logger', '')}: {e.get('message', '')}"
                 for e in entries]
        self.view.setPlainText("\n".join(lines))
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())
