"""Painting of the progress column: a progress bar while a document is processing."""
from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QStyleOptionViewItem

from docvec_gui.ui.models import ProgressRole, StatusRole


class ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        if index.data(StatusRole) != "processing":
            super().paint(painter, option, index)
            return
        bar = QStyleOptionProgressBar()
        bar.rect = option.rect.adjusted(2, 3, -2, -3)
        bar.minimum, bar.maximum = 0, 100
        bar.progress = int(round((index.data(ProgressRole) or 0.0) * 100))
        bar.text = f"{bar.progress}%"
        bar.textVisible = True
        bar.state = option.state | QStyle.State_Enabled
        bar.textAlignment = Qt.AlignCenter
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.CE_ProgressBar, bar, painter, option.widget)
