"""The Windows-only logic that Linux can check, and the Linux behaviour it must leave unchanged.

The Windows code itself (Job Objects, thread priorities) runs under Wine in
build_scripts/windows/wine_smoke.py; here: the Job Object's limits and its C layout, the
exit codes of a crashed Windows child, the Wine build's pins and paths, and the smoke test's
zip bomb refused by the real extractor.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
from pathlib import Path

import pytest

from docvec_gui.core import children, priority
from docvec_gui.core.extract import sandbox
from docvec_gui.core.extract.model import ExtractionError

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "build_scripts" / "windows"))

import wine_build  # noqa: E402
from faultkit import pool  # noqa: E402,F401 (fixture)
import wine_smoke  # noqa: E402


# -- Job Objects (core/children.py) --------------------------------------------------------------
def test_every_job_kills_its_children_with_the_app_and_skips_the_crash_dialog():
    flags, memory = children.job_limits(None)
    assert flags & children.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert flags & children.JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION
    assert not flags & children.JOB_OBJECT_LIMIT_PROCESS_MEMORY and memory == 0


def test_a_memory_limit_becomes_a_per_process_commit_cap_in_bytes():
    flags, memory = children.job_limits(300)
    assert flags & children.JOB_OBJECT_LIMIT_PROCESS_MEMORY
    assert flags & children.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE
    assert memory == 300 * 1024 * 1024


@pytest.mark.parametrize("bad", [0, -5, True, 1.5, "100"])
def test_a_nonsensical_memory_limit_is_refused(bad):
    with pytest.raises(ValueError):
        children.job_limits(bad)


@pytest.mark.skipif(ctypes.sizeof(ctypes.c_void_p) != 8, reason="the layout checked is the 64-bit one")
def test_the_extended_limit_structure_has_the_windows_x64_layout():
    """winnt.h's JOBOBJECT_EXTENDED_LIMIT_INFORMATION: 144 bytes on x64, the memory cap at 112.
    A wrong layout makes SetInformationJobObject fail or set a different limit."""
    extended = children._extended_limit_information()
    assert ctypes.sizeof(extended) == 144
    assert extended.ProcessMemoryLimit.offset == 112
    basic = extended.BasicLimitInformation
    assert basic.offset == 0 and extended.IoInfo.offset == 64
    info = extended()
    info.BasicLimitInformation.LimitFlags, info.ProcessMemoryLimit = children.job_limits(64)
    raw = bytes(info)
    assert int.from_bytes(raw[16:20], "little") == children.job_limits(64)[0]
    assert int.from_bytes(raw[112:120], "little") == 64 * 1024 * 1024


def test_adopt_leaves_a_posix_child_alone(monkeypatch):
    """On Linux a child is not put in any job (it watches its parent; the worker sets RLIMIT_AS)."""
    monkeypatch.setattr(children, "_jobs", {})
    children.adopt(os.getpid(), 100)
    children.adopt(os.getpid())
    assert children._jobs == {}


# -- how a child died (core/extract/sandbox.py) ---------------------------------------------------
def test_a_windows_access_violation_is_a_crash_with_its_name(monkeypatch):
    monkeypatch.setattr(sandbox, "_WINDOWS", True)
    fault = sandbox._death(0xC0000005, "", 512)
    assert fault.kind == "died" and "0xC0000005" in fault.detail and "access violation" in fault.detail
    assert sandbox._death(-1073741819, "", 512).detail == fault.detail  # the same code, signed


def test_a_windows_child_out_of_commit_is_a_memory_fault(monkeypatch):
    monkeypatch.setattr(sandbox, "_WINDOWS", True)
    for code in (0xC0000017, 0xC000012D):
        fault = sandbox._death(code, "", 512)
        assert fault.kind == "memory" and "512 MB" in fault.detail


def test_a_windows_exit_status_that_is_no_exception_stays_an_exit_status(monkeypatch):
    monkeypatch.setattr(sandbox, "_WINDOWS", True)
    fault = sandbox._death(1, "", 512)  # TerminateProcess from Popen.kill()
    assert fault.kind == "died" and fault.detail == "exit status 1"


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_posix_deaths_are_read_as_before():
    assert sandbox._death(-signal.SIGKILL, "", 512).kind == "killed"
    assert sandbox._death(-signal.SIGXCPU, "", 512).kind == "timeout"
    assert sandbox._death(-signal.SIGSEGV, "", 512).detail == "signal 11, SIGSEGV"
    # The same number a Windows crash exits with is just an exit status here.
    assert sandbox._death(0xC0000005, "", 512).detail == f"exit status {0xC0000005}"


# -- priorities (core/priority.py) ----------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread nice values are Linux's")
def test_a_background_thread_is_still_reniced_on_linux():
    import threading

    seen: list[int] = []

    def work() -> None:
        priority.lower_this_thread()
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(10)
    assert seen and seen[0] >= priority.BACKGROUND_NICE


# -- the Wine build (build_scripts/windows) ------------------------------------------------------
def test_windows_paths_go_through_drive_z(tmp_path):
    assert wine_build.windows_path(Path("/work/shared/x y.pdf")) == r"Z:\work\shared\x y.pdf"
    assert wine_build.windows_path(tmp_path).startswith("Z:\\") and "/" not in wine_build.windows_path(tmp_path)


def test_the_wine_pins_hold_numpy_1_and_pyside_below_6_10():
    from packaging.requirements import Requirement

    pins = {}
    for line in wine_build.CONSTRAINTS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            req = Requirement(line)
            pins[req.name.lower()] = req.specifier
    assert "1.26.4" in pins["numpy"] and "2.2.0" not in pins["numpy"]
    assert "6.9.3" in pins["pyside6-essentials"] and "6.10.0" not in pins["pyside6-essentials"]


def test_the_wine_build_installs_every_project_dependency_and_pyinstaller():
    import tomllib

    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = wine_build.requirements()
    assert set(project["dependencies"]) <= set(wanted)
    assert any(r.lower().startswith("pyinstaller") for r in wanted)


def test_the_smoke_tests_zip_bomb_is_refused_by_the_real_extractor(tmp_path):
    from docvec_gui.core.extract import extract_file

    smoke = wine_smoke.Smoke(tmp_path, tmp_path / "bundle", tmp_path / "docs")
    smoke.work = tmp_path
    bomb = smoke._zip_bomb()
    assert bomb.stat().st_size < 1_000_000
    with pytest.raises(ExtractionError) as info:
        extract_file(bomb)
    assert info.value.kind == "too_large"


# -- children die with their parent (core/children.py) -------------------------------------------
_GRANDCHILD = """
import sys, time
from docvec_gui.core.children import die_with_parent
die_with_parent(int(sys.argv[1]), interval=0.1)
time.sleep(60)
"""
_PARENT = """
import subprocess, sys, os, time
child = subprocess.Popen([sys.executable, "-c", sys.argv[1], str(os.getpid())])
print(child.pid, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_child_exits_soon_after_its_parent_is_sigkilled():
    import subprocess
    import time

    import psutil

    parent = subprocess.Popen([sys.executable, "-c", _PARENT, _GRANDCHILD], stdout=subprocess.PIPE, text=True,
                              cwd=REPO, env=dict(os.environ, PYTHONPATH=str(REPO)))
    try:
        child = psutil.Process(int(parent.stdout.readline()))
        time.sleep(1.0)  # the watchdog is running
        assert child.is_running() and child.status() != psutil.STATUS_ZOMBIE
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait(10)
        child.wait(timeout=5)  # psutil.TimeoutExpired if the child outlives its parent
    finally:
        parent.kill()
        parent.wait(10)


def test_the_wine_build_puts_back_the_msvc_runtime_pyinstaller_left_out(tmp_path):
    """Under Wine, PyInstaller skips msvcp140.dll & co. (Wine's built-ins); Windows needs Microsoft's."""
    wine = wine_build.Wine(tmp_path / "cache")
    pyside = wine.python_dir / "Lib" / "site-packages" / "PySide6"
    pyside.mkdir(parents=True)
    for name in wine_build.MSVC_RUNTIME:
        (pyside / name).write_bytes(name.encode())
    internal = tmp_path / "bundle" / "_internal"
    internal.mkdir(parents=True)
    (internal / "VCRUNTIME140.dll").write_bytes(b"bundled")  # already there (other case): kept
    added = wine_build.restore_msvc_runtime(wine, tmp_path / "bundle")
    assert "vcruntime140.dll" not in added and "msvcp140.dll" in added
    assert (internal / "VCRUNTIME140.dll").read_bytes() == b"bundled"
    assert all((internal / name).read_bytes() == name.encode() for name in added)
    (pyside / "msvcp140_2.dll").unlink()
    (internal / "msvcp140_2.dll").unlink()
    with pytest.raises(SystemExit):
        wine_build.restore_msvc_runtime(wine, tmp_path / "bundle")


# -- the wall-clock deadline of an extraction (core/extract/sandbox.py) ---------------------------
class _ChattyLines:
    """A child's line queue that always has a progress line ready (a long PDF read fast)."""

    def get(self, timeout: float | None = None) -> bytes:
        return b'{"progress": {"page": 1, "pages": 5000, "stage": "extracting"}}\n'


def test_a_child_that_never_stops_talking_still_times_out():
    """Windows has no CPU-time limit to back the deadline up: it must hold while lines keep coming."""
    import threading
    import time

    class Child:
        memory_mb = 100
        lines = _ChattyLines()

    class Slot:
        discarded = False

        def discard(self, child) -> None:
            self.discarded = True

    slot, outcome = Slot(), []
    watch = sandbox._Watch(None, None, threading.Event())

    def wait() -> None:
        deadline = time.monotonic() + 0.3
        try:
            while True:
                sandbox._await_line(slot, Child(), deadline, 0.3, watch)
        except sandbox._ChildFault as fault:
            outcome.append(fault)

    thread = threading.Thread(target=wait, daemon=True)
    thread.start()
    thread.join(5)
    assert outcome, "no timeout while the child kept sending lines"
    assert outcome[0].kind == "timeout" and outcome[0].detail == "took longer than 0.3 s" and slot.discarded


def test_a_long_pdf_times_out_by_the_wall_clock(pool, long_pdf):
    """The real child reading ~5,000 pages: the verdict names the request's timeout (not the CPU
    limit, which on Linux also stands behind it) and comes within a few timeouts."""
    import time

    extractors = pool(1, timeout=2)
    started = time.monotonic()
    with pytest.raises(ExtractionError) as info:
        extractors.extract(long_pdf)
    assert info.value.kind == "timeout"
    assert "took longer than 2 s" in str(info.value), str(info.value)
    assert time.monotonic() - started < 30


# -- the smoke test's settings and CI's Windows check (build_scripts/windows) ---------------------
def test_the_smoke_tests_sandbox_settings_are_the_names_the_app_reads(tmp_path):
    """EXTRACT_TIMEOUT without the DOCVEC_ prefix was ignored: the long PDF was read to its end."""
    from docvec_gui.core.config import environment_names, load_settings

    assert set(wine_smoke.SANDBOX_ENV) <= set(environment_names().values())
    settings = load_settings(tmp_path / "data", environ=wine_smoke.SANDBOX_ENV)
    assert settings.extract_timeout == wine_smoke.SANDBOX_TIMEOUT_S and settings.ocr_enabled is False


def _git_repo(root: Path) -> Path:
    import subprocess

    for name, text in {"pyproject.toml": "[project]\n", "build_scripts/build.py": "x = 1\n",
                       "docvec_gui/core/lock.py": 'if sys.platform == "win32":\n    pass\n',
                       "docvec_gui/core/chunk.py": "y = 2\n", "README.md": "docs\n"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q", str(root)], check=True)
    return root


def test_the_ci_digest_covers_packaging_dependencies_and_windows_code_only(tmp_path):
    import wine_ci

    repo, shared = _git_repo(tmp_path / "repo"), tmp_path / "shared"
    chosen = {p.relative_to(repo).as_posix() for p in wine_ci.input_files(repo)}
    assert chosen == {"pyproject.toml", "build_scripts/build.py", "docvec_gui/core/lock.py"}
    before = wine_ci.digest(repo, shared)
    (repo / "README.md").write_text("other docs\n", encoding="utf-8")
    (repo / "docvec_gui/core/chunk.py").write_text("y = 3\n", encoding="utf-8")
    assert wine_ci.digest(repo, shared) == before
    for name in ("pyproject.toml", "build_scripts/build.py", "docvec_gui/core/lock.py"):
        (repo / name).write_text((repo / name).read_text() + "# changed\n", encoding="utf-8")
        assert wine_ci.digest(repo, shared) != before, name
        before = wine_ci.digest(repo, shared)
    model = shared / wine_ci.SOURCE_MODEL
    model.mkdir(parents=True)
    (model / "model.onnx").write_bytes(b"weights")
    assert wine_ci.digest(repo, shared) != before


def test_ci_skips_unchanged_inputs_and_stamps_only_a_green_build_and_smoke(tmp_path, monkeypatch, capsys):
    import wine_ci

    ran: list[str] = []
    outcome = {"build": 0, "smoke": 3}
    monkeypatch.setattr(wine_ci, "digest", lambda *a: "d" * 64)
    monkeypatch.setattr(wine_ci, "run_phase", lambda name, *a: (ran.append(name), (outcome[name], 1.0))[1])
    monkeypatch.delenv("DOCVEC_CI_WINE", raising=False)
    cache = ["--cache", str(tmp_path)]
    assert wine_ci.main(cache) == 3 and ran == ["build", "smoke"]  # the smoke test failed: no stamp
    assert not (tmp_path / wine_ci.STAMP).exists()
    outcome["smoke"] = 0
    assert wine_ci.main(cache) == 0 and (tmp_path / wine_ci.STAMP).exists()
    ran.clear()
    assert wine_ci.main(cache) == 0 and ran == []
    assert "unchanged since the green run of" in capsys.readouterr().out
    monkeypatch.setenv("DOCVEC_CI_WINE", "always")
    assert wine_ci.main(cache) == 0 and ran == ["build", "smoke"]
    ran.clear()
    monkeypatch.setenv("DOCVEC_CI_WINE", "changed")
    monkeypatch.setattr(wine_ci, "digest", lambda *a: "e" * 64)
    outcome["build"] = 1
    assert wine_ci.main(cache) == 1 and ran == ["build"]  # no smoke test of a failed build
    assert wine_ci.main([*cache, "--if-warm"]) == 0 and ran == ["build"]  # cold cache: skipped
