"""What may enter the library: walking dropped paths, odd file names, refusals, and "Open"."""
from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import pytest

from conftest import REPO
from docvec_gui.core.extract.sniff import sniff
from docvec_gui.core.importer import (AddReport, display_name, display_path, is_executable_name, iter_files,
                                      openable_path, screen)

MB = 2**20
LATIN1_NAME = b"caf\xe9.txt"  # valid Latin-1, invalid UTF-8


def _walk(*paths) -> list[tuple[str, str | None, str | None]]:
    """iter_files as (display path, kind, reason) for easy comparison."""
    return [(display_path(p), kind, reason) for p, kind, reason in iter_files(paths)]


# -- file names any OS can hold -----------------------------------------------------------
def test_non_utf8_name_is_walked_screened_and_storable(tmp_path):
    raw_path = os.path.join(os.fsencode(tmp_path), LATIN1_NAME)
    with open(raw_path, "wb") as fh:
        fh.write("Grüße aus dem Café: Öffnungszeiten und Speisekarte.\n".encode("utf-8"))
    for given in (tmp_path, os.fsencode(tmp_path), str(tmp_path)):
        found = list(iter_files([given]))
        assert len(found) == 1 and found[0][1:] == (None, None)
    path = found[0][0]
    assert os.fsencode(path) == raw_path  # the OS gets the original bytes back
    assert path.read_bytes().startswith("Grüße".encode("utf-8"))
    assert display_name(path) == "caf\\xe9.txt"
    assert display_path(path) == f"{tmp_path}/caf\\xe9.txt"
    kind, reason, info = screen(path, path.stat().st_size, 10 * MB)
    assert (kind, reason, info.format) == (None, None, "text")

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE document (filename TEXT, original_path TEXT)")
    with pytest.raises(UnicodeEncodeError):  # why the raw name crashed `add`
        db.execute("INSERT INTO document VALUES (?, ?)", (path.name, str(path)))
    db.execute("INSERT INTO document VALUES (?, ?)", (display_name(path), display_path(path)))
    assert db.execute("SELECT filename FROM document").fetchone() == ("caf\\xe9.txt",)


def test_names_cannot_break_lines_or_disguise_their_extension(tmp_path):
    assert display_name(Path("two\nlines.txt")) == "two\\x0alines.txt"
    assert display_name(Path("bell\x07\x1b[31m.txt")) == "bell\\x07\\x1b[31m.txt"
    disguised = "invoice\u202efdp.exe"  # shows as "invoiceexe.pdf" where bidi overrides work
    assert display_name(Path(disguised)) == "invoice\\u202efdp.exe"
    assert is_executable_name(disguised)
    assert display_name(Path("日本語の資料 — 2024.pdf")) == "日本語の資料 — 2024.pdf"  # readable names untouched


def test_refusal_entries_are_valid_utf8_json(tmp_path):
    raw_path = os.path.join(os.fsencode(tmp_path), b"run\xff.sh")
    with open(raw_path, "wb") as fh:
        fh.write(b"echo hi\n")
    report = AddReport()
    for path, kind, reason in iter_files([tmp_path]):
        kind, reason, _ = screen(path, path.stat().st_size, MB)
        report.refuse(path, kind, reason)
    text = json.dumps(report.to_json(), ensure_ascii=False).encode("utf-8")
    assert json.loads(text)["refused"] == [{"path": f"{tmp_path}/run\\xff.sh", "kind": "unsupported",
                                            "reason": "executable or script (.sh files are never added)"}]


# -- walking rules ------------------------------------------------------------------------------
def test_hidden_entries_and_links_inside_folders_are_skipped(tmp_path):
    top = tmp_path / "docs"
    (top / "b-sub").mkdir(parents=True)
    (top / ".git").mkdir()
    for name in ("b.txt", "a.txt", ".hidden.txt", "~$lock.docx", "Thumbs.db", "desktop.ini", "b-sub/c.md",
                 ".git/config"):
        (top / name).write_text("text\n")
    (top / "link.txt").symlink_to(top / "a.txt")
    (top / "link-dir").symlink_to(top / "b-sub")
    (tmp_path / "given-link.txt").symlink_to(top / "a.txt")
    assert _walk(top, tmp_path / "given-link.txt", tmp_path / "missing.pdf") == [
        (f"{top}/a.txt", None, None), (f"{top}/b.txt", None, None), (f"{top}/b-sub/c.md", None, None),
        (f"{tmp_path}/given-link.txt", None, None),
        (f"{tmp_path}/missing.pdf", "not_found", "no such file or folder")]


def test_pipes_are_reported_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe")
    (tmp_path / "ok.txt").write_text("fine\n")
    assert _walk(tmp_path) == [(f"{tmp_path}/ok.txt", None, None),
                               (f"{tmp_path}/pipe", "unsupported", "not a document (a named pipe)")]
    result = []
    worker = threading.Thread(target=lambda: result.append(screen(tmp_path / "pipe", 1, MB)), daemon=True)
    worker.start()
    worker.join(5)  # opening a FIFO would block forever
    assert result == [("unsupported", "not a document (a named pipe)", None)]


def test_path_under_a_file_is_not_found(tmp_path):
    (tmp_path / "file.txt").write_text("x\n")
    assert _walk(tmp_path / "file.txt" / "child.txt") == [
        (f"{tmp_path}/file.txt/child.txt", "not_found", "no such file or folder")]


WALK_AS_OTHER_USER = """
import json, os, sys
from pathlib import Path
from docvec_gui.core.importer import iter_files, screen
base = Path(sys.argv[1])
seen = []
for path, kind, reason in iter_files([base, base / "locked" / "secret.txt"]):
    if kind is None:
        kind, reason, _ = screen(path, path.stat().st_size, 1 << 20)
    seen.append([str(path.relative_to(base)), kind, reason])
print(json.dumps({"euid": os.geteuid(), "seen": seen}))
"""


@pytest.fixture()
def shared_tree():
    """A tree another user can reach (pytest's tmp_path is private to root)."""
    base = Path(tempfile.mkdtemp(prefix="docvec-perms-"))
    base.chmod(0o755)
    yield base
    for root, dirs, _ in os.walk(base):
        for name in dirs:
            os.chmod(os.path.join(root, name), 0o755)
    shutil.rmtree(base)


def test_unreadable_folders_and_files_are_reported_per_path(shared_tree):
    """Permissions are enforced for real: as root, the walk runs in a child as 'nobody'."""
    base = shared_tree
    (base / "ok.txt").write_text("readable\n")
    (base / "private.txt").write_text("secret\n")
    (base / "locked").mkdir()
    (base / "locked" / "secret.txt").write_text("secret\n")
    (base / "list-only").mkdir()
    (base / "list-only" / "inner.txt").write_text("secret\n")
    (base / "z-open").mkdir()
    (base / "z-open" / "deep.txt").write_text("readable\n")
    for path in (base / "ok.txt", base / "z-open", base / "z-open" / "deep.txt"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    (base / "private.txt").chmod(0)
    (base / "locked").chmod(0)
    (base / "list-only").chmod(0o444)  # names can be listed, entries cannot be reached
    as_root = os.geteuid() == 0
    user = {"user": 65534, "group": 65534, "extra_groups": []} if as_root else {}
    env = dict(os.environ, PYTHONPATH=str(REPO))
    result = subprocess.run([sys.executable, "-c", WALK_AS_OTHER_USER, str(base)], capture_output=True, text=True,
                            timeout=60, cwd=base, env=env, **user)
    assert result.returncode == 0 and not result.stderr, result.stderr  # never a traceback
    report = json.loads(result.stdout)
    assert report["euid"] != 0  # permissions really applied
    denied = "Permission denied [EACCES]"
    assert report["seen"] == [
        ["ok.txt", None, None],
        ["private.txt", "unreadable", f"cannot read: {denied}"],
        ["list-only/inner.txt", "unreadable", f"cannot read: {denied}"],
        ["locked", "unreadable", f"cannot open the folder: {denied}"],
        ["z-open/deep.txt", None, None],
        ["locked/secret.txt", "unreadable", f"cannot read: {denied}"],
    ]


# -- screening ----------------------------------------------------------------------------
ISSUE_EXTENSIONS = [".bat", ".cmd", ".vbs", ".vbe", ".js", ".jse", ".wsf", ".wsh", ".hta", ".url", ".lnk", ".command",
                    ".desktop", ".sh", ".bash", ".zsh", ".ps1", ".psm1", ".scr", ".com", ".exe", ".msi", ".app",
                    ".jar", ".py", ".pyw", ".pl", ".rb", ".applescript", ".scpt", ".reg", ".inf", ".cpl"]


@pytest.mark.parametrize("ext", ISSUE_EXTENSIONS)
def test_executable_and_script_names(ext):
    assert is_executable_name(f"file{ext}") and is_executable_name(f"FILE{ext.upper()}")


@pytest.mark.parametrize("name", ["run.bat.", "run.bat ", "report.pdf.exe", "Start Here.desktop"])
def test_disguised_executable_names(name):
    assert is_executable_name(name)


@pytest.mark.parametrize("name", ["report.pdf", "notes.txt", "Makefile", "script.sh.txt", "example.com.html",
                                  "archive.tar.gz", "README", ".bashrc.md", "data.json"])
def test_document_names_are_not_executable(name):
    assert not is_executable_name(name)


@pytest.mark.parametrize("name,content", [
    ("install.sh", "#!/bin/sh\necho installing\n"),
    ("setup.bat", "@echo off\r\necho installing\r\n"),
    ("Open me.desktop", "[Desktop Entry]\nType=Application\nExec=sh -c 'echo owned'\n"),
    ("site.url", "[InternetShortcut]\r\nURL=file:///C:/Windows/System32/calc.exe\r\n"),
    ("run.command", "cd ~ && echo hi\n"),
    ("page.hta", "<html><script>alert(1)</script></html>\n"),
])
def test_scripts_are_refused_before_sniffing_says_text(tmp_path, name, content):
    path = tmp_path / name
    path.write_text(content)
    assert sniff(path).is_document  # the content alone would pass
    kind, reason, info = screen(path, path.stat().st_size, MB)
    assert kind == "unsupported" and reason.startswith("executable or script") and info is None


def test_shebang_with_executable_bit_is_refused(tmp_path):
    script = tmp_path / "notes"
    script.write_text("#!/usr/bin/env python3\nprint('hello')\n")
    assert screen(script, script.stat().st_size, MB)[:2] == (None, None)  # a #! text that cannot run
    script.chmod(0o755)
    assert screen(script, script.stat().st_size, MB)[:2] == (
        "unsupported", "executable or script (a #! script with the executable bit set)")
    usb_stick_file = tmp_path / "minutes.txt"  # FAT/exFAT mounts mark every file executable
    usb_stick_file.write_text("Minutes of the meeting\n")
    usb_stick_file.chmod(0o777)
    assert screen(usb_stick_file, usb_stick_file.stat().st_size, MB)[2].format == "text"


def test_empty_and_too_large(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.touch()
    assert screen(empty, 0, MB) == ("empty", "the file is empty", None)
    big = tmp_path / "big.txt"
    big.write_bytes(b"words and more words\n" * (3 * MB // 21 + 1))
    assert screen(big, big.stat().st_size, 2 * MB) == ("too_large", "3.0 MB is over the 2.0 MB limit", None)
    assert screen(big, big.stat().st_size, 4 * MB)[0] is None


@pytest.mark.parametrize("name,fmt", [("tracemonkey.pdf", "pdf"), ("docx-tables.docx", "docx"),
                                      ("rashomon_shift_jis.txt", "text"), ("chart.png", "html")])
def test_real_documents_pass(docs_dir, name, fmt):
    path = docs_dir / name
    kind, reason, info = screen(path, path.stat().st_size, 100 * MB)
    assert (kind, reason, info.format) == (None, None, fmt)


@pytest.mark.parametrize("name,label", [("CantinaBand3.wav", "WAV audio"), ("testTinyPE.exe", None),
                                        ("testLinux-x86-64", "ELF executable")])
def test_real_binaries_are_refused(docs_dir, name, label):
    path = docs_dir / name
    kind, reason, info = screen(path, path.stat().st_size, 100 * MB)
    assert kind == "unsupported"
    if label is None:  # refused by its name before its content is read
        assert reason == "executable or script (.exe files are never added)"
    else:
        assert info.label == label and reason == f"not a document ({label})"


# -- opening ------------------------------------------------------------------------------
@pytest.fixture()
def stored(tmp_path, docs_dir):
    """An original and its stored copy, as the library files them (0600, hash name)."""
    original = tmp_path / "home" / "notes.txt"
    original.parent.mkdir()
    shutil.copyfile(docs_dir / "release-notes.txt", original)
    copy = tmp_path / "library" / "ab" / "abcdef.txt"
    copy.parent.mkdir(parents=True)
    shutil.copyfile(original, copy)
    copy.chmod(0o600)
    return original, copy


def test_open_prefers_the_original_then_the_stored_copy(stored):
    original, copy = stored
    assert openable_path(str(original), str(copy), "text") == (original, None)
    original.unlink()
    assert openable_path(str(original), str(copy), "text") == (copy, None)
    assert openable_path("/home/u/caf\\xe9.txt", str(copy), "text") == (copy, None)  # a display path


def test_open_never_hands_a_replaced_or_executable_original_to_the_os(stored, docs_dir):
    original, copy = stored
    shutil.copyfile(docs_dir / "testLinux-x86-64", original)  # replaced by a program since it was added
    assert openable_path(str(original), str(copy), "text") == (copy, None)
    original.write_text("#!/bin/sh\necho owned\n")
    original.chmod(0o755)
    assert openable_path(str(original), str(copy), "text") == (copy, None)


def test_open_refuses_with_a_reason(stored, docs_dir, tmp_path):
    original, copy = stored
    script_copy = copy.with_suffix(".sh")
    copy.rename(script_copy)
    original.unlink()
    path, reason = openable_path(str(original), str(script_copy), "text")
    assert path is None and reason == "not opened: abcdef.sh has an executable or script extension"
    elf = tmp_path / "library" / "ab" / "elf.pdf"
    shutil.copyfile(docs_dir / "testLinux-x86-64", elf)
    assert openable_path(None, str(elf), "pdf") == (None, "not opened: elf.pdf is not a document (ELF executable)")
    assert openable_path(None, str(elf), None)[1] == "not opened: it was not added as a document (unknown type)"
    assert openable_path(str(original), str(tmp_path / "gone.txt"), "text") == (
        None, "not opened: the file no longer exists")


# -- the window's "Open" ------------------------------------------------------------------
@pytest.fixture()
def window(qtbot, settings_factory, tmp_path):
    from PySide6.QtCore import QCoreApplication, QSettings

    from docvec_gui.core.service import Service
    from docvec_gui.ui.main_window import MainWindow

    QSettings.setDefaultFormat(QSettings.IniFormat)
    QSettings.setPath(QSettings.IniFormat, QSettings.UserScope, str(tmp_path / "qsettings"))
    QCoreApplication.setOrganizationName("docvec-tests")
    service = Service(settings_factory()).open()
    win = MainWindow(service)
    win.ask_on_close = lambda: "stop"
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win._painted, timeout=5000)
    yield win
    win._closing = True
    win.close()
    win.background.wait(60000)
    service.close(timeout=60)


@pytest.fixture()
def opened_urls():
    """Qt's own hook for openUrl: file URLs reach this recorder instead of the desktop."""
    from PySide6.QtCore import QObject, Slot
    from PySide6.QtGui import QDesktopServices

    class Recorder(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.urls: list[str] = []

        @Slot("QUrl")
        def open(self, url) -> None:
            self.urls.append(url.toLocalFile())

    recorder = Recorder()
    QDesktopServices.setUrlHandler("file", recorder, "open")
    yield recorder.urls
    QDesktopServices.unsetUrlHandler("file")


def test_window_opens_documents_and_refuses_scripts(qtbot, window, opened_urls, stored, tmp_path):
    import datetime

    from docvec_gui.ui.models import DocRow

    original, copy = stored
    script = tmp_path / "library" / "cd" / "cdef01.desktop"
    script.parent.mkdir()
    script.write_text("[Desktop Entry]\nType=Application\nExec=sh -c 'echo owned'\n")
    now = datetime.datetime.utcnow()

    def row(doc_id, name, original_path, stored_path):
        return DocRow(doc_id, name, "text", 10, "completed", 1.0, 1, "", "", now, now, original_path, stored_path)

    window.model.apply([row("doc-a", "notes.txt", str(original), str(copy)),
                        row("doc-b", "Open me.desktop", str(tmp_path / "gone.desktop"), str(script))])
    window.table.selectAll()
    window.open_selected()
    qtbot.waitUntil(lambda: window.notice_box.isVisible(), timeout=10000)
    assert opened_urls == [str(original)]
    assert window.notice.text() == ("Open me.desktop — not opened: cdef01.desktop has an executable or script "
                                    "extension")

    from docvec_gui.ui.models import IdRole

    window.table.clearSelection()
    row_a = next(r for r in range(window.proxy.rowCount()) if window.proxy.index(r, 0).data(IdRole) == "doc-a")
    window.table.selectRow(row_a)
    original.unlink()  # gone since it was added: the stored copy's folder is shown
    window.show_selected_in_folder()
    qtbot.waitUntil(lambda: len(opened_urls) == 2, timeout=10000)
    assert opened_urls[1] == str(copy.parent)
