"""Search: a query box with modes, and one entry per document: file, page or heading, a
relevance bar, a snippet cut at word boundaries with the matched terms highlighted, and how
many more passages of the document matched. Nothing good enough: "No good matches".
Enter searches; double-click opens the hit."""
from __future__ import annotations

import html

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

from docvec_gui.core.search import SNIPPET_CHARS, snippet_parts

MODES = (("hybrid", "Hybrid"), ("vector", "Semantic"), ("keyword", "Keyword"))
# Qt's rich text has no <mark>; a span with a highlight background reads the same way.
HIGHLIGHT_OPEN = "<span style='background-color:#ffe066; color:#000000; font-weight:bold'>"
HIGHLIGHT_CLOSE = "</span>"
BAR_WIDTH = 56
BAR_HEIGHT = 6


def snippet_html(text: str, spans: list[list[int]], limit: int = SNIPPET_CHARS) -> str:
    """An HTML snippet around the first highlight (cut at word boundaries by the core's
    :func:`snippet_parts`), with the matched terms highlighted."""
    return "".join(f"{HIGHLIGHT_OPEN}{html.escape(piece)}{HIGHLIGHT_CLOSE}" if marked else html.escape(piece)
                   for piece, marked in snippet_parts(text, spans, limit))


class ResultLabel(QLabel):
    """A result's rich text with its relevance (0..1) drawn as a small bar at the top right,
    in a margin the text never enters."""

    def __init__(self, text: str, relevance: float, parent=None) -> None:
        super().__init__(text, parent)
        self.relevance = max(0.0, min(1.0, float(relevance)))
        self.setContentsMargins(0, 0, BAR_WIDTH + 10, 0)
        self.setAlignment(Qt.AlignLeft | Qt.AlignTop)  # the bar sits beside the first line

    def paintEvent(self, event) -> None:  # noqa: N802 (Qt's name)
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.Antialiasing)
        middle = self.fontMetrics().height() / 2  # of the first line (file and page)
        frame = QRectF(self.width() - BAR_WIDTH - 2, max(0.0, middle - BAR_HEIGHT / 2), BAR_WIDTH, BAR_HEIGHT)
        painter.setPen(Qt.NoPen)
        painter.setBrush(self.palette().color(QPalette.Mid))
        painter.drawRoundedRect(frame, 3, 3)
        if self.relevance > 0:
            filled = QRectF(frame.x(), frame.y(), max(BAR_HEIGHT, BAR_WIDTH * self.relevance), BAR_HEIGHT)
            painter.setBrush(QColor("#2f9e44"))
            painter.drawRoundedRect(filled, 3, 3)
        painter.end()


class SearchPanel(QWidget):
    """Emits ``search_requested(query, mode)``; ``show_results`` fills the list."""

    search_requested = Signal(str, str)
    result_activated = Signal(object)

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.query = QLineEdit()
        self.query.setPlaceholderText(self.tr("Search by meaning and keywords…"))
        self.query.setAccessibleName(self.tr("Search query"))
        self.query.setClearButtonEnabled(True)
        self.mode = QComboBox()
        self.mode.setAccessibleName(self.tr("Search mode"))
        for key, label in MODES:
            self.mode.addItem(self.tr(label), key)
        # Search one watched folder only; hidden while no folder is watched.
        self.scope = QComboBox()
        self.scope.setAccessibleName(self.tr("Search in"))
        self.scope.setSizeAdjustPolicy(QComboBox.AdjustToContents)
        self.scope.addItem(self.tr("Everywhere"), None)
        self.scope.setVisible(False)
        self.button = QPushButton(self.tr("Search"))
        self.status = QLabel()
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
        row.addWidget(self.scope)
        row.addWidget(self.mode)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.status)
        layout.addWidget(self.results, 1)
        self.query.returnPressed.connect(self._submit)
        self.button.clicked.connect(self._submit)
        self.results.itemActivated.connect(lambda item: self.result_activated.emit(item.data(Qt.UserRole)))
        self.results.itemDoubleClicked.connect(lambda item: self.result_activated.emit(item.data(Qt.UserRole)))

    def set_folders(self, folders: list[tuple[int, str, str]]) -> None:
        """The watched folders a search can be scoped to: (id, label, full path). The chosen
        one stays chosen while it is watched; otherwise the scope goes back to everywhere."""
        current = self.scope.currentData()
        self.scope.blockSignals(True)
        self.scope.clear()
        self.scope.addItem(self.tr("Everywhere"), None)
        for folder_id, label, path in folders:
            self.scope.addItem(self.tr("In %1").replace("%1", label), folder_id)
            self.scope.setItemData(self.scope.count() - 1, path, Qt.ToolTipRole)
        self.scope.setCurrentIndex(max(0, self.scope.findData(current)) if current is not None else 0)
        self.scope.blockSignals(False)
        self.scope.setVisible(bool(folders))

    def folder_scope(self) -> int | None:
        """The watched folder to search in, or None for the whole library."""
        return self.scope.currentData()

    def set_folder_scope(self, folder_id: int | None) -> bool:
        index = self.scope.findData(folder_id) if folder_id is not None else 0
        if index < 0:
            return False
        self.scope.setCurrentIndex(index)
        return True

    def _submit(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.status.setText(self.tr("Type something to search for."))
            return
        self.status.setText(self.tr("Searching…"))
        self.search_requested.emit(text, self.mode.currentData())

    def show_results(self, results: list) -> None:
        self.results.clear()
        if not results:
            self.status.setText(self.tr("No good matches. Try other words, or Keyword mode for exact terms."))
            return
        self.status.setText(self.tr("1 document") if len(results) == 1
                            else self.tr("%1 documents").replace("%1", str(len(results))))
        for result in results:
            label = ResultLabel(self._result_html(result), getattr(result, "relevance", 0.0))
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            label.setToolTip(self._relevance_words(getattr(result, "relevance", 0.0)))
            label.setAccessibleDescription(label.toolTip())
            item = QListWidgetItem()
            item.setData(Qt.UserRole, result)
            item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()))
            self.results.addItem(item)
            self.results.setItemWidget(item, label)

    def _result_html(self, result) -> str:
        where = self.tr("page %1").replace("%1", str(result.page)) if result.page else (result.heading or "")
        more = getattr(result, "more", 0)
        text = (f"<b>{html.escape(result.filename)}</b> &nbsp;<i>{html.escape(where)}</i>"
                f"<br>{snippet_html(result.text, result.highlights)}")
        if more:
            words = (self.tr("1 more passage in this document") if more == 1
                     else self.tr("%1 more passages in this document").replace("%1", str(more)))
            text += f"<br><span style='color:gray'>{html.escape(words)}</span>"
        return text

    def _relevance_words(self, relevance: float) -> str:
        """The bar in words, for tooltips and screen readers."""
        if relevance >= 0.66:
            return self.tr("Relevance: high")
        if relevance >= 0.33:
            return self.tr("Relevance: medium")
        return self.tr("Relevance: low")

    def show_error(self, message: str) -> None:
        self.status.setText(message)
