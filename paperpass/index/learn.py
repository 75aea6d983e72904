"""The reader's model: one linear classifier over words (tf-idf), topics (LSA) and meaning (MiniLM vectors), and MMR.

arxiv-sanity-lite ranks with tf-idf + a linear SVM trained on what a user
tagged. We keep that and give the same linear SVM two more blocks of features:
the paper's sentence embedding, and its latent topics (LSA: the week's tf-idf
on its top singular directions). Words catch named methods, datasets and
fields; topics catch the words a field uses together, so a paper is near the
keeps without sharing their words; the embedding catches paraphrase and
carries the model when there are only a handful of decisions. Positives are
what the reader kept, read or annotated; negatives are their skips, plus the
unlabelled papers of the week as weak negatives (arxiv-sanity treats every
untagged paper as negative). Beside the SVM's score sits a Rocchio term: how
much nearer a paper's meaning is to the keeps than to the skips, which steadies
the order after few decisions. The weights below were chosen on the tuning half
of bench/ranking_quality.py (the topic block's size also on week-sized samples
of it) and checked on its held-out half.

scikit-learn (already installed by sentence-transformers) provides tf-idf and
the SVM, SciPy the topics; they are imported inside the functions, so start-up
never pays for them.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any

SVM_C = 0.1
SEMANTIC_WEIGHT = 0.5  # length of the embedding block beside the unit-length tf-idf row
BACKGROUND_WEIGHT = 0.02  # an unlabelled paper as a negative, relative to one skip
ONLY_KEEPS_BACKGROUND_WEIGHT = 0.05  # the same when the reader has kept but never skipped
CENTROID_BLEND = 0.8  # weight of the embedding's (keeps' mean - skips' mean) direction beside the standardised SVM
# Latent topics (LSA) of the week's words, a third block of the SVM's features: one topic per
# TEXTS_PER_TOPIC texts, at least MIN_TOPIC_DIMS (fewer texts than 3x that: no block), at most TOPIC_DIMS.
TEXTS_PER_TOPIC = 40
MIN_TOPIC_DIMS = 12
TOPIC_DIMS = 100
TOPIC_WEIGHT = 0.5  # length of the topic block's rows
MODE = "joint"  # "joint": one SVM over [tf-idf, embedding]; "ensemble": one SVM per view, scores summed
_FEATURE_CACHE_SIZE = 4

@dataclass
class WordFeatures:
    matrix: Any  # scipy CSR, one unit-length tf-idf row per text
    vocabulary: list[str]
    _topics: Any = None  # topic_features(), computed once per set of texts


def topic_features(words: WordFeatures):
    """Latent semantic analysis of the texts' words: each row's coordinates on the tf-idf matrix's
    top singular directions (one per TEXTS_PER_TOPIC texts, within MIN_TOPIC_DIMS..TOPIC_DIMS), unit
    length, or None for too few texts.

    Papers on one topic told in different words land close, which single words cannot show. The
    directions are exact (the eigenvectors of the rows' Gram matrix, U·S of the SVD), so the same
    texts always give the same features; they are computed once per set of texts, beside its words.
    """
    if words._topics is None:
        import numpy as np
        from scipy.linalg import eigh

        n = words.matrix.shape[0]
        dims = min(TOPIC_DIMS, max(MIN_TOPIC_DIMS, round(n / TEXTS_PER_TOPIC)), n // 3, words.matrix.shape[1] - 1)
        if dims < MIN_TOPIC_DIMS:
            words._topics = False
        else:
            gram = (words.matrix @ words.matrix.T).toarray().astype("float64")
            values, vectors = eigh(gram, subset_by_index=[n - dims, n - 1])
            rows = vectors * np.sqrt(np.clip(values, 0.0, None))
            norms = np.linalg.norm(rows, axis=1, keepdims=True)
            words._topics = (rows / np.where(norms > 0, norms, 1.0)).astype("float32")
    return None if words._topics is False else words._topics


_cache_lock = threading.Lock()
_feature_cache: OrderedDict[str, WordFeatures] = OrderedDict()


def word_features(texts: list[str]) -> WordFeatures:
    """Tf-idf (unigrams + bigrams, sublinear tf) of texts; the last few sets are cached by content.

    Re-ranking after one more decision sees the same texts, so it costs no refit.
    """
    key = hashlib.sha256("\x00".join(texts).encode("utf-8")).hexdigest()
    with _cache_lock:
        if key in _feature_cache:
            _feature_cache.move_to_end(key)
            return _feature_cache[key]
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, stop_words="english", dtype=np.float32)
    try:
        matrix = vectorizer.fit_transform(texts)
        vocabulary = list(vectorizer.get_feature_names_out())
    except ValueError:  # no words at all (empty abstracts, only stop words)
        from scipy.sparse import csr_matrix

        matrix, vocabulary = csr_matrix((len(texts), 0), dtype=np.float32), []
    features = WordFeatures(matrix.tocsr(), vocabulary)
    with _cache_lock:
        _feature_cache[key] = features
        while len(_feature_cache) > _FEATURE_CACHE_SIZE:
            _feature_cache.popitem(last=False)
    return features


@dataclass
class ReaderModel:
    """Scores for every row of the feature set, and the weight the model gives each word."""

    scores: Any  # numpy (n,) float64
    word_weights: Any  # numpy (vocabulary,) float64


def fit_reader_model(words, vectors, labels, *, topics=None, positive_weights=None, c: float | None = None,
                     semantic_weight: float | None = None,
                     background_weight: float | None = None,
                     centroid_blend: float | None = None,
                     topic_weight: float | None = None) -> ReaderModel | None:
    """Train on the labelled rows and score all rows; None when there is nothing to learn from.

    words: CSR tf-idf (n x V); vectors: (n x d) unit embeddings or None; topics: (n x k) from
    topic_features, or None; labels: (n,) with
    1 = kept/read, 0 = skipped, -1 = unlabelled (a weak negative). positive_weights: (n,)
    multipliers for positives (a paper read to pass 3 counts more than a keep).
    """
    import numpy as np
    from scipy.sparse import csr_matrix, hstack
    from sklearn.svm import LinearSVC

    c = SVM_C if c is None else c
    semantic_weight = SEMANTIC_WEIGHT if semantic_weight is None else semantic_weight
    background_weight = BACKGROUND_WEIGHT if background_weight is None else background_weight
    centroid_blend = CENTROID_BLEND if centroid_blend is None else centroid_blend
    topic_weight = TOPIC_WEIGHT if topic_weight is None else topic_weight
    labels = np.asarray(labels)
    pos, neg, unl = labels == 1, labels == 0, labels == -1
    if not neg.any():
        # Only keeps: the unlabelled papers are all there is to contrast them with.
        background_weight = max(background_weight, ONLY_KEEPS_BACKGROUND_WEIGHT)
    if not pos.any() or not (neg.any() or (unl.any() and background_weight > 0)):
        return None
    pw = np.ones(len(labels)) if positive_weights is None else np.asarray(positive_weights, dtype="float64")
    weight = np.where(pos, pw, np.where(neg, 1.0, background_weight))
    # Balanced classes, as class_weight="balanced" does, but counting weak negatives by their weight.
    weight[pos] *= len(labels) / (2 * weight[pos].sum())
    weight[~pos] *= len(labels) / (2 * weight[~pos].sum())
    train = weight > 0
    y = pos[train].astype(int)

    def svm(x):
        model = LinearSVC(C=c, max_iter=5000)
        model.fit(x[train], y, sample_weight=weight[train])
        return np.asarray(model.decision_function(x), dtype="float64"), np.asarray(model.coef_).ravel()

    semantic = vectors is not None and semantic_weight > 0
    if not semantic and words.shape[1] == 0:
        return None  # no words and no vectors: nothing to tell papers apart
    if MODE == "joint" or not semantic:
        blocks = [words]
        if semantic:
            blocks.append(csr_matrix(np.asarray(vectors, dtype="float32") * semantic_weight))
        if topics is not None and topic_weight > 0:
            blocks.append(csr_matrix(np.asarray(topics, dtype="float32") * topic_weight))
        scores, coef = svm(hstack(blocks, format="csr") if len(blocks) > 1 else words)
    else:
        # Ensemble: one SVM per view, each standardised over the rows, the semantic one weighted.
        lexical, coef = svm(words) if words.shape[1] else (np.zeros(len(labels)), np.zeros(0))
        meaning, _ = svm(np.asarray(vectors, dtype="float32"))
        scores = _standard(lexical) + semantic_weight * _standard(meaning)
    if vectors is not None and centroid_blend > 0 and neg.any():
        # A Rocchio term: how much nearer a paper's meaning is to the keeps than to the skips.
        # It steadies the SVM when there are few decisions (tuning half: cold start +0.04).
        vec = np.asarray(vectors, dtype="float32")
        direction = np.average(vec[pos], axis=0, weights=pw[pos]) - vec[neg].mean(axis=0)
        scores = _standard(scores) + centroid_blend * _standard(vec @ direction)
    return ReaderModel(scores=np.asarray(scores, dtype="float64"), word_weights=coef[:words.shape[1]])


def _standard(values):
    import numpy as np

    spread = values.std()
    return (values - values.mean()) / spread if spread > 0 else np.zeros_like(values)


def matched_words(words: WordFeatures, weights, row: int, limit: int = 3) -> list[str]:
    """The words of this row that push it up most (positive weight x its tf-idf)."""
    import numpy as np

    start, end = words.matrix.indptr[row], words.matrix.indptr[row + 1]
    cols = words.matrix.indices[start:end]
    contrib = words.matrix.data[start:end] * weights[cols]
    chosen: list[str] = []
    for k in np.argsort(-contrib):
        if contrib[k] <= 0 or len(chosen) >= limit:
            break
        word = words.vocabulary[cols[k]]
        if not any(word in c or c in word for c in chosen):
            chosen.append(word)
    return chosen


def demote_duplicates(order, vectors, *, top: int, duplicate: float = 0.9):
    """Move a paper that is a near-copy of one ranked above it (cosine >= duplicate) to after the top.

    Only true near-duplicates move, so precision is not traded for diversity
    (full MMR is mmr_order). Returns (order, {demoted index: index it duplicates}).
    """
    import numpy as np

    order = list(order)
    head = order[:top]
    vec = np.asarray(vectors, dtype="float32")
    kept: list[int] = []
    moved: list[int] = []
    duplicates: dict[int, int] = {}
    for i in head:
        if kept:
            sims = vec[kept] @ vec[i]
            j = int(np.argmax(sims))
            if sims[j] >= duplicate:
                duplicates[i] = kept[j]
                moved.append(i)
                continue
        kept.append(i)
    return kept + moved + order[top:], duplicates


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
    nearest: dict[int, int | None] = {i: None for i in head}
    remaining = list(head)
    duplicates: dict[int, int] = {}
    while remaining:
        best = max(remaining, key=lambda i: lam * rel[i] - (1 - lam) * max(max_sim[i], 0.0))
        remaining.remove(best)
        near = nearest[best]
        if max_sim[best] >= duplicate and near is not None:
            duplicates[best] = near
        chosen.append(best)
        if remaining:
            sims = vec[remaining] @ vec[best]
            for i, s in zip(remaining, sims, strict=True):
                if s > max_sim[i]:
                    max_sim[i], nearest[i] = float(s), best
    return chosen + tail, duplicates
