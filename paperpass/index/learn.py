"""The reader's model: a per-reader linear classifier on embeddings, and MMR diversity.

In the spirit of arxiv-sanity-lite (a linear SVM on tf-idf, positives = the
papers a user tagged, negatives = everything else), but on sentence
embeddings and with the reader's explicit skips as strong negatives. Plain
numpy: a class-balanced, L2-regularised logistic regression is a few lines and
keeps scikit-learn out of the install.
"""

from __future__ import annotations


ENOUGH_SKIPS = 10


def train_scorer(positives, negatives, background, *, positive_weights=None, background_weight: float | None = None,
                 l2: float = 1e-2, steps: int = 300):
    """A function vectors -> scores (higher = more like what the reader keeps).

    positives, negatives, background: (n x d) arrays; background is unlabelled
    library papers, treated as weak negatives as arxiv-sanity treats all untagged papers.
    """
    import numpy as np

    pos = np.asarray(positives, dtype="float64")
    neg = np.asarray(negatives, dtype="float64").reshape(-1, pos.shape[1])
    bg = np.asarray(background, dtype="float64").reshape(-1, pos.shape[1])
    if background_weight is None:
        # Unlabelled papers are only a stand-in for negatives: once the reader has skipped enough,
        # they blur the boundary (bench/ranking_quality.py: p@20 0.95 -> 0.99 on cs.LG without them).
        background_weight = 0.0 if len(neg) >= ENOUGH_SKIPS else 0.3
    x = np.vstack([pos, neg, bg])
    y = np.concatenate([np.ones(len(pos)), np.zeros(len(neg) + len(bg))])
    pw = np.ones(len(pos)) if positive_weights is None else np.asarray(positive_weights, dtype="float64")
    # Balanced classes: positives weigh as much in total as the negatives; skips weigh more than background.
    neg_w = np.concatenate([np.ones(len(neg)), np.full(len(bg), background_weight)])
    w = np.concatenate([pw / pw.sum(), neg_w / max(neg_w.sum(), 1e-9)])
    mean, std = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / std
    coef, bias = np.zeros(z.shape[1]), 0.0
    velocity_c, velocity_b = np.zeros_like(coef), 0.0
    lr, momentum = 0.5, 0.9
    for _ in range(steps):
        p = 1.0 / (1.0 + np.exp(-(z @ coef + bias)))
        grad = (w * (p - y))
        g_coef = z.T @ grad + l2 * coef
        g_bias = grad.sum()
        velocity_c = momentum * velocity_c - lr * g_coef
        velocity_b = momentum * velocity_b - lr * g_bias
        coef += velocity_c
        bias += velocity_b

    def score(vectors):
        v = (np.asarray(vectors, dtype="float64") - mean) / std
        return v @ coef + bias

    return score


def mmr_order(scores, vectors, *, lam: float = 0.75, top: int | None = None, duplicate: float = 0.9):
    """Maximal marginal relevance: indices in display order, and for each demoted near-duplicate
    the index it duplicates. Only the first `top` candidates (by score) are reordered."""
    import numpy as np

    scores = np.asarray(scores, dtype="float64")
    order = list(np.argsort(-scores, kind="stable"))
    top = len(order) if top is None else min(top, len(order))
    head, tail = order[:top], order[top:]
    if not head:
        return order, {}
    # Relative to the best, not min-max: the last of the head keeps a fair share of relevance.
    low = min(scores[head].min(), 0.0)
    span = scores[head].max() - low or 1.0
    rel = {i: (scores[i] - low) / span for i in head}
    vec = np.asarray(vectors, dtype="float32")
    chosen: list[int] = []
    max_sim = {i: -1.0 for i in head}
    nearest = {i: None for i in head}
    remaining = list(head)
    duplicates: dict[int, int] = {}
    while remaining:
        best = max(remaining, key=lambda i: lam * rel[i] - (1 - lam) * max(max_sim[i], 0.0))
        remaining.remove(best)
        if max_sim[best] >= duplicate and nearest[best] is not None:
            duplicates[best] = nearest[best]
        chosen.append(best)
        if remaining:
            sims = vec[remaining] @ vec[best]
            for i, s in zip(remaining, sims):
                if s > max_sim[i]:
                    max_sim[i], nearest[i] = float(s), best
    return chosen + tail, duplicates
