"""Pure logic: a fault that keeps coming back right after it cleared is probed less and less
often (processing.Processing._back_off), so a nearly full disk does not make processing flap."""
from docvec_gui.core import processing as processing_module
from docvec_gui.core.processing import PROBE_BACKOFF_MAX, PROBE_INTERVAL, RECURRENCE_WINDOW, Processing


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def bare_processing(monkeypatch) -> tuple[Processing, Clock]:
    clock = Clock()
    monkeypatch.setattr(processing_module.time, "monotonic", clock)
    proc = Processing.__new__(Processing)  # only the back-off bookkeeping is exercised
    proc._recurrence, proc._next_probe = {}, {}
    return proc, clock


def delay_after_recurrence(proc: Processing, clock: Clock, gap: float) -> float:
    """Resolve the disk fault, let ``gap`` seconds pass, report it again: the probe delay."""
    proc._recurrence["disk_full"] = (clock.now, proc._recurrence.get("disk_full", (0.0, 0.0))[1])
    clock.now += gap
    proc._back_off("disk_full")
    return proc._next_probe["disk_full"] - clock.now


def test_a_fault_back_soon_waits_twice_as_long_each_time(monkeypatch):
    proc, clock = bare_processing(monkeypatch)
    proc._back_off("disk_full")
    assert proc._next_probe["disk_full"] == clock.now  # first time: probed at the next tick
    delays = [delay_after_recurrence(proc, clock, 15.0) for _ in range(10)]
    assert delays[:4] == [PROBE_INTERVAL, 2 * PROBE_INTERVAL, 4 * PROBE_INTERVAL, 8 * PROBE_INTERVAL]
    assert max(delays) == delays[-1] == PROBE_BACKOFF_MAX


def test_a_fault_long_after_it_cleared_is_probed_at_once(monkeypatch):
    proc, clock = bare_processing(monkeypatch)
    for _ in range(5):
        delay_after_recurrence(proc, clock, 10.0)
    assert delay_after_recurrence(proc, clock, RECURRENCE_WINDOW + 1) == 0.0
    assert delay_after_recurrence(proc, clock, 10.0) == PROBE_INTERVAL  # and the doubling starts over
