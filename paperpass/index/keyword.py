"""Keyword search over the index through SQLite FTS5.

The user's query becomes an FTS5 expression: "quoted phrases" stay phrases,
every other word is quoted (so `-`, `:` or `*` in a query is text, never FTS
syntax). All words must match first; when that finds too little, any word may.
A query that names authors ("Kaiming He") is also tried against the authors
column alone, and those hits come first.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass

from paperpass.store.index_tables import fts_item_matches, fts_search

# bm25 column weights: title, authors, body
_WEIGHTS = "4.0, 4.0, 1.0"
_TOKEN = re.compile(r'"([^"]+)"|(\S+)')
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class KeywordHit:
    item_id: int
    rank: float  # bm25: lower is better
    snippet: str
    author_match: bool = False


@dataclass
class ParsedQuery:
    phrases: list[str]
    words: list[str]

    def terms(self) -> list[str]:
        return [_quote(p) for p in self.phrases] + [_quote(w) for w in self.words]


def parse_query(query: str) -> ParsedQuery:
    phrases, words = [], []
    for phrase, word in _TOKEN.findall(query):
        if phrase:
            tokens = _WORD.findall(phrase)
            if tokens:
                phrases.append(" ".join(tokens))
        else:
            words += _WORD.findall(word)
    return ParsedQuery(phrases, words)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def keyword_search(conn: sqlite3.Connection, query: str, *, kinds: tuple[str, ...], limit: int) -> list[KeywordHit]:
    parsed = parse_query(query)
    terms = parsed.terms()
    if not terms:
        return []
    hits: dict[int, KeywordHit] = {}
    if parsed.words and not parsed.phrases:
        for hit in _run(conn, f"authors : ({' '.join(terms)})", kinds, limit):
            hit.author_match = True
            hits[hit.item_id] = hit
    for hit in _run(conn, " ".join(terms), kinds, limit):
        hits.setdefault(hit.item_id, hit)
    if len(hits) < limit and len(terms) > 1:
        # Phrases the user quoted must still all match; only the loose words become optional.
        required = " ".join(_quote(p) for p in parsed.phrases)
        loose = " OR ".join(_quote(w) for w in parsed.words)
        expression = f"{required} ({loose})" if required and loose else (required or loose)
        for hit in _run(conn, expression, kinds, limit):
            hits.setdefault(hit.item_id, hit)
    return list(hits.values())[:limit]


def _run(conn: sqlite3.Connection, expression: str, kinds: tuple[str, ...], limit: int) -> list[KeywordHit]:
    return [KeywordHit(item_id, rank, snippet)
            for item_id, rank, snippet in fts_search(conn, expression, kinds, limit, _WEIGHTS)]


def required_phrases_match(conn: sqlite3.Connection, item_id: int, phrases: list[str]) -> bool:
    if not phrases:
        return True
    expression = " ".join(_quote(p) for p in phrases)
    return fts_item_matches(conn, item_id, expression)
