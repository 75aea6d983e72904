"""Nothing lost: search and triage on the sample week, today's backend (sentence-transformers on torch)
vs the default ONNX backend, as top-10 overlap.

The demo library (seeded classics + data/sample_week.jsonl.gz) is built once per
backend; search runs QUERIES (topic phrases, none taken from the week) through
paperpass.index.search.search, triage is rank_for_triage(days=7) cold-start and
after the simulated reader kept 5 and skipped 5 papers (the same ones for both).
Torch vectors of the week are cached under /work/cache (PAPERPASS_BENCH_CACHE).

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python bench/sample_week_agreement.py
"""

from __future__ import annotations

import hashlib
import os
import sys
import tempfile
from pathlib import Path

import numpy as np

CACHE = Path(os.environ.get("PAPERPASS_BENCH_CACHE", "/work/cache/paperpass_embed"))
QUERIES = ["diffusion models for image generation", "graph neural networks",
           "reinforcement learning from human feedback", "speech recognition",
           "contrastive self-supervised learning", "bayesian optimisation",
           "adversarial robustness", "machine translation", "object detection", "federated learning",
           "large language model reasoning", "mixture of experts", "vision language models", "protein structure",
           "time series forecasting"]


def library(home: Path, embedder):
    from paperpass.index import embed
    from paperpass.index.items import item_texts, sync_items
    from paperpass.ingest.sample import load_sample_week
    from paperpass.store import open_library
    from paperpass.store.index_tables import put_embeddings

    conn = open_library(home)
    load_sample_week(conn)
    sync_items(conn)
    texts = list(item_texts(conn, [r[0] for r in conn.execute("SELECT id FROM index_items")]).values())
    key = hashlib.sha256(("\n".join(texts) + embedder.name).encode()).hexdigest()[:16]
    path = CACHE / f"sample-week-{embedder.name}-{key}.npy"
    if path.is_file():
        vectors = np.load(path)
        put_embeddings(conn, embedder.name, [(embed.content_sha(t), v.shape[0], v.astype("float32").tobytes())
                                             for t, v in zip(texts, vectors, strict=False)])
    else:
        vectors = embed.embed_texts(conn, embedder, texts)
        CACHE.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npy")
        np.save(tmp, vectors)
        os.replace(tmp, path)
    return conn


def results(conn, embedder):
    from paperpass.index import embed
    from paperpass.index.rank import rank_for_triage
    from paperpass.index.search import search
    from paperpass.store.papers import set_decision

    embed.set_embedder(embedder)
    try:
        found = {q: [h.paper_id for h in search(conn, q, scope="papers", limit=10)] for q in QUERIES}
        cold = [r.paper.id for r in rank_for_triage(conn, days=7, limit=10)]
        week = [r.paper.id for r in rank_for_triage(conn, days=7, limit=None)]
        rng = np.random.default_rng(0)
        picks = rng.choice(sorted(week), 10, replace=False)  # by id: the same papers for both backends
        for i, pid in enumerate(picks):
            set_decision(conn, int(pid), "keep" if i < 5 else "skip")
        learned = [r.paper.id for r in rank_for_triage(conn, days=7, limit=10)]
    finally:
        embed.set_embedder(None)
    return found, cold, learned


def overlap(a, b):
    return len(set(a) & set(b)) / max(1, min(10, len(b)))


def main():
    from paperpass.index.embed import OnnxEmbedder, SentenceEmbedder

    outs = {}
    for label, embedder in (("torch", SentenceEmbedder()), ("onnx", OnnxEmbedder())):
        with tempfile.TemporaryDirectory() as tmp:
            conn = library(Path(tmp), embedder)
            outs[label] = results(conn, embedder)
            conn.close()
    (s_t, c_t, l_t), (s_o, c_o, l_o) = outs["torch"], outs["onnx"]
    per_query = [overlap(s_o[q], s_t[q]) for q in QUERIES]
    print(f"sample week: torch ({SentenceEmbedder().name}) vs onnx ({OnnxEmbedder().name})\n")
    print("| result | top-10 overlap with today's |\n|---|---|")
    print(f"| search, {len(QUERIES)} queries (mean; min) | {np.mean(per_query):.2f}; {min(per_query):.1f} |")
    print(f"| triage, cold start | {overlap(c_o, c_t):.2f} |")
    print(f"| triage, after 5 keeps + 5 skips | {overlap(l_o, l_t):.2f} |")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    sys.exit(main())
