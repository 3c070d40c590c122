"""Single instance per data directory, over QLocalServer/QLocalSocket.

The running window listens on a name derived from its data directory. A second launch
(or ``docvec add`` while the window owns the directory) connects, sends its file paths
as one JSON line, and the window adds them and comes to the front.
"""
from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)


def server_name(data_dir: Path) -> str:
    digest = hashlib.sha256(str(Path(data_dir).resolve()).encode("utf-8")).hexdigest()[:16]
    return f"docvec-{digest}"


def send_to_running_instance(data_dir: Path, paths: list[str], timeout_ms: int = 2000) -> bool:
    """Hand ``paths`` to the window owning ``data_dir``. False when no window answers."""
    socket = QLocalSocket()
    socket.connectToServer(server_name(data_dir))
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


class InstanceServer(QObject):
    """Listens for hand-offs; emits ``received`` with the paths on the Qt thread."""

    received = Signal(list)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(data_dir)
        self.server = QLocalServer(self)
        self.server.newConnection.connect(self._accept)

    def listen(self) -> bool:
        # A crashed owner can leave a stale socket file behind on Unix; we own the data
        # directory's lock at this point, so any listener of this name is dead.
        QLocalServer.removeServer(self.name)
        ok = self.server.listen(self.name)
        if not ok:
            log.error("single-instance server failed: %s", self.server.errorString())
        return ok

    def _accept(self) -> None:
        socket = self.server.nextPendingConnection()
        buffer = bytearray()

        def read() -> None:
            buffer.extend(bytes(socket.readAll()))
            if b"\n" not in buffer:
                return
            line = bytes(buffer).split(b"\n", 1)[0]
            try:
                paths = json.loads(line.decode("utf-8")).get("paths", [])
            except ValueError as exc:
                log.warning("ignoring malformed hand-off message: %s", exc)
                paths = []
            socket.write(b"ok\n")
            socket.flush()
            if paths:
                self.received.emit([str(p) for p in paths])

        socket.readyRead.connect(read)
        socket.disconnected.connect(socket.deleteLater)

    def close(self) -> None:
        self.server.close()
