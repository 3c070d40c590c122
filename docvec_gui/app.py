"""``docvec-gui``: the desktop window.

Start-up order is tuned for a fast first paint: only Qt, peewee and huey are imported
before the window shows; chromadb, onnxruntime and the model load in the background after.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from pathlib import Path

_STARTED = time.perf_counter()
log = logging.getLogger(__name__)
GIL_SWITCH_INTERVAL = 0.0005  # seconds; see main()
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
    from PySide6.QtWidgets import QApplication, QMessageBox

    from docvec_gui.core.config import load_settings
    from docvec_gui.core.errors import DocvecError
    from docvec_gui.core.logs import configure_logging
    from docvec_gui.core.service import Service
    from docvec_gui.ui.i18n import install_translators, pick_language
    from docvec_gui.ui.instance import InstanceServer, send_to_running_instance

    # Painting calls back into Python (the table's data()) hundreds of times a frame, each call
    # taking the GIL again; with the default 5 ms switch interval each could wait up to 5 ms
    # for a scan or worker thread. 0.5 ms cut the Qt thread's stalls while a folder syncs next
    # to 100,000 rows (p99 45-73 -> 33-44 ms, ticks late by > 50 ms 21-39 -> 9-16; docs/BENCHMARKS.md).
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    app = QApplication.instance() or QApplication([APP_ID])  # argv[0] names the X11 WM_CLASS instance
    app.setOrganizationName("docvec")
    app.setApplicationName("docvec")
    _dress(app)
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
    try:
        service = Service(settings).open()
    except Exception as exc:  # in use, damaged database, full disk: one clear message, no traceback
        from docvec_gui.core.errors import classify

        kind, message = classify(exc)
        log.error("cannot open %s: %s: %s", settings.data_dir, kind, message, exc_info=not isinstance(exc, DocvecError))
        QMessageBox.critical(None, "docvec", f"{kind}: {message}")
        return 1
    from docvec_gui.ui.main_window import MainWindow

    window = MainWindow(service)
    server = InstanceServer(settings.data_dir, window)
    # Every second launch brings the window to the front as it is (a maximised window stays
    # maximised), and hands over its files, if any.
    window.accept_handoffs(server)
    server.listen()
    _close_on_termination(window)
    if os.environ.get("DOCVEC_EXIT_AFTER_PAINT"):  # start-up benchmark hook
        window.first_paint.connect(lambda: _report_first_paint(window))
    window.show()
    if paths:
        window.add_paths(paths)
    code = app.exec()
    server.close()
    window.background.wait(60000)
    if getattr(window, "api", None): window.api.stop(timeout=10)  # noqa: E701 (normally stopped by closeEvent)
    service.close(timeout=60)
    return code


def _dress(app) -> None:
    """Icon, desktop identity and theme, before any window exists."""
    from docvec_gui.ui.icons import app_icon
    from docvec_gui.ui.theme import apply_theme

    # The .desktop file's name: Wayland's app id and the icon/taskbar grouping on Linux
    # (without it the window is grouped as "__main__.py" or "python3").
    app.setDesktopFileName(APP_ID)
    app.setWindowIcon(app_icon())
    apply_theme(app)


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


def _report_first_paint(window) -> None:
    import psutil
    from PySide6.QtWidgets import QApplication

    proc = psutil.Process()
    rss = proc.memory_info().rss / 2**20
    since_spawn = time.time() - proc.create_time()  # includes interpreter start-up and imports
    print(f"first_paint_s={time.perf_counter() - _STARTED:.3f} since_spawn_s={since_spawn:.3f} rss_mb={rss:.1f}",
          flush=True)
    window._closing = True
    QApplication.instance().quit()


if __name__ == "__main__":
    sys.exit(main())
