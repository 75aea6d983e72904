"""Ask before doing something that takes things away: y (or enter) goes ahead, n (or escape) does not."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, Static


class ConfirmDialog(ModalScreen[bool]):
    """A question, what it means, and the two keys; dismisses with True only on y or enter."""

    BINDINGS = [
        Binding("y,enter", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    def __init__(self, question: str, details: str, yes: str = "yes", no: str = "keep it") -> None:
        super().__init__()
        self.question = question
        self.details = details
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="confirm-dialog"):
            yield Label(Text(self.question, style="bold"))
            yield Static(Text(self.details), id="confirm-details")
            yield Static(Text(f"y or enter: {self.yes} · n or escape: {self.no}", style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
