"""`add <web link>` and `ingest feed` on web material shaped like the real thing: a PDF served with a wrong
content type, a Latin-1 page that says so only in its head, a page sent in chunks, pages and feeds that
moved (301/302) and link relatively, Highwire abstracts in markup (bioRxiv), DOI links as users paste
them; served from loopback."""

from __future__ import annotations

import http.server
import json
import threading
from html import escape

import pymupdf
import pytest
from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.ids import parse_arxiv_id
from paperpass.ingest.doi import parse_doi
from paperpass.ingest.feeds import parse_items
from paperpass.ingest.landing import read_paper_page
from paperpass.library import Library


def _pdf(title: str) -> bytes:
    doc = pymupdf.open()
    page = doc.new_page()
    page.insert_text((72, 90), title, fontsize=17, fontname="hebo")
    page.insert_text((72, 120), "Zofia Nowak and Piet de Vries", fontsize=11)
    page.insert_text((72, 160), "Abstract", fontsize=11, fontname="hebo")
    page.insert_textbox(pymupdf.Rect(72, 170, 540, 320), "We study tidal gradients in small lakes. " * 8, fontsize=10)
    page.insert_textbox(pymupdf.Rect(72, 340, 540, 760), "The body of the paper says more. " * 60, fontsize=10)
    return doc.tobytes()


def _page(tags: list[tuple[str, str]], head: str = "", body: str = "<p>A paper.</p>") -> str:
    meta = "".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in tags)
    return f"<!DOCTYPE html><html><head>{head}<title>Site</title>{meta}</head><body>{body}</body></html>"


def _added(home) -> list:
    with Library.open(home) as library:
        return [p for p in library.papers() if p.source != "seed"]


@pytest.mark.parametrize("ctype", ["text/plain", "application/x-download", "application/unknown", ""])
def test_a_pdf_served_with_a_wrong_content_type_is_read_by_its_bytes(httpserver, isolated_home, waits, ctype):
    # Repositories and old servers send PDFs as text/plain, x-download or nothing at all: the bytes say PDF.
    httpserver.expect_request("/bitstream/123/7").respond_with_data(_pdf("Tidal Gradients in Small Lakes"),
                                                                   headers={"Content-Type": ctype})
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/bitstream/123/7"), "--json"])
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert paper.title == "Tidal Gradients in Small Lakes" and paper.pdf_path


def test_what_is_not_a_pdf_is_still_refused_whatever_its_type(httpserver, isolated_home, waits):
    httpserver.expect_request("/fig").respond_with_data(b"\x89PNG\r\n\x1a\n" + b"\0" * 4000, content_type="image/png")
    page = _page([("citation_title", "A Lake Paper"), ("citation_pdf_url", "/fig")])
    httpserver.expect_request("/paper").respond_with_data(page, content_type="text/html")
    added = CliRunner().invoke(cli, ["add", httpserver.url_for("/paper"), "--pdf"])
    assert added.exit_code == 1 and added.output.strip().endswith("the server sent 'image/png', not a PDF")
    (paper,) = _added(isolated_home)
    assert paper.title == "A Lake Paper" and not paper.pdf_path


@pytest.mark.parametrize("head", ['<meta charset="iso-8859-1">',
                                  '<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">'])
def test_a_latin1_page_that_names_its_charset_only_in_its_head(httpserver, isolated_home, waits, head):
    page = _page([("citation_title", "Über Strömungen in kleinen Seen"), ("citation_author", "Müller, Jürgen")],
                 head=head)
    httpserver.expect_request("/eprint/42").respond_with_data(page.encode("latin-1"), content_type="text/html")
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/eprint/42"), "--json"])
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert (paper.title, paper.authors) == ("Über Strömungen in kleinen Seen", ["Jürgen Müller"])


def test_the_http_charset_wins_over_the_head_and_utf8_stays_the_default():
    page = _page([("citation_title", "Über Seen")], head='<meta charset="iso-8859-1">')
    assert read_paper_page(page.encode("utf-8"), "http://x/p", "utf-8").paper.title == "Über Seen"
    plain = _page([("citation_title", "Über Seen")])
    assert read_paper_page(plain.encode("utf-8"), "http://x/p").paper.title == "Über Seen"


class _Chunked(http.server.BaseHTTPRequestHandler):
    """A page sent with Transfer-Encoding: chunked in small pieces, as application servers stream a page."""

    protocol_version = "HTTP/1.1"
    body = b""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for start in range(0, len(self.body), 50):
            piece = self.body[start:start + 50]
            self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def log_message(self, *args):
        pass


def test_a_page_sent_in_chunks_is_read_whole(isolated_home, waits):
    _Chunked.body = _page([("citation_title", "Lakes Read in Pieces"), ("citation_author", "Ada Chunk"),
                           ("citation_publication_date", "2025/03/02")], head="<!-- " + "x" * 300 + " -->").encode()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Chunked)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = CliRunner().invoke(cli, ["add", f"http://127.0.0.1:{server.server_port}/content/1", "--json"])
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert (paper.title, paper.authors, paper.year) == ("Lakes Read in Pieces", ["Ada Chunk"], 2025)


def test_relative_links_resolve_against_where_a_page_moved(httpserver, isolated_home, waits):
    # /forum?id=7 moved to /venue/2025/paper/7/, whose PDF link is relative to the new place
    httpserver.expect_request("/forum").respond_with_data("", status=301,
                                                          headers={"Location": "/venue/2025/paper/7/"})
    page = _page([("citation_title", "Tidal Gradients in Small Lakes"), ("citation_pdf_url", "paper.pdf")])
    httpserver.expect_request("/venue/2025/paper/7/").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/venue/2025/paper/7/paper.pdf").respond_with_data(
        _pdf("Tidal Gradients in Small Lakes"), content_type="application/pdf")
    url = httpserver.url_for("/forum") + "?id=7"
    result = CliRunner().invoke(cli, ["add", url, "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert paper.pdf_url == httpserver.url_for("/venue/2025/paper/7/paper.pdf") and paper.pdf_path
    assert paper.source_url == url  # what the user gave is kept as where it came from


def test_relative_links_resolve_against_where_a_feed_moved(httpserver, isolated_home, waits):
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Lab reading list</title>
<link>http://lab.example.org/</link>
<item><title>Shallow Lakes Revisited</title><link>papers/shallow.pdf</link><description>Lakes.</description></item>
</channel></rss>"""
    httpserver.expect_request("/feed.xml").respond_with_data("", status=301, headers={"Location": "/lab/new/feed.xml"})
    httpserver.expect_request("/lab/new/feed.xml").respond_with_data(rss, content_type="application/rss+xml")
    # a site's homepage that moved, naming its feed relatively
    httpserver.expect_request("/site").respond_with_data("", status=302, headers={"Location": "/lab/home/"})
    home = _page([], head='<link rel="alternate" type="application/rss+xml" title="Papers" href="../new/feed.xml">')
    httpserver.expect_request("/lab/home/").respond_with_data(home, content_type="text/html")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/feed.xml")])
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert paper.pdf_url == httpserver.url_for("/lab/new/papers/shallow.pdf")
    via_site = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/site")])
    assert via_site.exit_code == 0, via_site.output
    assert httpserver.url_for("/lab/new/feed.xml") in via_site.output


def test_a_highwire_abstract_in_markup_is_plain_text():
    # bioRxiv and other Highwire sites put the abstract's HTML, escaped, in citation_abstract
    tags = [("citation_title", "Lake <i>Microbes</i> Shift With Tides"), ("citation_author", "Nowak, Zofia"),
            ("citation_abstract", "<h3>Abstract</h3> <p>Microbes in lakes shift with <i>tides</i> &amp; "
                                  "seasons.</p><p>Second paragraph.</p>"),
            ("citation_doi", "10.1101/2025.03.01.123456")]
    paper = read_paper_page(_page(tags).encode(), "https://www.biorxiv.org/content/10.1101/2025.03.01.123456v1").paper
    assert paper.abstract == "Microbes in lakes shift with tides & seasons. Second paragraph."
    assert paper.title == "Lake Microbes Shift With Tides"
    # a plain abstract that mentions "<" is left alone
    plain = [("citation_title", "T"), ("citation_abstract", "We show that a < b for all lakes.")]
    assert read_paper_page(_page(plain).encode(), "https://x/p").paper.abstract == "We show that a < b for all lakes."


@pytest.mark.parametrize("pasted, doi", [
    ("https://doi.org/10.1145/3442188.3445922?download=true", "10.1145/3442188.3445922"),
    ("https://dx.doi.org/10.1016/j.cell.2020.01.002?utm_source=x&utm_medium=y", "10.1016/j.cell.2020.01.002"),
    ("https://doi.org/10.1016/j.cell.2020.01.001#abstract", "10.1016/j.cell.2020.01.001"),
    ("https://doi.org/10.1145/3442188.3445922/", "10.1145/3442188.3445922"),
    ("https://www.doi.org/10.1038/nature14539", "10.1038/nature14539"),
    ("https://doi.org/10.1145%2F3442188.3445922", "10.1145/3442188.3445922"),
    ("HTTPS://DOI.ORG/10.1038/NATURE14539", "10.1038/nature14539"),
    ("doi:10.1038/nature14539", "10.1038/nature14539"),
    ("10.1000/a?b", "10.1000/a?b"),  # typed bare, a "?" may be part of the DOI
    ("https://doi.org/", None),
])
def test_doi_links_as_users_paste_them(pasted, doi):
    assert parse_doi(pasted) == doi


def test_add_a_doi_link_with_a_tracking_query(httpserver, isolated_home, waits, monkeypatch):
    monkeypatch.setenv("PAPERPASS_DOI_API", httpserver.url_for("/doi").rstrip("/"))
    record = {"DOI": "10.1145/3442188.3445922", "title": "On Lakes", "type": "article-journal",
              "author": [{"family": "Nowak", "given": "Zofia"}], "issued": {"date-parts": [[2021, 3, 1]]}}
    httpserver.expect_request("/doi/10.1145/3442188.3445922").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    result = CliRunner().invoke(cli, ["add", "https://doi.org/10.1145/3442188.3445922?download=true", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["doi"] == "10.1145/3442188.3445922"


EPRINTS = [  # an EPrints record page: eprints.* and two sets of DC, the DOI not in the first DC.identifier
    ("eprints.creators_name", "Nowak, Zofia"), ("eprints.creators_name", "de Vries, Piet"),
    ("eprints.title", "Groundwater and Lakes"), ("eprints.date", "2023-05-17"),
    ("eprints.abstract", "Groundwater feeds lakes."), ("eprints.publication", "Journal of Lakes"),
    ("eprints.id_number", "doi: 10.5555/Lakes.2023.12"), ("eprints.document_url", "/1234/1/lakes.pdf"),
    ("DC.title", "Groundwater and Lakes"), ("DC.creator", "Nowak, Zofia"), ("DC.date", "2023-05-17"),
    ("DC.identifier", "https://eprints.example.ac.uk/1234/1/lakes.pdf"),
    ("DC.identifier", "Nowak, Zofia (2023) Groundwater and Lakes. Journal of Lakes, 12 (3). ISSN 1234-5678"),
]
DSPACE = [  # a DSpace item page: DC and DCTERMS, the handle first among the identifiers
    ("DC.creator", "Nowak, Zofia"), ("DCTERMS.issued", "2022-11-03"), ("DC.identifier", "http://hdl.handle.net/1/99"),
    ("DC.identifier", "https://doi.org/10.5555/north.99"), ("DCTERMS.abstract", "Lakes in the north."),
    ("DC.title", "Northern Lakes"),
]
BEPRESS = [  # a Digital Commons (bepress) repository page
    ("bepress_citation_title", "Lakes of the Plains"), ("bepress_citation_author", "Nowak, Zofia"),
    ("bepress_citation_author", "Ann Park"), ("bepress_citation_date", "2021"),
    ("bepress_citation_pdf_url", "https://commons.example.edu/cgi/viewcontent.cgi?article=1001&context=lakes"),
    ("bepress_citation_doi", "10.5555/plains.1"), ("description", "Plains have lakes."),
]


@pytest.mark.parametrize("tags, expected", [
    (EPRINTS, ("Groundwater and Lakes", ["Zofia Nowak", "Piet de Vries"], "2023-05-17", "10.5555/lakes.2023.12",
               "Groundwater feeds lakes.", "Journal of Lakes", "https://eprints.example.ac.uk/1234/1/lakes.pdf")),
    (DSPACE, ("Northern Lakes", ["Zofia Nowak"], "2022-11-03", "10.5555/north.99", "Lakes in the north.", None, None)),
    (BEPRESS, ("Lakes of the Plains", ["Zofia Nowak", "Ann Park"], None, "10.5555/plains.1", "Plains have lakes.", None,
               "https://commons.example.edu/cgi/viewcontent.cgi?article=1001&context=lakes")),
])
def test_repository_pages_eprints_dspace_bepress(tags, expected):
    page = read_paper_page(_page(tags).encode(), "https://eprints.example.ac.uk/1234/")
    p = page.paper
    assert (p.title, p.authors, p.published, p.doi, p.abstract, p.venue, p.pdf_url) == expected


def test_show_names_the_venue_a_page_gave(httpserver, isolated_home, waits):
    tags = [("citation_title", "Seiches in Alpine Lakes"), ("citation_author", "Müller, Jürgen"),
            ("citation_journal_title", "Aquatic Sciences"), ("citation_doi", "10.1007/s00027-024-01055-1")]
    httpserver.expect_request("/article/1").respond_with_data(_page(tags), content_type="text/html")
    added = CliRunner().invoke(cli, ["add", httpserver.url_for("/article/1"), "--json"])
    shown = CliRunner().invoke(cli, ["show", str(json.loads(added.stdout)["id"])])
    assert shown.exit_code == 0, shown.output
    assert 'venue: "Aquatic Sciences"' in shown.output.split("---")[1]


@pytest.mark.parametrize("version, ctype", [
    ("http://jsonfeed.org/version/1", "application/json"),  # the http form some generators write (readers accept it)
    ("https://jsonfeed.org/version/1.1", "application/feed+json"),
    (None, "application/feed+json"),  # no version, but the server says what it is
])
def test_a_json_feed_by_its_other_marks(version, ctype):
    feed = {"title": "Lake Lab", "home_page_url": "https://lab.example.org/",
            "items": [{"id": "1", "url": "/papers/one.pdf", "title": "One Lake Paper", "content_text": "One lake."}]}
    if version:
        feed["version"] = version
    items = parse_items(json.dumps(feed).encode(), ctype, "https://lab.example.org/feed.json")
    assert [(p.title, p.pdf_url) for p in items.papers] == [("One Lake Paper", "https://lab.example.org/papers/one.pdf")]
    assert items.skipped == []


def test_a_refusal_or_a_login_wall_says_what_to_do(httpserver, isolated_home, waits):
    # publishers answer non-browser clients 403; a paywalled page redirects to a login form
    httpserver.expect_request("/doi/pdf/10.5555/x").respond_with_data("<html>Forbidden</html>", status=403,
                                                                      content_type="text/html")
    httpserver.expect_request("/article/9").respond_with_data("", status=302, headers={"Location": "/login?next=/a"})
    httpserver.expect_request("/login").respond_with_data(_page([], body="<form>Sign in</form>"), content_type="text/html")
    refused = CliRunner().invoke(cli, ["add", httpserver.url_for("/doi/pdf/10.5555/x")])
    assert refused.exit_code == 1 and len(refused.output.strip().splitlines()) == 1
    assert "HTTP 403 FORBIDDEN" in refused.output.upper() and "save the PDF from a browser" in refused.output
    walled = CliRunner().invoke(cli, ["add", httpserver.url_for("/article/9")])
    assert walled.exit_code == 2 and len(walled.output.strip().splitlines()) == 1
    assert f"redirected to {httpserver.url_for('/login')}?next=/a" in walled.output
    assert _added(isolated_home) == []


@pytest.mark.parametrize("pasted, expected", [
    ("https://www.alphaxiv.org/overview/2505.05470", ("2505.05470", None)),  # alphaXiv's overview page of a paper
    ("https://alphaxiv.org/overview/2512.21120v1", ("2512.21120", 1)),
    ("https://arxiv.org/html/2401.12345v1/index.html", ("2401.12345", 1)),  # a page inside the HTML version
    ("https://arxiv.org/abs/2401.12345.", ("2401.12345", None)),  # the full stop of the sentence it was in
    ("(https://arxiv.org/abs/2401.12345v2)", ("2401.12345", 2)),
    ("<https://arxiv.org/abs/2401.12345>", ("2401.12345", None)),
    ("https://arxiv.org/abs/2401.12345?context=cs", ("2401.12345", None)),
    ("https://example.org/overview/2401.12345", None),  # another site's page is not an arXiv link
])
def test_arxiv_links_as_users_paste_them(pasted, expected):
    assert parse_arxiv_id(pasted) == expected


@pytest.mark.parametrize("tags", [
    [("citation_title", "Attention on Lakes"), ("citation_doi", "10.48550/arXiv.2401.12345")],  # arXiv's DataCite DOI
    [("DC.title", "Attention on Lakes"), ("DC.identifier", "https://hdl.handle.net/1/2"),
     ("DC.identifier", "arXiv:2401.12345v2")],  # a repository's copy naming its arXiv id
])
def test_a_page_naming_an_arxiv_doi_or_id_is_that_arxiv_paper(tags):
    page = read_paper_page(_page(tags).encode(), "https://repo.example.edu/item/2")
    assert page.arxiv is not None and page.arxiv[0] == "2401.12345"


@pytest.mark.parametrize("link", ["ftp://ftp.example.org/pub/lakes.pdf", "sftp://host/lakes.pdf", "s3://bucket/lakes.pdf"])
def test_a_link_of_another_scheme_is_refused_as_such(isolated_home, link):
    result = CliRunner().invoke(cli, ["add", link])
    assert result.exit_code == 2
    assert result.output.strip() == f"paperpass: refusing to fetch {link!r}: only http and https links are followed"


@pytest.mark.parametrize("body", [
    b'<?xml version="1.0"?>\n<!-- generated -->\n<rss version="2.0"><channel><title>Lab</title><link>http://lab/</link>'
    b"<item><title>A Lake Paper</title><link>/papers/a.pdf</link></item></channel></rss>",
    b'<?xml version="1.0" encoding="utf-8"?><?xml-stylesheet href="s.xsl"?><feed xmlns="http://www.w3.org/2005/Atom">'
    b'<title>Lab</title><id>urn:lab</id><entry><title>A Lake Paper</title><id>urn:1</id>'
    b'<link rel="alternate" href="/papers/a.pdf"/></entry></feed>',
    json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "Lab",
                "items": [{"id": "1", "url": "/papers/a.pdf", "title": "A Lake Paper"}]}).encode(),
])
def test_a_feed_served_as_text_html_is_read_as_the_feed_it_is(httpserver, isolated_home, waits, body):
    # PHP feed scripts that never set a Content-Type, misconfigured servers: the bytes say feed
    httpserver.expect_request("/feed.php").respond_with_data(body, content_type="text/html; charset=UTF-8")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/feed.php")])
    assert result.exit_code == 0, result.output
    (paper,) = _added(isolated_home)
    assert (paper.title, paper.pdf_url) == ("A Lake Paper", httpserver.url_for("/papers/a.pdf"))


def test_add_given_a_feed_says_to_ingest_it(httpserver, isolated_home, waits):
    rss = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Lab</title><link>http://lab/</link></channel></rss>'
    httpserver.expect_request("/feed.xml").respond_with_data(rss, content_type="application/rss+xml")
    url = httpserver.url_for("/feed.xml")
    result = CliRunner().invoke(cli, ["add", url])
    assert result.exit_code == 2
    assert result.output.strip() == f"paperpass: {url}: a feed, not a paper's page: `paperpass ingest feed {url}` reads it"


def test_a_feed_labelled_iso_8859_1_reads_its_windows_1252_quotes_in_both_readers():
    # feeds labelled ISO-8859-1 are mostly written in windows-1252: en dash 0x96, quotes 0x93/0x94
    feed = (b'<?xml version="1.0" encoding="ISO-8859-1"?>\n<rss version="2.0"><channel><title>Seen</title>'
            b"<link>http://lab.example/</link><item><title>\xdcber Str\xf6mungen \x96 eine Studie</title>"
            b"<link>http://lab.example/a.pdf</link><author>j@x.de (J\xfcrgen M\xfcller)</author>"
            b"<description>Caf\xe9 \x93Seen\x94</description></item></channel></rss>")
    for fast in (True, False):
        (paper,) = parse_items(feed, "application/rss+xml", "feed", fast=fast).papers
        assert (paper.title, paper.authors, paper.abstract) == (
            "Über Strömungen – eine Studie", ["Jürgen Müller"], "Café “Seen”"), fast


def test_an_entry_whose_id_is_an_info_doi_uri_names_that_doi():
    # PLOS's Atom feeds identify each article by its DOI as an info: URI (RFC 4452)
    feed = b"""<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://journals.plos.org/plosone/">
<title>PLOS ONE: New Articles</title><id>info:doi/10.1371/feed.pone</id><updated>2026-12-01T00:00:00Z</updated>
<entry><id>info:doi/10.1371/journal.pone.0312345</id><title>Lake Microbes in Winter</title><updated>2026-12-01T00:00:00Z</updated>
<published>2026-12-01T00:00:00Z</published><author><name>Zofia Nowak</name></author>
<link rel="alternate" type="text/html" href="https://journals.plos.org/plosone/article?id=10.1371/journal.pone.0312345"/>
<summary type="html">&lt;p&gt;Microbes in winter lakes.&lt;/p&gt;</summary></entry></feed>"""
    for fast in (True, False):
        (paper,) = parse_items(feed, "application/atom+xml", "https://journals.plos.org/plosone/feed/atom",
                               fast=fast).papers
        assert (paper.title, paper.doi, paper.authors) == (
            "Lake Microbes in Winter", "10.1371/journal.pone.0312345", ["Zofia Nowak"]), fast


@pytest.mark.parametrize("command, path, ctype, body", [
    ("add", "/page", "text/html", _page([("citation_title", "A Lake Paper")]).encode()),
    ("add", "/paper.pdf", "application/pdf", _pdf("A Lake Paper")),
    ("ingest", "/feed.xml", "application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>'),
])
def test_a_body_that_says_gzip_but_is_not_is_one_line(httpserver, isolated_home, waits, command, path, ctype, body):
    # a server that labels plain bytes Content-Encoding: gzip: requests fails while reading the body
    httpserver.expect_request(path).respond_with_data(body, headers={"Content-Type": ctype, "Content-Encoding": "gzip"})
    args = ["add", httpserver.url_for(path)] if command == "add" else ["ingest", "feed", httpserver.url_for(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1 and not isinstance(result.exception, AssertionError)
    assert result.output.strip().splitlines() == [
        f"paperpass: {httpserver.url_for(path)}: the server's answer says it is gzip-compressed but cannot be "
        "decompressed"]
    assert _added(isolated_home) == []


def test_doi_links_in_feeds_and_pages_lose_their_query_and_fragment():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>J</title><link>https://journal.example/</link>
<item><title>Paper A</title><link>https://doi.org/10.1145/3700001?af=R</link></item>
<item><title>Paper B</title><guid>https://doi.org/10.1145/3700002?utm_source=rss</guid><link>https://journal.example/b</link></item>
<item><title>Paper C</title><link>https://journal.example/c</link>
<description>&lt;a href="https://dx.doi.org/10.1145%2F3700003#abs"&gt;doi&lt;/a&gt;</description></item>
</channel></rss>"""
    for fast in (True, False):
        papers = parse_items(feed, "", "https://journal.example/feed", fast=fast).papers
        assert [p.doi for p in papers] == ["10.1145/3700001", "10.1145/3700002", "10.1145/3700003"], fast
    tags = [("DC.title", "T"), ("DC.identifier", "https://doi.org/10.5555/lakes.7?download=true")]
    assert read_paper_page(_page(tags).encode(), "https://repo.example/1").paper.doi == "10.5555/lakes.7"


def test_the_older_highwire_citation_authors_tag_is_read():
    # ACM's older pages gave every author in one citation_authors, "Surname, Given; Surname, Given"
    tags = [("citation_title", "Lake Graphs"), ("citation_authors", "Nowak, Zofia; de Vries, Piet; Park, Ann")]
    paper = read_paper_page(_page(tags).encode(), "https://dl.example.org/citation.cfm?id=1").paper
    assert paper.authors == ["Zofia Nowak", "Piet de Vries", "Ann Park"]


def test_ingest_feed_given_a_pdf_says_to_add_it(httpserver, isolated_home, waits, tmp_path):
    pdf = _pdf("A Lake Paper")
    httpserver.expect_request("/paper").respond_with_data(pdf, content_type="application/octet-stream")
    (tmp_path / "paper.pdf").write_bytes(pdf)
    for source in (httpserver.url_for("/paper"), str(tmp_path / "paper.pdf")):
        result = CliRunner().invoke(cli, ["ingest", "feed", source])
        assert result.exit_code == 1
        assert result.output.strip() == f"paperpass: {source}: a PDF, not a feed: `paperpass add {source}` adds it"


def test_a_feed_url_redirected_to_a_login_page_says_where_it_led(httpserver, isolated_home, waits):
    httpserver.expect_request("/members/feed").respond_with_data("", status=302, headers={"Location": "/login"})
    httpserver.expect_request("/login").respond_with_data(_page([], body="<form>Sign in</form>"), content_type="text/html")
    url = httpserver.url_for("/members/feed")
    result = CliRunner().invoke(cli, ["ingest", "feed", url])
    assert result.exit_code == 1
    assert result.output.strip() == (f"paperpass: {url}: redirected to {httpserver.url_for('/login')}, a web page, "
                                     "not a feed, and it names no feed (give the feed's own URL)")


def test_a_month_only_issue_date_leaves_the_day_to_the_online_date():
    # Springer: the issue's month in citation_publication_date, the day the article went online beside it
    tags = [("citation_title", "Seiches"), ("citation_publication_date", "2024/03"),
            ("citation_online_date", "2023/12/20")]
    paper = read_paper_page(_page(tags).encode(), "https://link.example.org/article/1").paper
    assert (paper.published, paper.year) == ("2023-12-20", 2024)  # cited by its issue's year, dated by its day


def test_a_page_with_a_doi_but_no_authors_takes_them_from_the_doi_record(httpserver, isolated_home, waits,
                                                                        monkeypatch):
    # ScienceDirect's pages give title, DOI, journal and PDF link in meta tags, but no citation_author
    monkeypatch.setenv("PAPERPASS_DOI_API", httpserver.url_for("/doi").rstrip("/"))
    record = {"DOI": "10.1016/j.watres.2025.123456", "title": "Nitrogen in shallow lakes", "type": "article-journal",
              "author": [{"family": "Nowak", "given": "Zofia"}, {"family": "de Vries", "given": "Piet"}],
              "issued": {"date-parts": [[2025, 5, 1]]}, "container-title": "Water Research"}
    httpserver.expect_request("/doi/10.1016/j.watres.2025.123456").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    tags = [("citation_title", "Nitrogen in Shallow Lakes"), ("citation_doi", "10.1016/j.watres.2025.123456"),
            ("citation_journal_title", "Water Research"), ("citation_publication_date", "2025/05/01"),
            ("citation_pdf_url", "/pii/S0043/pdfft?md5=abc&pid=main.pdf")]
    httpserver.expect_request("/pii/S0043").respond_with_data(_page(tags), content_type="text/html")
    # the same shape of page whose DOI the resolver does not know: the page alone, as before
    orphan = [("citation_title", "An Orphan Page"), ("citation_doi", "10.1016/j.orphan.1")]
    httpserver.expect_request("/pii/S0099").respond_with_data(_page(orphan), content_type="text/html")
    url = httpserver.url_for("/pii/S0043")
    result = CliRunner().invoke(cli, ["add", url, "--json"])
    assert result.exit_code == 0, result.output
    shown = json.loads(result.stdout)
    assert shown["authors"] == ["Zofia Nowak", "Piet de Vries"] and shown["title"] == "Nitrogen in Shallow Lakes"
    assert shown["source_url"] == url and shown["pdf_url"] == httpserver.url_for("/pii/S0043/pdfft") + "?md5=abc&pid=main.pdf"
    assert (shown["doi"], shown["venue"], shown["year"]) == ("10.1016/j.watres.2025.123456", "Water Research", 2025)
    alone = CliRunner().invoke(cli, ["add", httpserver.url_for("/pii/S0099"), "--json"])
    assert alone.exit_code == 0, alone.output
    assert json.loads(alone.stdout)["title"] == "An Orphan Page" and json.loads(alone.stdout)["authors"] == []
