"""Embeddings, FAISS vectors, FTS5 keyword search and triage ranking.

Public entry points (the TUI and CLI call these; torch and faiss are imported inside them):

    rank.rank_for_triage(conn, *, days=7, limit=None, include_decided=False, diversity=False) -> list[RankedPaper]
    search.search(conn, query, *, scope="all", limit=10) -> list[SearchHit]
    search.related_papers(conn, paper_id, *, limit=10, days=None) -> list[RankedPaper]
    rebuild_index(conn, *, progress=None) -> dict

The index keeps itself in step with the database (sync.py): callers never need
to tell it that a paper, a parsed PDF or a note changed.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

Progress = Callable[[str, int, "int | None"], None]


def rebuild_index(conn: sqlite3.Connection, *, progress: Progress | None = None) -> dict:
    """Recreate the keyword and vector indexes from the database; returns counts of what was indexed.

    progress(what, done, total) is called as work advances (total None when unknown).
    """
    from paperpass.index.sync import rebuild

    return rebuild(conn, progress=progress)
