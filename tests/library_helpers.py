"""Helpers of the library tests: PDFs written by PyMuPDF, a dump of every table the user owns, a word embedder."""

from __future__ import annotations

import sqlite3
from pathlib import Path

# Derived or bookkeeping tables: rebuilt from the user's tables, or the undo machinery itself.
DERIVED = ("index_items", "search_fts", "index_changes", "embeddings", "parsed_documents", "feeds",
           "deleted_papers", "meta", "sqlite_sequence")


def user_tables(conn: sqlite3.Connection) -> list[str]:
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    return [n for n in names if not n.startswith(DERIVED)]


def table_dump(conn: sqlite3.Connection, *, skip: dict[str, set[str]] | None = None) -> dict[str, list[tuple]]:
    """Every user table's rows, sorted, every column (less `skip`)."""
    out = {}
    for table in user_tables(conn):
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({table})") if r[1] not in (skip or {}).get(table, ())]
        out[table] = sorted((tuple(r) for r in conn.execute(f"SELECT {', '.join(columns)} FROM {table}")), key=repr)
    return out


def write_pdf(path: Path, text: str = "A paper about attention and pixels.", pages: int = 2) -> Path:
    import pymupdf

    doc = pymupdf.open()
    for n in range(pages):
        doc.new_page().insert_text((72, 72), f"{text} Page {n + 1}.")
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(path)
    doc.close()
    return path


class WordEmbedder:
    """Bag of words hashed into 32 dimensions: instant, and texts sharing words are close."""

    name = "test-words-32"
    dim = 32

    def encode(self, texts):
        import hashlib
        import re

        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype="float32")
        for row, text in enumerate(texts):
            for word in re.findall(r"\w+", text.lower()):
                out[row, int(hashlib.md5(word.encode()).hexdigest(), 16) % self.dim] += 1.0
            out[row] /= max(float(np.linalg.norm(out[row])), 1e-9)
        return out
