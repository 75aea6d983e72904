"""What the list screens share to manage a paper: delete it (asking first), fetch its PDF, say how it went."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperpass.errors import PaperpassError
from paperpass.tui.widgets.confirm import ConfirmDialog
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.words import shorten

if TYPE_CHECKING:
    from paperpass.models import Paper
    from paperpass.tui.app import PaperpassApp


def delete_flow(app: PaperpassApp, paper_id: int) -> None:
    """Say what goes with the paper (Library.delete_preview), delete it on y, offer undo."""
    library = app.library
    preview = app.guarded(library.delete_preview, paper_id)
    if preview is None:
        return

    def answered(yes: bool | None) -> None:
        if not yes:
            app.notify("nothing deleted", timeout=3)
            return
        try:
            done = library.delete_paper(paper_id)
        except PaperpassError as exc:
            app.notify_error(exc)
            return
        app.notify(f"deleted {done.title[:60]!r} with {done.notes} note{'s' if done.notes != 1 else ''}"
                   " — press u in the library to undo", title="deleted", timeout=10, markup=False)
        app.library_changed()

    app.push_screen(ConfirmDialog(
        f"Delete {shorten(preview.title, 100)!r}?",
        f"With it go: {preview.what_goes()}.\n\nThe library keeps it to undo: u in the library (or "
        "'Undo the last delete' in the command palette) brings it back with its notes and PDF.",
        yes="delete it"), answered)


def fetch_done(app: PaperpassApp, message: FetchBar.Done) -> None:
    """One notification for how a PDF fetch ended."""
    if message.cancelled:
        app.notify(f"fetch cancelled: {message.title[:60]} (nothing was kept)", timeout=5, markup=False)
    elif message.error is not None:
        app.notify_error(f"could not fetch the PDF: {message.error}")
    elif message.paper is not None:
        app.notify(f"PDF fetched: {message.paper.title[:60]}", markup=False)


if TYPE_CHECKING:  # the mixin's methods run on a screen
    from paperpass.tui.screens.base import PaperpassScreen as _Screen
else:
    _Screen = object


class FetchesPdfs(_Screen):
    """A list screen's PDF fetch: `p` fetches the highlighted paper's PDF into its FetchBar (`p` again or
    escape cancels). The screen says which paper (`paper_to_fetch`) and what follows a fetch (`fetched`)."""

    def paper_to_fetch(self) -> Paper | None:
        raise NotImplementedError

    def fetched(self, paper: Paper) -> None:
        """After a PDF came in (the screen may show it)."""

    def action_fetch_pdf(self) -> None:
        bar = self.query_one(FetchBar)
        if bar.running:
            bar.cancel()
            return
        paper = self.paper_to_fetch()
        if paper is not None:
            bar.start(paper)
            self.refresh_bindings()

    def action_cancel_fetch(self) -> None:
        self.query_one(FetchBar).cancel()

    def on_fetch_bar_done(self, message: FetchBar.Done) -> None:
        self.refresh_bindings()
        fetch_done(self.app, message)
        if message.paper is not None:
            self.fetched(message.paper)
