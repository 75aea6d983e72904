"""Ranking quality: a simulated reader of one arXiv category; precision@20, ours vs arxiv-sanity-lite's baseline.

For every primary category with enough papers in the real metadata sample
(../shared/fixtures/real/metadata/arxiv_ml_titles_abstracts_terms.csv): the
reader keeps 30 papers of the category and skips 30 of other categories; the
remaining papers are ranked. precision@20 = share of the top 20 carrying the
category. Ours: paperpass's per-reader classifier on all-MiniLM-L6-v2
embeddings (learn.train_scorer, as rank_for_triage uses it). Baseline, same
split: tf-idf (unigrams + bigrams) + LinearSVC, positives = kept, every other
paper negative, as arxiv-sanity-lite does. Mean over SEEDS random splits.

    .venv/bin/python bench/ranking_quality.py
"""

from __future__ import annotations

import ast
import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CSV = ROOT.parent / "shared" / "fixtures" / "real" / "metadata" / "arxiv_ml_titles_abstracts_terms.csv"
CACHE = Path(os.environ.get("TMPDIR", "/tmp")) / "paperpass_bench_minilm.npy"
SEEDS = 5
KEEP, SKIP, TOP = 30, 30, 20


def load():
    rows = []
    with CSV.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            rows.append((" ".join(r["titles"].split()), " ".join(r["summaries"].split()), ast.literal_eval(r["terms"])))
    return rows


def embed(texts):
    if CACHE.is_file():
        cached = np.load(CACHE)
        if len(cached) == len(texts):
            return cached
    from paperpass.index.embed import SentenceEmbedder

    e = SentenceEmbedder()
    order = np.argsort([len(t) for t in texts])  # batches sorted by length, as the index does
    start = time.perf_counter()
    vecs = e.encode([texts[i] for i in order])
    print(f"embedded {len(texts)} abstracts in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    out = np.zeros_like(vecs)
    out[order] = vecs
    np.save(CACHE, out)
    return out


def main():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    from paperpass.index.learn import train_scorer

    if not CSV.is_file():
        sys.exit(f"real metadata sample not found at {CSV}")
    rows = load()
    texts = [f"{t}. {a}" for t, a, _ in rows]
    vectors = embed(texts)
    tfidf = TfidfVectorizer(ngram_range=(1, 2), max_features=20000, sublinear_tf=True, stop_words="english",
                            min_df=2).fit_transform(texts)
    primary = [terms[0] if terms else "" for _, _, terms in rows]
    counts = Counter(primary)
    categories = [c for c, n in counts.most_common() if n >= KEEP + TOP]
    print(f"{len(rows)} papers; categories with >= {KEEP + TOP} papers: {len(categories)}\n")
    print(f"| category | papers | share in pool | ours p@20 | tf-idf+SVM p@20 | ours >= baseline |")
    print(f"|---|---|---|---|---|---|")
    wins = 0
    for cat in categories:
        has = np.array([cat in terms for _, _, terms in rows])
        in_cat = np.flatnonzero(np.array(primary) == cat)
        out_cat = np.flatnonzero(~has)
        ours_p, base_p, share = [], [], []
        for seed in range(SEEDS):
            rng = np.random.default_rng(seed)
            keep = rng.choice(in_cat, KEEP, replace=False)
            skip = rng.choice(out_cat, SKIP, replace=False)
            labelled = np.zeros(len(rows), bool)
            labelled[keep] = labelled[skip] = True
            pool = np.flatnonzero(~labelled)
            share.append(has[pool].mean())
            scorer = train_scorer(vectors[keep], vectors[skip], vectors[pool])
            top = pool[np.argsort(-scorer(vectors[pool]))[:TOP]]
            ours_p.append(has[top].mean())
            y = np.zeros(len(rows))
            y[keep] = 1
            svm = LinearSVC(class_weight="balanced", max_iter=10000, tol=1e-6, C=0.1).fit(tfidf, y)
            top = pool[np.argsort(-svm.decision_function(tfidf[pool]))[:TOP]]
            base_p.append(has[top].mean())
        o, b = float(np.mean(ours_p)), float(np.mean(base_p))
        wins += o >= b
        print(f"| {cat} | {len(in_cat)} | {np.mean(share):.2f} | {o:.3f} | {b:.3f} | {'yes' if o >= b else 'NO'} |")
    print(f"\nours >= baseline on {wins} of {len(categories)} categories (mean of {SEEDS} splits each)")


if __name__ == "__main__":
    main()
