"""Figure and table captions with their pages; the reader's `o` (or enter) opens the PDF at the caption's page,
and the figure panel above shows the highlighted caption's figure."""

from __future__ import annotations

from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paperpass.models import Caption


def caption_line(caption: Caption) -> str:
    kind = caption.kind
    label = caption.label if caption.label.lower().startswith(kind) else f"{kind.title()} {caption.label}"
    return f"p.{caption.page:<3} {label}: {' '.join(caption.text.split())}"


class CaptionList(OptionList):
    """One line per figure or table caption."""

    class OpenPage(Message):
        def __init__(self, page: int) -> None:
            super().__init__()
            self.page = page

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, markup=False, classes="captions")
        self._captions: list[Caption] = []

    def show(self, captions: list[Caption]) -> None:
        self._captions = captions
        self.clear_options()
        self.add_options([Option(caption_line(c)) for c in captions])
        if captions:
            self.highlighted = 0

    def caption_at(self, index: int | None) -> Caption | None:
        return self._captions[index] if index is not None and 0 <= index < len(self._captions) else None

    def highlight_caption(self, kind: str, label: str) -> None:
        for index, caption in enumerate(self._captions):
            if caption.kind == kind and caption.label == label:
                if self.highlighted != index:
                    self.highlighted = index
                return

    def action_open_page(self) -> None:
        if self.highlighted is not None and self._captions:
            self.post_message(self.OpenPage(self._captions[self.highlighted].page))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open_page()
