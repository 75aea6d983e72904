"""Markdown (one Obsidian-friendly file per paper) and the citation exports: BibTeX, RIS and CSL-JSON.

A paper's kind (models.PAPER_KINDS) picks its BibTeX entry type, RIS TY and CSL type, and the field its
venue goes in (a journal, a proceedings or book title, a university, an institution, a preprint server); a
paper of unknown kind goes by its venue as before kinds were kept: a venue makes it a conference paper, a DOI
alone an article, anything else misc. paperpass import reads each of these files back to the same kind."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from pathlib import Path

from paperpass.errors import InvalidInput
from paperpass.library.views import paper_details
from paperpass.models import BIBTEX_MONTHS, FIVE_CS, MASTERS_THESIS, Paper, kind_and_venue
from paperpass.store.papers import list_papers
from paperpass.text import GENERATION_SUFFIX, has_latex


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file and rename, so a crash never leaves half a file."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        os.replace(tmp, path)
    except OSError as exc:
        raise InvalidInput(f"cannot write {path}: {exc.strerror or exc}") from exc


def _yaml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # JSON strings are valid YAML scalars


def paper_markdown(details: dict) -> str:
    """One paper as Markdown with YAML front matter (Obsidian-friendly)."""
    front = [
        "---",
        f"title: {_yaml_str(details['title'])}",
        "authors: [" + ", ".join(_yaml_str(a) for a in details["authors"]) + "]",
        f"paperpass_id: {details['id']}",
    ]
    for key in ("arxiv_id", "doi", "kind", "venue", "year", "published", "source_url", "decision", "status"):
        if details.get(key) is not None:
            value = details[key]
            front.append(f"{key}: {value if isinstance(value, int) else _yaml_str(str(value))}")
    # Your tags first (Obsidian's tags hold no spaces: "to reread" becomes to-reread), then the arXiv categories.
    tags = ["-".join(t.split()) for t in details.get("tags", [])] + list(details["categories"])
    if tags:
        front.append("tags: [" + ", ".join(_yaml_str(t) for t in tags) + "]")
    front.append("---")
    body = [f"# {details['title']}", ""]
    if details["authors"]:
        body += [", ".join(details["authors"]), ""]
    where = kind_and_venue(details.get("kind"), details.get("venue"))
    if where:
        body += [where, ""]
    if details["abstract"]:
        body += ["## Abstract", "", details["abstract"], ""]
    sources = details.get("sources") or []
    if sources:
        body += ["## Sources", ""] + [
            f"- {s['label']}" + (f": {s['url']}" if s.get("url") else "")
            + (f" ({s['popularity']} upvotes)" if s.get("popularity") else "") for s in sources] + [""]
    others = (details.get("review") or {}).get("others_vs_mine")
    if others:
        body += ["## What others say vs. my first read", "", others.rstrip(), ""]
    five = details["five_cs"]
    if any(five.get(c) for c in FIVE_CS):
        body += ["## Five Cs", ""] + [f"- **{c}**: {five[c]}" for c in FIVE_CS if five.get(c)] + [""]
    for state in details["passes"]:
        notes = [n for n in details["notes"] if n["pass_no"] == state["pass_no"]]
        if not notes and not state["started"]:
            continue
        minutes = state["seconds"] / 60
        body += [f"## Pass {state['pass_no']}", "", f"_{minutes:.0f} min spent"
                 + (", finished_" if state["finished"] else "_"), ""]
        for n in notes:
            body += [n["text"].rstrip(), "", f"<!-- note {n['id']}, updated {n['updated']} -->", ""]
    return "\n".join([*front, "", *body])


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w\- ]", "", text).strip().replace(" ", "-")
    return slug[:80] or "paper"


def export_markdown(conn: sqlite3.Connection, out_dir: Path) -> list[Path]:
    """Write one Markdown file per paper the reader has touched (or all, for a small library)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise InvalidInput(f"{out_dir} is a file; --format markdown needs a directory")
    written = []
    for paper in list_papers(conn):
        details = paper_details(conn, paper.stored_id)
        path = out_dir / f"{paper.id:05d}-{_slug(paper.title)}.md"
        write_atomic(path, paper_markdown(details))
        written.append(path)
    return written


# An inline formula, `$\lambda$`: TeX already (arXiv's titles are TeX source), written as it is; split on with
# its match kept (odd pieces). Outside formulas, a special character not yet escaped.
_INLINE_MATH = re.compile(r"((?<!\\)\$[^$]+(?<!\\)\$)")
_BARE_SPECIAL = re.compile(r"(?<!\\)([&%$#_])")


def _bibtex_escape(text: str) -> str:
    """Text as a BibTeX value LaTeX can typeset. Plain text has its special characters escaped; text that is
    TeX already (a formula, an accent command: an arXiv title, an imported BibTeX value) keeps its formulas,
    commands and braces, and only what is not yet escaped outside its formulas (a bare %, &, #, _) is."""
    if not has_latex(text):
        return re.sub(r"([&%$#_{}])", r"\\\1", text)
    pieces = _INLINE_MATH.split(text)
    return "".join(piece if k % 2 else _BARE_SPECIAL.sub(r"\\\1", piece) for k, piece in enumerate(pieces))


# kind -> (BibTeX entry type, the field the venue goes in); a preprint is @misc with arXiv's eprint fields (as
# arXiv's own export gives it), or @unpublished without an arXiv id.
_BIBTEX = {"article": ("article", "journal"), "conference": ("inproceedings", "booktitle"),
           "chapter": ("incollection", "booktitle"), "thesis": ("phdthesis", "school"),
           "masters": ("mastersthesis", "school"),
           "report": ("techreport", "institution"), "preprint": ("misc", "howpublished")}
# kind -> (RIS TY, the tags the venue goes in): JO a journal, T2 the book, PB the university, institution or
# preprint server; a conference paper's in T2 (the conference, to Zotero and EndNote) and C3 (the proceedings'
# title): which of the two a stored venue names is not known, and a citation style prints the proceedings.
_RIS = {"article": ("JOUR", ("JO",)), "conference": ("CONF", ("T2", "C3")), "chapter": ("CHAP", ("T2",)),
        "thesis": ("THES", ("PB",)), "masters": ("THES", ("PB",)), "report": ("RPRT", ("PB",)),
        "preprint": ("UNPB", ("PB",))}
# kind -> (CSL type, the variable the venue goes in). CSL 1.0.2's "article" is its preprint type.
_CSL = {"article": ("article-journal", "container-title"), "conference": ("paper-conference", "container-title"),
        "chapter": ("chapter", "container-title"), "thesis": ("thesis", "publisher"),
        "masters": ("thesis", "publisher"),
        "report": ("report", "publisher"), "preprint": ("article", "publisher")}


def export_kind(paper: Paper) -> str | None:
    """The kind a paper is exported as: its own, else what its venue and DOI suggest (the rule before kinds
    were kept: a venue, a conference paper; a DOI alone, an article); None: misc."""
    if paper.kind in _BIBTEX:
        return paper.kind
    return "conference" if paper.venue else "article" if paper.doi else None


def _cite_key(paper: Paper) -> str:
    parts = name_parts(paper.authors[0]) if paper.authors else None
    surname = parts[2] if parts else paper.authors[0].split()[-1] if paper.authors else ""
    # ASCII, as classic BibTeX needs: accents dropped ("Núñez" -> "nunez"), other scripts give "anon"
    surname = re.sub(r"[^A-Za-z]", "", unicodedata.normalize("NFKD", surname)) or "anon"
    return f"{surname}{paper.year or ''}{paper.id}".lower()


def export_bibtex(conn: sqlite3.Connection) -> str:
    return "\n\n".join(bibtex_entry(paper) for paper in list_papers(conn))


def bibtex_entry(paper: Paper) -> str:
    kind = export_kind(paper)
    entry_type, venue_field = _BIBTEX[kind] if kind else ("misc", "howpublished")
    if kind == "preprint" and not paper.arxiv_id:
        entry_type = "unpublished"
    fields = {"title": "{" + _bibtex_escape(paper.title) + "}",
              "author": " and ".join(_bibtex_author(a) for a in paper.authors)}
    if paper.year:
        fields["year"] = str(paper.year)
    month = _month_of(paper)
    if month:
        fields["month"] = BIBTEX_MONTHS[month - 1]  # a macro, unbraced: BibTeX's own way to give the month
    if paper.arxiv_id:
        fields |= {"eprint": paper.arxiv_id, "archivePrefix": "arXiv"}
    if paper.doi:
        fields["doi"] = paper.doi
    if paper.venue and kind:
        fields[venue_field] = _bibtex_escape(paper.venue)
    body = ",\n".join(f"  {k} = {v}" if k == "month" else f"  {k} = {{{v}}}" for k, v in fields.items())
    return f"@{entry_type}{{{_cite_key(paper)},\n{body}\n}}"


def _date_parts(paper: Paper) -> list[int]:
    """[year, month, day] of a paper's date, as far as it goes ('1990-03': [1990, 3]), when the date is of
    the paper's year (or the paper gives no year); [] otherwise."""
    parts = [int(p) for p in (paper.published or "")[:10].split("-") if p.isdigit()]
    return parts if parts and (not paper.year or parts[0] == paper.year) else []


def _month_of(paper: Paper) -> int | None:
    """The month of a paper's date ('1990-03', '1990-03-05'), when the date is of its year; None for a date of
    a year alone ('1990') or none."""
    parts = _date_parts(paper)
    return parts[1] if paper.year and len(parts) >= 2 and 1 <= parts[1] <= 12 else None


_NAME_SUFFIX = re.compile(rf",?\s+({GENERATION_SUFFIX.pattern})$")  # "Martin Luther King Jr."
# A word that names a body, not a person: a name holding one is an organisation's, written whole.
_BODY_WORDS = frozenset(
    "organization organisation collaboration consortium team group institute institution foundation association "
    "society council commission committee agency ministry department university college laboratory laboratories "
    "labs lab centre center project initiative alliance federation network inc inc. ltd ltd. llc gmbh "
    "corporation corp. company".split())


def is_organisation(name: str) -> bool:
    """'World Health Organization', 'ATLAS Collaboration', 'Allen Institute for AI': a word that names a body."""
    return any(word.lower().strip(",") in _BODY_WORDS for word in name.split())


def name_parts(name: str) -> tuple[str, str, str, str] | None:
    """(given, particle, family, suffix) of a stored name ('Ludwig van Beethoven', 'Martin Luther King Jr.'), by
    BibTeX's rules for 'First von Last' (bibtexparser); None for a one-word name (an organisation, a mononym),
    which reference managers take whole."""
    from bibtexparser.middlewares.names import parse_single_name_into_parts

    text = " ".join(name.split())
    match = _NAME_SUFFIX.search(text)
    suffix = match.group(1) if match else ""
    text = text[:match.start()] if match else text
    if "," in text or " " not in text or is_organisation(text):
        return None
    try:
        parts = parse_single_name_into_parts(text)
    except ValueError:  # InvalidNameError: unbalanced braces; the name is then taken whole
        return None
    if not parts.first or not parts.last:
        return None
    return " ".join(parts.first), " ".join(parts.von), " ".join(parts.last), suffix


def _bibtex_author(name: str) -> str:
    """A name as BibTeX reads it: 'First von Last', or 'von Last, Jr, First' when it has a suffix (BibTeX takes
    the last word of 'First Last Jr.' for the surname)."""
    if is_organisation(name):
        return "{" + _bibtex_escape(name) + "}"  # BibTeX's way to say the name is one surname
    parts = name_parts(name)
    if parts is None or not parts[3]:
        return _bibtex_escape(name)
    given, particle, family, suffix = parts
    return _bibtex_escape(f"{' '.join(x for x in (particle, family) if x)}, {suffix}, {given}")


def _ris_author(name: str) -> str:
    """RIS's 'Family, Given[, Suffix]' (what Zotero, EndNote and Mendeley split a name by), else the name whole."""
    parts = name_parts(name)
    if parts is None:
        return name
    given, particle, family, suffix = parts
    return ", ".join(x for x in (" ".join(x for x in (particle, family) if x), given, suffix) if x)


def _csl_author(name: str) -> dict:
    parts = name_parts(name)
    if parts is None:
        return {"literal": name}
    given, particle, family, suffix = parts
    person = {"family": family, "given": given}
    if particle:
        person["non-dropping-particle"] = particle
    if suffix:
        person["suffix"] = suffix
    return person


def export_ris(conn: sqlite3.Connection) -> str:
    """Every paper as a RIS record (TY by its kind, the venue in JO, T2 (and C3) or PB)."""
    return "\n".join(ris_record(paper) for paper in list_papers(conn))


def _ris_value(text: str) -> str:
    return " ".join(text.split())  # a RIS value is one line


def ris_record(paper: Paper) -> str:
    kind = export_kind(paper)
    ty, venue_tags = _RIS[kind] if kind else ("GEN", ())
    lines = [("TY", ty), ("TI", paper.title)] + [("AU", _ris_author(a)) for a in paper.authors]
    if paper.year:
        lines.append(("PY", str(paper.year)))
    if paper.published and len(paper.published) >= 10:
        lines.append(("DA", paper.published[:10].replace("-", "/")))
    elif paper.published and len(paper.published) == 7:  # a year and month ('1990-03'), as the importers keep it
        lines.append(("DA", paper.published.replace("-", "/") + "//"))  # RIS keeps the slashes of what is unknown
    if paper.venue:
        lines += [(tag, paper.venue) for tag in venue_tags]
    if kind == "masters":
        lines.append(("M3", MASTERS_THESIS))  # the thesis type, where Zotero keeps it
    if paper.doi:
        lines.append(("DO", paper.doi))
    url = f"https://arxiv.org/abs/{paper.arxiv_id}" if paper.arxiv_id else paper.source_url
    if url:
        lines.append(("UR", url))
    if paper.abstract:
        lines.append(("AB", paper.abstract))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {_ris_value(value)}".rstrip() + (" " if tag == "ER" else "") for tag, value in lines)


def export_csl_json(conn: sqlite3.Connection) -> str:
    """Every paper as a CSL-JSON item (Zotero, pandoc and citeproc read it), type by its kind."""
    return json.dumps([csl_item(paper) for paper in list_papers(conn)], ensure_ascii=False, indent=2)


def csl_item(paper: Paper) -> dict:
    kind = export_kind(paper)
    csl_type, venue_key = _CSL[kind] if kind else ("document", "")
    item: dict = {"id": _cite_key(paper), "type": csl_type, "title": paper.title,
                  "author": [_csl_author(a) for a in paper.authors]}
    parts = _date_parts(paper)
    if parts:
        item["issued"] = {"date-parts": [parts]}
    elif paper.year:
        item["issued"] = {"date-parts": [[paper.year]]}
    if paper.venue and kind:
        item[venue_key] = paper.venue
    if kind == "masters":
        item["genre"] = MASTERS_THESIS
    if paper.doi:
        item["DOI"] = paper.doi
    if paper.arxiv_id:
        item |= {"URL": f"https://arxiv.org/abs/{paper.arxiv_id}", "number": f"arXiv:{paper.arxiv_id}"}
    elif paper.source_url:
        item["URL"] = paper.source_url
    if paper.abstract:
        item["abstract"] = paper.abstract
    return item
