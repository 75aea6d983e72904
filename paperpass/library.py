"""Library-level views that combine several store queries (used by `show`, export and the TUI)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from paperpass.models import Paper, as_dict
from paperpass.store.papers import get_decision, get_paper
from paperpass.store.reading import get_five_cs, get_review, notes_for, pass_states, reading_status


def paper_details(conn: sqlite3.Connection, paper_id: int) -> dict:
    """One paper with everything the reader did on it: decision, passes, five Cs, review, notes, references."""
    paper = get_paper(conn, paper_id)
    five = as_dict(get_five_cs(conn, paper_id))
    review = as_dict(get_review(conn, paper_id))
    return {
        **as_dict(paper),
        "status": reading_status(conn, paper_id),
        "decision": get_decision(conn, paper_id),
        "passes": [as_dict(s) for s in pass_states(conn, paper_id)],
        "five_cs": {k: v for k, v in five.items() if k != "paper_id"},
        "review": {k: v for k, v in review.items() if k != "paper_id"},
        "notes": [as_dict(n) for n in notes_for(conn, paper_id)],
        "references": _references(conn, paper_id),
    }


def _references(conn: sqlite3.Connection, paper_id: int) -> list[dict]:
    from paperpass.store.refs import references_for

    return [as_dict(r) for r in references_for(conn, paper_id)]


@dataclass
class LibraryRow:
    """One paper as the library screen lists it."""

    paper: Paper
    state: str  # "unread", "pass1", "pass2", "pass3", "done", "dropped"
    decision: str | None = None  # the triage decision
    queued: bool = False  # in the reading queue: kept and not finished, or a reference marked worth reading
    queued_by: str | None = None  # why it is queued: "kept", or the title of the paper that cites it


def paper_state(status: str, pass1_decision: str | None, finished_pass: int | None) -> str:
    """The one-word reading state: dropped after pass 1, done after pass 3, else the furthest pass begun."""
    if pass1_decision == "drop":
        return "dropped"
    if finished_pass == 3:
        return "done"
    return status


def library_rows(conn: sqlite3.Connection) -> list[LibraryRow]:
    """Every paper with its reading state; the reading queue first (in the order it was queued), then the rest."""
    from paperpass.store.papers import decisions, list_papers
    from paperpass.store.reading import finished_passes, pass1_decisions, reading_statuses
    from paperpass.store.refs import queued_references

    statuses, drops, finished, decided = (reading_statuses(conn), pass1_decisions(conn),
                                          finished_passes(conn), decisions(conn))
    papers = list_papers(conn)
    by_id = {p.id: p for p in papers}
    rows: dict[int, LibraryRow] = {}
    for paper in papers:
        rows[paper.id] = LibraryRow(paper=paper, decision=decided.get(paper.id),
                                    state=paper_state(statuses.get(paper.id, "unread"), drops.get(paper.id),
                                                      finished.get(paper.id)))
    for citing, ref in queued_references(conn):
        row = rows.get(ref.matched_paper_id) if ref.matched_paper_id else None
        if row is not None and row.state not in ("done", "dropped"):
            row.queued, row.queued_by = True, f"cited by {by_id[citing].title}" if citing in by_id else "cited"
    for row in rows.values():
        if row.decision == "keep" and row.state not in ("done", "dropped") and not row.queued:
            row.queued, row.queued_by = True, "kept"
    ordered = list(rows.values())
    return [r for r in ordered if r.queued] + [r for r in ordered if not r.queued]
