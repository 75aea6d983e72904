"""Recorded arXiv responses for loopback servers (tests and bench/ingest_throughput.py).

Real pages are served as recorded. Larger result sets are rendered from the
real daily listings (metadata/arxiv_daily_listings, arXiv metadata, CC0) in the
recorded API's exact Atom layout, so paging and the parser see the real shape.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import parse_qs
from xml.sax.saxutils import escape

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ingest"
REAL = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real"

_ENVELOPE_HEAD = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns:opensearch="http://a9.com/-/spec/opensearch/1.1/" xmlns:arxiv="http://arxiv.org/schemas/atom" xmlns="http://www.w3.org/2005/Atom">
  <id>https://arxiv.org/api/recorded</id>
  <title>arXiv Query: recorded</title>
  <updated>2026-04-30T17:33:16Z</updated>
  <opensearch:itemsPerPage>{per_page}</opensearch:itemsPerPage>
  <opensearch:totalResults>{total}</opensearch:totalResults>
  <opensearch:startIndex>{start}</opensearch:startIndex>
"""


def recorded(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def entries_of(xml: bytes | str) -> list[str]:
    text = xml.decode("utf-8") if isinstance(xml, bytes) else xml
    return [f"  {e}\n" for e in re.findall(r"<entry>.*?</entry>", text, re.DOTALL)]


def entry_id(entry: str) -> str:
    return re.search(r"<id>https?://arxiv\.org/abs/(.+?)</id>", entry).group(1)


def atom_page(entries: list[str], total: int, start: int) -> bytes:
    head = _ENVELOPE_HEAD.format(per_page=len(entries), total=total, start=start)
    return (head + "".join(entries) + "</feed>\n").encode("utf-8")


def listing_records(limit: int) -> list[dict]:
    """Real daily-listing records (unique ids), oldest file first; needs ../shared/fixtures/real."""
    folder = REAL / "metadata" / "arxiv_daily_listings"
    seen: set[str] = set()
    out: list[dict] = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["id"] in seen:
                continue
            seen.add(record["id"])
            record["listed"] = path.stem
            out.append(record)
            if len(out) >= limit:
                return out
    return out


def render_entry(record: dict, version: int = 1) -> str:
    """One record in the API's Atom entry layout (as in brevio_api_cat_cs.LG_OR_cs.AI_max20.xml)."""
    ident = record["id"]
    stamp = f"{record['listed']}T17:59:01Z"
    cats = "".join(f'    <category term="{escape(c)}" scheme="http://arxiv.org/schemas/atom"/>\n'
                   for c in record["categories"])
    authors = "".join(f"    <author>\n      <name>{escape(a)}</name>\n    </author>\n" for a in record["authors"])
    comment = f"    <arxiv:comment>{escape(record['comment'])}</arxiv:comment>\n" if record.get("comment") else ""
    return (
        "  <entry>\n"
        f"    <id>http://arxiv.org/abs/{ident}v{version}</id>\n"
        f"    <title>{escape(record['title'])}</title>\n"
        f"    <updated>{stamp}</updated>\n"
        f'    <link href="https://arxiv.org/abs/{ident}v{version}" rel="alternate" type="text/html"/>\n'
        f'    <link href="https://arxiv.org/pdf/{ident}v{version}" rel="related" type="application/pdf" title="pdf"/>\n'
        f"    <summary>{escape(record['summary'])}</summary>\n"
        f"{cats}"
        f"    <published>{stamp}</published>\n"
        f"{comment}"
        f'    <arxiv:primary_category term="{escape(record["categories"][0])}"/>\n'
        f"{authors}"
        "  </entry>\n"
    )


def rss_feed(records: list[dict]) -> bytes:
    """An arXiv RSS listing (the rss.arxiv.org layout of distill_rss_cs.LG_excerpt.xml) of these records."""
    head, _, _ = recorded("distill_rss_cs.LG_excerpt.xml").decode("utf-8").partition("    <item>")
    items = []
    for r in records:
        cats = "".join(f"      <category>{escape(c)}</category>\n" for c in r["categories"])
        items.append(
            "    <item>\n"
            f"      <title>{escape(r['title'])}</title>\n"
            f"      <link>https://arxiv.org/abs/{r['id']}</link>\n"
            f"      <description>arXiv:{r['id']}v1 Announce Type: new \nAbstract: {escape(r['summary'])}</description>\n"
            f'      <guid isPermaLink="false">oai:arXiv.org:{r["id"]}v1</guid>\n'
            f"{cats}"
            "      <pubDate>Mon, 27 Apr 2026 00:00:00 -0400</pubDate>\n"
            "      <arxiv:announce_type>new</arxiv:announce_type>\n"
            f"      <dc:creator>{escape(', '.join(r['authors']))}</dc:creator>\n"
            "    </item>\n"
        )
    return (head + "".join(items) + "    </channel>\n</rss>\n").encode("utf-8")


class RecordedAPI:
    """A WSGI-ish handler for pytest-httpserver / werkzeug answering arXiv API queries from a list of entries.

    Honours start and max_results (paging) and id_list; records every query.
    """

    def __init__(self, entries: list[str]) -> None:
        self.entries = entries
        self.queries: list[dict[str, str]] = []
        # Entries whose id is broken on purpose (tests of unreadable entries) are served, never looked up.
        self.by_id = {m.group(1).rsplit("v", 1)[0]: e for e in entries
                      if (m := re.search(r"<id>https?://arxiv\.org/abs/(.+?)</id>", e))}

    def page(self, query_string: str) -> bytes:
        args = {k: v[0] for k, v in parse_qs(query_string, keep_blank_values=True).items()}
        self.queries.append(args)
        start, size = int(args.get("start", 0)), int(args.get("max_results", 100))
        if args.get("id_list"):
            wanted = [i.rsplit("v", 1)[0] if re.search(r"v\d+$", i) else i for i in args["id_list"].split(",")]
            hits = [self.by_id[i] for i in wanted if i in self.by_id]
            return atom_page(hits[start:start + size], len(hits), start)
        return atom_page(self.entries[start:start + size], len(self.entries), start)

    def __call__(self, request):
        from werkzeug.wrappers import Response

        return Response(self.page(request.query_string.decode()), 200,
                        content_type="application/atom+xml; charset=utf-8")
