"""The highlighted paper beside a list: title, authors, categories, popularity, kind and venue, why, abstract
(as plain text)."""

from __future__ import annotations

from rich.cells import cell_len, chop_cells
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from paperpass.models import Paper, kind_and_venue
from paperpass.tui.widgets.paper_list import set_virtual_size
from paperpass.words import count


def detail_parts(paper: Paper | None, reasons: list[str] | None = None, extra: str | None = None,
                 empty: str | None = None) -> list[tuple[str, str]]:
    """The detail's paragraphs, each (plain text, style): feed text never goes through markup."""
    if paper is None:
        return [(empty or "Nothing here: every paper of the week is decided.", "dim")]
    parts = [(paper.title, "bold")]
    if paper.authors:
        shown = ", ".join(paper.authors[:8]) + (f" and {len(paper.authors) - 8} more" if len(paper.authors) > 8 else "")
        parts.append((shown, "italic"))
    facts = [p for p in (
        " ".join(paper.categories[:4]),
        paper.arxiv_id and f"arXiv:{paper.arxiv_id}",
        (paper.published or "")[:10],
        paper.popularity is not None and f"▲ {count(paper.popularity, 'upvote')}",
        kind_and_venue(paper.kind, paper.venue),  # "journal article: Nature"
    ) if p]
    if facts:
        parts.append((" · ".join(facts), "dim"))
    if reasons:
        parts.append(("why: " + "; ".join(reasons), "green"))
    if extra:
        parts.append((extra, "cyan"))
    parts.append(("", ""))
    parts.append((paper.abstract or "(no abstract)", ""))
    return parts


def detail_text(paper: Paper | None, reasons: list[str] | None = None, extra: str | None = None,
                empty: str | None = None) -> Text:
    """The detail as one Rich Text (a '[' in a title stays a '[')."""
    text = Text()
    parts = detail_parts(paper, reasons, extra, empty)
    for i, (part, style) in enumerate(parts):
        text.append(part + ("\n" if i < len(parts) - 1 else ""), style=style)
    return text


def wrap(text: str, width: int) -> list[str]:
    """Greedy word wrap to `width` cells (a word longer than a line is folded); each newline a new line."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, used = "", 0
        for word in paragraph.split():
            size = cell_len(word)
            if used and used + 1 + size <= width:
                line, used = f"{line} {word}", used + 1 + size
                continue
            if used:
                lines.append(line)
            while size > width:
                head = chop_cells(word, width)[0]
                lines.append(head)
                word = word[len(head):]
                size = cell_len(word)
            line, used = word, size
        lines.append(line)
    return lines


class PaperDetail(ScrollView, can_focus=False):
    """A scrolling pane showing one paper, drawn line by line (Line API): showing another paper repaints this
    pane only, where a Static of automatic height would lay the whole screen out again on every cursor move."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.parts = detail_parts(None)
        self._strips: list[Strip] = []
        self._wrapped_at = -1

    def show(self, paper: Paper | None, reasons: list[str] | None = None, extra: str | None = None,
             empty: str | None = None) -> None:
        parts = detail_parts(paper, reasons, extra, empty)
        if parts == self.parts and self._strips:
            return  # shown already (a filter key with the cursor on the same paper): not wrapped again
        self.parts = parts
        self._wrapped_at = -1
        self.scroll_to(0, 0, animate=False, immediate=True)
        self._wrap()

    def _wrap(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0 or width == self._wrapped_at:
            return
        base = self.rich_style
        strips = []
        for part, style in self.parts:
            line_style = base + Style.parse(style) if style else base
            strips += [Strip([Segment(line, line_style)]).extend_cell_length(width, base)
                       for line in wrap(part, width)]
        self._strips = strips
        self._wrapped_at = width
        set_virtual_size(self, Size(width, len(self._strips)))

    def on_resize(self, event: events.Resize) -> None:
        self._wrapped_at = -1
        self._wrap()

    def render_lines(self, crop: Region) -> list[Strip]:
        width = self.scrollable_content_region.width
        if width != self._wrapped_at:
            self._wrap()
        self._frame = (width, int(self.scroll_y), self.rich_style)  # once per frame, not per line
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        width, top, style = self._frame
        index = y + top
        if index >= len(self._strips):
            return Strip.blank(width, style)
        return self._strips[index]
