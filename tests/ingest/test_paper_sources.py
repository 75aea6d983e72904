"""A paper seen in an arXiv listing, on a blog, in a forum thread and on Hugging Face keeps every source."""

from __future__ import annotations

import json

from ingest_recorded import recorded

from paperpass.ingest import ingest_feed
from paperpass.library import Library
from paperpass.store.papers import resolve_paper
from paperpass.store.sources import sources_for

TIDE = "2604.26951"


def _rss(title: str, link: str, items: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f"<item><title>{t}</title><link>{u}</link><description>{d}</description></item>"
                   for t, u, d in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title><link>{link}</link>'
            f"{body}</channel></rss>").encode()


def _hf(upvotes: int) -> bytes:
    return json.dumps([{"paper": {"id": TIDE, "title": "Turning the TIDE", "upvotes": upvotes}}]).encode()


def serve(httpserver, path: str, body: bytes, content_type: str) -> str:
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    return httpserver.url_for(path)


def test_every_place_a_paper_was_seen_is_kept(conn, httpserver, api):
    listing = serve(httpserver, "/atom", recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"), "application/atom+xml")
    blog = serve(httpserver, "/blog.xml", _rss("A research blog", "https://blog.example.org/", [
        ("Why TIDE matters", "https://blog.example.org/tide", f"Read arXiv:{TIDE} today.")]), "application/rss+xml")
    forum = serve(httpserver, "/forum.xml", _rss("Hacker News", "https://news.ycombinator.com/", [
        ("TIDE discussion", "https://news.ycombinator.com/item?id=42", f"arXiv:{TIDE}")]), "application/rss+xml")
    hf = serve(httpserver, "/daily", _hf(17), "application/json")
    for source in (listing, blog, forum, hf):
        assert not ingest_feed(conn, source).failed
    paper = resolve_paper(conn, TIDE)
    assert (paper.source, paper.source_url) == ("feed", f"https://arxiv.org/abs/{TIDE}")  # the first stays
    found = [(s.label, s.url, s.via, s.popularity) for s in sources_for(conn, paper.stored_id)]
    assert found == [
        ("arXiv listing", f"https://arxiv.org/abs/{TIDE}", listing, None),
        ("feed item (blog.example.org)", "https://blog.example.org/tide", blog, None),
        ("discussion thread (news.ycombinator.com)", "https://news.ycombinator.com/item?id=42", forum, None),
        ("Hugging Face daily papers", f"https://huggingface.co/papers/{TIDE}", hf, 17),
    ]
    # Seen again with more upvotes: the same source, its count moves on; nothing is added twice.
    httpserver.clear()
    serve(httpserver, "/daily", _hf(23), "application/json")
    ingest_feed(conn, hf)
    again = sources_for(conn, paper.stored_id)
    assert len(again) == 4 and again[-1].popularity == 23 and again[-1].last_seen >= again[-1].first_seen


def test_sources_and_the_comparison_survive_export_and_import(conn, isolated_home, httpserver, api, tmp_path):
    for path, body, kind in (("/atom", recorded("brevio_api_cat_cs.LG_OR_cs.AI_max20.xml"), "application/atom+xml"),
                             ("/daily", _hf(5), "application/json")):
        ingest_feed(conn, serve(httpserver, path, body, kind))
    with Library.open(isolated_home) as library:
        paper_id = library.resolve(TIDE).stored_id
        library.set_review(paper_id, others_vs_mine="HN calls it incremental; I found the ablation convincing.")
        exported = json.loads(library.export_json())
        before = library.details(paper_id)
    with Library.open(tmp_path / "two") as other:
        other.import_export(exported)
        after = other.details(paper_id)
        assert after["sources"] == before["sources"] and len(after["sources"]) == 2
        assert after["review"]["others_vs_mine"].startswith("HN calls it incremental")
        assert json.loads(other.export_json()) == exported
