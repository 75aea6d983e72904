"""The notes editor of one pass: every note of the pass (newest first), one edited at a time,
saved as you type (debounced), with a "saved" indicator.

The editor never writes to the store itself: it posts `NotesEditor.Save` and the
screen that owns the paper persists the text, then calls `mark_saved`. Saves of
one editing burst (until the editor is left, or another note is shown) are
flagged `in_burst`, so the store keeps one history version per burst.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Static, TextArea

from paperpass.models import Note

SAVE_DELAY = 0.7  # seconds after the last keystroke


@dataclass
class _Shown:
    note_id: int | None  # None: a new note, not stored until it has text
    text: str


class NotesEditor(Vertical):
    """A TextArea for one note of a pass, a line naming which note it is, and whether it is saved."""

    BINDINGS = [
        Binding("escape", "leave", "Leave notes", show=True),
        Binding("ctrl+s", "save", "Save notes", show=False),
    ]

    class Save(Message):
        """The reader asked (or the debounce decided) to store the note being edited."""

        def __init__(self, editor: NotesEditor, pass_no: int, text: str) -> None:
            super().__init__()
            self.editor = editor
            self.pass_no = pass_no
            self.text = text

    class Left(Message):
        """The reader pressed escape to get out of the editor."""

    def __init__(self, pass_no: int, notes: list[Note] | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="notes-editor")
        self.pass_no = pass_no
        # Newest first; an empty pass starts on a new note.
        self._notes = [_Shown(n.id, n.text) for n in sorted(notes or [], key=lambda n: n.id or 0, reverse=True)]
        if not self._notes:
            self._notes = [_Shown(None, "")]
        self._index = 0
        text = self._notes[0].text
        self._saved_text = text
        self.in_burst = False
        self._left = True  # the editor does not have the focus: a save ends the burst
        self._timer: Timer | None = None
        # Kept by reference: the text is still readable while the app tears the screen down.
        # An empty note says how to write one: on the reader's screen letters are keys (d drops the paper).
        self._area = TextArea(text, soft_wrap=True, show_line_numbers=False, tab_behavior="indent",
                              placeholder="n to write a note; esc when done",
                              id=f"notes-text-{pass_no}", classes="notes-text")
        self._title = Static("", classes="notes-title", markup=False)
        self._status_line = Static("saved" if text else "empty", classes="notes-status", markup=False)

    def compose(self) -> ComposeResult:
        yield self._title
        yield self._area
        yield self._status_line

    def on_mount(self) -> None:
        self._show_title()
        self._area.move_cursor(self._area.document.end)

    # -- which note ---------------------------------------------------------------------

    @property
    def note_id(self) -> int | None:
        return self._notes[self._index].note_id

    @property
    def count(self) -> int:
        return len(self._notes)

    @property
    def index(self) -> int:
        return self._index

    def _show_title(self) -> None:
        title = f"Notes, pass {self.pass_no}"
        if self.note_id is None and self.count == 1:
            title += " · new note"
        else:
            title += f" · {self._index + 1} of {self.count}, newest first"
            if self.note_id is None:
                title += " (new)"
        if self.count > 1:
            title += " · [ ] others"
        self._title.update(title)

    def show_note(self, index: int) -> bool:
        """Show another note of the pass (the caller stores the current one first); False when none there."""
        if not 0 <= index < self.count or index == self._index:
            return False
        self._stop_timer()
        self._index = index
        self._load(self._notes[index].text)
        return True

    def show_note_id(self, note_id: int) -> bool:
        """Show the note with this id (a search hit); False when it is not a note of this pass."""
        for index, shown in enumerate(self._notes):
            if shown.note_id == note_id:
                return self.show_note(index) or index == self._index
        return False

    def new_note(self) -> None:
        """Start a new note of the pass, shown first (the caller stores the current one first)."""
        self._stop_timer()
        if self.note_id is None and not self.text.strip():
            return  # already on an empty new note
        self._notes.insert(0, _Shown(None, ""))
        self._index = 0
        self._load("")

    def _load(self, text: str) -> None:
        self._saved_text = text
        self.in_burst = False
        self._area.load_text(text)
        self._area.move_cursor(self._area.document.end)  # go on writing where the note ends
        self._status("saved" if text else "empty")
        self._show_title()

    # -- text and saving ------------------------------------------------------------------

    @property
    def text(self) -> str:
        return self._area.text

    @property
    def dirty(self) -> bool:
        return self.text != self._saved_text

    def focus_text(self) -> None:
        # Now, not queued (Widget.focus()): a note typed straight after "n" must land here, not on the
        # reader's keys ("p" fetches, "s" searches).
        self.screen.set_focus(self._area)

    def on_descendant_focus(self) -> None:
        self._left = False

    def on_descendant_blur(self) -> None:
        """Leaving the editor (escape, a key elsewhere, another screen) stores the text and ends the burst."""
        self._left = True
        text = self.take_unsaved()
        if text is not None:
            self.post_message(self.Save(self, self.pass_no, text))
        else:
            self.end_burst()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        if not self.dirty:
            return
        self._status("editing…")
        self._stop_timer()
        self._timer = self.set_timer(SAVE_DELAY, self._request_save)

    def _stop_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def _request_save(self) -> None:
        self._timer = None
        if self.dirty:
            self.post_message(self.Save(self, self.pass_no, self.text))

    def take_unsaved(self) -> str | None:
        """The text to store now (leaving or quitting), or None when nothing changed; cancels the debounce."""
        self._stop_timer()
        return self.text if self.dirty else None

    def end_burst(self) -> None:
        """The editing burst is over (editor left, note or pass changed): the next save is a new version."""
        self.in_burst = False

    def mark_saved(self, text: str, note_id: int | None = None) -> None:
        self._saved_text = text
        shown = self._notes[self._index]
        shown.text = text
        if note_id is not None and shown.note_id is None:
            shown.note_id = note_id
            self._show_title()
        self.in_burst = note_id is not None and not self._left
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
