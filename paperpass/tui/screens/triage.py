"""Triage: the week's papers, ranked, decided one key at a time.

The store's recency order shows at once; the ranking (which embeds, so it may
take seconds) runs in a worker and re-orders the list when it returns.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import DataTable, Static

from paperpass.errors import PaperpassError
from paperpass.models import DECISION_DONE, Paper, TriageWindow
from paperpass.tui import backend
from paperpass.tui.messages import RankingReady, WorkFailed
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.widgets.filter_input import FilterInput, matches
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.manage import fetch_done
from paperpass.tui.widgets.paper_detail import PaperDetail
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.words import count, describe_window

# Widths the triage window steps through with w (wider) and W (narrower); None is every date.
WINDOW_STEPS: tuple[int | None, ...] = (1, 3, 7, 14, 30, 90, 365, None)
# The table holds a window of the list and grows as the cursor nears its end: building
# thousands of rows on every filter keystroke or undo would make the keys lag.
WINDOW = 150


def cell(text: str, style: str = "") -> Text:
    """A table cell: plain text (feed titles may hold '[' and must not be read as markup), one line."""
    return Text(" ".join(text.split()), style=style, no_wrap=True, overflow="ellipsis")


@dataclass(frozen=True)
class TriageCounts:
    """What the status line counts, recounted whenever the lists change (see TriageScreen.recount)."""

    left: int = 0  # papers still to triage
    total: int = 0  # papers of the window
    decided: tuple[tuple[str, int], ...] = ()  # (what was done, how many) of this screen's decisions
    deferred: int = 0  # papers still deferred
    matching: int = 0  # papers listed (those matching the filter)
    elsewhere: int = 0  # deferred papers matching the filter, when the triage view is shown
    span: str = ""  # which days are listed


class TriageScreen(PaperpassScreen):
    """Decide the week's papers: keep, skip or defer, best first; the deferred ones in a view of their own."""

    AUTO_FOCUS = "#papers"
    BINDINGS = [
        Binding("k", "decide('keep')", "Keep"),
        Binding("x", "decide('skip')", "Skip"),
        Binding("d", "decide('later')", "Defer"),
        Binding("d", "undefer", "Un-defer"),  # in the deferred view (check_action): back to triage
        Binding("o", "open", "Open (pass 1)"),
        Binding("u", "undo", "Undo"),
        Binding("slash", "filter", "Filter"),
        Binding("v", "toggle_view", "Deferred"),
        Binding("w", "window(1)", "Wider"),
        Binding("W", "window(-1)", "Narrower", show=False),
        Binding("escape", "to_triage", "Back"),
        Binding("r", "rerank", "Re-rank", show=False),
        Binding("e", "edit", "Edit", show=False),
        Binding("p", "fetch_pdf", "Fetch PDF", show=False),
        Binding("escape", "cancel_fetch", "Cancel the fetch", show=False),  # while a PDF is fetched (triage view)
    ]
    PALETTE_ACTIONS = [
        ("undo", "Triage: undo the last decision", "put the last decided paper back where it was"),
        ("toggle_view", "Triage: deferred papers", "the papers you deferred, to keep, skip or un-defer"),
        ("window(1)", "Triage: a wider window", "show papers from further back"),
        ("rerank", "Triage: rank again", "recompute the ranking of the week"),
        ("edit", "Triage: edit the highlighted paper", "title, authors, year, venue, tags"),
        ("fetch_pdf", "Triage: fetch the PDF of the highlighted paper", "with progress; p or escape cancels"),
    ]

    # The screen's state; the status line, the window line and the detail pane follow it (watch_ methods).
    view: var[str] = var("triage", init=False, bindings=True)  # or "deferred"
    filter_text: var[str] = var("", init=False)
    ranking: var[bool] = var(False, init=False)  # a ranking is running
    ranked: var[bool] = var(False, init=False)  # the list is in ranked order
    counts: var[TriageCounts] = var(TriageCounts(), init=False)
    last: var[str | None] = var(None, init=False, always_update=True)  # what the last key did
    current_paper: var[Paper | None] = var(None, init=False, always_update=True)  # under the cursor
    status_line: var[Text] = var(Text(), init=False)  # computed from the above

    def __init__(self) -> None:
        super().__init__()
        self.days: int | None = 7
        self.window: TriageWindow | None = None
        self.papers: list[Paper] = []  # to triage, in ranked (or recency) order
        self.deferred: list[Paper] = []  # deferred, the latest first
        self.decision: dict[int, str | None] = {}  # each listed paper's decision now (None: to triage)
        self.history: list[tuple[int, str | None]] = []  # (paper, its decision before): what undo restores
        self.reasons: dict[int, list[str]] = {}
        self.haystacks: dict[int, str] = {}
        self.shown: list[Paper] = []  # the visible list; the table holds a prefix of it
        self._deferred_before: set[int] = set()  # deferred before this screen opened
        self.seen_version = 0  # the app's library_version the lists were loaded at

    @property
    def decided(self) -> dict[int, str]:
        """The decisions made on this screen (the papers that left the list to triage)."""
        return {pid: d for pid, d in self.decision.items() if d is not None and pid not in self._deferred_before}

    def compose(self) -> ComposeResult:
        yield Static(id="triage-status", classes="status")
        with Horizontal(id="triage-bar"):
            yield FilterInput(placeholder="/ to filter by words in title, authors, categories", id="filter")
            yield Static(id="triage-window")  # which days are listed (w wider, W narrower)
        with Horizontal(classes="body"):
            yield DataTable(id="papers", cursor_type="row", zebra_stripes=True)
            yield PaperDetail(id="detail")
        yield FetchBar()
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#papers", DataTable)
        # Upvotes first and as wide as the widest number: a narrow pane cuts the columns on the right.
        table.add_column("▲", key="pop")
        table.add_column("Title", width=44, key="title")
        table.add_column("Authors", width=20, key="authors")
        table.add_column("Categories", width=12, key="cats")
        table.add_column("Why", width=32, key="why")
        self.load_window()
        self.call_after_refresh(self._after_first_frame)

    def library_changed(self) -> None:
        """Papers came or went (an add, an ingest, a delete): the window is read and ranked again."""
        self.seen_version = self.app.library_version
        self.load_window()
        self.action_rerank(force=True)

    def on_screen_resume(self) -> None:
        if self.seen_version != self.app.library_version:
            self.library_changed()

    def _after_first_frame(self) -> None:
        if not self.app.first_frame():
            self.action_rerank()

    # -- the lists ----------------------------------------------------------------

    def load_window(self) -> None:
        """The papers of the window (Library.triage_window, as `paperpass triage`) and the deferred ones."""
        library = self.app.library
        window = self.app.guarded(library.triage_window, self.days)
        deferred = self.app.guarded(library.deferred) or []
        self.window = window
        self.deferred = [p for p, _ in deferred]
        self._deferred_before = {p.stored_id for p in self.deferred}
        self.decision = {p.stored_id: "later" for p in self.deferred}
        self.history = []
        self.ranked = False
        self.reasons = {}
        for p in self.deferred:
            self._index(p)
        self.set_papers(window.papers if window else [])

    def _index(self, paper: Paper) -> None:
        self.haystacks[paper.stored_id] = " ".join([paper.title, *paper.authors, *paper.categories,
                                             paper.arxiv_id or ""]).lower()

    def set_papers(self, papers: list[Paper]) -> None:
        self.papers = papers
        for p in papers:
            self._index(p)
            self.decision.setdefault(p.stored_id, None)
        self.rebuild()

    def _matching(self, papers: list[Paper]) -> list[Paper]:
        if not self.filter_text:
            return papers
        return [p for p in papers if matches(self.haystacks[p.stored_id], self.filter_text)]

    def to_triage(self) -> list[Paper]:
        return [p for p in self.papers if self.decision.get(p.stored_id) is None]

    def still_deferred(self) -> list[Paper]:
        return [p for p in self.deferred if self.decision.get(p.stored_id) == "later"]

    def visible_papers(self) -> list[Paper]:
        return self._matching(self.to_triage() if self.view == "triage" else self.still_deferred())

    def rebuild(self, keep_on: int | None = None) -> None:
        table = self.query_one("#papers", DataTable)
        table.clear()
        self.shown = self.visible_papers()
        wanted = WINDOW
        if keep_on is not None:
            index = next((i for i, p in enumerate(self.shown) if p.id == keep_on), 0)
            wanted = max(WINDOW, index + WINDOW // 2)
        self.extend_table(wanted)
        if keep_on is not None and str(keep_on) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep_on)), animate=False)
        self.recount()

    def extend_table(self, upto: int) -> None:
        """Add rows of the visible list to the table until it holds `upto` (or all of them)."""
        table = self.query_one("#papers", DataTable)
        for p in self.shown[table.row_count:upto]:
            why = ("; ".join(self.reasons.get(p.stored_id, []))
                   or ("" if self.ranked else f"new {(p.published or '')[:10]}"))
            upvotes = cell(str(p.popularity) if p.popularity is not None else "", "yellow")
            upvotes.justify = "right"
            table.add_row(
                upvotes,
                cell(p.title, "bold"),
                cell(", ".join(p.authors[:3]) + (" et al." if len(p.authors) > 3 else "")),
                cell(" ".join(p.categories[:3]), "dim"),
                cell(why, "green"),
                key=str(p.id),
            )

    def current(self) -> Paper | None:
        table = self.query_one("#papers", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.shown if str(p.id) == key), None)

    def recount(self) -> None:
        """The lists changed: count them again and show the paper under the cursor."""
        window = self.window
        decided = list(self.decided.values())
        self.counts = TriageCounts(
            left=len(self.to_triage()),
            total=len(self.papers),
            decided=tuple((DECISION_DONE[d], decided.count(d)) for d in DECISION_DONE if decided.count(d)),
            deferred=len(self.still_deferred()),
            matching=len(self.shown),
            elsewhere=len(self._matching(self.still_deferred())) if self.filter_text and self.view == "triage" else 0,
            span="every deferred paper" if self.view == "deferred" else
            describe_window(self.days, window.end if window else None, window.older if window else 0),
        )
        self.current_paper = self.current()

    def watch_current_paper(self, paper: Paper | None) -> None:
        reasons = self.reasons.get(paper.id) if paper and paper.id is not None else None
        empty = None
        if paper is None:
            empty = ("No deferred papers." if self.view == "deferred" and not self.filter_text
                     else "Nothing matches the filter." if self.filter_text
                     else "Nothing left to triage in this window (w shows a wider one).")
        self.query_one("#detail", PaperDetail).show(paper, reasons, empty=empty)
        self.last = None  # a line about the last key holds until the cursor moves

    def compute_status_line(self) -> Text:
        counts = self.counts
        text = Text()
        if self.view == "deferred":
            text.append(f"Deferred · {count(counts.deferred, 'paper')}", style="bold")
            text.append(" · k keep, x skip, d un-defer · esc back to triage", style="dim")
        else:
            text.append(f"Triage · {counts.left:,} left", style="bold")
            text.append(f" of {counts.total:,}")
            if counts.decided:
                text.append(" · " + ", ".join(f"{n} {done}" for done, n in counts.decided))
        if self.filter_text:
            text.append(f" · {counts.matching:,} match ")
            text.append(repr(self.filter_text), style="italic")
            if counts.elsewhere:
                text.append(f" (+{counts.elsewhere} deferred: v)", style="yellow")
        if self.view == "triage":
            if self.ranking:
                text.append(" · ranking…", style="yellow")
            elif self.ranked:
                text.append(" · ranked for you", style="green")
            else:
                text.append(" · newest first", style="dim")
        if self.last:
            text.append(f" · {self.last}", style="cyan")
        return text

    def watch_status_line(self, text: Text) -> None:
        self.query_one("#triage-status", Static).update(text)

    def watch_counts(self, counts: TriageCounts) -> None:
        self.query_one("#triage-window", Static).update(Text(counts.span, style="dim"))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#papers", DataTable)
        if table.cursor_row >= table.row_count - 10:
            self.extend_table(table.row_count + WINDOW)
        self.current_paper = self.current()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, event: FilterInput.Changed) -> None:
        if event.input.id == "filter":
            current = self.current()
            self.filter_text = event.value.strip()
            self.rebuild(keep_on=current.id if current else None)

    # -- actions ------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("to_triage", "undefer"):
            return self.view == "deferred"  # escape leads back from the deferred view only
        if action == "cancel_fetch":  # escape cancels a fetch in the triage view (in the deferred one: p)
            return self.view == "triage" and self.query_one(FetchBar).running
        if action == "decide" and parameters == ("later",):
            return self.view == "triage"
        return True

    def _record(self, paper: Paper, decision: str | None) -> bool:
        """Store a decision (None: back to triage) and move the paper between the lists; False when it failed."""
        try:
            self.app.library.decide(paper.stored_id, decision)
        except PaperpassError as exc:
            self.app.notify_error(exc)
            return False
        self.decision[paper.stored_id] = decision
        if decision == "later":
            if paper in self.deferred:
                self.deferred.remove(paper)
            self.deferred.insert(0, paper)  # the latest deferred first
        elif decision is None and all(p.id != paper.id for p in self.papers):
            self.papers.insert(0, paper)  # un-deferred from an older window: at the top of the list
        return True

    def _decide(self, paper: Paper, decision: str | None) -> None:
        before = self.decision.get(paper.stored_id)
        if not self._record(paper, decision):
            return
        self.history.append((paper.stored_id, before))
        table = self.query_one("#papers", DataTable)
        if paper in self.shown:
            self.shown.remove(paper)
            table.remove_row(str(paper.id))  # the cursor stays on the same row index: the next paper
        self.extend_table(table.row_count + 1)
        self.recount()
        done = "back to triage" if decision is None else DECISION_DONE[decision]
        self.last = f"{done}: {paper.title[:40]}"

    def action_decide(self, decision: str | None) -> None:
        paper = self.current()
        if paper is None:
            self.notify("nothing to decide here", timeout=3)
            return
        self._decide(paper, decision)

    def action_undefer(self) -> None:
        """From the deferred view: back to the papers to triage, with no decision."""
        self.action_decide(None)

    def action_undo(self) -> None:
        if not self.history:
            self.notify("no decision to undo", timeout=3)
            return
        paper_id, before = self.history.pop()
        paper = next((p for p in [*self.papers, *self.deferred] if p.id == paper_id), None)
        undone = self.decision.get(paper_id)
        if paper is None or not self._record(paper, before):
            return
        self.rebuild(keep_on=paper_id)
        self.last = f"undid {'back to triage' if undone is None else DECISION_DONE[undone]}"

    def action_toggle_view(self) -> None:
        self.view = "deferred" if self.view == "triage" else "triage"
        self.rebuild()

    def action_to_triage(self) -> None:
        if self.view == "deferred":
            self.action_toggle_view()

    def action_window(self, step: int) -> None:
        """A wider (step 1) or narrower (step -1) triage window; the list is reloaded and ranked again."""
        at = WINDOW_STEPS.index(self.days) if self.days in WINDOW_STEPS else WINDOW_STEPS.index(7)
        days = WINDOW_STEPS[max(0, min(len(WINDOW_STEPS) - 1, at + step))]
        if days == self.days:
            self.notify("the window is as " + ("wide" if step > 0 else "narrow") + " as it goes", timeout=3)
            return
        self.days = days
        self.view = "triage"
        self.load_window()
        self.action_rerank(force=True)

    def action_open(self) -> None:
        paper = self.current()
        if paper is not None:
            self.app.open_reader(paper.stored_id, pass_no=1)

    def action_filter(self) -> None:
        self.query_one("#filter", FilterInput).focus()

    def action_rerank(self, force: bool = False) -> None:
        if force or not self.ranking:
            self.ranking = True
            self.last = None
            self.rank_papers(self.days)

    @work(thread=True, exclusive=True, group="rank", name="ranking", exit_on_error=False)
    def rank_papers(self, days: int | None) -> None:
        # A failure comes back as WorkFailed: the list stays usable in recency order whatever the ranker does.
        ranked = backend.rank_week(self.app.home, days)
        self.post_message(RankingReady(ranked, days))

    def on_ranking_ready(self, message: RankingReady) -> None:
        if message.days != self.days:
            return  # a ranking of a window the user has since changed
        self.ranking = False
        current = self.current()
        moved = bool(self.history) or self.query_one("#papers", DataTable).cursor_row > 0
        order = [r.paper for r in message.ranked]
        seen = {p.id for p in order}
        order += [p for p in self.papers if p.id not in seen]  # anything the ranker did not see stays, last
        self.reasons.update({r.paper.stored_id: r.reasons for r in message.ranked})
        self.ranked = True
        self.set_papers(order)
        table = self.query_one("#papers", DataTable)
        if moved and current is not None and str(current.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current.id)), animate=False)
        else:
            table.move_cursor(row=0, animate=False)
        self.current_paper = self.current()

    def on_work_failed(self, message: WorkFailed) -> None:
        self.ranking = False
        self.last = None
        self.app.notify_error(f"{message.what} failed: {message.reason}", title="triage")

    # -- managing the highlighted paper: edit, fetch its PDF -----------------------------------

    def action_edit(self) -> None:
        paper = self.current()
        if paper is None:
            return
        from paperpass.tui.widgets.edit_paper import EditPaperDialog

        tags = self.app.guarded(self.app.library.paper_tags, paper.stored_id) or []

        def saved(edited: Paper | None) -> None:
            if edited is None:
                return
            for papers in (self.papers, self.deferred):
                for i, p in enumerate(papers):
                    if p.id == edited.id:
                        papers[i] = edited
            self._index(edited)
            self.rebuild(keep_on=edited.id)

        self.app.push_screen(EditPaperDialog(paper, tags), saved)

    def action_fetch_pdf(self) -> None:
        bar = self.query_one(FetchBar)
        if bar.running:
            bar.cancel()
            return
        paper = self.current()
        if paper is not None:
            bar.start(paper)
            self.refresh_bindings()

    def action_cancel_fetch(self) -> None:
        self.query_one(FetchBar).cancel()

    def on_fetch_bar_done(self, message: FetchBar.Done) -> None:
        self.refresh_bindings()
        fetch_done(self.app, message)
