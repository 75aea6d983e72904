"""Triage ranking: the week's papers ordered for this reader, each with why.

score = personal relevance (one linear SVM over tf-idf words and MiniLM
embeddings, trained on what the reader kept, skipped, read to pass 2/3 and
wrote notes on; learn.py), standardised over the week, plus bounded
tie-breakers: interest keywords (Settings.interests, by word and by meaning),
followed authors (Settings.follow, when present), popularity (upvotes) and a
little recency. Near-duplicates are moved below the top; full MMR diversity is
an option (`diversity=True`) because it costs measured precision
(bench/ranking_quality.py). With no keeps yet the order is interests, then
popularity, then recency (the cold start), and every paper says so. When the
embedding model cannot load, the words-only model runs.
"""

from __future__ import annotations

import math
import re
import sqlite3
from datetime import date

from paperpass.models import Paper, RankedPaper, TriageWindow
from paperpass.store.db import home_of
from paperpass.store.index_tables import paper_items
from paperpass.store.papers import decisions, deferred_papers, paper_ids, papers_by_ids, triage_days, triage_windows
from paperpass.words import count, shorten

_SIMILAR_REASON_MIN = 0.45  # cosine above which "similar to ..." is worth saying
_INTEREST_SEMANTIC_MIN = 0.40
MMR_LAMBDA = 0.75


def short_title(title: str, width: int = 40) -> str:
    """'ResNet' from 'ResNet: Deep Residual Learning...', else the title cut to width."""
    head = title.split(":")[0].strip()
    if 0 < len(head) <= width and head != title:
        return head
    return shorten(title, width)


def _signals(conn: sqlite3.Connection) -> tuple[dict[int, float], set[int], dict[int, str]]:
    """(positive weights, skipped ids, what the reader did with each positive)."""
    from paperpass.store.reading import noted_paper_ids, reading_statuses

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
    for paper_id in noted_paper_ids(conn):
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


def _normalise(values, n: int | None = None):
    """Values scaled to [0, 1] by the min and max of the first `n` (all by default)."""
    import numpy as np

    values = np.asarray(values, dtype="float64")
    basis = values[:n]
    if len(basis) == 0:
        return values
    span = basis.max() - basis.min()
    return (values - basis.min()) / span if span > 0 else np.zeros_like(values)


# Tie-breakers, in units of the personal score's spread over the week (its standard deviation is 1):
# bounded so they reorder near-ties, never a clear preference the reader taught.
INTEREST_WEIGHT = 0.5
FOLLOW_WEIGHT = 0.5
POPULARITY_WEIGHT = 0.3
RECENCY_WEIGHT = 0.05
_BACKGROUND_TARGET = 1000  # unlabelled papers (the week first, then older ones) the model sees as weak negatives
NO_DECISIONS = "no keeps yet: ranked by your interests and popularity"


def rank_for_triage(conn: sqlite3.Connection, *, days: int | None = 7, limit: int | None = None,
                    include_decided: bool = False, diversity: bool = False,
                    windows: tuple[TriageWindow, TriageWindow] | None = None,
                    explain_deferred: bool = False) -> list[RankedPaper]:
    """The papers of triage_window(days) (counted back from the newest paper; None: all), best first.

    diversity=True reorders the top by maximal marginal relevance (MMR_LAMBDA); by default only
    near-duplicates of a paper ranked above are moved down. `windows`: triage_windows(conn, days) when the
    caller has read it already (`paperpass triage` shows its counts). `explain_deferred`: every deferred
    paper not ranked (whatever its date) follows the ranking, scored and explained by the same model, so a
    screen listing them shows the reasons of this ranking (their presence changes nothing above them: the
    model always sees them, and the week's statistics are the ranked papers' own; with none left to rank, the
    deferred papers are explained on their own).
    """
    import numpy as np

    from paperpass.config import config_path, load_settings
    from paperpass.index.embed import ModelUnavailable

    settings = load_settings(config_path(home_of(conn)))  # this library's (the demo's is its own)
    interests = [i for i in settings.interests if i.strip()]
    follow = [a for a in (getattr(settings, "follow", None) or []) if a.strip()]
    decided = decisions(conn)
    # The one definition of the window, shared with the TUI's list (undated local PDFs included).
    whole, to_triage = windows or triage_windows(conn, days)  # the window read once, decided papers flagged
    week = whole.papers
    candidates = week if include_decided else to_triage.papers
    ranked_ids = {p.id for p in candidates}
    deferred = [p for p, _ in deferred_papers(conn) if p.id not in ranked_ids]
    if not candidates and not (explain_deferred and deferred):
        return []
    n = len(candidates)
    papers = candidates + deferred  # the ranked ones first
    basis = n or len(papers)  # the week's statistics are over papers[:basis]: the ranked ones (if any)
    positive, skipped, what = _signals(conn)
    universe = _universe(conn, week, deferred, positive, skipped)
    try:
        vectors = _universe_vectors(conn, universe)
    except ModelUnavailable:
        vectors = None
    row_of = {p.id: k for k, p in enumerate(universe)}
    rows = np.array([row_of[p.id] for p in papers])
    reasons: list[list[str]] = [[] for _ in papers]
    paper_vectors = vectors[rows] if vectors is not None else None

    personal = np.zeros(len(papers))
    if positive:
        personal = _personal_scores(conn, universe, rows, vectors, positive, skipped, what, reasons, basis)
    elif skipped and paper_vectors is not None:
        # Only skips: nothing to move up yet, but what resembles the skips can go down a little.
        skip_rows = [row_of[i] for i in skipped if i in row_of]
        if skip_rows:
            centroid = vectors[skip_rows].mean(axis=0)
            personal = -(paper_vectors @ centroid)

    interest = (_interest_scores(papers, paper_vectors, interests, reasons) if interests
                else np.zeros(len(papers)))
    followed = _follow_scores(papers, follow, reasons) if follow else np.zeros(len(papers))
    upvotes = np.array([p.popularity or 0 for p in papers], dtype="float64")
    most = upvotes[:basis].max()
    popularity = np.log1p(upvotes) / math.log1p(most) if most > 0 else np.zeros(len(papers))
    for i, p in enumerate(papers):
        if p.popularity:
            reasons[i].append(count(p.popularity, "upvote"))
    day_of = triage_days(conn, [p.stored_id for p in papers])  # a date of a month or year alone names no day
    recency = _normalise([_day_number(day_of.get(p.stored_id)) for p in papers], basis)

    if positive:
        spread = personal[:basis].std()
        standard = (personal - personal[:basis].mean()) / spread if spread > 0 else np.zeros(len(papers))
        score = (standard + INTEREST_WEIGHT * interest + FOLLOW_WEIGHT * followed
                 + POPULARITY_WEIGHT * popularity + RECENCY_WEIGHT * recency)
    else:
        # Cold start: the stated interests lead, then popularity, then recency; skips only nudge.
        score = (0.75 * interest + 0.3 * followed + 0.2 * popularity + 0.05 * recency
                 + 0.05 * _normalise(personal, basis))
        for why in reasons:
            why.append(NO_DECISIONS)

    top = max(3 * (limit or 20), 60)
    cand_vectors = paper_vectors[:n] if paper_vectors is not None else None
    if cand_vectors is None or n == 0:
        order, duplicates = list(np.argsort(-score[:n], kind="stable")), {}
    elif diversity:
        order, duplicates = mmr_ordering(score[:n], cand_vectors, limit)
    else:
        from paperpass.index.learn import demote_duplicates

        order, duplicates = demote_duplicates(np.argsort(-score[:n], kind="stable"), cand_vectors, top=top)
    ranked = []
    for i in order:
        why = list(reasons[i])
        if i in duplicates:
            why.append(f"close to [{candidates[duplicates[i]].id}] ranked above")
        ranked.append(RankedPaper(paper=candidates[i], score=round(float(score[i]), 4), reasons=why,
                                  decision=decided.get(candidates[i].id)))
    ranked = ranked[:limit] if limit else ranked
    if explain_deferred:
        ranked += [RankedPaper(paper=p, score=round(float(score[n + k]), 4), reasons=reasons[n + k],
                               decision="later") for k, p in enumerate(deferred)]
    return ranked


def mmr_ordering(score, vectors, limit):
    from paperpass.index.learn import mmr_order

    top = max(3 * (limit or 20), 60)
    return mmr_order(score, vectors, lam=MMR_LAMBDA, top=top)


def _day_number(day: str | None) -> int:
    try:
        return date.fromisoformat(day or "").toordinal()
    except ValueError:
        return 0


def _universe(conn, week, deferred, positive, skipped) -> list[Paper]:
    """The papers the model sees: the week (decided ones too), every deferred and every labelled paper, and
    older unlabelled papers up to _BACKGROUND_TARGET, a fixed sample so repeated ranks see the same set."""
    import numpy as np

    chosen = {p.id: p for p in week}
    chosen.update((p.id, p) for p in deferred)
    labelled = [i for i in list(positive) + sorted(skipped) if i not in chosen]
    for paper in papers_by_ids(conn, labelled):
        chosen[paper.id] = paper
    room = _BACKGROUND_TARGET - len(chosen)
    if room > 0:
        others = [i for i in paper_ids(conn) if i not in chosen]
        if len(others) > room:
            others = sorted(np.random.default_rng(0).choice(others, room, replace=False).tolist())
        for paper in papers_by_ids(conn, others):
            chosen[paper.id] = paper
    return sorted(chosen.values(), key=lambda p: p.id)


def _universe_vectors(conn, universe):
    """(n x d) unit vectors of the universe's papers, from the index's embedding cache."""
    import numpy as np

    from paperpass.index.sync import ensure_index, index_item_vectors

    handle = ensure_index(conn)
    wanted = {p.id for p in universe}
    rows = [r for r in paper_items(conn) if r[1] in wanted]
    by_item = index_item_vectors(conn, handle.embedder, [r[0] for r in rows])
    by_paper = {ref: by_item[item] for item, ref in rows if item in by_item}
    dim = handle.embedder.dim if not by_paper else len(next(iter(by_paper.values())))
    zero = np.zeros(dim, dtype="float32")
    return np.vstack([by_paper.get(p.id, zero) for p in universe]).astype("float32", copy=False)


def _paper_text(paper: Paper) -> str:
    return f"{paper.title}. {paper.abstract or ''}"


def _personal_scores(conn, universe, rows, vectors, positive, skipped, what, reasons, basis):
    """The reader model's score for each paper (rows index the universe; the "words you keep" cut is over the
    first `basis`, the ranked ones); reasons filled in."""
    import numpy as np

    from paperpass.index.learn import fit_reader_model, matched_words, topic_features, word_features

    words = word_features([_paper_text(p) for p in universe])
    labels = np.full(len(universe), -1)
    weights = np.ones(len(universe))
    for k, p in enumerate(universe):
        if p.id in positive:
            labels[k], weights[k] = 1, positive[p.id]
        elif p.id in skipped:
            labels[k] = 0
    model = fit_reader_model(words.matrix, vectors, labels, topics=topic_features(words), positive_weights=weights)
    pos_rows = np.flatnonzero(labels == 1)
    if model is None:
        # Only keeps and nothing else to contrast them with: closeness to what was kept.
        basis = vectors if vectors is not None else words.matrix
        sims = basis[rows] @ basis[pos_rows].T
        scores = np.asarray(sims.todense() if hasattr(sims, "todense") else sims).max(axis=1)
        word_weights = None
    else:
        scores, word_weights = model.scores[rows], model.word_weights
    if vectors is not None:
        sims = vectors[rows] @ vectors[pos_rows].T
    else:
        sims = np.asarray((words.matrix[rows] @ words.matrix[pos_rows].T).todense())
    # Words are named for the papers the model puts in its top tenth (raw SVM scores may all be negative).
    word_cut = np.quantile(scores[:basis], 0.9) if basis else 0.0
    for i, row in enumerate(rows):
        j = int(np.argmax(sims[i]))
        kept = universe[pos_rows[j]]
        if sims[i, j] >= _SIMILAR_REASON_MIN and kept.id != universe[row].id:
            reasons[i].append(_similar_reason(kept.title, what.get(kept.id, "kept")))
        if word_weights is not None and scores[i] >= word_cut:
            found = matched_words(words, word_weights, int(row))
            if found:
                reasons[i].append("words you keep: " + ", ".join(found))
    return np.asarray(scores, dtype="float64")


def _follow_scores(candidates, follow, reasons):
    import numpy as np

    wanted = {_author_key(a): a for a in follow}
    out = np.zeros(len(candidates))
    for i, p in enumerate(candidates):
        hits = [wanted[k] for k in (_author_key(a) for a in p.authors) if k in wanted]
        if hits:
            out[i] = 1.0
            reasons[i].append(f"by someone you follow ({', '.join(dict.fromkeys(hits))})")
    return out


def _author_key(name: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", name.lower()).split())


def _interest_scores(candidates, vectors, interests, reasons):
    import numpy as np

    from paperpass.index.embed import ModelUnavailable, encode_queries, get_embedder

    n = len(candidates)
    keyword = np.zeros(n)
    for i, p in enumerate(candidates):
        hits = _interest_hits(f"{p.title} {p.abstract}", interests)
        keyword[i] = 1.0 if hits else 0.0
        reasons[i] += [f"matches your interest '{h}'" for h in hits]
    semantic = np.zeros(n)
    if vectors is not None:
        try:
            q = encode_queries(get_embedder(), interests)
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
