"""Opening a PDF at a page in the user's viewer.

The `pdf_viewer` setting (config.toml) is a command with {path} and {page}; without it the platform's
viewers are tried in turn: on Linux and the BSDs those that can open at a page (zathura, evince, okular,
sioyek, mupdf), then xdg-open; `open` on macOS; `start` on Windows. The viewer runs detached (its own
session, no terminal). When nothing can open the file, PaperpassError's one line names the file and the
page, so the user can open it themselves.
"""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from paperpass.errors import PaperpassError

# Viewers that can open a PDF at a given page (1-based), with how to ask them to.
PAGE_VIEWERS: tuple[str, ...] = (
    "zathura --page={page} {path}",
    "evince --page-index={page} {path}",
    "okular --page {page} {path}",
    "sioyek --page {page} {path}",
    "mupdf {path} {page}",
)
QUICK_FAILURE_SECONDS = 0.3  # a viewer that exits with an error this fast did not open the file


def system_opener(platform: str | None = None) -> str:
    """The command that opens a file or a link with the desktop's choice of program (macOS: open)."""
    return "open" if (platform or sys.platform) == "darwin" else "xdg-open"


def default_viewers(platform: str | None = None) -> list[str]:
    """The commands tried, in order, when `pdf_viewer` is not set."""
    platform = platform or sys.platform
    if platform == "darwin":
        return [f"{system_opener(platform)} {{path}}"]
    if platform.startswith("win"):
        return ['cmd /c start "" {path}']
    return [*PAGE_VIEWERS, f"{system_opener(platform)} {{path}}"]


def viewer_command(template: str, path: str, page: int) -> list[str]:
    """The argument list of a viewer command for this file and page (placeholders filled word by word, so
    a path with spaces stays one argument)."""
    return [word.format(path=path, page=page) for word in shlex.split(template)]


def open_pdf(path: str, page: int | None = None, *, configured: str = "") -> str:
    """Open `path` at `page` (1 when None) in the configured viewer, else the first default that starts;
    the command run, as a shell line. PaperpassError naming the file and page when none could."""
    page = page if page and page > 0 else 1
    if not Path(path).is_file():
        raise PaperpassError(f"the PDF file {path} is missing (page {page}); `paperpass doctor` lists missing PDFs")
    templates = [configured] if configured.strip() else default_viewers()
    tried = []
    for template in templates:
        command = viewer_command(template, path, page)
        if not command:
            continue
        exe = shutil.which(command[0])
        if exe is None:
            tried.append(command[0])
            continue
        if _launch([exe, *command[1:]]):
            return shlex.join(command)
        tried.append(command[0])
    where = "your pdf_viewer setting" if configured.strip() else "no PDF viewer found"
    detail = f" ({where}: {', '.join(tried)} did not start)" if configured.strip() else f" ({where})"
    raise PaperpassError(f"could not open the PDF{detail}: open {path} at page {page} yourself, or set "
                         "pdf_viewer in config.toml, e.g. \"zathura --page={page} {path}\"")


def start_detached(command: list[str]) -> subprocess.Popen:
    """Start a program in its own session, without a terminal, and do not wait for it (OSError if it cannot)."""
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)


def _launch(command: list[str]) -> bool:
    """Start the viewer detached; False when it cannot start or exits with an error at once."""
    try:
        process = start_detached(command)
    except OSError:
        return False
    try:
        code = process.wait(timeout=QUICK_FAILURE_SECONDS)
    except subprocess.TimeoutExpired:
        return True  # still running: the viewer window is up
    return code == 0  # openers such as xdg-open hand the file on and exit 0
