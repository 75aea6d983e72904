"""Triage ranking: the week's papers ordered for this reader, each with why.

score = personal relevance (a classifier trained on what the reader kept,
skipped, read to pass 2/3 and wrote notes on; learn.py) + interest keywords
(Settings.interests, by word and by meaning) + popularity (upvotes) + a little
recency; then MMR so near-duplicates do not crowd the top. With no history the
weights fall to interests, then popularity, then recency (the cold start).
When the embedding model cannot load, the same blend runs without the
embedding-based parts.
"""

from __future__ import annotations

import math
import re
import sqlite3
from datetime import date

from paperpass.models import Paper, RankedPaper
from paperpass.store.papers import decisions, triage_window, window_bounds
from paperpass.words import count

_BACKGROUND_CAP = 2000
_SIMILAR_REASON_MIN = 0.45  # cosine above which "similar to ..." is worth saying
_INTEREST_SEMANTIC_MIN = 0.40
MMR_LAMBDA = 0.75


def window_start(conn: sqlite3.Connection, days: int) -> str | None:
    """The first date of the triage window (store.papers.window_bounds: counted back from the newest paper)."""
    return window_bounds(conn, days)[0]


def short_title(title: str, width: int = 40) -> str:
    """'ResNet' from 'ResNet: Deep Residual Learning...', else the title cut to width."""
    head = title.split(":")[0].strip()
    if 0 < len(head) <= width and head != title:
        return head
    return title if len(title) <= width else title[:width - 1].rstrip() + "…"


def _signals(conn: sqlite3.Connection) -> tuple[dict[int, float], set[int], dict[int, str]]:
    """(positive weights, skipped ids, what the reader did with each positive)."""
    from paperpass.store.reading import reading_statuses

    positive: dict[int, float] = {}
    what: dict[int, str] = {}
    skipped: set[int] = set()
    for paper_id, decision in decisions(conn).items():
        if decision == "keep":
            positive[paper_id] = 1.0
            what[paper_id] = "kept"
        elif decision == "skip":
            skipped.add(paper_id)
    for paper_id, status in reading_statuses(conn).items():
        depth = int(status[-1])
        if depth >= 2:
            positive[paper_id] = max(positive.get(paper_id, 0), 1.0 + 0.5 * (depth - 1))
            what[paper_id] = f"read to pass {depth}"
    for (paper_id,) in conn.execute("SELECT DISTINCT paper_id FROM notes"):
        positive[paper_id] = positive.get(paper_id, 0.5) + 0.5
        what[paper_id] = "notes"
    skipped -= set(positive)
    return positive, skipped, what


def _similar_reason(title: str, what: str) -> str:
    name = short_title(title)
    if what == "notes":
        return f"similar to your notes on {name}"
    if what == "kept":
        return f"similar to {name}, which you kept"
    return f"similar to {name}, which you {what}"


def _interest_hits(text: str, interests: list[str]) -> list[str]:
    lowered = text.lower()
    return [i for i in interests if re.search(r"\b" + re.escape(i.lower()) + r"\b", lowered)]


def _normalise(values):
    import numpy as np

    values = np.asarray(values, dtype="float64")
    if len(values) == 0:
        return values
    span = values.max() - values.min()
    return (values - values.min()) / span if span > 0 else np.zeros_like(values)


def rank_for_triage(conn: sqlite3.Connection, *, days: int | None = 7, limit: int | None = None,
                    include_decided: bool = False) -> list[RankedPaper]:
    """The papers of triage_window(days) (counted back from the newest paper; None: all), best first."""
    import numpy as np

    from paperpass.config import load_settings
    from paperpass.index.embed import ModelUnavailable

    interests = [i for i in load_settings().interests if i.strip()]
    decided = decisions(conn)
    # The one definition of the window, shared with the TUI's list (undated local PDFs included).
    candidates = triage_window(conn, days, include_decided=include_decided).papers
    if not candidates:
        return []
    positive, skipped, what = _signals(conn)
    try:
        vectors, paper_vec = _paper_vectors(conn, candidates, positive, skipped)
    except ModelUnavailable:
        vectors, paper_vec = None, None
    n = len(candidates)
    reasons: list[list[str]] = [[] for _ in range(n)]

    personal = np.zeros(n)
    if vectors is not None and positive:
        personal = _personal_scores(conn, candidates, vectors, paper_vec, positive, skipped, what, reasons)

    interest = np.zeros(n)
    if interests:
        interest = _interest_scores(candidates, vectors, interests, reasons)

    upvotes = np.array([p.popularity or 0 for p in candidates], dtype="float64")
    popularity = np.log1p(upvotes) / math.log1p(upvotes.max()) if upvotes.max() > 0 else np.zeros(n)
    for i, p in enumerate(candidates):
        if p.popularity:
            reasons[i].append(count(p.popularity, "upvote"))
    recency = _normalise([_day_number(p) for p in candidates])

    if positive and vectors is not None:
        weights = (0.65, 0.15 if interests else 0.0, 0.15, 0.05)
    elif interests:
        weights = (0.0, 0.75, 0.2, 0.05)
    else:
        weights = (0.0, 0.0, 0.7, 0.3)
    score = (weights[0] * _normalise(personal) + weights[1] * interest
             + weights[2] * popularity + weights[3] * recency)

    if vectors is not None:
        order, duplicates = mmr_ordering(score, vectors, limit)
    else:
        order, duplicates = list(np.argsort(-score, kind="stable")), {}
    ranked = []
    for i in order:
        why = list(reasons[i])
        if i in duplicates:
            why.append(f"close to [{candidates[duplicates[i]].id}] ranked above")
        ranked.append(RankedPaper(paper=candidates[i], score=round(float(score[i]), 4), reasons=why,
                                  decision=decided.get(candidates[i].id)))
    return ranked[:limit] if limit else ranked


def mmr_ordering(score, vectors, limit):
    from paperpass.index.learn import mmr_order

    top = max(3 * (limit or 20), 60)
    return mmr_order(score, vectors, lam=MMR_LAMBDA, top=top)


def _day_number(paper: Paper) -> int:
    try:
        return date.fromisoformat((paper.published or "")[:10]).toordinal()
    except ValueError:
        return 0


def _paper_vectors(conn, candidates, positive, skipped):
    """(candidate vectors, {paper id: vector} for every paper with a vector)."""
    import numpy as np

    from paperpass.index.sync import ensure_index, index_item_vectors

    handle = ensure_index(conn)
    wanted = {p.id for p in candidates} | set(positive) | set(skipped)
    rows = conn.execute("SELECT id, ref_id FROM index_items WHERE kind = 'paper'").fetchall()
    # Background: unlabelled library papers, capped so a huge library stays fast.
    rng = np.random.default_rng(0)
    others = [r for r in rows if r[1] not in wanted]
    if len(others) > _BACKGROUND_CAP:
        others = [others[i] for i in rng.choice(len(others), _BACKGROUND_CAP, replace=False)]
    chosen = [r for r in rows if r[1] in wanted] + others
    by_item = index_item_vectors(conn, handle.embedder, [r[0] for r in chosen])
    paper_vec = {ref: by_item[item] for item, ref in chosen if item in by_item}
    return np.vstack([paper_vec[p.id] for p in candidates]), paper_vec


def _personal_scores(conn, candidates, vectors, paper_vec, positive, skipped, what, reasons):
    import numpy as np

    from paperpass.index.learn import train_scorer

    pos_ids = [i for i in positive if i in paper_vec]
    if not pos_ids:
        return np.zeros(len(candidates))
    neg_ids = [i for i in skipped if i in paper_vec]
    labelled = set(pos_ids) | set(neg_ids)
    bg_ids = [i for i in paper_vec if i not in labelled]
    pos = np.vstack([paper_vec[i] for i in pos_ids])
    scorer = train_scorer(pos, [paper_vec[i] for i in neg_ids] or np.zeros((0, pos.shape[1])),
                          [paper_vec[i] for i in bg_ids] or np.zeros((0, pos.shape[1])),
                          positive_weights=[positive[i] for i in pos_ids])
    scores = scorer(vectors)
    titles = dict(conn.execute(f"SELECT id, title FROM papers WHERE id IN ({','.join('?' * len(pos_ids))})",
                               pos_ids).fetchall())
    sims = vectors @ pos.T
    for i in range(len(candidates)):
        j = int(np.argmax(sims[i]))
        if sims[i, j] >= _SIMILAR_REASON_MIN and pos_ids[j] != candidates[i].id:
            reasons[i].append(_similar_reason(titles.get(pos_ids[j], "?"), what.get(pos_ids[j], "kept")))
    return scores


def _interest_scores(candidates, vectors, interests, reasons):
    import numpy as np

    from paperpass.index.embed import ModelUnavailable, get_embedder

    n = len(candidates)
    keyword = np.zeros(n)
    for i, p in enumerate(candidates):
        hits = _interest_hits(f"{p.title} {p.abstract}", interests)
        keyword[i] = 1.0 if hits else 0.0
        reasons[i] += [f"matches your interest '{h}'" for h in hits]
    semantic = np.zeros(n)
    if vectors is not None:
        try:
            q = get_embedder().encode(interests)
        except ModelUnavailable:
            q = None
        if q is not None:
            sims = vectors @ q.T
            best = sims.max(axis=1)
            semantic = np.clip((best - 0.15) / 0.45, 0, 1)
            for i in range(n):
                j = int(np.argmax(sims[i]))
                if best[i] >= _INTEREST_SEMANTIC_MIN and interests[j] not in _interest_hits(
                        f"{candidates[i].title} {candidates[i].abstract}", [interests[j]]):
                    reasons[i].append(f"close to your interest '{interests[j]}'")
    return 0.7 * keyword + 0.3 * semantic
