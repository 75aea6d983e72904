"""Search: one box over notes and papers; results grouped by paper and pass, with snippets."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.timer import Timer
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from paperpass.models import SearchHit
from paperpass.tui import backend
from paperpass.tui.messages import SearchResults, WorkFailed
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.words import count

SCOPES = ("all", "notes", "papers")
DEBOUNCE_SECONDS = 0.3


def group_hits(hits: list[SearchHit]) -> list[tuple[int, str, list[SearchHit]]]:
    """(paper id, title, hits) per paper, papers in order of their best hit, hits by pass then score."""
    groups: dict[int, tuple[str, list[SearchHit]]] = {}
    for hit in hits:
        groups.setdefault(hit.paper_id, (hit.title, []))[1].append(hit)
    return [(pid, title, sorted(group, key=lambda h: (h.pass_no or 0, -h.score)))
            for pid, (title, group) in groups.items()]


def where(hit: SearchHit) -> str:
    if hit.kind == "note":
        return f"pass {hit.pass_no} note" if hit.pass_no else "note"
    if hit.kind == "section":
        page = f", p. {hit.page}" if hit.page else ""
        return f"§ {hit.section or 'text'}{page}"
    return "paper"


class SearchScreen(PaperpassScreen):
    """Find anything you read or wrote."""

    AUTO_FOCUS = "#query"
    BINDINGS = [
        Binding("ctrl+t", "cycle_scope", "Scope"),
        Binding("slash", "focus_query", "Search box", show=False),
        # escape leaves the box for the results (then the screen keys work, as after any text field), and
        # from the results goes back to the box
        Binding("escape", "toggle_box", "Leave / back to the search box", show=False),
    ]

    # The screen's state; the status line follows it (compute_/watch_status_line).
    scope: var[str] = var("all", init=False)
    searching: var[bool] = var(False, init=False)
    message: var[str | None] = var(None, init=False, always_update=True)  # how the last search went
    status_line: var[Text] = var(Text(), init=False)

    def __init__(self) -> None:
        super().__init__()
        self.hits: list[SearchHit] = []
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="search-status", classes="status")
        yield Input(placeholder="search your notes and papers (enter to search, ↓ for results)", id="query")
        yield OptionList(id="results")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.message = None

    def compute_status_line(self) -> Text:
        text = Text()
        text.append("Search", style="bold")
        text.append(f" · scope: {self.scope} (ctrl+t)", style="dim")
        if self.searching:
            text.append(" · searching…", style="yellow")
        elif self.message:
            text.append(f" · {self.message}")
        return text

    def watch_status_line(self, text: Text) -> None:
        self.query_one("#search-status", Static).update(text)

    def query_text(self) -> str:
        return self.query_one("#query", Input).value.strip()

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.start_search)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self.start_search()
        self.focus_results()

    def on_key(self, event) -> None:
        if event.key == "down" and self.focused is self.query_one("#query"):
            self.focus_results()
            event.stop()

    def focus_results(self) -> None:
        """Into the results, on the best hit (highlighted when they came; the paper's title is not a hit)."""
        results = self.query_one("#results", OptionList)
        self.set_focus(results)
        if self.hits and (results.highlighted is None or results.highlighted < 1):
            results.highlighted = 1

    def start_search(self) -> None:
        query = self.query_text()
        if not query:
            self.hits = []
            self.query_one("#results", OptionList).clear_options()
            self.message = None
            return
        self.message = None
        self.searching = True
        self.run_search(query, self.scope)

    @work(thread=True, exclusive=True, group="search", name="search", exit_on_error=False)
    def run_search(self, query: str, scope: str) -> None:
        # A failure (a broken index too) comes back as WorkFailed: the search box stays usable.
        hits = backend.search(self.app.home, query, scope=scope, limit=50)
        self.post_message(SearchResults(query, hits))

    def on_search_results(self, message: SearchResults) -> None:
        if message.query != self.query_text():
            return  # a newer query is on its way
        self.searching = False
        self.hits = message.hits
        results = self.query_one("#results", OptionList)
        results.clear_options()
        options: list[Option] = []
        index = {id(h): i for i, h in enumerate(self.hits)}
        groups = group_hits(self.hits)
        for pid, title, group in groups:
            options.append(Option(Text(title, style="bold"), id=f"paper-{pid}", disabled=True))
            for hit in group:
                prompt = Text("  ")
                prompt.append(f"{where(hit)}: ", style="cyan")
                snippet = " ".join(hit.snippet.split())
                prompt.append((snippet[:157] + "…" if len(snippet) > 160 else snippet) or "(no snippet)")
                options.append(Option(prompt, id=f"hit-{index[id(hit)]}"))
        results.add_options(options)
        # The best hit is highlighted (a paper's own text is listed before its notes, so the best may not be
        # the first row): down from the search box, or enter, lands on it.
        if self.hits:
            best = max(self.hits, key=lambda h: h.score)
            results.highlighted = results.get_option_index(f"hit-{index[id(best)]}")
        self.message = f"{count(len(self.hits), 'hit')} in {count(len(groups), 'paper')}" if self.hits else "no matches"

    def on_work_failed(self, message: WorkFailed) -> None:
        self.searching = False
        self.message = "search failed"
        self.app.notify_error(f"{message.what} failed: {message.reason}", title="search")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id.startswith("hit-"):
            hit = self.hits[int(option_id[4:])]
            if hit.kind == "section":  # the full text is in pass 3
                self.app.open_reader(hit.paper_id, pass_no=3, section=hit.section)
            elif hit.kind == "note":
                self.app.open_reader(hit.paper_id, pass_no=hit.pass_no or 1, note_id=hit.note_id)
            else:
                self.app.open_reader(hit.paper_id, pass_no=1)

    def action_cycle_scope(self) -> None:
        self.scope = SCOPES[(SCOPES.index(self.scope) + 1) % len(SCOPES)]
        self.start_search()

    def action_focus_query(self) -> None:
        self.set_focus(self.query_one("#query"))

    def action_toggle_box(self) -> None:
        if self.focused is self.query_one("#query"):
            self.focus_results()
        else:
            self.action_focus_query()
