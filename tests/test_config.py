import pytest

from docvec_gui.core.config import environment_names, load_settings, write_settings_file
from docvec_gui.core.errors import ConfigError


def test_precedence_defaults_file_dotenv_env_overrides(tmp_path):
    data = tmp_path / "kb"
    write_settings_file(data, {"workers": 3, "chunk_tokens": 180, "max_retries": 5, "chunk_overlap": 10})
    (data / ".env").write_text("WORKERS=7\nCHUNK_OVERLAP=20\nLOG_LEVEL=debug\nMAX_RETRIES=6\n")
    settings = load_settings(data, environ={"DOCVEC_WORKERS": "4"}, overrides={"max_retries": 8})
    assert settings.workers == 4  # DOCVEC_ environment beats .env and settings.json
    assert settings.chunk_overlap == 20  # the data directory's .env beats settings.json
    assert settings.chunk_tokens == 180  # settings.json beats defaults
    assert settings.max_retries == 8  # explicit overrides (the settings dialog) beat everything
    assert settings.log_level == "DEBUG"
    assert settings.chroma_host is None


def test_unprefixed_environment_variables_are_not_read(tmp_path):
    environ = {"WORKERS": "9", "MODEL_DIR": str(tmp_path), "CHROMA_HOST": "203.0.113.9", "EMBED_PROVIDER": "openai"}
    settings = load_settings(tmp_path / "kb", environ=environ)
    assert settings.workers != 9 and settings.model_dir is None
    assert settings.chroma_host is None and settings.embed_provider == "local"


def test_chroma_names_from_the_server_design(tmp_path):
    """settings.json and .env keep the server design's names; the environment needs DOCVEC_."""
    data = tmp_path / "kb"
    data.mkdir()
    (data / "settings.json").write_text('{"CHROMA_HOST": "127.0.0.1"}')
    (data / ".env").write_text("CHROMA_PORT=8123\n")
    settings = load_settings(data, environ={})
    assert (settings.chroma_host, settings.chroma_port) == ("127.0.0.1", 8123)
    settings = load_settings(data, environ={"DOCVEC_CHROMA_HOST": "10.1.2.3", "DOCVEC_CHROMA_PORT": "9000"})
    assert (settings.chroma_host, settings.chroma_port) == ("10.1.2.3", 9000)


def test_other_docvec_variables_are_not_settings(tmp_path):
    environ = {"DOCVEC_SHARED": "/x", "DOCVEC_MODEL_URL": "http://x/", "DOCVEC_EXIT_AFTER_PAINT": "1"}
    assert load_settings(tmp_path / "kb", environ=environ).workers >= 1


def test_invalid_values_each_get_a_clear_message(tmp_path):
    data = tmp_path / "kb"
    data.mkdir()
    (data / ".env").write_text("CHUNK_TOKENS=999\n")
    with pytest.raises(ConfigError) as info:
        load_settings(data, environ={"DOCVEC_WORKERS": "many", "DOCVEC_LOG_LEVEL": "loud"})
    message = str(info.value)
    assert "DOCVEC_WORKERS: expected a whole number, got 'many'" in message
    assert f"CHUNK_TOKENS in {data / '.env'}: must be between 16 and 254, got 999" in message
    assert "DOCVEC_LOG_LEVEL: must be one of" in message


def test_unknown_key_in_settings_json_is_an_error(tmp_path):
    data = tmp_path / "kb"
    data.mkdir()
    (data / "settings.json").write_text('{"wrokers": 2}')
    with pytest.raises(ConfigError, match="unknown setting 'wrokers'"):
        load_settings(data, environ={})


def test_overlap_must_be_smaller_than_chunk(tmp_path):
    with pytest.raises(ConfigError, match="CHUNK_OVERLAP"):
        load_settings(tmp_path, environ={"DOCVEC_CHUNK_TOKENS": "50", "DOCVEC_CHUNK_OVERLAP": "60"})


def test_data_dir_flag_beats_environment(tmp_path):
    settings = load_settings(tmp_path / "flag", environ={"DOCVEC_DATA_DIR": str(tmp_path / "env")})
    assert settings.data_dir == (tmp_path / "flag").resolve()
    settings = load_settings(None, environ={"DOCVEC_DATA_DIR": str(tmp_path / "env")})
    assert settings.data_dir == (tmp_path / "env").resolve()
    assert settings.db_path == settings.data_dir / "docvec.db"
    assert settings.queue_path != settings.db_path  # huey's queue lives in its own file


def test_explicit_dotenv_path_still_works(tmp_path):
    dotenv = tmp_path / "elsewhere.env"
    dotenv.write_text("DOCVEC_WORKERS=6\n")  # the prefixed name is accepted in files too
    assert load_settings(tmp_path / "kb", environ={}, dotenv_path=dotenv).workers == 6


def test_environment_names_are_prefixed():
    names = environment_names()
    assert names["workers"] == "DOCVEC_WORKERS" and names["chroma_host"] == "DOCVEC_CHROMA_HOST"
    assert all(v.startswith("DOCVEC_") for v in names.values())
