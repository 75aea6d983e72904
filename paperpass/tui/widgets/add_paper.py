"""Add a paper from the TUI: an arXiv id, an arXiv or DOI URL, a DOI or a local PDF path (Library.add).

The add runs in a thread worker with its own Library; the dialog shows its progress and closes with the
stored paper, or shows the one-line reason it failed and keeps what was typed so it can be fixed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, ProgressBar, Static

from paperpass.errors import PaperpassError
from paperpass.models import Paper
from paperpass.tui import backend
from paperpass.tui.messages import WorkFailed, WorkProgress
from paperpass.tui.screens.base import PaperpassDialog

if TYPE_CHECKING:
    from paperpass.tui.app import PaperpassApp


class AddPaperDialog(PaperpassDialog[Paper | None]):
    """Ask what to add, add it in a worker; dismisses with the paper (None when closed)."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.adding = False
        self.warnings: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="add-dialog"):
            yield Static(Text("Add a paper: an arXiv id or URL, a DOI, a local PDF path, or a web link to its PDF "
                              "or its page (OpenReview, proceedings, journal)", style="bold"))
            yield Input(placeholder="e.g. 1706.03762, https://arxiv.org/abs/1512.03385, ~/papers/x.pdf",
                        id="add-target")
            yield ProgressBar(id="add-progress", show_eta=False)
            yield Static(Text("enter adds · escape closes", style="dim"), id="add-status")

    def on_mount(self) -> None:
        self.query_one("#add-progress").display = False

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#add-status", Static).update(Text(text, style=style))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        target = event.value.strip()
        if self.adding:
            return
        if not target:
            self._status("type an arXiv id, a URL, a DOI or a PDF path first", "yellow")
            return
        self.adding = True
        self.warnings = []
        bar = self.query_one("#add-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self._status(f"adding {target}…", "yellow")
        self.add(self.app, target)

    @work(thread=True, exclusive=True, group="add", name="adding the paper", exit_on_error=False)
    def add(self, app: PaperpassApp, target: str) -> None:
        # `app` is handed in: once the dialog is closed, the thread cannot find the app through it
        def progress(what: str, done: int, total: int | None) -> None:
            self.post_message(WorkProgress(what, done, total))

        with backend.worker_library(app.home) as library:
            try:
                paper = library.add(target, progress=progress, warn=self.warnings.append)
            except PaperpassError as exc:
                app.call_from_thread(self.failed, app, str(exc))
                return
        app.call_from_thread(self.added, app, paper)

    def on_work_progress(self, message: WorkProgress) -> None:
        if not self.adding:
            return  # queued before the end, which came ahead of it (call_from_thread): it would hide the reason
        self.query_one("#add-progress", ProgressBar).update(total=message.total or None, progress=message.done)
        self._status(f"{message.what}…", "yellow")

    def added(self, app: PaperpassApp, paper: Paper) -> None:
        """The paper is stored: say so (with any warning), refresh the screens, close if still open."""
        self.adding = False
        app.notify(f"added: {paper.title[:70]}", title="paperpass", markup=False)
        for warning in self.warnings:
            app.notify(warning, title="added with a warning", severity="warning", timeout=10, markup=False)
        app.library_changed()
        if self.is_current:
            self.dismiss(paper)

    def failed(self, app: PaperpassApp, reason: str) -> None:
        """One line saying why; what was typed stays so it can be fixed."""
        self.adding = False
        line = reason.splitlines()[0] if reason else "failed"
        if self.is_current:
            self.query_one("#add-progress").display = False
            self._status(line, "red")
            self.query_one("#add-target", Input).focus()
        else:
            app.notify_error(f"could not add the paper: {line}")

    def on_work_failed(self, message: WorkFailed) -> None:
        self.failed(self.app, f"{message.what} failed: {message.reason}")

    def action_close(self) -> None:
        if self.adding:
            self.app.notify("the paper is still being added; you will be told when it is in", timeout=4)
        self.dismiss(None)
