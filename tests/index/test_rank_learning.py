"""Triage learning on weeks the tests build: kept topics come first, odd histories still rank, reasons say why."""

import random
from dataclasses import dataclass, field

import pytest

from paperpass.config import Settings, save_settings
from paperpass.index import learn
from paperpass.index.embed import ModelUnavailable, set_embedder
from paperpass.index.rank import NO_DECISIONS, rank_for_triage
from paperpass.models import Paper
from paperpass.store.papers import set_decision, upsert_paper

TOPICS = {
    "graphs": "graph node edge message passing molecule neighbourhood spectral laplacian hypergraph".split(),
    "audio": "speech speaker acoustic waveform vocoder phoneme prosody spectrogram microphone".split(),
    "robots": "robot manipulator grasping locomotion gripper trajectory actuator legged torque".split(),
    "finance": "portfolio market volatility trading asset option hedging liquidity pricing".split(),
}
COMMON = "we propose method results show model learning data performance approach novel experiments".split()


def _week(conn, per_topic=15, seed=0, favour=None):
    """A synthetic week: papers whose words come from one topic plus common filler.

    The topic the tests teach is given the OLDEST dates and no upvotes, so neither recency
    nor popularity can put it first: only learning can.
    """
    rng = random.Random(seed)
    ids: dict[str, list[int]] = {t: [] for t in TOPICS}
    n = 0
    for t, vocab in TOPICS.items():
        for k in range(per_topic):
            n += 1
            words = rng.sample(vocab, 4) + rng.sample(COMMON, 6)
            rng.shuffle(words)
            title = f"{' '.join(words[:5]).capitalize()} {n}"
            abstract = " ".join(rng.sample(vocab, 6) + rng.sample(COMMON, 8)) + "."
            day = 10 if t == favour else 11 + k % 5
            pop = None if t == favour else rng.randint(1, 50)
            p = upsert_paper(conn, Paper(title=title, abstract=abstract, authors=[f"Author {n}"],
                                         published=f"2024-05-{day:02d}", arxiv_id=f"2405.{n:05d}",
                                         popularity=pop)).paper
            ids[t].append(p.id)
    return ids


def _topic_of(ids):
    return {pid: t for t, group in ids.items() for pid in group}


def test_kept_topic_ranks_first(conn, fake_embedder):
    ids = _week(conn, favour="graphs")
    for pid in ids["graphs"][:4]:
        set_decision(conn, pid, "keep")
    for t in ("audio", "robots", "finance"):
        for pid in ids[t][:2]:
            set_decision(conn, pid, "skip")
    ranked = rank_for_triage(conn, days=30)
    topic = _topic_of(ids)
    top = [topic[r.paper.id] for r in ranked]
    # the 11 unlabelled graph papers lead; upvotes (a bounded tie-breaker) may slip one other paper in
    assert top[:8] == ["graphs"] * 8 and top[:13].count("graphs") >= 10, top[:13]
    assert any(w.startswith("similar to") for w in ranked[0].reasons)
    assert any(w.startswith("words you keep:") for r in ranked[:5] for w in r.reasons)
    assert NO_DECISIONS not in ranked[0].reasons


def test_words_alone_still_learn_when_the_model_is_unavailable(conn):
    class Broken:
        name = "broken"

        @property
        def dim(self):
            raise ModelUnavailable("no model here")

        def encode(self, texts):
            raise ModelUnavailable("no model here")

    set_embedder(Broken())
    try:
        ids = _week(conn, favour="audio")
        for pid in ids["audio"][:4]:
            set_decision(conn, pid, "keep")
        for pid in ids["finance"][:3] + ids["robots"][:3]:
            set_decision(conn, pid, "skip")
        ranked = rank_for_triage(conn, days=30)
    finally:
        set_embedder(None)
    topic = _topic_of(ids)
    top = [topic[r.paper.id] for r in ranked]
    assert top[:8] == ["audio"] * 8 and top[:13].count("audio") >= 10, top[:13]


def test_cold_start_ranks_by_interests_then_popularity_and_says_so(conn, fake_embedder, tmp_path):
    ids = _week(conn)
    save_settings(Settings(interests=["laplacian"]))
    ranked = rank_for_triage(conn, days=30)
    assert all(NO_DECISIONS in r.reasons for r in ranked)
    laplacian = [r for r in ranked if "laplacian" in f"{r.paper.title} {r.paper.abstract}".lower()]
    assert laplacian and ranked[:len(laplacian)] == laplacian
    assert "matches your interest 'laplacian'" in ranked[0].reasons
    rest = [r for r in ranked[len(laplacian):]]
    # without an interest to split them, upvotes lead (recency only breaks near-ties)
    pops = [r.paper.popularity or 0 for r in rest]
    assert sum(pops[:10]) > 2 * sum(pops[-10:])
    assert set(_topic_of(ids)) >= {r.paper.id for r in ranked}


def test_all_keeps_rank_without_error_and_learn(conn, fake_embedder):
    ids = _week(conn, favour="robots")
    for pid in ids["robots"][:5]:
        set_decision(conn, pid, "keep")
    ranked = rank_for_triage(conn, days=30)
    topic = _topic_of(ids)
    assert len(ranked) == 4 * 15 - 5
    top = [topic[r.paper.id] for r in ranked]
    assert top[:6] == ["robots"] * 6 and top[:12].count("robots") >= 9, top[:12]


def test_all_skips_rank_without_error(conn, fake_embedder):
    ids = _week(conn)
    for pid in ids["finance"][:6]:
        set_decision(conn, pid, "skip")
    ranked = rank_for_triage(conn, days=30)
    assert len(ranked) == 4 * 15 - 6
    assert all(NO_DECISIONS in r.reasons for r in ranked)
    topic = _topic_of(ids)
    # skips only nudge: the most popular paper still leads unless it is like the skips
    assert topic[ranked[0].paper.id] != "finance" or ranked[0].paper.popularity == max(
        r.paper.popularity or 0 for r in ranked)


def test_a_single_keep_and_nothing_else(conn, fake_embedder):
    p = upsert_paper(conn, Paper(title="Only paper", abstract="alone", published="2024-05-10")).paper
    q = upsert_paper(conn, Paper(title="Second paper", abstract="alone too", published="2024-05-10")).paper
    set_decision(conn, p.id, "keep")
    ranked = rank_for_triage(conn, days=7)
    assert [r.paper.id for r in ranked] == [q.id]


def test_followed_authors_get_a_bounded_boost(conn, fake_embedder, monkeypatch):
    @dataclass
    class WithFollow(Settings):
        follow: list = field(default_factory=list)

    ids = _week(conn, favour="graphs")
    for pid in ids["graphs"][:4]:
        set_decision(conn, pid, "keep")
    for pid in ids["audio"][:4]:
        set_decision(conn, pid, "skip")
    followed_audio = upsert_paper(conn, Paper(title="Speech prosody vocoder", abstract="speech acoustic waveform.",
                                              authors=["Ada Lovelace"], published="2024-05-12")).paper
    followed_graph = upsert_paper(conn, Paper(title="Graph message passing", abstract="graph node edge spectral.",
                                              authors=["Ada  Lovelace"], published="2024-05-12")).paper
    monkeypatch.setattr("paperpass.config.load_settings", lambda *a, **k: WithFollow(follow=["ada lovelace"]))
    ranked = rank_for_triage(conn, days=30)
    order = [r.paper.id for r in ranked]
    by_id = {r.paper.id: r for r in ranked}
    assert any(w.startswith("by someone you follow") for w in by_id[followed_graph.id].reasons)
    assert order.index(followed_graph.id) < 3
    # bounded: following does not lift a paper of a skipped topic above the kept topic
    topic = _topic_of(ids)
    graphs_left = [pid for pid in order if topic.get(pid) == "graphs"]
    assert order.index(followed_audio.id) > order.index(graphs_left[len(graphs_left) // 2])


def test_rerank_after_one_decision_reuses_word_features(conn, fake_embedder, monkeypatch):
    ids = _week(conn, favour="graphs")
    for pid in ids["graphs"][:3]:
        set_decision(conn, pid, "keep")
    rank_for_triage(conn, days=30)
    fits = []
    original = learn.word_features

    def counting(texts):
        before = len(learn._feature_cache)
        out = original(texts)
        fits.append(len(learn._feature_cache) != before)
        return out

    monkeypatch.setattr(learn, "word_features", counting)
    set_decision(conn, ids["audio"][0], "skip")
    rank_for_triage(conn, days=30)
    assert fits == [False]


@pytest.mark.parametrize("diversity", [False, True])
def test_diversity_option_keeps_every_paper(conn, fake_embedder, diversity):
    ids = _week(conn, favour="graphs")
    set_decision(conn, ids["graphs"][0], "keep")
    ranked = rank_for_triage(conn, days=30, diversity=diversity)
    assert len({r.paper.id for r in ranked}) == len(ranked) == 4 * 15 - 1


def test_meaning_near_the_keeps_lifts_a_paper_whose_words_say_nothing():
    """The Rocchio term: with no telling words, papers whose vectors lie near the keeps come first."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(0)
    n, d = 40, 8
    near_keeps = np.zeros(d, dtype="float32")
    near_keeps[0] = 1.0
    near_skips = np.zeros(d, dtype="float32")
    near_skips[1] = 1.0
    vectors = np.stack([(near_keeps if i % 2 == 0 else near_skips) + 0.1 * rng.standard_normal(d)
                        for i in range(n)]).astype("float32")
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    words = csr_matrix(np.ones((n, 3), dtype="float32") / np.sqrt(3))  # every paper has the same words
    labels = np.full(n, -1)
    labels[[0, 2]], labels[[1, 3]] = 1, 0
    unlabelled = np.flatnonzero(labels == -1)

    def top_half(**kwargs):
        # a near-flat SVM (tiny C), so only the centroid term can order the week
        scores = learn.fit_reader_model(words, vectors, labels, c=1e-9, semantic_weight=0.0,
                                        **kwargs).scores[unlabelled]
        return unlabelled[np.argsort(-scores, kind="stable")[:len(unlabelled) // 2]]

    assert all(i % 2 == 0 for i in top_half(centroid_blend=1.0))
    assert not all(i % 2 == 0 for i in top_half(centroid_blend=0.0))


def _two_topic_texts():
    """60 texts in one vocabulary, 60 in another, and 20 that mix both, 8 words each."""
    rng = random.Random(1)
    a, b = ([f"{stem}{k}" for k in range(15)] for stem in ("alpha", "beta"))
    texts = [" ".join(rng.sample(a, 8)) for _ in range(60)] + [" ".join(rng.sample(b, 8)) for _ in range(60)]
    return texts + [" ".join(rng.sample(a, 4) + rng.sample(b, 4)) for _ in range(20)]


def test_topics_put_texts_of_one_vocabulary_together():

    topics = learn.topic_features(learn.word_features(_two_topic_texts()))
    assert topics is not None and topics.shape == (140, learn.MIN_TOPIC_DIMS)  # 140 texts: the fewest topics
    sims = topics @ topics.T
    within = (sims[:60, :60].mean() + sims[60:120, 60:120].mean()) / 2
    across = sims[:60, 60:120].mean()
    assert within > across + 0.2


def test_the_topic_block_lifts_papers_on_the_keeps_topic_when_words_say_nothing():
    """With every paper in the same words, only the topic block can order the week."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rng = np.random.default_rng(0)
    n, k = 60, 12
    topics = np.zeros((n, k), dtype="float32")
    topics[np.arange(n), (np.arange(n) % 2) * 6] = 1.0  # even rows on one topic, odd rows on another
    topics += 0.1 * rng.standard_normal((n, k)).astype("float32")
    topics /= np.linalg.norm(topics, axis=1, keepdims=True)
    words = csr_matrix(np.ones((n, 3), dtype="float32") / np.sqrt(3))
    labels = np.full(n, -1)
    labels[[0, 2, 4]], labels[[1, 3, 5]] = 1, 0
    pool = np.flatnonzero(labels == -1)

    def top_half(topic_weight):
        scores = learn.fit_reader_model(words, None, labels, topics=topics, topic_weight=topic_weight).scores[pool]
        return pool[np.argsort(-scores, kind="stable")[:len(pool) // 2]]

    assert all(i % 2 == 0 for i in top_half(0.5))
    assert not all(i % 2 == 0 for i in top_half(0.0))


def test_topic_features_are_exact_and_computed_once_per_set_of_texts():
    import numpy as np

    texts = _two_topic_texts()
    first = learn.topic_features(learn.WordFeatures(learn.word_features(texts).matrix, []))
    words = learn.word_features(list(texts))
    again = learn.topic_features(words)
    assert learn.topic_features(words) is again  # cached beside the words
    assert np.allclose(first @ first.T, again @ again.T, atol=1e-5)  # the same topic space, whatever the run
    assert np.allclose(np.linalg.norm(first, axis=1), 1.0, atol=1e-5)
    # Too few texts for topics: no block, and the model still ranks.
    few = learn.word_features(texts[:20])
    assert learn.topic_features(few) is None
    labels = np.full(20, -1)
    labels[:3], labels[10:13] = 1, 0
    assert learn.fit_reader_model(few.matrix, None, labels, topics=None) is not None
