"""Following watched folders live: OS file events, debounced, and scans on a schedule.

One :class:`Watcher` per service that owns the data directory. It owns two threads, each
with a bounded stop:

* watchdog's observer (inotify, FSEvents, ReadDirectoryChangesW), which only puts raw events
  on a queue;
* ``docvec-watch``, which turns them into work for :class:`FolderSync`: renames and moves at
  once (both paths known: nothing is embedded again), other paths once their size and mtime
  have stood still for ``watch_settle_seconds`` (a file being written is taken once, and an
  editor's write-temp-then-rename save counts as one change). It also runs the catch-up scan
  of every folder at start and every ``watch_rescan_minutes``, and scans every
  ``watch_poll_seconds`` the folders that get no OS events (watch limit reached, network
  drive). On Linux it runs at a lower CPU priority.

Nothing here touches Qt; the window learns about folders through ``folder`` events.
"""
from __future__ import annotations

import errno
import logging
import os
import queue
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from docvec_gui.core import db as dbm
from docvec_gui.core.events import Event, EventHub
from docvec_gui.core.priority import lower_this_thread
from docvec_gui.core.folders import set_state
from docvec_gui.core.folderscan import FolderSync, ScanStopped
from docvec_gui.core.importer import os_error_text
from docvec_gui.core.vocabulary import EventKind, FolderState

log = logging.getLogger(__name__)

TICK = 0.1  # seconds: how often settled paths are looked at
RETRY_FAILED_SCAN = 30.0  # seconds before a scan that failed is tried again
NETWORK_FILESYSTEMS = frozenset({"nfs", "nfs4", "cifs", "smbfs", "smb3", "9p", "afpfs", "fuse.sshfs",
                                 "fuse.rclone", "davfs", "fuse.davfs2", "webdav", "afs", "ncpfs",
                                 "fuse.gvfsd-fuse", "macfuse", "osxfuse"})


@dataclass
class _Pending:
    """A path that changed: taken when its (size, mtime) is the same ``settle`` seconds on."""

    since: float
    signature: tuple[int, int] | None


@dataclass
class LiveState:
    state: str
    scanned: int = 0
    to_scan: int | None = None


class Watcher:
    def __init__(self, settings, sync: FolderSync, hub: EventHub) -> None:
        self.settings = settings
        self.sync = sync
        self.hub = hub
        self._events: queue.SimpleQueue = queue.SimpleQueue()
        self._commands: queue.SimpleQueue = queue.SimpleQueue()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._observer = None
        self._watches: dict[int, object] = {}  # folder id -> watchdog ObservedWatch
        self._pending: dict[str, _Pending] = {}
        self._live: dict[int, LiveState] = {}
        self._next_scan: dict[int, float] = {}  # folder id -> monotonic time of its next scan
        self._unwatchable: set[int] = set()  # folders whose watch failed for a reason that may pass
        self._state_lock = threading.Lock()
        # Commands and events queued but not fully handled yet (idle() is exact, not racy).
        self._unhandled = 0
        self._cancelled: set[int] = set()  # folders paused or removed: their scan stops now
        self._patterns: dict[str, object] = {}  # folder path -> Patterns, to drop unwanted events early

    # -- owner's interface ------------------------------------------------------------------
    def start(self) -> None:
        """Start following every folder that is not paused; a catch-up scan of each is queued."""
        if self._thread is not None:
            return
        from watchdog.observers import Observer

        self._stop.clear()
        self.sync.should_stop = self._stop.is_set
        self._observer = Observer(timeout=0.5)
        self._observer.daemon = True
        self._observer.start()
        self._thread = threading.Thread(target=self._main, name="docvec-watch", daemon=True)
        self._thread.start()
        self._overflow = _OverflowToRescan(self)
        logging.getLogger("watchdog.observers.inotify").addHandler(self._overflow)
        for folder in dbm.WatchedFolder.select():
            self.follow(folder.id)

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop both threads; a scan in progress stops at its next file. True if both ended."""
        if self._thread is None:
            return True
        self._stop.set()
        deadline = time.monotonic() + timeout
        observer, self._observer = self._observer, None
        if observer is not None:
            observer.stop()
            observer.join(timeout=max(0.1, deadline - time.monotonic()))
        self._thread.join(timeout=max(0.1, deadline - time.monotonic()))
        stopped = not self._thread.is_alive() and (observer is None or not observer.is_alive())
        if not stopped:
            log.warning("the folder watcher did not stop within %.0f s", timeout)
        else:
            self._thread = None
            logging.getLogger("watchdog.observers.inotify").removeHandler(self._overflow)
        return stopped

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def follow(self, folder_id: int) -> None:
        """Watch a folder (again) and queue its catch-up scan."""
        self._put(self._commands, ("follow", folder_id))

    def forget(self, folder_id: int) -> None:
        """Stop following a folder; a scan of it running now stops at its next file."""
        with self._state_lock:
            self._cancelled.add(folder_id)
        self._put(self._commands, ("forget", folder_id))

    def rescan(self, folder_id: int | None = None) -> None:
        self._put(self._commands, ("scan", folder_id))

    def _put(self, where: queue.SimpleQueue, item) -> None:
        with self._state_lock:
            self._unhandled += 1
        where.put(item)

    def _handled(self, n: int = 1) -> None:
        with self._state_lock:
            self._unhandled -= n

    def live(self, folder_id: int) -> LiveState | None:
        with self._state_lock:
            return self._live.get(folder_id)

    def idle(self, settling_too: bool = True) -> bool:
        """No event waiting, no command or scan queued or running, and (``settling_too``) no
        changed path waiting to stand still (a file written to all the time never does)."""
        with self._state_lock:
            busy = self._unhandled > 0 or any(s.state == FolderState.SCANNING for s in self._live.values())
        now = time.monotonic()
        return not busy and not (settling_too and self._pending) and \
            not any(t <= now for t in self._next_scan.values())

    # -- the observer's side: only queueing ---------------------------------------------------
    def _dispatch(self, event) -> None:
        self._put(self._events, event)

    # -- the watch thread -------------------------------------------------------------------
    def _main(self) -> None:
        lower_this_thread()  # scans and hashing yield to the desktop
        while not self._stop.is_set():
            try:
                self._turn()
            except ScanStopped:
                break
            except Exception as exc:  # one bad turn must not end the watching; it is logged
                log.exception("folder watcher: %s", exc)
                self._stop.wait(1.0)

    def _turn(self) -> None:
        self._run_commands()
        self._drain_events()
        self._take_settled()
        self._run_due_scans()

    def _run_commands(self) -> None:
        while True:
            try:
                command, folder_id = self._commands.get_nowait()
            except queue.Empty:
                return
            try:
                self._command(command, folder_id)
            finally:
                self._handled()

    def _command(self, command: str, folder_id: int | None) -> None:
        self._refresh_patterns()
        if command == "follow":
            with self._state_lock:
                self._cancelled.discard(folder_id)
            self._schedule(folder_id)
            self._next_scan[folder_id] = 0.0
        elif command == "forget":
            self._unschedule(folder_id)
            self._next_scan.pop(folder_id, None)
            with self._state_lock:
                self._live.pop(folder_id, None)
        elif command == "scan":
            for fid in ([folder_id] if folder_id is not None else list(self._next_scan)):
                self._next_scan[fid] = 0.0

    def _refresh_patterns(self) -> None:
        from docvec_gui.core.folders import folder_patterns

        self._patterns = {f.path: folder_patterns(f) for f in dbm.WatchedFolder.select()}

    def _wanted(self, path: str) -> bool:
        """False for events under excluded names (.git, node_modules, temp files...): they
        are dropped before they cost a database query."""
        for root, patterns in self._patterns.items():
            if path.startswith(root + os.sep):
                return patterns.wanted(path[len(root) + 1:].replace(os.sep, "/"))
        return False

    def _drain_events(self) -> None:
        try:
            event = self._events.get(timeout=TICK)
        except queue.Empty:
            return
        moves: list = []
        taken = 0
        while True:
            taken += 1
            self._note(event, moves)
            if len(moves) >= 500:
                break
            try:
                event = self._events.get_nowait()
            except queue.Empty:
                break
        try:
            for event in moves:
                src, dest = os.fsdecode(event.src_path), os.fsdecode(event.dest_path)
                try:
                    self.sync.moved(src, dest, event.is_directory)
                except ScanStopped:
                    raise
                except Exception as exc:  # logged; the folder's rescan puts things right
                    log.exception("folder watcher: move %s -> %s: %s", src, dest, exc)
                    self._rescan_soon()
        finally:
            self._handled(taken)

    def _note(self, event, moves: list) -> None:
        kind = event.event_type
        if kind in ("opened", "closed_no_write") or (kind == "modified" and event.is_directory):
            return
        if getattr(event, "is_synthetic", False):
            return  # watchdog's per-file events after a folder move: the folder move covers them
        src = os.fsdecode(event.src_path)
        if kind == "moved":
            dest = os.fsdecode(event.dest_path)
            # In event order: a file created at src after this move is a new file.
            self._pending.pop(src, None)
            if self._wanted(src) or self._wanted(dest) or event.is_directory:
                moves.append(event)
            return
        if event.is_directory or self._wanted(src):
            self._pending[src] = _Pending(time.monotonic(), _signature(src))

    def _take_settled(self) -> None:
        if not self._pending:
            return
        now = time.monotonic()
        settle = self.settings.watch_settle_seconds
        ready: list[str] = []
        for path, pending in list(self._pending.items()):
            if now - pending.since < settle:
                continue
            signature = _signature(path)
            if signature == pending.signature:
                ready.append(path)
                del self._pending[path]
            else:  # still being written: wait for it to stand still
                self._pending[path] = _Pending(now, signature)
        if ready:
            try:
                self.sync.apply(ready)
            except ScanStopped:
                raise
            except Exception as exc:  # logged; the folders' rescan puts things right
                log.exception("folder watcher: %d changed paths: %s", len(ready), exc)
                self._rescan_soon()

    def _rescan_soon(self, delay: float = 5.0) -> None:
        due = time.monotonic() + delay
        for folder_id in self._next_scan:
            self._next_scan[folder_id] = min(self._next_scan[folder_id], due)

    def _run_due_scans(self) -> None:
        """Scan every due folder, additions first and removals after all of them, so a file
        moved from one watched folder to another while docvec was closed keeps its document."""
        now = time.monotonic()
        scanned: list[int] = []
        for folder_id, due in list(self._next_scan.items()):
            if due > now or self._stop.is_set():
                continue
            folder = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == folder_id)
            if folder is None:
                self._next_scan.pop(folder_id, None)
                continue
            # Next time first: a scan that fails is retried later, not in a loop.
            self._next_scan[folder_id] = time.monotonic() + RETRY_FAILED_SCAN
            if folder.paused:
                self._next_scan[folder_id] = float("inf")
                self._set_live(folder_id, LiveState(FolderState.PAUSED))
                continue
            try:
                if self._scan(folder):
                    scanned.append(folder_id)
                    fresh = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == folder_id)
                    self._next_scan[folder_id] = time.monotonic() + (self._interval(fresh) if fresh else float("inf"))
            except ScanStopped:
                if self._stop.is_set():
                    raise
            except Exception as exc:  # logged with the folder; the next scan retries
                log.exception("folder watcher: scan of %s failed: %s", folder.path, exc)
            finally:
                self._set_live(folder_id, self._live_after(folder_id))
        for folder_id in scanned:
            try:
                self.sync.remove_vanished(folder_id)
            except Exception as exc:
                log.exception("folder watcher: removals in folder %s failed: %s", folder_id, exc)
            self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder_id}))

    def _live_after(self, folder_id: int) -> LiveState | None:
        live = self.live(folder_id)
        return live if live is not None and live.state != FolderState.SCANNING else None

    def _interval(self, folder) -> float:
        if folder.mode == "polling":
            return float(self.settings.watch_poll_seconds)
        minutes = self.settings.watch_rescan_minutes
        return minutes * 60.0 if minutes > 0 else float("inf")

    def _scan(self, folder) -> bool:
        """A catch-up scan of one folder (removals left to the caller); True if it could be
        reached."""
        self._set_live(folder.id, LiveState(FolderState.SCANNING))

        def progress(done: int, total: int | None) -> None:
            self._set_live(folder.id, LiveState(FolderState.SCANNING, done, total))
            self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder.id, "scanned": done,
                                                              "to_scan": total}))

        def stop() -> bool:
            return self._stop.is_set() or folder.id in self._cancelled

        report = self.sync.scan(folder.id, stop=stop, progress=progress, remove=False)
        for path in report.unsettled:  # still being written: taken once it stands still
            self._pending[path] = _Pending(time.monotonic(), _signature(path))
        if not report.available:
            self._set_live(folder.id, LiveState(FolderState.UNAVAILABLE))
            # Its watch died with the folder (unmounted, removed): watch again once it is back.
            self._unschedule(folder.id)
            self._unwatchable.add(folder.id)
            self._next_scan[folder.id] = time.monotonic() + self.settings.watch_poll_seconds
        else:
            self._set_live(folder.id, None)
            if folder.id in self._unwatchable:
                self._unwatchable.discard(folder.id)  # back (remounted, re-created): try events again
                self._schedule(folder.id)
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder.id}))
        return report.available

    def _set_live(self, folder_id: int, state: LiveState | None) -> None:
        with self._state_lock:
            if state is None:
                self._live.pop(folder_id, None)
            else:
                self._live[folder_id] = state

    # -- OS watches -------------------------------------------------------------------------
    def _schedule(self, folder_id: int) -> None:
        folder = dbm.WatchedFolder.get_or_none(dbm.WatchedFolder.id == folder_id)
        observer = self._observer  # None once stop() began
        if folder is None or folder.paused or folder_id in self._watches or observer is None:
            return
        remote = network_filesystem(Path(folder.path))
        if remote:
            self._poll(folder_id, f"polling every {self.settings.watch_poll_seconds} s: {remote} network drives "
                                  f"send no change events")
            return
        from watchdog.events import FileSystemEventHandler

        handler = FileSystemEventHandler()
        handler.dispatch = self._dispatch  # every event, unfiltered, onto the queue
        try:
            self._watches[folder_id] = observer.schedule(handler, folder.path, recursive=True,
                                                               follow_symlink=folder.follow_symlinks)
        except OSError as exc:
            if exc.errno in (errno.ENOSPC, errno.EMFILE):
                self._poll(folder_id, f"polling every {self.settings.watch_poll_seconds} s: the system ran out "
                                      f"of file watches ({os_error_text(exc)}); raise fs.inotify.max_user_watches "
                                      f"to get live updates")
            else:
                self._unwatchable.add(folder_id)
                self._poll(folder_id, f"polling every {self.settings.watch_poll_seconds} s: cannot watch the "
                                      f"folder ({os_error_text(exc)})")
            return
        if inotify_exhausted():
            # watchdog skips subfolders it cannot watch without a word: when the system is
            # out of watches now, part of this folder may be blind, so poll it instead.
            self._unschedule(folder_id)
            self._poll(folder_id, f"polling every {self.settings.watch_poll_seconds} s: the system ran out of "
                                  f"file watches; raise fs.inotify.max_user_watches to get live updates")
            return
        if folder.mode != "events":
            set_state(folder_id, mode="events", note=None)

    def _poll(self, folder_id: int, why: str) -> None:
        log.warning("watched folder %s: %s", folder_id, why)
        set_state(folder_id, mode="polling", note=why)
        self.hub.emit(Event(EventKind.FOLDER, "", extra={"folder_id": folder_id}))

    def _unschedule(self, folder_id: int) -> None:
        watch = self._watches.pop(folder_id, None)
        if watch is not None and self._observer is not None:
            try:
                self._observer.unschedule(watch)
            except (KeyError, OSError) as exc:  # already gone with its folder
                log.info("unwatching folder %s: %s", folder_id, exc)


class _OverflowToRescan(logging.Handler):
    """watchdog only logs when the kernel dropped events (inotify queue overflow): then every
    folder is scanned again soon, so no change stays missed until the periodic rescan."""

    def __init__(self, watcher: "Watcher") -> None:
        super().__init__(level=logging.WARNING)
        self.watcher = watcher

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            self.watcher.rescan()


def inotify_exhausted() -> bool:
    """Linux: True when no inotify watch can be added now (ENOSPC), probed with a watch of
    our own on a fresh instance (closed again at once)."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.inotify_init1(os.O_CLOEXEC)
    if fd < 0:
        return ctypes.get_errno() in (errno.EMFILE, errno.ENOSPC)
    try:
        in_attrib = 0x00000004
        if libc.inotify_add_watch(fd, b"/", in_attrib) >= 0:
            return False
        return ctypes.get_errno() == errno.ENOSPC
    finally:
        os.close(fd)


def _signature(path: str) -> tuple[int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns


def network_filesystem(path: Path) -> str | None:
    """The file system type when ``path`` is on a network drive (no reliable change events)."""
    if sys.platform.startswith("linux"):
        return _linux_fstype(path) if _linux_fstype(path) in NETWORK_FILESYSTEMS else None
    if sys.platform == "darwin":
        return _psutil_fstype(path)
    if sys.platform == "win32":
        import ctypes

        drive = os.path.splitdrive(str(path))[0]
        if drive.startswith("\\\\"):
            return "a UNC share"
        remote = 4  # DRIVE_REMOTE
        return "a mapped network drive" if ctypes.windll.kernel32.GetDriveTypeW(drive + "\\") == remote else None
    return None


def _psutil_fstype(path: Path) -> str | None:
    """macOS: the file system type of the longest mount point holding ``path``, if a network one."""
    import psutil

    best, fstype = "", None
    for part in psutil.disk_partitions(all=True):
        point = part.mountpoint.rstrip("/") or "/"
        if (str(path) == point or str(path).startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
            best, fstype = point, part.fstype
    return fstype if fstype in NETWORK_FILESYSTEMS else None


def _linux_fstype(path: Path) -> str | None:
    best, fstype = "", None
    try:
        with open("/proc/self/mounts", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                if (str(path) == point or str(path).startswith(point.rstrip("/") + "/")) and len(point) >= len(best):
                    best, fstype = point, parts[2]
    except OSError:
        return None
    return fstype
