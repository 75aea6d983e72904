"""Parsed documents: the parse cache's table and a paper's references matched against the library.

The cache (`parsed_documents`) is keyed by the PDF's SHA-256 and the parser
version, so reopening a paper costs one hash of the file, and a new parser
version reparses (running the parser is paperpass.library.documents' job).
References go to `paper_refs`, each linked to the library paper it names when
one matches: by arXiv id, then DOI, then title (exact after normalising, then
fuzzy).
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from difflib import SequenceMatcher

from paperpass.ids import normalise_doi, normalise_title
from paperpass.models import Document, Reference
from paperpass.store.db import now, transaction
from paperpass.store.papers import get_paper
from paperpass.store.refs import references_for

FUZZY_TITLE_RATIO = 0.92
# A library title this long, found word for word inside a reference, names that paper.
_MIN_CONTAINED_TITLE_CHARS = 25


# -- the parse cache ---------------------------------------------------------------

def cached_document_json(conn: sqlite3.Connection, sha256: str, parser_version: str) -> str | None:
    """The cached parse (JSON of `dataclasses.asdict(document)`) of the PDF with this hash by this parser
    version, if there is one."""
    row = conn.execute("SELECT json FROM parsed_documents WHERE sha256 = ? AND parser_version = ?",
                       (sha256, parser_version)).fetchone()
    return str(row[0]) if row else None


def cache_document(conn: sqlite3.Connection, sha256: str, document: Document, parser_version: str) -> None:
    """Keep a parse of the PDF with this hash (replacing one by the same parser version)."""
    data = json.dumps(dataclasses.asdict(document), ensure_ascii=False)
    with transaction(conn):
        conn.execute(
            "INSERT INTO parsed_documents (sha256, parser_version, json, parsed_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(sha256, parser_version) DO UPDATE SET json = excluded.json, parsed_at = excluded.parsed_at",
            (sha256, parser_version, data, now()),
        )


# -- references ----------------------------------------------------------------------

class LibraryIndex:
    """The library's identifiers and title keys, loaded once for matching many references."""

    def __init__(self, conn: sqlite3.Connection):
        self.by_arxiv: dict[str, int] = {}
        self.by_doi: dict[str, int] = {}
        self.by_title: dict[str, int] = {}
        for row in conn.execute("SELECT id, arxiv_id, doi, title_norm FROM papers"):
            if row["arxiv_id"]:
                self.by_arxiv[row["arxiv_id"]] = row["id"]
            if row["doi"]:
                self.by_doi[row["doi"].lower()] = row["id"]
            if row["title_norm"]:
                self.by_title.setdefault(row["title_norm"], row["id"])

    def match(self, ref: Reference, *, exclude: int | None = None) -> int | None:
        for found in (self._by_ids(ref), self._by_title(ref)):
            if found is not None and found != exclude:
                return found
        return None

    def _by_ids(self, ref: Reference) -> int | None:
        if ref.arxiv_id and ref.arxiv_id in self.by_arxiv:
            return self.by_arxiv[ref.arxiv_id]
        doi = normalise_doi(ref.doi)
        if doi and doi in self.by_doi:
            return self.by_doi[doi]
        return None

    def _by_title(self, ref: Reference) -> int | None:
        key = normalise_title(ref.title or "")
        if key and key in self.by_title:
            return self.by_title[key]
        raw_key = f" {normalise_title(ref.raw)} "
        best, best_ratio = None, FUZZY_TITLE_RATIO
        for title, paper_id in self.by_title.items():
            if len(title) >= _MIN_CONTAINED_TITLE_CHARS and f" {title} " in raw_key:
                return paper_id  # the parsed title may be cut wrong; the library's title is in the entry
            if key and 0.75 < len(title) / max(1, len(key)) < 1.33:
                matcher = SequenceMatcher(None, key, title, autojunk=False)
                if matcher.quick_ratio() >= best_ratio and matcher.ratio() >= best_ratio:
                    best, best_ratio = paper_id, matcher.ratio()
        return best


def match_reference(conn: sqlite3.Connection, ref: Reference, *, exclude: int | None = None) -> int | None:
    """The library paper a reference names (arXiv id, DOI, then title), or None."""
    return LibraryIndex(conn).match(ref, exclude=exclude)


def store_references(conn: sqlite3.Connection, paper_id: int, refs: list[Reference]) -> list[Reference]:
    """Replace a paper's references, matched against the library; the user's "queued" marks survive.

    A new parse (a parser upgrade) may split or word an entry differently, so a mark follows its
    reference by raw text, then arXiv id, DOI or title; a queued reference the new parse no longer
    has is kept after the others rather than lost.
    """
    get_paper(conn, paper_id)
    index = LibraryIndex(conn)
    with transaction(conn):
        marked = [dataclasses.replace(r, matched_paper_id=None) for r in references_for(conn, paper_id) if r.queued]
        carried = _carry_queued(list(refs), marked)
        conn.execute("DELETE FROM paper_refs WHERE paper_id = ?", (paper_id,))
        stored = []
        for position, ref in enumerate(carried):
            ref = dataclasses.replace(ref, matched_paper_id=index.match(ref, exclude=paper_id))
            conn.execute(
                "INSERT INTO paper_refs (paper_id, position, raw, title, year, arxiv_id, doi, matched_paper_id, "
                "queued, queued_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (paper_id, position, ref.raw, ref.title, ref.year, ref.arxiv_id, ref.doi, ref.matched_paper_id,
                 int(ref.queued), ref.queued_at),
            )
            stored.append(ref)
    return stored


def _reference_keys(ref: Reference) -> list[str]:
    """What names one reference across two parses: its raw text, then its identifiers and title."""
    keys = ["raw:" + " ".join(ref.raw.split())]
    if ref.arxiv_id:
        keys.append("arxiv:" + ref.arxiv_id)
    doi = normalise_doi(ref.doi)
    if doi:
        keys.append("doi:" + doi)
    title = normalise_title(ref.title or "")
    if title:
        keys.append("title:" + title)
    return keys


def _carry_queued(refs: list[Reference], marked: list[Reference]) -> list[Reference]:
    """refs with the queued marks of `marked` (the same paper's earlier references) carried over, each
    mark to at most one reference (two alike entries, both marked, keep both marks); marks that name none
    of refs are appended as they were."""
    positions: dict[str, list[int]] = {}
    for k, ref in enumerate(refs):
        for key in _reference_keys(ref):
            positions.setdefault(key, []).append(k)
    unplaced = []
    for old in marked:
        target = next((k for key in _reference_keys(old) for k in positions.get(key, ()) if not refs[k].queued), None)
        if target is None:
            unplaced.append(old)
        else:
            refs[target] = dataclasses.replace(refs[target], queued=True,
                                               queued_at=refs[target].queued_at or old.queued_at)
    return refs + unplaced


def references_are_from(stored: list[Reference], parsed: list[Reference]) -> bool:
    """Whether a paper's stored references are what store_references made of this parse: the parse's
    entries, plus the queued ones an earlier parse had and this one lost (kept after the others)."""
    return len(stored) == len(_carry_queued(list(parsed), [r for r in stored if r.queued]))


def rematch_references(conn: sqlite3.Connection) -> int:
    """Link stored references to papers added since they were parsed; returns how many links changed."""
    index = LibraryIndex(conn)
    changed = 0
    rows = conn.execute("SELECT paper_id, position, raw, title, arxiv_id, doi, matched_paper_id FROM paper_refs"
                        " WHERE matched_paper_id IS NULL").fetchall()
    with transaction(conn):
        for row in rows:
            ref = Reference(raw=row["raw"], title=row["title"], arxiv_id=row["arxiv_id"], doi=row["doi"])
            found = index.match(ref, exclude=row["paper_id"])
            if found is not None:
                conn.execute("UPDATE paper_refs SET matched_paper_id = ? WHERE paper_id = ? AND position = ?",
                             (found, row["paper_id"], row["position"]))
                changed += 1
    return changed
