"""Where paperpass keeps its data, and the user's settings file.

The data directory is `PAPERPASS_HOME` when set, else the platform's user data
dir (platformdirs). The settings live in `config.toml` inside it.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path

from paperpass.errors import InvalidInput, StoreError

APP_NAME = "paperpass"
DB_FILENAME = "paperpass.db"
CONFIG_FILENAME = "config.toml"
DEFAULT_ARXIV_API = "https://export.arxiv.org/api/query"
DEFAULT_MODEL = "all-MiniLM-L6-v2"


def data_dir() -> Path:
    """The user's data directory (not created here)."""
    override = os.environ.get("PAPERPASS_HOME")
    if override:
        return Path(override).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def ensure_data_dir(path: Path | None = None) -> Path:
    """Create the data directory if needed and check it is writable."""
    path = path or data_dir()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create data directory {path}: {exc.strerror or exc}") from exc
    if not path.is_dir():
        raise StoreError(f"data directory {path} is not a directory")
    if not os.access(path, os.R_OK | os.W_OK | os.X_OK):
        raise StoreError(f"data directory {path} is not readable and writable by you")
    return path


def demo_dir() -> Path:
    """The library `paperpass demo` opens: beside the user's, never mixed with it."""
    return data_dir() / "demo"


def arxiv_api_url() -> str:
    return os.environ.get("PAPERPASS_ARXIV_API") or DEFAULT_ARXIV_API


def resource_dir(name: str) -> Path:
    """A bundled top-level folder of the project (seeds/, data/).

    Wheels carry them inside the package; an editable install reads them from
    the repository beside the package.
    """
    here = Path(__file__).resolve().parent
    for candidate in (here / name, here.parent / name):
        if candidate.is_dir():
            return candidate
    raise StoreError(f"paperpass is installed without its {name}/ folder; reinstall it")


@dataclass
class Settings:
    """The user's settings (config.toml in the data directory)."""

    categories: list[str] = field(default_factory=list)  # arXiv categories ingested by `paperpass ingest`
    queries: list[str] = field(default_factory=list)  # arXiv API queries
    feeds: list[str] = field(default_factory=list)  # RSS/Atom feed URLs
    follow: list[str] = field(default_factory=list)  # authors whose new arXiv papers `paperpass ingest` pulls
    days: int = 7
    max_results: int = 500
    interests: list[str] = field(default_factory=list)  # keywords for cold-start triage
    model: str = DEFAULT_MODEL
    arxiv_delay_seconds: float = 3.0
    pdf_max_mb: int = 50
    download_pdfs: bool = False


def load_settings(path: Path | None = None) -> Settings:
    path = path or data_dir() / CONFIG_FILENAME
    if not path.exists():
        return Settings()
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read settings file {path}: {exc}") from exc
    known = {f.name: f for f in fields(Settings)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise InvalidInput(f"settings file {path} has unknown keys: {', '.join(unknown)}")
    defaults = Settings()
    for key, value in raw.items():
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int):
            value = float(value)
        if not isinstance(value, expected):
            raise InvalidInput(f"settings file {path}: {key} should be a {expected.__name__}")
    return Settings(**raw)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write config.toml atomically (a crash leaves the old file)."""
    path = path or ensure_data_dir() / CONFIG_FILENAME
    lines = []
    for f in fields(Settings):
        lines.append(f"{f.name} = {_toml_value(getattr(settings, f.name))}")
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text("\n".join(lines) + "\n", encoding="utf-8")
    os.replace(tmp, path)
    return path


def _toml_value(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # a JSON string is a valid TOML basic string
    return "[" + ", ".join(_toml_value(v) for v in value) + "]"
