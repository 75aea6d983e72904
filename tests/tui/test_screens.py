"""Library, classics, search, help and the command palette, driven with keys through Pilot."""

from __future__ import annotations

import pytest

from paperpass.config import demo_dir
from paperpass.store import open_library
from paperpass.store.lists import get_list
from paperpass.store.papers import decisions, list_papers, set_decision
from paperpass.store.reading import finish_pass, set_review, start_pass
from paperpass.tui.app import PaperpassApp
from paperpass.tui.backend import fetch_pdf as real_fetch_pdf  # before fake_engine replaces it
from paperpass.tui.screens.classics import ClassicsScreen
from paperpass.tui.screens.help import HelpScreen
from paperpass.tui.screens.library import LibraryScreen
from paperpass.tui.screens.search import SearchScreen
from paperpass.tui.screens.triage import TriageScreen
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

SIZES = [(80, 24), (160, 50)]


async def start(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageScreen) and pilot.app.screen.ranked)


# -- library ------------------------------------------------------------------------

def prepare_library():
    """A demo library where the reader kept two papers, is in pass 2 of one, finished one and dropped one."""
    from paperpass.ingest.sample import load_sample_week

    conn = open_library(demo_dir())
    load_sample_week(conn)
    papers = [p for p in list_papers(conn) if p.source != "seed"][:5]
    kept_a, kept_b, reading, done, dropped = papers
    set_decision(conn, kept_a.id, "keep")
    set_decision(conn, kept_b.id, "keep")
    start_pass(conn, reading.id, 2)
    start_pass(conn, done.id, 3)
    finish_pass(conn, done.id, 3)
    start_pass(conn, dropped.id, 1)
    set_review(conn, dropped.id, pass1_decision="drop")
    conn.close()
    return papers


@pytest.mark.parametrize("size", SIZES)
async def test_library_lists_states_with_the_queue_on_top(fake_engine, size):
    kept_a, kept_b, reading, done, dropped = prepare_library()
    app = PaperpassApp(demo=True)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await pilot.press("2")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        top = [r.paper.id for r in screen.visible_rows()[:2]]
        assert set(top) == {kept_a.id, kept_b.id}
        states = {r.paper.id: r.state for r in screen.rows}
        assert states[reading.id] == "pass2" and states[done.id] == "done" and states[dropped.id] == "dropped"
        text = screen_text(app)
        assert "2 in the reading queue" in text
        assert "▶" in text and "pass 2" in text
        assert "o Open" in text and "f State" in text


async def test_library_filter_state_sort_and_open(fake_engine):
    _, _, reading, _done, _ = prepare_library()
    from paperpass.tui.screens.reader import ReaderScreen

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("2")
        screen = app.screen
        await pilot.press("f")  # the queue only
        assert screen.state_filter == "queue" and len(screen.visible_rows()) == 2
        await pilot.press("f", "f", "f")  # unread, pass1, pass2
        assert screen.state_filter == "pass2"
        assert [r.paper.id for r in screen.visible_rows()] == [reading.id]
        assert "state: pass2" in screen_text(app)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert (app.screen.paper_id, app.screen.pass_no) == (reading.id, 2)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("f", "f", "f", "f")  # pass 3, done, dropped, all
        assert screen.state_filter == "all"
        await pilot.press("r")  # sort by title
        titles = [r.paper.title.lower() for r in screen.visible_rows() if not r.queued]
        assert titles == sorted(titles)
        await pilot.press("slash", *"residual learning he")
        assert [r.paper.title for r in screen.visible_rows()] == ["Deep Residual Learning for Image Recognition"]


async def test_library_filter_narrows_while_typing_and_backspace_widens(fake_engine):
    prepare_library()
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("2")
        screen = app.screen
        everything = [r.paper.id for r in screen.visible_rows()]

        def expected(text: str) -> list[int]:  # the filter's meaning, from the rows themselves
            words = text.split()
            return [pid for pid in everything if all(w in screen.haystacks[pid] for w in words)]

        # the first letter is then looked up in the character index (made in idle time), not searched for
        await wait_for(pilot, lambda: screen._chars is not None and screen._chars.ready)
        await pilot.press("slash")
        typed = ""
        for key in ["r", "e", "s", "i", "space", "l", "e"]:
            await pilot.press(key)
            typed += " " if key == "space" else key
            assert [r.paper.id for r in screen.visible_rows()] == expected(typed)
            assert screen.query_one("#library-list").row_count == len(expected(typed))
        assert 0 < len(expected(typed)) < len(everything)
        # the cursor on a paper that still matches stays on it as the filter grows
        await pilot.press("backspace", "backspace", "backspace", "enter")
        await pilot.press("down")
        kept = screen.current()
        assert kept is not None
        await pilot.press("slash", "space", kept.paper.title.split()[0].lower()[:3])
        assert screen.current() is kept
        for _ in range(len(screen.filter_text) + 1):
            await pilot.press("backspace")
        assert screen.filter_text == "" and [r.paper.id for r in screen.visible_rows()] == everything
        assert "showing " + str(len(everything)) in screen_text(app)


async def test_library_queue_lists_a_queued_reference_and_opens_the_citing_paper(fake_engine, isolated_home):
    from paperpass.library.views import queue_reference
    from paperpass.models import Reference
    from paperpass.store.documents import store_references
    from paperpass.tui.screens.reader import ReaderScreen
    from tests.tui.test_reader import add_paper

    citing = add_paper(isolated_home)
    conn = open_library(isolated_home)
    store_references(conn, citing, [Reference(raw="[1] A. Author. A work only cited, not in the library. 2019.")])
    queue_reference(conn, citing, 0)
    conn.close()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(110, 34)) as pilot:
        await wait_for(pilot, lambda: app.screen.ranked)
        await pilot.press("2", "f")  # the queue view
        screen = app.screen
        assert screen.state_filter == "queue"
        paper_list = screen.query_one("#library-list")
        assert paper_list.row_count == 1 and screen.current() is None
        assert screen.current_reference() is not None and screen.current_reference().cited_by == citing
        await pilot.press("slash", *"cited", "enter")  # the filter reads the reference's text too
        assert paper_list.row_count == 1
        await pilot.press("slash", "x", "x", "enter")
        assert paper_list.row_count == 0 and screen.current_reference() is None
        await pilot.press("slash", "backspace", "backspace", "enter")
        assert paper_list.row_count == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert (app.screen.paper_id, app.screen.pass_no) == (citing, 2)


async def test_library_sees_decisions_made_in_triage(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        first = app.screen.current()
        await pilot.press("k", "2")
        assert app.screen.visible_rows()[0].paper.id == first.id
        assert app.screen.visible_rows()[0].queued_by == "kept"


# -- classics -----------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_classics_show_progress_per_list_and_paper(fake_engine, size):
    app = PaperpassApp(demo=True)
    conn = app.library.conn
    resnet = next(p for p in list_papers(conn) if p.arxiv_id == "1512.03385")
    start_pass(conn, resnet.id, 1)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await pilot.press("3")
        await pilot.pause(0.2)
        assert isinstance(app.screen, ClassicsScreen)
        text = screen_text(app)
        assert "Computer vision" in text and "0/5 read · 1 begun" in text
        assert "Detection and segmentation" in text and "0/4 read · 0 begun" in text
        assert "0/12 papers read · 1 begun" in text
        assert "Deep Residual Learning" in text and "pass 1" in text


async def test_classics_start_pass_one_offline_notifies_and_opens_the_reader(fake_engine):
    from paperpass.tui.screens.reader import ReaderScreen

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        await pilot.press("3")
        wanted = app.screen.current()
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert (app.screen.paper_id, app.screen.pass_no) == (wanted.id, 1)
        await pilot.pause(0.2)
        # one clear notification, the metadata-only reader, and the classic is not begun
        fetch_notes = [n.message for n in app._notifications if "fetch the PDF" in n.message]
        assert fetch_notes == ["Could not fetch the PDF (cannot reach arxiv.org (offline)): "
                               "showing its title and abstract (p tries again)."]
        assert "metadata only" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert "unread" in screen_text(app) and "0/12 papers read · 0 begun" in screen_text(app)
    from paperpass.store.reading import reading_status

    assert reading_status(open_library(demo_dir()), wanted.id) == "unread"


async def test_classics_start_pass_one_downloads_the_pdf_from_a_server(fake_engine, monkeypatch, httpserver):
    """The real download path (not the stand-in): VGG's PDF served on loopback lands in the library."""
    from pathlib import Path

    from paperpass.tui import backend as real_backend
    from paperpass.tui.screens.reader import ReaderScreen

    pdf = Path(__file__).resolve().parents[2].parent / "shared/fixtures/real/pdfs/hz_1409.1556.pdf"
    if not pdf.exists():
        pytest.skip(f"real fixtures absent: {pdf}")
    monkeypatch.setattr(real_backend, "fetch_pdf", real_fetch_pdf)
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    httpserver.expect_request("/pdf/1409.1556").respond_with_data(
        pdf.read_bytes(), content_type="application/pdf")
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(pilot)
        await pilot.press("3")
        while app.screen.current().arxiv_id != "1409.1556":
            await pilot.press("down")
        wanted = app.screen.current()
        await pilot.press("p")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), timeout=30)
        assert app.screen.paper_id == wanted.id
        assert not [n for n in app._notifications if "could not fetch" in n.message]
    stored = next(p for p in list_papers(open_library(demo_dir())) if p.id == wanted.id)
    assert stored.pdf_path and Path(stored.pdf_path).read_bytes() == pdf.read_bytes()


async def test_classics_new_list_and_add_a_paper_to_it(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("3")
        await pilot.press("n", *"Must read", "enter")
        assert get_list(app.library.conn, "Must read").paper_ids == []
        wanted = app.screen.current()
        await pilot.press("a")  # a picker of the user's lists, with "a new list" last
        await pilot.press("enter")
        assert get_list(app.library.conn, "Must read").paper_ids == [wanted.id]
        assert "Must read" in screen_text(app)
        # and from the library, any paper
        await pilot.press("2", "a", "enter")
        assert len(get_list(app.library.conn, "Must read").paper_ids) == 2


# -- search -------------------------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_search_groups_hits_by_paper_and_opens_the_reader_at_the_pass(fake_engine, size):
    from paperpass.tui.screens.reader import ReaderScreen

    app = PaperpassApp(demo=True)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await pilot.press("4")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"diffusion", "enter")
        await wait_for(pilot, lambda: app.screen.hits)
        text = screen_text(app)
        assert "pass 2 note: my pass 2 note about diffusion" in text
        assert "paper:" in text
        assert "hits in 5 papers" in text or "hit in 5 papers" in text
        first_paper = app.screen.hits[0].paper_id
        await pilot.press("down", "enter")  # the best paper's hits: the paper itself, then the pass 2 note
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert (app.screen.paper_id, app.screen.pass_no) == (first_paper, 2)


async def test_search_scope_and_typing_digits_stay_in_the_box(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("4", *"llm 2", "ctrl+t")
        assert app.screen.query_one("#query").value == "llm 2"
        assert app.screen.scope == "notes"
        assert isinstance(app.screen, SearchScreen)


async def test_escape_leaves_the_search_box_so_the_screen_keys_work(fake_engine):
    """As in every other text field, escape leaves the search box (onto the results); escape there goes back
    to the box. A mode key then changes screen instead of typing into the query."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("4", *"gan")
        await wait_for(pilot, lambda: app.screen.hits)
        await pilot.press("escape")
        assert app.screen.focused is app.screen.query_one("#results")
        await pilot.press("escape")
        assert app.screen.focused is app.screen.query_one("#query")
        await pilot.press("escape", "2")
        assert isinstance(app.screen, LibraryScreen)
        await pilot.press("4")
        assert app.screen.query_one("#query").value == "gan"


async def test_a_new_list_cannot_take_the_name_of_a_classics_list(fake_engine):
    """The classics screen shows the seeded sections and the user's lists by name: a user list named like a
    section would be merged into it there (and in `classics --json`). The name is refused, in one line."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await start(pilot)
        await pilot.press("3")
        before = list(app.screen.list_names)
        assert "Computer vision" in before
        await pilot.press("n", *"Computer vision", "enter")
        await pilot.pause()
        assert app.screen.list_names == before
        assert "Computer vision" not in [lst.name for lst in app.library.lists()]
        assert any("Computer vision" in n.message and n.severity == "error" for n in app._notifications)


# -- help, palette, errors ----------------------------------------------------------

@pytest.mark.parametrize("size", SIZES)
async def test_help_lists_the_keys_of_the_screen_it_was_opened_on(fake_engine, size):
    from textual.binding import Binding

    app = PaperpassApp(demo=True)
    async with app.run_test(size=size) as pilot:
        await start(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        help_screen = app.screen
        import io

        from rich.console import Console

        console = Console(width=120, record=True, file=io.StringIO())
        for static in help_screen.query("Static"):
            console.print(static.content)  # the whole help, also what is scrolled out of view
        shown = console.export_text()
        assert "Command palette" in shown and "Everywhere" in shown
        assert "Triage" in screen_text(app) and "Keep" in screen_text(app)
        from paperpass.tui.keys import enabled

        triage = next(s for s in app.screen_stack if isinstance(s, TriageScreen))
        for owner in (PaperpassApp, TriageScreen):
            for b in Binding.make_bindings(owner.BINDINGS):
                # a key the screen disables here (un-defer belongs to the deferred view) is not listed
                if b.description and b.show and (owner is PaperpassApp or enabled(triage, b)):
                    assert b.description in shown, (owner.__name__, b.description)
        assert "Sort" not in shown  # the library's key, not bound here
        await pilot.press("escape")
        assert isinstance(app.screen, TriageScreen)


async def test_command_palette_switches_screens(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p", *"go to classics")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ClassicsScreen))


async def test_number_and_letter_keys_switch_screens(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        for key, screen in [("2", LibraryScreen), ("3", ClassicsScreen), ("1", TriageScreen),
                            ("l", LibraryScreen), ("c", ClassicsScreen), ("t", TriageScreen)]:
            await pilot.press(key)
            assert isinstance(app.screen, screen), key
        await pilot.press("ctrl+q")
        assert app._exit


async def test_store_errors_are_notifications(fake_engine, monkeypatch):
    import paperpass.store.papers as papers
    from paperpass.errors import StoreError

    def locked(*args, **kwargs):
        raise StoreError("database is locked by another paperpass")

    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await start(pilot)
        monkeypatch.setattr(papers, "set_decision", locked)
        await pilot.press("k")
        assert [n.message for n in app._notifications] == ["database is locked by another paperpass"]
        assert decisions(app.library.conn) == {}


async def test_the_library_detail_shows_the_papers_kind_beside_its_venue(fake_engine, isolated_home):
    from paperpass.models import Paper
    from paperpass.store.papers import upsert_paper

    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title="Tidal Attention in Deep Oceans", abstract="Waves.", published="2026-05-01",
                             venue="Journal of Ocean Learning", kind="article", source="manual"))
    conn.close()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(160, 50)) as pilot:
        await start(pilot)
        await pilot.press("2")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        await pilot.press("slash", *"tidal", "enter")
        await wait_for(pilot, lambda: app.screen.current() is not None
                       and app.screen.current().paper.title.startswith("Tidal"))
        await pilot.pause(0.1)
        assert "journal article: Journal of Ocean Learning" in screen_text(app)
