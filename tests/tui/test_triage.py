"""Triage, driven with keys: ranking, keep/skip/defer, undo, filter, open, errors."""

from __future__ import annotations

import pytest

from paperpass.errors import StoreError
from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import decisions, upsert_paper
from paperpass.tui import backend
from paperpass.tui.app import PaperpassApp
from paperpass.tui.widgets.paper_list import PaperList
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

SIZES = [(80, 24), (160, 50)]


def table(app) -> PaperList:
    return app.screen.query_one("#papers", PaperList)


def highlighted_title(app) -> str:
    return app.screen.current().title


async def ranked(pilot) -> None:
    await wait_for(pilot, lambda: pilot.app.screen.ranked)


@pytest.mark.parametrize("size", SIZES)
async def test_triage_shows_the_ranked_week_with_abstract_and_why(fake_engine, size):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=size) as pilot:
        await ranked(pilot)
        screen = app.screen
        top = screen.current()
        assert top.popularity == max(p.popularity or 0 for p in screen.papers)  # the fake ranking: upvotes first
        text = screen_text(app)
        assert "Triage · 878 left of 878" in text and "last 7 days to 2026-06-12" in text
        assert "ranked for you" in text
        assert top.title[:20] in text
        assert f"why: {top.popularity} upvotes" in text  # the detail pane says why it ranked
        assert top.abstract.split()[0] in text
        assert "k Keep" in text and "x Skip" in text and "d Defer" in text  # the footer


async def test_recency_order_shows_while_ranking_runs(monkeypatch):
    import threading

    release = threading.Event()

    def slow_rank(home, days=7, on_partial=None):
        release.wait(10)
        return []

    monkeypatch.setattr(backend, "rank_week", slow_rank)
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.ranking)
        assert "ranking…" in screen_text(app)
        first = highlighted_title(app)
        await pilot.press("x")  # input stays live while the worker ranks
        assert highlighted_title(app) != first
        assert len(decisions(app.library.conn)) == 1
        release.set()
        await wait_for(pilot, lambda: not app.screen.ranking)


async def test_decide_moves_to_the_next_paper_and_undo_puts_it_back(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        first, second = app.screen.visible_papers()[:2]
        await pilot.press("k")
        assert decisions(app.library.conn) == {first.id: "keep"}
        assert app.screen.current().id == second.id
        await pilot.press("d")
        assert decisions(app.library.conn)[second.id] == "later"
        text = screen_text(app)
        assert "876 left of 878" in text and "1 kept, 1 deferred" in text
        await pilot.press("u")
        assert second.id not in decisions(app.library.conn)
        assert app.screen.current().id == second.id
        await pilot.press("u")
        assert decisions(app.library.conn) == {}
        assert app.screen.current().id == first.id
        assert "878 left of 878" in screen_text(app)
        await pilot.press("u")  # nothing left to undo: a notice, not an error
        assert any("no decision to undo" in n.message for n in app._notifications)


async def test_fifty_decisions_with_the_keyboard_alone(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        expected = [p.id for p in app.screen.visible_papers()[:50]]
        await pilot.press(*(["x", "k", "d", "x", "x"] * 10))
        decided = decisions(app.library.conn)
        assert list(decided) == expected or set(decided) == set(expected)
        assert sum(d == "skip" for d in decided.values()) == 30
        assert "828 left of 878" in screen_text(app)
        assert len(app.screen.shown) == 828 and table(app).row_count <= 828


async def test_filter_as_you_type(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        await pilot.press("slash", *"diffusion")
        rows = app.screen.visible_papers()
        assert 0 < len(rows) < 878
        assert all("diffusion" in app.screen.haystacks[p.id] for p in rows)
        assert f"{len(rows)} match 'diffusion'" in screen_text(app)
        await pilot.press("enter", "k")  # back on the list, keys decide again
        assert decisions(app.library.conn) == {rows[0].id: "keep"}
        await pilot.press("slash", "escape")  # escape clears the filter
        assert len(app.screen.shown) == 877


async def test_a_first_run_says_how_to_bring_papers_in(fake_engine, isolated_home):
    """An empty library: not "w shows a wider one" (no window holds anything) but where papers come from."""
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        text = " ".join(screen_text(app).split())
        assert "No papers yet" in text and "I ingests" in text and "+ adds" in text
        assert "wider" not in text


async def test_feed_text_is_never_read_as_markup(fake_engine, isolated_home):
    from paperpass.config import demo_dir

    conn = open_library(demo_dir())
    upsert_paper(conn, Paper(title="[bold]Brackets[/bold] in [link=x]titles[/link] stay", source="arxiv",
                             abstract="An abstract with [red]markup[/red] inside.", published="2026-06-12",
                             popularity=10_000, authors=["A. [b]Author[/b]"]))
    conn.close()
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(160, 50)) as pilot:
        await ranked(pilot)
        text = screen_text(app)
        assert "[bold]Brackets[/bold] in [link=x]titles[/link] stay" in text
        assert "An abstract with [red]markup[/red] inside." in text


async def test_open_pushes_the_reader_at_pass_one(fake_engine):
    from paperpass.tui.screens.reader import ReaderScreen

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        wanted = app.screen.current().id
        await pilot.press("o")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert (app.screen.paper_id, app.screen.pass_no) == (wanted, 1)


async def test_a_ranking_failure_is_a_notification_and_the_list_stays(monkeypatch):
    def broken(home, days=7, on_partial=None):
        raise StoreError("the index is locked by another process")

    monkeypatch.setattr(backend, "rank_week", broken)
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await wait_for(pilot, lambda: any("locked" in n.message for n in app._notifications))
        await pilot.pause(0.3)
        assert "ranking failed: the index is locked" in " ".join(screen_text(app).split())
        assert len(app.screen.shown) == 878
        assert "newest first" in screen_text(app)


async def test_an_unexpected_search_failure_names_its_type_and_the_screen_stays(monkeypatch, fake_engine):
    """A worker that raises anything (not only a PaperpassError) comes back as one line, the app keeps going."""
    def broken(home, query, scope="all", limit=50):
        raise KeyError("vector 17")

    monkeypatch.setattr(backend, "search", broken)
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("4", *"attention", "enter")
        await wait_for(pilot, lambda: any("search failed" in n.message for n in app._notifications))
        messages = [n.message for n in app._notifications]
        assert "search failed: KeyError: 'vector 17'" in messages
        await wait_for(pilot, lambda: not app.screen.searching)
        assert "search failed" in screen_text(app) and "searching" not in screen_text(app)
        await pilot.press("1")  # the app is still running: back to triage
        assert "Triage" in screen_text(app)


@pytest.mark.slow
@pytest.mark.engine
async def test_the_real_ranking_and_search(tmp_path, onnx_export):
    """No stand-ins: the index engineer's rank_for_triage and search, in their workers, on a small library."""
    home = tmp_path / "small"
    conn = open_library(home)
    for i, title in enumerate(["Sparse attention for long documents", "Diffusion models for video",
                               "Graph neural networks at scale"]):
        upsert_paper(conn, Paper(title=title, source="arxiv", abstract=f"We study {title.lower()}.",
                                 published=f"2026-06-1{i}", arxiv_id=f"2606.0000{i}"))
    conn.close()
    app = PaperpassApp(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: app.screen.ranked or not app.screen.ranking, timeout=600)
        assert app.screen.ranked, [n.message for n in app._notifications]
        assert table(app).row_count == 3
        await pilot.press("4", *"diffusion", "enter")
        await wait_for(pilot, lambda: not app.screen.searching, timeout=600)
        assert "Diffusion models for video" in screen_text(app)


async def test_undo_puts_the_paper_back_in_its_place_with_a_filter_on(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        await pilot.press("slash", *"model", "enter")
        listed = [p.id for p in app.screen.shown]
        await pilot.press("down", "down", "down", "x", "k")
        assert len(app.screen.shown) == len(listed) - 2
        await pilot.press("u", "u")
        assert [p.id for p in app.screen.shown] == listed  # each back where it was, in the filtered list
        assert app.screen.current().id == listed[3]
        assert app.screen.shown == app.screen.visible_papers()


def fresh_scan(screen, text: str) -> list[int]:
    """The ids a filter must list in the triage view: the papers to triage, in order, read one by one."""
    words = text.lower().split()
    return [p.id for p in screen.papers if screen.decision[p.id] is None
            and all(w in screen.haystacks[p.id] for w in words)]


async def test_filter_lists_kept_while_typing_follow_decisions_and_the_cursor(fake_engine):
    """Each filter's matches are kept while typing (a one-letter filter looked up in the character index);
    the lists shown are always those of a fresh scan, also after a decision or an undo in between."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await ranked(pilot)
        screen = app.screen

        def fresh(text: str) -> list[int]:
            return fresh_scan(screen, text)

        await pilot.press("down", "down")
        on = screen.current()
        await pilot.press("slash")
        await wait_for(pilot, lambda: screen._chars.ready)  # made in idle time after the list was set
        word = next(w for w in on.title.lower().split() if len(w) > 3)
        for i in range(1, len(word) + 1):
            await pilot.press(word[i - 1])
            assert [p.id for p in screen.shown] == fresh(word[:i])
            assert screen.current().id == on.id  # the cursor stays on its paper while it matches
        for i in range(len(word) - 1, -1, -1):
            await pilot.press("backspace")
            assert [p.id for p in screen.shown] == fresh(word[:i])
        await pilot.press(*word[:2], "enter", "x")  # a decision while filtered, then the filter changes
        skipped = screen.decided
        await pilot.press("slash", "backspace")
        assert [p.id for p in screen.shown] == fresh(word[:1]) and not set(skipped) & set(fresh(word[:1]))
        await pilot.press(word[1], "enter", "u", "slash", "backspace", "backspace")
        assert [p.id for p in screen.shown] == fresh("") and set(skipped) <= set(fresh(""))
        await pilot.press("escape", "down")  # the detail follows the cursor as the key moves it
        assert screen.current_paper is screen.current()


async def test_one_letter_filters_equal_a_fresh_scan_before_and_after_the_index_and_decisions(fake_engine):
    """A filter of one-character words is looked up in the character index once it is made (a scan before):
    every character, typed or not indexed (non-ASCII, '?'), lists what a fresh scan lists, also after skips,
    keeps, a defer, undos, an un-defer from an earlier window (every place moves) and an edit."""
    from paperpass.tui.widgets.edit_paper import EditPaperDialog
    from paperpass.tui.widgets.filter_input import INDEXED

    queries = [*INDEXED, "?", "é", "ü", "a b", "x 9", "q z", "-", "gr", ""]
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ranked(pilot)
        screen = app.screen

        def check() -> None:
            for query in queries:
                assert [p.id for p in screen._visible(query)] == fresh_scan(screen, query), query

        await pilot.press("slash", "m")  # typed at once: the index may not be made yet
        assert [p.id for p in screen.shown] == fresh_scan(screen, "m")
        await pilot.press("backspace", "enter")
        await wait_for(pilot, lambda: screen._chars.ready)
        check()
        await pilot.press("x", "down", "k", "x", "d", "down", "x")
        check()
        await pilot.press("u", "u")
        check()
        await pilot.press("slash", "q")  # typed with the index made: a lookup
        assert [p.id for p in screen.shown] == fresh_scan(screen, "q")
        await pilot.press("escape")
        # an edit: the new title is found, the old one no more
        await pilot.press("home")
        edited = screen.current()
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press("ctrl+u", *"Zygote quokka", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, EditPaperDialog))
        assert screen.haystacks[edited.id].startswith("zygote quokka")
        check()
        at = screen._order[edited.id]
        assert screen._chars.holding(screen._chars.lookup("q"))[at]
        # an un-defer of a paper from before this window: it goes on top, every place moves by one
        in_three_days = {p.id for p in app.library.triage_window(3).papers}
        older = next(p for p in screen.papers if p.id not in in_three_days and screen.decision[p.id] is None)
        app.library.decide(older.stored_id, "later")
        await pilot.press("W")  # a narrower window (3 days) without it; it is in the deferred view
        await ranked(pilot)
        assert older.id not in screen._order
        await pilot.press("v")
        await wait_for(pilot, lambda: any(p.id == older.id for p in screen.shown))
        await pilot.press("end")
        while screen.current().id != older.id:
            await pilot.press("up")
        await pilot.press("d", "v")  # un-deferred: on top of the list to triage
        assert screen.papers[0].id == older.id
        await wait_for(pilot, lambda: screen._chars.ready)
        check()


async def test_a_filter_typed_straight_after_the_slash_is_the_filters_not_keys(fake_engine):
    """'/' and the word after it read in one go (a fast typist, a paste, a busy machine): the letters are the
    filter's. With the focus queued for later, 'k' of "kernel" kept the highlighted paper."""
    from textual import events

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ranked(pilot)
        for key, char in [("slash", "/"), ("k", "k"), ("e", "e"), ("r", "r")]:
            event = events.Key(key, char)
            event.set_sender(app)
            app._driver.send_message(event)  # as the terminal driver does: all read before the first is handled
        await pilot.pause(0.3)
        assert app.screen.query_one("#filter").value == "ker"
        assert decisions(app.library.conn) == {}
