"""The store views the TUI lists: the week to triage and the library with states and the queue."""

from __future__ import annotations

from paperpass.library.views import library_rows
from paperpass.models import Paper
from paperpass.store.papers import set_decision, upsert_paper, week_papers
from paperpass.store.reading import finish_pass, finished_passes, pass1_decisions, set_review, start_pass


def add(conn, title, published, source="arxiv"):
    return upsert_paper(conn, Paper(title=title, published=published, source=source)).paper


def test_week_papers_ends_at_the_newest_paper_and_skips_decided_and_seeds(conn):
    new = add(conn, "Newest", "2026-06-12")
    edge = add(conn, "Six days before", "2026-06-06")
    add(conn, "Eight days before", "2026-06-04")
    decided = add(conn, "Decided", "2026-06-10")
    set_decision(conn, decided.id, "skip")
    assert [p.title for p in week_papers(conn, 7)] == ["Newest", "Six days before"]
    assert {p.id for p in week_papers(conn, 7, include_decided=True)} == {new.id, edge.id, decided.id}


def test_library_rows_states_and_queue(conn):
    kept, reading, done, dropped = (add(conn, t, "2026-06-10") for t in ("Kept", "Reading", "Done", "Dropped"))
    set_decision(conn, kept.id, "keep")
    start_pass(conn, reading.id, 2)
    set_decision(conn, done.id, "keep")
    start_pass(conn, done.id, 3)
    finish_pass(conn, done.id, 3)
    set_review(conn, dropped.id, pass1_decision="drop")
    assert finished_passes(conn) == {done.id: 3}
    assert pass1_decisions(conn) == {dropped.id: "drop"}
    rows = {r.paper.title: r for r in library_rows(conn)}
    assert rows["Kept"].queued and rows["Kept"].queued_by == "kept" and rows["Kept"].state == "unread"
    assert rows["Reading"].state == "pass2" and not rows["Reading"].queued
    assert rows["Done"].state == "done" and not rows["Done"].queued  # finished papers leave the queue
    assert rows["Dropped"].state == "dropped"
    assert library_rows(conn)[0].paper.title == "Kept"


def test_library_rows_hold_queued_references_once_their_paper_is_there(conn):
    from paperpass.library.views import queue_reference, reading_queue
    from paperpass.models import Reference
    from paperpass.store.documents import store_references

    citing = add(conn, "Citing", "2026-06-10")
    store_references(conn, citing.id, [Reference(raw="[1] Someone. The cited work. 2020.", title="The cited work")])
    queue_reference(conn, citing.id, 0)
    assert [e.reference for e in reading_queue(conn)] == ["[1] Someone. The cited work. 2020."]
    assert not any(r.queued for r in library_rows(conn))
    cited = add(conn, "The cited work", "2020-01-01")  # the paper arrives later
    rows = library_rows(conn)
    assert rows[0].paper.id == cited.id and rows[0].queued and rows[0].queued_by == "cited by Citing"
    # the queue names it by its own title once its paper is matched by that title
    [entry] = reading_queue(conn)
    assert (entry.id, entry.title, entry.reason) == (cited.id, "The cited work", "cited by Citing")


def test_the_library_screen_lists_newest_first_as_the_library_dates_papers(conn):
    """Sort newest is the library's order (list_papers): a paper of this month added on the 5th is newer than one
    of the 3rd, not older for naming no day; the queue stays in the order it was queued."""
    from paperpass.tui.screens.library import LibraryScreen

    def dated(title, published, added):
        p = add(conn, title, published)
        conn.execute("UPDATE papers SET added = ? WHERE id = ?", (added, p.id))
        return p.id

    old = dated("A paper of last month", "2026-11-20", "2026-12-01T10:00:00")
    day = dated("A paper of a day", "2026-12-03T10:00:00", "2026-12-03T11:00:00")
    month = dated("A paper of this month", "2026-12", "2026-12-05T09:00:00")
    screen = LibraryScreen()
    screen.rows, screen._sorted = library_rows(conn), {}
    assert [r.paper.id for r in screen._rows_sorted()][:3] == [month, day, old]
    screen.set_reactive(LibraryScreen.sort, "year")  # no watcher: the screen is not mounted
    years = [r.paper.year or 0 for r in screen._rows_sorted()]
    assert years == sorted(years, reverse=True) and 2012 in years  # the other sorts sort as before
