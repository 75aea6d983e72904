"""A paper's references: the ones in the library marked, the ones worth reading queued with one key."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperpass.models import Reference

IN_LIBRARY = "✓"  # already a paper in the library
QUEUED = "+"  # marked worth reading


def reference_line(ref: Reference) -> str:
    mark = QUEUED if ref.queued else (IN_LIBRARY if ref.matched_paper_id else " ")
    text = " ".join(ref.raw.split())
    return f"{mark} {text}"


class ReferenceList(OptionList):
    """References as plain text. With `unread_only`, those not in the library; the reader's queue key
    calls `action_toggle_queue` on the highlighted one."""

    class QueueToggled(Message):
        def __init__(self, position: int, queued: bool) -> None:
            super().__init__()
            self.position = position
            self.queued = queued

    def __init__(self, *, unread_only: bool = False, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, classes="references")
        self.unread_only = unread_only
        self._refs: list[Reference] = []
        self._positions: list[int] = []

    def show(self, refs: list[Reference]) -> None:
        self._refs = refs
        # A queued reference stays listed (with its mark) even once its paper is in the library.
        self._positions = [i for i, r in enumerate(refs)
                           if not (self.unread_only and r.matched_paper_id and not r.queued)]
        highlighted = self.highlighted
        self.clear_options()
        self.add_options([Option(reference_line(refs[i])) for i in self._positions])
        if self._positions:
            self.highlighted = min(highlighted or 0, len(self._positions) - 1)

    def action_toggle_queue(self) -> None:
        if self.highlighted is None or not self._positions:
            return
        position = self._positions[self.highlighted]
        ref = self._refs[position]
        ref.queued = not ref.queued
        self.replace_option_prompt_at_index(self.highlighted, reference_line(ref))
        self.post_message(self.QueueToggled(position, ref.queued))
