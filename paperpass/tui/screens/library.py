"""Library: every paper with its reading state, the reading queue on top; sortable and filterable.

The list is a PaperList (only the visible rows are drawn) over plain Python lists: the rows of a sort are
sorted once, the state, tag/list filters pass over them, and the text filter narrows lower-cased haystacks
made once per paper (a letter more narrows the last list; a filter met before is found again), so a key
costs about the same for 50 papers or 50,000.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Hashable
from itertools import compress
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Static

from paperpass.library.views import LibraryRow
from paperpass.models import Paper, QueueEntry
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.screens.triage import cell
from paperpass.tui.widgets.filter_input import CharIndex, FilterInput, IndexesChars, matches, narrow, nearest_kept
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.manage import FetchesPdfs, delete_flow
from paperpass.tui.widgets.paper_detail import PaperDetail
from paperpass.tui.widgets.paper_list import Column, PaperList
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.words import count

STATES = ("unread", "pass1", "pass2", "pass3", "done", "dropped")
STATE_LABELS = {"unread": "unread", "pass1": "pass 1", "pass2": "pass 2", "pass3": "pass 3",
                "done": "done", "dropped": "dropped"}
STATE_STYLES = {"unread": "dim", "pass1": "cyan", "pass2": "blue", "pass3": "magenta", "done": "green",
                "dropped": "red"}
# "newest" is the library's own order (store.papers.list_papers: newest first, a date of a month or year alone
# counted from the day triage counts it from); the other sorts sort by their key.
SORTS: dict[str, Callable[[LibraryRow], Any] | None] = {
    "newest": None,
    "title": lambda r: r.paper.title.lower(),
    "state": lambda r: STATES.index(r.state),
    "year": lambda r: r.paper.year or 0,
}
REVERSED = {"year"}
STATE_FILTERS = ("all", "queue", *STATES)

# A row of the list: a library paper, or (in the queue view) a queued reference not in the library yet.
Item = LibraryRow | QueueEntry


def item_key(item: Item) -> Hashable:
    """A row's key: the paper id, or ("ref", citing paper, position) for a queued reference."""
    if isinstance(item, LibraryRow):
        return item.paper.id
    return ("ref", item.cited_by, item.position)


def _queue_cell(item: Item) -> Text:
    return cell("▶" if not isinstance(item, LibraryRow) or item.queued else "", "yellow")


def _state_cell(item: Item) -> Text:
    if isinstance(item, LibraryRow):
        return cell(STATE_LABELS[item.state], STATE_STYLES[item.state])
    return cell("cited", "dim")


def _title_cell(item: Item) -> Text:
    if isinstance(item, LibraryRow):
        return cell(item.paper.title, "bold" if item.queued else "")
    return cell(" ".join((item.reference or "").split()), "italic")


def _decision_cell(item: Item) -> Text:
    return cell((item.decision or "") if isinstance(item, LibraryRow) else "", "dim")


def _year_cell(item: Item) -> Text:
    if isinstance(item, LibraryRow):
        return cell(str(item.paper.year or (item.paper.published or "")[:4]))
    return cell("")


def _source_cell(item: Item) -> Text:
    return cell(item.paper.source if isinstance(item, LibraryRow) else "ref", "dim")


COLUMNS = [Column("", 1, _queue_cell), Column("State", 7, _state_cell), Column("Title", 44, _title_cell),
           Column("Triage", 6, _decision_cell), Column("Year", 4, _year_cell), Column("Source", 8, _source_cell)]


def reader_pass(state: str) -> int:
    """The pass the reader opens at: the one in progress (pass 3 for a finished paper)."""
    return {"pass2": 2, "pass3": 3, "done": 3}.get(state, 1)


class LibraryScreen(FetchesPdfs, IndexesChars, PaperpassScreen):
    """Every paper you have, and where you are with it."""

    AUTO_FOCUS = "#library-list"
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
        ("edit", "Library: edit the highlighted paper", "title, authors, year, venue, kind, tags"),
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
        self.haystacks: dict[int, str] = {}  # lower-cased title, authors, categories, tags, id: made once a paper
        self._version = 0  # one more whenever the rows are read again (reload)
        self._sorted: dict[str, list[LibraryRow]] = {}  # sort -> every row in that order (queue first)
        # The lists shown, kept for the current rows, sort, state and group: filter text -> (items, their
        # haystacks); "" is the unfiltered list. A letter more narrows the last list; backspace finds its list.
        self._filtered: dict[str, tuple[list[Item], list[str]]] = {}
        self._filtered_for: tuple = ()
        self._stale = False  # another screen was shown since the rows were read
        # Which characters each haystack of the unfiltered list holds (made in idle time once it is listed):
        # a one-letter filter (the first key typed) reads no haystack (with 50,000 that scan was ~15 ms).

    def compose(self) -> ComposeResult:
        yield Static(id="library-status", classes="status")
        yield FilterInput(placeholder="/ to filter by words in title, authors, categories", id="filter")
        with Horizontal(classes="body"):
            yield PaperList(COLUMNS, item_key, id="library-list")
            yield PaperDetail(id="detail")
        yield FetchBar()
        yield KeysFooter()

    def on_mount(self) -> None:
        # The list follows the filter box and the cursor in the same turn as the key (watchers), so the box,
        # the list and the detail pane are drawn in one frame (as on the triage screen).
        self.watch(self.query_one("#filter", FilterInput), "value", self._filter_typed, init=False)
        self.watch(self.query_one("#library-list", PaperList), "moved_to", self._show, init=False)
        self.reload()

    def on_screen_suspend(self) -> None:
        self._stale = True  # another screen may change states, decisions or the queue meanwhile

    def on_screen_resume(self) -> None:
        # Read again only after another screen was shown: Textual resumes a new screen (twice) after mounting
        # it, and with 50,000 papers each reading takes seconds.
        if self._stale:
            self._stale = False
            self.reload()

    def library_changed(self) -> None:
        self.reload()

    def _kept_key(self) -> Hashable | None:
        item = self.query_one("#library-list", PaperList).highlighted
        return item_key(item) if item is not None else None

    def reload(self) -> None:
        keep = self._kept_key()
        self.rows = self.app.guarded(self.app.library.library_rows) or []
        self.queue = self.app.guarded(self.app.library.reading_queue) or []
        self.haystacks = {r.paper.stored_id: " ".join([r.paper.title, *r.paper.authors, *r.paper.categories,
                                                *r.tags, r.paper.arxiv_id or ""]).lower() for r in self.rows}
        self.group_ids = self._group_ids(self.group)
        self._version += 1
        self._sorted = {}
        self.query_one("#library-list", PaperList).forget_cells()  # titles, states, tags may have changed
        self.rebuild(keep_on=keep)
        # The rows live as long as the screen: out of the collector's sight (as on the triage screen), a full
        # collection no longer walks every paper (with 50,000 papers one took longer than a keypress may).
        gc.freeze()

    def _group_ids(self, group: str | None) -> set[int]:
        if group is None:
            return set()
        kind, _, name = group.partition(":")
        if kind == "tag":
            return {r.paper.stored_id for r in self.rows if name in r.tags}
        return {e.id for e in self.app.guarded(self.app.library.list_entries, name) or [] if e.id is not None}

    def _rows_sorted(self) -> list[LibraryRow]:
        """Every row in the sort's order, the queue first (kept until the rows are read again)."""
        rows = self._sorted.get(self.sort)
        if rows is None:
            key = SORTS[self.sort]
            queued = [r for r in self.rows if r.queued]  # with newest, in the order it was queued
            rest = [r for r in self.rows if not r.queued]
            if key is not None:
                queued.sort(key=key, reverse=self.sort in REVERSED)
                rest.sort(key=key, reverse=self.sort in REVERSED)
            rows = self._sorted[self.sort] = queued + rest
        return rows

    def _unfiltered(self) -> tuple[list[Item], list[str]]:
        """The rows of the sort, state and group (and the queued references in the queue view), no text filter."""
        rows = self._rows_sorted()
        if self.group is not None:
            rows = [r for r in rows if r.paper.id in self.group_ids]
        if self.state_filter == "queue":
            rows = [r for r in rows if r.queued]
        elif self.state_filter != "all":
            rows = [r for r in rows if r.state == self.state_filter]
        items: list[Item] = list(rows)
        haystacks = [self.haystacks[r.paper.stored_id] for r in rows]
        if self.state_filter == "queue" and self.group is None:
            # Queued references whose paper is not in the library yet: their text, and who cites them.
            references = [e for e in self.queue if e.id is None]
            items += references
            haystacks += [(e.reference or "").lower() for e in references]
        return items, haystacks

    def _visible(self, text: str | None = None) -> list[Item]:
        """The rows shown for the filter (or `text`), kept until the rows, sort, state or group change (never
        to be changed in place): a filter met before is found again, one that grew from a kept one narrows it."""
        current = (self._version, self.sort, self.state_filter, self.group)
        if self._filtered_for != current:
            self._filtered, self._filtered_for = {}, current
        filtered = self._filtered
        text = self.filter_text if text is None else text
        if text in filtered:
            return filtered[text][0]
        if "" not in filtered:
            filtered[""] = self._unfiltered()
            self._chars = CharIndex(filtered[""][1])
            self._index_chars(self._chars)
        chars, need = self._chars, CharIndex.lookup(text)
        if need is not None and chars is not None and chars.ready and chars.haystacks is filtered[""][1]:
            hit = chars.holding(need).tolist()
            items, haystacks = filtered[""]
            filtered[text] = (list(compress(items, hit)), list(compress(haystacks, hit)))
            return filtered[text][0]
        within = nearest_kept(filtered, text)
        filtered[text] = narrow(*filtered[within], within, text)
        return filtered[text][0]

    def visible_rows(self) -> list[LibraryRow]:
        """The library papers listed (not the queued references), in the list's order."""
        return [i for i in self._visible() if isinstance(i, LibraryRow)]

    def rebuild(self, keep_on: Hashable | None = None) -> None:
        """List the rows again, the cursor on the row keyed `keep_on` if it is listed, else at the top."""
        paper_list = self.query_one("#library-list", PaperList)
        paper_list.set_items(self._visible(), keep=keep_on, row=0, shared=True)
        self.counts = (len(self.rows), len(self.queue), paper_list.row_count)
        self._show(paper_list.highlighted)

    def current(self) -> LibraryRow | None:
        item = self.query_one("#library-list", PaperList).highlighted
        return item if isinstance(item, LibraryRow) else None

    def current_reference(self) -> QueueEntry | None:
        """The queued reference under the cursor (a row of a reference not in the library yet)."""
        item = self.query_one("#library-list", PaperList).highlighted
        return item if isinstance(item, QueueEntry) else None

    def _show(self, item: Item | None) -> None:
        """The cursor is on another row: the detail pane follows (in the same turn as the key)."""
        row = item if isinstance(item, LibraryRow) else None
        if row is not self.current_row or row is None:  # (from one queued reference to another, too)
            self.current_row = row

    def watch_current_row(self, row: LibraryRow | None) -> None:
        extra = None
        if row is not None:
            extra = f"state: {STATE_LABELS[row.state]}" + (f" · triage: {row.decision}" if row.decision else "")
            if row.queued:
                extra += f" · in the reading queue ({row.queued_by})"
            if row.tags:
                extra += " · tags: " + ", ".join(row.tags)
            self.query_one("#detail", PaperDetail).show(row.paper, extra=extra)
            return
        reference = self.current_reference()
        if reference is not None:  # a reference queued to read, not a paper of the library yet
            empty = (f"{reference.reference}\n\n{reference.reason}, queued {(reference.since or '')[:10]}; "
                     "enter opens the citing paper at pass 2")
        else:
            empty = "Nothing matches the filter." if self.filter_text else "No papers in this view."
        self.query_one("#detail", PaperDetail).show(None, empty=empty)

    def compute_status_line(self) -> Text:
        papers, queued, shown = self.counts
        text = Text()
        text.append(f"Library · {count(papers, 'paper')}", style="bold")
        text.append(f" · {queued} in the reading queue · showing {shown}")
        # Only what narrows or re-orders the list (not the defaults): at 80 columns the tag or list still shows.
        if self.state_filter != "all":
            text.append(f" · state: {self.state_filter}", style="dim")
        if self.sort != "newest":
            text.append(f" · sort: {self.sort}", style="dim")
        if self.group is not None:
            kind, _, name = self.group.partition(":")
            text.append(f" · {kind} ")
            text.append(name, style="bold cyan")
        if self.filter_text:
            text.append(" · filter ")
            text.append(repr(self.filter_text), style="italic")
        return text

    def watch_status_line(self, text: Text) -> None:
        self.query_one("#library-status", Static).update(text, layout=False)  # one line, the bar's width

    def on_paper_list_highlighted(self, event: PaperList.Highlighted) -> None:
        self._show(event.item)

    def on_paper_list_selected(self, event: PaperList.Selected) -> None:
        self.action_open()

    def _filter_typed(self, value: str) -> None:
        if value.strip() == self.filter_text:
            return
        self.filter_text = value.strip()
        # The cursor stays on its row when the row still matches; otherwise the list shows its top.
        current = self.current()
        keep = None
        if current is not None and matches(self.haystacks.get(current.paper.stored_id, ""), self.filter_text):
            keep = current.paper.id
        self.rebuild(keep_on=keep)

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
        self.set_focus(self.query_one("#filter", FilterInput))  # now: the letters typed next are the filter's

    def action_cycle_state(self) -> None:
        self.state_filter = STATE_FILTERS[(STATE_FILTERS.index(self.state_filter) + 1) % len(STATE_FILTERS)]
        self.rebuild(keep_on=self._kept_key())

    def action_cycle_sort(self) -> None:
        names = list(SORTS)
        self.sort = names[(names.index(self.sort) + 1) % len(names)]
        self.rebuild(keep_on=self._kept_key())

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
        keep = self._kept_key()
        self.group_ids = self._group_ids(group)
        self.group = group
        self.rebuild(keep_on=keep)

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
                self.app.library_changed()  # this list reloads now; triage, holding its week, when shown

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
