"""Feeds of papers that are not on arXiv, in shapes the other tests do not write: a workshop's RSS 2.0
with `email (Name)` authors, abstracts only in content:encoded, short dates, a DOI only in the guid,
the same item twice, and items that are broken (no title, a PDF link that 404s); served from loopback."""

from __future__ import annotations

import json

from click.testing import CliRunner
from feed_writers import paper_pdf

from paperpass.cli import cli
from paperpass.ingest.feeds import NO_PAPER, parse_items
from paperpass.library import Library


def _rss(base: str) -> bytes:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Workshop on Graph Learning 2026: accepted papers</title><link>{base}/</link>
<item><title>Sparse Message Passing for Protein Graphs</title><link>{base}/a.pdf</link>
 <description>&lt;p&gt;We study &lt;em&gt;sparse&lt;/em&gt; message passing.&lt;/p&gt;</description>
 <author>anna@uw.edu.pl (Anna Kowalska)</author>
 <pubDate>Tue, 01 Dec 2026 09:00:00 +0100</pubDate><guid isPermaLink="false">wgl26-1</guid></item>
<item><title>Robust Evaluation under Distribution Shift</title><link>{base}/paper/2</link>
 <enclosure url="{base}/b.pdf" type="application/pdf" length="0"/>
 <content:encoded><![CDATA[<p>Large language models are evaluated mostly on <b>English</b>.</p>]]></content:encoded>
 <pubDate>2 Dec 2026</pubDate></item>
<item><title>Robust Evaluation under Distribution Shift</title><link>{base}/paper/2</link>
 <enclosure url="{base}/b.pdf" type="application/pdf" length="0"/><pubDate>2 Dec 2026</pubDate></item>
<item><link>{base}/c.pdf</link><description>No title here.</description></item>
<item><title>A Paper Known by Its DOI</title><guid isPermaLink="true">https://doi.org/10.1234/wgl.2026.0042</guid>
 <description>Short.</description><pubDate>2026-12-03</pubDate></item>
<item><title>Paper Whose PDF Is Gone</title><link>{base}/missing.pdf</link></item>
</channel></rss>""".encode()


def test_items_keep_names_abstracts_dates_and_dois_both_readers_alike():
    data = _rss("http://127.0.0.1:1")
    for fast in (True, False):
        items = parse_items(data, "application/rss+xml", "feed", fast=fast)
        by_title = {p.title: p for p in reversed(items.papers)}  # the first of an item listed twice
        sparse = by_title["Sparse Message Passing for Protein Graphs"]
        assert sparse.authors == ["Anna Kowalska"], fast  # RSS 2.0's author is "email (Name)"
        assert sparse.abstract == "We study sparse message passing."
        robust = by_title["Robust Evaluation under Distribution Shift"]
        assert robust.abstract == "Large language models are evaluated mostly on English.", fast
        assert (robust.published or "")[:10] == "2026-12-02", fast
        known = by_title["A Paper Known by Its DOI"]
        assert known.doi == "10.1234/wgl.2026.0042" and (known.published or "")[:10] == "2026-12-03", fast
        assert [reason for _, reason in items.skipped] == ["the item has no title"], fast


def test_a_workshop_feed_over_http_with_pdfs(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed.rss").respond_with_data(_rss(base), content_type="application/rss+xml")
    httpserver.expect_request("/a.pdf").respond_with_data(paper_pdf("Sparse Message Passing"),
                                                          content_type="application/pdf")
    httpserver.expect_request("/b.pdf").respond_with_data(paper_pdf("Robust Evaluation"),
                                                          content_type="application/pdf")
    httpserver.expect_request("/missing.pdf").respond_with_data("no", status=404)
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/feed.rss", "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["seen"] == 6 and summary["added"] == 4 and summary["pdfs"] == 2 and summary["no_pdf"] == 1
    failed = {f["what"]: f["reason"] for f in summary["failed"]}
    assert not any("Known by Its DOI" in what for what in failed)
    # The PDF that failed is named so the user knows which paper: its id and its title.
    [gone] = [what for what in failed if "Paper Whose PDF Is Gone" in what]
    assert gone.startswith("PDF [") and "not found" in failed[gone]
    pdf_requests = [req.path for req, _ in httpserver.log if req.path == "/b.pdf"]
    assert len(pdf_requests) == 1, "the same item twice is one paper and one download"
    with Library.open(isolated_home) as library:
        stored = {p.title: p for p in library.papers() if p.source == "feed"}
    assert len(stored) == 4
    assert stored["Sparse Message Passing for Protein Graphs"].pdf_path
    robust = stored["Robust Evaluation under Distribution Shift"]
    assert robust.pdf_path and robust.abstract.startswith("Large language models")
    assert stored["A Paper Known by Its DOI"].source_url == "https://doi.org/10.1234/wgl.2026.0042"


def test_relative_links_resolve_against_the_feed(httpserver, isolated_home, waits):
    """A lab's reading list with relative links (a path, an enclosure file name, an href in the HTML)."""
    feed = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Lab reading list</title><link>https://lab.example.org/</link>
<item><title>Relative Link Paper</title><link>/papers/a.pdf</link><description>A paper.</description></item>
<item><title>Relative Enclosure Paper</title><link>papers/2.html</link>
 <enclosure url="b.pdf" type="application/pdf" length="1"/></item>
<item><title>Relative Href Paper</title><description>&lt;a href="/pdf/3"&gt;PDF&lt;/a&gt;</description></item>
<item><title>A Post With an Anchor</title><description>&lt;a href="#top"&gt;top&lt;/a&gt;</description></item>
</channel></rss>"""
    httpserver.expect_request("/lab/pdf/feed.rss").respond_with_data(feed, content_type="application/rss+xml")
    for path in ("/papers/a.pdf", "/lab/pdf/b.pdf", "/pdf/3"):
        httpserver.expect_request(path).respond_with_data(paper_pdf("A Paper"), content_type="application/pdf")
    url = httpserver.url_for("/lab/pdf/feed.rss")  # a "pdf" folder: an anchor must not become a PDF link
    for fast in (True, False):
        items = parse_items(feed, "application/rss+xml", url, fast=fast)
        assert [p.pdf_url for p in items.papers] == [httpserver.url_for(p) for p in
                                                      ("/papers/a.pdf", "/lab/pdf/b.pdf", "/pdf/3")], fast
        assert [reason for _, reason in items.skipped] == [NO_PAPER], fast
    result = CliRunner().invoke(cli, ["ingest", "feed", url, "--pdf", "--json"])
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["pdfs"], len(summary["failed"])) == (3, 3, 1)


def test_pdf_on_an_unchanged_feed_still_fetches_the_missing_pdfs(httpserver, isolated_home, waits):
    """`ingest feed URL` first, `ingest feed URL --pdf` later: the feed answers 304 (not modified), and the
    PDFs of its papers are fetched all the same; a PDF that failed the first time is tried again."""
    from werkzeug.wrappers import Response

    base = httpserver.url_for("").rstrip("/")

    def feed(request):
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response(_rss(base), content_type="application/rss+xml", headers={"ETag": '"v1"'})

    httpserver.expect_request("/feed.rss").respond_with_handler(feed)
    httpserver.expect_request("/a.pdf").respond_with_data(paper_pdf("Sparse"), content_type="application/pdf")
    httpserver.expect_request("/b.pdf").respond_with_data(paper_pdf("Robust"), content_type="application/pdf")
    first = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/feed.rss", "--json"]).stdout)
    assert first["added"] == 4 and first["pdfs"] == 0
    again = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/feed.rss", "--pdf", "--json"]).stdout)
    assert again["pdfs"] == 2
    failed = {f["what"].split("] ", 1)[1]: f["reason"] for f in again["failed"]}
    # a paper known only by its DOI has no PDF to fetch: counted apart, not a failure
    assert set(failed) == {"Paper Whose PDF Is Gone"} and again["no_pdf"] == 1
    with Library.open(isolated_home) as library:
        with_pdf = {p.title for p in library.papers() if p.pdf_path}
    assert with_pdf == {"Sparse Message Passing for Protein Graphs", "Robust Evaluation under Distribution Shift"}


def test_one_broken_entry_in_the_middle_of_a_journal_feed(isolated_home, tmp_path):
    """An RSS 1.0 table of contents whose second item has a raw `&` and `<i>` in its title: the items after
    it are read too, and the warning does not say that only the entries before it were kept."""
    items = "".join(
        f'<item rdf:about="https://j.example.org/{i}"><title>{title}</title><link>https://j.example.org/{i}</link>'
        f"<prism:doi>10.5555/jot.{i}</prism:doi></item>"
        for i, title in enumerate(["First Kernel Paper", "Broken & Unescaped <i>Entry</i>", "Third Kernel Paper",
                                   "Fourth Kernel Paper"], start=1))
    path = tmp_path / "toc.rdf"
    path.write_text('<?xml version="1.0" encoding="UTF-8"?><rdf:RDF '
                    'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" '
                    'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><channel '
                    'rdf:about="https://j.example.org/"><title>J</title><link>https://j.example.org/</link>'
                    f"</channel>{items}</rdf:RDF>", encoding="utf-8")
    result = CliRunner().invoke(cli, ["ingest", "feed", str(path), "--json"])
    summary = json.loads(result.stdout)
    assert summary["added"] == 4
    [warning] = [f["reason"] for f in summary["notes"]]  # every entry was read: a note, not a failure
    assert summary["failed"] == []
    assert "malformed" in warning and "before it" not in warning


def test_a_relative_feed_file_in_config_is_next_to_config(isolated_home, tmp_path, monkeypatch):
    """`feeds = ["toc.rdf"]` in config.toml, the file beside it, `paperpass ingest` run from elsewhere
    (cron starts in $HOME)."""
    from paperpass.config import Settings, save_settings

    (isolated_home / "toc.xml").write_bytes(_rss("https://journal.example.org"))
    save_settings(Settings(feeds=["toc.xml"], arxiv_delay_seconds=0.0), isolated_home / "config.toml")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)
    assert summary["source"] == str(isolated_home / "toc.xml") and summary["added"] == 4


def test_a_journal_feed_of_dois_only_is_not_a_list_of_failures(httpserver, isolated_home, waits):
    """`ingest feed --pdf` on a table of contents that gives DOIs and no PDFs: every paper is stored and the
    summary says how many have no PDF link, instead of one "failed" line per paper."""
    items = "".join(f"<item><title>Journal Paper {i}</title><guid>https://doi.org/10.5555/j.{i}</guid>"
                    f"<description>Abstract {i}.</description></item>" for i in range(3))
    feed = f'<?xml version="1.0"?><rss version="2.0"><channel><title>A Journal</title>{items}</channel></rss>'
    httpserver.expect_request("/toc.rss").respond_with_data(feed, content_type="application/rss+xml")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/toc.rss"), "--pdf"])
    assert result.exit_code == 0, result.output
    assert "3 added" in result.stdout and "(3 without a PDF link), 0 failed" in result.stdout
    assert "failed:" not in result.stdout


def test_a_site_page_stands_for_the_feed_it_names(httpserver, isolated_home, waits):
    """A user gives the workshop's page, not its feed: the feed named in the page's head is read."""
    base = httpserver.url_for("").rstrip("/")
    page = ('<!DOCTYPE html><html><head><title>WGL 2026</title>'
            '<link rel="stylesheet" href="/style.css">'
            '<link rel="alternate" type="application/rss+xml" title="Accepted papers" href="feed.rss">'
            '</head><body><h1>Accepted papers</h1></body></html>')
    httpserver.expect_request("/wgl/").respond_with_data(page, content_type="text/html; charset=utf-8")
    httpserver.expect_request("/wgl/feed.rss").respond_with_data(_rss(base), content_type="application/rss+xml")
    httpserver.expect_request("/plain/").respond_with_data("<html><body>No feed here.</body></html>",
                                                          content_type="text/html")
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/wgl/", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["added"] == 4
    assert [n["reason"] for n in summary["notes"]] == [
        f"a web page, not a feed: read the feed it names, {base}/wgl/feed.rss"]
    again = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/wgl/", "--json"])
    assert json.loads(again.stdout)["added"] == 0
    plain = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/plain/"])
    assert plain.exit_code == 1
    assert plain.output.strip() == f"paperpass: {base}/plain/: a web page, not a feed, and it names no feed (give the " \
                                   "feed's own URL)"


def test_a_guid_that_is_the_items_permalink_is_its_link_in_both_readers():
    """RSS 2.0: a <guid> is a permalink unless isPermaLink="false"; an item with no <link> is at its guid (a
    reading list whose items are only their PDFs' addresses). A guid that is not a permalink is no link."""
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Reading list</title>
<link>https://lab.example.org/</link>
<item><title>Sparse Probes</title><guid>https://lab.example.org/papers/probes.pdf</guid></item>
<item><title>Dense Probes</title><guid isPermaLink="true">https://lab.example.org/papers/dense.pdf</guid></item>
<item><title>Not a Link</title><guid isPermaLink="false">https://lab.example.org/papers/id-7.pdf</guid></item>
</channel></rss>"""
    for fast in (True, False):
        items = parse_items(feed, "application/rss+xml", "https://lab.example.org/feed", fast=fast)
        assert [(p.title, p.pdf_url) for p in items.papers] == [
            ("Sparse Probes", "https://lab.example.org/papers/probes.pdf"),
            ("Dense Probes", "https://lab.example.org/papers/dense.pdf")], fast
        assert [reason for _, reason in items.skipped] == [NO_PAPER], fast


def test_a_feed_in_another_encoding_than_it_declares_is_not_called_cut_off(httpserver, isolated_home, waits):
    """A feed that declares UTF-8 and is written in Windows-1252 (a CMS's template): every item is read, in
    the right letters, and the note says what is wrong with it, not that it is malformed or cut off."""
    feed = ('<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Caf\xe9</title>'
            "<link>https://j.example/</link><item><title>Caf\xe9 \u201cquoted\u201d R\xe9sum\xe9s</title>"
            "<link>https://doi.org/10.1234/cp.1</link><description>na\xefve</description></item></channel></rss>")
    httpserver.expect_request("/toc.rss").respond_with_data(feed.encode("cp1252"), content_type="application/rss+xml")
    result = CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/toc.rss"), "--json"])
    summary = json.loads(result.stdout)
    assert summary["added"] == 1
    [note] = [n["reason"] for n in summary["notes"]]
    assert "not in the encoding it declares" in note and "cut off" not in note
    with Library.open(isolated_home) as library:
        [paper] = [p for p in library.papers() if p.doi]
    assert (paper.title, paper.abstract) == ("Café “quoted” Résumés", "naïve")


def test_a_browsers_subscribe_link_is_the_feed_and_a_folder_is_said_to_be_one(httpserver, isolated_home, waits,
                                                                                tmp_path):
    """`feed://host/rss` and `feed:https://host/rss` (what a browser's subscribe button copies) are the
    http(s) feed they wrap; a folder given for a feed is called a folder, not 'no feed file'."""
    httpserver.expect_request("/toc.rss").respond_with_data(_rss("http://127.0.0.1:1"),
                                                            content_type="application/rss+xml")
    url = httpserver.url_for("/toc.rss")
    wrapped = CliRunner().invoke(cli, ["ingest", "feed", "feed:" + url, "--json"])
    assert wrapped.exit_code == 0, wrapped.output
    assert json.loads(wrapped.stdout)["seen"] == 6
    bare = CliRunner().invoke(cli, ["ingest", "feed", url.replace("http://", "feed://"), "--json"])
    assert bare.exit_code == 0, bare.output
    folder = CliRunner().invoke(cli, ["ingest", "feed", str(tmp_path)])
    assert folder.exit_code == 2 and f"{tmp_path} is a folder, not a feed" in folder.output
