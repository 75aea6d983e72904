"""Search over papers, their section chunks and the reader's notes (hybrid), and related papers.

Keyword hits (FTS5, keyword.py) and meaning hits (FAISS) are fused by
reciprocal rank fusion: score = sum over the two lists of 1 / (K + rank).
Hits on the authors column count once more, so a name query lists that
author's papers first; quoted phrases must appear in every result. A place
found by meaning alone is kept only when it is at least SEMANTIC_RELATIVE_MIN
as similar to the query as the best meaning hit: the nearest texts to a word
found nowhere else (a nonsense word, a typo) are all weak, and would otherwise
fill the list behind the one exact match. The CLI and the TUI both call search().
"""

from __future__ import annotations

import re
import sqlite3

from paperpass.errors import InvalidInput
from paperpass.models import ITEM_KINDS, RankedPaper, SearchHit, one_of
from paperpass.store import index_tables as tables
from paperpass.store.papers import get_paper, paper_from_row, window_bounds

SCOPES = {"all": ("paper", "section", "note"), "papers": ("paper", "section"), "notes": ("note",)}
RRF_K = 60
# A meaning-only hit less than this share of the best meaning hit's cosine is dropped. MiniLM puts unrelated texts
# at ~0.1 and related ones at 0.3-0.8: a nonsense word's exact note scored 0.49 and the next text 0.16; a real
# query's hits fall off gradually (0.50, 0.44, 0.42, 0.40, 0.35, 0.31...), so its close ones stay.
SEMANTIC_RELATIVE_MIN = 0.7
_SNIPPET_CHARS = 220


def search(conn: sqlite3.Connection, query: str, *, scope: str = "all", limit: int = 10) -> list[SearchHit]:
    """The best `limit` places in the library for this query: papers, section chunks, notes."""
    from paperpass.index.keyword import keyword_search, parse_query, required_phrases_match

    if scope not in SCOPES:
        raise InvalidInput(f"search scope must be one of {', '.join(SCOPES)}, not {scope!r}")
    if not query.strip():
        raise InvalidInput("the search query is empty")
    kinds = SCOPES[scope]
    depth = max(50, limit * 5)
    semantic = _semantic(conn, query, kinds, depth)  # syncs the index first
    keyword = keyword_search(conn, query, kinds=kinds, limit=depth)
    fused: dict[int, float] = {}
    snippets: dict[int, str] = {}
    for rank, hit in enumerate(keyword):
        fused[hit.item_id] = fused.get(hit.item_id, 0.0) + 1.0 / (RRF_K + rank) + (1.0 / RRF_K if hit.author_match
                                                                                   else 0.0)
        snippets[hit.item_id] = hit.snippet
    weakest = SEMANTIC_RELATIVE_MIN * max(max((s for _, s in semantic), default=0.0), 0.0)
    for rank, (item_id, similarity) in enumerate(semantic):
        if similarity >= weakest or item_id in fused:  # a keyword hit keeps its meaning score however weak
            fused[item_id] = fused.get(item_id, 0.0) + 1.0 / (RRF_K + rank)
    phrases = parse_query(query).phrases
    hits: list[SearchHit] = []
    for item_id, score in sorted(fused.items(), key=lambda kv: -kv[1]):
        if phrases and not required_phrases_match(conn, item_id, phrases):
            continue
        found = _hit(conn, item_id, score, snippets.get(item_id), query)
        if found is not None:
            hits.append(found)
        if len(hits) >= limit:
            break
    return hits


def warm_up() -> None:
    """Load the query model now (a first run on a machine builds its ONNX export: tens of seconds), so that
    the first search does not wait for it. A model that cannot load is left for that search to report."""
    from paperpass.index.embed import ModelUnavailable, encode_queries, get_embedder

    try:
        encode_queries(get_embedder(), ["warm-up"])
    except ModelUnavailable:
        pass


def _semantic(conn, query: str, kinds, depth: int) -> list[tuple[int, float]]:
    from paperpass.index.embed import ModelUnavailable, encode_queries
    from paperpass.index.items import sync_items
    from paperpass.index.sync import ensure_index

    try:
        handle = ensure_index(conn)
    except ModelUnavailable:
        sync_items(conn)  # keyword search still sees the newest notes
        return []
    vector = encode_queries(handle.embedder, [query])
    # Oversample: the vector index holds every kind, the scope keeps some.
    scores, ids = handle.vectors.search(vector, depth * (3 if len(kinds) < 3 else 1))
    found = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
    if not found:
        return []
    kind_of = tables.item_kinds(conn, [i for i, _ in found])
    return [(i, s) for i, s in found if kind_of.get(i) in kinds][:depth]


def _hit(conn, item_id: int, score: float, snippet: str | None, query: str) -> SearchHit | None:
    row = tables.hit_row(conn, item_id)
    if row is None:
        return None
    kind, ref_id, paper_id, section, page, body, title, pass_no = row
    if not snippet or "[" not in snippet:
        snippet = best_sentence(body, query) or snippet or ""
    return SearchHit(paper_id=paper_id, title=title, score=round(score, 5), kind=one_of(kind, ITEM_KINDS),
                     snippet=snippet,
                     pass_no=pass_no if kind == "note" else None,
                     section=section if kind == "section" else None, page=page if kind == "section" else None,
                     note_id=ref_id if kind == "note" else None)


def best_sentence(text: str, query: str) -> str:
    """The sentence of text sharing most words with the query (the start when none does)."""
    words = {w.lower() for w in re.findall(r"\w+", query) if len(w) > 2}
    sentences = [s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s.strip()]
    if not sentences:
        return ""
    best = max(sentences, key=lambda s: len(words & {w.lower() for w in re.findall(r"\w+", s)}))
    return best if len(best) <= _SNIPPET_CHARS else best[:_SNIPPET_CHARS - 1] + "…"


def related_papers(conn: sqlite3.Connection, paper_id: int, *, limit: int = 10,
                   days: int | None = None) -> list[RankedPaper]:
    """The papers nearest in meaning to this one: in the whole library, or within the last `days` days
    (counted back from the newest paper, as in triage)."""
    import numpy as np

    from paperpass.index.sync import ensure_index, index_item_vectors

    paper = get_paper(conn, paper_id)
    handle = ensure_index(conn)
    item_id = tables.paper_item_id(conn, paper_id)
    if item_id is None:
        return []
    vector = index_item_vectors(conn, handle.embedder, [item_id])[item_id]
    start = window_bounds(conn, days)[0] if days else None
    results: list[RankedPaper] = []
    depth = max(50, limit * 10)
    while True:
        scores, ids = handle.vectors.search(np.asarray([vector]), depth)
        found = [(int(i), float(s)) for i, s in zip(ids[0], scores[0], strict=True) if i >= 0]
        by_item = tables.papers_of_items(conn, [i for i, _ in found])
        results = []
        mine = {a.lower() for a in paper.authors}
        for item_id, similarity in found:
            r = by_item.get(item_id)
            if r is None or r["id"] == paper_id:
                continue
            other = paper_from_row(r)
            if start and (r["published_day"] or "") < start:
                continue
            why = [f"similar content ({similarity:.2f})"]
            shared = [a for a in other.authors if a.lower() in mine]
            if shared:
                why.append(f"shares author {shared[0]}")
            results.append(RankedPaper(paper=other, score=round(similarity, 4), reasons=why))
        if len(results) >= limit or depth >= len(handle.vectors):
            return results[:limit]
        depth *= 4
