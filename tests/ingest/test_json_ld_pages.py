"""Papers' pages that describe the paper in schema.org JSON-LD (`<script type="application/ld+json">`), as
Zenodo, figshare, Semantic Scholar and publishers give it: read by `add <page>` and for a feed item's page
where the meta tags say nothing, the meta tags first where both speak. Pages are written here in the shapes
those sites use, and served from loopback."""

from __future__ import annotations

import json
import time
from html import escape
from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_writers import paper_pdf

from paperpass.cli import cli
from paperpass.ingest.feeds import NO_PAPER
from paperpass.ingest.landing import read_paper_page
from paperpass.library import Library

HTML = "text/html; charset=utf-8"


def _page(*scripts: object, meta: list[tuple[str, str]] = (), title: str = "Record") -> str:
    """A page with its meta tags and JSON-LD scripts in the head (a dict or list is written as JSON, a string
    as it is), a site's own script and some body around them."""
    tags = "\n".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in meta)
    lds = "\n".join('<script type="application/ld+json">'
                    + (s if isinstance(s, str) else json.dumps(s, indent=2, ensure_ascii=False)) + "</script>"
                    for s in scripts)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{escape(title)}</title>\n'
            f'<meta property="og:title" content="{escape(title)}">\n{tags}\n'
            '<script>window.__config = {"theme": "light", "items": [1, 2]};</script>\n'
            f'<link rel="stylesheet" href="/static/site.css">\n{lds}\n</head>\n<body><header>Site</header>'
            f"<main><h1>{escape(title)}</h1><p>Text of the record.</p></main></body></html>")


def _add(url: str, *extra: str) -> dict:
    result = CliRunner().invoke(cli, ["add", url, "--json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _stored(home: Path) -> dict:
    with Library.open(home) as library:
        return {p.title: p for p in library.papers() if p.source != "seed"}


# -- the sites' shapes ------------------------------------------------------------------------------

def _zenodo(base: str, n: int = 1234567) -> dict:
    """An InvenioRDM (Zenodo) record: the work among the site's nodes in @graph, types as full schema.org
    URLs, creators as "Family, Given" with the parts beside, the description HTML, the file a DataDownload."""
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "@id": f"{base}/#website", "name": "Zenodo", "url": f"{base}/"},
        {"@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Records", "item": f"{base}/search"}]},
        {"@type": "Organization", "name": "CERN", "url": "https://home.cern"},
        {"@id": f"https://doi.org/10.5281/zenodo.{n}", "@type": "https://schema.org/ScholarlyArticle",
         "name": "Sparse Probes of Glacier Melt",
         "creator": [
             {"@id": "https://orcid.org/0000-0002-1825-0097", "@type": "Person", "name": "Kowalska, Anna",
              "givenName": "Anna", "familyName": "Kowalska",
              "affiliation": [{"@type": "Organization", "name": "Uni Wien"}]},
             {"@type": "Person", "name": "Okafor, Chidi"},
             {"@type": "Organization", "name": "Glacier Survey Consortium, Inc."}],
         "datePublished": "2025-11-03", "dateModified": "2025-11-20T08:12:44Z",
         "description": "<p>We probe glacier melt with sparse features.</p><p>Code &amp; data are open.</p>",
         "identifier": f"https://doi.org/10.5281/zenodo.{n}", "url": f"{base}/records/{n}",
         "inLanguage": {"@type": "Language", "alternateName": "eng", "name": "English"},
         "keywords": ["glaciers", "sparse probes"], "license": "https://creativecommons.org/licenses/by/4.0/legalcode",
         "distribution": [
             {"@type": "DataDownload", "contentUrl": f"{base}/records/{n}/files/data.csv", "encodingFormat": "text/csv"},
             {"@type": "DataDownload", "contentUrl": f"{base}/records/{n}/files/paper.pdf",
              "encodingFormat": "application/pdf"}]}]}


def test_a_zenodo_record_page_is_the_paper_its_json_ld_graph_describes(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/records/1234567").respond_with_data(_page(_zenodo(base)), content_type=HTML)
    added = _add(f"{base}/records/1234567")
    paper = _stored(isolated_home)["Sparse Probes of Glacier Melt"]
    assert added["id"] == paper.id
    assert paper.authors == ["Anna Kowalska", "Chidi Okafor", "Glacier Survey Consortium, Inc."]
    assert paper.doi == "10.5281/zenodo.1234567"
    assert (paper.published or "")[:10] == "2025-11-03" and paper.year == 2025
    assert paper.abstract == "We probe glacier melt with sparse features. Code & data are open."
    assert paper.pdf_url == f"{base}/records/1234567/files/paper.pdf"  # the PDF, not the CSV
    assert paper.source_url == f"{base}/records/1234567" and paper.venue is None


def test_a_figshare_page_names_its_doi_by_its_id_and_its_pdf_as_associated_media(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    ld = {"@context": "http://schema.org", "@type": "ScholarlyArticle",
          "@id": "https://doi.org/10.6084/m9.figshare.24001234.v2",
          "name": "Tidal Forcing of Sparse Features", "headline": "Tidal Forcing of Sparse Features",
          "description": "We force sparse features with tides.",
          "author": [{"@type": "Person", "name": "Bo Li", "url": f"{base}/authors/Bo_Li/1"},
                     {"@type": "Person", "name": "Ana Park", "url": f"{base}/authors/Ana_Park/2"}],
          "datePublished": "2023-08-24T10:12:55", "dateCreated": "2023-08-20T09:00:00",
          "url": f"{base}/articles/journal_contribution/Tidal_Forcing/24001234",
          "keywords": "tides, sparse features", "isAccessibleForFree": True,
          "publisher": {"@type": "Organization", "name": "figshare"},
          "associatedMedia": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                              "contentUrl": "/ndownloader/files/42000001"}}
    httpserver.expect_request("/articles/journal_contribution/Tidal_Forcing/24001234").respond_with_data(
        _page(ld), content_type=HTML)
    _add(f"{base}/articles/journal_contribution/Tidal_Forcing/24001234")
    paper = _stored(isolated_home)["Tidal Forcing of Sparse Features"]
    assert paper.authors == ["Bo Li", "Ana Park"] and paper.doi == "10.6084/m9.figshare.24001234.v2"
    assert (paper.published or "")[:10] == "2023-08-24" and paper.year == 2023
    assert paper.pdf_url == f"{base}/ndownloader/files/42000001"
    assert paper.abstract == "We force sparse features with tides."


JOURNAL_META = [
    ("citation_title", "Slow Waves in Sleeping Cortex"), ("citation_author", "Ito, Hana"),
    ("citation_author", "Nowak, Zofia"), ("citation_publication_date", "2024/03/05"),
    ("citation_journal_title", "Journal of Sleep Research"), ("citation_doi", "10.5555/jsr.2024.42"),
    ("citation_abstract", "Slow waves travel across the sleeping cortex."),
]


def _springer(base: str, title: str = "Slow waves in sleeping cortex") -> dict:
    """A publisher's article page (Springer's shape): a WebPage whose mainEntity is the article, in an issue
    of a volume of the journal, its PDF an encoding."""
    return {"@context": "https://schema.org", "@type": "WebPage", "mainEntity": {
        "@type": "ScholarlyArticle", "headline": title, "description": "A teaser of the abstract…",
        "datePublished": "2024-02-29T00:00:00Z", "dateModified": "2024-03-02T00:00:00Z",
        "author": [{"@type": "Person", "name": "Hana Ito", "affiliation": [{"@type": "Organization", "name": "RIKEN"}]},
                   {"@type": "Person", "name": "Z. Nowak"}, {"@type": "Person", "name": "A. Third"}],
        "isPartOf": {"@type": "PublicationIssue", "issueNumber": "2", "isPartOf": {
            "@type": ["Periodical", "PublicationVolume"], "name": "J. Sleep Res.", "volumeNumber": "33",
            "issn": ["0962-1105", "1365-2869"]}},
        "publisher": {"@type": "Organization", "name": "Springer Nature"},
        "identifier": [{"@type": "PropertyValue", "propertyID": "pmid", "value": "38000001"},
                       {"@type": "PropertyValue", "propertyID": "DOI", "value": "10.5555/other.doi"}],
        "encoding": [{"@type": "MediaObject", "encodingFormat": "application/pdf",
                      "contentUrl": f"{base}/content/pdf/10.5555/jsr.2024.42.pdf"}],
        "isAccessibleForFree": True}}


def test_a_journal_page_with_meta_tags_and_json_ld_keeps_the_tags_and_takes_what_they_lack(
        httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/article/42").respond_with_data(
        _page(_springer(base), meta=JOURNAL_META, title="Slow waves | Journal of Sleep Research"), content_type=HTML)
    added = _add(f"{base}/article/42")
    paper = _stored(isolated_home)["Slow Waves in Sleeping Cortex"]
    # the tags win: their authors, DOI, date, journal and abstract, not the JSON-LD's
    assert paper.authors == ["Hana Ito", "Zofia Nowak"] and paper.doi == "10.5555/jsr.2024.42"
    assert (paper.published or "")[:10] == "2024-03-05" and paper.venue == "Journal of Sleep Research"
    assert paper.abstract == "Slow waves travel across the sleeping cortex." and added["kind"] == "article"
    # the PDF the tags do not name comes from the JSON-LD
    assert paper.pdf_url == f"{base}/content/pdf/10.5555/jsr.2024.42.pdf"


def test_json_ld_beside_good_meta_tags_may_be_malformed_escaped_huge_or_about_something_else(
        httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    meta = [m for m in JOURNAL_META if m[0] != "citation_abstract"]
    escaped = escape(json.dumps({"@context": "https://schema.org", "@type": "ScholarlyArticle",
                                 "name": "Slow Waves in Sleeping Cortex", "abstract": "The abstract, from JSON-LD.",
                                 "encoding": {"@type": "MediaObject", "encodingFormat": "application/pdf",
                                              "contentUrl": "/pdf/42"}}), quote=True)
    scripts = [
        '{"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": "Slow Wa',  # cut short
        "[" * 200_000 + "]" * 200_000,  # nested past any parser's depth
        '{"@type": "ScholarlyArticle", "name": "' + "x" * (2 * 2**20) + '"}',  # 2 MiB: passed over
        {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Journals", "item": f"{base}/journals"}]},
        {"@context": "https://schema.org", "@type": "Organization", "name": "Springer Nature", "url": base},
        # a related article the page recommends: another paper's data, none of it this one's
        {"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": "Fast Spindles in Waking Mice",
         "author": [{"@type": "Person", "name": "Ann Other"}], "identifier": "10.5555/jsr.2024.77"},
        "<!--\n" + escaped + "\n-->",  # HTML-escaped, in a comment: still read
    ]
    httpserver.expect_request("/article/42").respond_with_data(_page(*scripts, meta=meta), content_type=HTML)
    started = time.monotonic()
    _add(f"{base}/article/42")
    assert time.monotonic() - started < 20
    paper = _stored(isolated_home)["Slow Waves in Sleeping Cortex"]
    assert paper.authors == ["Hana Ito", "Zofia Nowak"] and paper.doi == "10.5555/jsr.2024.42"
    assert paper.venue == "Journal of Sleep Research" and paper.year == 2024
    assert paper.abstract == "The abstract, from JSON-LD." and paper.pdf_url == f"{base}/pdf/42"


def test_a_page_with_only_json_ld_naming_a_pdf_is_added_with_that_pdf(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    ld = [{"@context": "https://schema.org", "@type": "WebSite", "name": "Lab reports", "url": f"{base}/"},
          {"@context": "https://schema.org", "@type": "Report", "name": "Sparse Probes of Lake Ice",
           "author": {"@type": "Person", "givenName": "Piet", "familyName": "de Vries"},
           "dateCreated": "2026-01-12", "abstract": "We probe lake ice.", "reportNumber": "TR-2026-01",
           "encoding": {"@type": "MediaObject", "encodingFormat": ["application/pdf"],
                        "contentUrl": "files/tr-2026-01"}}]
    httpserver.expect_request("/reports/tr-2026-01/").respond_with_data(_page(ld), content_type=HTML)
    httpserver.expect_request("/reports/tr-2026-01/files/tr-2026-01").respond_with_data(
        paper_pdf("Sparse Probes of Lake Ice", "Piet de Vries", "We probe lake ice. "), content_type="application/pdf")
    added = _add(f"{base}/reports/tr-2026-01/", "--pdf")
    paper = _stored(isolated_home)["Sparse Probes of Lake Ice"]
    assert added["id"] == paper.id and added["kind"] == "report"
    assert paper.authors == ["Piet de Vries"] and paper.published == "2026-01-12"
    assert paper.pdf_url == f"{base}/reports/tr-2026-01/files/tr-2026-01"
    assert paper.pdf_path and Path(paper.pdf_path).read_bytes()[:5] == b"%PDF-"


# -- a journal feed's items that link only to their pages --------------------------------------------

def _rss(base: str, links: dict[str, str]) -> bytes:
    items = "".join(f"<item><title>{escape(title)}</title><link>{base}{path}</link>"
                    "<description><![CDATA[<p>Publication date: 2026</p>]]></description></item>"
                    for title, path in links.items())
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>A journal</title>'
            f"<link>{base}/</link><description>Latest</description>{items}</channel></rss>").encode()


def _yoast_post(base: str) -> dict:
    """A blog post's JSON-LD (WordPress with Yoast): an Article in @graph, its author a reference to a Person."""
    return {"@context": "https://schema.org", "@graph": [
        {"@type": "Article", "@id": f"{base}/blog/our-year/#article", "headline": "Our year in review",
         "author": {"@id": f"{base}/#/schema/person/1"}, "datePublished": "2026-07-01T09:00:00+00:00",
         "isPartOf": {"@id": f"{base}/blog/our-year/"}, "publisher": {"@id": f"{base}/#organization"}},
        {"@type": "WebPage", "@id": f"{base}/blog/our-year/", "name": "Our year in review - The Lab",
         "isPartOf": {"@id": f"{base}/#website"}},
        {"@type": "WebSite", "@id": f"{base}/#website", "name": "The Lab"},
        {"@id": f"{base}/#/schema/person/1", "name": "The Editors"},
        {"@type": "Organization", "@id": f"{base}/#organization", "name": "The Lab"}]}


def test_a_journal_feeds_item_pages_with_only_json_ld_are_their_papers(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    links = {"Slow waves": "/article/42", "Glacier melt": "/records/1234567", "Our year": "/blog/our-year/"}
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(base, links), content_type="application/rss+xml")
    ld = _springer(base, "Slow Waves in Sleeping Cortex")
    httpserver.expect_request("/article/42").respond_with_data(_page(ld), content_type=HTML)
    httpserver.expect_request("/records/1234567").respond_with_data(_page(_zenodo(base)), content_type=HTML)
    httpserver.expect_request("/blog/our-year/").respond_with_data(_page(_yoast_post(base)), content_type=HTML)
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["seen"], summary["added"], summary["item_pages"]) == (3, 2, 3)
    assert [(f["what"], f["reason"]) for f in summary["failed"]] == [("Our year", NO_PAPER)]  # a post, no paper
    stored = _stored(isolated_home)
    article = stored["Slow Waves in Sleeping Cortex"]
    assert article.authors == ["Hana Ito", "Z. Nowak", "A. Third"] and article.doi == "10.5555/other.doi"
    assert (article.venue, article.kind, article.year) == ("J. Sleep Res.", "article", 2024)
    assert article.pdf_url == f"{base}/content/pdf/10.5555/jsr.2024.42.pdf"
    assert article.source == "feed" and article.source_url == f"{base}/article/42"
    record = stored["Sparse Probes of Glacier Melt"]
    assert record.doi == "10.5281/zenodo.1234567" and record.authors[0] == "Anna Kowalska"


# -- what a node says, field by field ----------------------------------------------------------------

def _read(*scripts: object, meta: list[tuple[str, str]] = ()):
    return read_paper_page(_page(*scripts, meta=meta).encode(), "https://repo.example.org/record/1")


def _work(type_: object = "ScholarlyArticle", **fields) -> dict:
    return {"@context": "https://schema.org", "@type": type_, "name": "T", **fields}


@pytest.mark.parametrize("fields, expected", [
    ({"identifier": "10.1000/ABC.1"}, "10.1000/abc.1"),
    ({"identifier": "doi:10.1000/abc.2"}, "10.1000/abc.2"),
    ({"identifier": {"@type": "PropertyValue", "propertyID": "doi", "value": "10.1000/abc.3"}}, "10.1000/abc.3"),
    ({"identifier": [{"@type": "PropertyValue", "propertyID": "ISSN", "value": "1234-5678"},
                     {"@type": "PropertyValue", "propertyID": "https://registry.identifiers.org/registry/doi",
                      "value": "https://doi.org/10.1000/abc.4"}]}, "10.1000/abc.4"),
    ({"identifier": {"@type": "PropertyValue", "propertyID": "pmid", "value": "10.1000/not.a.doi"}}, None),
    ({"sameAs": ["https://www.wikidata.org/wiki/Q1", "https://dx.doi.org/10.1000/abc.5"]}, "10.1000/abc.5"),
    ({"@id": "https://doi.org/10.1000/abc.6"}, "10.1000/abc.6"),
    ({"url": "https://doi.org/10.1000/abc.7?download=true"}, "10.1000/abc.7"),
    ({"url": "https://journal.example.org/doi/10.1000/abc.8"}, None),  # a site's own link is no DOI link
])
def test_the_doi_a_node_names(fields, expected):
    page = _read(_work(**fields))
    assert page.paper is not None and (page.paper.title, page.doi, page.paper.doi) == ("T", expected, expected)


@pytest.mark.parametrize("ld, expected", [
    (_work("Chapter", isPartOf={"@type": "Book", "name": "Handbook of Kernels"}), ("chapter", "Handbook of Kernels")),
    (_work("Thesis", publisher={"@type": "Organization", "name": "ETH"}), ("thesis", None)),
    (_work("schema:Report"), ("report", None)),
    (_work(["ScholarlyArticle", "MedicalScholarlyArticle"],
           isPartOf={"@type": "PublicationVolume", "volumeNumber": "3",
                     "isPartOf": {"@type": "Periodical", "name": "The Lancet"}}), ("article", "The Lancet")),
    (_work(isPartOf={"@type": "Periodical", "name": "bioRxiv"}), ("preprint", "bioRxiv")),
    (_work(isPartOf="Proceedings of Things"), (None, "Proceedings of Things")),
    (_work(), (None, None)),  # a scholarly article alone: its kind is not guessed
    (_work("Article", identifier="10.1000/x", isPartOf={"@type": "WebSite", "name": "The Lab"}), (None, None)),
])
def test_the_kind_and_venue_a_node_names(ld, expected):
    paper = _read(ld).paper
    assert paper is not None and (paper.kind, paper.venue) == expected


@pytest.mark.parametrize("authors, expected", [
    ([{"@type": "Person", "name": "Doe, Jane"}, {"@type": "Person", "givenName": "Bo", "familyName": "Li"},
      {"@type": "Organization", "name": "Smith, Jones and Partners"}],
     ["Jane Doe", "Bo Li", "Smith, Jones and Partners"]),
    ({"@type": "Person", "name": "Ann Solo"}, ["Ann Solo"]),
    ({"@list": [{"@type": "Person", "name": "Zed One"}, {"@type": "Person", "name": "Abe Two"}]},
     ["Zed One", "Abe Two"]),  # the order kept, not sorted
    (["Ann One", "Bob Two"], ["Ann One", "Bob Two"]),
    # a generational suffix is part of the name (exports write it as the suffix); a degree is not
    ([{"@type": "Person", "givenName": "Martin Luther", "familyName": "King", "honorificSuffix": "Jr."},
      {"@type": "Person", "givenName": "Ann", "familyName": "Lee", "honorificSuffix": "PhD"}],
     ["Martin Luther King Jr.", "Ann Lee"]),
    ([{"@type": "Person", "name": {"@value": "Val Ue"}}, None, 7, [], {"@type": "Person"}], ["Val Ue"]),
])
def test_the_authors_a_node_names(authors, expected):
    assert _read(_work(author=authors)).paper.authors == expected


@pytest.mark.parametrize("scripts", [
    # the site's own nodes
    [{"@context": "https://schema.org", "@type": "WebSite", "name": "Repo", "url": "https://repo.example.org/"},
     {"@type": "BreadcrumbList", "itemListElement": [{"@type": "ListItem", "position": 1, "name": "Home"}]},
     {"@type": "Organization", "name": "Repo Inc."}],
    # a dataset is not a paper
    [{"@type": "Dataset", "name": "Lake data", "identifier": "10.1000/data.1"}],
    # a blog post: an Article naming no DOI, PDF or journal
    [{"@type": "Article", "headline": "Our lab's news", "author": {"@type": "Person", "name": "Ed Itor"}}],
    # not JSON, or not a node
    ["{not json", "null", "[1, 2, 3]", '"a string"', "", "{}", '{"@graph": {"@graph": {"@graph": []}}}'],
    # a scholarly type without a title
    [{"@type": "ScholarlyArticle", "name": ["", None], "headline": {"x": 1}, "identifier": "10.1000/untitled"}],
])
def test_nodes_that_name_no_paper_are_passed_over_for_the_one_that_does(scripts):
    paper = {"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": "The Paper",
             "author": {"@type": "Person", "name": "Ada Paper"}}
    page = _read(*scripts, paper)
    assert page.paper is not None and (page.paper.title, page.paper.authors) == ("The Paper", ["Ada Paper"])
    assert page.doi is None and page.pdf_url is None  # nothing of the nodes passed over
    alone = _read(*scripts)
    assert alone.paper is None and alone.doi is None and alone.pdf_url is None


def test_json_ld_values_of_any_shape_or_size_never_raise_nor_hang():
    wide = [{"@type": "Person", "name": f"Person {i}"} for i in range(5000)]
    deep: dict = {"@type": "Periodical", "name": "J"}
    for _ in range(300):
        deep = {"@type": "PublicationIssue", "isPartOf": deep}
    cycle = {"@id": "#a", "@type": "PublicationIssue", "name": "Loop", "isPartOf": {"@id": "#a"}}
    odd = {"@type": ["ScholarlyArticle", 3, None], "name": 1984, "author": {"@id": 5},
           "datePublished": {"@value": "2020-02-30"}, "identifier": ["http://[::1", [["10.1000/deep"]]],
           "encoding": [{"encodingFormat": {"a": 1}, "contentUrl": "http://[::1/bad.pdf"}, "x"],
           "sameAs": "http://[::1", "isPartOf": [None, {"@type": None}], "description": ["<p>A</p>" * 30_000]}
    started = time.monotonic()
    many = _read(_work(author=wide, isPartOf=deep))
    looped = _read({"@graph": [cycle, _work(isPartOf={"@id": "#a"}, author={"@id": "#p"})],
                    "mainEntity": {"@id": "#p", "name": "Ref Erenced"}})
    strange = _read(odd)
    assert time.monotonic() - started < 20
    assert many.paper.authors[:2] == ["Person 0", "Person 1"] and len(many.paper.authors) <= 500
    assert many.paper.kind == "article" and many.paper.venue is None  # the journal is past the steps looked at
    assert looped.paper.venue == "Loop" and looped.paper.authors == ["Ref Erenced"]
    assert strange.paper.title == "1984" and strange.paper.pdf_url is None and strange.paper.year == 2020


def test_malformed_links_in_meta_tags_or_json_ld_are_no_links():
    page = _read(_work(identifier="https://[doi.org/10.1000/x", encoding={"encodingFormat": "application/pdf",
                                                                         "contentUrl": "https://[::1/p.pdf"}),
                 meta=[("citation_title", "T"), ("citation_doi", "http://[::1"), ("citation_pdf_url", "http://[x/p.pdf")])
    assert page.paper is not None and (page.paper.title, page.doi, page.pdf_url) == ("T", "10.1000/x", None)


def test_a_page_describing_several_papers_is_none_of_them_unless_its_tags_name_one():
    contents = {"@context": "https://schema.org", "@graph": [
        {"@type": "ScholarlyArticle", "name": "First Article of the Issue", "identifier": "10.1000/issue.1",
         "author": {"@type": "Person", "name": "Ann One"}},
        {"@type": "ScholarlyArticle", "name": "Second Article of the Issue", "identifier": "10.1000/issue.2",
         "abstract": "The second one's abstract.", "author": {"@type": "Person", "name": "Bob Two"}}]}
    listing = _read(contents)
    assert listing.paper is None and listing.doi is None
    named = _read(contents, meta=[("citation_title", "Second article of the issue")]).paper
    assert named is not None and (named.title, named.doi, named.authors, named.abstract) == (
        "Second article of the issue", "10.1000/issue.2", ["Bob Two"], "The second one's abstract.")


def test_mutated_json_ld_pages_never_raise_and_are_read_while_their_json_holds():
    import random

    crumbs = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "name": "Communities", "item": "https://zenodo.example.org/communities"}]}
    page = _page(crumbs, _zenodo("https://zenodo.example.org"))
    rng = random.Random(20261205)
    read = 0
    for _ in range(300):
        text = list(page)
        for _ in range(rng.choice([1, 2, 8])):
            i = rng.randrange(len(text))
            how = rng.randrange(4)
            if how == 0:  # a character swapped for one JSON or HTML cares about
                text[i] = rng.choice('{}[]":,\\<>&;/@ \n')
            elif how == 1:  # a piece dropped
                del text[i:i + rng.choice([1, 10, 200])]
            elif how == 2:  # a piece repeated
                text[i:i] = text[i:i + rng.choice([1, 10, 200])]
            else:  # a value's type changed: a string to a number, list or object
                text[i:i] = list(rng.choice(["1", "[", "{", "null", '{"@id": "#x"}', "[[[[", '"@graph": [']))
        got = read_paper_page("".join(text).encode(), "https://zenodo.example.org/records/1")
        read += got.paper is not None and got.paper.title == "Sparse Probes of Glacier Melt"
    assert 30 < read < 300, read


def test_a_year_and_month_keep_the_month_from_tags_and_json_ld_and_a_day_wins():
    """'1990-03' (a journal issue's date, a JSON-LD datePublished) is kept as a year and month, as the importers
    keep it, not cut to its year; a day given by another tag, or by the feed item, wins over a month."""
    from paperpass.ingest.landing import item_page_paper
    from paperpass.models import Paper

    doi = [("citation_doi", "10.5555/month.1")]
    march = [("citation_title", "A Paper of March"), ("citation_publication_date", "1990/03"), *doi]
    tagged = read_paper_page(_page(meta=march).encode(), "https://x.org/a")
    assert (tagged.paper.published, tagged.paper.year) == ("1990-03", 1990)
    ld = read_paper_page(_page({"@context": "https://schema.org", "@type": "ScholarlyArticle", "name": "A Paper",
                                "datePublished": "1990-03", "identifier": "https://doi.org/10.5555/month.2"}).encode(),
                         "https://x.org/b")
    assert (ld.paper.published, ld.paper.year) == ("1990-03", 1990)
    both = read_paper_page(_page(meta=[("citation_title", "T"), ("citation_publication_date", "2024/03"),
                                       ("citation_online_date", "2024/02/27"), *doi]).encode(), "https://x.org/c")
    assert (both.paper.published, both.paper.year) == ("2024-02-27", 2024)
    item = Paper(title="A Paper of March", published="1990-03-14T00:00:00+00:00", source="feed")
    assert item_page_paper(tagged, item).published == "1990-03-14T00:00:00+00:00"
    assert item_page_paper(tagged, Paper(title="A Paper of March", source="feed")).published == "1990-03"


def test_a_repository_page_of_a_masters_thesis_says_so():
    """A thesis page whose EPrints thesis_type or Dublin Core type names a master's degree is a master's thesis;
    a doctoral one stays a thesis."""
    def kind(*meta: tuple[str, str]) -> str | None:
        page = read_paper_page(_page(meta=[("citation_title", "A Thesis"), ("citation_pdf_url", "/t.pdf"),
                                           *meta]).encode(), "https://repo.example.org/1")
        return page.paper.kind

    assert kind(("citation_dissertation_institution", "KTH"), ("eprints.thesis_type", "masters")) == "masters"
    assert kind(("DC.type", "info:eu-repo/semantics/masterThesis")) == "masters"
    assert kind(("citation_dissertation_institution", "ETH"), ("DC.type", "Master thesis")) == "masters"
    assert kind(("citation_dissertation_institution", "ETH"), ("eprints.thesis_type", "phd")) == "thesis"
