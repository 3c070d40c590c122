"""Faults of the Chroma child process, with real signals: killed, stopped, stopped while
closing, owner killed, Ctrl-C to the owner's process group."""
from __future__ import annotations

import os
import selectors
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import numpy as np
import psutil
import pytest

from docvec_gui.core.vectorstore import VectorStoreProcess, VectorStoreUnavailable

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

REPO = Path(__file__).resolve().parents[2]
DIM = 8
N = 20


def gone(pid: int) -> bool:
    """No such process, or only a zombie nobody reaped yet (it holds no files)."""
    try:
        return psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def wait_gone(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if gone(pid):
            return True
        time.sleep(0.05)
    return gone(pid)


class States:
    """Records on_state calls (they come from the calling thread)."""

    def __init__(self) -> None:
        self.calls: list[tuple[bool, str]] = []
        self._lock = threading.Lock()

    def __call__(self, up: bool, reason: str) -> None:
        with self._lock:
            self.calls.append((up, reason))


def open_store(path: Path, states: States, **kwargs) -> tuple[VectorStoreProcess, np.ndarray]:
    store = VectorStoreProcess(path, "test", DIM, on_state=states, **kwargs)
    data = np.random.default_rng(7).random((N, DIM), dtype=np.float32)
    store.upsert("doc", data, [{"chunk_index": i, "page": 1, "filename": "f"} for i in range(N)])
    return store, data


def call_after_backoff(store: VectorStoreProcess, method: str, timeout: float = 30.0):
    """Retry ``method`` until the back-off has passed and the restarted child answers."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            return getattr(store, method)()
        except VectorStoreUnavailable:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_killed_child_fails_fast_then_restarts_with_data(tmp_path):
    states = States()
    store, data = open_store(tmp_path / "chroma", states)
    try:
        old = store.pid
        os.kill(old, signal.SIGKILL)
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable):
            store.count()
        assert time.monotonic() - started < 2
        assert [up for up, _ in states.calls] == [False]
        assert not store.available
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable):  # within the back-off: fast, no new restart
            store.count()
        assert time.monotonic() - started < 0.5
        assert len(states.calls) == 1

        assert call_after_backoff(store, "count") == N
        assert [up for up, _ in states.calls] == [False, True]
        assert store.available and store.pid != old and gone(old)
        indices, embeddings = store.get_document("doc")
        assert indices == list(range(N))
        np.testing.assert_allclose(embeddings, data, rtol=1e-6)
    finally:
        store.close()


def test_stopped_child_misses_its_deadline_and_is_replaced(tmp_path):
    states = States()
    store, _ = open_store(tmp_path / "chroma", states, call_timeout=2)
    stopped = store.pid
    try:
        os.kill(stopped, signal.SIGSTOP)
        started = time.monotonic()
        with pytest.raises(VectorStoreUnavailable, match="no answer within"):
            store.count()
        assert time.monotonic() - started < 3.5
        assert gone(stopped)
        assert [up for up, _ in states.calls] == [False]
        assert call_after_backoff(store, "count") == N
        assert store.pid != stopped
        assert [up for up, _ in states.calls] == [False, True]
    finally:
        if not gone(stopped):
            os.kill(stopped, signal.SIGKILL)
        store.close()


def test_close_with_stopped_child_is_bounded(tmp_path):
    store, _ = open_store(tmp_path / "chroma", States())
    pid = store.pid
    os.kill(pid, signal.SIGSTOP)
    try:
        started = time.monotonic()
        store.close(timeout=5)
        assert time.monotonic() - started < 6
        assert gone(pid)
    finally:
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)


def test_close_unsticks_a_call_blocked_on_a_stopped_child(tmp_path):
    store, _ = open_store(tmp_path / "chroma", States(), call_timeout=30)  # reads: 10 s deadline
    pid = store.pid
    outcome: list[BaseException | int] = []

    def count() -> None:
        try:
            outcome.append(store.count())
        except BaseException as exc:  # recorded for the assertion below
            outcome.append(exc)

    os.kill(pid, signal.SIGSTOP)
    caller = threading.Thread(target=count)
    caller.start()
    try:
        time.sleep(0.3)  # the call is now waiting for the stopped child
        started = time.monotonic()
        store.close(timeout=3)
        assert time.monotonic() - started < 4
        caller.join(2)
        assert not caller.is_alive()
        assert len(outcome) == 1 and isinstance(outcome[0], VectorStoreUnavailable)
        assert gone(pid)
    finally:
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)
        caller.join(10)


OWNER = textwrap.dedent("""
    import os, signal, sys, time
    from pathlib import Path

    import numpy as np

    from docvec_gui.core.vectorstore import VectorStoreProcess

    if __name__ == "__main__":
        store = VectorStoreProcess(Path(sys.argv[1]), "test", 8)
        store.upsert("doc", np.ones((3, 8), dtype=np.float32),
                     [{"chunk_index": i, "page": 1, "filename": "f"} for i in range(3)])
        if sys.argv[2:] == ["stop-and-exit"]:  # leave without close(), the child stopped
            import psutil

            os.kill(store.pid, signal.SIGSTOP)
            child = psutil.Process(store.pid)
            while child.status() != psutil.STATUS_STOPPED:  # all its threads stopped: SIGTERM stays pending
                time.sleep(0.01)
            print(store.pid, flush=True)
            sys.exit(0)
        try:  # the test's SIGINT may come as soon as the pid is printed
            print(store.pid, flush=True)
            time.sleep(60)
        except KeyboardInterrupt:
            print("count", store.count(), flush=True)
            store.close()
            sys.exit(0)
        sys.exit(5)
""")


def start_owner(tmp_path: Path, *args: str, **popen) -> tuple[subprocess.Popen, int]:
    script = tmp_path / "owner.py"
    script.write_text(OWNER)
    env = dict(os.environ, PYTHONPATH=str(REPO))
    owner = subprocess.Popen([sys.executable, str(script), str(tmp_path / "chroma"), *args], cwd=tmp_path, env=env,
                             stdout=subprocess.PIPE, text=True, **popen)
    line = read_line(owner, 60)
    assert line.strip().isdigit(), f"owner printed {line!r}"
    return owner, int(line)


def read_line(proc: subprocess.Popen, timeout: float) -> str:
    with selectors.DefaultSelector() as selector:
        selector.register(proc.stdout, selectors.EVENT_READ)
        if not selector.select(timeout):
            proc.kill()
            pytest.fail(f"no output within {timeout} s")
    return proc.stdout.readline()


def test_child_dies_with_its_killed_owner(tmp_path):
    owner, child = start_owner(tmp_path)
    try:
        assert not gone(child)
        os.kill(owner.pid, signal.SIGKILL)
        owner.wait(10)
        assert wait_gone(child, 3), "the Chroma child outlived its SIGKILLed owner"
    finally:
        if owner.poll() is None:
            owner.kill()
        if not gone(child):
            os.kill(child, signal.SIGKILL)
        owner.stdout.close()


def test_ctrl_c_to_the_owners_group_does_not_reach_the_child(tmp_path):
    owner, child = start_owner(tmp_path, start_new_session=True)
    try:
        assert os.getsid(child) == child != os.getpgid(owner.pid)
        os.killpg(owner.pid, signal.SIGINT)
        assert owner.wait(30) == 0
        assert owner.stdout.read().split() == ["count", "3"]
        assert wait_gone(child, 3)
    finally:
        if owner.poll() is None:
            owner.kill()
        if not gone(child):
            os.kill(child, signal.SIGKILL)
        owner.stdout.close()


def test_exit_without_close_does_not_hang_on_a_stopped_child(tmp_path):
    # multiprocessing's exit hook SIGTERMs daemon children, then joins them without a timeout;
    # a stopped process leaves SIGTERM pending, so only the store's own exit hook ends this.
    owner, child = start_owner(tmp_path, "stop-and-exit")
    try:
        assert owner.wait(15) == 0
        assert gone(child)
    finally:
        if owner.poll() is None:
            owner.kill()
        if not gone(child):
            os.kill(child, signal.SIGKILL)
        owner.stdout.close()


def test_a_broken_install_is_unavailable_not_a_damaged_store(tmp_path, monkeypatch):
    """Chroma's package fails to import in the child (an install missing a module, as a
    Windows bundle without its runtime hooks was): the store is *unavailable* (processing
    pauses with the reason), not *damaged*, so the user's vectors are never moved aside."""
    from docvec_gui.core.components import Components
    from docvec_gui.core.config import load_settings

    broken = tmp_path / "site"
    (broken / "chromadb").mkdir(parents=True)
    (broken / "chromadb" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'opentelemetry.exporter'\")\n", encoding="utf-8")
    settings = load_settings(tmp_path / "kb", environ={}, dotenv_path=tmp_path / "none")
    settings.chroma_path.mkdir(parents=True)
    (settings.chroma_path / "chroma.sqlite3").write_bytes(b"the user's vectors")
    monkeypatch.syspath_prepend(str(broken))  # a spawned child starts with the parent's sys.path
    with pytest.raises(VectorStoreUnavailable, match="installation is incomplete.*opentelemetry"):
        Components(settings, lambda up, why: None, lambda store: None)._open_vectors("all-MiniLM-L6-v2", 384)
    assert (settings.chroma_path / "chroma.sqlite3").read_bytes() == b"the user's vectors"
    assert not list(tmp_path.glob("kb/chroma.damaged-*"))
