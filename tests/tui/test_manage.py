"""Managing the library from the TUI: add, fetch a PDF, ingest now, export, edit, delete and undo, tag and
list filters, the settings screen; each driven with keys through Pilot, each checked in the store."""

from __future__ import annotations

import json
import re
import threading
from pathlib import Path

import pytest
from textual.widgets import Input
from werkzeug import Response

from paperpass.library import Library
from paperpass.tui.app import PaperpassApp
from paperpass.tui.backend import fetch_pdf as real_fetch_pdf  # before fake_engine replaces it
from paperpass.tui.screens.library import LibraryScreen
from paperpass.tui.screens.settings import SettingsScreen
from paperpass.tui.screens.triage import TriageScreen
from paperpass.tui.widgets.add_paper import AddPaperDialog
from paperpass.tui.widgets.confirm import ConfirmDialog
from paperpass.tui.widgets.edit_paper import EditPaperDialog
from paperpass.tui.widgets.export_dialog import ExportDialog
from paperpass.tui.widgets.ingest_now import IngestDialog
from paperpass.tui.widgets.pdf_fetch import FetchBar
from tests.ingest.feed_writers import make_items, rss2_dc
from tests.tui.conftest import wait_for
from tests.tui.helpers import screen_text

SIZE = (120, 40)


def make_pdf(path: Path, title: str, pages: int = 2) -> Path:
    """A small real PDF with a title and some body text (PyMuPDF writes it)."""
    import pymupdf

    doc = pymupdf.open()
    for n in range(pages):
        page = doc.new_page()
        if n == 0:
            page.insert_text((72, 90), title, fontsize=20)
            page.insert_text((72, 130), "Ada Lovelace, Alan Turing", fontsize=11)
            page.insert_text((72, 170), "Abstract", fontsize=12)
        page.insert_text((72, 200), f"Body text of page {n + 1} about analytical engines.", fontsize=10)
    doc.save(path)
    doc.close()
    return path


def notified(app, words: str) -> bool:
    return any(words in n.message for n in app._notifications)


async def told(pilot, words: str) -> None:
    """A notification saying `words` is shown (notifications arrive as messages)."""
    await wait_for(pilot, lambda: notified(pilot.app, words), timeout=5)


async def start(pilot) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, TriageScreen) and pilot.app.screen.ranked)


async def to_library(pilot) -> LibraryScreen:
    await pilot.press("2")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LibraryScreen))
    return pilot.app.screen


async def highlight(pilot, screen: LibraryScreen, paper_id: int) -> None:
    screen.query_one("#library-list").focus()
    while screen.current() is None or screen.current().paper.id != paper_id:
        await pilot.press("down")


def user_papers(library: Library):
    return [p for p in library.papers() if p.source != "seed"]


# -- add --------------------------------------------------------------------------------------

async def test_add_a_local_pdf_and_a_bad_target(fake_engine, isolated_home, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # the path is typed key by key: a short one, from ~
    make_pdf(tmp_path / "engines.pdf", "Notes on the Analytical Engine")
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        before = len(user_papers(app.library))
        await pilot.press("plus")
        assert isinstance(app.screen, AddPaperDialog)
        # bad input: one line in the dialog, nothing added, what was typed kept to fix
        await pilot.press(*"no-such-thing", "enter")
        await wait_for(pilot, lambda: not app.screen.adding)
        await pilot.pause(0.2)
        assert "is not an arXiv id" in screen_text(app)
        assert len(user_papers(app.library)) == before
        assert isinstance(app.screen, AddPaperDialog)
        await pilot.press("ctrl+u", *"~/engines.pdf", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, AddPaperDialog), timeout=30)
        added = [p for p in user_papers(app.library) if "Analytical Engine" in p.title]
        assert len(added) == 1 and added[0].pdf_path and Path(added[0].pdf_path).is_file()
        await told(pilot, "added: Notes on the Analytical Engine")
        # the library screen lists it at once
        screen = await to_library(pilot)
        assert any(r.paper.id == added[0].id for r in screen.visible_rows())


async def test_closing_the_add_dialog_leaves_the_add_going(fake_engine, isolated_home, tmp_path, monkeypatch):
    """Escape right after enter: the paper still comes in, and a notification says so."""
    monkeypatch.setenv("HOME", str(tmp_path))  # the path is typed key by key: a short one, from ~
    make_pdf(tmp_path / "difference.pdf", "Notes on the Difference Engine")
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await pilot.press("plus", *"~/difference.pdf", "enter", "escape")
        assert not isinstance(app.screen, AddPaperDialog)
        await wait_for(pilot, lambda: notified(app, "added: Notes on the Difference Engine"), timeout=30)
        assert [p.title for p in user_papers(app.library)] == ["Notes on the Difference Engine"]


# -- fetch a PDF ------------------------------------------------------------------------------

def pdf_server(httpserver, body: bytes) -> None:
    httpserver.expect_request(re.compile(r"^/pdf/.*")).respond_with_data(body, content_type="application/pdf")


async def test_fetch_the_highlighted_papers_pdf_from_a_server(fake_engine, monkeypatch, httpserver, tmp_path):
    monkeypatch.setattr("paperpass.tui.backend.fetch_pdf", real_fetch_pdf)
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    body = make_pdf(tmp_path / "served.pdf", "A served paper").read_bytes()
    pdf_server(httpserver, body)
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        screen = await to_library(pilot)
        row = next(r for r in screen.visible_rows() if r.paper.arxiv_id and not r.paper.pdf_path)
        await highlight(pilot, screen, row.paper.id)
        await pilot.press("p")
        await wait_for(pilot, lambda: not screen.query_one(FetchBar).running, timeout=30)
        await told(pilot, "PDF fetched")
        stored = app.library.paper(row.paper.stored_id)
        assert stored.pdf_path and Path(stored.pdf_path).read_bytes() == body


async def test_a_pdf_fetch_is_cancelled_with_escape_and_keeps_nothing(fake_engine, monkeypatch, httpserver):
    """The server sends a first chunk and holds the rest until the test has cancelled: no timing involved."""
    monkeypatch.setattr("paperpass.tui.backend.fetch_pdf", real_fetch_pdf)
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    release = threading.Event()
    chunk = 64 * 1024
    total = chunk * 8

    def slow(_request):
        def body():
            yield b"%PDF-1.7\n" + b"0" * (chunk - 9)
            release.wait(20)
            for _ in range(7):
                yield b"0" * chunk

        return Response(body(), content_type="application/pdf", headers={"Content-Length": str(total)})

    httpserver.expect_request(re.compile(r"^/pdf/.*")).respond_with_handler(slow)
    app = PaperpassApp(demo=True)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await start(pilot)
            screen = await to_library(pilot)
            row = next(r for r in screen.visible_rows() if r.paper.arxiv_id and not r.paper.pdf_path)
            await highlight(pilot, screen, row.paper.id)
            await pilot.press("p")
            bar = screen.query_one(FetchBar)
            await wait_for(pilot, lambda: "MB" in str(bar.query_one("#fetch-label").render()))
            await pilot.pause(0.1)
            assert "escape cancels" in screen_text(app)
            await pilot.press("escape")
            release.set()
            await wait_for(pilot, lambda: not bar.running, timeout=30)
            await told(pilot, "fetch cancelled")
            assert app.library.paper(row.paper.stored_id).pdf_path is None
            assert [f for f in (app.home / "pdfs").rglob("*") if f.is_file()] == []  # no partial file either
    finally:
        release.set()


# -- ingest now -------------------------------------------------------------------------------

async def test_ingest_now_reads_the_configured_feed_and_sums_up(fake_engine, isolated_home, httpserver):
    items = make_items(9, seed=5)  # some items have a DOI or a PDF (papers), the others neither (skipped)
    papers_like = [it for it in items if it["doi"] or it["pdf"]]
    # The others link to their pages: the first an article's page naming its DOI (a paper after all), the
    # rest pages that name none.
    others = [it for it in items if not (it["doi"] or it["pdf"])]
    for n, item in enumerate(others):
        item["link"] = httpserver.url_for(f"/article/{n}")
        tags = '<meta name="citation_doi" content="10.5555/page.1">' if n == 0 else ""
        httpserver.expect_request(f"/article/{n}").respond_with_data(
            f"<!DOCTYPE html><html><head>{tags}</head><body></body></html>", content_type="text/html")
    papers_like.append(others[0])
    url = _serve_feed_in_config(httpserver, isolated_home, items)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await _ingest_now(pilot, app)
        await wait_for(pilot, lambda: dialog.summaries is not None, timeout=30)
        await wait_for(pilot, lambda: "Ingest done" in screen_text(app), timeout=15)  # drawn
        text = screen_text(app)
        assert f"Ingest done: {len(papers_like)} new papers from 1 source" in text
        assert url in text and f"stored {len(papers_like)} new" in text
        assert f"skipped {len(items) - len(papers_like)}" in text and f"{len(others)} item pages read" in text
        titles = {p.title for p in user_papers(app.library)}
        assert {it["title"] for it in papers_like} <= titles
        await pilot.press("escape")
        assert isinstance(app.screen, TriageScreen)


async def test_progress_queued_before_the_end_does_not_cover_the_summary_or_the_reason(fake_engine, monkeypatch):
    """The worker's progress reaches a dialog through its message queue, its end by call_from_thread, which can
    come first on a busy machine: progress still queued then is stale, and the summary (or the reason the add
    failed) stays. CI once showed the progress lines where the ingest's summary belonged."""
    from paperpass.models import IngestSummary
    from paperpass.tui.messages import WorkProgress

    monkeypatch.setattr(IngestDialog, "ingest", lambda self, app: None)  # the race is made by hand below
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("I")
        dialog = app.screen
        assert isinstance(dialog, IngestDialog) and dialog.running
        dialog.post_message(WorkProgress("https://example.org/feed.xml", 3, 7))  # queued...
        dialog.finished(app, [IngestSummary(source="https://example.org/feed.xml", seen=7, added=7)])  # ...the end
        await pilot.pause(0.1)
        assert "Ingest done: 7 new papers from 1 source" in screen_text(app)
        assert "3/7" not in screen_text(app)
        await pilot.press("escape")

        await pilot.press("plus")
        add = app.screen
        assert isinstance(add, AddPaperDialog)
        add.adding = True
        add.post_message(WorkProgress("downloading the PDF", 10, 100))
        add.failed(app, "example.org answered 404 Not Found")
        await pilot.pause(0.1)
        assert "404 Not Found" in screen_text(app) and "downloading the PDF" not in screen_text(app)


def _serve_feed_in_config(httpserver, home, items) -> str:
    """The feed of `items` served on loopback and named in the library's config.toml; its URL."""
    httpserver.expect_request("/feed.xml").respond_with_data(rss2_dc(items), content_type="application/rss+xml")
    home.mkdir(parents=True, exist_ok=True)
    url = httpserver.url_for("/feed.xml")
    (home / "config.toml").write_text(f'feeds = ["{url}"]\narxiv_delay_seconds = 0.0\n', encoding="utf-8")
    return url


async def _ingest_now(pilot, app) -> IngestDialog:
    await start(pilot)
    await pilot.press("I")
    assert isinstance(app.screen, IngestDialog)
    return app.screen


async def test_ingest_now_shows_the_item_pages_as_they_are_read(fake_engine, isolated_home, httpserver):
    """A journal's feed whose items link only to their article pages: the dialog shows a line for the page
    fetches while they run, as for every other step of an ingest, then the summary."""
    import time

    items = make_items(3, seed=11)
    for n, item in enumerate(items):
        item.update(doi=None, pdf=None, link=httpserver.url_for(f"/article/{n}"))  # each only its page

        def page(request, n=n):
            time.sleep(0.4)  # a publisher's page takes its time: the line is seen while they are read
            return Response(f'<html><head><meta name="citation_title" content="Lake {n}">'
                            f'<meta name="citation_doi" content="10.5555/lake.{n}"></head></html>',
                            content_type="text/html")

        httpserver.expect_request(f"/article/{n}").respond_with_handler(page)
    _serve_feed_in_config(httpserver, isolated_home, items)
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        dialog = await _ingest_now(pilot, app)
        await wait_for(pilot, lambda: "article pages:" in screen_text(app), timeout=30)
        await wait_for(pilot, lambda: dialog.summaries is not None, timeout=30)
        await wait_for(pilot, lambda: "Ingest done" in screen_text(app), timeout=15)
        text = screen_text(app)
        assert "Ingest done: 3 new papers from 1 source" in text and "3 item pages read" in text


async def test_ingest_now_without_sources_says_where_to_add_them(fake_engine, isolated_home):
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("I")
        dialog = app.screen
        await wait_for(pilot, lambda: not dialog.running)
        await pilot.pause(0.2)
        assert "no sources configured" in screen_text(app)


# -- export -----------------------------------------------------------------------------------

async def test_export_json_bibtex_and_ris_to_typed_paths(fake_engine, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))  # the paths are typed key by key: short ones, from ~
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await pilot.press("E")
        assert isinstance(app.screen, ExportDialog)
        box = app.screen.query_one("#export-path")
        assert str(app.home / "exports") in box.value and box.value.endswith(".json")  # default: the data dir
        out = tmp_path / "out" / "library.json"
        await pilot.press("enter")  # JSON chosen: to the path
        await pilot.press("ctrl+u", *"~/out/library.json", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        data = json.loads(out.read_text())
        assert len(data["papers"]) == len(app.library.papers())
        # BibTeX to a folder: one line, nothing written
        await pilot.press("E", "down")
        assert app.screen.query_one("#export-path").value.endswith(".bib")
        await pilot.press("tab", "ctrl+u", "~", "enter")
        await wait_for(pilot, lambda: not app.screen.exporting)
        await pilot.pause(0.2)
        assert "is a folder" in screen_text(app)
        bib = tmp_path / "refs.bib"
        await pilot.press("ctrl+u", *"~/refs.bib", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        assert bib.read_text().count("@") >= len(user_papers(app.library))
        # RIS, for a reference manager
        await pilot.press("E", "down", "down")
        assert app.screen.query_one("#export-path").value.endswith(".ris")
        ris = tmp_path / "refs.ris"
        await pilot.press("tab", "ctrl+u", *"~/refs.ris", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        assert ris.read_text().count("TY  - ") == bib.read_text().count("\n@") + 1
        # JSON with the PDFs: a folder
        await pilot.press("E", "down", "down", "down", "down", "down")
        assert app.screen.query_one("#export-path").value.endswith("-folder")
        folder = tmp_path / "moving"
        await pilot.press("tab", "ctrl+u", *"~/moving", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, ExportDialog))
        assert len(json.loads((folder / "paperpass.json").read_text())["papers"]) == len(app.library.papers())
        assert (folder / "pdfs").is_dir()


# -- edit -------------------------------------------------------------------------------------

async def test_edit_a_paper_bad_year_changes_nothing_then_saves(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        screen = await to_library(pilot)
        row = screen.current()
        before = app.library.paper(row.paper.stored_id)
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press("ctrl+u", *"A corrected title")
        await pilot.press("tab", "tab", "ctrl+u", *"twenty", "enter")  # the year
        assert "year: 'twenty' is not a year" in screen_text(app)
        assert app.library.paper(before.stored_id) == before
        await pilot.press("ctrl+u", *"2019", "tab", "ctrl+u", *"ICLR", "tab", "ctrl+u", *"gan, to-cite", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, EditPaperDialog))
        after = app.library.paper(before.stored_id)
        assert (after.title, after.year, after.venue, after.authors) == (
            "A corrected title", 2019, "ICLR", before.authors)
        assert app.library.paper_tags(before.stored_id) == ["gan", "to-cite"]
        assert screen.current().paper.title == "A corrected title"  # the list follows
        # escape leaves without saving
        await pilot.press("e", "ctrl+u", *"Thrown away", "escape")
        assert not isinstance(app.screen, EditPaperDialog)
        assert app.library.paper(before.stored_id).title == "A corrected title"


async def test_quitting_with_the_edit_dialog_holding_changes_asks_first(fake_engine):
    """As with unsaved settings: ctrl+q with edits typed and not saved asks; n goes back to the dialog with
    what was typed, y quits without saving; with nothing changed it quits at once."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        screen = await to_library(pilot)
        before = app.library.paper(screen.current().paper.stored_id)
        await pilot.press("e")
        dialog = app.screen
        assert isinstance(dialog, EditPaperDialog)
        await pilot.press("ctrl+u", *"A title typed, not saved", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog) and not app._exit
        assert "Quit without saving your edits?" in screen_text(app)
        await pilot.press("n")
        assert app.screen is dialog and not app._exit
        assert dialog.query_one("#edit-title", Input).value == "A title typed, not saved"
        await pilot.press("ctrl+q", "y")
        assert app._exit
    assert PaperpassApp(demo=True).library.paper(before.stored_id).title == before.title
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await to_library(pilot)
        await pilot.press("e", "ctrl+q")  # nothing changed: quits at once
        assert app._exit


async def test_every_field_of_the_edit_form_is_reachable_at_80x24(fake_engine):
    """A small terminal cuts the form: the field being typed in scrolls into view (tags, arXiv id too)."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await to_library(pilot)
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        for field, placeholder in (("tags", "e.g. to-cite, diffusion"), ("arxiv", "e.g. 1706.03762")):
            while app.screen.focused.id != f"edit-{field}":
                await pilot.press("tab")
            await pilot.press("ctrl+u")
            await pilot.pause()
            assert placeholder in screen_text(app), field
        await pilot.press("ctrl+u", *"1406.2661")
        await pilot.pause()
        assert "1406.2661" in screen_text(app)


async def test_an_edit_in_the_library_shows_in_triage(fake_engine):
    """Triage keeps its week in memory: a title edited in the library is the title triage shows and filters."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        in_triage = app.screen.current()
        screen = await to_library(pilot)
        await highlight(pilot, screen, in_triage.id)
        await pilot.press("e", "ctrl+u", *"Renamed in the library", "enter")
        await wait_for(pilot, lambda: not isinstance(app.screen, EditPaperDialog))
        await pilot.press("1")
        await wait_for(pilot, lambda: isinstance(app.screen, TriageScreen) and app.screen.ranked)
        titles = {p.id: p.title for p in app.screen.papers}
        assert titles[in_triage.id] == "Renamed in the library"
        await pilot.press("slash", *"renamed in the")
        assert app.screen.current().id == in_triage.id


async def test_the_library_detail_says_what_a_queued_reference_or_an_empty_view_is(fake_engine, isolated_home):
    """The detail pane beside a queued reference (not a paper of the library) or an empty filter said
    triage's "Nothing here: every paper of the week is decided."; it says what is there instead."""
    from paperpass.library.views import queue_reference
    from paperpass.models import Reference
    from paperpass.store import open_library
    from paperpass.store.documents import store_references
    from tests.tui.test_reader import add_paper

    citing = add_paper(isolated_home, title="The citing paper")
    conn = open_library(isolated_home)
    store_references(conn, citing, [Reference(raw="[1] A. Author. A work only cited. 2019."),
                                    Reference(raw="[2] B. Author. Another cited work. 2020.")])
    queue_reference(conn, citing, 0)
    queue_reference(conn, citing, 1)
    conn.close()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        screen = await to_library(pilot)
        await pilot.press("f")  # the queue: the two references
        while screen.current_reference() is None:
            await pilot.press("down")
        text = " ".join(screen_text(app).split())
        assert "every paper of the week" not in text
        assert "A work only cited" in text and "cited by The citing paper" in text
        await pilot.press("down")  # the other reference: the pane follows
        assert "Another cited work" in " ".join(screen_text(app).split())
        await pilot.press("slash", *"zzzz", "enter")
        text = " ".join(screen_text(app).split())
        assert "Nothing matches the filter" in text and "every paper of the week" not in text


# -- delete and undo --------------------------------------------------------------------------

async def test_delete_asks_says_what_goes_and_undo_brings_it_back(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        screen = await to_library(pilot)
        paper = screen.current().paper
        app.library.add_note(paper.stored_id, 1, "my pass one note")
        app.library.add_note(paper.stored_id, 2, "my pass two note")
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmDialog)
        text = screen_text(app)
        assert "2 notes" in text and "Delete" in text
        await pilot.press("n")  # no: nothing goes
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.library.paper(paper.stored_id).title == paper.title
        await pilot.press("D", "y")
        assert all(p.id != paper.id for p in app.library.papers())
        assert all(r.paper.id != paper.id for r in screen.visible_rows())
        await told(pilot, "press u in the library to undo")
        await pilot.press("u")
        back = app.library.paper(paper.stored_id)
        assert back.title == paper.title
        assert sorted(n.text for n in app.library.notes(paper.stored_id)) == ["my pass one note", "my pass two note"]
        assert any(r.paper.id == paper.id for r in screen.visible_rows())
        await pilot.press("u")  # nothing more to undo: one line
        await told(pilot, "nothing to undo")


# -- tags and lists as filters ----------------------------------------------------------------

async def test_tag_and_list_filters(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        papers = user_papers(app.library)
        tagged = {papers[0].id, papers[3].id}
        for pid in tagged:
            app.library.edit_paper(pid, add_tags=["diffusion"])
        app.library.create_list("Weekend")
        app.library.add_to_list("Weekend", papers[5].stored_id)
        screen = await to_library(pilot)
        everything = len(screen.visible_rows())
        await pilot.press("g")
        options = app.screen.choices
        await pilot.press(*["down"] * options.index("tag: diffusion"), "enter")
        assert {r.paper.id for r in screen.visible_rows()} == tagged
        assert "tag diffusion" in screen_text(app)
        await pilot.press("g")
        options = app.screen.choices
        await pilot.press(*["down"] * options.index("list: Weekend"), "enter")
        assert [r.paper.id for r in screen.visible_rows()] == [papers[5].id]
        await pilot.press("g", "enter")  # everything again
        assert len(screen.visible_rows()) == everything


async def test_the_tag_shown_is_on_the_status_line_at_80x24(fake_engine):
    """At 80 columns the status line still says which tag narrows the list (the defaults, state all and
    sort newest, are not spelled out; a state filter or another sort is)."""
    app = PaperpassApp(demo=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        papers = user_papers(app.library)
        app.library.edit_paper(papers[0].id, add_tags=["diffusion"])
        await to_library(pilot)
        await pilot.press("g")
        await pilot.press(*["down"] * app.screen.choices.index("tag: diffusion"), "enter")
        status = screen_text(app).splitlines()[0]
        assert "showing 1" in status and "tag diffusion" in status
        await pilot.press("r")  # another sort is said
        assert "sort: " in screen_text(app).splitlines()[0]


# -- settings ---------------------------------------------------------------------------------

async def test_settings_bad_values_are_named_and_nothing_is_saved_then_saved(fake_engine, isolated_home):
    isolated_home.mkdir(parents=True, exist_ok=True)
    config = isolated_home / "config.toml"
    config.write_text('categories = ["cs.LG"]\nfollow = ["Yoshua Bengio"]\n', encoding="utf-8")
    original = config.read_text()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        await pilot.press("6")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#set-categories").value == "cs.LG"
        assert screen.query_one("#set-follow").text == "Yoshua Bengio"
        screen.query_one("#set-days").focus()
        await pilot.press("ctrl+u", *"a week")
        screen.query_one("#set-categories").focus()
        await pilot.press("end", *" not/acat")
        screen.query_one("#set-pdf_viewer").focus()
        await pilot.press(*"zathura --page={page}")  # no {path}
        await pilot.press("ctrl+s")
        text = str(screen.query_one("#settings-problems").render())  # one line per bad value
        assert len(text.splitlines()) == 3
        assert "days: 'a week' is not a whole number of days" in text
        assert "not/acat is not an arXiv category" in text
        assert "pdf_viewer:" in text and "put {path} in it" in text  # the library's check, in the same go
        assert config.read_text() == original  # nothing written
        # fixed, with one more person followed and interests
        screen.query_one("#set-days").focus()
        await pilot.press("ctrl+u", *"14")
        screen.query_one("#set-categories").focus()
        await pilot.press("ctrl+u", *"cs.LG cs.CV")
        screen.query_one("#set-pdf_viewer").focus()
        await pilot.press("ctrl+u", *"zathura --page={page} {path}")
        area = screen.query_one("#set-follow")
        area.focus()
        area.move_cursor(area.document.end)
        await pilot.press("enter", *"Geoffrey Hinton")
        screen.query_one("#set-interests").focus()
        await pilot.press(*"diffusion, protein folding")
        await pilot.press("ctrl+s")
        await told(pilot, "settings saved")
        saved = app.library.settings()
        assert saved.days == 14 and saved.categories == ["cs.LG", "cs.CV"]
        assert saved.follow == ["Yoshua Bengio", "Geoffrey Hinton"]
        assert saved.interests == ["diffusion", "protein folding"]
        assert saved.pdf_viewer == "zathura --page={page} {path}"
        assert Library.followed() == ["Yoshua Bengio", "Geoffrey Hinton"]


async def test_settings_take_what_is_typed_at_once_and_escape_leads_to_the_screen_keys(fake_engine, isolated_home):
    """A keyboard-first user presses 6 and types: the words go into the first field (not t to triage, s to
    search); escape leaves the field (the footer says so), then 1 goes to triage; escape again edits."""
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("6", *"transformers")
        screen = app.screen
        assert isinstance(screen, SettingsScreen)
        assert screen.query_one("#set-interests", Input).value == "transformers"
        assert "esc Leave the field" in screen_text(app)
        await pilot.press("escape")
        assert screen.focused is None and "esc Edit" in screen_text(app)
        await pilot.press("escape", *"s")  # back in the field it left
        assert screen.query_one("#set-interests", Input).value == "transformerss"
        await pilot.press("escape", "1")
        assert isinstance(app.screen, TriageScreen)


async def test_a_multi_line_paste_into_the_settings_lists_keeps_every_line_as_an_item(fake_engine, isolated_home):
    """Interests pasted one per line become comma-separated items (two lines never merge into one interest);
    categories pasted one per line are all kept."""
    from textual import events

    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("6", *"diffusion, ")
        screen = app.screen
        interests = screen.query_one("#set-interests", Input)
        interests.post_message(events.Paste("protein folding\n  graph neural networks,\n\nscaling laws\n"))
        await pilot.pause()
        assert interests.value == "diffusion, protein folding, graph neural networks, scaling laws"
        categories = screen.query_one("#set-categories", Input)
        categories.focus()
        categories.post_message(events.Paste("cs.LG\ncs.CV\nstat.ML"))
        await pilot.pause()
        await pilot.press("ctrl+s")
        saved = app.library.settings()
        assert saved.interests == ["diffusion", "protein folding", "graph neural networks", "scaling laws"]
        assert saved.categories == ["cs.LG", "cs.CV", "stat.ML"]


async def test_quitting_with_unsaved_settings_asks_first(fake_engine, isolated_home):
    """Notes save as typed; settings wait for ctrl+s. Quitting with settings typed and not saved asks:
    n (or escape) goes back to them, y quits without them."""
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("6")
        screen = app.screen
        screen.query_one("#set-interests").focus()
        await pilot.press(*"diffusion")
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmDialog) and not app._exit
        assert "settings" in screen_text(app)
        await pilot.press("n")
        assert app.screen is screen and not app._exit
        await pilot.press("ctrl+s")
        await pilot.press("escape", "q")  # saved now: q quits at once
        assert app._exit
    assert app.library.settings().interests == ["diffusion"]
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("6")
        app.screen.query_one("#set-interests").focus()
        await pilot.press("ctrl+u", *"thrown away", "ctrl+q")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        assert app._exit
    assert PaperpassApp(home=isolated_home).library.settings().interests == ["diffusion"]


async def test_at_80_columns_the_settings_status_says_unsaved_before_the_files_place(fake_engine, tmp_path,
                                                                                    monkeypatch):
    home = tmp_path / "a rather long folder name for the library" / "of a reader with many papers"
    monkeypatch.setenv("PAPERPASS_HOME", str(home))
    app = PaperpassApp(home=home)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("6")
        app.screen.query_one("#set-interests").focus()
        await pilot.press(*"diffusion")
        status = [line for line in screen_text(app).splitlines() if line.strip().startswith("Settings ·")]
        assert status and "not saved (ctrl+s saves, ctrl+r reverts)" in status[0]


# -- triage: edit, and a fetch that fails ----------------------------------------------------

async def test_triage_edits_the_highlighted_paper_and_says_why_a_fetch_failed(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        screen = app.screen
        paper = screen.current()
        await pilot.press("e")
        assert isinstance(app.screen, EditPaperDialog)
        await pilot.press("ctrl+u", *"Renamed in triage", "enter")
        await wait_for(pilot, lambda: app.screen is screen)
        assert app.library.paper(paper.stored_id).title == "Renamed in triage"
        assert screen.current().id == paper.id and screen.current().title == "Renamed in triage"
        assert "Renamed in triage" in screen_text(app)
        await pilot.press("p")  # the stand-in engine is offline: one line, nothing stored
        await told(pilot, "could not fetch the PDF: cannot reach arxiv.org (offline)")
        assert not screen.query_one(FetchBar).running
        assert app.library.paper(paper.stored_id).pdf_path is None


# -- the command palette ----------------------------------------------------------------------

@pytest.mark.parametrize("command,where", [
    ("Add a paper", AddPaperDialog), ("Export the library", ExportDialog), ("Ingest now", IngestDialog),
    ("Go to settings", SettingsScreen),
])
async def test_palette_reaches_the_new_actions(fake_engine, command, where):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await start(pilot)
        await pilot.press("ctrl+p", *command)
        await pilot.pause(0.3)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, where))


async def test_at_80_columns_the_export_label_is_whole_and_a_long_title_to_delete_ends_in_an_ellipsis(
        fake_engine, isolated_home):
    long_title = ("A very long title about sparse attention, protein diffusion, graph networks, reward models "
                  "and the scaling laws of everything else we could think of")
    from paperpass.models import Paper
    from paperpass.store import open_library
    from paperpass.store.papers import upsert_paper

    conn = open_library(isolated_home)
    upsert_paper(conn, Paper(title=long_title, abstract="Long.", published="2026-05-01", source="arxiv"))
    conn.commit()
    conn.close()
    app = PaperpassApp(home=isolated_home)
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot)
        await pilot.press("E")
        assert isinstance(app.screen, ExportDialog)
        shown = " ".join(screen_text(app).replace("│", " ").split())  # the label wraps inside the border
        assert "to (a file; a folder for Markdown and for JSON with the PDFs):" in shown
        await pilot.press("escape")
        screen = await to_library(pilot)
        await pilot.press("slash", *"sparse attention", "enter")
        assert screen.current().paper.title == long_title
        await pilot.press("D")
        assert isinstance(app.screen, ConfirmDialog)
        question = " ".join(screen_text(app).replace("│", " ").split())
        assert "Delete 'A very long title about sparse attention" in question
        assert "…'?" in question and long_title[-20:] not in question  # cut, and said to be


async def test_palette_undoes_the_last_delete_from_any_screen(fake_engine):
    app = PaperpassApp(demo=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await start(pilot)
        paper = user_papers(app.library)[0]
        app.library.delete_paper(paper.stored_id)
        await pilot.press("ctrl+p", *"Undo the last delete")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await told(pilot, "brought back")
        assert app.library.paper(paper.stored_id).title == paper.title
