"""Documents per minute and the time left, from completion events (no Qt: pure logic).

The rate is measured over a sliding window of recent completions, so it follows a change
of pace (big PDFs after small notes) within a few minutes and forgets an idle night.
"""
from __future__ import annotations

import time
from collections import deque
from typing import Callable

Translate = Callable[[str, int], str]  # (source text, n for %n or -1) -> text


def _english(source: str, n: int = -1) -> str:
    text = source.replace("%n", str(n)) if n >= 0 else source
    return text.replace("(s)", "" if n == 1 else "s")


class Throughput:
    """Feed :meth:`record` with each document that finished (completed or failed)."""

    def __init__(self, window: float = 300.0, min_events: int = 2, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window  # seconds of history the rate is measured over
        self.min_events = min_events  # completions needed before a rate is told
        self._clock = clock
        self._times: deque[float] = deque()
        self._since: float | None = None  # when measuring began (first work seen)

    def start(self, now: float | None = None) -> None:
        """Processing (re)starts: the time until the first completion counts too."""
        if self._since is None:
            self._since = self._now(now)

    def record(self, count: int = 1, now: float | None = None) -> None:
        at = self._now(now)
        if self._since is None:
            self._since = at
        self._times.extend([at] * count)
        self._trim(at)

    def reset(self) -> None:
        """Idle (nothing pending): the next batch is measured afresh."""
        self._times.clear()
        self._since = None

    def per_minute(self, now: float | None = None) -> float | None:
        """Documents per minute over the window; None until enough is seen to tell."""
        at = self._now(now)
        self._trim(at)
        if len(self._times) < self.min_events or self._since is None:
            return None
        start = max(self._since, at - self.window)
        elapsed = at - start
        if elapsed <= 0:
            return None
        return len(self._times) * 60.0 / elapsed

    def eta_seconds(self, pending: int, now: float | None = None) -> float | None:
        """Seconds until ``pending`` more documents are done at the current rate."""
        rate = self.per_minute(now)
        if rate is None or rate <= 0:
            return None
        return pending * 60.0 / rate

    def text(self, pending: int, now: float | None = None, tr: Translate = _english) -> str:
        """ "12 docs/min · about 4 min left" for the status bar; "" when idle or unknown."""
        if pending <= 0:
            return ""
        rate = self.per_minute(now)
        if rate is None:
            return tr("Measuring speed…", -1)
        shown = f"{rate:.1f}" if rate < 10 else f"{rate:.0f}"
        parts = [tr("%1 docs/min", -1).replace("%1", shown)]
        eta = self.eta_seconds(pending, now)
        if eta is not None and eta < 60:
            parts.append(tr("less than a minute left", -1))
        elif eta is not None:
            parts.append(tr("about %1 left", -1).replace("%1", duration_text(eta, tr)))
        return " · ".join(parts)

    def _now(self, now: float | None) -> float:
        return self._clock() if now is None else now

    def _trim(self, at: float) -> None:
        times = self._times
        while times and times[0] < at - self.window:
            times.popleft()


def duration_text(seconds: float, tr: Translate = _english) -> str:
    """A rough duration people read: "< 1 min", "4 min", "2 h 10 min"."""
    if seconds < 60:
        return tr("< 1 min", -1)
    minutes = round(seconds / 60)
    if minutes < 90:
        return tr("%n min", minutes)
    hours, rest = divmod(minutes, 60)
    return tr("%n h", hours) + (" " + tr("%n min", rest) if rest else "")
