"""Health and queue: the desktop form of the server design's /health and queue dashboard."""
from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from docvec_gui.ui.models import STATUS_COLORS


class HealthPanel(QWidget):
    pause_toggled = Signal()
    retry_failed = Signal()
    refresh_requested = Signal()
    verify_requested = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.report = QLabel(self.tr("Checking…"))
        self.report.setWordWrap(True)
        self.pause_button = QPushButton(self.tr("Pause processing"))
        self.retry_button = QPushButton(self.tr("Retry failed"))
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.verify_button = QPushButton(self.tr("Verify && repair"))
        self.verify_button.setToolTip(self.tr("Compare the database, the vectors and the stored copies, and repair "
                                              "what differs (vectors are rebuilt from the stored text)"))
        buttons = QHBoxLayout()
        for button in (self.pause_button, self.retry_button, self.refresh_button, self.verify_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.report)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.pause_button.clicked.connect(self.pause_toggled)
        self.retry_button.clicked.connect(self.retry_failed)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.verify_button.clicked.connect(self.verify_requested)

    def show_report(self, report: dict, counts: dict, processing: bool = True) -> None:
        """``processing``: whether the consumer runs (the pause button follows :meth:`set_paused`)."""
        names = {"database": self.tr("Database"), "queue": self.tr("Queue consumer"),
                 "vector_store": self.tr("Vector store"), "model": self.tr("Model"), "disk": self.tr("Disk"),
                 "privacy": self.tr("Network")}
        lines = []
        for key, label in names.items():
            if key not in report:
                continue
            item = report[key]
            state = self.tr("ok") if item.get("ok") else self.tr("ERROR")
            color = STATUS_COLORS["completed"] if item.get("ok") else STATUS_COLORS["error"]
            lines.append(f"<b>{label}</b>: <span style='color:{color}'>{state}</span> — "
                         f"{html.escape(str(item.get('detail', '')))}")
        queue = report.get("queue", {})
        lines.append("<br><b>" + self.tr("Tasks") + "</b>: " + ", ".join([
            self.tr("pending %1").replace("%1", str(counts.get("pending", 0))),
            self.tr("active %1").replace("%1", str(queue.get("active", 0))),
            self.tr("retrying %1").replace("%1", str(queue.get("scheduled", 0))),
            self.tr("failed %1").replace("%1", str(counts.get("error", 0))),
            self.tr("completed %1").replace("%1", str(counts.get("completed", 0))),
        ]))
        self.report.setText("<br>".join(lines))

    def set_paused(self, paused: bool, busy: bool = False) -> None:
        """The button follows the window's pause state (busy: a pause or resume under way)."""
        self.pause_button.setText(self.tr("Resume processing") if paused else self.tr("Pause processing"))
        self.pause_button.setEnabled(not busy)
