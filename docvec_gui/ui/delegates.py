"""Painting of the progress column: a horizontal bar with its percentage and the stage
("page 3 of 40 · 120 chunks") while a document is processing; a busy bar while nothing can
be measured yet (a big PDF still being extracted), rather than a 0% that looks stuck."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPolygonF
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionProgressBar, QStyleOptionViewItem

from docvec_gui.ui.models import NoteRole, ProgressRole, StatusRole

# The bar's range: per mille, so that a long document moves visibly between whole percents.
SCALE = 1000


def progress_option(option: QStyleOptionViewItem, index: QModelIndex) -> QStyleOptionProgressBar | None:
    """The bar to draw in ``index``'s cell; None when its document is not processing."""
    if index.data(StatusRole) != "processing":
        return None
    fraction = float(index.data(ProgressRole) or 0.0)
    note = index.data(NoteRole) or ""
    bar = QStyleOptionProgressBar()
    bar.rect = option.rect.adjusted(2, 3, -2, -3)
    bar.palette, bar.fontMetrics, bar.direction = option.palette, option.fontMetrics, option.direction
    # Qt 6 tells a bar's orientation by this state flag only: without it, styles fill bottom-up.
    bar.state = option.state | QStyle.State_Enabled | QStyle.State_Horizontal
    bar.textVisible = True
    bar.textAlignment = Qt.AlignCenter
    if fraction <= 0.0:
        bar.minimum = bar.maximum = bar.progress = 0  # busy: nothing to measure yet
        text = note or QCoreApplication.translate("ProgressDelegate", "extracting…")
    else:
        bar.minimum, bar.maximum = 0, SCALE
        bar.progress = max(1, min(SCALE, round(fraction * SCALE)))
        text = f"{fraction:.0%}" + (f" · {note}" if note else "")
    bar.text = option.fontMetrics.elidedText(text, Qt.ElideRight, max(0, bar.rect.width() - 6))
    return bar


class ProgressDelegate(QStyledItemDelegate):
    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        bar = progress_option(option, index)
        if bar is None:
            super().paint(painter, option, index)
            return
        style = option.widget.style() if option.widget else QApplication.style()
        # The cell's own background first (selection, alternating rows), then the bar.
        background = QStyleOptionViewItem(option)
        self.initStyleOption(background, index)
        background.text = ""
        style.drawPrimitive(QStyle.PE_PanelItemViewItem, background, painter, option.widget)
        if bar.maximum == 0:
            _paint_busy(style, bar, painter, option.widget)
        else:
            style.drawControl(QStyle.CE_ProgressBar, bar, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        return QSize(max(hint.width(), option.fontMetrics.horizontalAdvance("100%") * 3), hint.height())


def _paint_busy(style: QStyle, bar: QStyleOptionProgressBar, painter: QPainter, widget) -> None:
    """An empty bar crossed by diagonal stripes, with its text: styles draw a busy bar in a
    delegate (no animation object) as a full one, which reads as "done"."""
    empty = QStyleOptionProgressBar(bar)
    empty.minimum, empty.maximum, empty.progress = 0, 1, 0
    text, empty.text = empty.text, ""
    style.drawControl(QStyle.CE_ProgressBarGroove, empty, painter, widget)
    rect = bar.rect.adjusted(1, 1, -1, -1)
    colour = QColor(bar.palette.color(QPalette.Highlight))
    colour.setAlpha(110)
    painter.save()
    painter.setClipRect(rect)
    painter.setRenderHint(QPainter.Antialiasing)
    painter.setPen(Qt.NoPen)
    painter.setBrush(colour)
    step, height = 12, rect.height()
    for x in range(rect.left() - height, rect.right() + step, step):
        painter.drawPolygon(QPolygonF([QPointF(x, rect.bottom() + 1), QPointF(x + step / 2, rect.bottom() + 1),
                                       QPointF(x + step / 2 + height, rect.top()), QPointF(x + height, rect.top())]))
    painter.restore()
    empty.text = text
    style.drawControl(QStyle.CE_ProgressBarLabel, empty, painter, widget)
