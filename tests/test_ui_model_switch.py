"""Switching the embedding model from the window (issue 9): Settings → Model lists the models,
asks with the chunk count and an estimate, runs the re-embed off the Qt thread with progress,
can be stopped and offers to resume, and searches use the new model after. Real service, real
models from ../shared/models, real documents."""
from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer

from conftest import ARTIFACTS
from docvec_gui.core import librarymodel
from docvec_gui.core.service import Service
from docvec_gui.ui.main_window import MainWindow

DOCS = ["ude_french_latin1.txt", "ude_russian_utf8.txt", "ude_windows1252.txt", "testTXTNonASCIIUTF8.txt"]


@pytest.fixture()
def library(settings_factory, docs_dir):
    """A small library embedded with all-MiniLM-L6-v2: (settings, chunk count)."""
    settings = settings_factory(workers=1)
    with Service(settings) as svc:
        ids = [a["id"] for a in svc.add([docs_dir / n for n in DOCS]).added]
        svc.start_processing()
        assert svc.wait_idle(ids, timeout=180)
        assert {svc.document(i).status for i in ids} == {"completed"}
        total = sum(svc.document(i).chunk_count for i in ids)
    assert total > 0
    return settings, total


@pytest.fixture()
def window(qtbot, library, tmp_path):
    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("docvec-tests")
    settings, _ = library
    service = Service(settings).open()
    win = MainWindow(service)
    win.ask_on_close = lambda: "stop"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win._painted, timeout=5000)
    yield win
    win._closing = True
    if win._switch_job is not None:
        win._switch_job.cancel()
    win.close()
    win.background.wait(120000)
    service.close(timeout=60)


def _open_settings(qtbot, win):
    win.open_settings()
    dialog = win.settings_dialog
    qtbot.waitUntil(lambda: dialog.info is not None, timeout=60000)
    return dialog


def _listed(dialog) -> dict[str, object]:
    return {dialog.model_list.item(r).data(Qt.UserRole).name: dialog.model_list.item(r).data(Qt.UserRole)
            for r in range(dialog.model_list.count())}


class _Ticks:
    """A 50 ms QTimer on the Qt thread and a 20 ms sleeper thread. A gap between the timer's
    ticks that the sleeper shares is a stall of the whole process (a C extension holding the
    GIL, e.g. a tokenizer loading); a gap the sleeper does not share is the Qt thread itself
    busy, which the switch must never cause."""

    def __init__(self) -> None:
        self.times: list[float] = []
        self.sleeper: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sleep, name="tick-sleeper", daemon=True)
        self.timer = QTimer()
        self.timer.setInterval(50)
        self.timer.timeout.connect(lambda: self.times.append(time.monotonic()))

    def _sleep(self) -> None:
        while not self._stop.wait(0.02):
            self.sleeper.append(time.monotonic())

    def __enter__(self):
        self.times.append(time.monotonic())
        self._thread.start()
        self.timer.start()
        return self

    def __exit__(self, *exc) -> None:
        self.timer.stop()
        self.times.append(time.monotonic())
        self._stop.set()
        self._thread.join(5)

    def gaps(self) -> list[tuple[float, float]]:
        return [(a, b) for a, b in zip(self.times, self.times[1:])]

    def longest_gap(self) -> float:
        return max(b - a for a, b in self.gaps())

    def longest_own_block(self) -> float:
        """The longest time the Qt thread was blocked while the rest of the process ran."""
        worst = 0.0
        for a, b in self.gaps():
            stalled = max((min(b, d) - max(a, c) for c, d in zip(self.sleeper, self.sleeper[1:]) if d > a and c < b),
                          default=0.0)
            worst = max(worst, (b - a) - max(stalled, 0.0))
        return worst


def _confirming(win, questions: list[str], reports: list[float]):
    """A confirm hook that says yes and records, as they reach the Qt thread, the times of
    the switch job's progress reports (the job exists once the confirmation returns)."""
    def hook() -> None:
        if win._switch_job is not None:
            win._switch_job.progress.connect(lambda *_: reports.append(time.monotonic()))

    def confirm(text: str) -> bool:
        questions.append(text)
        QTimer.singleShot(0, hook)
        return True

    return confirm


def _responsive(ticks: _Ticks) -> None:
    # Whole-process stalls (the multilingual tokenizer.json loads holding the GIL, a core
    # matter) are allowed; the Qt thread itself must never be what is busy.
    print(f"longest gap {ticks.longest_gap():.2f} s, longest own block {ticks.longest_own_block():.2f} s")
    assert ticks.longest_own_block() < 0.5, f"the Qt thread was blocked for {ticks.longest_own_block():.2f} s"
    assert len(ticks.times) > 20


def test_switch_from_settings_stop_resume_and_search(qtbot, window, library, model_dir, multilingual_dir,
                                                     tmp_path):
    _, total = library
    win = window
    dialog = _open_settings(qtbot, win)
    listed = _listed(dialog)
    assert listed["all-MiniLM-L6-v2"].in_use and not listed["multilingual-e5-small"].in_use
    assert "all-MiniLM-L6-v2" in dialog.model_current.text() and f"{total:,}" in dialog.model_current.text()
    ARTIFACTS.mkdir(exist_ok=True)
    assert dialog.grab().save(str(ARTIFACTS / "settings-model.png"))
    # The model in use cannot be "switched" to.
    assert dialog.select_model(model_dir) and not dialog.model_switch.isEnabled()

    # Browsing: a folder without a model is refused with a message; a model folder is taken.
    empty = tmp_path / "not-a-model"
    empty.mkdir()
    (empty / "readme.txt").write_text("no model here")
    assert not dialog.add_model_folder(empty)
    assert dialog.model_message.isVisible() and "Not a model folder" in dialog.model_message.text()
    assert dialog.add_model_folder(multilingual_dir)
    assert dialog.selected_model() == multilingual_dir.resolve() and dialog.model_switch.isEnabled()
    assert dialog.model_switch.text() == "Switch…"

    # Ask; the confirmation carries the chunk count. Stop after the first document's batch.
    questions: list[str] = []
    reports: list[float] = []
    win.confirm = _confirming(win, questions, reports)
    stopped = []

    def stop_once(value: int) -> None:
        if value > 0 and not stopped and win._switch_job is not None:
            stopped.append(value)
            win.switch_stop.click()

    win.switch_bar.valueChanged.connect(stop_once)
    with _Ticks() as ticks:
        dialog.model_switch.click()
        qtbot.waitUntil(lambda: bool(questions), timeout=120000)
        qtbot.waitUntil(lambda: win._switch_job is not None or win.notice_box.isVisible(), timeout=10000)
        assert win.switch_row.isVisible() and not dialog.model_switch.isEnabled()
        # Searches answer (with the current model) while the switch runs.
        win.search_panel.query.setText("visa Schengen")
        win.search_panel.button.click()
        qtbot.waitUntil(lambda: win._switch_job is None, timeout=180000)
    assert questions[0].startswith(f"Re-embed {total:,} chunks with multilingual-e5-small?"), questions[0]
    assert "Searches keep working" in questions[0]
    assert stopped, "no progress reached the window"
    _responsive(ticks)
    assert win.search_panel.results.count() > 0
    # Stopped: the library keeps its model; the banner offers to resume.
    assert librarymodel.recorded().name == "all-MiniLM-L6-v2"
    assert win.notice_box.isVisible() and "stopped" in win.notice.text()
    assert win.notice_action.isVisible() and win.notice_action.text() == "Resume…"

    # Settings now offers to resume that model; so does the window at its next start.
    qtbot.waitUntil(lambda: dialog.info.interrupted is not None, timeout=30000)
    assert dialog.select_model(multilingual_dir) and dialog.model_switch.text() == "Resume…"
    win.hide_notice()
    win._warmed_up()  # what the window does once it is up: look for a switch that was stopped
    qtbot.waitUntil(lambda: win.notice_box.isVisible(), timeout=30000)
    assert "stopped before it finished" in win.notice.text() and win.notice_action.text() == "Resume…"

    # Resume from the banner: the question says how much is done; this time it completes.
    win.switch_bar.valueChanged.disconnect(stop_once)
    with _Ticks() as ticks:
        win.notice_action.click()
        qtbot.waitUntil(lambda: len(questions) == 2, timeout=120000)
        qtbot.waitUntil(lambda: win._switch_job is None and win.notice_box.isVisible(), timeout=180000)
    _responsive(ticks)
    assert len(reports) >= 2, "progress did not reach the window during the switch"
    assert "chunks are done" in questions[1] and f"of {total:,}" in questions[1], questions[1]
    assert "now uses multilingual-e5-small" in win.notice.text(), win.notice.text()
    assert librarymodel.recorded().name == "multilingual-e5-small"
    assert win.service.components.vectors().name == "docvec-multilingual-e5-small-384"

    # The dialog (still open) shows the new model; search by meaning uses it: a Chinese
    # question finds the French text about visas.
    qtbot.waitUntil(lambda: "multilingual-e5-small" in dialog.model_current.text(), timeout=30000)
    assert _listed(dialog)["multilingual-e5-small"].in_use
    win.search_panel.results.clear()
    win.search_panel.mode.setCurrentIndex(win.search_panel.mode.findData("vector"))
    win.search_panel.query.setText("去法国需要办理什么签证")
    win.search_panel.button.click()
    qtbot.waitUntil(lambda: win.search_panel.results.count() > 0, timeout=60000)
    assert win.search_panel.results.item(0).data(Qt.UserRole).filename == "ude_french_latin1.txt"
    dialog.reject()


def test_switch_refused_when_the_environment_pins_the_model(qtbot, window, multilingual_dir, monkeypatch):
    monkeypatch.setenv("DOCVEC_MODEL_DIR", str(multilingual_dir))
    dialog = _open_settings(qtbot, window)
    assert dialog.select_model(multilingual_dir)
    assert not dialog.model_switch.isEnabled()
    assert "DOCVEC_MODEL_DIR" in dialog.model_message.text()
    dialog.reject()
