"""A paper's parsed references, each linked to a library paper when matched."""

from __future__ import annotations

import sqlite3

from paperpass.models import Reference


def references_for(conn: sqlite3.Connection, paper_id: int) -> list[Reference]:
    return [
        Reference(raw=r["raw"], title=r["title"], year=r["year"], arxiv_id=r["arxiv_id"], doi=r["doi"],
                  matched_paper_id=r["matched_paper_id"], queued=bool(r["queued"]))
        for r in conn.execute("SELECT * FROM paper_refs WHERE paper_id = ? ORDER BY position", (paper_id,))
    ]


def queued_references(conn: sqlite3.Connection) -> list[tuple[int, Reference]]:
    """(citing paper id, reference) for every reference marked worth reading, in the order they were cited."""
    return [
        (r["paper_id"], Reference(raw=r["raw"], title=r["title"], year=r["year"], arxiv_id=r["arxiv_id"],
                                  doi=r["doi"], matched_paper_id=r["matched_paper_id"], queued=True))
        for r in conn.execute("SELECT * FROM paper_refs WHERE queued ORDER BY paper_id, position")
    ]


def set_reference_queued(conn: sqlite3.Connection, paper_id: int, position: int, queued: bool) -> Reference:
    """Mark (or unmark) a paper's reference, by its position in the list, as worth reading."""
    from paperpass.errors import NotFound
    from paperpass.store.db import transaction

    with transaction(conn):
        cur = conn.execute("UPDATE paper_refs SET queued = ? WHERE paper_id = ? AND position = ?",
                           (int(queued), paper_id, position))
        if cur.rowcount == 0:
            raise NotFound(f"paper {paper_id} has no reference number {position + 1}")
    return references_for(conn, paper_id)[position]
