"""Following people (an au: query per followed author in the configured ingest) and forum feeds
(a subreddit's Atom feed, a newsletter's RSS) whose posts link to papers."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from click.testing import CliRunner

from paperpass.cli import cli
from paperpass.config import load_settings
from paperpass.ingest import ingest_feed
from paperpass.store.papers import list_papers, resolve_paper


def run(*args: str):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def test_follow_list_unfollow_kept_in_config(isolated_home):
    assert run("follow", "Geoffrey  Hinton", "Yann LeCun").output.splitlines() == [
        "following Geoffrey Hinton", "following Yann LeCun"]
    assert run("follow", "geoffrey hinton").output.strip() == "already following geoffrey hinton"
    assert json.loads(run("follow", "--list", "--json").output) == {"following": ["Geoffrey Hinton", "Yann LeCun"]}
    assert load_settings(isolated_home / "config.toml").follow == ["Geoffrey Hinton", "Yann LeCun"]
    data = json.loads(run("unfollow", "YANN lecun", "--json").output)
    assert data == {"unfollowed": ["Yann LeCun"], "following": ["Geoffrey Hinton"]}
    assert run("follow").output.strip() == "Geoffrey Hinton"
    bad = CliRunner().invoke(cli, ["follow", 'x" OR cat:cs.LG OR au:"y'])
    assert bad.exit_code == 2 and "is not an author name" in bad.output
    missing = CliRunner().invoke(cli, ["unfollow", "Nobody"])
    assert missing.exit_code == 2 and "you do not follow 'Nobody'" in missing.output
    assert load_settings(isolated_home / "config.toml").follow == ["Geoffrey Hinton"]


def test_configured_ingest_asks_for_each_followed_author(isolated_home, api):
    run("follow", "Gongbo Zhang", "Wen Wang")
    result = run("ingest", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [s["source"] for s in data] == ["arXiv author 'Gongbo Zhang'", "arXiv author 'Wen Wang'"]
    queries = [q["search_query"] for q in api.queries]
    assert queries[0].startswith('au:"Gongbo Zhang" AND submittedDate:[')
    assert queries[1].startswith('au:"Wen Wang" AND submittedDate:[')
    assert data[0]["added"] == 20 and data[1]["unchanged"] == 20  # the loopback API ignores the query


def _reddit(posts: list[tuple[str, str]]) -> bytes:
    """A subreddit's Atom feed in reddit's layout: each post's HTML body holds its links."""
    entries = "".join(
        f"<entry><author><name>/u/poster{i}</name><uri>https://www.reddit.com/user/poster{i}</uri></author>"
        f"<category term=\"MachineLearning\" label=\"r/MachineLearning\"/>"
        f"<content type=\"html\">{escape(body)}</content>"
        f"<id>t3_{i:05x}</id>"
        f"<link href=\"https://www.reddit.com/r/MachineLearning/comments/{i:05x}/post/\"/>"
        f"<updated>2026-04-2{i % 9}T10:00:00+00:00</updated><published>2026-04-2{i % 9}T10:00:00+00:00</published>"
        f"<title>{escape(title)}</title></entry>"
        for i, (title, body) in enumerate(posts))
    return (f'<?xml version="1.0" encoding="UTF-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f'<category term="MachineLearning" label="r/MachineLearning"/>'
            f'<id>/r/MachineLearning/.rss</id><link rel="alternate" href="https://www.reddit.com/r/MachineLearning/"/>'
            f"<title>Machine Learning</title><updated>2026-04-29T10:00:00+00:00</updated>{entries}</feed>").encode()


POSTS = [
    ("[R] Turning the TIDE for diffusion LLMs",
     '<!-- SC_OFF --><div class="md"><p>Paper: <a href="https://arxiv.org/abs/2604.26951">arxiv</a></p></div>'
     ' &#32; submitted by <a href="https://www.reddit.com/user/poster0">/u/poster0</a>'
     ' <span><a href="https://arxiv.org/abs/2604.26951">[link]</a></span>'),
    ("[R] Workshop paper on kernels (PDF)",
     '<div class="md"><p>Our workshop paper: https://workshop.example.org/papers/kernels-2026.pdf</p></div>'),
    ("[D] What GPU should I buy?",
     '<div class="md"><p>Thinking about it. See https://shop.example.com/gpus</p></div>'),
    ("[P] Linked straight to the pdf",
     '<span><a href="https://arxiv.org/pdf/2604.26942v1">[link]</a></span>'),
]


def test_subreddit_feed_links_to_arxiv_and_to_other_pdfs(conn, httpserver, api):
    httpserver.expect_request("/r/MachineLearning/.rss").respond_with_data(
        _reddit(POSTS), content_type="application/atom+xml")
    summary = ingest_feed(conn, httpserver.url_for("/r/MachineLearning/.rss"))
    assert (summary.seen, summary.added) == (4, 3)
    # The post links only to its own page on the forum, which is not a paper's page (here: not reachable).
    [(what, reason)] = summary.failed
    assert what == "[D] What GPU should I buy?" and reason.startswith("links to no paper (no arXiv link, DOI or PDF)")
    tide = resolve_paper(conn, "2604.26951")
    assert tide.title.startswith("Turning the TIDE") and tide.source_url.startswith("https://www.reddit.com/r/")
    assert resolve_paper(conn, "2604.26942").arxiv_version == 1
    kernels = next(p for p in list_papers(conn) if p.pdf_url and "kernels-2026" in p.pdf_url)
    assert kernels.title == "[R] Workshop paper on kernels (PDF)" and kernels.arxiv_id is None
    assert kernels.pdf_url == "https://workshop.example.org/papers/kernels-2026.pdf"
    assert kernels.authors == ["/u/poster1"]


def test_newsletter_rss_with_links_in_its_text(conn, httpserver, api):
    issue = ("<p>This week: the TIDE paper (arXiv:2604.26951), a survey at "
             "https://arxiv.org/abs/2604.26932 and a PDF from a lab: "
             "<a href='https://lab.example.edu/tr/2026-04.pdf'>tech report</a>.</p>")
    feed = (f'<?xml version="1.0"?><rss version="2.0"><channel><title>The Weekly Papers</title>'
            f"<link>https://newsletter.example.com/</link><item><title>Issue 12</title>"
            f"<link>https://newsletter.example.com/12</link><description>{escape(issue)}</description></item>"
            f"</channel></rss>").encode()
    httpserver.expect_request("/news.xml").respond_with_data(feed, content_type="application/rss+xml")
    summary = ingest_feed(conn, httpserver.url_for("/news.xml"))
    # an issue naming several arXiv papers brings each of them (its own PDF link is not one of them)
    assert summary.added == 2 and {resolve_paper(conn, i).arxiv_id for i in ("2604.26951", "2604.26932")}
