"""Tags on papers: short words the reader files papers under (case-insensitive, one row per paper and tag)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from paperpass.errors import InvalidInput
from paperpass.store.db import now, transaction
from paperpass.text import has_control_characters

MAX_TAG_CHARS = 40


def clean_tag(raw: str) -> str:
    """A tag as stored: spaces collapsed; InvalidInput for an empty one, a comma, control characters
    or one longer than MAX_TAG_CHARS."""
    tag = " ".join(str(raw).split())
    if not tag:
        raise InvalidInput("a tag cannot be empty")
    if "," in tag or has_control_characters(tag):
        raise InvalidInput(f"tag {tag!r} holds a comma or a control character; give one tag per option")
    if len(tag) > MAX_TAG_CHARS:
        raise InvalidInput(f"tag {tag[:MAX_TAG_CHARS]!r}... is longer than {MAX_TAG_CHARS} characters")
    return tag


def paper_tags(conn: sqlite3.Connection, paper_id: int) -> list[str]:
    return [r[0] for r in conn.execute("SELECT tag FROM paper_tags WHERE paper_id = ? ORDER BY tag COLLATE NOCASE",
                                       (paper_id,))]


def all_tags(conn: sqlite3.Connection) -> list[str]:
    """Every tag in use, sorted (case-insensitively)."""
    return [r[0] for r in conn.execute("SELECT tag FROM paper_tags GROUP BY tag COLLATE NOCASE "
                                       "ORDER BY tag COLLATE NOCASE")]


def tags_by_paper(conn: sqlite3.Connection) -> dict[int, tuple[str, ...]]:
    """paper id -> its tags (sorted), for the papers that have any."""
    out: dict[int, list[str]] = {}
    for paper_id, tag in conn.execute("SELECT paper_id, tag FROM paper_tags ORDER BY paper_id, tag COLLATE NOCASE"):
        out.setdefault(paper_id, []).append(tag)
    return {pid: tuple(tags) for pid, tags in out.items()}


def tag_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """tag -> how many papers carry it, sorted by tag."""
    return {r[0]: r[1] for r in conn.execute("SELECT tag, count(*) FROM paper_tags GROUP BY tag COLLATE NOCASE "
                                             "ORDER BY tag COLLATE NOCASE")}


def change_tags(conn: sqlite3.Connection, paper_id: int, add: Iterable[str] = (), remove: Iterable[str] = ()) -> None:
    """Tag and untag a paper (inside the caller's transaction, if any); tags are checked by clean_tag."""
    adding = [clean_tag(t) for t in add]
    removing = [clean_tag(t) for t in remove]
    with transaction(conn):
        for tag in removing:
            conn.execute("DELETE FROM paper_tags WHERE paper_id = ? AND tag = ?", (paper_id, tag))
        for tag in adding:
            conn.execute("INSERT OR IGNORE INTO paper_tags (paper_id, tag, added) VALUES (?, ?, ?)",
                         (paper_id, tag, now()))


def set_tags(conn: sqlite3.Connection, paper_id: int, tags: Iterable[str], added: str | None = None) -> None:
    """Give a paper exactly these tags (an import)."""
    with transaction(conn):
        conn.execute("DELETE FROM paper_tags WHERE paper_id = ?", (paper_id,))
        for tag in tags:
            conn.execute("INSERT OR IGNORE INTO paper_tags (paper_id, tag, added) VALUES (?, ?, ?)",
                         (paper_id, clean_tag(tag), added or now()))
