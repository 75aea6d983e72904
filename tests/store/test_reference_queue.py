"""Marking a paper's references worth reading (pass 2), kept across re-parses."""

import pytest

from paperpass.errors import NotFound
from paperpass.models import Paper, Reference
from paperpass.store.documents import store_references
from paperpass.store.papers import upsert_paper
from paperpass.store.refs import queued_references, references_for, set_reference_queued


def test_queue_and_unqueue_a_reference_by_position(conn):
    paper_id = upsert_paper(conn, Paper(title="Citing paper")).paper.id
    store_references(conn, paper_id, [Reference(raw="[1] A. First."), Reference(raw="[2] B. Second.")])
    ref = set_reference_queued(conn, paper_id, 1, True)
    assert ref.raw == "[2] B. Second." and ref.queued
    assert [r.queued for r in references_for(conn, paper_id)] == [False, True]
    assert [(pid, pos, r.raw) for pid, pos, r in queued_references(conn)] == [(paper_id, 1, "[2] B. Second.")]
    # a re-parse keeps the mark
    store_references(conn, paper_id, [Reference(raw="[1] A. First."), Reference(raw="[2] B. Second.")])
    assert [r.queued for r in references_for(conn, paper_id)] == [False, True]
    set_reference_queued(conn, paper_id, 1, False)
    assert not any(r.queued for r in references_for(conn, paper_id))


def test_queueing_a_reference_that_does_not_exist(conn):
    paper_id = upsert_paper(conn, Paper(title="Citing paper")).paper.id
    with pytest.raises(NotFound):
        set_reference_queued(conn, paper_id, 5, True)
