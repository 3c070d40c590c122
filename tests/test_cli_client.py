"""`docvec search/status/process/delete/add` while another process owns the library: they
go through its local API and print what they print when they own the directory."""
from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import cli_cmd, cli_env
from test_api import start_serve, stop_serve, wait_served

pytestmark = pytest.mark.slow  # real `docvec serve` processes and the real model

FILES = ["simple.odt", "fake-email.eml", "testWORD_truncated.docx", "release-notes.txt", "CantinaBand3.wav"]


def run(env, *args, cwd=None, stdin=None) -> subprocess.CompletedProcess:
    proc = subprocess.run(cli_cmd(*args), env=env, cwd=cwd, input=stdin, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, (args, proc.stderr)
    assert "Traceback" not in proc.stderr
    return proc


def masked(text: str, names: dict[str, str]) -> str:
    """Output with each document id (and 8-character prefix) replaced by its file name, and
    times left out: the two libraries differ only in those."""
    for doc_id, name in names.items():
        text = text.replace(doc_id, f"<{name}>").replace(doc_id[:8], f"<{name}>")
    return re.sub(r'"(created_at|processed_at)": "[^"]*"', r'"\1": "<time>"', text)


def session(env, cwd, first_id_of) -> list[tuple[str, str]]:
    """The same commands, in the same order; returns (command, output) pairs."""
    out = []

    def step(*args, stdin=None):
        out.append((" ".join(args), run(env, *args, cwd=cwd, stdin=stdin).stdout))
        return out[-1][1]

    step("add", *[f"in/{n}" for n in FILES], "--wait", "--json")
    step("add", "in/simple.odt", "in", "--json")  # duplicates: one named, the rest through the folder
    status = json.loads(step("status", "--json"))
    step("status")
    ids = {d["filename"]: d["id"] for d in status["documents"]}
    first_id_of.update({doc_id: name for name, doc_id in ids.items()})
    step("status", ids["simple.odt"][:8], "--json")
    step("search", "These", "are", "a", "few", "of", "my", "favorite", "things", "--json", "--top-k", "3")
    step("search", "round pegs", "--passages", "--mode", "keyword", "--json")
    step("search", "test email", "--top-k", "2")
    step("search", "--batch", "--mode", "keyword", stdin="test email\nround pegs square holes\n")
    step("process", ids["simple.odt"], "--wait", "--json")
    step("process", "--all", "--wait", "--json")
    step("delete", ids["release-notes.txt"], "--json")
    step("delete", ids["fake-email.eml"][:8])
    step("status", "--json")
    return out


def start_window(data_dir, model_dir, home) -> subprocess.Popen:
    """The real window (offscreen) owning ``data_dir``: it serves the API once warmed up."""
    env = cli_env(data_dir, model_dir, QT_QPA_PLATFORM="offscreen", HOME=str(home),
                  XDG_CONFIG_HOME=str(home / ".config"), XDG_CACHE_HOME=str(home / ".cache"))
    return subprocess.Popen(cli_cmd("gui"), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


@pytest.mark.parametrize("owner", ["serve", "window"])
def test_cli_through_a_serving_owner_prints_what_an_owning_cli_prints(owner, tmp_path, docs_dir, model_dir):
    work = tmp_path / "work"
    (work / "in").mkdir(parents=True)
    for name in FILES:
        shutil.copy(docs_dir / name, work / "in" / name)

    own_env = cli_env(tmp_path / "owned", model_dir)
    owned_ids: dict[str, str] = {}
    owned = session(own_env, work, owned_ids)

    served_dir = tmp_path / "served"
    if owner == "serve":
        proc = start_serve(served_dir, model_dir)
    else:  # the window closes on SIGTERM as its close button does (app._close_on_termination)
        proc = start_window(served_dir, model_dir, tmp_path / "home")
    try:
        wait_served(proc, served_dir, timeout=180)
        served_ids: dict[str, str] = {}
        served = session(cli_env(served_dir, model_dir), work, served_ids)
        # The owner still holds the directory: the commands above could only have gone through it.
        locked = subprocess.run(cli_cmd("check"), env=cli_env(served_dir, model_dir), capture_output=True,
                                text=True, timeout=120)
        assert locked.returncode == 1 and "data_dir_in_use" in locked.stderr
    finally:
        assert stop_serve(proc) == 0
    assert "Traceback" not in proc.stderr.read()
    assert not (served_dir / "server.json").exists()  # withdrawn by the owner as it closed

    assert [masked(c, owned_ids) for c, _ in owned] == [masked(c, served_ids) for c, _ in served]
    for (command, mine), (_, theirs) in zip(owned, served):
        assert masked(mine, owned_ids) == masked(theirs, served_ids), command
    # And the session did what it says (so equal outputs are not two equal failures).
    final = json.loads(served[-1][1])
    assert sorted(d["filename"] for d in final["documents"]) == ["simple.odt", "testWORD_truncated.docx"]
    add = json.loads(served[0][1])
    assert add["refused"][0]["path"] == "in/CantinaBand3.wav" and add["failed"][0]["error_kind"] == "corrupt"
    duplicates = json.loads(served[1][1])["duplicates"]
    assert {d["path"] for d in duplicates} == {"in/simple.odt"} | {f"in/{n}" for n in FILES if n != "CantinaBand3.wav"}
    search = json.loads(served[5][1])
    assert search["results"][0]["filename"] == "simple.odt"
