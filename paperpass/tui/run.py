"""The Textual TUI. `run_app` is the only entry point the CLI uses."""

from __future__ import annotations


def run_app(*, demo: bool = False) -> None:
    from paperpass.tui.app import PaperpassApp

    PaperpassApp(demo=demo).run()
