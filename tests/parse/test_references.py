"""Reference entries: fields of one entry, and matching against the library."""

from __future__ import annotations

from pathlib import Path

import pytest

from paperpass.library.documents import load_document
from paperpass.models import Paper, Reference
from paperpass.parse.references import reference_from_raw
from paperpass.store.documents import match_reference, store_references
from paperpass.store.papers import set_pdf, upsert_paper
from paperpass.store.refs import references_for

REAL_PDFS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real" / "pdfs"


def test_numbered_entry_with_arxiv_id():
    ref = reference_from_raw("[12] K. He, X. Zhang, S. Ren, and J. Sun. Deep residual learning for image "
                             "recognition. arXiv preprint arXiv:1512.03385v1, 2015.")
    assert ref.arxiv_id == "1512.03385"
    assert ref.year == 2015
    assert ref.title == "Deep residual learning for image recognition"


def test_author_year_entry_with_doi():
    ref = reference_from_raw("Hinton, G. E. and Salakhutdinov, R. R. (2006). Reducing the dimensionality of data "
                             "with neural networks. Science, 313(5786):504-507. doi: 10.1126/science.1127647.")
    assert ref.year == 2006
    assert ref.doi == "10.1126/science.1127647"
    assert ref.title == "Reducing the dimensionality of data with neural networks"


def test_quoted_title_ieee_style():
    ref = reference_from_raw('[3] A. Krizhevsky, I. Sutskever, and G. Hinton, "ImageNet classification with deep '
                             'convolutional neural networks," in NIPS, 2012.')
    assert ref.title == "ImageNet classification with deep convolutional neural networks"
    assert ref.year == 2012 and ref.arxiv_id is None


def test_matching_by_arxiv_id_doi_and_title(conn):
    resnet = upsert_paper(conn, Paper(title="Deep Residual Learning for Image Recognition", arxiv_id="1512.03385"))
    science = upsert_paper(conn, Paper(title="Something else entirely", doi="10.1126/science.1127647"))
    by_id = Reference(raw="He et al. arXiv:1512.03385", arxiv_id="1512.03385")
    by_doi = Reference(raw="x", doi="10.1126/SCIENCE.1127647")
    by_title = Reference(raw="K. He et al. Deep residual learning for image recognition. In CVPR, 2016.",
                         title="Deep residual learning for image recogniton")  # a typo: fuzzy
    assert match_reference(conn, by_id) == resnet.paper.id
    assert match_reference(conn, by_doi) == science.paper.id
    assert match_reference(conn, by_title) == resnet.paper.id
    assert match_reference(conn, Reference(raw="Unrelated work on graphs.", title="Unrelated work on graphs")) is None


def test_store_references_keeps_queued_marks(conn):
    paper = upsert_paper(conn, Paper(title="Citing paper")).paper
    refs = [Reference(raw="A. Author. First cited paper. 2019."), Reference(raw="B. Author. Second. 2020.")]
    store_references(conn, paper.id, refs)
    conn.execute("UPDATE paper_refs SET queued = 1 WHERE paper_id = ? AND position = 1", (paper.id,))
    store_references(conn, paper.id, refs)
    assert [r.queued for r in references_for(conn, paper.id)] == [False, True]


def test_load_document_parses_once_and_marks_references_in_the_library(conn):
    """Pass 1 on ResNet: VGG, GoogLeNet and others from the seeded classics are marked as in the library."""
    pdf = REAL_PDFS / "zhangbububu_1512.03385.pdf"
    if not pdf.exists():
        pytest.skip("real fixtures not found")
    paper = upsert_paper(conn, Paper(title="Deep Residual Learning for Image Recognition", arxiv_id="1512.03385"))
    set_pdf(conn, paper.paper.id, str(pdf), "unused")
    doc = load_document(conn, paper.paper.id)
    assert doc.title == "Deep Residual Learning for Image Recognition"
    matched = [r for r in doc.references if r.matched_paper_id]
    titles = {conn.execute("SELECT title FROM papers WHERE id = ?", (r.matched_paper_id,)).fetchone()[0]
              for r in matched}
    assert any("Very Deep Convolutional" in t for t in titles)
    assert any("Going Deeper" in t for t in titles)
    assert paper.paper.id not in {r.matched_paper_id for r in matched}
    assert conn.execute("SELECT count(*) FROM parsed_documents").fetchone()[0] == 1
    # the second open reads the cache (same document, references from the store)
    again = load_document(conn, paper.paper.id)
    assert again.sections == doc.sections and len(again.references) == len(doc.references)
    assert conn.execute("SELECT count(*) FROM parsed_documents").fetchone()[0] == 1


def test_opening_a_paper_that_kept_a_lost_queued_reference_does_not_store_its_references_again(
        conn, make_pdf, monkeypatch):
    """A queued reference an earlier parse had and this one lost is kept after the others; the stored
    list is then longer than the parse, which must not read as 'stored from another parse' on every open."""
    from conftest import Piece, filler_lines

    from paperpass.library import documents
    from paperpass.store.refs import set_reference_queued

    pdf = make_pdf([Piece(72, 90, "A Short Paper On Queues", 16, bold=True), *filler_lines(72, 130, 8),
                    Piece(72, 250, "References", 11, bold=True),
                    Piece(72, 270, "[1] A. Alpha. Sparse codes for everyone. In ACL, 2020."),
                    Piece(72, 284, "[2] B. Beta. Dense retrieval at scale. In KDD, 2019.")])
    paper_id = upsert_paper(conn, Paper(title="A Short Paper On Queues")).paper.id
    set_pdf(conn, paper_id, str(pdf), "unused")
    parsed = load_document(conn, paper_id).references
    assert len(parsed) == 2
    # an earlier parse had a third entry, which the reader queued; this parse no longer has it
    store_references(conn, paper_id, [*parsed, Reference(raw="[3] C. Gamma. Lost in a re-parse. 2018.")])
    set_reference_queued(conn, paper_id, 2, True)
    store_references(conn, paper_id, parsed)
    assert [r.queued for r in references_for(conn, paper_id)] == [False, False, True]

    calls = []
    real = documents.store_references
    monkeypatch.setattr(documents, "store_references", lambda *a, **k: calls.append(a) or real(*a, **k))
    again = load_document(conn, paper_id)
    assert calls == []
    assert [r.raw for r in again.references][-1] == "[3] C. Gamma. Lost in a re-parse. 2018."
