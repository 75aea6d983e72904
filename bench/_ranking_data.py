"""Real records for bench/ranking_quality.py: arXiv daily listings and the ML abstracts CSV, split in two
fixed halves, and their all-MiniLM-L6-v2 vectors cached outside the repo (keyed by text hash).

Halves: the listing DAYS sorted by date, the first half ("tune") and the second ("held-out"); the CSV
has no dates, so its rows are split by the parity of the SHA-256 of the title (fixed, not random).
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
import os
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
METADATA = ROOT.parent / "shared" / "fixtures" / "real" / "metadata"
LISTINGS = METADATA / "arxiv_daily_listings"
CSV = METADATA / "arxiv_ml_titles_abstracts_terms.csv"
CACHE_DIR = Path(os.environ.get("PAPERPASS_BENCH_CACHE", "/work/cache/ranking_quality"))
HALVES = ("tune", "held-out")


@dataclass
class Record:
    key: str
    title: str
    abstract: str
    categories: list[str]
    authors: list[str] = field(default_factory=list)
    day: str = "2020-01-01"


def listing_days() -> list[str]:
    return sorted(p.stem for p in LISTINGS.glob("*.jsonl"))


def day_halves() -> dict[str, list[str]]:
    days = listing_days()
    cut = len(days) // 2
    return {"tune": days[:cut], "held-out": days[cut:]}


def listing_records(half: str) -> list[Record]:
    """Unique papers first listed on a day of this half (a paper listed again later counts once, at its first day)."""
    wanted = set(day_halves()[half])
    seen: dict[str, Record] = {}
    for day in listing_days():
        for line in (LISTINGS / f"{day}.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            if r["id"] in seen:
                continue
            seen[r["id"]] = Record(r["id"], " ".join(r["title"].split()), " ".join((r.get("summary") or "").split()),
                                   list(dict.fromkeys(r.get("categories") or [])), list(r.get("authors") or []), day)
    return [r for r in seen.values() if r.day in wanted]


def abstract_records(half: str) -> list[Record]:
    out = []
    with CSV.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            title = " ".join(row["titles"].split())
            parity = int(hashlib.sha256(title.encode("utf-8")).hexdigest(), 16) % 2
            if HALVES[parity] != half:
                continue
            out.append(Record(f"csv:{title.lower()}", title, " ".join(row["summaries"].split()),
                              list(dict.fromkeys(ast.literal_eval(row["terms"]))), [], "2020-01-01"))
    return out


def cache_connection() -> sqlite3.Connection:
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(CACHE_DIR / "minilm_vectors.sqlite", isolation_level=None, timeout=60)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE IF NOT EXISTS embeddings (content_sha TEXT NOT NULL, model TEXT NOT NULL, "
                 "dim INTEGER NOT NULL, vector BLOB NOT NULL, PRIMARY KEY (content_sha, model))")
    return conn


def paper_texts(records: list[Record]) -> list[str]:
    from paperpass.index.items import embed_text

    return [embed_text("paper", r.title, r.abstract) for r in records]


def cached_vectors_for(texts: list[str]):
    """Vectors for texts through the cache under CACHE_DIR (the project's embed_texts; missing ones embedded)."""
    from paperpass.index.embed import embed_texts, get_embedder

    conn = cache_connection()
    embedder = get_embedder()
    start = time.perf_counter()

    def progress(what, done, total):
        print(f"  {what} {done}/{total} ({time.perf_counter() - start:.0f} s)", file=sys.stderr, flush=True)

    try:
        return embedder.name, embed_texts(conn, embedder, texts, progress=progress)
    finally:
        conn.close()


if __name__ == "__main__":
    # Warm the cache: the small abstract sets, the held-out listings (what the report needs), the tuning listings.
    for loader, half in ((abstract_records, "tune"), (abstract_records, "held-out"), (listing_records, "held-out"),
                         (listing_records, "tune")):
        recs = loader(half)
        print(f"{half} {loader.__name__}: {len(recs)} records", file=sys.stderr, flush=True)
        cached_vectors_for(paper_texts(recs))
