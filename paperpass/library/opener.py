"""Opening a link (a paper's source, a discussion thread) in the user's browser.

The system's opener (`open` on macOS, `xdg-open` elsewhere) is started detached; when there is
none, or it fails to start, `open_url` says so and the caller shows the URL instead (the CLI prints
it, the TUI puts it in a notification and on the clipboard). Only http(s) links are ever opened.
"""

from __future__ import annotations

import shutil
from urllib.parse import urlsplit

from paperpass.errors import InvalidInput
from paperpass.library.viewer import start_detached, system_opener


def opener_command(url: str) -> list[str] | None:
    """The command that opens `url` in the user's browser, or None when this system has no opener."""
    exe = shutil.which(system_opener())
    return [exe, url] if exe else None


def launch(command: list[str]) -> None:
    """Start the opener without waiting for it (tests replace this)."""
    start_detached(command)


def open_url(url: str) -> bool:
    """Open an http(s) link; False when no opener works (show the URL instead). InvalidInput for other links."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise InvalidInput(f"only http(s) links are opened, not {url[:80]!r}")
    command = opener_command(url)
    if command is None:
        return False
    try:
        launch(command)
    except OSError:
        return False
    return True
