"""RSS/Atom and JSON Feed feeds (arXiv listings, journals, blogs) and the Hugging Face daily papers JSON, as Papers.

A feed is read as bytes by paperpass itself (feedparser never fetches anything:
it is handed the bytes), with a conditional GET whose ETag / Last-Modified are
kept in the store's meta table, so re-polling an unchanged feed costs one small
request. XML that declares entities is refused (defusedxml) before feedparser
sees it. Links in entries are read for arXiv ids, DOIs and PDFs, and only http(s)
ones: file:, javascript: and the like are ignored, never followed. An item that
names no paper but links to a web page is listed in `FeedItems.pages`: the
pipeline may read that page's meta tags (landing.py) for the paper.
"""

from __future__ import annotations

import html
import io
import json
import re
import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from paperpass.errors import FetchError, InvalidInput
from paperpass.ids import DOI_RESOLVER_HOSTS, normalise_doi, parse_arxiv_id
from paperpass.ingest.bibliography import feed_item_kind
from paperpass.ingest.fastfeed import parse_well_formed
from paperpass.ingest.http import RetryPolicy, fetch, http_error, is_http_url, iter_body, new_session
from paperpass.models import Paper
from paperpass.store.meta import get_meta, set_meta
from paperpass.text import GENERATION_SUFFIX
from paperpass.words import count

MAX_FEED_BYTES = 100 * 2**20
_HREF = re.compile(r"""href\s*=\s*["']([^"']+)["']""", re.IGNORECASE)
# A link written out in running text (forum posts, newsletters), not inside a tag.
_BARE_URL = re.compile(r"""https?://[^\s<>"'()\[\]]+[^\s<>"'()\[\].,;:!?]""", re.IGNORECASE)
_ARXIV_MENTION = re.compile(r"\barXiv:\s*(\d{4}\.\d{4,5}(?:v\d+)?|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}(?:v\d+)?)",
                            re.IGNORECASE)
_RSS_ABSTRACT = re.compile(r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>\S+)\s*Abstract:\s*", re.DOTALL)
# arXiv's RSS before 2024 (RSS 1.0): "Title. (arXiv:1605.07146v1 [cs.CV] UPDATED)", the abstract in <p>, each
# author an <a href> to their arXiv listing.
_RSS_TITLE_STAMP = re.compile(r"\.?\s*\(arXiv:(?P<id>[^\s()]+)\s*\[[^\]]*\][^()]*\)\s*$")
_OPENS_WITH_TAG = re.compile(r"^\s*<[A-Za-z][^>]*>")


@dataclass
class FeedFetch:
    """A feed's bytes, or `not_modified` when the server said 304."""

    data: bytes = b""
    content_type: str = ""
    not_modified: bool = False
    validators: dict[str, str] = field(default_factory=dict)  # meta key -> value, saved after a good ingest
    url: str = ""  # where the bytes came from, after redirects: the base of the feed's relative links
    redirected: bool = False


@dataclass
class ItemPage:
    """An item that is no paper by its own words but links to a web page, which may be an article's page
    (journals' feeds give a title, a teaser and the article's link): the page's meta tags may name the paper."""

    label: str  # how the item is named in the summary
    url: str  # its link
    stub: Paper  # the item's own words (title, teaser, date, authors), for what the page does not say
    index: int  # where its ("links to no paper") entry is in FeedItems.skipped


@dataclass
class FeedItems:
    """What a feed yields: papers it fully describes, and arXiv ids it only links to (metadata to look up)."""

    kind: str  # "arxiv-listing", "hf-daily", "feed"
    papers: list[Paper] = field(default_factory=list)
    linked: dict[str, Paper] = field(default_factory=dict)  # arXiv id -> stub carrying source_url, popularity
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)
    pages: list[ItemPage] = field(default_factory=list)  # skipped items whose link's page is worth a look
    seen: int = 0
    warning: str | None = None


def _meta_keys(url: str) -> tuple[str, str]:
    return f"feed_etag:{url}", f"feed_last_modified:{url}"


def read_source(conn: sqlite3.Connection, source: str, *, session=None, policy: RetryPolicy | None = None) -> FeedFetch:
    """The bytes of a feed URL (conditional GET) or file; InvalidInput for anything else. A browser's
    subscribe link (`feed://host/rss`, `feed:https://host/rss`) is the http(s) URL it wraps."""
    if source.strip().lower().startswith("feed:"):
        wrapped = source.strip()[len("feed:"):]
        source = wrapped if is_http_url(wrapped) else "http:" + wrapped
    if is_http_url(source):
        return _fetch_url(conn, source.strip(), session or new_session(), policy)
    scheme = urlsplit(source).scheme.lower()
    if scheme and len(scheme) > 1 and scheme != "file":
        raise InvalidInput(f"{source[:80]!r} is not an http(s) URL or a file")
    path = Path(source[len("file://"):] if scheme == "file" else source).expanduser()
    if path.is_dir():
        raise InvalidInput(f"{path} is a folder, not a feed (give the feed's http(s) URL or its file)")
    if not path.is_file():
        raise InvalidInput(f"no feed file {path} (give an http(s) URL or a file path)")
    if path.stat().st_size > MAX_FEED_BYTES:
        raise InvalidInput(f"{path} is larger than {MAX_FEED_BYTES // 2**20} MB; not a feed")
    return FeedFetch(data=path.read_bytes(), content_type=_guess_type(path))


def _guess_type(path: Path) -> str:
    return "application/json" if path.suffix.lower() == ".json" else ""


def _fetch_url(conn, url: str, session, policy) -> FeedFetch:
    etag_key, modified_key = _meta_keys(url)
    headers = {"Accept": "application/atom+xml, application/rss+xml, application/xml, application/json;q=0.9, "
                         "*/*;q=0.5"}
    etag, modified = get_meta(conn, etag_key), get_meta(conn, modified_key)
    if etag:
        headers["If-None-Match"] = etag
    if modified:
        headers["If-Modified-Since"] = modified
    response = fetch(session, url, headers=headers, stream=True, policy=policy, what=url)
    with response:
        if response.status_code == 304:
            return FeedFetch(not_modified=True)
        if response.status_code != 200:
            raise http_error(response, url)
        chunks, size = [], 0
        for chunk in iter_body(response, 256 * 1024, url):
            size += len(chunk)
            if size > MAX_FEED_BYTES:
                raise FetchError(f"{url}: larger than {MAX_FEED_BYTES // 2**20} MB; not a feed")
            chunks.append(chunk)
        validators = {}
        if response.headers.get("ETag"):
            validators[etag_key] = response.headers["ETag"]
        if response.headers.get("Last-Modified"):
            validators[modified_key] = response.headers["Last-Modified"]
        ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return FeedFetch(data=b"".join(chunks), content_type=ctype, validators=validators,
                         url=response.url if is_http_url(response.url) else url, redirected=bool(response.history))


_FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json", "application/json",
               "application/rdf+xml")


# What a feed's bytes open with, whatever type the server gave (the MIME Sniffing standard sniffs text/html
# for rss, feed and rdf:RDF the same way): an RSS/Atom/RDF root after the XML declaration, processing
# instructions, comments and a doctype.
_XML_FEED_START = re.compile(rb"\s*(?:<\?[^>]*>\s*|<!--.*?-->\s*|<!doctype[^>]*>\s*)*<(?:rss|feed|rdf:rdf)\b",
                             re.DOTALL)


def looks_like_feed(data: bytes) -> bool:
    """Whether bytes open as an RSS/Atom/RDF feed or a JSON Feed does, whatever type they were served as."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return bool(_XML_FEED_START.match(head)) or (head[:1] == b"{" and b"jsonfeed.org/version/" in head)


_COMMENTS = re.compile(r"\bcomments?\b", re.IGNORECASE)


def discovered_feed(fetched: FeedFetch, source: str) -> str | None:
    """The feed a web page names in its head (`<link rel="alternate" type="application/rss+xml" href=...>`,
    as browsers and feed readers find it) when `fetched` is an HTML page rather than a feed; None when it
    is not a web page; FetchError for a page that names no feed."""
    from html.parser import HTMLParser

    head = fetched.data[:512 * 1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head[:1] in (b"{", b"[") or looks_like_feed(head):
        return None  # JSON, or a feed served as text/html (a PHP script that set no type): the bytes say feed
    if "html" not in fetched.content_type and not head.startswith((b"<!doctype html", b"<html")):
        return None
    found: list[tuple[str, str]] = []  # (href, title)
    declared: list[str] = []  # <base href>: what the page's relative links are relative to

    class Links(HTMLParser):
        def handle_starttag(self, tag, attrs):
            a = {k: (v or "") for k, v in attrs}
            if tag == "base" and a.get("href", "").strip():
                declared.append(a["href"].strip())
            if tag in ("link", "a") and "alternate" in a.get("rel", "").lower().split() \
                    and a.get("type", "").lower().split(";")[0].strip() in _FEED_TYPES and a.get("href", "").strip():
                found.append((a["href"].strip(), a.get("title", "")))

    Links().feed(fetched.data[:512 * 1024].decode("utf-8", errors="replace"))
    base = fetched.url or source  # a page that moved names its feed relative to where it is now
    if declared and is_http_url(base):
        base = _joined(base, declared[0])
    # A blog's comments feed ("Comments Feed", a post's comments) is not what it publishes: the others first.
    found.sort(key=lambda link: bool(_COMMENTS.search(link[1]) or _COMMENTS.search(link[0])))
    for href, _ in found:
        url = _joined(base, href) if is_http_url(base) else href
        if is_http_url(url) and url not in (source, base):
            return url
    moved = f"redirected to {fetched.url}, " if fetched.redirected else ""  # a login page, most often
    raise FetchError(f"{source}: {moved}a web page, not a feed, and it names no feed (give the feed's own URL)")


def save_validators(conn: sqlite3.Connection, fetched: FeedFetch) -> None:
    for key, value in fetched.validators.items():
        set_meta(conn, key, value)


def parse_items(data: bytes, content_type: str, source: str, *, fast: bool = True) -> FeedItems:
    """Papers (and arXiv links) in a feed's bytes; FetchError when it is not a feed at all.

    `fast=False` always uses feedparser (tests check both readers agree)."""
    stripped = data.lstrip()
    if not stripped:
        raise FetchError(f"{source}: the feed is empty (0 bytes)")
    if stripped.startswith(b"%PDF-"):
        raise FetchError(f"{source}: a PDF, not a feed: `paperpass add {source}` adds it")
    if "json" in content_type or stripped[:1] in (b"[", b"{"):
        try:
            document = json.loads(data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FetchError(f"{source}: not valid JSON ({exc})") from exc
        if _is_json_feed(document, content_type):
            return _json_feed(document, source)
        return _hf_daily(document, source)
    return _xml_feed(data, source, fast)


# -- Hugging Face daily papers ------------------------------------------------------------------

def _hf_daily(items, source: str) -> FeedItems:
    if isinstance(items, dict):  # some endpoints wrap the list
        items = items.get("papers") or items.get("items") or []
    if not isinstance(items, list):
        raise FetchError(f"{source}: JSON is not a list of daily papers")
    out = FeedItems(kind="hf-daily")
    for index, item in enumerate(items):
        out.seen += 1
        paper_data = item.get("paper") if isinstance(item, dict) else None
        if not isinstance(paper_data, dict):
            out.skipped.append((f"item {index + 1}", "no paper object"))
            continue
        parsed = parse_arxiv_id(str(paper_data.get("id", "")))
        title = " ".join(str(paper_data.get("title") or item.get("title") or "").split())
        if parsed is None or not title:
            out.skipped.append((f"item {index + 1}", "no arXiv id or title"))
            continue
        ident, version = parsed
        published = paper_data.get("publishedAt") or item.get("publishedAt")
        upvotes = paper_data.get("upvotes")
        out.papers.append(Paper(
            title=title, arxiv_id=ident, arxiv_version=version,
            authors=[a["name"].strip() for a in paper_data.get("authors") or []
                     if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"].strip()],
            abstract=" ".join(str(paper_data.get("summary") or item.get("summary") or "").split()),
            published=_iso(published), source="hf-daily",
            source_url=f"https://huggingface.co/papers/{ident}",
            pdf_url=f"https://arxiv.org/pdf/{ident}",
            popularity=upvotes if isinstance(upvotes, int) and not isinstance(upvotes, bool) else None,
            year=_year(published),
        ))
    return out


# -- JSON Feed (jsonfeed.org: blogs, reading lists) ---------------------------------------------

def _is_json_feed(document, content_type: str = "") -> bool:
    """A JSON Feed by its version URL (https, or the http some generators write, as feed readers accept),
    or by the type its server gives it (application/feed+json)."""
    if not isinstance(document, dict):
        return False
    version = str(document.get("version", "")).lower()
    return version.startswith(("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")) \
        or "feed+json" in content_type.lower()


def _json_feed(document: dict, source: str) -> FeedItems:
    """A JSON Feed's items, read as the RSS/Atom entries they stand for (feedparser 6 reads no JSON)."""
    items = document.get("items")
    if not isinstance(items, list):
        raise FetchError(f"{source}: a JSON Feed without a list of items")
    entries, skipped = [], []
    for index, item in enumerate(items):
        if isinstance(item, dict):
            entries.append(_json_feed_entry(item))
        else:
            skipped.append((f"item {index + 1}", "not an item object"))
    feed_link = next((str(document[k]) for k in ("home_page_url", "feed_url") if isinstance(document.get(k), str)), "")
    out = _feed_items(entries, feed_link, source)
    out.seen += len(skipped)
    out.skipped += skipped
    return out


def _json_feed_entry(item: dict) -> dict:
    """One JSON Feed item as a feedparser entry: the same keys, so one reader serves every dialect."""
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    links = [{"href": text(k), "rel": "alternate" if k == "url" else "related"}
             for k in ("url", "external_url") if text(k)]
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict) and isinstance(attachment.get("url"), str):
            links.append({"href": attachment["url"], "rel": "enclosure",
                          "type": str(attachment.get("mime_type") or "")})
    people = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict) else [])
    body = text("content_html") or html.escape(text("content_text"))
    return {
        "id": text("id"), "title": text("title"), "link": text("url") or text("external_url"), "links": links,
        "summary": text("summary") or body, "content": [{"value": body}] if body else [],
        "authors": [{"name": a["name"]} for a in people if isinstance(a, dict) and isinstance(a.get("name"), str)],
        "tags": [{"term": t} for t in item.get("tags") or [] if isinstance(t, str)],
        "published_iso": _iso(item.get("date_published") or item.get("date_modified")),
    }


# -- RSS / Atom ---------------------------------------------------------------------------------

def _refuse_entities(data: bytes, source: str) -> None:
    """Entity declarations (billion laughs, external entities) are refused before any parsing."""
    if b"<!ENTITY" not in data[:1_000_000] and b"<!entity" not in data[:1_000_000]:
        return
    import defusedxml
    import defusedxml.ElementTree as SafeET

    try:
        SafeET.fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except defusedxml.DefusedXmlException as exc:
        raise FetchError(f"{source}: the feed declares XML entities ({type(exc).__name__}); refused") from exc
    except SafeET.ParseError:
        pass  # malformed XML is feedparser's to judge; what matters is that no entity is expanded


def _xml_feed(data: bytes, source: str, fast: bool = True) -> FeedItems:
    _refuse_entities(data, source)
    parsed = parse_well_formed(data) if fast else None
    if parsed is None:
        import feedparser

        # A stream, never a string: feedparser treats a string as a URL or file name and would fetch it.
        parsed = feedparser.parse(io.BytesIO(data), resolve_relative_uris=False, sanitize_html=False)
    entries = parsed.entries
    if not entries:
        if parsed.bozo and not parsed.version:
            raise FetchError(f"{source}: not an RSS/Atom feed ({_bozo(parsed)})")
        if not parsed.version:
            raise FetchError(f"{source}: not an RSS/Atom feed")
        return FeedItems(kind="feed")
    feed_link = parsed.feed.get("link") or parsed.feed.get("id") or ""
    out = _feed_items(entries, feed_link, source)
    if parsed.bozo and _read_whole(parsed):
        out.warning = f"the feed's text is not in the encoding it declares ({_bozo(parsed)})"
    elif parsed.bozo:
        read = count(len(entries), "entry", "entries")
        out.warning = f"the feed is malformed or cut off ({_bozo(parsed)}); read the {read} it could"
        if not out.papers and not out.linked:
            raise FetchError(f"{source}: the feed is malformed and no paper could be read from it ({_bozo(parsed)})")
    return out


def _feed_items(entries, feed_link: str, source: str) -> FeedItems:
    """Papers and arXiv links from a feed's entries (feedparser's keys), whatever the feed's dialect."""
    is_listing = (urlsplit(feed_link).hostname or "").endswith("arxiv.org")
    out = FeedItems(kind="arxiv-listing" if is_listing else "feed")
    # Relative links ("/papers/3.pdf", an enclosure "3.pdf") are resolved against the feed's own URL,
    # else the site link it gives.
    base = source if is_http_url(source) else (feed_link if is_http_url(feed_link) else "")
    for index, entry in enumerate(entries):
        out.seen += 1
        label = (entry.get("title") or entry.get("link") or f"entry {index + 1}")[:80]
        if is_listing:
            paper = _listing_paper(entry)
            if paper is None:
                out.skipped.append((label, "no arXiv id in the entry"))
            else:
                out.papers.append(paper)
            continue
        if base:
            _resolve_links(entry, base)
        ids = _linked_ids(entry)
        if not ids:
            paper, reason = _item_paper(entry)
            if paper is None:
                out.skipped.append((label, reason))
                link = entry.get("link")
                if reason == NO_PAPER and is_http_url(link):
                    out.pages.append(ItemPage(label, link.strip(), _item_words(entry), len(out.skipped) - 1))
            else:
                out.papers.append(paper)
            continue
        link = entry.get("link") if is_http_url(entry.get("link")) else None
        title = _plain_text(entry.get("title") or "")  # as an item's own paper's title (_item_words)
        text = _plain_text(_summary(entry))
        for ident, version in ids:
            stub = out.linked.get(ident)
            if stub is None or (version or 0) > (stub.arxiv_version or 0):
                # The item's own words, kept in case the arXiv API cannot be reached: its title is the
                # paper's only when the item links to this one paper.
                out.linked[ident] = Paper(
                    title=title if len(ids) == 1 and title else f"arXiv:{ident}",
                    abstract=text if len(ids) == 1 else " ".join(f"{title}. {text}".split()).strip(". "),
                    arxiv_id=ident, arxiv_version=version, source="feed",
                    source_url=link or (stub.source_url if stub else None),
                    published=_entry_date(entry))
    return out


NO_PAPER = "links to no paper (no arXiv link, DOI or PDF)"


def _item_paper(entry) -> tuple[Paper | None, str]:
    """A paper not on arXiv from a generic feed item (journal, conference, reading list, forum).

    An item is a paper when it names a DOI (prism:doi, dc:identifier, a doi.org link) or links to a PDF
    (an enclosure, a link typed application/pdf, a link whose path ends in .pdf or has a "pdf" segment);
    a post that does neither is not one. Returns (paper, "") or (None, reason).
    """
    title = _plain_text(entry.get("title") or "")
    if not title:
        return None, "the item has no title"
    hrefs = _entry_hrefs(entry)
    doi = None
    for candidate in (entry.get("prism_doi"), entry.get("dc_identifier"), _plain(entry.get("arxiv_doi")),
                      _doi_guid(entry.get("id"))):
        doi = normalise_doi(candidate) if isinstance(candidate, str) else None
        if doi:
            break
    if doi is None:
        doi = next((normalise_doi(h) for h in hrefs if (urlsplit(h).hostname or "").lower() in DOI_RESOLVER_HOSTS
                    and normalise_doi(h)), None)
    pdf = _pdf_link(entry, hrefs)
    if not doi and not pdf:
        return None, NO_PAPER
    paper = _item_words(entry)
    paper.doi, paper.pdf_url = doi, pdf
    paper.source_url = paper.source_url or (f"https://doi.org/{doi}" if doi else None)
    return paper, ""


def _item_words(entry) -> Paper:
    """What an item itself says of its paper: title, authors, summary, tags, date, venue and link."""
    link = entry.get("link") if is_http_url(entry.get("link")) else None
    published = _entry_date(entry)
    venue = entry.get("prism_publicationname")
    venue = venue if isinstance(venue, str) and venue else None
    return Paper(
        title=_plain_text(entry.get("title") or ""), authors=_authors(entry), abstract=_plain_text(_summary(entry)),
        categories=[t["term"] for t in entry.get("tags", []) if isinstance(t.get("term"), str) and t["term"]],
        published=published, source="feed", source_url=link.strip() if link else None, venue=venue,
        year=int(published[:4]) if published else None,
        kind=feed_item_kind(entry.get("prism_aggregationtype"), entry.get("dc_type"), venue),
    )


def _doi_guid(guid: object) -> str | None:
    """An item's guid when it is a DOI (`10.x/y`, `doi:10.x/y`, a doi.org URL, the `info:doi/10.x/y` URI of
    RFC 4452 that PLOS's Atom ids are), not any id with one inside."""
    if not isinstance(guid, str):
        return None
    text = guid.strip()
    host = (urlsplit(text).hostname or "").lower() if is_http_url(text) else ""
    return text if host in DOI_RESOLVER_HOSTS or text.lower().startswith(("doi:", "10.", "info:doi/")) else None


def _summary(entry) -> str:
    """The item's summary, else its content (an RSS item with only content:encoded, an Atom entry with
    only <content>): the abstract is in one or the other."""
    summary = entry.get("summary") or ""
    if summary.strip():
        return summary
    return next((c.get("value") or "" for c in entry.get("content", []) if (c.get("value") or "").strip()), "")


def _resolve_links(entry, base: str) -> None:
    """The item's relative link, links and Media RSS files made absolute against `base` (kept for its summary's
    hrefs)."""
    places = [(entry, "link")] + [(item, "href") for item in entry.get("links", [])] + \
        [(media, "url") for media in entry.get("media_content") or []]
    for item, key in places:
        href = item.get(key)
        if isinstance(href, str) and href.strip() and not is_http_url(href):
            item[key] = _joined(base, href)
    entry["paperpass_base"] = base


def _joined(base: str, href: str) -> str:
    """`href` made absolute against `base`; schemes (mailto:, doi:, ...) and in-page anchors stay as they are
    (an anchor would otherwise become the feed's own URL)."""
    href = href.strip()
    if not href or href.startswith("#") or ":" in href.split("/", 1)[0]:
        return href
    return urljoin(base, href)


def _entry_hrefs(entry) -> list[str]:
    """Every http(s) link of an item: its link, its links, and the hrefs in its summary and content."""
    hrefs = [entry.get("link") or ""] + [link.get("href") or "" for link in entry.get("links", [])]
    base = entry.get("paperpass_base") or ""
    for text in [entry.get("summary") or ""] + [c.get("value") or "" for c in entry.get("content", [])]:
        hrefs += [_joined(base, html.unescape(h)) if base else html.unescape(h) for h in _HREF.findall(text)]
        hrefs += _BARE_URL.findall(html.unescape(_strip_tags(text)))
    return [h.strip() for h in dict.fromkeys(hrefs) if is_http_url(h)]


def _pdf_link(entry, hrefs: list[str]) -> str | None:
    """A link typed as a PDF (a link, an enclosure, a Media RSS file), else the first whose path says PDF."""
    typed = [(link.get("href") or "", link.get("type")) for link in entry.get("links", [])]
    files = [(media.get("url") or "", media.get("type")) for media in entry.get("media_content") or []]
    for href, kind in typed + files:
        if is_http_url(href) and "pdf" in (kind or "").lower():
            return href.strip()
    for href in hrefs + [url.strip() for url, _ in files if is_http_url(url)]:
        if _looks_like_pdf(href):
            return href
    return None


def _looks_like_pdf(href: str) -> bool:
    """A link to a PDF by its path: it ends in .pdf, or one of its segments is "pdf" (/pdf?id=..., /pdf/123)."""
    path = urlsplit(href).path.lower()
    return path.endswith(".pdf") or "pdf" in path.strip("/").split("/")


def _authors(entry) -> list[str]:
    """Authors from the item (person_names)."""
    return person_names([a.get("name", "") for a in entry.get("authors", []) if a.get("name")])


def person_names(fields: list[str]) -> list[str]:
    """People's names from author fields (feeds, web pages' meta tags): one field holding several names
    ("Ann One, Bob Two" or "A; B") is split, but never "Surname, Given" (a part without a space is a name
    split in two, not two names): those pairs, one ("Smith, Jo") or many ("Smith, J., Garcia, M.", as
    bioRxiv writes), become "Jo Smith"; an e-mail address beside a name is dropped."""
    names = [_author_name(" ".join(field.split())) for field in fields if isinstance(field, str)]
    names = [name for name in names if name]
    out: list[str] = []
    for name in names:
        parts = [p.strip() for p in re.split(r";|\band\b", name) if p.strip()]
        for part in parts:
            pieces = [p.strip() for p in part.split(",") if p.strip()]
            if len(pieces) > 1 and all(" " in p for p in pieces):
                out += pieces
            elif _surname_given_pairs(pieces):
                out += [f"{given} {surname}" for surname, given in zip(pieces[::2], pieces[1::2], strict=True)]
            elif len(pieces) == 3 and GENERATION_SUFFIX.fullmatch(pieces[2]) and _surname_given_pairs(pieces[:2]):
                out.append(f"{pieces[1]} {pieces[0]} {pieces[2]}")  # "King, Martin Luther, Jr."
            else:
                out.append(part)
    return list(dict.fromkeys(out))


_GIVEN = re.compile(r"[^\W\d_][^\W\d_'.-]*(?:[\s-][^\W\d_][^\W\d_'.-]*\.?)*")


def _initials(text: str) -> bool:
    """"J.", "J. P.", "A.-M.", "JP": capital letters, at most three together, dots, spaces and hyphens between."""
    groups = [g for g in re.split(r"[\s.-]+", text) if g]
    return bool(groups) and all(g.isalpha() and g.isupper() and len(g) <= 3 for g in groups)


def _surname_given_pairs(pieces: list[str]) -> bool:
    """Whether comma-separated pieces read as Surname, Given[, Surname, Given ...]: an even count whose
    second pieces are initials ("J.", "J.-P.", "JP"), or one pair whose second piece is given names."""
    if len(pieces) < 2 or len(pieces) % 2:
        return False
    givens = pieces[1::2]
    if all(_initials(g) for g in givens):
        return True
    return len(pieces) == 2 and bool(_GIVEN.fullmatch(givens[0])) and givens[0][:1].isupper()


_EMAIL = re.compile(r"[^\s@()<>]+@[^\s@()<>]+\.[^\s@()<>]+")


def _author_name(name: str) -> str:
    """A person's name from an author field: RSS 2.0 writes `email (Name)`, some feeds `Name <email>`;
    a bare email address names nobody."""
    m = re.fullmatch(rf"{_EMAIL.pattern}\s*\((.+)\)", name) or re.fullmatch(rf"(.+?)\s*<{_EMAIL.pattern}>", name)
    if m:
        return m.group(1).strip()
    return "" if _EMAIL.fullmatch(name) else name


def _entry_date(entry) -> str | None:
    return entry.get("published_iso") or _parsed_time(entry.get("published_parsed") or entry.get("updated_parsed"))


def _plain_text(text: str) -> str:
    """Feed HTML as plain text: tags dropped, entities decoded, whitespace collapsed."""
    if "<" in text or "&" in text:
        # A tag becomes a space, and the space a closing tag leaves before punctuation goes again.
        text = re.sub(r"\s+([.,;:!?)])", r"\1", " ".join(html.unescape(_strip_tags(text)).split()))
    return " ".join(text.split())


def _read_whole(parsed) -> bool:
    """Whether feedparser read the whole feed and only its encoding was not the one it declares (feedparser's
    CharacterEncodingOverride, NonXMLContentType: its "things nobody cares about but me"), not a broken feed."""
    import feedparser

    return isinstance(parsed.get("bozo_exception"), feedparser.ThingsNobodyCaresAboutButMe)


def _bozo(parsed) -> str:
    exc = parsed.get("bozo_exception")
    return " ".join(str(exc).split())[:160] if exc else "unreadable"


def _listing_paper(entry) -> Paper | None:
    """An arXiv RSS or API Atom entry: the entry itself describes the paper."""
    links = [link.get("href", "") for link in entry.get("links", [])]
    candidates = [entry.get("id", ""), entry.get("link", ""), *links]
    parsed = None
    for text in candidates:
        text = text.replace("oai:arXiv.org:", "")
        parsed = parse_arxiv_id(text)
        if parsed:
            break
    if parsed is None:
        return None
    ident, version = parsed
    summary = entry.get("summary") or ""
    if _OPENS_WITH_TAG.match(summary):  # HTML; a plain abstract keeps its "<" ("for k < n")
        summary = _plain_text(summary)
    title = " ".join((entry.get("title") or "").split())
    m = _RSS_ABSTRACT.match(summary)
    if m:
        summary = summary[m.end():]
        version = _stamped_version(m.group("id"), ident) or version
    m = _RSS_TITLE_STAMP.search(title)
    if m:
        title = title[:m.start()].strip()
        version = _stamped_version(m.group("id"), ident) or version
    names = [a.get("name", "") for a in entry.get("authors", []) if a.get("name")]
    authors = [_plain_text(a) if "<" in a else a.strip() for a in names]
    if len(authors) == 1 and "," in authors[0]:  # arXiv RSS puts all authors in one dc:creator
        authors = [a.strip() for a in authors[0].split(",") if a.strip()]
    published = entry.get("published_iso") or _parsed_time(entry.get("published_parsed")
                                                            or entry.get("updated_parsed"))
    if not title:
        return None
    return Paper(
        title=title, arxiv_id=ident, arxiv_version=version, authors=authors,
        abstract=" ".join(summary.split()),
        categories=[t["term"] for t in entry.get("tags", []) if t.get("term")],
        published=published, source="feed",
        source_url=f"https://arxiv.org/abs/{ident}",
        pdf_url=f"https://arxiv.org/pdf/{ident}v{version}" if version else f"https://arxiv.org/pdf/{ident}",
        comment=_plain(entry.get("arxiv_comment")), doi=_plain(entry.get("arxiv_doi")),
        year=int(published[:4]) if published else None,
    )


def _stamped_version(stamp: str, ident: str) -> int | None:
    """The version an arXiv listing's stamp ("arXiv:1605.07146v2") gives the entry's own paper, else None."""
    stamped = parse_arxiv_id(stamp)
    return stamped[1] if stamped and stamped[0] == ident else None


def _plain(value) -> str | None:
    """A text field, or None: with a broken arxiv namespace feedparser hands back the element's attributes (a dict)."""
    return value if isinstance(value, str) and value else None


def _linked_ids(entry) -> list[tuple[str, int | None]]:
    """arXiv ids an entry links to (http(s) links only) or names as 'arXiv:ID' in its text."""
    hrefs = [entry.get("link", "")] + [link.get("href", "") for link in entry.get("links", [])]
    texts = [entry.get("summary", "")] + [c.get("value", "") for c in entry.get("content", [])]
    for text in texts:
        hrefs += _HREF.findall(text) + _BARE_URL.findall(html.unescape(_strip_tags(text)))
    found: dict[str, int | None] = {}
    for href in hrefs:
        if not is_http_url(href):
            continue  # javascript:, file:, data: ... are never read, let alone followed
        parsed = parse_arxiv_id(href)
        if parsed:
            _keep(found, parsed)
    for text in [*texts, entry.get("title", "")]:
        for mention in _ARXIV_MENTION.findall(_strip_tags(text)):
            parsed = parse_arxiv_id(mention)
            if parsed:
                _keep(found, parsed)
    return list(found.items())


def _strip_tags(text: str) -> str:
    # Only text outside tags counts as a mention; a javascript: href is not one.
    return re.sub(r"<[^>]*>", " ", text)


def _keep(found: dict[str, int | None], parsed: tuple[str, int | None]) -> None:
    ident, version = parsed
    if ident not in found or (version or 0) > (found[ident] or 0):
        found[ident] = version


def _parsed_time(value) -> str | None:
    if not value:
        return None
    return datetime(*value[:6]).replace(tzinfo=UTC).isoformat()


def _iso(value) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).isoformat()
    except ValueError:
        return None


def _year(value) -> int | None:
    iso = _iso(value)
    return int(iso[:4]) if iso else None
