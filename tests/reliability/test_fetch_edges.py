"""Safety at the network edge: only http(s), bounded redirects, capped sizes, each a clear one-line error."""

from __future__ import annotations

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
