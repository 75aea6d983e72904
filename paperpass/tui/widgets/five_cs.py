"""Keshav's five Cs at the end of pass 1: one field per question, saved as typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from paperpass.models import FIVE_CS, FiveCs
from paperpass.reading import FIVE_CS_QUESTIONS


class FiveCsForm(Vertical):
    """Category, context, correctness, contributions, clarity; every change posts `FiveCsForm.Changed`."""

    BINDINGS = [Binding("escape", "done", "Leave the form")]

    class Changed(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    class Left(Message):
        """The reader pressed escape in the form."""

    def __init__(self, answers: FiveCs, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="five-cs")
        self._answers = answers

    def compose(self) -> ComposeResult:
        yield Static("The five Cs", classes="heading", markup=False)
        for name in FIVE_CS:
            yield Static(FIVE_CS_QUESTIONS[name], classes="question", markup=False)
            field = Input(getattr(self._answers, name) or "", placeholder=name, id=f"c-{name}")
            field.five_c = name
            yield field

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = getattr(event.input, "five_c", None)
        if name is not None and event.value != (getattr(self._answers, name) or ""):
            setattr(self._answers, name, event.value)
            self.post_message(self.Changed(name, event.value))

    def action_done(self) -> None:
        self.post_message(self.Left())
