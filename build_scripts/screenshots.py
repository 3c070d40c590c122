"""Screenshots of the window's main states, checked for clipped text and overlapping widgets.

    python build_scripts/screenshots.py all [--out test-artifacts/screenshots] [--quick]
    python build_scripts/screenshots.py variant --theme dark --lang zh_CN --scale 2 --out DIR --report R.json

``all`` starts Xvfb (unless ``--display`` names a running X server), then runs one process per
variant (theme x language x scale; QT_SCALE_FACTOR must be set before Qt starts), each over
a real service and a small real library built through the window's public methods:
empty library -> add documents (processing, with stage progress) -> errors -> search results
-> preview -> settings -> folders. PNGs go to ``--out``; every problem names its variant,
state and widget. Exit status 1 when a problem was found, 2 when a variant could not run.

Debian packages it needs: xvfb, x11-utils (xprop), libxcb-cursor0 and Qt's other xcb
libraries, and a CJK font (fonts-wqy-microhei) for the Chinese screenshots.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

ROOT = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DOCVEC_SHARED", ROOT.parent / "shared"))
DOCS = SHARED / "testdata" / "docs" / "files"
MODEL = SHARED / "models" / "all-MiniLM-L6-v2"
WINDOW_SIZE = (1280, 800)
SCREEN = "2700x1800x24"  # room for 1280x800 at 200%
STATES = ("processing", "errors", "search", "preview", "settings", "folders", "empty")
STAGE_WAIT = 10  # seconds a big PDF may take to show its first stage/progress
# A small library: English and Chinese documents, two that fail, one big enough to be seen processing.
DOCUMENTS = ["fake-email.eml", "simple.odt", "stress016-medical-notice.docx", "stress009-zh.docx",
             "maint-guide-first.zh-cn.html", "google-doc-document.pdf"]
FAILING = ["PDFBOX-3148-2-fuzzed.pdf", "testWORD_protected_passtika.docx"]
SLOW = "DA-619p.pdf"  # 619 pages: still processing while every state is shot
WATCHED = ["Bug51170-pt.docx", "maint-guide.en.txt"]
QUERIES = {"en": "medical notice patients", "zh_CN": "维护者指南"}
log = logging.getLogger("screenshots")


@dataclass(frozen=True)
class Variant:
    theme: str
    lang: str
    scale: float

    @property
    def name(self) -> str:
        return f"{self.theme}-{self.lang}-{round(self.scale * 100)}"


def variants(quick: bool = False) -> list[Variant]:
    if quick:
        return [Variant("light", "en", 1.0), Variant("dark", "zh_CN", 2.0)]
    return [Variant(t, l, s) for s in (1.0, 2.0) for l in ("en", "zh_CN") for t in ("light", "dark")]


# -- checks ------------------------------------------------------------------------------
@dataclass
class Problems:
    variant: str
    state: str = ""
    items: list[str] = field(default_factory=list)

    def add(self, widget, what: str) -> None:
        self.items.append(f"{self.variant} / {self.state}: {describe(widget)}: {what}")


def describe(widget) -> str:
    """Class, objectName/accessibleName and the chain of named parents: enough to find it."""
    parts = []
    current = widget
    while current is not None and len(parts) < 4:
        name = current.objectName() or (current.accessibleName() if hasattr(current, "accessibleName") else "")
        parts.append(f"{type(current).__name__}({name})" if name else type(current).__name__)
        current = current.parentWidget() if hasattr(current, "parentWidget") else None
    return " < ".join(parts)


def header_problems(root, problems: Problems) -> None:
    """A header section narrower than its text (plus margins and the sort arrow) is elided."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QHeaderView, QStyle

    for header in root.findChildren(QHeaderView):
        if not header.isVisible() or header.model() is None or header.orientation() != Qt.Horizontal:
            continue
        style, fm = header.style(), header.fontMetrics()
        margin = style.pixelMetric(QStyle.PM_HeaderMargin, None, header)
        arrow = style.pixelMetric(QStyle.PM_HeaderMarkSize, None, header)
        for section in range(header.count()):
            if header.isSectionHidden(section):
                continue
            text = header.model().headerData(section, Qt.Horizontal, Qt.DisplayRole)
            if not text:
                continue
            needed = max(fm.horizontalAdvance(line) for line in str(text).splitlines()) + 2 * margin
            if header.isSortIndicatorShown() and header.sortIndicatorSection() == section:
                needed += arrow + margin
            width = header.sectionSize(section)
            if width < needed:
                problems.add(header, f"header section {section} {str(text)!r} elided ({width} px < {needed} px)")


def _label_needs(label) -> int | None:
    """Width a single-line label's text needs, or None when it wraps or has no text."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QTextDocument
    from PySide6.QtGui import Qt as GuiQt  # mightBeRichText lives in QtGui

    text = label.text()
    if not text or label.wordWrap():  # a label showing a picture has no text
        return None
    rich = label.textFormat() == Qt.RichText or (label.textFormat() == Qt.AutoText and GuiQt.mightBeRichText(text))
    if rich:
        doc = QTextDocument()
        doc.setDefaultFont(label.font())
        doc.setDocumentMargin(0)
        doc.setHtml(text)
        return int(doc.idealWidth() + 0.999)
    return max(label.fontMetrics().horizontalAdvance(line) for line in text.splitlines() or [""])


def label_problems(root, problems: Problems) -> None:
    from PySide6.QtWidgets import QLabel

    for label in root.findChildren(QLabel):
        if not label.isVisible() or label.width() <= 0:
            continue
        needed = _label_needs(label)
        if needed is None:
            continue
        available = label.contentsRect().width() - 2 * label.margin() - max(label.indent(), 0)
        if needed > available + 1:  # a pixel of rounding
            problems.add(label, f"text {label.text()[:60]!r} clipped ({available} px < {needed} px)")


def status_bar_problems(window, problems: Problems) -> None:
    """The status bar's message and permanent labels must fit."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    bar = window.statusBar()
    message = bar.currentMessage()
    if message:
        # While a message shows, only the permanent widgets (and the size grip) stay beside it.
        taken = sum(w.width() for w in bar.findChildren(QWidget, options=Qt.FindDirectChildrenOnly) if w.isVisible())
        free = bar.width() - taken
        needed = bar.fontMetrics().horizontalAdvance(message) + 8
        if needed > free:
            problems.add(bar, f"message {message[:60]!r} clipped ({free} px < {needed} px)")
    label_problems(bar, problems)


def tab_problems(root, problems: Problems) -> None:
    from PySide6.QtWidgets import QTabBar

    for bar in root.findChildren(QTabBar):
        if not bar.isVisible():
            continue
        for i in range(bar.count()):
            rect = bar.tabRect(i)
            needed = bar.fontMetrics().horizontalAdvance(bar.tabText(i).replace("&&", "&").replace("&", ""))
            if rect.width() > 0 and rect.width() < needed + 8:
                problems.add(bar, f"tab {bar.tabText(i)!r} elided ({rect.width()} px for {needed} px of text)")


def button_problems(root, problems: Problems) -> None:
    from PySide6.QtWidgets import QAbstractButton, QCheckBox, QRadioButton

    for button in root.findChildren(QAbstractButton):
        if not button.isVisible() or not button.text() or isinstance(button, (QCheckBox, QRadioButton)):
            continue
        hint = button.sizeHint().width()
        if type(button).__name__ in ("QPushButton", "QToolButton") and button.width() + 1 < hint:
            problems.add(button, f"button {button.text()!r} narrower than its text ({button.width()} px < {hint} px)")


def field_problems(root, problems: Problems) -> None:
    """A line edit's placeholder and a combo box's current text must fit their field."""
    from PySide6.QtWidgets import QComboBox, QLineEdit, QStyle, QStyleOptionComboBox

    for edit in root.findChildren(QLineEdit):
        if not edit.isVisible() or edit.text() or not edit.placeholderText() or isinstance(edit.parent(), QComboBox):
            continue
        needed = edit.fontMetrics().horizontalAdvance(edit.placeholderText())
        margins = edit.textMargins()
        # The frame, the text margins and Qt's 2 px on each side (QLineEditPrivate::horizontalMargin).
        available = edit.contentsRect().width() - margins.left() - margins.right() - 4
        if edit.isClearButtonEnabled():
            available -= edit.height() // 2  # the clear button's room is kept even when hidden
        if needed > available + 1:
            problems.add(edit, f"placeholder {edit.placeholderText()!r} elided ({available} px < {needed} px)")
    for combo in root.findChildren(QComboBox):
        if not combo.isVisible() or combo.isEditable() or not combo.currentText():
            continue
        option = QStyleOptionComboBox()
        combo.initStyleOption(option)
        field = combo.style().subControlRect(QStyle.CC_ComboBox, option, QStyle.SC_ComboBoxEditField, combo)
        needed = combo.fontMetrics().horizontalAdvance(combo.currentText())
        if not combo.itemIcon(combo.currentIndex()).isNull():
            needed += combo.iconSize().width() + 4
        if needed > field.width() + 1:
            problems.add(combo, f"current text {combo.currentText()!r} elided ({field.width()} px < {needed} px)")


def _layout_widgets(layout) -> list:
    found = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        if item.widget() is not None:
            found.append(item.widget())
        elif item.layout() is not None:
            found.extend(_layout_widgets(item.layout()))
    return found


def overlap_problems(root, problems: Problems) -> None:
    """Two visible widgets placed by the same layout must not overlap."""
    from PySide6.QtWidgets import QWidget

    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not parent.isVisible():
            continue
        placed = [w for w in _layout_widgets(layout) if w.isVisible() and not w.isWindow()]
        for i, a in enumerate(placed):
            for b in placed[i + 1:]:
                if a.parentWidget() is not b.parentWidget():
                    continue
                common = a.geometry().intersected(b.geometry())
                if common.width() > 1 and common.height() > 1:
                    problems.add(parent, f"{describe(a)} overlaps {describe(b)} ({common.width()}x{common.height()} px)")


def check(window_or_dialog, problems: Problems, clipping: bool) -> None:
    overlap_problems(window_or_dialog, problems)
    if clipping:
        header_problems(window_or_dialog, problems)
        label_problems(window_or_dialog, problems)
        tab_problems(window_or_dialog, problems)
        button_problems(window_or_dialog, problems)
        field_problems(window_or_dialog, problems)
        if hasattr(window_or_dialog, "statusBar"):
            status_bar_problems(window_or_dialog, problems)


# -- one variant, in this process ----------------------------------------------------------
class StateError(RuntimeError):
    pass


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    from PySide6.QtCore import QCoreApplication, QEventLoop

    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise StateError(f"timed out after {timeout:.0f} s waiting for {what}")
        QCoreApplication.processEvents(QEventLoop.AllEvents, 50)
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    """Let coalesced refreshes, layouts and paints happen."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.AllEvents, 30)
        time.sleep(0.01)


def _rows(window) -> list:
    return [window.model.row_for(i) for i in window.model.ids()]


def _select_row(window, filename: str) -> None:
    from docvec_gui.ui.models import IdRole

    target = next((r.id for r in _rows(window) if r.filename == filename), None)
    for row in range(window.proxy.rowCount()):
        if window.proxy.index(row, 0).data(IdRole) == target:
            window.table.selectRow(row)
            return
    raise StateError(f"{filename} is not in the table")


def _stage_shown(window, filename: str) -> bool:
    """The progress cell of ``filename`` as drawn says what is happening: a measured share
    with its stage, or, before anything can be measured (a big PDF being read), a busy bar
    labelled with the stage ("extracting…") instead of a bar stuck at 0%."""
    from PySide6.QtWidgets import QStyleOptionViewItem

    from docvec_gui.ui import models
    from docvec_gui.ui.delegates import progress_option

    column = models.COLUMNS.index("progress")
    for row in range(window.proxy.rowCount()):
        index = window.proxy.index(row, column)
        if window.proxy.index(row, 0).data() != filename:
            continue
        option = QStyleOptionViewItem()
        option.rect = window.table.visualRect(index)
        option.fontMetrics = window.table.fontMetrics()
        option.palette = window.table.palette()
        bar = progress_option(option, index)
        return bar is not None and bool(bar.text) and (bar.maximum == 0 or bar.progress > 0) and bar.text != "0%"
    return False


def _results_view(window):
    panel = window.search_panel
    return getattr(panel, "results", None) or getattr(panel, "view", None)


def build_states(window, variant: Variant, inbox: Path) -> Iterator[tuple[str, object]]:
    """Drive the window over the prepared library through each state, ending with the empty
    library (everything deleted); yields (state, widget to shoot)."""
    wait_until(lambda: window._painted, 20, "the first paint")
    prepared = len(DOCUMENTS) + len(FAILING) + len(WATCHED)
    wait_until(lambda: len(_rows(window)) >= prepared, 30, f"the {prepared} prepared documents in the table")

    window.add_paths([str(inbox / SLOW)])
    wait_until(lambda: any(r.filename == SLOW and r.status == "processing" for r in _rows(window)), 60,
               f"{SLOW} processing")
    _select_row(window, SLOW)
    try:  # the stage (pages, chunks) must show while a big document is being read (issue 11)
        wait_until(lambda: _stage_shown(window, SLOW), STAGE_WAIT, f"{SLOW} showing its stage or progress")
    except StateError as exc:
        yield "processing-stage-missing", exc
    settle(0.5)
    yield from _columns_in_view(window, "processing", ("status", "progress"))
    yield "processing", window

    _select_row(window, FAILING[0])
    settle(0.6)
    yield from _columns_in_view(window, "errors", ("status", "error"))
    yield "errors", window

    window.focus_search()
    panel = window.search_panel
    panel.query.setText(QUERIES[variant.lang])
    view = _results_view(window)
    panel.button.click()  # as a user does (the window listens to the panel's own request signal)
    wait_until(lambda: view.model().rowCount() > 0, 60, "search results")
    settle(0.5)
    yield "search", window

    view.setCurrentIndex(view.model().index(0, 0))
    view.setFocus()
    settle(0.8)
    yield "preview", window

    window.open_settings()
    wait_until(lambda: window.settings_dialog is not None and window.settings_dialog.isVisible(), 10,
               "the settings dialog")
    settle(1.0)
    dialog = window.settings_dialog
    yield "settings", dialog
    dialog.reject()
    settle(0.3)

    window.tabs.setCurrentWidget(window.folders_panel)
    wait_until(lambda: len(window.folders_panel.folders()) == 1, 20, "the watched folder listed")
    settle(0.8)
    yield "folders", window

    # Back to nothing: the watched folder removed with its documents, every other one deleted.
    window.ask_remove_folder = lambda info: "delete"
    window.remove_folder(window.folders_panel.folders()[0])
    wait_until(lambda: not window.folders_panel.folders(), 30, "the watched folder removed")
    window.table.selectAll()
    window.delete_selected()
    wait_until(lambda: not _rows(window), 60, "every document deleted")
    window.tabs.setCurrentWidget(window.search_panel)
    settle(1.0)
    from docvec_gui.ui.empty_state import EmptyState

    if not any(w.isVisible() for w in window.findChildren(EmptyState)):
        yield "empty-state-missing", StateError("the empty library does not show the EmptyState widget")
    yield "empty", window


def _columns_in_view(window, state: str, names: tuple[str, ...]) -> Iterator[tuple[str, object]]:
    """What a state is about must be on screen without scrolling: each named column of the
    table (unless hidden on purpose, e.g. the reason shown in the Status column) lies wholly
    inside the table's viewport at 1280x800."""
    from docvec_gui.ui import models

    header = window.table.horizontalHeader()
    width = window.table.viewport().width()
    for name in names:
        if name not in models.COLUMNS:
            continue
        section = models.COLUMNS.index(name)
        if header.isSectionHidden(section):
            continue
        left = header.sectionViewportPosition(section)
        if left < 0 or left + header.sectionSize(section) > width:
            yield f"{state}-columns-missing", StateError(
                f"the {name!r} column is not wholly visible ({left}..{left + header.sectionSize(section)} px "
                f"of a {width} px table)")


def _search_mode(panel) -> str:
    mode = getattr(panel, "mode", None)
    if mode is not None and hasattr(mode, "currentData"):
        return mode.currentData() or "hybrid"
    return "hybrid"


def _settings(work: Path, model_dir: Path, lang: str = "en"):
    from docvec_gui.core.config import load_settings

    return load_settings(work / "data", environ={}, dotenv_path=work / "no.env",
                         overrides={"model_dir": str(model_dir), "workers": 2, "embed_threads": 1,
                                    "ui_language": lang})


def prepare(work: Path, model_dir: Path, timeout: float = 240) -> None:
    """The library every variant starts from (built once, copied per variant): documents that
    complete, two that fail, one watched folder; the big one is added by each variant."""
    from docvec_gui.core.service import Service

    inbox, watched = work / "inbox", work / "watched"
    for folder, names in ((inbox, DOCUMENTS + FAILING + [SLOW]), (watched, WATCHED)):
        folder.mkdir(parents=True, exist_ok=True)
        for name in names:
            shutil.copy(DOCS / name, folder / name)
    service = Service(_settings(work, model_dir)).open()
    try:
        service.add([str(inbox / name) for name in DOCUMENTS + FAILING])
        service.watch_add(str(watched))
        service.start_watching()
        service.start_processing()
        deadline = time.monotonic() + timeout
        expected = len(DOCUMENTS) + len(FAILING) + len(WATCHED)
        while True:
            counts = service.counts()
            if counts.get("completed", 0) + counts.get("error", 0) >= expected and not counts.get("pending") \
                    and not counts.get("processing"):
                break
            if time.monotonic() > deadline:
                raise StateError(f"the prepared library did not finish in {timeout:.0f} s: {counts}")
            time.sleep(0.25)
    finally:
        service.stop_watching()
        service.close(timeout=60)


def run_variant(variant: Variant, out: Path, work: Path, model_dir: Path, states: tuple[str, ...] = STATES) -> dict:
    """Shoot every state of ``variant`` over the prepared library in ``work``; returns the
    report (shots, problems, timings)."""
    from PySide6.QtCore import QCoreApplication, QSettings
    from PySide6.QtWidgets import QApplication

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(work / f"qsettings-{variant.name}"))
    app = QApplication.instance() or QApplication(["docvec"])
    QCoreApplication.setOrganizationName("docvec-screenshots")
    QCoreApplication.setApplicationName("docvec")
    from docvec_gui.app import _dress
    from docvec_gui.core.service import Service
    from docvec_gui.ui.i18n import install_translators

    os.environ["DOCVEC_THEME"] = variant.theme
    _dress(app)
    translators = install_translators(app, variant.lang)  # noqa: F841 (kept alive)
    service = Service(_settings(work, model_dir, variant.lang)).open()
    from docvec_gui.ui.main_window import MainWindow

    window = MainWindow(service)
    window.confirm = lambda text: True
    window.ask_on_close = lambda: "stop"
    window.resize(*WINDOW_SIZE)
    window.show()
    report: dict = {"variant": variant.name, "shots": [], "problems": [], "timings": {}, "wm_class": ""}
    problems = Problems(variant.name)
    out.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        report["wm_class"] = _wm_class(window)
        for state, widget in build_states(window, variant, work / "inbox"):
            problems.state = state
            if isinstance(widget, Exception):  # a state reached without something it must show
                problems.add(window, str(widget))
                continue
            if state not in states:
                continue
            _shoot(widget, state, variant, out, report, problems)
            report["timings"][state] = round(time.monotonic() - started, 1)
    except StateError as exc:
        problems.add(window, f"the state after {problems.state or 'start'} was not reached: {exc}")
    finally:
        report["problems"] = problems.items
        window._closing = True
        window.close()
        window.background.wait(60000)
        service.close(timeout=60)
    return report


def _shoot(widget, state: str, variant: Variant, out: Path, report: dict, problems: Problems) -> None:
    if hasattr(widget, "statusBar") and (widget.width(), widget.height()) != WINDOW_SIZE:
        problems.add(widget, f"window is {widget.width()}x{widget.height()}, not {WINDOW_SIZE}")
    path = out / f"{state}-{variant.name}.png"
    if not widget.grab().save(str(path)):
        problems.add(widget, f"could not save {path}")
    report["shots"].append(str(path))
    try:
        check(widget, problems, clipping=True)
    except Exception as exc:  # a check that breaks on a new widget must not hide the others
        log.exception("checks failed in %s", state)
        problems.add(widget, f"the checks themselves failed: {type(exc).__name__}: {exc}")


def _wm_class(window) -> str:
    """The X11 WM_CLASS of the window (xprop), or '' off X11."""
    from PySide6.QtGui import QGuiApplication

    if QGuiApplication.platformName() != "xcb" or not shutil.which("xprop"):
        return ""
    try:
        done = subprocess.run(["xprop", "-id", str(int(window.winId())), "WM_CLASS"], capture_output=True,
                              text=True, timeout=10)
    except subprocess.TimeoutExpired:
        log.warning("xprop did not answer in 10 s")
        return ""
    return done.stdout.strip()


# -- Xvfb and the variants' processes --------------------------------------------------------
class Xvfb:
    """A private X server on a free display, stopped (terminate, then kill) on exit."""

    def __init__(self, screen: str = SCREEN) -> None:
        self.screen, self.process, self.display = screen, None, ""

    def __enter__(self) -> "Xvfb":
        exe = shutil.which("Xvfb")
        if exe is None:
            raise RuntimeError("Xvfb is not installed (Debian: apt-get install xvfb)")
        read, write = os.pipe()
        self.process = subprocess.Popen([exe, "-displayfd", str(write), "-screen", "0", self.screen, "-nolisten",
                                         "tcp", "-noreset"], pass_fds=(write,), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL)
        os.close(write)
        deadline = time.monotonic() + 20
        digits = b""
        with os.fdopen(read, "rb", buffering=0) as pipe:
            import select

            while not digits.endswith(b"\n"):
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([pipe], [], [], left)[0]:
                    self.__exit__(None, None, None)
                    raise RuntimeError("Xvfb did not report its display within 20 s")
                chunk = pipe.read(16)
                if not chunk:
                    self.__exit__(None, None, None)
                    raise RuntimeError(f"Xvfb exited ({self.process.poll()}) before reporting its display")
                digits += chunk
        self.display = f":{int(digits)}"
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def _run(command: list[str], env: dict, timeout: float) -> tuple[int, str]:
    try:
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, cwd=str(ROOT))
    except subprocess.TimeoutExpired as exc:
        output = (exc.stdout or b"") + (exc.stderr or b"")
        return -1, f"timed out after {timeout:.0f} s: {output[-2000:]!r}"
    return done.returncode, (done.stdout + done.stderr)[-3000:]


def run_all(out: Path, selected: list[Variant], display: str | None = None, model_dir: Path = MODEL,
            timeout: float = 180) -> dict:
    """Prepare the library once, then shoot each variant in its own process (over a fresh
    copy of the library at the same path: stored paths are absolute) under one X server.
    Returns {variant: report}; a variant that could not run has an "error"."""
    out.mkdir(parents=True, exist_ok=True)
    reports: dict[str, dict] = {}
    script = str(Path(__file__).resolve())
    with tempfile.TemporaryDirectory(prefix="docvec-shots-") as tmp:
        work = Path(tmp)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        code, tail = _run([sys.executable, script, "prepare", "--work", tmp, "--model-dir", str(model_dir)], env,
                          timeout=300)
        if code != 0:
            return {"prepare": {"variant": "prepare", "shots": [], "problems": [], "error": f"exit {code}: {tail}",
                                "seconds": 0}}
        shutil.copytree(work / "data", work / "pristine", symlinks=True)

        def run(display_name: str) -> None:
            for variant in selected:
                shutil.rmtree(work / "data")
                shutil.copytree(work / "pristine", work / "data", symlinks=True)
                report_path = work / f"report-{variant.name}.json"
                env = dict(os.environ, DISPLAY=display_name, QT_QPA_PLATFORM="xcb",
                           QT_SCALE_FACTOR=str(variant.scale), DOCVEC_THEME=variant.theme)
                env.pop("QT_SCREEN_SCALE_FACTORS", None)
                started = time.monotonic()
                code, tail = _run([sys.executable, script, "variant", "--theme", variant.theme, "--lang",
                                   variant.lang, "--scale", str(variant.scale), "--out", str(out), "--work", tmp,
                                   "--report", str(report_path), "--model-dir", str(model_dir)], env, timeout)
                if report_path.exists():
                    report = json.loads(report_path.read_text(encoding="utf-8"))
                else:
                    report = {"variant": variant.name, "shots": [], "problems": [], "error": f"exit {code}: {tail}"}
                report["seconds"] = round(time.monotonic() - started, 1)
                reports[variant.name] = report

        if display:
            run(display)
        else:
            with Xvfb() as server:
                run(server.display)
    (out / "report.json").write_text(json.dumps(reports, indent=2, ensure_ascii=False), encoding="utf-8")
    return reports


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    every = sub.add_parser("all", help="every variant under Xvfb")
    every.add_argument("--out", type=Path, default=ROOT / "test-artifacts" / "screenshots")
    every.add_argument("--display", help="use this running X server instead of starting Xvfb")
    every.add_argument("--quick", action="store_true", help="two variants only")
    every.add_argument("--model-dir", type=Path, default=MODEL)
    prep = sub.add_parser("prepare", help="build the library the variants start from")
    prep.add_argument("--work", type=Path, required=True)
    prep.add_argument("--model-dir", type=Path, default=MODEL)
    one = sub.add_parser("variant", help="one variant in this process (QT_SCALE_FACTOR set by the caller)")
    one.add_argument("--theme", choices=("light", "dark"), required=True)
    one.add_argument("--lang", choices=("en", "zh_CN"), required=True)
    one.add_argument("--scale", type=float, default=1.0)
    one.add_argument("--out", type=Path, required=True)
    one.add_argument("--work", type=Path, required=True)
    one.add_argument("--report", type=Path, required=True)
    one.add_argument("--model-dir", type=Path, default=MODEL)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    sys.path.insert(0, str(ROOT))
    if args.command == "prepare":
        prepare(args.work, args.model_dir)
        return 0
    if args.command == "variant":
        report = run_variant(Variant(args.theme, args.lang, args.scale), args.out, args.work, args.model_dir)
        args.report.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")
        return 1 if report["problems"] else 0
    reports = run_all(args.out, variants(args.quick), args.display, args.model_dir)
    failed = False
    for name, report in reports.items():
        print(f"{name}: {len(report['shots'])} shots in {report['seconds']} s, {len(report['problems'])} problem(s)")
        for problem in report["problems"]:
            print(f"  {problem}")
        if report.get("error"):
            print(f"  could not run: {report['error']}")
            failed = True
    if failed:
        return 2
    return 1 if any(r["problems"] for r in reports.values()) else 0


if __name__ == "__main__":
    sys.exit(main())
