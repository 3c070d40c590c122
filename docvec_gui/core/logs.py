"""Logging: rotating JSON-lines files in the data directory (the window's log view reads them)."""
from __future__ import annotations

import json
import logging
import logging.handlers
import os
import sys
from pathlib import Path

from docvec_gui.core import privacy

LOG_FILE = "docvec.log"


class JsonLinesFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "thread": record.threadName,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Log files are 0600 (file names, errors and queries are private), rotations included."""

    dropped = 0  # records that could not be written (disk full, read-only, removed folder)

    def _open(self):
        fd = privacy.open_private(Path(self.baseFilename), os.O_WRONLY | os.O_CREAT | os.O_APPEND)
        return os.fdopen(fd, "a", encoding=self.encoding, errors=self.errors)

    def emit(self, record: logging.LogRecord) -> None:
        if self.dropped and record.levelno >= logging.WARNING:
            lost, self.dropped = self.dropped, 0
            super().emit(logging.makeLogRecord({"name": __name__, "levelno": logging.WARNING, "levelname": "WARNING",
                                                "msg": "%d log records were lost while the log could not be "
                                                       "written", "args": (lost,)}))
        super().emit(record)

    def handleError(self, record: logging.LogRecord) -> None:  # noqa: N802 - logging's name
        # The standard handler prints a traceback to stderr; a full disk must not turn every
        # log line into one. The record is counted and reported once writing works again.
        self.dropped += 1
        if self.stream is not None:
            try:
                self.stream.close()
            except OSError:
                pass  # the failed flush is the error being counted; reopened on the next emit
            self.stream = None


def configure_logging(log_dir: Path, level: str = "INFO") -> Path:
    """Send the app's log records to ``log_dir/docvec.log`` (rotating, 5 x 2 MB)."""
    log_dir.mkdir(mode=privacy.DIR_MODE, parents=True, exist_ok=True)
    if sys.platform != "win32":
        os.chmod(log_dir, privacy.DIR_MODE)  # it may predate the privacy rules
    path = log_dir / LOG_FILE
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_docvec", False):
            root.removeHandler(handler)
            handler.close()
    handler = PrivateRotatingFileHandler(path, maxBytes=2 * 1024 * 1024, backupCount=5, encoding="utf-8")
    handler.setFormatter(JsonLinesFormatter())
    handler._docvec = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    # huey logs every task at INFO; that is noise in a desktop app's log.
    logging.getLogger("huey").setLevel(max(logging.WARNING, root.level))
    return path


def read_recent(log_dir: Path, limit: int = 500) -> list[dict]:
    """The last ``limit`` entries of the current log file, oldest first."""
    path = log_dir / LOG_FILE
    if not path.exists():
        return []
    with open(path, "rb") as fh:
        fh.seek(0, 2)
        size = fh.tell()
        fh.seek(max(0, size - 512 * 1024))
        lines = fh.read().decode("utf-8", "replace").splitlines()[-limit:]
    entries = []
    for line in lines:
        try:
            entries.append(json.loads(line))
        except ValueError:
            continue  # the first line may be cut in half by the seek
    return entries
