"""Pass 2's judgement: do the experiments look reproducible, and where is the code."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Static

from paperpass.models import Review


class ReviewForm(Vertical):
    """Reproducibility (yes / partly / no / free text) and the code repository link, saved as typed."""

    BINDINGS = [Binding("escape", "done", "Leave the form")]

    class Changed(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    class Left(Message):
        """The reader pressed escape in the form."""

    def __init__(self, review: Review, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="review-form")
        self._review = review

    def compose(self) -> ComposeResult:
        yield Static("Reproducible? (yes / partly / no, and why)", classes="question", markup=False)
        repro = Input(self._review.reproducibility or "", placeholder="reproducibility", id="reproducibility")
        repro.review_field = "reproducibility"
        yield repro
        yield Static("Code repository", classes="question", markup=False)
        code = Input(self._review.code_url or "", placeholder="https://github.com/...", id="code-url")
        code.review_field = "code_url"
        yield code

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = getattr(event.input, "review_field", None)
        if name is not None and event.value != (getattr(self._review, name) or ""):
            setattr(self._review, name, event.value)
            self.post_message(self.Changed(name, event.value))

    def action_done(self) -> None:
        self.post_message(self.Left())
