"""The reading dashboard and pass 1's sources panel, driven with keys through Pilot."""

from __future__ import annotations

import functools

import pytest
from textual.widgets import Input

from paperpass.library import Library, opener
from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import upsert_paper
from paperpass.store.reading import get_review
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.dashboard import DashboardScreen
from paperpass.tui.screens.reader import ReaderScreen
from paperpass.tui.widgets.sources import SourceList
from tests.library.reading_week import NOW, build
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text


@pytest.fixture
def fixed_now(monkeypatch):
    """The dashboard and its review see the reading week's "now" (Friday 2026-12-04, in 2026-W49)."""
    monkeypatch.setattr(Library, "stats", functools.partialmethod(Library.stats, now=NOW))
    monkeypatch.setattr(Library, "week_review", functools.partialmethod(Library.week_review, now=NOW))


async def to_dashboard(pilot, key: str = "5") -> DashboardScreen:
    await pilot.pause(0.2)
    await pilot.press(key)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DashboardScreen) and pilot.app.screen.stats)
    await pilot.pause(0.2)
    return pilot.app.screen


@pytest.mark.parametrize("size", [(100, 30), (160, 50)])
async def test_the_dashboard_shows_the_numbers(fake_engine, fixed_now, isolated_home, size):
    build(isolated_home)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=size) as pilot:
        screen = await to_dashboard(pilot)
        assert screen.stats is not None and screen.stats.papers == 6
        body = screen.query_one("#dashboard-body")
        assert screen.focused is body
        text = "\n".join(str(w.render()) for w in screen.query(".dash-section"))
        assert "in pass 2     1" in text and "triage: 2 kept, 1 skipped, 1 deferred, 2 undecided" in text
        assert "week      added  kept  pass 1/2/3  done  notes      read" in text
        assert "2026-W49      3     1  2/1/0          1      1    79 min" in text
        assert "Pass 1  budget 5-10 min  mean   9 min, median   7 min (90% of budget)\n" in text
        assert "\n                         3 papers, 1 over budget, 3 finished\n" in text
        assert "Pass 3  budget 4-5 h     no time recorded yet" in text
        assert "1/5 read · 1 begun  Computer vision" in text
        assert "2 papers waiting · median 6 days · oldest 9 days" in text and "9 days  Paper B  (kept)" in text
        assert "Reading dashboard · 2026-12-04 · 6 papers · 2 notes" in screen_text(app)
        assert not screen.query_one("#dash-empty").display and screen.query_one("#dash-charts").display


async def test_the_per_week_lines_fit_80_columns_as_in_paperpass_stats(fake_engine, fixed_now, isolated_home):
    """Each week is one row at 80 columns (its reading time on it), the row `paperpass stats` prints."""
    from paperpass.library.stats import stats_report
    from paperpass.reading import minutes_read

    build(isolated_home)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 60)) as pilot:
        screen = await to_dashboard(pilot)
        rows = screen_text(app).splitlines()
        report = stats_report(screen.stats)
        for week in screen.stats.weeks:
            row = next(r for r in rows if r.strip().startswith(week.week))
            assert row.rstrip().endswith("█") or row.rstrip().endswith("min"), row  # nothing wrapped
            assert minutes_read(week.minutes).strip() in row, row
            assert row.split("█")[0].strip() in report
        passes = [r for r in rows if r.strip().startswith("Pass ") or "over budget" in r]
        assert len(passes) == 5 and all(r.rstrip().endswith(("(90% of budget)", "(112% of budget)", "finished",
                                                              "no time recorded yet")) for r in passes), passes


async def test_w_writes_the_weekly_review_and_never_over_an_edited_one(fake_engine, fixed_now, isolated_home):
    build(isolated_home)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await to_dashboard(pilot)
        await pilot.press("w")
        await pilot.pause(0.1)
        path = isolated_home / "reviews" / "paperpass-2026-W49.md"
        text = path.read_text(encoding="utf-8")
        assert text.startswith("---\n") and "papers_kept: 1" in text and "- Paper A (kept, 2026-12-01)" in text
        assert any(f"Wrote the review of 2026-W49: {path}" in n.message for n in app._notifications)
        path.write_text("edited in my vault\n", encoding="utf-8")
        await pilot.press("W")  # last week's
        await pilot.press("w")
        await pilot.pause(0.1)
        assert (isolated_home / "reviews" / "paperpass-2026-W48.md").is_file()
        assert path.read_text(encoding="utf-8") == "edited in my vault\n"
        assert "papers_kept: 1" in (isolated_home / "reviews" / "paperpass-2026-W49-2.md").read_text(encoding="utf-8")


async def test_the_palette_reaches_the_dashboard(fake_engine, fixed_now, isolated_home):
    build(isolated_home)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        await pilot.press("ctrl+p", *"go to dashboard")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, DashboardScreen))
        await pilot.press("ctrl+p", *"write last week")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: (isolated_home / "reviews" / "paperpass-2026-W48.md").is_file())


async def test_an_empty_library_gets_a_dashboard_that_says_so(fake_engine, isolated_home):
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await to_dashboard(pilot, "5")
        assert screen.stats is not None and screen.stats.empty
        shown = screen_text(app)
        assert "Your library is empty: nothing ingested and nothing read yet" in shown
        assert not screen.query_one("#dash-charts").display
        await pilot.press("r", "w")  # refresh, and a review of an empty week: no crash
        await pilot.pause(0.1)
        assert "_nothing kept_" in next((isolated_home / "reviews").glob("*.md")).read_text(encoding="utf-8")


# -- pass 1: where the paper came from, and what others say ------------------------------------------

def _paper_seen_three_times(home) -> int:
    conn = open_library(home)
    try:
        seen = [("feed", "https://arxiv.org/abs/2604.26951", None, "https://rss.arxiv.org/rss/cs.LG"),
                ("feed", "https://blog.example.org/tide", None, "https://blog.example.org/feed.xml"),
                ("hf-daily", "https://huggingface.co/papers/2604.26951", 31, None)]
        for kind, url, upvotes, via in seen:
            paper = upsert_paper(conn, Paper(title="Turning the TIDE", arxiv_id="2604.26951", source=kind,
                                             source_url=url, popularity=upvotes), via=via).paper
        return paper.stored_id
    finally:
        conn.close()


async def test_the_sources_panel_opens_each_source(fake_engine, isolated_home, monkeypatch):
    paper_id = _paper_seen_three_times(isolated_home)
    launched: list[list[str]] = []
    monkeypatch.setattr(opener, "opener_command", lambda url: ["fake-open", url])
    monkeypatch.setattr(opener, "launch", launched.append)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause(0.2)
        app.open_reader(paper_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("m")
        sources = app.screen.query_one("#p1-sources", SourceList)
        assert app.screen.focused is sources
        lines = [str(sources.get_option_at_index(i).prompt) for i in range(sources.option_count)]
        assert lines[0].startswith("1. arXiv listing") and lines[1].startswith("2. feed item (blog.example.org)")
        assert lines[2].startswith("3. Hugging Face daily papers · 31 upvotes")
        assert "https://huggingface.co/papers/2604.26951" in lines[2]
        await pilot.press("down", "down", "enter")
        await pilot.press("up", "o")  # the reader's o opens the highlighted source too
        await pilot.pause(0.1)
        assert launched == [["fake-open", "https://huggingface.co/papers/2604.26951"],
                            ["fake-open", "https://blog.example.org/tide"]]

        monkeypatch.setattr(opener, "opener_command", lambda url: None)  # no browser on this machine
        await pilot.press("enter")
        await pilot.pause(0.1)
        assert any("No browser opener found" in n.message and "https://blog.example.org/tide" in n.message
                   for n in app._notifications)

        box = app.screen.query_one("#others-vs-mine", Input)
        box.focus()
        await pilot.press(*"the blog oversells it")
        await pilot.press("escape")
        await pilot.pause(0.1)
        conn = open_library(isolated_home)
        try:
            assert get_review(conn, paper_id).others_vs_mine == "the blog oversells it"
        finally:
            conn.close()


async def test_a_paper_without_sources_says_so(fake_engine, isolated_home):
    conn = open_library(isolated_home)
    paper_id = upsert_paper(conn, Paper(title="A PDF of my own", source="pdf")).paper.stored_id
    conn.execute("DELETE FROM paper_sources WHERE paper_id = ?", (paper_id,))  # as before the sources were kept
    conn.commit()
    conn.close()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause(0.2)
        app.open_reader(paper_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.press("m", "enter")
        assert "paperpass knows no source for this paper" in "\n".join(
            str(w.render()) for w in app.screen.query(".muted"))


async def test_a_failure_while_counting_is_one_notification(fake_engine, isolated_home, monkeypatch):
    from paperpass.errors import StoreError

    def broken(self, **kwargs):
        raise StoreError("the database is locked")

    monkeypatch.setattr(Library, "stats", broken)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause(0.2)
        await pilot.press("5")
        await wait_for(pilot, lambda: any("the database is locked" in n.message for n in app._notifications))
        assert isinstance(app.screen, DashboardScreen) and app.screen.stats is None
        await pilot.pause(0.1)
        assert "Reading dashboard · could not count (r to try again): the database is locked" in screen_text(app)
