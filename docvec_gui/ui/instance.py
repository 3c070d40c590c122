"""Single instance per data directory, over QLocalServer/QLocalSocket.

The running window listens on a socket that belongs to its data directory. A second launch
(or ``docvec add`` while the window owns the directory) connects, sends its file paths
as one JSON line, and the window adds them and comes to the front.

The socket must be reachable by its user only, and no other user may plant one in its
place (a planted listener would receive the paths, and a planted socket file would block
the window): on POSIX it lives inside the data directory (0700), or, when that path is too
long for a Unix socket, in a private per-user directory; on Windows the pipe name carries
the user name. The server sets ``UserAccessOption`` on both.
"""
from __future__ import annotations

import getpass
import hashlib
import json
import logging
import os
import re
import stat
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

SOCKET_FILE = "instance.sock"
# sun_path holds 108 bytes on Linux and 104 on macOS; keep clear of both.
MAX_SOCKET_PATH = 100
_PROBE_MS = 300


def _digest(data_dir: Path) -> str:
    return hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]


def _user_tag() -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no user name known (rare containers): fall back to the id
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", user)[:64] or "user"


def _fits(path: Path) -> bool:
    return len(os.fsencode(str(path))) < MAX_SOCKET_PATH


def _tmp_user_dir() -> Path:
    return Path(tempfile.gettempdir()) / f"docvec-{os.getuid()}"


def _runtime_dir() -> Path:
    """A per-user directory for the socket when the data directory's path is too long."""
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg and Path(xdg).is_absolute() and _private_to_me(Path(xdg)):
        return Path(xdg)
    return _tmp_user_dir()


def server_name(data_dir: Path) -> str:
    """The QLocalServer name for ``data_dir``: a socket path on POSIX, a pipe name on Windows."""
    digest = _digest(data_dir)
    if sys.platform == "win32":
        return f"docvec-{_user_tag()}-{digest}"
    inside = Path(data_dir).resolve() / SOCKET_FILE
    if _fits(inside):
        return str(inside)
    return str(_runtime_dir() / f"docvec-{digest}.sock")


def _private_to_me(folder: Path) -> bool:
    """Owned by this user, a real directory (no symlink), writable by nobody else."""
    try:
        info = os.lstat(folder)
    except OSError:
        return False
    return (stat.S_ISDIR(info.st_mode) and info.st_uid == os.getuid()
            and stat.S_IMODE(info.st_mode) & 0o022 == 0)


def _trusted(name: str, create: bool) -> bool:
    """Whether only this user can have created a socket at ``name`` (always true on Windows,
    where the name carries the user and UserAccessOption restricts the pipe)."""
    if sys.platform == "win32":
        return True
    folder = Path(name).parent
    if create and folder == _tmp_user_dir() and not os.path.lexists(folder):
        try:
            folder.mkdir(mode=0o700)
        except OSError as exc:
            log.warning("cannot create %s for the single-instance socket: %s", folder, exc)
            return False
    if _private_to_me(folder):
        return True
    log.warning("not using single-instance socket %s: its folder is not private to this user", name)
    return False


def send_to_running_instance(data_dir: Path, paths: list[str], timeout_ms: int = 2000) -> bool:
    """Hand ``paths`` to the window owning ``data_dir``. False when no window answers."""
    name = server_name(data_dir)
    if not _trusted(name, create=False):
        return False
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write((json.dumps({"paths": paths}) + "\n").encode("utf-8"))
    socket.flush()
    while socket.bytesToWrite() > 0:
        if not socket.waitForBytesWritten(timeout_ms):
            return False
    # The window acknowledges receipt; without the answer the hand-off is not certain.
    ok = socket.waitForReadyRead(timeout_ms) and bytes(socket.readAll()).startswith(b"ok")
    socket.disconnectFromServer()
    return ok


def _answers(name: str) -> bool:
    probe = QLocalSocket()
    probe.connectToServer(name)
    alive = probe.waitForConnected(_PROBE_MS)
    probe.abort()
    return alive


class InstanceServer(QObject):
    """Listens for hand-offs, on the Qt thread: ``received`` with the paths (when there are
    any), and ``activation_requested`` for every launch that reached the window, files or
    not, so the window comes to the front as it is (maximised stays maximised)."""

    received = Signal(list)
    activation_requested = Signal()

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        if not _trusted(self.name, create=True):
            return False
        if _answers(self.name):
            # We own the data directory's lock, so a live listener here is not ours: leave it.
            log.error("single-instance socket %s is already served by another process", self.name)
            return False
        # Nothing answers: a socket file left by a crashed owner, safe to remove.
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
        if not ok:
            log.error("single-instance server failed: %s", self.server.errorString())
        return ok

    def _accept(self) -> None:
        socket = self.server.nextPendingConnection()
        buffer = bytearray()
        handled = []  # one message per connection: later bytes are not a second launch

        def read() -> None:
            buffer.extend(bytes(socket.readAll()))
            if handled or b"\n" not in buffer:
                return
            handled.append(True)
            line = bytes(buffer).split(b"\n", 1)[0]
            try:
                message = json.loads(line.decode("utf-8"))
                paths = message.get("paths", []) if isinstance(message, dict) else []
            except ValueError as exc:
                log.warning("ignoring malformed hand-off message: %s", exc)
                paths = []
            socket.write(b"ok\n")
            socket.flush()
            if paths:
                self.received.emit([str(p) for p in paths])
            self.activation_requested.emit()

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)

    def close(self) -> None:
        self.server.close()
