#!/usr/bin/env python3
"""CI's Windows check: build the bundle and smoke-test it under Wine when its inputs changed.

    python3 build_scripts/windows/wine_ci.py [--cache DIR] [--if-warm] [--budget SECONDS] [--list]

A digest of the Windows build's inputs (``INPUTS`` below) is compared with the stamp that the
last green run wrote into the cache (``<cache>/ci-green.json``; the cache, ~/.cache/docvec-wine
by default, also holds the Wine prefix, the Windows CPython and its wheels, so it stays between
CI runs on the same machine):

* equal: one line says the inputs are unchanged since the green run of <date> and the exit
  status is 0, nothing is built;
* different (or no stamp): ``wine_build.py`` then ``wine_smoke.py`` run, each phase's time is
  printed, and the stamp is written only when both pass. Any failure exits non-zero.

``DOCVEC_CI_WINE=always`` runs even when the inputs are unchanged, ``never`` skips (one line).
``--if-warm`` skips, saying so, when the cache has no Wine prefix, Windows CPython and installed
dependencies yet: the cold set-up (apt, pip under Wine) is what does not fit in CI's budget.
``--budget`` stops the run (and fails) after that many seconds.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(HERE))

from wine_build import DEFAULT_CACHE  # noqa: E402

STAMP = "ci-green.json"
# What the Windows build reads, besides the application's code: the build scripts (build.py,
# docvec.spec, its runtime hook, bundle_sizes.py, quantize_model.py, everything in windows/:
# the Wine pins, the Inno Setup script, the bcryptprimitives substitute), the dependencies
# (pyproject.toml), the data files bundled (resources/: icons, translations).
INPUTS = ("build_scripts/", "pyproject.toml", "resources/")
# ... and the application modules that have Windows-only code paths (Job Objects, the lock, the
# single-instance server, priorities, paths...), found by these markers: a change there is only
# ever run on Windows by this check.
WINDOWS_CODE = re.compile(r'sys\.platform\s*(==|!=)\s*"win32"|sys\.platform\.startswith\("win"\)'
                          r'|os\.name\s*(==|!=)\s*"nt"|\bmsvcrt\b|\b_winapi\b|\bwindll\b|\bWinDLL\b')
# The embedding model the bundle carries is made from this folder (build_scripts/quantize_model.py).
SOURCE_MODEL = "models/multilingual-e5-small"


def log(message: str) -> None:
    print(f"[wine-ci {time.strftime('%H:%M:%S')}] {message}", flush=True)


def shared_dir() -> Path:
    return Path(os.environ.get("DOCVEC_SHARED", REPO.parent / "shared"))


def input_files(repo: Path = REPO) -> list[Path]:
    """The files of the working tree (tracked or not, never ignored) whose content makes the bundle."""
    listed = subprocess.run(["git", "-C", str(repo), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            check=True, capture_output=True, timeout=120).stdout.decode().split("\0")
    chosen = set()
    for name in filter(None, listed):
        path = repo / name
        if not path.is_file():
            continue  # deleted in the working tree
        if name.startswith(INPUTS) or name in INPUTS:
            chosen.add(name)
        elif name.startswith("docvec_gui/") and name.endswith(".py"):
            if WINDOWS_CODE.search(path.read_text(encoding="utf-8", errors="replace")):
                chosen.add(name)
    return [repo / name for name in sorted(chosen)]


def digest(repo: Path = REPO, shared: Path | None = None) -> str:
    """SHA-256 over the inputs' names and contents (and the source model's files)."""
    sha = hashlib.sha256()
    for path in input_files(repo):
        sha.update(path.relative_to(repo).as_posix().encode() + b"\0")
        sha.update(hashlib.sha256(path.read_bytes()).digest())
    model = (shared or shared_dir()) / SOURCE_MODEL
    if model.is_dir():
        for path in sorted(p for p in model.rglob("*") if p.is_file()):
            sha.update(b"model/" + path.relative_to(model).as_posix().encode() + b"\0")
            sha.update(hashlib.sha256(path.read_bytes()).digest())
    return sha.hexdigest()


def read_stamp(cache: Path) -> dict | None:
    try:
        return json.loads((cache / STAMP).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_stamp(cache: Path, value: str, phases: dict[str, float]) -> None:
    stamp = {"digest": value, "date": time.strftime("%Y-%m-%d %H:%M:%S %z"), "commit": _head(), "phases": phases}
    tmp = cache / (STAMP + ".tmp")
    tmp.write_text(json.dumps(stamp, indent=2), encoding="utf-8")
    tmp.replace(cache / STAMP)


def _head() -> str:
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return done.stdout.strip()


def is_warm(cache: Path) -> bool:
    """The slow set-up is cached: prefix, Windows CPython with pip, the dependencies installed."""
    python = cache / "python"
    return ((cache / "prefix" / "system.reg").exists() and (python / "Lib" / "site-packages" / "pip").is_dir()
            and any(python.glob(".docvec-deps-*")))


def run_phase(name: str, script: str, args: list[str], deadline: float | None) -> tuple[int, float]:
    """Run one of the scripts beside this one in its own process group; (exit status, seconds)."""
    command = [sys.executable, str(HERE / script), *args]
    log(f"phase {name}: {' '.join(command)}")
    started = time.monotonic()
    proc = subprocess.Popen(command, start_new_session=True)
    try:
        code = proc.wait(None if deadline is None else max(1.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        log(f"phase {name}: over the time budget; stopping it")
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(60)
        subprocess.run(["wineserver", "-k"], check=False, timeout=60,
                       env=dict(os.environ, WINEPREFIX=str(Path(args[args.index("--cache") + 1]) / "prefix")))
        code = 124
    seconds = round(time.monotonic() - started, 1)
    log(f"phase {name}: {'ok' if code == 0 else f'FAILED (exit status {code})'} in {seconds} s")
    return code, seconds


def _report(cache: Path, name: str, since: float) -> dict | None:
    """``<cache>/<name>`` if this run wrote it (an older one may still be in the cache)."""
    path = cache / name
    try:
        if path.stat().st_mtime < since:
            log(f"{name}: not written by this run")
            return None
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:  # a phase that failed early writes none: the run has failed anyway
        log(f"{name}: not readable ({exc})")
        return None


def _sub_phases(cache: Path, since: float) -> None:
    """Each step's time from the reports the two scripts wrote in this run."""
    build = _report(cache, "build-report.json", since)
    if build is not None:
        steps = ", ".join(f"{k[:-len('_seconds')]} {v} s" for k, v in build.items() if k.endswith("_seconds"))
        log(f"build steps: {steps}; bundle {build.get('bundle_mib')} MiB")
        if "installer" in build:
            log(f"installer: {build['installer']} ({build.get('installer_mib')} MiB)")
        else:
            log(f"installer: skipped ({build.get('installer_skipped', 'no reason recorded')})")
    smoke = _report(cache, "smoke-report.json", since)
    if smoke is not None:
        log("smoke steps: " + "; ".join(f"{s['name']} {'ok' if s['ok'] else 'FAILED'} {s['seconds']} s"
                                        for s in smoke.get("steps", [])))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--if-warm", action="store_true",
                        help="skip (exit 0, saying so) when the Wine prefix, CPython and dependencies are not cached")
    parser.add_argument("--budget", type=float, default=None, help="fail after this many seconds")
    parser.add_argument("--list", action="store_true", help="print the input files and the digest, run nothing")
    args = parser.parse_args(argv)
    cache = args.cache.expanduser().resolve()
    mode = os.environ.get("DOCVEC_CI_WINE", "changed").strip().lower() or "changed"
    if mode not in ("changed", "always", "never"):
        log(f"DOCVEC_CI_WINE={mode!r}: expected changed (default), always or never")
        return 2
    started = time.monotonic()
    value = digest()
    if args.list:
        for path in input_files():
            print(path.relative_to(REPO))
        print(f"+ {shared_dir() / SOURCE_MODEL}\ndigest {value}")
        return 0
    log(f"inputs digest {value[:16]} ({time.monotonic() - started:.1f} s)")
    if mode == "never":
        log("DOCVEC_CI_WINE=never: the Windows bundle is not built or smoke-tested in this run")
        return 0
    stamp = read_stamp(cache)
    if mode == "changed" and stamp and stamp.get("digest") == value:
        log(f"the Windows bundle's inputs are unchanged since the green run of {stamp.get('date')} "
            f"(commit {stamp.get('commit') or '?'}, digest {value[:16]}): not rebuilt")
        return 0
    reason = "forced (DOCVEC_CI_WINE=always)" if mode == "always" else (
        f"inputs changed since the green run of {stamp.get('date')}" if stamp else "no green run recorded in the cache")
    if args.if_warm and not is_warm(cache):
        log(f"{reason}, but the Wine cache {cache} is cold (no prefix, Windows CPython or dependencies yet): "
            f"skipped; warm it with `python3 build_scripts/windows/wine_build.py` (as root) outside CI")
        return 0
    log(f"{reason}: building and smoke-testing the Windows bundle")
    deadline = None if args.budget is None else time.monotonic() + args.budget
    phases_began = time.time()
    phases: dict[str, float] = {}
    code, phases["build"] = run_phase("build", "wine_build.py", ["--cache", str(cache)], deadline)
    if code == 0:
        code, phases["smoke"] = run_phase("smoke", "wine_smoke.py", ["--cache", str(cache)], deadline)
    _sub_phases(cache, phases_began)
    total = round(time.monotonic() - started, 1)
    if code != 0:
        log(f"Windows bundle check FAILED after {total} s "
            f"(build {phases.get('build')} s, smoke {phases.get('smoke', '-')} s)")
        return code if 0 < code < 256 else 1
    write_stamp(cache, value, phases)
    log(f"Windows bundle built and smoke-tested under Wine in {total} s "
        f"(build {phases['build']} s, smoke {phases['smoke']} s); stamp {cache / STAMP}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
