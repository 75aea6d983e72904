"""Library-level views that combine several store queries (used by `show`, export and the TUI)."""

from __future__ import annotations

import sqlite3

from paperpass.models import as_dict
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
