"""A paper's parsed references, each linked to a library paper when matched."""

from __future__ import annotations

import sqlite3

from paperpass.errors import NotFound
from paperpass.models import Reference
from paperpass.store.db import now, transaction
from paperpass.store.papers import get_paper


def _reference(r: sqlite3.Row) -> Reference:
    return Reference(raw=r["raw"], title=r["title"], year=r["year"], arxiv_id=r["arxiv_id"], doi=r["doi"],
                     matched_paper_id=r["matched_paper_id"], queued=bool(r["queued"]), queued_at=r["queued_at"])


def references_for(conn: sqlite3.Connection, paper_id: int) -> list[Reference]:
    return [_reference(r) for r in
            conn.execute("SELECT * FROM paper_refs WHERE paper_id = ? ORDER BY position", (paper_id,))]


def get_reference(conn: sqlite3.Connection, paper_id: int, position: int) -> Reference:
    get_paper(conn, paper_id)
    row = conn.execute("SELECT * FROM paper_refs WHERE paper_id = ? AND position = ?",
                       (paper_id, position)).fetchone()
    if row is None:
        raise NotFound(f"paper {paper_id} has no reference number {position + 1}")
    return _reference(row)


def queued_references(conn: sqlite3.Connection) -> list[tuple[int, int, Reference]]:
    """(citing paper id, position, reference) for every reference marked worth reading, oldest mark first."""
    return [(r["paper_id"], r["position"], _reference(r)) for r in conn.execute(
        "SELECT * FROM paper_refs WHERE queued ORDER BY coalesce(queued_at, ''), paper_id, position")]


def set_reference_queued(conn: sqlite3.Connection, paper_id: int, position: int, queued: bool,
                         matched_paper_id: int | None = None) -> Reference:
    """Mark (or unmark) a paper's reference, by its position in the list, as worth reading.

    `matched_paper_id` links the reference to the library paper it names (one added for it)."""
    with transaction(conn):
        cur = conn.execute(
            "UPDATE paper_refs SET queued = ?, queued_at = CASE WHEN ? THEN coalesce(queued_at, ?) END, "
            "matched_paper_id = coalesce(?, matched_paper_id) WHERE paper_id = ? AND position = ?",
            (int(queued), int(queued), now(), matched_paper_id, paper_id, position))
        if cur.rowcount == 0:
            raise NotFound(f"paper {paper_id} has no reference number {position + 1}")
    return get_reference(conn, paper_id, position)
