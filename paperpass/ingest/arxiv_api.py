"""The arXiv API through the `arxiv` package: date windows, paging, politeness, retries.

`arxiv.Client` does the paging and the Atom parsing; `PoliteClient` replaces
its page fetch with `paperpass.ingest.http.fetch` so every request has a
timeout, backoff on 5xx and timeouts, and honours Retry-After, and a truncated
or error page becomes a FetchError with one sentence instead of silently
ending the result set.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

import arxiv

from paperpass.config import arxiv_api_url
from paperpass.errors import FetchError, InvalidInput
from paperpass.ids import is_arxiv_category, parse_arxiv_id
from paperpass.ingest.http import Pacer, RetryPolicy, fetch, http_error, new_session
from paperpass.models import Paper

PAGE_SIZE = 100
ID_BATCH = 100  # ids per id_list request (keeps URLs short)


class PoliteClient(arxiv.Client):
    """arxiv.Client aimed at PAPERPASS_ARXIV_API, with paperpass's retry and politeness rules."""

    def __init__(self, *, delay: float = 3.0, page_size: int | None = None,
                 policy: RetryPolicy | None = None, session=None, api_url: str | None = None) -> None:
        super().__init__(page_size=page_size or PAGE_SIZE, delay_seconds=delay, num_retries=0)
        url = api_url or arxiv_api_url()
        # str.format fills "{}" with the query string; braces in a mirror URL must not break it.
        base = url.replace("{", "{{").replace("}", "}}")
        self.query_url_format = base + ("&{}" if "?" in url else "?{}")
        self._session = session or new_session()
        self._policy = policy or RetryPolicy()
        self._pacer = Pacer.shared(delay)
        self.total_results: int | None = None
        self.pages = 0
        # (entry, reason) for entries that could not be read; the rest of their page is kept.
        self.skipped: list[tuple[str, str]] = []

    def _results(self, search, offset: int = 0):
        """Page through the results; the offset advances by the entries a page had, read or not,
        so a skipped entry never shifts (or repeats) the next page."""
        page_url = self._format_url(search, offset, self.page_size)
        feed = self._parse_feed(page_url, first_page=True)
        while feed.entries_on_page:
            yield from feed.results
            offset += feed.entries_on_page
            if offset >= feed.header.total_results:
                break
            page_url = self._format_url(search, offset, self.page_size)
            feed = self._parse_feed(page_url, first_page=False)

    def _parse_feed(self, url: str, first_page: bool = True, _try_index: int = 0):
        """Fetch and parse one page (the seam arxiv.Client pages through)."""
        for attempt in range(2):
            response = fetch(self._session, url, policy=self._policy, pacer=self._pacer,
                             what="arXiv API")
            content = response.content
            if response.status_code != 200:
                raise _api_error(response, content)
            # lxml's recovering parser would return the entries before a cut as if the page were whole.
            if not content.rstrip().endswith(b"</feed>"):
                if attempt == 0:
                    continue
                raise FetchError(f"arXiv API: the response was cut off ({len(content):,} bytes, no closing </feed>)")
            feed = _parse_page(_require_atom(content), self.skipped)
            if first_page:
                self.total_results = feed.header.total_results
            self.pages += 1
            return feed
        raise AssertionError("unreachable")


_ATOM = "{http://www.w3.org/2005/Atom}"


def _require_atom(content: bytes):
    """Refuse what the package's recovering parser would quietly read as zero or half the entries,
    and turn arXiv's error entry into a FetchError carrying its message."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(content, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FetchError(f"arXiv API: the response is not well-formed XML ({' '.join(str(exc).split())})") from exc
    if root.tag != f"{_ATOM}feed":
        raise FetchError(f"arXiv API: the response is not an Atom feed (root element {root.tag!r})")
    for entry in root.iterfind(f"{_ATOM}entry"):
        if "/api/errors" in (entry.findtext(f"{_ATOM}id") or ""):
            message = entry.findtext(f"{_ATOM}summary") or entry.findtext(f"{_ATOM}title") or "error"
            raise FetchError(f"arXiv API rejected the request: {' '.join(message.split())}")
    return root


def _parse_page(root, skipped: list[tuple[str, str]]):
    """The page's header and its readable entries; each unreadable one goes to `skipped` with its reason."""
    from arxiv import _feed

    header = _feed.FeedHeader(total_results=_count(root, "totalResults"),
                              items_per_page=_count(root, "itemsPerPage"),
                              start_index=_count(root, "startIndex"))
    results, entries = [], 0
    for entry in root.iterfind(f"{_ATOM}entry"):
        entries += 1
        label = _entry_label(entry, header.start_index + entries)
        try:
            result = _feed._build_result(entry)
        except (ValueError, TypeError, OverflowError) as exc:  # a date fromisoformat cannot read, ...
            skipped.append((label, f"unreadable entry ({' '.join(str(exc).split())[:120]})"))
            continue
        if result is None:
            missing = "id" if not (entry.findtext(f"{_ATOM}id") or "").strip() else "published/updated date"
            skipped.append((label, f"the entry has no {missing}"))
            continue
        results.append(result)
    feed = _feed.ParsedFeed(header=header, results=results)
    feed.entries_on_page = entries
    return feed


def _count(root, name: str) -> int:
    text = root.findtext(f"{{http://a9.com/-/spec/opensearch/1.1/}}{name}") or ""
    try:
        return int(text.strip())
    except ValueError:
        return 0


def _entry_label(entry, position: int) -> str:
    """How the summary names an entry: its id, else its title, else its position."""
    text = (entry.findtext(f"{_ATOM}id") or "").strip()
    parsed = parse_arxiv_id(text)
    if parsed:
        return parsed[0]
    title = " ".join((entry.findtext(f"{_ATOM}title") or "").split())
    return (text or title or f"entry {position}")[:80]


def _api_error(response, content: bytes) -> FetchError:
    # arXiv answers a bad query with HTTP 400 and an Atom feed whose one entry is the message.
    try:
        _require_atom(content)
    except FetchError as exc:
        if "rejected" in str(exc):
            return exc
    return http_error(response, "arXiv API")


def build_query(categories: Iterable[str] = (), query: str | None = None, days: int | None = 7,
                now: datetime | None = None) -> str:
    """The arXiv search_query for categories OR-ed, AND a free query, AND a submittedDate window."""
    categories = [c.strip() for c in categories if c and c.strip()]
    for c in categories:
        if not is_arxiv_category(c):
            raise InvalidInput(f"{c!r} is not an arXiv category (like cs.LG or hep-th)")
    parts = []
    if categories:
        parts.append("(" + " OR ".join(f"cat:{c}" for c in categories) + ")" if len(categories) > 1
                     else f"cat:{categories[0]}")
    if query and query.strip():
        parts.append(f"({query.strip()})" if categories else query.strip())
    if not parts:
        raise InvalidInput("give at least one --category or a --query")
    if days:
        end = now or datetime.now(UTC)
        start = end - timedelta(days=days)
        parts.append(f"submittedDate:[{start:%Y%m%d%H%M} TO {end:%Y%m%d%H%M}]")
    return " AND ".join(parts)


def author_query(name: str) -> str:
    """The arXiv search_query for one author's papers: au:"First Last" (the API matches the name as a phrase)."""
    clean = " ".join(name.split())
    if not clean or '"' in clean or any(c in clean for c in "()[]:") or len(clean) > 100:
        raise InvalidInput(f"{name[:80]!r} is not an author name (letters, spaces, dots, hyphens, apostrophes)")
    return f'au:"{clean}"'


def paper_from_result(result) -> Paper:
    """An arxiv.Result as a Paper (id without version, version apart, whitespace tidied)."""
    parsed = parse_arxiv_id(result.entry_id)
    if parsed is None:
        raise FetchError(f"arXiv API: entry {result.entry_id!r} has no arXiv id")
    ident, version = parsed
    categories = [result.primary_category] if result.primary_category else []
    categories += [c for c in result.categories if c not in categories]
    versioned = f"{ident}v{version}" if version else ident
    published = result.published if result.published.year > 1 else None
    updated = result.updated if result.updated.year > 1 else None
    return Paper(
        title=" ".join((result.title or "").split()),
        arxiv_id=ident,
        arxiv_version=version,
        doi=result.doi or None,
        authors=[a.name.strip() for a in result.authors if a.name and a.name.strip()],
        abstract=" ".join((result.summary or "").split()),
        categories=categories,
        published=published.isoformat() if published else None,
        updated=updated.isoformat() if updated else None,
        source="arxiv",
        source_url=f"https://arxiv.org/abs/{ident}",
        pdf_url=result.pdf_url or f"https://arxiv.org/pdf/{versioned}",
        comment=result.comment or None,
        venue=result.journal_ref or None,
        year=published.year if published else None,
        # A preprint, unless its authors name where it was published (a journal reference or the published
        # version's DOI): which kind that is, the record does not say.
        kind=None if result.journal_ref or result.doi else "preprint",
    )


def search_papers(client: PoliteClient, query: str, max_results: int) -> Iterator[Paper]:
    """Newest first; raises FetchError from the page that failed (earlier pages were already yielded)."""
    search = arxiv.Search(query=query, max_results=max_results,
                          sort_by=arxiv.SortCriterion.SubmittedDate,
                          sort_order=arxiv.SortOrder.Descending)
    for result in client.results(search):
        paper = _readable(result, client.skipped)
        if paper is not None:
            yield paper


def _readable(result, skipped: list[tuple[str, str]]) -> Paper | None:
    """paper_from_result, or None with the reason in `skipped` (odd id, no title)."""
    try:
        paper = paper_from_result(result)
    except FetchError as exc:
        skipped.append(((result.entry_id or "entry")[:80], str(exc).removeprefix("arXiv API: ")))
        return None
    if not paper.title:
        skipped.append((paper.arxiv_id or "entry", "the entry has no title"))
        return None
    return paper


def fetch_by_ids(client: PoliteClient, ids: Iterable[str]) -> dict[str, Paper]:
    """Metadata for arXiv ids (with or without version), keyed by id without version; missing ids are absent."""
    wanted = list(dict.fromkeys(ids))
    found: dict[str, Paper] = {}
    for start in range(0, len(wanted), ID_BATCH):
        batch = wanted[start:start + ID_BATCH]
        search = arxiv.Search(id_list=batch, max_results=len(batch))
        for result in client.results(search):
            paper = _readable(result, client.skipped)
            if paper is not None and paper.arxiv_id:  # a readable result always has its id
                found[paper.arxiv_id] = paper
    return found
