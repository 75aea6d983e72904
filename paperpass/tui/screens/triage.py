"""Triage: the week's papers, ranked, decided one key at a time.

The store's recency order shows at once; the ranking (which embeds, so it may
take seconds) runs in a worker and re-orders the list when it returns.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from paperpass.errors import PaperpassError
from paperpass.models import Paper
from paperpass.tui import backend
from paperpass.tui.messages import RankingReady, WorkFailed
from paperpass.tui.widgets.filter_input import FilterInput, matches
from paperpass.tui.widgets.paper_detail import PaperDetail

DECISION_WORDS = {"keep": "kept", "skip": "skipped", "later": "deferred"}
# The table holds a window of the list and grows as the cursor nears its end: building
# thousands of rows on every filter keystroke or undo would make the keys lag.
WINDOW = 150


def cell(text: str, style: str = "") -> Text:
    """A table cell: plain text (feed titles may hold '[' and must not be read as markup), one line."""
    return Text(" ".join(text.split()), style=style, no_wrap=True, overflow="ellipsis")


class TriageScreen(Screen):
    """Decide the week's papers: keep, skip or defer, best first."""

    AUTO_FOCUS = "#papers"
    BINDINGS = [
        Binding("k", "decide('keep')", "Keep"),
        Binding("x", "decide('skip')", "Skip"),
        Binding("d", "decide('later')", "Defer"),
        Binding("o", "open", "Open (pass 1)"),
        Binding("u", "undo", "Undo"),
        Binding("slash", "filter", "Filter"),
        Binding("r", "rerank", "Re-rank", show=False),
    ]
    PALETTE_ACTIONS = [
        ("undo", "Triage: undo the last decision", "put the last decided paper back in the list"),
        ("rerank", "Triage: rank again", "recompute the ranking of the week"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.papers: list[Paper] = []
        self.reasons: dict[int, list[str]] = {}
        self.decided: dict[int, str] = {}
        self.history: list[int] = []
        self.haystacks: dict[int, str] = {}
        self.filter_text = ""
        self.ranking = False
        self.ranked = False
        self.shown: list[Paper] = []  # the visible list; the table holds a prefix of it

    def compose(self) -> ComposeResult:
        yield Static(id="triage-status", classes="status")
        yield FilterInput(placeholder="/ to filter by words in title, authors, categories", id="filter")
        with Horizontal(classes="body"):
            yield DataTable(id="papers", cursor_type="row", zebra_stripes=True)
            yield PaperDetail(id="detail")
        yield Footer()

    def on_mount(self) -> None:
        from paperpass.store.papers import week_papers

        table = self.query_one("#papers", DataTable)
        table.add_column("Title", width=44, key="title")
        table.add_column("Authors", width=20, key="authors")
        table.add_column("Categories", width=12, key="cats")
        table.add_column("▲", width=4, key="pop")
        table.add_column("Why", width=32, key="why")
        self.set_papers(self.app.guarded(week_papers, self.app.conn, 7) or [])
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        if not self.app.first_frame():
            self.action_rerank()

    # -- the list -----------------------------------------------------------------

    def set_papers(self, papers: list[Paper]) -> None:
        self.papers = papers
        for p in papers:
            self.haystacks[p.id] = " ".join([p.title, *p.authors, *p.categories, p.arxiv_id or ""]).lower()
        self.rebuild()

    def visible(self) -> list[Paper]:
        return [p for p in self.papers
                if p.id not in self.decided and (not self.filter_text or matches(self.haystacks[p.id], self.filter_text))]

    def rebuild(self, keep_on: int | None = None) -> None:
        table = self.query_one("#papers", DataTable)
        table.clear()
        self.shown = self.visible()
        wanted = WINDOW
        if keep_on is not None:
            index = next((i for i, p in enumerate(self.shown) if p.id == keep_on), 0)
            wanted = max(WINDOW, index + WINDOW // 2)
        self.extend_table(wanted)
        if keep_on is not None and str(keep_on) in table.rows:
            table.move_cursor(row=table.get_row_index(str(keep_on)), animate=False)
        self.show_current()

    def extend_table(self, upto: int) -> None:
        """Add rows of the visible list to the table until it holds `upto` (or all of them)."""
        table = self.query_one("#papers", DataTable)
        for p in self.shown[table.row_count:upto]:
            why = "; ".join(self.reasons.get(p.id, [])) or ("" if self.ranked else f"new {(p.published or '')[:10]}")
            table.add_row(
                cell(p.title, "bold"),
                cell(", ".join(p.authors[:3]) + (" et al." if len(p.authors) > 3 else "")),
                cell(" ".join(p.categories[:3]), "dim"),
                cell(str(p.popularity) if p.popularity is not None else "", "yellow"),
                cell(why, "green"),
                key=str(p.id),
            )

    def current(self) -> Paper | None:
        table = self.query_one("#papers", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((p for p in self.papers if str(p.id) == key), None)

    def show_current(self) -> None:
        paper = self.current()
        reasons = self.reasons.get(paper.id) if paper else None
        self.query_one("#detail", PaperDetail).show(paper, reasons)
        self.update_status()

    def update_status(self, last: str | None = None) -> None:
        left = len([p for p in self.papers if p.id not in self.decided])
        text = Text()
        text.append(f"Triage · {left} left", style="bold")
        text.append(f" of {len(self.papers)} this week")
        if self.decided:
            counts = {d: list(self.decided.values()).count(d) for d in DECISION_WORDS}
            text.append(" · " + ", ".join(f"{n} {DECISION_WORDS[d]}" for d, n in counts.items() if n))
        if self.filter_text:
            text.append(f" · {len(self.shown)} match ")
            text.append(repr(self.filter_text), style="italic")
        if self.ranking:
            text.append(" · ranking…", style="yellow")
        elif self.ranked:
            text.append(" · ranked for you", style="green")
        else:
            text.append(" · newest first", style="dim")
        if last:
            text.append(f" · {last}", style="cyan")
        self.query_one("#triage-status", Static).update(text)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one("#papers", DataTable)
        if table.cursor_row >= table.row_count - 10:
            self.extend_table(table.row_count + WINDOW)
        self.show_current()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def on_input_changed(self, event: FilterInput.Changed) -> None:
        if event.input.id == "filter":
            current = self.current()
            self.filter_text = event.value.strip()
            self.rebuild(keep_on=current.id if current else None)

    # -- actions ------------------------------------------------------------------

    def action_decide(self, decision: str) -> None:
        from paperpass.store.papers import set_decision

        paper = self.current()
        if paper is None:
            self.notify("nothing left to decide here", timeout=3)
            return
        try:
            set_decision(self.app.conn, paper.id, decision)
        except PaperpassError as exc:
            self.app.notify_error(exc)
            return
        self.decided[paper.id] = decision
        self.history.append(paper.id)
        table = self.query_one("#papers", DataTable)
        self.shown.remove(paper)
        table.remove_row(str(paper.id))  # the cursor stays on the same row index: the next paper
        self.extend_table(table.row_count + 1)
        self.show_current()
        self.update_status(last=f"{DECISION_WORDS[decision]}: {paper.title[:40]}")

    def action_undo(self) -> None:
        from paperpass.store.papers import set_decision

        if not self.history:
            self.notify("no decision to undo", timeout=3)
            return
        paper_id = self.history.pop()
        try:
            set_decision(self.app.conn, paper_id, None)
        except PaperpassError as exc:
            self.app.notify_error(exc)
            return
        decision = self.decided.pop(paper_id)
        self.rebuild(keep_on=paper_id)
        self.update_status(last=f"undid {decision}")

    def action_open(self) -> None:
        paper = self.current()
        if paper is not None:
            self.app.open_reader(paper.id, pass_no=1)

    def action_filter(self) -> None:
        self.query_one("#filter", FilterInput).focus()

    def action_rerank(self) -> None:
        if not self.ranking:
            self.ranking = True
            self.update_status()
            self.rank_papers()

    @work(thread=True, exclusive=True, group="rank", exit_on_error=False)
    def rank_papers(self) -> None:
        try:
            ranked = backend.rank_week(self.app.home)
        except PaperpassError as exc:
            self.post_message(WorkFailed("ranking", str(exc)))
        except Exception as exc:  # the list stays usable in recency order whatever the ranker does
            self.post_message(WorkFailed("ranking", f"{type(exc).__name__}: {exc}"))
        else:
            self.post_message(RankingReady(ranked))

    def on_ranking_ready(self, message: RankingReady) -> None:
        self.ranking = False
        current = self.current()
        moved = bool(self.history) or self.query_one("#papers", DataTable).cursor_row > 0
        order = [r.paper for r in message.ranked if r.paper.id not in self.decided]
        seen = {p.id for p in order}
        order += [p for p in self.papers if p.id not in seen]  # anything the ranker did not see stays, last
        self.reasons.update({r.paper.id: r.reasons for r in message.ranked})
        self.ranked = True
        self.set_papers(order)
        table = self.query_one("#papers", DataTable)
        if moved and current is not None and str(current.id) in table.rows:
            table.move_cursor(row=table.get_row_index(str(current.id)), animate=False)
        else:
            table.move_cursor(row=0, animate=False)
        self.show_current()

    def on_work_failed(self, message: WorkFailed) -> None:
        self.ranking = False
        self.update_status()
        self.app.notify_error(f"{message.what} failed: {message.reason}", title="triage")
