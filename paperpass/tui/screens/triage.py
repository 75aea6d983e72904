"""Triage: the week's papers, ranked, decided one key at a time.

The store's recency order shows at once; the ranking runs in a worker, and again
after each keep or skip (once the keys pause), so the order learns as you go. A week
not embedded yet is ranked in steps (backend.rank_week's on_partial): each
provisional ranking re-orders the list in place, the highlighted paper staying
where the reader is, and the status line says how far the embedding is.

The list is a PaperList (only the visible rows are drawn) over plain Python
lists, and the filter narrows lower-cased haystacks made once per paper, so a
key costs about the same on 50 papers or 50,000.
"""

from __future__ import annotations

import bisect
import gc
from dataclasses import dataclass
from itertools import compress
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Static

from paperpass.errors import PaperpassError
from paperpass.models import DECISION_DONE, Paper, RankedPaper, TriageWindow
from paperpass.tui import backend
from paperpass.tui.messages import RankingProgress, RankingReady, WorkFailed
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.widgets.filter_input import CharIndex, FilterInput, IndexesChars, narrow, nearest_kept
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.tui.widgets.manage import FetchesPdfs
from paperpass.tui.widgets.paper_detail import PaperDetail
from paperpass.tui.widgets.paper_list import Column, PaperList
from paperpass.tui.widgets.pdf_fetch import FetchBar
from paperpass.words import count, describe_window

if TYPE_CHECKING:
    from textual.timer import Timer

    from paperpass.library.facade import RankStep

# Widths the triage window steps through with w (wider) and W (narrower); None is every date.
WINDOW_STEPS: tuple[int | None, ...] = (1, 3, 7, 14, 30, 90, 365, None)
# Seconds without a further keep or skip before the ranking learns from them: a run of keys ranks once.
LEARN_AFTER = 0.4


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


class TriageScreen(FetchesPdfs, IndexesChars, PaperpassScreen):
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
        ("edit", "Triage: edit the highlighted paper", "title, authors, year, venue, kind, tags"),
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
    progress: var[str] = var("", init=False)  # how far a stepped first ranking is
    status_line: var[Text] = var(Text(), init=False)  # computed from the above

    def __init__(self) -> None:
        super().__init__()
        self.days: int | None = 7
        self.window: TriageWindow | None = None
        self.papers: list[Paper] = []  # to triage, in ranked (or recency) order
        self.deferred: list[Paper] = []  # deferred, the latest first
        self.decision: dict[int, str | None] = {}  # each listed paper's decision now (None: to triage)
        # (paper, its decision before, the decision made): what undo restores; the session's, across reloads
        self.history: list[tuple[int, str | None, str | None]] = []
        self._history_at_load = 0  # len(history) when the lists were last loaded: decided since, if longer
        self.reasons: dict[int, list[str]] = {}  # why, by the latest ranking (deferred papers too)
        self._taught = 0  # keeps and skips recorded (and undone) on this screen: what the ranking learns from
        self._learn_timer: Timer | None = None  # the ranking that learns from the latest keeps and skips, pending
        self.haystacks: dict[int, str] = {}  # lower-cased title, authors, categories, id: made once per paper
        self._deferred_before: set[int] = set()  # deferred, not by this screen
        self.seen_version = 0  # the app's library_version the lists were loaded at
        self._made: dict[int, str] = {}  # the decisions made on this screen (what `decided` returns)
        self._left = 0  # papers of self.papers with no decision
        self._paper_ids: set[int] = set()  # the ids of self.papers
        self._order: dict[int, int] = {}  # each paper's place in self.papers (the list's order)
        # The view's papers matching each filter typed since the lists last changed ("": the whole view), so a
        # backspace finds its list again and a letter more narrows the last one; any change to the lists
        # (a decision, a new list or ranking, an edit) bumps _version, and the view is part of the key.
        self._filtered: dict[str, tuple[list[Paper], list[str] | None]] = {}  # filter -> (papers, haystacks)
        # A list found by position (a lookup, the whole view): which positions, its haystacks made when needed.
        self._found_at: dict[str, bytes | list[bool]] = {}
        self._filtered_for: tuple[int, str] = (-1, "")
        self._version = 0
        # By position in self.papers (_order gives a paper's): whether it is still to triage (1) or decided (0),
        # its haystack, and which characters each haystack holds (made in idle time after the lists are set):
        # with them a one-letter filter (the first key typed, on the whole list) reads no haystack.
        self._undecided = bytearray()
        self._hay_at: list[str] = []

    @property
    def decided(self) -> dict[int, str]:
        """The decisions made on this screen (the papers that left the list to triage)."""
        return dict(self._made)

    @property
    def shown(self) -> list[Paper]:
        """The visible list (the papers of the view matching the filter), as the list widget holds it."""
        return self.query_one("#papers", PaperList).items

    def compose(self) -> ComposeResult:
        yield Static(id="triage-status", classes="status")
        with Horizontal(id="triage-bar"):
            yield FilterInput(placeholder="/ to filter by words in title, authors, categories", id="filter")
            yield Static(id="triage-window")  # which days are listed (w wider, W narrower)
        with Horizontal(classes="body"):
            # Upvotes first and as wide as the widest number: a narrow pane cuts the columns on the right.
            yield PaperList([
                Column("▲", 1, self._upvotes_cell, justify="right"),
                Column("Title", 44, lambda p: cell(p.title, "bold")),
                Column("Authors", 20, lambda p: cell(", ".join(p.authors[:3])
                                                     + (" et al." if len(p.authors) > 3 else ""))),
                Column("Categories", 12, lambda p: cell(" ".join(p.categories[:3]), "dim")),
                Column("Why", 32, self._why_cell),
            ], key=lambda p: p.id, id="papers")
            yield PaperDetail(id="detail")
        yield FetchBar()
        yield KeysFooter()

    def _upvotes_cell(self, paper: Paper) -> Text:
        return cell(str(paper.popularity) if paper.popularity is not None else "", "yellow")

    def _why_cell(self, paper: Paper) -> Text:
        why = ("; ".join(self.reasons.get(paper.stored_id, []))
               or ("" if self.ranked else f"new {(paper.published or '')[:10]}"))
        return cell(why, "green")

    def on_mount(self) -> None:
        # The list follows the filter box in the same turn as the keystroke (a watcher runs as the value is
        # set), not when its Changed message has bubbled up: then the box and the list are drawn in one frame,
        # where the message left the box to be drawn first and the list a frame (~17 ms at 60 fps) later.
        self.watch(self.query_one("#filter", FilterInput), "value", self._filter_typed, init=False)
        self.watch(self.query_one("#papers", PaperList), "moved_to", self._show, init=False)
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
        """The papers of the window (Library.triage_window, as `paperpass triage`) and the deferred ones. The
        decisions made on this screen (the status line's counts, what `u` undoes) hold across reloads (a window
        change, a paper added or edited elsewhere): they are the session's."""
        library = self.app.library
        window = self.app.guarded(library.triage_window, self.days)
        deferred = self.app.guarded(library.deferred) or []
        self.window = window
        self.deferred = [p for p, _ in deferred]
        # deferred elsewhere (an earlier session, the CLI), not by this screen
        self._deferred_before |= {p.stored_id for p in self.deferred if p.stored_id not in self._made}
        self.decision = {p.stored_id: "later" for p in self.deferred}
        self._history_at_load = len(self.history)
        self.ranked = False
        self.progress = ""
        self.reasons = {}
        self.haystacks = {}  # read again: a paper may have been edited elsewhere (the library's e)
        for p in self.deferred:
            self._index(p)
        self.query_one("#papers", PaperList).user_moved = False
        self.set_papers(window.papers if window else [])

    def _index(self, paper: Paper) -> None:
        if paper.id not in self.haystacks:
            self.haystacks[paper.stored_id] = " ".join([paper.title, *paper.authors, *paper.categories,
                                                        paper.arxiv_id or ""]).lower()

    def set_papers(self, papers: list[Paper], keep_on: int | None = None, hold: bool = False) -> None:
        self.papers = papers
        self._lists_changed()
        for p in papers:
            self._index(p)
            self.decision.setdefault(p.stored_id, None)
        self._paper_ids = {p.stored_id for p in papers}
        self._positions()
        widest = max((len(str(p.popularity)) for p in papers if p.popularity is not None), default=1)
        paper_list = self.query_one("#papers", PaperList)
        paper_list.set_width(0, widest)
        paper_list.forget_cells()  # the reasons (the why column) may have changed
        self.rebuild(keep_on=keep_on, hold=hold)
        # The lists live as long as the screen: out of the collector's sight, a full collection no longer
        # walks every paper (with 50,000 papers one took longer than a keypress may). Refcounting still frees them.
        gc.freeze()

    def _positions(self) -> None:
        """self.papers is new or has a paper more: each paper's place, decision and haystack by position, and
        the character index made again (in idle time)."""
        papers, decision = self.papers, self.decision
        ids = [p.id for p in papers]
        self._order = {pid: i for i, pid in enumerate(ids)}  # type: ignore[misc]
        self._undecided = bytearray(decision[pid] is None for pid in ids)  # type: ignore[index]  # stored
        self._left = self._undecided.count(1)
        self._hay_at = [self.haystacks[pid] for pid in ids]  # type: ignore[index]
        self._chars = CharIndex(self._hay_at)
        self._index_chars(self._chars)

    def _matching(self, papers: list[Paper], within: str = "", query: str | None = None) -> list[Paper]:
        """The papers whose haystack holds every word of the filter (or `query`; `within`: words checked)."""
        haystacks = self.haystacks
        checked = within.lower().split()
        for word in (self.filter_text if query is None else query).lower().split():
            if word not in checked:
                papers = [p for p in papers if word in haystacks[p.id]]  # type: ignore[index]
        return papers

    def to_triage(self) -> list[Paper]:
        return list(compress(self.papers, self._undecided))

    def still_deferred(self) -> list[Paper]:
        return [p for p in self.deferred if self.decision.get(p.stored_id) == "later"]

    def visible_papers(self) -> list[Paper]:
        """The view's papers matching the filter (a new list: the caller may change it)."""
        return list(self._visible())

    def _lists_changed(self) -> None:
        """A decision, a new list or ranking, an edit: the kept filter lists no longer hold (freed now)."""
        self._version += 1
        self._filtered, self._found_at = {}, {}

    def _visible(self, text: str | None = None) -> list[Paper]:
        """The view's papers matching the filter (or `text`), kept until the lists change (never to be changed
        in place): a filter met before is found again, one that grew from a kept one narrows it, others filter
        the view."""
        if self._filtered_for != (self._version, self.view):
            self._filtered, self._found_at = {}, {}
            self._filtered_for = (self._version, self.view)
        filtered = self._filtered
        text = self.filter_text if text is None else text
        if text in filtered:
            return filtered[text][0]
        triage = self.view == "triage"
        chars, need = self._chars, CharIndex.lookup(text)
        if triage and need is not None and chars is not None and chars.ready:
            # One-character words (as the first key typed): looked up in the character index.
            import numpy as np

            hit = (chars.holding(need) & np.frombuffer(self._undecided, np.bool_)).tolist()
            filtered[text], self._found_at[text] = (list(compress(self.papers, hit)), None), hit
            # As in set_papers: the list kept out of the collector's sight (a collection walking its ~45,000
            # items was a few ms of the next keys). Once a filter, as main's per-letter lists were frozen once.
            gc.freeze()
            return filtered[text][0]
        if "" not in filtered:
            if triage:  # by position: no paper's decision or haystack looked up
                filtered[""], self._found_at[""] = (list(compress(self.papers, self._undecided)), None), \
                    bytes(self._undecided)
            else:
                papers = self.still_deferred()
                filtered[""] = (papers, [self.haystacks[p.id] for p in papers])  # type: ignore[index]
        within = nearest_kept(filtered, text)
        papers, maybe = filtered[within]
        # A list found by position gets its haystacks now, as a search needs them (not when it was looked up:
        # with 50,000 papers, each list of them touched costs a few ms).
        haystacks = maybe if maybe is not None else \
            list(compress(self._hay_at, self._found_at[within]))
        filtered[within] = (papers, haystacks)
        filtered[text] = narrow(papers, haystacks, within, text)
        return filtered[text][0]

    def rebuild(self, keep_on: int | None = None, hold: bool = False) -> None:
        """List the view again, the cursor on `keep_on` if it is listed, else at the top; with hold, the kept
        paper stays at its height on screen."""
        paper_list = self.query_one("#papers", PaperList)
        paper_list.set_items(self._visible(), keep=keep_on, row=0, hold_screen_row=hold, shared=True)
        self.recount()

    def refilter(self) -> None:
        """The filter changed: list the papers matching it (narrowing the last list when the filter only grew,
        each word still in it or grown into a longer one); the cursor stays on its paper when it still matches."""
        current = self.current()
        words = self.filter_text.lower().split()
        if current is None or not all(w in self.haystacks[current.stored_id] for w in words):
            self.rebuild()  # the cursor's paper is filtered out: the list shows its top
        elif self.view == "triage" and current.stored_id in self._order:
            papers, order = self._visible(), self._order  # in the list's order: found by bisection
            at = bisect.bisect_left(papers, order[current.stored_id], key=lambda p: order[p.stored_id])
            # The kept list itself (the list widget copies it before a decision changes it): a copy of 50,000
            # items would touch every paper again.
            self.query_one("#papers", PaperList).set_items(papers, row=at, shared=True)
            self.recount()
        else:
            self.rebuild(keep_on=current.id)

    def current(self) -> Paper | None:
        return self.query_one("#papers", PaperList).highlighted

    def recount(self) -> None:
        """The lists changed: count them again and show the paper under the cursor."""
        window = self.window
        decided = list(self._made.values())
        deferred = self.still_deferred()
        self.counts = TriageCounts(
            left=self._left,
            total=len(self.papers),
            decided=tuple((DECISION_DONE[d], decided.count(d)) for d in DECISION_DONE if decided.count(d)),
            deferred=len(deferred),
            matching=len(self.shown),
            elsewhere=len(self._matching(deferred)) if self.filter_text and self.view == "triage" else 0,
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
                     else "No papers yet: I ingests the sources in your settings (6), + adds one paper."
                     if self.window is not None and self.window.end is None
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
            # how far the ranking is before the counts, so that 80 columns still show a long first ranking going
            if self.ranking:
                text.append(" · ranking…" + (f" {self.progress}" if self.progress else ""), style="yellow")
            elif self.ranked:
                text.append(" · ranked for you", style="green")
            else:
                text.append(" · newest first", style="dim")
            if counts.decided:
                text.append(" · " + ", ".join(f"{n} {done}" for done, n in counts.decided))
        if self.filter_text:
            text.append(f" · {counts.matching:,} match ")
            text.append(repr(self.filter_text), style="italic")
            if counts.elsewhere:
                text.append(f" (+{counts.elsewhere} deferred: v)", style="yellow")
        if self.last:
            text.append(f" · {self.last}", style="cyan")
        return text

    def watch_status_line(self, text: Text) -> None:
        self.query_one("#triage-status", Static).update(text, layout=False)  # one line, the bar's width

    def watch_counts(self, old: TriageCounts, counts: TriageCounts) -> None:
        if old.span != counts.span or not old.span:
            self.query_one("#triage-window", Static).update(Text(counts.span, style="dim"))

    def on_paper_list_highlighted(self, event: PaperList.Highlighted) -> None:
        self._show(event.item)  # shown already when a key moved the cursor, or by recount() when lists changed

    def _show(self, paper: Paper | None) -> None:
        """The cursor is on another paper (the moved_to watcher: in the same turn as the key)."""
        if paper is not self.current_paper:
            self.current_paper = paper

    def on_paper_list_selected(self, event: PaperList.Selected) -> None:
        self.action_open()

    def _filter_typed(self, value: str) -> None:
        if value.strip() != self.filter_text:
            self.filter_text = value.strip()
            self.refilter()

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
        pid = paper.stored_id
        before = self.decision.get(pid)
        if {before, decision} & {"keep", "skip"}:
            self._taught += 1
            self._learn_soon()
        self._lists_changed()
        self.decision[pid] = decision
        if decision is None and pid not in self._paper_ids:
            self.papers.insert(0, paper)  # un-deferred from an older window: at the top of the list
            self._paper_ids.add(pid)
            self._index(paper)
            self._positions()  # every place moved by one
        elif pid in self._paper_ids and (before is None) != (decision is None):
            self._left += 1 if decision is None else -1
            self._undecided[self._order[pid]] = decision is None
        if decision is not None and pid not in self._deferred_before:
            self._made[pid] = decision
        else:
            self._made.pop(pid, None)
        if decision == "later":
            self.deferred = [paper, *(p for p in self.deferred if p.id != pid)]  # the latest deferred first
        return True

    def _decide(self, paper: Paper, decision: str | None) -> None:
        before = self.decision.get(paper.stored_id)
        if not self._record(paper, decision):
            return
        self.history.append((paper.stored_id, before, decision))
        paper_list = self.query_one("#papers", PaperList)
        if paper_list.highlighted is not None and paper_list.highlighted.id == paper.id:
            paper_list.remove_at(paper_list.cursor_row)  # the cursor stays on the same row: the next paper
        else:
            index = paper_list.index_of(paper.id)
            if index is not None:
                paper_list.remove_at(index)
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
        paper_id, before, undone = self.history.pop()
        paper = next((p for p in self.papers if p.id == paper_id), None) or \
            next((p for p in self.deferred if p.id == paper_id), None)
        if paper is None:  # decided in a window no longer shown: it comes back all the same
            paper = self.app.guarded(self.app.library.paper, paper_id)
            if paper is None:
                return  # deleted since (guarded said so)
            self.decision[paper_id] = undone
        if not self._record(paper, before):
            return
        if not self._put_back(paper):
            self.rebuild(keep_on=paper_id)
        self.last = f"undid {'back to triage' if undone is None else DECISION_DONE[undone]}"

    def _put_back(self, paper: Paper) -> bool:
        """Undo in the list to triage: the paper goes back to its place among the listed ones (found by
        bisection on the list's order, not by listing the view again); False when that does not apply."""
        words = self.filter_text.lower().split()
        if self.view != "triage" or self.decision.get(paper.stored_id) is not None \
                or paper.stored_id not in self._order \
                or not all(w in self.haystacks[paper.stored_id] for w in words):
            return False
        paper_list = self.query_one("#papers", PaperList)
        order = self._order
        at = bisect.bisect_left(paper_list.items, order[paper.stored_id], key=lambda p: order[p.id])
        paper_list.insert_at(at, paper)
        paper_list.move_cursor(at)
        self.recount()
        return True

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
        self.set_focus(self.query_one("#filter", FilterInput))  # now: the letters typed next are the filter's

    def action_rerank(self, force: bool = False) -> None:
        if force or not self.ranking:
            self.last = None
            self._rank()

    def _learn_soon(self) -> None:
        """A keep or a skip (or its undo) teaches the ranking: once the keys pause (LEARN_AFTER, so a run of
        decisions ranks once), the week is ranked again in the worker and the list re-orders around the
        highlighted paper, with every paper's reasons up to date. A ranking already running starts again by
        itself when it ends (on_ranking_ready)."""
        if self._learn_timer is not None:
            self._learn_timer.stop()
        self._learn_timer = self.set_timer(LEARN_AFTER, self._learn)

    @property
    def settled(self) -> bool:
        """No ranking running or waiting to learn from the latest decisions: the order on screen is the last."""
        return not self.ranking and self._learn_timer is None

    def _learn(self) -> None:
        self._learn_timer = None
        if not self.ranking:
            self._rank()

    def _rank(self) -> None:
        self.ranking = True
        self.progress = ""
        self.rank_papers(self.days)

    @work(thread=True, exclusive=True, group="rank", name="ranking", exit_on_error=False)
    def rank_papers(self, days: int | None) -> None:
        # A failure comes back as WorkFailed: the list stays usable in recency order whatever the ranker does.
        # A week not embedded yet is ranked in steps: a provisional order after each batch (RankingProgress).
        # Each step reads the decisions afresh: `taught` is how many keeps and skips the screen had recorded when
        # the last one began (a decision is stored before it is counted, so a step never knows fewer).
        first_total: list[int] = []
        taught = self._taught

        def partial(ranked: list[RankedPaper], step: RankStep) -> None:
            nonlocal taught
            taught = self._taught  # the next step begins
            if not first_total:
                first_total.append(step.total)
            total = first_total[0]
            done = total - (step.total - step.done)
            self.post_message(RankingProgress(ranked, days, done, total, step.seconds_left))

        ranked = backend.rank_week(self.app.home, days, on_partial=partial)
        self.post_message(RankingReady(ranked, days, taught))
        backend.warm_up_search()  # the week is on screen: the first search need not wait for the model

    def _apply_ranking(self, ranked: list[RankedPaper]) -> None:
        """Re-order the list by a ranking. Once the reader has moved or decided, the highlighted paper stays
        highlighted and at its height on screen (the rows move around it); before, the list shows its top."""
        paper_list = self.query_one("#papers", PaperList)
        current = self.current()
        moved = len(self.history) > self._history_at_load or paper_list.user_moved or paper_list.cursor_row > 0
        # The deferred papers come after the ranking, explained only: their reasons are kept, not their place.
        order = [r.paper for r in ranked if r.decision != "later"]
        seen = {p.id for p in order}
        order += [p for p in self.papers if p.id not in seen]  # anything the ranker did not see stays, last
        self.reasons.update({r.paper.stored_id: r.reasons for r in ranked})
        keep = current.id if moved and current is not None else None
        self.set_papers(order, keep_on=keep, hold=keep is not None)

    def on_ranking_progress(self, message: RankingProgress) -> None:
        if message.days != self.days or not self.ranking:
            return  # a ranking of a window the user has since changed
        minutes, seconds = divmod(round(message.seconds_left), 60)
        left = f"~{minutes} min {seconds} s left" if minutes else f"~{seconds} s left"
        self.progress = f"embedded {message.done:,} of {message.total:,}, {left}"
        self._apply_ranking(message.ranked)

    def on_ranking_ready(self, message: RankingReady) -> None:
        if message.days != self.days:
            return  # a ranking of a window the user has since changed
        self.ranking = False
        self.progress = ""
        self.ranked = True
        self._apply_ranking(message.ranked)
        if message.taught != self._taught:
            self._rank()  # keeps or skips came while it ran: its reasons (and order) are already out of date

    def on_work_failed(self, message: WorkFailed) -> None:
        self.ranking = False
        self.progress = ""
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
            self.haystacks.pop(edited.stored_id, None)  # the filter and the row follow the new title
            self._lists_changed()
            self._index(edited)
            at = self._order.get(edited.stored_id)
            if at is not None:
                self._hay_at[at] = self.haystacks[edited.stored_id]
                if self._chars is not None:
                    self._chars.update(at, self._hay_at[at])
            self.query_one("#papers", PaperList).forget_cells([edited.id])
            self.rebuild(keep_on=edited.id)

        self.app.push_screen(EditPaperDialog(paper, tags), saved)

    def paper_to_fetch(self) -> Paper | None:
        return self.current()
