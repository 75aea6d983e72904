"""Papers and triage decisions."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, fields, replace
from typing import Any

from paperpass.errors import InvalidInput, NotFound
from paperpass.ids import normalise_doi, normalise_title, parse_arxiv_id, require_arxiv_id
from paperpass.models import DECISION_WORDS, DECISIONS, PAPER_KINDS, Paper, TriageWindow, paper_kind
from paperpass.store.db import in_chunks, inserted_id, now, placeholders, transaction
from paperpass.store.sources import record_source
from paperpass.text import has_control_characters, strip_control_characters

_JSON_FIELDS = ("authors", "categories")
_COLUMNS = [f.name for f in fields(Paper) if f.name != "id"]


def paper_from_row(row: sqlite3.Row) -> Paper:
    data = {name: row[name] for name in _COLUMNS}
    for name in _JSON_FIELDS:
        data[name] = json.loads(data[name])
    return Paper(id=row["id"], **data)


def _row_values(paper: Paper) -> dict[str, Any]:
    values = {name: getattr(paper, name) for name in _COLUMNS}
    for name in _JSON_FIELDS:
        values[name] = json.dumps(values[name], ensure_ascii=False)
    values["title_norm"] = normalise_title(paper.title)
    values["doi"] = normalise_doi(paper.doi) if paper.doi else None
    values["added"] = paper.added or now()
    return values


def _paper_from_values(values: dict[str, Any], paper_id: int) -> Paper:
    data = {name: values[name] for name in _COLUMNS}
    for name in _JSON_FIELDS:
        data[name] = json.loads(data[name])
    return Paper(id=paper_id, **data)


@dataclass
class UpsertResult:
    paper: Paper
    created: bool
    updated: bool


def find_existing(conn: sqlite3.Connection, paper: Paper) -> Paper | None:
    """The stored paper this one duplicates: by arXiv id, then DOI, then normalised title."""
    row = None
    if paper.arxiv_id:
        row = conn.execute("SELECT * FROM papers WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
    doi = normalise_doi(paper.doi)
    if row is None and doi:
        row = conn.execute("SELECT * FROM papers WHERE lower(doi) = ?", (doi,)).fetchone()
    if row is None:
        key = normalise_title(paper.title)
        if key:
            # A different arXiv id under the same title is a different paper.
            row = conn.execute(
                "SELECT * FROM papers WHERE title_norm = ? AND (arxiv_id IS NULL OR ? IS NULL OR arxiv_id = ?)",
                (key, paper.arxiv_id, paper.arxiv_id),
            ).fetchone()
    return paper_from_row(row) if row else None


def upsert_paper(conn: sqlite3.Connection, paper: Paper, *, via: str | None = None) -> UpsertResult:
    """Store a paper, or merge it into the one it duplicates.

    A newer arXiv version replaces the bibliographic fields; the user's notes,
    states and decisions hang off the paper id and are untouched. Fields the new
    record lacks never erase what is stored (a feed without abstracts does not
    blank one the API gave). Where this record came from (its source, link and upvotes, and `via`, the
    feed or query) is added to the paper's sources, which keep every place it was seen.
    """
    if not paper.title or not paper.title.strip():
        raise InvalidInput("a paper needs a title")
    paper = _without_control_characters(paper)
    with transaction(conn):
        existing = find_existing(conn, paper)
        if existing is None:
            values = _row_values(paper)
            cols = ", ".join(values)
            marks = ", ".join(f":{c}" for c in values)
            cur = conn.execute(f"INSERT INTO papers ({cols}) VALUES ({marks})", values)
            record_source(conn, inserted_id(cur), paper, via=via, seen=values["added"])
            # Built from what was written rather than read back: one query fewer per new paper (ingest speed).
            return UpsertResult(_paper_from_values(values, inserted_id(cur)), created=True, updated=False)
        record_source(conn, existing.stored_id, paper, via=via)
        merged = _merge(existing, paper)
        if merged.kind != existing.kind and "kind" in edited_fields(conn, existing.stored_id):
            merged.kind = existing.kind  # the reader's correction stands
        if merged == existing:
            return UpsertResult(existing, created=False, updated=False)
        values = _row_values(merged)
        values.pop("added")
        assignments = ", ".join(f"{c} = :{c}" for c in values)
        conn.execute(f"UPDATE papers SET {assignments} WHERE id = :id", {**values, "id": existing.id})
        return UpsertResult(get_paper(conn, existing.stored_id), created=False, updated=True)


# Control characters (ESC starts terminal escape sequences) in text from a feed or a PDF would be
# interpreted by the user's terminal when the CLI prints it.
_TEXT_FIELDS = ("title", "abstract", "comment", "venue")


def _without_control_characters(paper: Paper) -> Paper:
    texts = [getattr(paper, name) or "" for name in _TEXT_FIELDS] + list(paper.authors)
    if not any(has_control_characters(text) for text in texts):
        return paper

    def clean(text: str | None) -> str | None:
        return strip_control_characters(text) if text else text

    return replace(paper, title=strip_control_characters(paper.title) if paper.title else paper.title,
                   abstract=strip_control_characters(paper.abstract) if paper.abstract else paper.abstract,
                   comment=clean(paper.comment), venue=clean(paper.venue),
                   authors=[strip_control_characters(a) for a in paper.authors])


def _merge(old: Paper, new: Paper) -> Paper:
    newer_version = (new.arxiv_version or 0) > (old.arxiv_version or 0)
    merged = Paper(**{f.name: getattr(old, f.name) for f in fields(Paper)})
    merged.kind = _merged_kind(old, new, newer_version)
    for f in fields(Paper):
        if f.name in ("id", "added", "pdf_path", "pdf_sha256", "kind"):
            continue
        value = getattr(new, f.name)
        if value in (None, "", []):
            continue
        current = getattr(old, f.name)
        if current in (None, "", []) or newer_version:
            setattr(merged, f.name, value)
        elif f.name == "popularity":
            setattr(merged, f.name, max(current, value))
        elif f.name == "published" and len(value) > len(current) and value.startswith(current):
            setattr(merged, f.name, value)  # the same date told more precisely: '2012', then '2012-12-03'
    if newer_version and old.pdf_path:
        # The cached PDF is of the old version; keep it until the new one is fetched.
        merged.pdf_url = new.pdf_url or old.pdf_url
    return merged


def _merged_kind(old: Paper, new: Paper, newer_version: bool) -> str | None:
    """A paper's kind after a new record of it: a known kind is never erased and a published kind (journal,
    proceedings, book, thesis, report) stays; a preprint becomes what a later record says it was published as,
    and a newer arXiv version without the preprint mark (it names a journal reference now) leaves it unknown."""
    new_kind = new.kind if new.kind in PAPER_KINDS else None
    if old.kind is None or (old.kind == "preprint" and new_kind is not None):
        return new_kind or old.kind
    if old.kind == "preprint" and newer_version and new.venue:
        return None
    return old.kind


def get_paper(conn: sqlite3.Connection, paper_id: int) -> Paper:
    row = conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,)).fetchone()
    if row is None:
        raise NotFound(f"no paper with id {paper_id}")
    return paper_from_row(row)


def resolve_paper(conn: sqlite3.Connection, ref: str | int) -> Paper:
    """The paper a user means: its numeric id, or an arXiv id in any form (version ignored)."""
    text = str(ref).strip()
    if text.isdigit():
        return get_paper(conn, int(text))
    parsed = parse_arxiv_id(text)
    if parsed is None:
        raise NotFound(f"no paper {text!r}: give a paper id (a number) or an arXiv id")
    row = conn.execute("SELECT * FROM papers WHERE arxiv_id = ?", (parsed[0],)).fetchone()
    if row is None:
        raise NotFound(f"arXiv paper {parsed[0]} is not in the library (add it with `paperpass add {parsed[0]}`)")
    return paper_from_row(row)


def list_papers(conn: sqlite3.Connection, *, since: str | None = None, limit: int | None = None) -> list[Paper]:
    """Every paper, newest first, or those of `since` (a day, YYYY-MM-DD) or later, dated as triage dates them
    (a paper dated by its month or year alone, as PUBLISHED_DAY says)."""
    sql = "SELECT * FROM papers p"
    params: list[str | int] = []
    if since:
        sql += f" WHERE {_TRIAGE_DATE} >= ?"
        params.append(since[:10])
    sql += f" {_TRIAGE_ORDER}"
    if limit:
        sql += " LIMIT ?"
        params.append(limit)
    return [paper_from_row(r) for r in conn.execute(sql, params)]


def paper_titles(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """{id: title} of the papers with these ids, without building Paper objects."""
    return {int(r["id"]): r["title"] for r in _rows_by_ids(conn, "id, title", ids)}


def count_papers(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM papers").fetchone()[0])


def set_pdf(conn: sqlite3.Connection, paper_id: int, path: str, sha256: str) -> None:
    with transaction(conn):
        cur = conn.execute("UPDATE papers SET pdf_path = ?, pdf_sha256 = ? WHERE id = ?", (path, sha256, paper_id))
        if cur.rowcount == 0:
            raise NotFound(f"no paper with id {paper_id}")


def stored_decision(word: str) -> str:
    """The stored decision for what a user typed: keep, skip, defer (or its old name, later)."""
    by_word = {user: stored for stored, user in DECISION_WORDS.items()}
    decision = by_word.get(word, word)
    if decision not in DECISIONS:
        raise InvalidInput(f"decision must be one of {', '.join(DECISION_WORDS.values())}, not {word!r}")
    return decision


def set_decision(conn: sqlite3.Connection, paper_id: int, decision: str | None) -> None:
    """Record keep/skip/defer for a paper ("later" is defer's stored name); None clears it (undo)."""
    if decision is not None:
        decision = stored_decision(decision)
    with transaction(conn):
        get_paper(conn, paper_id)
        if decision is None:
            conn.execute("DELETE FROM triage WHERE paper_id = ?", (paper_id,))
        else:
            conn.execute(
                "INSERT INTO triage (paper_id, decision, decided_at) VALUES (?, ?, ?) "
                "ON CONFLICT(paper_id) DO UPDATE SET decision = excluded.decision, decided_at = excluded.decided_at",
                (paper_id, decision, now()),
            )


def get_decision(conn: sqlite3.Connection, paper_id: int) -> str | None:
    row = conn.execute("SELECT decision FROM triage WHERE paper_id = ?", (paper_id,)).fetchone()
    return row[0] if row else None


def decisions(conn: sqlite3.Connection) -> dict[int, str]:
    return {r[0]: r[1] for r in conn.execute("SELECT paper_id, decision FROM triage")}


def kept_since(conn: sqlite3.Connection) -> dict[int, str]:
    """paper id -> when it was kept, for every kept paper."""
    return {r[0]: r[1] for r in conn.execute("SELECT paper_id, decided_at FROM triage WHERE decision = 'keep'")}


def deferred_papers(conn: sqlite3.Connection) -> list[tuple[Paper, str]]:
    """Every deferred paper with when it was deferred, the latest first (whatever its date)."""
    rows = conn.execute("SELECT p.*, t.decided_at FROM papers p JOIN triage t ON t.paper_id = p.id "
                        "WHERE t.decision = 'later' ORDER BY t.decided_at DESC, p.id DESC").fetchall()
    return [(paper_from_row(r), r["decided_at"]) for r in rows]


# A paper's day of publication for triage. A date that names only its month ("1990-03") or year counts
# from the day the paper was added, or from the last day of that month or year when that is earlier:
# a paper of this month stays in this week's triage, an old one stays out, and no partial date is
# compared with a day as a string ("2026-12" sorts after "2026-11-30" and before "2026-12-01").
PUBLISHED_DAY = ("CASE WHEN length(p.published) >= 10 THEN substr(p.published, 1, 10) "
                  "WHEN length(p.published) = 7 THEN min(substr(p.added, 1, 10), "
                  "coalesce(date(p.published || '-01', '+1 month', '-1 day'), substr(p.added, 1, 10))) "
                  "WHEN length(p.published) = 4 THEN min(substr(p.added, 1, 10), p.published || '-12-31') END")
# A paper's date for triage: its day of publication, or the day it was added for an undated one (a local PDF).
_TRIAGE_DATE = f"coalesce({PUBLISHED_DAY}, substr(p.added, 1, 10))"
# Not yet triaged: no decision, and not begun (a paper being read or annotated is past triage).
_UNTRIAGED = ("NOT EXISTS (SELECT 1 FROM triage t WHERE t.paper_id = p.id) "
              "AND NOT EXISTS (SELECT 1 FROM pass_state s WHERE s.paper_id = p.id) "
              "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.paper_id = p.id)")
_TRIAGE_ORDER = f"ORDER BY {_TRIAGE_DATE} DESC, coalesce(p.published, p.added) DESC, p.id DESC"  # newest first


def window_bounds(conn: sqlite3.Connection, days: int | None) -> tuple[str | None, str | None]:
    """(first day, last day) of the triage window of `days` days; see triage_window."""
    if days is not None and days < 1:
        raise InvalidInput(f"the triage window is at least 1 day, not {days}")
    end = conn.execute(f"SELECT coalesce(max({PUBLISHED_DAY}), max(substr(p.added, 1, 10))) "
                       "FROM papers p WHERE p.source != 'seed'").fetchone()[0]
    if end is None or days is None:
        return None, end
    return conn.execute("SELECT date(?, ?)", (end, f"-{days - 1} days")).fetchone()[0], end


def triage_window(conn: sqlite3.Connection, days: int | None = 7, *, include_decided: bool = False) -> TriageWindow:
    """What triage lists, for the TUI and the CLI alike: the papers of the last `days` days, newest first.

    The window ends at the newest published date in the library (not today), so a library
    that was not refreshed for a while (or the bundled sample week) still has a week to
    triage; with no dated paper, at the newest date a paper was added. An undated paper
    counts from the day it was added. Seeded classics are not triaged; without
    `include_decided`, neither are decided papers nor papers already begun. `days=None`: every date.
    """
    start, end = window_bounds(conn, days)
    if end is None:
        return TriageWindow(days=days, start=None, end=None, papers=[])
    where = "p.source != 'seed'" + ("" if include_decided else f" AND {_UNTRIAGED}")
    papers = [paper_from_row(r) for r in conn.execute(
        f"SELECT p.* FROM papers p WHERE {where} AND {_TRIAGE_DATE} >= ? {_TRIAGE_ORDER}", (start or "",))]
    older = 0
    if start is not None:
        older = conn.execute(f"SELECT count(*) FROM papers p WHERE {where} AND {_TRIAGE_DATE} < ?",
                             (start,)).fetchone()[0]
    return TriageWindow(days=days, start=start, end=end, papers=papers, older=older)


def triage_windows(conn: sqlite3.Connection, days: int | None = 7) -> tuple[TriageWindow, TriageWindow]:
    """triage_window(days, include_decided=True) and triage_window(days), read together: each paper of the
    window once, with whether it is still to triage (what ranking needs: the week, decided papers too, and
    the papers to triage; `paperpass triage` shows the second's counts)."""
    start, end = window_bounds(conn, days)
    if end is None:
        return (TriageWindow(days=days, start=None, end=None, papers=[]),
                TriageWindow(days=days, start=None, end=None, papers=[]))
    rows = conn.execute(f"SELECT p.*, {_UNTRIAGED} AS untriaged FROM papers p "
                        f"WHERE p.source != 'seed' AND {_TRIAGE_DATE} >= ? {_TRIAGE_ORDER}", (start or "",)).fetchall()
    week = [paper_from_row(r) for r in rows]
    to_triage = [p for p, r in zip(week, rows, strict=True) if r["untriaged"]]
    older = older_to_triage = 0
    if start is not None:
        older, older_to_triage = conn.execute(
            f"SELECT count(*), coalesce(sum({_UNTRIAGED}), 0) FROM papers p "
            f"WHERE p.source != 'seed' AND {_TRIAGE_DATE} < ?", (start,)).fetchone()
    return (TriageWindow(days=days, start=start, end=end, papers=week, older=older),
            TriageWindow(days=days, start=start, end=end, papers=to_triage, older=older_to_triage))


def week_papers(conn: sqlite3.Connection, days: int | None = 7, *, include_decided: bool = False) -> list[Paper]:
    """The papers triage lists (see triage_window), newest first."""
    return triage_window(conn, days, include_decided=include_decided).papers


# -- papers stored from a feed item while the arXiv API was out of reach -------------------------

def mark_pending(conn: sqlite3.Connection, paper: Paper) -> None:
    """Remember that this arXiv paper was stored from a feed item's words and awaits its metadata."""
    with transaction(conn):
        conn.execute("INSERT OR IGNORE INTO pending_metadata (paper_id, arxiv_id, since) VALUES (?, ?, ?)",
                     (paper.id, paper.arxiv_id, now()))


def pending_ids(conn: sqlite3.Connection) -> dict[str, int]:
    """arXiv id -> paper id of the papers awaiting their arXiv metadata."""
    return {r[0]: r[1] for r in conn.execute("SELECT arxiv_id, paper_id FROM pending_metadata")}


def is_pending(conn: sqlite3.Connection, paper_id: int) -> bool:
    return conn.execute("SELECT 1 FROM pending_metadata WHERE paper_id = ?", (paper_id,)).fetchone() is not None


def complete_pending(conn: sqlite3.Connection, paper: Paper) -> Paper | None:
    """Replace a pending paper's stand-in title, summary and dates with the arXiv record `paper`.

    The id, the user's state and where it was found (source, source_url) stay; the mark is cleared.
    None when no paper with that arXiv id is pending.
    """
    with transaction(conn):
        row = conn.execute("SELECT paper_id FROM pending_metadata WHERE arxiv_id = ?", (paper.arxiv_id,)).fetchone()
        if row is None:
            return None
        old = get_paper(conn, row[0])
        keep = {"id", "added", "pdf_path", "pdf_sha256", "source", "source_url", "popularity"}
        merged = replace(old, **{f.name: getattr(paper, f.name) for f in fields(Paper)
                                 if f.name not in keep and getattr(paper, f.name) not in (None, "", [])})
        merged = _without_control_characters(merged)
        values = _row_values(merged)
        values.pop("added")
        conn.execute(f"UPDATE papers SET {', '.join(f'{c} = :{c}' for c in values)} WHERE id = :id",
                     {**values, "id": old.id})
        conn.execute("DELETE FROM pending_metadata WHERE paper_id = ?", (old.id,))
        return get_paper(conn, old.stored_id)


def paper_ids(conn: sqlite3.Connection) -> list[int]:
    """Every paper's id, in order."""
    return [int(r[0]) for r in conn.execute("SELECT id FROM papers ORDER BY id")]


def papers_by_ids(conn: sqlite3.Connection, ids: list[int]) -> list[Paper]:
    """The papers with these ids (unknown ids are left out)."""
    return [paper_from_row(r) for r in _rows_by_ids(conn, "*", ids)]


def triage_days(conn: sqlite3.Connection, ids: list[int]) -> dict[int, str]:
    """{id: the day triage dates the paper by (YYYY-MM-DD; _TRIAGE_DATE)} of the papers with these ids."""
    return {int(r[0]): r[1] for r in _rows_by_ids(conn, f"p.id, {_TRIAGE_DATE}", ids)}


def _rows_by_ids(conn: sqlite3.Connection, columns: str, ids: list[int]) -> Iterator[sqlite3.Row]:
    """These columns of the papers (as p) with these ids, IN_CHUNK ids per query (SQLite's parameter limit)."""
    for part in in_chunks(ids):
        yield from conn.execute(f"SELECT {columns} FROM papers p WHERE p.id IN ({placeholders(len(part))})", part)


def papers_with_pdf(conn: sqlite3.Connection) -> list[sqlite3.Row]:
    """(id, arxiv_id, pdf_path, pdf_sha256) rows of the papers that name a PDF file, by id."""
    return conn.execute("SELECT id, arxiv_id, pdf_path, pdf_sha256 FROM papers WHERE pdf_path IS NOT NULL "
                        "AND pdf_path != '' ORDER BY id").fetchall()


# -- the reader's own corrections -------------------------------------------------------------------

YEAR_RANGE = (1400, 2100)  # a year outside this is a typing slip, not a paper


def edit_paper(conn: sqlite3.Connection, paper_id: int, *, title: str | None = None,
               authors: list[str] | None = None, year: int | None = None, venue: str | None = None,
               arxiv_id: str | None = None, kind: str | None = None) -> Paper:
    """Correct a paper's title, authors, year, venue, arXiv id or kind (None leaves a field as it is; an empty
    venue or arXiv id clears it: a local PDF taken for the arXiv paper it cites, say; kind 'unknown' clears it,
    an unknown word is InvalidInput). A corrected field stays as the reader wrote it when the paper comes
    in again (`paper_edits`).

    Everything is checked before anything is written: an empty title, an empty author or a year outside
    YEAR_RANGE is InvalidInput and the paper is unchanged. The title's dedupe key follows the title; the
    search index notices the change through its triggers.
    """
    paper = get_paper(conn, paper_id)
    changes: dict[str, Any] = {}
    if title is not None:
        clean = " ".join(strip_control_characters(title).split())
        if not clean:
            raise InvalidInput("a paper's title cannot be empty")
        changes["title"] = clean
    if authors is not None:
        names = [" ".join(strip_control_characters(a).split()) for a in authors]
        if any(not name for name in names):
            raise InvalidInput("an author's name cannot be empty")
        changes["authors"] = names
    if year is not None:
        if not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
            raise InvalidInput(f"year {year} is out of range ({YEAR_RANGE[0]}-{YEAR_RANGE[1]})")
        changes["year"] = year
    if venue is not None:
        changes["venue"] = " ".join(strip_control_characters(venue).split()) or None
    if arxiv_id is not None:
        changes["arxiv_id"], changes["arxiv_version"] = _edited_arxiv_id(conn, paper_id, arxiv_id)
    if kind is not None:
        changes["kind"] = paper_kind(kind)
    if not changes:
        return paper
    edited = replace(paper, **changes)
    values = {"title": edited.title, "title_norm": normalise_title(edited.title),
              "authors": json.dumps(edited.authors, ensure_ascii=False), "year": edited.year, "venue": edited.venue,
              "arxiv_id": edited.arxiv_id, "arxiv_version": edited.arxiv_version, "kind": edited.kind}
    with transaction(conn):
        conn.execute(f"UPDATE papers SET {', '.join(f'{c} = :{c}' for c in values)} WHERE id = :id",
                     {**values, "id": paper_id})
        stamp = now()
        conn.executemany("INSERT INTO paper_edits (paper_id, field, edited_at) VALUES (?, ?, ?) "
                         "ON CONFLICT(paper_id, field) DO UPDATE SET edited_at = excluded.edited_at",
                         [(paper_id, name, stamp) for name in changes if name != "arxiv_version"])
    return get_paper(conn, paper_id)


def _edited_arxiv_id(conn: sqlite3.Connection, paper_id: int, text: str) -> tuple[str | None, int | None]:
    """(id, version) for an edited arXiv id; ("", "none") clear it. Another paper's id is refused."""
    if text.strip().casefold() in ("", "none"):
        return None, None
    ident, version = require_arxiv_id(text)
    other = conn.execute("SELECT id FROM papers WHERE arxiv_id = ? AND id != ?", (ident, paper_id)).fetchone()
    if other:
        raise InvalidInput(f"arXiv {ident} is already paper {other[0]} in the library")
    return ident, version


def edited_fields(conn: sqlite3.Connection, paper_id: int) -> set[str]:
    """The fields of a paper the reader corrected by hand (`edit_paper`): updates from elsewhere keep them."""
    return {r[0] for r in conn.execute("SELECT field FROM paper_edits WHERE paper_id = ?", (paper_id,))}


def decision_dates(conn: sqlite3.Connection) -> dict[int, tuple[str, str]]:
    """paper id -> (decision, when it was taken), for every triaged paper."""
    return {r[0]: (r[1], r[2]) for r in conn.execute("SELECT paper_id, decision, decided_at FROM triage")}
