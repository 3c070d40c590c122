"""Issue 11, behaviour of the main window: each test is named after a defect observed on the
old window (pause, second launch, actions, language, Log tab, drop zone, dialogs, wording,
stale replies). The real window over the real core, offscreen, driven with pytest-qt."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading
import time

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragLeaveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QLineEdit

from docvec_gui.core import db as dbm
from docvec_gui.ui import main_window as main_window_module
from windowkit import close_window, isolated_qsettings, open_window, row_id, select, statuses  # noqa: E402

ERROR_DOC = "issue6010_1.pdf"  # encrypted: a quick, certain failure


@pytest.fixture()
def window(qtbot, settings_factory, tmp_path):
    isolated_qsettings(tmp_path)
    win = open_window(qtbot, settings_factory())
    yield win
    close_window(win)








def _copy(docs_dir, tmp_path, *names: str) -> list[str]:
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(docs_dir / name, inbox / name)
    return [str(inbox / name) for name in names]


def _mime(paths) -> QMimeData:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def _activity(win) -> str:
    return "\n".join(win.log_panel.activity_lines())


# -- 1. pause ---------------------------------------------------------------------------------
def test_pause_is_visible_immediate_and_kept_and_adding_does_not_resume(qtbot, settings_factory, tmp_path,
                                                                        docs_dir):
    """Old window: adding files silently resumed processing, pause was lost at restart, it had
    no indicator outside Health & queue and took ~17 s without feedback."""
    isolated_qsettings(tmp_path)
    settings = settings_factory()
    win = open_window(qtbot, settings)
    try:
        assert win.act_pause.isCheckable() and not win.act_pause.isChecked()
        assert win.act_pause in win.findChild(type(win.addToolBar("x")), "mainToolbar").actions()
        long_doc = _copy(docs_dir, tmp_path, "war-and-peace.txt")
        win.add_paths(long_doc)
        qtbot.waitUntil(lambda: "processing" in statuses(win).values(), timeout=60_000)

        win.act_pause.trigger()
        # Feedback at once, before the service has stopped anything.
        assert win.pause_label.isVisible() and win.pause_label.text() == "Pausing…"
        started = time.monotonic()
        qtbot.waitUntil(lambda: win.pause_label.text() == "Paused", timeout=15_000)
        assert time.monotonic() - started < 10
        assert win.act_pause.isChecked() and win.pause_label.isVisible()
        assert win.health.pause_button.text() == "Resume processing"
        qtbot.waitUntil(lambda: statuses(win)["war-and-peace.txt"] == "pending", timeout=10_000)
        assert not win.service.is_processing

        # Adding while paused queues the document and starts nothing.
        win.add_paths(_copy(docs_dir, tmp_path, "simple.odt"))
        qtbot.waitUntil(lambda: "simple.odt" in statuses(win), timeout=30_000)
        qtbot.wait(2000)
        assert set(statuses(win).values()) == {"pending"} and not win.service.is_processing
        # Re-processing while paused: pending, nothing starts.
        select(win, "simple.odt")
        win.act_reprocess.trigger()
        qtbot.wait(1500)
        assert statuses(win)["simple.odt"] == "pending" and not win.service.is_processing
    finally:
        close_window(win)

    # The pause is the library's: a new window on it opens paused, and says so.
    win = open_window(qtbot, settings)
    try:
        assert win.paused is True and win.act_pause.isChecked()
        assert win.pause_label.isVisible() and win.pause_label.text() == "Paused"
        qtbot.wait(1500)
        assert not win.service.is_processing
        win.act_pause.trigger()  # resume
        qtbot.waitUntil(lambda: win.paused is False and not win.pause_label.isVisible(), timeout=15_000)
        qtbot.waitUntil(lambda: statuses(win).get("simple.odt") == "completed", timeout=120_000)
        text = _activity(win)
        assert "Resumed processing" in text and "Completed: simple.odt" in text
    finally:
        close_window(win)


# -- 2. second launch -------------------------------------------------------------------------
def _second_launch(window, *files: str) -> subprocess.Popen:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.Popen([sys.executable, "-m", "docvec_gui", "gui", "--data-dir",
                             str(window.service.settings.data_dir), *files], env=env, stderr=subprocess.PIPE,
                            text=True)


@pytest.fixture()
def instance_server(window):
    from docvec_gui.ui.instance import InstanceServer

    server = InstanceServer(window.service.settings.data_dir, window)
    window.accept_handoffs(server)  # what app.py wires
    assert server.listen()
    yield server
    server.close()


def test_second_launch_without_files_raises_the_window(qtbot, window, instance_server):
    """Old window: a second launch with no files did nothing (the window stayed hidden)."""
    window.showMaximized()
    window.setWindowState(window.windowState() | Qt.WindowMinimized)
    assert window.isMinimized()
    raised = []
    instance_server.activation_requested.connect(lambda: raised.append(True))
    second = _second_launch(window)
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    assert second.returncode == 0, second.stderr.read()
    qtbot.waitUntil(lambda: bool(raised), timeout=5000)
    assert not window.isMinimized()
    assert window.windowState() & Qt.WindowMaximized, "restored to normal instead of its maximised state"


def test_second_launch_with_files_keeps_the_window_maximised(qtbot, window, instance_server, docs_dir, tmp_path):
    """Old window: a second launch that handed over files un-maximised the window."""
    window.showMaximized()
    assert window.isMaximized()
    second = _second_launch(window, *_copy(docs_dir, tmp_path, "simple.odt"))
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    assert second.returncode == 0, second.stderr.read()
    qtbot.waitUntil(lambda: "simple.odt" in statuses(window), timeout=15_000)
    assert window.isMaximized() and not window.isMinimized()


# -- 3. actions that cannot apply are disabled ---------------------------------------------------
def test_document_actions_disabled_when_they_cannot_apply(qtbot, window, docs_dir, tmp_path):
    """Old window: Re-process and Delete were enabled with nothing selected and did nothing."""
    actions = [window.act_reprocess, window.act_delete, window.act_open, window.act_show, window.act_copy_error]
    assert not any(a.isEnabled() for a in actions)
    window.add_paths(_copy(docs_dir, tmp_path, "simple.odt", ERROR_DOC))
    qtbot.waitUntil(lambda: set(statuses(window).values()) == {"completed", "error"} and len(statuses(window)) == 2,
                    timeout=120_000)
    assert not any(a.isEnabled() for a in actions)  # still nothing selected
    select(window, "simple.odt")
    assert all(a.isEnabled() for a in actions[:4]) and not window.act_copy_error.isEnabled()
    select(window, ERROR_DOC)
    assert all(a.isEnabled() for a in actions)
    window.act_copy_error.trigger()
    assert QApplication.clipboard().text().startswith(f"{ERROR_DOC}: encrypted")
    window.table.clearSelection()
    assert not any(a.isEnabled() for a in actions)


# -- 4. language -------------------------------------------------------------------------------
def test_language_change_is_not_claimed_applied_and_offers_a_restart(qtbot, window):
    """Old window: "Settings saved and applied" while the UI stayed English."""
    restarts = []
    window.restart_app = lambda: restarts.append(window.restart_app_dir)
    window.open_settings()
    dialog = window.settings_dialog
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    dialog.accept()
    qtbot.waitUntil(lambda: window.notice_box.isVisible(), timeout=10_000)
    assert "restart" in window.notice.text()
    assert window.statusBar().currentMessage() != "Settings saved and applied."
    assert window.notice_action.isVisible() and window.notice_action.text() == "Restart now"
    window.notice_action.click()
    assert restarts == [window.service.settings.data_dir]


def test_restart_command_starts_the_window_again(window):
    """The command behind "Restart now" is the window's own entry point."""
    from docvec_gui import __version__

    command = main_window_module.restart_command(window.service.settings.data_dir)
    assert command[-2:] == ["--data-dir", str(window.service.settings.data_dir)]
    done = subprocess.run([*command[:-2], "--version"], capture_output=True, text=True, timeout=60,
                          env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert done.returncode == 0 and __version__ in done.stdout + done.stderr


def test_statuses_and_error_kinds_are_translated_in_chinese(qtbot, window):
    """Old window: statuses and error reasons stayed English in the Chinese UI."""
    from docvec_gui.ui.i18n import error_kind_text, error_text, install_translators, status_text

    assert (status_text("completed"), error_kind_text("encrypted")) == ("completed", "encrypted")
    app = QApplication.instance()
    translators = install_translators(app, "zh_CN")
    try:
        assert status_text("pending") == "待处理" and status_text("error") == "错误"
        assert error_kind_text("encrypted") == "已加密" and error_kind_text("no_text") == "没有文本"
        assert error_text("corrupt: no xref table") == "文件损坏: no xref table"
        window._show_counts({"pending": 2, "completed": 1})
        assert "待处理: 2" in window.counts_label.text() and "已完成: 1" in window.counts_label.text()
    finally:
        for translator in translators:
            app.removeTranslator(translator)


# -- 5. the Log tab ----------------------------------------------------------------------------
def test_log_tab_records_adds_completions_failures_reprocess_delete_and_pause(qtbot, window, docs_dir, tmp_path):
    """Old window: the Log tab showed only the technical log, none of these events."""
    window.add_paths(_copy(docs_dir, tmp_path, "simple.odt", ERROR_DOC) + [str(docs_dir / "CantinaBand3.wav")])
    qtbot.waitUntil(lambda: set(statuses(window).values()) == {"completed", "error"} and len(statuses(window)) == 2,
                    timeout=120_000)
    qtbot.waitUntil(lambda: f"Failed: {ERROR_DOC}" in _activity(window), timeout=5000)
    text = _activity(window)
    assert "Added: simple.odt" in text and f"Added: {ERROR_DOC}" in text
    assert "Completed: simple.odt (" in text
    assert f"Failed: {ERROR_DOC} — encrypted: " in text  # with its reason
    assert "Not added: CantinaBand3.wav — unsupported" in text
    select(window, "simple.odt")
    window.act_reprocess.trigger()
    assert "Re-processing: simple.odt" in _activity(window)
    qtbot.waitUntil(lambda: _activity(window).count("Completed: simple.odt") == 2, timeout=60_000)
    select(window, "simple.odt")
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: "Deleted: simple.odt" in _activity(window), timeout=30_000)
    window.act_pause.trigger()
    qtbot.waitUntil(lambda: not window._pause_busy, timeout=15_000)
    assert "Paused processing" in _activity(window)


def test_log_activity_is_bounded(qtbot):
    from docvec_gui.ui.log_panel import MAX_ACTIVITY, LogPanel

    panel = LogPanel()
    qtbot.addWidget(panel)
    for number in range(MAX_ACTIVITY + 100):
        panel.record(f"event {number}")
    lines = panel.activity_lines()
    assert len(lines) == MAX_ACTIVITY and lines[-1].endswith(f"event {MAX_ACTIVITY + 99}")


# -- 6. drop zone, maximised window, dialogs, settings, wording --------------------------------------
def test_drop_zone_shows_hover_feedback(qtbot, window, docs_dir):
    """Old window: nothing changed while files were dragged over the drop zone."""
    zone = window.drop_zone
    before = zone.grab().toImage()
    mime = _mime([docs_dir / "simple.odt"])
    pos = zone.rect().center()
    enter = QDragEnterEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(zone, enter)
    assert enter.isAccepted()
    hovering = zone.grab().toImage()
    assert hovering != before, "the drop zone looks the same while a drop hovers over it"
    assert zone.label.text() == "Release to add"
    QApplication.sendEvent(zone, QDragLeaveEvent())
    assert zone.grab().toImage() == before


def test_drop_never_unmaximises_the_window(qtbot, window, docs_dir, tmp_path):
    window.showMaximized()
    paths = _copy(docs_dir, tmp_path, "simple.odt")
    mime = _mime(paths)
    pos = QPointF(window.drop_zone.rect().center())
    QApplication.sendEvent(window.drop_zone, QDragEnterEvent(pos.toPoint(), Qt.CopyAction, mime, Qt.LeftButton,
                                                             Qt.NoModifier))
    QApplication.sendEvent(window.drop_zone, QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier))
    qtbot.waitUntil(lambda: "simple.odt" in statuses(window), timeout=30_000)
    assert window.isMaximized()


def _answer_file_dialog(qtbot, choose: str | None) -> dict:
    """When the next QFileDialog opens: note its folder, then choose ``choose`` (or cancel)."""
    seen: dict = {}

    def poll() -> None:
        dialog = next((w for w in QApplication.topLevelWidgets() if isinstance(w, QFileDialog) and w.isVisible()),
                      None)
        if dialog is None:
            QTimer.singleShot(50, poll)
            return
        seen["folder"] = dialog.directory().absolutePath()
        if choose:
            # As typed by the user (selectFile waits for the folder's listing to load).
            dialog.findChild(QLineEdit, "fileNameEdit").setText(f'"{choose}"')
            dialog.done(QDialog.Accepted)
        else:
            dialog.done(QDialog.Rejected)

    QTimer.singleShot(50, poll)
    return seen


def test_file_dialogs_start_in_home_then_the_last_folder(qtbot, window, docs_dir, tmp_path, monkeypatch):
    """Old window: file dialogs opened in the repository (the working directory)."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    chosen = _copy(docs_dir, tmp_path, "simple.odt")[0]
    seen = _answer_file_dialog(qtbot, chosen)
    window.add_files_dialog()
    assert os.path.realpath(seen["folder"]) == os.path.realpath(home) != os.path.realpath(os.getcwd())
    qtbot.waitUntil(lambda: "simple.odt" in statuses(window), timeout=30_000)
    seen = _answer_file_dialog(qtbot, None)
    window.watch_folder_dialog()
    assert os.path.realpath(seen["folder"]) == os.path.realpath(tmp_path / "inbox")


def test_settings_path_fields_are_wide_enough(qtbot, window):
    """Old window: the Settings path fields showed a few characters of a path."""
    from docvec_gui.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.service.settings, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    wanted = dialog.data_dir.fontMetrics().averageCharWidth() * 40
    # At least 40 characters however small the dialog is made (the layout never shrinks it below).
    assert dialog.data_dir.minimumWidth() >= wanted and dialog.data_dir.width() >= wanted
    dialog.resize(200, dialog.height())
    qtbot.wait(50)
    assert dialog.data_dir.width() >= wanted


def test_counts_are_worded_with_proper_plurals(qtbot, window, docs_dir, tmp_path):
    """Old window: "Added 1 document(s)", "document(s)" everywhere."""
    from docvec_gui.ui.i18n import install_translators

    app = QApplication.instance()
    translators = install_translators(app, "en")
    try:
        assert translators, "the English plural forms did not load"
        assert window.tr("Added %n document(s)", "", 1) == "Added 1 document"
        assert window.tr("Added %n document(s)", "", 3) == "Added 3 documents"
        window.add_paths(_copy(docs_dir, tmp_path, "simple.odt"))
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Added 1 document", timeout=30_000)
    finally:
        for translator in translators:
            app.removeTranslator(translator)


# -- 7. stale replies ----------------------------------------------------------------------------
def _slow_first_fetch(monkeypatch) -> threading.Event:
    """The first row fetch reads the database, then takes 1.5 s to return: a later fetch
    overtakes it, as a busy pool does."""
    real = main_window_module._fetch_rows
    read, calls = threading.Event(), []

    def fetch(doc_ids):
        calls.append(doc_ids)
        result = real(doc_ids)
        if len(calls) == 1:
            read.set()
            time.sleep(1.5)
        return result

    monkeypatch.setattr(main_window_module, "_fetch_rows", fetch)
    return read


def test_an_older_row_reply_never_overwrites_a_newer_one(qtbot, window, docs_dir, tmp_path, monkeypatch):
    """Old window: replies were applied in completion order; an older one overwrote a newer."""
    window.add_paths(_copy(docs_dir, tmp_path, "simple.odt"))
    qtbot.waitUntil(lambda: statuses(window).get("simple.odt") == "completed", timeout=120_000)
    doc_id = row_id(window, "simple.odt")
    window.service.pause()  # what is added or re-processed now stays pending
    read = _slow_first_fetch(monkeypatch)
    window._refresh_rows({doc_id}, set())
    assert read.wait(10)  # the old reply holds "completed"
    window.service.reprocess(doc_id)  # now pending (paused: it stays so)
    qtbot.waitUntil(lambda: window.model.row_for(doc_id).status == "pending", timeout=10_000)
    qtbot.wait(2500)  # the old reply has arrived by now
    assert window.model.row_for(doc_id).status == "pending"
    assert dbm.Document.get_by_id(doc_id).status == "pending"


def test_an_older_row_reply_never_brings_back_a_deleted_row(qtbot, window, docs_dir, tmp_path, monkeypatch):
    window.service.pause()  # what is added or re-processed now stays pending
    window.add_paths(_copy(docs_dir, tmp_path, "simple.odt"))
    qtbot.waitUntil(lambda: "simple.odt" in statuses(window), timeout=30_000)
    doc_id = row_id(window, "simple.odt")
    read = _slow_first_fetch(monkeypatch)
    window._refresh_rows({doc_id}, set())
    assert read.wait(10)
    window.service.delete(doc_id)
    qtbot.waitUntil(lambda: window.model.row_for(doc_id) is None, timeout=10_000)
    qtbot.wait(2500)
    assert window.model.row_for(doc_id) is None, "a stale reply brought a deleted document back"


def test_deleting_a_selection_goes_on_past_a_document_already_deleted(qtbot, window, docs_dir, tmp_path):
    """Defect (screenshot suite): with a watched folder's rows still listed while its removal
    deleted them, Delete on the whole selection stopped at the first one already gone and left
    every later document in place."""
    paths = _copy(docs_dir, tmp_path, "simple.odt", "fake-email.eml", "testWORD_various.docx")
    report = window.service.add(paths, process=False)
    ids = [a["id"] for a in report.added]
    window.service.delete(ids[0])  # gone meanwhile, as a folder removal does
    window._delete_each(ids)  # what Delete runs on a worker thread for the selection
    assert [d.id for d in window.service.documents()] == []
