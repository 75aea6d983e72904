"""Queuing a reference with an arXiv id fetches the paper's metadata (loopback arXiv API, recorded response)."""

from __future__ import annotations

import pytest
from ingest_recorded import RecordedAPI, entries_of, recorded

from paperpass.errors import InvalidInput
from paperpass.library.views import queue_reference, reading_queue
from paperpass.models import Paper, Reference
from paperpass.store.documents import store_references
from paperpass.store.papers import get_paper, upsert_paper


def test_queued_reference_with_an_arxiv_id_is_added_with_fetched_metadata(conn, httpserver, monkeypatch, waits):
    handler = RecordedAPI(entries_of(recorded("arxivpy_api_idlist_astro-ph_0601001.xml")))
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    citing = upsert_paper(conn, Paper(title="Citing paper")).paper
    store_references(conn, citing.id, [Reference(raw="[1] Gould et al. arXiv:astro-ph/0601001",
                                                 arxiv_id="astro-ph/0601001")])
    entry = queue_reference(conn, citing.id, 0)
    added = get_paper(conn, entry.id)
    assert added.arxiv_id == "astro-ph/0601001" and added.title.startswith("Frequency of Hot Jupiters")
    assert added.authors and added.source == "reference"
    assert handler.queries[-1]["id_list"].startswith("astro-ph/0601001")
    assert [e.id for e in reading_queue(conn)] == [added.id]


def test_queued_reference_offline_keeps_the_reference_data(conn, monkeypatch, waits):
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api/query")  # nothing listens there
    citing = upsert_paper(conn, Paper(title="Citing paper")).paper
    store_references(conn, citing.id, [Reference(raw="[1] A. B. A paper. arXiv:2101.00001", title="A paper",
                                                 arxiv_id="2101.00001")])
    entry = queue_reference(conn, citing.id, 0)
    assert get_paper(conn, entry.id).arxiv_id == "2101.00001" and entry.title == "A paper"


def test_a_reference_to_the_paper_itself_is_not_queued(conn, monkeypatch, waits):
    """A paper citing its own earlier version or extended version (same arXiv id, or same DOI): queuing
    that reference is one clear line, and neither the queue nor the paper changes."""
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api/query")
    paper = upsert_paper(conn, Paper(title="Sparse Message Passing", arxiv_id="2604.26922", arxiv_version=2,
                                     doi="10.5555/smp.1")).paper
    store_references(conn, paper.id, [
        Reference(raw="[1] Ourselves. Sparse message passing (v1). arXiv:2604.26922v1", title="Sparse message "
                  "passing (v1)", arxiv_id="2604.26922"),
        Reference(raw="[2] Ourselves. Journal version. doi:10.5555/SMP.1", title="Journal version",
                  doi="10.5555/smp.1")])
    before = get_paper(conn, paper.id)
    for position in (0, 1):
        with pytest.raises(InvalidInput, match=f"reference {position + 1} of paper {paper.id} is the paper "
                                               "itself"):
            queue_reference(conn, paper.id, position)
    assert reading_queue(conn) == [] and get_paper(conn, paper.id) == before
