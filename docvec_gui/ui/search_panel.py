"""Search: a query box with modes, results with file, page or heading, score and a snippet
with the matched terms highlighted. Enter searches; double-click opens the hit."""
from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QComboBox, QHBoxLayout, QLabel, QLineEdit, QListWidget, QListWidgetItem,
                               QPushButton, QVBoxLayout, QWidget)

MODES = (("hybrid", "Hybrid"), ("vector", "Semantic"), ("keyword", "Keyword"))
SNIPPET_CHARS = 320
# Qt's rich text has no <mark>; a span with a highlight background reads the same way.
HIGHLIGHT_OPEN = "<span style='background-color:#ffe066; color:#000000; font-weight:bold'>"
HIGHLIGHT_CLOSE = "</span>"


def snippet_html(text: str, spans: list[list[int]], limit: int = SNIPPET_CHARS) -> str:
    """An HTML snippet around the first highlight, with the matched terms highlighted."""
    start = max(0, (spans[0][0] if spans else 0) - limit // 4)
    end = min(len(text), start + limit)
    parts, pos = [], start
    for s, e in spans:
        if e <= start or s >= end:
            continue
        s, e = max(s, start), min(e, end)
        parts.append(html.escape(text[pos:s]))
        parts.append(f"{HIGHLIGHT_OPEN}{html.escape(text[s:e])}{HIGHLIGHT_CLOSE}")
        pos = e
    parts.append(html.escape(text[pos:end]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if end < len(text) else ""
    return prefix + " ".join("".join(parts).split()) + suffix


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
        self.button = QPushButton(self.tr("Search"))
        self.status = QLabel()
        self.results = QListWidget()
        self.results.setAccessibleName(self.tr("Search results"))
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        row = QHBoxLayout()
        row.addWidget(self.query, 1)
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

    def _submit(self) -> None:
        text = self.query.text().strip()
        if not text:
            self.status.setText(self.tr("Type something to search for."))
            return
        self.status.setText(self.tr("Searching…"))
        self.search_requested.emit(text, self.mode.currentData())

    def show_results(self, results: list) -> None:
        self.results.clear()
        self.status.setText(self.tr("%n result(s)", "", len(results)))
        for result in results:
            where = self.tr("page %1").replace("%1", str(result.page)) if result.page else (result.heading or "")
            label = QLabel(
                f"<b>{html.escape(result.filename)}</b> &nbsp;<i>{html.escape(where)}</i> &nbsp;"
                f"<span style='color:gray'>{result.score:.4f}</span><br>{snippet_html(result.text, result.highlights)}"
            )
            label.setWordWrap(True)
            label.setTextFormat(Qt.RichText)
            item = QListWidgetItem()
            item.setData(Qt.UserRole, result)
            item.setSizeHint(label.sizeHint().expandedTo(label.minimumSizeHint()))
            self.results.addItem(item)
            self.results.setItemWidget(item, label)

    def show_error(self, message: str) -> None:
        self.status.setText(message)
