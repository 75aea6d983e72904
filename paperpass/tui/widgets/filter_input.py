"""A filter box: live filtering as you type; enter or escape hands the keys back to the list."""

from __future__ import annotations

from textual.binding import Binding
from textual.geometry import Size
from textual.widget import Widget
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [
        Binding("escape", "clear_and_leave", "Clear filter", show=True),
        Binding("enter", "leave", "Back to list", show=False),
        Binding("down", "leave", "Back to list", show=False),
    ]

    def _watch_value(self, value: str) -> None:
        # Input sets its virtual size to the text's width on every keystroke, and virtual_size is a reactive
        # that lays the whole screen out again (the layout then resets it, so every key paid for one). The
        # box's size does not depend on its text unless its width is automatic (Input then asks for a
        # layout itself), so the scroll size is set quietly and only the box's scroll limits follow.
        size = Size(self.content_width, 1)
        if size != self.virtual_size:
            self.set_reactive(Widget.virtual_size, size)
            self._scroll_update(size)
        super()._watch_value(value)

    def action_leave(self) -> None:
        self.screen.focus_next()

    def action_clear_and_leave(self) -> None:
        self.value = ""
        self.screen.focus_next()


def matches(haystack: str, query: str) -> bool:
    """Every word of the query occurs in the (lower-cased) haystack."""
    return all(word in haystack for word in query.lower().split())


def narrows(before: str, after: str) -> bool:
    """Whatever matches `after` matches `before` too (each word of before is inside a word of after), so
    the papers matching `after` can be found among those matching `before`."""
    words = after.lower().split()
    return bool(words) and all(any(old in new for new in words) for old in before.lower().split())
