"""A list of papers that renders only the rows on screen (Textual's Line API), for lists of any length.

A DataTable builds a row object per paper and re-lays itself out when rows are
added or removed, so a 5,000-paper triage list took 140-270 ms per key. Here
the list is a plain Python sequence: setting a new one, removing a row or
moving the cursor costs the same for 50 papers or 50,000, and each frame draws
only the visible rows (each row's cells are made once and cached).

The screen gives the columns (header, width, how to make a paper's cell) and the
items; the list posts `Highlighted` when the cursor lands on another item and
`Selected` on enter or a click on the highlighted row. The arrow, page, home
and end keys move the cursor (they are Textual's scrolling keys, repurposed, so
they are not keys of ours in the help).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

CELL_PADDING = 1  # blank columns each side of a cell, as a DataTable has


def set_virtual_size(widget: ScrollView, size: Size) -> None:
    """Set a Line-API widget's scrollable size. Setting `virtual_size` lays the whole screen out again (tens of
    ms on a full screen); when the scrollbars shown stay the same, only the widget and its scrollbars need
    repainting, so the size is set quietly and they are refreshed."""
    old = widget.virtual_size
    viewport = widget.scrollable_content_region.size
    same_bars = old != Size(0, 0) and viewport.area > 0 and \
        (old.height > viewport.height) == (size.height > viewport.height) and \
        (old.width > viewport.width) == (size.width > viewport.width)
    if not same_bars:
        widget.virtual_size = size
        return
    if size != old:
        widget.set_reactive(type(widget).virtual_size, size)
        widget._scroll_update(size)
    widget.refresh()


@dataclass(frozen=True)
class Column:
    """A column: its header, its width in cells (set_width changes it) and how to make an item's cell."""

    label: str
    width: int
    cell: Callable[[Any], Text]
    justify: str = "left"


class PaperList(ScrollView, can_focus=True):
    """A cursor over a sequence of items (papers, or anything with a key), drawn one visible line at a time."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "paper-list--header", "paper-list--cursor", "paper-list--even-row",
    }
    DEFAULT_CSS = """
    PaperList {
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
            & > .paper-list--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .paper-list--header {
                background-tint: $foreground 5%;
            }
        }
        & > .paper-list--header {
            text-style: bold;
            background: $panel;
            color: $foreground;
        }
        &:ansi > .paper-list--header {
            background: ansi_bright_blue;
            color: ansi_default;
        }
        & > .paper-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .paper-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .paper-list--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
    }
    """

    cursor: reactive[int] = reactive(0, repaint=False, init=False)
    # The item a key or a click moved the cursor onto, set in the same turn (Highlighted follows as a message):
    # a watcher (App.watch) can show it in the same frame as the moved cursor, not one frame (~17 ms) later.
    moved_to: reactive[Any] = reactive(None, repaint=False, init=False, always_update=True)

    class _ItemMessage(Message):
        def __init__(self, paper_list: PaperList, item: Any | None) -> None:
            super().__init__()
            self.paper_list = paper_list
            self.item = item

        @property
        def control(self) -> PaperList:
            return self.paper_list

    class Highlighted(_ItemMessage):
        """The cursor is on another item (or the list changed under it); item is None in an empty list."""

    class Selected(_ItemMessage):
        """Enter (or a click) on the highlighted item."""

    def __init__(self, columns: Sequence[Column], key: Callable[[Any], Hashable], *, name: str | None = None,
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.columns = list(columns)
        self.key = key
        self.items: list[Any] = []
        self._shared = False  # items is the owner's list too (set_items shared=True): copied before a change
        self._widths = [max(c.width, len(c.label)) for c in self.columns]
        self._cells: dict[Hashable, Strip] = {}  # key -> the item's row, unstyled
        self._highlighted: Hashable | None = object()  # the key last announced by Highlighted
        self.user_moved = False  # a key or a click moved the cursor (the owner resets it for a new list)

    # -- what the screen calls ------------------------------------------------------

    @property
    def row_count(self) -> int:
        return len(self.items)

    @property
    def cursor_row(self) -> int:
        return self.cursor

    @property
    def highlighted(self) -> Any | None:
        """The item under the cursor (None when the list is empty)."""
        return self.items[self.cursor] if 0 <= self.cursor < len(self.items) else None

    def index_of(self, key: Hashable) -> int | None:
        """The row of the item with this key, if listed (first where the cursor is: often it is still there)."""
        items, cursor = self.items, self.cursor
        if 0 <= cursor < len(items) and self.key(items[cursor]) == key:
            return cursor
        try:
            return operator.indexOf(map(self.key, items), key)
        except ValueError:
            return None

    def set_items(self, items: list[Any], *, keep: Hashable | None = None, row: int | None = None,
                  hold_screen_row: bool = False, shared: bool = False) -> None:
        """A new list (the widget keeps this list object: the caller hands it over; with shared, the caller
        keeps it too, and the widget copies it before its first change). The cursor goes to the item keyed
        `keep` if listed, else to `row`, else stays at its row; with hold_screen_row the highlighted row also
        stays at the same height on screen (the rows move around it)."""
        on_screen = self.cursor - int(self.scroll_y)
        self.items = items
        self._shared = shared
        index = self.index_of(keep) if keep is not None else None
        kept = index is not None
        if index is None:
            index = row if row is not None else self.cursor
        self._resize()
        self._set_cursor(index)
        if hold_screen_row and kept:
            self.scroll_to(y=max(0, self.cursor - on_screen), animate=False, immediate=True)
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce()

    def remove_at(self, index: int) -> None:
        """Remove one row; the cursor stays at its row index (so it lands on the next item)."""
        self._own()
        del self.items[index]
        self._resize()
        self._set_cursor(self.cursor)
        self.refresh()
        self._announce()

    def insert_at(self, index: int, item: Any) -> None:
        self._own()
        self.items.insert(index, item)
        self._resize()
        self.refresh()
        self._announce()

    def _own(self) -> None:
        if self._shared:
            self.items, self._shared = list(self.items), False

    def move_cursor(self, row: int) -> None:
        self._set_cursor(row)
        self._scroll_cursor_into_view()
        self._announce()

    def set_width(self, column: int, width: int) -> None:
        """Set a column's width (e.g. as wide as the widest number of the list)."""
        if self._widths[column] != width:
            self._widths[column] = width
            self._cells.clear()
            self._resize()
            self.refresh()

    def forget_cells(self, keys: Sequence[Hashable] | None = None) -> None:
        """Cells to be made again (their content changed); all of them when keys is None."""
        if keys is None:
            self._cells.clear()
        else:
            for k in keys:
                self._cells.pop(k, None)
        self.refresh()

    # -- cursor -------------------------------------------------------------------------

    def _set_cursor(self, row: int) -> None:
        row = max(0, min(row, len(self.items) - 1))
        if row != self.cursor:
            self._refresh_row(self.cursor)
            self.cursor = row
            self._refresh_row(row)

    def _refresh_row(self, row: int) -> None:
        y = row + 1 - int(self.scroll_y)  # + the header line
        if 0 <= y < self.size.height:
            self.refresh(Region(0, y, self.size.width, 1))

    def _page(self) -> int:
        return max(1, self.size.height - 2)

    def _scroll_cursor_into_view(self) -> None:
        rows = max(1, self.size.height - 1)  # below the header
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, immediate=True)
        elif self.cursor >= top + rows:
            self.scroll_to(y=self.cursor - rows + 1, animate=False, immediate=True)

    def _announce(self) -> None:
        item = self.highlighted
        key = self.key(item) if item is not None else None
        if key != self._highlighted:
            self._highlighted = key
            self.post_message(self.Highlighted(self, item))

    def _move(self, row: int) -> None:
        self.user_moved = True
        if self.items:
            before = self._highlighted
            self.move_cursor(row)
            if self._highlighted != before:
                self.moved_to = self.highlighted

    # Textual's scrolling keys (bound by ScrollableContainer) move the cursor instead.
    def action_scroll_down(self) -> None:
        self._move(self.cursor + 1)

    def action_scroll_up(self) -> None:
        self._move(self.cursor - 1)

    def action_page_down(self) -> None:
        self._move(self.cursor + self._page())

    def action_page_up(self) -> None:
        self._move(self.cursor - self._page())

    def action_scroll_home(self) -> None:
        self._move(0)

    def action_scroll_end(self) -> None:
        self._move(len(self.items) - 1)

    def key_enter(self, event: events.Key) -> None:
        event.stop()
        if self.highlighted is not None:
            self.post_message(self.Selected(self, self.highlighted))

    def on_click(self, event: events.Click) -> None:
        row = event.y - 1 + int(self.scroll_y)
        if event.y < 1 or not 0 <= row < len(self.items):
            return
        if row == self.cursor:
            self.post_message(self.Selected(self, self.items[row]))
        else:
            self._move(row)

    # -- drawing --------------------------------------------------------------------------

    def _resize(self) -> None:
        width = sum(w + 2 * CELL_PADDING for w in self._widths)  # wider than the pane: left/right scroll
        set_virtual_size(self, Size(width, len(self.items) + 1))

    def on_resize(self, event: events.Resize) -> None:
        self._resize()
        self._scroll_cursor_into_view()

    def _row_strip(self, item: Any) -> Strip:
        """The item's whole row (every column, padded), made once and kept (Strip caches its styled copies)."""
        key = self.key(item)
        strip = self._cells.get(key)
        if strip is None:
            if len(self._cells) > 4000:
                self._cells.clear()
            segments = [s for i, column in enumerate(self.columns)
                        for s in self._pad(column.cell(item), i, column.justify)]
            strip = self._cells[key] = Strip(segments)
        return strip

    def _pad(self, text: Text, column: int, justify: str) -> list[Segment]:
        width = self._widths[column]
        line = text.copy()
        line.no_wrap = True
        line.overflow = "ellipsis"
        line.truncate(width, overflow="ellipsis")
        if justify == "right":
            line.pad_left(width - line.cell_len)
        else:
            line.pad_right(width - line.cell_len)
        pad = " " * CELL_PADDING
        return [Segment(pad), *line.render(self.app.console), Segment(pad)]

    def render_lines(self, crop: Region) -> list[Strip]:
        # The styles once per frame: rich_style walks the ancestors each time it is asked.
        base = self.rich_style
        self._frame = (self.size.width, int(self.scroll_x), int(self.scroll_y), base,
                       base + self.get_component_rich_style("paper-list--header"),
                       base + self.get_component_rich_style("paper-list--cursor"),
                       base + self.get_component_rich_style("paper-list--even-row"))
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, left, top, base, header, cursor, even = self._frame
        if y == 0:
            segments: list[Segment] = []
            for i, column in enumerate(self.columns):
                segments.extend(self._pad(Text(column.label), i, "left"))
            return Strip(Segment.apply_style(segments, header)).crop_extend(left, left + width, header)
        row = y - 1 + top
        if row >= len(self.items):
            return Strip.blank(width, base)
        strip = self._row_strip(self.items[row])
        if row == self.cursor:  # the cursor's colours win over the cells' own
            style = cursor
            strip = Strip(Segment.apply_style(strip, post_style=style), strip.cell_length)
        else:
            style = even if row % 2 else base
            strip = strip.apply_style(style)
        return strip.crop_extend(left, left + width, style)
