"""A form of text fields over one record, saved as typed: the five Cs and pass 2's review are two."""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input


class ProseInput(Input):
    """A one-line answer: a pasted paragraph keeps all its lines, joined by spaces (Textual's Input keeps only
    the first line, and the rest of what was pasted was lost)."""

    def joined(self, text: str) -> str:
        """The pasted text as one line."""
        return " ".join(line.strip() for line in text.splitlines() if line.strip())

    def _on_paste(self, event: events.Paste) -> None:
        text = self.joined(event.text)
        if text:
            if self.selection.is_empty:
                self.insert_text_at_cursor(text)
            else:
                self.replace(text, *self.selection)
        event.prevent_default()  # not Input's own paste (its first line) as well
        event.stop()


class ListInput(ProseInput):
    """A comma-separated list on one line (the settings' interests): each pasted line is an item of its own,
    so two lines never merge into one item (a comma ending a line is not doubled)."""

    def joined(self, text: str) -> str:
        items = (line.strip().strip(",").strip() for line in text.splitlines())
        return ", ".join(item for item in items if item)


class FieldForm(Vertical):
    """Inputs made with `field_input` post `Changed(field, value)` when they change; escape posts `Left`.

    Subclasses declare their own `Changed` and `Left` (subclassing these) so that each form keeps its
    handler names (`on_five_cs_form_changed`, `on_review_form_changed`).
    """

    BINDINGS = [Binding("escape", "done", "Leave the form")]

    class Changed(Message):
        def __init__(self, field: str, value: str) -> None:
            super().__init__()
            self.field = field
            self.value = value

    class Left(Message):
        """The reader pressed escape in the form."""

    def __init__(self, record, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._record = record
        self._fields: dict[str, str] = {}  # input id -> the record's field it edits

    def field_input(self, field: str, *, placeholder: str, id: str) -> Input:
        """An input showing the record's `field`, tagged so its changes are saved to that field."""
        box = ProseInput(getattr(self._record, field) or "", placeholder=placeholder, id=id)
        self._fields[id] = field
        return box

    def on_input_changed(self, event: Input.Changed) -> None:
        event.stop()
        name = self._fields.get(event.input.id or "")
        if name is not None and event.value != (getattr(self._record, name) or ""):
            setattr(self._record, name, event.value)
            self.post_message(self.Changed(name, event.value))

    def action_done(self) -> None:
        self.post_message(self.Left())
