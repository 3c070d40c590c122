"""The file table's columns: widths that fit their content, the reason next to Status, and
the sort, widths, hidden columns and splitter position remembered between sessions.

State is stored by column *name* (JSON in QSettings), not as ``QHeaderView.saveState``
bytes, so that a column added or moved in a later version does not scramble it.
"""
from __future__ import annotations

import json
import logging

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import QHeaderView, QMenu, QSplitter, QTableView

from docvec_gui.ui.models import COLUMNS, status_text

log = logging.getLogger(__name__)

TABLE_KEY = "table/state"
SPLITTER_KEY = "window/splitter"
# When nothing is saved: the newest documents first.
DEFAULT_SORT = ("added", Qt.DescendingOrder)
# The columns' places on screen: what tells a document's fate first. The model's column
# numbers (models.COLUMNS) stay as they are; only the header's visual order changes.
DEFAULT_ORDER = ("name", "status", "error", "progress", "folder", "type", "size", "chunks", "added", "processed")
# Columns that cannot be hidden (the row would say nothing).
ALWAYS_SHOWN = ("name",)
# What each column must fit at its minimum (besides its header): samples of its widest value.
_SAMPLES = {
    "size": ("1023.9 MB",), "chunks": ("888,888",), "added": ("8888-88-88 88:88",),
    "processed": ("8888-88-88 88:88",), "type": ("docx-encrypted",), "progress": ("100% · page 888 of 888",),
}
# Upper bounds for the widths fitted to content, as a share of the table's width: long names
# and paths must not push the other columns off-screen.
_CAPS = {"name": 0.30, "folder": 0.22, "error": 0.26, "progress": 0.24}
# Starting widths (share of the table's width) for columns whose values vary in length, so
# that an empty table (first start) does not leave them at their header's width.
_STARTS = {"name": 0.26, "folder": 0.16, "error": 0.2}
_PADDING = 24  # cell margins, plus the header's sort indicator


def column_minimum(view: QTableView, column: str) -> int:
    """The narrowest a column may be: its header and its sample values fit in full."""
    model = view.model()
    section = COLUMNS.index(column)
    header = view.horizontalHeader()
    header_text = str(model.headerData(section, Qt.Horizontal, Qt.DisplayRole) or "")
    bold = header.font()
    bold.setBold(True)  # some styles draw the sorted column's header bold
    width = QFontMetrics(bold).horizontalAdvance(header_text)
    metrics = view.fontMetrics()
    samples = _SAMPLES.get(column, ())
    if column == "status":
        samples = tuple(status_text(s) + " ⚠" for s in ("pending", "processing", "completed", "error"))
    for sample in samples:
        width = max(width, metrics.horizontalAdvance(sample))
    return width + _PADDING


def fit_columns(view: QTableView, sample_rows: int = 200) -> None:
    """Each column as wide as its header and the values of the first rows (bounded), never
    below its minimum. Reads at most ``sample_rows`` rows: sizing to every row (Qt's
    ResizeToContents) would call the model for each of 100,000 rows at every change."""
    model, header, metrics = view.model(), view.horizontalHeader(), view.fontMetrics()
    # The table's own width (the splitter gives it ~55% of the window): at 1280 px, name,
    # status, reason and progress must all fit without scrolling.
    total = max(view.viewport().width(), 480)
    rows = min(model.rowCount(), sample_rows)
    for section, column in enumerate(COLUMNS):
        width = max(column_minimum(view, column), int(total * _STARTS.get(column, 0)))
        for row in range(rows):
            text = model.index(row, section).data(Qt.DisplayRole)
            if text:
                width = max(width, metrics.horizontalAdvance(str(text)) + _PADDING)
        if column in _CAPS:
            width = min(width, max(int(total * _CAPS[column]), column_minimum(view, column)))
        header.resizeSection(section, width)


def setup_columns(view: QTableView) -> None:
    """Interactive columns fitted to content, in :data:`DEFAULT_ORDER` (the reason right after
    Status, both near the name so they show in a narrow pane), no column narrower than its
    minimum (dates are never cut)."""
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.Interactive)
    # No stretched last section: Qt squeezes it below its minimum when the pane is narrow
    # (a cut date); a horizontal scroll bar is the honest answer instead.
    header.setStretchLastSection(False)
    header.setSectionsMovable(True)
    header.setTextElideMode(Qt.ElideRight)
    header.setMinimumSectionSize(min(column_minimum(view, c) for c in COLUMNS))
    _order_columns(header, DEFAULT_ORDER)
    fit_columns(view)
    minimums = {COLUMNS.index(c): column_minimum(view, c) for c in COLUMNS}
    busy = []

    def keep_minimum(section: int, _old: int, new: int) -> None:
        floor = minimums.get(section, 0)
        last = header.logicalIndex(header.count() - 1)
        # Not the stretched last section (its width is the header's to set), nor re-entrant.
        if busy or (section == last and header.stretchLastSection()):
            return
        if 0 < new < floor and not header.isSectionHidden(section):
            busy.append(True)
            try:
                header.resizeSection(section, floor)
            finally:
                busy.clear()

    header.sectionResized.connect(keep_minimum)


def _order_columns(header: QHeaderView, names) -> None:
    """Put the named columns at the first visual places, in that order."""
    for visual, name in enumerate(c for c in names if c in COLUMNS):
        current = header.visualIndex(COLUMNS.index(name))
        if current != visual:
            header.moveSection(current, visual)


# -- remembered state ---------------------------------------------------------------------
def table_state(view: QTableView) -> dict:
    """Sort, widths, hidden columns and order of the view, by column name."""
    header = view.horizontalHeader()
    section = header.sortIndicatorSection()
    return {
        "sort": COLUMNS[section] if 0 <= section < len(COLUMNS) else None,
        "order": "descending" if header.sortIndicatorOrder() == Qt.DescendingOrder else "ascending",
        "widths": {c: header.sectionSize(i) for i, c in enumerate(COLUMNS) if not header.isSectionHidden(i)},
        "hidden": [c for i, c in enumerate(COLUMNS) if header.isSectionHidden(i)],
        "order_of_columns": [COLUMNS[header.logicalIndex(v)] for v in range(header.count())],
    }


def save_table_state(settings: QSettings, view: QTableView, key: str = TABLE_KEY) -> None:
    settings.setValue(key, json.dumps(table_state(view)))


def restore_table_state(settings: QSettings, view: QTableView, key: str = TABLE_KEY) -> bool:
    """Apply the saved state (unknown or damaged parts are ignored, with a log line); with
    nothing saved, sort by the added date, newest first. True when a state was saved (then
    its widths stand; else fit the columns to the rows once they are loaded)."""
    state = _load(settings.value(key))
    header = view.horizontalHeader()
    order = state.get("order_of_columns")
    if isinstance(order, list):
        _order_columns(header, order)
    for name, width in (state.get("widths") or {}).items():
        if name in COLUMNS and isinstance(width, int) and width > 0:
            header.resizeSection(COLUMNS.index(name), width)
    hidden = set(state.get("hidden") or ()) - set(ALWAYS_SHOWN)
    for section, name in enumerate(COLUMNS):
        header.setSectionHidden(section, name in hidden)
    column, direction = DEFAULT_SORT
    if state.get("sort") in COLUMNS:
        column = state["sort"]
        direction = Qt.DescendingOrder if state.get("order") == "descending" else Qt.AscendingOrder
    view.sortByColumn(COLUMNS.index(column), direction)
    return bool(state.get("widths"))


def _load(value) -> dict:
    if not value:
        return {}
    try:
        state = json.loads(value if isinstance(value, str) else bytes(value).decode())
    except (ValueError, TypeError) as exc:
        log.warning("saved table state ignored (unreadable): %s", exc)
        return {}
    if not isinstance(state, dict):
        log.warning("saved table state ignored (not an object): %r", type(state).__name__)
        return {}
    return state


def save_splitter(settings: QSettings, splitter: QSplitter, key: str = SPLITTER_KEY) -> None:
    settings.setValue(key, splitter.saveState())


def restore_splitter(settings: QSettings, splitter: QSplitter, key: str = SPLITTER_KEY) -> bool:
    """Restore the splitter's sizes; False (sizes untouched) when none were saved."""
    state = settings.value(key)
    if state is None:
        return False
    if not splitter.restoreState(state):
        log.warning("saved splitter position ignored: unreadable")
        return False
    return True


# -- showing and hiding columns ---------------------------------------------------------------
def column_menu(view: QTableView) -> QMenu:
    """A menu with a check per column: shown or hidden (the name column always shows)."""
    header = view.horizontalHeader()
    model = view.model()
    menu = QMenu(header)
    menu.setTitle(QCoreApplication.translate("TableState", "Columns"))
    for section, name in enumerate(COLUMNS):
        action = QAction(str(model.headerData(section, Qt.Horizontal, Qt.DisplayRole) or name), menu)
        action.setCheckable(True)
        action.setChecked(not header.isSectionHidden(section))
        action.setEnabled(name not in ALWAYS_SHOWN)
        action.setData(name)
        action.toggled.connect(lambda shown, s=section: _show_column(view, s, shown))
        menu.addAction(action)
    menu.addSeparator()
    fit = menu.addAction(QCoreApplication.translate("TableState", "Fit columns to content"))
    fit.triggered.connect(lambda: fit_columns(view))
    return menu


def _show_column(view: QTableView, section: int, shown: bool) -> None:
    header = view.horizontalHeader()
    header.setSectionHidden(section, not shown)
    if shown and header.sectionSize(section) < column_minimum(view, COLUMNS[section]):
        header.resizeSection(section, column_minimum(view, COLUMNS[section]))


def install_column_menu(view: QTableView) -> None:
    """Right-click on the header: choose the columns shown."""
    header = view.horizontalHeader()
    header.setContextMenuPolicy(Qt.CustomContextMenu)

    def popup(pos) -> None:
        menu = column_menu(view)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(header.mapToGlobal(pos))

    header.customContextMenuRequested.connect(popup)


# New strings of helper T (table & details) with their Simplified Chinese, for
# build_scripts/translations.py (keyed by source text, like its ZH).
ZH_T: dict[str, str] = {
    "Reason": "原因", "Columns": "列", "Fit columns to content": "按内容调整列宽", "extracting…": "正在提取…",
    "extracting page %1/%2": "正在提取第 %1/%2 页", "OCR page %1/%2": "正在识别第 %1/%2 页（OCR）",
    "embedding %1/%2 chunks": "正在嵌入 %1/%2 个分块", "page %1 of %2": "第 %1 页，共 %2 页",
    "%n chunk(s)": "%n 个分块", "about %1 left": "约剩 %1", "%n s": "%n 秒", "%n min": "%n 分钟", "%1 h": "%1 小时",
    # ui/refusals.py
    "%n duplicate(s)": "%n 个重复", "%n not added:": "%n 个未添加：", "Files not added": "未添加的文件",
    "Show the files not added": "显示未添加的文件", "Hide details": "隐藏详情",
    # ui/detail_pane.py
    "Show earlier chunks": "显示前面的分块", "Chunks could not be read: %1": "无法读取分块：%1",
    # ui/throughput.py (context "Throughput", marked in models.THROUGHPUT_STRINGS)
    "Measuring speed…": "正在测算速度…", "%1 docs/min": "%1 个文档/分钟", "< 1 min": "不到 1 分钟", "%n h": "%n 小时",
    "less than a minute left": "剩余不到 1 分钟",
}
