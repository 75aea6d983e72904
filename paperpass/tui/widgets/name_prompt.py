"""Small modal dialogs: ask for a name, or pick one of a few choices."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from paperpass.errors import PaperpassError

if TYPE_CHECKING:
    from paperpass.tui.app import PaperpassApp


class NamePrompt(ModalScreen[str | None]):
    """Ask for one line of text; dismisses with it, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, placeholder: str = "") -> None:
        super().__init__()
        self.question = question
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question))
            yield Input(placeholder=self.placeholder, id="answer")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoicePrompt(ModalScreen[str | None]):
    """Pick one of a list of names; dismisses with it, or None on escape."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, choices: list[str]) -> None:
        super().__init__()
        self.question = question
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Text(self.question))
            yield OptionList(*[Option(Text(c), id=str(i)) for i, c in enumerate(self.choices)], id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


def add_to_list_flow(app: PaperpassApp, paper_id: int, title: str,
                     on_done: Callable[[], None] | None = None) -> None:
    """Ask which of the user's lists (or a new one) gets the paper, then add it."""
    library = app.library
    new = "+ a new list…"
    names = [lst.name for lst in app.guarded(library.lists) or [] if lst.kind == "user"]

    def add(name: str | None) -> None:
        if not name:
            return
        try:
            library.add_to_list(name, paper_id)
        except PaperpassError as exc:
            app.notify_error(exc)
            return
        app.notify(f"added to {name}: {title[:60]}", markup=False)
        if on_done:
            on_done()

    def chosen(name: str | None) -> None:
        if name == new:
            app.push_screen(NamePrompt("Name of the new reading list:"), created)
        else:
            add(name)

    def created(name: str | None) -> None:
        if name and app.guarded(library.create_list, name):
            add(name)

    if names:
        app.push_screen(ChoicePrompt(f"Add to which list?  {title[:50]}", [*names, new]), chosen)
    else:
        app.push_screen(NamePrompt("You have no lists yet. Name of the new list:"), created)

