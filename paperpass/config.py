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
from paperpass.ids import is_arxiv_category

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
    """The user's settings (config.toml in the data directory); SETTING_HELP says what each one does."""

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
    pdf_viewer: str = ""  # a command with {path} and {page}; empty: the platform's viewers, in turn
    review_dir: str = ""  # where the dashboard writes weekly reviews (an Obsidian vault's folder, say)
    review_wikilinks: bool = False  # titles in the weekly review as [[wikilinks]]


SETTING_HELP: dict[str, str] = {
    "categories": 'arXiv categories `paperpass ingest` pulls, e.g. ["cs.LG", "cs.CV"]',
    "queries": 'arXiv API search queries it also runs, e.g. ["ti:diffusion AND cat:cs.CV"]',
    "feeds": "RSS/Atom feed URLs (or files) it also reads",
    "follow": "people whose new arXiv papers it pulls (`paperpass follow NAME` adds one)",
    "days": "how many days back an ingest looks (1-365)",
    "max_results": "at most this many papers per arXiv source (1-30000)",
    "interests": "keywords that rank triage before you have kept or noted anything",
    "model": "the sentence-embedding model of the search index",
    "arxiv_delay_seconds": "seconds between arXiv API calls (arXiv asks for 3; 0-60)",
    "pdf_max_mb": "largest PDF to download, in MB (1-1000)",
    "download_pdfs": "also download each ingested paper's PDF (true/false)",
    "pdf_viewer": ('command opening a PDF at a page, with {path} and {page}, e.g. "zathura --page={page} {path}"; '
                   "empty: zathura, evince, okular, sioyek, mupdf, then xdg-open (open on macOS)"),
    "review_dir": ("folder the weekly reviews go to (a journal or an Obsidian vault); "
                   "empty: reviews/ in the data directory"),
    "review_wikilinks": "write the titles in weekly reviews as [[wikilinks]] (true/false)",
}
_RANGES: dict[str, tuple[float, float]] = {
    "days": (1, 365), "max_results": (1, 30000), "arxiv_delay_seconds": (0, 60), "pdf_max_mb": (1, 1000),
}
# Settings read from the environment rather than config.toml: (shown as, variable, what it is by default).
ENV_SETTINGS: tuple[tuple[str, str, str], ...] = (
    ("data_dir", "PAPERPASS_HOME", "the platform's user data directory"),
    ("arxiv_api", "PAPERPASS_ARXIV_API", DEFAULT_ARXIV_API),
    ("arxiv_pdf", "PAPERPASS_ARXIV_PDF", "https://arxiv.org/pdf/<id>"),
    ("embed_backend", "PAPERPASS_EMBED_BACKEND", "onnx when onnxruntime is installed, else torch"),
)


def config_path(home: Path | None = None) -> Path:
    return (home or data_dir()) / CONFIG_FILENAME


def settings_problems(raw: dict) -> list[str]:
    """What is wrong with a settings table, one `key: problem` per bad key (unknown key, type, range)."""
    known = {f.name: f for f in fields(Settings)}
    defaults = Settings()
    problems = []
    for key, value in raw.items():
        if key not in known:
            problems.append(f"{key}: unknown setting (known: {', '.join(known)})")
            continue
        expected = type(getattr(defaults, key))
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if (isinstance(value, bool) and expected is not bool) or not isinstance(value, expected):
            problems.append(f"{key}: should be {_kind(expected)}, not {_toml_value_or_type(value)}")
            continue
        if expected is list and not all(isinstance(item, str) and item.strip() for item in value):
            problems.append(f"{key}: should be a list of non-empty strings")
            continue
        if key in _RANGES:
            low, high = _RANGES[key]
            if not low <= value <= high:
                problems.append(f"{key}: {value} is out of range ({low:g}-{high:g})")
        if key == "categories" and (bad := [c for c in value if not is_arxiv_category(c.strip())]):
            problems.append(f"categories: {', '.join(bad)} "
                            f"{'is not an arXiv category' if len(bad) == 1 else 'are not arXiv categories'}"
                            " (like cs.LG or hep-th)")
        if key == "model" and not value.strip():
            problems.append("model: cannot be empty")
        if key == "pdf_viewer" and value.strip():
            problem = viewer_template_problem(value)
            if problem:
                problems.append(f"pdf_viewer: {problem}")
    return problems


def viewer_template_problem(template: str) -> str | None:
    """Why a pdf_viewer command cannot be used, or None: it must split like a shell line and name {path};
    {page} is the only other placeholder."""
    import shlex
    import string

    try:
        words = shlex.split(template)
    except ValueError as exc:
        return f"cannot split {template!r} into words ({exc})"
    names = set()
    try:
        for word in words:
            names |= {name for _, name, _, _ in string.Formatter().parse(word) if name is not None}
    except ValueError as exc:
        return f"bad placeholder in {template!r} ({exc})"
    if "path" not in names:
        return f"{template!r} does not say where the file goes: put {{path}} in it"
    if other := sorted(names - {"path", "page"}):
        return f"{template!r} has placeholders other than {{path}} and {{page}}: {', '.join(other)}"
    return None


def _kind(expected: type) -> str:
    return {list: "a list of strings", str: "a string", int: "a whole number", float: "a number",
            bool: "true or false"}.get(expected, expected.__name__)


def _toml_value_or_type(value) -> str:
    try:
        return _toml_value(value)
    except TypeError:
        return type(value).__name__


def read_settings_file(path: Path) -> dict:
    """The raw table in a settings file ({} when there is none); InvalidInput when it cannot be read."""
    if not path.exists():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InvalidInput(f"cannot read settings file {path}: {exc}") from exc


def load_settings(path: Path | None = None) -> Settings:
    """The settings in force: config.toml's values over the defaults; InvalidInput names every bad key,
    one line each."""
    path = path or config_path()
    raw = read_settings_file(path)
    problems = settings_problems(raw)
    if problems:
        raise InvalidInput("\n".join(f"settings file {path}: {p}" for p in problems))
    defaults = Settings()
    for key, value in raw.items():
        if isinstance(getattr(defaults, key), float):
            raw[key] = float(value)
    return Settings(**raw)


def save_settings(settings: Settings, path: Path | None = None) -> Path:
    """Write config.toml atomically (a crash leaves the old file), every key with its comment.
    InvalidInput, and nothing written, when a value is bad."""
    values = {f.name: getattr(settings, f.name) for f in fields(Settings)}
    problems = settings_problems(values)
    if problems:
        raise InvalidInput("\n".join(f"setting {p}" for p in problems))
    path = path or config_path(ensure_data_dir())
    tmp = path.with_suffix(".toml.tmp")
    tmp.write_text(render_settings(settings), encoding="utf-8")
    os.replace(tmp, path)
    return path


def render_settings(settings: Settings) -> str:
    """config.toml's text for these settings: a header, then each key under a comment saying what it does."""
    lines = ["# paperpass settings. `paperpass config` shows what is in force and where each value comes from.",
             "# A key left out takes its default; PAPERPASS_HOME, PAPERPASS_ARXIV_API, PAPERPASS_ARXIV_PDF and",
             "# PAPERPASS_EMBED_BACKEND are read from the environment.", ""]
    for f in fields(Settings):
        lines.append(f"# {SETTING_HELP[f.name]}")
        lines.append(f"{f.name} = {_toml_value(getattr(settings, f.name))}")
        lines.append("")
    return "\n".join(lines)


def init_settings(path: Path | None = None, *, force: bool = False) -> Path:
    """Write a commented config.toml with the defaults; never over an existing one unless `force`."""
    path = path or config_path(ensure_data_dir())
    if path.exists() and not force:
        raise InvalidInput(f"{path} already exists; `paperpass config init --force` replaces it with the defaults")
    return save_settings(Settings(), path)


def settings_in_force(path: Path | None = None) -> list[tuple[str, object, str]]:
    """(name, value, where it comes from) for every setting: "default", the config.toml path, or an
    environment variable."""
    path = path or config_path()
    raw = read_settings_file(path)
    settings = load_settings(path)
    out: list[tuple[str, object, str]] = []
    for env_name, variable, default in ENV_SETTINGS:
        value = os.environ.get(variable)
        if env_name == "data_dir":
            out.append((env_name, str(data_dir()), variable if value else "default"))
        else:
            out.append((env_name, value or default, variable if value else "default"))
    for f in fields(Settings):
        out.append((f.name, getattr(settings, f.name), str(path) if f.name in raw else "default"))
    return out


def _toml_value(value) -> str:
    import json

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid TOML basic string
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")
