"""A compact, collapsible summary of the files an add did not take:
"12 not added: 10 duplicates, 2 unsupported — Details". One line tall when collapsed; Details
opens a bounded, scrolling list; each add replaces the summary; Dismiss hides it."""
from __future__ import annotations

from collections import Counter
from pathlib import PurePath

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QSizePolicy, QToolButton,
                               QVBoxLayout, QWidget)

from docvec_gui.ui.models import english_plural, error_kind_text

DUPLICATE = "duplicate"
# Rows of the expanded list before it scrolls.
VISIBLE_ROWS = 8


def _name(path: str) -> str:
    # Paths may come from another OS (a network share): both separators.
    return PurePath(path.replace("\\", "/")).name or path


def refusal_entries(report) -> list[tuple[str, str, str]]:
    """(kind, file name, reason) of every path an :class:`AddReport` did not add."""
    entries = [(DUPLICATE, _name(d["path"]), d.get("reason", "")) for d in report.duplicates]
    entries += [(str(r["kind"]), _name(r["path"]), r.get("reason", "")) for r in report.refused]
    return entries


def _kind_label(kind: str, n: int) -> str:
    if kind == DUPLICATE:
        return english_plural(QCoreApplication.translate("RefusalSummary", "%n duplicate(s)", None, n), n)
    return f"{n} {error_kind_text(kind)}"


def summary_text(entries: list[tuple[str, str, str]]) -> str:
    """ "12 not added: 10 duplicates, 2 unsupported" (the most frequent kinds first)."""
    counts = Counter(kind for kind, _, _ in entries)
    parts = ", ".join(_kind_label(kind, n) for kind, n in counts.most_common())
    total = len(entries)
    return english_plural(QCoreApplication.translate("RefusalSummary", "%n not added:", None, total), total) + " " + parts


class RefusalSummary(QWidget):
    """Feed it each add's report with :meth:`show_report`; it hides itself when nothing was
    refused. ``dismissed`` is emitted when the user closes it."""

    dismissed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("refusalSummary")
        self.setAccessibleName(self.tr("Files not added"))
        self.label = QLabel()
        self.label.setTextFormat(Qt.PlainText)
        self.label.setWordWrap(False)  # one line: a long summary is elided, the list has it all
        self.label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.toggle = QToolButton()
        self.toggle.setCheckable(True)
        self.toggle.setText(self.tr("Details"))
        self.toggle.setAccessibleName(self.tr("Show the files not added"))
        self.toggle.toggled.connect(self.set_expanded)
        self.close_button = QToolButton()
        self.close_button.setText("✕")
        self.close_button.setToolTip(self.tr("Dismiss"))
        self.close_button.setAccessibleName(self.tr("Dismiss"))
        self.close_button.clicked.connect(self.dismiss)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Files not added"))
        self.list.setUniformItemSizes(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.ElideMiddle)
        self.list.hide()
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.label, 1)
        line.addWidget(self.toggle)
        line.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.setSpacing(2)
        layout.addLayout(line)
        layout.addWidget(self.list)
        self._summary = ""
        self.hide()

    def show_report(self, report) -> None:
        """Replace what is shown with ``report``'s refusals (hidden when there are none)."""
        self.show_entries(refusal_entries(report))

    def show_entries(self, entries: list[tuple[str, str, str]]) -> None:
        self.list.clear()
        self.toggle.setChecked(False)
        if not entries:
            self._summary = ""
            self.hide()
            return
        self._summary = summary_text(entries)
        self._elide()
        self.label.setToolTip(self._summary)
        for kind, name, reason in entries:
            label = self.tr("duplicate") if kind == DUPLICATE else error_kind_text(kind)
            item = QListWidgetItem(f"{name} — {label}" + (f": {reason}" if reason else ""))
            item.setToolTip(f"{name}\n{reason}" if reason else name)
            self.list.addItem(item)
        rows = min(self.list.count(), VISIBLE_ROWS)
        self.list.setFixedHeight(self.list.sizeHintForRow(0) * rows + 2 * self.list.frameWidth() + 2)
        self.show()

    def set_expanded(self, expanded: bool) -> None:
        self.list.setVisible(expanded)
        self.toggle.setText(self.tr("Hide details") if expanded else self.tr("Details"))

    def dismiss(self) -> None:
        self.hide()
        self.list.clear()
        self.dismissed.emit()

    def summary(self) -> str:
        return self._summary

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        width = max(self.label.width(), 50)
        self.label.setText(self.label.fontMetrics().elidedText(self._summary, Qt.ElideRight, width))

