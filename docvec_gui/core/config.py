"""Settings: defaults, then the data directory's ``settings.json``, then the data
directory's ``.env``, then ``DOCVEC_``-prefixed environment variables (the last wins).

A ``.env`` in the working directory is never read: any cloned project may hold one, and
it must not be able to send document text to a remote embedding service or point the
vector store at a server. Un-prefixed environment variables (``WORKERS``, ``MODEL_DIR``)
are not read either, for the same reason. Inside ``settings.json`` and the data
directory's ``.env`` the names of the original server design stay valid (``WORKERS``,
``CHROMA_HOST``, ...), so an existing deployment's configuration file still applies.
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from docvec_gui.core.errors import ConfigError
from docvec_gui.core.privacy import disable_telemetry, open_private

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
EMBED_PROVIDERS = ("local", "openai", "ollama")
# What make_embedder uses when EMBED_URL is unset (shown by Settings.remote_endpoints).
DEFAULT_EMBED_URLS = {"openai": "http://127.0.0.1:8080", "ollama": "http://127.0.0.1:11434"}


def default_data_dir() -> Path:
    """The platform's per-user data directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("docvec", appauthor=False))


def _cpu_count() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """Every tunable of the core. ``workers`` is ``WORKERS`` in settings.json/.env and
    ``DOCVEC_WORKERS`` in the environment (see :func:`setting_names`)."""

    data_dir: Path = field(default_factory=default_data_dir)
    workers: int = field(default_factory=_cpu_count)
    max_retries: int = 3
    chunk_tokens: int = 200
    chunk_overlap: int = 30
    model_dir: Path | None = None
    log_level: str = "INFO"
    chroma_host: str | None = None
    chroma_port: int = 8000
    max_file_mb: int = 200
    # ONNX Runtime takes every core unless told otherwise; leave one free for the desktop.
    embed_threads: int = field(default_factory=lambda: max(1, _cpu_count() - 1))
    # Texts per model call. Peak memory grows with it (about 14 MB per text with MiniLM: the
    # attention matrices), speed barely does on CPU: see docs/BENCHMARKS.md, embed batch size.
    embed_batch: int = 8
    extract_timeout: float = 180.0
    extract_memory_mb: int = 2048
    embed_provider: str = "local"
    embed_url: str | None = None
    embed_model: str | None = None
    embed_api_key: str | None = None
    auto_process: bool = True
    ui_language: str | None = None
    # Caps on one document's extracted text (million characters) and chunk count (ingest.py).
    max_text_mb: int = 64
    max_chunks: int = 100_000
    # Deadline of one vector-store call (components.py -> VectorStoreProcess(call_timeout=)).
    vector_timeout: float = 30.0
    # Watched folders: every folder is reconciled with the disk at start and every
    # ``watch_rescan_minutes`` (0: only at start); folders without OS events are scanned
    # every ``watch_poll_seconds``; a changed file is taken once its size and mtime have
    # not moved for ``watch_settle_seconds``.
    watch_rescan_minutes: int = 60
    watch_poll_seconds: int = 30
    watch_settle_seconds: float = 1.0
    # The local API (api/server.py): its loopback port (0: a free one), whether MCP clients
    # may change the library (off: read-only tools only), and the cap on one tool result.
    api_port: int = 0
    mcp_allow_write: bool = False
    mcp_max_chars: int = 20_000
    # OCR of scanned pages and images (extract/ocr.py): on or off, at most the first N pages
    # of a document (0: all), and the seconds one page may take (each page read extends the
    # extraction's deadline by this much, so a long scan never hits extract_timeout).
    ocr_enabled: bool = True
    ocr_max_pages: int = 0
    ocr_page_timeout: float = 60.0

    @property
    def db_path(self) -> Path:
        return self.data_dir / "docvec.db"

    @property
    def queue_path(self) -> Path:
        return self.data_dir / "queue.db"

    @property
    def chroma_path(self) -> Path:
        return self.data_dir / "chroma"

    @property
    def spool_path(self) -> Path:
        """Where a big document's extracted text waits while it is chunked (extract/spool.py)."""
        return self.data_dir / "spool"

    @property
    def ocr_cache_path(self) -> Path:
        """Text read by OCR, by content hash (extract/ocr.py), so re-processing does not OCR again."""
        return self.data_dir / "ocr-cache"

    @property
    def library_path(self) -> Path:
        return self.data_dir / "library"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "logs"

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

    def remote_endpoints(self) -> list[str]:
        """Every server outside this process that receives data; empty in local mode.

        Document text goes to the embedding service and vectors (with file names) to a
        Chroma server, so the window shows this list to the user.
        """
        endpoints = []
        if self.embed_provider != "local":
            url = self.embed_url or DEFAULT_EMBED_URLS.get(self.embed_provider, "")
            endpoints.append(f"embedding: {self.embed_provider} at {url}")
        if self.chroma_host:
            endpoints.append(f"vector store: server at {self.chroma_host}:{self.chroma_port}")
        return endpoints

    def replace(self, **changes: Any) -> "Settings":
        return dataclasses.replace(self, **changes)


def _parse_int(minimum: int, maximum: int | None = None) -> Callable[[str], int]:
    def parse(raw: str) -> int:
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected a whole number, got {raw!r}") from None
        if value < minimum or (maximum is not None and value > maximum):
            bounds = f"between {minimum} and {maximum}" if maximum is not None else f"at least {minimum}"
            raise ValueError(f"must be {bounds}, got {value}")
        return value

    return parse


def _parse_float(minimum: float) -> Callable[[str], float]:
    def parse(raw: str) -> float:
        try:
            value = float(str(raw).strip())
        except ValueError:
            raise ValueError(f"expected a number, got {raw!r}") from None
        if value < minimum:
            raise ValueError(f"must be at least {minimum}, got {value}")
        return value

    return parse


def _parse_bool(raw: str) -> bool:
    text = str(raw).strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"expected true or false, got {raw!r}")


def _parse_choice(choices: tuple[str, ...], upper: bool = False) -> Callable[[str], str]:
    def parse(raw: str) -> str:
        value = str(raw).strip()
        value = value.upper() if upper else value.lower()
        if value not in choices:
            raise ValueError(f"must be one of {', '.join(choices)}, got {raw!r}")
        return value

    return parse


def _parse_path(raw: str) -> Path:
    text = str(raw).strip()
    if not text:
        raise ValueError("must not be empty")
    return Path(text).expanduser()


def _parse_optional_str(raw: str) -> str | None:
    text = str(raw).strip()
    return text or None


# setting name -> (environment variable, parser)
_FIELDS: dict[str, tuple[str, Callable[[str], Any]]] = {
    "workers": ("WORKERS", _parse_int(1, 64)),
    "max_retries": ("MAX_RETRIES", _parse_int(0, 100)),
    "chunk_tokens": ("CHUNK_TOKENS", _parse_int(16, 254)),
    "chunk_overlap": ("CHUNK_OVERLAP", _parse_int(0, 200)),
    "model_dir": ("MODEL_DIR", _parse_path),
    "log_level": ("LOG_LEVEL", _parse_choice(LOG_LEVELS, upper=True)),
    "chroma_host": ("CHROMA_HOST", _parse_optional_str),
    "chroma_port": ("CHROMA_PORT", _parse_int(1, 65535)),
    "max_file_mb": ("MAX_FILE_MB", _parse_int(1)),
    "embed_threads": ("EMBED_THREADS", _parse_int(1, 256)),
    "embed_batch": ("EMBED_BATCH", _parse_int(1, 1024)),
    "extract_timeout": ("EXTRACT_TIMEOUT", _parse_float(1.0)),
    "extract_memory_mb": ("EXTRACT_MEMORY_MB", _parse_int(64)),
    "embed_provider": ("EMBED_PROVIDER", _parse_choice(EMBED_PROVIDERS)),
    "embed_url": ("EMBED_URL", _parse_optional_str),
    "embed_model": ("EMBED_MODEL", _parse_optional_str),
    "embed_api_key": ("EMBED_API_KEY", _parse_optional_str),
    "auto_process": ("AUTO_PROCESS", _parse_bool),
    "ui_language": ("UI_LANGUAGE", _parse_optional_str),
    "max_text_mb": ("MAX_TEXT_MB", _parse_int(1)),
    "max_chunks": ("MAX_CHUNKS", _parse_int(1)),
    "vector_timeout": ("VECTOR_TIMEOUT", _parse_float(1.0)),
    "watch_rescan_minutes": ("WATCH_RESCAN_MINUTES", _parse_int(0)),
    "watch_poll_seconds": ("WATCH_POLL_SECONDS", _parse_int(1)),
    "watch_settle_seconds": ("WATCH_SETTLE_SECONDS", _parse_float(0.05)),
    "api_port": ("API_PORT", _parse_int(0, 65535)),
    "mcp_allow_write": ("MCP_ALLOW_WRITE", _parse_bool),
    "mcp_max_chars": ("MCP_MAX_CHARS", _parse_int(1000)),
    "ocr_enabled": ("OCR_ENABLED", _parse_bool),
    "ocr_max_pages": ("OCR_MAX_PAGES", _parse_int(0)),
    "ocr_page_timeout": ("OCR_PAGE_TIMEOUT", _parse_float(1.0)),
}

DATA_DIR_ENV = "DOCVEC_DATA_DIR"
ENV_PREFIX = "DOCVEC_"
DOTENV_FILE = ".env"
_BY_VAR = {var: name for name, (var, _) in _FIELDS.items()}


def resolve_data_dir(explicit: str | os.PathLike[str] | None, environ: Mapping[str, str] | None = None) -> Path:
    """``--data-dir`` beats ``DOCVEC_DATA_DIR`` beats the platform default."""
    env = os.environ if environ is None else environ
    if explicit:
        return Path(explicit).expanduser().resolve()
    if env.get(DATA_DIR_ENV):
        return Path(env[DATA_DIR_ENV]).expanduser().resolve()
    return default_data_dir()


def read_settings_file(data_dir: Path) -> dict[str, Any]:
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return {}
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"{path} must hold a JSON object")
    return raw


def write_settings_file(data_dir: Path, values: Mapping[str, Any]) -> None:
    """Persist user-chosen settings (the settings dialog and a model switch write through
    this); a value of None removes the setting (its default applies again)."""
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    with _SETTINGS_WRITE:  # read-modify-write: two writers (dialog, model switch) never lose one
        current = read_settings_file(data_dir)
        for key, value in values.items():
            if value is None:
                current.pop(key, None)
            else:
                current[key] = str(value) if isinstance(value, Path) else value
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        tmp = data_dir / (SETTINGS_FILE + ".tmp")
        # 0600 from the first byte: the file may hold an API key.
        with os.fdopen(open_private(tmp), "w", encoding="utf-8") as fh:
            fh.write(json.dumps(current, indent=2, sort_keys=True))
        os.replace(tmp, data_dir / SETTINGS_FILE)


_SETTINGS_WRITE = threading.Lock()


def _dotenv_values(path: Path) -> dict[str, str]:
    from dotenv import dotenv_values

    if not path.is_file():
        return {}
    try:
        return {k: v for k, v in dotenv_values(path).items() if v is not None}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read {path}: {exc}") from exc


def _field_for(key: str) -> str | None:
    """The setting a file key names: ``workers``, ``WORKERS`` or ``DOCVEC_WORKERS``."""
    if key in _FIELDS:
        return key
    upper = key.upper()
    if upper.startswith(ENV_PREFIX):
        upper = upper[len(ENV_PREFIX):]
    return _BY_VAR.get(upper)


def _from_file(origin: str, raw: Mapping[str, Any], strict: bool, problems: list[str]) -> dict[str, tuple[str, Any]]:
    """Setting name -> (label for error messages, value). Unknown keys are errors when ``strict``."""
    found: dict[str, tuple[str, Any]] = {}
    for key, value in raw.items():
        name = _field_for(key)
        if name is not None:
            found[name] = (f"{key} in {origin}", value)
        elif strict:
            problems.append(f"{origin}: unknown setting {key!r}")
        else:  # a .env may be shared with other tools; say so in the log, do not fail
            log.info("%s: ignoring %s (not a docvec setting)", origin, key)
    return found


def _from_environment(env: Mapping[str, str]) -> dict[str, tuple[str, Any]]:
    found = {}
    for name, (var, _) in _FIELDS.items():
        key = ENV_PREFIX + var
        if key in env:
            found[name] = (key, env[key])
    return found


def load_settings(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build :class:`Settings` from every source; all invalid values are reported at once.

    ``dotenv_path`` defaults to ``<data dir>/.env``. Every entry point loads settings before
    it imports onnxruntime or chromadb, so this is also where telemetry is switched off.
    """
    disable_telemetry()
    env = os.environ if environ is None else environ
    directory = resolve_data_dir(data_dir, env)
    dotenv = dotenv_path if dotenv_path is not None else directory / DOTENV_FILE
    values: dict[str, Any] = {"data_dir": directory}
    problems: list[str] = []
    sources = [
        _from_file(str(directory / SETTINGS_FILE), read_settings_file(directory), True, problems),
        _from_file(str(dotenv), _dotenv_values(dotenv), False, problems),
        _from_environment(env),
    ]
    if overrides:
        given = _from_file("overrides", overrides, True, problems)
        sources.append({name: (_FIELDS[name][0], value) for name, (_, value) in given.items()})
    for source in sources:
        for name, (label, raw) in source.items():
            if raw is None:
                values[name] = None
                continue
            try:
                values[name] = _FIELDS[name][1](raw if isinstance(raw, str) else str(raw))
            except ValueError as exc:
                problems.append(f"{label}: {exc}")
    if problems:
        raise ConfigError("invalid settings: " + "; ".join(problems))
    settings = Settings(**values)
    if settings.chunk_overlap >= settings.chunk_tokens:
        raise ConfigError(
            f"invalid settings: CHUNK_OVERLAP ({settings.chunk_overlap}) must be smaller than "
            f"CHUNK_TOKENS ({settings.chunk_tokens})"
        )
    return settings


def overriding_source(data_dir: Path, name: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Where ``name`` is set by a source that wins over settings.json (the data directory's
    .env or the environment), or None: a value written to settings.json would not apply."""
    env = os.environ if environ is None else environ
    sources = [_from_file(str(data_dir / DOTENV_FILE), _dotenv_values(data_dir / DOTENV_FILE), False, []),
               _from_environment(env)]
    found = [source[name][0] for source in sources if name in source and source[name][1] is not None]
    return found[-1] if found else None


def setting_names() -> dict[str, str]:
    """Setting name -> its name in settings.json/.env (the server design's), for help texts."""
    return {name: var for name, (var, _) in _FIELDS.items()}


def environment_names() -> dict[str, str]:
    """Setting name -> the environment variable that sets it (``DOCVEC_WORKERS``)."""
    return {name: ENV_PREFIX + var for name, (var, _) in _FIELDS.items()}
