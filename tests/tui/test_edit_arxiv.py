"""The edit form's arXiv id field: a paper wrongly taken for an arXiv paper gets its id cleared or corrected
from the TUI, and another paper's id is one line under the form with nothing changed."""

from __future__ import annotations

from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.triage import TriageScreen
from paperpass.tui.widgets.edit_paper import EditPaperDialog
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

TO_ARXIV = ("tab",) * 5  # title, authors, year, venue, tags, then the arXiv id


async def test_the_arxiv_id_is_refused_for_another_paper_then_cleared(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.ranked)
        screen = app.screen
        paper = app.library.paper(screen.current().id)
        other = next(p for p in app.library.papers() if p.arxiv_id and p.id != paper.id)
        assert paper.arxiv_id
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press(*TO_ARXIV, "ctrl+u", *other.arxiv_id, "enter")
        assert f"arXiv {other.arxiv_id} is already paper {other.id}" in screen_text(app)
        assert app.library.paper(paper.id) == paper  # nothing changed
        await pilot.press("ctrl+u", "enter")  # empty: not on arXiv
        await wait_for(pilot, lambda: not isinstance(app.screen, EditPaperDialog))
        after = app.library.paper(paper.id)
        assert (after.arxiv_id, after.arxiv_version, after.title) == (None, None, paper.title)


async def test_the_kind_field_refuses_an_unknown_word_then_saves_the_kind(fake_engine):
    """The form's last field is the paper's kind: a word the library does not know is one line with nothing
    changed; 'article' saves it, and the detail shows it beside the venue."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.ranked)
        paper = app.library.paper(app.screen.current().id)
        assert paper.kind is None  # the sample week names no kind
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        while app.screen.focused.id != "edit-kind":
            await pilot.press("tab")
        await pilot.press("ctrl+u", *"poster", "enter")
        assert "unknown kind 'poster'" in screen_text(app)
        assert app.library.paper(paper.id) == paper
        await pilot.press("ctrl+u", *"article", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, EditPaperDialog))
        assert app.library.paper(paper.id).kind == "article"
        assert "journal article" in screen_text(app)
