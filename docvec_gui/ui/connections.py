"""Settings → Connections: how other programs and AI assistants reach this library.

The page shows the local API's address and token (copy, show, regenerate), the switch that
lets AI assistants change the library (MCP write tools), and an MCP client configuration
ready to paste into Claude Desktop, LM Studio or Cursor. It never talks to the server on the
Qt thread except to read attributes; regenerating the token is handed to the window (which
runs it on its pool) through the ``regenerate`` callable.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QApplication, QCheckBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

log = logging.getLogger(__name__)

SERVER_NAME = "docvec"  # the key under "mcpServers" in the clients' configuration


# -- pure functions (unit-tested without Qt) ---------------------------------------------------
def mcp_command(data_dir: str | Path, frozen: bool | None = None, executable: str | None = None,
                platform: str | None = None) -> tuple[str, list[str]]:
    """The program an MCP client launches for ``docvec mcp`` on ``data_dir``, and its arguments.

    Installed (frozen) builds: the ``docvec`` console executable beside the running one (on
    Linux the bundle's single binary is ``docvec`` itself; on Windows ``docvec.exe`` sits next
    to ``docvec-gui.exe``; on macOS both are in Contents/MacOS). From source: this Python with
    ``-m docvec_gui``."""
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    executable = executable or sys.executable
    platform = platform or sys.platform
    tail = ["mcp", "--data-dir", str(data_dir)]
    if frozen:
        name = "docvec.exe" if platform == "win32" else "docvec"
        return str(Path(executable).with_name(name)), tail
    return executable, ["-m", "docvec_gui", *tail]


def mcp_client_config(data_dir: str | Path, frozen: bool | None = None, executable: str | None = None,
                      platform: str | None = None) -> dict:
    """``{"mcpServers": {"docvec": {"command", "args"}}}``: the format Claude Desktop
    (claude_desktop_config.json), LM Studio (mcp.json) and Cursor (.cursor/mcp.json) share."""
    command, args = mcp_command(data_dir, frozen, executable, platform)
    return {"mcpServers": {SERVER_NAME: {"command": command, "args": args}}}


def mcp_client_config_text(data_dir: str | Path, **kwargs) -> str:
    return json.dumps(mcp_client_config(data_dir, **kwargs), indent=2, ensure_ascii=False)


# -- the page ------------------------------------------------------------------------------------
class ConnectionsPage(QWidget):
    """``allow_write_changed(bool)``: the checkbox moved (the value is saved with the dialog)."""

    allow_write_changed = Signal(bool)

    def __init__(self, data_dir: str | Path, api=None, allow_write: bool = False,
                 regenerate: Callable[[], None] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data_dir = Path(data_dir)
        self.api = api
        self._regenerate = regenerate
        # A hook so tests (and the window) can answer "regenerate?" without a modal box.
        self.confirm: Callable[[str], bool] = self._confirm_dialog
        self._build(allow_write)
        self.show_server(api)

    # -- layout ----------------------------------------------------------------------------
    def _button(self, text: str, accessible: str, slot) -> QPushButton:
        button = QPushButton(text, self)
        button.setAccessibleName(accessible)
        button.clicked.connect(lambda _=False: slot())
        return button

    def _build(self, allow_write: bool) -> None:
        self.state = QLabel(self)
        self.state.setObjectName("apiState")
        self.state.setWordWrap(True)
        self.state.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.state.setAccessibleName(self.tr("Local API state"))

        self.address = QLineEdit(self)
        self.address.setReadOnly(True)
        self.address.setAccessibleName(self.tr("API address"))
        self.copy_address = self._button(self.tr("Copy"), self.tr("Copy the API address"), self._copy_address)
        address_row = QHBoxLayout()
        address_row.addWidget(self.address, 1)
        address_row.addWidget(self.copy_address)

        self.token = QLineEdit(self)
        self.token.setReadOnly(True)
        self.token.setEchoMode(QLineEdit.Password)  # hidden until asked: screenshots, shoulder surfing
        self.token.setAccessibleName(self.tr("API token"))
        self.show_token = QPushButton(self.tr("Show"), self)
        self.show_token.setCheckable(True)
        self.show_token.setAccessibleName(self.tr("Show the API token"))
        self.show_token.toggled.connect(self._token_visible)
        self.copy_token = self._button(self.tr("Copy"), self.tr("Copy the API token"), self._copy_token)
        self.regenerate = self._button(self.tr("Regenerate…"), self.tr("Regenerate the API token"),
                                       self.request_regenerate)
        token_row = QHBoxLayout()
        token_row.addWidget(self.token, 1)
        token_row.addWidget(self.show_token)
        token_row.addWidget(self.copy_token)
        token_row.addWidget(self.regenerate)

        self.allow_write = QCheckBox(self.tr("Allow AI assistants to change the library"), self)
        self.allow_write.setAccessibleName(self.tr("Allow AI assistants to change the library"))
        self.allow_write.setChecked(bool(allow_write))
        self.allow_write.toggled.connect(self.allow_write_changed)
        self.allow_write_note = QLabel(self.tr("Searching and reading are always available to them; this adds "
                                               "adding, re-processing and deleting documents."), self)
        self.allow_write_note.setWordWrap(True)

        self.config = QPlainTextEdit(self)
        self.config.setReadOnly(True)
        self.config.setAccessibleName(self.tr("MCP client configuration"))
        self.config.setLineWrapMode(QPlainTextEdit.NoWrap)
        lines = 14  # the whole configuration (13 lines), without scrolling
        margins = 2 * (self.config.frameWidth() + round(self.config.document().documentMargin())) + 4
        self.config.setMinimumHeight(self.config.fontMetrics().lineSpacing() * lines + margins)
        self.config.setPlainText(mcp_client_config_text(self.data_dir))
        self.config_note = QLabel(self.tr("Paste this into Claude Desktop (claude_desktop_config.json), LM Studio "
                                          "(mcp.json) or Cursor (.cursor/mcp.json). The assistant starts docvec "
                                          "itself; it works whether or not this window is open."), self)
        self.config_note.setWordWrap(True)
        self.copy_config = self._button(self.tr("Copy configuration"), self.tr("Copy the MCP client configuration"),
                                        self._copy_config)
        config_buttons = QHBoxLayout()
        config_buttons.addStretch(1)
        config_buttons.addWidget(self.copy_config)

        form = QFormLayout()
        form.addRow(self.tr("Address"), address_row)
        form.addRow(self.tr("Token"), token_row)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(form)
        layout.addWidget(self.allow_write)
        layout.addWidget(self.allow_write_note)
        layout.addWidget(QLabel(self.tr("MCP client configuration"), self))
        layout.addWidget(self.config, 1)
        layout.addWidget(self.config_note)
        layout.addLayout(config_buttons)

    # -- state ---------------------------------------------------------------------------------
    def show_server(self, api) -> None:
        """Show ``api`` (an :class:`~docvec_gui.api.server.ApiServer`, or None while it starts)."""
        self.api = api
        running = api is not None and api.running
        if running:
            self.state.setText(self.tr("The local API is running. Programs on this computer reach it with the "
                                       "address and token below."))
        elif api is None:
            self.state.setText(self.tr("The local API is not running yet: it starts once the library is loaded."))
        else:
            reason = api.error or self.tr("it was stopped")
            self.state.setText(self.tr("The local API is not running: %1").replace("%1", reason))
        self.address.setText(api.url if running else "")
        self.token.setText(api.token if running else "")
        for widget in (self.address, self.token, self.copy_address, self.copy_token, self.show_token,
                       self.regenerate):
            widget.setEnabled(running)

    def set_token(self, token: str) -> None:
        self.token.setText(token)
        self.regenerate.setEnabled(self.api is not None and self.api.running)

    def _token_visible(self, shown: bool) -> None:
        self.token.setEchoMode(QLineEdit.Normal if shown else QLineEdit.Password)
        self.show_token.setText(self.tr("Hide") if shown else self.tr("Show"))

    # -- actions ---------------------------------------------------------------------------------
    def _copy(self, text: str) -> None:
        QApplication.clipboard().setText(text)

    def _copy_address(self) -> None:
        self._copy(self.address.text())

    def _copy_token(self) -> None:
        self._copy(self.token.text())

    def _copy_config(self) -> None:
        self._copy(self.config.toPlainText())

    def request_regenerate(self) -> None:
        """Ask, then make a new token: every program using the old one must be given the new one."""
        if self.api is None or not self.api.running:
            return
        if not self.confirm(self.tr("Make a new token? Programs using the current one are refused until they "
                                    "use the new one; AI assistants that start docvec mcp pick it up by "
                                    "themselves.")):
            return
        self.regenerate.setEnabled(False)  # until the new token is shown
        if self._regenerate is not None:
            self._regenerate()  # the window runs it on its pool and calls set_token
            return
        self.set_token(self.api.regenerate_token())  # no window (a test): a small file write, here

    def _confirm_dialog(self, text: str) -> bool:
        parent = QApplication.activeModalWidget() or self
        return QMessageBox.question(parent, self.tr("docvec"), text) == QMessageBox.Yes
