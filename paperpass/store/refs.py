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
