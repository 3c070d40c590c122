"""The real window in UI tests (tests/test_ui*.py): opening and closing it over a real
service with its own QSettings, and reading and selecting its table rows."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSettings

from docvec_gui.core.service import Service
from docvec_gui.ui.main_window import MainWindow
from docvec_gui.ui.models import IdRole


def isolated_qsettings(tmp_path) -> None:
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("docvec-tests")


def open_window(qtbot, settings) -> MainWindow:
    service = Service(settings).open()
    win = MainWindow(service)
    win.confirm = lambda text: True
    win.ask_on_close = lambda: "stop"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win._painted, timeout=5000)
    # The library's pause state is read off the Qt thread after the first paint; the Log
    # tab's "Added" lines start when the first load of the rows is over.
    qtbot.waitUntil(lambda: win.paused is not None and win._rows_loaded_once, timeout=10_000)
    return win


def close_window(win: MainWindow) -> None:
    win._closing = True
    win.bridge.close()
    win.close()
    win.background.wait(60000)
    win.service.close(timeout=30, finish=False)  # a long document in progress is not waited for


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
