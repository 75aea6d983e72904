"""Edit a paper's title, authors, year, venue, arXiv id, kind and tags (Library.edit_paper) in a form dialog.

The form (a FieldForm over a draft) holds the text as typed; enter or ctrl+s checks it and saves, escape
leaves without saving. Input that cannot be a value (a year that is not a number, an empty title) is one
line under the form and nothing is changed; so is what the library refuses.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from paperpass.errors import PaperpassError
from paperpass.models import PAPER_KINDS, Paper
from paperpass.tui.screens.base import PaperpassDialog, Unsaved
from paperpass.tui.widgets.field_form import FieldForm
from paperpass.words import shorten

AUTHOR_SEPARATOR = ";"  # names may hold commas ("Hinton, Geoffrey"): authors are separated by semicolons


@dataclass
class PaperDraft:
    """The form's text, one string per field."""

    title: str
    authors: str
    year: str
    venue: str
    tags: str
    arxiv: str = ""
    kind: str = ""  # article, conference, ... ; empty: not known

    @classmethod
    def of(cls, paper: Paper, tags: list[str]) -> PaperDraft:
        return cls(title=paper.title, authors=f"{AUTHOR_SEPARATOR} ".join(paper.authors),
                   year=str(paper.year) if paper.year else "", venue=paper.venue or "", tags=", ".join(tags),
                   arxiv=_arxiv_text(paper), kind=paper.kind or "")


def _arxiv_text(paper: Paper) -> str:
    return paper.arxiv_id_versioned or paper.arxiv_id or ""


def split_tags(text: str) -> list[str]:
    seen: list[str] = []
    for tag in (t.strip() for t in text.split(",")):
        if tag and tag not in seen:
            seen.append(tag)
    return seen


def draft_changes(paper: Paper, tags: list[str], draft: PaperDraft) -> tuple[dict[str, Any], list[str]]:
    """Library.edit_paper's keyword arguments for what the draft changes, and one line per bad value."""
    problems: list[str] = []
    changes: dict[str, Any] = {}
    title = " ".join(draft.title.split())
    if not title:
        problems.append("title: cannot be empty")
    elif title != paper.title:
        changes["title"] = title
    authors = [" ".join(a.split()) for a in draft.authors.split(AUTHOR_SEPARATOR) if a.strip()]
    if authors != paper.authors:
        changes["authors"] = authors
    year_text = draft.year.strip()
    if year_text:
        try:
            year = int(year_text)
        except ValueError:
            problems.append(f"year: {year_text!r} is not a year")
        else:
            if year != paper.year:
                changes["year"] = year
    elif paper.year:
        problems.append("year: cannot be cleared here; type the right year")
    venue = draft.venue.strip()
    if venue != (paper.venue or ""):
        changes["venue"] = venue
    arxiv = draft.arxiv.strip()
    if arxiv != _arxiv_text(paper):
        changes["arxiv_id"] = arxiv  # checked by the library: an empty one clears it
    kind = draft.kind.strip().lower()
    if kind != (paper.kind or ""):
        changes["kind"] = kind or "unknown"  # checked by the library: a word it does not know is one line
    wanted = split_tags(draft.tags)
    added = [t for t in wanted if t not in tags]
    removed = [t for t in tags if t not in wanted]
    if added:
        changes["add_tags"] = added
    if removed:
        changes["remove_tags"] = removed
    return changes, problems


class PaperForm(FieldForm):
    """The fields of a paper's record that the reader may correct."""

    class Changed(FieldForm.Changed):
        pass

    class Left(FieldForm.Left):
        pass

    def compose(self) -> ComposeResult:
        yield Label("Title")
        yield self.field_input("title", placeholder="the paper's title", id="edit-title")
        yield Label(f"Authors (separated by {AUTHOR_SEPARATOR})")
        yield self.field_input("authors", placeholder="Ada Lovelace; Alan Turing", id="edit-authors")
        yield Label("Year")
        yield self.field_input("year", placeholder="e.g. 2017", id="edit-year")
        yield Label("Venue")
        yield self.field_input("venue", placeholder="e.g. NeurIPS (empty: none)", id="edit-venue")
        yield Label("Tags (separated by commas)")
        yield self.field_input("tags", placeholder="e.g. to-cite, diffusion", id="edit-tags")
        yield Label("arXiv id")
        yield self.field_input("arxiv", placeholder="e.g. 1706.03762 (empty: not on arXiv)", id="edit-arxiv")
        yield Label("Kind")
        yield self.field_input("kind", placeholder=f"{', '.join(PAPER_KINDS)} (empty: unknown)", id="edit-kind")


class EditPaperDialog(PaperpassDialog[Paper | None]):
    """Dismisses with the paper as saved, or None when left without saving."""

    BINDINGS = [Binding("ctrl+s", "save", "Save")]

    def __init__(self, paper: Paper, tags: list[str]) -> None:
        super().__init__()
        self.paper = paper
        self.tags = tags
        self.draft = PaperDraft.of(paper, tags)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="edit-dialog"):
            yield Label(Text(f"Edit: {shorten(self.paper.title, 100)}", style="bold"))
            yield PaperForm(self.draft, id="edit-form")
            yield Static(Text("enter or ctrl+s saves · escape leaves without saving", style="dim"), id="edit-status")

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#edit-status", Static).update(Text(text, style=style))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def on_paper_form_left(self, message: PaperForm.Left) -> None:
        self.dismiss(None)

    def unsaved(self) -> Unsaved | None:
        if self.draft == PaperDraft.of(self.paper, self.tags):
            return None
        return Unsaved("your edits", f"You changed {shorten(self.paper.title, 60)!r} in the edit dialog and did "
                       "not save it (enter or ctrl+s saves).", back="back to the edit")

    def action_save(self) -> None:
        changes, problems = draft_changes(self.paper, self.tags, self.draft)
        if problems:
            self._status("\n".join(problems), "red")
            return
        if not changes:
            self.dismiss(None)
            return
        try:
            paper = self.app.library.edit_paper(self.paper.stored_id, **changes)
        except PaperpassError as exc:
            self._status("\n".join(str(exc).splitlines()) or "not saved", "red")
            return
        self.app.notify(f"saved: {paper.title[:70]}", markup=False)
        self.dismiss(paper)
