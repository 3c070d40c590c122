"""Watched folders under faults: the app killed in the middle of a catch-up scan, the OS out
of file watches, a full disk during a scan. Real processes, real signals, a real tmpfs."""
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from faultkit import app_env, assert_no_processes, assert_no_traceback, check, run, start, wait_for, tmpfs
from prerequisites import missing

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="inotify, tmpfs and signals are Linux's")


def _root_or_fail(what: str) -> None:
    if os.geteuid() != 0:
        missing(f"{what} needs root")


def _notes(folder: Path, count: int, subfolders: int = 10) -> None:
    old = time.time() - 120
    for n in range(count):
        path = folder / f"part-{n % subfolders}" / f"note-{n:05d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"Note {n}: observations number {n * 7919 % 100003} about topic {n % 97}.\n")
        os.utime(path, (old, old))


def _documents(data: Path) -> list[tuple]:
    conn = sqlite3.connect(f"file:{data / 'docvec.db'}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT stored_path, status, folder_id FROM documents").fetchall()
    finally:
        conn.close()


def _count(data: Path) -> int:
    try:
        return len(_documents(data))
    except sqlite3.Error:
        return 0


def test_kill_during_catch_up_scan_resumes_without_duplicates(tmp_path, model_dir):
    folder = tmp_path / "notes"
    _notes(folder, 3000)
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    run(env, "watch", "add", str(folder))
    proc = start(env, "sync")
    wait_for(lambda: _count(data) >= 400 or proc.poll() is not None, timeout=120, what="scan half-way")
    assert proc.poll() is None, "the scan ended before it could be killed; make the folder bigger"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert_no_processes(tag)
    partial = _count(data)
    assert 400 <= partial < 3000
    out = run(env, "--json", "sync")
    scan = json.loads(out.stdout)["scans"][0]
    assert scan["added"] + scan["unchanged"] == 3000 and scan["removed"] == 0 and scan["unchanged"] >= partial
    docs = _documents(data)
    paths = [p for p, _, _ in docs]
    assert len(paths) == len(set(paths)) == 3000  # every file once, none twice
    assert set(paths) == {str(p) for p in folder.rglob("*.txt")}
    assert {s for _, s, _ in docs} == {"pending"} and {f for _, _, f in docs} == {1}
    check(data, allow_unfinished=True, vectors=False)
    assert_no_processes(tag)


def _inotify_watches_in_use() -> int:
    used = 0
    for fdinfo in Path("/proc").glob("[0-9]*/fdinfo/*"):
        try:
            used += fdinfo.read_text().count("inotify wd:")
        except OSError:
            continue
    return used


def test_out_of_file_watches_falls_back_to_polling(settings_factory, tmp_path):
    _root_or_fail("lowering fs.inotify.max_user_watches")
    from docvec_gui.core import db as dbm
    from docvec_gui.core.service import Service

    folder = tmp_path / "many"
    _notes(folder, 60, subfolders=60)  # 61 folders: 61 watches wanted
    limit_file = Path("/proc/sys/fs/inotify/max_user_watches")
    saved = limit_file.read_text()
    svc = Service(settings_factory(auto_process=False, watch_poll_seconds=1)).open()
    try:
        limit_file.write_text(str(_inotify_watches_in_use() + 20))
        svc.watch_add(folder)
        svc.start_watching()
        info = wait_for(lambda: svc.folders()[0] if svc.folders()[0].mode == "polling" else None, timeout=30,
                        what="polling mode")
        assert "file watches" in info.note
        wait_for(lambda: svc.folders()[0].counts["files"] == 60, timeout=30, what="first scan")
        wait_for(lambda: svc.folders()[0].state == "polling", timeout=30, what="polling state")
        new = folder / "part-3" / "late.txt"
        new.write_text("written while polling")
        os.utime(new, (time.time() - 10, time.time() - 10))
        D = dbm.Document
        wait_for(lambda: D.get_or_none(D.stored_path == str(new)), timeout=15, what="polled change")
    finally:
        limit_file.write_text(saved)
        svc.close(timeout=30)


@pytest.fixture()
def small_disk(tmp_path):
    with tmpfs(tmp_path / "disk", 64) as mount:
        yield mount


def test_full_disk_during_a_scan_is_one_line_and_nothing_is_lost(small_disk, tmp_path, model_dir):
    folder = tmp_path / "notes"
    _notes(folder, 2000)
    data = small_disk / "data"
    env, tag = app_env(data, model_dir)
    run(env, "watch", "add", str(folder))
    balloon = small_disk / "balloon"
    free = os.statvfs(small_disk).f_bavail * os.statvfs(small_disk).f_frsize
    with open(balloon, "wb") as fh:  # leaves ~200 KB: the scan's rows fill it up
        fh.write(b"\0" * max(0, free - 200_000))
    out = run(env, "sync", check_rc=1)
    assert out.stderr.startswith("error: disk_full:") and out.stderr.count("\n") == 1, out.stderr
    assert_no_processes(tag)
    balloon.unlink()
    again = run(env, "--json", "sync")
    assert_no_traceback(again.stderr)
    docs = _documents(data)
    assert len(docs) == len({p for p, _, _ in docs}) == 2000
    check(data, allow_unfinished=True, vectors=False)


def test_an_unmounted_drive_deletes_nothing(small_disk, tmp_path, model_dir):
    folder = small_disk / "drive"
    _notes(folder, 20, subfolders=2)
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    run(env, "watch", "add", str(folder))
    run(env, "sync")
    assert _count(data) == 20
    subprocess.run(["umount", str(small_disk)], check=True)  # the mount point stays, empty
    small_disk.mkdir(exist_ok=True)
    folder.mkdir(parents=True, exist_ok=True)
    out = run(env, "--json", "sync")
    scan = json.loads(out.stdout)["scans"][0]
    assert not scan["available"] and scan["removed"] == 0 and "nothing was removed" in scan["problems"][0]
    assert _count(data) == 20
    listed = json.loads(run(env, "--json", "watch", "list").stdout)["folders"][0]
    assert "unmounted" in listed["note"]


def test_kill_during_watch_remove_leaves_tombstones_the_sweeper_finishes(tmp_path, model_dir):
    folder = tmp_path / "notes"
    _notes(folder, 1500)
    data = tmp_path / "data"
    env, tag = app_env(data, model_dir)
    run(env, "watch", "add", str(folder))
    run(env, "sync")
    proc = start(env, "watch", "remove", str(folder))

    def live() -> int:
        try:
            return sum(1 for _, s, _ in _documents(data) if s != "deleting")
        except sqlite3.Error:
            return 1500

    wait_for(lambda: live() < 1500 or proc.poll() is not None, timeout=120, what="removal under way")
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(10)
    assert_no_processes(tag)
    docs = _documents(data)
    assert all(status == "deleting" for _, status, _ in docs)  # no live document of a gone folder
    run(env, "watch", "add", str(folder))  # watched again: no clash with what is left
    repair = run(env, "--json", "check", "--repair", check_rc=None)  # the sweeper's job, done now
    assert repair.returncode in (0, 1), repair.stderr
    out = json.loads(run(env, "--json", "sync").stdout)["scans"][0]
    assert out["added"] == 1500
    live = [(p, s) for p, s, _ in _documents(data) if s != "deleting"]
    assert len(live) == len({p for p, _ in live}) == 1500 and {s for _, s in live} == {"pending"}
