"""``docvec``: the command line over the same service the window uses.

Failures print one line ``error: <kind>: <message>`` on stderr and exit 1.
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
import time
from pathlib import Path
from typing import Iterator, Sequence

from docvec_gui import __version__
from docvec_gui.core.errors import DocvecError, classify


def _print_json(data) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _settings(args):
    from docvec_gui.core.config import load_settings

    return load_settings(args.data_dir)


def _open_service(args, readonly: bool = False):
    from docvec_gui.core.logs import configure_logging
    from docvec_gui.core.service import Service

    settings = _settings(args)
    if not readonly:
        configure_logging(settings.log_path, settings.log_level)
    return Service(settings, readonly=readonly).open()


@contextlib.contextmanager
def _owned(args, service=None) -> Iterator:
    """The service for one command. Ctrl-C (or SIGTERM) stops at once: running documents
    go back to pending (never an error) and resume at the next start."""
    service = service or _open_service(args)
    try:
        yield service
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the bounded stop short
        service.close(timeout=10, finish=False)
        raise
    finally:
        service.close()


def _remote(args):
    """The :class:`RemoteLibrary` of the process serving this data directory, or None when
    no live owner serves it (this command then owns the directory itself)."""
    from docvec_gui.api.discovery import find_server

    data_dir = _settings(args).data_dir
    info = find_server(data_dir)
    if info is None:
        return None
    from docvec_gui.api.client import RemoteLibrary

    return RemoteLibrary(info.url, info.token, data_dir=data_dir)


@contextlib.contextmanager
def _library(args) -> Iterator:
    """``(library, service)`` for one command: the owner's library over its API when one
    serves (``service`` is None), else a :class:`LocalLibrary` over a service this command
    owns. Both answer with the same dicts, so the output is the same either way."""
    remote = _remote(args)
    if remote is not None:
        with remote:
            yield remote, None
        return
    from docvec_gui.api.library import LocalLibrary

    with _owned(args) as service:
        yield LocalLibrary(service), service


class ProgressBar:
    """A one-line progress bar on stderr for a set of documents. ``probe(ids)`` returns
    (documents finished, progress of those processing), from the database or the owner."""

    def __init__(self, service, doc_ids: Sequence[str], probe=None) -> None:
        self.service = service
        self.ids = list(doc_ids)
        self.probe = probe or _database_progress
        self.tty = sys.stderr.isatty()
        self._last = ""
        self._printed = ""
        self._lock = threading.Lock()

    def tick(self) -> None:
        if not self.ids:
            return
        done, partial = self.probe(self.ids)
        fraction = (done + partial) / len(self.ids)
        width = 30
        filled = int(round(fraction * width))
        line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{len(self.ids)} documents"
        with self._lock:
            if line == self._last:
                return
            self._last = line
            if self.tty:
                sys.stderr.write("\r" + line)
            elif done == len(self.ids) or (filled % 3 == 0 and line.split("]")[0] != self._printed):
                sys.stderr.write(line + "\n")
                self._printed = line.split("]")[0]
            sys.stderr.flush()

    def finish(self) -> None:
        if self.tty and self._last:
            sys.stderr.write("\n")


def _database_progress(ids: Sequence[str]) -> tuple[int, float]:
    import peewee as pw

    from docvec_gui.core import db as dbm

    D = dbm.Document
    # One aggregate query: building thousands of row objects per tick would hold the
    # GIL and slow the worker threads down.
    done, partial = D.select(
        pw.fn.COALESCE(pw.fn.SUM(pw.Case(None, [(D.status.in_(("completed", "error")), 1)], 0)), 0),
        pw.fn.COALESCE(pw.fn.SUM(pw.Case(None, [(D.status == "processing", D.progress)], 0)), 0),
    ).where(D.id.in_(ids)).tuples().first()
    return done, partial


REMOTE_POLL = 0.5
REMOTE_BY_ID_MAX = 100  # up to this many documents are polled one by one, more through the full status


def _remote_wait(library, ids: Sequence[str] | None) -> list[dict]:
    """Wait until the owner has finished ``ids`` (None: every document), with the same
    progress bar; returns the documents of ``ids`` as they ended (None: [])."""
    if ids is None:
        return _remote_wait_all(library)
    wanted = list(dict.fromkeys(ids))
    latest: dict[str, dict] = {}

    def probe(_ids) -> tuple[int, float]:
        unfinished = [i for i in wanted if latest.get(i, {}).get("status") not in ("completed", "error")]
        if len(unfinished) <= REMOTE_BY_ID_MAX:
            for doc_id in unfinished:
                try:
                    latest[doc_id] = library.status(doc_id)["documents"][0]
                except DocvecError as exc:
                    if exc.kind != "not_found":
                        raise
                    latest[doc_id] = {"id": doc_id, "status": "completed", "progress": 1.0, "gone": True}
        else:
            every = {d["id"]: d for d in library.status()["documents"]}
            latest.update((i, every.get(i, {"id": i, "status": "completed", "progress": 1.0, "gone": True}))
                          for i in unfinished)
        docs = [latest[i] for i in wanted]
        return (sum(d["status"] in ("completed", "error") for d in docs),
                sum(d["progress"] for d in docs if d["status"] == "processing"))

    bar = ProgressBar(None, wanted, probe=probe)
    while True:
        bar.tick()
        if all(latest.get(i, {}).get("status") in ("completed", "error") for i in wanted):
            break
        time.sleep(REMOTE_POLL)
    bar.finish()
    return [latest[i] for i in wanted if not latest[i].get("gone")]


def _remote_wait_all(library) -> list[dict]:
    """Until nothing is pending or processing (two counts per poll, never the documents)."""
    def left() -> int:
        return sum(library.documents(status=s, limit=0)["total"] for s in ("pending", "processing"))

    first = left()
    remaining = [first]

    def probe(_ids) -> tuple[int, float]:
        remaining[0] = left()
        return max(0, first - remaining[0]), 0.0

    bar = ProgressBar(None, range(first), probe=probe)
    while remaining[0]:
        time.sleep(REMOTE_POLL)
        bar.tick()
    bar.finish()
    return []


def _handoff_to_owner(settings, paths: Sequence[str]) -> bool:
    """When the window owns the data directory, give it the files instead of failing."""
    try:
        from docvec_gui.ui.instance import send_to_running_instance
    except ImportError:
        return False
    return send_to_running_instance(settings.data_dir, [str(Path(p).resolve()) for p in paths])


def cmd_add(args) -> int:
    from docvec_gui.core.errors import DataDirInUse

    remote = _remote(args)
    if remote is not None:
        with remote:
            return _add_remote(args, remote)
    try:
        service = _open_service(args)
    except DataDirInUse:
        settings = _settings(args)
        if not args.wait and _handoff_to_owner(settings, args.paths):
            print(f"handed {len(args.paths)} path(s) to the running docvec window", file=sys.stderr)
            return 0
        raise
    with _owned(args, service):
        from docvec_gui.api.library import LocalLibrary

        report = LocalLibrary(service).add(args.paths, process=args.wait)
        ids = [a["id"] for a in report["added"]]
        failed = []
        if args.wait:
            bar = ProgressBar(service, ids)
            service.wait_idle(ids, on_tick=bar.tick)
            bar.finish()
            failed = [d for d in (_document_dict(service, i) for i in ids) if d["status"] == "error"]
        _print_add(args, report, failed)
    return 0


def _document_dict(service, doc_id: str) -> dict:
    from docvec_gui.core.service import document_json

    return document_json(service.document(doc_id))


def _add_remote(args, library) -> int:
    """``docvec add`` through the owner: paths go absolute (the owner's working directory is
    not ours), and come back in the report as they were given."""
    absolute = [os.path.abspath(p) for p in args.paths]
    report = library.add(absolute, process=True)
    _paths_as_given(report, dict(zip(absolute, args.paths)))
    failed = []
    if args.wait:
        docs = _remote_wait(library, [a["id"] for a in report["added"]])
        failed = [d for d in docs if d["status"] == "error"]
    _print_add(args, report, failed)
    return 0


def _paths_as_given(report: dict, given: dict[str, str]) -> None:
    for entries in report.values():
        for item in entries:
            path = item.get("path")
            for absolute, original in given.items():
                if path == absolute or (path and path.startswith(absolute.rstrip(os.sep) + os.sep)):
                    item["path"] = original + path[len(absolute):]
                    break


def _print_add(args, report: dict, failed: list[dict]) -> None:
    if args.json:
        data = dict(report)
        if args.wait:
            data["failed"] = [{"id": d["id"], "filename": d["filename"], "error_kind": d["error_kind"],
                               "error": d["error"]} for d in failed]
        _print_json(data)
        return
    print(f"added {len(report['added'])}, duplicates {len(report['duplicates'])}, refused {len(report['refused'])}")
    for item in report["duplicates"]:
        print(f"  duplicate: {item['path']} ({item['reason']})")
    for item in report["refused"]:
        print(f"  refused: {item['path']}: {item['kind']}: {item['reason']}")
    for doc in failed:
        print(f"  failed: {doc['filename']}: {doc['error_kind']}: {doc['error']}")


def cmd_status(args) -> int:
    from docvec_gui.core.service import document_json

    remote = _remote(args)
    if remote is not None:
        with remote:
            data = remote.status(args.id) if args.id else remote.status()
        _print_status(args, data["documents"], data["counts"])
        return 0
    settings = _settings(args)
    # Always read-only: status must work while another process owns the directory, and
    # must never take the owner lock itself (a runner starting now would then fail).
    if not settings.db_path.exists():
        data = {"documents": [], "counts": {"pending": 0, "processing": 0, "completed": 0, "error": 0}}
        _print_json(data) if args.json else print(", ".join(f"{k} {v}" for k, v in data["counts"].items()))
        return 0
    service = _open_service(args, readonly=True)
    try:
        if args.id:
            _print_status(args, [document_json(service.document(args.id))], service.counts())
        else:
            _print_status(args, (document_json(d) for d in service.iter_documents()), service.counts())
    finally:
        service.close()
    return 0


def _print_status(args, documents, counts: dict) -> None:
    if args.json:
        _stream_status_json(documents, counts)
        return
    for doc in documents:
        extra = f"{doc['error_kind']}: {doc['error']}" if doc["status"] == "error" else (
            f"{doc['progress']:.0%}" if doc["status"] == "processing" else f"{doc['chunk_count']} chunks")
        print(f"{doc['id'][:8]}  {doc['status']:<10}  {doc['filename']}  {extra}")
    print(", ".join(f"{k} {v}" for k, v in counts.items()))


def _stream_status_json(documents, counts: dict) -> None:
    """``{"documents": [...], "counts": {...}}`` written one document at a time, so 100,000
    documents never sit in memory as one string."""
    out = sys.stdout
    out.write('{"documents": [')
    for n, doc in enumerate(documents):
        out.write((", " if n else "") + json.dumps(doc, ensure_ascii=False))
    out.write('], "counts": ' + json.dumps(counts) + "}\n")
    out.flush()


def _folder_line(info) -> str:
    c = info.counts
    when = info.last_scan_at or "never"
    note = f"  ({info.note})" if info.note else ""
    return (f"{info.id:>3}  {info.state:<11} {info.path}  files {c['files']}, indexed {c['indexed']}, "
            f"pending {c['pending']}, errors {c['errors']}, skipped {c['skipped']}; last scan {when}{note}")


def cmd_watch(args) -> int:
    from docvec_gui.core.folders import DEFAULT_EXCLUDES

    if args.action == "list":
        settings = _settings(args)
        infos = []
        if settings.db_path.exists():
            service = _open_service(args, readonly=True)
            try:
                infos = service.folders()
            finally:
                service.close()
        if args.json:
            _print_json({"folders": [i.to_json() for i in infos]})
        else:
            for info in infos:
                print(_folder_line(info))
            if not infos:
                print("no watched folders (docvec watch add PATH)")
        return 0
    with _owned(args) as service:
        if args.action == "add":
            excludes = ([] if args.no_default_excludes else list(DEFAULT_EXCLUDES)) + list(args.exclude or [])
            info = service.watch_add(args.path, include=args.include or [], exclude=excludes,
                                     follow_symlinks=args.follow_symlinks)
            message = f"watching {info.path} (the window or `docvec sync` indexes it)"
        elif args.action == "remove":
            deleted = service.watch_remove(args.path, keep_documents=args.keep_documents)
            message = f"stopped watching {args.path}; {deleted} documents deleted" + (
                ", the others kept" if args.keep_documents else "")
        else:
            info = service.watch_pause(args.path, paused=args.action == "pause")
            message = f"{info.path}: {info.state}"
        if args.json:
            _print_json({"folders": [i.to_json() for i in service.folders()]})
        else:
            print(message)
    return 0


def cmd_sync(args) -> int:
    with _owned(args) as service:
        last = [0.0]

        def progress(path: str, done: int, total: int | None) -> None:
            if sys.stderr.isatty() and time.monotonic() - last[0] >= 0.5:
                last[0] = time.monotonic()
                print(f"\rscanning {path}: {done:,}" + (f"/{total:,}" if total else "") + " files",
                      end="", file=sys.stderr, flush=True)

        reports = service.sync(progress=progress)
        if sys.stderr.isatty():
            print(file=sys.stderr)
        if args.wait:
            service.start_processing(even_if_paused=True)
            pending = [d.id for d in service.documents() if d.status in ("pending", "processing")]
            bar = ProgressBar(service, pending)
            service.wait_idle(on_tick=bar.tick)
            bar.finish()
        if args.json:
            _print_json({"scans": [r.to_json() for r in reports], "counts": service.counts()})
        else:
            for r in reports:
                print(f"folder {r.folder_id}: {r.files} files: {r.added} new, {r.changed} changed, {r.moved} moved, "
                      f"{r.removed} removed, {r.skipped} skipped" + ("" if r.available else " (unreachable)"))
                for problem in r.problems[:20]:
                    print(f"  {problem}")
    return 0


def cmd_process(args) -> int:
    if not args.all and not args.id:
        raise DocvecError("give a document ID or --all", "usage")
    with _library(args) as (library, service):
        answer = library.process_all() if args.all else library.process(args.id)
        if args.wait and service is not None:
            service.start_processing(even_if_paused=True)
            service.wait_idle()
        elif args.wait:
            _remote_wait(library, None)
        if args.json:
            _print_json(answer)
        else:
            print(f"queued {answer['queued']} document(s)")
    return 0


def cmd_delete(args) -> int:
    with _library(args) as (library, _service):
        answer = library.delete(args.id)
    if args.json:
        _print_json(answer)
    else:
        note = "" if answer["finished"] else " (the rest is removed when the vector store is back)"
        print(f"deleted {answer['filename']}{note}")
    return 0


def cmd_check(args) -> int:
    from docvec_gui.core.errors import DatabaseError

    try:
        service = _open_service(args)
    except DatabaseError:
        if not args.repair:
            raise
        service = _restore_and_open(args)
    with _owned(args, service):
        report = service.check(repair=args.repair)
        if args.repair:
            service.start_processing(even_if_paused=True)
            service.wait_idle()
    data = report.to_json()
    if args.json:
        _print_json(data)
    else:
        for p in report.problems:
            what = f"{p.filename} ({p.doc_id[:8]})" if p.doc_id and p.filename else (p.doc_id or "")
            state = "repaired" if p.repaired else "found"
            print(f"{state}: {p.kind}: {what} {p.detail}".replace("  ", " "))
        print(f"{report.documents} documents, {report.vectors} vectors, {len(report.problems)} problems"
              + (f", {sum(p.repaired for p in report.problems)} repaired" if args.repair else ""))
    return 0 if (report.ok if args.repair else not report.problems) else 1


def _restore_and_open(args):
    """``check --repair`` on a damaged docvec.db: the newest backup comes back, and stored
    copies it does not know become pending documents again."""
    from docvec_gui.core import db as dbm
    from docvec_gui.core.library import Library
    from docvec_gui.core.maintenance import adopt_orphan_copies, restore_database

    settings = _settings(args)
    backup, damaged = restore_database(settings)
    print(f"moved the damaged database to {damaged}; "
          + (f"restored {backup}" if backup else "no backup found, starting a new database"), file=sys.stderr)
    service = _open_service(args)
    adopted = adopt_orphan_copies(Library(settings.library_path))
    if adopted:
        print(f"re-adopted {adopted} stored document(s) as pending", file=sys.stderr)
        service.processing.enqueue_pending()
    del dbm
    return service


def cmd_search(args) -> int:
    with _library(args) as (library, _service):
        def search(query: str) -> dict:
            return library.search(query, mode=args.mode, top_k=args.top_k, passages=args.passages)

        if args.batch:
            for line in sys.stdin:
                query = line.rstrip("\n")
                if not query.strip():
                    continue
                _print_json({"results": search(query)["results"]})
            return 0
        if not args.query:
            raise DocvecError("the query is empty", "invalid_query")
        answer = search(" ".join(args.query))
    results, degraded = answer["results"], answer.get("degraded")
    if args.json:
        _print_json({"results": results})
        if degraded:
            print(f"warning: {degraded}", file=sys.stderr)
        return 0
    from docvec_gui.core.search import snippet_text

    for number, r in enumerate(results, start=1):
        where = f"p.{r['page']}" if r["page"] else r["heading"]
        print(f"{number:2}. {r['relevance']:.0%}  {r['filename']}  {where}\n"
              f"    {snippet_text(r['text'], r['highlights'], 200)}")
        if r["more"]:
            print(f"    (+{r['more']} more passage{'s' if r['more'] > 1 else ''} in this document)")
    if not results and not degraded:
        print("no good matches", file=sys.stderr)
    if degraded:
        print(f"warning: {degraded}", file=sys.stderr)
    return 0


def cmd_embed(args) -> int:
    from docvec_gui.core.embed import make_embedder

    embedder = make_embedder(_settings(args))
    batch: list[str] = []

    def flush() -> None:
        for vector in embedder.embed(batch):
            _print_json({"embedding": [round(float(x), 7) for x in vector]})
        batch.clear()

    for line in sys.stdin:
        batch.append(line.rstrip("\n"))
        if len(batch) >= 64:
            flush()
    if batch:
        flush()
    return 0


def cmd_extract(args) -> int:
    from docvec_gui.core.extract import extract_file

    doc = extract_file(Path(args.file))
    if args.json:
        _print_json(doc.to_json())
    else:
        sys.stdout.write(doc.text + "\n")
        for warning in doc.warnings:
            print(f"warning: {warning}", file=sys.stderr)
    return 0


def cmd_chunk(args) -> int:
    from docvec_gui.core.chunk import Chunker
    from docvec_gui.core.extract import extract_file
    from docvec_gui.core.modelstore import ensure_model

    settings = _settings(args)
    chunker = Chunker.from_model_dir(ensure_model(settings.model_dir), settings.chunk_tokens, settings.chunk_overlap)
    for chunk in chunker.chunk(extract_file(Path(args.file))):
        _print_json({"index": chunk.index, "text": chunk.text, "tokens": chunk.tokens, "page": chunk.page,
                     "heading": chunk.heading, "start": chunk.start, "end": chunk.end})
    return 0


def cmd_health(args) -> int:
    with _owned(args) as service:
        report = service.health(load=True)
    if args.json:
        _print_json(report)
    else:
        for name, item in report.items():
            if isinstance(item, dict):
                print(f"{name:<13} {'ok' if item['ok'] else 'ERROR'}  {item['detail']}")
    return 0 if report["ok"] else 1


def cmd_pause(args) -> int:
    with _owned(args) as service:
        if args.paused:
            service.pause()
        else:
            service.resume(start=False)  # processing starts with the next `run` or the window
    print("processing paused" if args.paused else "processing resumed")
    return 0


@contextlib.contextmanager
def _serving(service, port: int | None = None, required: bool = False) -> Iterator:
    """The local API over ``service`` while the block runs (clients find it through
    ``server.json``); stopped, bounded, before the service closes. A port that cannot be
    used is an error with ``required`` (``docvec serve``), a warning otherwise."""
    from docvec_gui.api.server import ApiServer

    server = ApiServer(service, port=port)
    if not server.start(timeout=15):
        if required:
            raise DocvecError(server.error or "the API server did not start", server.error_kind)
        print(f"warning: no local API: {server.error}", file=sys.stderr)
        yield None
        return
    try:
        yield server
    finally:
        if not server.stop(timeout=10):
            print("warning: the local API did not stop in time", file=sys.stderr)


def cmd_run(args) -> int:
    with _owned(args) as service, _serving(service):
        service.start_watching()  # watched folders are followed while this runs
        if service.paused:
            print("processing was paused in the window; running anyway (`docvec resume` un-pauses it)",
                  file=sys.stderr)
        service.start_processing(even_if_paused=True)
        if args.watch:
            print("processing and watching folders; Ctrl-C stops", file=sys.stderr)
            while True:
                time.sleep(3600)
        while True:  # the catch-up scans may add documents: wait for them too
            pending = [d.id for d in service.documents() if d.status in ("pending", "processing")]
            bar = ProgressBar(service, pending)
            service.wait_idle(on_tick=bar.tick)
            bar.finish()
            # A file written to all the time never settles: it is not waited for.
            if service.watcher.idle(settling_too=False) and not service.documents(status="pending"):
                break
            time.sleep(0.5)
        print(", ".join(f"{k} {v}" for k, v in service.counts().items()))
    return 0


def cmd_serve(args) -> int:
    """Own the directory, process, follow watched folders and serve the local API (and MCP
    at /mcp) until Ctrl-C or SIGTERM; then stop, bounded: runs in progress go back to
    pending and resume at the next start."""
    service = _open_service(args)
    try:
        with _serving(service, port=args.port, required=True) as server:
            service.start_watching()
            service.start_processing()  # the user's pause (docvec pause, the window) is kept
            if service.paused:
                print("processing is paused (`docvec resume` un-pauses it)", file=sys.stderr)
            print(f"serving {service.settings.data_dir} at {server.url}; Ctrl-C stops", file=sys.stderr)
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut the bounded stop short
        print("stopping", file=sys.stderr)
        service.close(timeout=10, finish=False)
        return 0
    finally:
        service.close()


def cmd_mcp(args) -> int:
    """The MCP server on stdin/stdout, for AI assistants that launch it (helper M's module)."""
    from docvec_gui.api.mcp_server import run_stdio

    return run_stdio(args.data_dir)


def cmd_model(args) -> int:
    from docvec_gui.core import librarymodel
    from docvec_gui.core.modelstore import ModelSpec, model_folders, resolve_model

    settings = _settings(args)
    if args.action == "list":
        recorded = None
        if settings.db_path.exists():
            service = _open_service(args, readonly=True)
            try:
                recorded = librarymodel.recorded_or_legacy()
            finally:
                service.close()
        rows = []
        for where, folder in model_folders(settings.model_dir):
            spec = ModelSpec.load(folder)
            in_use = recorded is not None and recorded.name == spec.name and (
                recorded.sha256 is None or recorded.sha256 == librarymodel.file_sha256(spec.onnx_path))
            rows.append({"name": spec.name, "where": where, "path": str(folder), "dimension": spec.dimension,
                         "max_tokens": spec.max_tokens, "library": in_use,
                         "size_mb": round(spec.onnx_path.stat().st_size / 2**20)})
        if args.json:
            _print_json({"models": rows, "library_model": recorded.name if recorded else None})
        else:
            for row in rows:
                mark = "*" if row["library"] else " "
                print(f"{mark} {row['name']:<24} {row['where']:<10} {row['size_mb']:>4} MB  {row['path']}")
            print(f"library model: {recorded.name if recorded else 'none yet'}")
        return 0
    if args.action == "download":
        from docvec_gui.core.modelstore import cache_model_dir, download_model

        print(f"downloaded to {download_model(cache_model_dir(), retry=True)}")
        return 0
    folder = resolve_model(args.model, settings.model_dir)
    with _owned(args) as service:
        plan = service.model_switch().plan(folder)
        left = plan.chunks - plan.done_chunks
        eta = f", about {plan.seconds / 60:.0f} min" if plan.seconds else ""
        print(f"re-embedding {plan.documents} documents ({left:,} of {plan.chunks:,} chunks) with "
              f"{plan.target.name}{eta}; searches keep using the current model until it is done", file=sys.stderr)
        if not args.yes and sys.stdin.isatty() and input("go on? [y/N] ").strip().lower() not in ("y", "yes"):
            print("nothing changed", file=sys.stderr)
            return 1
        last = [0.0]

        def progress(done: int, total: int) -> None:
            if time.monotonic() - last[0] >= 1.0 or done == total:
                last[0] = time.monotonic()
                print(f"\r{done:,}/{total:,} chunks", end="", file=sys.stderr, flush=True)

        identity = service.use_model(folder, progress)
        print(file=sys.stderr)
    print(f"the library now uses {identity.name} ({folder})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(add_help=False)
    top.add_argument("--data-dir", help="knowledge base folder (default: DOCVEC_DATA_DIR or the user data dir)")
    top.add_argument("--json", action="store_true", help="machine-readable output")
    # Sub-commands accept the same options after their name; SUPPRESS keeps them from
    # overwriting a value given before the sub-command.
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    common.add_argument("--json", action="store_true", default=argparse.SUPPRESS, help="machine-readable output")
    parser = argparse.ArgumentParser(prog="docvec", description="Offline knowledge base: add documents, search them.",
                                     parents=[top])
    parser.add_argument("--version", action="version", version=f"docvec {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("add", parents=[common], help="add files or folders")
    p.add_argument("paths", nargs="+")
    p.add_argument("--wait", action="store_true", help="process them now and wait, with a progress bar")
    p.set_defaults(func=cmd_add)

    p = sub.add_parser("status", parents=[common], help="documents and their status (works while the app runs)")
    p.add_argument("id", nargs="?")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("process", parents=[common], help="re-process a document, or --all pending/failed")
    p.add_argument("id", nargs="?")
    p.add_argument("--all", action="store_true")
    p.add_argument("--wait", action="store_true")
    p.set_defaults(func=cmd_process)

    p = sub.add_parser("delete", parents=[common], help="delete a document and its vectors")
    p.add_argument("id")
    p.set_defaults(func=cmd_delete)

    p = sub.add_parser("search", parents=[common], help="search by meaning and keywords")
    p.add_argument("query", nargs="*")
    p.add_argument("--top-k", type=int, default=10)
    p.add_argument("--mode", choices=["hybrid", "vector", "keyword"], default="hybrid")
    p.add_argument("--batch", action="store_true", help="one query per stdin line, one JSON line per query")
    p.add_argument("--passages", action="store_true", help="every matching passage, not one result per document")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("embed", parents=[common], help="embed stdin lines; JSON lines out")
    p.set_defaults(func=cmd_embed)

    p = sub.add_parser("extract", parents=[common], help="print a file's extracted text")
    p.add_argument("file")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("chunk", parents=[common], help="print a file's chunks as JSON lines")
    p.add_argument("file")
    p.set_defaults(func=cmd_chunk)

    p = sub.add_parser("health", parents=[common], help="database, queue, vector store and model state")
    p.set_defaults(func=cmd_health)

    p = sub.add_parser("check", parents=[common], help="compare database, vectors and library; --repair fixes")
    p.add_argument("--repair", action="store_true", help="repair what is found (re-embeds from stored chunks)")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("model", parents=[common], help="list embedding models, or switch the library to one")
    model = p.add_subparsers(dest="action", required=True)
    model.add_parser("list", parents=[common], help="models docvec can see; * marks the library's")
    use = model.add_parser("use", parents=[common], help="re-embed the library with another model (resumable)")
    use.add_argument("model", help="a model name from `docvec model list`, or a model folder")
    use.add_argument("--yes", action="store_true", help="do not ask first")
    model.add_parser("download", parents=[common],
                     help="download all-MiniLM-L6-v2 into the user cache (again, after a failed download)")
    p.set_defaults(func=cmd_model)

    p = sub.add_parser("serve", parents=[common],
                       help="own the library: process, follow watched folders and serve the local API until Ctrl-C")
    p.add_argument("--port", type=int, default=None, help="loopback port (default: API_PORT, else a free one)")
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("mcp", parents=[common], help="MCP server on stdin/stdout, for AI assistants that launch it")
    p.set_defaults(func=cmd_mcp)

    p = sub.add_parser("run", parents=[common], help="process the queue until it is empty, then exit")
    p.add_argument("--watch", action="store_true", help="keep running: follow watched folders until Ctrl-C")
    p.set_defaults(func=cmd_run)

    for name, text in (("pause", "pause processing (kept across restarts; documents are still added and queued)"),
                       ("resume", "resume processing after `docvec pause`")):
        p = sub.add_parser(name, parents=[common], help=text)
        p.set_defaults(func=cmd_pause, paused=name == "pause")

    p = sub.add_parser("watch", parents=[common], help="folders docvec follows (indexed in place)")
    watch = p.add_subparsers(dest="action", required=True)
    add = watch.add_parser("add", parents=[common], help="watch a folder")
    add.add_argument("path")
    add.add_argument("--include", action="append", metavar="GLOB", help="only files matching (repeatable)")
    add.add_argument("--exclude", action="append", metavar="GLOB", help="also skip these (repeatable)")
    add.add_argument("--no-default-excludes", action="store_true",
                     help="do not skip hidden files, lock files, .git, node_modules... by default")
    add.add_argument("--follow-symlinks", action="store_true")
    watch.add_parser("list", parents=[common], help="watched folders, their state and counts")
    remove = watch.add_parser("remove", parents=[common], help="stop watching a folder (deletes its documents)")
    remove.add_argument("path", help="the folder, or its number from `watch list`")
    remove.add_argument("--keep-documents", action="store_true", help="keep its documents searchable")
    for name, text in (("pause", "stop following a folder for now"), ("resume", "follow a paused folder again")):
        one = watch.add_parser(name, parents=[common], help=text)
        one.add_argument("path")
    p.set_defaults(func=cmd_watch)

    p = sub.add_parser("sync", parents=[common], help="one catch-up scan of the watched folders")
    p.add_argument("--wait", action="store_true", help="then process what changed and wait")
    p.set_defaults(func=cmd_sync)
    return parser


def _utf8_pipes() -> None:
    """Windows: pipes and files get UTF-8, not the ANSI code page (cp1252 cannot write a
    Chinese file name in a JSON answer; a frozen app ignores PYTHONIOENCODING). A console is
    left alone: Python writes to it in UTF-16 already."""
    if sys.platform != "win32":
        return
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if stream is not None and hasattr(stream, "reconfigure") and not stream.isatty():
            stream.reconfigure(encoding="utf-8", errors="replace" if stream is not sys.stdin else "strict")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--extract-worker"]:  # frozen builds re-enter here for the extraction sandbox
        from docvec_gui.core.extract.worker import main as worker_main

        return worker_main(argv[1:])
    _utf8_pipes()
    args = build_parser().parse_args(argv)
    _sigterm_as_interrupt()
    try:
        return args.func(args)
    except BrokenPipeError:
        # The reader went away (e.g. `docvec extract FILE | head`); that is not an error of ours.
        sys.stderr.close()
        return 0
    except KeyboardInterrupt:
        print("error: interrupted: stopped by the user; unfinished documents resume at the next start",
              file=sys.stderr)
        return 1
    except Exception as exc:  # every failure becomes one line; the log keeps the details
        kind, message = classify(exc)
        if not isinstance(exc, DocvecError):
            import logging

            logging.getLogger("docvec_gui.cli").error("command failed", exc_info=True)
        print(f"error: {kind}: {message}", file=sys.stderr)
        return 1


def _sigterm_as_interrupt() -> None:
    """SIGTERM stops a command the way Ctrl-C does: runs back to pending, children stopped."""
    if threading.current_thread() is threading.main_thread() and hasattr(signal, "SIGTERM"):
        signal.signal(signal.SIGTERM, signal.default_int_handler)


if __name__ == "__main__":
    sys.exit(main())
