"""Signals between the core's worker threads and the Qt thread.

:class:`CoreBridge` turns core events (emitted on consumer threads) into a Qt signal; a
queued connection delivers them on the Qt thread. :class:`Background` runs blocking
service calls on a thread pool and hands results (or the error) back as signals, so the
Qt thread only draws and reacts. :class:`Job` is the handle of a long call (a model
switch): progress from the worker as a signal, and a cancel flag the worker polls.
"""
from __future__ import annotations

import logging
import threading
import time
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from docvec_gui.core.events import Event

log = logging.getLogger(__name__)


class CoreBridge(QObject):
    """Re-emits :class:`Event` objects from any thread as ``event`` on the Qt thread."""

    event = Signal(object)

    def __init__(self, service=None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._unsubscribe: Callable[[], None] | None = None
        if service is not None:
            self.attach(service)

    def attach(self, service) -> None:
        """Relay ``service``'s events from now on (a window shown before its library opened
        is given the service later: app.py)."""
        if self._unsubscribe is not None:
            raise RuntimeError("this bridge already relays a service's events")
        # Signal emission from a foreign thread is queued to this object's (the Qt) thread.
        self._unsubscribe = service.subscribe(self._on_core_event)

    def _on_core_event(self, event: Event) -> None:
        self.event.emit(event)

    def close(self) -> None:
        unsubscribe, self._unsubscribe = self._unsubscribe, None
        if unsubscribe is not None:
            unsubscribe()


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
            self._deliver(self.relay.failed, self.failed, exc)
            return
        self._deliver(self.relay.finished, self.done, result)

    @staticmethod
    def _deliver(signal, callback, value) -> None:
        try:
            signal.emit(callback, value)
        except RuntimeError as exc:  # the window (and its relay) went away while this ran
            log.warning("background call ended after its window closed; result dropped: %s", exc)


class _Relay(QObject):
    finished = Signal(object, object)
    failed = Signal(object, object)

    def __init__(self, on_error: Callable[[BaseException], None]) -> None:
        super().__init__()
        self._on_error = on_error
        self.finished.connect(self._finish)
        self.failed.connect(self._fail)

    def _finish(self, callback, result) -> None:
        if callback is not None and _alive(callback):
            callback(result)

    def _fail(self, callback, exc) -> None:
        handler = callback or self._on_error
        if _alive(handler):
            handler(exc)


def _alive(callback) -> bool:
    """False when the callback is a method of a widget Qt has deleted (its window closed
    while the call ran): the result has nowhere to go."""
    import shiboken6

    owners = [getattr(callback, "__self__", None)]
    # A lambda that calls a widget's method holds the widget in its closure (``self``).
    owners += [cell.cell_contents for cell in getattr(callback, "__closure__", None) or ()
               if _filled(cell)]
    for owner in owners:
        if isinstance(owner, QObject) and not shiboken6.isValid(owner):
            log.info("background call ended after %s was deleted; result dropped", type(owner).__name__)
            return False
    return True


def _filled(cell) -> bool:
    try:
        cell.cell_contents
    except ValueError:  # a closure variable not bound yet
        return False
    return True


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


class Job(QObject):
    """Progress and cancellation of one long call on the :class:`Background` pool.

    ``report(done, total)`` may be called from any thread; ``progress`` reaches the Qt thread
    queued, at most every ``interval`` seconds (plus the last step), so a fast worker cannot
    flood the event loop. ``cancel()`` sets ``cancel_event``, which the worker polls.
    """

    progress = Signal(int, int)

    def __init__(self, interval: float = 0.2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.cancel_event = threading.Event()
        self._interval = interval
        self._last = 0.0
        self._lock = threading.Lock()

    def report(self, done: int, total: int) -> None:
        now = time.monotonic()
        with self._lock:
            if done < total and now - self._last < self._interval:
                return
            self._last = now
        self.progress.emit(done, total)

    def cancel(self) -> None:
        self.cancel_event.set()

    @property
    def cancelled(self) -> bool:
        return self.cancel_event.is_set()
