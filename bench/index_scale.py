"""Index scale: embedding throughput, query latency at 10k/100k, the approximate index at 1M, incremental add.

Vectors beyond the real abstracts are synthetic: clustered unit vectors in 384
dimensions (5,000 Gaussian clusters with spread), standing in for sentence
embeddings, which are clustered by topic. Uniform random vectors would be a
worst case no real library resembles. Keyword search runs over real abstracts
repeated to N rows. All on 2 threads.

    .venv/bin/python bench/index_scale.py [--skip-1m]
"""

from __future__ import annotations

import ast
import csv
import resource
import sqlite3
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "fixtures" / "real" / "metadata" / "arxiv_ml_titles_abstracts_terms.csv"
DIM = 384
QUERIES = ["diffusion models for image generation", "graph neural networks", "policy gradient robotics",
           "speech recognition transformer", "contrastive self-supervised learning", "bayesian optimisation",
           "adversarial examples robustness", "neural machine translation", "object detection", "federated learning"]


def clustered(n, seed, clusters=5000, spread=0.35):
    rng = np.random.default_rng(seed)
    centres = np.random.default_rng(7).normal(size=(clusters, DIM)).astype("float32")
    centres /= np.linalg.norm(centres, axis=1, keepdims=True)
    out = np.empty((n, DIM), dtype="float32")
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        block = centres[rng.integers(0, clusters, m)] + rng.normal(scale=spread / np.sqrt(DIM) * 2.5,
                                                                     size=(m, DIM)).astype("float32")
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start:start + m] = block
    return out


def pct(values, q):
    return float(np.percentile(np.asarray(values) * 1000, q))


def load_abstracts():
    with CSV.open(encoding="utf-8") as fh:
        return [" ".join(r["summaries"].split()) for r in csv.DictReader(fh)]


def throughput(abstracts):
    from paperpass.index.embed import SentenceEmbedder

    e = SentenceEmbedder()
    e.encode(["warm up"])
    texts = sorted(abstracts[:600], key=len)
    start = time.perf_counter()
    e.encode(texts)
    return e, len(texts) / (time.perf_counter() - start)


def fts(abstracts, n):
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE f USING fts5(title, authors, body, tokenize='porter unicode61')")
    conn.executemany("INSERT INTO f (rowid, title, authors, body) VALUES (?, '', '', ?)",
                     ((i, abstracts[i % len(abstracts)]) for i in range(n)))
    return conn


def latency(embedder, abstracts, n):
    from paperpass.index.keyword import parse_query
    from paperpass.index.vectors import VectorIndex

    vecs = clustered(n, seed=n)
    vi = VectorIndex.build(vecs, np.arange(n), DIM)
    conn = fts(abstracts, n)
    times, embeds = [], []
    for rep in range(5):
        for q in QUERIES:
            start = time.perf_counter()
            qv = embedder.encode([q])
            embeds.append(time.perf_counter() - start)
            _, ids = vi.search(qv, 50)
            terms = " OR ".join(parse_query(q).terms())
            kw = [r[0] for r in conn.execute("SELECT rowid FROM f WHERE f MATCH ? ORDER BY bm25(f) LIMIT 50", (terms,))]
            fused: dict[int, float] = {}
            for rank, i in enumerate(ids[0]):
                fused[int(i)] = fused.get(int(i), 0) + 1 / (60 + rank)
            for rank, i in enumerate(kw):
                fused[i] = fused.get(i, 0) + 1 / (60 + rank)
            sorted(fused.items(), key=lambda kv: -kv[1])[:10]
            times.append(time.perf_counter() - start)
    rest = [t - e for t, e in zip(times, embeds)]
    return vi.kind, pct(times, 50), pct(times, 95), pct(embeds, 50), pct(rest, 50), pct(rest, 95)


def incremental(n=100_000, extra=1000):
    from paperpass.index.vectors import VectorIndex

    vecs = clustered(n + extra, seed=3)
    vi = VectorIndex.build(vecs[:n], np.arange(n), DIM)
    start = time.perf_counter()
    vi.add(np.arange(n, n + extra), vecs[n:])
    add_s = time.perf_counter() - start
    start = time.perf_counter()
    VectorIndex.build(vecs, np.arange(n + extra), DIM)
    build_s = time.perf_counter() - start
    return vi.kind, add_s, build_s


def million(n=1_000_000):
    import faiss

    from paperpass.index.vectors import VectorIndex

    vecs = clustered(n, seed=11)
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    vi = VectorIndex.approximate(vecs, np.arange(n))
    build = time.perf_counter() - start
    queries = clustered(200, seed=99)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(vecs)
    _, truth = exact.search(queries, 10)
    del exact
    times, found = [], []
    for q in queries:
        t = time.perf_counter()
        _, ids = vi.search(q[None, :], 10)
        times.append(time.perf_counter() - t)
        found.append(ids[0])
    recall = np.mean([len(set(f) & set(t)) / 10 for f, t in zip(found, truth)])
    size = faiss.serialize_index(vi.index).nbytes
    return dict(nlist=vi.index.nlist, nprobe=vi.index.nprobe, build=build, recall=recall, p50=pct(times, 50),
                p95=pct(times, 95), index_mb=size / 2**20, rss_growth_mb=(resource.getrusage(
                    resource.RUSAGE_SELF).ru_maxrss - rss0) / 1024)


def main():
    import faiss

    faiss.omp_set_num_threads(2)
    abstracts = load_abstracts()
    embedder, per_s = throughput(abstracts)
    print("| measure | value |\n|---|---|")
    print(f"| embedding throughput (all-MiniLM-L6-v2, CPU, 600 real abstracts, length-sorted batches) "
          f"| {per_s:.0f} abstracts/s |")
    for n in (10_000, 100_000):
        kind, p50, p95, e50, r50, r95 = latency(embedder, abstracts, n)
        print(f"| query latency at {n:,} papers ({kind}; embed + vector search + FTS5 + RRF) "
              f"| p50 {p50:.1f} ms, p95 {p95:.1f} ms (query embedding p50 {e50:.1f} ms; "
              f"search + FTS5 + fusion p50 {r50:.1f} ms, p95 {r95:.1f} ms) |")
    kind, add_s, build_s = incremental()
    print(f"| add 1,000 to a 100k index ({kind}) vs full rebuild of 101k | {add_s * 1000:.0f} ms vs "
          f"{build_s:.1f} s: ratio {add_s / build_s:.4f} |")
    sys.stdout.flush()
    if "--skip-1m" not in sys.argv:
        m = million()
        print(f"| 1M vectors, IVF-Flat nlist {m['nlist']}, nprobe {m['nprobe']}: build | {m['build']:.0f} s |")
        print(f"| 1M: recall@10 vs exact (200 queries) | {m['recall']:.3f} |")
        print(f"| 1M: search latency per query | p50 {m['p50']:.1f} ms, p95 {m['p95']:.1f} ms |")
        print(f"| 1M: index size / peak RSS growth | {m['index_mb']:.0f} MB / {m['rss_growth_mb']:.0f} MB |")


if __name__ == "__main__":
    main()
