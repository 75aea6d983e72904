"""A library full of a reader's work, built from real arXiv metadata, and a table-by-table comparison.

Used by the export/import and backup tests and by bench/backup_restore.py.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
from pathlib import Path

from paperpass.models import FIVE_CS, Paper
from paperpass.store.db import transaction

LISTINGS = Path(__file__).resolve().parents[2].parent / "shared" / "fixtures" / "real" / "metadata" / \
    "arxiv_daily_listings"

# Everything the user owns. Derived tables (search index, embeddings, parse cache, feed validators) are
# rebuilt from these and the PDFs, so an export does not carry them.
USER_TABLES = {
    "papers": "id", "triage": "paper_id", "pass_state": "paper_id, pass", "five_cs": "paper_id",
    "reviews": "paper_id", "notes": "id", "note_versions": "note_id, saved, text", "paper_refs": "paper_id, position",
    "reading_lists": "id", "list_items": "list_id, position", "paper_done": "paper_id", "paper_tags": "paper_id, tag",
    "pending_metadata": "paper_id", "paper_sources": "paper_id, kind, url",
    "paper_edits": "paper_id, field", "reading_days": "paper_id, pass, day",
}
_SKIP_COLUMNS = {"note_versions": {"id"}, "paper_sources": {"id"}}  # a version's row id is internal; its note, text and time are the data


def real_records(limit: int) -> list[dict]:
    """arXiv daily-listing records, repeated with varied ids and titles until there are `limit`."""
    unique: dict[str, dict] = {}  # a paper listed on several days appears once
    for path in sorted(LISTINGS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rec = json.loads(line)
                unique.setdefault(rec["id"], rec)
    base = list(unique.values())
    if not base:
        message = f"real arXiv listings not found at {LISTINGS}"
        if "pytest" in sys.modules:  # a test: skip with the reason, as the other fixture tests do
            import pytest

            pytest.skip(message)
        raise FileNotFoundError(message)
    out = []
    for i in range(limit):
        rec = dict(base[i % len(base)])
        rnd = i // len(base)
        if rnd:
            rec["id"] = f"{2600 + rnd}.{i % 100000:05d}"
            rec["title"] = f"{rec['title']} (variant {rnd})"
        out.append(rec)
    return out


def populate(conn: sqlite3.Connection, papers: int, *, seed: int = 7, note_share: float = 0.3) -> dict:
    """Add `papers` papers with decisions, pass timings, checklists, five Cs, reviews, notes (with history),
    references and a user list. Returns counts."""
    from paperpass.store.lists import add_to_list, create_list
    from paperpass.store.papers import edit_paper, mark_pending, set_decision, set_pdf, upsert_paper
    from paperpass.store.reading import (
        add_note,
        add_pass_time,
        finish_pass,
        set_checklist_item,
        set_five_cs,
        set_review,
        start_pass,
        update_note,
    )
    from paperpass.store.tags import change_tags

    rng = random.Random(seed)
    counts = {"papers": 0, "notes": 0, "versions": 0, "five_cs": 0, "passes": 0, "decisions": 0, "refs": 0}
    with transaction(conn):
        create_list(conn, "Reading group: résumé [week 1]")
        for i, rec in enumerate(real_records(papers)):
            paper = upsert_paper(conn, Paper(
                title=rec["title"], arxiv_id=rec["id"], arxiv_version=1 + i % 3, authors=rec.get("authors", []),
                abstract=rec.get("summary", ""), categories=rec.get("categories", []), source="arxiv",
                source_url=rec.get("abs"), pdf_url=rec.get("pdf"), comment=rec.get("comment"),
                published=f"2025-05-{1 + i % 28:02d}T00:00:00+00:00", year=2025,
                popularity=rng.choice([None, rng.randrange(500)]))).paper
            counts["papers"] += 1
            pid = paper.id
            if rng.random() < 0.6:
                set_decision(conn, pid, rng.choice(["keep", "skip", "later"]))
                counts["decisions"] += 1
            if rng.random() < 0.05:
                set_pdf(conn, pid, f"/data/pdfs/{rec['id']}.pdf", f"{i:064x}")
            if rng.random() < 0.2:
                change_tags(conn, pid, rng.sample(["to reread", "Vision", "théorie", "cs.LG"], rng.randint(1, 2)))
            if rng.random() < 0.05:
                mark_pending(conn, paper)
            if rng.random() < 0.05:
                edit_paper(conn, pid, venue=rng.choice(["NeurIPS", "ICML", "a workshop"]))
            if rng.random() < note_share:
                for pass_no in range(1, rng.randint(1, 3) + 1):
                    start_pass(conn, pid, pass_no)
                    add_pass_time(conn, pid, pass_no, rng.uniform(30, 5400))
                    set_checklist_item(conn, pid, pass_no, "headings" if pass_no == 1 else "figures", True)
                    if rng.random() < 0.7:
                        finish_pass(conn, pid, pass_no)
                    counts["passes"] += 1
                    note = add_note(conn, pid, pass_no, f"Pass {pass_no} on {rec['title'][:40]}: first thoughts")
                    counts["notes"] += 1
                    counts["versions"] += 1
                    for v in range(rng.randint(0, 3)):
                        update_note(conn, note.id, f"{note.text}\n- revision {v}: ünïcode ∑ `code` [link=x]")
                        counts["versions"] += 1
                set_five_cs(conn, pid, **{c: f"{c} of paper {pid}" for c in FIVE_CS if rng.random() < 0.8})
                counts["five_cs"] += 1
                set_review(conn, pid, pass1_decision=rng.choice(["continue", "drop"]),
                           reproducibility=rng.choice([None, "partly: no seeds"]),
                           code_url=rng.choice([None, "https://github.com/example/repo"]))
                for pos in range(rng.randint(0, 4)):
                    conn.execute("INSERT OR IGNORE INTO paper_refs (paper_id, position, raw, title, year, arxiv_id, "
                                 "doi, matched_paper_id, queued) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                 (pid, pos, f"[{pos + 1}] A. Author. Some title. 2019.", "Some title", 2019,
                                  None, None, rng.choice([None, 1]), rng.random() < 0.3))
                    counts["refs"] += 1
                if rng.random() < 0.1:
                    add_to_list(conn, "Reading group: résumé [week 1]", pid, section=rng.choice([None, "Vision"]))
    return counts


def table_rows(conn: sqlite3.Connection, table: str) -> list[tuple]:
    columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in _SKIP_COLUMNS.get(table, ())]
    sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {USER_TABLES[table]}"
    return [tuple(r) for r in conn.execute(sql)]


def differences(a: sqlite3.Connection, b: sqlite3.Connection) -> dict[str, str]:
    """Per user table, what differs between two libraries (empty when they hold the same data)."""
    found = {}
    for table in USER_TABLES:
        rows_a, rows_b = table_rows(a, table), table_rows(b, table)
        if rows_a != rows_b:
            first = next((i for i, (x, y) in enumerate(zip(rows_a, rows_b, strict=False)) if x != y),
                         min(len(rows_a), len(rows_b)))
            found[table] = (f"{len(rows_a)} vs {len(rows_b)} rows; first difference at {first}: "
                            f"{rows_a[first] if first < len(rows_a) else None} vs "
                            f"{rows_b[first] if first < len(rows_b) else None}")
    return found


def atom_feed(records: list[dict]) -> bytes:
    """An arXiv API style Atom document holding these listing records (what `ingest feed` reads)."""
    from xml.sax.saxutils import escape

    entries = []
    for r in records:
        authors = "".join(f"<author><name>{escape(a)}</name></author>" for a in r.get("authors", []))
        cats = "".join(f'<category term="{escape(c)}"/>' for c in r.get("categories", []))
        entries.append(f"<entry><id>http://arxiv.org/abs/{r['id']}v1</id><title>{escape(r['title'])}</title>"
                       f"<summary>{escape(r.get('summary', ''))}</summary><published>2025-05-01T00:00:00Z"
                       f"</published>{authors}{cats}<link href=\"http://arxiv.org/abs/{r['id']}v1\"/></entry>")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            '<title>arXiv query results</title><id>http://arxiv.org/api/query</id>'
            '<link href="http://arxiv.org/api/query"/>' + "".join(entries) + "</feed>").encode()
