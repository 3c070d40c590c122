"""The local API under load while the window owns the data directory (issue 12).

Library: SciFact abstracts (one .txt each: title, blank line, text) added and processed with
the real service (``Service.add`` + ``start_processing`` + ``wait_idle``) in batches until
the vector store holds ``--chunks`` chunks (or the corpus runs out: ~11,800 chunks at most,
SciFact's 12,542 less the 300 abstracts kept out); built once into ``--work DIR/template`` and reused
(each run works on a fresh copy, since the run ingests more). The last 300 abstracts of the
corpus are kept out of it: they are the folder ingested during the run.

Run: the real window (``MainWindow(service)``, offscreen) in this process owns the copy and
serves the API (``ApiServer(service)``; started here when the window does not serve one
itself; the table says which). After the warm-up, at t = 0: the window adds the folder of
300 further abstracts (``MainWindow.add_paths``: processing starts), and ``--clients``
concurrent clients in a separate process (``api.py --clients-only URL``, the token in ``$BENCH_API_TOKEN``: asyncio +
httpx.AsyncClient, so their CPU and GIL are not the window's) search for ``--seconds`` with
the SciFact claims, mode hybrid, top_k 10. Meanwhile a 10 ms precise QTimer in the window
measures its Qt thread's stalls (as ui_scale.py). Before that, unless ``--no-baseline``, the
same clients for the same time with nothing ingested: what ingestion adds to the figures.

Where the time goes, per request (matched by an ``X-Bench-Id`` header): the client's
latency; in the server, the search route's time (from its handler being entered to the
response built), split into the wait for a thread of the API's worker pool, the time in
``LocalLibrary.search`` (wrapped by this benchmark only) and the JSON rendering after; the
rest (client latency minus route time) is HTTP, uvicorn's event loop and the client process.

Usage: cd benchmarks && ../.venv/bin/python api.py [--work DIR] [--chunks 12000] [--clients 50]
       [--seconds 30] [--model-dir DIR] [--no-baseline] [--pace SECONDS]
--pace S: each client waits a random (exponential) think time of mean S seconds after each
answer, as a person or an assistant reading results would; without it the clients search back
to back (a closed loop), which measures throughput: latency is then clients / searches per second.
Development: --chunks 1500 --seconds 5 --clients 10
Diagnosis: BENCH_STALL_TRACE=1 prints every thread's stack during each Qt stall (ui_perf.py).
"""
from __future__ import annotations

import argparse
import asyncio
import contextvars
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from common import MODEL_DIR, SCIFACT
from ui_scale import _wait  # the event loop run until a condition, as there

EXTRA_DOCS = 300  # abstracts ingested during the run (kept out of the library)
BATCH_DOCS = 250  # abstracts added per batch while the library is built
WARM_UP_S = 5.0  # the window's start-up work (model, Chroma, table) settles before t = 0
CLIENT_TIMEOUT_S = 30.0
CLIENT_TOKEN_VAR = "BENCH_API_TOKEN"  # how the clients' process gets the API token


# -- the library ----------------------------------------------------------------------------
def settings_for(data_dir: Path, model_dir: Path):
    from docvec_gui.core.config import load_settings

    return load_settings(data_dir, environ={}, dotenv_path=data_dir.parent / "none.env",
                         overrides={"model_dir": str(model_dir)})


def corpus() -> list[dict]:
    with open(SCIFACT / "corpus.jsonl", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def write_abstracts(docs: list[dict], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for doc in docs:
        (folder / f"{doc['_id']}.txt").write_text(f"{doc['title']}\n\n{doc['text']}\n", encoding="utf-8")


def build_library(work: Path, chunks: int, model_dir: Path) -> dict:
    """``work/template`` (a data directory of >= ``chunks`` chunks) and ``work/extra`` (the
    abstracts for the run); reused when ``work/library.json`` says it is big enough."""
    from docvec_gui.core.service import Service

    marker = work / "library.json"
    info = json.loads(marker.read_text()) if marker.exists() else None
    if info is not None and info["model_dir"] != str(model_dir):
        info = None
        shutil.rmtree(work / "template", ignore_errors=True)
    if info is not None and info["chunks"] >= chunks:
        return info
    docs = corpus()
    library_docs, extra = docs[:-EXTRA_DOCS], docs[-EXTRA_DOCS:]
    shutil.rmtree(work / "extra", ignore_errors=True)
    write_abstracts(extra, work / "extra")
    start = time.perf_counter() - (info["build_s"] if info else 0.0)  # a smaller library is extended
    data_dir = work / "template"
    with Service(settings_for(data_dir, model_dir)).open() as service:
        added = info["abstracts_added"] if info else 0
        while service.vectors().count() < chunks and added < len(library_docs):
            batch = work / "incoming" / f"batch{added:05d}"
            write_abstracts(library_docs[added:added + BATCH_DOCS], batch)
            added += len(library_docs[added:added + BATCH_DOCS])
            service.add([str(batch)], process=True)
            service.start_processing()
            if not service.wait_idle(timeout=3600):
                raise RuntimeError("the library's documents were not processed within an hour")
            print(f"  library: {added} abstracts, {service.vectors().count()} chunks, "
                  f"{time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
        info = {"chunks": service.vectors().count(), "documents": sum(service.counts().values()),
                "abstracts_added": added, "build_s": round(time.perf_counter() - start, 1),
                "model_dir": str(model_dir)}
    shutil.rmtree(work / "incoming", ignore_errors=True)
    marker.write_text(json.dumps(info))
    return info


def claims() -> list[str]:
    with open(SCIFACT / "queries.jsonl", encoding="utf-8") as fh:
        return [json.loads(line)["text"].replace("\n", " ") for line in fh]


# -- the clients (their own process) ----------------------------------------------------------
async def _client(http, queries: list[str], deadline: float, number: int, out: list) -> None:
    rng = random.Random(number)
    pace = float(os.environ.get("BENCH_PACE_S") or 0)
    sequence = 0
    if pace:  # clients that think do not all ask at the same instant either
        await asyncio.sleep(rng.expovariate(1 / pace))
    while time.monotonic() < deadline:
        sequence += 1
        bench_id = f"{number}-{sequence}"
        sent = time.time()  # wall clock: compared with the server's (same machine) to split the outside time
        start = time.perf_counter()
        try:
            response = await http.get("/api/search", params={"q": rng.choice(queries), "mode": "hybrid",
                                                             "top_k": 10}, headers={"X-Bench-Id": bench_id})
            if response.status_code == 200:
                response.json()["results"]  # noqa: B018 - a 200 must carry results, else it is an error
                kind = None
            else:
                try:
                    kind = f"HTTP {response.status_code} {response.json()['error']['kind']}"
                except (ValueError, KeyError, TypeError):
                    kind = f"HTTP {response.status_code}"
        except Exception as exc:  # counted by kind: the figure the benchmark reports
            kind = type(exc).__name__
        out.append((bench_id, (time.perf_counter() - start) * 1000, kind, sent))
        if pace:  # a client that reads its answer before it asks again (exponential think time)
            await asyncio.sleep(rng.expovariate(1 / pace))


async def _clients(url: str, token: str, clients: int, seconds: float) -> list:
    import httpx

    queries = claims()
    out: list = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, headers={"Authorization": f"Bearer {token}"}, limits=limits,
                                 timeout=httpx.Timeout(CLIENT_TIMEOUT_S), trust_env=False) as http:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(_client(http, queries, deadline, n, out) for n in range(clients)))
    return out


def clients_only(url: str, token: str, clients: int, seconds: float) -> None:
    """Print one JSON line: every request as [id, latency ms, error kind or null, sent at (time.time())]."""
    started = time.time()
    records = asyncio.run(_clients(url, token, clients, seconds))
    print(json.dumps({"started": started, "ended": time.time(), "requests": records}), flush=True)


# -- in the window's process: per-request timings of the server -------------------------------
_REQUEST: contextvars.ContextVar[dict | None] = contextvars.ContextVar("bench_request", default=None)


class Timings:
    """Filled by the wrapped route (event loop) and the wrapped ``LocalLibrary.search``
    (a worker thread; anyio copies the context, so both see the request's dict)."""

    def __init__(self) -> None:
        self.by_id: dict[str, dict] = {}
        self.searches: list[float] = []  # every search's ms, with or without an id
        self.exchanges: dict[str, list[float]] = {}  # vector-store pipe exchanges by method, ms
        self.service_vectors = None
        self._lock = threading.Lock()

    def wrap_route(self, server) -> None:
        route = server.search

        async def timed_route(request):
            record = {"arrived": time.perf_counter(), "arrived_wall": time.time()}
            _REQUEST.set(record)
            try:
                return await route(request)
            finally:
                record["answered"] = time.perf_counter()
                bench_id = request.headers.get("x-bench-id")
                if bench_id:
                    with self._lock:
                        self.by_id[bench_id] = record

        server.search = timed_route  # _build_app (in start()) binds the instance attribute

    def wrap_library(self, library) -> None:
        search = library.search

        def timed_search(*args, **kwargs):
            record = _REQUEST.get()
            start = time.perf_counter()
            try:
                return search(*args, **kwargs)
            finally:
                end = time.perf_counter()
                with self._lock:
                    self.searches.append((end - start) * 1000)
                if record is not None:
                    record["search_start"], record["search_end"] = start, end

        library.search = timed_search

    def wrap_searcher(self, searcher, service_vectors) -> None:
        """Inside a search: the keyword side (FTS5, twice), the query's embedding and the
        vector store's nearest (``Searcher._vector_hits``: embed + ``nearest``), the rest
        (fusion, grouping, chunk rows) by difference."""
        import docvec_gui.core.searcher as searcher_mod

        self.service_vectors = service_vectors

        def timed(name: str, func):
            def wrapper(*args, **kwargs):
                record = _REQUEST.get()
                start = time.perf_counter()
                try:
                    return func(*args, **kwargs)
                finally:
                    if record is not None:
                        record[name] = record.get(name, 0.0) + time.perf_counter() - start
            return wrapper

        store = self.service_vectors()
        exchange = store._exchange

        def timed_exchange(message, timeout):
            start = time.perf_counter()
            try:
                return exchange(message, timeout)
            finally:
                ms = (time.perf_counter() - start) * 1000
                method = message[0] if message else "receive"
                record = _REQUEST.get()
                with self._lock:
                    self.exchanges.setdefault(method, []).append(ms)
                if record is not None:
                    record["exchange"] = record.get("exchange", 0.0) + ms / 1000

        # The store's one pipe, behind one lock: its exchanges (every caller's, by method)
        # tell the child's own time from the wait for the lock.
        store._exchange = timed_exchange
        searcher._keyword_ranked = timed("keyword", searcher._keyword_ranked)
        searcher._vector_hits = timed("vector", searcher._vector_hits)
        searcher_mod.nearest = timed("nearest", searcher_mod.nearest)


def serving_server(window, service, timings: Timings):
    """The window's own API server if it runs one, else one started here; (server, how)."""
    from docvec_gui.api.server import ApiServer

    # The window starts its server after the warm-up: wait for it before starting one here.
    _wait(None, lambda: any(getattr(getattr(window, n, None), "running", False) for n in ("api_server", "api", "server")),
          60.0)
    for name in ("api_server", "api", "server"):
        existing = getattr(window, name, None)
        if isinstance(existing, ApiServer) and existing.running:
            timings.wrap_library(existing.library)  # its routes are bound: no route timings
            timings.wrap_searcher(service.searcher, service.vectors)
            return existing, f"the window's own (MainWindow.{name})"
    timings.wrap_searcher(service.searcher, service.vectors)
    server = ApiServer(service)
    timings.wrap_route(server)
    timings.wrap_library(server.library)
    if not server.start(timeout=30):
        raise RuntimeError(f"the API server did not start: {server.error}")
    return server, "started by the benchmark (MainWindow does not serve the API yet)"


def phase(app, window, service, server, timings: Timings, clients: int, seconds: float,
          extra: Path | None) -> dict:
    """``clients`` search for ``seconds`` (their own process); ``extra`` is added by the
    window at t = 0 (None: nothing ingested meanwhile). The Qt thread's stalls meanwhile."""
    from ui_scale import StallProbe

    timings.by_id.clear()
    timings.searches.clear()
    timings.exchanges.clear()
    # The token goes by the environment: never in a command line others can read, and one that
    # starts with "-" (the token is random URL-safe base64) would be taken for an option.
    command = [sys.executable, __file__, "--clients-only", server.url, "--clients", str(clients),
               "--seconds", str(seconds)]
    result: dict = {"chunks_before": service.vectors().count(), "documents_before": sum(service.counts().values()),
                    "load_start": os.getloadavg()}
    probe = StallProbe()  # with BENCH_STALL_TRACE=1, every thread's stack during each stall (at its stop)
    t0 = time.perf_counter()
    if extra is not None:
        window.add_paths([str(extra)])
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, CLIENT_TOKEN_VAR: server.token})
    out: list = []

    def read() -> None:
        try:
            out.append(proc.communicate(timeout=seconds + 120))
        except subprocess.TimeoutExpired:  # reported below as a failed run; the child is ours to end
            proc.kill()
            proc.communicate(timeout=10)

    reader = threading.Thread(target=read, name="clients-reader", daemon=True)
    reader.start()
    _wait(app, lambda: not reader.is_alive(), seconds + 150)
    result["wall_s"] = time.perf_counter() - t0
    result["load_end"] = os.getloadavg()
    probe.stop()
    result["stalls"] = sorted(probe.lateness)
    # When the largest stall began, from t = 0 (each tick is 10 ms plus its lateness).
    worst = max(range(len(probe.lateness)), key=probe.lateness.__getitem__, default=0)
    result["worst_at_s"] = sum(10 + x for x in probe.lateness[:worst]) / 1000
    if proc.returncode != 0 or not out or not out[0][0].strip():
        raise RuntimeError(f"the clients failed (exit {proc.returncode}): {out[0][1][-2000:] if out else ''}")
    result["clients"] = json.loads(out[0][0].strip().splitlines()[-1])
    counts = service.counts()
    result.update(chunks_after=service.vectors().count(), documents_after=sum(counts.values()), counts=counts,
                  by_id=dict(timings.by_id), searches=list(timings.searches),
                  exchanges={k: list(v) for k, v in timings.exchanges.items()}, ingesting=extra is not None)
    return result


def run(data_dir: Path, extra: Path, model_dir: Path, clients: int, seconds: float, baseline: bool) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from docvec_gui.app import GIL_SWITCH_INTERVAL

    sys.setswitchinterval(GIL_SWITCH_INTERVAL)  # as app.main sets it for the window
    from PySide6.QtWidgets import QApplication

    from docvec_gui.core.service import Service
    from docvec_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    service = Service(settings_for(data_dir, model_dir)).open()
    window = MainWindow(service)
    window.ask_on_close = lambda: "stop"
    window.show()
    timings = Timings()
    server, how = serving_server(window, service, timings)
    result: dict = {"server": how}
    try:
        _wait(app, lambda: False, WARM_UP_S)
        service.search("warm up", 10, "hybrid")
        if baseline:  # the same load without ingestion: what ingestion adds
            result["baseline"] = phase(app, window, service, server, timings, clients, seconds, None)
        result["main"] = phase(app, window, service, server, timings, clients, seconds, extra)
    finally:
        server.stop(timeout=10)
        window._closing = True
        window.close()
        window.background.wait(60000)
        service.close(timeout=60, finish=False)
    return result


# -- the report -------------------------------------------------------------------------------
def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] if values else float("nan")


def report(result: dict, args, info: dict) -> None:
    phases = [p for p in (result.get("baseline"), result["main"]) if p is not None]
    print(f"\ncommand: {' '.join([sys.executable, *sys.argv])}")
    print(f"{os.cpu_count()} cores, shared with other work on this machine (other sessions' tests and builds)")
    print(f"library: {phases[0]['chunks_before']:,} chunks in {phases[0]['documents_before']:,} documents "
          f"(built in {info['build_s']} s); API server {result['server']}\n")
    labels = {True: f"while {EXTRA_DOCS} abstracts are ingested", False: "nothing ingested (baseline)"}
    pacing = f", each thinking {args.pace:g} s on average between searches" if args.pace else ", back to back"
    print(f"| {args.clients} clients{pacing}, hybrid top 10, {args.seconds:.0f} s | "
          + " | ".join(labels[p["ingesting"]] for p in phases) + " |\n|---|" + "---|" * len(phases))

    def row(label: str, cell) -> None:
        print(f"| {label} | " + " | ".join(cell(p) for p in phases) + " |")

    def errors(p: dict) -> str:
        kinds: dict[str, int] = {}
        for _, _, kind, *_ in p["clients"]["requests"]:
            if kind is not None:
                kinds[kind] = kinds.get(kind, 0) + 1
        return f"{sum(kinds.values())}" + (f" ({', '.join(f'{k}: {n}' for k, n in kinds.items())})" if kinds else "")

    def ok(p: dict) -> list[float]:
        return [ms for _, ms, kind, *_ in p["clients"]["requests"] if kind is None]

    def span(p: dict) -> float:
        return p["clients"]["ended"] - p["clients"]["started"]

    row("load average (1 min) at start → end", lambda p: f"{p['load_start'][0]:.2f} → {p['load_end'][0]:.2f}")
    row("requests done (all answers)", lambda p: f"{len(p['clients']['requests']):,} "
                                                  f"({len(p['clients']['requests']) / span(p):.1f}/s)")
    row("errors (non-200 or exceptions, by kind)", errors)
    row("latency p50 / p95 / max (client, answers 200)",
        lambda p: f"{pct(ok(p), .5):.0f} / {pct(ok(p), .95):.0f} / {max(ok(p), default=float('nan')):.0f} ms")
    row("window Qt stall: max / p99 / ticks > 50 ms",
        lambda p: f"{p['stalls'][-1] if p['stalls'] else float('nan'):.0f} / {pct(p['stalls'], .99):.0f} ms / "
                  f"{sum(x > 50 for x in p['stalls'])} of {len(p['stalls']):,}")
    row("… the largest stall began at", lambda p: f"t = {p.get('worst_at_s', float('nan')):.1f} s")
    row("ingested meanwhile", lambda p: f"+{p['chunks_after'] - p['chunks_before']:,} chunks, "
                                         f"+{p['documents_after'] - p['documents_before']} documents")
    for p in phases:
        breakdown(p)


def mean(values: list[float]) -> str:
    return f"{sum(values) / len(values):.1f}" if values else ""


def breakdown(result: dict) -> None:
    by_id = result["by_id"]
    rows = []
    for bench_id, ms, kind, *sent in result["clients"]["requests"]:
        record = by_id.get(bench_id)
        if kind is not None or record is None or "search_start" not in record:
            continue
        route = (record["answered"] - record["arrived"]) * 1000
        wait = (record["search_start"] - record["arrived"]) * 1000
        search = (record["search_end"] - record["search_start"]) * 1000
        inner = {k: record.get(k, 0.0) * 1000 for k in ("keyword", "vector", "nearest", "exchange")}
        rows.append({"client": ms, "outside": max(0.0, ms - route), "wait": wait, "search": search,
                     "keyword": inner["keyword"], "embed": inner["vector"] - inner["nearest"],
                     "nearest": inner["nearest"], "exchange": inner["exchange"],
                     "lock": inner["nearest"] - inner["exchange"], "rest": search - inner["keyword"] - inner["vector"],
                     "after": route - wait - search,
                     "before": (record["arrived_wall"] - sent[0]) * 1000 if sent and "arrived_wall" in record
                     else None})
    searches = result["searches"]
    what = "while ingesting" if result["ingesting"] else "baseline, nothing ingested"
    print(f"\nWhere the time goes, {what} ({len(rows):,} requests matched by id; ms):\n")
    print("| part of a request | p50 | p95 | max | mean, all | mean, slowest 5% |\n|---|---|---|---|---|---|")
    if not rows:
        print("| (no per-request timings: the window's own server, whose routes this benchmark cannot wrap) "
              "| | | | | |")
    else:
        slow = sorted(rows, key=lambda r: r["client"])[int(len(rows) * 0.95):]
        for key, label in (("client", "client latency"), ("outside", "HTTP + event loop + client process "
                                                                     "(client latency − route)"),
                           ("before", "… of which before the route: sent → handler entered (wall clocks)"),
                           ("wait", "wait for an API worker thread"), ("search", "LocalLibrary.search"),
                           ("keyword", "… keyword side (FTS5, twice)"), ("embed", "… query embedding"),
                           ("nearest", "… vector store nearest (Chroma child)"),
                           ("lock", "…… waiting for the store's lock (one call at a time)"),
                           ("exchange", "…… the query's exchange with the child"),
                           ("rest", "… rest (fusion, grouping, chunk rows)"),
                           ("after", "JSON rendering + back to the loop")):
            values = [r[key] for r in rows if r[key] is not None]
            if not values:
                continue
            print(f"| {label} | {pct(values, .5):.1f} | {pct(values, .95):.1f} | {max(values):.1f} | "
                  f"{sum(values) / len(values):.1f} | {mean([r[key] for r in slow if r[key] is not None])} |")
    for method, values in sorted(result["exchanges"].items()):
        print(f"| vector store exchange `{method}`, every call ({len(values):,}, {sum(values) / 1000:.1f} s "
              f"in all) | {pct(values, .5):.1f} | {pct(values, .95):.1f} | {max(values):.1f} | "
              f"{sum(values) / len(values):.1f} | |")
    if searches:
        print(f"| LocalLibrary.search, every call ({len(searches):,}) | {pct(searches, .5):.1f} | "
              f"{pct(searches, .95):.1f} | {max(searches):.1f} | {sum(searches) / len(searches):.1f} | |")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "docvec-api-bench")
    parser.add_argument("--chunks", type=int, default=12_000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--model-dir", type=Path, default=MODEL_DIR)
    parser.add_argument("--clients-only", metavar="URL", help=f"the clients alone (the token in ${CLIENT_TOKEN_VAR})")
    parser.add_argument("--pace", type=float, default=0.0,
                        help="mean think time of each client between searches, s (0: back to back, a closed loop)")
    parser.add_argument("--no-baseline", action="store_true",
                        help="skip the first phase (the same clients with nothing ingested)")
    parser.add_argument("--report", type=Path, help="print the report of a saved run (WORK/last-run.json)")
    args = parser.parse_args()
    if not args.clients_only:  # the clients' process reads it (it is started without --pace)
        os.environ["BENCH_PACE_S"] = str(args.pace)
    if args.report:
        saved = json.loads(args.report.read_text())
        sys.argv = saved["argv"]
        report(saved["result"], parser.parse_args(saved["argv"][1:]), saved["info"])
        return
    if args.clients_only:
        clients_only(args.clients_only, os.environ[CLIENT_TOKEN_VAR], args.clients, args.seconds)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    info = build_library(args.work, args.chunks, args.model_dir.resolve())
    run_dir = args.work / "run"
    shutil.rmtree(run_dir, ignore_errors=True)
    shutil.copytree(args.work / "template", run_dir / "kb")
    try:
        result = run(run_dir / "kb", args.work / "extra", args.model_dir.resolve(), args.clients, args.seconds,
                     not args.no_baseline)
    finally:
        shutil.rmtree(run_dir, ignore_errors=True)
    # The raw figures, so that the report can be printed again (--report FILE).
    (args.work / "last-run.json").write_text(json.dumps({"result": result, "info": info, "argv": sys.argv}))
    report(result, args, info)


if __name__ == "__main__":
    main()
