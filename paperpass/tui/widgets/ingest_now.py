"""Run the configured ingest now (Library.ingest_configured): progress per source, then a summary.

The ingest runs in a thread worker with its own Library. Each source's progress gets a line of its own
as it reports; when the ingest ends the lines give way to a summary per source: papers stored (new,
updated, unchanged) and the entries skipped, each with its reason. Closing the dialog while it runs
leaves the ingest going; its end is then told as a notification.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Label, Static

from paperpass.errors import PaperpassError
from paperpass.models import IngestSummary
from paperpass.tui import backend
from paperpass.tui.messages import WorkFailed, WorkProgress
from paperpass.tui.screens.base import PaperpassDialog
from paperpass.words import count

if TYPE_CHECKING:
    from paperpass.tui.app import PaperpassApp

SHOWN_SKIPS = 8  # skipped entries listed per source (the rest are counted)


def progress_line(what: str, done: int, total: int | None) -> Text:
    text = Text(f"{what}: ", style="bold")
    if total:
        width = 20
        full = round(width * min(done, total) / total)
        text.append("█" * full + "░" * (width - full), style="cyan")
        text.append(f" {done:,}/{total:,}")
    else:
        text.append(f"{done:,}…" if done else "…", style="yellow")
    return text


def summary_text(summaries: list[IngestSummary]) -> Text:
    """Per source: what was stored and what was skipped (with why)."""
    text = Text()
    added = sum(s.added for s in summaries)
    skipped = sum(len(s.failed) for s in summaries)
    text.append(f"Ingest done: {count(added, 'new paper')} from {count(len(summaries), 'source')}"
                + (f", {skipped} skipped" if skipped else "") + "\n\n", style="bold green")
    for s in summaries:
        text.append(s.source, style="bold")
        text.append(f"\n  stored {s.added} new, {s.updated} updated, {s.unchanged} unchanged"
                    f" of {s.seen} seen" + (f" · {count(s.pdfs, 'PDF')}" if s.pdfs else "")
                    + (f" · {s.no_pdf} without a PDF link" if s.no_pdf else "")
                    + (f" · {count(s.item_pages, 'item page')} read" if s.item_pages else "") + "\n")
        if s.failed:
            text.append(f"  skipped {len(s.failed)}:\n", style="yellow")
            for what, why in s.failed[:SHOWN_SKIPS]:
                _reason_line(text, f"    {what[:60]}: ", why)
            if len(s.failed) > SHOWN_SKIPS:
                text.append(f"    … and {len(s.failed) - SHOWN_SKIPS} more\n", style="dim")
        for what, why in s.notes:
            _reason_line(text, f"  note: {what[:60]}: ", why)
    return text


def _reason_line(text: Text, label: str, why: str) -> None:
    """`label` in yellow, then the first line of the reason."""
    text.append(label, style="yellow")
    text.append((why.splitlines()[0] if why else "") + "\n")


class IngestDialog(PaperpassDialog[None]):
    """The configured ingest, now; its progress per source and its summary."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.running = False
        self.lines: dict[str, Text] = {}
        self.summaries: list[IngestSummary] | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="ingest-dialog"):
            yield Label(Text("Ingest now: every source in your settings", style="bold"))
            with VerticalScroll(id="ingest-body"):
                yield Static(Text("starting…", style="yellow"), id="ingest-progress")
            yield Static(Text("escape closes (the ingest goes on)", style="dim"), id="ingest-hint")

    def on_mount(self) -> None:
        self.running = self.app.ingesting = True
        self.ingest(self.app)

    @work(thread=True, exclusive=True, group="ingest", name="the ingest", exit_on_error=False)
    def ingest(self, app: PaperpassApp) -> None:
        # `app` is handed in: once the dialog is closed, the thread cannot find the app through it
        def progress(what: str, done: int, total: int | None) -> None:
            self.post_message(WorkProgress(what, done, total))

        with backend.worker_library(app.home) as library:
            try:
                summaries = library.ingest_configured(progress=progress)
            except PaperpassError as exc:
                app.call_from_thread(self.failed, app, str(exc))
                return
        app.call_from_thread(self.finished, app, summaries)

    def on_work_progress(self, message: WorkProgress) -> None:
        if not self.running:
            # The end comes by call_from_thread, ahead of progress still queued here: that is stale, and drawn
            # it would put the progress lines back over the summary (or the reason it failed).
            return
        self.lines[message.what] = progress_line(message.what, message.done, message.total)
        self.query_one("#ingest-progress", Static).update(Text("\n").join(self.lines.values()))

    def finished(self, app: PaperpassApp, summaries: list[IngestSummary]) -> None:
        self.running = app.ingesting = False
        self.summaries = summaries
        added = sum(s.added for s in summaries)
        skipped = sum(len(s.failed) for s in summaries)
        app.library_changed()
        if self.is_current:
            self.query_one("#ingest-progress", Static).update(summary_text(summaries))
            self.query_one("#ingest-hint", Static).update(Text("escape closes", style="dim"))
        else:
            app.notify(f"ingest done: {count(added, 'new paper')}" + (f", {skipped} skipped" if skipped else ""),
                            title="paperpass", markup=False)

    def failed(self, app: PaperpassApp, reason: str) -> None:
        self.running = app.ingesting = False
        line = reason.splitlines()[0] if reason else "failed"
        if self.is_current:
            self.query_one("#ingest-progress", Static).update(Text(line, style="red"))
            self.query_one("#ingest-hint", Static).update(
                Text("escape closes · the sources are in the settings (6)", style="dim"))
        else:
            app.notify_error(f"the ingest failed: {line}")

    def on_work_failed(self, message: WorkFailed) -> None:
        self.failed(self.app, f"{message.what} failed: {message.reason}")

    def action_close(self) -> None:
        if self.running:
            self.app.notify("the ingest goes on; you will be told when it is done", timeout=4)
        self.dismiss(None)
