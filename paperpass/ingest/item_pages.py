"""Feed items that name no paper themselves but link to an article's page (journals' feeds: a title, a
teaser and the link), read for the paper their page describes, as `add <page>` reads it (landing.py).

    looked = look_at_item_pages(conn, items, source, summary, progress, delay=3.0)

Careful with other people's sites and with the user's time: an item whose link is already in the library
is that paper, unfetched; a page looked at before that named no paper is not fetched again (remembered
beside the feeds' validators, store/sources.py), nor one that failed PAGE_TRIES times, until the page
reader is a newer one (landing.READER_VERSION) or LOOK_AGAIN_DAYS have passed (a bot check or a page
being mended may be the paper's page next month); at most
MAX_ITEM_PAGES pages are fetched a feed and ingest, one after another, spaced per site; a site that does
not answer keeps its other items for the next ingest, and after MAX_SITES_DOWN such sites (offline) no
page is asked for. What waits is named in one note; a page that fails is one failed line for its item.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

from paperpass.errors import FetchError
from paperpass.ids import same_title
from paperpass.ingest.doi import doi_record
from paperpass.ingest.feeds import NO_PAPER, FeedItems, ItemPage
from paperpass.ingest.http import Pacer, Progress, RetryPolicy, new_session
from paperpass.ingest.landing import READER_VERSION, SCRIPT_ONLY, WebAnswer, item_page_paper, read_web
from paperpass.models import IngestSummary, PageLook, Paper
from paperpass.store.db import now as timestamp
from paperpass.store.papers import get_paper
from paperpass.store.sources import page_looks, papers_seen_at, remember_page_look
from paperpass.words import count

MAX_ITEM_PAGES = 40  # item pages looked at per feed and ingest; the rest wait for the next ingest
PAGE_TRIES = 3  # an item page that fails is tried again by the next ingests, this many times in all
# A page is one of many: one retry (not add's three), as for DOI records; a site that does not answer then
# is left for the next ingest.
PAGE_POLICY = RetryPolicy(timeout=20.0, retries=1)
LOOK_AGAIN_DAYS = 30  # a page remembered as naming no paper (or failing) is looked at again after this
MAX_SITES_DOWN = 3  # sites that did not answer, after which no page is asked for in this ingest (offline)
PROGRESS = "article pages"


@dataclass
class PageLooks:
    """What the pages of a feed's items gave: papers (arXiv ids go into the feed's `linked`), and each
    looked-at item's new failed line by its index in FeedItems.skipped (None: it is a paper now, or waits
    for the next ingest); `unfinished` when some are left for the next ingest."""

    papers: list[Paper] = field(default_factory=list)
    outcomes: dict[int, str | None] = field(default_factory=dict)
    unfinished: bool = False


def look_at_item_pages(conn: sqlite3.Connection, items: FeedItems, source: str, summary: IngestSummary,
                       progress: Progress | None, *, delay: float) -> PageLooks:
    """The papers behind `items.pages` (see the module's docstring); `delay`: seconds between two requests
    to one site (arxiv_delay_seconds, as for PDFs)."""
    out = PageLooks()
    by_url: dict[str, list[ItemPage]] = {}
    for item in items.pages:
        by_url.setdefault(item.url, []).append(item)
    known = papers_seen_at(conn, by_url)
    looks = page_looks(conn, by_url)
    todo: list[str] = []
    for url, group in by_url.items():
        if url in known:
            seen = [get_paper(conn, paper_id) for paper_id in known[url]]
            for item, k in zip(group, _pick([p.title for p in seen], group), strict=True):
                out.papers.append(item.stub if k is None else replace(seen[k], source="feed", source_url=url))
            out.outcomes.update((item.index, None) for item in group)
        elif url in looks and looks[url].final and _still_holds(looks[url]):
            out.outcomes.update((item.index, looks[url].reason) for item in group)
        else:
            if url in looks and looks[url].final:
                del looks[url]  # looked at long ago or by an older reader: from the start, tries too
            todo.append(url)
    session, pacer = new_session(), Pacer.shared(delay)
    now, left = todo[:MAX_ITEM_PAGES], todo[MAX_ITEM_PAGES:]
    down: set[str] = set()  # sites that did not answer
    if progress and now:
        progress(PROGRESS, 0, len(now))
    for done, url in enumerate(now, 1):
        if urlsplit(url).netloc.lower() in down or len(down) >= MAX_SITES_DOWN:
            left.append(url)
        else:
            _look_at_page(conn, url, by_url[url], looks.get(url), items, out, summary, session, pacer, down)
        if progress:
            progress(PROGRESS, done, len(now))
    if left:
        out.unfinished = True
        out.outcomes.update((item.index, None) for url in left for item in by_url[url])
        waiting = sum(len(by_url[url]) for url in left)
        why = [f"at most {MAX_ITEM_PAGES} pages a feed are read at each ingest"] * (len(todo) > MAX_ITEM_PAGES)
        if len(down) >= MAX_SITES_DOWN:
            why.append(f"{count(len(down), 'site')} could not be reached ({', '.join(sorted(down))}): "
                       "this machine may be offline")
        else:
            why += [f"{site} could not be reached" for site in sorted(down)]
        summary.notes.append((source, f"the {'page' if waiting == 1 else 'pages'} of {count(waiting, 'more item')} "
                                      f"{'is' if waiting == 1 else 'are'} left for the next ingest ({'; '.join(why)})"))
    return out


def _look_at_page(conn: sqlite3.Connection, url: str, group: list[ItemPage], look: PageLook | None,
                  items: FeedItems, out: PageLooks, summary: IngestSummary, session, pacer: Pacer,
                  down: set[str]) -> None:
    """One item page fetched and read into `out`; what it gave remembered when it is not a paper (a paper
    is remembered by its sources); a site that does not answer goes into `down`."""
    error: FetchError | None = None
    try:
        answer = read_web(session, url, pacer=pacer, policy=PAGE_POLICY)
    except FetchError as exc:  # no answer: the site's other items wait for the next ingest
        down.add(urlsplit(url).netloc.lower())
        error = exc
    else:
        summary.item_pages += 1
        error = answer.error
    reason: str | None = None
    if error is None:
        reason = _read_item_page(answer, group, items, out)
        if reason == NO_PAPER and _left_the_site(answer):
            # A login wall or a bot check on another site, most often, not the article: tried again later.
            error = FetchError(f"{url}: redirected to {answer.final_url}, which names no paper")
        elif reason == SCRIPT_ONLY:  # a bot check where the article is: tried again later
            error = FetchError(f"{url}: {SCRIPT_ONLY}")
        elif reason is not None:
            remember_page_look(conn, url, PageLook(reason=reason, reader=READER_VERSION, looked=timestamp()))
    if error is not None:
        tries = (look.tries if look else 0) + 1
        final = tries >= PAGE_TRIES
        reason = (f"{NO_PAPER}; its page could not be read" + (f" in {tries} tries" if final else "")
                  + f": {error}" + ("" if final else " (the next ingest tries again)"))
        remember_page_look(conn, url, PageLook(reason=reason, tries=tries, final=final, reader=READER_VERSION,
                                               looked=timestamp()))
        out.unfinished = out.unfinished or not final
    out.outcomes.update((item.index, reason) for item in group)


def _still_holds(look: PageLook) -> bool:
    """Whether what a page gave when it was looked at still stands: it was read by this reader (or a newer
    one) less than LOOK_AGAIN_DAYS ago; a look with no readable date is an old one."""
    if look.reader < READER_VERSION or not look.looked:
        return False
    try:
        looked = datetime.fromisoformat(look.looked)
    except ValueError:
        return False
    if looked.tzinfo is None:
        looked = looked.replace(tzinfo=UTC)
    return datetime.now(UTC) - looked < timedelta(days=LOOK_AGAIN_DAYS)


def _left_the_site(answer: WebAnswer) -> bool:
    """Whether the link was redirected to another site (not http to https, nor a path on the same site)."""
    def site(url: str) -> str:
        host = (urlsplit(url).hostname or "").lower()
        return host.removeprefix("www.")

    return answer.redirected and site(answer.final_url) != site(answer.url)


def _read_item_page(answer: WebAnswer, group: list[ItemPage], items: FeedItems, out: PageLooks) -> str | None:
    """What a page some feed items link to says: its paper (added to `out` for each item), its arXiv id (to the
    feed's linked ids, for the arXiv API like the feed's other arXiv links), else the items' failed line (SCRIPT_ONLY
    for a page with nothing to read without its scripts: the caller makes that a failure to try again). An
    item whose title is clearly not the paper's (two items of a feed linking to one page, or to a page about
    another paper) is its own paper, from its own words."""
    stub = group[0].stub
    if answer.is_pdf:  # the item's link is its PDF, served at a path that does not say so
        _each_item(group, stub.title, replace(stub, pdf_url=answer.url), out)
        return None
    if "html" not in answer.content_type and answer.head.lstrip()[:1] != b"<":
        return f"{NO_PAPER}; its link is not a web page ({answer.content_type.split(';')[0] or 'no type given'})"
    page = answer.paper_page()
    title = page.paper.title if page.paper else ""
    if page.arxiv:
        ident, version = page.arxiv
        picks = _pick([title], group)
        kept = items.linked.get(ident)
        if kept is None or (version or 0) > (kept.arxiv_version or 0):
            items.linked[ident] = replace(group[picks.index(0)].stub, arxiv_id=ident, arxiv_version=version)
        out.papers.extend(item.stub for item, k in zip(group, picks, strict=True) if k is None)
        return None
    record = None
    if page.doi and not (page.paper and page.paper.authors) and not stub.authors:
        record = doi_record(page.doi)  # a page naming no author (ScienceDirect's): the DOI's record has them
    paper = item_page_paper(page, stub, record)
    if paper is None:
        return SCRIPT_ONLY if page.script_only else NO_PAPER
    _each_item(group, paper.title, paper, out)
    return None


def _pick(titles: list[str], group: list[ItemPage]) -> list[int | None]:
    """For each item of `group` (the feed's items linking to one page), which of the papers titled `titles`
    (the page's paper; or those seen at the page before) it is: the one whose title it has (ids.same_title),
    or None for an item to be its own paper, from its own words, when its title is clearly another's. The
    page is trusted when no item names it (one item, titled as the feed pleases): its first item is it."""
    def names(title: str, item: ItemPage) -> bool:
        return not title or not item.stub.title or same_title(title, item.stub.title)

    picks = [next((k for k, title in enumerate(titles) if names(title, item)), None) for item in group]
    if titles and all(k is None for k in picks):
        picks[0] = 0
    return picks


def _each_item(group: list[ItemPage], title: str, paper: Paper, out: PageLooks) -> None:
    """One paper for each item of `group`: `paper` (titled `title`), or the item's own words when its title
    is clearly another's (see _pick); one paper per item, so that the ingest's counts add up to its items."""
    out.papers.extend(item.stub if k is None else replace(paper, source_url=item.url)
                      for item, k in zip(group, _pick([title], group), strict=True))
