"""A filter box: live filtering as you type; enter or escape hands the keys back to the list."""

from __future__ import annotations

import functools
import string
from itertools import compress
from typing import TYPE_CHECKING, Any, TypeVar

from textual import work
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


T = TypeVar("T")


def nearest_kept(filtered: dict[str, tuple[list, Any]], text: str) -> str:
    """The kept filter whose list `text` narrows, the shortest of them ("" when none: the whole list)."""
    return min((f for f in filtered if f and narrows(f, text)), key=lambda f: len(filtered[f][0]), default="")


def narrow(items: list[T], haystacks: list[str], within: str, text: str) -> tuple[list[T], list[str]]:
    """The items (and their haystacks) that also hold each word of `text` which `within` did not check.

    The haystacks are kept beside the items: with 50,000 papers, reading each paper's id (one object
    each, all over memory) cost twice the search itself."""
    checked = within.lower().split()
    for word in text.lower().split():
        if word not in checked:
            found = [word in h for h in haystacks]
            items, haystacks = list(compress(items, found)), list(compress(haystacks, found))
    return items, haystacks


# The characters CharIndex knows (at most 64: one bit each); a filter word of one of them is a lookup.
INDEXED = string.ascii_lowercase + string.digits + "-.:,;()[]{}'\"/\\+_&*!#$%<=>@|"
_BIT = {c: 1 << i for i, c in enumerate(INDEXED)}


class CharIndex:
    """Which of the INDEXED characters each of a list of (lower-cased) haystacks holds, one bit each, so that
    the haystacks holding a character (a one-letter filter) are found without reading them.

    Built a chunk at a time (`step`, a few ms each: the owner runs it when idle) over the list it is given,
    which it keeps: a haystack replaced in that list is re-read by `update`. Needs numpy, imported by then.
    """

    CHUNK = 1000  # haystacks a step (about 1 ms for 1,000 abstract-less haystacks of ~500 characters)

    def __init__(self, haystacks: list[str]) -> None:
        self.haystacks = haystacks
        self.done = 0  # haystacks read so far
        self._parts: list[Any] = []
        self.bits: Any = None  # numpy uint64, one per haystack, once built

    @property
    def ready(self) -> bool:
        return self.bits is not None

    def step(self) -> bool:
        """Read the next chunk; True once every haystack has been read."""
        import numpy as np

        if self.bits is None:
            chunk = self.haystacks[self.done:self.done + self.CHUNK]
            self._parts.append(self._read(chunk))
            self.done += len(chunk)
            if self.done >= len(self.haystacks):
                self.bits = np.concatenate(self._parts) if self._parts else np.zeros(0, np.uint64)
                self._parts = []
        return self.bits is not None

    @staticmethod
    def _read(chunk: list[str]) -> Any:
        import numpy as np

        if not chunk:
            return np.zeros(0, np.uint64)
        # One byte per character: anything not ASCII becomes "?" (not indexed), so the i-th byte is the i-th
        # character; a newline (no bit) after each haystack, so that none is empty for reduceat.
        text = np.frombuffer(("\n".join(chunk) + "\n").encode("ascii", "replace"), np.uint8)
        starts = np.zeros(len(chunk), np.int64)
        np.cumsum(np.fromiter((len(h) + 1 for h in chunk[:-1]), np.int64, len(chunk) - 1), out=starts[1:])
        return np.bitwise_or.reduceat(_lookup_table()[text], starts)

    def update(self, position: int, haystack: str) -> None:
        """The haystack at `position` of the list changed (the list already holds the new one)."""
        if self.bits is not None:
            self.bits[position] = self._read([haystack])[0]
        elif position < self.done:  # in a chunk read already
            for part in self._parts:
                if position < len(part):
                    part[position] = self._read([haystack])[0]
                    break
                position -= len(part)

    @staticmethod
    def lookup(query: str) -> int | None:
        """The bits a haystack needs to match `query` when each of its words is one indexed character
        (None otherwise: the words must be searched for)."""
        words = query.lower().split()
        if not words or any(len(w) != 1 or w not in _BIT for w in words):
            return None
        need = 0
        for w in words:
            need |= _BIT[w]
        return need

    def holding(self, need: int) -> Any:
        """A numpy bool array: which haystacks hold every character of `need` (from lookup); built only."""
        import numpy as np

        wanted = np.uint64(need)
        return (self.bits & wanted) == wanted


@functools.cache
def _lookup_table() -> Any:
    import numpy as np

    table = np.zeros(256, np.uint64)
    for c, bit in _BIT.items():
        table[ord(c)] = bit
    return table


if TYPE_CHECKING:
    from paperpass.tui.screens.base import PaperpassScreen as _Screen
else:
    _Screen = object


class IndexesChars(_Screen):
    """A list screen whose filter looks one-letter words up in a CharIndex (`_chars`), made in idle time:
    a chunk per timer tick, numpy imported by a worker first, never on the UI thread."""

    _chars: CharIndex | None = None
    _numpy_imported = False  # by this screen's worker (not merely begun in another thread)

    def _index_chars(self, index: CharIndex) -> None:
        """Make the character index a chunk per timer tick (a key waits for one chunk at most, ~1 ms)."""
        if index is not self._chars or index.ready:
            return
        if not self._numpy_imported:  # imported off the UI thread (0.1-0.5 s): keys go on meanwhile
            self._import_numpy(index)
            return
        if not index.step():
            self.set_timer(0.001, lambda: self._index_chars(index))

    @work(thread=True, group="numpy", name="importing numpy", exit_on_error=False)
    def _import_numpy(self, index: CharIndex) -> None:
        import numpy  # noqa: F401  # (when another thread is importing it: once that import is complete)

        def imported() -> None:
            self._numpy_imported = True
            self._index_chars(index)

        self.app.call_from_thread(imported)
