"""Shared fixtures: the real model and documents from ../shared, real data directories."""
from __future__ import annotations

import csv
import os
import sys
from pathlib import Path

import pytest

from prerequisites import missing

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("DOCVEC_SHARED", REPO.parent / "shared"))
MODEL_DIR = SHARED / "models" / "all-MiniLM-L6-v2"
MULTILINGUAL_DIR = SHARED / "models" / "multilingual-e5-small"
DOCS = SHARED / "testdata" / "docs"
FILES = DOCS / "files"
SCIFACT = SHARED / "eval" / "scifact-train"
ARTIFACTS = REPO / "test-artifacts"


def require(path: Path, what: str) -> Path:
    """Fail in CI (never skip) when shared test data is missing."""
    if not path.exists():
        missing(f"{what} not found at {path}")
    return path


@pytest.fixture(scope="session")
def model_dir() -> Path:
    return require(MODEL_DIR / "model.onnx", "embedding model").parent


@pytest.fixture(scope="session")
def multilingual_dir() -> Path:
    return require(MULTILINGUAL_DIR / "docvec-model.json", "multilingual embedding model").parent


@pytest.fixture(scope="session")
def docs_dir() -> Path:
    return require(FILES, "test documents")


@pytest.fixture(scope="session")
def long_pdf(docs_dir, tmp_path_factory) -> Path:
    """A text PDF that takes tens of seconds to read (DA-619p.pdf eight times over, ~5,000
    pages): for tests that need an extraction still running when they act. DA-619p.pdf alone
    takes a few seconds since PDFium reads text PDFs (issue 13), too little of a margin."""
    from pypdf import PdfReader, PdfWriter

    path = tmp_path_factory.mktemp("long-pdf") / "DA-619p-x8.pdf"
    source = PdfReader(str(docs_dir / "DA-619p.pdf"))
    writer = PdfWriter()
    for _ in range(8):
        for page in source.pages:
            writer.add_page(page)
    with open(path, "wb") as fh:
        writer.write(fh)
    return path


@pytest.fixture(scope="session")
def manifest(docs_dir) -> list[dict]:
    with open(DOCS / "MANIFEST.tsv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture()
def settings_factory(tmp_path, model_dir):
    from docvec_gui.core.config import load_settings

    def make(**overrides):
        values = {"model_dir": str(model_dir), "workers": 2, "embed_threads": 1}
        values.update(overrides)
        data_dir = values.pop("data_dir", tmp_path / "data")
        return load_settings(data_dir, environ={}, dotenv_path=tmp_path / "no.env", overrides=values)

    return make


@pytest.fixture()
def service(settings_factory):
    from docvec_gui.core.service import Service

    svc = Service(settings_factory()).open()
    yield svc
    svc.close(timeout=60)


def cli_env(data_dir: Path, model_dir: Path, **extra: str) -> dict[str, str]:
    env = dict(os.environ, DOCVEC_DATA_DIR=str(data_dir), DOCVEC_MODEL_DIR=str(model_dir), DOCVEC_WORKERS="2",
               DOCVEC_EMBED_THREADS="1")
    env.update(extra)
    return env


def cli_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "docvec_gui", *args]


@pytest.fixture(autouse=True)
def _fault_tests_print_no_traceback(request):
    """Fault tests: nothing the app or its children print may be a traceback (an uncaught
    exception in a thread, a child's crash dump, a logging error)."""
    if "faults" not in request.node.path.parts:
        yield
        return
    from faultkit import kill_started

    capfd = request.getfixturevalue("capfd")
    yield
    kill_started()  # a test that failed half-way must not leave the app running
    out, err = capfd.readouterr()
    assert "Traceback" not in out + err, (out + err)[-3000:]
