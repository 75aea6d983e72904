"""Pass 2's judgement: do the experiments look reproducible, and where is the code."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from paperpass.models import Review
from paperpass.tui.widgets.field_form import FieldForm


class ReviewForm(FieldForm):
    """Reproducibility (yes / partly / no / free text) and the code repository link, saved as typed."""

    class Changed(FieldForm.Changed):
        """The reproducibility judgement or the code link changed."""

    class Left(FieldForm.Left):
        """The reader pressed escape in the form."""

    def __init__(self, review: Review, *, id: str | None = None) -> None:
        super().__init__(review, id=id, classes="review-form")

    def compose(self) -> ComposeResult:
        yield Static("Reproducible? (yes / partly / no, and why)", classes="question", markup=False)
        yield self.field_input("reproducibility", placeholder="reproducibility", id="reproducibility")
        yield Static("Code repository", classes="question", markup=False)
        yield self.field_input("code_url", placeholder="https://github.com/...", id="code-url")
