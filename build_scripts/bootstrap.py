#!/usr/bin/env python3
"""One entry point for people and CI: ``gui`` launches the app, ``test`` runs the tests.

Creates ``.venv`` beside the checkout on first use and installs the project into it
(again whenever pyproject.toml changes), so a fresh machine needs nothing but Python 3.11+.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".docvec-installed"
SHARED_MODELS = Path(os.environ.get("DOCVEC_SHARED", ROOT.parent / "shared")) / "models"
DEFAULT_MODEL = ROOT / "resources" / "models" / "multilingual-e5-small-int8"


def _wanted_stamp(extras: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return f"{digest}:{extras}"


def ensure_env(extras: str) -> None:
    if not PYTHON.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = _wanted_stamp(extras)
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    print(f"installing docvec[{extras}] into .venv ...", flush=True)
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "--quiet", "--upgrade", "pip"])
    subprocess.check_call([str(PYTHON), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"])
    STAMP.write_text(wanted)


def ensure_default_model() -> None:
    """From a source checkout, make the default model (as installers bundle it) from
    ../shared's multilingual-e5-small, once. Without ../shared the app says the model is missing."""
    source = SHARED_MODELS / "multilingual-e5-small"
    if (DEFAULT_MODEL / "docvec-model.json").is_file() or not (source / "docvec-model.json").is_file():
        return
    print("preparing the multilingual model (once, about a minute) ...", flush=True)
    subprocess.check_call([str(PYTHON), str(ROOT / "build_scripts" / "quantize_model.py"), str(source),
                           str(DEFAULT_MODEL)])


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "gui"
    rest = argv[1:]
    if command == "gui":
        ensure_env("test")
        ensure_default_model()
        return subprocess.call([str(PYTHON), "-m", "docvec_gui", "gui", *rest])
    if command == "cli":
        ensure_env("test")
        ensure_default_model()
        return subprocess.call([str(PYTHON), "-m", "docvec_gui", *rest])
    if command == "test":
        ensure_env("test")
        ensure_default_model()
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        return subprocess.call([str(PYTHON), "-m", "pytest", *rest], cwd=ROOT, env=env)
    print(f"usage: {Path(__file__).name} gui|cli|test [args...]", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
