"""Finishing passes, done papers, classics progress and the one reading queue."""

from __future__ import annotations

import pytest

from paperpass.errors import InvalidInput, NotFound
from paperpass.library.views import (
    library_rows,
    paper_details,
    queue_reference,
    reading_queue,
)
from paperpass.models import Paper, Reference
from paperpass.store.documents import store_references
from paperpass.store.lists import add_to_list, create_list, list_entries, list_progress
from paperpass.store.papers import get_paper, set_decision, upsert_paper
from paperpass.store.reading import done_papers, finish_pass, reading_status, start_pass
from paperpass.store.refs import references_for


def paper(conn, title, **kw):
    return upsert_paper(conn, Paper(title=title, **kw)).paper


def test_finishing_pass_3_makes_the_paper_done_with_dates_per_pass(conn):
    p = paper(conn, "A paper")
    finish_pass(conn, p.id, 1)
    assert reading_status(conn, p.id) == "pass1"
    finish_pass(conn, p.id, 2)
    assert reading_status(conn, p.id) == "pass2"
    finish_pass(conn, p.id, 3)
    details = paper_details(conn, p.id)
    assert details["status"] == "done" and details["done"]
    assert all(details["finished"][str(n)] for n in (1, 2, 3))
    assert details["finished"]["3"] == details["done"]


def test_done_after_pass_1_when_the_paper_has_given_what_it_has(conn):
    p = paper(conn, "Enough after one pass")
    finish_pass(conn, p.id, 1, done=True)
    details = paper_details(conn, p.id)
    assert details["status"] == "done" and details["finished"] == {"1": details["done"], "2": None, "3": None}
    assert done_papers(conn) == {p.id: details["done"]}


def test_finishing_a_pass_of_an_unknown_paper_changes_nothing(conn):
    with pytest.raises(NotFound):
        finish_pass(conn, 999, 3)
    with pytest.raises(InvalidInput):
        finish_pass(conn, paper(conn, "x").id, 4)
    assert conn.execute("SELECT count(*) FROM pass_state").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM paper_done").fetchone()[0] == 0


def test_classics_and_user_lists_count_done_and_begun(conn):
    resnet = next(e for e in list_entries(conn) if e.arxiv_id == "1512.03385")
    vgg = next(e for e in list_entries(conn) if e.arxiv_id == "1409.1556")
    start_pass(conn, vgg.id, 1)
    finish_pass(conn, resnet.id, 3)
    entries = {e.id: e for e in list_entries(conn)}
    assert entries[resnet.id].status == "done" and entries[resnet.id].done
    assert entries[vgg.id].status == "pass1"
    progress = list_progress(list(entries.values()))["Computer vision"]
    assert (progress.done, progress.begun, progress.total) == (1, 2, 5)
    create_list(conn, "Mine")
    mine = paper(conn, "My own")
    add_to_list(conn, "Mine", mine.id)
    finish_pass(conn, mine.id, 2, done=True)
    assert list_progress(list_entries(conn, "Mine"))["Mine"].done == 1


def test_the_queue_holds_kept_papers_and_queued_references_until_done(conn):
    kept = paper(conn, "Kept paper")
    set_decision(conn, kept.id, "keep")
    citing = paper(conn, "Citing paper")
    store_references(conn, citing.id, [Reference(raw="[1] A. Author. Some unknown work. 2019.", year=2019),
                                       Reference(raw="[2] B. Other. Known work.", title="Kept paper")])
    entry = queue_reference(conn, citing.id, 0)
    assert entry.id is None and entry.reference.startswith("[1] A. Author") and entry.since
    assert entry.reason == "cited by Citing paper"
    queue = reading_queue(conn)
    assert [e.id for e in queue] == [kept.id, None]
    rows = library_rows(conn)
    assert rows[0].paper.id == kept.id and rows[0].queued
    # the kept paper leaves the queue when done; the unresolved reference stays
    finish_pass(conn, kept.id, 3)
    assert [e.reference for e in reading_queue(conn)] == [entry.reference]


def test_queuing_a_reference_twice_is_one_clear_error(conn):
    citing = paper(conn, "Citing paper")
    store_references(conn, citing.id, [Reference(raw="[1] Some work.")])
    queue_reference(conn, citing.id, 0)
    with pytest.raises(InvalidInput, match="already in the reading queue"):
        queue_reference(conn, citing.id, 0)
    assert len(reading_queue(conn)) == 1
    with pytest.raises(NotFound):
        queue_reference(conn, citing.id, 7)


def test_a_reference_with_an_id_becomes_a_paper_offline(conn):
    citing = paper(conn, "Citing paper")
    store_references(conn, citing.id, [Reference(raw="[1] K. He et al. Identity mappings. 10.1000/xyz123",
                                                 title="Identity mappings in deep residual networks",
                                                 doi="10.1000/xyz123", year=2016)])
    entry = queue_reference(conn, citing.id, 0, fetch=False)
    assert entry.id is not None and entry.title == "Identity mappings in deep residual networks"
    assert references_for(conn, citing.id)[0].matched_paper_id == entry.id
    assert [e.id for e in reading_queue(conn)] == [entry.id]
    assert library_rows(conn)[0].paper.id == entry.id
    assert get_paper(conn, entry.id).published == "2016"  # the year the reference gives, no invented day


def test_a_queued_reference_is_resolved_when_its_paper_arrives(conn):
    citing = paper(conn, "Citing paper")
    store_references(conn, citing.id, [Reference(raw="[1] X. Y. Attention over everything. 2020.",
                                                 title="Attention over everything")])
    queue_reference(conn, citing.id, 0)
    assert reading_queue(conn)[0].id is None
    arrived = paper(conn, "Attention over everything")
    assert [e.id for e in reading_queue(conn)] == [arrived.id]
    assert library_rows(conn)[0].paper.id == arrived.id
