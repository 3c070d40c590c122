"""Events the core emits while it works. The window turns them into Qt signals; the CLI
prints a progress bar. Listeners are called from worker threads and must not block."""
from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from typing import Callable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    """``kind`` is ``added``, ``status``, ``progress`` or ``deleted``."""

    kind: str
    doc_id: str
    status: str | None = None
    progress: float | None = None
    message: str | None = None
    extra: dict = field(default_factory=dict)


Listener = Callable[[Event], None]


class EventHub:
    """Fan-out of events to listeners; a failing listener is logged, never fatal."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []
        self._lock = threading.Lock()

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        with self._lock:
            self._listeners.append(listener)

        def unsubscribe() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return unsubscribe

    def emit(self, event: Event) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(event)
            except Exception:  # a listener bug must not stop ingestion; it is logged loudly
                log.exception("event listener %r failed on %s", listener, event)
