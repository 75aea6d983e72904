"""Start the Textual app (the CLI's one entry into the TUI)."""

from __future__ import annotations


def run_app(*, demo: bool = False) -> None:
    # Textual and the screens load only when the TUI starts, so `paperpass --help` stays fast.
    from paperpass.tui.app import PaperpassApp
    from paperpass.tui.widgets.figures import detect_graphics

    detect_graphics()  # the terminal answers what it can draw only before the app takes it over
    PaperpassApp(demo=demo).run()
