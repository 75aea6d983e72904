"""The reader, driven with keys through Pilot: what each pass shows and what it stores."""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
from textual.widgets import Static

from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store.papers import get_paper, set_pdf, upsert_paper
from paperpass.store.reading import get_five_cs, get_pass_state, get_review, notes_for, save_pass_note
from paperpass.store.refs import references_for
from paperpass.tui.app import PaperpassApp
from paperpass.tui.screens.reader import ReaderScreen
from tests.tui.helpers import screen_text

GAN_PDF = "hz_1406.2661v1.pdf"
SMALL, LARGE = (80, 24), (160, 50)
ABSTRACT = "We propose a new framework for estimating generative models via an adversarial process [b]not markup[/b]."


def add_paper(home: Path, pdf: Path | None = None, **fields) -> int:
    conn = open_library(home)
    try:
        paper = Paper(title=fields.pop("title", "Generative Adversarial Nets"), abstract=ABSTRACT,
                      authors=["Ian Goodfellow", "Yoshua Bengio"], source_url="https://arxiv.org/abs/1406.2661",
                      **fields)
        paper_id = upsert_paper(conn, paper).paper.id
        if pdf is not None:
            set_pdf(conn, paper_id, str(pdf), "test")
        return paper_id
    finally:
        conn.close()


def stored(home: Path, func, *args):
    """Read the store through a connection of its own, as another process would."""
    conn = open_library(home)
    try:
        return func(conn, *args)
    finally:
        conn.close()


async def open_reader(pilot, paper_id: int, pass_no: int = 1, section: str | None = None) -> ReaderScreen:
    pilot.app.open_reader(paper_id, pass_no=pass_no, section=section)
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ReaderScreen))
    await wait_for(pilot, lambda: parse_status(pilot.app) != "parsing…")
    return pilot.app.screen


def parse_status(app) -> str:
    """What the reader's bar says about the PDF: "parsing…", "9 pages", "metadata only"."""
    found = app.screen.query("#parse-status")
    return str(found.first(Static).render()) if found else "parsing…"


async def wait_for(pilot, predicate, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the reader")
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*["space" if c == " " else c for c in text])


@pytest.fixture
def gan_pdf(real) -> Path:
    path = real / "pdfs" / GAN_PDF
    if not path.is_file():
        pytest.skip(f"{GAN_PDF} is not in the real fixtures")
    return path


@pytest.fixture(autouse=True)
def no_ranking(monkeypatch):
    """The triage screen behind the reader ranks nothing: no model loads during these tests."""
    from paperpass.tui import backend

    monkeypatch.setattr(backend, "rank_week", lambda home, days=7, on_partial=None: [])


def notified(app, words: str) -> bool:
    return any(words in n.message for n in app._notifications)


@pytest.fixture
def app(isolated_home):
    return PaperpassApp(home=isolated_home)


# -- what each pass shows ---------------------------------------------------------------

@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_pass_one_shows_the_birds_eye_view_of_a_real_pdf(app, isolated_home, gan_pdf, size):
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=size) as pilot:
        screen = await open_reader(pilot, paper_id)
        assert parse_status(app) == "9 pages"
        text = screen_text(app)
        assert "Pass 1: the bird's-eye view" in text
        assert "Pass 1  0:0" in text and "of 10:00" in text
        assert "Generative Adversarial Nets" in text
        assert "Ian Goodfellow, Yoshua Bengio" in text
        assert "Notes, pass 1" in text
        # further down the view: the introduction, the headings without their bodies, the conclusion, references
        view = screen.query_one("#pass-1")
        shown = {w.id: str(w.render()) for w in view.query(Static) if w.id}
        assert "[b]not markup[/b]" in shown["p1-abstract"]  # text from feeds is never markup
        assert shown["p1-intro"].startswith("The promise of deep learning")
        headings = shown["p1-headings"].splitlines()
        assert any("Adversarial nets" in h for h in headings) and any("Conclusions" in h for h in headings)
        assert "striking successes" not in shown["p1-headings"]
        assert shown["p1-conclusion"] not in ("", "(no conclusion found)")
        refs = screen.query_one("#p1-refs")
        assert refs.option_count == len(stored(isolated_home, references_for, paper_id)) > 10


async def test_references_already_in_the_library_are_marked(app, isolated_home, gan_pdf):
    # the GAN paper cites "Deep generative stochastic networks trainable by backprop"
    add_paper(isolated_home, title="Deep generative stochastic networks trainable by backprop")
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id)
        refs = screen.query_one("#p1-refs")
        lines = [str(refs.get_option_at_index(i).prompt) for i in range(refs.option_count)]
        marked = [line for line in lines if line.startswith("✓")]
        assert any("stochastic networks" in line.lower() for line in marked)
        assert any("imagenet classification" in line.lower() for line in marked)  # AlexNet, a seeded classic
        assert len(marked) < len(lines) / 4


async def test_pass_two_shows_captions_body_and_unread_references(app, isolated_home, gan_pdf):
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id)
        await pilot.press("2")
        text = screen_text(app)
        assert "Pass 2: the content" in text and "Notes, pass 2" in text
        assert "Figures and tables" in text
        captions = screen.query_one("#p2-captions")
        first = str(captions.get_option_at_index(0).prompt)
        assert first.startswith("p.3") and "Figure 1: Generative adversarial nets are trained" in first
        assert "Unread references" in text
        assert screen.query_one("#p2-body").query(".section-text")  # the body, section by section
        assert stored(isolated_home, get_pass_state, paper_id, 2).started is not None


async def test_pass_three_shows_the_full_text_and_a_section_argument_scrolls_to_it(app, isolated_home, gan_pdf):
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=3, section="Conclusions and future work")
        view = screen.query_one("#pass-3")
        heading = view.section_widget("Conclusions and future work", screen.document.sections)
        await wait_for(pilot, lambda: view.shows_at_top(heading), timeout=20)
        text = screen_text(app)
        assert "Pass 3: re-creating the work" in text and "Notes, pass 3" in text
        assert "Conclusions and future work" in text  # scrolled to the section
        assert "Checklist, pass 3" not in text  # the top of the view is scrolled away


# -- what is stored ----------------------------------------------------------------------------

@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_notes_save_while_typing_and_say_so(app, isolated_home, size):
    paper_id = add_paper(isolated_home)  # no PDF: the reader opens on the metadata
    async with app.run_test(size=size) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("n")
        await type_text(pilot, "GAN: minimax game")
        await pilot.pause(1.2)  # past the debounce
        notes = stored(isolated_home, notes_for, paper_id, 1)
        assert [n.text for n in notes] == ["GAN: minimax game"]
        assert "saved" in screen_text(app)
        await type_text(pilot, " [x] y")
        await pilot.pause(1.2)
        note = stored(isolated_home, notes_for, paper_id, 1)[0]
        assert note.text == "GAN: minimax game [x] y"
        # saved at each pause, but one editing burst is one history version
        assert [v.text for v in note.history] == ["GAN: minimax game [x] y"]
        await pilot.press("escape", "n")  # leaving the editor ends the burst
        await type_text(pilot, " z")
        await pilot.pause(1.2)
        note = stored(isolated_home, notes_for, paper_id, 1)[0]
        assert [v.text for v in note.history] == ["GAN: minimax game [x] y", "GAN: minimax game [x] y z"]


async def test_every_note_of_a_pass_is_shown_and_editable(app, isolated_home):
    from paperpass.store.reading import add_note

    paper_id = add_paper(isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("n")
        await type_text(pilot, "typed in the reader")
        await pilot.press("escape")
        stored(isolated_home, add_note, paper_id, 1, "written with paperpass note")
        await pilot.press("N")
        await type_text(pilot, "a second reader note")
        await pilot.press("escape")
        assert "1 of 2, newest first" in screen_text(app)
        await pilot.press("right_square_bracket")
        assert "2 of 2" in screen_text(app) and "typed in the reader" in screen_text(app)
        await pilot.press("n")
        await type_text(pilot, ", edited")
        await pilot.press("escape")
    texts = [n.text for n in stored(isolated_home, notes_for, paper_id, 1)]
    assert texts == ["typed in the reader, edited", "written with paperpass note", "a second reader note"]
    again = PaperpassApp(home=isolated_home)
    async with again.run_test(size=LARGE) as pilot:  # reopened: every note is there, newest first
        await open_reader(pilot, paper_id)
        app = again
        assert "1 of 3, newest first" in screen_text(app) and "a second reader note" in screen_text(app)
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert "3 of 3" in screen_text(app) and "typed in the reader, edited" in screen_text(app)


async def test_notes_typed_just_before_quitting_are_saved(app, isolated_home):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("n")
        await type_text(pilot, "last words")
        await pilot.press("escape", "ctrl+q")  # leave the editor, quit at once: before the debounce
    assert [n.text for n in stored(isolated_home, notes_for, paper_id, 1)] == ["last words"]


async def test_notes_of_each_pass_are_kept_apart_and_reloaded(app, isolated_home):
    paper_id = add_paper(isolated_home)
    stored(isolated_home, save_pass_note, paper_id, 3, "plan: re-derive eq. 1")
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("2", "n")
        await type_text(pilot, "figure 2 is odd")
        await pilot.press("escape", "3")
        assert "plan: re-derive eq. 1" in screen_text(app)
        await pilot.press("escape")  # back to the triage screen
        assert not isinstance(app.screen, ReaderScreen)
    assert [n.text for n in stored(isolated_home, notes_for, paper_id, 2)] == ["figure 2 is odd"]
    assert [n.text for n in stored(isolated_home, notes_for, paper_id, 3)] == ["plan: re-derive eq. 1"]


async def test_checklist_five_cs_and_decision_are_stored(app, isolated_home):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_reader(pilot, paper_id)
        screen.query_one("#step-1-headings").focus()
        await pilot.press("space")
        assert stored(isolated_home, get_pass_state, paper_id, 1).checklist == {"headings": True}
        screen.query_one("#c-category").focus()
        await type_text(pilot, "new method")
        await pilot.press("tab")
        await type_text(pilot, "GSNs")
        five = stored(isolated_home, get_five_cs, paper_id)
        assert (five.category, five.context) == ("new method", "GSNs")  # saved as typed
        await pilot.press("escape")  # out of the form, into the pass view
        await pilot.press("g")  # go on to pass 2
        assert stored(isolated_home, get_review, paper_id).pass1_decision == "continue"
        assert stored(isolated_home, get_pass_state, paper_id, 1).checklist["decide"] is True
        assert "Pass 2: the content" in screen_text(app)
        await pilot.press("1", "d")
        assert stored(isolated_home, get_review, paper_id).pass1_decision == "drop"
        assert "drop it" in str(screen.query_one("#p1-decision").render())
    # reopened, the reader shows what was stored
    app2 = PaperpassApp(home=isolated_home)
    async with app2.run_test(size=SMALL) as pilot:
        screen = await open_reader(pilot, paper_id)
        assert screen.query_one("#step-1-headings").value is True
        assert screen.query_one("#c-category").value == "new method"


async def test_the_decision_after_pass_1_finishes_pass_1(app, isolated_home):
    """g (go on) or d (drop) is the last step of pass 1: the pass is finished, as f would have done."""
    going, dropping = add_paper(isolated_home), add_paper(isolated_home, title="Another paper")
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, going)
        await pilot.press("g")
        assert "Pass 2: the content" in screen_text(app)
        await pilot.press("escape")
        await open_reader(pilot, dropping)
        await pilot.press("d")
    for paper_id in (going, dropping):
        assert stored(isolated_home, get_pass_state, paper_id, 1).finished is not None


async def test_a_paper_without_its_pdf_fetches_it_from_the_reader(app, isolated_home, httpserver, tmp_path):
    """Opened from triage or the library before its PDF was fetched, the reader says p fetches it; p does,
    and the passes fill in from the PDF without leaving the reader."""
    import pymupdf

    doc = pymupdf.open()
    page = doc.new_page()
    for y, (text, size) in enumerate([("A Served Paper", 20), ("1 Introduction", 14),
                                      ("Served papers are read in the terminal.", 10), ("2 Method", 14),
                                      ("We fetch the PDF from the reader.", 10)]):
        page.insert_text((72, 90 + 40 * y), text, fontsize=size)
    pdf = tmp_path / "served.pdf"
    doc.save(pdf)
    httpserver.expect_request("/served.pdf").respond_with_data(pdf.read_bytes(), content_type="application/pdf")
    paper_id = add_paper(isolated_home, title="A Served Paper", pdf_url=httpserver.url_for("/served.pdf"))
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_reader(pilot, paper_id)
        assert parse_status(app) == "metadata only"
        assert any("p fetches it" in n.message for n in app._notifications)
        await pilot.press("p")
        await wait_for(pilot, lambda: parse_status(app).split()[-1] in ("page", "pages"), timeout=30)
        assert isinstance(app.screen, ReaderScreen)
        assert "2 Method" in screen_text(app) and "not available" not in screen_text(app)
    assert stored(isolated_home, get_paper, paper_id).pdf_path


async def test_a_pasted_paragraph_keeps_all_its_lines_in_a_one_line_answer(app, isolated_home):
    """A one-line field (Textual's Input keeps only a paste's first line): the five Cs, the review and the
    edit form keep every pasted line, joined by spaces."""
    from textual import events

    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_reader(pilot, paper_id)
        field = screen.query_one("#c-contributions")
        field.focus()
        await type_text(pilot, "Two: ")
        field.post_message(events.Paste("a minimax game\n  between two networks;\n\nno Markov chains"))
        await pilot.pause()
    assert stored(isolated_home, get_five_cs, paper_id).contributions == (
        "Two: a minimax game between two networks; no Markov chains")


async def test_a_reader_left_open_on_a_paper_deleted_meanwhile_closes_and_says_so(app, isolated_home):
    """The reader stays open in triage's stack while the library (l) deletes its paper: back there, it does
    not take notes for a paper that is gone ("Notes NOT saved"), it closes and says how to undo."""
    from paperpass.tui.screens.library import LibraryScreen

    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL, notifications=True) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("l")
        await wait_for(pilot, lambda: isinstance(app.screen, LibraryScreen))
        app.library.delete_paper(paper_id)
        app.library_changed()
        await pilot.press("t")
        await pilot.pause()
        assert not isinstance(app.screen, ReaderScreen)
        assert any("deleted" in n.message and "u in the library" in n.message for n in app._notifications)


async def test_reproducibility_and_code_link_are_stored(app, isolated_home):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=2)
        screen.query_one("#reproducibility").focus()
        await type_text(pilot, "partly")
        screen.query_one("#code-url").focus()
        await type_text(pilot, "https://github.com/goodfeli/adversarial")
    review = stored(isolated_home, get_review, paper_id)
    assert (review.reproducibility, review.code_url) == ("partly", "https://github.com/goodfeli/adversarial")


async def test_timer_accumulates_reading_time_per_pass(app, isolated_home, monkeypatch, gan_pdf):
    # A paper with its PDF: every second read counts (a glance at a paper without one begins no pass).
    monkeypatch.setattr("paperpass.tui.widgets.timer.FLUSH_EVERY", 1.0)
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.pause(2.3)
        assert stored(isolated_home, get_pass_state, paper_id, 1).seconds >= 1.0  # stored periodically
        assert re.search(r"Pass 1  0:0[1-5] of 10:00", screen_text(app))
        await pilot.press("2")
        await pilot.pause(1.1)
    pass1 = stored(isolated_home, get_pass_state, paper_id, 1).seconds
    pass2 = stored(isolated_home, get_pass_state, paper_id, 2).seconds
    assert 2.0 <= pass1 < 6.0 and 1.0 <= pass2 < 5.0


async def test_timer_resumes_from_the_stored_time(app, isolated_home):
    from paperpass.store.reading import add_pass_time

    paper_id = add_paper(isolated_home)
    stored(isolated_home, add_pass_time, paper_id, 1, 11 * 60)
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, paper_id)
        assert re.search(r"Pass 1  11:0\d of 10:00  \(over budget\)", screen_text(app))


async def test_queueing_an_unread_reference(app, isolated_home, gan_pdf):
    from paperpass.library.views import library_rows, reading_queue

    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=2)
        screen.query_one("#p2-refs").focus()
        await pilot.press("down", "w")
        refs = stored(isolated_home, references_for, paper_id)
        assert [i for i, r in enumerate(refs) if r.queued] == [1]
        assert str(screen.query_one("#p2-refs").get_option_at_index(1).prompt).startswith("+")
        # the reading queue (and so Library's count) holds it, whether or not it became a paper
        queue = stored(isolated_home, reading_queue)
        assert len(queue) == 1 and queue[0].cited_by == paper_id and queue[0].position == 1
        assert sum(r.queued for r in stored(isolated_home, library_rows)) == (queue[0].id is not None)
        await pilot.press("w")  # again: out of the queue
        assert not any(r.queued for r in stored(isolated_home, references_for, paper_id))
        assert stored(isolated_home, reading_queue) == []
        await pilot.press("q")  # q is quit everywhere, also on the references
    assert not app.is_running


async def test_keys_typed_at_once_find_the_widget_the_first_one_focused(app, isolated_home, gan_pdf):
    """g, r and w typed in one go (read before the first is handled): each key's focus is taken at once, so
    w finds pass 2's references focused and queues one (with focus() queued for later, w was unbound)."""
    from paperpass.tui.widgets.references import ReferenceList

    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=1)
        screen.action_show_pass(2)
        assert screen.focused is screen.query_one("#pass-2")
        screen.action_focus_references()
        assert isinstance(screen.focused, ReferenceList) and screen.focused.id == "p2-refs"
        assert screen.check_action("queue_reference", ())
        screen.action_queue_reference()
        await pilot.pause()
        assert any(r.queued for r in stored(isolated_home, references_for, paper_id))


async def test_a_note_typed_straight_after_n_is_the_notes(app, isolated_home):
    """n and the note after it read in one go: every letter is the note's, none a reader key (d drops the
    paper, s opens search)."""
    from textual import events

    paper_id = add_paper(isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id)
        for char in "nads":
            event = events.Key(char, char)
            event.set_sender(app)
            app._driver.send_message(event)  # as the terminal driver does: all read before the first is handled
        await pilot.pause(1.5)  # past the notes' save debounce
        assert app.screen is screen
        assert [n.text for n in stored(isolated_home, notes_for, paper_id, 1)] == ["ads"]


async def test_opening_the_pdf_at_a_captions_page(app, isolated_home, gan_pdf, tmp_path, monkeypatch):
    log = tmp_path / "viewer.log"
    viewer = tmp_path / "bin" / "fakeviewer"
    viewer.parent.mkdir()
    viewer.write_text(f'#!/bin/sh\necho "$@" > {log}\n', encoding="utf-8")
    viewer.chmod(0o755)
    monkeypatch.setenv("PATH", str(viewer.parent))
    isolated_home.mkdir(parents=True, exist_ok=True)
    (isolated_home / "config.toml").write_text('pdf_viewer = "fakeviewer --page={page} {path}"\n', encoding="utf-8")
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=2)
        screen.query_one("#p2-captions").focus()
        await pilot.press("o")
        await wait_for(pilot, lambda: notified(app, "Opening the PDF at page 3"))  # the viewer starts in a worker
        for _ in range(200):  # the viewer runs detached; its log appears when it has run
            if log.exists() and log.read_text():
                break
            time.sleep(0.05)
        assert log.read_text().split() == ["--page=3", str(gan_pdf)]
        monkeypatch.setenv("PATH", str(tmp_path / "nothing"))
        await pilot.press("o")
        await wait_for(pilot, lambda: notified(app, f"open {gan_pdf} at page 3 yourself"))


# -- when the PDF is missing or cannot be parsed -----------------------------------------------

@pytest.mark.parametrize("size", [SMALL, LARGE])
async def test_a_paper_without_pdf_opens_on_its_metadata(app, isolated_home, size):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=size) as pilot:
        await open_reader(pilot, paper_id)
        text = screen_text(app)
        assert parse_status(app) == "metadata only"
        assert "Generative Adversarial Nets" in text and "We propose a new framework" in text
        assert notified(app, "No PDF for this paper yet")
        assert "n to write a note" in text  # the empty note says how to write one (letters are keys here)
        await pilot.press("n")
        await type_text(pilot, "x")
        assert "n to write a note" not in screen_text(app)


async def test_an_image_only_pdf_opens_on_metadata_with_the_reason(app, isolated_home, real):
    bad = real / "bad" / "image_only.pdf"
    if not bad.is_file():
        pytest.skip("bad/image_only.pdf is not in the real fixtures")
    paper_id = add_paper(isolated_home, bad)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id)
        assert parse_status(app) == "metadata only"
        assert notified(app, "image-only")
        assert "image-only" in str(screen.query_one("#p1-intro").render())
        await pilot.press("3")
        assert "not available" in screen_text(app)


async def test_a_corrupt_file_opens_on_metadata(app, isolated_home, tmp_path):
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"this is not a pdf")
    paper_id = add_paper(isolated_home, junk)
    async with app.run_test(size=SMALL) as pilot:
        await open_reader(pilot, paper_id)
        assert parse_status(app) == "metadata only"
        assert "We propose a new framework" in screen_text(app)


async def test_input_is_not_blocked_while_parsing(app, isolated_home, gan_pdf, monkeypatch):
    from paperpass.library import documents

    real_load = documents.load_document

    def slow_load(conn, paper_id, **kwargs):
        time.sleep(1.5)  # a long parse, in the worker thread
        return real_load(conn, paper_id, **kwargs)

    monkeypatch.setattr(documents, "load_document", slow_load)
    paper_id = add_paper(isolated_home, gan_pdf)
    async with app.run_test(size=SMALL) as pilot:
        app.open_reader(paper_id)
        await wait_for(pilot, lambda: isinstance(app.screen, ReaderScreen))
        assert parse_status(app) == "parsing…"
        await pilot.press("n")
        await type_text(pilot, "early")
        assert parse_status(app) == "parsing…"  # keys were handled before the parse finished
        await wait_for(pilot, lambda: parse_status(app) != "parsing…")
        assert "early" in app.screen.query_one("#notes-text-1").text


async def test_finish_keys_make_the_pass_and_the_paper_done(app, isolated_home):
    from paperpass.library.views import paper_details

    paper_id = add_paper(isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        await open_reader(pilot, paper_id)
        await pilot.press("f")
        details = stored(isolated_home, paper_details, paper_id)
        assert details["finished"]["1"] and details["status"] == "pass1"
        assert "finished" in screen_text(app)
        await pilot.press("2", "F")  # after pass 2: the paper has given what it has
        details = stored(isolated_home, paper_details, paper_id)
        assert details["status"] == "done" and details["finished"]["2"] == details["done"]
        assert "paper done" in screen_text(app)


async def test_reader_keys_have_one_meaning_and_a_description(app, isolated_home):
    keys: dict[str, set[str]] = {}
    for binding in ReaderScreen.BINDINGS:
        for key in binding.key.split(","):
            keys.setdefault(key, set()).add(binding.action)
    assert all(len(actions) == 1 for actions in keys.values())
    described = {b.key for b in ReaderScreen.BINDINGS if b.description}
    assert {"d", "g", "w", "o", "f", "F"} <= described
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id, pass_no=2)
        assert screen.check_action("decide", ("drop",)) is False  # d and g belong to pass 1
        await pilot.press("d")
        assert stored(isolated_home, get_review, paper_id).pass1_decision is None


async def test_keys_take_the_reader_to_the_checklist_five_cs_and_references(app, isolated_home):
    paper_id = add_paper(isolated_home)
    async with app.run_test(size=LARGE) as pilot:
        screen = await open_reader(pilot, paper_id)
        await pilot.press("a")
        await type_text(pilot, "method")
        await pilot.press("escape", "k", "space")
        await pilot.press("r")
        assert screen.focused.id == "p1-refs"
        await pilot.press("3", "k", "space", "tab", "space")
        await pilot.pause(0.2)
    assert stored(isolated_home, get_five_cs, paper_id).category == "method"
    assert stored(isolated_home, get_pass_state, paper_id, 1).checklist == {"title_abstract_intro": True}
    assert stored(isolated_home, get_pass_state, paper_id, 3).checklist == {"recreate": True, "assumptions": True}
