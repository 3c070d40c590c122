"""The Log tab: what happened, in words a user reads (added, completed, failed and why,
deleted, re-processed, paused), and below it, on request, the app's technical log (JSON
lines from the data directory's rotating log file)."""
from __future__ import annotations

import datetime as _dt

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

MAX_ACTIVITY = 5000  # lines kept in the activity view; older ones drop off the top


class LogPanel(QWidget):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.activity = QPlainTextEdit()
        self.activity.setReadOnly(True)
        self.activity.setAccessibleName(self.tr("Activity"))
        self.activity.setMaximumBlockCount(MAX_ACTIVITY)
        self.activity.setPlaceholderText(self.tr("Documents added, completed, failed or deleted appear here."))
        self.technical_toggle = QPushButton(self.tr("Show technical log"))
        self.technical_toggle.setCheckable(True)
        self.technical_toggle.toggled.connect(self._toggle_technical)
        self.view = QPlainTextEdit()
        self.view.setReadOnly(True)
        self.view.setAccessibleName(self.tr("Application log"))
        self.view.setFont(QFont("monospace"))
        self.view.setMaximumBlockCount(2000)
        self.view.hide()
        layout = QVBoxLayout(self)
        title = QLabel(self.tr("Activity"))
        title.setBuddy(self.activity)
        layout.addWidget(title)
        layout.addWidget(self.activity, 2)
        layout.addWidget(self.technical_toggle)
        layout.addWidget(self.view, 1)
        self._last = None

    @property
    def technical_visible(self) -> bool:
        return self.technical_toggle.isChecked()

    def _toggle_technical(self, shown: bool) -> None:
        self.view.setVisible(shown)
        self.technical_toggle.setText(self.tr("Hide technical log") if shown else self.tr("Show technical log"))

    def record(self, text: str, when: _dt.datetime | None = None) -> None:
        """One user-visible event, time-stamped; the view keeps the last ``MAX_ACTIVITY``."""
        stamp = (when or _dt.datetime.now()).strftime("%H:%M:%S")
        self.activity.appendPlainText(f"{stamp}  {text}")

    def activity_lines(self) -> list[str]:
        return self.activity.toPlainText().splitlines()

    def show_entries(self, entries: list[dict]) -> None:
        if entries and entries[-1] == self._last:
            return
        self._last = entries[-1] if entries else None
        lines = [f"{e.get('time', '')} {e.get('level', ''):<7} {e.get('logger', '')}: {e.get('message', '')}"
                 for e in entries]
        self.view.setPlainText("\n".join(lines))
        self.view.verticalScrollBar().setValue(self.view.verticalScrollBar().maximum())
