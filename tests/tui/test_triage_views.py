"""The triage window and the deferred papers, the same in the store, the CLI and the TUI."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.errors import InvalidInput
from paperpass.index import embed
from paperpass.index.embed import ModelUnavailable
from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import (
    decisions,
    deferred_papers,
    set_decision,
    triage_window,
    triage_windows,
    upsert_paper,
)
from paperpass.store.reading import add_note, start_pass
from paperpass.tui import backend
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.triage import TriageScreen
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

NEWEST = date(2026, 3, 20)


def day(back: int) -> str:
    return (NEWEST - timedelta(days=back)).isoformat()


def build_library(home) -> dict[str, int]:
    """Dated papers over 20 days, undated local PDFs added inside, after and before the week, a seeded
    classic, a decided, a begun and an annotated paper. Titles say what each one is."""
    conn = open_library(home)
    ids = {}

    def add(title, published=None, added=None, source="arxiv", popularity=None):
        paper = Paper(title=title, published=published, added=added, source=source, popularity=popularity,
                      abstract=f"About {title.lower()}.", authors=["A. Writer"], categories=["cs.LG"])
        ids[title] = upsert_paper(conn, paper).paper.id

    for back in range(0, 20, 2):
        add(f"Dated {back} days back", day(back), popularity=back * 10 or None)
    add("Undated PDF added in the week", added=day(3) + "T10:00:00", source="pdf")
    add("Undated PDF added after the newest paper", added=(NEWEST + timedelta(days=40)).isoformat(), source="pdf")
    add("Undated PDF added long before", added=day(30), source="pdf")
    add("Decided in the week", day(1))
    set_decision(conn, ids["Decided in the week"], "skip")
    add("Begun in the week", day(1))
    start_pass(conn, ids["Begun in the week"], 1)
    add("Annotated in the week", day(2))
    add_note(conn, ids["Annotated in the week"], 1, "a note")
    conn.close()
    return ids


class NoModel:
    """The embedding model cannot load: the ranking falls back to popularity and recency (and stays fast)."""

    name = "none"

    @property
    def dim(self):
        raise ModelUnavailable("no model in this test")

    def encode(self, texts):
        raise ModelUnavailable("no model in this test")


@pytest.fixture
def no_model():
    embed.set_embedder(NoModel())
    yield
    embed.set_embedder(None)


# -- the store: one window --------------------------------------------------------------

def test_the_window_ends_at_the_newest_dated_paper_and_counts_undated_ones_from_when_they_were_added(isolated_home):
    ids = build_library(isolated_home)
    conn = open_library(isolated_home)
    week = triage_window(conn, 7)
    titles = [p.title for p in week.papers]
    assert (week.start, week.end) == (day(6), day(0))
    assert titles[:2] == ["Undated PDF added after the newest paper", "Dated 0 days back"]
    assert set(titles) == {"Dated 0 days back", "Dated 2 days back", "Dated 4 days back", "Dated 6 days back",
                           "Undated PDF added in the week", "Undated PDF added after the newest paper"}
    assert week.older == 7  # the dated 8..18 days back and the PDF added long before
    everything = triage_window(conn, None)
    assert everything.start is None and everything.older == 0 and len(everything.papers) == len(titles) + 7
    assert ids["Decided in the week"] in {p.id for p in triage_window(conn, 7, include_decided=True).papers}
    with pytest.raises(InvalidInput):
        triage_window(conn, 0)


def test_both_windows_read_together_equal_each_window_read_alone(isolated_home):
    """What ranking reads once (the week with its decided papers, and the papers to triage) is what the two
    reads gave, papers, order and older counts alike, decided, begun and annotated papers inside and before."""
    ids = build_library(isolated_home)
    conn = open_library(isolated_home)
    set_decision(conn, ids["Dated 10 days back"], "keep")  # decided before the week: older, not to triage
    for days in (1, 3, 7, 14, None):
        whole, to_triage = triage_windows(conn, days)
        assert whole == triage_window(conn, days, include_decided=True)
        assert to_triage == triage_window(conn, days)
    whole, to_triage = triage_windows(conn, 7)
    assert whole.older == to_triage.older + 1 and len(whole.papers) == len(to_triage.papers) + 3
    assert triage_windows(open_library(isolated_home / "empty"), 7)[1].papers == []
    with pytest.raises(InvalidInput):
        triage_windows(conn, 0)


def test_an_empty_library_has_no_window(conn):
    week = triage_window(conn, 7)  # only the seeded classics, which are never triaged
    assert week.papers == [] and week.end is None


def test_deferred_papers_are_listed_latest_first_whatever_their_date(isolated_home):
    ids = build_library(isolated_home)
    conn = open_library(isolated_home)
    set_decision(conn, ids["Dated 18 days back"], "defer")
    set_decision(conn, ids["Dated 0 days back"], "later")  # the old name of defer
    conn.execute("UPDATE triage SET decided_at = '2026-01-01T00:00:00' WHERE paper_id = ?",
                 (ids["Dated 18 days back"],))
    assert [p.title for p, _ in deferred_papers(conn)] == ["Dated 0 days back", "Dated 18 days back"]
    assert decisions(conn)[ids["Dated 18 days back"]] == "later"


# -- the CLI ----------------------------------------------------------------------------

def run(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_cli_triage_says_the_window_and_takes_days_all(isolated_home, no_model):
    build_library(isolated_home)
    out = run("triage", "--days", "7")
    assert out.exit_code == 0
    assert out.output.splitlines()[0] == f"Triage: 6 papers to decide, last 7 days to {day(0)}, 7 older hidden"
    out = run("triage", "--days", "all", "--limit", "100", "--json")
    assert len(json.loads(out.output)) == 13
    out = run("triage", "--days", "1")
    assert f"Triage: 2 papers to decide, last 1 day to {day(0)}, 11 older hidden" in out.output
    bad = CliRunner().invoke(cli, ["triage", "--days", "0"])
    assert bad.exit_code != 0 and "less than 1 day" in bad.output


def test_cli_mark_defer_and_later_are_one_decision_and_triage_deferred_lists_it(isolated_home):
    ids = build_library(isolated_home)
    out = run("mark", str(ids["Dated 2 days back"]), "defer")
    assert out.output == f"deferred: [{ids['Dated 2 days back']}] Dated 2 days back\n"
    out = run("mark", str(ids["Dated 18 days back"]), "later", "--json")
    assert json.loads(out.output)["decision"] == "defer"
    out = run("triage", "--deferred", "--json")
    rows = json.loads(out.output)
    assert [r["id"] for r in rows] == [ids["Dated 18 days back"], ids["Dated 2 days back"]] or \
        {r["id"] for r in rows} == {ids["Dated 18 days back"], ids["Dated 2 days back"]}
    assert all({"id", "title", "score", "deferred"} <= set(r) for r in rows)
    text = run("triage", "--deferred").output
    assert text.startswith("Deferred: 2 papers") and "Dated 18 days back  (deferred " in text
    run("mark", str(ids["Dated 18 days back"]), "keep")
    assert run("triage", "--deferred").output.startswith("Deferred: 1 paper ")
    bad = CliRunner().invoke(cli, ["mark", str(ids["Dated 2 days back"]), "maybe"])
    assert bad.exit_code != 0


# -- the TUI and the CLI list the same papers --------------------------------------------

def rank_here(home, days=7, on_partial=None):
    """The engine's own function, run in this process (no spawned engine in a unit test)."""
    return backend._rank_week_here(home, days)


@pytest.mark.parametrize("days,presses", [(7, []), (3, ["W"]), (14, ["w"]), (None, ["w"] * 6)])
async def test_the_tui_and_the_cli_list_the_same_papers(isolated_home, no_model, monkeypatch, days, presses):
    build_library(isolated_home)
    cli_ids = {r["id"] for r in json.loads(run("triage", "--days", str(days or "all"), "--limit", "1000",
                                               "--json").output)}
    monkeypatch.setattr(backend, "rank_week", rank_here)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_for(pilot, lambda: app.screen.ranked)
        for key in presses:
            await pilot.press(key)
            await wait_for(pilot, lambda: app.screen.ranked)
        screen = app.screen
        assert screen.days == days
        assert {p.id for p in screen.visible_papers()} == cli_ids
        shown = screen_text(app)
        assert f"Triage · {len(cli_ids)} left of {len(cli_ids)}" in shown
        span = "every date" if days is None else f"last {days} day{'s' if days > 1 else ''}"
        assert f"{span} to {day(0)}" in shown


# -- the TUI's deferred view ---------------------------------------------------------------

async def triage_ready(pilot) -> TriageScreen:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageScreen) and pilot.app.screen.ranked)
    return pilot.app.screen


async def test_deferred_view_keep_skip_undefer_and_undo(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await triage_ready(pilot)
        first, second, third = screen.visible_papers()[:3]
        await pilot.press("d", "d", "d")  # three deferred, the list moves on
        assert [p.id for p in screen.visible_papers()[:1]] != [first.id]
        await pilot.press("v")
        assert screen.view == "deferred"
        assert [p.id for p in screen.visible_papers()] == [third.id, second.id, first.id]  # the latest deferred first
        assert "Deferred · 3 papers" in screen_text(app)
        await pilot.press("k")  # keep the highlighted one (third)
        assert decisions(app.library.conn)[third.id] == "keep"
        await pilot.press("x")
        assert decisions(app.library.conn)[second.id] == "skip"
        await pilot.press("d")  # un-defer: back to triage, no decision
        assert first.id not in decisions(app.library.conn)
        assert "No deferred papers." in screen_text(app)
        await pilot.press("u")  # undo the un-defer: deferred again
        assert decisions(app.library.conn)[first.id] == "later" and screen.current().id == first.id
        await pilot.press("u")  # undo the skip: deferred again (what it was), not undecided
        assert decisions(app.library.conn)[second.id] == "later"
        await pilot.press("escape")  # back to the list to triage
        assert screen.view == "triage" and "Triage ·" in screen_text(app)


async def test_deferred_papers_from_an_earlier_session_are_in_the_view_and_found_by_the_filter(fake_engine):
    from paperpass.config import demo_dir
    from paperpass.ingest.sample import load_sample_week

    conn = open_library(demo_dir())
    load_sample_week(conn)
    paper = next(p for p in triage_window(conn, 7).papers if "diffusion" in p.title.lower())
    set_decision(conn, paper.id, "later")
    conn.close()
    words = " ".join(paper.title.split()[:3])
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await triage_ready(pilot)
        assert paper.id not in {p.id for p in screen.visible_papers()}
        await pilot.press("slash", *words)
        assert "deferred: v)" in screen_text(app)  # the list says where the match is
        await pilot.press("enter", "v")
        assert [p.id for p in screen.visible_papers()] == [paper.id]  # the filter stays on in the deferred view
        assert paper.title[:30] in screen_text(app)
        await pilot.press("d")  # un-defer: it joins the week again
        await pilot.press("v")
        assert paper.id in {p.id for p in screen.visible_papers()}


async def test_the_window_is_on_screen_and_changes_with_w(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await triage_ready(pilot)
        assert "last 7 days to 2026-06-12" in screen_text(app)
        await pilot.press("W")
        await wait_for(pilot, lambda: screen.ranked)
        shown = screen_text(app)
        assert screen.days == 3 and "last 3 days to 2026-06-12, 675 older hidden" in shown
        assert len(screen.visible_papers()) == 203
        await pilot.press("W", "W")
        await wait_for(pilot, lambda: screen.ranked)
        assert screen.days == 1 and any("as narrow as it goes" in n.message for n in app._notifications)
        for _ in range(7):
            await pilot.press("w")
        await wait_for(pilot, lambda: screen.ranked)
        assert screen.days is None and "every date to 2026-06-12" in screen_text(app)


async def test_a_window_change_keeps_the_sessions_decision_counts(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await triage_ready(pilot)
        await pilot.press("k", "x", "k", "x", "d")
        assert "2 kept, 2 skipped, 1 deferred" in screen_text(app)
        for key in ("w", "W", "W"):
            await pilot.press(key)
            await wait_for(pilot, lambda: screen.ranked)
            assert "2 kept, 2 skipped, 1 deferred" in screen_text(app), key
        await pilot.press("v", "k", "escape")  # the paper deferred in this session, kept in the deferred view
        assert screen.status_line.plain.endswith("3 kept, 2 skipped")  # nothing deferred in this session now


async def test_undo_reaches_back_across_a_window_change(fake_engine):
    """The decisions undo restores are the session's too: a window change does not forget them, and a
    paper decided in a window no longer shown comes back to triage."""
    from paperpass.config import demo_dir
    from paperpass.store.papers import get_decision

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await triage_ready(pilot)
        first = screen.current()
        await pilot.press("k")
        second = screen.current()
        await pilot.press("x")
        for key in ("w", "w"):  # narrower twice: the kept and skipped papers may leave the window
            await pilot.press(key)
            await wait_for(pilot, lambda: screen.ranked)
        assert [(pid, made) for pid, _, made in screen.history] == [(first.id, "keep"), (second.id, "skip")]
        await pilot.press("u", "u")
        assert screen.history == [] and screen.decision[first.id] is None and screen.decision[second.id] is None
        assert {first.id, second.id} <= {p.id for p in screen.papers}  # both back to triage
    conn = open_library(demo_dir())
    assert get_decision(conn, first.id) is None and get_decision(conn, second.id) is None
    conn.close()


async def test_a_window_change_shows_the_top_of_its_ranking_though_decisions_before_it_stay_undoable(fake_engine):
    from paperpass.tui.widgets.paper_list import PaperList

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await triage_ready(pilot)
        await pilot.press("k", "x")
        await pilot.press("W")
        await wait_for(pilot, lambda: screen.ranked)
        assert screen.query_one("#papers", PaperList).cursor_row == 0
        assert screen.current().id == screen.papers[0].id and len(screen.history) == 2


@pytest.mark.parametrize("width", [80, 100, 140, 200])
async def test_upvotes_show_whole_at_every_width_and_read_in_the_singular(fake_engine, width):
    from paperpass.config import demo_dir

    conn = open_library(demo_dir())
    upsert_paper(conn, Paper(title="One lonely upvote", source="hf-daily", published="2026-06-12", popularity=1,
                             abstract="A paper with a single upvote."))
    conn.close()
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(width, 24)) as pilot:
        screen = await triage_ready(pilot)
        top = screen.current()
        table_part = [line.split("▏")[0] for line in screen_text(app).splitlines()]
        row = next(line for line in table_part if top.title[:15] in line)
        assert row.split()[0] == str(top.popularity), row  # 118, not "1"
        await pilot.press("slash", *"one lonely upvote", "enter")
        assert "▲ 1 upvote" in screen_text(app) and "1 upvotes" not in screen_text(app)


# -- why, by the latest ranking, for every paper listed (deferred ones too) ------------------

GRAPHS = "Graph neural networks for message passing on molecules"
FOLDS = "Protein folding with diffusion over residue frames"


@pytest.fixture
def topic_week(isolated_home, monkeypatch):
    """Six papers on graph networks and six on protein folding in one week, one graph paper deferred a month
    before it; the real ranking, run in this process with a bag-of-words embedder."""
    from tests.library_helpers import WordEmbedder

    conn = open_library(isolated_home)
    for i in range(12):
        topic = GRAPHS if i % 2 else FOLDS
        paper = Paper(title=f"{topic}, part {i}", abstract=f"We study {topic.lower()} (variant {i}).",
                      authors=[f"Author {i}"], categories=["cs.LG"], published=day(i % 5), source="arxiv")
        upsert_paper(conn, paper)
    old = upsert_paper(conn, Paper(title=f"{GRAPHS}, an old one", abstract=f"We study {GRAPHS.lower()}.",
                                   authors=["Old Author"], published=day(30), source="arxiv")).paper.id
    set_decision(conn, old, "later")
    conn.commit()
    conn.close()
    embed.set_embedder(WordEmbedder())
    monkeypatch.setattr(backend, "_in_engine", lambda func, *args: func(*args))  # the engine, in this process
    yield isolated_home, old
    embed.set_embedder(None)


async def decide(pilot, screen: TriageScreen, title_start: str, key: str) -> None:
    """Move the cursor to the first listed paper whose title starts so, and press the key."""
    from paperpass.tui.widgets.paper_list import PaperList

    row = next(i for i, p in enumerate(screen.shown) if p.title.startswith(title_start))
    screen.query_one("#papers", PaperList).move_cursor(row)
    await pilot.press(key)


def detail(app) -> str:
    return " ".join(screen_text(app).split())


async def test_deferred_papers_show_why_by_the_latest_ranking_in_this_session_and_after_a_restart(topic_week):
    home, old = topic_week
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        screen = await triage_ready(pilot)
        assert "no keeps yet" in detail(app)
        await decide(pilot, screen, GRAPHS, "d")  # deferred under the cold-start ranking
        for _ in range(3):
            await decide(pilot, screen, GRAPHS, "k")
        await pilot.press("r")
        await wait_for(pilot, lambda: not screen.ranking)
        await pilot.press("v")
        assert screen.current().title.startswith(GRAPHS)
        shown = detail(app)
        assert "why: similar to" in shown and "no keeps yet" not in shown
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        screen = await triage_ready(pilot)
        await pilot.press("v")
        assert old in {p.id for p in screen.visible_papers()}  # deferred long before the window: explained too
        for paper in screen.visible_papers():
            assert any("which you kept" in why for why in screen.reasons[paper.id]), paper.title
        assert "why: similar to" in detail(app)


async def test_a_first_ranking_that_ends_after_keeps_gives_their_reasons(topic_week, monkeypatch):
    import threading

    home, _old = topic_week
    release = threading.Event()
    real_step = backend._rank_step_here

    def held_first(home, days, budget):
        step = real_step(home, days, budget)  # ranked with no keeps yet, and held until the keeps are made
        release.wait(20)
        return step

    monkeypatch.setattr(backend, "_rank_step_here", held_first)
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.ranking)
        screen = app.screen
        for _ in range(3):
            await decide(pilot, screen, GRAPHS, "k")  # kept while the first ranking runs
        release.set()
        await wait_for(pilot, lambda: screen.ranked and not screen.ranking)
        await decide(pilot, screen, GRAPHS, "j")  # "j" does nothing: the cursor on a graph paper
        shown = detail(app)
        assert "why: similar to" in shown and "no keeps yet" not in shown


async def test_keeps_and_skips_teach_the_ranking_without_a_key_to_rank_again(topic_week):
    """A keep or a skip re-ranks the week by itself once the keys pause: a paper like the kept ones comes
    first, every paper says why by the kept papers, and the highlighted paper stays where the reader is."""
    home, _old = topic_week
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        screen = await triage_ready(pilot)
        assert "no keeps yet" in detail(app)
        taught = screen._taught
        await decide(pilot, screen, GRAPHS, "k")
        await decide(pilot, screen, FOLDS, "x")
        await decide(pilot, screen, GRAPHS, "k")  # three keys in a row
        assert screen._taught == taught + 3
        highlighted = screen.current()
        await wait_for(pilot, lambda: screen.settled)
        assert screen.current().id == highlighted.id
        left = [p for p in screen.visible_papers() if screen.decision.get(p.id) is None]
        assert left[0].title.startswith(GRAPHS)  # like the kept ones: first
        for paper in left:
            assert any("which you kept" in why for why in screen.reasons[paper.id]), paper.title
        assert "no keeps yet" not in detail(app)


@pytest.mark.engine
async def test_the_search_model_loads_while_the_reader_triages(topic_week, monkeypatch):
    """Once the week is ranked the engine loads the search's query model in the background (a first run on a
    machine builds it, tens of seconds), so the first search does not wait for it."""
    home, _old = topic_week
    embedder = embed.get_embedder()  # the fixture's bag-of-words embedder
    encoded: list[list[str]] = []
    real = embedder.encode
    monkeypatch.setattr(embedder, "encode", lambda texts: encoded.append(list(texts)) or real(texts))
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        await triage_ready(pilot)
        await wait_for(pilot, lambda: ["warm-up"] in encoded)
        assert app.screen.ranked  # no search was asked for


async def test_deferred_papers_say_why_when_nothing_is_left_to_triage(topic_week):
    """Everything of the week decided but the deferred papers: a ranking still explains them."""
    home, old = topic_week
    conn = open_library(home)
    papers = triage_window(conn, 7).papers
    for paper in papers:
        set_decision(conn, paper.id, "keep" if paper.title.startswith(GRAPHS) else "skip")
    conn.commit()
    conn.close()
    app = PaperpassApp(home=home)
    async with app.run_test(size=(140, 35)) as pilot:
        screen = await triage_ready(pilot)
        assert "Nothing left to triage" in detail(app)
        await pilot.press("v")
        assert screen.current().id == old
        assert "why: similar to" in detail(app)
