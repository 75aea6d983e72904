"""Paper dedupe: arXiv id across versions, then DOI, then normalised title."""

import pytest

from paperpass.errors import NotFound
from paperpass.models import Paper
from paperpass.store.papers import resolve_paper, set_decision, upsert_paper
from paperpass.store.reading import add_note, notes_for


def test_newer_version_updates_the_record_and_keeps_notes(conn):
    v1 = upsert_paper(conn, Paper(title="Old title", arxiv_id="2106.09685", arxiv_version=1, abstract="a")).paper
    add_note(conn, v1.id, 1, "my note")
    set_decision(conn, v1.id, "keep")
    result = upsert_paper(conn, Paper(title="LoRA: Low-Rank Adaptation", arxiv_id="2106.09685", arxiv_version=2))
    assert (result.created, result.updated) == (False, True)
    assert result.paper.id == v1.id and result.paper.arxiv_version == 2
    assert result.paper.title == "LoRA: Low-Rank Adaptation" and result.paper.abstract == "a"
    assert notes_for(conn, v1.id)[0].text == "my note"
    # an older version arriving later changes nothing
    assert not upsert_paper(conn, Paper(title="Old title", arxiv_id="2106.09685", arxiv_version=1)).updated


def test_dedupe_by_doi_then_title(conn):
    a = upsert_paper(conn, Paper(title="Some Paper", doi="10.1000/XYZ.1")).paper
    assert upsert_paper(conn, Paper(title="Some paper (preprint)", doi="https://doi.org/10.1000/xyz.1")).paper.id == a.id
    b = upsert_paper(conn, Paper(title="Dropout: A Simple Way to Prevent Neural Networks from Overfitting")).paper
    again = upsert_paper(conn, Paper(title="dropout -- a simple way to prevent neural networks from overfitting"))
    assert again.paper.id == b.id and not again.created
    other = upsert_paper(conn, Paper(title="Dropout: A Simple Way to Prevent Neural Networks from Overfitting",
                                     arxiv_id="1207.0580"))
    assert other.paper.id == b.id  # a stored paper without an arXiv id gains it


def test_resolve_by_id_and_any_arxiv_form(conn):
    p = upsert_paper(conn, Paper(title="ResNet-ish", arxiv_id="1512.03385")).paper
    for ref in (str(p.id), "1512.03385", "1512.03385v2", "arXiv:1512.03385", "https://arxiv.org/abs/1512.03385v1"):
        assert resolve_paper(conn, ref).id == p.id
    with pytest.raises(NotFound):
        resolve_paper(conn, "99999")
    with pytest.raises(NotFound):
        resolve_paper(conn, "not-an-id")
