"""How clients find the process that serves a data directory.

While it serves, the owner keeps two files in the data directory:

* ``server.json``: ``{"url": "http://127.0.0.1:PORT", "pid": PID, "create_time": T}``;
* ``api-token``: the bearer token, alone on one line, mode 0600 (the data directory is
  private too, so only the user can read it).

Both are written atomically (a reader never sees half a file) and removed on a clean stop.
After a crash they stay behind: :func:`find_server` ignores them when the pid is not alive,
or is alive but is another process (its start time differs: pid reuse).
"""
from __future__ import annotations

import json
import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from docvec_gui.core import privacy
from docvec_gui.core.datadir import START_TIME_TOLERANCE, process_start_time

log = logging.getLogger(__name__)

SERVER_FILE = "server.json"
TOKEN_FILE = "api-token"
TOKEN_BYTES = 32


@dataclass(frozen=True)
class ServerInfo:
    url: str
    pid: int
    token: str


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def publish(data_dir: Path, url: str, token: str) -> None:
    """Announce this process's server (token first: a client that sees ``server.json``
    finds the token already there)."""
    data_dir = Path(data_dir)
    write_token(data_dir, token)
    pid = os.getpid()
    record = {"url": url, "pid": pid, "create_time": process_start_time(pid)}
    privacy.write_private(data_dir / SERVER_FILE, json.dumps(record) + "\n")


def write_token(data_dir: Path, token: str) -> None:
    """Replace the published token (atomically: the old one stays if this fails)."""
    privacy.write_private(Path(data_dir) / TOKEN_FILE, token + "\n")


def withdraw(data_dir: Path) -> None:
    """Remove both files, if they are still this process's (a newer owner's are kept)."""
    data_dir = Path(data_dir)
    record = _read_record(data_dir)
    if record is not None and record.get("pid") != os.getpid():
        log.info("server.json in %s names pid %s now; left in place", data_dir, record.get("pid"))
        return
    for name in (SERVER_FILE, TOKEN_FILE):
        try:
            (data_dir / name).unlink(missing_ok=True)
        except OSError as exc:  # logged: a stale file is ignored by clients anyway (dead pid)
            log.warning("cannot remove %s from %s: %s", name, data_dir, exc)


def _read_record(data_dir: Path) -> dict | None:
    try:
        record = json.loads((data_dir / SERVER_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.info("unreadable %s in %s: %s", SERVER_FILE, data_dir, exc)
        return None
    return record if isinstance(record, dict) else None


def _alive(pid: int, create_time: float | None) -> bool:
    if pid == os.getpid():
        return True
    started = process_start_time(pid)
    if started is None:
        return False
    # No recorded time (an older writer): the pid alone has to do.
    return create_time is None or abs(started - float(create_time)) <= START_TIME_TOLERANCE


def find_server(data_dir: str | Path) -> ServerInfo | None:
    """The live server of ``data_dir``, or None (no files, unreadable, or a dead owner's)."""
    data_dir = Path(data_dir)
    record = _read_record(data_dir)
    if record is None:
        return None
    url, pid = record.get("url"), record.get("pid")
    if not isinstance(url, str) or not isinstance(pid, int) or isinstance(pid, bool):
        log.info("malformed %s in %s; ignored", SERVER_FILE, data_dir)
        return None
    if not _alive(pid, record.get("create_time")):
        log.info("%s in %s names pid %d, which is gone; ignored", SERVER_FILE, data_dir, pid)
        return None
    try:
        token = (data_dir / TOKEN_FILE).read_text(encoding="utf-8").strip()
    except OSError as exc:
        log.info("no readable %s in %s: %s", TOKEN_FILE, data_dir, exc)
        return None
    if not token:
        return None
    return ServerInfo(url=url, pid=pid, token=token)
