"""The reader, driven with keys through Pilot: what each pass shows and what it stores."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest
from textual.app import App
from textual.widgets import Static

from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import set_pdf, upsert_paper
from paperpass.store.reading import get_five_cs, get_pass_state, get_review, notes_for
from paperpass.store.refs import references_for
from paperpass.tui.screens.reader import ReaderScreen

GAN_PDF = "hz_1406.2661v1.pdf"
SMALL, LARGE = (80, 24), (160, 50)


class ReaderApp(App):
    """A tiny app that opens the reader on one paper (until the app shell exists)."""

    def __init__(self, home: Path, paper_id: int, pass_no: int = 1, section: str | None = None):
        super().__init__()
        self.home = home
        self._args = (paper_id, pass_no, section)

    def on_mount(self) -> None:
        self.push_screen(ReaderScreen(*self._args))


def add_paper(home: Path, pdf: Path | None = None, **fields) -> int:
    conn = open_library(home)
    try:
        paper = Paper(title=fields.pop("title", "Generative Adversarial Nets"),
                      abstract=fields.pop("abstract", "We propose a new framework for estimating generative models "
                                                      "via an adversarial process [bold]not markup[/bold]."),
                      authors=["Ian Goodfellow", "Yoshua Bengio"], source_url="https://arxiv.org/abs/1406.2661",
                      **fields)
        paper_id = upsert_paper(conn, paper).paper.id
        if pdf is not None:
            set_pdf(conn, paper_id, str(pdf), "test")
        return paper_id
    finally:
        conn.close()


def screen_text(app: App) -> str:
    """Everything the reader shows in its Static widgets, as plain text."""
    parts = []
    for widget in app.screen.query(Static):
        if widget.display and widget.region.height:
            parts.append(str(widget.render()))
    return "\n".join(parts)


async def wait_for(pilot, predicate, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the reader")
        await pilot.pause(0.1)


def parsed(app: App) -> bool:
    status = str(app.screen.query_one("#parse-status", Static).render())
    return status not in ("", "parsing…")


@pytest.fixture
def gan_pdf(real) -> Path:
    path = real / "pdfs" / GAN_PDF
    if not path.is_file():
        pytest.skip(f"{GAN_PDF} not in the real fixtures")
    return path


@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_pass_one_on_a_real_pdf(isolated_home, gan_pdf, size):
    paper_id = add_paper(isolated_home, gan_pdf)
    app = ReaderApp(isolated_home, paper_id)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: parsed(app))
        text = screen_text(app)
        assert "Pass 1: the bird's-eye view" in text
        assert "Generative Adversarial Nets" in text
        assert "[bold]not markup[/bold]" in text  # text from feeds shown as it is
        assert "Introduction" in text
        print(app.export_screenshot)
