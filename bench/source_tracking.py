"""What keeping every source of a paper costs the store: upserts per second with and without it.

    .venv/bin/python bench/source_tracking.py [--papers 2000] [--runs 3]

Stores `--papers` synthetic arXiv papers in one transaction (new papers), then the same
papers again (seen again: the re-ingest path), in a fresh library per run; the best run
counts (runs interleaved). Baseline beside our figure: the same code in the same run with the source
recording (`store.sources.record_source`) switched off, i.e. the store before migration 7.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from paperpass.models import Paper
from paperpass.store import open_library
from paperpass.store import papers as store_papers
from paperpass.store.db import transaction


def papers(n: int) -> list[Paper]:
    return [Paper(title=f"A paper about topic {i} and a few more words", arxiv_id=f"2601.{i:05d}", arxiv_version=1,
                  authors=["Ann One", "Bob Two"], abstract="word " * 150, source="feed",
                  source_url=f"https://arxiv.org/abs/2601.{i:05d}") for i in range(n)]


def run(n: int) -> tuple[float, float]:
    conn = open_library(Path(tempfile.mkdtemp()))
    batch = papers(n)
    timings = []
    for _ in range(2):
        start = time.perf_counter()
        with transaction(conn):
            for paper in batch:
                store_papers.upsert_paper(conn, paper, via="https://rss.arxiv.org/rss/cs.LG")
        timings.append(time.perf_counter() - start)
    conn.close()
    return timings[0], timings[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--papers", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    real = store_papers.record_source
    timings: dict[str, list[tuple[float, float]]] = {"with sources": [], "without sources (baseline)": []}
    for _ in range(args.runs):  # interleaved, so both sides see the same machine load
        for name, recorder in (("without sources (baseline)", lambda *a, **k: None), ("with sources", real)):
            store_papers.record_source = recorder  # type: ignore[assignment]
            timings[name].append(run(args.papers))
    store_papers.record_source = real
    results = {name: [min(t[i] for t in runs) for i in (0, 1)] for name, runs in timings.items()}
    print(f"{'store path':<28} {'with sources':>16} {'baseline':>16}  ratio")
    for index, label in enumerate(("new papers", "seen again (re-ingest)")):
        ours, base = (args.papers / results[k][index] for k in ("with sources", "without sources (baseline)"))
        print(f"{label:<28} {ours:>12,.0f} /s {base:>12,.0f} /s  {ours / base:.2f}")


if __name__ == "__main__":
    main()
