"""Embedding backends side by side: speed, recall@10 and triage precision against sentence-transformers fp32.

Texts: the first N_DOCS distinct real arXiv abstracts ("title. abstract", as the
index embeds papers) of the daily listings in ../shared/fixtures/real/metadata/arxiv_daily_listings;
queries: the titles of the next N_QUERIES papers (held out of the corpus).
- texts/s: each backend's encode() on the same SPEED_N abstracts (length-sorted
  batches, as the index sends them), timed in this run, fp32 torch included, in
  ROUNDS interleaved rounds so every backend meets the same machine load; the
  ratio to fp32 is the median of the per-round ratios.
- recall@10: overlap of each query's top 10 (inner product over the corpus) with the
  fp32 model's top 10; the corpus embedded by the backend's batch path, the queries by
  its query path (encode_queries: the ONNX backend runs queries on the unquantised
  graph), as search does. "both int8": the queries through the batch path too.
- triage p@20: bench/ranking_quality.py's simulated reader (keep 30 of a
  category, skip 30 others, precision@20 of learn.train_scorer's ranking of the
  rest, mean of SEEDS splits) over the categories with enough papers in the corpus.
- start: seconds to the first vector in a fresh process (import + load; exports already built).
These abstracts and queries are held out: the int8sq plan's smoothing strength and the products
it leaves in fp32 were chosen on other abstracts (bench/embed_tuning.py), its calibration is the
shipped sample week's.
fp32 vectors of the corpus are cached under /work/cache (PAPERPASS_BENCH_CACHE) between runs; the
speed of fp32 is always measured.

    PYTHONPATH=. HF_HUB_OFFLINE=1 .venv/bin/python bench/embed_speed.py [plan[/bN][/spin|/nospin] ...]

A plan may name a batch size and switch onnxruntime's spinning threads on or off, e.g. int8sq2/b32/spin
(each batch size is its own row: activation scales are per batch, so its vectors differ slightly).
--offset=N takes the abstracts and queries after the first N papers: a second held-out set, e.g.
--offset=1100 (nothing was chosen on it).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT.parent / "shared" / "fixtures" / "real" / "metadata" / "arxiv_daily_listings"
CACHE = Path(os.environ.get("PAPERPASS_BENCH_CACHE", "/work/cache/paperpass_embed"))
N_DOCS, N_QUERIES, SPEED_N, ROUNDS = 1000, 100, 128, 5
SEEDS, KEEP, SKIP, TOP = 5, 30, 30, 20


def load(offset: int = 0):
    """(N_DOCS papers as (title, abstract, categories), N_QUERIES titles of further papers), in listing order,
    after the first `offset` distinct papers."""
    rows, seen = [], set()
    for day in sorted(LISTINGS.glob("*.jsonl")):
        for line in day.open(encoding="utf-8"):
            r = json.loads(line)
            title, abstract = " ".join(r["title"].split()), " ".join(r["summary"].split())
            if r["id"] in seen or abstract in seen or not abstract:
                continue
            seen.update((r["id"], abstract))
            rows.append((title, abstract, r["categories"]))
            if len(rows) >= offset + N_DOCS + N_QUERIES:
                return rows[offset:offset + N_DOCS], [t for t, _, _ in rows[offset + N_DOCS:]]
    return rows[offset:offset + N_DOCS], [t for t, _, _ in rows[offset + N_DOCS:]]


def cached(tag: str, texts: list[str], make):
    key = hashlib.sha256(("\n".join(texts) + tag).encode()).hexdigest()[:16]
    path = CACHE / f"{tag.replace('/', '_')}-{key}.npy"
    if path.is_file():
        return np.load(path)
    vectors = make()
    CACHE.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp.npy")
    np.save(tmp, vectors)
    os.replace(tmp, path)
    return vectors


def encode_sorted(embedder, texts):
    order = np.argsort([len(t) for t in texts], kind="stable")
    vecs = embedder.encode([texts[i] for i in order])
    out = np.zeros_like(vecs)
    out[order] = vecs
    return out


def topk(docs, queries, k=10):
    return np.argsort(-(queries @ docs.T), axis=1)[:, :k]


def recall_at_10(docs, queries, ref_docs, ref_queries):
    ours, ref = topk(docs, queries), topk(ref_docs, ref_queries)
    return float(np.mean([len(set(a) & set(b)) / 10 for a, b in zip(ours, ref, strict=False)]))


def triage_precision(vectors, terms, texts):
    """The ranking's own model (index.learn.fit_reader_model over tf-idf words + these vectors)."""
    from paperpass.index.learn import fit_reader_model, topic_features, word_features

    words = word_features(texts)
    topics = topic_features(words)

    primary = [t[0] if t else "" for t in terms]
    cats = [c for c, n in Counter(primary).most_common() if c and n >= KEEP + TOP]
    scores = []
    for cat in cats:
        has = np.array([cat in t for t in terms])
        in_cat, out_cat = np.flatnonzero(np.array(primary) == cat), np.flatnonzero(~has)
        for seed in range(SEEDS):
            rng = np.random.default_rng(seed)
            keep, skip = rng.choice(in_cat, KEEP, replace=False), rng.choice(out_cat, SKIP, replace=False)
            labelled = np.zeros(len(terms), bool)
            labelled[keep] = labelled[skip] = True
            pool = np.flatnonzero(~labelled)
            labels = np.full(len(terms), -1)
            labels[keep], labels[skip] = 1, 0
            model = fit_reader_model(words.matrix, vectors, labels, topics=topics)
            ranked = np.asarray(model.scores)[pool] if model is not None else np.zeros(len(pool))
            scores.append(has[pool[np.argsort(-ranked)[:TOP]]].mean())
    return float(np.mean(scores)), len(cats)


def start_seconds(backend: str) -> float:
    """A fresh interpreter: import, load the model, embed one query."""
    code = ("import time; t=time.perf_counter(); from paperpass.index.embed import get_embedder; "
            "get_embedder().encode(['a query']); print(time.perf_counter()-t)")
    env = {**os.environ, "PAPERPASS_EMBED_BACKEND": backend, "HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main(plans: list[str], offset: int = 0):
    from paperpass.index.embed import (
        ONNX_BATCH_SIZE,
        ONNX_SPINNING,
        QUANT_PLANS,
        OnnxEmbedder,
        SentenceEmbedder,
        encode_queries,
        onnx_export_path,
    )

    if not LISTINGS.is_dir():
        sys.exit(f"real arXiv listings not found at {LISTINGS}")
    rows, queries = load(offset)
    docs = [f"{t}. {a}" for t, a, _ in rows]
    terms = [t for _, _, t in rows]
    # every k-th abstract: the same spread of lengths as the corpus
    speed_texts = docs[::max(1, len(docs) // SPEED_N)][:SPEED_N]
    plans = plans or [p for p in QUANT_PLANS if p != "fp32"]  # fp32 ONNX: pass it by name (slow to run)
    print(f"{len(docs)} real abstracts, {len(queries)} held-out title queries; speed: {SPEED_N} abstracts, "
          f"{ROUNDS} interleaved rounds (median), {os.cpu_count()} cores\n", flush=True)

    embedders = {"sentence-transformers, torch fp32": SentenceEmbedder()}
    exports = {}
    for spec in plans:
        plan, *knobs = spec.split("/")
        t0 = time.perf_counter()
        onnx_export_path(quant=plan)
        exports[spec] = time.perf_counter() - t0
        batch = next((int(k[1:]) for k in knobs if k.startswith("b")), ONNX_BATCH_SIZE)
        spinning = "spin" in knobs or (ONNX_SPINNING and "nospin" not in knobs)
        embedders[f"onnxruntime {spec}"] = OnnxEmbedder(quant=plan, batch=batch, spinning=spinning)
    quality = {}
    ref_docs = ref_queries = None
    for label, e in embedders.items():
        e.encode(["warm up"])
        tag = "torch-fp32" if isinstance(e, SentenceEmbedder) else f"{e.name}-b{e.batch}"
        d = cached(f"{tag}-docs", docs, lambda e=e: encode_sorted(e, docs))
        q = cached(f"{tag}-queries", queries, lambda e=e: e.encode(queries))
        qq = cached(f"{tag}-query-path", queries, lambda e=e: encode_queries(e, queries))
        if ref_docs is None:
            ref_docs, ref_queries = d, q
        quality[label] = (recall_at_10(d, qq, ref_docs, ref_queries), *triage_precision(d, terms, docs),
                          recall_at_10(d, q, ref_docs, ref_queries))
    rates = {label: [] for label in embedders}
    for _ in range(ROUNDS):
        for label, e in embedders.items():
            start = time.perf_counter()
            encode_sorted(e, speed_texts)
            rates[label].append(SPEED_N / (time.perf_counter() - start))
    base = statistics.median(rates["sentence-transformers, torch fp32"])
    ncats = next(iter(quality.values()))[2]
    print(f"| backend | texts/s | vs fp32 (same rounds) | recall@10 (held out) | recall@10, both int8 | "
          f"triage p@20 ({ncats} categories) | start s | export s |")
    print("|---|---|---|---|---|---|---|---|")
    for label in embedders:
        rate = statistics.median(rates[label])
        fp32 = rates["sentence-transformers, torch fp32"]
        ratio = statistics.median(r / b for r, b in zip(rates[label], fp32, strict=False))
        backend = "torch" if label.startswith("sentence") else f"onnx-{label.split()[-1].split('/')[0]}"
        export = exports.get(label.split()[-1])
        print(f"| {label} | {rate:.1f} | {ratio:.2f} | {quality[label][0]:.3f} | {quality[label][3]:.3f} | "
              f"{quality[label][1]:.3f} | "
              f"{start_seconds(backend):.2f} | {'' if export is None else f'{export:.1f}'} |", flush=True)
    print(f"\nfp32 median {base:.1f} texts/s; ratios are per round (same load), median of {ROUNDS}. recall@10 and "
          "p@20 against / beside the fp32 row; the export time is ~0 when already cached.")


if __name__ == "__main__":
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = sys.argv[1:]
    offsets = [a for a in args if a.startswith("--offset=")]
    main([a for a in args if a not in offsets], int(offsets[-1].split("=", 1)[1]) if offsets else 0)
