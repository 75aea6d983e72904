"""The flows the list screens share to manage a paper: delete it (asking first) and tell how a PDF fetch ended."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paperpass.errors import PaperpassError
from paperpass.tui.widgets.confirm import ConfirmDialog
from paperpass.tui.widgets.pdf_fetch import FetchBar

if TYPE_CHECKING:
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
        f"Delete {preview.title[:70]!r}?",
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
