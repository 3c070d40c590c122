"""Chroma's HTTP mode (CHROMA_HOST/CHROMA_PORT) against a real `chroma run` server."""
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from docvec_gui.core.service import Service

pytestmark = pytest.mark.slow


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture()
def chroma_server(tmp_path):
    exe = shutil.which("chroma") or str(Path(sys.executable).with_name("chroma"))
    assert Path(exe).exists(), "the chroma CLI (from the chromadb package) is required"
    port = _free_port()
    proc = subprocess.Popen([exe, "run", "--path", str(tmp_path / "server"), "--host", "127.0.0.1",
                             "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            assert proc.poll() is None, "chroma run exited"
            time.sleep(0.2)
    else:
        pytest.fail("chroma run did not start")
    yield port
    proc.terminate()
    proc.wait(timeout=30)


def test_ingest_search_delete_over_http(chroma_server, settings_factory, docs_dir):
    settings = settings_factory(chroma_host="127.0.0.1", chroma_port=chroma_server)
    with Service(settings).open() as svc:
        ids = [a["id"] for a in svc.add([docs_dir / "google-doc-document.pdf", docs_dir / "simple.odt"]).added]
        assert svc.wait_idle(timeout=120)
        store = svc.vectors()
        assert store.client_kind() != "PersistentClient"
        assert not any((settings.chroma_path).iterdir())  # nothing written to the embedded store
        for doc_id in ids:
            assert store.count_document(doc_id) == svc.document(doc_id).chunk_count > 0
        top = svc.search("namespaces are one honking great idea", mode="vector", top_k=1)[0]
        assert top.filename == "google-doc-document.pdf"
        svc.delete(ids[0])
        assert store.count_document(ids[0]) == 0
        assert svc.health(load=True)["vector_store"]["ok"]
