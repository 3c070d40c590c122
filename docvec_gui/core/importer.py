"""Deciding what may enter the library, before anything is copied into it.

:func:`iter_files` turns the paths a user dropped into files (folders recurse) and reports
every path it cannot use; :func:`screen` refuses a file that is empty, too large, an
executable or script, or not a document. Copying, duplicate checks and rows are the
service's part.

File names. Any name the OS can hold is accepted. Paths are handled as :class:`Path`
(on POSIX, bytes that are not valid UTF-8 travel as surrogate escapes, so the OS gets
the original bytes back). What is stored and shown (``filename``, ``original_path``, the
``path`` of report entries) is :func:`display_name` / :func:`display_path`: valid UTF-8,
with each undecodable byte written as ``\\xNN`` (``b"caf\\xe9.txt"`` shows as
``caf\\xe9.txt``), lone surrogates as ``\\uNNNN``, and control and bidirectional-override
characters escaped the same way, so a name can neither break a line nor disguise its
extension. Such a display path is not a usable path; processing always reads the stored
copy, and "Open" falls back to the stored copy when the original cannot be found.

Executables and scripts. :data:`EXECUTABLE_EXTENSIONS` are refused on add whatever their
content, so the library never holds a file the OS would run when asked to open it. The
list includes ``.js`` and ``.py``: they are source text some users would like indexed,
but Windows runs ``.js``/``.jse`` (Script Host) and ``.py``/``.pyw`` (py launcher) on
double-click, and refusing runnable scripts is the safe default (rename to ``.txt`` to
index one). A ``#!`` file with an executable bit is refused too; the executable bit
alone is not (every file on a FAT/exFAT stick has it).
"""
from __future__ import annotations

import errno
import logging
import os
import stat
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from docvec_gui.core.extract.sniff import DOCUMENT_FORMATS, Sniffed, sniff

log = logging.getLogger(__name__)

HIDDEN_NAMES = frozenset({"thumbs.db", "desktop.ini", ".ds_store", "icon\r"})

# Names the OS (or a desktop) runs, or follows to something it runs, instead of showing.
EXECUTABLE_EXTENSIONS = frozenset({
    # Windows programs, installers and control-panel items
    ".exe", ".com", ".scr", ".pif", ".msi", ".msp", ".msc", ".cpl", ".gadget", ".appx", ".msix",
    # Windows shell and script host
    ".bat", ".cmd", ".vbs", ".vbe", ".vb", ".js", ".jse", ".wsf", ".wsh", ".ws", ".hta",
    ".ps1", ".psm1", ".psd1", ".ps1xml", ".psc1",
    # Windows links, registry and setup files (text, but acted on when opened)
    ".lnk", ".url", ".scf", ".reg", ".inf", ".settingcontent-ms", ".appref-ms",
    # macOS
    ".app", ".command", ".tool", ".applescript", ".scpt", ".workflow", ".action",
    # Linux desktops and shells
    ".desktop", ".sh", ".bash", ".zsh", ".ksh", ".csh", ".tcsh", ".fish", ".run", ".appimage",
    # interpreters a double-click starts
    ".jar", ".py", ".pyw", ".pyz", ".pl", ".rb",
})

# Characters that reorder or hide text around them ("invoice\u202efdp.exe" shows as
# "invoiceexe.pdf"); shown escaped so a name cannot disguise its extension.
_BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# On POSIX, os.fsdecode turns each undecodable byte 0xNN into the lone surrogate U+DCNN.
_ESCAPED_BYTES = os.name != "nt"

# Formats "Open" may hand to the OS: documents, and Office files that only need a password.
OPENABLE_FORMATS = frozenset(DOCUMENT_FORMATS) | {"ooxml-encrypted"}


@dataclass
class AddReport:
    """What an add did with each path it was given; entries are JSON-ready dicts.

    ``refused`` entries are ``{"path": str, "kind": str, "reason": str}``.
    """

    added: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    refused: list[dict] = field(default_factory=list)

    def refuse(self, path: Path, kind: str, reason: str) -> None:
        self.refused.append({"path": display_path(path), "kind": kind, "reason": reason})

    def to_json(self) -> dict:
        return {"added": self.added, "duplicates": self.duplicates, "refused": self.refused}


# -- names -------------------------------------------------------------------------------
def _readable(text: str) -> str:
    if text.isprintable():
        return text  # the common case: nothing to escape
    out = []
    for ch in text:
        code = ord(ch)
        if _ESCAPED_BYTES and 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")  # the original byte
        elif 0xD800 <= code <= 0xDFFF or ch in _BIDI_CONTROLS:
            out.append(f"\\u{code:04x}")
        elif unicodedata.category(ch) == "Cc":
            out.append(f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)


def display_name(path: Path) -> str:
    """A readable, valid-UTF-8 name for any OS file name (see the module notes)."""
    return _readable(Path(path).name)


def display_path(path: Path | str) -> str:
    """A readable, valid-UTF-8 text for any OS path (to store and show, not to open)."""
    return _readable(os.fspath(path))


def _suffix(name: str) -> str:
    # Windows ignores trailing dots and spaces: "run.bat. " runs as "run.bat".
    return Path(name.rstrip(". ")).suffix.lower()


def is_executable_name(name: str) -> bool:
    """True when the OS would run (or follow) a file of this name instead of showing it."""
    return _suffix(name) in EXECUTABLE_EXTENSIONS


def is_hidden(path: Path) -> bool:
    name = path.name
    if name.startswith(".") or name.startswith("~$") or name.lower() in HIDDEN_NAMES:
        return True
    if os.name == "nt":
        try:
            attributes = path.stat().st_file_attributes
        except (OSError, AttributeError):
            return False
        return bool(attributes & (stat.FILE_ATTRIBUTE_HIDDEN | stat.FILE_ATTRIBUTE_SYSTEM))
    return False


def os_error_text(exc: OSError) -> str:
    """The OS error without the path (which may not be printable): 'Permission denied [EACCES]'."""
    code = errno.errorcode.get(exc.errno or 0)
    text = exc.strerror or type(exc).__name__
    return f"{text} [{code}]" if code else text


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


# -- walking -----------------------------------------------------------------------------
Problem = tuple[Path, str | None, str | None]


def iter_files(paths: Iterable[str | os.PathLike | bytes]) -> Iterator[tuple[Path, str | None, str | None]]:
    """(path, problem_kind, problem_reason) for every file under ``paths``.

    Folders recurse in name order; hidden entries and symbolic links inside folders are
    skipped (a link given directly is followed). Every path that cannot be used is
    yielded once with a kind: ``not_found``, ``unreadable`` (with the OS error) or
    ``unsupported`` (pipes, devices, application bundles). Never raises OSError.
    """
    for raw in paths:
        path = Path(os.fsdecode(raw)).expanduser()
        yield from _walk_given(path)


def _walk_given(path: Path) -> Iterator[Problem]:
    try:
        mode = path.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):
        yield path, "not_found", "no such file or folder"
        return
    except OSError as exc:
        yield path, "unreadable", f"cannot read: {os_error_text(exc)}"
        return
    if stat.S_ISDIR(mode):
        if _suffix(path.name) == ".app":  # a macOS application bundle, not a folder of documents
            yield path, "unsupported", "executable or script (application bundle)"
        else:
            yield from _walk_folder(path)
    elif stat.S_ISREG(mode):
        yield path, None, None
    else:
        yield path, "unsupported", f"not a document ({_special_kind(mode)})"


def _walk_folder(top: Path) -> Iterator[Problem]:
    failures: list[OSError] = []  # folders os.walk could not list, reported in walk order
    for root, dirs, files in os.walk(top, onerror=failures.append):
        yield from _drain(failures)
        base = Path(root)
        dirs[:] = sorted(d for d in dirs if not is_hidden(base / d))
        for name in sorted(files):
            child = base / name
            if not is_hidden(child):
                yield from _folder_entry(child)
    yield from _drain(failures)


def _drain(failures: list[OSError]) -> Iterator[Problem]:
    while failures:
        exc = failures.pop(0)
        where = Path(exc.filename) if exc.filename is not None else Path("?")
        log.info("cannot list folder %s: %s", display_path(where), exc)
        yield where, "unreadable", f"cannot open the folder: {os_error_text(exc)}"


def _folder_entry(child: Path) -> Iterator[Problem]:
    try:
        mode = child.lstat().st_mode
    except OSError as exc:  # e.g. a folder that may be listed but not entered
        yield child, "unreadable", f"cannot read: {os_error_text(exc)}"
        return
    if stat.S_ISLNK(mode):
        return  # links inside folders are not followed (they could leave the folder or loop)
    if stat.S_ISREG(mode):
        yield child, None, None
    elif not stat.S_ISDIR(mode):  # a folder os.walk could not tell apart has failed above
        yield child, "unsupported", f"not a document ({_special_kind(mode)})"


# -- screening ---------------------------------------------------------------------------
def _megabytes(size: int) -> str:
    value = size / 2**20
    return f"{value:.1f} MB" if value < 10 else f"{value:,.0f} MB"


def _is_executable_script(path: Path, mode: int) -> bool:
    """A ``#!`` file with an executable bit: the system runs it, so it is a program."""
    if os.name == "nt" or not mode & 0o111:
        return False
    with open(path, "rb") as fh:
        return fh.read(2) == b"#!"


def screen(path: Path, size: int, max_bytes: int) -> tuple[str | None, str | None, Sniffed | None]:
    """(refusal_kind, reason, sniffed) for a file about to be added; kind None = accept.

    Everything is decided here, before the file is copied into the library: executable
    or script names and ``#!`` programs (``unsupported``), ``empty``, ``too_large`` (the
    limit in the reason), unreadable files and content that is not a document (the
    sniffer's verdict). ``sniffed`` is returned whenever the content was sniffed.
    """
    name = path.name
    if is_executable_name(name):
        return "unsupported", f"executable or script ({_suffix(name)} files are never added)", None
    if size == 0:
        return "empty", "the file is empty", None
    if size > max_bytes:
        return "too_large", f"{_megabytes(size)} is over the {_megabytes(max_bytes)} limit", None
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):  # opening a pipe would block forever
            return "unsupported", f"not a document ({_special_kind(mode)})", None
        if _is_executable_script(path, mode):
            return "unsupported", "executable or script (a #! script with the executable bit set)", None
        info = sniff(path)
    except OSError as exc:
        return "unreadable", f"cannot read: {os_error_text(exc)}", None
    if info.refusal:
        return info.refusal, info.detail or info.label, info
    return None, None, info


# -- opening -----------------------------------------------------------------------------
_MISSING = "the file no longer exists"

def _open_refusal(path: Path) -> str | None:
    """Why ``path`` must not be handed to the OS to open, or None when it may."""
    try:
        mode = path.stat().st_mode
        real = path.resolve()
        if not stat.S_ISREG(mode):
            return f"{display_name(path)} is {_special_kind(mode)}"
        for name in (path.name, real.name):
            if is_executable_name(name):
                return f"{display_name(Path(name))} has an executable or script extension"
        if os.name != "nt" and mode & 0o111:
            return f"{display_name(path)} has the executable bit set"
        info = sniff(real)
    except FileNotFoundError:
        return _MISSING
    except OSError as exc:
        return f"cannot read {display_name(path)}: {os_error_text(exc)}"
    if info.format not in OPENABLE_FORMATS:
        return f"{display_name(path)} is not a document ({info.label})"
    return None


def openable_path(original_path: str | None, stored_path: str | None,
                  content_type: str | None) -> tuple[Path | None, str | None]:
    """(path to hand to the OS, None) or (None, reason) for a document's "Open".

    The original is preferred (it is the user's file); the stored copy is the fallback.
    Either must exist as a regular file with a non-executable name and no executable bit,
    and sniff as a document now (an original may have been replaced since it was added).
    Reads the file's head: call it off the UI thread.
    """
    if content_type not in OPENABLE_FORMATS:
        return None, f"not opened: it was not added as a document ({content_type or 'unknown type'})"
    reasons = []
    for candidate in (original_path, stored_path):
        if not candidate:
            continue
        reason = _open_refusal(Path(candidate))
        if reason is None:
            return Path(candidate), None
        reasons.append(reason)
    useful = [r for r in reasons if r != _MISSING] or [_MISSING]
    return None, "not opened: " + "; ".join(useful)
