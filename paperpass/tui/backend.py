"""The TUI's only door to slow engine work (ranking, search, PDF downloads).

Each function runs in a worker thread, opens its own SQLite connection (sqlite3
connections stay on the thread that made them) and imports the heavy engine
lazily, so the app starts without torch, sentence-transformers or faiss.
Tests replace these functions to keep the UI tests fast.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

from paperpass.models import Paper, RankedPaper, SearchHit


@contextmanager
def thread_connection(home: Path):
    from paperpass.store import connect, db_path

    conn: sqlite3.Connection = connect(db_path(home))
    try:
        yield conn
    finally:
        conn.close()


def rank_week(home: Path, days: int = 7) -> list[RankedPaper]:
    from paperpass.index.rank import rank_for_triage

    with thread_connection(home) as conn:
        return rank_for_triage(conn, days=days, include_decided=False)


def search(home: Path, query: str, scope: str = "all", limit: int = 50) -> list[SearchHit]:
    from paperpass.index.search import search as search_index

    with thread_connection(home) as conn:
        return search_index(conn, query, scope=scope, limit=limit)


def fetch_pdf(home: Path, paper_id: int, progress: Callable[[str, int, int | None], None]) -> Paper:
    from paperpass.ingest import download_paper_pdf
    from paperpass.store.papers import get_paper

    with thread_connection(home) as conn:
        return download_paper_pdf(conn, get_paper(conn, paper_id), progress=progress)
