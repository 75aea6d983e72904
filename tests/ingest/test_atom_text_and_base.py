"""Atom as blogs and lab pages write it: xhtml titles and content (markup inside a <div>), and links
relative to an xml:base that is not the feed's own URL. Both readers must give the same papers."""

from __future__ import annotations

import json

from click.testing import CliRunner
from feed_writers import paper_pdf

from paperpass.cli import cli
from paperpass.ingest.feeds import parse_items
from paperpass.library import Library


def _atom(site: str) -> bytes:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{site}/lab/">
  <title>A lab's papers</title><id>urn:lab</id><updated>2026-11-30T10:00:00Z</updated>
  <entry>
    <title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Learning <i>fast</i> &amp; slow:
      <b>Sparse</b> Mixtures</div></title>
    <id>urn:lab:1</id><updated>2026-11-29T10:00:00Z</updated>
    <author><name>Ada Lovelace</name></author>
    <link rel="alternate" href="papers/sparse.pdf" type="application/pdf"/>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>We study <em>sparse</em> mixtures
      &amp; their routing.</p></div></content>
  </entry>
  <entry xml:base="posts/">
    <title>Diffusion models &amp; their discontents</title>
    <id>urn:lab:2</id><updated>2026-11-27T10:00:00Z</updated>
    <author><name>Chen Wei</name></author>
    <link rel="alternate" href="diffusion.html"/>
    <link rel="enclosure" href="../pdfs/diffusion.pdf" type="application/pdf" length="1"/>
    <summary type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">Why <em>score</em> matching fails.</div></summary>
  </entry>
</feed>""".encode()


def test_xhtml_titles_and_xml_base_links_both_readers_alike():
    site = "https://lab.example.net"
    for fast in (True, False):
        items = parse_items(_atom(site), "application/atom+xml", "https://feeds.example.com/lab.atom", fast=fast)
        assert items.skipped == [], fast
        assert [(p.title, p.abstract, p.pdf_url) for p in items.papers] == [
            ("Learning fast & slow: Sparse Mixtures", "We study sparse mixtures & their routing.",
             f"{site}/lab/papers/sparse.pdf"),
            ("Diffusion models & their discontents", "Why score matching fails.", f"{site}/lab/pdfs/diffusion.pdf"),
        ], fast


def test_an_xhtml_atom_feed_over_http_keeps_every_paper_and_fetches_from_its_base(httpserver, isolated_home,
                                                                                    waits):
    site = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feeds/lab.atom").respond_with_data(_atom(site), content_type="application/atom+xml")
    for path in ("/lab/papers/sparse.pdf", "/lab/pdfs/diffusion.pdf"):
        httpserver.expect_request(path).respond_with_data(paper_pdf("A Paper"), content_type="application/pdf")
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{site}/feeds/lab.atom", "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["pdfs"], summary["failed"]) == (2, 2, []), summary
    with Library.open(isolated_home) as library:
        stored = {p.title: p for p in library.papers() if p.source == "feed"}
    assert set(stored) == {"Learning fast & slow: Sparse Mixtures", "Diffusion models & their discontents"}
    assert stored["Diffusion models & their discontents"].source_url == f"{site}/lab/posts/diffusion.html"
    assert all(p.pdf_path for p in stored.values())


def test_an_atom_entry_naming_its_authors_in_dublin_core_keeps_them_in_both_readers():
    """Atom entries whose authors are dc:creator elements (no atom:author), as repository and journal
    feeds written by RSS-minded tools give them."""
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">
<title>Repository</title><id>urn:repo</id>
<entry><title>Sparse Probes of Lakes</title><id>urn:repo:1</id><link rel="enclosure" type="application/pdf"
 href="https://repo.example.org/1.pdf"/><dc:creator>Zofia Nowak</dc:creator><dc:creator>Bo Chen</dc:creator></entry>
</feed>"""
    for fast in (True, False):
        (paper,) = parse_items(feed, "application/atom+xml", "https://repo.example.org/feed", fast=fast).papers
        assert paper.authors == ["Zofia Nowak", "Bo Chen"], fast
