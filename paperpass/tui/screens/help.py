"""Help: the keys of the screen it was opened on, generated from what is bound there (never hand-written)."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from paperpass.tui.keys import help_sections


class HelpScreen(ModalScreen):
    """Every key of one screen: its own, its widgets', and the app's that reach the app from it."""

    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close help")]

    def __init__(self, screen: Screen) -> None:
        super().__init__()
        self.for_screen = screen

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body", classes="dialog"):
            yield Static(Text("paperpass: keys", style="bold"))
            for title, rows in help_sections(self.for_screen):
                table = Table(title=title, title_justify="left", title_style="bold cyan", show_header=False,
                              box=None, padding=(0, 2))
                table.add_column("key", style="yellow", no_wrap=True)
                table.add_column("does")
                for bindings, description in rows:
                    keys = " / ".join(self.app.get_key_display(b) for b in bindings)
                    table.add_row(Text(keys), Text(description))
                yield Static(table)
            yield Static(Text("escape closes this help", style="dim"))
