"""Nothing leaves the machine, and nothing in the data directory is readable by other users.

:func:`disable_telemetry` switches off every phone-home channel of the libraries we load.
It only works if it runs before ``onnxruntime`` is imported: ONNX Runtime's official
builds (1.32 on Linux, macOS and Windows) carry Microsoft's 1DS telemetry SDK, which reads
``ORT_DISABLE_TELEMETRY`` when the module initialises, writes a persistent device id and
an event database under ``~/.cache/Microsoft/DeveloperTools/.onnxruntime`` and, a few
seconds later, resolves and posts to ``mobile.events.data.microsoft.com``.
``onnxruntime.disable_telemetry_events()`` does not stop that upload.

:func:`tighten` and :func:`private_umask` keep the data directory private (POSIX modes).
This module imports only the standard library so that it can run first.
"""
from __future__ import annotations

import logging
import os
import stat
import sys
from pathlib import Path

log = logging.getLogger(__name__)

# Environment switches read by the libraries themselves (child processes inherit them).
TELEMETRY_OFF: dict[str, str] = {
    # ONNX Runtime's 1DS uploader, event store and device id (read at import).
    "ORT_DISABLE_TELEMETRY": "1",
    # chromadb's product telemetry (the client is a no-op in 1.5, kept for older versions).
    "ANONYMIZED_TELEMETRY": "False",
    # chromadb's Settings also read a ``.env`` in the working directory; an OpenTelemetry
    # endpoint there would export traces. An environment variable beats that file.
    "CHROMA_OTEL_COLLECTION_ENDPOINT": "",
    # huggingface_hub is installed (chromadb pulls it in); never let it report usage.
    "HF_HUB_DISABLE_TELEMETRY": "1",
    # The cross-tool convention (https://consoledonottrack.com).
    "DO_NOT_TRACK": "1",
}

_warned_late = False
_off_before_import = False  # set once the switch-off ran before onnxruntime's first import

DIR_MODE = 0o700
FILE_MODE = 0o600
PRIVATE_UMASK = 0o077


def disable_telemetry() -> bool:
    """Switch off library telemetry for this process and its children. Idempotent.

    Returns False when ``onnxruntime`` was already imported: its 1DS client has started
    by then, so only its non-essential events can still be suppressed (done here).
    """
    global _warned_late, _off_before_import
    if "onnxruntime" not in sys.modules:
        _off_before_import = True
    os.environ.update(TELEMETRY_OFF)
    ort = sys.modules.get("onnxruntime")
    if ort is None or _off_before_import:
        return True
    try:
        ort.disable_telemetry_events()
    except (AttributeError, RuntimeError) as exc:  # a partial import or an odd build
        log.warning("cannot disable ONNX Runtime telemetry events: %s", exc)
    if not _warned_late:
        _warned_late = True
        log.warning("onnxruntime was imported before telemetry was disabled; it may still contact Microsoft")
    return False


def private_umask() -> None:
    """New files and folders of this process (and its children) are owner-only from now on."""
    if sys.platform != "win32":
        os.umask(PRIVATE_UMASK)


def _chmod_if_needed(path: str, mode: int, want: int) -> None:
    if stat.S_IMODE(mode) != want:
        try:
            os.chmod(path, want)
        except OSError as exc:  # a file owned by someone else: report, the rest still gets fixed
            log.warning("cannot restrict permissions of %s: %s", path, exc)


def is_private(data_dir: Path) -> bool:
    """True when the directory's mode already keeps group and others out (POSIX)."""
    try:
        return stat.S_IMODE(os.stat(data_dir).st_mode) & 0o077 == 0
    except OSError:
        return False


def tighten(data_dir: Path) -> int:
    """chmod folders 0700 and files 0600 below ``data_dir`` (itself included).

    Symbolic links below ``data_dir`` are neither followed nor changed (chmod would act on
    their target, which may lie outside the data directory); ``data_dir`` itself may be a
    link the user made (e.g. to a larger disk). Returns how many entries were visited.
    A no-op on Windows, where the per-user profile folder already restricts access.
    """
    if sys.platform == "win32":
        return 0
    root = os.path.realpath(data_dir)
    info = os.stat(root)
    if not stat.S_ISDIR(info.st_mode):
        raise NotADirectoryError(root)
    _chmod_if_needed(root, info.st_mode, DIR_MODE)
    visited = 1
    for folder, dirs, files in os.walk(root, followlinks=False, onerror=_walk_error):
        for name in dirs + files:
            path = os.path.join(folder, name)
            try:
                entry = os.lstat(path)
            except OSError as exc:  # removed while we walk (e.g. a finished temp file)
                log.debug("skipping %s: %s", path, exc)
                continue
            visited += 1
            if stat.S_ISDIR(entry.st_mode):
                _chmod_if_needed(path, entry.st_mode, DIR_MODE)
            elif stat.S_ISREG(entry.st_mode):
                _chmod_if_needed(path, entry.st_mode, FILE_MODE)
            # sockets, fifos and symlinks are left alone
    return visited


def _walk_error(exc: OSError) -> None:
    log.warning("cannot read %s while restricting permissions: %s", exc.filename, exc)


def open_private(path: Path, flags: int = os.O_WRONLY | os.O_CREAT | os.O_TRUNC) -> int:
    """``os.open`` with mode 0600, and an explicit chmod in case the file already existed."""
    fd = os.open(path, flags | getattr(os, "O_BINARY", 0), FILE_MODE)
    if sys.platform != "win32":
        os.fchmod(fd, FILE_MODE)
    return fd


def write_private(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically (a reader sees the old or the new content, never
    half of it), owner-only (0600) from the first byte."""
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        with os.fdopen(open_private(tmp), "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        # A full disk fails the write after the file was made: do not leave the half of it
        # behind (the caller reports the error; ``path`` still holds its old content).
        try:
            tmp.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot remove %s: %s", tmp, exc)
        raise
