"""The CLI's JSON shapes and error format (scripts rely on them)."""
import json
import subprocess

from conftest import cli_cmd, cli_env

DOC_KEYS = {"id", "filename", "status", "progress", "chunk_count", "error_kind", "error", "size", "sha256",
            "created_at", "processed_at"}


def run(env, *args, stdin=None, check=True):
    proc = subprocess.run(cli_cmd(*args), env=env, input=stdin, capture_output=True, text=True, timeout=300)
    if check:
        assert proc.returncode == 0, proc.stderr
    return proc


def test_cli_end_to_end(tmp_path, docs_dir, model_dir):
    env = cli_env(tmp_path / "kb", model_dir)
    out = run(env, "add", str(docs_dir / "google-doc-document.pdf"), str(docs_dir / "fake-email.eml"),
              str(docs_dir / "CantinaBand3.wav"), "--wait", "--json")
    report = json.loads(out.stdout)
    assert len(report["added"]) == 2 and report["refused"][0]["kind"] == "unsupported"

    status = json.loads(run(env, "status", "--json").stdout)
    assert set(status["counts"]) == {"pending", "processing", "completed", "error"}
    assert status["counts"]["completed"] == 2
    assert all(DOC_KEYS <= set(d) for d in status["documents"])

    found = json.loads(run(env, "search", "honking", "great", "idea", "--json", "--top-k", "2").stdout)
    first = found["results"][0]
    assert set(first) >= {"doc_id", "filename", "chunk_index", "page", "heading", "text", "score", "highlights"}
    assert first["filename"] == "google-doc-document.pdf" and first["page"] == 1

    batch = run(env, "search", "--batch", "--mode", "keyword", stdin="test email\nnamespaces\n").stdout
    lines = [json.loads(line) for line in batch.splitlines()]
    assert [r["results"][0]["filename"] for r in lines] == ["fake-email.eml", "google-doc-document.pdf"]

    doc_id = first["doc_id"]
    run(env, "process", doc_id, "--wait")
    run(env, "delete", doc_id)
    assert json.loads(run(env, "status", "--json").stdout)["counts"]["completed"] == 1

    health = json.loads(run(env, "health", "--json").stdout)
    assert health["ok"] is True

    empty = run(env, "search", "", check=False)
    assert empty.returncode == 1 and empty.stderr.startswith("error: invalid_query: ")
    missing = run(env, "delete", "no-such-id", check=False)
    assert missing.returncode == 1 and missing.stderr.startswith("error: not_found: ")


def test_embed_reads_lines_and_keeps_order(tmp_path, model_dir):
    env = cli_env(tmp_path / "kb", model_dir)
    out = run(env, "embed", stdin="first line\nsecond line\n\nthird\n").stdout.splitlines()
    vectors = [json.loads(line)["embedding"] for line in out]
    assert len(vectors) == 4 and all(len(v) == 384 for v in vectors)
    assert vectors[0] != vectors[1]


def test_invalid_setting_is_one_clear_error(tmp_path, model_dir):
    env = cli_env(tmp_path / "kb", model_dir, DOCVEC_WORKERS="zero")
    proc = run(env, "status", check=False)
    assert proc.returncode == 1
    assert proc.stderr.strip() == "error: config: invalid settings: DOCVEC_WORKERS: expected a whole number, got 'zero'"


def test_version(tmp_path, model_dir):
    from docvec_gui import __version__

    assert run(cli_env(tmp_path, model_dir), "--version").stdout.strip() == f"docvec {__version__}"


def test_ids_must_be_full_or_an_unambiguous_prefix(tmp_path, docs_dir, model_dir):
    env = cli_env(tmp_path / "kb", model_dir)
    out = subprocess.run(cli_cmd("add", str(docs_dir / "simple.odt"), "--json"), env=env, capture_output=True,
                         text=True, check=True)
    doc_id = json.loads(out.stdout)["added"][0]["id"]
    for bad in ("", doc_id[:7]):
        proc = subprocess.run(cli_cmd("delete", bad), env=env, capture_output=True, text=True)
        assert proc.returncode == 1 and proc.stderr.startswith("error: not_found:"), proc.stderr
        assert "Traceback" not in proc.stderr
    proc = subprocess.run(cli_cmd("process", doc_id[:8]), env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    proc = subprocess.run(cli_cmd("delete", doc_id[:8]), env=env, capture_output=True, text=True)
    assert proc.returncode == 0 and "deleted simple.odt" in proc.stdout, proc.stderr
