"""The Textual TUI. `run_app` is the only entry point the CLI uses; this package only re-exports it."""

from __future__ import annotations

from paperpass.tui.run import run_app

__all__ = ["run_app"]
