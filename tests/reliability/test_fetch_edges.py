"""Safety at the network edge: only http(s), bounded redirects, capped sizes, each a clear one-line error."""

from __future__ import annotations

from pathlib import Path

import pytest
from werkzeug import Response

from paperpass.errors import FetchError, InvalidInput, PaperpassError
from paperpass.ingest import ingest_feed


@pytest.mark.parametrize("url", ["ftp://example.com/feed.xml", "gopher://127.0.0.1:70/", "javascript:alert(1)",
                                 "data:text/xml,<feed/>"])
def test_only_http_urls_or_files_are_read(conn, url):
    with pytest.raises(InvalidInput, match="not an http\\(s\\) URL or a file"):
        ingest_feed(conn, url)


def test_a_redirect_loop_ends_with_a_clear_error(conn, httpserver):
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": httpserver.url_for("/loop")}))
    with pytest.raises(PaperpassError) as caught:
        ingest_feed(conn, httpserver.url_for("/loop"))
    assert "\n" not in str(caught.value) and "loop" in str(caught.value)


def test_a_redirect_to_a_non_http_scheme_is_not_followed(conn, httpserver):
    httpserver.expect_request("/away").respond_with_response(
        Response(status=302, headers={"Location": "file:///etc/passwd"}))
    with pytest.raises(PaperpassError) as caught:
        ingest_feed(conn, httpserver.url_for("/away"))
    assert "root:" not in str(caught.value)
    assert conn.execute("SELECT count(*) FROM papers WHERE source != 'seed'").fetchone()[0] == 0


def test_an_endless_feed_is_cut_at_the_size_cap(conn, httpserver):
    from paperpass.ingest import feeds

    def endless():
        chunk = b"<!-- " + b"x" * 65_000 + b" -->"
        for _ in range(feeds.MAX_FEED_BYTES // len(chunk) + 50):
            yield chunk

    httpserver.expect_request("/big").respond_with_response(
        Response(endless(), headers={"Content-Type": "application/atom+xml"}, direct_passthrough=True))
    with pytest.raises(FetchError, match="larger than"):
        ingest_feed(conn, httpserver.url_for("/big"))


@pytest.mark.parametrize("arxiv_id", ["hep-th/9901001", "math.GT/0309136"])
def test_pdf_file_names_from_ids_stay_inside_the_pdf_folder(conn, isolated_home, httpserver, monkeypatch, arxiv_id):
    from paperpass.ingest import download_paper_pdf
    from paperpass.models import Paper
    from paperpass.store.papers import upsert_paper

    body = b"%PDF-1.4\n" + b"0" * 2048 + b"\n%%EOF\n"
    httpserver.expect_request(f"/pdf/{arxiv_id}v1").respond_with_data(body, content_type="application/pdf")
    monkeypatch.setenv("PAPERPASS_ARXIV_PDF", httpserver.url_for("/pdf"))
    (isolated_home / "config.toml").write_text("arxiv_delay_seconds = 0.0\n", encoding="utf-8")
    paper = upsert_paper(conn, Paper(title="Old-style id", arxiv_id=arxiv_id, arxiv_version=1)).paper
    stored = download_paper_pdf(conn, paper)
    path = Path(stored.pdf_path).resolve()
    assert path.parent == (isolated_home / "pdfs").resolve() and "/" not in path.name
    assert path.read_bytes() == body
