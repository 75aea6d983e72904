"""Journal feeds whose items give only a title, a teaser and the article's link (ScienceDirect's RSS, IEEE
Xplore's tables of contents, proceedings sites): ingest reads each article's page for the paper, by the meta
tags it gives indexers, as `add <page>` does; a blog's posts still name no paper, after one look. Feeds and
pages are written here in the shapes the publishers use, and served from loopback."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

from click.testing import CliRunner
from feed_writers import paper_pdf
from ingest_recorded import entries_of, entry_id, recorded
from werkzeug.wrappers import Response

from paperpass.cli import cli
from paperpass.config import Settings, save_settings
from paperpass.ingest import ingest_feed
from paperpass.ingest.feeds import NO_PAPER
from paperpass.library import Library
from paperpass.store.papers import list_papers

JOURNAL = "Journal of Loopback Studies"


def _page(tags: list[tuple[str, str]], title: str = "Article") -> str:
    """An article's page: its meta tags in the head, as Highwire, Atypon and ScienceDirect pages give them."""
    meta = "\n".join(f'<meta name="{name}" content="{escape(value)}" />' for name, value in tags)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8" /><title>{escape(title)}</title>\n{meta}\n'
            f'<link rel="stylesheet" href="/css/article.css" /></head>\n<body><main><h1>{escape(title)}</h1>'
            "<section class=\"abstract\"><h2>Abstract</h2><p>Text.</p></section></main></body></html>")


def _article_tags(n: int, *, authors: bool = True, pdf: bool = True) -> list[tuple[str, str]]:
    tags = [("citation_title", f"Sparse Probes of Lake Number {n}"), ("citation_journal_title", JOURNAL),
            ("citation_publication_date", f"2026/07/{n % 28 + 1:02d}"), ("citation_doi", f"10.5555/jls.2026.{n:03d}"),
            ("citation_abstract", f"We probe lake {n} with sparse features.")]
    if authors:
        tags += [("citation_author", "Nowak, Zofia"), ("citation_author", f"Piet de Vries{n}")]
    if pdf:
        tags.append(("citation_pdf_url", f"/science/article/pii/S{n:04d}/pdfft?pid=main.pdf"))
    return tags


def _sd_item(title: str, link: str, authors: str = "Alice Example, Bob Example") -> str:
    """One item of ScienceDirect's RSS: the title, the article's link, and a teaser of date, journal and
    authors; no DOI, no PDF, no author element."""
    return (f"<item><title><![CDATA[{title}]]></title><link>{escape(link)}</link>"
            f"<description><![CDATA[<p>Publication date: July 2026</p><p><b>Source:</b> {JOURNAL}</p>"
            f"<p>Author(s): {authors}</p>]]></description>"
            f'<guid isPermaLink="false">{escape(link.rsplit("/", 1)[-1])}</guid></item>')


def _rss(items: list[str], title: str = f"ScienceDirect Publication: {JOURNAL}") -> bytes:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
            f'xmlns:prism="http://prismstandard.org/namespaces/basic/2.0/"><channel><title>{escape(title)}</title>'
            f"<link>https://journal.example.org/</link><description>Latest articles</description>"
            + "".join(items) + "</channel></rss>").encode()


def _pdf(title: str) -> bytes:
    return paper_pdf(title, "Zofia Nowak", "We probe lakes with sparse features. ")


def _requests(httpserver, path: str) -> int:
    return sum(1 for request, _ in httpserver.log if request.path == path)


def _arxiv_entry_id(n: int = 0) -> str:
    return entry_id(entries_of(recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"))[n]).split("v")[0]


def _journal_feed(httpserver, monkeypatch) -> tuple[str, dict[str, str]]:
    """A journal's RSS of nine items: seven link only to their article's page (a full Highwire page, a
    ScienceDirect page naming no author, a Dublin Core page, a page naming its arXiv id, a 404, a 403 and an
    editorial with no citation tags), one names its DOI and one links to arXiv. Returns (feed URL, paths)."""
    base = httpserver.url_for("").rstrip("/")
    monkeypatch.setenv("PAPERPASS_DOI_API", httpserver.url_for("/doi").rstrip("/"))
    arxiv = _arxiv_entry_id()
    paths = {"full": "/science/article/pii/S0001", "sd": "/science/article/pii/S0002", "dc": "/article/3",
             "arxiv": "/article/4", "gone": "/science/article/pii/S0404", "refused": "/science/article/pii/S0403",
             "editorial": "/news/editorial-2026-07"}
    items = [
        _sd_item("Sparse probes of <em>lake</em> number 1", f"{base}{paths['full']}?dgcid=rss_sd_all"),
        _sd_item("Sparse probes of lake number 2", f"{base}{paths['sd']}?dgcid=rss_sd_all"),
        _sd_item("A Dublin Core article", f"{base}{paths['dc']}"),
        _sd_item("An article with a preprint", f"{base}{paths['arxiv']}"),
        _sd_item("An article taken down", f"{base}{paths['gone']}?dgcid=rss_sd_all"),
        _sd_item("An article behind a wall", f"{base}{paths['refused']}?dgcid=rss_sd_all"),
        _sd_item("Editorial: our year", f"{base}{paths['editorial']}", authors="The Editors"),
        "<item><title>An article naming its DOI</title><link>https://journal.example.org/a/8</link>"
        "<prism:doi>10.5555/jls.2026.008</prism:doi><description>Short.</description></item>",
        f"<item><title>A preprint we liked</title><link>https://arxiv.org/abs/{_arxiv_entry_id(1)}</link></item>",
    ]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    html = "text/html; charset=utf-8"
    httpserver.expect_request(paths["full"]).respond_with_data(_page(_article_tags(1)), content_type=html)
    httpserver.expect_request(paths["sd"]).respond_with_data(_page(_article_tags(2, authors=False)), content_type=html)
    record = {"DOI": "10.5555/jls.2026.002", "title": "Sparse probes of lake number 2", "type": "article-journal",
              "author": [{"family": "Okafor", "given": "Chidi"}, {"family": "Li", "given": "Bo"}],
              "issued": {"date-parts": [[2026, 7, 3]]}, "container-title": JOURNAL}
    httpserver.expect_request("/doi/10.5555/jls.2026.002").respond_with_data(
        json.dumps(record), content_type="application/vnd.citationstyles.csl+json")
    httpserver.expect_request(paths["dc"]).respond_with_data(_page([
        ("DC.title", "A Dublin Core Article"), ("DC.creator", "Müller, K."), ("DC.date", "2026-07-05"),
        ("DC.identifier", "doi:10.5555/jls.2026.003")]), content_type=html)
    httpserver.expect_request(paths["arxiv"]).respond_with_data(_page([
        ("citation_title", "An Article With a Preprint"), ("citation_arxiv_id", arxiv)]), content_type=html)
    httpserver.expect_request(paths["gone"]).respond_with_data("Not found", status=404)
    httpserver.expect_request(paths["refused"]).respond_with_data("Forbidden", status=403)
    httpserver.expect_request(paths["editorial"]).respond_with_data(_page([
        ("og:title", "Editorial: our year"), ("og:type", "article"), ("description", "What we published.")]),
        content_type=html)
    return f"{base}/toc.rss", paths


def test_a_journal_feed_whose_items_link_only_to_their_pages(httpserver, isolated_home, waits, api, monkeypatch):
    url, paths = _journal_feed(httpserver, monkeypatch)
    base = httpserver.url_for("").rstrip("/")
    result = CliRunner().invoke(cli, ["ingest", "feed", url, "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["seen"], summary["added"], summary["item_pages"]) == (9, 6, 7)
    failed = {f["what"]: f["reason"] for f in summary["failed"]}
    assert failed["Editorial: our year"] == NO_PAPER
    assert failed["An article taken down"].startswith(f"{NO_PAPER}; its page could not be read: ")
    assert "not found (HTTP 404)" in failed["An article taken down"]
    assert "HTTP 403" in failed["An article behind a wall"] and "the site refuses paperpass" in failed[
        "An article behind a wall"]
    assert len(failed) == 3 and summary["notes"] == []
    with Library.open(isolated_home) as library:
        stored = {p.title: p for p in library.papers() if p.source != "seed"}
    full = stored["Sparse Probes of Lake Number 1"]  # the page's title, not the item's markup
    assert full.authors == ["Zofia Nowak", "Piet de Vries1"] and full.doi == "10.5555/jls.2026.001"
    assert (full.venue, full.year, (full.published or "")[:10]) == (JOURNAL, 2026, "2026-07-02")
    assert full.abstract == "We probe lake 1 with sparse features." and full.source == "feed"
    assert full.kind == "article"  # citation_journal_title: a journal article
    assert full.pdf_url == f"{base}{paths['full']}/pdfft?pid=main.pdf"
    assert full.source_url == f"{base}{paths['full']}?dgcid=rss_sd_all"  # the item's link, as the feed gave it
    # a page naming no author: its DOI's record gives them, as `add` does
    assert stored["Sparse Probes of Lake Number 2"].authors == ["Chidi Okafor", "Bo Li"]
    dublin = stored["A Dublin Core Article"]
    assert (dublin.authors, dublin.doi, dublin.year) == (["K. Müller"], "10.5555/jls.2026.003", 2026)
    # a page naming its arXiv id is that arXiv paper, asked of the API with the feed's own arXiv link
    arxiv = _arxiv_entry_id()
    [preprint] = [p for p in stored.values() if p.arxiv_id == arxiv]
    assert preprint.source_url == f"{base}{paths['arxiv']}"
    assert [q["id_list"] for q in api.queries if q.get("id_list")] == [f"{_arxiv_entry_id(1)},{arxiv}"]
    assert "An article naming its DOI" in stored
    assert all(_requests(httpserver, path) == 1 for path in paths.values())


def test_the_next_ingest_fetches_no_page_again_and_a_failed_one_three_times_at_most(
        httpserver, isolated_home, waits, api, monkeypatch):
    url, paths = _journal_feed(httpserver, monkeypatch)
    runs = [json.loads(CliRunner().invoke(cli, ["ingest", "feed", url, "--json"]).stdout) for _ in range(4)]
    # The pages that gave a paper are known by their link, the editorial as naming none: never fetched again.
    for key in ("full", "sd", "dc", "arxiv", "editorial"):
        assert _requests(httpserver, paths[key]) == 1, key
    # A page that failed is tried by the next ingests, three times in all, then no more.
    assert _requests(httpserver, paths["gone"]) == _requests(httpserver, paths["refused"]) == 3
    second, fourth = runs[1], runs[3]
    assert (second["added"], second["unchanged"], second["item_pages"]) == (0, 6, 2)
    assert (fourth["added"], fourth["unchanged"], fourth["item_pages"]) == (0, 6, 0)
    for run in runs:
        failed = {f["what"]: f["reason"] for f in run["failed"]}
        assert set(failed) == {"Editorial: our year", "An article taken down", "An article behind a wall"}
        assert failed["Editorial: our year"] == NO_PAPER
    assert "(the next ingest tries again)" in {f["what"]: f["reason"] for f in second["failed"]}["An article taken down"]
    gone = {f["what"]: f["reason"] for f in fourth["failed"]}["An article taken down"]
    assert gone.startswith(f"{NO_PAPER}; its page could not be read in 3 tries: ") and "tries again" not in gone
    with Library.open(isolated_home) as library:
        assert len([p for p in library.papers() if p.source != "seed"]) == 6


def test_at_most_forty_pages_a_feed_and_the_rest_next_time(httpserver, isolated_home, waits):
    """A proceedings site's feed of 45 papers, each an article page: 40 are read, the other 5 are named in
    one note and read by the next ingest, which must not be told the feed is unchanged (304)."""
    base = httpserver.url_for("").rstrip("/")
    items = [_sd_item(f"Paper {n}", f"{base}/proceedings/paper/{n}") for n in range(1, 46)]
    asked: list[str | None] = []

    def feed(request):
        asked.append(request.headers.get("If-None-Match"))
        if request.headers.get("If-None-Match") == '"toc-1"':
            return Response(status=304)
        return Response(_rss(items), content_type="application/rss+xml", headers={"ETag": '"toc-1"'})

    httpserver.expect_request("/toc.rss").respond_with_handler(feed)
    for n in range(1, 46):
        httpserver.expect_request(f"/proceedings/paper/{n}").respond_with_data(
            _page(_article_tags(n)), content_type="text/html")
    first = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (first["seen"], first["added"], first["item_pages"], first["failed"]) == (45, 40, 40, [])
    assert first["notes"] == [{"what": f"{base}/toc.rss", "reason": "the pages of 5 more items are left for the "
                               "next ingest (at most 40 pages a feed are read at each ingest)"}]
    # the feed's newest items first, as it lists them
    assert [_requests(httpserver, f"/proceedings/paper/{n}") for n in (1, 40, 41, 45)] == [1, 1, 0, 0]
    second = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (second["added"], second["unchanged"], second["item_pages"], second["notes"]) == (5, 40, 5, [])
    third = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (third["seen"], third["added"], third["item_pages"]) == (0, 0, 0)
    assert asked == [None, None, '"toc-1"']  # validators kept only once every page was read
    assert all(_requests(httpserver, f"/proceedings/paper/{n}") == 1 for n in range(1, 46))


def test_a_blog_feed_still_names_no_paper_after_one_look(httpserver, isolated_home, waits):
    """A lab blog's posts (WordPress-like pages: Open Graph, no citation tags) stay 'links to no paper', each
    page fetched once across ingests; an image linked as an item says what it is."""
    base = httpserver.url_for("").rstrip("/")
    posts = [("Our retreat", "/2026/07/retreat/"), ("New lab members", "/2026/07/members/"),
             ("Hiring", "/2026/07/hiring/")]

    def blog(extra: list[tuple[str, str]]) -> bytes:
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Lab blog</title>'
                f"<link>{base}/</link><description>News</description>"
                + "".join(f"<item><title>{t}</title><link>{base}{p}</link><description>&lt;p&gt;{t}.&lt;/p&gt;"
                          "</description></item>" for t, p in extra + posts) + "</channel></rss>").encode()

    feeds = iter([blog([]), blog([("Poster", "/poster.png")])])
    httpserver.expect_request("/feed/").respond_with_handler(
        lambda request: Response(next(feeds), content_type="application/rss+xml"))
    for title, path in posts:
        httpserver.expect_request(path).respond_with_data(_page([
            ("og:title", title), ("og:type", "article"), ("description", f"{title}, told by the lab."),
            ("generator", "WordPress 6.5")], title=title), content_type="text/html; charset=UTF-8")
    httpserver.expect_request("/poster.png").respond_with_data(b"\x89PNG\r\n\x1a\n", content_type="image/png")
    first = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/feed/"])
    assert first.exit_code == 0, first.output
    assert "3 seen, 0 added" in first.output and "3 item pages read, 3 failed" in first.output
    assert all(f"failed: {title}: {NO_PAPER}\n" in first.output + "\n" for title, _ in posts)
    second = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/feed/", "--json"])
    summary = json.loads(second.stdout)
    assert (summary["seen"], summary["item_pages"], len(summary["failed"])) == (4, 1, 4)
    reasons = {f["what"]: f["reason"] for f in summary["failed"]}
    assert reasons["Poster"] == f"{NO_PAPER}; its link is not a web page (image/png)"
    assert all(_requests(httpserver, path) == 1 for _, path in [*posts, ("", "/poster.png")])


def test_pdf_fetches_the_pdf_a_page_names_and_a_link_that_is_a_pdf(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    items = [_sd_item("An article", f"{base}/science/article/pii/S0001"),
             _sd_item("A paper served as a download", f"{base}/download?id=77")]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    httpserver.expect_request("/science/article/pii/S0001").respond_with_data(_page(_article_tags(1)),
                                                                              content_type="text/html")
    httpserver.expect_request("/science/article/pii/S0001/pdfft").respond_with_data(
        _pdf("Sparse Probes of Lake Number 1"), content_type="application/pdf")
    httpserver.expect_request("/download").respond_with_data(_pdf("A Paper Served as a Download"),
                                                             content_type="application/pdf")
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--pdf", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["added"], summary["pdfs"], summary["failed"]) == (2, 2, [])
    with Library.open(isolated_home) as library:
        stored = {p.title: p for p in library.papers() if p.source != "seed"}
    article = stored["Sparse Probes of Lake Number 1"]
    assert article.pdf_path and Path(article.pdf_path).read_bytes()[:5] == b"%PDF-"
    download = stored["A paper served as a download"]  # the item's own words, its link its PDF
    assert download.pdf_url == f"{base}/download?id=77" and download.pdf_path


def test_configured_feeds_read_their_items_pages(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/toc.rss").respond_with_data(
        _rss([_sd_item("An article", f"{base}/science/article/pii/S0009")]), content_type="application/rss+xml")
    httpserver.expect_request("/science/article/pii/S0009").respond_with_data(_page(_article_tags(9)),
                                                                              content_type="text/html")
    save_settings(Settings(arxiv_delay_seconds=0.0, feeds=[f"{base}/toc.rss"]), isolated_home / "config.toml")
    result = CliRunner().invoke(cli, ["ingest", "--json"])
    assert result.exit_code == 0, result.output
    [summary] = json.loads(result.stdout)
    assert (summary["source"], summary["added"], summary["item_pages"]) == (f"{base}/toc.rss", 1, 1)
    human = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss"])
    assert "1 seen, 0 added, 0 updated, 1 unchanged, 0 PDFs, 0 failed" in human.output  # known: not fetched


def test_a_site_that_does_not_answer_is_one_line_and_its_other_items_wait(httpserver, isolated_home, waits):
    """Items on a site that refuses connections (a closed port): the first is one failed line, the site's
    others are named in one note for the next ingest, and the items of another site are read all the same."""
    base = httpserver.url_for("").rstrip("/")
    down = "http://127.0.0.1:9"
    items = [_sd_item(f"Down {n}", f"{down}/article/{n}") for n in range(1, 4)]
    items.append(_sd_item("Up", f"{base}/science/article/pii/S0005"))
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    httpserver.expect_request("/science/article/pii/S0005").respond_with_data(_page(_article_tags(5)),
                                                                              content_type="text/html")
    result = CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert (summary["seen"], summary["added"], summary["item_pages"]) == (4, 1, 1)
    [failed] = summary["failed"]
    assert failed["what"] == "Down 1" and "cannot connect" in failed["reason"]
    assert failed["reason"].endswith("(the next ingest tries again)")
    assert summary["notes"] == [{"what": f"{base}/toc.rss", "reason": "the pages of 2 more items are left for the "
                                 "next ingest (127.0.0.1:9 could not be reached)"}]


def test_offline_three_sites_without_an_answer_end_the_page_looks(httpserver, isolated_home, waits):
    """A feed file read offline (every item on another site, none answering): three sites are tried, not
    every item's, and the rest wait for the next ingest."""
    ports = (9, 1, 2, 3, 4)
    items = [_sd_item(f"Item on port {port}", f"http://127.0.0.1:{port}/article") for port in ports]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    summary = json.loads(CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/toc.rss"), "--json"]).stdout)
    assert [f["what"] for f in summary["failed"]] == ["Item on port 9", "Item on port 1", "Item on port 2"]
    [note] = summary["notes"]
    assert note["reason"] == ("the pages of 2 more items are left for the next ingest (3 sites could not be "
                              "reached (127.0.0.1:1, 127.0.0.1:2, 127.0.0.1:9): this machine may be offline)")


def test_a_page_that_leads_to_another_site_naming_no_paper_is_tried_again(httpserver, isolated_home, waits):
    """A publisher that sends a client it does not know to a login or a bot check on another site: not
    'no paper' for good, but a failure the next ingests try again; a redirect within the site (a blog's
    trailing slash) that names no paper is a blog post, looked at once."""
    port = httpserver.port
    wall = f"http://127.0.0.1:{port}/article/1"  # the site, by its address; the login on "localhost"
    login = httpserver.url_for("/login")
    items = [_sd_item("Behind a login", wall), _sd_item("A post", httpserver.url_for("/2026/07/post"))]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    httpserver.expect_request("/article/1").respond_with_data("", status=302, headers={"Location": login})
    httpserver.expect_request("/login").respond_with_data(_page([("og:title", "Sign in")]), content_type="text/html")
    httpserver.expect_request("/2026/07/post").respond_with_data(
        "", status=301, headers={"Location": httpserver.url_for("/2026/07/post/")})
    httpserver.expect_request("/2026/07/post/").respond_with_data(_page([("og:title", "A post")]),
                                                                  content_type="text/html")
    summary = json.loads(CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/toc.rss"), "--json"]).stdout)
    failed = {f["what"]: f["reason"] for f in summary["failed"]}
    assert failed["Behind a login"] == (f"{NO_PAPER}; its page could not be read: {wall}: redirected to {login}, "
                                        "which names no paper (the next ingest tries again)")
    assert failed["A post"] == NO_PAPER
    CliRunner().invoke(cli, ["ingest", "feed", httpserver.url_for("/toc.rss"), "--json"])
    assert _requests(httpserver, "/article/1") == 2 and _requests(httpserver, "/2026/07/post") == 1


def test_an_item_whose_page_was_added_by_hand_is_not_fetched_again(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    page = f"{base}/science/article/pii/S0007"
    httpserver.expect_request("/science/article/pii/S0007").respond_with_data(_page(_article_tags(7)),
                                                                              content_type="text/html")
    httpserver.expect_request("/toc.rss").respond_with_data(_rss([_sd_item("Lake 7", page)]),
                                                            content_type="application/rss+xml")
    assert CliRunner().invoke(cli, ["add", page]).exit_code == 0
    summary = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (summary["added"], summary["unchanged"], summary["item_pages"], summary["failed"]) == (0, 1, 0, [])
    assert _requests(httpserver, "/science/article/pii/S0007") == 1


def test_progress_tells_the_page_fetches(httpserver, conn, waits):
    base = httpserver.url_for("").rstrip("/")
    items = [_sd_item(f"Paper {n}", f"{base}/paper/{n}") for n in (1, 2)]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    for n in (1, 2):
        httpserver.expect_request(f"/paper/{n}").respond_with_data(_page(_article_tags(n)), content_type="text/html")
    calls: list[tuple[str, int, int | None]] = []
    summary = ingest_feed(conn, f"{base}/toc.rss", progress=lambda what, done, total: calls.append((what, done, total)))
    assert summary.added == 2
    assert [c for c in calls if c[0] == "article pages"] == [("article pages", 0, 2), ("article pages", 1, 2),
                                                             ("article pages", 2, 2)]
    assert {p.title for p in list_papers(conn) if p.source == "feed"} == {"Sparse Probes of Lake Number 1",
                                                                         "Sparse Probes of Lake Number 2"}


def _age_page_look(home: Path, url: str, **changes) -> None:
    """Rewrite what the library remembers of an item page (the meta table's `feed_page:<url>`)."""
    from paperpass.store import open_library
    from paperpass.store.meta import get_meta, set_meta

    connection = open_library(home)
    try:
        value = json.loads(get_meta(connection, f"feed_page:{url}") or "{}")
        value.update(changes)
        set_meta(connection, f"feed_page:{url}", json.dumps({k: v for k, v in value.items() if v is not None}))
    finally:
        connection.close()


def test_a_page_that_named_no_paper_is_read_again_after_a_month_or_by_a_newer_reader(
        httpserver, isolated_home, waits, monkeypatch):
    """A bot check on the article's own site (200, no citation tags) is 'no paper' for a while, not for good:
    the page is read again once the look is 30 days old, once the page reader is a newer one, and when the
    library remembers it from before either was kept (an older reader's look); then it gives its paper."""
    from datetime import UTC, datetime, timedelta

    base = httpserver.url_for("").rstrip("/")
    page = f"{base}/science/article/pii/S0011"
    httpserver.expect_request("/toc.rss").respond_with_data(_rss([_sd_item("Lake 11", page)]),
                                                            content_type="application/rss+xml")
    answers = iter([_page([("og:title", "Just a moment...")], title="Just a moment...")] * 4
                   + [_page(_article_tags(11))])
    httpserver.expect_request("/science/article/pii/S0011").respond_with_handler(
        lambda request: Response(next(answers), content_type="text/html"))

    def ingest() -> dict:
        return json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)

    assert [f["reason"] for f in ingest()["failed"]] == [NO_PAPER]
    assert ingest()["item_pages"] == 0 and _requests(httpserver, "/science/article/pii/S0011") == 1
    # remembered by a paperpass that kept neither the reader nor the date: an older reader's look
    _age_page_look(isolated_home, page, reader=None, looked=None)
    assert ingest()["item_pages"] == 1 and ingest()["item_pages"] == 0
    old = (datetime.now(UTC) - timedelta(days=31)).isoformat()
    _age_page_look(isolated_home, page, looked=old)
    assert ingest()["item_pages"] == 1 and ingest()["item_pages"] == 0
    _age_page_look(isolated_home, page, looked=(datetime.now(UTC) - timedelta(days=29)).isoformat())
    assert ingest()["item_pages"] == 0
    monkeypatch.setattr("paperpass.ingest.item_pages.READER_VERSION", 2)  # the reader learnt something
    assert ingest()["item_pages"] == 1
    _age_page_look(isolated_home, page, looked=old)
    summary = ingest()  # the site lets paperpass through now
    assert (summary["added"], summary["item_pages"], summary["failed"]) == (1, 1, [])
    assert _requests(httpserver, "/science/article/pii/S0011") == 5
    with Library.open(isolated_home) as library:
        assert "Sparse Probes of Lake Number 11" in {p.title for p in library.papers()}


def test_a_page_that_failed_three_times_is_tried_again_after_a_month(httpserver, isolated_home, waits):
    base = httpserver.url_for("").rstrip("/")
    page = f"{base}/science/article/pii/S0404"
    httpserver.expect_request("/toc.rss").respond_with_data(_rss([_sd_item("Gone", page)]),
                                                            content_type="application/rss+xml")
    httpserver.expect_request("/science/article/pii/S0404").respond_with_data("Not found", status=404)
    for _ in range(4):
        CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"])
    assert _requests(httpserver, "/science/article/pii/S0404") == 3
    _age_page_look(isolated_home, page, reader=None, looked=None)
    summary = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    # tried from the start: its first try of three again
    assert summary["failed"][0]["reason"].endswith("(the next ingest tries again)")
    assert _requests(httpserver, "/science/article/pii/S0404") == 4


def test_items_of_other_titles_linking_to_one_page_are_each_their_own_paper(httpserver, isolated_home, waits):
    """Two items of a feed link to one article's page, one of them titled as another paper (a feed that
    links its news items to the journal's front article): the page's paper is the item it names; the other
    item is its own paper from its own words, not merged into it; every count adds up to the items, the next
    ingest's too. An item alone at its page is that page's paper, whatever the feed titles it."""
    base = httpserver.url_for("").rstrip("/")
    page, other = f"{base}/science/article/pii/S0012", f"{base}/science/article/pii/S0013"
    items = [_sd_item("Sparse probes of lake number 12", page),
             _sd_item("Why we fund lake studies", page, authors="Ada Editor"),
             _sd_item("A teaching note on lakes", other, authors="Ben Teacher")]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    for path, n in (("/science/article/pii/S0012", 12), ("/science/article/pii/S0013", 14)):
        httpserver.expect_request(path).respond_with_data(_page(_article_tags(n)), content_type="text/html")
    first = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (first["seen"], first["added"], first["unchanged"], first["failed"]) == (3, 3, 0, [])
    with Library.open(isolated_home) as library:
        stored = {p.title: p for p in library.papers() if p.source != "seed"}
    assert set(stored) == {"Sparse Probes of Lake Number 12", "Why we fund lake studies",
                           "Sparse Probes of Lake Number 14"}
    assert stored["Sparse Probes of Lake Number 12"].doi == "10.5555/jls.2026.012"
    own = stored["Why we fund lake studies"]  # the item's own words: no DOI, authors or PDF of the page's
    assert (own.doi, own.pdf_url, own.source_url) == (None, None, page)
    assert own.authors == [] and own.abstract.startswith("Publication date: July 2026")
    second = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert (second["seen"], second["added"], second["unchanged"], second["item_pages"], second["failed"]) == (
        3, 0, 3, 0, [])


_CHALLENGE = ('<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>'
              '<meta name="robots" content="noindex,nofollow"><meta http-equiv="refresh" content="390">'
              '<script src="/cdn-cgi/challenge-platform/h/b/orchestrate/chl_page/v1?ray=8f"></script></head><body>'
              '<div class="main-wrapper"><h1>journal.example.org</h1><h2>Verifying you are human. This may take a '
              "few seconds.</h2><noscript>Enable JavaScript and cookies to continue</noscript><div>journal.example.org"
              " needs to review the security of your connection before proceeding.</div></div></body></html>")


def test_a_bot_check_answered_200_where_the_article_is_is_tried_again(httpserver, isolated_home, waits):
    """A 'Just a moment...' page (a bot check served 200, no article tags, next to no text outside its script)
    stands where the article is: a failure the next ingest tries again, not 'no paper' for a month; once the
    page is the article, its paper comes in. A short blog post with a script of its own is still a post."""
    base = httpserver.url_for("").rstrip("/")
    items = [_sd_item("Sparse Probes of Lake Number 1", f"{base}/article/1"), _sd_item("A post", f"{base}/post/")]
    httpserver.expect_request("/toc.rss").respond_with_data(_rss(items), content_type="application/rss+xml")
    pages = iter([_CHALLENGE, _page(_article_tags(1), title="Sparse Probes of Lake Number 1")])
    httpserver.expect_request("/article/1").respond_with_handler(
        lambda request: Response(next(pages), content_type="text/html; charset=UTF-8"))
    post = ("<html><head><title>A post</title><script>var analytics = 1;</script></head><body><nav>Home News People "
            "Papers Contact</nav><article><h1>A post</h1>" + "<p>The lab went to the lake and talked about probes. "
            "</p>" * 12 + "</article><footer>Copyright the lab</footer></body></html>")
    httpserver.expect_request("/post/").respond_with_data(post, content_type="text/html; charset=UTF-8")
    first = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    failed = {f["what"]: f["reason"] for f in first["failed"]}
    assert failed["Sparse Probes of Lake Number 1"].endswith("a bot check, most often), not the article "
                                                            "(the next ingest tries again)")
    assert failed["A post"] == NO_PAPER
    second = json.loads(CliRunner().invoke(cli, ["ingest", "feed", f"{base}/toc.rss", "--json"]).stdout)
    assert second["added"] == 1 and [f["what"] for f in second["failed"]] == ["A post"]
    assert _requests(httpserver, "/article/1") == 2 and _requests(httpserver, "/post/") == 1
    with Library.open(isolated_home) as library:
        [paper] = [p for p in library.papers() if p.doi]
    assert paper.doi == "10.5555/jls.2026.001" and paper.venue == JOURNAL


def test_add_of_a_bot_check_page_says_so(httpserver, isolated_home, waits):
    httpserver.expect_request("/article/9").respond_with_data(_CHALLENGE, content_type="text/html")
    result = CliRunner().invoke(cli, ["add", httpserver.url_for("/article/9")])
    assert result.exit_code != 0
    assert "a bot check, most often" in result.output and "save the PDF from a browser" in result.output
