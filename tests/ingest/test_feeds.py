"""Feed ingest (arXiv RSS, Hugging Face daily papers, blogs) against a loopback server."""

from __future__ import annotations

import pytest
from ingest_recorded import recorded, rss_feed
from werkzeug.wrappers import Response

from paperpass.errors import FetchError, InvalidInput
from paperpass.ingest import ingest_feed
from paperpass.store.papers import count_papers, resolve_paper

RSS = "application/rss+xml"


def serve(httpserver, path: str, body: bytes, content_type: str = RSS, **headers) -> str:
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type, headers=headers)
    return httpserver.url_for(path)


def test_arxiv_rss_listing(conn, httpserver, waits):
    url = serve(httpserver, "/rss/cs.LG", recorded("distill_rss_cs.LG_excerpt.xml"))
    summary = ingest_feed(conn, url)
    assert (summary.seen, summary.added, summary.failed) == (3, 3, [])
    paper = resolve_paper(conn, "2604.21952")
    assert paper.title.startswith("Focus Session: Hardware and Software Techniques")
    assert paper.arxiv_version == 1 and paper.abstract.startswith("This work presents a multi-layered")
    assert paper.authors[0] == "Muhammad Shafique" and len(paper.authors) == 6
    assert paper.categories[:2] == ["cs.LG", "cs.AI"] and paper.source == "feed"


def test_feed_from_a_file(conn, tmp_path):
    path = tmp_path / "listing.xml"
    path.write_bytes(recorded("distill_rss_cs.LG_excerpt.xml"))
    assert ingest_feed(conn, str(path)).added == 3


def test_api_atom_as_a_feed(conn, httpserver):
    url = serve(httpserver, "/atom", recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"), "application/atom+xml")
    summary = ingest_feed(conn, url)
    assert summary.added == 20
    assert resolve_paper(conn, "2604.26951").authors[0] == "Gongbo Zhang"


def test_hugging_face_daily_papers_carry_upvotes(conn, httpserver):
    url = serve(httpserver, "/api/daily_papers", recorded("hf_daily_papers_first8.json"), "application/json")
    summary = ingest_feed(conn, url)
    assert summary.added == 8
    paper = resolve_paper(conn, "2606.11409")
    assert paper.popularity == 8 and paper.source == "hf-daily"
    assert paper.source_url == "https://huggingface.co/papers/2606.11409"
    assert paper.authors and paper.abstract


def test_conditional_get_makes_a_repoll_one_small_request(conn, httpserver):
    body = recorded("distill_rss_cs.LG_excerpt.xml")
    seen_headers = []

    def handler(request):
        seen_headers.append(dict(request.headers))
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(body, 200, content_type=RSS,
                        headers={"ETag": '"v1"', "Last-Modified": "Mon, 27 Apr 2026 04:00:01 GMT"})

    httpserver.expect_request("/rss").respond_with_handler(handler)
    url = httpserver.url_for("/rss")
    assert ingest_feed(conn, url).added == 3
    again = ingest_feed(conn, url)
    assert (again.seen, again.added, again.failed) == (0, 0, [])
    assert seen_headers[1]["If-None-Match"] == '"v1"'
    assert seen_headers[1]["If-Modified-Since"] == "Mon, 27 Apr 2026 04:00:01 GMT"


def test_duplicates_across_feeds_make_one_paper(conn, httpserver):
    rss = serve(httpserver, "/rss", recorded("distill_rss_cs.LG_excerpt.xml"))
    atom = serve(httpserver, "/atom", recorded("distill_rss_cs.LG_excerpt.xml").replace(b"cs.LG updates", b"mirror"))
    before = count_papers(conn)
    assert ingest_feed(conn, rss).added == 3
    second = ingest_feed(conn, atom)
    assert (second.added, second.unchanged) == (0, 3)
    assert count_papers(conn) == before + 3


def test_duplicate_entries_within_a_feed(conn, httpserver):
    body = recorded("distill_rss_cs.LG_excerpt.xml")
    head, sep, rest = body.partition(b"    <item>")
    item = sep + rest.partition(b"</item>")[0] + b"</item>\n"
    url = serve(httpserver, "/rss", head + item + item + sep + rest)
    summary = ingest_feed(conn, url)
    assert (summary.seen, summary.added, summary.unchanged) == (5, 3, 0)


def test_empty_feed_is_fine(conn, httpserver):
    body = recorded("distill_rss_cs.LG_excerpt.xml")
    head = body.partition(b"    <item>")[0]
    url = serve(httpserver, "/rss", head + b"</channel></rss>")
    summary = ingest_feed(conn, url)
    assert (summary.seen, summary.added, summary.failed) == (0, 0, [])


def test_zero_byte_feed(conn, httpserver):
    url = serve(httpserver, "/rss", b"")
    with pytest.raises(FetchError, match="empty"):
        ingest_feed(conn, url)


def test_truncated_feed_keeps_the_entries_before_the_cut(conn, httpserver):
    body = recorded("distill_rss_cs.LG_excerpt.xml")
    cut = body.index(b"<title>Conditional anomaly")
    summary = ingest_feed(conn, serve(httpserver, "/rss", body[:cut]))
    assert summary.added >= 2
    assert any("malformed or cut off" in reason for _, reason in summary.notes)


def test_malformed_xml_and_html_are_not_feeds(conn, httpserver):
    with pytest.raises(FetchError, match="malformed"):
        ingest_feed(conn, serve(httpserver, "/bad", b"<rss><channel><item><title>x</titl></rss"))
    with pytest.raises(FetchError, match="a web page, not a feed, and it names no feed"):
        ingest_feed(conn, serve(httpserver, "/html", b"<!doctype html><html><body>Oops</body></html>",
                                "text/html"))
    with pytest.raises(FetchError, match="not an RSS/Atom feed"):  # XML, but not a feed
        ingest_feed(conn, serve(httpserver, "/svg", b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>',
                                "image/svg+xml"))


def test_bad_json(conn, httpserver):
    with pytest.raises(FetchError, match="not valid JSON"):
        ingest_feed(conn, serve(httpserver, "/daily", b'[{"paper": ', "application/json"))


def test_entity_expansion_is_refused(conn, httpserver):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>'
            b"<rss version=\"2.0\"><channel><title>&b;</title></channel></rss>")
    with pytest.raises(FetchError, match="declares XML entities"):
        ingest_feed(conn, serve(httpserver, "/bomb", bomb))
    external = (b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                b'<rss version="2.0"><channel><title>&x;</title></channel></rss>')
    with pytest.raises(FetchError, match="declares XML entities"):
        ingest_feed(conn, serve(httpserver, "/ext", external))


def test_404_and_unreachable(conn, httpserver, waits):
    httpserver.expect_request("/gone").respond_with_data("nope", status=404)
    with pytest.raises(FetchError, match="not found"):
        ingest_feed(conn, httpserver.url_for("/gone"))
    with pytest.raises(FetchError, match="cannot connect"):
        ingest_feed(conn, "http://127.0.0.1:9/rss")


def test_503_with_retry_after_then_success(conn, httpserver, waits):
    httpserver.expect_ordered_request("/rss").respond_with_response(
        Response("busy", 503, headers={"Retry-After": "5"}))
    httpserver.expect_ordered_request("/rss").respond_with_data(recorded("distill_rss_cs.LG_excerpt.xml"),
                                                                content_type=RSS)
    assert ingest_feed(conn, httpserver.url_for("/rss")).added == 3
    assert waits == [5.0]


def test_non_http_sources_are_refused(conn):
    for source in ("javascript:alert(1)", "ftp://example.org/feed.xml", "data:text/xml,<rss/>"):
        with pytest.raises(InvalidInput):
            ingest_feed(conn, source)


BLOG = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>A research blog</title><link>https://blog.example.org/</link>
<item><title>Why TIDE matters</title><link>https://blog.example.org/tide</link>
  <description>&lt;p&gt;Read &lt;a href="https://arxiv.org/abs/2604.26951v1"&gt;the paper&lt;/a&gt;.&lt;/p&gt;</description></item>
<item><title>A file link</title><link>file:///etc/passwd</link>
  <description>&lt;a href="file:///home/user/.ssh/id_rsa"&gt;secret&lt;/a&gt;</description></item>
<item><title>A script link</title><link>javascript:fetch('https://arxiv.org/abs/2604.26948')</link>
  <description>&lt;a href="javascript:window.open('https://arxiv.org/abs/2604.26948')"&gt;x&lt;/a&gt;</description></item>
<item><title>Mentions in text</title><link>https://blog.example.org/mention</link>
  <description>We liked arXiv:2604.26951 and arXiv:2604.26942v1 this week.</description></item>
<item><title>Paper of the day</title><link>https://huggingface.co/papers/2604.26932</link></item>
<item><title>Cooking</title><link>https://blog.example.org/cooking</link><description>No papers.</description></item>
</channel></rss>"""


def test_blog_feed_resolves_arxiv_links_and_never_follows_other_schemes(conn, httpserver, api):
    url = serve(httpserver, "/blog.xml", BLOG.encode())
    summary = ingest_feed(conn, url)
    assert summary.seen == 6 and summary.added == 3
    assert resolve_paper(conn, "2604.26932").source_url == "https://huggingface.co/papers/2604.26932"
    tide = resolve_paper(conn, "2604.26951")
    assert tide.title.startswith("Turning the TIDE")  # the paper's title from the API, not the post's
    assert tide.source == "feed" and tide.source_url == "https://blog.example.org/tide"
    assert resolve_paper(conn, "2604.26942")
    reasons = dict(summary.failed)
    assert reasons["A file link"] == reasons["A script link"] == "links to no paper (no arXiv link, DOI or PDF)"
    # only the API was asked: no request ever went to a file or script target
    assert all(q.get("id_list") for q in api.queries)
    from paperpass.errors import NotFound

    with pytest.raises(NotFound):
        resolve_paper(conn, "2604.26948")
    stored = [p.source_url for p in _all(conn)]
    assert not any(u and not u.startswith(("http://", "https://")) for u in stored)


def _all(conn):
    from paperpass.store.papers import list_papers

    return list_papers(conn)


def test_ten_thousand_entry_feed(conn, httpserver, listings):
    records = listings(10_000)
    assert len(records) >= 9_000
    url = serve(httpserver, "/big.xml", rss_feed(records))
    summary = ingest_feed(conn, url)
    assert summary.seen == len(records) and summary.added == len(records) and summary.failed == []
    assert ingest_feed(conn, url).added == 0


@pytest.mark.parametrize("name", ["distill_rss_cs.LG_excerpt.xml", "brevio_api_cat_cs.LG_OR_cs.AI_max20.xml",
                                  "sotawhat_api_transformer_cs.LG_max5.xml"])
def test_fast_reader_and_feedparser_agree(name):
    """Well-formed RSS/Atom goes through lxml for speed; it must read exactly what feedparser reads."""
    from paperpass.ingest.feeds import parse_items

    fast = parse_items(recorded(name), "", name)
    slow = parse_items(recorded(name), "", name, fast=False)
    assert fast.papers and fast.papers == slow.papers and fast.seen == slow.seen


def test_fast_reader_and_feedparser_agree_on_a_blog():
    from paperpass.ingest.feeds import parse_items

    fast, slow = (parse_items(BLOG.encode(), "", "blog", fast=f) for f in (True, False))
    assert fast.linked == slow.linked and fast.skipped == slow.skipped
