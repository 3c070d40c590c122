"""Settings ▸ Connections and the window's local API (issue 12): a real Service, a real
ApiServer on the loopback, real HTTP requests (httpx) and the MCP SDK's own client."""
from __future__ import annotations

import json
import socket
import subprocess
from pathlib import Path

import anyio
import httpx
import pytest
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

from docvec_gui.api.server import ApiServer
from docvec_gui.ui import main_window as main_window_module
from docvec_gui.ui.connections import ConnectionsPage, mcp_client_config, mcp_client_config_text, mcp_command
from windowkit import isolated_qsettings, open_window  # noqa: E402


def _auth(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def _status(url: str, token: str) -> int:
    return httpx.get(url + "/api/files/status", headers=_auth(token), timeout=10).status_code


@pytest.fixture()
def api(service):
    server = ApiServer(service)
    assert server.start(timeout=15), server.error
    yield server
    assert server.stop(timeout=10)


# -- the MCP client configuration: pure functions ------------------------------------------------
def test_mcp_command_for_installed_and_source_builds(tmp_path):
    data = tmp_path / "lib"
    linux = mcp_command(data, frozen=True, executable="/opt/docvec/docvec", platform="linux")
    assert linux == ("/opt/docvec/docvec", ["mcp", "--data-dir", str(data)])
    win_exe = str(Path("C:/Program Files/docvec/docvec-gui.exe"))
    command, args = mcp_command(data, frozen=True, executable=win_exe, platform="win32")
    assert Path(command).name == "docvec.exe" and Path(command).parent == Path(win_exe).parent
    mac = mcp_command(data, frozen=True, executable="/Applications/docvec.app/Contents/MacOS/docvec-gui",
                      platform="darwin")
    assert mac[0] == "/Applications/docvec.app/Contents/MacOS/docvec"
    source = mcp_command(data, frozen=False, executable="/usr/bin/python3")
    assert source == ("/usr/bin/python3", ["-m", "docvec_gui", "mcp", "--data-dir", str(data)])
    assert mcp_client_config(data, frozen=False, executable="/x/python") == {
        "mcpServers": {"docvec": {"command": "/x/python",
                                  "args": ["-m", "docvec_gui", "mcp", "--data-dir", str(data)]}}}


def test_mcp_config_parses_and_runs_docvec_mcp(tmp_path):
    """The text to paste is JSON naming an executable that exists and starts `docvec mcp`."""
    config = json.loads(mcp_client_config_text(tmp_path / "lib"))
    entry = config["mcpServers"]["docvec"]
    assert Path(entry["command"]).is_file()
    assert entry["args"][-3:] == ["mcp", "--data-dir", str(tmp_path / "lib")]
    done = subprocess.run([entry["command"], *entry["args"], "--help"], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: docvec mcp")


# -- the page over a real server ------------------------------------------------------------------
def test_page_shows_the_real_address_and_token_and_copies_them(qtbot, api, service):
    page = ConnectionsPage(service.settings.data_dir, api)
    qtbot.addWidget(page)
    page.show()
    assert page.address.text() == api.url and api.url.startswith("http://127.0.0.1:")
    assert page.token.text() == api.token
    assert page.token.echoMode() == QLineEdit.Password  # hidden until asked
    page.show_token.click()
    assert page.token.echoMode() == QLineEdit.Normal
    page.show_token.click()
    assert page.token.echoMode() == QLineEdit.Password
    clipboard = QApplication.clipboard()
    page.copy_address.click()
    assert clipboard.text() == api.url
    page.copy_token.click()
    assert clipboard.text() == api.token
    assert _status(api.url, clipboard.text()) == 200  # the copied token works
    page.copy_config.click()
    assert json.loads(clipboard.text())["mcpServers"]["docvec"]["args"][-1] == str(service.settings.data_dir)
    assert "running" in page.state.text() and "not" not in page.state.text()


def test_regenerate_asks_first_then_only_the_new_token_works(qtbot, api, service):
    page = ConnectionsPage(service.settings.data_dir, api)
    qtbot.addWidget(page)
    old = api.token
    asked = []
    page.confirm = lambda text: asked.append(text) or False
    page.regenerate.click()
    assert asked and page.token.text() == old and api.token == old  # said no: nothing changed
    page.confirm = lambda text: True
    page.regenerate.click()
    new = page.token.text()
    assert new and new != old and new == api.token
    assert _status(api.url, old) == 401
    assert _status(api.url, new) == 200
    token_file = Path(service.settings.data_dir) / "api-token"
    assert token_file.read_text(encoding="utf-8").strip() == new  # clients (docvec CLI) find the new one


def test_page_says_the_server_is_not_running_and_why(qtbot, service):
    page = ConnectionsPage(service.settings.data_dir, None)
    qtbot.addWidget(page)
    assert "not running" in page.state.text() and not page.address.text() and not page.regenerate.isEnabled()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        server = ApiServer(service, port=taken.getsockname()[1])
        assert not server.start(timeout=5)
    page.show_server(server)
    assert "not running" in page.state.text() and server.error and server.error in page.state.text()
    assert not page.token.text() and not page.copy_token.isEnabled()
    assert "Traceback" not in page.state.text()


def test_settings_dialog_has_the_page_saves_allow_and_fits_1280x800(qtbot, api, service):
    from docvec_gui.ui.settings_dialog import SettingsDialog

    regenerated = []
    dialog = SettingsDialog(service.settings, None, api=api, regenerate=lambda: regenerated.append(1))
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentWidget(dialog.connections)
    dialog.show()
    qtbot.waitExposed(dialog)
    page = dialog.connections
    assert page.address.text() == api.url
    assert not page.allow_write.isChecked() and dialog.values()["mcp_allow_write"] is False  # off by default
    page.allow_write.setChecked(True)
    assert dialog.values()["mcp_allow_write"] is True
    page.confirm = lambda text: True
    page.regenerate.click()
    assert regenerated == [1]  # the window's callable runs it (on its pool), not the page
    hint = dialog.sizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    for widget in page.findChildren(QPushButton) + page.findChildren(QLabel):
        if isinstance(widget, QLabel) and widget.wordWrap():
            continue  # wraps instead of clipping
        assert widget.width() >= widget.minimumSizeHint().width(), widget.text()
    for widget in page.findChildren(QPushButton) + page.findChildren(QLineEdit):
        assert widget.accessibleName(), widget
    assert page.allow_write.accessibleName() and page.config.accessibleName()


# -- the window: starts, shows, restarts and stops the server --------------------------------------
async def _tool_names(url: str, token: str) -> set[str]:
    from mcp import Client
    from mcp.client.streamable_http import streamable_http_client
    from mcp.shared._httpx_utils import create_mcp_http_client

    with anyio.fail_after(30):
        async with create_mcp_http_client(headers=_auth(token)) as http:
            async with Client(streamable_http_client(url + "/mcp", http_client=http), cache=None) as client:
                return {t.name for t in (await client.list_tools()).tools}


def test_window_serves_the_api_shows_clients_applies_allow_and_stops_on_close(
        qtbot, settings_factory, tmp_path, monkeypatch):
    isolated_qsettings(tmp_path)
    monkeypatch.setattr(main_window_module, "API_CONNECTED_SECONDS", 1.0)
    win = open_window(qtbot, settings_factory())
    service = win.service
    data_dir = Path(service.settings.data_dir)
    try:
        # Started after the warm-up, off the Qt thread; published for clients.
        qtbot.waitUntil(lambda: win.api is not None and win.api.running, timeout=60_000)
        qtbot.waitUntil(lambda: (data_dir / "server.json").is_file(), timeout=5000)  # written once it answers
        api = win.api
        record = json.loads((data_dir / "server.json").read_text(encoding="utf-8"))
        assert record["url"] == api.url and record["pid"] > 0
        assert not win.api_label.isVisible()
        assert "delete" not in anyio.run(_tool_names, api.url, api.token)  # read-only by default

        # A request in flight (an SSE stream) shows in the status bar, polled by the health timer.
        with httpx.Client(timeout=10) as http, http.stream("GET", api.url + "/api/events",
                                                          headers=_auth(api.token)) as stream:
            assert stream.status_code == 200
            qtbot.waitUntil(lambda: win.api_label.isVisible(), timeout=8000)
            assert "1" in win.api_label.text() and api.active_requests >= 1
        qtbot.waitUntil(lambda: not win.api_label.isVisible(), timeout=8000)  # idle again

        # Settings ▸ Connections: the real server, a new token from the window's pool.
        win.open_settings()
        dialog = win.settings_dialog
        page = dialog.connections
        assert page.address.text() == api.url and page.token.text() == api.token
        old_token = api.token
        page.confirm = lambda text: True
        page.regenerate.click()
        qtbot.waitUntil(lambda: page.token.text() != old_token, timeout=10_000)
        assert _status(api.url, old_token) == 401 and _status(api.url, page.token.text()) == 200
        token = page.token.text()

        # Allowing AI assistants to change the library is saved and applied to the running
        # server at once (same server, address and token; clients stay connected) with the write tools.
        url = api.url
        page.allow_write.setChecked(True)
        dialog.accept()
        qtbot.waitUntil(lambda: service.settings.mcp_allow_write is True, timeout=30_000)
        qtbot.waitUntil(lambda: "delete" in anyio.run(_tool_names, api.url, token), timeout=30_000)
        assert win.api is api and api.running and api.url == url and api.token == token
        assert json.loads((data_dir / "settings.json").read_text(encoding="utf-8"))["mcp_allow_write"] is True
        assert {"delete", "add_paths", "reprocess"} <= anyio.run(_tool_names, win.api.url, token)
        assert (data_dir / "server.json").is_file()

        # Closed as the user closes it: the server stops first and withdraws server.json.
        final = win.api
        win.close()
        qtbot.waitUntil(lambda: not final.running and not (data_dir / "server.json").exists(), timeout=30_000)
        assert not (data_dir / "api-token").exists()
        with pytest.raises(httpx.TransportError):
            httpx.get(record["url"] + "/health", timeout=2)
    finally:
        win._closing = True
        win.bridge.close()
        win.close()
        win.background.wait(60_000)
        if win.api is not None:
            win.api.stop(timeout=10)
        service.close(timeout=30, finish=False)


def test_window_says_why_the_api_did_not_start(qtbot, settings_factory, tmp_path):
    """The configured port is taken: one line with the reason, no traceback, the window works on."""
    isolated_qsettings(tmp_path)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        win = open_window(qtbot, settings_factory(api_port=port))
        try:
            qtbot.waitUntil(lambda: win.api is not None and win.api.error is not None, timeout=60_000)
            qtbot.waitUntil(lambda: "could not start" in "\n".join(win.log_panel.activity_lines()), timeout=10_000)
            assert not win.api.running and str(port) in win.api.error
            assert str(port) in win.statusBar().currentMessage() and "Traceback" not in win.statusBar().currentMessage()
            assert not (Path(win.service.settings.data_dir) / "server.json").exists()
            win.open_settings()
            state = win.settings_dialog.connections.state.text()
            assert "not running" in state and win.api.error in state
        finally:
            win._closing = True
            win.bridge.close()
            win.close()
            win.background.wait(60_000)
            win.service.close(timeout=30, finish=False)
