"""Papers not on arXiv are first-class: items of journal, conference and reading-list feeds become papers.

The feeds are written by the test (feed_writers.py) in three dialects: RSS 2.0 with Dublin Core,
RSS 1.0/RDF with PRISM, and Atom with doi.org and typed PDF links.
"""

from __future__ import annotations

import zlib

import pytest
from feed_writers import atom, make_items, rdf_prism, rss2_dc

from paperpass.ids import normalise_doi, normalise_title
from paperpass.ingest import ingest_feed
from paperpass.ingest.feeds import parse_items
from paperpass.models import Paper
from paperpass.store.papers import list_papers, upsert_paper

WRITERS = {"rss2-dc": rss2_dc, "rss2-dc-pdf-in-text": lambda items: rss2_dc(items, pdf_as="content"),
           "rdf-prism": rdf_prism, "atom": atom}


def _papers_by_title(conn) -> dict[str, Paper]:
    return {normalise_title(p.title): p for p in list_papers(conn) if p.source != "seed"}


@pytest.mark.parametrize("dialect", list(WRITERS))
def test_each_item_with_a_doi_or_pdf_becomes_a_paper(conn, tmp_path, dialect):
    items = make_items(24, seed=zlib.crc32(dialect.encode()) % 1000)
    path = tmp_path / "feed.xml"
    path.write_bytes(WRITERS[dialect](items))
    summary = ingest_feed(conn, str(path))
    papers_like = [it for it in items if it["doi"] or it["pdf"]]
    assert summary.seen == len(items)
    assert summary.added == len(papers_like)
    assert len(summary.failed) == len(items) - len(papers_like)  # posts with neither: listed, not stored
    stored = _papers_by_title(conn)
    for it in papers_like:
        paper = stored[normalise_title(it["title"])]
        assert paper.title == it["title"] and paper.arxiv_id is None and paper.source == "feed"
        assert paper.authors == it["authors"]
        assert paper.abstract.startswith(it["abstract"].replace("<b>", "").replace("</b>", ""))
        assert paper.doi == (normalise_doi(it["doi"]) if it["doi"] else None)
        assert paper.pdf_url == it["pdf"]
        assert paper.published[:10] == it["date"] and paper.year == int(it["date"][:4])
        assert paper.source_url == it["link"]


@pytest.mark.parametrize("dialect", ["rss2-dc", "atom"])
def test_fast_and_feedparser_readers_agree(dialect):
    data = WRITERS[dialect](make_items(12, seed=7))
    fast, slow = (parse_items(data, "", "feed", fast=f) for f in (True, False))
    key = lambda p: (p.title, p.doi, p.pdf_url, p.authors, p.abstract, p.published[:10])  # noqa: E731
    assert [key(p) for p in fast.papers] == [key(p) for p in slow.papers]
    assert fast.skipped == slow.skipped


def test_items_match_the_library_by_doi_then_by_title(conn, tmp_path):
    items = make_items(6, seed=3, doi_every=1, pdf_every=100)
    # Already in the library: one paper with the same DOI under another title, one with the same
    # title (other case and punctuation) from arXiv.
    by_doi = upsert_paper(conn, Paper(title="An older title", doi=items[0]["doi"].upper(), source="manual")).paper
    by_title = upsert_paper(conn, Paper(title=items[1]["title"].upper() + "!", arxiv_id="2401.00001",
                                        source="arxiv")).paper
    path = tmp_path / "feed.xml"
    path.write_bytes(rdf_prism(items))
    summary = ingest_feed(conn, str(path))
    assert (summary.added, summary.updated) == (4, 2)
    stored = {p.id: p for p in list_papers(conn)}
    assert stored[by_doi.id].abstract and stored[by_doi.id].title == "An older title"
    assert stored[by_title.id].doi == normalise_doi(items[1]["doi"]) and stored[by_title.id].arxiv_id == "2401.00001"
    again = ingest_feed(conn, str(path))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 6)


def test_doi_forms_and_a_name_list_in_one_creator(tmp_path):
    feed = b"""<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>t</title><link>https://j.example/</link>
<item><title>One</title><link>https://j.example/1</link><dc:identifier>https://doi.org/10.1000/ABC.1</dc:identifier>
<dc:creator>Ann One, Bob Two; Cy Three</dc:creator></item>
<item><title>Two</title><link>https://dx.doi.org/10.1000/xyz-2</link><dc:creator>Smith, John</dc:creator></item>
<item><title>Three</title><link>https://j.example/3</link><description>see https://doi.org/10.1/x</description></item>
</channel></rss>"""
    items = parse_items(feed, "", "feed")
    one, two = items.papers
    assert one.doi == "10.1000/abc.1" and one.authors == ["Ann One", "Bob Two", "Cy Three"]
    assert two.doi == "10.1000/xyz-2" and two.authors == ["Smith, John"]
    assert items.skipped == [("Three", "links to no paper (no arXiv link, DOI or PDF)")]


def test_pdf_links_by_path_segment_and_enclosure_type(tmp_path):
    """Conference and preprint servers serve PDFs at /pdf?id=... or /pdf/ID, not only at *.pdf."""
    feed = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Venue</title>
<id>https://venue.example.org/</id><link href="https://venue.example.org/" rel="alternate"/>
<entry><title>Forum paper</title><id>f1</id><link href="https://venue.example.org/forum?id=Ab12" rel="alternate"/>
  <link href="https://venue.example.org/pdf?id=Ab12" rel="related"/><author><name>A. One</name></author></entry>
<entry><title>Server paper</title><id>f2</id><link href="https://server.example.org/content/1/2"/>
  <link href="https://server.example.org/content/1/2/pdf/" rel="related"/></entry>
<entry><title>A talk</title><id>f3</id><link href="https://venue.example.org/talks/pdfs-are-great"/></entry>
</feed>"""
    items = parse_items(feed, "", "venue")
    assert [(p.title, p.pdf_url) for p in items.papers] == [
        ("Forum paper", "https://venue.example.org/pdf?id=Ab12"),
        ("Server paper", "https://server.example.org/content/1/2/pdf/")]
    assert [w for w, _ in items.skipped] == ["A talk"]
