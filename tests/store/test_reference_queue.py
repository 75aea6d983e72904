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


def test_a_new_parse_that_words_references_differently_keeps_every_mark(conn):
    """A parser upgrade re-splits and re-words entries: each mark follows its reference by arXiv id,
    DOI or title, and a marked reference the new parse no longer has stays queued after the others."""
    paper_id = upsert_paper(conn, Paper(title="Citing paper")).paper.id
    store_references(conn, paper_id, [
        Reference(raw="[1] A. Alpha. Sparse codes. arXiv:2101.00001, 2021.", title="Sparse codes",
                  arxiv_id="2101.00001"),
        Reference(raw="[2] B. Beta. Dense retrieval for every- one. In ACL, 2020.",
                  title="Dense retrieval for every- one", doi="10.1000/ABC.1"),
        Reference(raw="[3] C. Gamma. Graph sketches. In KDD, 2019.", title="Graph sketches"),
        Reference(raw="[4] D. Delta. Merged later. 2018. [5] E. Eps. Into one. 2017.", title="Merged later"),
    ])
    for position in (0, 1, 2, 3):
        set_reference_queued(conn, paper_id, position, True)
    before = {r.raw: r.queued_at for r in references_for(conn, paper_id)}
    store_references(conn, paper_id, [  # the new parse: another order, fixed hyphenation, [4] split in two
        Reference(raw="[0] Z. Zeta. A new first entry. 2022.", title="A new first entry"),
        Reference(raw="[3] C. Gamma. Graph sketches. In Proc. KDD, 2019.", title="Graph sketches"),
        Reference(raw="[2] B. Beta. Dense retrieval for everyone. In ACL, 2020.", title="Dense retrieval for everyone",
                  doi="https://doi.org/10.1000/abc.1"),
        Reference(raw="[1] A. Alpha. Sparse codes. 2021.", arxiv_id="2101.00001"),
        Reference(raw="[4] D. Delta. Merged later. 2018.", title="Merged later!"),
        Reference(raw="[5] E. Eps. Into one. 2017.", title="Into one"),
    ])
    refs = references_for(conn, paper_id)
    assert [r.queued for r in refs] == [False, True, True, True, True, False]
    assert refs[3].queued_at == before["[1] A. Alpha. Sparse codes. arXiv:2101.00001, 2021."]
    assert len(queued_references(conn)) == 4  # nothing the reader marked is lost


def test_a_marked_reference_the_new_parse_lost_is_kept_after_the_others(conn):
    paper_id = upsert_paper(conn, Paper(title="Citing paper")).paper.id
    store_references(conn, paper_id, [Reference(raw="[1] A. First."), Reference(raw="[2] Garbled entr y text.")])
    set_reference_queued(conn, paper_id, 1, True)
    store_references(conn, paper_id, [Reference(raw="[1] A. First."), Reference(raw="[2] B. Second, now read well.")])
    refs = references_for(conn, paper_id)
    assert [(r.raw, r.queued) for r in refs] == [("[1] A. First.", False), ("[2] B. Second, now read well.", False),
                                                 ("[2] Garbled entr y text.", True)]
    # and a third parse does not copy it again
    store_references(conn, paper_id, [Reference(raw="[1] A. First."), Reference(raw="[2] B. Second, now read well.")])
    assert [r.raw for r in references_for(conn, paper_id)].count("[2] Garbled entr y text.") == 1


def test_two_alike_entries_both_queued_keep_both_marks_across_a_new_parse(conn):
    paper_id = upsert_paper(conn, Paper(title="Citing paper")).paper.id
    twice = [Reference(raw="[1] A. Alpha. Sparse codes. 2021.", title="Sparse codes"),
             Reference(raw="[2] B. Beta. Dense codes. 2020.", title="Dense codes"),
             Reference(raw="[1] A. Alpha. Sparse codes. 2021.", title="Sparse codes")]  # listed twice by the paper
    store_references(conn, paper_id, twice)
    set_reference_queued(conn, paper_id, 0, True)
    set_reference_queued(conn, paper_id, 2, True)
    store_references(conn, paper_id, twice)
    assert [r.queued for r in references_for(conn, paper_id)] == [True, False, True]
