"""Notes keep their history; failed writes leave the previous state intact."""

import sqlite3

import pytest

from paperpass.errors import InvalidInput, NotFound
from paperpass.models import Paper
from paperpass.store.papers import upsert_paper
from paperpass.store.reading import (
    add_note,
    add_pass_time,
    get_five_cs,
    notes_for,
    reading_status,
    save_pass_note,
    set_five_cs,
    update_note,
)


@pytest.fixture
def paper(conn):
    return upsert_paper(conn, Paper(title="Attention Is All You Need", arxiv_id="1706.03762", arxiv_version=1)).paper


def test_every_edit_is_a_new_version(conn, paper):
    note = add_note(conn, paper.id, 1, "first thought")
    update_note(conn, note.id, "second thought")
    update_note(conn, note.id, "second thought")  # unchanged text adds no version
    note = update_note(conn, note.id, "third thought")
    assert note.text == "third thought"
    assert [v.text for v in note.history] == ["first thought", "second thought", "third thought"]


def test_editor_save_creates_then_versions_the_note_it_edits(conn, paper):
    assert save_pass_note(conn, paper.id, 2, "   ") is None
    created = save_pass_note(conn, paper.id, 2, "fig 3 is odd")
    save_pass_note(conn, paper.id, 2, "fig 3 is odd; check appendix", note_id=created.id)
    [note] = notes_for(conn, paper.id, 2)
    assert len(note.history) == 2 and note.text.endswith("appendix")


def test_a_note_added_elsewhere_does_not_take_the_editors_text(conn, paper):
    typed = save_pass_note(conn, paper.id, 1, "typed in the reader")
    add_note(conn, paper.id, 1, "from the command line")
    save_pass_note(conn, paper.id, 1, "typed in the reader, more", note_id=typed.id)
    assert [n.text for n in notes_for(conn, paper.id, 1)] == ["typed in the reader, more", "from the command line"]


def test_autosaves_of_one_burst_make_one_version_and_a_pause_starts_another(conn, paper, monkeypatch):
    from paperpass.store import reading

    note = save_pass_note(conn, paper.id, 1, "a")
    for text in ("a b", "a b c", "a b c d"):  # autosaves while typing
        note = save_pass_note(conn, paper.id, 1, text, note_id=note.id, coalesce=True)
    assert [v.text for v in note.history] == ["a b c d"]
    # leaving the editor ends the burst: the next save is a new version
    note = save_pass_note(conn, paper.id, 1, "a b c d e", note_id=note.id, coalesce=False)
    assert [v.text for v in note.history] == ["a b c d", "a b c d e"]
    # a pause of minutes ends it too
    monkeypatch.setattr(reading, "NOTE_BURST_PAUSE_SECONDS", 0)
    note = save_pass_note(conn, paper.id, 1, "a b c d e f", note_id=note.id, coalesce=True)
    assert [v.text for v in note.history] == ["a b c d", "a b c d e", "a b c d e f"]


def test_failed_write_keeps_previous_text(conn, paper):
    note = add_note(conn, paper.id, 3, "the proof of lemma 2")
    # The version insert fails after the notes row was updated in the same transaction.
    conn.execute("CREATE TRIGGER fail_versions BEFORE INSERT ON note_versions "
                 "BEGIN SELECT RAISE(ABORT, 'disk full'); END")
    with pytest.raises(sqlite3.IntegrityError):
        update_note(conn, note.id, "lost?")
    conn.execute("DROP TRIGGER fail_versions")
    [kept] = notes_for(conn, paper.id, 3)
    assert kept.text == "the proof of lemma 2" and len(kept.history) == 1


def test_bad_inputs(conn, paper):
    with pytest.raises(InvalidInput):
        add_note(conn, paper.id, 4, "x")
    with pytest.raises(InvalidInput):
        add_note(conn, paper.id, 1, "  \n")
    with pytest.raises(NotFound):
        add_note(conn, 9999, 1, "x")
    with pytest.raises(InvalidInput):
        set_five_cs(conn, paper.id, colour="blue")


def test_status_and_timing_and_five_cs(conn, paper):
    assert reading_status(conn, paper.id) == "unread"
    add_pass_time(conn, paper.id, 1, 120)
    state = add_pass_time(conn, paper.id, 1, 30.5)
    assert state.seconds == pytest.approx(150.5) and state.budget_seconds == 600
    assert reading_status(conn, paper.id) == "pass1"
    set_five_cs(conn, paper.id, category="architecture", clarity="very clear")
    five = get_five_cs(conn, paper.id)
    assert (five.category, five.clarity, five.context) == ("architecture", "very clear", "")
