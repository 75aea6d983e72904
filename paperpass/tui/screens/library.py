"""Library: every paper with its reading state, the reading queue on top; sortable and filterable."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import DataTable, Static

from paperpass.library.views import LibraryRow
from paperpass.models import Paper, QueueEntry
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.screens.triage import cell
from paperpass.tui.widgets.filter_input import FilterInput, matches
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.manage import FetchesPdfs, delete_flow
from paperpass.tui.widgets.paper_detail import PaperDetail
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.words import count

STATES = ("unread", "pass1", "pass2", "pass3", "done", "dropped")
STATE_LABELS = {"unread": "unread", "pass1": "pass 1", "pass2": "pass 2", "pass3": "pass 3",
                "done": "done", "dropped": "dropped"}
STATE_STYLES = {"unread": "dim", "pass1": "cyan", "pass2": "blue", "pass3": "magenta", "done": "green",
                "dropped": "red"}
SORTS = {
    "newest": lambda r: (r.paper.published or r.paper.added or ""),
    "title": lambda r: r.paper.title.lower(),
    "state": lambda r: STATES.index(r.state),
    "year": lambda r: r.paper.year or 0,
}
REVERSED = {"newest", "year"}
STATE_FILTERS = ("all", "queue", *STATES)


def reader_pass(state: str) -> int:
    """The pass the reader opens at: the one in progress (pass 3 for a finished paper)."""
    return {"pass2": 2, "pass3": 3, "done": 3}.get(state, 1)


class LibraryScreen(FetchesPdfs, PaperpassScreen):
    """Every paper you have, and where you are with it."""

    AUTO_FOCUS = "#library-table"
    BINDINGS = [
        Binding("o", "open", "Open"),
        Binding("slash", "filter", "Filter"),
        Binding("f", "cycle_state", "State"),
        Binding("r", "cycle_sort", "Sort"),
        Binding("a", "add_to_list", "Add to list"),
        Binding("g", "pick_group", "Tag/list"),
        Binding("e", "edit", "Edit"),
        Binding("p", "fetch_pdf", "Fetch PDF"),
        Binding("D", "delete", "Delete"),
        Binding("u", "app.undo_delete", "Undo delete", show=False),
        Binding("escape", "cancel_fetch", "Cancel the fetch", show=False),  # only while a PDF is fetched
    ]
    PALETTE_ACTIONS = [
        ("add_to_list", "Library: add the highlighted paper to a reading list", "pick one of your lists"),
        ("cycle_sort", "Library: change the sort order", "newest, title, state, year"),
        ("pick_group", "Library: show one tag or one list", "the papers with a tag, or in a reading list"),
        ("edit", "Library: edit the highlighted paper", "title, authors, year, venue, tags"),
        ("fetch_pdf", "Library: fetch the PDF of the highlighted paper", "with progress; p or escape cancels"),
        ("delete", "Library: delete the highlighted paper", "asks first, says what goes with it; u undoes"),
    ]

    # The screen's state; the status line and the detail pane follow it (compute_/watch_ methods).
    filter_text: var[str] = var("", init=False)
    state_filter: var[str] = var("all", init=False)
    sort: var[str] = var("newest", init=False)
    group: var[str | None] = var(None, init=False)  # "tag:NAME" or "list:NAME": only those papers shown
    counts: var[tuple[int, int, int]] = var((0, 0, 0), init=False)  # papers, in the queue, rows shown
    current_row: var[LibraryRow | None] = var(None, init=False, always_update=True)  # under the cursor
    status_line: var[Text] = var(Text(), init=False)

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[LibraryRow] = []
        self.queue: list[QueueEntry] = []  # the reading queue, with references not in the library yet
        self.group_ids: set[int] = set()  # the papers of the tag or list picked (`group`)

    def compose(self) -> ComposeResult:
        yield Static(id="library-status", classes="status")
        yield FilterInput(placeholder="/ to filter by words in title, authors, categories", id="filter")
        with Horizontal(classes="body"):
            yield DataTable(id="library-table", cursor_type="row", zebra_stripes=True)
            yield PaperDetail(id="detail")
        yield FetchBar()
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#library-table", DataTable)
        table.add_column("", width=1, key="queue")
        table.add_column("State", width=7, key="state")
        table.add_column("Title", width=44, key="title")
        table.add_column("Triage", width=6, key="decision")
        table.add_column("Year", width=4, key="year")
        table.add_column("Source", width=8, key="source")
        self.reload()

    def on_screen_resume(self) -> None:
        if self.rows:
            self.reload()

    def library_changed(self) -> None:
        self.reload()

    def reload(self) -> None:
        current = self.current()
        self.rows = self.app.guarded(self.app.library.library_rows) or []
        self.queue = self.app.guarded(self.app.library.reading_queue) or []
        self.haystacks = {r.paper.id: " ".join([r.paper.title, *r.paper.authors, *r.paper.categories,
                                                *r.tags, r.paper.arxiv_id or ""]).lower() for r in self.rows}
        self.group_ids = self._group_ids(self.group)
        self.rebuild(keep_on=current.paper.id if current else None)

    def _group_ids(self, group: str | None) -> set[int]:
        if group is None:
            return set()
        kind, _, name = group.partition(":")
        if kind == "tag":
            return {r.paper.stored_id for r in self.rows if name in r.tags}
        return {e.id for e in self.app.guarded(self.app.library.list_entries, name) or [] if e.id is not None}

    def visible_rows(self) -> list[LibraryRow]:
        rows = [r for r in self.rows if not self.filter_text or matches(self.haystacks[r.paper.id], self.filter_text)]
        if self.group is not None:
            rows = [r for r in rows if r.paper.id in self.group_ids]
        if self.state_filter == "queue":
            rows = [r for r in rows if r.queued]
        elif self.state_filter != "all":
            rows = [r for r in rows if r.state == self.state_filter]
        key = SORTS[self.sort]
        queue = sorted((r for r in rows if r.queued), key=key, reverse=self.sort in REVERSED)
        rest = sorted((r for r in rows if not r.queued), key=key, reverse=self.sort in REVERSED)
        if self.sort == "newest":  # the queue keeps the order it was queued in
            queue = [r for r in rows if r.queued]
        return queue + rest

    def rebuild(self, keep_on: int | None = None) -> None:
        table = self.query_one("#library-table", DataTable)
        table.clear()
        for r in self.visible_rows():
            table.add_row(
                cell("▶" if r.queued else "", "yellow"),
                cell(STATE_LABELS[r.state], STATE_STYLES[r.state]),
                cell(r.paper.title, "bold" if r.queued else ""),
                cell(r.decision or "", "dim"),
                cell(str(r.paper.year or (r.paper.published or "")[:4])),
                cell(r.paper.source, "dim"),
                key=str(r.paper.id),
            )
        if self.state_filter == "queue" and self.group is None:
            # Queued references whose paper is not in the library yet: their text, and who cites them.
            for e in self.queue:
                reference = e.reference or ""
                if e.id is None and (not self.filter_text or matches(reference.lower(), self.filter_text)):
                    table.add_row(cell("▶", "yellow"), cell("cited", "dim"),
                                  cell(" ".join(reference.split()), "italic"), cell("", "dim"),
                                  cell(""), cell("ref", "dim"), key=f"ref-{e.cited_by}-{e.position}")
        if keep_on is not None and str(keep_on) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep_on)), animate=False)
        self.counts = (len(self.rows), len(self.queue), table.row_count)
        self.current_row = self.current()

    def current(self) -> LibraryRow | None:
        table = self.query_one("#library-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((r for r in self.rows if str(r.paper.id) == key), None)

    def current_reference(self) -> QueueEntry | None:
        """The queued reference under the cursor (a row of a reference not in the library yet)."""
        table = self.query_one("#library-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        return next((e for e in self.queue if e.id is None and key == f"ref-{e.cited_by}-{e.position}"), None)

    def watch_current_row(self, row: LibraryRow | None) -> None:
        extra = None
        if row is not None:
            extra = f"state: {STATE_LABELS[row.state]}" + (f" · triage: {row.decision}" if row.decision else "")
            if row.queued:
                extra += f" · in the reading queue ({row.queued_by})"
            if row.tags:
                extra += " · tags: " + ", ".join(row.tags)
        self.query_one("#detail", PaperDetail).show(row.paper if row else None, extra=extra)

    def compute_status_line(self) -> Text:
        papers, queued, shown = self.counts
        text = Text()
        text.append(f"Library · {count(papers, 'paper')}", style="bold")
        text.append(f" · {queued} in the reading queue · showing {shown}")
        text.append(f" · state: {self.state_filter} · sort: {self.sort}", style="dim")
        if self.group is not None:
            kind, _, name = self.group.partition(":")
            text.append(f" · {kind} ")
            text.append(name, style="bold cyan")
        if self.filter_text:
            text.append(" · filter ")
            text.append(repr(self.filter_text), style="italic")
        return text

    def watch_status_line(self, text: Text) -> None:
        self.query_one("#library-status", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.current_row = self.current()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, event: FilterInput.Changed) -> None:
        if event.input.id == "filter":
            current = self.current()
            self.filter_text = event.value.strip()
            self.rebuild(keep_on=current.paper.id if current else None)

    def action_open(self) -> None:
        row = self.current()
        if row is not None:
            self.app.open_reader(row.paper.stored_id, pass_no=reader_pass(row.state))
            return
        reference = self.current_reference()
        if reference is not None and reference.cited_by is not None:
            # the citing paper, at pass 2 where its references were queued
            self.app.open_reader(reference.cited_by, pass_no=2)

    def action_filter(self) -> None:
        self.query_one("#filter", FilterInput).focus()

    def action_cycle_state(self) -> None:
        self.state_filter = STATE_FILTERS[(STATE_FILTERS.index(self.state_filter) + 1) % len(STATE_FILTERS)]
        current = self.current()
        self.rebuild(keep_on=current.paper.id if current else None)

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        current = self.current()
        self.rebuild(keep_on=current.paper.id if current else None)

    def action_add_to_list(self) -> None:
        row = self.current()
        if row is not None:
            from paperpass.tui.widgets.name_prompt import add_to_list_flow

            add_to_list_flow(self.app, row.paper.stored_id, row.paper.title)

    # -- tags and lists as filters ----------------------------------------------------------

    def action_pick_group(self) -> None:
        """Pick a tag or a reading list; only its papers are shown (everything again with the first choice)."""
        from paperpass.tui.widgets.name_prompt import ChoicePrompt

        library = self.app.library
        everything = "everything (no tag or list)"
        choices = [everything]
        choices += [f"tag: {t}" for t in self.app.guarded(library.tags) or []]
        choices += [f"list: {lst.name}" for lst in self.app.guarded(library.lists) or []]

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            kind, _, name = choice.partition(": ")
            self.show_group(None if choice == everything else f"{kind}:{name}")

        self.app.push_screen(ChoicePrompt("Show the papers of which tag or list?", choices), chosen)

    def show_group(self, group: str | None) -> None:
        current = self.current()
        self.group_ids = self._group_ids(group)
        self.group = group
        self.rebuild(keep_on=current.paper.id if current else None)

    # -- managing the highlighted paper: edit, fetch its PDF, delete --------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "cancel_fetch":
            return self.query_one(FetchBar).running
        return True

    def action_edit(self) -> None:
        row = self.current()
        if row is None:
            return
        from paperpass.tui.widgets.edit_paper import EditPaperDialog

        def saved(paper: Paper | None) -> None:
            if paper is not None:
                self.reload()

        self.app.push_screen(EditPaperDialog(row.paper, list(row.tags)), saved)

    def paper_to_fetch(self) -> Paper | None:
        row = self.current()
        return row.paper if row is not None else None

    def fetched(self, paper: Paper) -> None:
        self.reload()

    def action_delete(self) -> None:
        row = self.current()
        if row is not None:
            delete_flow(self.app, row.paper.stored_id)
