"""With the real all-MiniLM-L6-v2 and real arXiv abstracts: meaning search and learned triage work."""

import pytest

from paperpass.index.rank import rank_for_triage
from paperpass.index.search import search
from paperpass.models import Paper
from paperpass.store.papers import set_decision, upsert_paper
from paperpass.store.reading import add_note

pytestmark = pytest.mark.slow


def _load(conn, rows):
    ids = []
    for n, (title, abstract, terms) in enumerate(rows):
        p = upsert_paper(conn, Paper(title=title, abstract=abstract, categories=terms, published="2024-05-01",
                                     arxiv_id=f"2405.{n:05d}")).paper
        ids.append((p.id, terms))
    return ids


def test_search_by_meaning_finds_a_paraphrase(conn, abstracts, use_real_model):
    rows = abstracts(150)
    _load(conn, rows)
    title, _abstract, _ = rows[0]  # an image-captioning paper
    hits = search(conn, "generating natural language descriptions of pictures", scope="papers", limit=5)
    assert title in [h.title for h in hits]


def test_note_search_by_meaning(conn, abstracts, use_real_model):
    ids = _load(conn, abstracts(40))
    add_note(conn, ids[3][0], 3, "The proof bounds the variance of the gradient estimator with a control variate.")
    hits = search(conn, "how they reduce noise in stochastic gradients", scope="notes")
    assert hits and hits[0].paper_id == ids[3][0] and hits[0].pass_no == 3


def test_triage_learns_a_category(conn, abstracts, use_real_model):
    rows = abstracts(300)
    ids = _load(conn, rows)
    vision = [pid for pid, terms in ids if terms and terms[0] == "cs.CV"]
    other = [pid for pid, terms in ids if "cs.CV" not in terms]
    if len(vision) < 30 or len(other) < 20:
        pytest.skip("sample has too few vision papers")
    for pid in vision[:15]:
        set_decision(conn, pid, "keep")
    for pid in other[:15]:
        set_decision(conn, pid, "skip")
    top = rank_for_triage(conn, days=7, limit=10)
    cats = {pid: terms for pid, terms in ids}
    assert sum("cs.CV" in cats[r.paper.id] for r in top) >= 7
    assert any(reason.startswith("similar to") for r in top for reason in r.reasons)
