"""Settings: defaults, then ``settings.json`` in the data dir, then environment variables,
then ``.env`` for variables the environment does not set (the environment wins).

Names from the original server design are kept (``CHROMA_HOST``, ``CHROMA_PORT``,
``WORKERS``, ``MAX_RETRIES``, ...), so an existing deployment's configuration still applies.
"""
from __future__ import annotations

import dataclasses
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Mapping

from docvec_gui.core.errors import ConfigError

SETTINGS_FILE = "settings.json"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
EMBED_PROVIDERS = ("local", "openai", "ollama")


def default_data_dir() -> Path:
    """The platform's per-user data directory (platformdirs)."""
    import platformdirs

    return Path(platformdirs.user_data_dir("docvec", appauthor=False))


def _cpu_count() -> int:
    return os.cpu_count() or 1


@dataclass(frozen=True)
class Settings:
    """Every tunable of the core. Field names map to upper-case environment variables."""

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
    embed_batch: int = 32
    extract_timeout: float = 180.0
    extract_memory_mb: int = 2048
    embed_provider: str = "local"
    embed_url: str | None = None
    embed_model: str | None = None
    embed_api_key: str | None = None
    auto_process: bool = True
    ui_language: str | None = None

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
    def library_path(self) -> Path:
        return self.data_dir / "library"

    @property
    def log_path(self) -> Path:
        return self.data_dir / "logs"

    @property
    def max_file_bytes(self) -> int:
        return self.max_file_mb * 1024 * 1024

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
}

DATA_DIR_ENV = "DOCVEC_DATA_DIR"


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
    """Persist user-chosen settings (the settings dialog writes through this)."""
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ConfigError(f"unknown settings: {', '.join(sorted(unknown))}")
    current = read_settings_file(data_dir)
    current.update({k: (str(v) if isinstance(v, Path) else v) for k, v in values.items()})
    data_dir.mkdir(parents=True, exist_ok=True)
    tmp = data_dir / (SETTINGS_FILE + ".tmp")
    tmp.write_text(json.dumps(current, indent=2, sort_keys=True), encoding="utf-8")
    os.replace(tmp, data_dir / SETTINGS_FILE)


def _dotenv_values(dotenv_path: Path | None) -> dict[str, str]:
    from dotenv import dotenv_values

    path = dotenv_path if dotenv_path is not None else Path.cwd() / ".env"
    if not path.is_file():
        return {}
    return {k: v for k, v in dotenv_values(path).items() if v is not None}


def load_settings(
    data_dir: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    dotenv_path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Build :class:`Settings` from every source; all invalid values are reported at once."""
    env = dict(os.environ if environ is None else environ)
    for key, value in _dotenv_values(dotenv_path).items():
        env.setdefault(key, value)  # the real environment wins over .env
    directory = resolve_data_dir(data_dir, env)
    values: dict[str, Any] = {"data_dir": directory}
    problems: list[str] = []
    sources: list[tuple[str, Mapping[str, Any]]] = [
        (f"{directory / SETTINGS_FILE}", read_settings_file(directory)),
    ]
    env_values = {name: env[var] for name, (var, _) in _FIELDS.items() if var in env}
    sources.append(("environment", env_values))
    if overrides:
        sources.append(("overrides", overrides))
    for origin, source in sources:
        for name, raw in source.items():
            if name not in _FIELDS:
                problems.append(f"{origin}: unknown setting {name!r}")
                continue
            var, parse = _FIELDS[name]
            if raw is None:
                values[name] = None
                continue
            try:
                values[name] = parse(raw if isinstance(raw, str) else str(raw))
            except ValueError as exc:
                problems.append(f"{var}: {exc}")
    if problems:
        raise ConfigError("invalid settings: " + "; ".join(problems))
    settings = Settings(**values)
    if settings.chunk_overlap >= settings.chunk_tokens:
        raise ConfigError(
            f"invalid settings: CHUNK_OVERLAP ({settings.chunk_overlap}) must be smaller than "
            f"CHUNK_TOKENS ({settings.chunk_tokens})"
        )
    return settings


def setting_names() -> dict[str, str]:
    """Setting name -> environment variable, for help texts and the settings dialog."""
    return {name: var for name, (var, _) in _FIELDS.items()}
