"""Reading and selecting the real window's table rows in UI tests (tests/test_ui*.py)."""
from __future__ import annotations

from docvec_gui.ui.models import IdRole


def statuses(win) -> dict[str, str]:
    """{file name: status} of every row the table holds."""
    return {win.model.row_for(i).filename: win.model.row_for(i).status for i in win.model.ids()}


def row_id(win, filename: str) -> str:
    return next(i for i in win.model.ids() if win.model.row_for(i).filename == filename)


def select(win, filename: str) -> None:
    """Select ``filename``'s row as a click would (through the filter model)."""
    doc_id = row_id(win, filename)
    for row in range(win.proxy.rowCount()):
        if win.proxy.index(row, 0).data(IdRole) == doc_id:
            win.table.selectRow(row)
            return
    raise AssertionError(f"{filename} not in the table")
