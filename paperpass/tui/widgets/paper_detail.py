"""The highlighted paper beside a list: title, authors, categories, popularity, why, abstract (as plain text)."""

from __future__ import annotations

from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from paperpass.models import Paper
from paperpass.words import count


def detail_text(paper: Paper | None, reasons: list[str] | None = None, extra: str | None = None,
                empty: str | None = None) -> Text:
    """Feed text never goes through Rich markup: a '[' in a title stays a '['."""
    if paper is None:
        return Text(empty or "Nothing here: every paper of the week is decided.", style="dim")
    text = Text()
    text.append(paper.title, style="bold")
    text.append("\n")
    if paper.authors:
        shown = ", ".join(paper.authors[:8]) + (f" and {len(paper.authors) - 8} more" if len(paper.authors) > 8 else "")
        text.append(shown + "\n", style="italic")
    facts = [p for p in (
        " ".join(paper.categories[:4]),
        paper.arxiv_id and f"arXiv:{paper.arxiv_id}",
        (paper.published or "")[:10],
        paper.popularity is not None and f"▲ {count(paper.popularity, 'upvote')}",
    ) if p]
    if facts:
        text.append(" · ".join(facts) + "\n", style="dim")
    if reasons:
        text.append("why: " + "; ".join(reasons) + "\n", style="green")
    if extra:
        text.append(extra + "\n", style="cyan")
    text.append("\n")
    text.append(paper.abstract or "(no abstract)")
    return text


class PaperDetail(VerticalScroll, can_focus=False):
    """A scrolling pane showing one paper."""

    def compose(self):
        yield Static(detail_text(None), id="detail-text")

    def show(self, paper: Paper | None, reasons: list[str] | None = None, extra: str | None = None,
             empty: str | None = None) -> None:
        self.query_one("#detail-text", Static).update(detail_text(paper, reasons, extra, empty))
        self.scroll_home(animate=False)
