#!/usr/bin/env python3
"""Smoke-test the Windows bundle (dist\\docvec) under Wine, offline.

    python3 build_scripts/windows/wine_smoke.py [--cache DIR] [--bundle DIR] [--docs DIR]

Run with the host's python3 after wine_build.py (same --cache). Every step runs
``docvec.exe``/``docvec-gui.exe`` under Wine with Windows paths (Z:\\ is the Linux root), in a
network namespace without network when run as root (``unshare --net``):

1. ``--version``;
2. ``add --wait --json`` of a PDF, a DOCX, an HTML file and a Chinese (GBK) text file whose name
   is Chinese too;
3. ``search`` finding each by a phrase from MANIFEST.tsv;
4. ``delete`` of one, then ``search`` no longer finding it;
5. ``status --json``;
6. the extraction sandbox: a ~5,000-page PDF under a 3 s DOCVEC_EXTRACT_TIMEOUT (``timeout``) and a
   DOCX zip bomb (``too_large``), each a failed document with that error kind, the app unharmed;
7. the window: ``docvec-gui.exe`` on Qt's offscreen platform, painted (DOCVEC_EXIT_AFTER_PAINT) and closed.

Each step's result and time go to stdout and ``<cache>/smoke-report.json``; the exit status is
the number of failed steps.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from wine_build import DEFAULT_CACHE, REPO, Wine, windows_path  # noqa: E402

# (file in the test documents, a phrase from MANIFEST.tsv that search must find it by)
DOCUMENTS = [
    ("google-doc-document.pdf", "Namespaces are one honking great idea"),
    ("ONLYOFFICE-sample.en.docx", "Why ONLYOFFICE beats all the existing"),
    ("web-bbc-1.html", "He is confident the Iran nuclear"),
    # Copied under a Chinese name: non-ASCII paths through Wine, the CLI and the sandbox.
    ("maint-guide.zh-cn.gbk.txt", "等文件前，你需要一些关于"),
]
CHINESE_NAME = "维护指南.txt"
STEP_TIMEOUT = 900.0
STEPS = ("version", "library", "sandbox", "window")
PIPE_GRACE = 5.0  # seconds to wait for the end of a finished program's output
SANDBOX_TIMEOUT_S = 3
# The sandbox step's settings, named as the app reads them (core/config.py: DOCVEC_ + the name).
# OCR off: each page OCR starts extends the deadline by OCR_PAGE_TIMEOUT (a long scan is not a
# hung parser), and the long PDF's image-heavy pages would be read for an hour.
SANDBOX_ENV = {"DOCVEC_EXTRACT_TIMEOUT": str(SANDBOX_TIMEOUT_S), "DOCVEC_OCR_ENABLED": "false"}


class _Reader:
    """Drains one pipe in a thread, so a pipe held open by a leftover process cannot block us."""

    def __init__(self, stream) -> None:
        self._chunks: list[bytes] = []
        self._thread = threading.Thread(target=self._drain, args=(stream,), daemon=True)
        self._thread.start()

    def _drain(self, stream) -> None:
        for chunk in iter(lambda: stream.read1(65536), b""):
            self._chunks.append(chunk)

    def text(self, grace: float) -> str:
        self._thread.join(grace)
        return b"".join(self._chunks).decode("utf-8", "replace")


@dataclass
class Step:
    name: str
    ok: bool = False
    seconds: float = 0.0
    detail: str = ""
    data: dict = field(default_factory=dict)


class Smoke:
    def __init__(self, cache: Path, bundle: Path, docs: Path, only: tuple[str, ...] = STEPS) -> None:
        self.only = only
        self.wine = Wine(cache)
        self.bundle = bundle
        self.docs = docs
        self.work = cache / "smoke"
        self.steps: list[Step] = []
        self.offline = os.geteuid() == 0 and shutil.which("unshare") is not None

    # -- running the bundle ------------------------------------------------------------------
    def run(self, exe: str, args: list[str], env: dict[str, str] | None = None,
            timeout: float = STEP_TIMEOUT) -> subprocess.CompletedProcess:
        """``wine <bundle>\\<exe> args`` with pipes for every standard stream (Python under
        Wine dies when one is a regular file); stdout and stderr apart, decoded as UTF-8."""
        command = ["wine", windows_path(self.bundle / exe), *args]
        if self.offline:
            command = ["unshare", "--net", "--", *command]
        extra = {"DOCVEC_WORKERS": "2", "http_proxy": "http://127.0.0.1:9", "https_proxy": "http://127.0.0.1:9",
                 "HF_HUB_OFFLINE": "1", **(env or {})}
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                env=self.wine.env(extra), cwd=self.work, start_new_session=True)
        proc.stdin.close()
        readers = [_Reader(proc.stdout), _Reader(proc.stderr)]
        note = ""
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(30)
            note = f"\n[smoke] killed after {timeout:.0f} s"
        # A Wine process the program started (conhost...) may hold our pipes open after it exits.
        out, err = (reader.text(PIPE_GRACE) for reader in readers)
        return subprocess.CompletedProcess(command, proc.returncode, out, err + note)

    def cli(self, data_dir: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
        return self.run("docvec.exe", ["--data-dir", windows_path(data_dir), *args], env=env)

    def step(self, name: str, action) -> Step:
        result = Step(name)
        started = time.monotonic()
        try:
            detail = action(result)
            result.ok, result.detail = True, detail or ""
        except AssertionError as exc:
            result.detail = str(exc)[-3000:]
        except Exception as exc:  # a smoke step's own failure is that step's result, not the run's end
            result.detail = f"{type(exc).__name__}: {exc}"[-3000:]
        result.seconds = round(time.monotonic() - started, 1)
        self.steps.append(result)
        print(f"[smoke] {'PASS' if result.ok else 'FAIL'} {name} ({result.seconds} s) {result.detail}", flush=True)
        return result

    # -- the steps ---------------------------------------------------------------------------
    def version(self, step: Step) -> str:
        from_pyproject = _project_version()
        run = self.run("docvec.exe", ["--version"], timeout=300)
        assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-2000:]}"
        assert run.stdout.strip() == f"docvec {from_pyproject}", run.stdout
        return run.stdout.strip()

    def add(self, step: Step) -> str:
        paths = [self._document(name) for name, _ in DOCUMENTS]
        run = self.cli(self.kb, "add", *map(windows_path, paths), "--wait", "--json")
        assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-3000:]}"
        report = json.loads(run.stdout)
        step.data = {"added": len(report["added"]), "failed": report.get("failed")}
        assert len(report["added"]) == len(DOCUMENTS), report
        assert report["failed"] == [], report["failed"]
        return f"{len(report['added'])} documents added and processed"

    def search(self, step: Step) -> str:
        found = {}
        for (name, phrase), path in zip(DOCUMENTS, map(self._document, (n for n, _ in DOCUMENTS))):
            run = self.cli(self.kb, "search", "--json", "--top-k", "3", phrase)
            assert run.returncode == 0, f"search {phrase!r}: exit {run.returncode}: {run.stderr[-2000:]}"
            results = json.loads(run.stdout)["results"]
            top = [r["filename"] for r in results]
            found[path.name] = top
            assert top and top[0] == path.name, f"search {phrase!r}: top results {top}, expected {path.name}"
        step.data = found
        return "each document is the first result for its phrase"

    def delete(self, step: Step) -> str:
        status = json.loads(self._ok(self.cli(self.kb, "status", "--json")))
        target = next(d for d in status["documents"] if d["filename"] == "web-bbc-1.html")
        self._ok(self.cli(self.kb, "delete", target["id"]))
        run = self.cli(self.kb, "search", "--json", "--top-k", "3", DOCUMENTS[2][1])
        names = [r["filename"] for r in json.loads(self._ok(run))["results"]]
        assert "web-bbc-1.html" not in names, f"still found after delete: {names}"
        return f"deleted {target['id']}; search no longer finds it"

    def status(self, step: Step) -> str:
        data = json.loads(self._ok(self.cli(self.kb, "status", "--json")))
        step.data = data["counts"]
        assert data["counts"]["completed"] == len(DOCUMENTS) - 1 and data["counts"]["error"] == 0, data["counts"]
        return json.dumps(data["counts"])

    def sandbox(self, step: Step) -> str:
        long_pdf, bomb = self._long_pdf(), self._zip_bomb()
        kb = self.work / "kb-sandbox"
        run = self.cli(kb, "add", windows_path(long_pdf), windows_path(bomb), "--wait", "--json", env=SANDBOX_ENV)
        assert run.returncode == 0, f"exit {run.returncode}: {run.stderr[-3000:]}"
        failed = {d["filename"]: (d["error_kind"], d["error"]) for d in json.loads(run.stdout)["failed"]}
        step.data = {name: list(kind) for name, kind in failed.items()}
        assert failed.get(long_pdf.name, ("",))[0] == "timeout", failed
        # The request's own deadline named (Windows has no CPU-time limit behind it).
        assert f"longer than {SANDBOX_TIMEOUT_S} s" in failed[long_pdf.name][1], failed
        assert failed.get(bomb.name, ("",))[0] == "too_large", failed
        health = self.cli(kb, "status", "--json")
        assert health.returncode == 0, health.stderr[-2000:]
        return "; ".join(f"{name}: {kind}: {message}" for name, (kind, message) in failed.items())

    def window(self, step: Step) -> str:
        # Wine 8.0 drops the host's QT_* variables, and docvec-gui takes no Qt options on its
        # command line (app.py's parser refuses "-platform"): the prefix's user environment
        # (HKCU\Environment) gives every Windows process QT_QPA_PLATFORM=offscreen instead. The
        # native "windows" platform aborts under Wine 8.0, so offscreen is all that can be tested.
        self.wine.run(["reg", "add", r"HKCU\Environment", "/v", "QT_QPA_PLATFORM", "/d", "offscreen", "/f"],
                      timeout=120)
        run = self.run("docvec-gui.exe", ["--data-dir", windows_path(self.kb)],
                       env={"DOCVEC_EXIT_AFTER_PAINT": "1"}, timeout=300)
        assert run.returncode == 0, f"exit {run.returncode}: {(run.stdout + run.stderr)[-3000:]}"
        paint = [line for line in run.stdout.splitlines() if "first_paint_s=" in line]
        step.data = {"stdout": run.stdout[-500:]}
        return paint[0] if paint else "exited 0 (a windowed exe: no stdout to show first_paint_s)"

    # -- inputs ------------------------------------------------------------------------------
    def _document(self, name: str) -> Path:
        if name.endswith(".gbk.txt"):
            copy = self.work / "inputs" / CHINESE_NAME
            if not copy.exists():
                copy.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(self.docs / name, copy)
            return copy
        return self.docs / name

    def _long_pdf(self) -> Path:
        """DA-619p.pdf eight times over (~5,000 pages, tens of seconds to read; as tests/conftest.py),
        written by the Windows Python's pypdf (the host's python3 may not have it)."""
        path = self.work / "inputs" / "DA-619p-x8.pdf"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            code = ("import sys; from pypdf import PdfReader, PdfWriter; r = PdfReader(sys.argv[1]); w = PdfWriter()\n"
                    "for _ in range(8):\n    [w.add_page(p) for p in r.pages]\n"
                    "w.write(sys.argv[2])")
            self.wine.python_run(["-c", code, windows_path(self.docs / "DA-619p.pdf"), windows_path(path)],
                                 timeout=600)
        return path

    def _zip_bomb(self) -> Path:
        """A DOCX whose document.xml inflates 1000-fold to 64 MiB."""
        path = self.work / "inputs" / "zip-bomb.docx"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as docx:
                docx.writestr("[Content_Types].xml",
                              '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                              'content-types"><Override PartName="/word/document.xml" ContentType="application/'
                              'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
                with docx.open("word/document.xml", "w", force_zip64=True) as member:
                    member.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                                 b'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
                    chunk = b"a" * 2**20
                    for _ in range(64):
                        member.write(chunk)
                    member.write(b"</w:t></w:r></w:p></w:body></w:document>")
        return path

    @staticmethod
    def _ok(run: subprocess.CompletedProcess) -> str:
        assert run.returncode == 0, f"{' '.join(run.args[-4:])}: exit {run.returncode}: {run.stderr[-2000:]}"
        return run.stdout

    # -- all of it ---------------------------------------------------------------------------
    def start_wine(self) -> None:
        """Start the prefix's wineserver and Wine's own services (services.exe, explorer.exe...)
        with no pipes of ours: started by the first program instead, they would inherit its
        output pipes and keep them open after it exits."""
        env = self.wine.env()
        # Persistent for 2 minutes after the last program: the services stay up between steps.
        subprocess.run(["wineserver", "-p120"], env=env, timeout=60, check=False)
        subprocess.run(["wine", "cmd", "/c", "exit"], env=env, timeout=300, check=False, stdin=subprocess.DEVNULL,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def all(self) -> int:
        self.start_wine()
        shutil.rmtree(self.work / "kb", ignore_errors=True)
        shutil.rmtree(self.work / "kb-sandbox", ignore_errors=True)
        self.work.mkdir(parents=True, exist_ok=True)
        self.kb = self.work / "kb"
        started = time.monotonic()
        if "version" in self.only:
            self.step("version", self.version)
        if "library" in self.only:
            added = self.step("add --wait (PDF, DOCX, HTML, Chinese text)", self.add)
            if added.ok:
                self.step("search finds each", self.search)
                self.step("delete", self.delete)
                self.step("status --json", self.status)
        if "sandbox" in self.only:
            self.step("extraction sandbox: timeout and zip bomb", self.sandbox)
        if "window" in self.only:
            self.step("window offscreen: painted and closed", self.window)
        total = round(time.monotonic() - started, 1)
        failed = [s.name for s in self.steps if not s.ok]
        report = {"bundle": str(self.bundle), "offline": self.offline, "total_seconds": total,
                  "passed": len(self.steps) - len(failed), "failed": failed, "steps": [asdict(s) for s in self.steps]}
        out = self.wine.cache / "smoke-report.json"
        out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"[smoke] {report['passed']}/{len(self.steps)} steps passed in {total} s; report: {out}", flush=True)
        return len(failed)


def _project_version() -> str:
    import re

    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    return re.search(r'^version\s*=\s*"([^"]+)"', text, re.M).group(1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--bundle", type=Path, default=None, help="default: <cache>/src/dist/docvec")
    parser.add_argument("--docs", type=Path,
                        default=Path(os.environ.get("DOCVEC_SHARED", REPO.parent / "shared")) / "testdata/docs/files")
    parser.add_argument("--only", nargs="+", choices=STEPS, default=list(STEPS),
                        help="run these groups of steps only (library: add, search, delete, status)")
    args = parser.parse_args(argv)
    cache = args.cache.expanduser().resolve()
    bundle = (args.bundle or cache / "src" / "dist" / "docvec").resolve()
    if not (bundle / "docvec.exe").exists():
        raise SystemExit(f"no bundle at {bundle}: run build_scripts/windows/wine_build.py first")
    return Smoke(cache, bundle, args.docs.resolve(), tuple(args.only)).all()


if __name__ == "__main__":
    sys.exit(main())
