"""Embeddings, FAISS vectors, FTS5 keyword search and triage ranking.

Public entry points (the TUI and CLI call these; torch and faiss are imported inside them):

    rank.rank_for_triage(conn, *, days=7, limit=None, include_decided=False, diversity=False,
                         windows=None) -> list[RankedPaper]
    search.search(conn, query, *, scope="all", limit=10) -> list[SearchHit]
    search.related_papers(conn, paper_id, *, limit=10, days=None) -> list[RankedPaper]
    rebuild_index(conn, *, progress=None) -> dict

The index keeps itself in step with the database (sync.py): callers never need
to tell it that a paper, a parsed PDF or a note changed. This package only re-exports.
"""

from __future__ import annotations

from paperpass.index.rebuild import Progress, rebuild_index

__all__ = ["Progress", "rebuild_index"]
