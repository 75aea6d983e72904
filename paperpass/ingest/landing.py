"""A paper's web page (OpenReview, proceedings, PMLR, ACL Anthology, journals, repositories) as a Paper.

Venues and publishers describe a paper for indexers in meta tags: Highwire Press's `citation_*`
(what Google Scholar asks for), repositories' `eprints.*` and `bepress_citation_*`, and Dublin Core's
`DC.*` / `DCTERMS.*` (the last resort): title, authors, date, DOI, arXiv id, PDF
link, abstract, venue, and the paper's kind (the tag the venue is in: citation_journal_title is a journal
article, citation_conference_title a conference paper, ...; else the page's eprints.type or DC.type). A page
without them describes no paper we can tell; its PDF or DOI can be given instead. `read_web` fetches such
a link (`add <page>`, a feed item's page) as a browser asks for it, keeping the head of the page or the
first bytes of a PDF.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin

from paperpass.errors import FetchError
from paperpass.ids import normalise_doi, parse_arxiv_id
from paperpass.ingest.bibliography import dc_type_kind, has_markup, plain_html, venue_kind
from paperpass.ingest.doi import arxiv_of_doi
from paperpass.ingest.download import MAGIC_WINDOW
from paperpass.ingest.feeds import person_names
from paperpass.ingest.http import Pacer, RetryPolicy, fetch, http_error, is_http_url, iter_body, web_encoding
from paperpass.models import Paper

MAX_PAGE_BYTES = 4 * 2**20
_DATE_TAGS = ("citation_publication_date", "citation_date", "citation_online_date", "bepress_citation_date",
              "eprints.date", "dc.date", "dcterms.issued", "citation_year")
_DOI_TAGS = ("citation_doi", "prism.doi", "bepress_citation_doi", "eprints.id_number", "dc.identifier")
# Where the paper appeared, in Google Scholar's order, and the kind of paper each tag says it is: Highwire's
# journal, conference, book (citation_inbook_title), thesis and technical report tags, then the generic ones.
_VENUE_TAGS: tuple[tuple[str, str | None], ...] = (
    ("citation_conference_title", "conference"), ("citation_journal_title", "article"),
    ("citation_conference", "conference"), ("citation_inbook_title", "chapter"),
    ("citation_dissertation_institution", "thesis"), ("citation_technical_report_institution", "report"),
    ("eprints.publication", None), ("citation_publisher", None), ("dc.publisher", None))
# EPrints' own types (eprints.type) that name a kind.
_EPRINTS_KINDS = {"article": "article", "conference_item": "conference", "book_section": "chapter",
                  "thesis": "thesis"}


@dataclass
class PaperPage:
    """What a page says about its paper: a Paper when it names a title, its arXiv id, its PDF link."""

    paper: Paper | None = None
    arxiv: tuple[str, int | None] | None = None
    pdf_url: str | None = None
    doi: str | None = None
    tags: dict[str, list[str]] = field(default_factory=dict)


class _MetaTags(HTMLParser):
    """`<meta name|property=... content=...>` of a page, lower-cased names, every value in order."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, list[str]] = {}
        self.base: str | None = None  # <base href>: what the page's relative links are relative to

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "base" and self.base is None and a.get("href", "").strip():
            self.base = a["href"].strip()
        if tag != "meta":
            return
        name = (a.get("name") or a.get("property") or "").strip().lower()
        content = " ".join(a.get("content", "").split())
        if name and content:
            self.tags.setdefault(name, []).append(content)


def read_paper_page(data: bytes, url: str, charset: str | None = None, base: str | None = None) -> PaperPage:
    """The paper a web page at `url` describes in its meta tags (see the module's docstring); relative links
    are resolved against the page's `<base href>`, itself against `base` (where the page was found after
    redirects), else `url`."""
    parser = _MetaTags()
    parser.feed(data[:MAX_PAGE_BYTES].decode(page_charset(data, charset), errors="replace"))
    tags = parser.tags

    def first(*names: str) -> str:
        return next((tags[n][0] for n in names if tags.get(n)), "")

    pdf = first("citation_pdf_url", "bepress_citation_pdf_url", "eprints.document_url")
    where = base if base and is_http_url(base) else url
    if parser.base:
        where = urljoin(where, parser.base)
    pdf_url = urljoin(where, pdf) if pdf else None
    pdf_url = pdf_url if is_http_url(pdf_url) else None
    # Every value counts: repositories give several DC.identifier (the file, a citation, the handle) with
    # the DOI anywhere among them, and EPrints keeps it in id_number ("doi: 10...").
    doi = next((d for n in _DOI_TAGS for d in map(normalise_doi, tags.get(n, [])) if d), None)
    # An arXiv paper by its id tag, its PDF link, arXiv's DOI (10.48550/arXiv.ID) or an "arXiv:ID" identifier.
    named = [v for v in tags.get("dc.identifier", []) if v.lower().startswith("arxiv:")]
    candidates = [first("citation_arxiv_id"), pdf_url, arxiv_of_doi(doi) if doi else None, *named]
    arxiv = next((found for text in candidates if text and (found := parse_arxiv_id(text))), None)
    title = _plain(first("citation_title", "bepress_citation_title", "eprints.title", "dc.title", "dcterms.title"))
    page = PaperPage(arxiv=arxiv, pdf_url=pdf_url, doi=doi, tags=tags)
    if not title:
        return page
    # The year from the first date tag that has one; the day from the first that has a day (a journal gives
    # its issue's month in citation_publication_date and the day the article went online beside it).
    dates = [_date(tags[n][0]) for n in _DATE_TAGS if tags.get(n)]
    year = next((y for _, y in dates if y), None)
    published = next((d for d, _ in dates if d), None)
    venue, kind = next(((tags[n][0], k) for n, k in _VENUE_TAGS if tags.get(n)), ("", None))
    # No Highwire tag naming the kind: the repository's own type (EPrints, Dublin Core), when it names one.
    kind = kind or _EPRINTS_KINDS.get(first("eprints.type").lower()) or dc_type_kind(
        *tags.get("dc.type", []), *tags.get("dcterms.type", []))
    kind = venue_kind(kind, venue)  # bioRxiv's pages name it as their journal
    # Google Scholar's order: Highwire (one citation_author each, or the older citation_authors holding all,
    # "A; B"), then BE Press and EPrints; Dublin Core last (a second, partial DC set is common on repositories).
    people = next((tags[n] for n in ("citation_author", "citation_authors", "bepress_citation_author",
                                     "eprints.creators_name", "dc.creator") if tags.get(n)), [])
    page.paper = Paper(
        title=title, doi=doi, authors=person_names(people),
        abstract=_plain(first("citation_abstract", "eprints.abstract", "dcterms.abstract", "dc.description",
                              "og:description", "description")),
        published=published, year=year,
        venue=venue or None, pdf_url=pdf_url, source="manual", source_url=url, kind=kind)
    return page


@dataclass
class WebAnswer:
    """What a link answered: the head of its body (up to MAX_PAGE_BYTES; a PDF's first bytes), or `error`
    when the server answered but gave nothing to read (404, 403, a body that cannot be decoded)."""

    url: str  # as asked
    final_url: str  # after redirects: what the page's relative links are relative to
    head: bytes = b""
    content_type: str = ""
    charset: str | None = None  # the HTTP header's
    redirected: bool = False
    error: FetchError | None = None

    @property
    def is_pdf(self) -> bool:
        return "pdf" in self.content_type or b"%PDF-" in self.head[:MAGIC_WINDOW]

    def paper_page(self) -> PaperPage:
        """The paper the page describes in its meta tags."""
        # A page that moved (301/302) links relative to where it is now; the link asked for stays its source.
        return read_paper_page(self.head, self.url, self.charset, base=self.final_url)


def read_web(session, url: str, *, pacer: Pacer | None = None, policy: RetryPolicy | None = None) -> WebAnswer:
    """GET a link that may be a paper's page or its PDF, as a browser asks for it; FetchError when the site
    cannot be reached (no answer, refused, 5xx or 429 after the retries), else what it answered."""
    accept = "text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.5"
    response = fetch(session, url, headers={"Accept": accept}, stream=True, pacer=pacer, policy=policy, what=url)
    with response:
        final = response.url if is_http_url(response.url) else url
        answer = WebAnswer(url=url, final_url=final, redirected=bool(response.history))
        if response.status_code in (401, 403):  # publishers refuse clients that are not browsers, or want a login
            answer.error = FetchError(f"{http_error(response, url)}: the site refuses paperpass (a login or a "
                                      "browser wanted); save the PDF from a browser and add the file")
            return answer
        if response.status_code != 200:
            answer.error = http_error(response, url)
            return answer
        answer.content_type = (response.headers.get("Content-Type") or "").lower()
        answer.charset = response.encoding if "charset" in answer.content_type else None
        try:
            answer.head = first_bytes(response, MAX_PAGE_BYTES, url)
        except FetchError as exc:  # a body that says gzip but is not
            answer.error = exc
    return answer


def first_bytes(response, limit: int, what: str) -> bytes:
    """Up to `limit` bytes of a streamed body, however many pieces it comes in (a chunked page arrives in
    pieces of any size, the first often just its doctype); a PDF stops once its magic is seen."""
    data = bytearray()
    for chunk in iter_body(response, 64 * 1024, what):
        data += chunk
        if len(data) >= limit or (len(data) >= MAGIC_WINDOW and b"%PDF-" in data[:MAGIC_WINDOW]):
            break
    return bytes(data[:limit])


def item_page_paper(page: PaperPage, item: Paper, record: Paper | None = None) -> Paper | None:
    """The paper a feed item's page describes, when its tags name a DOI or a PDF link (a title alone, or Open
    Graph tags, describe any blog post); None for a page that names neither (an arXiv id on the page is the
    caller's: `page.arxiv`). The page's tags come first, then `record` (its DOI's record, for a page that
    names no author), then the item's own words (title, teaser, date); its source is the feed item, its
    link the item's."""
    if not page.doi and not page.pdf_url:
        return None
    sources = [p for p in (page.paper, record, item) if p is not None]

    def first(name: str):
        return next((value for p in sources if (value := getattr(p, name))), None)

    title = page.paper.title if page.paper else item.title
    return Paper(title=title, doi=page.doi, pdf_url=page.pdf_url, authors=list(first("authors") or []),
                 abstract=first("abstract") or "", published=first("published"), year=first("year"),
                 venue=first("venue"), categories=list(first("categories") or []), kind=first("kind"),
                 source="feed", source_url=item.source_url)


_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))
# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">, in the first 1024 bytes
# (the HTML standard's prescan: where a page must name its encoding when the HTTP header does not).
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)


def page_charset(data: bytes, declared: str | None = None) -> str:
    """How to decode a page: its byte-order mark, else the HTTP header's charset (`declared`), else the
    charset its head names in a meta tag, else UTF-8 (a name Python does not know counts as none)."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    m = _META_CHARSET.search(data[:1024])
    for label in (declared, m.group(1).decode("ascii") if m else None):
        found = web_encoding(label)
        if found:
            return found
    return "utf-8"


def _plain(text: str) -> str:
    """A tag's text as plain text: Highwire sites (bioRxiv, journals) put the abstract's HTML, escaped, in
    citation_abstract (`<h3>Abstract</h3><p>...</p>`); its heading goes and its paragraphs are spaced."""
    return plain_html(text) if has_markup(text) else text


_DATE = re.compile(r"(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?")
_DATE_YEAR_LAST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")


def _date(text: str) -> tuple[str | None, int | None]:
    """(ISO date, year) from '2017/12/04', '2017-12-4', '2017' (the forms the tags use); a date only
    when the day is given. The year last ('12/04/2017', older ACM pages; '25.03.2017') gives the year, and
    the date when the order is plain (one of the two numbers above 12 is the day)."""
    text = text.strip()
    last = _DATE_YEAR_LAST.match(text)
    if last:
        a, b, year = int(last.group(1)), int(last.group(2)), int(last.group(3))
        month, day = (a, b) if b > 12 >= a else (b, a) if a > 12 >= b else (None, None)
        if not 1000 < year < 3000:
            return None, None
        return (f"{year}-{month:02d}-{day:02d}" if month and day and day <= 31 else None), year
    m = _DATE.match(text)
    if not m or not 1000 < int(m.group(1)) < 3000:
        return None, None
    year, month_text, day_text = int(m.group(1)), m.group(2), m.group(3)
    if month_text and day_text and 1 <= int(month_text) <= 12 and 1 <= int(day_text) <= 31:
        return f"{year}-{int(month_text):02d}-{int(day_text):02d}", year
    return None, year
