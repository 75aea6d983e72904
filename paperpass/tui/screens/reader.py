"""The reader: one view per pass of Keshav's method, with a notes editor beside it."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Static, TextArea


class ReaderScreen(Screen):
    """Read one paper, pass by pass (keys 1/2/3), writing notes as you go."""

    BINDINGS = [
        Binding("1", "show_pass(1)", "Pass 1"),
        Binding("2", "show_pass(2)", "Pass 2"),
        Binding("3", "show_pass(3)", "Pass 3"),
        Binding("escape", "app.pop_screen", "Back"),
    ]

    def __init__(self, paper_id: int, pass_no: int = 1, section: str | None = None) -> None:
        super().__init__()
        self.paper_id = paper_id
        self.pass_no = pass_no
        self.section = section

    def _home(self) -> Path | None:
        return getattr(self.app, "home", None)

    def compose(self) -> ComposeResult:
        from paperpass.store import open_library
        from paperpass.store.papers import get_paper

        conn = open_library(self._home())
        try:
            paper = get_paper(conn, self.paper_id)
        finally:
            conn.close()
        yield Header()
        with Horizontal():
            with VerticalScroll(id="pass-view"):
                yield Static(paper.title, markup=False, id="title")
                yield Static(paper.abstract, markup=False, id="abstract")
            yield TextArea(id="notes")
        yield Footer()

    def action_show_pass(self, pass_no: int) -> None:
        self.pass_no = pass_no
