"""A paper's web page (OpenReview, proceedings, PMLR, ACL Anthology, journals, repositories) as a Paper.

Venues and publishers describe a paper for indexers in meta tags: Highwire Press's `citation_*`
(what Google Scholar asks for), repositories' `eprints.*` and `bepress_citation_*`, and Dublin Core's
`DC.*` / `DCTERMS.*` (the last resort): title, authors, date, DOI, arXiv id, PDF
link, abstract, venue, and the paper's kind (the tag the venue is in: citation_journal_title is a journal
article, citation_conference_title a conference paper, ...; else the page's eprints.type or DC.type).
Repositories and publishers (Zenodo, figshare, Semantic Scholar, Springer) describe it in schema.org JSON-LD
too (`<script type="application/ld+json">`): a ScholarlyArticle, Report, Thesis or Chapter there fills what
the meta tags leave empty (a generic Article or CreativeWork only when it names a DOI, a PDF or a journal: a
blog post's type too). A page with neither describes no paper we can tell; its PDF or DOI can be given
instead. `read_web` fetches such a link (`add <page>`, a feed item's page) as a browser asks for it, keeping
the head of the page or the first bytes of a PDF.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from paperpass.errors import FetchError
from paperpass.ids import DOI_RESOLVER_HOSTS, normalise_doi, normalise_title, parse_arxiv_id, same_title
from paperpass.ingest.bibliography import (
    dc_type_kind,
    fullest_date,
    has_markup,
    plain_html,
    thesis_kind,
    venue_kind,
)
from paperpass.ingest.doi import arxiv_of_doi
from paperpass.ingest.download import MAGIC_WINDOW
from paperpass.ingest.feeds import person_names
from paperpass.ingest.http import Pacer, RetryPolicy, fetch, http_error, is_http_url, iter_body, web_encoding
from paperpass.models import Paper
from paperpass.text import GENERATION_SUFFIX

# The page reader's version, kept with each feed item page remembered as naming no paper (item_pages.py):
# bump it when the reader learns to find a paper where it found none, and those pages are read again.
# 1: meta tags and schema.org JSON-LD (the pages remembered before versions were kept count as 0).
READER_VERSION = 1
MAX_PAGE_BYTES = 4 * 2**20
MAX_LD_CHARS = 2**20  # a JSON-LD script longer is passed over (a paper's is a few kB; a page may embed a catalogue)
_DATE_TAGS = ("citation_publication_date", "citation_date", "citation_online_date", "bepress_citation_date",
              "eprints.date", "dc.date", "dcterms.issued", "citation_year")
_DOI_TAGS = ("citation_doi", "prism.doi", "bepress_citation_doi", "eprints.id_number", "dc.identifier")
# Where the paper appeared, in Google Scholar's order, and the kind of paper each tag says it is: Highwire's
# journal, conference, book (citation_inbook_title), thesis and technical report tags, then the generic ones.
_VENUE_TAGS: tuple[tuple[str, str | None], ...] = (
    ("citation_conference_title", "conference"), ("citation_journal_title", "article"),
    ("citation_conference", "conference"), ("citation_inbook_title", "chapter"),
    ("citation_dissertation_institution", "thesis"), ("citation_technical_report_institution", "report"),
    ("eprints.publication", None))
_PUBLISHER_TAGS = ("citation_publisher", "dc.publisher")  # the last resort for a venue, after the JSON-LD's
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
    # Nothing to read without running its scripts: a bot check ("Just a moment..."), a script-only app's
    # shell, a refresh to elsewhere. Not the article: such a page is to be tried again, not remembered.
    script_only: bool = False


# A page that shows fewer characters than this outside its scripts and styles, runs a script or a refresh, and has
# no tag or JSON-LD describing it: a bot check or a script's shell (an article's page, a blog post or an
# editorial shows its words, or describes itself to link previews).
SCRIPT_ONLY_TEXT = 600
SCRIPT_ONLY = ("the page shows next to no text without running its scripts (a bot check, most often), "
               "not the article")


_HIDDEN_TEXT = {"title", "script", "style", "noscript", "template"}
_RUNNABLE = {"", "text/javascript", "application/javascript", "module"}  # a script's types that run (not data)
# Meta tags that describe a page for indexers or link previews: a page that has them (or JSON-LD) is one.
_DESCRIBING = re.compile(r"description$|og:|twitter:|citation_|dc\.|dcterms\.|prism\.|eprints\.|bepress_")


class _MetaTags(HTMLParser):
    """`<meta name|property=... content=...>` of a page, lower-cased names, every value in order; the text of
    its JSON-LD scripts (those up to MAX_LD_CHARS long)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: dict[str, list[str]] = {}
        self.base: str | None = None  # <base href>: what the page's relative links are relative to
        self.scripts: list[str] = []
        self._script: list[str] | None = None  # the JSON-LD script being read
        self._script_chars = 0  # its length so far
        self.scripted = False  # a <script> or a <meta http-equiv="refresh">
        self.text_chars = 0  # the page's own words: its text outside its title, scripts, styles, noscript
        self._hidden = 0  # depth inside elements whose text is not shown

    def handle_starttag(self, tag, attrs):
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in _HIDDEN_TEXT:
            self._hidden += 1
        script_type = a.get("type", "").split(";")[0].strip().lower() if tag == "script" else None
        if script_type in _RUNNABLE or (tag == "meta" and a.get("http-equiv", "").strip().lower() == "refresh"):
            self.scripted = True
        if script_type == "application/ld+json":
            self._script, self._script_chars = [], 0
        if tag == "base" and self.base is None and a.get("href", "").strip():
            self.base = a["href"].strip()
        if tag != "meta":
            return
        name = (a.get("name") or a.get("property") or "").strip().lower()
        content = " ".join(a.get("content", "").split())
        if name and content:
            self.tags.setdefault(name, []).append(content)

    def handle_data(self, data):
        if not self._hidden and self.text_chars < SCRIPT_ONLY_TEXT:
            self.text_chars += len(" ".join(data.split()))
        if self._script is not None:
            self._script_chars += len(data)
            if self._script_chars <= MAX_LD_CHARS:
                self._script.append(data)

    def handle_endtag(self, tag):
        if tag in _HIDDEN_TEXT and self._hidden:
            self._hidden -= 1
        if tag == "script" and self._script is not None:
            if self._script_chars <= MAX_LD_CHARS:
                self.scripts.append("".join(self._script))
            self._script = None


def read_paper_page(data: bytes, url: str, charset: str | None = None, base: str | None = None) -> PaperPage:
    """The paper a web page at `url` describes in its meta tags, then its JSON-LD (see the module's docstring);
    relative links are resolved against the page's `<base href>`, itself against `base` (where the page was
    found after redirects), else `url`."""
    parser = _MetaTags()
    parser.feed(data[:MAX_PAGE_BYTES].decode(page_charset(data, charset), errors="replace"))
    tags = parser.tags

    def first(*names: str) -> str:
        return next((tags[n][0] for n in names if tags.get(n)), "")

    pdf = first("citation_pdf_url", "bepress_citation_pdf_url", "eprints.document_url")
    where = base if base and is_http_url(base) else url
    if parser.base:
        where = urljoin(where, parser.base)
    title = _plain(first("citation_title", "bepress_citation_title", "eprints.title", "dc.title", "dcterms.title"))
    # JSON-LD describing another work (a related article), not the one the tags name, says nothing of it.
    ld = _ld_paper(parser.scripts, where, title)
    pdf_url = _link(where, pdf) or (ld.pdf_url if ld else None)
    # Every value counts: repositories give several DC.identifier (the file, a citation, the handle) with
    # the DOI anywhere among them, and EPrints keeps it in id_number ("doi: 10...").
    doi = next((d for n in _DOI_TAGS for d in map(normalise_doi, tags.get(n, [])) if d), None)
    doi = doi or (ld.doi if ld else None)
    # An arXiv paper by its id tag, its PDF link, arXiv's DOI (10.48550/arXiv.ID) or an "arXiv:ID" identifier.
    named = [v for v in tags.get("dc.identifier", []) if v.lower().startswith("arxiv:")]
    candidates = [first("citation_arxiv_id"), pdf_url, arxiv_of_doi(doi) if doi else None, *named]
    arxiv = next((found for text in candidates if text and (found := parse_arxiv_id(text))), None)
    title = title or (ld.title if ld else "")
    page = PaperPage(arxiv=arxiv, pdf_url=pdf_url, doi=doi, tags=tags,
                     script_only=parser.scripted and parser.text_chars < SCRIPT_ONLY_TEXT and not parser.scripts
                     and not any(_DESCRIBING.match(name) for name in tags))
    if not title:
        return page
    ld = ld or _LdPaper()
    # The year from the first date tag that has one; the day from the first that has a day (a journal gives
    # its issue's month in citation_publication_date and the day the article went online beside it), else
    # the month from the first that has a month ("1990-03": as the importers keep a month).
    dates = [_date(tags[n][0]) for n in _DATE_TAGS if tags.get(n)] + ld.dates
    year = next((y for _, y in dates if y), None)
    published = fullest_date(*(d for d, _ in dates))
    # The tags that name a venue, then the JSON-LD's journal or book, then the publisher tags (a publisher is
    # where a repository's page names no venue, not a journal).
    venue, kind = next(((tags[n][0], k) for n, k in _VENUE_TAGS if tags.get(n)), (ld.venue, None))
    venue = venue or first(*_PUBLISHER_TAGS)
    # No Highwire tag naming the kind: the repository's own type (EPrints, Dublin Core), when it names one,
    # else the JSON-LD's type.
    kind = kind or _EPRINTS_KINDS.get(first("eprints.type").lower()) or dc_type_kind(
        *tags.get("dc.type", []), *tags.get("dcterms.type", [])) or ld.kind
    # A thesis's degree: EPrints' thesis_type ("masters"), a DC type ("masterThesis") beside a Highwire tag.
    kind = thesis_kind(kind, first("eprints.thesis_type"), *tags.get("dc.type", []), *tags.get("dcterms.type", []))
    kind = venue_kind(kind, venue)  # bioRxiv's pages name it as their journal
    # Google Scholar's order: Highwire (one citation_author each, or the older citation_authors holding all,
    # "A; B"), then BE Press and EPrints; Dublin Core last (a second, partial DC set is common on repositories).
    people = next((tags[n] for n in ("citation_author", "citation_authors", "bepress_citation_author",
                                     "eprints.creators_name", "dc.creator") if tags.get(n)), [])
    # The abstract tags, then the JSON-LD's, then the page's description (a social card's, often cut short).
    abstract = _plain(first("citation_abstract", "eprints.abstract", "dcterms.abstract", "dc.description")) \
        or ld.abstract or _plain(first("og:description", "description"))
    page.paper = Paper(
        title=title, doi=doi, authors=person_names(people) or ld.authors, abstract=abstract,
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
        """The paper the page describes in its meta tags and JSON-LD."""
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
    """The paper a feed item's page describes, when its tags or JSON-LD name a DOI or a PDF link (a title alone,
    Open Graph tags, a JSON-LD Article describe any blog post); None for a page that names neither (an arXiv id
    on the page is the caller's: `page.arxiv`). The page's tags and JSON-LD come first, then `record` (its
    DOI's record, for a page that names no author), then the item's own words (title, teaser, date); its
    source is the feed item, its link the item's."""
    if not page.doi and not page.pdf_url:
        return None
    sources = [p for p in (page.paper, record, item) if p is not None]

    def first(name: str):
        return next((value for p in sources if (value := getattr(p, name))), None)

    title = page.paper.title if page.paper else item.title
    return Paper(title=title, doi=page.doi, pdf_url=page.pdf_url, authors=list(first("authors") or []),
                 abstract=first("abstract") or "", published=fullest_date(*(p.published for p in sources)),
                 year=first("year"),
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
    """(ISO date, year) from '2017/12/04', '2017-12-4', '2017-12', '2017' (the forms the tags use); a date
    when the month is given ('2017-12' without a day). The year last ('12/04/2017', older ACM pages;
    '25.03.2017') gives the year, and the date when the order is plain (one of the two numbers above 12 is
    the day)."""
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
    if not month_text or not 1 <= int(month_text) <= 12:
        return None, year
    if day_text and 1 <= int(day_text) <= 31:
        return f"{year}-{int(month_text):02d}-{int(day_text):02d}", year
    return f"{year}-{int(month_text):02d}", year


# -- schema.org JSON-LD ---------------------------------------------------------------------------------

# The types that describe a paper, and the kind each names by itself.
_LD_PAPER_TYPES: dict[str, str | None] = {"scholarlyarticle": None, "medicalscholarlyarticle": None,
                                          "report": "report", "thesis": "thesis", "chapter": "chapter"}
_LD_GENERIC_TYPES = ("article", "creativework")  # a news story's or a blog post's type too (Yoast gives Article)
_LD_JOURNAL_TYPES = {"periodical", "publicationvolume", "publicationissue"}
_LD_NOT_VENUES = {"website", "webpage", "blog", "organization", "person", "collectionpage", "itempage"}
_LD_MAX_NODES = 500  # nodes looked at on a page, and authors, identifiers or files of a paper
_LD_MAX_DEPTH = 8  # lists, @graph and mainEntity inside one another; isPartOf steps
_LD_DECODER = json.JSONDecoder(strict=False)  # strict=False: raw line breaks inside strings
_LD_WRAPPERS = re.compile(r"^(?://\s*)?(?:<!--|<!\[CDATA\[)|(?://\s*)?(?:-->|\]\]>)$")


@dataclass
class _LdPaper:
    """The paper a page's JSON-LD describes: what read_paper_page takes where the meta tags say nothing."""

    title: str = ""
    authors: list[str] = field(default_factory=list)
    dates: list[tuple[str | None, int | None]] = field(default_factory=list)  # as _date gives them
    doi: str | None = None
    pdf_url: str | None = None
    abstract: str = ""
    venue: str = ""
    kind: str | None = None


def _ld_paper(scripts: list[str], where: str, title: str = "") -> _LdPaper | None:
    """The paper the first scholarly node of a page's JSON-LD scripts describes (a script at the top, in a
    list, in `@graph`, as a web page's `mainEntity`), the first of `title` when the meta tags name one; None
    when none describes one, or when several papers are described and the tags name none (a journal issue's
    contents, search results: no one paper's page). A script that is not JSON (cut short, HTML-escaped
    beyond repair, nested past Python's limit) is passed over."""
    nodes: list[dict] = []
    for script in scripts:
        data = _ld_json(script)
        if data is not None:
            _ld_collect(data, nodes, 0)
    # What a reference ({"@id": ...}, a Yoast author's) stands for: the node of that id that says more.
    ids = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and n.keys() - {"@id", "@type"}}
    typed = [(n, _ld_types(n)) for n in nodes]
    # The first node of a paper's type, else the first Article or CreativeWork that names a DOI, PDF or journal.
    chosen = [n for n, types in typed if types & _LD_PAPER_TYPES.keys()] + \
             [n for n, types in typed if types & set(_LD_GENERIC_TYPES) and not types & _LD_PAPER_TYPES.keys()]
    titled = [(n, t) for n in chosen if (t := _ld_title(n))]
    if not title and len({normalise_title(t) for n, t in titled if _ld_types(n) & _LD_PAPER_TYPES.keys()}) > 1:
        return None
    found = (_ld_node_paper(n, ids, where) for n, t in titled if not title or same_title(title, t))
    return next((paper for paper in found if paper is not None), None)


def _ld_json(script: str) -> object:
    """A script's JSON, read as given, else with HTML comment or CDATA wrappers gone and entities unescaped
    (pages that escape it as text: `{&quot;@type&quot;: ...}`); None when neither reads."""
    text = script.strip()
    bare = _LD_WRAPPERS.sub("", text).strip()
    for attempt in (text, bare, unescape(bare)):
        try:  # the first value: a script may end in a stray ";" or hold a second one
            return _LD_DECODER.raw_decode(attempt)[0]
        except (ValueError, RecursionError):
            continue
    return None


def _ld_collect(value: object, nodes: list[dict], depth: int) -> None:
    """Every node of a JSON-LD document in order: the top ones, those in lists and in `@graph`, and a page's
    `mainEntity`; not those inside other properties (a paper's citations are papers too)."""
    if depth > _LD_MAX_DEPTH or len(nodes) >= _LD_MAX_NODES:
        return
    if isinstance(value, list):
        for item in value[:_LD_MAX_NODES]:
            _ld_collect(item, nodes, depth + 1)
    elif isinstance(value, dict):
        nodes.append(value)
        for key in ("@graph", "mainEntity"):
            if isinstance(value.get(key), (list, dict)):
                _ld_collect(value[key], nodes, depth + 1)


def _ld_types(node: dict) -> set[str]:
    """A node's types, lower-cased, without a vocabulary's prefix ('schema:Thesis', 'http://schema.org/Thesis')."""
    types = node.get("@type")
    return {t.rsplit("/", 1)[-1].rsplit(":", 1)[-1].strip().lower()
            for t in (types if isinstance(types, list) else [types])[:20] if isinstance(t, str)}


def _ld_items(value: object, ids: dict[str, dict]) -> list:
    """A property's values as a list (one value, a list, an `@list`), a reference ({"@id": ...}) replaced by
    the node it names on the page."""
    if isinstance(value, dict) and isinstance(value.get("@list"), list):
        value = value["@list"]
    items = value[:_LD_MAX_NODES] if isinstance(value, list) else [value]
    return [ids.get(item["@id"], item) if isinstance(item, dict) and isinstance(item.get("@id"), str) else item
            for item in items if item is not None]


def _ld_text(value: object) -> str:
    """A text value as plain text: a string, a number, a {"@value": ...}, a list's first one; markup and
    entities gone (Zenodo's description is HTML)."""
    if isinstance(value, list):  # one level: lists in lists are no text
        return next((text for v in value[:20] if not isinstance(v, list) and (text := _ld_text(v))), "")
    if isinstance(value, dict):
        value = value.get("@value")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    return " ".join(_plain(unescape(value[:100_000])).split())


def _ld_title(node: dict) -> str:
    return _ld_text(node.get("name")) or _ld_text(node.get("headline"))


def _ld_node_paper(node: dict, ids: dict[str, dict], where: str) -> _LdPaper | None:
    """The paper one node describes: None without a title, or for a generic type that names no DOI, PDF or
    journal (a blog post's)."""
    title = _ld_title(node)
    if not title:
        return None
    types = _ld_types(node)
    venue, in_journal = _ld_venue(node, ids)
    paper = _LdPaper(title=title, doi=_ld_doi(node, ids), pdf_url=_ld_pdf(node, ids, where), venue=venue)
    if not types & _LD_PAPER_TYPES.keys() and not (paper.doi or paper.pdf_url or in_journal):
        return None
    paper.authors = _ld_people(node.get("author") or node.get("creator"), ids)
    paper.dates = [_date(text) for key in ("datePublished", "dateCreated") if (text := _ld_text(node.get(key)))]
    paper.abstract = _ld_text(node.get("abstract")) or _ld_text(node.get("description"))
    kinds = [_LD_PAPER_TYPES[t] for t in sorted(types & _LD_PAPER_TYPES.keys()) if _LD_PAPER_TYPES[t]]
    paper.kind = kinds[0] if kinds else "article" if in_journal else None
    return paper


def _ld_people(value: object, ids: dict[str, dict]) -> list[str]:
    """Authors in their order: a Person by givenName and familyName, else by name ("Doe, Jo" as Zenodo writes
    it becomes "Jo Doe"); an Organization by its name, whole."""
    names: list[str] = []
    for item in _ld_items(value, ids):
        if isinstance(item, str):
            names += person_names([_ld_text(item)])
        elif isinstance(item, dict):
            given, family = _ld_text(item.get("givenName")), _ld_text(item.get("familyName"))
            name = _ld_text(item.get("name"))
            if "organization" in _ld_types(item):
                names += [name] if name else []
            elif given and family:
                suffix = _ld_text(item.get("honorificSuffix"))  # a generation ("Jr."), not a degree
                generation = suffix if GENERATION_SUFFIX.fullmatch(suffix) else ""
                names.append(" ".join(x for x in (given, family, generation) if x))
            else:
                names += person_names([name or family])
    return list(dict.fromkeys(n for n in names if n))


def _ld_doi(node: dict, ids: dict[str, dict]) -> str | None:
    """The DOI a node names: its identifier (a string, a PropertyValue whose propertyID is doi, a list of
    them), else a doi.org link as its sameAs, @id or url."""
    for item in _ld_items(node.get("identifier"), ids):
        if isinstance(item, dict):
            scheme = item.get("propertyID")
            if scheme is not None and (not isinstance(scheme, str) or "doi" not in scheme.lower()):
                continue  # a PubMed id, an ISSN, a handle
            item = _ld_text(item.get("value")) or _ld_text(item.get("url"))
        if isinstance(item, str) and (doi := normalise_doi(item)):
            return doi
    links = [*_ld_items(node.get("sameAs"), {}), node.get("@id"), *_ld_items(node.get("url"), {})]
    resolved = (link for link in links if isinstance(link, str) and _host(link) in DOI_RESOLVER_HOSTS)
    return next((doi for link in resolved if (doi := normalise_doi(link))), None)


def _ld_pdf(node: dict, ids: dict[str, dict], where: str) -> str | None:
    """The link of the node's PDF: an encoding, associatedMedia or distribution (a MediaObject, DataDownload)
    whose encodingFormat is PDF ('application/pdf', 'pdf') or whose contentUrl ends in .pdf."""
    for key in ("encoding", "associatedMedia", "distribution"):
        for item in _ld_items(node.get(key), ids):
            if not isinstance(item, dict):
                continue
            link = _link(where, _ld_text(item.get("contentUrl")) or _ld_text(item.get("url")))
            formats = " ".join(_ld_text(f) for f in _ld_items(item.get("encodingFormat"), {})).lower()
            if link and ("pdf" in formats or (not formats and urlsplit(link).path.lower().endswith(".pdf"))):
                return link
    return None


def _ld_venue(node: dict, ids: dict[str, dict]) -> tuple[str, bool]:
    """Where the node appeared, up its isPartOf chain (an issue in a volume in a journal, a chapter's book):
    the journal's name, else the first name on the way; and whether the chain holds a journal. A website or a
    blog it is part of is no venue."""
    names: list[str] = []
    journal = ""
    in_journal = False
    part: object = node.get("isPartOf")
    for _ in range(_LD_MAX_DEPTH):
        items = _ld_items(part, ids)
        item = items[0] if items else None
        if isinstance(item, str):
            names.append(_ld_text(item))
            break
        if not isinstance(item, dict):
            break
        types = _ld_types(item)
        if types & _LD_NOT_VENUES:
            break
        name = _ld_text(item.get("name"))
        names.append(name)
        if types & _LD_JOURNAL_TYPES:
            in_journal = True
            journal = journal or (name if "periodical" in types else "")
        part = item.get("isPartOf")
    return journal or next((n for n in names if n), ""), in_journal


def _link(where: str, link: str) -> str | None:
    """A page's link made absolute, when it is an http(s) one (not a malformed one: 'http://[x')."""
    try:
        found = urljoin(where, link.strip()) if link.strip() else None
        return found if is_http_url(found) else None
    except ValueError:
        return None


def _host(link: str) -> str:
    try:
        return (urlsplit(link.strip()).hostname or "").lower()
    except ValueError:
        return ""
