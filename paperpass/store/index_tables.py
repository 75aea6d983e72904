"""The search index's tables: indexed items and their keyword rows, the change counter, the
embedding cache.

`index_items` holds one row per indexed thing (a paper, a chunk of a parsed
section, a note); `search_fts` (FTS5) holds its title, authors and body under
the same rowid. Triggers on papers, notes and parsed_documents bump
`index_changes.generation`. `embeddings` caches vectors by content hash and
model. What goes into these tables is decided in paperpass.index.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence

from paperpass.store.db import IN_CHUNK, in_chunks, placeholders, transaction
from paperpass.store.meta import set_meta
from paperpass.store.papers import PUBLISHED_DAY

# (kind, ref_id, chunk, paper_id, content_sha, section, page, title, authors, body)
NewItem = tuple[str, int, int, int, str, str | None, int | None, str, str, str]


# -- what the library says should be indexed -------------------------------------------

def papers_to_index(conn: sqlite3.Connection) -> list[tuple[int, str, list[str], str, str | None]]:
    """(id, title, authors, abstract, pdf sha256) of every paper."""
    return [(r["id"], r["title"], json.loads(r["authors"] or "[]"), r["abstract"] or "", r["pdf_sha256"])
            for r in conn.execute("SELECT id, title, authors, abstract, pdf_sha256 FROM papers")]


def notes_to_index(conn: sqlite3.Connection) -> list[tuple[int, int, int, str]]:
    """(note id, paper id, pass, text) of every note."""
    return [(r["id"], r["paper_id"], r["pass"], r["text"])
            for r in conn.execute("SELECT id, paper_id, pass, text FROM notes")]


# -- the items and their keyword rows ----------------------------------------------------

def change_generation(conn: sqlite3.Connection) -> int:
    """The change counter the triggers bump on every change to indexed data."""
    return int(conn.execute("SELECT generation FROM index_changes WHERE id = 1").fetchone()[0])


def has_index_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'index_items'").fetchone() is not None


def item_ids(conn: sqlite3.Connection) -> list[int]:
    return [int(r[0]) for r in conn.execute("SELECT id FROM index_items")]


def count_items(conn: sqlite3.Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM index_items").fetchone()[0])


def item_counts_by_kind(conn: sqlite3.Connection) -> dict[str, int]:
    return {kind: n for kind, n in conn.execute("SELECT kind, count(*) FROM index_items GROUP BY kind")}


def item_keys(conn: sqlite3.Connection) -> dict[tuple[str, int, int], tuple[int, str]]:
    """{(kind, ref_id, chunk): (item id, content sha)} of every indexed item."""
    return {(r[1], r[2], r[3]): (r[0], r[4]) for r in
            conn.execute("SELECT id, kind, ref_id, chunk, content_sha FROM index_items")}


def replace_items(conn: sqlite3.Connection, stale: Sequence[int], fresh: Sequence[NewItem],
                  *, meta_key: str, generation: int) -> None:
    """In one transaction: delete the stale items, insert the fresh ones (with their keyword rows),
    and record in meta[meta_key] the change generation they reflect."""
    with transaction(conn):
        conn.executemany("DELETE FROM index_items WHERE id = ?", [(i,) for i in stale])
        conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(i,) for i in stale])
        for kind, ref_id, chunk, paper_id, sha, section, page, title, authors, body in fresh:
            cur = conn.execute(
                "INSERT INTO index_items (kind, ref_id, chunk, paper_id, content_sha, section, page) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                (kind, ref_id, chunk, paper_id, sha, section, page))
            conn.execute("INSERT INTO search_fts (rowid, title, authors, body) VALUES (?, ?, ?, ?)",
                         (cur.lastrowid, title, authors, body))
        set_meta(conn, meta_key, str(generation))


def clear_items(conn: sqlite3.Connection, *, meta_key: str) -> None:
    """Delete every item, its keyword row, and the generation recorded in meta[meta_key]."""
    with transaction(conn):
        conn.execute("DELETE FROM index_items")
        conn.execute("DELETE FROM search_fts")
        conn.execute("DELETE FROM meta WHERE key = ?", (meta_key,))


def item_contents(conn: sqlite3.Connection, ids: Sequence[int]) -> list[tuple[int, str, str, str]]:
    """(item id, kind, title, body) of these items (unknown ids are left out)."""
    out: list[tuple[int, str, str, str]] = []
    for part in in_chunks(ids):
        out += [(r[0], r[1], r[2], r[3]) for r in conn.execute(
            f"SELECT i.id, i.kind, f.title, f.body FROM index_items i JOIN search_fts f ON f.rowid = i.id "
            f"WHERE i.id IN ({placeholders(len(part))})", part)]
    return out


def item_kinds(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, str]:
    """{item id: kind} of these items."""
    out: dict[int, str] = {}
    for part in in_chunks(ids):
        out.update(conn.execute(f"SELECT id, kind FROM index_items WHERE id IN ({placeholders(len(part))})", part))
    return out


def paper_item_id(conn: sqlite3.Connection, paper_id: int) -> int | None:
    """The item of this paper's title and abstract."""
    row = conn.execute("SELECT id FROM index_items WHERE kind = 'paper' AND ref_id = ?", (paper_id,)).fetchone()
    return int(row[0]) if row else None


def paper_items(conn: sqlite3.Connection) -> list[tuple[int, int]]:
    """(item id, paper id) of every paper item."""
    return [(r[0], r[1]) for r in conn.execute("SELECT id, ref_id FROM index_items WHERE kind = 'paper'")]


def papers_of_items(conn: sqlite3.Connection, ids: Sequence[int]) -> dict[int, sqlite3.Row]:
    """{item id: the paper's row} for those of these items that are paper items; its `published_day` is the day
    it counts as published from (PUBLISHED_DAY: a date of a month or year alone is no day to compare with)."""
    out: dict[int, sqlite3.Row] = {}
    for part in in_chunks(ids):
        # The item's id under its own name: a second `id` column would shadow the paper's in row["id"].
        for r in conn.execute(f"SELECT i.id AS item_id, p.*, {PUBLISHED_DAY} AS published_day "
                              "FROM index_items i JOIN papers p ON p.id = i.ref_id "
                              f"WHERE i.kind = 'paper' AND i.id IN ({placeholders(len(part))})", part):
            out[r["item_id"]] = r
    return out


HitRow = tuple[str, int, int, str | None, int | None, str, str, int | None]


def hit_row(conn: sqlite3.Connection, item_id: int) -> HitRow | None:
    """(kind, ref_id, paper_id, section, page, body, paper title, note's pass) of one item."""
    row = conn.execute(
        "SELECT i.kind, i.ref_id, i.paper_id, i.section, i.page, f.body, p.title, n.pass FROM index_items i "
        "JOIN search_fts f ON f.rowid = i.id JOIN papers p ON p.id = i.paper_id "
        "LEFT JOIN notes n ON i.kind = 'note' AND n.id = i.ref_id WHERE i.id = ?", (item_id,)).fetchone()
    if row is None:
        return None
    return (row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7])


def window_paper_items(conn: sqlite3.Connection, start: str) -> list[int]:
    """Item ids of the papers published on or after `start` and of every decided paper, the decided
    ones first, then newest first."""
    return [int(r[0]) for r in conn.execute(
        "SELECT i.id FROM index_items i JOIN papers p ON p.id = i.ref_id WHERE i.kind = 'paper' AND "
        f"({PUBLISHED_DAY} >= ? OR p.id IN (SELECT paper_id FROM triage)) "
        f"ORDER BY p.id IN (SELECT paper_id FROM triage) DESC, {PUBLISHED_DAY} DESC, p.published DESC, p.id DESC",
        (start,))]


# -- keyword search (FTS5) ---------------------------------------------------------------

def fts_search(conn: sqlite3.Connection, expression: str, kinds: Sequence[str], limit: int,
               weights: str) -> list[tuple[int, float, str]]:
    """(item id, bm25 rank, snippet) of the items of these kinds matching an FTS5 expression, best first;
    empty when FTS5 cannot parse the expression."""
    sql = (f"SELECT f.rowid, bm25(search_fts, {weights}) AS r, "
           f"snippet(search_fts, 2, '[', ']', '…', 24) FROM search_fts f "
           f"JOIN index_items i ON i.id = f.rowid "
           f"WHERE search_fts MATCH ? AND i.kind IN ({placeholders(len(kinds))}) ORDER BY r LIMIT ?")
    try:
        rows = conn.execute(sql, (expression, *kinds, limit)).fetchall()
    except sqlite3.OperationalError:
        return []  # an expression FTS5 cannot parse finds nothing rather than failing the search
    return [(r[0], r[1], r[2]) for r in rows]


def fts_item_matches(conn: sqlite3.Connection, item_id: int, expression: str) -> bool:
    row = conn.execute("SELECT 1 FROM search_fts WHERE search_fts MATCH ? AND rowid = ?",
                       (expression, item_id)).fetchone()
    return row is not None


# -- the embedding cache -----------------------------------------------------------------

def cached_embeddings(conn: sqlite3.Connection, model: str, shas: Sequence[str],
                      chunk: int = IN_CHUNK) -> list[tuple[str, int, bytes]]:
    """(content sha, dim, float32 bytes) of the hashes already embedded with this model."""
    out: list[tuple[str, int, bytes]] = []
    unique = list(dict.fromkeys(shas))
    for part in in_chunks(unique, chunk):
        out += [(r[0], r[1], r[2]) for r in conn.execute(
            "SELECT content_sha, dim, vector FROM embeddings WHERE model = ? AND content_sha IN "
            f"({placeholders(len(part))})",
            (model, *part))]
    return out


def put_embeddings(conn: sqlite3.Connection, model: str, rows: Iterable[tuple[str, int, bytes]]) -> None:
    """Cache (content sha, dim, float32 bytes) vectors of this model, in one transaction."""
    with transaction(conn):
        conn.executemany(
            "INSERT OR REPLACE INTO embeddings (content_sha, model, dim, vector) VALUES (?, ?, ?, ?)",
            [(sha, model, dim, blob) for sha, dim, blob in rows])


def count_embeddings(conn: sqlite3.Connection, model: str) -> int:
    return int(conn.execute("SELECT count(*) FROM embeddings WHERE model = ?", (model,)).fetchone()[0])
