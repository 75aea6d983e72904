"""Every place a paper was seen: one row per (paper, kind of source, URL), kept across ingests.

`papers.source` and `papers.source_url` keep the first place a paper came from; this table keeps all
of them, so a paper in an arXiv listing, linked from a blog post and on the Hugging Face daily page
shows all three, each with its link (and the upvotes where the source counts them).

Feeds' item pages looked at that gave no paper are kept beside the feeds' validators (the meta table,
`feed_page:<url>`, with the page reader's version and the date), so the next ingests do not fetch them
again until the reader has changed or the look is old (ingest/item_pages.py); a page that gave a paper is
known by that paper's sources.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable
from typing import Any

from paperpass.models import PageLook, Paper, PaperSource, describe_source
from paperpass.store.db import in_chunks, now, placeholders
from paperpass.store.meta import set_meta

_PAGE_LOOK = "feed_page:"


def record_source(conn: sqlite3.Connection, paper_id: int, paper: Paper, *, via: str | None = None,
                  seen: str | None = None) -> None:
    """Remember that `paper` (as a source described it) was seen; seen again, its last date and upvotes move on.
    Runs inside the caller's transaction."""
    stamp = seen or now()
    conn.execute(
        "INSERT INTO paper_sources (paper_id, kind, url, via, popularity, first_seen, last_seen) "
        "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (paper_id, kind, url) DO UPDATE SET "
        "last_seen = max(last_seen, excluded.last_seen), via = coalesce(excluded.via, via), "
        "popularity = CASE WHEN excluded.popularity IS NULL THEN popularity "
        "ELSE max(coalesce(popularity, 0), excluded.popularity) END",
        (paper_id, paper.source or "manual", paper.source_url or "", via, paper.popularity, stamp, stamp))


def _from_row(row: sqlite3.Row) -> PaperSource:
    url = row["url"] or None
    return PaperSource(kind=row["kind"], label=describe_source(row["kind"], url), url=url, via=row["via"],
                       popularity=row["popularity"], first_seen=row["first_seen"], last_seen=row["last_seen"])


def sources_for(conn: sqlite3.Connection, paper_id: int) -> list[PaperSource]:
    """Where the paper was seen, the first place first."""
    return [_from_row(r) for r in conn.execute(
        "SELECT * FROM paper_sources WHERE paper_id = ? ORDER BY first_seen, id", (paper_id,))]


def papers_seen_via(conn: sqlite3.Connection, via: str) -> list[int]:
    """The ids of the papers a feed (or other source) has given, oldest first."""
    return [r[0] for r in conn.execute(
        "SELECT DISTINCT paper_id FROM paper_sources WHERE via = ? ORDER BY paper_id", (via,))]


def papers_seen_at(conn: sqlite3.Connection, urls: Iterable[str]) -> dict[str, list[int]]:
    """{url: paper ids, oldest first} for the links papers were seen at (a feed item's link, a page added by
    hand; two feed items of different titles may link to one page)."""
    found: dict[str, list[int]] = {}
    wanted = [u for u in dict.fromkeys(urls) if u]
    for part in in_chunks(wanted):
        for url, paper_id in conn.execute(
                f"SELECT DISTINCT url, paper_id FROM paper_sources WHERE url IN ({placeholders(len(part))}) "
                "ORDER BY paper_id", part):
            found.setdefault(url, []).append(paper_id)
    return found


def page_looks(conn: sqlite3.Connection, urls: Iterable[str]) -> dict[str, PageLook]:
    """What earlier ingests found on these item pages: {url: look}, for the pages looked at."""
    looks: dict[str, PageLook] = {}
    wanted = [u for u in dict.fromkeys(urls) if u]
    for part in in_chunks(wanted):
        keys = [_PAGE_LOOK + u for u in part]
        for key, value in conn.execute(f"SELECT key, value FROM meta WHERE key IN ({placeholders(len(keys))})", keys):
            try:
                data = json.loads(value)
                # An entry written before the reader's version and the date were kept: an older reader's.
                looks[key[len(_PAGE_LOOK):]] = PageLook(
                    reason=str(data["reason"]), tries=int(data["tries"]), final=bool(data["final"]),
                    reader=int(data.get("reader") or 0), looked=str(data["looked"]) if data.get("looked") else None)
            except (ValueError, KeyError, TypeError, AttributeError):
                continue  # unreadable: the page is looked at again
    return looks


def remember_page_look(conn: sqlite3.Connection, url: str, look: PageLook) -> None:
    set_meta(conn, _PAGE_LOOK + url, json.dumps({"reason": look.reason, "tries": look.tries, "final": look.final,
                                                 "reader": look.reader, "looked": look.looked}))


def export_sources(conn: sqlite3.Connection, paper_id: int) -> list[dict[str, Any]]:
    """The rows of one paper for the JSON export (the fields `import_sources` reads back)."""
    return [{k: r[k] for k in ("kind", "url", "via", "popularity", "first_seen", "last_seen")}
            for r in conn.execute("SELECT * FROM paper_sources WHERE paper_id = ? ORDER BY id", (paper_id,))]


def import_sources(conn: sqlite3.Connection, paper_id: int, rows: list[dict[str, Any]]) -> None:
    for r in rows:
        conn.execute("INSERT OR IGNORE INTO paper_sources (paper_id, kind, url, via, popularity, first_seen, "
                     "last_seen) VALUES (?, ?, ?, ?, ?, ?, ?)",
                     (paper_id, r["kind"], r.get("url") or "", r.get("via"), r.get("popularity"),
                      r["first_seen"], r.get("last_seen") or r["first_seen"]))
