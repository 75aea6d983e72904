"""Search over papers, their sections and the reader's notes; related papers.

First version: plain keyword matching. Hybrid search (FTS5 + FAISS, fused) replaces it.
"""

from __future__ import annotations

import sqlite3

from paperpass.errors import InvalidInput
from paperpass.models import RankedPaper, SearchHit
from paperpass.store.papers import get_paper, paper_from_row

SCOPES = ("all", "notes", "papers")


def search(conn: sqlite3.Connection, query: str, *, scope: str = "all", limit: int = 10) -> list[SearchHit]:
    if scope not in SCOPES:
        raise InvalidInput(f"search scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if not query.strip():
        raise InvalidInput("the search query is empty")
    like = f"%{query.strip().strip(chr(34))}%"
    hits: list[SearchHit] = []
    if scope in ("all", "papers"):
        for row in conn.execute("SELECT * FROM papers WHERE title LIKE ? OR abstract LIKE ? OR authors LIKE ? "
                                "LIMIT ?", (like, like, like, limit)):
            paper = paper_from_row(row)
            hits.append(SearchHit(paper_id=paper.id, title=paper.title, score=1.0, kind="paper",
                                  snippet=paper.abstract[:200]))
    if scope in ("all", "notes"):
        for row in conn.execute("SELECT n.paper_id, n.pass, n.text, p.title FROM notes n JOIN papers p "
                                "ON p.id = n.paper_id WHERE n.text LIKE ? LIMIT ?", (like, limit)):
            hits.append(SearchHit(paper_id=row[0], title=row[3], score=1.0, kind="note", snippet=row[2][:200],
                                  pass_no=row[1]))
    return hits[:limit]


def related_papers(conn: sqlite3.Connection, paper_id: int, *, limit: int = 10,
                   days: int | None = None) -> list[RankedPaper]:
    get_paper(conn, paper_id)
    return []
