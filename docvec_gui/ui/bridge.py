"""Signals between the core's worker threads and the Qt thread.

:class:`CoreBridge` turns core events (emitted on consumer threads) into a Qt signal; a
queued connection delivers them on the Qt thread. :class:`Background` runs blocking
service calls on a thread pool and hands results (or the error) back as signals, so the
Qt thread only draws and reacts.
"""
from __future__ import annotations

import logging
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from docvec_gui.core.events import Event

log = logging.getLogger(__name__)


class CoreBridge(QObject):
    """Re-emits :class:`Event` objects from any thread as ``event`` on the Qt thread."""

    event = Signal(object)

    def __init__(self, service, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Signal emission from a foreign thread is queued to this object's (the Qt) thread.
        self._unsubscribe = service.subscribe(self._on_core_event)

    def _on_core_event(self, event: Event) -> None:
        self.event.emit(event)

    def close(self) -> None:
        self._unsubscribe()


class _Call(QRunnable):
    def __init__(self, fn: Callable[[], Any], done: Callable[[Any], None] | None,
                 failed: Callable[[BaseException], None] | None, relay: "_Relay") -> None:
        super().__init__()
        self.fn, self.done, self.failed, self.relay = fn, done, failed, relay

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # every error reaches the UI's single error path
            log.error("background call failed: %s\n%s", exc, traceback.format_exc())
            self.relay.failed.emit(self.failed, exc)
            return
        self.relay.finished.emit(self.done, result)


class _Relay(QObject):
    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._on_error = on_error
        self.finished.connect(self._finish)
        self.failed.connect(self._fail)

    def _finish(self, callback, result) -> None:
        if callback is not None:
            callback(result)

    def _fail(self, callback, exc) -> None:
        (callback or self._on_error)(exc)


class Background(QObject):
    """A small thread pool for service calls; results come back on the Qt thread."""

    def __init__(self, on_error: Callable[[BaseException], None], threads: int = 2,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(threads)
        self._relay = _Relay(on_error)

    def run(self, fn: Callable[[], Any], done: Callable[[Any], None] | None = None,
            failed: Callable[[BaseException], None] | None = None) -> None:
        self.pool.start(_Call(fn, done, failed, self._relay))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
