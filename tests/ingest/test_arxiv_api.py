"""arXiv API ingest against a loopback server serving recorded responses."""

from __future__ import annotations

from datetime import UTC

import pytest
from ingest_recorded import RecordedAPI, entries_of, recorded, render_entry
from werkzeug.wrappers import Response

from paperpass.errors import FetchError, InvalidInput
from paperpass.ingest import add_paper, ingest_arxiv
from paperpass.ingest.arxiv_api import build_query
from paperpass.store.papers import count_papers, resolve_paper, set_decision
from paperpass.store.reading import add_note, notes_for


def test_ingest_stores_every_entry_with_its_metadata(conn, api):
    summary = ingest_arxiv(conn, categories=["cs.LG", "cs.AI"], days=7)
    assert (summary.seen, summary.added, summary.failed) == (20, 20, [])
    paper = resolve_paper(conn, "2604.26951")
    assert paper.title == "Turning the TIDE: Cross-Architecture Distillation for Diffusion Large Language Models"
    assert paper.arxiv_version == 1 and paper.authors[:2] == ["Gongbo Zhang", "Wen Wang"]
    assert paper.categories[0] == "cs.CL" and "cs.LG" in paper.categories  # primary first
    assert paper.abstract.startswith("Diffusion large language models (dLLMs)")
    assert paper.comment.startswith("15 pages") and paper.source == "arxiv"
    query = api.queries[0]
    assert query["search_query"].startswith("(cat:cs.LG OR cat:cs.AI) AND submittedDate:[")
    assert query["sortBy"] == "submittedDate" and query["sortOrder"] == "descending"


def test_arxiv_papers_are_preprints_unless_they_name_where_they_were_published(conn, api):
    ingest_arxiv(conn, categories=["cs.LG", "cs.AI"], days=7)
    assert resolve_paper(conn, "2604.26951").kind == "preprint"
    # a journal reference (here a Springer book series) says it was published, not as what: unknown
    published = resolve_paper(conn, "2604.26888")
    assert published.kind is None and published.venue.startswith("In: Bäck, T. et al. (eds.)")
    assert resolve_paper(conn, "2604.26851").kind is None  # the published version's DOI alone: the same


def test_reingest_adds_nothing(conn, api):
    ingest_arxiv(conn, categories=["cs.LG"])
    before = count_papers(conn)
    again = ingest_arxiv(conn, categories=["cs.LG"])
    assert (again.added, again.updated, again.unchanged) == (0, 0, 20)
    assert count_papers(conn) == before


def test_paging_follows_start_and_respects_max(conn, api, monkeypatch):
    monkeypatch.setattr("paperpass.ingest.arxiv_api.PAGE_SIZE", 6)
    summary = ingest_arxiv(conn, categories=["cs.LG"], max_results=15)
    assert summary.added == 15
    assert [q["start"] for q in api.queries] == ["0", "6", "12"]


def test_newer_version_updates_record_and_keeps_notes_and_decision(conn, httpserver, monkeypatch, waits):
    entries = entries_of(recorded("sotawhat_api_transformer_cs.LG_max5.xml"))
    handler = RecordedAPI(entries)
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    ingest_arxiv(conn, categories=["cs.LG"])
    paper = resolve_paper(conn, "2606.13677")
    add_note(conn, paper.id, 1, "pass one thoughts")
    set_decision(conn, paper.id, "keep")
    handler.entries[0] = (entries[0].replace("2606.13677v1", "2606.13677v2")
                          .replace("Mana: Dexterous", "Mana v2: Dexterous"))
    summary = ingest_arxiv(conn, categories=["cs.LG"])
    assert (summary.added, summary.updated) == (0, 1)
    updated = resolve_paper(conn, "2606.13677")
    assert updated.id == paper.id and updated.arxiv_version == 2 and updated.title.startswith("Mana v2")
    assert notes_for(conn, paper.id)[0].text == "pass one thoughts"
    from paperpass.store.papers import get_decision

    assert get_decision(conn, paper.id) == "keep"


def test_retry_after_on_429_and_503_is_honoured(conn, httpserver, monkeypatch, waits):
    httpserver.expect_ordered_request("/api/query").respond_with_response(
        Response("slow down", 429, headers={"Retry-After": "7"}))
    httpserver.expect_ordered_request("/api/query").respond_with_response(
        Response("busy", 503, headers={"Retry-After": "2"}))
    httpserver.expect_ordered_request("/api/query").respond_with_handler(
        RecordedAPI(entries_of(recorded("sotawhat_api_transformer_cs.LG_max5.xml"))))
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    summary = ingest_arxiv(conn, categories=["cs.LG"])
    assert summary.added == 5
    assert waits == [7.0, 2.0]


def test_backoff_on_5xx_then_a_clear_failure(conn, httpserver, monkeypatch, waits):
    httpserver.expect_request("/api/query").respond_with_data("oops", status=502)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError, match=r"arXiv API: HTTP 502 .*after 4 tries"):
        ingest_arxiv(conn, categories=["cs.LG"])
    assert waits == [2.0, 4.0, 8.0]  # doubling backoff


def test_retry_after_too_long_gives_up_with_a_sentence(conn, httpserver, monkeypatch, waits):
    httpserver.expect_request("/api/query").respond_with_response(
        Response("later", 429, headers={"Retry-After": "3600"}))
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError, match="retry after 3600 s"):
        ingest_arxiv(conn, categories=["cs.LG"])
    assert waits == []


def test_failure_on_a_later_page_keeps_earlier_pages(conn, httpserver, monkeypatch, waits):
    entries = entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))
    good = RecordedAPI(entries)

    def handler(request):
        if request.args.get("start") != "0":
            return Response("<html>Internal error</html>", 500)
        return good(request)

    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    monkeypatch.setattr("paperpass.ingest.arxiv_api.PAGE_SIZE", 10)
    summary = ingest_arxiv(conn, categories=["cs.LG"])
    assert summary.added == 10
    assert len(summary.failed) == 1 and "HTTP 500" in summary.failed[0][1]


def test_truncated_api_response_is_retried_then_reported(conn, httpserver, monkeypatch, waits):
    body = recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml")
    httpserver.expect_request("/api/query").respond_with_data(body[: len(body) // 2],
                                                              content_type="application/atom+xml")
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError, match="cut off"):
        ingest_arxiv(conn, categories=["cs.LG"])
    assert count_papers(conn) == 12  # the seeded classics only


def test_malformed_api_response(conn, httpserver, monkeypatch, waits):
    httpserver.expect_request("/api/query").respond_with_data(b"<feed><entry><id>x</feed>",
                                                              content_type="application/atom+xml")
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError):
        ingest_arxiv(conn, categories=["cs.LG"])


def test_api_error_entry_is_reported_in_words(conn, httpserver, monkeypatch, waits):
    httpserver.expect_request("/api/query").respond_with_data(
        recorded("arxivpy_api_idlist_abc_http400_error.xml"), status=400, content_type="application/atom+xml")
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    with pytest.raises(FetchError, match="incorrect id format for abc"):
        ingest_arxiv(conn, query="abc")


def test_no_results_is_an_empty_summary(conn, httpserver, monkeypatch, waits):
    httpserver.expect_request("/api/query").respond_with_data(
        recorded("arxivpy_api_idlist_0000.0000_no_results.xml"), content_type="application/atom+xml")
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    summary = ingest_arxiv(conn, categories=["cs.LG"])
    assert (summary.seen, summary.added, summary.failed) == (0, 0, [])


def test_unreachable_api(conn, monkeypatch, waits):
    monkeypatch.setenv("PAPERPASS_ARXIV_API", "http://127.0.0.1:9/api/query")
    with pytest.raises(FetchError, match="cannot connect"):
        ingest_arxiv(conn, categories=["cs.LG"])


def test_query_building_and_bad_arguments():
    from datetime import datetime

    now = datetime(2026, 5, 8, 12, 0, tzinfo=UTC)
    assert build_query(["cs.LG"], "all:diffusion", 7, now) == (
        "cat:cs.LG AND (all:diffusion) AND submittedDate:[202605011200 TO 202605081200]")
    assert build_query([], "ti:transformer", None) == "ti:transformer"
    with pytest.raises(InvalidInput):
        build_query([], None, 7)
    with pytest.raises(InvalidInput):
        build_query(["cs.LG) OR (x"], None, 7)


@pytest.mark.parametrize("target", ["astro-ph/0601001", "astro-ph/0601001v1", "arXiv:astro-ph/0601001",
                                    "https://arxiv.org/abs/astro-ph/0601001v1",
                                    "https://arxiv.org/pdf/astro-ph/0601001.pdf"])
def test_add_by_any_id_form(conn, httpserver, monkeypatch, waits, target):
    handler = RecordedAPI(entries_of(recorded("arxivpy_api_idlist_astro-ph_0601001.xml")))
    httpserver.expect_request("/api/query").respond_with_handler(handler)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    paper = add_paper(conn, target)
    assert paper.arxiv_id == "astro-ph/0601001" and paper.title.startswith("Frequency of Hot Jupiters")
    assert handler.queries[-1]["id_list"].startswith("astro-ph/0601001")
    assert add_paper(conn, target).id == paper.id


def test_add_new_style_ids(conn, api):
    for target in ("2604.26951", "2604.26951v1", "arXiv:2604.26951", "https://arxiv.org/abs/2604.26951v1"):
        assert add_paper(conn, target).arxiv_id == "2604.26951"
    assert count_papers(conn) == 13


def test_add_unknown_id_and_garbage(conn, api):
    from paperpass.errors import NotFound

    with pytest.raises(NotFound, match=r"arXiv has no paper 9999\.99999"):
        add_paper(conn, "9999.99999")
    with pytest.raises(InvalidInput):
        add_paper(conn, "not a paper")
    with pytest.raises(InvalidInput, match="no such file"):
        add_paper(conn, "/nonexistent/paper.pdf")


def test_rendered_listing_entries_round_trip(conn, httpserver, monkeypatch, waits, listings):
    records = listings(30)
    httpserver.expect_request("/api/query").respond_with_handler(RecordedAPI([render_entry(r) for r in records]))
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    summary = ingest_arxiv(conn, categories=["cs.CV"], max_results=30)
    assert summary.added == 30
    stored = resolve_paper(conn, records[0]["id"])
    assert stored.title == " ".join(records[0]["title"].split()) and stored.authors == records[0]["authors"]


def test_politeness_spans_sources(monkeypatch):
    """Two clients in one process share the schedule: the second call waits out the delay."""
    from paperpass.ingest.http import Pacer

    waited: list[float] = []
    monkeypatch.setattr("paperpass.ingest.http.sleep", waited.append)
    monkeypatch.setattr(Pacer, "_shared", {})
    Pacer.shared(3.0).wait("https://export.arxiv.org/api/query?a")
    Pacer.shared(3.0).wait("https://export.arxiv.org/api/query?b")
    Pacer.shared(3.0).wait("https://arxiv.org/pdf/1")  # another host has its own spacing
    assert len(waited) == 1 and 2.5 < waited[0] <= 3.0
