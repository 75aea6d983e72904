"""The notes editor of one pass: saves as you type (debounced), with a "saved" indicator.

The editor never writes to the store itself: it posts `NotesEditor.Save` and the
screen that owns the paper persists the text, then calls `mark_saved`.
"""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

SAVE_DELAY = 0.7  # seconds after the last keystroke


class NotesEditor(Vertical):
    """A TextArea for one pass's notes and a line saying whether they are saved."""

    BINDINGS = [
        Binding("escape", "leave", "Leave notes", show=True),
        Binding("ctrl+s", "save", "Save notes", show=False),
    ]

    class Save(Message):
        """The reader asked (or the debounce decided) to store this pass's notes."""

        def __init__(self, editor: NotesEditor, pass_no: int, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.pass_no = pass_no
            self.text = text

    class Left(Message):
        """The reader pressed escape to get out of the editor."""

    def __init__(self, pass_no: int, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="notes-editor")
        self.pass_no = pass_no
        self._saved_text = text
        self._initial = text
        self._timer: Timer | None = None
        # Kept by reference: the text is still readable while the app tears the screen down.
        self._area = TextArea(text, soft_wrap=True, show_line_numbers=False, tab_behavior="indent",
                              id=f"notes-text-{pass_no}", classes="notes-text")
        self._status_line = Static("saved" if text else "empty", classes="notes-status", markup=False)

    def compose(self) -> ComposeResult:
        yield Static(f"Notes, pass {self.pass_no}", classes="notes-title", markup=False)
        yield self._area
        yield self._status_line

    @property
    def text(self) -> str:
        return self._area.text

    @property
    def dirty(self) -> bool:
        return self.text != self._saved_text

    def focus_text(self) -> None:
        self._area.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if not self.dirty:
            return
        self._status("editing…")
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self._request_save)

    def _request_save(self) -> None:
        self._timer = None
        if self.dirty:
            self.post_message(self.Save(self, self.pass_no, self.text))

    def take_unsaved(self) -> str | None:
        """The text to store now (leaving or quitting), or None when nothing changed; cancels the debounce."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        return self.text if self.dirty else None

    def mark_saved(self, text: str) -> None:
        self._saved_text = text
        self._status(f"saved {datetime.now():%H:%M:%S}" if not self.dirty else "editing…")

    def mark_failed(self, reason: str) -> None:
        self._status(f"NOT SAVED: {reason}")

    def _status(self, text: str) -> None:
        self._status_line.update(text)

    def action_save(self) -> None:
        text = self.take_unsaved()
        if text is not None:
            self.post_message(self.Save(self, self.pass_no, text))

    def action_leave(self) -> None:
        self.post_message(self.Left())
