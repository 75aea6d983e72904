"""`add` with a web link: a paper's page (OpenReview, proceedings, journals) read by the meta tags it gives
indexers, a PDF link read like a local PDF, a page that names an arXiv paper; served from loopback."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pymupdf
import pytest
from click.testing import CliRunner
from ingest_recorded import entries_of, entry_id, recorded

from paperpass.cli import cli
from paperpass.ingest.landing import read_paper_page
from paperpass.library import Library


def _pdf(title: str, authors: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), title, fontsize=17, fontname="hebo")
    page.insert_text((72, 120), authors, fontsize=11)
    page.insert_text((72, 160), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 170, 540, 320), "We probe sparse features of large models. " * 8, fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 340, 540, 760), "The body of the paper says more. " * 60, fontsize=10)
    return doc.tobytes()


def _page(tags: list[tuple[str, str]], body: str = "<p>A paper.</p>") -> str:
    meta = "".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in tags)
    return f"<!DOCTYPE html><html><head><title>Site</title>{meta}</head><body>{body}</body></html>"


FORUM_TAGS = [
    ("citation_title", "Sparse Probes Find Features in Large Models"),
    ("citation_author", "Kowalska, Anna"), ("citation_author", "Bo Li"), ("citation_author", "Okafor, C."),
    ("citation_online_date", "2026/02/15"), ("citation_pdf_url", "/pdf?id=Xy12"),
    ("citation_conference_title", "International Conference on Learning Representations"),
    ("citation_abstract", "We probe sparse features of large models and find them."),
]


def test_a_venue_page_becomes_a_paper_and_its_pdf_follows_with_pdf(httpserver, isolated_home, waits):
    httpserver.expect_request("/forum").respond_with_data(_page(FORUM_TAGS), content_type="text/html; charset=utf-8")
    httpserver.expect_request("/pdf").respond_with_data(_pdf("Sparse Probes Find Features", "Anna Kowalska"),
                                                        content_type="application/pdf")
    url = httpserver.url_for("/forum") + "?id=Xy12"
    result = CliRunner().invoke(cli, ["add", url, "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    with Library.open(isolated_home) as library:
        (paper,) = [p for p in library.papers() if p.source != "seed"]
    assert paper.title == "Sparse Probes Find Features in Large Models"
    assert paper.authors == ["Anna Kowalska", "Bo Li", "C. Okafor"]
    assert (paper.published or "")[:10] == "2026-02-15" and paper.year == 2026
    assert paper.venue == "International Conference on Learning Representations"
    assert paper.abstract == "We probe sparse features of large models and find them."
    assert paper.source_url == url and paper.pdf_url == httpserver.url_for("/pdf") + "?id=Xy12"
    assert paper.pdf_path and Path(paper.pdf_path).read_bytes()[:5] == b"%PDF-"
    again = CliRunner().invoke(cli, ["add", url, "--json"])  # the same page again: the same paper
    assert again.exit_code == 0 and json.loads(again.stdout)["id"] == paper.id


def test_a_pdf_link_is_read_like_a_local_pdf(httpserver, isolated_home, waits):
    httpserver.expect_request("/papers/probe.pdf").respond_with_data(
        _pdf("Sparse Probes Find Features", "Anna Kowalska"), content_type="application/octet-stream")
    url = httpserver.url_for("/papers/probe.pdf")
    result = CliRunner().invoke(cli, ["add", url, "--json"])
    assert result.exit_code == 0, result.output
    with Library.open(isolated_home) as library:
        (paper,) = [p for p in library.papers() if p.source != "seed"]
    assert paper.title == "Sparse Probes Find Features" and paper.authors == ["Anna Kowalska"]
    assert paper.abstract.startswith("We probe sparse features")
    assert paper.source_url == url == paper.pdf_url and paper.pdf_path


def test_a_page_that_names_an_arxiv_paper_adds_it_from_arxiv(api, httpserver, isolated_home):
    entry = entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))[0]
    ident = entry_id(entry).split("v")[0]
    tags = [("citation_title", "A title the page words its own way"), ("citation_arxiv_id", ident)]
    httpserver.expect_request("/paper/1").respond_with_data(_page(tags), content_type="text/html")
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/paper/1"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["arxiv_id"] == ident
    assert any(q.get("id_list", "").startswith(ident) for q in api.queries)


def test_a_page_that_names_no_paper_is_one_line(httpserver, isolated_home, waits):
    httpserver.expect_request("/blog").respond_with_data(_page([("description", "Our lab's news")]),
                                                         content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/blog")])
    assert result.exit_code == 2  # bad input, as for any other target that names no paper
    assert result.output.strip() == (f"paperpass: {httpserver.url_for('/blog')}: the page names no paper (no "
                                     "citation meta tags, DOI or PDF link); give the paper's PDF link, DOI or arXiv id")
    gone = CliRunner().invoke(cli, ["add", httpserver.url_for("/gone")])
    assert gone.exit_code == 1 and gone.output.strip().endswith("not found (HTTP 404)")
    with Library.open(isolated_home) as library:
        assert [p for p in library.papers() if p.source != "seed"] == []


@pytest.mark.parametrize("tags, expected", [
    # Dublin Core instead of Highwire; a year alone gives the year, not a date
    ([("DC.title", "A Journal Paper"), ("DC.creator", "Müller, K."), ("DC.creator", "Ana Park"),
      ("DC.date", "2019"), ("DC.identifier", "doi:10.1000/J.2019.7")],
     ("A Journal Paper", ["K. Müller", "Ana Park"], None, 2019, "10.1000/j.2019.7")),
    # Open Graph alone does not make a page a paper
    ([("og:title", "Our lab's news"), ("og:description", "What we did")], (None, None, None, None, None)),
    # a bad date is dropped, not guessed
    ([("citation_title", "T"), ("citation_publication_date", "Spring 2020")], ("T", [], None, None, None)),
    # the year last (older ACM pages, European pages): the year always, the date when the order is plain
    ([("citation_title", "T"), ("citation_date", "06/25/2016")], ("T", [], "2016-06-25", 2016, None)),
    ([("citation_title", "T"), ("citation_date", "25.06.2016")], ("T", [], "2016-06-25", 2016, None)),
    ([("citation_title", "T"), ("citation_date", "06/07/2016")], ("T", [], None, 2016, None)),
])
def test_meta_tags_read(tags, expected):
    page = read_paper_page(_page(tags).encode(), "https://venue.example.org/p/1")
    got = page.paper
    shape = (got.title, got.authors, got.published, got.year, got.doi) if got else (None, None, None, None, page.doi)
    assert shape == expected


def test_relative_links_follow_the_pages_base_href():
    page = ('<html><head><base href="https://cdn.example.org/papers/2025/">'
            '<meta name="citation_title" content="T"><meta name="citation_pdf_url" content="t.pdf"></head></html>')
    assert read_paper_page(page.encode(), "https://venue.example.org/forum?id=1").pdf_url == \
        "https://cdn.example.org/papers/2025/t.pdf"


def test_a_sites_page_stands_for_its_posts_feed_not_its_comments_feed():
    from paperpass.ingest.feeds import FeedFetch, discovered_feed

    page = ('<!DOCTYPE html><html><head><base href="/blog/">'
            '<link rel="alternate" type="application/rss+xml" title="Lab &raquo; Comments Feed" href="comments/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="Lab &raquo; Feed" href="feed/">'
            '</head><body></body></html>')
    fetched = FeedFetch(data=page.encode(), content_type="text/html")
    assert discovered_feed(fetched, "https://lab.example.org/") == "https://lab.example.org/blog/feed/"


# -- the kind of paper a page says it is ----------------------------------------------------------

JOURNAL_TAGS = [
    ("citation_title", "Slow Waves in Sleeping Cortex"), ("citation_author", "Ito, Hana"),
    ("citation_publication_date", "2024/03/05"), ("citation_journal_title", "Journal of Sleep Research"),
    ("citation_doi", "10.5555/jsr.2024.42"), ("citation_volume", "33"),
]


def test_a_journal_page_is_added_as_a_journal_article_and_exported_as_one(httpserver, isolated_home, waits):
    httpserver.expect_request("/article/42").respond_with_data(_page(JOURNAL_TAGS), content_type="text/html")
    added = CliRunner().invoke(cli, ["add", httpserver.url_for("/article/42"), "--json"])
    assert added.exit_code == 0, added.output
    paper = json.loads(added.stdout)
    assert paper["kind"] == "article" and paper["venue"] == "Journal of Sleep Research"
    bib = CliRunner().invoke(cli, ["export", "--format", "bibtex"]).output
    (entry,) = [e for e in bib.split("\n\n") if "Slow Waves" in e]
    assert entry.startswith("@article{ito2024") and "journal = {Journal of Sleep Research}" in entry
    assert "booktitle" not in entry
    shown = CliRunner().invoke(cli, ["show", str(paper["id"])]).output
    assert 'kind: "article"' in shown and "journal article: Journal of Sleep Research" in shown


@pytest.mark.parametrize("tags, expected", [
    ([("citation_conference_title", "ICLR 2026")], ("conference", "ICLR 2026")),
    ([("citation_journal_title", "Nature"), ("DC.type", "Preprint")], ("article", "Nature")),  # Highwire first
    ([("citation_inbook_title", "Handbook of Kernels")], ("chapter", "Handbook of Kernels")),
    ([("citation_dissertation_institution", "ETH Zürich")], ("thesis", "ETH Zürich")),
    ([("citation_technical_report_institution", "Bell Labs"), ("citation_technical_report_number", "TR-7")],
     ("report", "Bell Labs")),
    # bioRxiv's pages give the server as their journal
    ([("citation_journal_title", "bioRxiv"), ("citation_publisher", "Cold Spring Harbor Laboratory")],
     ("preprint", "bioRxiv")),
    # repositories: the OpenAIRE vocabulary in DC.type, EPrints' own type
    ([("DC.type", "info:eu-repo/semantics/doctoralThesis"), ("DC.publisher", "Uni Wien")], ("thesis", "Uni Wien")),
    ([("eprints.type", "conference_item"), ("eprints.publication", "Proc. Things")], ("conference", "Proc. Things")),
    ([("DC.type", "Text"), ("citation_publisher", "ACME")], (None, "ACME")),  # no kind named: not guessed
    ([], (None, None)),
])
def test_the_kind_a_page_names(tags, expected):
    page = read_paper_page(_page([("citation_title", "T"), *tags]).encode(), "https://venue.example.org/p/1")
    assert page.paper is not None and (page.paper.kind, page.paper.venue) == expected


def test_a_page_author_written_surname_given_suffix_is_turned_round(httpserver, isolated_home, waits):
    """citation_author "King, Martin Luther, Jr." (the BibTeX/RIS order) was kept as written, commas and all,
    beside "Anna Kowalska"; it is "Martin Luther King Jr." like every other name."""
    tags = [("citation_title", "Names With Suffixes"), ("citation_author", "King, Martin Luther, Jr."),
            ("citation_author", "Gates, W. H., III"), ("citation_author", "Kowalska, Anna"),
            ("citation_journal_title", "Journal of Names")]
    httpserver.expect_request("/names").respond_with_data(_page(tags), content_type="text/html; charset=utf-8")
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/names"), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["authors"] == ["Martin Luther King Jr.", "W. H. Gates III", "Anna Kowalska"]
