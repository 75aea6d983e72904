"""Rebuild data/sample_week_vectors.npz: the demo library's paper vectors (sample week + seeded classics),
so `paperpass demo` ranks at once, without loading (or first exporting) the model.

The vectors are those of the default embedding backend (paperpass.index.embed:
get_embedder() with no override), float16, keyed by the SHA-256 of the text
the index embeds for each paper; a library on another model or backend never
sees them (embed.shipped_vectors checks the tag). Run after changing the sample
week, the default model or the default backend:

    PYTHONPATH=. HF_HUB_OFFLINE=1 python data/make_sample_vectors.py
"""

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def main() -> None:
    from paperpass.index.embed import (
        SHIPPED_VECTORS,
        content_sha,
        get_embedder,
        shipped_vectors,
        write_shipped_vectors,
    )
    from paperpass.index.items import item_texts, sync_items
    from paperpass.ingest.sample import load_sample_week
    from paperpass.store import open_library

    embedder = get_embedder()
    with tempfile.TemporaryDirectory() as tmp:
        conn = open_library(Path(tmp))  # the seeded classics too: every demo library holds them
        load_sample_week(conn)
        sync_items(conn)
        ids = [r[0] for r in conn.execute("SELECT id FROM index_items WHERE kind = 'paper' ORDER BY id")]
        texts = sorted(set(item_texts(conn, ids).values()), key=len)
        # Vectors already shipped for this model are kept; only texts without one are embedded.
        have = shipped_vectors(embedder.name)
        todo = [t for t in texts if content_sha(t) not in have]
        new = dict(zip(todo, embedder.encode(todo))) if todo else {}
        vectors = [new[t] if t in new else have[content_sha(t)] for t in texts]
        out = Path(__file__).with_name(SHIPPED_VECTORS)
        tmp_out = out.with_name(out.name + ".tmp.npz")
        write_shipped_vectors(tmp_out, embedder.name, texts, vectors)
        os.replace(tmp_out, out)
        print(f"{len(texts)} vectors of {embedder.name} ({len(todo)} embedded now) -> {out} "
              f"({out.stat().st_size / 1e6:.2f} MB)")


if __name__ == "__main__":
    main()
