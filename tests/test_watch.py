"""Watched folders with real folders, the real watcher (inotify here), real SQLite, Chroma and the model.

Most tests do not process (``auto_process=False``): what they check is which documents exist
and where, which the watcher decides before any embedding. The tests that need vectors
process with the real model.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from docvec_gui.core import db as dbm
from docvec_gui.core.errors import DocvecError
from docvec_gui.core.service import Service
from docvec_gui.core.vocabulary import Status
from tests.conftest import cli_cmd, cli_env

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file modes and signals")

TEXT = "Notes on {topic}: these paragraphs describe {topic} in plain words for the watched folder tests.\n"


def wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def write(path: Path, topic: str, old: bool = True) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(TEXT.format(topic=topic) * 3, encoding="utf-8")
    if old:  # older than the "still being written" window of a scan
        stamp = time.time() - 60
        os.utime(path, (stamp, stamp))
    return path


def live_docs() -> dict[str, dbm.Document]:
    D = dbm.Document
    return {d.stored_path: d for d in D.select().where(D.status != Status.DELETING)}


def settled(svc: Service) -> bool:
    return svc.watcher.idle()


@pytest.fixture()
def watched(settings_factory, tmp_path):
    """A service watching tmp_path/folder, not processing."""
    folder = tmp_path / "folder"
    folder.mkdir()
    svc = Service(settings_factory(auto_process=False, watch_settle_seconds=0.3)).open()
    svc.folder = folder
    yield svc
    svc.close(timeout=30)


def start(svc: Service) -> None:
    svc.watch_add(svc.folder)
    svc.start_watching()
    wait_for(lambda: settled(svc) and svc.folders()[0].last_scan_at, what="first scan")


def test_create_modify_rename_move_delete(watched):
    svc, folder = watched, watched.folder
    write(folder / "a.txt", "alpine lakes")
    start(svc)
    assert set(live_docs()) == {str(folder / "a.txt")}
    first = live_docs()[str(folder / "a.txt")]

    write(folder / "b.txt", "baroque music", old=False)  # create
    wait_for(lambda: str(folder / "b.txt") in live_docs(), what="created file")

    with open(folder / "a.txt", "a", encoding="utf-8") as fh:  # modify in place
        fh.write("A new paragraph about glaciers.\n")
    wait_for(lambda: live_docs()[str(folder / "a.txt")].sha256 != first.sha256, what="modified file")
    again = live_docs()[str(folder / "a.txt")]
    assert again.id == first.id and again.status == Status.PENDING and again.claim > first.claim

    (folder / "sub").mkdir()
    os.rename(folder / "a.txt", folder / "sub" / "renamed.txt")  # move to a subfolder, new name
    wait_for(lambda: str(folder / "sub" / "renamed.txt") in live_docs(), what="moved file")
    moved = live_docs()[str(folder / "sub" / "renamed.txt")]
    assert moved.id == first.id and moved.filename == "renamed.txt" and moved.sha256 == again.sha256
    assert str(folder / "a.txt") not in live_docs()

    os.unlink(folder / "b.txt")  # delete
    wait_for(lambda: str(folder / "b.txt") not in live_docs(), what="deleted file")
    assert set(live_docs()) == {str(folder / "sub" / "renamed.txt")}


def test_atomic_save_counts_as_one_modification(watched):
    svc, folder = watched, watched.folder
    target = write(folder / "report.md", "river deltas")
    start(svc)
    doc = live_docs()[str(target)]
    events = []
    svc.subscribe(lambda e: events.append(e) if e.doc_id == doc.id else None)
    for name in ("report.md.tmp", ".report.md.swp-new", "report.md.new"):  # three editors' ways
        temp = folder / name
        temp.write_text(TEXT.format(topic=f"river deltas, saved via {name}"), encoding="utf-8")
        os.replace(temp, target)
        wait_for(lambda: live_docs()[str(target)].sha256 != doc.sha256, what=f"save through {name}")
        doc = live_docs()[str(target)]
        assert doc.id == live_docs()[str(target)].id
    time.sleep(1.0)
    wait_for(lambda: settled(svc), what="quiet watcher")
    assert set(live_docs()) == {str(target)}  # no document for any temporary name
    assert not dbm.FolderSkip.select().count()
    requeues = [e for e in events if e.kind == "status" and e.status == Status.PENDING]
    assert len(requeues) == 3  # one re-processing per save, not one per event


def test_a_file_being_written_is_taken_once_complete(watched):
    svc, folder = watched, watched.folder
    start(svc)
    path = folder / "growing.txt"
    with open(path, "w", encoding="utf-8") as fh:
        for n in range(10):  # appended to over 2 s
            fh.write(TEXT.format(topic=f"part {n}"))
            fh.flush()
            time.sleep(0.2)
    final = path.stat()
    doc = wait_for(lambda: live_docs().get(str(path)), what="the written file")
    assert (doc.size, doc.mtime_ns) == (final.st_size, final.st_mtime_ns)
    time.sleep(1.0)
    assert live_docs()[str(path)].claim == doc.claim  # never re-queued for the earlier, shorter states


def test_delete_a_whole_subfolder_and_exclusions(watched):
    svc, folder = watched, watched.folder
    for n in range(5):
        write(folder / "drafts" / f"d{n}.txt", f"draft {n}")
    write(folder / "keep.txt", "kept notes")
    write(folder / "node_modules" / "pkg" / "readme.txt", "a dependency")
    write(folder / ".hidden" / "secret.txt", "hidden notes")
    write(folder / "~$lock.docx", "office lock")
    write(folder / "scratch.tmp", "temporary")
    write(folder / "notes.txt~", "backup")
    start(svc)
    assert set(live_docs()) == {str(folder / "keep.txt")} | {str(folder / "drafts" / f"d{n}.txt") for n in range(5)}
    shutil.rmtree(folder / "drafts")
    wait_for(lambda: set(live_docs()) == {str(folder / "keep.txt")}, what="subfolder removal")
    write(folder / "node_modules" / "other.txt", "another dependency", old=False)
    write(folder / "new.txt", "fresh notes", old=False)
    wait_for(lambda: str(folder / "new.txt") in live_docs(), what="new file")
    assert str(folder / "node_modules" / "other.txt") not in live_docs()


def test_include_patterns_and_user_excludes(settings_factory, tmp_path):
    folder = tmp_path / "docs"
    write(folder / "a.md", "markdown notes")
    write(folder / "b.txt", "text notes")
    write(folder / "archive" / "c.md", "archived markdown")
    with Service(settings_factory(auto_process=False)).open() as svc:
        svc.watch_add(folder, include=["*.md"], exclude=["archive"])
        svc.sync()
        assert set(live_docs()) == {str(folder / "a.md")}


def test_symlink_loop_and_links_not_followed(settings_factory, tmp_path):
    folder = tmp_path / "docs"
    write(folder / "sub" / "a.txt", "linked notes")
    os.symlink(folder, folder / "sub" / "loop")  # a loop back to the top
    outside = write(tmp_path / "outside" / "x.txt", "outside notes")
    os.symlink(outside.parent, folder / "out")
    with Service(settings_factory(auto_process=False)).open() as svc:
        svc.watch_add(folder)
        svc.sync()
        assert set(live_docs()) == {str(folder / "sub" / "a.txt")}  # links are skipped by default
    with Service(settings_factory(auto_process=False, data_dir=tmp_path / "data2")).open() as svc:
        svc.watch_add(folder, follow_symlinks=True)
        reports = svc.sync()  # the loop is entered once, then recognised
        paths = set(live_docs())
        assert str(folder / "sub" / "a.txt") in paths and str(folder / "out" / "x.txt") in paths
        assert len(paths) == 2 and reports[0].files == 2


def test_unreadable_subfolder_is_reported_not_fatal(tmp_path, model_dir):
    """Run as an unprivileged user (root reads everything), through the CLI."""
    if os.geteuid() == 0:  # pytest's own temp folders are private to root: use one "nobody" can reach
        import tempfile

        tmp_path = Path(tempfile.mkdtemp(prefix="docvec-watch-"))
    folder = tmp_path / "docs"
    write(folder / "ok.txt", "readable notes")
    write(folder / "locked" / "secret.txt", "locked notes")
    data = tmp_path / "data"
    data.mkdir()
    env = cli_env(data, model_dir)
    run_as = {}
    if os.geteuid() == 0:
        for path in (tmp_path, folder, folder / "ok.txt", folder / "locked", folder / "locked" / "secret.txt", data):
            os.chown(path, 65534, 65534)
        run_as = {"user": 65534, "group": 65534, "extra_groups": []}
        env["HOME"] = str(tmp_path)
    os.chmod(folder / "locked", 0)
    try:
        def cli(*args):
            return subprocess.run(cli_cmd(*args), env=env, capture_output=True, text=True, timeout=120, **run_as)

        added = cli("watch", "add", str(folder))
        assert added.returncode == 0, added.stderr
        first = cli("--json", "sync")
        assert first.returncode == 0, first.stderr
        scan = json.loads(first.stdout)["scans"][0]
        assert scan["added"] == 1 and any("locked" in p and "Permission denied" in p for p in scan["problems"])
        listed = json.loads(cli("--json", "watch", "list").stdout)["folders"][0]
        assert "locked" in (listed["note"] or "") and listed["counts"]["files"] == 1
        assert "Traceback" not in first.stderr + added.stderr
    finally:
        os.chmod(folder / "locked", 0o755)
    # Readable again: found by the next scan; nothing was deleted meanwhile.
    again = json.loads(subprocess.run(cli_cmd("--json", "sync"), env=env, capture_output=True, text=True,
                                      timeout=120, **run_as).stdout)["scans"][0]
    assert again["added"] == 1 and again["removed"] == 0
    if os.geteuid() == 0:
        shutil.rmtree(tmp_path)


def test_changes_while_closed_are_found_by_the_catch_up_scan(settings_factory, tmp_path):
    folder = tmp_path / "docs"
    for name in ("same", "edited", "renamed", "gone"):
        write(folder / f"{name}.txt", f"{name} notes")
    settings = settings_factory(auto_process=False)
    with Service(settings).open() as svc:
        svc.watch_add(folder)
        svc.sync()
        before = live_docs()
    # The app is closed: edits, a rename, a deletion and a new file happen meanwhile.
    write(folder / "edited.txt", "edited notes, now about something else entirely")
    os.rename(folder / "renamed.txt", folder / "renamed-later.txt")
    os.unlink(folder / "gone.txt")
    write(folder / "added.txt", "added notes")
    with Service(settings).open() as svc:
        svc.start_watching()
        wait_for(lambda: settled(svc), what="catch-up scan")
        after = live_docs()
    names = {Path(p).name for p in after}
    assert names == {"same.txt", "edited.txt", "renamed-later.txt", "added.txt"}
    assert after[str(folder / "same.txt")].claim == before[str(folder / "same.txt")].claim  # untouched
    assert after[str(folder / "edited.txt")].id == before[str(folder / "edited.txt")].id
    assert after[str(folder / "edited.txt")].sha256 != before[str(folder / "edited.txt")].sha256
    assert after[str(folder / "renamed-later.txt")].id == before[str(folder / "renamed.txt")].id  # a move


def test_moved_file_keeps_its_vectors_without_embedding(settings_factory, tmp_path):
    folder = tmp_path / "docs"
    write(folder / "a" / "paper.txt", "photosynthesis in deep sea algae")
    write(folder / "a" / "other.txt", "tectonic plates")
    with Service(settings_factory(watch_settle_seconds=0.3)).open() as svc:
        svc.watch_add(folder)
        svc.start_watching()
        wait_for(lambda: settled(svc) and svc.folders()[0].counts["indexed"] == 2, timeout=120, what="indexed")
        doc = live_docs()[str(folder / "a" / "paper.txt")]
        store = svc.vectors()
        indices_before, vectors_before = store.get_document(doc.id)
        count_before = store.count_document(doc.id)
        embedder = svc.embedder()
        calls = []
        original = embedder.embed
        embedder.embed = lambda *a, **k: calls.append(a) or original(*a, **k)  # a spy on the real model
        try:
            (folder / "b").mkdir()
            os.rename(folder / "a" / "paper.txt", folder / "b" / "paper-final.txt")
            os.rename(folder / "a", folder / "archive")  # a folder rename moves its documents too
            wait_for(lambda: {str(folder / "b" / "paper-final.txt"), str(folder / "archive" / "other.txt")}
                     <= set(live_docs()), what="moves")
            time.sleep(1.0)
            wait_for(lambda: settled(svc), what="quiet watcher")
        finally:
            embedder.embed = original
        moved = live_docs()[str(folder / "b" / "paper-final.txt")]
        assert moved.id == doc.id and moved.status == Status.COMPLETED and moved.claim == doc.claim
        assert store.count_document(doc.id) == count_before == moved.chunk_count
        indices_after, vectors_after = store.get_document(doc.id)  # same Chroma ids, same vectors
        assert indices_after == indices_before and (vectors_after == vectors_before).all()
        assert calls == []  # nothing was embedded again
        hits = svc.search("photosynthesis algae", mode="hybrid")
        assert hits and hits[0].doc_id == doc.id and hits[0].filename == "paper-final.txt"


def test_rename_storm_of_1000_files(watched):
    svc, folder = watched, watched.folder
    for n in range(1000):
        write(folder / f"note-{n:04d}.txt", f"topic number {n}")
    start(svc)
    before = {Path(p).name: d.id for p, d in live_docs().items()}
    assert len(before) == 1000
    for n in range(1000):
        os.rename(folder / f"note-{n:04d}.txt", folder / f"renamed-{n:04d}.txt")
    wait_for(lambda: all(Path(p).name.startswith("renamed") for p in live_docs()), timeout=120, what="renames")
    after = {Path(p).name: d.id for p, d in live_docs().items()}
    assert len(after) == 1000
    assert {after[f"renamed-{n:04d}.txt"] for n in range(1000)} == set(before.values())  # same documents


def test_unplugged_folder_deletes_nothing(watched):
    svc, folder = watched, watched.folder
    for n in range(3):
        write(folder / f"n{n}.txt", f"note {n}")
    start(svc)
    hidden = folder.with_name("folder-unplugged")
    os.rename(folder, hidden)  # the drive is gone
    svc.watch_rescan()
    wait_for(lambda: settled(svc) and svc.folders()[0].note, what="unavailable note")
    time.sleep(1.0)
    assert len(live_docs()) == 3
    os.rename(hidden, folder)  # plugged in again
    svc.watch_rescan()
    wait_for(lambda: settled(svc) and svc.folders()[0].state == "watching", what="back")
    assert len(live_docs()) == 3


def test_pause_resume_remove(watched):
    svc, folder = watched, watched.folder
    write(folder / "a.txt", "first")
    start(svc)
    svc.watch_pause(folder)
    assert svc.folders()[0].state == "paused"
    write(folder / "while-paused.txt", "written while paused", old=False)
    time.sleep(1.0)
    assert str(folder / "while-paused.txt") not in live_docs()
    svc.watch_pause(folder, paused=False)  # resuming runs a catch-up scan
    wait_for(lambda: str(folder / "while-paused.txt") in live_docs(), what="catch-up after resume")
    assert svc.watch_remove(folder, keep_documents=True) == 0
    assert not svc.folders() and len(live_docs()) == 2
    assert all(d.folder_id is None for d in live_docs().values())
    assert (folder / "a.txt").exists()  # the user's files are never touched


def test_remove_deletes_documents_but_never_the_users_files(watched):
    svc, folder = watched, watched.folder
    write(folder / "a.txt", "first")
    write(folder / "b.txt", "second")
    start(svc)
    assert svc.watch_remove(str(folder)) == 2
    wait_for(lambda: not dbm.Document.select().count(), what="documents gone")
    assert (folder / "a.txt").exists() and (folder / "b.txt").exists()


def test_refusals(watched, tmp_path):
    svc = watched
    with pytest.raises(DocvecError):
        svc.watch_add(tmp_path / "missing")
    svc.watch_add(svc.folder)
    with pytest.raises(DocvecError, match="already watched"):
        svc.watch_add(svc.folder)
    (svc.folder / "inner").mkdir()
    with pytest.raises(DocvecError, match="overlaps"):
        svc.watch_add(svc.folder / "inner")
    with pytest.raises(DocvecError, match="data directory"):
        svc.watch_add(svc.settings.data_dir.parent)


def test_not_documents_are_skipped_once(watched, docs_dir):
    svc, folder = watched, watched.folder
    shutil.copy(docs_dir / "testTinyPE.exe", folder / "tool.exe")
    (folder / "empty.txt").write_bytes(b"")
    old = time.time() - 60
    for name in ("tool.exe", "empty.txt"):
        os.utime(folder / name, (old, old))
    start(svc)
    assert not live_docs()
    skips = {Path(s.path).name: s.kind for s in dbm.FolderSkip.select()}
    assert skips == {"tool.exe": "unsupported", "empty.txt": "empty"}
    assert svc.folders()[0].counts["skipped"] == 2
    second = svc.sync()[0]
    assert second.skipped == 2 and second.added == 0  # not sniffed again: one stat each


def test_cli_watch_and_sync(tmp_path, model_dir):
    folder = tmp_path / "docs"
    write(folder / "a.txt", "command line notes about volcanoes")
    data = tmp_path / "data"
    env = cli_env(data, model_dir)

    def cli(*args):
        done = subprocess.run(cli_cmd(*args), env=env, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "Traceback" not in done.stderr
        return done.stdout

    cli("watch", "add", str(folder), "--exclude", "*.log")
    cli("sync", "--wait")
    status = json.loads(cli("--json", "status"))
    assert [(d["filename"], d["status"], d["folder_id"]) for d in status["documents"]] == [("a.txt", "completed", 1)]
    assert "volcanoes" in cli("search", "volcanoes")
    listed = json.loads(cli("--json", "watch", "list"))["folders"]
    assert listed[0]["path"] == str(folder.resolve()) and "*.log" in listed[0]["exclude"]
    assert listed[0]["counts"]["indexed"] == 1
    cli("watch", "remove", str(folder))
    assert json.loads(cli("--json", "status"))["documents"] == []


def test_names_that_are_not_utf8_are_left_alone(watched):
    svc, folder = watched, watched.folder
    write(folder / "normal.txt", "ordinary notes")
    bad = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(bad, "wb") as fh:
        fh.write(b"latin-1 named notes " * 20)
    start(svc)
    assert set(live_docs()) == {str(folder / "normal.txt")}
    with open(os.fsencode(folder) + b"/new-\xff.txt", "wb") as fh:  # live: the batch is not lost
        fh.write(b"more notes " * 20)
    write(folder / "after.txt", "written after the odd name", old=False)
    wait_for(lambda: str(folder / "after.txt") in live_docs(), what="the file beside the odd name")
    assert svc.folders()[0].last_scan_at and svc.watcher.running


def test_move_between_watched_folders_while_closed_keeps_the_document(settings_factory, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    write(first / "paper.txt", "a paper that moves between folders")
    second.mkdir()
    settings = settings_factory(auto_process=False)
    with Service(settings).open() as svc:
        svc.watch_add(first)
        svc.watch_add(second)
        svc.sync()
        doc = live_docs()[str(first / "paper.txt")]
    os.rename(first / "paper.txt", second / "paper.txt")
    with Service(settings).open() as svc:
        svc.start_watching()  # the watcher's own catch-up scans, not sync()
        wait_for(lambda: settled(svc) and str(second / "paper.txt") in live_docs(), what="catch-up")
        assert live_docs()[str(second / "paper.txt")].id == doc.id


def test_kept_documents_are_adopted_when_the_folder_is_watched_again(watched):
    svc, folder = watched, watched.folder
    for n in range(3):
        write(folder / f"n{n}.txt", f"note {n}")
    start(svc)
    ids = {d.id for d in live_docs().values()}
    svc.watch_remove(folder, keep_documents=True)
    svc.watch_add(folder)
    svc.watch_rescan()
    wait_for(lambda: settled(svc) and svc.folders()[0].last_scan_at, what="scan")
    docs = live_docs()
    assert {d.id for d in docs.values()} == ids and {d.folder_id for d in docs.values()} == {svc.folders()[0].id}


def test_future_mtime_and_huge_files(settings_factory, tmp_path):
    folder = tmp_path / "docs"
    future = write(folder / "future.txt", "a clock set wrong")
    os.utime(future, (time.time() + 86400, time.time() + 86400))
    huge = folder / "disk.iso"
    with open(huge, "wb") as fh:  # sparse: 3 GB that take no room and would take long to hash
        fh.truncate(3 * 2**30)
    os.utime(huge, (time.time() - 60, time.time() - 60))
    with Service(settings_factory(auto_process=False, max_file_mb=100)).open() as svc:
        svc.watch_add(folder)
        began = time.monotonic()
        report = svc.sync(settle_timeout=5)[0]
        assert time.monotonic() - began < 5  # neither waited for nor hashed
        assert set(live_docs()) == {str(future)} and report.skipped == 1
        assert dbm.FolderSkip.get().kind == "too_large"


def test_events_dropped_by_the_kernel_lead_to_a_rescan(watched):
    import logging

    svc, folder = watched, watched.folder
    write(folder / "a.txt", "first")
    start(svc)
    before = svc.folders()[0].last_scan_at
    time.sleep(0.01)
    # What watchdog logs (and only logs) when the inotify queue overflowed.
    logging.getLogger("watchdog.observers.inotify").warning("Inotify queue overflowed; reconciling recursive "
                                                             "watches below %r", str(folder))
    wait_for(lambda: svc.folders()[0].last_scan_at != before, what="a rescan")
