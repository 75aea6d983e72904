"""Export the library from the TUI: JSON, BibTeX, RIS, CSL-JSON, Markdown or JSON with the PDFs, to a path the
user types.

The default path is in the data directory (exports/, dated); JSON and the citation formats go to one file, Markdown to
a folder with one file per paper, JSON with the PDFs to a folder another machine imports whole. The
export runs in a thread worker with its own Library.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from paperpass.errors import InvalidInput, PaperpassError
from paperpass.tui import backend
from paperpass.tui.messages import WorkFailed
from paperpass.tui.screens.base import PaperpassDialog

if TYPE_CHECKING:
    from paperpass.tui.app import PaperpassApp

FORMATS = {  # name -> (the option, one line at 80 columns; the default file name's ending, "" for a folder)
    "json": ("JSON: papers, states, notes (paperpass import)", ".json"),
    "bibtex": ("BibTeX: for a reference manager or LaTeX", ".bib"),
    "ris": ("RIS: for Zotero, EndNote or Mendeley", ".ris"),
    "csl-json": ("CSL-JSON: for Pandoc or Zotero", ".csl.json"),
    "markdown": ("Markdown: a folder, a file per paper + notes", ""),
    "folder": ("JSON + PDFs: a folder another machine imports", ""),
}


def default_export_path(home: Path, fmt: str, today: datetime.date | None = None) -> Path:
    day = (today or datetime.date.today()).isoformat()
    suffix = FORMATS[fmt][1]
    return home / "exports" / (f"paperpass-{day}{suffix}" if suffix else f"paperpass-{day}-{fmt}")


def export_to(home: Path, fmt: str, out: Path) -> str:
    """Export in a thread of its own (a Library of its own); what was written, as one line."""
    if fmt in ("markdown", "folder"):
        if out.exists() and not out.is_dir():
            raise InvalidInput(f"{out} is a file: this export writes a folder")
    elif out.is_dir():
        raise InvalidInput(f"{out} is a folder: give a file name for the {fmt} export")
    with backend.worker_library(home) as library:
        if fmt == "markdown":
            written = library.export_markdown(out)
            return f"wrote {len(written)} Markdown files to {out}"
        if fmt == "folder":
            json_file, pdfs = library.export_folder(out)
            return f"wrote {json_file} and {pdfs} PDF{'s' if pdfs != 1 else ''} beside it"
        from paperpass.library.export import write_atomic

        text = library.export_json() if fmt == "json" else library.export_citations(fmt)
        write_atomic(out, text + "\n")
        return f"wrote {out}"


class ExportDialog(PaperpassDialog[str | None]):
    """Pick a format, check the path, enter exports; dismisses with the line saying what was written."""

    BINDINGS = [Binding("escape", "close", "Close")]

    def __init__(self) -> None:
        super().__init__()
        self.fmt = "json"
        self.typed = False  # the user edited the path (a format change then leaves it alone)
        self.exporting = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(Text("Export the library", style="bold"))
            yield OptionList(*[Option(Text(label), id=name) for name, (label, _) in FORMATS.items()],
                             id="export-format")
            yield Label(Text("to (a file; a folder for Markdown and for JSON with the PDFs):"))
            yield Input(str(default_export_path(self.app.home, self.fmt)), id="export-path")
            yield Static(Text("↑↓ format · tab to the path · enter exports · escape closes", style="dim"),
                         id="export-status")

    def on_mount(self) -> None:
        self.query_one("#export-format", OptionList).highlighted = 0

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#export-status", Static).update(Text(text, style=style))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.fmt = event.option.id or "json"
        if not self.typed:
            box = self.query_one("#export-path", Input)
            with box.prevent(Input.Changed):
                box.value = str(default_export_path(self.app.home, self.fmt))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#export-path", Input).focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.typed = event.value != str(default_export_path(self.app.home, self.fmt))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.exporting:
            return
        text = event.value.strip()
        if not text:
            self._status("give a path to export to", "yellow")
            return
        self.exporting = True
        self._status(f"exporting {self.fmt}…", "yellow")
        self.export(self.app, self.fmt, Path(text).expanduser())

    @work(thread=True, exclusive=True, group="export", name="the export", exit_on_error=False)
    def export(self, app: PaperpassApp, fmt: str, out: Path) -> None:
        # `app` is handed in: once the dialog is closed, the thread cannot find the app through it
        try:
            line = export_to(app.home, fmt, out)
        except PaperpassError as exc:
            app.call_from_thread(self.failed, app, str(exc))
            return
        app.call_from_thread(self.done, app, line)

    def done(self, app: PaperpassApp, line: str) -> None:
        self.exporting = False
        app.notify(line, title="export", markup=False)
        if self.is_current:
            self.dismiss(line)

    def failed(self, app: PaperpassApp, reason: str) -> None:
        self.exporting = False
        line = reason.splitlines()[0] if reason else "failed"
        if self.is_current:
            self._status(line, "red")
        else:
            app.notify_error(f"the export failed: {line}")

    def on_work_failed(self, message: WorkFailed) -> None:
        self.failed(self.app, f"{message.what} failed: {message.reason}")

    def action_close(self) -> None:
        self.dismiss(None)
