"""Privacy and safety: private file modes, no .env from the working directory, a lock that
survives a deleted lock file, and a single-instance socket only its user can reach."""
from __future__ import annotations

import logging
import os
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docvec_gui.core.config import load_settings, write_settings_file
from docvec_gui.core.datadir import LOCK_FILE, PID_FILE, DataDirLock, owner_pid
from docvec_gui.core.errors import DataDirInUse

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX modes, signals and Unix sockets")


@pytest.fixture()
def loose_umask():
    """Start from the usual 022 so a test can see that the app, not the runner, restricts modes."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _modes(root: Path) -> dict[str, int]:
    found = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            if stat.S_ISDIR(info.st_mode) or stat.S_ISREG(info.st_mode):
                found[str(path.relative_to(root))] = stat.S_IMODE(info.st_mode)
    return found


# -- file modes -----------------------------------------------------------------------------

@posix_only
def test_data_dir_is_private_after_opening_a_service(settings_factory, tmp_path, loose_umask, docs_dir):
    from docvec_gui.core.logs import configure_logging
    from docvec_gui.core.service import Service

    data = tmp_path / "kb"
    (data / "library").mkdir(parents=True)  # as an older version left it: 0755 / 0644
    (data / "library" / "old.txt").write_text("old")
    outside = tmp_path / "outside.txt"
    outside.write_text("not ours")
    (data / "link.txt").symlink_to(outside)
    settings = settings_factory(data_dir=data)
    log_path = configure_logging(settings.log_path)  # the CLI does this before opening
    try:
        with Service(settings).open() as svc:
            added = svc.add([docs_dir / "simple.odt"]).added
            assert added and svc.wait_idle(timeout=120)
            write_settings_file(data, {"workers": 2})
            logging.getLogger("docvec.test").warning("a line in the log")
            modes = _modes(data)
    finally:
        _remove_docvec_log_handlers()
    assert stat.S_IMODE(data.stat().st_mode) == 0o700
    expected_files = ("docvec.db", "queue.db", "chroma", "library", "logs", "settings.json",
                      str(log_path.relative_to(data)))
    for expected in expected_files:
        assert expected in modes, (expected, sorted(modes))
    loose = {name: oct(mode) for name, mode in modes.items()
             if mode != (0o700 if (data / name).is_dir() else 0o600)}
    assert loose == {}
    assert stat.S_IMODE(outside.stat().st_mode) == 0o644  # a symlink's target is never touched


def _remove_docvec_log_handlers() -> None:
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_docvec", False):
            root.removeHandler(handler)
            handler.close()


@posix_only
def test_a_data_dir_reached_through_a_symlink_is_tightened(tmp_path, loose_umask):
    """Users move a knowledge base to a larger disk and leave a link behind."""
    real = tmp_path / "disk" / "kb"
    real.mkdir(parents=True)
    (real / "docvec.db").write_text("")
    link = tmp_path / "kb"
    link.symlink_to(real)
    with DataDirLock(link):
        assert stat.S_IMODE(real.stat().st_mode) == 0o700
        assert stat.S_IMODE((real / "docvec.db").stat().st_mode) == 0o600
        assert stat.S_IMODE((real / PID_FILE).stat().st_mode) == 0o600


@posix_only
def test_rotated_log_files_stay_private(tmp_path, loose_umask):
    from docvec_gui.core.logs import configure_logging

    (tmp_path / "logs").mkdir(mode=0o755)
    path = configure_logging(tmp_path / "logs")
    try:
        handler = next(h for h in logging.getLogger().handlers if getattr(h, "_docvec", False))
        logging.getLogger("docvec.test").warning("before rotation")
        handler.doRollover()
        logging.getLogger("docvec.test").warning("after rotation")
    finally:
        _remove_docvec_log_handlers()
    assert stat.S_IMODE((tmp_path / "logs").stat().st_mode) == 0o700
    assert {p.name: stat.S_IMODE(p.stat().st_mode) for p in path.parent.iterdir()} == {
        "docvec.log": 0o600, "docvec.log.1": 0o600}


@posix_only
def test_settings_file_is_written_private(tmp_path, loose_umask):
    write_settings_file(tmp_path / "kb", {"embed_api_key": "secret"})
    assert stat.S_IMODE((tmp_path / "kb" / "settings.json").stat().st_mode) == 0o600


# -- where settings come from ---------------------------------------------------------------

def test_dotenv_in_working_directory_is_ignored(tmp_path, monkeypatch):
    project = tmp_path / "cloned-project"
    project.mkdir()
    (project / ".env").write_text("EMBED_PROVIDER=openai\nEMBED_URL=http://198.51.100.7/v1\n"
                                  "DOCVEC_EMBED_PROVIDER=openai\nCHROMA_HOST=198.51.100.7\nWORKERS=13\n")
    monkeypatch.chdir(project)
    settings = load_settings(tmp_path / "kb", environ={})
    assert settings.embed_provider == "local" and settings.chroma_host is None and settings.workers != 13
    assert settings.remote_endpoints() == []


def test_cli_ignores_a_dotenv_in_the_working_directory(tmp_path, model_dir):
    """A real `docvec add --wait` run from a folder whose .env names a remote embedder:
    the document is embedded locally and the endpoint never receives its text."""
    from httpfixtures import serve_json

    doc = tmp_path / "note.txt"
    doc.write_text("The secret formula for the harbour bridge paint is blue.\n")
    project = tmp_path / "project"
    project.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCVEC_")}
    env.update(DOCVEC_DATA_DIR=str(tmp_path / "kb"), DOCVEC_MODEL_DIR=str(model_dir), DOCVEC_WORKERS="1",
               DOCVEC_EMBED_THREADS="1")
    with serve_json(lambda path, body, n: (200, {"data": [{"index": 0, "embedding": [1.0] * 8}]})) as (url, calls):
        (project / ".env").write_text(f"EMBED_PROVIDER=openai\nEMBED_URL={url}\nDOCVEC_EMBED_PROVIDER=openai\n"
                                      f"DOCVEC_EMBED_URL={url}\n")
        out = subprocess.run([sys.executable, "-m", "docvec_gui", "add", str(doc), "--wait"], cwd=project, env=env,
                             capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("added 1,") and "failed" not in out.stdout
    assert calls == []


def test_dotenv_in_data_dir_is_read(tmp_path):
    data = tmp_path / "kb"
    data.mkdir()
    (data / ".env").write_text("WORKERS=3\nEMBED_PROVIDER=ollama\nEMBED_URL=http://10.0.0.5:11434\n")
    settings = load_settings(data, environ={})
    assert settings.workers == 3
    assert settings.remote_endpoints() == ["embedding: ollama at http://10.0.0.5:11434"]


def test_docvec_prefixed_environment_variables(tmp_path):
    environ = {"DOCVEC_WORKERS": "5", "DOCVEC_CHROMA_HOST": "chroma.example", "DOCVEC_CHROMA_PORT": "9000",
               "DOCVEC_EMBED_PROVIDER": "openai", "WORKERS": "9"}
    settings = load_settings(tmp_path / "kb", environ=environ)
    assert settings.workers == 5
    assert settings.remote_endpoints() == ["embedding: openai at http://127.0.0.1:8080",
                                           "vector store: server at chroma.example:9000"]


def test_remote_endpoints_empty_in_local_mode(tmp_path):
    settings = load_settings(tmp_path / "kb", environ={})
    assert settings.remote_endpoints() == []
    assert settings.replace(embed_url="http://ignored").remote_endpoints() == []  # the local model ignores it


# -- the owner lock -------------------------------------------------------------------------

OWNER_SCRIPT = (
    "import sys, time\n"
    "from pathlib import Path\n"
    "from docvec_gui.core.datadir import DataDirLock\n"
    "lock = DataDirLock(Path(sys.argv[1])).acquire()\n"
    "time.sleep(120)\n"
)


def _start_owner(data: Path) -> subprocess.Popen:
    from docvec_gui.core.datadir import live_owner

    proc = subprocess.Popen([sys.executable, "-c", OWNER_SCRIPT, str(data)])
    deadline = time.monotonic() + 30
    while live_owner(data) != proc.pid:
        assert proc.poll() is None, "the owner process exited"
        assert time.monotonic() < deadline, "the owner process did not take the lock"
        time.sleep(0.05)
    return proc


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, 9)
    proc.wait(timeout=10)


@posix_only
def test_deleted_lock_file_does_not_let_a_second_writer_in(tmp_path):
    data = tmp_path / "kb"
    owner = _start_owner(data)
    try:
        (data / LOCK_FILE).unlink()
        with pytest.raises(DataDirInUse) as info:
            DataDirLock(data).acquire()
        assert info.value.pid == owner.pid
        (data / LOCK_FILE).unlink(missing_ok=True)
        (data / PID_FILE).unlink()  # even with both files gone, the directory lock holds
        with pytest.raises(DataDirInUse):
            DataDirLock(data).acquire()
    finally:
        _stop(owner)
    with DataDirLock(data) as lock:  # the owner died: the directory is free again
        assert lock.held and owner_pid(data) == os.getpid()
    assert not (data / PID_FILE).exists()


@posix_only
def test_owner_repairs_deleted_lock_and_pid_files(tmp_path):
    import fcntl

    data = tmp_path / "kb"
    with DataDirLock(data) as lock:
        (data / LOCK_FILE).unlink()
        (data / PID_FILE).unlink()
        assert lock.verify()
        assert owner_pid(data) == os.getpid()
        with open(data / LOCK_FILE, "rb") as other:  # the re-created file is locked by the owner
            with pytest.raises(BlockingIOError):
                fcntl.flock(other.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        probe = subprocess.run([sys.executable, "-c", OWNER_SCRIPT, str(data)], capture_output=True, text=True,
                               timeout=60)
        assert probe.returncode != 0 and "DataDirInUse" in probe.stderr


@posix_only
def test_verify_reports_a_lost_directory(tmp_path):
    data = tmp_path / "kb"
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        import psutil

        with DataDirLock(data) as lock:
            (data / PID_FILE).write_text(f"{other.pid} {psutil.Process(other.pid).create_time():.3f}\n")
            assert not lock.verify()
    finally:
        _stop(other)


@posix_only
def test_stale_or_reused_pid_records_do_not_block(tmp_path):
    data = tmp_path / "kb"
    data.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    (data / PID_FILE).write_text(f"{int(dead.stdout)} {time.time():.3f}\n")
    with DataDirLock(data):
        pass
    # A live pid with another start time is a reused pid, not the recorded owner.
    (data / PID_FILE).write_text(f"{os.getppid()} 1.000\n")
    with DataDirLock(data):
        assert owner_pid(data) == os.getpid()


@posix_only
def test_a_live_recorded_owner_blocks_even_without_its_locks(tmp_path):
    """The pid record alone refuses a second writer (e.g. where directories cannot be locked)."""
    import psutil

    data = tmp_path / "kb"
    data.mkdir()
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        (data / PID_FILE).write_text(f"{other.pid} {psutil.Process(other.pid).create_time():.3f}\n")
        with pytest.raises(DataDirInUse) as info:
            DataDirLock(data).acquire()
        assert info.value.pid == other.pid
        assert owner_pid(data) == other.pid  # the refused process leaves the record alone
    finally:
        _stop(other)
    with DataDirLock(data):
        assert owner_pid(data) == os.getpid()


# -- the single-instance socket -------------------------------------------------------------

HANDOFF_SCRIPT = (
    "import sys\n"
    "from pathlib import Path\n"
    "from docvec_gui.ui.instance import send_to_running_instance\n"
    "sys.exit(0 if send_to_running_instance(Path(sys.argv[1]), ['/tmp/a.txt'], 5000) else 3)\n"
)


def _handoff(data: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", HANDOFF_SCRIPT, str(data)],
                            env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))


@posix_only
def test_instance_socket_lives_in_the_private_data_dir(qtbot, tmp_path):
    from docvec_gui.ui.instance import InstanceServer, server_name

    data = tmp_path / "kb"
    data.mkdir(mode=0o700)
    name = server_name(data)
    assert name == str(data.resolve() / "instance.sock")
    server = InstanceServer(data)
    try:
        assert server.listen()
        assert stat.S_IMODE(os.stat(name).st_mode) & 0o077 == 0
        got = []
        server.received.connect(got.append)
        sender = _handoff(data)
        qtbot.waitUntil(lambda: sender.poll() is not None, timeout=30_000)
        assert sender.returncode == 0 and got == [["/tmp/a.txt"]]
    finally:
        server.close()


@posix_only
def test_long_data_dir_uses_a_private_per_user_socket_dir(qtbot, tmp_path, monkeypatch):
    from docvec_gui.ui.instance import MAX_SOCKET_PATH, InstanceServer, server_name

    runtime = tmp_path / "run"
    runtime.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(runtime))
    data = tmp_path / ("d" * 120)
    data.mkdir(mode=0o700)
    name = server_name(data)
    assert Path(name).parent == runtime and len(name) < MAX_SOCKET_PATH
    # A runtime dir others can write to is not used; the /tmp fallback is created private.
    runtime.chmod(0o777)
    name = server_name(data)
    assert Path(name).parent.name == f"docvec-{os.getuid()}"
    server = InstanceServer(data)
    try:
        assert server.listen()
        info = os.lstat(Path(name).parent)
        assert stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700 and info.st_uid == os.getuid()
    finally:
        server.close()


@posix_only
def test_socket_in_a_folder_others_can_write_is_refused(qtbot, tmp_path):
    from docvec_gui.ui.instance import InstanceServer, send_to_running_instance

    data = tmp_path / "kb"
    data.mkdir()
    data.chmod(0o777)
    server = InstanceServer(data)
    assert not server.listen()
    assert not send_to_running_instance(data, ["/tmp/a.txt"], 500)


@posix_only
def test_stale_socket_is_replaced_but_a_live_listener_is_left_alone(qtbot, tmp_path):
    from docvec_gui.ui.instance import InstanceServer, server_name

    data = tmp_path / "kb"
    data.mkdir(mode=0o700)
    name = server_name(data)
    live = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    live.bind(name)
    live.listen(1)
    try:
        assert not InstanceServer(data).listen()
        assert stat.S_ISSOCK(os.lstat(name).st_mode)  # not removed from under its owner
    finally:
        live.close()  # closing does not unlink: now it is a stale socket file
    server = InstanceServer(data)
    try:
        assert server.listen()
    finally:
        server.close()
