"""A feed item linking to arXiv is stored from its own words when the API is down, and completed later."""

from __future__ import annotations

import json

from click.testing import CliRunner
from ingest_recorded import RecordedAPI, entries_of, recorded
from werkzeug.wrappers import Response

from paperpass.cli import cli
from paperpass.config import Settings, save_settings
from paperpass.ingest import ingest_feed
from paperpass.store.papers import count_papers, is_pending, list_papers, resolve_paper

BLOG = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Curated papers</title><link>https://list.example.org/</link>
<item><title>Distilling diffusion LLMs across architectures</title><link>https://list.example.org/1</link>
  <pubDate>Tue, 28 Apr 2026 09:00:00 GMT</pubDate>
  <description>&lt;p&gt;A neat trick: &lt;a href="https://arxiv.org/abs/2604.26951"&gt;paper&lt;/a&gt;.&lt;/p&gt;</description></item>
<item><title>Two papers this week</title><link>https://list.example.org/2</link>
  <description>See arXiv:2604.26932 and https://arxiv.org/pdf/2604.26942v1 .</description></item>
<item><title>A journal paper</title><link>https://journal.example.org/a</link>
  <description>Not on arXiv: &lt;a href="https://journal.example.org/a.pdf"&gt;PDF&lt;/a&gt;</description></item>
</channel></rss>"""


class Switchable:
    """The arXiv API on loopback: 503 while down, the recorded page once up."""

    def __init__(self) -> None:
        self.up = False
        self.api = RecordedAPI(entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml")))
        self.calls = 0

    def __call__(self, request):
        self.calls += 1
        if not self.up:
            return Response("unavailable", 503)
        return self.api(request)


def _setup(httpserver, monkeypatch):
    api = Switchable()
    httpserver.expect_request("/api/query").respond_with_handler(api)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))

    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(BLOG, 200, content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/blog.xml").respond_with_handler(feed)
    return api, httpserver.url_for("/blog.xml")


def test_down_then_up_completes_in_place(conn, httpserver, monkeypatch, waits):
    api, url = _setup(httpserver, monkeypatch)
    first = ingest_feed(conn, url)
    assert first.added == 4  # three arXiv papers from the items' words, one journal paper
    assert any("stored 3 linked papers" in reason for _, reason in first.notes) and not first.failed
    tide = resolve_paper(conn, "2604.26951")
    assert tide.title == "Distilling diffusion LLMs across architectures" and tide.abstract == "A neat trick: paper."
    assert tide.published.startswith("2026-04-28") and is_pending(conn, tide.id)
    # an item naming two papers does not give either of them its title
    assert resolve_paper(conn, "2604.26932").title == "arXiv:2604.26932"
    before = count_papers(conn)

    api.up = True
    second = ingest_feed(conn, url)  # the feed answers 304; the pending papers are completed anyway
    assert second.updated == 3 and second.added == 0 and second.failed == []
    assert count_papers(conn) == before
    done = resolve_paper(conn, "2604.26951")
    assert done.id == tide.id and not is_pending(conn, done.id)
    assert done.title.startswith("Turning the TIDE") and done.authors[:1] == ["Gongbo Zhang"]
    assert done.source == "feed" and done.source_url == "https://list.example.org/1"
    assert resolve_paper(conn, "2604.26932").title != "arXiv:2604.26932"
    third = ingest_feed(conn, url)
    assert (third.added, third.updated) == (0, 0)


def test_configured_ingest_completes_pending_papers_first(conn, isolated_home, httpserver, monkeypatch, waits):
    api, url = _setup(httpserver, monkeypatch)
    ingest_feed(conn, url)
    api.up = True
    save_settings(Settings(feeds=[url], arxiv_delay_seconds=0.0), isolated_home / "config.toml")
    result = CliRunner().invoke(cli, ["ingest", "--json"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data[0]["source"] == "papers awaiting arXiv metadata" and data[0]["updated"] == 3
    titles = {p.arxiv_id: p.title for p in list_papers(conn) if p.arxiv_id}
    assert not any(t.startswith("arXiv:") for t in titles.values())


def test_skipped_entries_and_source_notes_are_counted_apart(isolated_home, httpserver, monkeypatch, waits):
    """arXiv out of reach is a note (no entry lost), not one more skipped entry beside the broken ones."""
    from paperpass.cli_output import summary_text
    from paperpass.tui.widgets.ingest_now import summary_text as dialog_text

    broken = BLOG.replace("</channel>", "<item><description>no title, no link</description></item>"
                                        "<item><title>A post</title><link>https://list.example.org/p</link></item>"
                                        "</channel>")
    api = Switchable()
    httpserver.expect_request("/api/query").respond_with_handler(api)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    httpserver.expect_request("/broken.xml").respond_with_data(broken, content_type="application/rss+xml")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/broken.xml"), "--json"],
                                catch_exceptions=False)
    data = json.loads(result.output)
    assert data["added"] == 4 and len(data["failed"]) == 2
    assert [n["what"] for n in data["notes"]] == ["arXiv metadata"]
    from paperpass.models import IngestSummary

    summary = IngestSummary(source="feed", seen=5, added=4, failed=[(f["what"], f["reason"]) for f in data["failed"]],
                            notes=[(n["what"], n["reason"]) for n in data["notes"]])
    text = summary_text(summary)
    assert ", 2 failed" in text and text.count("  failed: ") == 2 and text.count("  note: arXiv metadata") == 1
    shown = dialog_text([summary]).plain
    assert "4 new papers from 1 source, 2 skipped" in shown and "note: arXiv metadata" in shown


def test_one_linked_paper_is_counted_in_the_singular(conn, httpserver, monkeypatch, waits):
    api = Switchable()
    httpserver.expect_request("/api/query").respond_with_handler(api)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    one = BLOG.split("<item>")[0] + "<item>" + BLOG.split("<item>")[1].split("</item>")[0] + "</item></channel></rss>"
    httpserver.expect_request("/one.xml").respond_with_data(one, content_type="application/rss+xml")
    first = ingest_feed(conn, httpserver.url_for("/one.xml"))
    assert [reason.split("; ")[-1][:34] for _, reason in first.notes] == ["stored 1 linked paper from the fee"]
    again = ingest_feed(conn, httpserver.url_for("/one.xml"))
    assert "1 paper awaiting arXiv metadata" in [what for what, _ in again.notes]


def test_arxiv_found_out_of_reach_is_not_asked_again_in_the_same_ingest(conn, isolated_home, httpserver, monkeypatch,
                                                                       waits):
    """With papers already pending and the API down, one ingest asks it once (for the pending papers), not
    once more for the feed's linked papers; `paperpass ingest` asks once for all its feeds."""
    api, url = _setup(httpserver, monkeypatch)
    ingest_feed(conn, url)  # the API down: three papers stored from the feed's words, pending
    one_attempt = api.calls
    assert one_attempt > 0
    other = BLOG.replace("2604.26951", "2604.26922").replace("/1<", "/1b<")
    httpserver.expect_request("/other.xml").respond_with_data(other, content_type="application/rss+xml")
    before = api.calls
    summary = ingest_feed(conn, httpserver.url_for("/other.xml"))
    assert api.calls - before == one_attempt
    assert [what for what, _ in summary.notes] == ["3 papers awaiting arXiv metadata", "arXiv metadata"]
    assert is_pending(conn, resolve_paper(conn, "2604.26922").id)
    save_settings(Settings(arxiv_delay_seconds=0.0, feeds=[url, httpserver.url_for("/other.xml")]),
                  isolated_home / "config.toml")
    before = api.calls
    CliRunner().invoke(cli, ["ingest", "--json"], catch_exceptions=False)
    assert api.calls - before == one_attempt


def test_an_items_title_in_html_is_stored_as_text_while_the_api_is_down(conn, httpserver, monkeypatch, waits):
    """A blog item's title written in HTML ('<i>Attention</i> ... &amp;amp;'): the paper stored from the item's
    own words while the arXiv API is down is titled in plain text, as a journal item's paper is."""
    api = Switchable()
    httpserver.expect_request("/api/query").respond_with_handler(api)
    monkeypatch.setenv("PAPERPASS_ARXIV_API", httpserver.url_for("/api/query"))
    feed = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title><link>https://blog.example/</link>'
            "<item><title>&lt;i&gt;Attention&lt;/i&gt; is all you need &amp;amp; more</title>"
            "<link>https://arxiv.org/abs/1706.03762v5</link><description>&lt;p&gt;The &lt;b&gt;Transformer&lt;/b&gt;"
            " paper.&lt;/p&gt;</description></item></channel></rss>")
    httpserver.expect_request("/blog.xml").respond_with_data(feed, content_type="application/rss+xml")
    assert ingest_feed(conn, httpserver.url_for("/blog.xml")).added == 1
    paper = resolve_paper(conn, "1706.03762")
    assert is_pending(conn, paper.stored_id)
    assert (paper.title, paper.abstract) == ("Attention is all you need & more", "The Transformer paper.")
