"""``docvec-gui``: the desktop window.

Start-up order is tuned for a fast first paint: only Qt, the settings and the window's own
modules are imported before the window shows. A second launch hands its files to the window
that owns the data directory before anything is shown. After the first paint the core
(peewee, huey, the database models) is imported on the window's pool and the library opened;
the window, shown "Opening the library…" until then, is given it (:meth:`MainWindow.attach`)
and fills its table. chromadb, onnxruntime and the model load in the background after that.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path
from typing import Callable

_STARTED = time.perf_counter()
log = logging.getLogger(__name__)
GIL_SWITCH_INTERVAL = 0.0005  # seconds; see main()
# A library found in use when it opens may be another window's that is starting too (two
# launches at once): its files are handed to that window as soon as it listens, within this long.
HANDOFF_RETRY_MS = 3000
HANDOFF_RETRY_EVERY_MS = 200
APP_ID = "docvec"  # matches build_scripts/linux/docvec.desktop (Icon=docvec, WM class)


class VersionAction(argparse.Action):
    """``--version`` that reads the version only when asked (see docvec_gui.__getattr__)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS, help=None) -> None:
        super().__init__(option_strings, dest=dest, default=default, nargs=0, help=help or "show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        from docvec_gui import __version__

        parser.exit(message=f"docvec {__version__}\n")


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="docvec-gui", description="docvec desktop window")
    parser.add_argument("files", nargs="*", help="files or folders to add (as 'Open with' does)")
    parser.add_argument("--data-dir", help="knowledge base folder")
    parser.add_argument("--version", action=VersionAction)
    return parser.parse_args(argv)


def _saved_data_dir() -> Path | None:
    """The data directory chosen in Settings, unless DOCVEC_DATA_DIR overrides it."""
    from PySide6.QtCore import QSettings

    if os.environ.get("DOCVEC_DATA_DIR"):
        return None  # load_settings resolves DOCVEC_DATA_DIR itself
    chosen = QSettings().value("data_dir")
    return Path(chosen) if chosen else None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--extract-worker"]:  # frozen builds re-enter here for the extraction sandbox
        from docvec_gui.core.extract.worker import main as worker_main

        return worker_main(argv[1:])
    args = _parse(argv)
    # The core's Qt-free modules first: PySide6 reads the source of every module imported
    # after it (looking for `from __feature__ import`), these included.
    from docvec_gui.core.config import load_settings
    from docvec_gui.core.errors import DocvecError
    from docvec_gui.core.logs import configure_logging

    from PySide6.QtWidgets import QApplication, QMessageBox

    from docvec_gui.ui.i18n import install_translators, pick_language
    from docvec_gui.ui.instance import send_to_running_instance
    from docvec_gui.ui.theme import apply_stylesheet

    # Painting calls back into Python (the table's data()) hundreds of times a frame, each call
    # taking the GIL again; with the default 5 ms switch interval each could wait up to 5 ms
    # for a scan or worker thread. 0.5 ms cut the Qt thread's stalls while a folder syncs next
    # to 100,000 rows (p99 45-73 -> 33-44 ms, ticks late by > 50 ms 21-39 -> 9-16; docs/BENCHMARKS.md).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication([APP_ID])  # argv[0] names the X11 WM_CLASS instance
    app.setOrganizationName("docvec")
    app.setApplicationName("docvec")
    _dress(app, stylesheet=False)
    try:
        settings = load_settings(args.data_dir or _saved_data_dir())
    except DocvecError as exc:
        QMessageBox.critical(None, "docvec", f"{exc.kind}: {exc}")
        return 1
    translators = install_translators(app, pick_language(settings.ui_language))  # noqa: F841 (kept alive)
    paths = [str(Path(p).resolve()) for p in args.files]
    if send_to_running_instance(settings.data_dir, paths, timeout_ms=500):
        return 0  # the running window takes the files and comes to the front
    configure_logging(settings.log_path, settings.log_level)
    from docvec_gui.ui.main_window import MainWindow

    window = MainWindow(settings=settings)  # "Opening the library…" until LibraryOpening gives it the service
    apply_stylesheet(app)  # once the window is built (see theme.apply_stylesheet)
    opening = LibraryOpening(settings, window, paths)
    if os.environ.get("DOCVEC_EXIT_AFTER_PAINT"):  # start-up benchmark hook: quits once the library is open
        window.first_paint.connect(_report_first_paint)
        opening.finished = lambda opened: _report_library_open(window, opened)
    window.first_paint.connect(opening.start)
    _close_on_termination(window)
    window.show()
    code = app.exec()
    window.background.wait(60000)  # the core's import may still be running (closed at once)
    if opening.server is not None:
        opening.server.close()
    if getattr(window, "api", None): window.api.stop(timeout=10)  # noqa: E701 (normally stopped by closeEvent)
    if opening.service is not None:
        opening.service.close(timeout=60)
    return opening.exit_code or code


class LibraryOpening:
    """After the first paint: the core is imported on the window's pool (the window keeps
    painting), then the library is opened on the Qt thread (as before the window existed: the
    database's first connection is this thread's, and closed by it) and given to the window.
    From then on a second launch reaches the window, and the files named on the command line
    are added. If the library cannot be opened (in use, damaged, full disk): one clear message
    over the window, no traceback, and the app exits with 1."""

    def __init__(self, settings, window, paths: list[str]) -> None:
        self.settings = settings
        self.window = window
        self.paths = paths
        self.service = None  # the opened Service, closed by main() at exit
        self.server = None  # the InstanceServer, listening once the library is ours
        self.exit_code = 0
        # Called once with True when the window has its library, False when it cannot have it.
        self.finished: Callable[[bool], None] = lambda opened: None
        self.show_error: Callable[[str], None] = self._error_box  # a hook, so tests need no modal box
        self._started = False

    def start(self) -> None:
        if self._started:
            return
        self._started = True
        self.window.background.run(_import_core, self._open, self._failed)

    def _open(self, _=None) -> None:
        if self.window._closing:  # closed while the core loaded: nothing to open
            return
        from docvec_gui.core.service import Service

        from docvec_gui.core.errors import DataDirInUse

        try:
            self.service = Service(self.settings).open()
        except DataDirInUse as exc:
            self._hand_over(exc, HANDOFF_RETRY_MS)
            return
        except Exception as exc:  # damaged database, full disk: one clear message, no traceback
            self._failed(exc)
            return
        self._attach()

    def _hand_over(self, exc: BaseException, left_ms: int) -> None:
        """The library is another process's. If it is a window started at the same time as
        this one, it listens for second launches as soon as its library is open: hand it the
        files (and raise it) then, and close this window quietly. If nothing answers in time
        (a ``docvec`` command owns the library): the "in use" message."""
        from PySide6.QtCore import QTimer

        from docvec_gui.ui.instance import send_to_running_instance

        if self.window._closing:
            return
        if send_to_running_instance(self.settings.data_dir, self.paths, timeout_ms=HANDOFF_RETRY_EVERY_MS):
            log.info("%s is opened by another window; handed over to it", self.settings.data_dir)
            self.window._closing = True
            self.window.close()
            self.finished(False)
            return
        if left_ms <= 0:
            self._failed(exc)
            return
        QTimer.singleShot(HANDOFF_RETRY_EVERY_MS, lambda: self._hand_over(exc, left_ms - 2 * HANDOFF_RETRY_EVERY_MS))

    def _attach(self) -> None:
        from docvec_gui.ui.instance import InstanceServer

        window = self.window
        window.attach(self.service)
        # The data directory is ours now (its lock): listen for second launches. Each one brings
        # the window to the front as it is (a maximised window stays maximised) and hands over
        # its files, if any.
        self.server = InstanceServer(self.settings.data_dir, window)
        window.accept_handoffs(self.server)
        self.server.listen()
        if self.paths:
            window.add_paths(self.paths)
        self.finished(True)

    def _failed(self, exc: BaseException) -> None:
        from docvec_gui.core.errors import DocvecError, classify

        kind, message = classify(exc)
        log.error("cannot open %s: %s: %s", self.settings.data_dir, kind, message,
                  exc_info=not isinstance(exc, DocvecError))
        self.exit_code = 1
        self.show_error(f"{kind}: {message}")
        self.window._closing = True
        self.window.close()
        self.finished(False)

    def _error_box(self, text: str) -> None:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(self.window, "docvec", text)


def _import_core() -> None:
    """On the pool: the core's modules (peewee, huey, the database models, ~0.2 s), while the
    Qt thread paints; importing is all that runs here."""
    import docvec_gui.core.service  # noqa: F401


def _dress(app, stylesheet: bool = True) -> None:
    """Icon, desktop identity and theme, before any window exists (main() sets the theme's
    stylesheet once its window is built: ``stylesheet=False``, see theme.apply_stylesheet)."""
    from docvec_gui.ui.icons import app_icon
    from docvec_gui.ui.theme import apply_theme

    # The .desktop file's name: Wayland's app id and the icon/taskbar grouping on Linux
    # (without it the window is grouped as "__main__.py" or "python3").
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_theme(app, stylesheet=stylesheet)


def _close_on_termination(window) -> None:
    """SIGTERM (logout, shutdown, ``kill``) and Ctrl-C in a terminal close the window as its
    close button does, without asking: documents in progress go back to pending, the API and
    the library close in order. Python runs signal handlers only between bytecodes, which the
    Qt event loop may not execute for a long time; the signal's wake-up byte on a socket pair
    wakes the loop instead (QSocketNotifier), without polling."""
    if os.name != "posix":
        return
    import signal
    import socket

    from PySide6.QtCore import QSocketNotifier

    reader, writer = socket.socketpair()
    reader.setblocking(False)
    writer.setblocking(False)
    signal.set_wakeup_fd(writer.fileno())
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, lambda *_: None)  # the work is done below, on the Qt thread
    notifier = QSocketNotifier(reader.fileno(), QSocketNotifier.Type.Read, window)

    def terminated() -> None:
        try:
            reader.recv(64)
        except BlockingIOError:
            pass
        log.info("closing on a termination signal")
        window.ask_on_close = lambda: "stop"
        window.close()

    notifier.activated.connect(terminated)
    window._termination = (reader, writer, notifier)  # kept alive as long as the window


def _report_first_paint() -> None:
    """``first_paint_s`` (since this module's import), ``since_spawn_s`` (since the process
    was created, interpreter start-up included), ``cpu_s`` (the process's CPU time until then:
    steadier than wall time on a busy machine) and the resident memory, at the first paint."""
    now, elapsed, cpu = time.time(), time.perf_counter() - _STARTED, time.process_time()  # before psutil loads
    since_spawn = _seconds_since_spawn(now)
    import psutil

    rss = psutil.Process().memory_info().rss / 2**20
    print(f"first_paint_s={elapsed:.3f} since_spawn_s={since_spawn:.3f} cpu_s={cpu:.3f} "
          f"rss_mb={rss:.1f}", flush=True)


def _seconds_since_spawn(now: float) -> float:
    """Wall time since this process was created. On Linux from the kernel's start tick and the
    boot clock: psutil's ``create_time`` adds the start tick to /proc/stat's boot time, which is
    rounded down to whole seconds, so it reads up to a second early (0.76 s on one machine)."""
    if sys.platform.startswith("linux"):
        from docvec_gui.core.datadir import proc_started_after_boot

        return time.clock_gettime(time.CLOCK_BOOTTIME) - proc_started_after_boot()
    import psutil

    return now - psutil.Process().create_time()


def _report_library_open(window, opened: bool) -> None:
    """``library_open_s``: from process creation to the window holding its open library
    (its rows start to load then); then the app quits."""
    from PySide6.QtWidgets import QApplication

    if opened:
        print(f"library_open_s={_seconds_since_spawn(time.time()):.3f}", flush=True)
    window._closing = True
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(main())
