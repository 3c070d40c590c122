"""The real window over the real core (offscreen), driven with pytest-qt."""
from __future__ import annotations

import shutil
import threading

import pytest

from PySide6.QtCore import QCoreApplication, QMimeData, QPoint, QPointF, QSettings, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDragEnterEvent, QDropEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from conftest import ARTIFACTS  # noqa: E402
from docvec_gui.core import db as dbm  # noqa: E402
from docvec_gui.core.service import Service  # noqa: E402
from docvec_gui.ui.main_window import MainWindow  # noqa: E402
from windowkit import row_id, select, statuses  # noqa: E402
from docvec_gui.ui.models import COLUMNS, DocRow, DocumentTableModel  # noqa: E402

FILES = ["maint-guide.en.txt", "stress016-medical-notice.docx", "Bug51170-pt.docx"]
FOLDER = ["simple.odt", "fake-email.eml"]


@pytest.fixture()
def window(qtbot, settings_factory, tmp_path):
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("docvec-tests")
    service = Service(settings_factory()).open()
    win = MainWindow(service)
    win.confirm = lambda text: True
    win.ask_on_close = lambda: "stop"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win._painted, timeout=5000)
    yield win
    win._closing = True
    win.close()
    win.background.wait(60000)
    service.close(timeout=60)


def _screenshot(widget, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    assert widget.grab().save(str(ARTIFACTS / f"{name}.png"))


def _drop(target, paths) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    pos = QPointF(target.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)  # noqa
    QApplication.sendEvent(target, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    QApplication.sendEvent(target, drop)








def _watch(win) -> dict[str, list[str]]:
    """Record each document's status as the table shows it, in order."""
    seen: dict[str, list[str]] = {}

    def record(*_):
        for doc_id in win.model.ids():
            row = win.model.row_for(doc_id)
            history = seen.setdefault(row.filename, [])
            if not history or history[-1] != row.status:
                history.append(row.status)

    win.model.dataChanged.connect(record)
    win.model.rowsInserted.connect(record)
    return seen


def _add_and_wait(qtbot, win, docs_dir, tmp_path, names, timeout=180_000):
    inbox = tmp_path / "inbox"
    inbox.mkdir(exist_ok=True)
    for name in names:
        shutil.copy(docs_dir / name, inbox / name)
    _drop(win.drop_zone, [inbox / n for n in names])
    qtbot.waitUntil(lambda: len(win.model.ids()) >= len(names), timeout=30_000)
    qtbot.waitUntil(lambda: all(s == "completed" for s in statuses(win).values()), timeout=timeout)


def test_drop_files_and_folder_then_watch_progress(qtbot, window, docs_dir, tmp_path):
    seen = _watch(window)
    inbox = tmp_path / "inbox"
    folder = inbox / "folder"
    folder.mkdir(parents=True)
    for name in FILES:
        shutil.copy(docs_dir / name, inbox / name)
    for name in FOLDER:
        shutil.copy(docs_dir / name, folder / name)
    _drop(window.drop_zone, [inbox / n for n in FILES] + [folder])
    qtbot.waitUntil(lambda: len(window.model.ids()) == 5, timeout=30_000)
    _screenshot(window, "window-ingesting")
    qtbot.waitUntil(lambda: all(s == "completed" for s in statuses(window).values()), timeout=240_000)
    assert set(seen) == set(FILES + FOLDER)
    order = ["pending", "processing", "completed"]
    for name, history in seen.items():
        # Coalescing (~100 ms) may skip a state, never reorder: each history follows the order.
        assert history == sorted(history, key=order.index) and history[-1] == "completed", (name, history)
    assert sum(h[0] == "pending" for h in seen.values()) >= 3  # two workers: the rest wait in the queue
    assert any(h == order for h in seen.values()), seen
    assert all(window.model.row_for(i).chunk_count > 0 for i in window.model.ids())
    assert "completed: 5" in window.counts_label.text()
    _screenshot(window, "window-completed")


def test_refused_file_shows_its_reason(qtbot, window, docs_dir):
    _drop(window, [docs_dir / "CantinaBand3.wav", docs_dir / "testTinyPE.exe"])
    qtbot.waitUntil(lambda: window.refusals.isVisible(), timeout=10_000)
    assert window.refusals.summary() == "2 not added: 2 unsupported"
    text = "\n".join(window.refusals.list.item(i).text() for i in range(window.refusals.list.count()))
    assert "CantinaBand3.wav — unsupported: not a document (WAV audio)" in text
    assert "testTinyPE.exe — unsupported" in text
    assert window.model.ids() == []
    _screenshot(window, "window-refused")


def test_search_shows_highlighted_hits_and_previews_them(qtbot, window, docs_dir, tmp_path):
    _add_and_wait(qtbot, window, docs_dir, tmp_path, ["google-doc-document.pdf", "fake-email.eml"])
    window.focus_search()
    qtbot.keyClicks(window.search_panel.query, "namespaces honking great idea")
    qtbot.keyClick(window.search_panel.query, Qt.Key_Return)
    panel = window.search_panel
    qtbot.waitUntil(lambda: panel.result_count() > 0, timeout=30_000)
    first = panel.result_at(0)
    assert first.filename == "google-doc-document.pdf"
    from docvec_gui.ui.search_panel import HIGHLIGHT_CLOSE, HIGHLIGHT_OPEN

    assert f"{HIGHLIGHT_OPEN}honking{HIGHLIGHT_CLOSE}" in panel.result_html(0)
    # The best hit is previewed in the app, with the text around it (nothing opened).
    qtbot.waitUntil(lambda: panel.preview.result is first and not panel.preview.note.text(), timeout=10_000)
    assert first.text in panel.preview.body.toPlainText()
    _screenshot(window, "window-search")


def test_reprocess_and_delete(qtbot, window, docs_dir, tmp_path):
    _add_and_wait(qtbot, window, docs_dir, tmp_path, ["simple.odt", "fake-email.eml"])
    doc_id = row_id(window, "simple.odt")
    first_processed = window.model.row_for(doc_id).processed_at
    events = []
    window.bridge.event.connect(lambda e: events.append((e.doc_id, e.status)))
    select(window, "simple.odt")
    window.act_reprocess.trigger()
    qtbot.waitUntil(lambda: window.model.row_for(doc_id).processed_at != first_processed
                    and window.model.row_for(doc_id).status == "completed", timeout=60_000)
    seen = [s for d, s in events if d == doc_id]
    distinct = [s for i, s in enumerate(seen) if i == 0 or seen[i - 1] != s]
    assert distinct == ["pending", "processing", "completed"]

    select(window, "fake-email.eml")
    gone = row_id(window, "fake-email.eml")
    assert window.service.vectors().count_document(gone) > 0
    window.act_delete.trigger()
    qtbot.waitUntil(lambda: gone not in window.model.ids(), timeout=30_000)
    assert window.service.vectors().count_document(gone) == 0
    assert dbm.Document.get_or_none(dbm.Document.id == gone) is None


@pytest.fixture()
def handoff(window):
    """The window's single-instance server, and a way to run a second process against it."""
    import os
    import subprocess
    import sys

    from docvec_gui.ui.instance import InstanceServer

    server = InstanceServer(window.service.settings.data_dir, window)
    server.received.connect(window.add_paths)
    assert server.listen()

    def launch(*args: str) -> subprocess.Popen:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.Popen([sys.executable, "-m", "docvec_gui", *args[:1], "--data-dir",
                                 str(window.service.settings.data_dir), *args[1:]],
                                env=env, stderr=subprocess.PIPE, text=True)

    yield launch
    server.close()


def test_second_instance_hands_off_files(qtbot, window, handoff, docs_dir):
    """A second `docvec-gui FILE` process gives the file to the running window and exits."""
    second = handoff("gui", str(docs_dir / "simple.odt"))
    qtbot.waitUntil(lambda: second.poll() is not None, timeout=30_000)
    assert second.returncode == 0
    qtbot.waitUntil(lambda: "simple.odt" in statuses(window), timeout=10_000)


def test_closing_while_processing_can_stop_and_resume_later(qtbot, window, docs_dir, tmp_path):
    shutil.copy(docs_dir / "war-and-peace.txt", tmp_path / "long.txt")
    window.add_paths([str(tmp_path / "long.txt")])
    qtbot.waitUntil(lambda: "processing" in statuses(window).values(), timeout=60_000)
    asked = []
    window.ask_on_close = lambda: asked.append(True) or "stop"
    window.close()
    qtbot.waitUntil(lambda: not window.service.is_processing, timeout=60_000)
    window.background.wait(60000)
    assert asked == [True]
    assert dbm.Document.get().status == "pending"  # resumes at the next start


def test_model_passes_qtmodeltester(qtmodeltester):
    model = DocumentTableModel()
    rows = [DocRow(f"id{i}", f"file{i}.txt", "text", 100 * i, "pending", 0.0, 0, "", "", None, None, "", "")
            for i in range(5)]
    model.apply(rows)
    model.apply([DocRow("id1", "file1.txt", "text", 100, "completed", 1.0, 3, "", "", None, None, "", "")])
    model.remove({"id3"})
    assert model.rowCount() == 4 and model.columnCount() == len(COLUMNS)
    qtmodeltester.check(model, force_py=True)


def test_incremental_updates_never_reset(qtbot):
    model = DocumentTableModel()
    resets = []
    model.modelReset.connect(lambda: resets.append(True))
    changed = []
    model.dataChanged.connect(lambda a, b: changed.append((a.row(), b.row())))
    rows = [DocRow(f"id{i}", f"f{i}", "text", 1, "pending", 0.0, 0, "", "", None, None, "", "") for i in range(10)]
    model.apply(rows)
    updates = [DocRow(f"id{i}", f"f{i}", "text", 1, "processing", 0.5, 0, "", "", None, None, "", "")
               for i in (2, 3, 4, 7)]
    model.apply(updates)
    assert changed == [(2, 4), (7, 7)]  # contiguous ranges, one signal each
    assert resets == []


def test_chinese_ui_strings_load(qtbot, window):
    from docvec_gui.ui.i18n import install_translators

    app = QApplication.instance()
    translators = install_translators(app, "zh_CN")
    try:
        assert translators, "the zh_CN translation file did not load"
        assert DocumentTableModel().headerData(0, Qt.Horizontal) == "名称"
        zh_window = MainWindow(window.service)
        qtbot.addWidget(zh_window)
        titles = [a.text() for a in zh_window.menuBar().actions()]
        assert titles[:2] == ["文件(&F)", "文档(&D)"]
        assert zh_window.drop_zone.label.text() == "将文档或文件夹拖放到这里"
        zh_window.show()
        _screenshot(zh_window, "window-zh_CN")
        zh_window._closing = True
        zh_window.bridge.close()
        zh_window.close()
    finally:
        for translator in translators:
            app.removeTranslator(translator)


def test_cli_add_hands_files_to_the_window(qtbot, window, handoff, docs_dir):
    """`docvec add` never opens a data directory the window owns; it hands the files over."""
    cli = handoff("add", str(docs_dir / "fake-email.eml"))
    qtbot.waitUntil(lambda: cli.poll() is not None, timeout=30_000)
    assert cli.returncode == 0 and "handed 1 path(s) to the running docvec window" in cli.stderr.read()
    qtbot.waitUntil(lambda: "fake-email.eml" in statuses(window), timeout=10_000)


def test_signal_emission_keeps_refcounts(qapp):
    """PySide6 6.12.0 leaks a reference of True per emit and aborts after a few thousand
    signals; the window emits one per core event, so this guards the pinned version."""
    import sys

    from PySide6.QtCore import QObject, Signal

    class Emitter(QObject):
        fired = Signal(object)

    emitter = Emitter()
    emitter.fired.connect(lambda value: None)
    before = sys.getrefcount(True)
    for number in range(5000):
        emitter.fired.emit(number)
    assert abs(sys.getrefcount(True) - before) < 50


def test_app_fault_is_a_banner_that_clears_itself(qtbot, window, settings_factory):
    """The real fault path: the vector-store child is SIGKILLed, processing pauses with a
    banner, and the banner goes when the store is back (no document verdict)."""
    import os
    import signal

    store = window.service.vectors()
    os.kill(store.pid, signal.SIGKILL)
    window.background.run(lambda: window.service.health(load=True))  # the next call notices and restarts
    qtbot.waitUntil(lambda: window.notice_box.isVisible() and "paused" in window.notice.text(), timeout=30_000)
    assert "vector_store" in window.notice.text()
    _screenshot(window, "fault-banner")
    qtbot.waitUntil(lambda: not window.notice_box.isVisible(), timeout=60_000)
    assert store.available


def test_verify_and_repair_rebuilds_lost_vectors(qtbot, window, docs_dir):
    _drop(window, [docs_dir / "simple.odt"])
    qtbot.waitUntil(lambda: set(statuses(window).values()) == {"completed"}, timeout=120_000)
    store = window.service.vectors()
    doc_id = window.model.ids()[0]
    store.delete_document(doc_id)  # the vectors go missing behind the app's back
    window.health.verify_button.click()
    qtbot.waitUntil(lambda: window.notice_box.isVisible() and "missing_vectors" in window.notice.text(),
                    timeout=60_000)
    qtbot.waitUntil(lambda: store.count_document(doc_id) == window.service.document(doc_id).chunk_count > 0,
                    timeout=120_000)
