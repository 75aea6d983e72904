"""Classics: the seeded lists and the user's own, with progress per list and per paper.

One key starts pass 1; a classic without its PDF is fetched first in a worker,
with progress, and the reader opens even when the fetch fails (offline).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import OptionList, ProgressBar, Static
from textual.widgets.option_list import Option

from paperpass.errors import PaperpassError
from paperpass.models import ListEntry, ListProgress
from paperpass.tui import backend
from paperpass.tui.messages import PdfProgress, PdfReady
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.screens.library import STATE_LABELS, STATE_STYLES
from paperpass.tui.screens.triage import cell
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.paper_list import Column, PaperList


def progress_bar(done: int, begun: int, total: int, width: int = 6) -> str:
    """Read papers as full blocks, begun ones as half-shaded, the rest light."""
    full = round(width * done / total) if total else 0
    started = max(0, (round(width * begun / total) if total else 0) - full)
    return "█" * full + "▓" * started + "░" * (width - full - started)


# The papers of a list: a PaperList (as on the library and triage screens) over the list's entries.
COLUMNS = [
    Column("Status", 7, lambda e: cell(STATE_LABELS[e.status], STATE_STYLES[e.status])),
    Column("Title", 52, lambda e: cell(e.title, "bold")),
    Column("Year", 4, lambda e: cell(str(e.year or ""))),
    Column("arXiv", 10, lambda e: cell(e.arxiv_id or "", "dim")),
]


class ClassicsScreen(PaperpassScreen):
    """The papers everyone should know, and your own reading lists."""

    AUTO_FOCUS = "#classic-papers"
    BINDINGS = [
        Binding("p", "start_pass1", "Start pass 1"),
        Binding("o", "open", "Open", show=False),
        Binding("n", "app.new_list", "New list"),
        Binding("a", "add_to_list", "Add to list"),
        Binding("left,h", "focus_lists", "Lists", show=False),
        Binding("right", "focus_papers", "Papers", show=False),
    ]
    PALETTE_ACTIONS = [
        ("start_pass1", "Classics: start pass 1 on the highlighted paper", "fetches the PDF first if needed"),
        ("add_to_list", "Classics: add the highlighted paper to a reading list", "pick one of your lists"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.entries: list[ListEntry] = []
        self.list_names: list[str] = []
        self.selected_list: str | None = None
        self.fetching: int | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="classics-status", classes="status")
        with Horizontal(classes="body"):
            yield OptionList(id="lists")
            yield PaperList(COLUMNS, lambda e: e.id, id="classic-papers")
        yield ProgressBar(id="pdf-progress", show_eta=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#pdf-progress").display = False
        self.reload()

    def on_screen_resume(self) -> None:
        if self.entries:
            self.reload()

    def library_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        library = self.app.library
        self.entries = self.app.guarded(library.list_entries) or []
        progress = library.list_progress(self.entries)
        # Empty user lists have no entries yet but still belong in the list of lists.
        for lst in self.app.guarded(library.lists) or []:
            if lst.kind == "user" and lst.name not in progress:
                progress[lst.name] = ListProgress()
        self.list_names = list(progress)
        self.query_one("#classic-papers", PaperList).forget_cells()  # statuses and titles may have changed
        lists = self.query_one("#lists", OptionList)
        highlighted = self.selected_list
        lists.clear_options()
        for name in self.list_names:
            p = progress[name]
            prompt = Text(name, style="bold")
            prompt.append(f"\n{progress_bar(p.done, p.begun, p.total)} {p.done}/{p.total} read · {p.begun} begun",
                          style="dim")
            lists.add_option(Option(prompt, id=name))
        if self.list_names:
            index = self.list_names.index(highlighted) if highlighted in self.list_names else 0
            lists.highlighted = index
            self.show_list(self.list_names[index])
        begun = sum(e.status != "unread" for e in self.entries)
        done = sum(e.status == "done" for e in self.entries)
        text = Text()
        text.append(f"Classics and lists · {len(self.list_names)} lists", style="bold")
        text.append(f" · {done}/{len(self.entries)} papers read · {begun} begun")
        self.query_one("#classics-status", Static).update(text)

    def show_list(self, name: str) -> None:
        self.selected_list = name
        papers = self.query_one("#classic-papers", PaperList)
        papers.set_items([e for e in self.entries if e.list_name == name], row=papers.cursor)

    def current(self) -> ListEntry | None:
        return self.query_one("#classic-papers", PaperList).highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.selected_list:
            self.query_one("#classic-papers", PaperList).move_cursor(0)
            self.show_list(event.option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_focus_papers()

    def on_paper_list_selected(self, event: PaperList.Selected) -> None:
        self.action_start_pass1()

    def action_focus_lists(self) -> None:
        self.set_focus(self.query_one("#lists"))

    def action_focus_papers(self) -> None:
        self.set_focus(self.query_one("#classic-papers"))

    def action_open(self) -> None:
        self.action_start_pass1()

    def action_add_to_list(self) -> None:
        entry = self.current()
        if entry is not None:
            from paperpass.tui.widgets.name_prompt import add_to_list_flow

            add_to_list_flow(self.app, entry.id, entry.title, on_done=self.reload)

    # -- pass 1, fetching the PDF first when needed ------------------------------

    def action_start_pass1(self) -> None:
        entry = self.current()
        if entry is None:
            return
        if self.fetching is not None:
            self.notify("a PDF is being fetched; one moment", timeout=3)
            return
        paper = self.app.guarded(self.app.library.paper, entry.id)
        if paper is None:
            return
        if paper.pdf_path and Path(paper.pdf_path).is_file():
            self.app.open_reader(paper.stored_id, pass_no=1)
            return
        self.fetching = paper.id
        bar = self.query_one("#pdf-progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.display = True
        self.notify(f"fetching the PDF of {paper.title[:60]}…", timeout=4, markup=False)
        self.fetch_pdf(paper.id)

    @work(thread=True, exclusive=True, group="pdf", exit_on_error=False)
    def fetch_pdf(self, paper_id: int) -> None:
        def progress(_what: str, done: int, total: int | None) -> None:
            self.post_message(PdfProgress(paper_id, done, total))

        try:
            paper = backend.fetch_pdf(self.app.home, paper_id, progress)
        except PaperpassError as exc:
            error = str(exc)
        except ImportError:
            error = "PDF download is not available in this install"
        except Exception as exc:  # noqa: BLE001 - whatever the download does, the reader still opens on the metadata
            error = f"{type(exc).__name__}: {exc}"
        else:
            self.post_message(PdfReady(paper))
            return
        with backend.worker_library(self.app.home) as library:
            self.post_message(PdfReady(library.paper(paper_id), error=error.splitlines()[0] if error else "failed"))

    def on_pdf_progress(self, message: PdfProgress) -> None:
        self.query_one("#pdf-progress", ProgressBar).update(total=message.total, progress=message.done)

    def on_pdf_ready(self, message: PdfReady) -> None:
        self.fetching = None
        self.query_one("#pdf-progress").display = False
        # One notification, from the reader, which opens on the metadata when there is no PDF.
        self.app.open_reader(message.paper.stored_id, pass_no=1, pdf_error=message.error)
