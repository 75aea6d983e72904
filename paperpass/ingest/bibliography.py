"""What a researcher already has: BibTeX, CSL-JSON (Zotero) and RIS files as Papers.

    from paperpass.ingest.bibliography import read_bibliography
    records = read_bibliography(Path("library.bib"))   # -> Bibliography(kind, records, skipped, seen)

Each record is a Paper plus the local PDF the file names (Zotero/JabRef `file`
fields, RIS `L1`), when that PDF exists. A record that cannot be read (no title,
a broken block) is skipped with its reason; the rest of the file still comes in.
Storing them (matched against the library by arXiv id, DOI, then title) is
`paperpass.ingest.import_bibliography`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from paperpass.errors import InvalidInput
from paperpass.ids import find_arxiv_ids, normalise_doi, parse_arxiv_id
from paperpass.models import BIBTEX_ENTRY_KINDS, BIBTEX_MONTHS, Paper
from paperpass.text import GENERATION_SUFFIX, latex_to_text

MAX_FILE_BYTES = 200 * 2**20
FORMATS = ("bibtex", "csl-json", "ris")


@dataclass
class Record:
    paper: Paper
    pdf: Path | None = None  # a local PDF the entry names, when it exists


@dataclass
class Bibliography:
    kind: str
    records: list[Record] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (entry, reason)
    seen: int = 0


def detect_format(path: Path, data: str) -> str:
    """'bibtex', 'csl-json', 'ris' or 'paperpass-json' from the content (the suffix breaks ties)."""
    head = data.lstrip("\ufeff \t\r\n")[:4000]
    suffix = path.suffix.lower()
    if head.startswith(("[", "{")):
        try:
            parsed = json.loads(data.lstrip("\ufeff"))
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{path} is not valid JSON ({exc})") from exc
        if isinstance(parsed, dict) and isinstance(parsed.get("papers"), list):
            return "paperpass-json"
        return "csl-json"
    if re.search(r"^TY  - ", head, re.MULTILINE):
        return "ris"
    if re.search(r"^\s*@\s*[A-Za-z]+\s*[{(]", head, re.MULTILINE) or suffix in (".bib", ".bibtex", ".biblatex"):
        return "bibtex"
    raise InvalidInput(f"{path} is not a BibTeX, CSL-JSON, RIS or paperpass export file")


def read_text(path: Path) -> str:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise InvalidInput(f"{path} is larger than {MAX_FILE_BYTES // 2**20} MB")
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"cannot read {path}: {exc.strerror or exc}") from exc
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with its byte-order mark ("Unicode" on Windows)
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise InvalidInput(f"{path} starts as UTF-16 text but is not ({exc.reason})") from exc
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any bytes")


def read_bibliography(path: Path, data: str | None = None, kind: str | None = None) -> Bibliography:
    data = read_text(path) if data is None else data
    kind = kind or detect_format(path, data)
    base = path.resolve().parent
    if kind == "bibtex":
        return _bibtex(data, base)
    if kind == "csl-json":
        return _csl_json(data, path)
    if kind == "ris":
        return _ris(data, base)
    raise InvalidInput(f"{kind!r} is not a bibliography format ({', '.join(FORMATS)})")


# -- what kind of publication a record is (models.PAPER_KINDS) ---------------------------------------

# RIS TY codes (the RIS specification's reference types).
RIS_KINDS = {"JOUR": "article", "EJOUR": "article", "CONF": "conference", "CPAPER": "conference",
             "CHAP": "chapter", "ECHAP": "chapter", "THES": "thesis", "RPRT": "report", "UNPB": "preprint"}
# CSL types, and the Crossref types doi.org's CSL-JSON gives in their place (journal-article, ...). CSL 1.0.2's
# "article" is the preprint / working paper type (Zotero's preprints export as it); Crossref's posted-content
# is a preprint when its subtype says so (or says nothing).
CSL_KINDS = {"article-journal": "article", "journal-article": "article",
             "paper-conference": "conference", "proceedings-article": "conference",
             "chapter": "chapter", "book-chapter": "chapter", "book-section": "chapter", "book-part": "chapter",
             "thesis": "thesis", "dissertation": "thesis", "report": "report",
             "article": "preprint", "posted-content": "preprint"}
# Dublin Core's type (DC.type on repository pages, dc:type in feeds) as repositories spell it: the OpenAIRE /
# DRIVER vocabulary (info:eu-repo/semantics/...) and plain words. "Text" and the like name no kind.
DC_TYPE_KINDS = {"article": "article", "journal article": "article", "journalarticle": "article",
                 "conference paper": "conference", "conference object": "conference",
                 "conferenceobject": "conference", "conferencepaper": "conference",
                 "book chapter": "chapter", "bookpart": "chapter", "book part": "chapter", "chapter": "chapter",
                 "thesis": "thesis", "doctoral thesis": "thesis", "doctoralthesis": "thesis",
                 "master thesis": "masters", "masterthesis": "masters", "dissertation": "thesis",
                 "report": "report", "technical report": "report", "preprint": "preprint"}


# Preprint servers, as they name themselves where a journal's name goes (bioRxiv's pages give
# citation_journal_title "bioRxiv", Google Scholar's BibTeX journal = {arXiv preprint arXiv:...}).
PREPRINT_SERVERS = ("arxiv", "biorxiv", "medrxiv", "chemrxiv", "techrxiv", "psyarxiv", "socarxiv", "eartharxiv",
                    "research square", "ssrn electronic journal", "preprints.org", "osf preprints")


def is_preprint_server(venue: str | None) -> bool:
    """Whether a venue is a preprint server's name ('bioRxiv', 'arXiv preprint arXiv:1706.03762'), not a journal."""
    text = " ".join((venue or "").lower().split())
    return any(text == name or text.startswith((name + " ", name + ":")) for name in PREPRINT_SERVERS)


def venue_kind(kind: str | None, venue: str | None) -> str | None:
    """A record's kind given where it says it appeared: a preprint server's name makes it a preprint,
    whatever type the record gives (a bioRxiv page's journal title, an @article in arXiv)."""
    return "preprint" if is_preprint_server(venue) else kind


# A thesis's degree, as its type says it (BibTeX's type = {Master's thesis}, biblatex's mathesis, RIS's M3 and
# CSL's genre "Master's thesis" as Zotero writes them, EPrints' thesis_type "masters", "MSc thesis").
_MASTERS = re.compile(r"\bmaster|\bmathesis\b|\bm\.?\s?(?:sc|phil|eng|a)\b\.?\s*(?:thesis|dissertation)",
                      re.IGNORECASE)


def thesis_kind(kind: str | None, *types: object) -> str | None:
    """A thesis's kind by its degree: "masters" when a thesis's type (`types`: the record's own words for its
    type or degree) says it is a master's, else `kind` as it is."""
    if kind == "thesis" and any(isinstance(t, str) and _MASTERS.search(t) for t in types):
        return "masters"
    return kind


def dc_type_kind(*values: str | None) -> str | None:
    """The kind the first Dublin Core type among `values` names (case and the info:eu-repo/semantics/ prefix
    aside); None when none names one."""
    for value in values:
        if not isinstance(value, str):
            continue
        word = " ".join(value.strip().lower().removeprefix("info:eu-repo/semantics/").split())
        if word in DC_TYPE_KINDS:
            return DC_TYPE_KINDS[word]
    return None


def feed_item_kind(aggregation_type: object, dc_type: object, venue: str | None) -> str | None:
    """The kind a journal feed's item states: PRISM's aggregationType 'journal' (an article of a journal), else
    its dc:type; a preprint server's name as the publication makes it a preprint. A publication name alone
    states no kind."""
    kind = "article" if isinstance(aggregation_type, str) and aggregation_type.strip().lower() == "journal" \
        else dc_type_kind(dc_type if isinstance(dc_type, str) else None)
    return venue_kind(kind, venue)


# -- shared helpers -----------------------------------------------------------------------------

_ARXIV_HINT = re.compile(r"arxiv", re.IGNORECASE)


def _arxiv_from(*texts: str | None, hinted: bool = False) -> tuple[str, int | None] | None:
    """An arXiv id in any of `texts` (a bare id only counts when `hinted`: the entry says it is arXiv)."""
    for text in texts:
        if not text:
            continue
        text = text.strip()
        parsed = parse_arxiv_id(text)
        if parsed and (hinted or "arxiv" in text.lower()):
            return parsed
        if "arxiv" in text.lower():
            for m in re.finditer(r"arxiv[.:/\s]*(?:org/(?:abs|pdf)/)?(\S+)", text, re.IGNORECASE):
                parsed = parse_arxiv_id(m.group(1).rstrip(".,;)]}"))
                if parsed:
                    return parsed
            found = find_arxiv_ids(text)
            if found:
                return found[0], None
    return None


def _doi(*texts: str | None) -> str | None:
    for text in texts:
        doi = normalise_doi(text) if text else None
        if doi:
            return doi
    return None


def _doi_url(url: str | None) -> str | None:
    """A link that carries a DOI: doi.org, or a publisher's /doi/ path (not any URL with digits in it)."""
    if not url:
        return None
    parts = urlsplit(url)
    if (parts.hostname or "").lower().endswith("doi.org") or "/doi/" in parts.path.lower():
        return url
    return None


def _year(text: str | None) -> int | None:
    m = re.search(r"\b(1[5-9]\d\d|20\d\d|21\d\d)\b", text or "")
    return int(m.group(1)) if m else None


def _date(text: str | None) -> str | None:
    """An ISO date (YYYY, YYYY-MM or YYYY-MM-DD) from the date forms these files use."""
    if not text:
        return None
    m = re.search(r"\b(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?", text)
    if not m:
        return None
    year, month, day = m.group(1), m.group(2), m.group(3)
    if month and 1 <= int(month) <= 12:
        if day and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
        return f"{year}-{int(month):02d}"
    return year


def fullest_date(*dates: str | None) -> str | None:
    """The first of `dates` (ISO: YYYY-MM-DD..., YYYY-MM, YYYY) that names its day, else the first that names
    its month, else the first given: two records of one paper, the more precise date."""
    given = [d for d in dates if d]
    return next((d for d in given if len(d) >= 10), None) or next((d for d in given if len(d) >= 7), None) \
        or next(iter(given), None)


def _clean(text: str | None) -> str:
    return " ".join((text or "").split())


def _local_pdf(candidate: str, base: Path) -> Path | None:
    """The existing local PDF a file field names (absolute, relative to the file, or a file: URL)."""
    text = candidate.strip()
    if not text:
        return None
    if text.lower().startswith("file:"):
        parts = urlsplit(text)
        text = unquote(parts.path)
        if re.match(r"^/[A-Za-z]:/", text):  # file:///C:/...
            text = text[1:]
    elif re.match(r"^[a-z][a-z0-9+.-]+://", text, re.IGNORECASE):
        return None  # http(s) and the rest are links, not local files
    path = Path(text).expanduser()
    if not path.is_absolute():
        path = base / path
    try:
        if path.suffix.lower() == ".pdf" and path.is_file():
            return path.resolve()
    except OSError:
        return None
    return None


def _split_name(name: str) -> str:
    """'Last, First' -> 'First Last'; anything else as written."""
    name = _clean(name)
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        return f"{first} {last}".strip() if first else last
    if name.count(",") == 2:  # BibTeX's Last, Jr., First; RIS's Last, First, Suffix
        last, middle, end = (p.strip() for p in name.split(","))
        first, suffix = (middle, end) if GENERATION_SUFFIX.fullmatch(end) else (end, middle)
        return f"{first} {last} {suffix}".strip()
    return name


# -- BibTeX -------------------------------------------------------------------------------------

_LATEX_SIMPLE = {r"\&": "&", r"\%": "%", r"\_": "_", r"\$": "$", r"\#": "#", "---": "\u2014", "--": "\u2013",
                 "~": " "}


def _latex(text: str | None) -> str:
    """LaTeX in a BibTeX value as plain text (braces, escapes and accents)."""
    if not text:
        return ""
    if "\\" in text:
        text = latex_to_text(text)
    for src, dst in _LATEX_SIMPLE.items():
        text = text.replace(src, dst)
    return _clean(text.replace("{", "").replace("}", ""))


def _bibtex_file_field(value: str, base: Path) -> Path | None:
    """Zotero/JabRef `file = {Desc:path:mime;Desc2:path2:mime2}`, or a bare path."""
    for part in re.split(r"(?<!\\);", value):
        part = part.replace("\\:", "\0").replace("\\;", ";")
        pieces = part.split(":")
        candidates = [part]
        if len(pieces) >= 3:
            candidates.insert(0, ":".join(pieces[1:-1]))  # Desc:path:mime (the path may hold a drive colon)
        elif len(pieces) == 2:
            candidates.insert(0, pieces[1])
        for candidate in candidates:
            found = _local_pdf(candidate.replace("\0", ":"), base)
            if found:
                return found
    return None


_FILE_FIELD = re.compile(r"\bfile\s*=\s*[{\"]([^}\"]*)[}\"]", re.IGNORECASE)


def _bibtex(data: str, base: Path) -> Bibliography:
    import logging

    import bibtexparser

    # bibtexparser logs each block it gives up on; we list those blocks ourselves, one line each.
    logging.getLogger("bibtexparser").setLevel(logging.ERROR)
    out = Bibliography(kind="bibtex")
    library = bibtexparser.parse_string(data)
    entries = list(library.entries)
    for block in library.failed_blocks:
        recovered = getattr(block, "ignore_error_block", None)
        if type(block).__name__ == "DuplicateFieldKeyBlock" and recovered is not None:
            # A field given twice (Zotfile writes one `file` per attachment): keep the entry, every file.
            recovered._extra_files = _FILE_FIELD.findall(block.raw or "")
            entries.append(recovered)
            continue
        out.seen += 1
        start = getattr(block, "start_line", None)
        what = f"block at line {start + 1}" if isinstance(start, int) else "a block"
        error = _clean(str(getattr(block, "error", "") or ""))[:120] or "an entry or field is not closed"
        out.skipped.append((what, f"not valid BibTeX ({error})"))
    for entry in entries:
        out.seen += 1
        fields: dict[str, str] = {}
        files: list[str] = list(getattr(entry, "_extra_files", []))
        for f in entry.fields:  # duplicate keys (several `file` fields) are kept, not overwritten
            key = f.key.lower()
            value = f.value if isinstance(f.value, str) else str(f.value)
            if key == "file":
                files.append(value)
            fields.setdefault(key, value)
        try:
            record = _bibtex_record(entry.entry_type.lower(), fields, files, base)
        except (ValueError, TypeError) as exc:  # a field pylatexenc or a date cannot read
            out.skipped.append((entry.key or "entry", f"unreadable entry ({_clean(str(exc))[:120]})"))
            continue
        if record is None:
            out.skipped.append((entry.key or "entry", "the entry has no title"))
            continue
        out.records.append(record)
    return out


def _bibtex_month(text: str | None) -> int | None:
    """A BibTeX month: its macro (mar), name (March, Sept.) or number (3); None for anything else."""
    word = _clean(_latex(text)).lower().rstrip(".")
    if word.isdigit():
        return int(word) if 1 <= int(word) <= 12 else None
    return BIBTEX_MONTHS.index(word[:3]) + 1 if len(word) >= 3 and word[:3] in BIBTEX_MONTHS else None


def _venue_of_preprint(howpublished: str | None) -> str | None:
    """A preprint's server as @misc/@unpublished write it (howpublished = {bioRxiv}); a link there is no venue."""
    text = howpublished or ""
    return None if not text or re.search(r"\\url|https?:|www\.", text, re.IGNORECASE) else text


def _bibtex_record(entry_type: str, f: dict[str, str], files: list[str], base: Path) -> Record | None:
    title = _latex(f.get("title"))
    if not title:
        return None
    hinted = any(_ARXIV_HINT.search(f.get(k, "")) for k in ("archiveprefix", "eprinttype", "publisher", "journal"))
    arxiv = _arxiv_from(f.get("eprint") if hinted else None, f.get("arxiv"), f.get("arxivid"), f.get("url"),
                        f.get("journal"), f.get("note"), f.get("doi"), hinted=hinted)
    authors = [_split_name(_latex(a)) for a in re.split(r"\s+and\s+", f.get("author", ""))
               if a.strip() and a.strip().lower() != "others"]  # "and others": BibTeX's "et al."
    date = _date(f.get("date")) or _date(f.get("year"))
    month = _bibtex_month(f.get("month"))
    if date and len(date) == 4 and month:  # year = {1990}, month = mar: BibTeX's own way to give the month
        date = f"{date}-{month:02d}"
    kind = thesis_kind(BIBTEX_ENTRY_KINDS.get(entry_type), f.get("type"))  # biblatex's @thesis, type = {mathesis}
    # The venue by the entry's kind: journal, proceedings or book title; a thesis's school, a report's
    # institution; a preprint's server (howpublished).
    venue = _latex(f.get("journal") or f.get("journaltitle") or f.get("booktitle") or f.get("eventtitle")
                   or (f.get("school") or f.get("institution") if kind in ("thesis", "masters", "report") else None)
                   or (_venue_of_preprint(f.get("howpublished")) if entry_type in ("misc", "unpublished")
                       else None)) or None
    kind = venue_kind(kind, venue)
    if venue and arxiv and venue.lower().startswith("arxiv"):
        venue = None  # "arXiv preprint arXiv:..." is no venue: the entry is a preprint (Google Scholar's @article)
    if kind is None and arxiv and entry_type in ("misc", "online", "electronic", "preprint"):
        kind = "preprint"  # arXiv's own export: @misc with eprint and archivePrefix
    url = _clean(f.get("url")) or None
    pdf = next((p for p in (_bibtex_file_field(v, base) for v in files) if p), None)
    ident, version = arxiv if arxiv else (None, None)
    return Record(Paper(
        title=title, arxiv_id=ident, arxiv_version=version,
        doi=_doi(f.get("doi"), _doi_url(url)),
        authors=[a for a in authors if a], abstract=_latex(f.get("abstract")),
        published=date, year=_year(date), venue=venue, source="import",
        source_url=url or (f"https://arxiv.org/abs/{ident}" if ident else None),
        pdf_url=(f"https://arxiv.org/pdf/{ident}v{version}" if version else f"https://arxiv.org/pdf/{ident}")
        if ident else None,
        comment=_latex(f.get("note")) or None, kind=kind,
    ), pdf)


# -- CSL-JSON (Zotero, Better BibTeX, pandoc) ---------------------------------------------------

def _csl_name(person) -> str:
    if not isinstance(person, dict):
        return _clean(str(person))
    for key in ("literal", "name"):  # an organisation: CSL's literal, or the name some resolvers send
        if person.get(key) and not person.get("family"):
            return _clean(str(person[key]))
    parts = [person.get("given"), person.get("dropping-particle"), person.get("non-dropping-particle"),
             person.get("family"), person.get("suffix")]
    return _clean(" ".join(str(p) for p in parts if p))


def _csl_date(value) -> str | None:
    if not isinstance(value, dict):
        return None
    parts = value.get("date-parts")
    if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
        numbers = []
        for p in parts[0][:3]:
            try:
                numbers.append(int(p))
            except (TypeError, ValueError):
                break
        if numbers:
            return _date("-".join(str(n) for n in numbers))
    return _date(str(value.get("raw") or value.get("literal") or "")) or None


def _csl_json(data: str, path: Path) -> Bibliography:
    try:
        items = json.loads(data.lstrip("\ufeff"))
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{path} is not valid JSON ({exc})") from exc
    if isinstance(items, dict):
        items = items.get("items") if isinstance(items.get("items"), list) else [items]
    if not isinstance(items, list):
        raise InvalidInput(f"{path}: CSL-JSON should be a list of items")
    out = Bibliography(kind="csl-json")
    for index, item in enumerate(items):
        out.seen += 1
        label = str(item.get("id") or item.get("citation-key") or f"item {index + 1}")[:80] \
            if isinstance(item, dict) else f"item {index + 1}"
        if not isinstance(item, dict):
            out.skipped.append((label, "not a CSL item (an object)"))
            continue
        title = plain_html(item.get("title"))
        if not title:
            out.skipped.append((label, "the item has no title"))
            continue
        url = item.get("URL") if isinstance(item.get("URL"), str) else None
        texts = [str(item.get(k)) for k in ("number", "note", "archive_location", "container-title", "publisher")
                 if item.get(k)]
        hinted = any("arxiv" in t.lower() for t in [*texts, url or ""])
        arxiv = _arxiv_from(url, *texts, hinted=hinted) if hinted else None
        ident, version = arxiv if arxiv else (None, None)
        date = _csl_date(item.get("issued"))
        kind = _csl_kind(item)
        venue = plain_html(item.get("container-title")) or None
        if not venue and (kind in ("thesis", "masters", "report") or item.get("type") == "article"):
            venue = plain_html(item.get("publisher")) or None  # the university, institution or preprint server
        kind = venue_kind(kind, venue)
        if venue and venue.lower().startswith("arxiv"):
            venue = None
        out.records.append(Record(Paper(
            title=title, arxiv_id=ident, arxiv_version=version,
            doi=_doi(item.get("DOI") if isinstance(item.get("DOI"), str) else None, _doi_url(url)),
            authors=[n for n in (_csl_name(a) for a in item.get("author") or [] if a) if n]
            if isinstance(item.get("author"), list) else [],
            abstract=plain_html(item.get("abstract")), published=date, year=_year(date), venue=venue,
            source="import", source_url=url or (f"https://arxiv.org/abs/{ident}" if ident else None),
            pdf_url=f"https://arxiv.org/pdf/{ident}" if ident else None, kind=kind,
        )))
    return out


def _csl_kind(item: dict) -> str | None:
    kind_type = item.get("type")
    if not isinstance(kind_type, str):
        return None
    kind = thesis_kind(CSL_KINDS.get(kind_type.strip().lower()), item.get("genre"))
    subtype = item.get("subtype")
    if kind_type == "posted-content" and isinstance(subtype, str) and subtype.strip().lower() != "preprint":
        return None  # Crossref's posted content that is not a preprint (a working paper, a letter...)
    return kind


_BLOCK_TAG = re.compile(r"</?(?:jats:)?(?:p|sec|title|div|br|li|list|h[1-6])\b[^>]*>", re.IGNORECASE)
# The abstract's own heading: JATS <jats:title>, or the <h2>/<h3> a Highwire page's citation_abstract opens with.
_ABSTRACT_TITLE = re.compile(r"<((?:jats:)?title|h[1-6])\b[^>]*>\s*(?:abstract|summary)\s*[.:]?\s*</\1>",
                             re.IGNORECASE)
_TAG = re.compile(r"</?[A-Za-z][^>]*>")


def has_markup(text: str) -> bool:
    """Whether text holds HTML tags (not a "<" of running text such as "a < b")."""
    return bool(_TAG.search(text))


def plain_html(value) -> str:
    """CSL allows a few HTML tags (<i>, <b>, <sup>) in titles; Crossref's abstracts are JATS
    (<jats:title>Abstract</jats:title><jats:p>...</jats:p>): the heading goes, paragraphs are spaced.
    Some resolvers give a title or journal as a list: its first string is the value."""
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str) and v.strip()), None)
    if not isinstance(value, str):
        return ""
    import html

    text = _BLOCK_TAG.sub(" ", _ABSTRACT_TITLE.sub(" ", value))
    return _clean(html.unescape(re.sub(r"<[^>]+>", "", text)))


# -- RIS ----------------------------------------------------------------------------------------

_RIS_LINE = re.compile(r"^([A-Z][A-Z0-9])  -(?: (.*))?$")


def _ris(data: str, base: Path) -> Bibliography:
    out = Bibliography(kind="ris")
    record: dict[str, list[str]] | None = None
    last_tag = None
    start_line = 0
    for number, raw in enumerate(data.lstrip("\ufeff").splitlines(), start=1):
        line = raw.rstrip()
        m = _RIS_LINE.match(line)
        if m:
            tag, value = m.group(1), (m.group(2) or "").strip()
            if tag == "TY":
                if record is not None:  # a record without ER: close it anyway
                    _close_ris(record, start_line, base, out)
                record, start_line = {"TY": [value]}, number
            elif record is None:
                continue  # text before the first TY (a numbered list, a header) is not a record
            elif tag == "ER":
                _close_ris(record, start_line, base, out)
                record = None
            else:
                record.setdefault(tag, []).append(value)
            last_tag = tag
        elif record is not None and line.strip() and last_tag and last_tag in record:
            record[last_tag][-1] = f"{record[last_tag][-1]} {line.strip()}"  # continuation line
    if record is not None:
        _close_ris(record, start_line, base, out)
    return out


def _first(record: dict[str, list[str]], *tags: str) -> str:
    for tag in tags:
        for value in record.get(tag, []):
            if value.strip():
                return value.strip()
    return ""


def _close_ris(record: dict[str, list[str]], line: int, base: Path, out: Bibliography) -> None:
    out.seen += 1
    title = _clean(_first(record, "TI", "T1", "CT", "ST", "BT"))
    label = (title or f"record at line {line}")[:80]
    if not title:
        out.skipped.append((label, "the record has no title"))
        return
    urls = [u for tag in ("UR", "L2") for value in record.get(tag, []) for u in value.split() if u]
    files = [u for tag in ("L1", "L4") for value in record.get(tag, []) for u in re.split(r";\s*", value) if u]
    notes = record.get("N1", []) + record.get("M1", []) + record.get("M3", [])
    hinted = any("arxiv" in t.lower() for t in urls + notes + record.get("JO", []) + record.get("T2", [])
                 + record.get("PB", []))
    arxiv = _arxiv_from(*urls, *notes, *record.get("DO", []), hinted=hinted) if hinted else None
    ident, version = arxiv if arxiv else (None, None)
    date = _date(_first(record, "DA", "PY", "Y1", "Y2"))
    kind = thesis_kind(RIS_KINDS.get(_first(record, "TY").upper()), *record.get("M3", []))
    # C3 is a conference paper's proceedings title (Zotero and EndNote put the conference's name in T2); in
    # other types it is another custom field (an artwork's size, a patent's country).
    venue = _clean(_first(record, "T2", "JO", "JF", *(("C3",) if kind == "conference" else ()), "JA", "BT")
                   or (_first(record, "PB") if kind in ("thesis", "masters", "report", "preprint") else "")) or None
    kind = venue_kind(kind, venue)
    if venue and venue.lower().startswith("arxiv"):
        venue = None
    authors = [_split_name(a) for tag in ("AU", "A1") for a in record.get(tag, []) if a.strip()]
    pdf = next((p for p in (_local_pdf(f, base) for f in files) if p), None)
    pdf_link = next((u for u in files + urls if urlsplit(u).path.lower().endswith(".pdf")
                     and u.lower().startswith(("http://", "https://"))), None)
    doi_url = next((u for u in urls if _doi_url(u)), None)
    out.records.append(Record(Paper(
        title=title, arxiv_id=ident, arxiv_version=version, doi=_doi(_first(record, "DO"), doi_url),
        authors=authors, abstract=_clean(_first(record, "AB", "N2")), published=date, year=_year(date),
        venue=venue, source="import",
        source_url=next((u for u in urls if u.lower().startswith(("http://", "https://"))), None)
        or (f"https://arxiv.org/abs/{ident}" if ident else None),
        pdf_url=pdf_link or (f"https://arxiv.org/pdf/{ident}" if ident else None), kind=kind,
    ), pdf))
