"""Fetch the highlighted paper's PDF from a list screen: a bar with its progress, cancellable.

The bar owns the download: `start(paper)` runs Library.fetch_pdf in a thread worker (a Library of its
own) with a threading.Event the screen's cancel key sets; the download then stops between chunks and
keeps nothing. The bar hides itself when the fetch ends and posts `FetchBar.Done` to its screen.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import ProgressBar, Static

from paperpass.errors import Cancelled, PaperpassError
from paperpass.models import Paper
from paperpass.tui import backend
from paperpass.tui.messages import WorkProgress

if TYPE_CHECKING:
    from textual import getters

    from paperpass.tui.app import PaperpassApp


def megabytes(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


class FetchBar(Horizontal):
    """One PDF download at a time, its progress on one line."""

    if TYPE_CHECKING:
        app = getters.app(PaperpassApp)

    class Done(Message):
        """The fetch ended: `paper` as stored now; `error` is why it failed, `cancelled` when the user stopped it."""

        def __init__(self, paper_id: int, title: str, paper: Paper | None = None, error: str | None = None,
                     cancelled: bool = False) -> None:
            super().__init__()
            self.paper_id = paper_id
            self.title = title
            self.paper = paper
            self.error = error
            self.cancelled = cancelled

    def __init__(self, *, id: str | None = "fetch-bar") -> None:
        super().__init__(id=id)
        self.cancel_event: threading.Event | None = None
        self.paper: Paper | None = None
        self.display = False  # shown while a fetch runs (hidden from the first frame: no extra layout)

    def compose(self) -> ComposeResult:
        yield Static(id="fetch-label")
        yield ProgressBar(id="fetch-progress", show_eta=False)

    @property
    def running(self) -> bool:
        return self.cancel_event is not None

    def start(self, paper: Paper) -> None:
        self.paper = paper
        self.cancel_event = threading.Event()
        self.query_one("#fetch-progress", ProgressBar).update(total=None, progress=0)
        self._label(f"fetching the PDF · p or escape cancels · {paper.title}")
        self.display = True
        self.fetch(paper.stored_id, paper.title, self.cancel_event)

    def cancel(self) -> None:
        if self.cancel_event is not None:
            self.cancel_event.set()
            self._label("cancelling…")

    def _label(self, text: str) -> None:
        self.query_one("#fetch-label", Static).update(Text(text, no_wrap=True, overflow="ellipsis"))

    @work(thread=True, exclusive=True, group="fetch-pdf", name="the PDF fetch", exit_on_error=False)
    def fetch(self, paper_id: int, title: str, cancel: threading.Event) -> None:
        def progress(what: str, done: int, total: int | None) -> None:
            self.post_message(WorkProgress(what, done, total))

        try:
            paper = backend.fetch_pdf(self.app.home, paper_id, progress, cancel=cancel)
        except Cancelled:
            self.post_message(self.Done(paper_id, title, cancelled=True))
        except PaperpassError as exc:
            self.post_message(self.Done(paper_id, title, error=str(exc).splitlines()[0] if str(exc) else "failed"))
        except Exception as exc:  # noqa: BLE001 - whatever the download does, the screen stays and says why
            self.post_message(self.Done(paper_id, title, error=f"{type(exc).__name__}: {exc}"))
        else:  # (a cancel that came after the last chunk is too late: the PDF is stored, and the screen says so)
            self.post_message(self.Done(paper_id, title, paper=paper))

    def on_work_progress(self, message: WorkProgress) -> None:
        message.stop()
        if self.cancel_event is not None and self.cancel_event.is_set():
            return
        self.query_one("#fetch-progress", ProgressBar).update(total=message.total or None, progress=message.done)
        done = megabytes(message.done) + (f" of {megabytes(message.total)}" if message.total else "")
        title = self.paper.title if self.paper else message.what
        self._label(f"PDF {done} · p or escape cancels · {title}")

    def on_fetch_bar_done(self, message: Done) -> None:
        # Seen by the bar on the way up to the screen: the bar is free again.
        self.cancel_event = None
        self.paper = None
        self.display = False
