"""Library-level views that combine several store queries (used by `show`, export and the TUI)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from paperpass.errors import InvalidInput, PaperpassError
from paperpass.library.documents import load_document
from paperpass.models import Paper, QueueEntry, as_dict
from paperpass.store.documents import LibraryIndex, match_reference
from paperpass.store.papers import (
    decisions,
    get_decision,
    get_paper,
    kept_since,
    list_papers,
    paper_titles,
    upsert_paper,
)
from paperpass.store.reading import (
    done_at,
    done_papers,
    get_five_cs,
    get_review,
    notes_for,
    pass1_decisions,
    pass_states,
    reading_status,
    reading_statuses,
)
from paperpass.store.refs import get_reference, queued_references, references_for, set_reference_queued
from paperpass.store.sources import sources_for
from paperpass.store.tags import paper_tags, tags_by_paper


def paper_details(conn: sqlite3.Connection, paper_id: int) -> dict:
    """One paper with everything the reader did on it: decision, passes, five Cs, review, notes, references."""
    paper = get_paper(conn, paper_id)
    five = as_dict(get_five_cs(conn, paper_id))
    review = as_dict(get_review(conn, paper_id))
    return {
        **as_dict(paper),
        "status": reading_status(conn, paper_id),
        "done": done_at(conn, paper_id),
        "finished": {str(s.pass_no): s.finished for s in pass_states(conn, paper_id)},
        "decision": get_decision(conn, paper_id),
        "passes": [as_dict(s) for s in pass_states(conn, paper_id)],
        "five_cs": {k: v for k, v in five.items() if k != "paper_id"},
        "review": {k: v for k, v in review.items() if k != "paper_id"},
        "sources": [as_dict(s) for s in sources_for(conn, paper_id)],
        "notes": [as_dict(n) for n in notes_for(conn, paper_id)],
        "references": _references(conn, paper_id),
        "tags": paper_tags(conn, paper_id),
    }


def _references(conn: sqlite3.Connection, paper_id: int) -> list[dict]:
    return [as_dict(r) for r in references_for(conn, paper_id)]


@dataclass
class LibraryRow:
    """One paper as the library screen lists it."""

    paper: Paper
    state: str  # "unread", "pass1", "pass2", "pass3", "done", "dropped"
    decision: str | None = None  # the triage decision
    queued: bool = False  # in the reading queue: kept and not finished, or a reference marked worth reading
    queued_by: str | None = None  # why it is queued: "kept", or the title of the paper that cites it
    tags: tuple[str, ...] = ()  # the reader's tags, sorted


def paper_state(status: str, pass1_decision: str | None, done: bool) -> str:
    """The one-word reading state: done when read to the end, dropped after pass 1, else the furthest pass begun."""
    if done:
        return "done"
    if pass1_decision == "drop":
        return "dropped"
    return status


def reading_queue(conn: sqlite3.Connection) -> list[QueueEntry]:
    """The reading queue, oldest first: kept papers not yet done or dropped, and references marked worth
    reading (a library paper when the reference names one, else the reference's own text)."""
    finished = set(done_papers(conn)) | {pid for pid, d in pass1_decisions(conn).items() if d == "drop"}
    entries: dict[object, QueueEntry] = {}
    queued = queued_references(conn)
    index = LibraryIndex(conn) if any(r.matched_paper_id is None for _, _, r in queued) else None
    for citing, position, ref in queued:
        # A reference queued before its paper was added is resolved here, by id or title.
        target = ref.matched_paper_id or (index.match(ref, exclude=citing) if index else None)
        if target is None:
            entries[(citing, position)] = QueueEntry(reason="", since=ref.queued_at, reference=ref.raw,
                                                     title=ref.title, cited_by=citing, position=position)
        elif target not in finished and target not in entries:
            entries[target] = QueueEntry(reason="", since=ref.queued_at, id=target, cited_by=citing,
                                         position=position)
    for paper_id, since in kept_since(conn).items():
        if paper_id not in finished and paper_id not in entries:
            entries[paper_id] = QueueEntry(reason="kept", since=since, id=paper_id)
    # Only the titles the queue shows, in one read (not every paper of the library for a short queue).
    titles = paper_titles(conn, sorted({i for e in entries.values() for i in (e.id, e.cited_by) if i is not None}))
    for entry in entries.values():
        if entry.id is not None:
            entry.title = titles.get(entry.id)
        if entry.cited_by is not None:
            entry.reason = f"cited by {titles.get(entry.cited_by, f'paper {entry.cited_by}')}"
    return sorted(entries.values(), key=lambda e: e.since or "")


def queue_reference(conn: sqlite3.Connection, paper_id: int, position: int, *, fetch: bool = True) -> QueueEntry:
    """Put a paper's reference in the reading queue.

    A reference with an arXiv id or DOI that is not in the library yet becomes a paper (its arXiv
    metadata fetched when `fetch` and the API answers; else what the reference says). Without either,
    the reference text is queued and resolved when its paper arrives. Queuing it twice is an error.
    """
    if not references_for(conn, paper_id) and get_paper(conn, paper_id).pdf_path:
        load_document(conn, paper_id)  # the references are stored when the PDF is first read
    ref = get_reference(conn, paper_id, position)
    if ref.queued:
        raise InvalidInput(f"reference {position + 1} of paper {paper_id} is already in the reading queue")
    citing = get_paper(conn, paper_id)
    same_arxiv = bool(ref.arxiv_id) and ref.arxiv_id == citing.arxiv_id
    if same_arxiv or (ref.doi and ref.doi.lower() == (citing.doi or "").lower()):
        # An earlier or extended version of the paper itself: it would queue the paper as its own reference.
        raise InvalidInput(f"reference {position + 1} of paper {paper_id} is the paper itself "
                           f"({f'arXiv {ref.arxiv_id}' if same_arxiv else f'DOI {ref.doi}'})")
    target = ref.matched_paper_id or match_reference(conn, ref, exclude=paper_id)
    if target is None and (ref.arxiv_id or ref.doi):
        target = _paper_for_reference(conn, ref, fetch=fetch).id
    set_reference_queued(conn, paper_id, position, True, matched_paper_id=target)
    return next(e for e in reading_queue(conn)
                if (e.cited_by, e.position) == (paper_id, position) or (target and e.id == target))


def _paper_for_reference(conn: sqlite3.Connection, ref, *, fetch: bool) -> Paper:
    paper = None
    if fetch and ref.arxiv_id:
        from paperpass.ingest import fetch_arxiv_metadata  # the network stack, only when a reference is fetched

        try:
            paper = fetch_arxiv_metadata(ref.arxiv_id)
        except (PaperpassError, OSError):
            paper = None  # offline: the reference's own data now, the metadata when it is added again
    if paper is None:
        title = ref.title or " ".join(ref.raw.split())[:200]
        paper = Paper(title=title, arxiv_id=ref.arxiv_id, doi=ref.doi, year=ref.year,
                      published=str(ref.year) if ref.year else None,  # the year it gives, no invented day
                      source_url=f"https://arxiv.org/abs/{ref.arxiv_id}" if ref.arxiv_id else None)
    paper.source = "reference"
    return upsert_paper(conn, paper).paper


def library_rows(conn: sqlite3.Connection) -> list[LibraryRow]:
    """Every paper with its reading state; the reading queue first (in the order it was queued), then the rest."""
    statuses, drops, done, decided = (reading_statuses(conn), pass1_decisions(conn),
                                      done_papers(conn), decisions(conn))
    tagged = tags_by_paper(conn)
    rows: dict[int, LibraryRow] = {}
    for paper in list_papers(conn):
        paper_id = paper.stored_id
        rows[paper_id] = LibraryRow(paper=paper, decision=decided.get(paper_id), tags=tagged.get(paper_id, ()),
                                    state=paper_state(statuses.get(paper_id, "unread"), drops.get(paper_id),
                                                      paper_id in done))
    queue = []
    for entry in reading_queue(conn):
        if entry.id in rows:
            rows[entry.id].queued, rows[entry.id].queued_by = True, entry.reason
            queue.append(rows[entry.id])
    queued_ids = {r.paper.id for r in queue}
    return queue + [r for r in rows.values() if r.paper.id not in queued_ids]
