"""The checklist of one pass (Keshav's steps), each step a checkbox."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Checkbox, Static

from paperpass.reading import PASS_STEPS


class PassChecklist(Vertical):
    """The steps of one pass; toggling one posts `PassChecklist.Toggled` (space or enter toggles)."""

    class Toggled(Message):
        def __init__(self, pass_no: int, step: str, done: bool) -> None:
            super().__init__()
            self.pass_no = pass_no
            self.step = step
            self.done = done

    def __init__(self, pass_no: int, done: dict[str, bool] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="checklist")
        self.pass_no = pass_no
        self._done = done or {}
        self._steps: dict[str, str] = {}  # checkbox id -> its step

    def compose(self) -> ComposeResult:
        yield Static(f"Checklist, pass {self.pass_no}", classes="heading", markup=False)
        for step, label in PASS_STEPS[self.pass_no]:
            box_id = f"step-{self.pass_no}-{step}"
            self._steps[box_id] = step
            yield Checkbox(label, bool(self._done.get(step)), id=box_id)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.post_message(self.Toggled(self.pass_no, self._steps[event.checkbox.id or ""], event.value))
