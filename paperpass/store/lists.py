"""Reading lists, and the seeded classics loaded from seeds/classics.toml."""

from __future__ import annotations

import json
import sqlite3
import tomllib
from pathlib import Path
from typing import Any

from paperpass.config import resource_dir
from paperpass.errors import InvalidInput, NotFound, StoreError
from paperpass.ids import normalise_title
from paperpass.models import READING_STATUSES, ListEntry, ListProgress, Paper, ReadingList, one_of
from paperpass.store.db import inserted_id, now, transaction
from paperpass.store.meta import get_meta, set_meta
from paperpass.store.papers import edited_fields, get_paper, paper_from_row, upsert_paper
from paperpass.store.reading import done_papers, reading_statuses

CLASSICS_FILE = "classics.toml"


def classics_path() -> Path:
    return resource_dir("seeds") / CLASSICS_FILE


def load_seed_file(path: Path | None = None) -> dict[str, Any]:
    path = path or classics_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise StoreError(f"cannot read seed file {path}: {exc}") from exc
    if not isinstance(data.get("paper"), list) or not data.get("list"):
        raise StoreError(f"seed file {path} has no list name or papers")
    return data


def seed_classics(conn: sqlite3.Connection, path: Path | None = None) -> int:
    """Load the seeded classics into their reading list. Idempotent; returns papers added.

    Items are matched by their stable `key`, so editing a seed entry updates its
    bibliographic data and never touches the reader's progress or notes.
    """
    data = load_seed_file(path)
    version = str(data.get("version", 1))
    meta_key = f"seed:{data['list']}"
    if get_meta(conn, meta_key) == version:
        return 0
    added = 0
    deleted = {normalise_title(r[0]) for r in conn.execute("SELECT title FROM deleted_papers")}
    with transaction(conn):
        list_id = _ensure_list(conn, data["list"], kind="seed")
        for position, entry in enumerate(data["paper"]):
            paper = Paper(
                title=entry["title"], authors=list(entry.get("authors", [])), year=entry.get("year"),
                arxiv_id=entry.get("arxiv"), venue=entry.get("venue"), source="seed",
                published=str(entry["year"]) if entry.get("year") else None,  # a year, no invented day
                source_url=f"https://arxiv.org/abs/{entry['arxiv']}" if entry.get("arxiv") else None,
                pdf_url=f"https://arxiv.org/pdf/{entry['arxiv']}" if entry.get("arxiv") else None,
            )
            item = conn.execute("SELECT paper_id FROM list_items WHERE list_id = ? AND seed_key = ?",
                                (list_id, entry["key"])).fetchone()
            if item:
                _update_seed_paper(conn, item[0], paper)
                paper_id = item[0]
            elif normalise_title(paper.title) in deleted:
                continue  # the reader deleted this classic (`paperpass undo-rm` brings it back, not a new seed file)
            else:
                result = upsert_paper(conn, paper)
                paper_id = result.paper.id
                added += int(result.created)
            conn.execute(
                "INSERT INTO list_items (list_id, paper_id, position, section, seed_key) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT(list_id, paper_id) DO UPDATE SET position = excluded.position, "
                "section = excluded.section, seed_key = excluded.seed_key",
                (list_id, paper_id, position, entry.get("section"), entry["key"]),
            )
        set_meta(conn, meta_key, version)
    return added


def _update_seed_paper(conn: sqlite3.Connection, paper_id: int, seed: Paper) -> None:
    """Bring a seeded paper's bibliographic data in line with the seed file, but for the fields the reader
    corrected by hand (`paperpass edit`): those stay as the reader wrote them."""
    mine = edited_fields(conn, paper_id)
    values: dict[str, object] = {"arxiv_id": seed.arxiv_id}
    if "title" not in mine:
        values.update(title=seed.title, title_norm=normalise_title(seed.title))
    if "authors" not in mine:
        values["authors"] = _json(seed.authors)
    if "year" not in mine:
        values["year"] = seed.year
        published = conn.execute("SELECT published FROM papers WHERE id = ?", (paper_id,)).fetchone()[0]
        if published is None or len(published) == 4:  # the seed's year, not a date a record of the paper gave
            values["published"] = seed.published
    if "venue" not in mine:
        values["venue"] = seed.venue
    keep_old = {"arxiv_id", "venue"}  # a seed entry without them does not erase what the paper has
    sets = ", ".join(f"{c} = coalesce(:{c}, {c})" if c in keep_old else
                     (f"{c} = json(:{c})" if c == "authors" else f"{c} = :{c}") for c in values)
    conn.execute(f"UPDATE papers SET {sets} WHERE id = :id", {**values, "id": paper_id})


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


def _ensure_list(conn: sqlite3.Connection, name: str, kind: str = "user") -> int:
    row = conn.execute("SELECT id FROM reading_lists WHERE name = ?", (name,)).fetchone()
    if row:
        return int(row[0])
    return inserted_id(conn.execute("INSERT INTO reading_lists (name, kind, created) VALUES (?, ?, ?)",
                                    (name, kind, now())))


def create_list(conn: sqlite3.Connection, name: str) -> ReadingList:
    name = name.strip()
    if not name:
        raise InvalidInput("a reading list needs a name")
    with transaction(conn):
        if conn.execute("SELECT 1 FROM reading_lists WHERE name = ?", (name,)).fetchone():
            raise InvalidInput(f"a reading list named {name!r} exists already")
        # the classics are shown by section ("Computer vision"): a list of that name would merge into one
        if conn.execute("SELECT 1 FROM list_items WHERE section = ?", (name,)).fetchone():
            raise InvalidInput(f"{name!r} is a classics list already; pick another name")
        _ensure_list(conn, name)
    return get_list(conn, name)


def add_to_list(conn: sqlite3.Connection, name: str, paper_id: int, section: str | None = None) -> None:
    with transaction(conn):
        list_id = get_list(conn, name).id
        get_paper(conn, paper_id)
        position = conn.execute("SELECT coalesce(max(position), -1) + 1 FROM list_items WHERE list_id = ?",
                                (list_id,)).fetchone()[0]
        conn.execute("INSERT OR IGNORE INTO list_items (list_id, paper_id, position, section) VALUES (?, ?, ?, ?)",
                     (list_id, paper_id, position, section))


def get_list(conn: sqlite3.Connection, name: str) -> ReadingList:
    row = conn.execute("SELECT * FROM reading_lists WHERE name = ?", (name,)).fetchone()
    if row is None:
        raise NotFound(f"no reading list named {name!r}")
    ids = [r[0] for r in conn.execute("SELECT paper_id FROM list_items WHERE list_id = ? ORDER BY position",
                                      (row["id"],))]
    return ReadingList(id=row["id"], name=row["name"], kind=row["kind"], paper_ids=ids)


def all_lists(conn: sqlite3.Connection) -> list[ReadingList]:
    names = [r[0] for r in conn.execute("SELECT name FROM reading_lists ORDER BY kind = 'user', id")]
    return [get_list(conn, n) for n in names]


def list_entries(conn: sqlite3.Connection, name: str | None = None) -> list[ListEntry]:
    """Every paper of every list (or of one), with its reading status."""
    statuses, done = reading_statuses(conn), done_papers(conn)
    sql = ("SELECT l.name AS list_name, i.section, p.* FROM list_items i JOIN reading_lists l ON l.id = i.list_id "
           "JOIN papers p ON p.id = i.paper_id")
    params: list[str] = []
    if name:
        sql += " WHERE l.name = ?"
        params.append(name)
    sql += " ORDER BY l.kind = 'user', l.id, i.position"
    entries = []
    for row in conn.execute(sql, params):
        paper = paper_from_row(row)
        paper_id = paper.stored_id
        entries.append(ListEntry(
            id=paper_id, title=paper.title, year=paper.year, list_name=row["section"] or row["list_name"],
            status="done" if paper_id in done else one_of(statuses.get(paper_id, "unread"), READING_STATUSES),
            arxiv_id=paper.arxiv_id, authors=paper.authors, done=done.get(paper_id),
        ))
    return entries


def list_progress(entries: list[ListEntry]) -> dict[str, ListProgress]:
    """Papers read to the end, begun and in all, per list name, in order of first appearance."""
    progress: dict[str, ListProgress] = {}
    for e in entries:
        p = progress.setdefault(e.list_name, ListProgress())
        p.total += 1
        p.begun += e.status != "unread"
        p.done += e.status == "done"
    return progress


def lists_of_paper(conn: sqlite3.Connection, paper_id: int) -> list[str]:
    """The names of the reading lists a paper is in."""
    return [r[0] for r in conn.execute("SELECT l.name FROM list_items i JOIN reading_lists l ON l.id = i.list_id "
                                       "WHERE i.paper_id = ? ORDER BY l.id", (paper_id,))]
