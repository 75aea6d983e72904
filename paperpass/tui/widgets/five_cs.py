"""Keshav's five Cs at the end of pass 1: one field per question, saved as typed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from paperpass.models import FIVE_CS, FiveCs
from paperpass.reading import FIVE_CS_QUESTIONS
from paperpass.tui.widgets.field_form import FieldForm


class FiveCsForm(FieldForm):
    """Category, context, correctness, contributions, clarity; every change posts `FiveCsForm.Changed`."""

    class Changed(FieldForm.Changed):
        """One answer changed."""

    class Left(FieldForm.Left):
        """The reader pressed escape in the form."""

    def __init__(self, answers: FiveCs, *, id: str | None = None) -> None:
        super().__init__(answers, id=id, classes="five-cs")

    def compose(self) -> ComposeResult:
        yield Static("The five Cs", classes="heading", markup=False)
        for name in FIVE_CS:
            yield Static(FIVE_CS_QUESTIONS[name], classes="question", markup=False)
            yield self.field_input(name, placeholder=name, id=f"c-{name}")
