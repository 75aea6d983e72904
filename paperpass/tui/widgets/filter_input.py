"""A filter box: live filtering as you type; enter or escape hands the keys back to the list."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import Input


class FilterInput(Input):
    BINDINGS = [
        Binding("escape", "clear_and_leave", "Clear filter", show=True),
        Binding("enter", "leave", "Back to list", show=False),
        Binding("down", "leave", "Back to list", show=False),
    ]

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
