"""The reading dashboard: your reading at a glance, and the weekly review one key away.

Papers per ISO week and per state, time per pass against Keshav's budgets, classics and lists
progress and the reading queue's age, all from `Library.stats` (the numbers `paperpass stats`
prints). Two charts are drawn with textual-plotext; every number is also written out as text
(and the text stands alone when plotext is not installed). `w` writes this week's review as
Markdown into reviews/ in the data directory (`W`: last week's).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Static

from paperpass.library.stats import WEEK_HEADER, week_line
from paperpass.models import ReadingStats
from paperpass.tui import backend
from paperpass.tui.messages import WorkFailed
from paperpass.tui.screens.base import PaperpassScreen
from paperpass.tui.screens.classics import progress_bar
from paperpass.tui.widgets.footer import KeysFooter
from paperpass.words import count

STATE_NAMES = {"unread": "unread", "pass1": "in pass 1", "pass2": "in pass 2", "pass3": "in pass 3",
               "done": "done", "dropped": "dropped"}
EMPTY_TEXT = ("Your library is empty: nothing ingested and nothing read yet, so there is nothing to chart.\n"
              "Pull the week's papers with `paperpass ingest` (or open the demo with `paperpass demo`), "
              "triage them on screen 1, and come back.")


def _bar(value: float, most: float, width: int = 24) -> str:
    if most <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(value / most * width))


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes = seconds / 60
    return f"{minutes:.0f} min" if minutes < 90 else f"{minutes / 60:.1f} h"


def states_text(stats: ReadingStats) -> Text:
    text = Text()
    most = max(stats.states.values(), default=0)
    for state, n in stats.states.items():
        text.append(f"{STATE_NAMES[state]:<10} {n:>4}  ")
        text.append(_bar(n, most) + "\n", style="green" if state == "done" else "cyan")
    text.append("triage: " + ", ".join(f"{n} {name}" for name, n in stats.decisions.items()), style="dim")
    return text


def weeks_text(stats: ReadingStats) -> Text:
    """`paperpass stats`'s per-week table (library.stats), each row with a bar of the papers added."""
    text = Text(WEEK_HEADER + "\n", style="dim")
    most = max((w.added for w in stats.weeks), default=0)
    for w in stats.weeks:
        text.append(week_line(w) + "  ")
        text.append(_bar(w.added, most, 16) + "\n", style="cyan")
    return text


def passes_text(stats: ReadingStats) -> Text:
    text = Text()
    for p in stats.passes:
        least, most = p.budget_minutes
        budget = f"{least}-{most} min" if most < 60 else (f"{least // 60} h" if least == most
                                                          else f"{least // 60}-{most // 60} h")
        text.append(f"Pass {p.pass_no}  budget {budget:<9} ", style="bold")
        if not p.papers:
            text.append("no time recorded yet\n", style="dim")
            continue
        share = (p.mean_seconds or 0) / (most * 60)
        # the counts on a line of their own: each line fits 80 columns
        text.append(f"mean {_minutes(p.mean_seconds):>7}, median {_minutes(p.median_seconds):>7} "
                    f"({share:.0%} of budget)\n{'':25}{count(p.papers, 'paper')}, {p.over} over budget, "
                    f"{p.finished} finished\n", style="red" if share > 1 else "")
    return text


def lists_text(stats: ReadingStats) -> Text:
    text = Text()
    for lst in stats.lists:
        text.append(f"{progress_bar(lst.done, lst.begun, lst.total, width=12)} {lst.done}/{lst.total} read · "
                    f"{lst.begun} begun  ")
        text.append(lst.name + "\n", style="bold")
    if not stats.lists:
        text.append("no reading lists yet", style="dim")
    return text


def queue_text(stats: ReadingStats) -> Text:
    q = stats.queue
    text = Text()
    if not q.size:
        text.append("The reading queue is empty.", style="dim")
        return text
    text.append(f"{count(q.size, 'paper')} waiting · median {q.median_days or 0:.0f} days · "
                f"oldest {q.oldest_days or 0:.0f} days\n")
    most = max(q.buckets.values(), default=0)
    for name, n in q.buckets.items():
        text.append(f"{name:<14} {n:>3}  ")
        text.append(_bar(n, most, 16) + "\n", style="yellow")
    for entry in q.oldest:
        text.append(f"  {entry['days']:.0f} days  {entry['title']}  ({entry['reason']})\n"[:160], style="dim")
    return text


def _plot_widget(ident: str) -> Widget:
    """A textual-plotext plot, or an empty placeholder when the package is missing."""
    try:
        from textual_plotext import PlotextPlot
    except ImportError:
        return Static("", id=ident, classes="chart")
    return PlotextPlot(id=ident, classes="chart")


class DashboardScreen(PaperpassScreen):
    """Your reading at a glance: per week, per state, time per pass, lists, the queue; the weekly review."""

    CSS_PATH = "dashboard.tcss"
    AUTO_FOCUS = "#dashboard-body"
    BINDINGS = [
        Binding("w", "write_review(0)", "Write this week's review"),
        Binding("W", "write_review(1)", "Write last week's review", show=False),
        Binding("r", "reload", "Refresh"),
    ]
    PALETTE_ACTIONS = [
        ("write_review(0)", "Dashboard: write this week's review (Markdown)",
         "kept, read, finished, notes, queued; into reviews/ in the data directory"),
        ("write_review(1)", "Dashboard: write last week's review (Markdown)", "the ISO week before this one"),
    ]

    class StatsReady(Message):
        def __init__(self, stats: ReadingStats) -> None:
            super().__init__()
            self.stats = stats

    def __init__(self) -> None:
        super().__init__()
        self.stats: ReadingStats | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="dashboard-status", classes="status")
        with VerticalScroll(id="dashboard-body"):
            yield Static(EMPTY_TEXT, id="dash-empty", markup=False)
            with Horizontal(id="dash-charts"):
                yield _plot_widget("chart-weeks")
                yield _plot_widget("chart-passes")
            for ident, heading in (("dash-states", "Papers per state"), ("dash-weeks", "Papers per week (UTC)"),
                                   ("dash-passes", "Time per pass against Keshav's budget"),
                                   ("dash-lists", "Classics and lists"), ("dash-queue", "The reading queue")):
                yield Static(heading, classes="dash-heading", markup=False)
                yield Static(id=ident, classes="dash-section")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one("#dashboard-status", Static).update("Reading dashboard · counting…")
        self.query_one("#dash-empty").display = False
        for widget in self.query(".dash-heading, .dash-section, #dash-charts"):
            widget.display = False
        self.reload()

    def on_screen_resume(self) -> None:
        if self.stats is not None:
            self.reload()

    def action_reload(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Count again, in a thread (a large library takes a moment); the figures come back as StatsReady."""
        self._count()

    @work(thread=True, exclusive=True, group="dashboard", name="counting the dashboard's figures",
          exit_on_error=False)
    def _count(self) -> None:
        with backend.worker_library(self.app.home) as library:  # a Library of this thread's own
            stats = library.stats()
        self.post_message(self.StatsReady(stats))

    def on_work_failed(self, message: WorkFailed) -> None:
        self.query_one("#dashboard-status", Static).update(
            Text(f"Reading dashboard · could not count (r to try again): {message.reason}"))
        self.app.notify_error(f"{message.what} failed: {message.reason}", title="dashboard")

    def on_dashboard_screen_stats_ready(self, message: StatsReady) -> None:
        self.show(message.stats)

    def show(self, stats: ReadingStats) -> None:
        self.stats = stats
        status = Text("Reading dashboard", style="bold")
        status.append(f" · {stats.generated[:10]} · {count(stats.papers, 'paper')} · {count(stats.notes, 'note')}")
        self.query_one("#dashboard-status", Static).update(status)
        self.query_one("#dash-empty").display = stats.empty
        for widget in self.query(".dash-heading, .dash-section, #dash-charts"):
            widget.display = not stats.empty
        if stats.empty:
            return
        for ident, render in (("#dash-states", states_text), ("#dash-weeks", weeks_text),
                              ("#dash-passes", passes_text), ("#dash-lists", lists_text),
                              ("#dash-queue", queue_text)):
            self.query_one(ident, Static).update(render(stats))
        self._draw_charts(stats)

    def _draw_charts(self, stats: ReadingStats) -> None:
        weeks, passes = self.query_one("#chart-weeks"), self.query_one("#chart-passes")
        plt = getattr(weeks, "plt", None)
        if plt is not None:
            plt.clear_data()
            plt.clear_figure()
            labels = [w.week[-3:] for w in stats.weeks]
            plt.multiple_bar(labels, [[w.added for w in stats.weeks], [w.kept for w in stats.weeks],
                                      [sum(w.passes.values()) for w in stats.weeks]],
                             labels=["added", "kept", "passes finished"])
            plt.title("Papers per week")
            weeks.refresh()
        plt = getattr(passes, "plt", None)
        if plt is not None:
            plt.clear_data()
            plt.clear_figure()
            shares = [round(100 * (p.mean_seconds or 0) / (p.budget_minutes[1] * 60)) for p in stats.passes]
            plt.bar([f"pass {p.pass_no}" for p in stats.passes], shares)
            plt.hline(100, "red")
            plt.title("Mean time per pass, % of budget")
            passes.refresh()

    def action_write_review(self, weeks_ago: int) -> None:
        library = self.app.library
        review = self.app.guarded(library.week_review, weeks_ago=weeks_ago)
        if review is None:
            return
        path = self.app.guarded(library.write_week_review, review)
        if path is not None:
            self.notify(f"Wrote the review of {review.label}: {path}", timeout=10, markup=False)
