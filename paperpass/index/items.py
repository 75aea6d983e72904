"""What the index holds, kept in step with the database.

Three kinds of item: a paper (title + abstract), a chunk of a parsed section
(from the parse cache in store/documents.py), and a note. `sync_items` compares
what the database says with `index_items` by content hash and touches only the
new, changed and deleted items; their keyword rows (FTS5) change in the same
transaction. Triggers on papers, notes and parsed_documents bump a change
counter, so when nothing changed a sync costs one query.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from paperpass.store import index_tables as tables
from paperpass.store.documents import cached_document_json
from paperpass.store.meta import get_meta

CHUNK_CHARS = 900  # about 200 word pieces: inside all-MiniLM-L6-v2's 256-token window
_SKIP_SECTION_KINDS = {"references", "acknowledgements", "abstract"}
_SYNCED_KEY = "index_items_generation"


@dataclass
class Item:
    kind: str  # paper | section | note
    ref_id: int
    chunk: int
    paper_id: int
    title: str  # the paper's title, or the section's
    authors: str
    body: str
    section: str | None = None
    page: int | None = None

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.ref_id, self.chunk)

    @property
    def sha(self) -> str:
        raw = json.dumps([self.title, self.authors, self.body, self.section, self.page, self.paper_id])
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def embed_text(kind: str, title: str, body: str) -> str:
    """The text a vector stands for."""
    if kind == "paper":
        return f"{title}. {body}".strip()
    if kind == "section":
        return f"{title}: {body}".strip()
    return body


def chunk_text(text: str, size: int = CHUNK_CHARS) -> list[str]:
    """Split on paragraphs, then sentences, into pieces of about `size` characters."""
    pieces: list[str] = []
    for para in re.split(r"\n\s*\n", text):
        para = " ".join(para.split())
        if not para:
            continue
        if len(para) <= size:
            pieces.append(para)
            continue
        current = ""
        for sentence in re.split(r"(?<=[.!?])\s+", para):
            if current and len(current) + len(sentence) + 1 > size:
                pieces.append(current)
                current = ""
            current = f"{current} {sentence}".strip()
            while len(current) > size * 2:  # a run-on "sentence" (tables, equations)
                pieces.append(current[:size])
                current = current[size:]
        if current:
            pieces.append(current)
    # Merge tiny neighbours so a heading-like line does not become its own vector.
    merged: list[str] = []
    for piece in pieces:
        if merged and len(merged[-1]) + len(piece) < size // 2:
            merged[-1] = f"{merged[-1]} {piece}"
        else:
            merged.append(piece)
    return merged


def wanted_items(conn: sqlite3.Connection) -> list[Item]:
    """Everything the database says should be indexed, now."""
    items: list[Item] = []
    docs: list[tuple[int, str]] = []
    for paper_id, title, authors, abstract, pdf_sha256 in tables.papers_to_index(conn):
        items.append(Item("paper", paper_id, 0, paper_id, title, ", ".join(authors), abstract))
        if pdf_sha256:
            docs.append((paper_id, pdf_sha256))
    if docs:
        items += _section_items(conn, docs)
    for note_id, paper_id, pass_no, text in tables.notes_to_index(conn):
        if text.strip():
            items.append(Item("note", note_id, 0, paper_id, "", "", text, page=None, section=f"pass {pass_no}"))
    return items


def _section_items(conn: sqlite3.Connection, docs: list[tuple[int, str]]) -> list[Item]:
    from paperpass.parse import PARSER_VERSION

    items = []
    for paper_id, sha in docs:
        cached = cached_document_json(conn, sha, PARSER_VERSION)
        if cached is None:
            continue  # not parsed yet: the paper's abstract is indexed, its sections will follow
        chunk = 0
        for section in json.loads(cached).get("sections", []):
            if section.get("kind", "body") in _SKIP_SECTION_KINDS:
                continue
            title = " ".join(filter(None, [section.get("number", ""), section.get("title", "")]))
            for piece in chunk_text(section.get("text", "")):
                items.append(Item("section", paper_id, chunk, paper_id, title, "", piece,
                                  section=title, page=section.get("page")))
                chunk += 1
    return items


def change_generation(conn: sqlite3.Connection) -> int:
    return tables.change_generation(conn)


def synced_generation(conn: sqlite3.Connection) -> int | None:
    value = get_meta(conn, _SYNCED_KEY)
    return int(value) if value else None


def sync_items(conn: sqlite3.Connection, *, force: bool = False) -> dict[str, int]:
    """Bring index_items and the keyword index up to date; returns counts of what changed."""
    generation = change_generation(conn)
    if not force and synced_generation(conn) == generation:
        return {"added": 0, "removed": 0}
    wanted = {item.key: item for item in wanted_items(conn)}
    have = tables.item_keys(conn)
    stale = [item_id for key, (item_id, sha) in have.items()
             if key not in wanted or wanted[key].sha != sha]
    fresh = [item for key, item in wanted.items() if key not in have or have[key][1] != item.sha]
    # The generation read before looking: a change made meanwhile triggers another sync.
    tables.replace_items(conn, stale, [(item.kind, item.ref_id, item.chunk, item.paper_id, item.sha, item.section,
                                        item.page, item.title, item.authors, item.body) for item in fresh],
                         meta_key=_SYNCED_KEY, generation=generation)
    return {"added": len(fresh), "removed": len(stale)}


def clear_items(conn: sqlite3.Connection) -> None:
    """Forget every indexed item (a rebuild starts from here; the embedding cache stays)."""
    tables.clear_items(conn, meta_key=_SYNCED_KEY)


def item_texts(conn: sqlite3.Connection, ids: Iterable[int]) -> dict[int, str]:
    """{item id: the text its vector stands for}."""
    return {item_id: embed_text(kind, title, body)
            for item_id, kind, title, body in tables.item_contents(conn, list(ids))}
