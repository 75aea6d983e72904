"""Snapshots of the reader's three passes, the metadata-only reader, search results and the reading queue
(pytest-textual-snapshot; update with --snapshot-update)."""

from __future__ import annotations

import pytest

from paperpass.library.views import queue_reference
from paperpass.models import Reference, SearchHit
from paperpass.store import open_library
from paperpass.store.documents import store_references
from paperpass.store.papers import set_decision
from paperpass.store.reading import add_note
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.reader import ReaderScreen
from tests.tui.conftest import wait_for
from tests.tui.helpers import still_reader
from tests.tui.test_reader import GAN_PDF, add_paper, parse_status

SIZE = (110, 34)


def reader_at(paper_id: int, pass_no: int):
    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.ranked)
        pilot.app.open_reader(paper_id, pass_no=pass_no)
        await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
        await wait_for(pilot, lambda: parse_status(pilot.app) != "parsing…", timeout=60)
        if pass_no == 2:  # the figures are cut out of the PDF in a worker of their own
            await wait_for(pilot, lambda: not pilot.app.screen.query_one("#p2-figure").message.startswith("(cutting"),
                           timeout=60)
        await still_reader(pilot)

    return run_before


@pytest.fixture
def gan(isolated_home, real):
    pdf = real / "pdfs" / GAN_PDF
    if not pdf.is_file():
        pytest.skip(f"{GAN_PDF} is absent")
    paper_id = add_paper(isolated_home, pdf)
    conn = open_library(isolated_home)
    add_note(conn, paper_id, 1, "pass 1: a minimax game between two networks")
    add_note(conn, paper_id, 3, "pass 3: re-derive the optimal discriminator")
    conn.close()
    return paper_id


@pytest.mark.parametrize("pass_no", [1, 2, 3])
def test_reader_pass_snapshots(fake_engine, snap_compare, isolated_home, gan, pass_no):
    assert snap_compare(PaperpassApp(home=isolated_home), terminal_size=SIZE, run_before=reader_at(gan, pass_no))


def test_metadata_only_reader_snapshot(fake_engine, snap_compare, isolated_home):
    paper_id = add_paper(isolated_home)
    assert snap_compare(PaperpassApp(home=isolated_home), terminal_size=SIZE, run_before=reader_at(paper_id, 1))


def test_search_results_snapshot(fake_engine, snap_compare, isolated_home, monkeypatch):
    paper_id = add_paper(isolated_home)
    hits = [SearchHit(paper_id=paper_id, title="Generative Adversarial Nets", score=0.9, kind="section",
                      snippet="The generative model is pitted against an adversary.", section="3 Adversarial nets",
                      page=2),
            SearchHit(paper_id=paper_id, title="Generative Adversarial Nets", score=0.8, kind="note", pass_no=1,
                      snippet="a minimax game between two networks", note_id=1)]
    monkeypatch.setattr(fake_engine, "search", lambda home, query, scope="all", limit=50: hits)

    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.ranked)
        await pilot.press("4", *"minimax", "enter")
        await wait_for(pilot, lambda: pilot.app.screen.hits)
        await pilot.pause(0.3)

    assert snap_compare(PaperpassApp(home=isolated_home), terminal_size=SIZE, run_before=run_before)


def test_reading_queue_snapshot(fake_engine, snap_compare, isolated_home):
    citing = add_paper(isolated_home)
    kept = add_paper(isolated_home, title="A kept paper")
    conn = open_library(isolated_home)
    set_decision(conn, kept, "keep")
    store_references(conn, citing, [Reference(raw="[1] A. Author. A work only cited, not in the library. 2019."),
                                    Reference(raw="[2] B. Author. Another work. 2020.")])
    queue_reference(conn, citing, 0)
    conn.close()

    async def run_before(pilot) -> None:
        await wait_for(pilot, lambda: pilot.app.screen.ranked)
        await pilot.press("2", "f")  # Library, the queue view
        await pilot.pause(0.3)

    assert snap_compare(PaperpassApp(home=isolated_home), terminal_size=SIZE, run_before=run_before)
