"""The ingest pipeline: fill the library from the arXiv API, feeds, ids, bibliographies and local PDFs.

    from paperpass.ingest import ingest_arxiv, ingest_feed, ingest_configured, add_paper, download_paper_pdf
    summary = ingest_arxiv(conn, categories=["cs.LG"], days=7, pdf=False, progress=None)

`progress`, when given, is called as progress(what, done, total) with total
None when unknown; it may be called from worker threads. Failures of single
papers are collected in `IngestSummary.failed` and the run carries on; a
source that cannot be read at all raises FetchError (or InvalidInput for bad
arguments). Papers are stored a page at a time in one transaction each, so a
killed run leaves whole pages and a re-run (dedupe makes it idempotent)
finishes the job.

`paperpass.ingest.arxiv_api` is imported inside the functions that call the
arXiv API: it loads the `arxiv` client (and requests, feedparser), which only
those commands need.
"""

from __future__ import annotations

import functools
import os
import queue
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import replace
from pathlib import Path
from urllib.parse import urlsplit

from paperpass.config import Settings, config_path, load_settings
from paperpass.errors import FetchError, InvalidInput, NotFound, PaperpassError, ParseError
from paperpass.ids import parse_arxiv_id
from paperpass.ingest.bibliography import fullest_date, read_bibliography
from paperpass.ingest.download import (
    MAGIC_WINDOW,
    Downloaded,
    copy_local_pdf,
    download_pdf,
    ends_like_a_pdf,
    inside,
    pdf_dir,
    safe_filename,
)
from paperpass.ingest.feeds import discovered_feed, looks_like_feed, parse_items, read_source, save_validators
from paperpass.ingest.http import (
    Pacer,
    Progress,
    is_http_url,
    new_session,
    require_http_url,
)
from paperpass.models import IngestSummary, Paper
from paperpass.parse import first_page_text, parse_document
from paperpass.store.db import home_of, transaction
from paperpass.store.papers import (
    complete_pending,
    find_existing,
    get_paper,
    mark_pending,
    pending_ids,
    set_pdf,
    upsert_paper,
)
from paperpass.words import count

__all__ = [
    "Progress",
    "add_paper",
    "download_paper_pdf",
    "download_pdfs",
    "import_bibliography",
    "ingest_arxiv",
    "ingest_configured",
    "ingest_feed",
]

BATCH = 100  # papers per transaction
PDF_WORKERS = 2


def _configured_feed(feed: str, config_dir: Path) -> str:
    """A feed as config.toml names it: a relative file path is relative to config.toml's folder when the
    file is there (cron runs `paperpass ingest` from $HOME, not from the data directory); URLs as they are."""
    if is_http_url(feed):
        return feed
    path = Path(feed).expanduser()
    if not path.is_absolute() and (config_dir / path).is_file():
        return str(config_dir / path)
    return feed


def _settings(conn: sqlite3.Connection | None = None) -> Settings:
    """The settings in force: the config.toml of the connection's library (the demo's is its own), else
    the data directory's."""
    return load_settings(config_path(home_of(conn)) if conn is not None else None)


def fetch_arxiv_metadata(ident: str) -> Paper | None:
    """One arXiv paper's metadata from the API (PAPERPASS_ARXIV_API overrides it), or None when it has none."""
    from paperpass.ingest.arxiv_api import fetch_by_ids

    return fetch_by_ids(_client(), [ident]).get(ident)


def _client(conn: sqlite3.Connection | None = None):
    """The polite arXiv client, spaced as the settings of `conn`'s library say (else the data directory's)."""
    from paperpass.ingest.arxiv_api import PoliteClient

    return PoliteClient(delay=_settings(conn).arxiv_delay_seconds)


def _store(conn: sqlite3.Connection, papers: Iterable[Paper], summary: IngestSummary,
           progress: Progress | None, what: str, total: int | None = None,
           touched: list[Paper] | None = None, on_created: Callable[[Paper], None] | None = None,
           via: str | None = None) -> None:
    """Upsert papers a batch per transaction, counting added/updated/unchanged into `summary`;
    `via` (the feed or query) is kept with each paper's sources."""
    batch: list[Paper] = []

    def flush() -> None:
        with transaction(conn):
            for paper in batch:
                try:
                    result = upsert_paper(conn, paper, via=via)
                except InvalidInput as exc:
                    summary.failed.append((paper.arxiv_id or paper.title[:60] or "entry", str(exc)))
                    continue
                if result.created:
                    summary.added += 1
                    if on_created is not None:
                        on_created(result.paper)
                elif result.updated:
                    summary.updated += 1
                else:
                    summary.unchanged += 1
                if touched is not None:
                    touched.append(result.paper)
        batch.clear()
        if progress:
            progress(what, summary.seen, total)

    try:
        for paper in papers:
            summary.seen += 1
            batch.append(paper)
            if len(batch) >= BATCH:
                flush()
    finally:
        # A page that fails after earlier ones must not throw away what they brought.
        if batch:
            flush()


def ingest_arxiv(conn: sqlite3.Connection, *, categories: Iterable[str] = (), query: str | None = None,
                 days: int = 7, max_results: int = 500, pdf: bool = False,
                 progress: Progress | None = None) -> IngestSummary:
    """The newest papers in `categories` (OR-ed) and/or matching `query`, submitted in the last `days`."""
    from paperpass.ingest.arxiv_api import build_query, search_papers

    categories = list(categories)
    if max_results < 1:
        raise InvalidInput("--max must be at least 1")
    search = build_query(categories, query, days)
    label = "arXiv " + " ".join(categories + ([f"query {query!r}"] if query else []))
    summary = IngestSummary(source=label)
    client = _client(conn)
    touched: list[Paper] = []
    papers = _prefetched(search_papers(client, search, max_results))
    try:
        _store(conn, _total_aware(papers, client, max_results, progress, label), summary, progress, label,
               touched=touched, via=label)
    except FetchError as exc:
        if client.pages == 0:
            raise  # nothing could be read: the caller reports one line and exits non-zero
        summary.failed.append((f"{label}, after {summary.seen + len(client.skipped)} entries", str(exc)))
    finally:
        _count_skipped(summary, client)
    if pdf:
        download_pdfs(conn, touched, summary=summary, progress=progress)
    return summary


def _ingest_author(conn: sqlite3.Connection, name: str, **kwargs) -> IngestSummary:
    from paperpass.ingest.arxiv_api import author_query

    summary = ingest_arxiv(conn, query=author_query(name), **kwargs)
    summary.source = f"arXiv author {name!r}"
    return summary


def _count_skipped(summary: IngestSummary, client) -> None:
    """Entries the API sent that could not be read: seen, and listed with their reasons."""
    summary.seen += len(client.skipped)
    summary.failed[:0] = client.skipped
    client.skipped.clear()


def _prefetched(items: Iterable, pages: int = 2):
    """Iterate `items` in a background thread, up to `pages` API pages ahead.

    The next page is fetched and parsed (network, lxml) while this thread
    stores the current one in SQLite, both of which release the GIL. The
    store stays on the caller's thread; an error in the fetcher is raised here
    at the point it happened, after the items before it.
    """
    from paperpass.ingest.arxiv_api import PAGE_SIZE

    buffer: queue.Queue = queue.Queue(maxsize=pages * PAGE_SIZE)
    stop = threading.Event()
    done = object()

    def offer(message) -> bool:
        while not stop.is_set():  # a consumer that stopped early never leaves this thread blocked
            try:
                buffer.put(message, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def fetch() -> None:
        try:
            for item in items:
                if not offer(("item", item)):
                    return
            offer(("end", done))
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, which re-raises it
            offer(("error", exc))

    worker = threading.Thread(target=fetch, name="arxiv-prefetch", daemon=True)
    worker.start()
    try:
        while True:
            kind, value = buffer.get()
            if kind == "item":
                yield value
            elif kind == "error":
                raise value
            else:
                return
    finally:
        stop.set()
        worker.join(timeout=5)


def _total_aware(papers, client, max_results, progress, label):
    """Pass papers through, announcing the total once the first page has told it."""
    announced = False
    for paper in papers:
        if not announced and progress and client.total_results is not None:
            progress(label, 0, min(max_results, client.total_results))
            announced = True
        yield paper


def ingest_feed(conn: sqlite3.Connection, source: str, *, pdf: bool = False,
                progress: Progress | None = None) -> IngestSummary:
    """Papers from an RSS/Atom/JSON Feed or Hugging Face daily papers JSON (URL or file; a web page
    that names its feed in its head stands for that feed).

    Items that only link to arXiv get their metadata from the arXiv API; when it cannot be reached
    they are stored from the item's own title and summary and marked pending, and the next ingest
    that reaches the API completes them in place. Items that name no paper but link to a page (journals'
    feeds) have that page read for it (item_pages.py).
    """
    return _ingest_feed(conn, source, pdf=pdf, progress=progress, pending=True)


def _ingest_feed(conn: sqlite3.Connection, source: str, *, pdf: bool, progress: Progress | None, pending: bool,
                 arxiv_down: FetchError | None = None) -> IngestSummary:
    """ingest_feed; `pending`: complete the papers awaiting arXiv metadata first; `arxiv_down`: the arXiv
    API was found out of reach moments ago in this ingest, so linked papers are not asked for again."""
    from paperpass.ingest.item_pages import PageLooks, look_at_item_pages

    summary = IngestSummary(source=source)
    fetched = read_source(conn, source)
    feed_url = discovered_feed(fetched, source)
    if feed_url:  # a site's page, not its feed: read the feed the page names, as a feed reader does
        fetched = read_source(conn, feed_url)
        summary.notes.append((source, f"a web page, not a feed: read the feed it names, {feed_url}"))
    if pending:
        arxiv_down = _complete_pending(conn, summary, progress) or arxiv_down
    if fetched.not_modified:
        if progress:
            progress(source, 0, 0)
        if pdf:  # nothing new, but the PDFs of what it gave before may still be missing (or failed then)
            from paperpass.store.sources import papers_seen_via

            download_pdfs(conn, [get_paper(conn, i) for i in papers_seen_via(conn, source)], summary=summary,
                          progress=progress)
        return summary
    # Relative links are relative to where the feed is now (it may have moved: 301/302), not to the URL asked for.
    items = parse_items(fetched.data, fetched.content_type, fetched.url or feed_url or source)
    if items.warning:
        summary.notes.append((source, items.warning))
    looked = PageLooks()
    if items.pages:
        looked = look_at_item_pages(conn, items, source, summary, progress,
                                    delay=_settings(conn).arxiv_delay_seconds)
    for i, (what, reason) in enumerate(items.skipped):
        new_reason = looked.outcomes.get(i, reason)
        if new_reason is not None:  # None: the item is a paper after all, or its page waits for the next ingest
            summary.failed.append((what, new_reason))
    papers = _dedupe_in_feed(items.papers + looked.papers)
    stand_ins: list[Paper] = []
    if items.linked:
        resolved, stand_ins = _resolve_linked(conn, items.linked, summary, progress, arxiv_down)
        papers += resolved
    touched: list[Paper] = []
    _store(conn, papers, summary, progress, source, total=len(papers), touched=touched, via=source)
    if stand_ins:
        _store(conn, stand_ins, summary, progress, source, on_created=lambda p: mark_pending(conn, p), via=source)
    # Entries the feed had but that were not papers still count as seen.
    summary.seen = max(summary.seen, items.seen)
    if not looked.unfinished:  # item pages left for the next ingest: it must read the feed again, not get a 304
        save_validators(conn, fetched)  # only now: a crash before this re-reads the feed next time
    if pdf:
        download_pdfs(conn, touched, summary=summary, progress=progress)
    return summary


def _dedupe_in_feed(papers: list[Paper]) -> list[Paper]:
    """One entry per arXiv id within a feed (the newest version, the most upvotes)."""
    by_id: dict[str, Paper] = {}
    rest: list[Paper] = []
    for paper in papers:
        if not paper.arxiv_id:
            rest.append(paper)
            continue
        kept = by_id.get(paper.arxiv_id)
        if kept is None or (paper.arxiv_version or 0) > (kept.arxiv_version or 0):
            if kept is not None and kept.popularity and not paper.popularity:
                paper.popularity = kept.popularity
            by_id[paper.arxiv_id] = paper
        elif paper.popularity and (kept.popularity or 0) < paper.popularity:
            kept.popularity = paper.popularity
    return list(by_id.values()) + rest


def _resolve_linked(conn: sqlite3.Connection, linked: dict[str, Paper], summary: IngestSummary,
                    progress: Progress | None, arxiv_down: FetchError | None = None) -> tuple[list[Paper], list[Paper]]:
    """Metadata from the arXiv API for papers a blog feed only links to: (papers, stand-ins).

    When the API cannot be reached (or `arxiv_down` says it could not a moment ago), the stand-ins are
    the feed's own stubs (the item's title and summary), to be stored and marked pending."""
    from paperpass.ingest.arxiv_api import fetch_by_ids

    if progress:
        progress("arXiv metadata", 0, len(linked))
    ids = [f"{i}v{p.arxiv_version}" if p.arxiv_version else i for i, p in linked.items()]
    client = _client(conn)
    try:
        if arxiv_down is not None:
            raise arxiv_down
        found = fetch_by_ids(client, ids)
    except FetchError as exc:
        summary.notes.append(("arXiv metadata", f"{exc}; stored {count(len(linked), 'linked paper')} from the feed's "
                               "own title and summary, to be completed by the next ingest that reaches the API"))
        return [], [stub for stub in linked.values() if stub.title]
    finally:
        _count_skipped(summary, client)
    papers = []
    for ident, stub in linked.items():
        paper = found.get(ident)
        if paper is None:
            summary.failed.append((ident, "arXiv has no paper with this id"))
            continue
        paper.source = "feed"
        paper.source_url = stub.source_url or paper.source_url
        papers.append(paper)
    if progress:
        progress("arXiv metadata", len(linked), len(linked))
    return papers, []


def _complete_pending(conn: sqlite3.Connection, summary: IngestSummary,
                      progress: Progress | None) -> FetchError | None:
    """Fill in the papers stored while the arXiv API was out of reach (counted as updated); the error
    when it is still out of reach."""
    from paperpass.ingest.arxiv_api import fetch_by_ids

    pending = pending_ids(conn)
    if not pending:
        return None
    if progress:
        progress("arXiv metadata (pending)", 0, len(pending))
    client = _client(conn)
    try:
        found = fetch_by_ids(client, list(pending))
    except FetchError as exc:
        summary.notes.append((f"{count(len(pending), 'paper')} awaiting arXiv metadata", f"still pending: {exc}"))
        return exc
    finally:
        client.skipped.clear()  # an unreadable record leaves its paper pending; it is retried next time
    for paper in found.values():
        if complete_pending(conn, paper) is not None:
            summary.updated += 1
    if progress:
        progress("arXiv metadata (pending)", len(pending), len(pending))
    return None


def ingest_configured(conn: sqlite3.Connection, *, pdf: bool | None = None,
                      progress: Progress | None = None) -> list[IngestSummary]:
    """Every source in config.toml: the categories together, each query, each feed.

    A source that fails entirely gives a summary whose `failed` says why; the
    others still run.
    """
    settings = _settings(conn)
    if pdf is None:
        pdf = settings.download_pdfs
    jobs: list[tuple[str, Callable[[], IngestSummary]]] = []
    if settings.categories:
        jobs.append(("arXiv " + " ".join(settings.categories), lambda: ingest_arxiv(
            conn, categories=settings.categories, days=settings.days, max_results=settings.max_results,
            pdf=pdf, progress=progress)))
    for q in settings.queries:
        jobs.append((f"arXiv query {q!r}", functools.partial(
            ingest_arxiv, conn, query=q, days=settings.days, max_results=settings.max_results, pdf=pdf,
            progress=progress)))
    for name in settings.follow:
        # One au: query per followed author, through the same polite client as every arXiv call.
        jobs.append((f"arXiv author {name!r}", functools.partial(
            _ingest_author, conn, name, days=settings.days, max_results=settings.max_results, pdf=pdf,
            progress=progress)))
    feeds = [_configured_feed(feed, config_path(home_of(conn)).parent) for feed in settings.feeds]
    if not jobs and not feeds:
        path = config_path(home_of(conn))
        if not path.exists():
            raise InvalidInput(f"no sources configured and no {path}: `paperpass config init` writes one to fill "
                               "in (categories, queries, follow or feeds)")
        raise InvalidInput(f"no sources configured: add categories, queries, follow or feeds to {path}")
    summaries = []
    pending = IngestSummary(source="papers awaiting arXiv metadata")
    arxiv_down = _complete_pending(conn, pending, progress)  # once for every feed below
    for feed in feeds:
        jobs.append((feed, functools.partial(_ingest_feed, conn, feed, pdf=pdf, progress=progress, pending=False,
                                             arxiv_down=arxiv_down)))
    if pending.updated or pending.failed or pending.notes:
        summaries.append(pending)
    for label, job in jobs:
        try:
            summaries.append(job())
        except PaperpassError as exc:
            summaries.append(IngestSummary(source=label, failed=[(label, str(exc))]))
    return summaries


# -- what a researcher already has: BibTeX, CSL-JSON, RIS -------------------------------------------

def import_bibliography(conn: sqlite3.Connection, path: Path, *, kind: str | None = None,
                        progress: Progress | None = None) -> IngestSummary:
    """Papers from a BibTeX, CSL-JSON or RIS file, matched against the library (arXiv id, DOI, title).

    An entry that cannot be read is listed in the summary with its reason; the rest come in. A local
    PDF an entry names (Zotero `file`, RIS `L1`) is copied into pdfs/ for a paper that has none yet. A
    file with no entry at all, readable or not (an empty file, comments only, `[]`), is InvalidInput in
    every format, as a file of no format is: nothing was imported, and a script should hear it.
    """
    bibliography = read_bibliography(path, kind=kind)
    if not bibliography.seen:
        named = {"bibtex": "BibTeX entries", "ris": "RIS records (TY - ... ER -)", "csl-json": "CSL-JSON items"}
        raise InvalidInput(f"{path} holds no {named.get(bibliography.kind, 'entries')}: nothing to import")
    label = f"{path.name} ({bibliography.kind})"
    summary = IngestSummary(source=label)
    summary.failed.extend(bibliography.skipped)
    papers = [record.paper for record in bibliography.records]
    _store(conn, papers, summary, progress, label, total=len(papers))
    summary.seen = bibliography.seen
    with_pdf = [record for record in bibliography.records if record.pdf is not None]
    if with_pdf:
        _link_local_pdfs(conn, with_pdf, summary)
    return summary


def _link_local_pdfs(conn: sqlite3.Connection, records, summary: IngestSummary) -> None:

    directory = pdf_dir(home_of(conn))
    for record in records:
        stored = find_existing(conn, record.paper)
        if stored is None or (stored.pdf_path and Path(stored.pdf_path).exists()):
            continue
        try:
            copied = copy_local_pdf(record.pdf, inside(directory, _unique(directory, _pdf_name(stored), stored)))
        except (InvalidInput, OSError) as exc:
            summary.failed.append((f"PDF {record.pdf.name}", str(exc)))
            continue
        set_pdf(conn, stored.stored_id, str(copied.path), copied.sha256)
        summary.pdfs += 1


# -- single papers ----------------------------------------------------------------------------

def add_paper(conn: sqlite3.Connection, target: str, *, progress: Progress | None = None,
              warn: Callable[[str], None] | None = None) -> Paper:
    """Add one paper: an arXiv id in any form or an arXiv URL (metadata from the API), a DOI (metadata from
    doi.org), a local PDF, or a web link to a PDF or to a paper's page (_add_web).

    A local PDF whose text cannot be read (image-only, broken text layer) is still
    added, on its file name, and `warn` gets one line saying why.
    """
    from paperpass.ingest.doi import arxiv_of_doi, parse_doi

    text = _pasted_path(target.strip())
    if re.match(r"^[a-z][a-z0-9+.-]+://", text, re.IGNORECASE) and not is_http_url(text):
        require_http_url(text)  # ftp://, s3://, ...: a link, not a file name; one line saying what is followed
    path = Path(text).expanduser()
    if text and path.is_dir():
        raise InvalidInput(f"{path} is a folder: give a PDF file, an arXiv id or URL, or a DOI")
    if (text.lower().endswith(".pdf") and not is_http_url(text)) or path.is_file():
        if path.is_file():
            return _add_local_pdf(conn, path, progress, warn)
        if parse_arxiv_id(text) is None:
            raise InvalidInput(f"no such file: {path}")
    doi = parse_doi(text)
    if doi is not None and arxiv_of_doi(doi) is None:
        return _add_doi(conn, doi, progress)
    parsed = parse_arxiv_id((arxiv_of_doi(doi) if doi else None) or text)
    if parsed is None and is_http_url(text):
        return _add_web(conn, text, progress, warn)
    if parsed is None:
        raise InvalidInput(f"{text!r} is not an arXiv id, an arXiv URL, a DOI, a PDF file or a paper's web page")
    from paperpass.ingest.arxiv_api import fetch_by_ids

    ident, version = parsed
    if progress:
        progress(f"arXiv {ident}", 0, 1)
    client = _client(conn)
    found = fetch_by_ids(client, [f"{ident}v{version}" if version else ident])
    paper = found.get(ident)
    if paper is None:
        if client.skipped:  # arXiv answered with an entry that could not be read: say why
            raise FetchError(f"arXiv's record for {ident} could not be read: {client.skipped[0][1]}")
        raise NotFound(f"arXiv has no paper {ident}{f'v{version}' if version else ''}")
    paper.source = "manual"
    stored = upsert_paper(conn, paper).paper
    if progress:
        progress(f"arXiv {ident}", 1, 1)
    return stored


def _add_web(conn: sqlite3.Connection, url: str, progress: Progress | None,
             warn: Callable[[str], None] | None) -> Paper:
    """A paper from a web link: a PDF (read like a local one), or a paper's page (OpenReview, proceedings,
    journals) by the meta tags it gives indexers (landing.py), else by its DOI or its PDF."""
    from paperpass.ingest.landing import SCRIPT_ONLY, read_web

    if progress:
        progress(url, 0, 1)
    session = new_session()
    answer = read_web(session, url)
    if answer.error is not None:
        raise answer.error
    if answer.is_pdf:
        return _add_pdf_link(conn, url, url, session, progress, warn)
    page = answer.paper_page()
    if page.arxiv:
        ident, version = page.arxiv
        return add_paper(conn, f"{ident}v{version}" if version else ident, progress=progress, warn=warn)
    if page.paper is not None:
        paper = page.paper if page.paper.authors or not page.doi else _with_doi_record(page.paper, page.doi)
        stored = upsert_paper(conn, paper).paper
        if progress:
            progress(url, 1, 1)
        return stored
    if page.doi:
        return _add_doi(conn, page.doi, progress)
    if page.pdf_url:
        return _add_pdf_link(conn, page.pdf_url, url, session, progress, warn)
    if looks_like_feed(answer.head):
        raise InvalidInput(f"{url}: a feed, not a paper's page: `paperpass ingest feed {url}` reads it")
    if page.script_only:
        raise FetchError(f"{url}: {SCRIPT_ONLY}; save the PDF from a browser and add the file, or give its DOI "
                         "or arXiv id")
    # A paywall's login form is a page that names no paper: say where the link led.
    moved = f"redirected to {answer.final_url}, " if answer.redirected else ""
    raise InvalidInput(f"{url}: {moved}the page names no paper (no citation meta tags, DOI or PDF link); "
                       "give the paper's PDF link, DOI or arXiv id")


def _with_doi_record(paper: Paper, doi: str) -> Paper:
    """A page that names its DOI but no author (ScienceDirect's give title, DOI, journal, PDF link only): the
    authors, and what else the page lacks, from the DOI's record; the page alone when the resolver has no
    record or cannot be reached."""
    from paperpass.ingest.doi import doi_record

    record = doi_record(doi)
    if record is None:
        return paper
    return replace(paper, authors=record.authors, abstract=paper.abstract or record.abstract,
                   published=fullest_date(paper.published, record.published), year=paper.year or record.year,
                   venue=paper.venue or record.venue, kind=paper.kind or record.kind)


def _add_pdf_link(conn: sqlite3.Connection, pdf_url: str, page_url: str, session: object,
                  progress: Progress | None, warn: Callable[[str], None] | None) -> Paper:
    """A PDF on the web, downloaded (checked, capped at pdf_max_mb) and added like a local PDF."""
    import tempfile

    parts = urlsplit(pdf_url)
    name = safe_filename(f"{parts.hostname or 'web'}-{parts.path.strip('/')}-{parts.query}")
    with tempfile.TemporaryDirectory(prefix="paperpass-add-") as tmp:
        done = download_pdf(pdf_url, Path(tmp) / name, max_bytes=_settings(conn).pdf_max_mb * 2**20,
                            session=session, progress=progress, what=pdf_url)
        return _add_local_pdf(conn, done.path, progress, warn, origin=(page_url, pdf_url))


def _add_doi(conn: sqlite3.Connection, doi: str, progress: Progress | None) -> Paper:
    from paperpass.ingest.doi import fetch_doi_metadata

    if progress:
        progress(f"DOI {doi}", 0, 1)
    paper = fetch_doi_metadata(doi)
    stored = upsert_paper(conn, paper).paper
    if progress:
        progress(f"DOI {doi}", 1, 1)
    return stored


def _add_local_pdf(conn: sqlite3.Connection, path: Path, progress: Progress | None,
                   warn: Callable[[str], None] | None = None, origin: tuple[str, str] | None = None) -> Paper:
    """A PDF file added: metadata parsed from it, the file copied into pdfs/. `origin`: (the page it
    was found on, its own URL) for a PDF downloaded from the web."""

    if progress:
        progress(path.name, 0, 2)
    metadata = _pdf_metadata(path, warn)
    if origin:
        metadata.source_url, metadata.pdf_url = origin
    directory = pdf_dir(home_of(conn))
    directory.mkdir(parents=True, exist_ok=True)
    versioned = metadata.arxiv_id_versioned  # set exactly when arxiv_id is
    name = safe_filename(versioned.replace("/", "_") if versioned else path.stem)
    existing = find_existing(conn, metadata)
    if existing and existing.pdf_path and Path(existing.pdf_path).exists() and not metadata.arxiv_id:
        name = Path(existing.pdf_path).name
    copied = copy_local_pdf(path, inside(directory, _unique(directory, name, existing)))
    if existing is not None:
        # The stored record (a seeded classic, an API record) keeps its title and authors; the PDF's
        # parsed title is kept beside it (pdf_title), never over it.
        metadata = replace(metadata, title=existing.title, authors=existing.authors or metadata.authors)
    stored_id = upsert_paper(conn, metadata).paper.stored_id
    set_pdf(conn, stored_id, str(copied.path), copied.sha256)
    if progress:
        progress(path.name, 2, 2)

    return get_paper(conn, stored_id)


def _pasted_path(text: str) -> str:
    """A path as a terminal or file manager pastes it: in quotes ('/my papers/x.pdf', "..."), or as a
    file:// URL (percent-encoded); anything else as typed."""
    if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
        text = text[1:-1].strip()
    if text.lower().startswith("file://"):
        from urllib.parse import unquote, urlsplit

        parts = urlsplit(text)
        if parts.netloc in ("", "localhost"):
            text = unquote(parts.path)
    return text


def _unique(directory: Path, name: str, existing: Paper | None) -> str:
    """`name`, or name-2.pdf, ... when another paper's PDF already has it."""
    stem, n = name[:-4], 1
    candidate = name
    while (directory / candidate).exists():
        if existing and existing.pdf_path and Path(existing.pdf_path).name == candidate:
            return candidate
        n += 1
        candidate = f"{stem}-{n}.pdf"
    return candidate


def _pdf_metadata(path: Path, warn: Callable[[str], None] | None = None) -> Paper:
    """A Paper for a local PDF: title, authors, abstract from the parser, else the file name."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(MAGIC_WINDOW)
        if not head:  # as `parse` says it: an empty file is not a damaged PDF
            raise InvalidInput(f"{path}: the file is empty (0 bytes), not a PDF")
        if b"%PDF-" not in head:
            raise InvalidInput(f"{path} is not a PDF")
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    title = " ".join(path.stem.replace("_", " ").split()) or "Untitled"
    paper = Paper(title=title, source="pdf")
    try:
        document = parse_document(path, isolated=True)
    except ParseError as exc:
        # Still worth keeping (the user can open the PDF), but say why there is no text to read.
        if warn:
            warn(f"{exc}; added with its file name as the title")
        return paper
    if warn and not ends_like_a_pdf(path):
        warn(f"{path.name}: the PDF is cut off (no %%EOF at its end): what came after the cut is missing; added "
             "with what could be read (add the whole file again to replace it)")
    paper.title = " ".join((document.title or "").split()) or title
    paper.pdf_title = " ".join((document.title or "").split()) or None
    paper.authors = list(document.authors)
    paper.abstract = document.abstract or ""
    arxiv_id = _arxiv_stamp(path)
    if arxiv_id:
        paper.arxiv_id, paper.arxiv_version = arxiv_id
    return paper


# arXiv's margin stamp: the versioned id, then the primary category and/or the date
# ("arXiv:1512.03385v1  [cs.CV]  10 Dec 2015"). An id the paper merely cites has neither.
_ARXIV_STAMP = re.compile(r"arXiv:\s*(\d{4}\.\d{4,5}v\d+|[a-z\-]+(?:\.[A-Z]{2})?/\d{7}v\d+)\s+"
                          r"(?:\[[A-Za-z\-]+(?:\.[A-Za-z\-]+)?\]|\d{1,2}\s+[A-Z][a-z]{2}\s+\d{4})")


def _arxiv_stamp(path: Path) -> tuple[str, int | None] | None:
    """The arXiv id of arXiv's margin stamp on page 1, if any (not an arXiv id cited on that page)."""
    m = _ARXIV_STAMP.search(first_page_text(path))
    return parse_arxiv_id(m.group(1)) if m else None


# -- PDFs ---------------------------------------------------------------------------------------

def pdf_url_for(paper: Paper) -> str | None:
    """Where a paper's PDF is: PAPERPASS_ARXIV_PDF/<id> for arXiv papers when set, else pdf_url,
    else arxiv.org/pdf/<id>."""
    override = os.environ.get("PAPERPASS_ARXIV_PDF")
    versioned = paper.arxiv_id_versioned
    if override and versioned:
        return f"{override.rstrip('/')}/{versioned}"
    if paper.pdf_url:
        return paper.pdf_url
    if versioned:
        return f"https://arxiv.org/pdf/{versioned}"
    return None


def pdf_label(paper: Paper) -> str:
    """How a paper's PDF is named in progress and failures: its arXiv id, else its id and title
    (a bare number would not tell the user which feed item failed)."""
    if paper.arxiv_id_versioned:
        return f"PDF {paper.arxiv_id_versioned}"
    title = " ".join(paper.title.split())
    return f"PDF [{paper.id}] {title[:57] + '...' if len(title) > 60 else title}"


def _pdf_name(paper: Paper) -> str:

    versioned = paper.arxiv_id_versioned  # set exactly when arxiv_id is
    if versioned:
        return safe_filename(versioned.replace("/", "_"))
    return safe_filename(f"paper-{paper.id}-{paper.title[:60]}")


def _download(paper: Paper, directory: Path, settings: Settings, session: object, pacer: Pacer,
              progress: Progress | None, cancel: threading.Event | None = None) -> tuple[Paper, Downloaded]:

    url = pdf_url_for(paper)
    what = pdf_label(paper)
    if not url:
        raise FetchError(f"{what}: the paper has no PDF link")
    dest = inside(directory, _pdf_name(paper))
    return paper, download_pdf(url, dest, max_bytes=settings.pdf_max_mb * 2**20, session=session,
                               pacer=pacer, progress=progress, what=what, cancel=cancel)


def download_paper_pdf(conn: sqlite3.Connection, paper: Paper, *, progress: Progress | None = None,
                       cancel: threading.Event | None = None) -> Paper:
    """Fetch one paper's PDF into pdfs/, record its path and SHA-256, return the updated Paper
    (`cancel` set: Cancelled, and no partial file left)."""
    if paper.id is None:
        raise InvalidInput("store the paper before downloading its PDF")
    settings = _settings(conn)
    directory = pdf_dir(home_of(conn))
    directory.mkdir(parents=True, exist_ok=True)
    _, done = _download(paper, directory, settings, new_session(), Pacer.shared(settings.arxiv_delay_seconds), progress,
                        cancel)
    set_pdf(conn, paper.id, str(done.path), done.sha256)
    return get_paper(conn, paper.id)


def download_pdfs(conn: sqlite3.Connection, papers: Iterable[Paper], *, summary: IngestSummary | None = None,
                  progress: Progress | None = None, workers: int = PDF_WORKERS) -> IngestSummary:
    """Fetch the PDFs papers lack (or of an older version), a few at a time, politely spaced per host.

    The database is written from this thread only; workers just download.
    """
    summary = summary or IngestSummary(source="pdfs")
    # One download per paper: a feed that lists an item twice names the same paper twice, and two
    # workers writing one file would race.
    needed = list({p.stored_id: p for p in papers if _needs_pdf(p)}.values())
    wanted = [p for p in needed if pdf_url_for(p)]
    summary.no_pdf += len(needed) - len(wanted)
    if not wanted:
        return summary
    settings = _settings(conn)
    directory = pdf_dir(home_of(conn))
    directory.mkdir(parents=True, exist_ok=True)
    pacer = Pacer.shared(settings.arxiv_delay_seconds)
    session = None  # one per download: requests sessions are not meant to be shared across threads
    done = 0
    if progress:
        progress("PDFs", 0, len(wanted))
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        futures = {pool.submit(_download, p, directory, settings, session, pacer, progress): p for p in wanted}
        for future in as_completed(futures):
            paper = futures[future]
            done += 1
            try:
                _, result = future.result()
            except PaperpassError as exc:
                what = pdf_label(paper)
                summary.failed.append((what, str(exc).removeprefix(f"{what}: ")))
            else:
                set_pdf(conn, paper.stored_id, str(result.path), result.sha256)
                summary.pdfs += 1
            if progress:
                progress("PDFs", done, len(wanted))
    return summary


def _needs_pdf(paper: Paper) -> bool:
    if not paper.pdf_path or not Path(paper.pdf_path).exists():
        return True
    # A newer arXiv version replaced the record: the cached file is of the old one.
    return bool(paper.arxiv_version and f"v{paper.arxiv_version}.pdf" not in Path(paper.pdf_path).name)
