"""Papers not on arXiv are first-class: items of journal, conference and reading-list feeds become papers.

The feeds are written by the test (feed_writers.py) in four dialects: RSS 2.0 with Dublin Core,
RSS 1.0/RDF with PRISM, Atom with doi.org and typed PDF links, and JSON Feed.
"""

from __future__ import annotations

import json
import re
import zlib

import pytest
from feed_writers import atom, json_feed, make_items, rdf_prism, rss2_dc

from paperpass.errors import FetchError
from paperpass.ids import normalise_doi, normalise_title
from paperpass.ingest import ingest_feed
from paperpass.ingest.feeds import NO_PAPER, parse_items
from paperpass.models import Paper
from paperpass.store.papers import list_papers, upsert_paper

WRITERS = {"rss2-dc": rss2_dc, "rss2-dc-pdf-in-text": lambda items: rss2_dc(items, pdf_as="content"),
           "rdf-prism": rdf_prism, "atom": atom, "json-feed": json_feed}


def _papers_by_title(conn) -> dict[str, Paper]:
    return {normalise_title(p.title): p for p in list_papers(conn) if p.source != "seed"}


@pytest.mark.parametrize("dialect", list(WRITERS))
def test_each_item_with_a_doi_or_pdf_becomes_a_paper(conn, tmp_path, dialect, waits):
    items = make_items(24, seed=zlib.crc32(dialect.encode()) % 1000)
    path = tmp_path / "feed.xml"
    path.write_bytes(WRITERS[dialect](items))
    summary = ingest_feed(conn, str(path))
    papers_like = [it for it in items if it["doi"] or it["pdf"]]
    assert summary.seen == len(items)
    assert summary.added == len(papers_like)
    # Posts with neither are listed, not stored: the first whose page (offline here) could not be read, the
    # others of that site in one note, for the next ingest.
    [note] = [reason for _, reason in summary.notes]
    waiting = int(re.search(r"of (\d+) more items", note).group(1))
    assert len(summary.failed) + waiting == len(items) - len(papers_like)
    assert all(reason.startswith(NO_PAPER) for _, reason in summary.failed)
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
    assert two.doi == "10.1000/xyz-2" and two.authors == ["John Smith"]
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


@pytest.mark.parametrize("creators, expected", [
    ("Smith, J., Garcia, M.-L., van der Berg, A. B.", ["J. Smith", "M.-L. Garcia", "A. B. van der Berg"]),
    ("Okafor, AB, Müller, K", ["AB Okafor", "K Müller"]),
    ("Nakamura, Hiroshi", ["Hiroshi Nakamura"]),
    ("Ann One, Bob Two", ["Ann One", "Bob Two"]),
    ("Example Consortium, Inc.", ["Example Consortium, Inc."]),  # not a person's name: left as it is
    ("Alpha, Beta, Gamma", ["Alpha, Beta, Gamma"]),  # three single words: no pairs to read
])
def test_surname_first_names_in_one_creator_are_paired(creators, expected):
    """Preprint servers' RSS (bioRxiv, medRxiv) put every author in one dc:creator, surname first."""
    feed = f"""<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://server.example.org/"><title>t</title><link>https://server.example.org/</link>
<description>d</description></channel>
<item rdf:about="https://server.example.org/1"><title>A preprint</title><link>https://server.example.org/1</link>
<dc:creator>{creators}</dc:creator><dc:identifier>doi:10.1101/2026.01.01.000001</dc:identifier></item>
</rdf:RDF>""".encode()
    for fast in (True, False):
        (paper,) = parse_items(feed, "", "server", fast=fast).papers
        assert paper.authors == expected


def test_a_json_feed_links_arxiv_papers_and_skips_what_is_not_a_paper():
    feed = json.dumps({"version": "https://jsonfeed.org/version/1", "title": "Lab blog",
                       "home_page_url": "https://lab.example.org/", "items": [
        {"id": "a", "url": "https://lab.example.org/posts/a", "title": "Why we like it",
         "content_html": '<p>Read <a href="https://arxiv.org/abs/1706.03762v5">the paper</a>.</p>',
         "date_published": "2026-11-28T10:00:00+01:00", "author": {"name": "Ana Park"}},
        {"id": "b", "url": "/posts/b", "title": "Our retreat", "content_text": "Photos & food."},
        "not an item",
        {"id": "c", "url": "/papers/ours.pdf", "title": "Our paper", "content_text": "We probe < 3 probes.",
         "tags": ["probing"], "authors": [{"name": "Bo Li"}, {"url": "https://nobody.example"}]},
    ]}).encode()
    items = parse_items(feed, "application/feed+json", "https://lab.example.org/feed.json")
    assert items.seen == 4 and list(items.linked) == ["1706.03762"]
    assert items.linked["1706.03762"].arxiv_version == 5 and items.linked["1706.03762"].published[:10] == "2026-11-28"
    (paper,) = items.papers
    assert (paper.title, paper.pdf_url, paper.authors, paper.categories, paper.abstract) == (
        "Our paper", "https://lab.example.org/papers/ours.pdf", ["Bo Li"], ["probing"], "We probe < 3 probes.")
    assert items.skipped == [("Our retreat", "links to no paper (no arXiv link, DOI or PDF)"),
                             ("item 3", "not an item object")]


def test_hugging_face_daily_papers_json_is_not_taken_for_a_json_feed():
    daily = json.dumps([{"paper": {"id": "2401.00001", "title": "A daily paper", "upvotes": 7,
                                   "authors": [{"name": "Ann One"}], "summary": "S."}}]).encode()
    items = parse_items(daily, "application/json", "hf")
    assert items.kind == "hf-daily" and [p.arxiv_id for p in items.papers] == ["2401.00001"]
    with pytest.raises(FetchError, match="without a list of items"):
        parse_items(b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "", "broken")


def _typed_items(rdf: bool) -> bytes:
    """Journal feed items naming their kind as PRISM and Dublin Core do (or not at all)."""
    items = [
        ("10.5555/k.1", "<prism:aggregationType>journal</prism:aggregationType>"
                        "<prism:publicationName>Journal of Kinds</prism:publicationName>"),
        ("10.5555/k.2", "<dc:type>Conference Paper</dc:type>"),
        ("10.5555/k.3", "<prism:publicationName>Journal of Kinds</prism:publicationName>"),  # a name alone
        ("10.5555/k.4", "<prism:publicationName>bioRxiv</prism:publicationName>"),
    ]
    ns = ('xmlns:dc="http://purl.org/dc/elements/1.1/" '
          'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"')
    body = "".join(f'<item{f" rdf:about={chr(34)}https://doi.org/{doi}{chr(34)}" if rdf else ""}>'
                   f"<title>Paper {doi[-1]}</title><link>https://doi.org/{doi}</link>"
                   f"<prism:doi>{doi}</prism:doi>{extra}</item>" for doi, extra in items)
    if rdf:
        return (f'<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
                f'xmlns="http://purl.org/rss/1.0/" {ns}><channel rdf:about="https://j.example.org/"><title>J</title>'
                f"</channel>{body}</rdf:RDF>").encode()
    return (f'<?xml version="1.0"?><rss version="2.0" {ns}><channel><title>J</title>'
            f"<link>https://j.example.org/</link>{body}</channel></rss>").encode()


@pytest.mark.parametrize("rdf, fast", [(False, True), (False, False), (True, True)])
def test_journal_feed_items_say_their_kind(rdf, fast):
    items = parse_items(_typed_items(rdf), "application/rss+xml", "journal", fast=fast)
    assert [(p.title, p.kind) for p in items.papers] == [
        ("Paper 1", "article"), ("Paper 2", "conference"), ("Paper 3", None), ("Paper 4", "preprint")]


@pytest.mark.parametrize("fast", [True, False], ids=["lxml reader", "feedparser"])
def test_media_rss_files_give_the_pdf(fast):
    """Journals name the PDF in Media RSS: a media:content typed as a PDF, or one in a media:group beside a
    picture, or a relative one; an item whose only file is a picture is no paper. Both readers agree."""
    feed = b"""<?xml version="1.0"?><rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>A journal</title><link>https://journal.example.org/</link>
<item><title>Typed</title><link>https://journal.example.org/a/1</link>
  <media:content url="https://journal.example.org/a/1/fulltext" type="application/pdf" medium="document"/></item>
<item><title>Grouped</title><link>https://journal.example.org/a/2</link><media:group>
  <media:content url="https://journal.example.org/a/2/cover.png" type="image/png"/>
  <media:content url="https://journal.example.org/files/2.pdf"/></media:group></item>
<item><title>Relative</title><link>https://journal.example.org/a/3</link>
  <media:content url="/files/3.pdf" type="application/pdf"/></item>
<item><title>Picture only</title><link>https://journal.example.org/a/4</link>
  <media:content url="https://journal.example.org/a/4/cover.jpg" type="image/jpeg"/></item>
</channel></rss>"""
    items = parse_items(feed, "application/rss+xml", "https://journal.example.org/feed.xml", fast=fast)
    assert [(p.title, p.pdf_url) for p in items.papers] == [
        ("Typed", "https://journal.example.org/a/1/fulltext"),
        ("Grouped", "https://journal.example.org/files/2.pdf"),
        ("Relative", "https://journal.example.org/files/3.pdf")]
    assert [w for w, _ in items.skipped] == ["Picture only"]
