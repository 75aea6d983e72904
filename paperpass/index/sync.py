"""Keeping the vector index in step with the database, and repairing it at open.

`ensure_index` is called by search, ranking and related papers; nobody else
has to tell the index that a note was saved or a paper ingested. It syncs the
items (items.py), then compares the ids in the FAISS file with the ids in
`index_items`: ids only in the file are removed, ids only in the database are
embedded (through the content-hash cache) and added. Changed text has a new
id, so this comparison also catches a crash between a database commit and the
file write, or a deleted file. The vector file's name carries the model, so a
change of model starts a fresh index instead of mixing vectors.
"""

from __future__ import annotations

import re
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from paperpass.index.embed import Embedder
from paperpass.index.items import change_generation, clear_items, item_texts, sync_items, synced_generation
from paperpass.index.vectors import VectorIndex  # faiss itself is imported when an index is made
from paperpass.store import index_tables as tables
from paperpass.store.db import database_file

_lock = threading.Lock()
_loaded: dict[str, tuple] = {}  # vector file path -> (VectorIndex, items generation, file mtime)
# Where progress goes when a caller of search/rank (whose signatures carry none) wants to show it.
default_progress = None


def set_default_progress(callback) -> None:
    global default_progress
    default_progress = callback


@dataclass
class IndexHandle:
    vectors: VectorIndex
    embedder: Embedder
    embedded: int = 0  # texts the model embedded during this call


def vector_path(conn: sqlite3.Connection, model: str) -> Path | None:
    db = database_file(conn)
    if db is None:
        return None  # an in-memory database keeps its vectors in memory
    slug = re.sub(r"[^A-Za-z0-9_.-]+", "-", model).strip("-")
    return db.with_name(f"{db.stem}.{slug}.faiss")


def ensure_index(conn: sqlite3.Connection, *, progress=None, embedder=None) -> IndexHandle:
    """The vector index for this library, up to date with the database."""
    import numpy as np

    from paperpass.index.embed import get_embedder
    from paperpass.index.vectors import VectorIndex

    embedder = embedder or get_embedder()
    progress = progress or default_progress
    sync_items(conn)
    generation = synced_generation(conn)
    path = vector_path(conn, embedder.name)
    key = str(path) if path else f"memory:{id(conn)}:{embedder.name}"
    with _lock:
        mtime = path.stat().st_mtime_ns if path and path.exists() else None
        cached = _loaded.get(key)
        if cached and cached[1] == generation and cached[2] == mtime:
            return IndexHandle(cached[0], embedder)
        vi = cached[0] if cached and cached[2] == mtime else (VectorIndex.load(path) if path else None)
        if vi is not None and vi.dim != embedder.dim:
            vi = None
        expected = np.fromiter(tables.item_ids(conn), dtype="int64")
        have = vi.ids() if vi is not None else np.zeros(0, dtype="int64")
        extra = np.setdiff1d(have, expected)
        missing = np.setdiff1d(expected, have)
        changed = bool(len(extra) or len(missing)) or vi is None
        embedded_before = _embedded_count(conn, embedder.name)
        if vi is None or (len(missing) + len(have) - len(extra) > 0 and _would_change_kind(vi, len(expected))):
            vectors = _vectors_for(conn, embedder, expected, progress)
            vi = VectorIndex.build(vectors, expected, embedder.dim)
        else:
            vi.remove(extra)
            if len(missing):
                vi.add(missing, _vectors_for(conn, embedder, missing, progress))
        if changed and path is not None:
            vi.save(path)
            _remove_other_models(path)
            mtime = path.stat().st_mtime_ns
        _loaded[key] = (vi, generation, mtime)
        embedded = _embedded_count(conn, embedder.name) - embedded_before
    return IndexHandle(vi, embedder, embedded)


def _would_change_kind(vi, n: int) -> bool:
    from paperpass.index.vectors import APPROX_THRESHOLD, EXACT_BELOW, ivf_lists

    if vi.is_ivf:
        return n < EXACT_BELOW or ivf_lists(n) > 2 * vi.index.nlist
    return n >= APPROX_THRESHOLD


def _vectors_for(conn, embedder, ids, progress):
    from paperpass.index.embed import embed_texts

    texts = item_texts(conn, [int(i) for i in ids])
    return embed_texts(conn, embedder, [texts[int(i)] for i in ids], progress=progress)


def _embedded_count(conn, model: str) -> int:
    return tables.count_embeddings(conn, model)


def _remove_other_models(path: Path) -> None:
    """Vector files of a model no longer in use (the embedding cache keeps their vectors)."""
    stem = path.name.split(".")[0]
    for other in path.parent.glob(f"{stem}.*.faiss"):
        if other != path:
            other.unlink(missing_ok=True)


def index_item_vectors(conn: sqlite3.Connection, embedder, ids) -> dict[int, Any]:
    """{item id: vector} from the embedding cache (embedding any that are missing)."""
    ids = [int(i) for i in ids]
    if not ids:
        return {}
    texts = item_texts(conn, ids)
    present = [i for i in ids if i in texts]
    from paperpass.index.embed import embed_texts

    vectors = embed_texts(conn, embedder, [texts[i] for i in present])
    return dict(zip(present, vectors, strict=True))


def rebuild(conn: sqlite3.Connection, *, progress=None, embedder=None) -> dict:
    """Recreate the keyword and vector indexes from the database (cached embeddings are reused)."""
    from paperpass.index.embed import get_embedder

    embedder = embedder or get_embedder()
    clear_items(conn)
    path = vector_path(conn, embedder.name)
    with _lock:
        _loaded.clear()
    if path is not None:
        path.unlink(missing_ok=True)
    if progress:
        progress("reading the library", 0, None)
    handle = ensure_index(conn, progress=progress, embedder=embedder)
    counts = tables.item_counts_by_kind(conn)
    return {"papers": counts.get("paper", 0), "sections": counts.get("section", 0), "notes": counts.get("note", 0),
            "vectors": len(handle.vectors), "embedded": handle.embedded, "index": handle.vectors.kind,
            "model": embedder.name, "path": str(path) if path else None,
            "changes_seen": change_generation(conn)}


def forget_connection(conn: sqlite3.Connection) -> None:
    """Drop the vectors loaded for an in-memory connection (before it is closed)."""
    with _lock:
        for key in [k for k in _loaded if k.startswith(f"memory:{id(conn)}:")]:
            del _loaded[key]
