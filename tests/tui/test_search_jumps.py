"""Search opens the reader where the hit is: a section in pass 3 scrolled to it, a note on that note."""

from __future__ import annotations

import pytest

from paperpass.library.documents import load_document
from paperpass.models import SearchHit
from paperpass.store import open_library
from paperpass.store.reading import add_note
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.reader import ReaderScreen
from paperpass.tui.screens.search import SearchScreen
from paperpass.tui.widgets.notes import NotesEditor
from tests.tui.conftest import wait_for
from tests.tui.test_reader import GAN_PDF, add_paper, parse_status


@pytest.fixture
def hits(fake_engine, monkeypatch):
    found: list[SearchHit] = []
    monkeypatch.setattr(fake_engine, "search", lambda home, query, scope="all", limit=50: list(found))
    return found


async def search_for(pilot, text: str) -> None:
    await wait_for(pilot, lambda: getattr(pilot.app.screen, "ranked", False) is not False)
    await pilot.press("4")
    assert isinstance(pilot.app.screen, SearchScreen)
    await pilot.press(*text)
    await wait_for(pilot, lambda: pilot.app.screen.hits)


async def test_enter_on_a_section_hit_opens_pass_3_at_that_section(hits, isolated_home, real):
    pdf = real / "pdfs" / GAN_PDF
    if not pdf.is_file():
        pytest.skip(f"{GAN_PDF} is absent")
    paper_id = add_paper(isolated_home, pdf)
    conn = open_library(isolated_home)
    sections = [s for s in load_document(conn, paper_id).sections if s.kind == "body" and s.level == 1]
    target = sections[len(sections) // 2]  # one well below the top of the text
    name = f"{target.number} {target.title}".strip()
    hits.append(SearchHit(paper_id=paper_id, title="GAN", score=1.0, kind="section", snippet="x",
                          section=name, page=target.page))
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "adversarial")
        await pilot.press("down")  # from the box: onto the first hit, not past it
        assert app.screen.query_one("#results").highlighted == 1
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen), timeout=30)
        screen = app.screen
        await wait_for(pilot, lambda: parse_status(app) != "parsing…", timeout=60)
        assert screen.pass_no == 3
        view = screen.query_one("#pass-3")

        def at_section() -> bool:
            widget = view.section_widget(name, screen.document.sections)
            return widget is not None and view.scroll_y > 0 and view.shows_at_top(widget)

        await wait_for(pilot, at_section, timeout=15)


async def test_enter_on_a_note_hit_opens_that_pass_on_that_note(hits, isolated_home):
    paper_id = add_paper(isolated_home)
    conn = open_library(isolated_home)
    wanted = add_note(conn, paper_id, 2, "the older note that matched")
    add_note(conn, paper_id, 2, "a newer note of the same pass")
    hits.append(SearchHit(paper_id=paper_id, title="GAN", score=1.0, kind="note", snippet="older note",
                          pass_no=2, note_id=wanted.id))
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "older")
        await pilot.press("enter", "enter")  # search, then open the highlighted (first) hit
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        editor = app.screen.query_one("#notes-2", NotesEditor)
        assert app.screen.pass_no == 2
        assert editor.note_id == wanted.id and editor.text == "the older note that matched"


async def test_enter_opens_the_best_hit_even_below_the_papers_sections(hits, isolated_home):
    """Hits are grouped by paper, the paper's own text before its notes; the best hit (here the note holding
    the searched word) is the one highlighted, so enter opens it, not a weaker section hit above it."""
    paper_id = add_paper(isolated_home)
    conn = open_library(isolated_home)
    wanted = add_note(conn, paper_id, 3, "KILLTEST derivation of eq. 1")
    add_note(conn, paper_id, 3, "a newer note of pass 3")
    hits.extend([
        SearchHit(paper_id=paper_id, title="GAN", score=0.9, kind="note", snippet="[KILLTEST] derivation",
                  pass_no=3, note_id=wanted.id),
        SearchHit(paper_id=paper_id, title="GAN", score=0.2, kind="section", snippet="weak", section="Conclusion"),
        SearchHit(paper_id=paper_id, title="GAN", score=0.1, kind="paper", snippet="weaker"),
    ])
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(120, 40)) as pilot:
        await search_for(pilot, "KILLTEST")
        await pilot.press("enter", "enter")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert app.screen.pass_no == 3 and app.screen.section is None  # not the section hit
        assert app.screen.query_one("#notes-3", NotesEditor).note_id == wanted.id
