"""Triage ranking: the week's papers ordered for this reader, each with why.

First version: interest keywords, popularity and recency. The learned ranking
(a per-reader classifier on embeddings, MMR diversity) replaces the scoring below.
"""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta

from paperpass.models import RankedPaper
from paperpass.store.papers import decisions, paper_from_row


def window_start(conn: sqlite3.Connection, days: int) -> str | None:
    """The first date of the window: `days` back from the newest `published` date in the library.

    Measured from the newest paper rather than today, so an old library (the bundled
    sample week) still has a week to triage offline.
    """
    row = conn.execute("SELECT max(substr(published, 1, 10)) FROM papers WHERE published IS NOT NULL").fetchone()
    if not row or not row[0]:
        return None
    try:
        newest = date.fromisoformat(row[0])
    except ValueError:
        return None
    return (newest - timedelta(days=days - 1)).isoformat()


def rank_for_triage(conn: sqlite3.Connection, *, days: int = 7, limit: int | None = None,
                    include_decided: bool = False) -> list[RankedPaper]:
    from paperpass.config import load_settings

    start = window_start(conn, days)
    rows = conn.execute("SELECT * FROM papers WHERE published IS NOT NULL AND substr(published, 1, 10) >= ?",
                        (start or "",)).fetchall()
    decided = decisions(conn)
    interests = [w.lower() for w in load_settings().interests]
    ranked = []
    for row in rows:
        paper = paper_from_row(row)
        if paper.id in decided and not include_decided:
            continue
        text = f"{paper.title} {paper.abstract}".lower()
        reasons, score = [], 0.0
        for word in interests:
            if word in text:
                score += 1.0
                reasons.append(f"matches your interest '{word}'")
        if paper.popularity:
            score += min(paper.popularity, 100) / 100
            reasons.append(f"{paper.popularity} upvotes")
        ranked.append(RankedPaper(paper=paper, score=score, reasons=reasons, decision=decided.get(paper.id)))
    ranked.sort(key=lambda r: (r.score, r.paper.published or ""), reverse=True)
    return ranked[:limit] if limit else ranked
