"""A first ranking while the week is still being embedded.

On a first run the week's papers have no vectors yet. `week_texts_to_embed`
lists the texts triage needs; `provisional_ranking` embeds a batch of them
(into the cache, for good) and ranks on a throwaway in-memory copy of the
library where the rest count as not embedded yet, so the reader sees a ranking
after the first batch and a better one after each next.
"""

from __future__ import annotations

import sqlite3
import time
from dataclasses import dataclass

from paperpass.index import embed
from paperpass.index.embed import cached_vectors, content_sha, embed_texts, encode_queries, get_embedder
from paperpass.index.items import item_texts, sync_items
from paperpass.index.rank import rank_for_triage
from paperpass.index.sync import forget_connection
from paperpass.store import index_tables as tables
from paperpass.store.papers import window_bounds


@dataclass
class RankStep:
    """A ranking made while embedding: `done` of `total` texts embedded, about `seconds_left` to go."""

    ranked: list
    done: int
    total: int
    seconds_left: float
    final: bool = False


def week_texts_to_embed(conn: sqlite3.Connection, days: int | None, embedder=None) -> dict[str, str]:
    """{content sha: text} of the papers triage would rank (the window's, and the decided ones it learns
    from) that have no vector yet, the window's newest first."""
    embedder = embedder or get_embedder()
    sync_items(conn)
    start = window_bounds(conn, days)[0] or ""
    ids = tables.window_paper_items(conn, start)
    texts = item_texts(conn, ids)
    by_sha = {content_sha(texts[i]): texts[i] for i in ids if i in texts}
    have = cached_vectors(conn, embedder.name, list(by_sha))
    return {sha: text for sha, text in by_sha.items() if sha not in have}


class _Provisional:
    """The embedder in use, except that texts not embedded yet get a zero vector (no similarity to
    anything), so a provisional ranking can run before the last batch; other texts (queries) are embedded."""

    def __init__(self, embedder, pending: set[str]):
        self.inner, self.pending = embedder, pending
        self.name, self.dim = embedder.name, embedder.dim

    def encode(self, texts):
        import numpy as np

        out = np.zeros((len(texts), self.dim), dtype="float32")
        real = [i for i, t in enumerate(texts) if content_sha(t) not in self.pending]
        if real:
            out[real] = self.inner.encode([texts[i] for i in real])
        return out

    def encode_queries(self, texts):
        return encode_queries(self.inner, texts)


def provisional_ranking(conn: sqlite3.Connection, days: int | None, pending: dict[str, str], budget: int) -> RankStep:
    """Embed `budget` of the pending texts (into the cache, for good), then rank the week on a throwaway
    in-memory copy of the library where the rest count as not embedded yet."""
    embedder = get_embedder()
    batch = list(pending.values())[:budget]
    started = time.perf_counter()
    embed_texts(conn, embedder, batch)
    rate = len(batch) / max(time.perf_counter() - started, 1e-6)
    rest = list(pending)[budget:]
    # Everything else without a vector (sections, notes, older papers) is provisional too.
    memory = sqlite3.connect(":memory:")
    try:
        conn.backup(memory)
        memory.row_factory = conn.row_factory
        missing = set(rest) | _unembedded(memory, embedder.name)
        previous = embed._override
        embed.set_embedder(_Provisional(embedder, missing))
        try:
            ranked = rank_for_triage(memory, days=days, explain_deferred=True)
        finally:
            embed.set_embedder(previous)
    finally:
        forget_connection(memory)
        memory.close()
    return RankStep(ranked, len(batch), len(pending), len(rest) / rate)


def _unembedded(conn: sqlite3.Connection, model: str) -> set[str]:
    texts = item_texts(conn, tables.item_ids(conn))
    shas = [content_sha(t) for t in texts.values()]
    have = cached_vectors(conn, model, shas)
    return {s for s in shas if s not in have}
