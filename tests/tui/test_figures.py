"""Pass 2's figures, driven with keys through Pilot, on PDFs built in the test: each figure beside its caption
(drawn as half cells, so what is on screen does not depend on the terminal), next/previous, the zoom, and
the papers that have no figure to show."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static
from textual_image.widget import HalfcellImage

from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.figure_zoom import FigureZoomScreen
from paperpass.tui.screens.reader import ReaderScreen
from paperpass.tui.widgets.figures import FigurePanel
from tests.parse.test_figures import _paragraph, build_paper
from tests.tui.helpers import screen_text, still_reader
from tests.tui.test_reader import LARGE, SMALL, add_paper, notified, open_reader, wait_for


@pytest.fixture(autouse=True)
def no_ranking(monkeypatch):
    from paperpass.tui import backend

    monkeypatch.setattr(backend, "rank_week", lambda home, days=7: [])


@pytest.fixture
def app(isolated_home):
    return PaperpassApp(home=isolated_home)


def panel(app) -> FigurePanel:
    return app.screen.query_one("#p2-figure", FigurePanel)


def shown(app, ident: str) -> str:
    return str(app.screen.query_one(ident, Static).render())


async def open_pass_two(pilot, paper_id: int) -> ReaderScreen:
    screen = await open_reader(pilot, paper_id, pass_no=2)
    await wait_for(pilot, lambda: panel(pilot.app).figures or "not available" in panel(pilot.app).message
                   or "no figures" in panel(pilot.app).message)
    await pilot.pause(0.2)
    return screen


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_each_figure_is_drawn_beside_its_caption_and_the_notes(app, isolated_home, tmp_path, size):
    build_paper(tmp_path / "paper.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "paper.pdf")
    async with app.run_test(size=size) as pilot:
        screen = await open_pass_two(pilot, paper_id)
        assert [f"{f.kind} {f.number}" for f in panel(app).figures] == ["figure 1", "figure 2", "table 1"]
        assert shown(app, "#figure-title").startswith("Figure 1  (1 of 3, p. 1)")
        assert shown(app, "#figure-caption") == "Figure 1: A raster image of a colour gradient."
        image = screen.query_one(".figure-image", HalfcellImage)
        assert 0 < image.size.width <= panel(app).size.width and image.size.height >= 3
        assert "▀" in screen_text(app) or "▄" in screen_text(app)  # drawn as coloured half cells
        assert screen.query_one("#notes-2").display and screen.query_one("#notes-2").size.width > 20

        await pilot.press("full_stop")
        assert shown(app, "#figure-title").startswith("Figure 2  (2 of 3")
        captions = screen.query_one("#p2-captions")
        assert captions.highlighted == 1  # the caption list follows
        await pilot.press("full_stop", "full_stop")
        assert shown(app, "#figure-title").startswith("Table 1  (3 of 3")
        assert notified(app, "That was the last figure.")
        await pilot.press("comma")
        assert shown(app, "#figure-title").startswith("Figure 2")
        captions.highlighted = 0  # moving through the captions shows their figures
        await pilot.pause(0.1)
        assert shown(app, "#figure-title").startswith("Figure 1")


async def test_zoom_shows_the_figure_over_the_whole_terminal_and_escape_returns(app, isolated_home, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "paper.pdf")
    async with app.run_test(size=LARGE) as pilot:
        await open_pass_two(pilot, paper_id)
        small = app.screen.query_one(".figure-image").size
        await pilot.press("z")
        await wait_for(pilot, lambda: isinstance(app.screen, FigureZoomScreen))
        await pilot.pause(0.2)
        big = app.screen.query_one(".zoom-image").size
        assert big.width > small.width and big.height > small.height
        assert "Figure 1, p. 1" in screen_text(app)
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert shown(app, "#figure-title").startswith("Figure 1")


async def test_the_figure_keys_belong_to_pass_two(app, isolated_home, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "paper.pdf")
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=1)
        assert not screen.check_action("zoom_figure", ()) and not screen.check_action("step_figure", (1,))
        await pilot.press("2")
        await wait_for(pilot, lambda: bool(panel(app).figures))  # asked for the first time pass 2 is shown
        assert screen.check_action("zoom_figure", ())


# -- nothing to show: pass 2 still opens, with a line saying why ------------------------------------

async def test_a_figure_less_paper_says_so(app, isolated_home, tmp_path):
    import pymupdf

    doc = pymupdf.open()
    for _ in range(2):
        _paragraph(doc.new_page(), 72, 40)
    doc.save(tmp_path / "plain.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "plain.pdf")
    async with app.run_test(size=SMALL) as pilot:
        await open_pass_two(pilot, paper_id)
        assert "no figures or tables" in shown(app, "#figure-title")
        await pilot.press("z")
        assert notified(app, "Nothing to zoom") and isinstance(app.screen, ReaderScreen)
        await pilot.press("full_stop")
        assert notified(app, "No figures to show")


async def test_an_image_that_does_not_decode_is_said_beside_the_figure(app, isolated_home, tmp_path):
    build_paper(tmp_path / "broken.pdf", corrupt_image=True)
    paper_id = add_paper(isolated_home, tmp_path / "broken.pdf")
    async with app.run_test(size=LARGE) as pilot:
        await open_pass_two(pilot, paper_id)
        assert "an image failed to decode" in shown(app, "#figure-problem")
        await pilot.press("full_stop")
        assert shown(app, "#figure-problem") == ""  # the vector figure is whole


async def test_a_png_that_cannot_be_read_is_one_line(app, isolated_home, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "paper.pdf")
    with app.library as library:  # extract once, then spoil the stored PNG
        figures = library.figures(paper_id)
    Path(figures[0].image).write_bytes(b"\x89PNG\r\n\x1a\n this is not a png")
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        await open_pass_two(pilot, paper_id)
        text = screen_text(app)
        assert "(the image could not be shown:" in text
        assert "Figure 1: A raster image" in text


async def test_a_paper_without_pdf_says_why_there_are_no_figures(app, isolated_home):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        app.open_reader(paper_id, pass_no=2)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        await pilot.pause(0.2)
        assert "figures not available: this paper has no PDF yet" in shown(app, "#figure-title")


async def test_a_corrupt_pdf_says_why_there_are_no_figures(app, isolated_home, tmp_path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 100)
    paper_id = add_paper(isolated_home, bad)
    async with app.run_test(size=SMALL) as pilot:
        await open_pass_two(pilot, paper_id)
        assert "figures not available" in shown(app, "#figure-title")


def test_pass_two_snapshot_with_a_figure_in_half_cells(snap_compare, isolated_home, tmp_path):
    build_paper(tmp_path / "paper.pdf")
    paper_id = add_paper(isolated_home, tmp_path / "paper.pdf")

    async def run_before(pilot) -> None:
        await open_pass_two(pilot, paper_id)
        await still_reader(pilot)

    assert snap_compare(PaperpassApp(home=isolated_home), terminal_size=(110, 34), run_before=run_before)
