from pathlib import Path

import pytest

from docvec_gui.core.config import load_settings, write_settings_file
from docvec_gui.core.errors import ConfigError


def test_precedence_defaults_file_env_dotenv(tmp_path):
    data = tmp_path / "kb"
    write_settings_file(data, {"workers": 3, "chunk_tokens": 180, "max_retries": 5})
    dotenv = tmp_path / ".env"
    dotenv.write_text("WORKERS=7\nCHUNK_OVERLAP=20\nLOG_LEVEL=debug\n")
    settings = load_settings(data, environ={"WORKERS": "4"}, dotenv_path=dotenv)
    assert settings.workers == 4  # environment beats .env and the settings file
    assert settings.chunk_overlap == 20  # .env fills what the environment lacks
    assert settings.chunk_tokens == 180  # settings file beats defaults
    assert settings.max_retries == 5
    assert settings.log_level == "DEBUG"
    assert settings.chroma_host is None


def test_chroma_names_from_the_server_design(tmp_path):
    settings = load_settings(tmp_path, environ={"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": "8123"},
                             dotenv_path=tmp_path / "none")
    assert (settings.chroma_host, settings.chroma_port) == ("127.0.0.1", 8123)


def test_invalid_values_each_get_a_clear_message(tmp_path):
    with pytest.raises(ConfigError) as info:
        load_settings(tmp_path, environ={"WORKERS": "many", "CHUNK_TOKENS": "999", "LOG_LEVEL": "loud"},
                      dotenv_path=tmp_path / "none")
    message = str(info.value)
    assert "WORKERS: expected a whole number, got 'many'" in message
    assert "CHUNK_TOKENS: must be between 16 and 254, got 999" in message
    assert "LOG_LEVEL: must be one of" in message


def test_overlap_must_be_smaller_than_chunk(tmp_path):
    with pytest.raises(ConfigError, match="CHUNK_OVERLAP"):
        load_settings(tmp_path, environ={"CHUNK_TOKENS": "50", "CHUNK_OVERLAP": "60"}, dotenv_path=tmp_path / "n")


def test_data_dir_flag_beats_environment(tmp_path):
    settings = load_settings(tmp_path / "flag", environ={"DOCVEC_DATA_DIR": str(tmp_path / "env")},
                             dotenv_path=tmp_path / "n")
    assert settings.data_dir == (tmp_path / "flag").resolve()
    settings = load_settings(None, environ={"DOCVEC_DATA_DIR": str(tmp_path / "env")}, dotenv_path=tmp_path / "n")
    assert settings.data_dir == (tmp_path / "env").resolve()
    assert settings.db_path == settings.data_dir / "docvec.db"
    assert settings.queue_path != settings.db_path  # huey's queue lives in its own file
