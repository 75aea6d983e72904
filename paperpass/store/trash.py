"""Deleting a paper with everything that hangs on it, and bringing the last one back.

`delete_paper` copies every row that belongs to the paper (the paper, its decision, passes, notes with
their history, five Cs, review, references, list places, tags, and the references of other papers that
pointed at it) into one `deleted_papers` snapshot, in the same transaction as the delete: a crash leaves
either the paper or its snapshot. `restore_last` puts the newest snapshot back, under the same ids when
they are still free. Moving the PDF aside is the library's job (files are not the store's); the snapshot
only records where it went.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from typing import Any

from paperpass.errors import InvalidInput, NotFound, StoreError
from paperpass.store.db import inserted_id, now, transaction
from paperpass.store.papers import get_paper

# (table, the column holding the paper id), in the order they are put back (parents first).
_PAPER_TABLES: tuple[tuple[str, str], ...] = (
    ("triage", "paper_id"), ("pass_state", "paper_id"), ("paper_done", "paper_id"), ("five_cs", "paper_id"),
    ("reviews", "paper_id"), ("notes", "paper_id"), ("paper_refs", "paper_id"), ("list_items", "paper_id"),
    ("pending_metadata", "paper_id"), ("paper_tags", "paper_id"), ("paper_sources", "paper_id"),
    ("paper_edits", "paper_id"), ("reading_days", "paper_id"),
)
KEEP_SNAPSHOTS = 20  # deleted papers that can still be brought back, the newest first


@dataclass
class Snapshot:
    id: int
    paper_id: int
    title: str
    deleted_at: str
    rows: dict[str, list[dict[str, Any]]]
    pdf_path: str | None
    pdf_trash: str | None


def paper_rows(conn: sqlite3.Connection, paper_id: int) -> dict[str, list[dict[str, Any]]]:
    """Every row that belongs to the paper, table by table (what a delete removes)."""
    rows: dict[str, list[dict[str, Any]]] = {
        "papers": [dict(r) for r in conn.execute("SELECT * FROM papers WHERE id = ?", (paper_id,))]}
    if not rows["papers"]:
        raise NotFound(f"no paper with id {paper_id}")
    for table, column in _PAPER_TABLES:
        rows[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (paper_id,))]
    rows["note_versions"] = [dict(r) for r in conn.execute(
        "SELECT v.* FROM note_versions v JOIN notes n ON n.id = v.note_id WHERE n.paper_id = ? ORDER BY v.id",
        (paper_id,))]
    # Other papers' references that name this one lose the link (ON DELETE SET NULL); undo puts it back.
    rows["cited_by"] = [dict(r) for r in conn.execute(
        "SELECT paper_id, position FROM paper_refs WHERE matched_paper_id = ? AND paper_id != ?",
        (paper_id, paper_id))]
    return rows


def delete_paper(conn: sqlite3.Connection, paper_id: int, *, pdf_path: str | None = None,
                 pdf_trash: str | None = None) -> Snapshot:
    """Delete a paper and what hangs on it (cascades), keeping a snapshot to restore; the snapshot."""
    with transaction(conn):
        paper = get_paper(conn, paper_id)
        rows = paper_rows(conn, paper_id)
        deleted_at = now()
        cur = conn.execute("INSERT INTO deleted_papers (paper_id, title, deleted_at, snapshot, pdf_path, pdf_trash) "
                           "VALUES (?, ?, ?, ?, ?, ?)",
                           (paper_id, paper.title, deleted_at, json.dumps(rows, ensure_ascii=False), pdf_path,
                            pdf_trash))
        # Search forgets it at once (its vectors leave the FAISS file at the index's next sync).
        items = [r[0] for r in conn.execute("SELECT id FROM index_items WHERE paper_id = ?", (paper_id,))]
        conn.executemany("DELETE FROM search_fts WHERE rowid = ?", [(i,) for i in items])
        conn.execute("DELETE FROM index_items WHERE paper_id = ?", (paper_id,))
        conn.execute("DELETE FROM papers WHERE id = ?", (paper_id,))
        return Snapshot(inserted_id(cur), paper_id, paper.title, deleted_at, rows, pdf_path, pdf_trash)


def last_snapshot(conn: sqlite3.Connection) -> Snapshot | None:
    row = conn.execute("SELECT * FROM deleted_papers ORDER BY id DESC LIMIT 1").fetchone()
    return _snapshot(row) if row else None


def snapshots(conn: sqlite3.Connection) -> list[Snapshot]:
    return [_snapshot(r) for r in conn.execute("SELECT * FROM deleted_papers ORDER BY id DESC")]


def _snapshot(row: sqlite3.Row) -> Snapshot:
    return Snapshot(row["id"], row["paper_id"], row["title"], row["deleted_at"], json.loads(row["snapshot"]),
                    row["pdf_path"], row["pdf_trash"])


def forget_snapshots(conn: sqlite3.Connection, ids: list[int]) -> None:
    with transaction(conn):
        conn.executemany("DELETE FROM deleted_papers WHERE id = ?", [(i,) for i in ids])


def restore_snapshot(conn: sqlite3.Connection, snapshot: Snapshot, *, pdf_path: str | None) -> int:
    """Put a deleted paper back (its own ids when free, new ones otherwise) with `pdf_path` as its PDF,
    and drop the snapshot; the paper's id."""
    rows = snapshot.rows
    with transaction(conn):
        if conn.execute("SELECT 1 FROM deleted_papers WHERE id = ?", (snapshot.id,)).fetchone() is None:
            raise NotFound("that deleted paper was already brought back")
        paper = dict(rows["papers"][0])
        paper["pdf_path"] = pdf_path
        if pdf_path is None:
            paper["pdf_sha256"] = None
        old_id = paper["id"]
        if paper.get("arxiv_id"):
            again = conn.execute("SELECT id FROM papers WHERE arxiv_id = ?", (paper["arxiv_id"],)).fetchone()
            if again is not None:
                raise InvalidInput(f"arXiv {paper['arxiv_id']} is in the library again (paper {again[0]}); "
                                   f"delete that one first to bring back the deleted one")
        new_id = _insert(conn, "papers", paper, keep_id=True)
        note_ids: dict[int, int] = {}
        for table, column in _PAPER_TABLES:
            for row in rows.get(table, []):
                row = {**row, column: new_id}
                if table == "notes":
                    note_ids[row["id"]] = _insert(conn, "notes", row, keep_id=True)
                    continue
                if table == "paper_refs" and row.get("matched_paper_id") is not None:
                    target = new_id if row["matched_paper_id"] == old_id else row["matched_paper_id"]
                    row["matched_paper_id"] = target if _exists(conn, "papers", target) else None
                if table == "list_items" and not _exists(conn, "reading_lists", row["list_id"]):
                    continue  # the list went since; the paper comes back without it
                if table == "pending_metadata" and conn.execute(
                        "SELECT 1 FROM pending_metadata WHERE arxiv_id = ?", (row["arxiv_id"],)).fetchone():
                    continue
                _insert(conn, table, row, keep_id=True)  # a row id (a source's) comes back when free
        for row in rows.get("note_versions", []):
            _insert(conn, "note_versions", {**row, "note_id": note_ids[row["note_id"]]}, keep_id=True)
        for ref in rows.get("cited_by", []):
            conn.execute("UPDATE paper_refs SET matched_paper_id = ? WHERE paper_id = ? AND position = ? "
                         "AND matched_paper_id IS NULL", (new_id, ref["paper_id"], ref["position"]))
        conn.execute("DELETE FROM deleted_papers WHERE id = ?", (snapshot.id,))
    return new_id


def _exists(conn: sqlite3.Connection, table: str, row_id: int) -> bool:
    return conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (row_id,)).fetchone() is not None


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, Any], *, keep_id: bool) -> int:
    """Insert a snapshot row; a row's own `id` is kept when free (`keep_id`), else SQLite picks one."""
    columns = {r["name"] for r in conn.execute(f"PRAGMA table_info({table})")}
    values = {k: v for k, v in row.items() if k in columns}
    if unknown := set(row) - columns:
        raise StoreError(f"a deleted paper's snapshot has columns {table} lacks: {', '.join(sorted(unknown))}")
    if "id" in values and (not keep_id or _exists(conn, table, values["id"])):
        values.pop("id")
    cols = ", ".join(values)
    cur = conn.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join(':' + c for c in values)})", values)
    return inserted_id(cur)
