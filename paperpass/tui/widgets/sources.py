"""Where a paper came from and where it is talked about, and pass 1's "what others say vs. my first read".

The list shows every source the library keeps for the paper (an arXiv listing, the blog post that
linked it, its Hugging Face daily page with upvotes, a forum thread); enter (or the reader's `o`)
asks to open the highlighted one. The form beside it is saved as typed, like the five Cs.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from paperpass.models import PaperSource, Review
from paperpass.tui.widgets.field_form import FieldForm
from paperpass.words import count


def source_line(number: int, source: PaperSource) -> str:
    upvotes = f" · {count(source.popularity, 'upvote')}" if source.popularity else ""
    seen = f" · seen {source.first_seen[:10]}" if source.first_seen else ""
    link = f"\n    {source.url}" if source.url else "\n    (no link)"
    return f"{number}. {source.label}{upvotes}{seen}{link}"


class SourceList(OptionList):
    """One entry per source of the paper; selecting one posts `SourceList.Open` with its link."""

    class Open(Message):
        def __init__(self, url: str | None, label: str) -> None:
            super().__init__()
            self.url = url
            self.label = label

    def __init__(self, sources: list[PaperSource], *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, classes="sources")
        self.sources = sources

    def on_mount(self) -> None:
        self.add_options([Option(source_line(i, s)) for i, s in enumerate(self.sources, start=1)])
        if self.sources:
            self.highlighted = 0

    def action_open_source(self) -> None:
        if self.highlighted is not None and self.sources:
            source = self.sources[self.highlighted]
            self.post_message(self.Open(source.url, source.label))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_source()


class ComparisonForm(FieldForm):
    """What others say about the paper against the reader's first read (saved to the review)."""

    class Changed(FieldForm.Changed):
        """The comparison changed."""

    class Left(FieldForm.Left):
        """The reader pressed escape in the form."""

    def __init__(self, review: Review, *, id: str | None = None) -> None:
        super().__init__(review, id=id, classes="comparison-form")

    def compose(self) -> ComposeResult:
        yield Static("What others say vs. my first read", classes="question", markup=False)
        yield self.field_input("others_vs_mine", placeholder="agree? what did they see that I missed?",
                               id="others-vs-mine")
